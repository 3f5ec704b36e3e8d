//! Heroku, read as the Kubernetes facts that mean the same: an app is a namespace, a process
//! type (`web`, `worker`) a Deployment, a dyno (`worker.2`) a pod of it.
//!
//! - `heroku logs`: the platform's own lines about a dyno (`heroku[worker.2]: …`, found by
//!   the log reader) are its state: `Process exited with status 137` its last exit code,
//!   `State changed from up to crashed` its status, `Error R15 (Memory quota vastly
//!   exceeded)` the memory kill Kubernetes calls `OOMKilled`, `Error R14 (Memory quota
//!   exceeded)` memory at its quota. The router's `at=error code=H10` lines are failed requests
//!   the log reader reads as any error line.
//! - `heroku ps`: `=== worker (Standard-1X): cmd (2)` heads a process type with its dyno
//!   count; `worker.2: crashed 2026/05/14 09:13:02 +0000 (~ 51s ago)` is a dyno's state since then.

use crate::ascii::{find_ci, starts_with_ci};
use crate::fact::{EntityId, EntityKind, EventRecord, Predicate, Value};
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::Timestamp;

/// Reads what the platform says of a dyno; true when the line said something of its state.
pub fn read_dyno_line(cx: &mut Cx<'_>, dyno: EntityId, message: &str, time: Option<Timestamp>, span: Span) -> bool {
    if let Some(rest) = message.strip_prefix("Process exited with status ") {
        let Some(code) = rest.split_whitespace().next().and_then(|c| c.parse::<f64>().ok()) else { return false };
        cx.timed_fact(dyno, Predicate::LastExitCode, Value::Number(code), time, span);
        return true;
    }
    if let Some(rest) = message.strip_prefix("State changed from ") {
        let Some((_, to)) = rest.split_once(" to ") else { return false };
        let Some(status) = status_of(to.trim()) else { return false };
        cx.timed_fact(dyno, Predicate::Status, Value::text(status), time, span);
        return true;
    }
    if starts_with_ci(message, "Error R15") {
        // The platform killed the dyno for its memory: what the kernel's OOM kill is to a pod.
        cx.timed_fact(dyno, Predicate::LastStateReason, Value::text("OOMKilled"), time, span);
        let record = EventRecord { kind: "Warning".into(), reason: "OOMKilling".into(), message: message.to_string(), count: None, last_seen_ago: None, first_seen_ago: None };
        cx.timed_fact(dyno, Predicate::Event, Value::Event(Box::new(record)), time, span);
        return true;
    }
    // R14 (over quota, swapping) is said in words the memory rules know; other codes (R10
    // boot timeout, H-codes) are error lines the log reader keeps.
    starts_with_ci(message, "Error R") && find_ci(message, "memory quota").is_some()
}

/// A dyno state as Kubernetes prints a pod's: `crashed` is a failed container, `complete`
/// a one-off dyno that finished.
fn status_of(state: &str) -> Option<&'static str> {
    Some(match state {
        "up" => "Running",
        "crashed" => "Error",
        "complete" => "Completed",
        "starting" => "ContainerCreating",
        "down" => "Terminating",
        _ => return None,
    })
}

/// True when the artifact is `heroku ps` output.
pub fn is_ps(cx: &Cx<'_>) -> bool {
    cx.artifact.command.as_ref().is_some_and(|c| c.program == "heroku" && c.positionals().first() == Some(&"ps"))
}

