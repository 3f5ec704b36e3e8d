//! What ECS itself says about a service's tasks, read as what a pod's status and the
//! kubelet's and scheduler's events say of a pod, so the pod claims (OOM kills, pull
//! failures, failing probes, unplaceable pods) read ECS too:
//!
//! - a stopped task's `stoppedReason` is its status message (`CannotPullContainerError: …`
//!   says the pull failed, `Task failed ELB health checks` that the scheduler replaced it
//!   for a failing health check, as the kubelet kills a container whose liveness probe fails);
//! - a container's `exitCode` and `reason` are its termination: `OutOfMemoryError: Container
//!   killed due to memory usage` is what Kubernetes calls `OOMKilled`, and its `memory` is its
//!   hard limit in MiB;
//! - a service's events (`(service x) was unable to place a task …`, `(service x) (port 80) is
//!   unhealthy in (target-group …) due to (reason Health checks failed …)`) are warnings about
//!   its tasks: the scheduler's `FailedScheduling` and a failing probe's `Unhealthy`. They name
//!   no task, so they are stated of one task of the service standing for all of them
//!   ([`service_task`]). The tasks an event does name (`has started 2 tasks: (task 4c2e…)`,
//!   `has stopped 1 running tasks: (task f0a8…)`) are the service's.
//!
//! [`crate::parse::aws`] finds the calls and their items; this module reads what they mean.

use crate::ascii::{contains_ci, find_ci, starts_with_ci};
use crate::fact::{EntityId, EntityKind, EventRecord, Predicate, Quantity, Value};
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::parse_iso_prefix;
use crate::tree::Node;

/// How ECS words an out-of-memory kill in a container's `reason`.
const OUT_OF_MEMORY: &str = "OutOfMemoryError";

/// A stopped task's `stoppedReason`, stated of the task as a pod's status message is.
pub(super) fn task_stopped(cx: &mut Cx<'_>, task: EntityId, reason: &str, span: Span) {
    cx.fact(task, Predicate::StatusMessage, Value::Text(reason.to_string()), span);
}

/// One container of a task as the termination it printed: exit code, reason, memory limit.
pub(super) fn container(cx: &mut Cx<'_>, id: EntityId, container: &Node<'_>) {
    let text = |key: &str| container.entry(key).and_then(|e| Some((e.value.str()?, e.span())));
    let exited = text("exitCode").and_then(|(code, span)| Some((crate::number::parse_f64(code)?, span)));
    if let Some((code, span)) = exited {
        cx.fact(id, Predicate::State, Value::Text("Terminated".into()), span);
        cx.fact(id, Predicate::ExitCode, Value::Number(code), span);
    }
    if let Some((reason, span)) = text("reason").filter(|(r, _)| !r.trim().is_empty()) {
        // The runtime's word for the kill, as Kubernetes names it; the quote keeps ECS's.
        let reason = if starts_with_ci(reason.trim(), OUT_OF_MEMORY) { "OOMKilled" } else { reason.trim() };
        cx.fact(id, Predicate::StateReason, Value::Text(reason.to_string()), span);
    }
    // A container's `memory` is its hard limit in MiB (`memoryReservation` is the soft one).
    if let Some((mib, span)) = text("memory").and_then(|(m, span)| Some((crate::number::parse_f64(m)?, span))).filter(|(m, _)| *m > 0.0) {
        let quantity = Quantity { text: format!("{mib}Mi"), value: mib * 1_048_576.0 };
        cx.fact(id, Predicate::MemoryLimit, Value::Quantity(quantity), span);
    }
}

/// Reads the events of `describe-services` wherever the output puts them (text lines, JSON
/// pairs or objects, one event a line): `<time> (service x) message`. True when it read one.
pub(super) fn service_events(cx: &mut Cx<'_>) -> bool {
    let lines: Vec<_> = cx.lines().collect();
    let mut read = false;
    for line in lines {
        let Some(at) = line.text.find("(service ") else { continue };
        let rest = &line.text[at + "(service ".len()..];
        let Some(close) = rest.find(')') else { continue };
        let service = rest[..close].trim();
        let message = line.text[at..].trim_end().trim_end_matches([',', ']', '"', '|']).trim_end();
        let span = line.span.sub(at, at + message.len());
        let stamp = line.text[..at].trim_start_matches(|c: char| !c.is_ascii_digit());
        let time = parse_iso_prefix(stamp).map(|p| p.time);
        read = true;
        started_or_stopped(cx, service, message, span);
        let Some((reason, what)) = event_reason(message) else { continue };
        let task = service_task(cx, service, what, span);
        let event = EventRecord { kind: "Warning".into(), reason: reason.into(), message: message.to_string(), count: None, last_seen_ago: None, first_seen_ago: None };
        cx.timed_fact(task, Predicate::Event, Value::Event(Box::new(event)), time, span);
    }
    read
}

