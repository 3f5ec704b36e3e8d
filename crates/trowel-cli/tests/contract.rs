//! The `trowel` command's public contracts, checked on the built binary: the JSON shapes of
//! `analyze --format json` and `facts --format json` (fields may be added, never renamed or
//! dropped), and how input errors are reported.

mod common;

use common::{fixture, trowel};
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    let out = trowel(args, None);
    assert!(out.status.success(), "trowel {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

fn is_str(v: &Value) -> bool {
    v.is_string()
}

fn is_line(v: &Value) -> bool {
    v.as_u64().is_some_and(|n| n >= 1)
}

#[test]
fn analyze_json_has_the_contract_shape() {
    let path = fixture("seeds/deploy-that-didnt-deploy.txt");
    let paste = std::fs::read_to_string(&path).expect("fixture");
    let report = json(&["analyze", "--format", "json", path.to_str().expect("utf-8 path")]);

    let diagnoses = report["diagnoses"].as_array().expect("diagnoses is an array");
    assert!(!diagnoses.is_empty());
    let mut last = f64::INFINITY;
    for d in diagnoses {
        for field in ["class", "title", "summary"] {
            assert!(is_str(&d[field]), "diagnosis.{field} is a string: {d}");
        }
        let confidence = d["confidence"].as_f64().expect("confidence is a number");
        assert!((0.0..=1.0).contains(&confidence));
        assert!(confidence <= last, "diagnoses are sorted by confidence, highest first");
        last = confidence;
        assert!(d["fixes"].as_array().expect("fixes").iter().all(is_str));
        assert!(d["checks"].as_array().expect("checks").iter().all(is_str));
        for e in d["evidence"].as_array().expect("evidence is an array") {
            assert!(is_str(&e["claim"]) && is_line(&e["line"]), "evidence: {e}");
            let quote = e["quote"].as_str().expect("quote is a string");
            assert!(paste.contains(quote), "every quote is verbatim input: {quote:?}");
            assert!(matches!(e["stance"].as_str(), Some("supports" | "contradicts")));
        }
    }
    assert!(is_str(&report["reconstruction"]["summary"]));
    for c in report["reconstruction"]["components"].as_array().expect("components") {
        assert!(is_str(&c["name"]) && is_str(&c["kind"]) && is_str(&c["role"]), "component: {c}");
    }
    for t in report["timeline"].as_array().expect("timeline") {
        assert!(is_str(&t["time"]) && is_str(&t["event"]) && is_line(&t["line"]), "timeline: {t}");
    }
    let nodes = report["graph"]["nodes"].as_array().expect("graph.nodes");
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().expect("node id")).collect();
    for n in nodes {
        assert!(is_str(&n["kind"]) && is_str(&n["label"]), "node: {n}");
    }
    for e in report["graph"]["edges"].as_array().expect("graph.edges") {
        assert!(ids.contains(&e["from"].as_str().expect("from")) && ids.contains(&e["to"].as_str().expect("to")), "edge ends are nodes: {e}");
        assert!(matches!(
            e["relation"].as_str(),
            Some("derived-from" | "supports" | "contradicts" | "explains" | "fixes" | "checks")
        ));
    }
    for a in report["artifacts"].as_array().expect("artifacts") {
        assert!(is_str(&a["kind"]) && is_line(&a["line_start"]) && is_line(&a["line_end"]), "artifact: {a}");
        assert!(a["title"].is_string() || a["title"].is_null());
    }
    assert!(report["warnings"].as_array().expect("warnings").iter().all(is_str));
}

#[test]
fn facts_json_lists_artifacts_with_their_facts() {
    let path = fixture("seeds/job-that-succeeded-wrong.txt");
    let facts = json(&["facts", "--format", "json", path.to_str().expect("utf-8 path")]);
    let artifacts = facts["artifacts"].as_array().expect("artifacts");
    assert!(artifacts.iter().all(|a| a["kind"] != "unknown"), "every artifact of a seed is recognised");
    for a in artifacts {
        assert!(is_str(&a["kind"]) && is_line(&a["line_start"]) && is_line(&a["line_end"]));
        assert!(a["title"].is_string() || a["title"].is_null());
        assert!(a["facts"].is_array());
    }
    assert!(artifacts.iter().map(|a| a["facts"].as_array().map_or(0, Vec::len)).sum::<usize>() > 20);
}

#[test]
fn markdown_and_text_render_the_same_diagnosis() {
    let path = fixture("seeds/job-that-succeeded-wrong.txt");
    let path = path.to_str().expect("utf-8 path");
    let markdown = String::from_utf8(trowel(&["analyze", "--format", "markdown", path], None).stdout).expect("utf-8");
    let text = String::from_utf8(trowel(&["analyze", path], None).stdout).expect("utf-8");
    assert!(markdown.starts_with("# Incident analysis"));
    assert!(markdown.contains("`config-crossover`") && text.contains("[config-crossover]"));
}

#[test]
fn a_missing_file_is_one_line_and_exit_2() {
    let out = trowel(&["analyze", "/no/such/file.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("no such file"));
}

#[test]
fn binary_input_is_refused_with_exit_2() {
    let out = trowel(&["facts", "-"], Some(&[0u8, 1, 2, 0, 0, 0, 7, 0, 0, 0, 0, 0xff, 0, 0]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not text"));
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let mut paste = b"$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d \xff\xfe\n".to_vec();
    paste.extend_from_slice(b"[2024-01-01T00:00:00Z] api | ERROR caf\xe9 broke\n");
    let out = trowel(&["analyze", "--format", "json", "-"], Some(&paste));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(report["artifacts"].as_array().is_some_and(|a| !a.is_empty()));
}