/// `heroku ps`: process types with their dyno counts, dynos with their state and since when.
pub fn ps(cx: &mut Cx<'_>) {
    let namespace = cx.namespace();
    let mut kind: Option<EntityId> = None;
    for line in cx.lines() {
        let text = line.text.trim();
        let span = line.trimmed().span;
        if let Some(header) = text.strip_prefix("=== ") {
            // `worker (Standard-1X): bundle exec sidekiq (2)`
            let name = header.split([' ', ':']).next().unwrap_or("");
            if name.is_empty() {
                continue;
            }
            let id = cx.entity(EntityKind::Deployment, namespace, name);
            kind = Some(id);
            let count = header.strip_suffix(')').and_then(|h| h.rsplit_once('(')).and_then(|(_, n)| n.parse::<f64>().ok());
            if let Some(count) = count {
                cx.fact(id, Predicate::Replicas, Value::Number(count), span);
            }
            continue;
        }
        let Some((dyno, rest)) = text.split_once(": ") else { continue };
        let numbered = dyno.rsplit_once('.').is_some_and(|(k, n)| !k.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !numbered || dyno.contains(' ') {
            continue;
        }
        let pod = cx.entity(EntityKind::Pod, namespace, dyno);
        let owner = match kind {
            Some(owner) => owner,
            None => {
                let process = dyno.rsplit_once('.').map_or(dyno, |(k, _)| k);
                cx.entity(EntityKind::Deployment, namespace, process)
            }
        };
        cx.owner(pod, owner, span);
        let mut words = rest.split_whitespace();
        if let Some(status) = words.next().and_then(status_of) {
            cx.fact(pod, Predicate::Status, Value::text(status), span);
        }
        // `2026/05/14 09:13:02 +0000`: the state's start.
        if let (Some(date), Some(clock)) = (words.next(), words.next()) {
            let iso = format!("{}T{clock}Z", date.replace('/', "-"));
            if let Some(parsed) = crate::time::parse_iso_prefix(&iso).filter(|p| p.len == iso.len()) {
                cx.fact(pod, Predicate::StartedAt, Value::Time(parsed.time), span);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines;

    #[test]
    fn a_dyno_killed_for_memory_is_an_oom_killed_pod_of_its_process_type() {
        let paste = "$ heroku logs -a inkwell --ps render -n 200\n\
2025-03-02T11:04:10.100000+00:00 app[render.1]: INFO: rendering batch 17\n\
2025-03-02T11:04:12.100000+00:00 heroku[render.1]: Error R14 (Memory quota exceeded)\n\
2025-03-02T11:04:20.200000+00:00 heroku[render.1]: Error R15 (Memory quota vastly exceeded)\n\
2025-03-02T11:04:20.300000+00:00 heroku[render.1]: Stopping process with SIGKILL\n\
2025-03-02T11:04:20.500000+00:00 heroku[render.1]: Process exited with status 137\n\
2025-03-02T11:04:20.600000+00:00 heroku[render.1]: State changed from up to crashed\n";
        let facts = fact_lines(paste);
        for want in [
            "pod inkwell/render.1 · OwnedBy · deployment inkwell/render",
            "pod inkwell/render.1 · LastStateReason · OOMKilled",
            "pod inkwell/render.1 · LastExitCode · 137",
            "pod inkwell/render.1 · Status · Error",
        ] {
            assert!(facts.iter().any(|f| f.starts_with(want)), "missing {want:?} in {facts:#?}");
        }
        let report = crate::analyze(paste);
        assert_eq!(report.diagnoses.first().map(|d| d.class.as_str()), Some("oom-killed"), "{:?}", report.diagnoses);
    }

    #[test]
    fn heroku_ps_lists_dynos_as_pods_with_their_state() {
        let paste = "$ heroku ps -a inkwell\n=== web (Standard-2X): bin/web (2)\nweb.1: up 2025/03/02 08:00:01 +0000 (~ 3h ago)\nweb.2: crashed 2025/03/02 11:00:00 +0000 (~ 1m ago)\n";
        let facts = fact_lines(paste);
        for want in ["deployment inkwell/web · Replicas · 2", "pod inkwell/web.2 · OwnedBy · deployment inkwell/web", "pod inkwell/web.2 · Status · Error", "pod inkwell/web.1 · StartedAt · 2025-03-02T08:00:01"] {
            assert!(facts.iter().any(|f| f.starts_with(want)), "missing {want:?} in {facts:#?}");
        }
    }
}
