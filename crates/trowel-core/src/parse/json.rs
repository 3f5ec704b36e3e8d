//! Parser for `json` artifacts: `kubectl -o json`, `argocd -o json`, `jq` output (also
//! several values in a row). The text is read into document trees (`tree::json`) and the
//! objects in them into facts (`k8s_object`), after `jq` reshaping is undone; Prometheus API
//! query results and CloudWatch datapoints are read as samples (`prom_api`, `cloudwatch`), AWS and Azure CLI output as the Kubernetes
//! objects it means (`aws`, `azure`), Container Apps system logs as events of replica pods
//! (`container_apps`), Loki query results as log records (`loki`) and Google Cloud Logging
//! entries as log records (`cloud_logging`), Hubble flow records as policy drops (`flows`),
//! Alertmanager and Prometheus alerts for what their rules mean (`alerts`), a query
//! console's array of dated rows as a table of runs (`runs`).

use crate::ingest::Cx;
use crate::tree::Parsed;

pub fn parse(cx: &mut Cx<'_>) {
    if is_search_response(cx.body()) {
        search_hits(cx);
        return;
    }
    let parsed = crate::tree::json::parse(cx.paste, cx.artifact.body);
    // Prometheus API query results are samples; every other document holds objects.
    let mut samples = super::metrics::Samples::default();
    let mut objects = Parsed { docs: Vec::with_capacity(parsed.docs.len()), issues: parsed.issues };
    // Cloud Logging entries, one document each or an array of them, are read together as
    // one log.
    let (logging, docs): (Vec<_>, Vec<_>) = parsed.docs.into_iter().partition(|doc| super::cloud_logging::holds_entries(&doc.root));
    let entries: Vec<&crate::tree::Node<'_>> = logging.iter().flat_map(|doc| if doc.root.is_seq() { doc.root.items() } else { std::slice::from_ref(&doc.root) }).collect();
    if !entries.is_empty() {
        super::cloud_logging::read(cx, &entries);
    }
    for doc in docs {
        if !super::cloudwatch::read(cx, &doc.root) && !super::aws::read_json(cx, &doc.root) && !super::azure::read_json(cx, &doc.root) && !super::container_apps::read_json(cx, &doc.root) && !super::prom_api::read(cx, &doc.root, &mut samples) && !super::loki::read(cx, &doc.root) && !super::flows::read_json(cx, &doc.root) && !super::alerts::read(cx, &doc.root) && !super::runs::read_json_rows(cx, &doc.root) && !super::step_functions::read(cx, &doc.root) {
            objects.docs.push(doc);
        }
    }
    samples.finish(cx);
    // One flat object a line that no reader above took (`jq -c` over search hits, an NDJSON
    // export) is a table's rows, when they are runs.
    if let Some((first, last)) = objects.docs.first().zip(objects.docs.last()).filter(|_| objects.docs.len() >= 2 && objects.docs.iter().all(|d| d.root.is_map())) {
        let rows = crate::tree::Node::seq(objects.docs.iter().map(|d| d.root.clone()).collect(), first.span.cover(last.span));
        if super::runs::read_json_rows(cx, &rows) {
            objects.docs.clear();
        }
    }
    super::k8s_object::read(cx, objects);
}

/// An Elasticsearch/OpenSearch search response (Kibana's "Inspect → Response", `curl
/// …/_search`): `{"hits":{…,"hits":[{"_index":…,"_source":{…}}, …]}}`.
fn is_search_response(body: &str) -> bool {
    body.trim_start().starts_with('{') && body.contains("\"hits\"") && body.contains("\"_source\"")
}

