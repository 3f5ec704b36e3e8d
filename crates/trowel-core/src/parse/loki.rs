//! Log lines as Loki's HTTP API returns them (`curl …/loki/api/v1/query_range`, Grafana's
//! "Inspect → Data"), also after `jq '.data.result'`:
//!
//! ```text
//! {"status":"success","data":{"resultType":"streams","result":[
//!   {"stream":{"namespace":"shop","pod":"web-1","app":"web"},"values":[["1751253907401992000","level=error msg=…"]]}]}}
//! ```
//!
//! Each value is one log record: its line is read by the log reader like any other (a JSON
//! record printed inside the string is unescaped first), timed by the store's nanosecond
//! stamp when the line has no full time of its own, and written by the pod (else the app or
//! container) its stream's labels name. A metric query's `matrix` has the shape of
//! Prometheus' and is read there (`prom_api`).

use crate::ingest::Cx;
use crate::lines::Line;
use crate::time::Timestamp;
use crate::tree::Node;

use super::logs::{read_entries, Entry};

/// Stream labels that name the pod, its namespace, and otherwise the program, best first.
pub(super) const POD: &[&str] = &["pod", "pod_name", "k8s_pod_name"];
pub(super) const NAMESPACE: &[&str] = &["namespace", "k8s_namespace_name"];
pub(super) const PROGRAM: &[&str] = &["app", "app_kubernetes_io_name", "service_name", "container", "job"];

/// Reads the streams of a Loki response; false when the document is not one.
pub fn read(cx: &mut Cx<'_>, root: &Node<'_>) -> bool {
    let streams = match root.get("data") {
        Some(data) if data.get("resultType").and_then(Node::str) == Some("streams") => data.get("result").map_or(&[][..], Node::items),
        Some(_) => return false,
        None => root.items(),
    };
    if streams.is_empty() || !streams.iter().all(|s| s.get("stream").is_some_and(Node::is_map) && s.get("values").is_some_and(Node::is_seq)) {
        return false;
    }
    let entries = streams.iter().flat_map(|stream| {
        let labels = stream.get("stream");
        let label = |keys: &[&str]| keys.iter().find_map(|k| labels.and_then(|l| l.get(k)).and_then(Node::str));
        let pod = label(POD).map(|name| (label(NAMESPACE), name));
        let program = label(PROGRAM);
        stream.get("values").map_or(&[][..], Node::items).iter().filter_map(move |value| {
            let [stamp, line] = value.items() else { return None };
            let text = line.str()?;
            Some(Entry { line: Line { text, span: line.span }, time: stamp.str().and_then(nanoseconds), pod, program, standalone: true })
        })
    });
    read_entries(cx, entries);
    true
}

/// Loki's stamp: nanoseconds since the epoch, as a decimal string (an `i64` holds them
/// until the year 2262; 128-bit arithmetic would cost the browser build a division routine).
fn nanoseconds(text: &str) -> Option<Timestamp> {
    let nanos: i64 = text.parse().ok()?;
    Some(Timestamp(nanos / 1_000_000))
}

#[cfg(test)]
mod tests {

    use crate::test_support::log_lines as logs;

    #[test]
    fn stream_values_are_records_of_the_pod_their_labels_name() {
        let paste = "$ curl -sG http://loki:3100/loki/api/v1/query_range --data-urlencode 'query={app=\"cms\"}'\n\
{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[{\"stream\":{\"namespace\":\"news\",\"app\":\"cms\",\"pod\":\"cms-6b9c7d5f48-b7wkd\"},\"values\":[[\"1751253907401992000\",\"connection failed: FATAL:  password authentication failed for user \\\"cms_app\\\"\"]]},\
{\"stream\":{\"app\":\"karpenter\"},\"values\":[[\"1743069412559120000\",\"{\\\"level\\\":\\\"ERROR\\\",\\\"message\\\":\\\"could not schedule pod\\\",\\\"error\\\":\\\"incompatible requirements\\\"}\"]]}]}}\n";
        let got = logs(paste);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("pod news/cms-6b9c7d5f48-b7wkd @ 2025-06-30T03:25:07.401Z"), "{got:?}");
        assert!(got[0].contains("password authentication failed for user \"cms_app\""), "{got:?}");
        // A JSON record inside the string is read as one: its level and its error.
        assert!(got[1].starts_with("log-source karpenter @ 2025-03-27T09:56:52.559Z [error]"), "{got:?}");
        assert!(got[1].contains("could not schedule pod: incompatible requirements"), "{got:?}");
    }
}
