//! A pod's details pane copied from a desktop client (Lens, OpenLens, Headlamp): the same
//! facts as `kubectl describe pod`, but each key stands in its own column, without a colon
//! (`Controlled By   ReplicaSet web-5f8b6c9d7`, `Last Status   Terminated`), and a
//! container's termination is one line (`Reason: OOMKilled - exit code: 137`).
//!
//! Top-level keys name the pod, its namespace and phase; under `Containers` a bare name
//! opens a container, whose image, restarts, limits and last termination follow.
//!
//! A cloud console's detail page (AKS, GKE, EKS, Rancher) has the same shape, copied with
//! the mouse: the pod's name alone as the heading, then `Key<TAB>Value` lines with nothing
//! indented (`Last state<TAB>Terminated`, `Reason<TAB>OOMKilled`, `Exit code<TAB>137`, `Restart count<TAB>12`).
//! Keys are matched without regard to case, and a container's keys belong to the container
//! opened last even when they are not indented under it.

use crate::fact::{EntityId, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::parse::table::value::quantity;

/// Keys a details pane prints, the way it spells them.
const KEYS: &[&str] = &[
    "Created", "Name", "Namespace", "Labels", "Annotations", "Controlled By", "Status", "Node", "Pod IP", "Pod IPs", "Service Account",
    "Priority Class", "QoS Class", "Conditions", "Containers", "Init Containers", "Tolerations", "Volumes", "Image", "Ports", "Limits",
    "Requests", "Environment", "Mounts", "Restarts", "Last Status", "Liveness", "Readiness", "Startup", "Command", "Arguments",
    // How cloud consoles spell a container's details (kubectl's words, without colons).
    "State", "Last State", "Reason", "Exit Code", "Started", "Finished", "Restart Count", "Resources",
];

/// Keys about a container rather than its pod: in a pane that lost its indentation they
/// still belong to the container opened last.
const CONTAINER_KEYS: &[&str] = &[
    "Image", "Ports", "Limits", "Requests", "Environment", "Mounts", "Restarts", "Last Status", "Liveness", "Readiness", "Startup",
    "Command", "Arguments", "State", "Last State", "Reason", "Exit Code", "Started", "Finished", "Restart Count", "Resources",
];

/// A pane line's key and value: a known key, then a run of two or more spaces (or a tab)
/// and the value, or the key alone (a section such as `Containers`).
pub fn pane_key(line: &str) -> Option<(&str, &str)> {
    let text = line.trim();
    let (key, value) = match text.find("  ").into_iter().chain(text.find('\t')).min() {
        Some(at) => (&text[..at], text[at..].trim()),
        None => (text, ""),
    };
    KEYS.iter().find(|known| known.eq_ignore_ascii_case(key)).map(|&known| (known, value))
}

/// The pod a console's detail page is headed by: its first line, a generated pod name alone.
fn heading_pod<'a>(lines: &[&'a str]) -> Option<&'a str> {
    let first = lines.iter().map(|l| l.trim()).find(|l| !l.is_empty())?;
    let bare = !first.contains(char::is_whitespace) && !first.contains(':') && !first.contains('/');
    (bare && crate::names::pod_owner(first).is_some()).then_some(first)
}

/// Whether a block is a details pane: `Name` and `Namespace` without colons (or a pod's
/// name as the heading and at least three container keys), and most of its lines known keys.
pub fn is_pane(lines: &[&str]) -> bool {
    let keys: Vec<&str> = lines.iter().filter_map(|l| pane_key(l)).map(|(k, _)| k).collect();
    let headed = heading_pod(lines).is_some() && keys.iter().filter(|k| CONTAINER_KEYS.contains(k)).count() >= 3;
    (headed || keys.contains(&"Name") && keys.contains(&"Namespace")) && keys.len() * 2 >= lines.len()
}

