//! CloudWatch metric data as the AWS CLI prints it, read as time series like any metric's:
//!
//! ```text
//! $ aws cloudwatch get-metric-statistics --metric-name RowsLoaded --dimensions Name=Job,Value=etl --statistics Sum …
//! {"Label": "RowsLoaded", "Datapoints": [{"Timestamp": "2026-03-02T00:00:00+00:00", "Sum": 412887.0, "Unit": "Count"}, …]}
//! $ aws cloudwatch get-metric-data …
//! {"MetricDataResults": [{"Id": "m1", "Label": "RowsLoaded", "Timestamps": […], "Values": […]}]}
//! ```
//!
//! Each statistic of a datapoint (`Sum`, `Average`, `Maximum`, `Minimum`, `SampleCount`, and
//! the percentiles under `ExtendedStatistics`) is a dated `Sample` of the series
//! `Label{<dimension>="…",statistic="Sum"}`, the dimensions taken from the command's
//! `--dimensions Name=…,Value=…` when it is pasted; a `get-metric-data` result is the series
//! of its label. So a volume that collapsed or froze is a cliff or a frozen count, as in
//! exposition text. Datapoints come unsorted from the API; the series rules sort by time.

use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::number::parse_f64;
use crate::time::parse_iso_prefix;
use crate::tree::Node;

const STATISTICS: &[&str] = &["Sum", "Average", "Maximum", "Minimum", "SampleCount"];

/// Reads the datapoints of a CloudWatch response; false when the document holds none.
pub fn read(cx: &mut Cx<'_>, root: &Node<'_>) -> bool {
    if let Some(points) = root.get("Datapoints").filter(|n| n.is_seq() && n.items().iter().all(|p| p.get("Timestamp").is_some())) {
        let dimensions = dimensions(cx);
        let label = root.get("Label").and_then(Node::str).or_else(|| cx.artifact.command.as_ref().and_then(|c| c.flag(&["--metric-name"]))).unwrap_or("cloudwatch").to_string();
        for point in points.items() {
            let Some(time) = point.get("Timestamp").and_then(Node::str).and_then(parse_iso_prefix).map(|p| p.time) else { continue };
            let extended = point.get("ExtendedStatistics").map(Node::entries).unwrap_or_default();
            let stats = STATISTICS.iter().filter_map(|s| point.get(s).map(|v| (*s, v))).chain(extended.iter().map(|e| (e.key.as_ref(), &e.value)));
            for (statistic, value) in stats {
                let Some(value) = value.str().and_then(parse_f64) else { continue };
                let series = series_name(&label, &dimensions, Some(statistic));
                let id = cx.entity(EntityKind::Series, None, series);
                cx.timed_fact(id, Predicate::Sample, Value::Number(value), Some(time), point.span);
            }
        }
        return true;
    }
    let Some(results) = root.get("MetricDataResults").filter(|n| n.is_seq()) else { return false };
    for result in results.items() {
        let Some(label) = result.get("Label").or_else(|| result.get("Id")).and_then(Node::str) else { continue };
        let (Some(times), Some(values)) = (result.get("Timestamps"), result.get("Values")) else { continue };
        let series = series_name(label, &[], None);
        let id = cx.entity(EntityKind::Series, None, series);
        for (at, value) in times.items().iter().zip(values.items()) {
            let Some(time) = at.str().and_then(parse_iso_prefix).map(|p| p.time) else { continue };
            let Some(number) = value.str().and_then(parse_f64) else { continue };
            cx.timed_fact(id, Predicate::Sample, Value::Number(number), Some(time), value.span);
        }
    }
    true
}

/// `Label{Job="etl",Stage="curated",statistic="Sum"}`: labels in name order.
fn series_name(label: &str, dimensions: &[(String, String)], statistic: Option<&str>) -> String {
    let mut labels: Vec<(&str, &str)> = dimensions.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    labels.extend(statistic.map(|s| ("statistic", s)));
    crate::sort::by_key(&mut labels, |(k, _)| *k);
    if labels.is_empty() {
        return label.to_string();
    }
    let shown: Vec<String> = labels.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect();
    format!("{label}{{{}}}", shown.join(","))
}

