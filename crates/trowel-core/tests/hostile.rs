//! Hostile input, one test per case: each must finish, never panic, keep every byte
//! accounted for, and say what it could not read. Sizes are the ones the issue names.

use trowel_core::{analyze, ingest};

/// The invariants every hostile input must keep.
fn survives(paste: &str) -> trowel_core::report::Report {
    let ingest = ingest(paste);
    let covered: u64 = ingest.artifacts.iter().map(|a| u64::from(a.span.end - a.span.start)).sum();
    assert_eq!(covered as usize, paste.len(), "artifacts must cover every byte");
    let report = analyze(paste);
    for d in &report.diagnoses {
        for e in &d.evidence {
            assert_eq!(&paste[e.start as usize..e.end as usize], e.quote);
        }
    }
    report
}

#[test]
fn random_bytes_decoded_lossily() {
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let text = String::from_utf8_lossy(&bytes);
    let report = survives(&text);
    assert!(report.diagnoses.iter().all(|d| d.confidence < 0.5), "noise is no incident");
}

#[test]
fn nul_bytes() {
    survives("NAME\0 READY STATUS\nweb-1\0 1/1 Running\n\0\0\0\n[2024-01-01T00:00:00Z] a | ERROR \0 boom\n");
}

#[test]
fn a_hundred_megabyte_paste() {
    let block = "[2024-11-20T10:02:11Z] api | INFO GET /orders 200 12ms\n2024-11-20T10:02:12Z WARN slow query took 950ms\nts=2024-11-20T10:02:13Z level=error msg=\"upstream reset\"\nhttp_requests_total{code=\"200\"} 1027\n";
    let paste = block.repeat(100_000_000 / block.len() + 1);
    let report = survives(&paste);
    assert!(report.line_count > 1_000_000);
}

#[test]
fn a_single_twenty_megabyte_line() {
    let line = "x".repeat(10_000_000) + " sha256:3e7a9f2b...c841 " + &"y ".repeat(5_000_000);
    survives(&line);
    survives(&format!("[2024-01-01T00:00:00Z] svc | ERROR {line}\n"));
    survives(&format!("key: {line}\n"));
}

#[test]
fn a_million_short_lines() {
    let paste = "a\n".repeat(1_000_000);
    survives(&paste);
    survives(&"1\n\n".repeat(500_000));
}

#[test]
fn crlf_and_mixed_line_endings() {
    let paste = "$ kubectl get pods -n shop\r\nNAME READY STATUS RESTARTS AGE\r\nweb-7d9f8c6b5-x2k4q 0/1 CrashLoopBackOff 7 1h\nweb-7d9f8c6b5-y2k4q 1/1 Running 0 1h\r\n\rstray\r";
    let ingest = ingest(paste);
    let facts: Vec<_> = ingest.facts.all().iter().map(|f| f.span.text(paste)).collect();
    assert!(facts.iter().all(|q| !q.ends_with('\r')), "quotes never include the CR of a CRLF: {facts:?}");
    survives(paste);
}

#[test]
fn tabs_versus_spaces() {
    survives("NAME\tREADY\tSTATUS\nweb-1\t1/1\tRunning\n\tapiVersion: v1\n\tkind:\tPod\n");
}

#[test]
fn look_alikes_and_zero_width_characters_in_names() {
    // Cyrillic 'е' and a zero-width space inside names must not be taken for the ASCII names.
    let paste = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nw\u{200b}eb-1 1/1 Running 0 2d\nwеb-2 1/1 Running 0 2d\n";
    let ingest = ingest(paste);
    assert!(ingest.facts.entities().iter().all(|e| e.name != "web-1" && e.name != "web-2"));
    survives(paste);
}

#[test]
fn yaml_alias_bomb() {
    let mut paste = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut previous = 'a';
    for name in 'b'..='j' {
        paste.push_str(&format!("  {name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
        previous = name;
    }
    survives(&paste);
}

#[test]
fn ten_thousand_deep_nesting() {
    survives(&("[".repeat(10_000) + &"]".repeat(10_000)));
    survives(&("{\"a\":".repeat(10_000) + "1" + &"}".repeat(10_000)));
    let yaml: String = (0..10_000).map(|i| format!("{}k{i}:\n", " ".repeat(i % 2000))).collect();
    survives(&yaml);
    survives(&"- ".repeat(10_000));
}

#[test]
fn enormous_numbers_and_duplicate_keys() {
    survives("{\"replicas\": 1e999999, \"n\": 123456789012345678901234567890123456789, \"n\": -0}\n");
    survives("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\ndata:\n  K: 1\n  K: 2\n");
    survives("http_requests_total 1e400\nx_total 99999999999999999999999999999\n");
}

#[test]
fn truncated_documents() {
    survives("$ kubectl get pod web -o json\n{\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"web\", \"lab");
    survives("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: \"unterminated\n");
}

#[test]
fn prometheus_lines_with_unterminated_labels() {
    let paste = "# TYPE x counter\nx{a=\"b,c=\"d\"} 3\nx{a=\"unterminated} 4\nx{a=\"ok\"} 5\n";
    let ingest = ingest(paste);
    assert!(!ingest.unparsed.is_empty(), "a broken sample is reported, not dropped");
    survives(paste);
}

#[test]
fn kubectl_tables_with_ragged_rows() {
    let paste = "$ kubectl get pods\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1\nweb-2 1/1 Running 0 2d extra cells here\n\nweb-3\n";
    let ingest = ingest(paste);
    assert!(!ingest.unparsed.is_empty(), "a ragged row is reported");
    survives(paste);
}
