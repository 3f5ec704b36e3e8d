//! Query results of the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`) as curl
//! and `jq` print them:
//!
//! ```text
//! {"status":"success","data":{"resultType":"vector","result":[
//!   {"metric":{"__name__":"kube_pod_container_status_restarts_total","pod":"web-1",…},"value":[1751361900,"7"]}]}}
//! [{"metric":{"pod":"web-1"},"value":[1751361900,"0.86"]}]          (jq '.data.result')
//! ```
//!
//! Each result is a sample (or, from a range query, several) of the series its `metric` labels
//! name. A result with a `__name__` is read exactly as the same sample in exposition text
//! (`metrics::Samples`), so well-known series mean what they always mean. A result without
//! one is the value of the query the command sent (`query=…`): a `Sample` on a series named by
//! that query, and for the usual CPU-throttling ratio (`…cfs_throttled_periods… / …cfs_periods…`)
//! a `Throttled` ratio on the container its labels (and the query's own matchers) name.

use crate::ascii::Set;
use std::borrow::Cow;

use crate::fact::{Predicate, Value};
use crate::ingest::Cx;
use crate::number::parse_f64;
use crate::time::Timestamp;
use crate::tree::Node;

use super::metrics::Samples;

/// Reads the results in a JSON document; false when it holds none (then it is something else).
pub fn read<'a>(cx: &mut Cx<'a>, root: &Node<'a>, samples: &mut Samples<'a>) -> bool {
    let results = match root.at(&["data", "result"]) {
        Some(results) => results.items(),
        None if root.items().first().is_some_and(is_result) => root.items(),
        None if is_result(root) => std::slice::from_ref(root),
        None => return false,
    };
    if !results.iter().all(is_result) {
        return false;
    }
    let query = cx.artifact.command.as_ref().and_then(|c| query_of(&c.line)).map(str::to_string);
    for result in results {
        let mut labels: Vec<(&'a str, &'a str)> = Vec::new();
        let mut name = None;
        for entry in result.get("metric").map(Node::entries).unwrap_or_default() {
            let (Cow::Borrowed(key), Some(value)) = (&entry.key, borrowed(&entry.value)) else { continue };
            if *key == "__name__" {
                name = Some(value);
            } else {
                labels.push((key, value));
            }
        }
        let points: Vec<&Node<'a>> = match (result.get("value"), result.get("values")) {
            (Some(point), _) => vec![point],
            (None, Some(points)) => points.items().iter().collect(),
            (None, None) => Vec::new(),
        };
        for point in points {
            let [at, value] = point.items() else { continue };
            let (Some(value), span) = (value.str().and_then(parse_f64), point.span) else { continue };
            let time_ms = at.str().and_then(parse_f64).map(|s| (s * 1000.0).round() as i64);
            match name {
                Some(name) => samples.add(cx, name, &labels, value, time_ms, span),
                None => unnamed(cx, query.as_deref(), &labels, value, time_ms.map(Timestamp), span, result.span),
            }
        }
    }
    true
}

/// A result of a query that names no single metric: its value on the query's series, and
/// what the well-known ratios mean. `result` is the whole result: a reading of its labels
/// (a flag lookup) quotes it, since the point alone does not say which flag.
fn unnamed(cx: &mut Cx<'_>, query: Option<&str>, labels: &[(&str, &str)], value: f64, time: Option<Timestamp>, span: crate::span::Span, result: crate::span::Span) {
    let query = query.unwrap_or("query result");
    let mut name = query.split_whitespace().collect::<Vec<_>>().join(" ");
    if !labels.is_empty() {
        let shown: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
        name = format!("{name} {{{}}}", shown.join(","));
    }
    let series = cx.entity(crate::fact::EntityKind::Series, None, name);
    cx.timed_fact(series, Predicate::Sample, Value::Number(value), time, span);
    if let Some(metric) = single_metric(query) {
        super::metrics::flag_lookups(cx, metric, labels, value, time, result);
    }
    let throttling = query.contains("cfs_throttled_periods") && query.contains("cfs_periods") && query.contains('/');
    if !throttling {
        return;
    }
    let matchers = matchers(query);
    let label = |key: &str| labels.iter().chain(&matchers).find(|(k, _)| *k == key).map(|(_, v)| *v);
    if let (Some(pod), Some(container)) = (label("pod"), label("container")) {
        let id = cx.container(label("namespace"), pod, container, span);
        cx.timed_fact(id, Predicate::Throttled, Value::Ratio { num: value, den: 1.0 }, time, span);
    }
}