/// The tasks an event names, `(task 4c2e91b07ad34f6e8b1c3d5e7f9a0b2c)`, as pods of the
/// service; an id cut short (`(task 8f1e...)`) names none.
fn started_or_stopped(cx: &mut Cx<'_>, service: &str, message: &str, span: Span) {
    let mut owner = None;
    for part in message.split("(task ").skip(1) {
        let Some(id) = part.split(')').next().filter(|id| id.len() >= 8 && id.bytes().all(|b| b.is_ascii_alphanumeric())) else { continue };
        let service = *owner.get_or_insert_with(|| cx.entity(EntityKind::Deployment, None, service));
        let task = cx.entity(EntityKind::Pod, None, id);
        cx.owner(task, service, span);
    }
}

/// The Kubernetes reason of an ECS service event about its tasks, and what it says of the
/// task it stands for; None for the service's own news (started, stopped, steady state).
fn event_reason(message: &str) -> Option<(&'static str, &'static str)> {
    if contains_ci(message, "was unable to place a task") {
        Some(("FailedScheduling", "not placed"))
    } else if find_ci(message, " is unhealthy in ").is_some() && contains_ci(message, "target-group") {
        Some(("Unhealthy", "unhealthy"))
    } else {
        None
    }
}

/// The task an event about a service's tasks speaks of without naming it: a pod of the
/// service (a Deployment) named for what the event says, `web (task unhealthy)`.
fn service_task(cx: &mut Cx<'_>, service: &str, what: &str, span: Span) -> EntityId {
    let owner = cx.entity(EntityKind::Deployment, None, service);
    let task = cx.entity(EntityKind::Pod, None, format!("{service} (task {what})"));
    cx.owner(task, owner, span);
    task
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    use crate::test_support::facts_with as facts;

    #[test]
    fn service_events_about_tasks_are_warnings_of_a_task_of_the_service() {
        let paste = "$ aws ecs describe-services --cluster c --services api --query 'services[0].events[:3].[createdAt,message]' --output text\n\
2025-08-12T11:24:06.552000+02:00  (service api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 5e8a) has insufficient memory available.\n\
2025-08-12T11:20:00.000000+02:00  (service api) (port 80) is unhealthy in (target-group arn:aws:elasticloadbalancing:eu-central-1:1:targetgroup/api/3b7e) due to (reason Health checks failed with these codes: [404]).\n\
2025-08-11T18:09:55.284000+02:00  (service api) has reached a steady state.\n";
        let got = facts(paste, &[Predicate::Event, Predicate::OwnedBy]);
        assert!(got.iter().any(|f| f.starts_with("pod api (task not placed) Event Warning FailedScheduling")), "{got:?}");
        assert!(got.iter().any(|f| f.starts_with("pod api (task unhealthy) Event Warning Unhealthy")), "{got:?}");
        assert!(got.contains(&"pod api (task unhealthy) OwnedBy deployment api".to_string()), "{got:?}");
        assert_eq!(got.iter().filter(|f| f.contains(" Event ")).count(), 2, "{got:?}");
        let named = "$ aws ecs describe-services --cluster c --services api --query 'services[0].events[:2].[createdAt,message]' --output text\n\
2025-02-14T09:42:11.090000+00:00  (service api) has started 1 tasks: (task 4c2e91b07ad34f6e8b1c3d5e7f9a0b2c).\n\
2025-02-14T09:41:37.512000+00:00  (service api) has stopped 2 running tasks: (task f0a83d6c2b1e4957a8c0d2e4f6b8a1c3) (task 8f1e...).\n";
        let got = facts(named, &[Predicate::OwnedBy]);
        assert_eq!(got, ["pod 4c2e91b07ad34f6e8b1c3d5e7f9a0b2c OwnedBy deployment api", "pod f0a83d6c2b1e4957a8c0d2e4f6b8a1c3 OwnedBy deployment api"]);
    }

    #[test]
    fn a_container_killed_for_memory_is_oomkilled_at_its_limit() {
        let paste = "$ aws ecs describe-tasks --cluster c --tasks c18e4d7a --query 'tasks[0].{td:taskDefinitionArn,stoppedReason:stoppedReason,containers:containers[].{name:name,exit:exitCode,reason:reason,mem:memory}}'\n\
{\n  \"td\": \"arn:aws:ecs:eu-west-2:1:task-definition/render:19\",\n  \"stoppedReason\": \"Essential container in task exited\",\n  \"containers\": [\n    {\"name\": \"renderer\", \"exit\": 137, \"reason\": \"OutOfMemoryError: Container killed due to memory usage\", \"mem\": \"2560\"}\n  ]\n}\n";
        let got = facts(paste, &[Predicate::ExitCode, Predicate::StateReason, Predicate::MemoryLimit, Predicate::OwnedBy]);
        assert!(got.contains(&"container c18e4d7a/renderer ExitCode 137".to_string()), "{got:?}");
        assert!(got.contains(&"container c18e4d7a/renderer StateReason OOMKilled".to_string()), "{got:?}");
        assert!(got.iter().any(|f| f.starts_with("container c18e4d7a/renderer MemoryLimit 2560Mi")), "{got:?}");
        assert!(got.contains(&"pod c18e4d7a OwnedBy deployment render".to_string()), "{got:?}");
    }
}
