//! The diagnoses as SARIF 2.1.0, the format CI systems and code-scanning views (GitHub,
//! GitLab, Azure DevOps, IDE viewers) read findings from.
//!
//! One rule per failure class present (its id is the catalog class id), one result per
//! diagnosis: its level from the confidence (≥ 0.8 `error`, ≥ 0.5 `warning`, else `note`),
//! its message the title and summary, and one location per piece of evidence: the quoted
//! lines of the analysed file with the quote as the region's snippet. A diagnosis without
//! quoted evidence has no location.

use serde_json::{json, Value};
use trowel_core::report::{Diagnosis, Report, Stance};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF level of a diagnosis of this confidence.
pub fn level(confidence: f64) -> &'static str {
    if confidence >= 0.8 {
        "error"
    } else if confidence >= 0.5 {
        "warning"
    } else {
        "note"
    }
}

/// The report as a SARIF log (pretty JSON). `file` names the analysed input as the user gave
/// it (a path, or `stdin`); it becomes every location's URI.
pub fn render(report: &Report, file: &str) -> String {
    let uri = uri_of(file);
    let mut classes: Vec<&Diagnosis> = Vec::new();
    for d in &report.diagnoses {
        if !classes.iter().any(|c| c.class == d.class) {
            classes.push(d);
        }
    }
    let rules: Vec<Value> = classes
        .iter()
        .map(|d| json!({ "id": d.class, "name": d.class, "shortDescription": { "text": d.title } }))
        .collect();
    let results: Vec<Value> = report
        .diagnoses
        .iter()
        .map(|d| {
            let rule_index = classes.iter().position(|c| c.class == d.class);
            let mut properties = json!({ "confidence": d.confidence });
            if let Some(cause) = &d.explained_by {
                properties["explainedBy"] = json!(cause);
            }
            json!({
                "ruleId": d.class,
                "ruleIndex": rule_index,
                "level": level(d.confidence),
                "message": { "text": format!("{}: {}", d.title, d.summary) },
                "locations": locations(d, &uri),
                "properties": properties,
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "trowel", "version": env!("CARGO_PKG_VERSION"), "rules": rules } },
            "artifacts": [{ "location": { "uri": uri } }],
            "results": results,
        }],
    });
    // A `Value` built from strings and numbers always serialises.
    serde_json::to_string_pretty(&log).expect("a JSON value serialises") + "\n"
}

/// One location per quoted span (a span quoted for several claims is listed once), each
/// saying which claim it backs or contradicts.
fn locations(d: &Diagnosis, uri: &str) -> Vec<Value> {
    let mut seen: Vec<(u32, u32, u32)> = Vec::new();
    d.evidence
        .iter()
        .filter(|e| {
            let span = (e.line, e.start, e.end);
            let new = !seen.contains(&span);
            seen.push(span);
            new
        })
        .map(|e| {
            let stance = if e.stance == Stance::Supports { "supports" } else { "contradicts" };
            json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": { "startLine": e.line, "endLine": e.line_end.max(e.line), "snippet": { "text": e.quote } },
                },
                "message": { "text": format!("{stance}: {}", e.claim) },
            })
        })
        .collect()
}

/// A file name as a relative URI reference: `\` becomes `/`, and every byte outside the
/// unreserved set and `/` is percent-encoded.
fn uri_of(file: &str) -> String {
    let mut uri = String::with_capacity(file.len());
    for byte in file.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn levels_follow_confidence() {
        assert_eq!([0.99, 0.8, 0.79, 0.5, 0.49, 0.0].map(level), ["error", "error", "warning", "warning", "note", "note"]);
    }

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(uri_of("incidents/2024-11 paste.txt"), "incidents/2024-11%20paste.txt");
        assert_eq!(uri_of(r"C:\tmp\a#b.txt"), "C%3A/tmp/a%23b.txt");
        assert_eq!(uri_of("ünï.txt"), "%C3%BCn%C3%AF.txt");
        assert_eq!(uri_of("stdin"), "stdin");
    }

    #[test]
    fn one_rule_per_class_and_one_result_per_diagnosis() {
        let report = sample::report();
        let log: Value = serde_json::from_str(&render(&report, "paste.txt")).expect("JSON");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        let results = run["results"].as_array().expect("results");
        assert_eq!(rules.len(), 3);
        assert_eq!(results.len(), report.diagnoses.len());
        for (result, d) in results.iter().zip(&report.diagnoses) {
            assert_eq!(result["ruleId"], d.class.as_str());
            assert_eq!(rules[result["ruleIndex"].as_u64().expect("index") as usize]["id"], d.class.as_str());
            assert_eq!(result["level"], level(d.confidence));
            assert_eq!(result["properties"]["confidence"], d.confidence);
        }
        assert_eq!(results[1]["properties"]["explainedBy"], "stale-image-mutable-tag");
        // The first diagnosis quotes six distinct lines (three pods, the push, the tag, the sync).
        let first = results[0]["locations"].as_array().expect("locations");
        assert_eq!(first.len(), 6);
        assert!(first.iter().all(|l| l["physicalLocation"]["artifactLocation"]["uri"] == "paste.txt"));
        assert_eq!(first[0]["message"]["text"].as_str().map(|t| t.starts_with("supports: ")), Some(true));
    }
}
