//! Azure Container Apps system logs (`az containerapp logs show --type system`, or the
//! `ContainerAppSystemLogs` table), read as the Kubernetes facts that mean the same:
//!
//! ```text
//! {"TimeStamp":"2025-10-15T08:31:35Z","Type":"Warning","ContainerAppName":"router",
//!  "RevisionName":"router--r5","ReplicaName":"router--r5-6d8f4c7b9-xk2lp",
//!  "Msg":"Container 'router' was terminated with exit code '1' and reason 'ProcessExited'",
//!  "Reason":"ContainerTerminated","Count":7}
//! ```
//!
//! Container Apps runs each replica as a Kubernetes pod and relays its events, so a record
//! is an event of the replica (a pod of its revision). Two say what a pod's status would:
//! `ContainerTerminated` is the container's last exit (its code, and as many restarts as the
//! event was counted), and `ContainerBackOff` (`Persistent Failure to start container`) is
//! the back-off the kubelet shows as `CrashLoopBackOff`. The claims written for pods then
//! read a revision that never starts.

use crate::fact::{EventRecord, Predicate, Value};
use crate::ingest::Cx;
use crate::time::parse_iso_prefix;
use crate::tree::Node;

/// Reads one system log record; false when the document is no such record.
pub fn read_json(cx: &mut Cx<'_>, root: &Node<'_>) -> bool {
    let records: Vec<&Node<'_>> = if root.is_seq() { root.items().iter().collect() } else { vec![root] };
    if records.is_empty() || !records.iter().all(|r| is_system_record(r)) {
        return false;
    }
    for record in records {
        read_record(cx, record);
    }
    true
}

/// A record names the replica it is about and says what happened (`Msg`, `Reason`); the
/// column names carry a `_s` suffix when read from the Log Analytics table.
fn is_system_record(node: &Node<'_>) -> bool {
    field(node, "ReplicaName").is_some() && field(node, "Reason").is_some() && field(node, "Msg").is_some()
}

/// A string field by its name in the CLI's output, or the Log Analytics column of it.
fn field<'n>(node: &'n Node<'_>, key: &str) -> Option<&'n str> {
    node.get(key).or_else(|| node.get(&format!("{key}_s"))).and_then(Node::str)
}

fn read_record(cx: &mut Cx<'_>, record: &Node<'_>) {
    let (Some(replica), Some(reason), Some(message)) = (field(record, "ReplicaName"), field(record, "Reason"), field(record, "Msg")) else { return };
    let span = record.span;
    let pod = cx.pod(None, replica, span);
    let time = ["TimeStamp", "TimeGenerated", "time"].iter().find_map(|k| field(record, k)).and_then(parse_iso_prefix).map(|p| p.time);
    let count = record.get("Count").or_else(|| record.get("Count_d")).and_then(Node::str).and_then(|c| c.parse::<f64>().ok());
    match reason {
        "ContainerTerminated" => {
            if let Some(code) = exit_code(message) {
                cx.timed_fact(pod, Predicate::LastExitCode, Value::Number(code), time, span);
            }
            if let Some(count) = count {
                cx.timed_fact(pod, Predicate::Restarts, Value::Number(count), time, span);
            }
        }
        "ContainerBackOff" => {
            cx.timed_fact(pod, Predicate::Status, Value::Text("CrashLoopBackOff".into()), time, span);
        }
        _ => {}
    }
    let record = EventRecord {
        kind: field(record, "Type").unwrap_or("Normal").to_string(),
        reason: reason.to_string(),
        message: message.to_string(),
        count: count.map(|c| c as u32),
        last_seen_ago: None,
        first_seen_ago: None,
    };
    cx.timed_fact(pod, Predicate::Event, Value::Event(Box::new(record)), time, span);
}

/// The code in `terminated with exit code '1'` (quoted or not).
fn exit_code(message: &str) -> Option<f64> {
    let at = crate::ascii::find_ci(message, "exit code")?;
    let rest = message[at + "exit code".len()..].trim_start_matches([' ', '\'', '"', ':']);
    let digits: &str = &rest[..rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())];
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines as facts;

    #[test]
    fn a_replica_that_keeps_exiting_is_a_crash_looping_pod() {
        let paste = "$ az containerapp logs show -n api -g rg --type system\n\
{\"TimeStamp\":\"2025-10-15T08:36:58Z\",\"Type\":\"Warning\",\"ContainerAppName\":\"api\",\"RevisionName\":\"api--r2\",\"ReplicaName\":\"api--r2-6d8f4c7b9-xk2lp\",\"Msg\":\"Container 'api' was terminated with exit code '1' and reason 'ProcessExited'\",\"Reason\":\"ContainerTerminated\",\"Count\":7}\n\
{\"TimeStamp\":\"2025-10-15T08:37:02Z\",\"Type\":\"Warning\",\"ContainerAppName\":\"api\",\"RevisionName\":\"api--r2\",\"ReplicaName\":\"api--r2-6d8f4c7b9-xk2lp\",\"Msg\":\"Persistent Failure to start container\",\"Reason\":\"ContainerBackOff\",\"Count\":9}\n";
        let got = facts(paste);
        for want in ["pod api--r2-6d8f4c7b9-xk2lp · LastExitCode · 1", "pod api--r2-6d8f4c7b9-xk2lp · Restarts · 7", "pod api--r2-6d8f4c7b9-xk2lp · Status · CrashLoopBackOff"] {
            assert!(got.iter().any(|f| f.starts_with(want)), "{want} in {got:?}");
        }
    }

    #[test]
    fn the_exit_code_is_read_quoted_or_not() {
        assert_eq!(super::exit_code("Container 'x' was terminated with exit code '137' and reason 'OOMKilled'"), Some(137.0));
        assert_eq!(super::exit_code("terminated with exit code: 2"), Some(2.0));
        assert_eq!(super::exit_code("Started container x"), None);
    }
}
