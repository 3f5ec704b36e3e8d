//! Google Cloud Logging entries, as the Logs Explorer copies them, `gcloud logging read
//! --format=json` prints them, or a log sink exports them:
//!
//! ```text
//! {"jsonPayload":{"level":"warn","msg":"flag evaluation returned default","flag":"x"},
//!  "resource":{"type":"cloud_run_revision","labels":{"service_name":"checkout"}},
//!  "timestamp":"2026-04-18T09:41:07.42Z","severity":"WARNING"}
//! ```
//!
//! Each entry is one log record: a `textPayload` is its line; a `jsonPayload` is a JSON
//! record (with the entry's `severity` as its level when the payload names none), read by
//! the log reader like any other. The entry's `timestamp` times it, and the service,
//! container, job or function its `resource.labels` name wrote it (a Cloud Run service, a
//! GKE container), else whoever the command or heading names. Azure Monitor's container log
//! rows (`TimeGenerated`, `PodName`, `LogMessage`) are read the same way.

use crate::ingest::Cx;
use crate::lines::Line;
use crate::time::parse_iso_prefix;
use crate::tree::Node;

use super::logs::{read_entries, Entry};

/// Resource labels that name the program that wrote an entry, best first.
const WRITER: &[&str] = &["service_name", "container_name", "job_name", "function_name", "module_id"];

/// Whether a document is a Cloud Logging entry: a payload beside the entry's own keys; or
/// a row of Azure Monitor's container log table (`ContainerLogV2`: `LogMessage` beside
/// `TimeGenerated` and the `PodName` that wrote it), which says the same.
pub fn is_entry(node: &Node<'_>) -> bool {
    let payload = node.get("jsonPayload").is_some_and(Node::is_map) || node.get("textPayload").and_then(Node::str).is_some();
    let google = payload && ["severity", "timestamp", "logName", "resource", "insertId"].iter().any(|k| node.get(k).is_some());
    google || node.get("LogMessage").is_some_and(|m| m.is_map() || m.str().is_some()) && node.get("TimeGenerated").is_some()
}

/// The entry's text payload (Google's `textPayload`, Azure's `LogMessage` string) or JSON
/// payload (`jsonPayload`, a `LogMessage` object).
fn payload<'n, 'a>(entry: &'n Node<'a>) -> (Option<&'n str>, Option<&'n Node<'a>>) {
    let text = entry.get("textPayload").or_else(|| entry.get("LogMessage")).and_then(Node::str);
    let json = entry.get("jsonPayload").or_else(|| entry.get("LogMessage")).filter(|p| p.is_map());
    (text, json)
}

/// Whether a document is one entry or an array of entries.
pub fn holds_entries(node: &Node<'_>) -> bool {
    if node.is_seq() {
        return !node.items().is_empty() && node.items().iter().all(is_entry);
    }
    is_entry(node)
}

/// Reads entries as log records, in the order given.
pub fn read(cx: &mut Cx<'_>, entries: &[&Node<'_>]) {
    let paste = cx.paste;
    // A JSON payload's text is its source on one line (JSON strings hold no raw line
    // breaks), with the entry's severity in front when the payload states no level.
    let lines: Vec<(String, &Node<'_>)> = entries
        .iter()
        .filter_map(|entry| {
            let (text, json) = payload(entry);
            if let Some(text) = text {
                return Some((text.to_string(), *entry));
            }
            let payload = json?;
            let source = &paste[payload.span.start as usize..payload.span.end as usize];
            let flat: String = source.split_whitespace().collect::<Vec<_>>().join(" ");
            let levelled = ["level", "severity", "lvl"].iter().any(|k| payload.get(k).is_some());
            let text = match entry.get("severity").and_then(Node::str).filter(|_| !levelled) {
                Some(severity) => format!("{{\"severity\":\"{severity}\", {}", flat.trim_start_matches('{').trim_start()),
                None => flat,
            };
            Some((text, *entry))
        })
        .collect();
    let records = lines.iter().map(|(text, entry)| {
        let labels = entry.at(&["resource", "labels"]);
        let program = WRITER.iter().find_map(|k| labels.and_then(|l| l.get(k)).and_then(Node::str));
        let time = ["timestamp", "receiveTimestamp", "TimeGenerated"].iter().find_map(|k| entry.get(k)).and_then(Node::str).and_then(parse_iso_prefix).map(|p| p.time);
        let pod = entry.get("PodName").and_then(Node::str).map(|name| (entry.get("PodNamespace").and_then(Node::str), name));
        Entry { line: Line { text, span: entry.span }, time, pod, program, standalone: true }
    });
    read_entries(cx, records);
}

#[cfg(test)]
mod tests {

    use crate::test_support::log_lines as logs;

    #[test]
    fn entries_are_records_of_the_service_their_resource_names() {
        let paste = "{\n  \"jsonPayload\": {\"msg\": \"flag not found, using default\", \"flag\": \"fees.v3\"},\n  \"resource\": {\"type\": \"cloud_run_revision\", \"labels\": {\"service_name\": \"checkout\"}},\n  \"timestamp\": \"2026-04-18T09:41:07.421883Z\",\n  \"severity\": \"WARNING\"\n}\n{\n  \"textPayload\": \"connection refused\",\n  \"timestamp\": \"2026-04-18T09:42:00Z\",\n  \"severity\": \"ERROR\"\n}\n";
        let got = logs(paste);
        assert!(got.iter().any(|l| l.starts_with("log-source checkout @ 2026-04-18T09:41:07") && l.contains("flag not found")), "{got:?}");
        assert!(got.iter().any(|l| l.contains("09:42:00") && l.contains("connection refused")), "{got:?}");
    }

    #[test]
    fn azure_container_log_rows_are_records_of_their_pod() {
        let paste = "[\n  {\"TimeGenerated\":\"2026-05-02T09:14:02.771Z\",\"PodName\":\"sched-b8d47c6f5-qzk8w\",\"LogMessage\":{\"level\":\"ERROR\",\"msg\":\"reset failed\",\"exc\":\"FATAL:  password authentication failed for user app\"}},\n  {\"TimeGenerated\":\"2026-05-02T09:15:00Z\",\"PodName\":\"sched-b8d47c6f5-qzk8w\",\"LogMessage\":\"connection refused\"}\n]\n";
        let got = logs(paste);
        assert!(got.iter().any(|l| l.starts_with("pod sched-b8d47c6f5-qzk8w @ 2026-05-02T09:14:02") && l.contains("password authentication failed")), "{got:?}");
        assert!(got.iter().any(|l| l.contains("09:15:00") && l.contains("connection refused")), "{got:?}");
    }
}
