//! The export formats of `trowel analyze` (`sarif`, `mermaid`, `svg`), checked on the built
//! binary over every fixture: each must be valid for the tools that read it, and agree with
//! the JSON report of the same paste.

mod common;

use common::{fixture, trowel};
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;

/// Every `fixtures/**/*.txt`, sorted.
fn every_fixture() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![fixture("")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixtures folder").map(|e| e.expect("dir entry").path()) {
            if entry.is_dir() {
                dirs.push(entry);
            } else if entry.extension().is_some_and(|e| e == "txt") {
                found.push(entry);
            }
        }
    }
    found.sort();
    assert!(found.len() > 20, "fixtures found: {}", found.len());
    found
}

/// `trowel analyze --format <format> <path>`'s stdout, which must succeed.
fn analyze(format: &str, path: &str) -> String {
    let out = trowel(&["analyze", "--format", format, path], None);
    assert!(out.status.success(), "{format} of {path} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn report_json(path: &str) -> Value {
    serde_json::from_str(&analyze("json", path)).expect("JSON report")
}

#[test]
fn sarif_has_one_result_per_diagnosis_located_at_its_quotes() {
    for path in every_fixture() {
        let path = path.to_str().expect("UTF-8 path");
        let paste = std::fs::read_to_string(path).expect("fixture text");
        // Split at `\n` only: a CRLF paste keeps its `\r`s in the lines, as in the verbatim snippets.
        let lines: Vec<&str> = paste.split('\n').collect();
        let report = report_json(path);
        let log: Value = serde_json::from_str(&analyze("sarif", path)).expect("SARIF is JSON");

        assert_eq!(log["version"], "2.1.0");
        assert!(log["$schema"].as_str().is_some_and(|s| s.contains("sarif-2.1.0")));
        let run = &log["runs"][0];
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "trowel");
        assert!(driver["version"].is_string());
        let rule_ids: Vec<&str> = driver["rules"].as_array().expect("rules").iter().map(|r| r["id"].as_str().expect("rule id")).collect();
        assert_eq!(rule_ids.iter().collect::<HashSet<_>>().len(), rule_ids.len(), "{path}: one rule per class");

        let diagnoses = report["diagnoses"].as_array().expect("diagnoses");
        let results = run["results"].as_array().expect("results");
        assert_eq!(results.len(), diagnoses.len(), "{path}: one result per diagnosis");
        for (result, d) in results.iter().zip(diagnoses) {
            let class = d["class"].as_str().expect("class");
            assert_eq!(result["ruleId"], class);
            assert!(rule_ids.contains(&class));
            let confidence = d["confidence"].as_f64().expect("confidence");
            let level = if confidence >= 0.8 { "error" } else if confidence >= 0.5 { "warning" } else { "note" };
            assert_eq!(result["level"], level, "{path}: {class} at {confidence}");
            assert_eq!(result["properties"]["confidence"], d["confidence"]);
            let message = result["message"]["text"].as_str().expect("message");
            assert!(message.contains(d["title"].as_str().expect("title")) && message.contains(d["summary"].as_str().expect("summary")));

            let locations = result["locations"].as_array().expect("locations");
            assert_eq!(locations.is_empty(), d["evidence"].as_array().is_none_or(Vec::is_empty), "{path}: {class} is located iff it has evidence");
            for location in locations {
                let physical = &location["physicalLocation"];
                let name = path.rsplit('/').next().expect("file name");
                assert!(physical["artifactLocation"]["uri"].as_str().is_some_and(|u| u.ends_with(name)), "{path}: uri names the file");
                let region = &physical["region"];
                let (start, end) = (region["startLine"].as_u64().expect("startLine") as usize, region["endLine"].as_u64().expect("endLine") as usize);
                assert!(1 <= start && start <= end && end <= lines.len(), "{path}: region {start}-{end}");
                let snippet = region["snippet"]["text"].as_str().expect("snippet");
                assert!(!snippet.is_empty());
                assert!(lines[start - 1..end].join("\n").contains(snippet), "{path}: lines {start}-{end} do not contain {snippet:?}");
            }
        }
    }
}

#[test]
fn sarif_of_stdin_is_located_in_stdin() {
    let paste = std::fs::read(fixture("seeds/deploy-that-didnt-deploy.txt")).expect("seed");
    let out = trowel(&["analyze", "--format", "sarif"], Some(&paste));
    let log: Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "stdin");
}

/// A Mermaid node declaration (`    n12["label"]`, `    n3("label")`, `  omitted["…"]`): its
/// id and label.
fn declaration(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let open = line.find(['[', '('])?;
    let (id, rest) = line.split_at(open);
    let label = rest.get(2..rest.len().checked_sub(2)?)?;
    (rest.starts_with("[\"") || rest.starts_with("(\"")).then_some((id, label))
}

#[test]
fn mermaid_links_join_declared_nodes_with_escaped_labels() {
    for path in every_fixture() {
        let path = path.to_str().expect("UTF-8 path");
        let chart = analyze("mermaid", path);
        assert!(chart.starts_with("flowchart LR\n"), "{path}");
        let mut declared = HashSet::new();
        for line in chart.lines().filter(|l| !l.trim_start().starts_with("%%") && !l.trim_start().starts_with("subgraph ")) {
            let trimmed = line.trim_start();
            if let Some((id, label)) = declaration(line) {
                assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{path}: id {id:?}");
                assert!(!label.contains(['"', '[', ']', '<', '>', '|', '\n', '`']), "{path}: raw syntax in label {label:?}");
                declared.insert(id);
            } else if trimmed.starts_with('n') && !trimmed.starts_with("n ") {
                // A link: `nA <link> nB`, the link possibly carrying words.
                let words: Vec<&str> = trimmed.split(' ').collect();
                let (from, to) = (words[0], words[words.len() - 1]);
                assert!(declared.contains(from) && declared.contains(to), "{path}: link to undeclared node: {line}");
            }
        }
        let report = report_json(path);
        assert!(!declared.is_empty());
        assert!(declared.len() <= report["graph"]["nodes"].as_array().map_or(0, Vec::len).max(1));
    }
}

#[test]
fn svg_is_well_formed_with_one_element_per_drawn_node() {
    for path in every_fixture() {
        let path = path.to_str().expect("UTF-8 path");
        let svg = analyze("svg", path);
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{path}: not well-formed XML: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(doc.root_element().children().any(|c| c.has_tag_name("title")));
        let drawn: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("data-node")).collect();
        let unique: HashSet<&str> = drawn.iter().copied().collect();
        assert_eq!(unique.len(), drawn.len(), "{path}: a node drawn twice");

        // Every node is drawn, except facts when the graph is big enough to fold them.
        let report = report_json(path);
        let nodes = report["graph"]["nodes"].as_array().expect("nodes");
        let facts = nodes.iter().filter(|n| n["kind"] == "fact").count();
        let folded = facts > 24;
        let expected: HashSet<&str> = nodes.iter().filter(|n| !(folded && n["kind"] == "fact")).map(|n| n["id"].as_str().expect("id")).collect();
        assert_eq!(unique, expected, "{path}");
    }
}
