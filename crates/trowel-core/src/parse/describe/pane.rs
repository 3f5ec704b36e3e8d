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
    // Lens's metrics under a pod's details (`Memory  Usage: 5.9GiB  Requests: 4GiB  Limits: 6GiB`).
    "Memory", "CPU",
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

/// The container a pane's `Containers` section opens with when a blank line cut it from the
/// pod's keys above (Lens sets each section off so): its first line a bare name that is no key.
fn opening_container<'a>(lines: &[&'a str]) -> Option<&'a str> {
    let first = lines.iter().map(|l| l.trim()).find(|l| !l.is_empty())?;
    let bare = !first.is_empty() && !first.contains(char::is_whitespace) && !first.contains(':') && !first.contains('/');
    (bare && pane_key(first).is_none()).then_some(first)
}

/// The container a pane's metrics section names on its first line (`Metrics (container: api, last 1h)`).
fn metrics_container(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("Metrics (container:")?;
    let word = rest.split([',', ')']).next().unwrap_or("").trim();
    (!word.is_empty() && !word.contains(char::is_whitespace)).then_some(word)
}

/// Whether a block goes on with the pane above it after a blank line: a container's section
/// (its name alone, then at least three container keys) or a container's metrics.
fn continues_pane(lines: &[&str], keys: &[&str]) -> bool {
    let containers = keys.iter().filter(|k| CONTAINER_KEYS.contains(k)).count();
    let usage = keys.iter().filter(|k| matches!(**k, "Memory" | "CPU")).count();
    let first = lines.iter().find(|l| !l.trim().is_empty()).copied().unwrap_or("");
    containers >= 3 && opening_container(lines).is_some() || usage >= 1 && metrics_container(first).is_some()
}