/// The command's `--dimensions Name=Job,Value=etl Name=Stage,Value=curated` (also the JSON
/// form `[{"Name":"Job","Value":"etl"}]` is left out: it names no plain pair per word).
fn dimensions(cx: &Cx<'_>) -> Vec<(String, String)> {
    let Some(command) = cx.artifact.command.as_ref() else { return Vec::new() };
    let mut out = Vec::new();
    let mut words = command.args.iter().skip_while(|w| *w != "--dimensions").skip(1);
    for word in words.by_ref().take_while(|w| !w.starts_with("--")) {
        let field = |key: &str| word.split(',').find_map(|part| part.strip_prefix(key)).map(|v| v.trim_matches(['\'', '"']).to_string());
        if let (Some(name), Some(value)) = (field("Name="), field("Value=")) {
            out.push((name, value));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    /// Samples as `subject value @ time`.
    fn said(paste: &str, predicate: Predicate) -> Vec<String> {
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        let time = |f: &crate::fact::Fact| f.time.map_or("-".into(), |t| t.to_string());
        facts.with(predicate).map(|f| format!("{} {} @ {}", facts.entity_of(f.subject), facts.display_value(&f.value), time(f))).collect()
    }

    #[test]
    fn datapoints_are_dated_samples_of_the_metric_per_statistic() {
        let paste = "$ aws cloudwatch get-metric-statistics --namespace Shop/Etl --metric-name OrdersLoaded --dimensions Name=Job,Value=orders-etl --statistics Sum --period 86400\n{\n    \"Label\": \"OrdersLoaded\",\n    \"Datapoints\": [\n        { \"Timestamp\": \"2025-06-02T00:00:00+00:00\", \"Sum\": 5120.0, \"Unit\": \"Count\" },\n        { \"Timestamp\": \"2025-06-01T00:00:00+00:00\", \"Sum\": 5230.0, \"SampleCount\": 12.0, \"Unit\": \"Count\" }\n    ]\n}\n";
        assert_eq!(
            said(paste, Predicate::Sample),
            [
                "series OrdersLoaded{Job=\"orders-etl\",statistic=\"Sum\"} 5120 @ 2025-06-02T00:00:00Z",
                "series OrdersLoaded{Job=\"orders-etl\",statistic=\"Sum\"} 5230 @ 2025-06-01T00:00:00Z",
                "series OrdersLoaded{Job=\"orders-etl\",statistic=\"SampleCount\"} 12 @ 2025-06-01T00:00:00Z",
            ]
        );
    }

    #[test]
    fn metric_data_results_are_series_of_their_label() {
        let paste = "$ aws cloudwatch get-metric-data --metric-data-queries file://q.json --start-time 2025-06-01T00:00:00Z --end-time 2025-06-03T00:00:00Z\n{\n  \"MetricDataResults\": [\n    {\"Id\": \"m1\", \"Label\": \"FilesExported\", \"Timestamps\": [\"2025-06-02T00:00:00Z\", \"2025-06-01T00:00:00Z\"], \"Values\": [40.0, 910.0], \"StatusCode\": \"Complete\"}\n  ]\n}\n";
        assert_eq!(said(paste, Predicate::Sample), ["series FilesExported 40 @ 2025-06-02T00:00:00Z", "series FilesExported 910 @ 2025-06-01T00:00:00Z"]);
    }

    #[test]
    fn a_collapse_in_cloudwatch_beside_successful_runs_is_a_silent_drop() {
        let point = |day: u8, sum: u32| format!("{{ \"Timestamp\": \"2025-06-{day:02}T00:00:00+00:00\", \"Sum\": {sum}.0, \"Unit\": \"Count\" }}");
        let points: Vec<String> = [(1, 88210), (2, 90114), (3, 87950), (4, 3120), (5, 3120), (6, 3120)].iter().map(|(d, s)| point(*d, *s)).collect();
        let paste = format!(
            "$ aws cloudwatch get-metric-statistics --namespace Shop/Etl --metric-name RowsWritten --statistics Sum --period 86400\n{{\n  \"Label\": \"RowsWritten\",\n  \"Datapoints\": [\n    {}\n  ]\n}}\n\n$ tail -2 etl.log\n2025-06-06 01:10:02,118 INFO etl: wrote 3120 rows\n2025-06-06 01:10:03,002 INFO etl: Status: SUCCESS\n",
            points.join(",\n    ")
        );
        let report = crate::analyze(&paste);
        assert_eq!(report.diagnoses.first().map(|d| d.class.as_str()), Some("silent-data-drop"), "{:?}", report.diagnoses.iter().map(|d| (&d.class, d.confidence)).collect::<Vec<_>>());
    }
}