/// True for `{"metric": {…}, "value": [t, "v"]}` or `{"metric": {…}, "values": [[t, "v"], …]}`.
fn is_result(node: &Node<'_>) -> bool {
    node.get("metric").is_some_and(Node::is_map) && (node.get("value").is_some_and(Node::is_seq) || node.get("values").is_some_and(Node::is_seq))
}

/// A scalar's text as a slice of the paste (labels with escapes are skipped).
fn borrowed<'a>(node: &Node<'a>) -> Option<&'a str> {
    match &node.kind {
        crate::tree::Kind::Scalar(s) => match s.text {
            Cow::Borrowed(text) => Some(text),
            Cow::Owned(_) => None,
        },
        _ => None,
    }
}

/// The PromQL a command sent: `--data-urlencode 'query=…'`, `-d query=…` or `?query=…` in the URL.
fn query_of(command: &str) -> Option<&str> {
    let at = command.find("query=")?;
    let rest = &command[at + "query=".len()..];
    let before = &command[..at];
    let quoted_by = before.chars().next_back().filter(|c| *c == '\'' || *c == '"');
    // Inside a quoted URL (`'http://…?query=sum by (x) (…)&start=…'`) the query runs to the
    // next parameter or the closing quote, spaces and all.
    let url_quote = ['\'', '"'].into_iter().find(|q| before.matches(*q).count() % 2 == 1);
    let end = match (quoted_by, url_quote) {
        (Some(quote), _) => rest.find(quote).unwrap_or(rest.len()),
        (None, Some(quote)) => rest.find([quote, '&']).unwrap_or(rest.len()),
        (None, None) => rest.find_of(b"& '\"").unwrap_or(rest.len()),
    };
    Some(rest[..end].trim()).filter(|q| !q.is_empty())
}

/// The one metric a query reads, when it reads one (`sum by (key, reason) (rate(x_total{…}[1h]))`
/// → `x_total`): the names left once selectors, ranges, grouping labels and functions
/// are set aside.
fn single_metric(query: &str) -> Option<&str> {
    // Operators and aggregations, which may stand apart from their parenthesis (`sum by (x) (…)`).
    const KEYWORDS: &[&str] = &[
        "offset", "bool", "and", "or", "unless", "sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
        "limitk", "limit_ratio",
    ];
    let bytes = query.as_bytes();
    let mut found: Option<&str> = None;
    let (mut i, mut depth_braces, mut in_range, mut grouping) = (0, 0usize, false, false);
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' => depth_braces += 1,
            b'}' => depth_braces = depth_braces.saturating_sub(1),
            b'[' => in_range = true,
            b']' => in_range = false,
            b')' => grouping = false,
            b'"' if depth_braces > 0 => {
                i += query[i + 1..].find('"').map_or(bytes.len(), |n| n + 2);
                continue;
            }
            _ => {}
        }
        let starts_name = (b.is_ascii_alphabetic() || b == b'_' || b == b':') && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
        if !starts_name || depth_braces > 0 || in_range {
            i += 1;
            continue;
        }
        let end = query[i..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).map_or(query.len(), |n| i + n);
        let word = &query[i..end];
        let called = query[end..].trim_start().starts_with('(');
        if matches!(word, "by" | "without" | "on" | "ignoring" | "group_left" | "group_right") {
            grouping = true;
        } else if !called && !grouping && !KEYWORDS.contains(&word) {
            match found {
                Some(other) if other != word => return None,
                _ => found = Some(word),
            }
        }
        i = end;
    }
    found
}

