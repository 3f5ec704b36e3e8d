//! Log lines exported as CSV by a log search (Kibana's Discover "Download CSV", OpenSearch
//! Dashboards, Grafana's log panel, Datadog's Log Explorer): a header naming a time column and a message
//! column, then one row per log record. Each row is handed to the log reader as an entry,
//! timed by its time cell and written by the pod, container or service its columns name, so
//! an export reads as the same lines fetched with `kubectl logs` would.

use crate::detect::split_csv;
use crate::ingest::Cx;
use crate::lines::Line;
use crate::time::{kibana_time, parse_iso_prefix, parse_log_time, Timestamp};

use super::logs::{read_entries, Entry};

/// Columns that hold the record's time, as log stores name them.
const TIME: &[&str] = &["@timestamp", "timestamp", "time", "_time", "date"];
/// Columns that hold the record's text.
const MESSAGE: &[&str] = &["message", "msg", "log", "_raw", "line", "log.message"];
/// Columns that hold the record's level, put in front of the message when it states none.
const LEVEL: &[&str] = &["log.level", "level", "severity", "levelname", "status"];
/// Columns naming the pod that wrote the record.
const POD: &[&str] = &["kubernetes.pod.name", "kubernetes.pod_name", "k8s.pod.name", "pod", "pod_name"];
/// Columns naming the pod's namespace.
const NAMESPACE: &[&str] = &["kubernetes.namespace", "kubernetes.namespace_name", "k8s.namespace.name", "namespace"];
/// Columns naming the program that wrote the record when no pod is named, best first.
const PROGRAM: &[&str] = &["kubernetes.container.name", "container.name", "service.name", "service", "app", "host.name", "hostname"];

/// The columns of an export's header that the reader uses.
struct Columns {
    time: usize,
    message: usize,
    level: Option<usize>,
    pod: Option<usize>,
    namespace: Option<usize>,
    program: Option<usize>,
}

impl Columns {
    /// The header of a log export: CSV cells naming a time column and a message column.
    fn of(header: &str) -> Option<Columns> {
        if !header.contains(',') {
            return None;
        }
        let names: Vec<String> = split_csv(header).into_iter().map(|cell| unquote(cell).to_ascii_lowercase()).collect();
        let find = |wanted: &[&str]| wanted.iter().find_map(|w| names.iter().position(|n| n == w));
        Some(Columns {
            time: find(TIME)?,
            message: find(MESSAGE)?,
            level: find(LEVEL),
            pod: find(POD),
            namespace: find(NAMESPACE),
            program: find(PROGRAM),
        })
    }
}

/// Whether the artifact is a log export: its first line a header of one, and the row under it
/// a record whose time cell reads as a time.
pub fn is_export(cx: &Cx<'_>) -> bool {
    let mut lines = cx.lines().filter(|l| !l.text.trim().is_empty());
    let (Some(header), Some(row)) = (lines.next(), lines.next()) else { return false };
    let Some(columns) = Columns::of(header.text.trim()) else { return false };
    let cells = split_csv(row.text.trim());
    cells.get(columns.time).is_some_and(|cell| time(&unquote(cell)).is_some()) && cells.len() > columns.message
}

/// Reads the export's rows as log records; lines that are not rows (a remark under the
/// export) are left unparsed.
pub fn read(cx: &mut Cx<'_>) {
    let lines: Vec<Line<'_>> = cx.lines().filter(|l| !l.text.trim().is_empty()).collect();
    let Some((header, rows)) = lines.split_first() else { return };
    let Some(columns) = Columns::of(header.text.trim()) else { return };
    let mut records = Vec::new();
    for row in rows {
        let cells: Vec<String> = split_csv(row.text.trim()).into_iter().map(unquote).collect();
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(String::as_str).filter(|c| !c.is_empty() && *c != "-");
        let (Some(stamp), Some(message)) = (cell(Some(columns.time)).and_then(time), cell(Some(columns.message))) else {
            cx.unparsed(row.trimmed().span, "a line that is not a row of the log export");
            continue;
        };
        let text = match cell(columns.level) {
            Some(level) if !crate::ascii::contains_ci(message, level) => format!("{level} {message}"),
            _ => message.to_string(),
        };
        let pod = cell(columns.pod).map(|p| (cell(columns.namespace).map(str::to_string), p.to_string()));
        let program = cell(columns.program).filter(|_| pod.is_none()).map(str::to_string);
        records.push((text, stamp, pod, program, row.trimmed().span));
    }
    let entries = records.iter().map(|(text, stamp, pod, program, span)| Entry {
        line: Line { text, span: *span },
        time: Some(*stamp),
        pod: pod.as_ref().map(|(namespace, name)| (namespace.as_deref(), name.as_str())),
        program: program.as_deref(),
        standalone: true,
    });
    read_entries(cx, entries);
}

/// A cell without its CSV quotes, doubled quotes inside made single.
fn unquote(cell: &str) -> String {
    let cell = cell.trim();
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

/// A time cell: ISO 8601, a log header's date and time, or Kibana's `Feb 16, 2025 @ 02:00:44.217`.
fn time(cell: &str) -> Option<Timestamp> {
    kibana_time(cell).or_else(|| parse_log_time(cell).map(|p| p.time)).or_else(|| parse_iso_prefix(cell).map(|p| p.time))
}

#[cfg(test)]
mod tests {
    use crate::test_support::log_lines as logs;

    #[test]
    fn a_discover_export_is_log_records_of_the_pods_it_names() {
        let paste = "\"@timestamp\",\"kubernetes.pod.name\",\"message\"\n\
                     \"Feb 16, 2025 @ 02:00:44.217\",\"worker-7c5d9b8f4-8jx2n\",\"FATAL:  password authentication failed for user \"\"app\"\"\"\n\
                     \"Feb 16, 2025 @ 02:13:02.660\",\"worker-7c5d9b8f4-t9qwm\",\"ERROR connection refused\"\n";
        let got = logs(paste);
        assert!(got.iter().any(|l| l.starts_with("pod worker-7c5d9b8f4-8jx2n @ 2025-02-16T02:00:44") && l.contains("password authentication failed for user \"app\"")), "{got:?}");
        assert!(got.iter().any(|l| l.starts_with("pod worker-7c5d9b8f4-t9qwm @ 2025-02-16T02:13:02")), "{got:?}");
    }

    #[test]
    fn an_export_without_a_pod_column_is_written_by_the_service_it_names() {
        let paste = "timestamp,service.name,log.level,message\n2025-03-01T10:00:00Z,checkout,error,\"flag not found, using default\"\n";
        let got = logs(paste);
        assert!(got.iter().any(|l| l.starts_with("log-source checkout @ 2025-03-01T10:00:00") && l.contains("error flag not found")), "{got:?}");
    }
}