/// The hits of a search response, pasted one per line, are log records: each `_source` is
/// the document the log shipper stored, which the log reader reads through (the hit's one
/// object field). The response's frame (`{"hits":{"total":…,"hits":[`, `]}}`) is no record.
fn search_hits(cx: &mut Cx<'_>) {
    let lines = cx.lines();
    let hits = lines.filter(|line| {
        let text = line.text.trim();
        text.starts_with('{') && text.contains("\"_source\"") && !text.starts_with("{\"hits\"")
    });
    super::logs::read_lines(cx, hits);
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    fn builds(paste: &str) -> Vec<String> {
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        facts.all().iter().filter(|f| f.predicate == Predicate::ReportsBuild).map(|f| format!("{} {}", facts.entity_of(f.subject), facts.display_value(&f.value))).collect()
    }

    #[test]
    fn search_response_hits_are_log_records() {
        let paste = "{\"hits\":{\"total\":{\"value\":2},\"hits\":[\n{\"_index\":\"app-2025.08.19\",\"_source\":{\"@timestamp\":\"2025-08-19T14:02:11Z\",\"log.level\":\"WARN\",\"message\":\"Flag evaluation error for key 'checkout.v2': FLAG_NOT_FOUND\"}},\n{\"_index\":\"app-2025.08.19\",\"_source\":{\"@timestamp\":\"2025-08-19T14:02:12Z\",\"log.level\":\"ERROR\",\"message\":\"payment failed\"}}\n]}}\n";
        let ingest = crate::ingest(paste);
        let logs: Vec<String> = ingest.facts.all().iter().filter(|f| f.predicate == Predicate::Log).map(|f| f.value.to_string()).collect();
        assert_eq!(logs.len(), 2, "{logs:?}");
        assert!(logs[0].contains("FLAG_NOT_FOUND"), "{logs:?}");
        assert!(ingest.unparsed.is_empty());
    }

    #[test]
    fn a_version_endpoint_read_through_exec_is_what_the_pod_reports_running() {
        let pod = "$ kubectl exec -n b api-7d94c6f58-h8v2n -c api -- wget -qO- localhost:8080/internal/version\n{\"service\":\"api\",\"version\":\"3.7.4\",\"commit\":\"e02b7a1\"}\n";
        assert_eq!(builds(pod), ["pod b/api-7d94c6f58-h8v2n version 3.7.4, commit e02b7a1"]);
        let workload = "$ kubectl -n b exec deploy/api -- curl -s localhost/info\n{\"build\": {\"version\": \"2.0.1\"}, \"status\": \"UP\"}\n";
        assert_eq!(builds(workload), ["deployment b/api version 2.0.1"]);
        // The same JSON printed by anything else states nothing about a workload.
        assert!(builds("$ cat build.json\n{\"version\":\"3.7.4\",\"commit\":\"e02b7a1\"}\n").is_empty());
    }

    /// `subject @ time` of the events a paste states.
    fn events(paste: &str) -> Vec<String> {
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        facts.with(Predicate::Event).map(|f| format!("{} @ {}", facts.entity_of(f.subject), f.time.map_or("-".into(), |t| t.to_string()))).collect()
    }

    #[test]
    fn events_a_jq_select_kept_are_about_the_object_it_named() {
        let paste = "$ kubectl get events -n dome -o json | jq -c '.items[] | select(.involvedObject.name==\"web-69f8c7b4d5-8vnxr\") | {t: .lastTimestamp, type, reason, message}'\n\
{\"t\":\"2025-10-03T15:07:52Z\",\"type\":\"Warning\",\"reason\":\"Unhealthy\",\"message\":\"Readiness probe failed: HTTP probe failed with statuscode: 404\"}\n";
        assert_eq!(events(paste), ["pod dome/web-69f8c7b4d5-8vnxr @ 2025-10-03T15:07:52Z"]);
    }

    #[test]
    fn events_a_field_selector_picked_are_about_the_object_it_named() {
        let paste = "$ kubectl get events -n dome --field-selector involvedObject.name=web-69f8c7b4d5-8vnxr -o json | jq '.items[] | {type, reason, lastTimestamp, message}'\n\
{\"type\":\"Warning\",\"reason\":\"Unhealthy\",\"lastTimestamp\":\"2025-10-03T15:07:52Z\",\"message\":\"Liveness probe failed: Get \\\"http://10.0.0.1:9090/healthz\\\": malformed HTTP response\"}\n";
        assert_eq!(events(paste), ["pod dome/web-69f8c7b4d5-8vnxr @ 2025-10-03T15:07:52Z"]);
    }
}