/// The equality matchers of a query's selectors (`namespace="shop",container="api"`), first
/// one of each label.
fn matchers(query: &str) -> Vec<(&str, &str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for selector in query.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(inside, _)| inside)) {
        for matcher in selector.split(',') {
            let Some((key, value)) = matcher.split_once('=') else { continue };
            let (key, value) = (key.trim(), value.trim());
            if key.ends_with_of(b"!=~") || value.starts_with('~') || !value.starts_with('"') {
                continue;
            }
            let value = value.trim_matches('"');
            if !out.iter().any(|(k, _)| *k == key) {
                out.push((key, value));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    fn facts(paste: &str, predicate: Predicate) -> Vec<String> {
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        facts.all().iter().filter(|f| f.predicate == predicate).map(|f| format!("{} {}", facts.entity_of(f.subject), facts.display_value(&f.value))).collect()
    }

    #[test]
    fn a_named_result_reads_like_the_same_sample_in_exposition_text() {
        let paste = "$ curl -s http://prom:9090/api/v1/query?query=kube_pod_container_status_restarts_total | jq .\n{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"kube_pod_container_status_restarts_total\",\"namespace\":\"shop\",\"pod\":\"cart-7d9f8c6b5-x2k4q\",\"container\":\"cart\"},\"value\":[1751361900,\"7\"]}]}}\n";
        assert_eq!(facts(paste, Predicate::Restarts), ["container shop/cart-7d9f8c6b5-x2k4q/cart 7"]);
        assert_eq!(facts(paste, Predicate::Sample).len(), 1);
    }

    #[test]
    fn a_throttling_ratio_query_is_the_share_of_throttled_periods() {
        let paste = "$ curl -sG http://prom:9090/api/v1/query --data-urlencode 'query=sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{namespace=\"shop\",container=\"api\"}[5m])) / sum by (pod) (rate(container_cpu_cfs_periods_total{namespace=\"shop\",container=\"api\"}[5m]))' | jq -c '.data.result'\n[{\"metric\":{\"pod\":\"api-78d4f6c9b7-5hj2k\"},\"value\":[1751361900,\"0.8612\"]}]\n";
        assert_eq!(facts(paste, Predicate::Throttled), ["container shop/api-78d4f6c9b7-5hj2k/api 0.8612/1"]);
        let samples = facts(paste, Predicate::Sample);
        assert_eq!(samples.len(), 1);
        assert!(samples[0].contains("cfs_throttled_periods_total") && samples[0].contains("pod=\"api-78d4f6c9b7-5hj2k\""), "{samples:?}");
    }

    #[test]
    fn an_aggregated_flag_counter_query_reads_like_the_counter_itself() {
        let paste = "$ curl -s 'http://prom:9090/api/v1/query?query=sum by (feature_flag_key, reason, error_code) (rate(feature_flag_evaluation_requests_total{namespace=\"pay\"}[1h]))' | jq .data.result\n[\n  {\"metric\": {\"feature_flag_key\": \"pay.split-v3\", \"reason\": \"ERROR\", \"error_code\": \"FLAG_NOT_FOUND\"}, \"value\": [1730815200, \"14.83\"]},\n  {\"metric\": {\"feature_flag_key\": \"pay.batch\", \"reason\": \"STATIC\", \"error_code\": \"\"}, \"value\": [1730815200, \"0.41\"]}\n]\n";
        assert_eq!(facts(paste, Predicate::FlagNotFound), ["flag pay.split-v3 14.83"]);
        assert_eq!(super::single_metric("sum by (a, b) (rate(x_total{c=\"d\"}[1h]))"), Some("x_total"));
        assert_eq!(super::single_metric("sum(rate(x[5m])) / sum(rate(y[5m]))"), None);
    }

    #[test]
    fn range_results_are_one_sample_per_point_and_other_json_is_not_results() {
        let paste = "$ curl -s 'http://prom:9090/api/v1/query_range?query=up&start=1&end=2&step=1'\n{\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"up\",\"job\":\"api\"},\"values\":[[1,\"1\"],[2,\"0\"]]}]}}\n";
        assert_eq!(facts(paste, Predicate::Sample).len(), 2);
        assert!(facts("$ kubectl get cm x -o json\n{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"},\"data\":{\"result\":\"ok\"}}\n", Predicate::Sample).is_empty());
        assert_eq!(super::query_of("curl -G x --data-urlencode 'query=sum(up{a=\"b\"})' | jq ."), Some("sum(up{a=\"b\"})"));
        assert_eq!(super::query_of("curl -s 'http://prom/api/v1/query?query=sum by (a) (rate(x[5m]))&time=1' | jq ."), Some("sum by (a) (rate(x[5m]))"));
        assert_eq!(super::matchers("rate(x{namespace=\"a\",pod!=\"b\",container=~\"c.*\"}[5m])"), [("namespace", "a")]);
    }
}