/// Whether a block is a details pane: `Name` and `Namespace` without colons (or a pod's
/// name as the heading, or a container's name opening a section cut from its pod's keys, and
/// at least three container keys), and most of its lines known keys.
pub fn is_pane(lines: &[&str]) -> bool {
    let keys: Vec<&str> = lines.iter().filter_map(|l| pane_key(l)).map(|(k, _)| k).collect();
    let containers = keys.iter().filter(|k| CONTAINER_KEYS.contains(k)).count() >= 3;
    let headed = containers && heading_pod(lines).is_some() || continues_pane(lines, &keys);
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
    let opening = lines.iter().find(|l| !l.is_blank()).map(|l| l.trimmed().span).unwrap_or(cx.artifact.body);
    // A `Containers` section set off from its pod's keys is about the pod named above it.
    let mut in_containers = false;
    let name = match name.or_else(|| heading_pod(&texts)) {
        Some(name) => name,
        None => match pod_named_before(cx).filter(|_| {
            let keys: Vec<&str> = texts.iter().filter_map(|l| pane_key(l)).map(|(k, _)| k).collect();
            continues_pane(&texts, &keys)
        }) {
            Some((pod_name, pod_namespace)) => {
                namespace = namespace.or(pod_namespace);
                in_containers = true;
                pod_name
            }
            None => {
                cx.unparsed(cx.artifact.body, "details pane without a Name");
                return;
            }
        },
    };
    let pod = cx.pod(namespace, name, opening);
    let mut container: Option<EntityId> = None;
    // The container a `Metrics (container: …)` section is about.
    let mut metrics: Option<EntityId> = None;
    let mut last_status = false;
    // Whether `Reason`/`Exit code` keys describe the last termination (after `Last state`).
    let mut in_last_state = false;
    // When the last termination finished (its `Finished` key, read ahead): it times the facts.
    let mut finished = None;
    let keyed: Vec<&Line<'_>> = lines.iter().filter(|l| !l.is_blank()).collect();
    for (at, line) in keyed.iter().enumerate() {
        let span = line.trimmed().span;
        // A container's `Status` (`running, ready`) follows its name when the copy lost the
        // indentation; the pod's stands above `Containers`.
        let top = line.indent() == 0 && !(container.is_some() && pane_key(line.text).is_some_and(|(k, _)| CONTAINER_KEYS.contains(&k) || k == "Status"));
        // `Metrics (container: api, last 1h)`: the usage lines below are that container's.
        if let Some(word) = metrics_container(line.text) {
            metrics = Some(cx.container(namespace, name, word, span));
            continue;
        }
        if let Some(("Memory" | "CPU", value)) = pane_key(line.text) {
            // Lens spells binary units as bytes (`5.94GiB`): the quantity is `5.94Gi`.
            let usage = value.strip_prefix("Usage:").map(|v| v.split_whitespace().next().unwrap_or("")).map(|v| if v.ends_with("iB") { &v[..v.len() - 1] } else { v });
            let predicate = if line.text.trim_start().starts_with("Memory") { Predicate::MemoryUsage } else { Predicate::CpuUsage };
            if let Some(q) = usage.and_then(quantity) {
                cx.fact(metrics.or(container).unwrap_or(pod), predicate, Value::Quantity(q), span);
            }
            continue;
        }
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
                    let predicate = match (key, resource.trim().to_ascii_lowercase().as_str()) {
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

/// The pod whose pane a `Containers` section set off by a blank line goes on: the pod the
/// last fact read is about, when that fact comes from the artifact just before (or the one
/// before that, a `Containers` heading between), with its name and namespace as the paste
/// spells them.
fn pod_named_before<'a>(cx: &Cx<'a>) -> Option<(&'a str, Option<&'a str>)> {
    let last = cx.facts().all().last()?;
    if last.artifact.0 + 2 < cx.artifact.id.0 {
        return None;
    }
    let mut entity = cx.facts().entity_of(last.subject);
    // A container's fact (the section before was a container's) is about its pod.
    if entity.kind == crate::fact::EntityKind::Container {
        let owner = cx.facts().with(Predicate::OwnedBy).find(|f| f.subject == last.subject).and_then(|f| match f.value {
            Value::Entity(pod) => Some(pod),
            _ => None,
        });
        entity = cx.facts().entity_of(owner?);
    }
    if entity.kind != crate::fact::EntityKind::Pod {
        return None;
    }
    let text = last.span.text(cx.paste);
    let at = |word: &str| text.find(word).map(|i| &text[i..i + word.len()]);
    // The last fact may quote a line without the pod's name (`Node  worker-3`): the name as
    // the pane's `Name` line spells it is found in the paste before this artifact.
    let before = &cx.paste[..cx.artifact.body.start as usize];
    let spelt = |word: &str| at(word).or_else(|| before.rfind(word).map(|i| &before[i..i + word.len()]));
    Some((spelt(&entity.name)?, entity.namespace.as_deref().and_then(spelt)))
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
    fn a_lens_pane_whose_containers_and_metrics_a_blank_line_set_off_goes_on_with_its_pod() {
        let paste = "Name\tledger-7c9d8b6f5-q2w3e\nNamespace\tbank\nStatus\tRunning\nNode\tnode-a\n\nContainers\nworker\nStatus\trunning, ready\nLast Status\tTerminated\n\tReason: OOMKilled - exit code: 137\nImage\treg.io/bank/ledger:1.0\nLimits\tCPU: 1, Memory: 512Mi\n\nMetrics (container: worker, last 1h)\nMemory\tUsage: 505.1MiB\tRequests: 256MiB\tLimits: 512MiB\n";
        let ingest = crate::ingest(paste);
        let facts: Vec<String> = ingest.facts.all().iter().map(|f| format!("{} · {:?} · {}", ingest.facts.entity_of(f.subject), f.predicate, ingest.facts.display_value(&f.value))).collect();
        for expected in ["LastStateReason · OOMKilled", "LastExitCode · 137", "MemoryLimit · 512Mi (536870912)", "MemoryUsage · 505.1Mi (529635737.6)"] {
            assert!(facts.iter().any(|f| f.starts_with("container bank/ledger-7c9d8b6f5-q2w3e/worker") && f.ends_with(expected)), "{expected} not in {facts:#?}");
        }
        // The container's status is not the pod's.
        assert!(!facts.iter().any(|f| f.ends_with("Status · running, ready")), "{facts:#?}");
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