/// Reads a details pane into facts about its pod and containers.
pub fn read(cx: &mut Cx<'_>, lines: &[Line<'_>]) {
    let mut name = None;
    let mut namespace = cx.namespace();
    for line in lines {
        match pane_key(line.text) {
            Some(("Name", value)) if name.is_none() && !value.is_empty() => name = Some(value),
            Some(("Namespace", value)) if !value.is_empty() => namespace = Some(value),
            _ => {}
        }
    }
    let texts: Vec<&str> = lines.iter().map(|l| l.text).collect();
    let Some(name) = name.or_else(|| heading_pod(&texts)) else {
        cx.unparsed(cx.artifact.body, "details pane without a Name");
        return;
    };
    let opening = lines.iter().find(|l| !l.is_blank()).map(|l| l.trimmed().span).unwrap_or(cx.artifact.body);
    let pod = cx.pod(namespace, name, opening);
    let mut container: Option<EntityId> = None;
    let mut in_containers = false;
    let mut last_status = false;
    // Whether `Reason`/`Exit code` keys describe the last termination (after `Last state`).
    let mut in_last_state = false;
    // When the last termination finished (its `Finished` key, read ahead): it times the facts.
    let mut finished = None;
    let keyed: Vec<&Line<'_>> = lines.iter().filter(|l| !l.is_blank()).collect();
    for (at, line) in keyed.iter().enumerate() {
        let span = line.trimmed().span;
        let top = line.indent() == 0 && !(container.is_some() && pane_key(line.text).is_some_and(|(k, _)| CONTAINER_KEYS.contains(&k)));
        let Some((key, value)) = pane_key(line.text) else {
            // A bare name under `Containers` opens a container.
            let word = line.text.trim();
            if in_containers && !word.contains(char::is_whitespace) && !word.contains(':') {
                container = Some(cx.container(namespace, name, word, span));
                last_status = false;
                in_last_state = false;
            } else if last_status {
                if let Some(id) = container {
                    termination(cx, id, word, span);
                }
            }
            continue;
        };
        last_status = false;
        if top {
            in_containers = key == "Containers" || key == "Init Containers";
            container = None;
            match key {
                "Status" if !value.is_empty() => cx.fact(pod, Predicate::Status, Value::text(value), span),
                "Node" if !value.is_empty() => {
                    let node = cx.entity(crate::fact::EntityKind::Node, None, value);
                    cx.fact(pod, Predicate::ScheduledOn, Value::Entity(node), span)
                }
                _ => continue,
            };
            continue;
        }
        let Some(id) = container else { continue };
        match key {
            "Image" if !value.is_empty() => {
                if let Some(image) = crate::image::ImageRef::parse(value) {
                    cx.fact(id, Predicate::Image, Value::Image(Box::new(image)), span);
                }
            }
            "Restarts" | "Restart Count" => {
                if let Some(n) = value.split_whitespace().next().and_then(crate::number::parse_f64) {
                    cx.fact(id, Predicate::Restarts, Value::Number(n), span);
                }
            }
            "Last Status" | "Last State" => {
                last_status = true;
                in_last_state = true;
                finished = finished_after(&keyed[at + 1..]);
                if !value.is_empty() {
                    cx.timed_fact(id, Predicate::LastState, Value::text(value), finished, span);
                }
            }
            "State" => {
                in_last_state = false;
                // `Waiting (CrashLoopBackOff)`: the state and its reason in one cell.
                let (state, reason) = match value.split_once('(') {
                    Some((state, rest)) => (state.trim(), rest.trim_end_matches(')').trim()),
                    None => (value, ""),
                };
                if !state.is_empty() {
                    cx.fact(id, Predicate::State, Value::text(state), span);
                }
                if !reason.is_empty() {
                    cx.fact(id, Predicate::StateReason, Value::text(reason), span);
                }
            }
            "Reason" | "Exit Code" if !value.is_empty() => {
                let number = value.split_whitespace().next().and_then(crate::number::parse_f64);
                let fact = match (key, in_last_state) {
                    ("Reason", true) => Some((Predicate::LastStateReason, Value::text(value))),
                    ("Reason", false) => Some((Predicate::StateReason, Value::text(value))),
                    (_, true) => number.map(|n| (Predicate::LastExitCode, Value::Number(n))),
                    (_, false) => number.map(|n| (Predicate::ExitCode, Value::Number(n))),
                };
                if let Some((predicate, value)) = fact {
                    cx.timed_fact(id, predicate, value, if in_last_state { finished } else { None }, span);
                }
            }
            "Limits" | "Requests" => {
                for part in value.split(',') {
                    let Some((resource, amount)) = part.split_once(':') else { continue };
                    let predicate = match (key, resource.trim()) {
                        ("Limits", "cpu") => Predicate::CpuLimit,
                        ("Limits", "memory") => Predicate::MemoryLimit,
                        ("Requests", "cpu") => Predicate::CpuRequest,
                        ("Requests", "memory") => Predicate::MemoryRequest,
                        _ => continue,
                    };
                    if let Some(q) = quantity(amount.trim()) {
                        cx.fact(id, predicate, Value::Quantity(q), span);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The `Finished` time of a termination whose keys follow, up to the next state.
fn finished_after(lines: &[&Line<'_>]) -> Option<crate::time::Timestamp> {
    for line in lines {
        match pane_key(line.text) {
            Some(("Finished", value)) => return crate::parse::table::value::stamp(value),
            Some(("State" | "Last State" | "Last Status", _)) => return None,
            Some((key, _)) if !CONTAINER_KEYS.contains(&key) => return None,
            _ => {}
        }
    }
    None
}

/// A line under `Last Status`: `Reason: OOMKilled - exit code: 137`, or the two apart.
fn termination(cx: &mut Cx<'_>, id: EntityId, text: &str, span: crate::span::Span) {
    let Some((key, value)) = text.split_once(':') else { return };
    let code = |s: &str| s.split_whitespace().next().and_then(crate::number::parse_f64);
    match key.trim().to_ascii_lowercase().as_str() {
        "reason" => {
            let (reason, exit) = match value.split_once(" - ") {
                Some((reason, rest)) => (reason.trim(), rest.trim().strip_prefix("exit code:").and_then(code)),
                None => (value.trim(), None),
            };
            if !reason.is_empty() {
                cx.fact(id, Predicate::LastStateReason, Value::text(reason), span);
            }
            if let Some(n) = exit {
                cx.fact(id, Predicate::LastExitCode, Value::Number(n), span);
            }
        }
        "exit code" => {
            if let Some(n) = code(value) {
                cx.fact(id, Predicate::LastExitCode, Value::Number(n), span);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_lens_pane_says_the_last_termination_of_its_container() {
        let paste = "Name            web-58d7c9b6f-xq4mt\nNamespace       shop\nStatus          Running\nContainers\n  api\n    Status        running, ready\n    Last Status   Terminated\n                  Reason: OOMKilled - exit code: 137\n    Image         reg.io/shop/web:4.11.2\n    Limits        cpu: 2, memory: 2Gi\n    Restarts      11\n";
        let ingest = crate::ingest(paste);
        let facts: Vec<String> = ingest.facts.all().iter().map(|f| format!("{} · {:?} · {}", ingest.facts.entity_of(f.subject), f.predicate, ingest.facts.display_value(&f.value))).collect();
        for expected in ["LastStateReason · OOMKilled", "LastExitCode · 137", "Restarts · 11", "MemoryLimit · 2Gi (2147483648)"] {
            assert!(facts.iter().any(|f| f.starts_with("container shop/web-58d7c9b6f-xq4mt/api") && f.ends_with(expected)), "{expected} not in {facts:#?}");
        }
        assert!(facts.iter().any(|f| f == "pod shop/web-58d7c9b6f-xq4mt · Status · Running"), "{facts:#?}");
    }

    #[test]
    fn a_console_detail_page_headed_by_the_pod_reads_its_tab_keyed_container() {
        let paste = "Pods\tReplica sets\nName\tStatus\tRestarts\nweb-6d4b8f7c59-hw6zs\tRunning\t3\n\nweb-6d4b8f7c59-hw6zs\nOverview\tYAML\tEvents\nContainers\nweb\nImage\treg.io/shop/web:1.2.3\nState\tWaiting (CrashLoopBackOff)\nLast state\tTerminated\nReason\tOOMKilled\nExit code\t137\nFinished\t10/31/2025, 10:03:47 PM\nRestart count\t12\nResources\nLimits\tcpu: 2, memory: 1Gi\n";
        let ingest = crate::ingest(paste);
        let facts: Vec<String> = ingest.facts.all().iter().map(|f| format!("{} · {:?} · {}", ingest.facts.entity_of(f.subject), f.predicate, ingest.facts.display_value(&f.value))).collect();
        let reason = ingest.facts.with(crate::fact::Predicate::LastStateReason).next().expect("a last termination");
        assert_eq!(reason.time, crate::time::Timestamp::from_parts(2025, 10, 31, 22, 3, 47, 0, 0));
        for expected in ["StateReason · CrashLoopBackOff", "LastStateReason · OOMKilled", "LastExitCode · 137", "Restarts · 12", "MemoryLimit · 1Gi (1073741824)"] {
            assert!(facts.iter().any(|f| f.starts_with("container web-6d4b8f7c59-hw6zs/web") && f.ends_with(expected)), "{expected} not in {facts:#?}");
        }
        assert!(!facts.iter().any(|f| f.contains("/Resources")), "{facts:#?}");
    }
}
