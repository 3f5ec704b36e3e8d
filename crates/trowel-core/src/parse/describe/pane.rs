//! A pod's details pane copied from a desktop client (Lens, OpenLens, Headlamp): the same
//! facts as `kubectl describe pod`, but each key stands in its own column, without a colon
//! (`Controlled By   ReplicaSet web-5f8b6c9d7`, `Last Status   Terminated`), and a
//! container's termination is one line (`Reason: OOMKilled - exit code: 137`).
//!
//! Top-level keys name the pod, its namespace and phase; under `Containers` a bare name
//! opens a container, whose image, restarts, limits and last termination follow.

use crate::fact::{EntityId, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::parse::table::value::quantity;

/// Keys a details pane prints, the way it spells them.
const KEYS: &[&str] = &[
    "Created", "Name", "Namespace", "Labels", "Annotations", "Controlled By", "Status", "Node", "Pod IP", "Pod IPs", "Service Account",
    "Priority Class", "QoS Class", "Conditions", "Containers", "Init Containers", "Tolerations", "Volumes", "Image", "Ports", "Limits",
    "Requests", "Environment", "Mounts", "Restarts", "Last Status", "Liveness", "Readiness", "Startup", "Command", "Arguments",
];

/// A pane line's key and value: a known key, then a run of two or more spaces (or a tab)
/// and the value, or the key alone (a section such as `Containers`).
pub fn pane_key(line: &str) -> Option<(&str, &str)> {
    let text = line.trim();
    let (key, value) = match text.find("  ").into_iter().chain(text.find('\t')).min() {
        Some(at) => (&text[..at], text[at..].trim()),
        None => (text, ""),
    };
    KEYS.contains(&key).then_some((key, value))
}

/// Whether a block is a details pane: `Name` and `Namespace` without colons, and most of its
/// unindented lines known keys.
pub fn is_pane(lines: &[&str]) -> bool {
    let keys: Vec<&str> = lines.iter().filter_map(|l| pane_key(l)).map(|(k, _)| k).collect();
    keys.contains(&"Name") && keys.contains(&"Namespace") && keys.len() * 2 >= lines.len()
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
    let Some(name) = name else {
        cx.unparsed(cx.artifact.body, "details pane without a Name");
        return;
    };
    let opening = lines.iter().find(|l| !l.is_blank()).map(|l| l.trimmed().span).unwrap_or(cx.artifact.body);
    let pod = cx.pod(namespace, name, opening);
    let mut container: Option<EntityId> = None;
    let mut in_containers = false;
    let mut last_status = false;
    for line in lines.iter().filter(|l| !l.is_blank()) {
        let span = line.trimmed().span;
        let top = line.indent() == 0;
        let Some((key, value)) = pane_key(line.text) else {
            // A bare name under `Containers` opens a container.
            let word = line.text.trim();
            if in_containers && !word.contains(char::is_whitespace) && !word.contains(':') {
                container = Some(cx.container(namespace, name, word, span));
                last_status = false;
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
            "Restarts" => {
                if let Some(n) = value.split_whitespace().next().and_then(crate::number::parse_f64) {
                    cx.fact(id, Predicate::Restarts, Value::Number(n), span);
                }
            }
            "Last Status" => {
                last_status = true;
                if !value.is_empty() {
                    cx.fact(id, Predicate::LastState, Value::text(value), span);
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
}
