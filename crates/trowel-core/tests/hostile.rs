//! Hostile input, one test per case of the issue's checklist: each must finish, never panic,
//! keep every byte accounted for, and say what it could not read or what looks wrong — a
//! warning or an unparsed entry in the report, asserted here, never a silent drop. Sizes are
//! the ones the issue names. The invariants are `trowel_core::fuzzing`'s, shared with the
//! fuzz targets.

use trowel_core::fuzzing::{check_analysis, check_ingest};
use trowel_core::report::Report;
use trowel_core::ingest;

/// The invariants every hostile input must keep; returns the report.
fn survives(paste: &str) -> Report {
    check_ingest(paste, &ingest(paste)).unwrap_or_else(|broken| panic!("{broken}"));
    check_analysis(paste).unwrap_or_else(|broken| panic!("{broken}"))
}

/// Asserts the report carries a warning containing `needle`.
fn warns(report: &Report, needle: &str) {
    assert!(report.warnings.iter().any(|w| w.contains(needle)), "no warning with {needle:?} in {:?}", report.warnings);
}

/// Asserts the report lists unparsed text whose reason contains `needle`.
fn lists_unparsed(report: &Report, needle: &str) {
    assert!(report.unparsed.iter().any(|u| u.reason.contains(needle)), "no unparsed text for {needle:?} in {:?}", report.unparsed);
}

#[test]
fn random_bytes_decoded_lossily() {
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let text = String::from_utf8_lossy(&bytes);
    let report = survives(&text);
    assert!(report.diagnoses.iter().all(|d| d.confidence < 0.5), "noise is no incident");
    warns(&report, "U+FFFD replacement character");
    warns(&report, "NUL byte");
}

#[test]
fn nul_bytes() {
    let report = survives("NAME\0 READY STATUS\nweb-1\0 1/1 Running\n\0\0\0\n[2024-01-01T00:00:00Z] a | ERROR \0 boom\n");
    warns(&report, "the paste holds 6 NUL byte(s)");
}

#[test]
fn a_hundred_megabyte_paste() {
    let block = "[2024-11-20T10:02:11Z] api | INFO GET /orders 200 12ms\n2024-11-20T10:02:12Z WARN slow query took 950ms\nts=2024-11-20T10:02:13Z level=error msg=\"upstream reset\"\nhttp_requests_total{code=\"200\"} 1027\n";
    let paste = block.repeat(100_000_000 / block.len() + 1);
    let report = survives(&paste);
    assert_eq!(report.line_count as usize, paste.matches('\n').count() + 1);
    assert!(report.warnings.iter().all(|w| !w.contains("limit")), "100 MB is within the limit: {:?}", report.warnings);
}

#[test]
fn a_single_twenty_megabyte_line() {
    let line = "x".repeat(10_000_000) + " sha256:3e7a9f2b...c841 " + &"y ".repeat(5_000_000);
    let report = survives(&line);
    let read = ingest(&line).facts.all().len();
    assert!(read > 0 || !report.unparsed.is_empty(), "the line is read or listed as unparsed, not dropped");
    survives(&format!("[2024-01-01T00:00:00Z] svc | ERROR {line}\n"));
    survives(&format!("key: {line}\n"));
}

#[test]
fn a_million_short_lines() {
    let paste = "a\n".repeat(1_000_000);
    assert_eq!(survives(&paste).line_count, 1_000_001);
    survives(&"1\n\n".repeat(500_000));
}

#[test]
fn crlf_and_mixed_line_endings() {
    let paste = "$ kubectl get pods -n shop\r\nNAME READY STATUS RESTARTS AGE\r\nweb-7d9f8c6b5-x2k4q 0/1 CrashLoopBackOff 7 1h\nweb-7d9f8c6b5-y2k4q 1/1 Running 0 1h\r\n\rstray\r";
    let ingest = ingest(paste);
    let facts: Vec<_> = ingest.facts.all().iter().map(|f| f.span.text(paste)).collect();
    assert!(facts.iter().all(|q| !q.ends_with('\r')), "quotes never include the CR of a CRLF: {facts:?}");
    warns(&survives(paste), "the paste holds 2 carriage return(s) not followed by a line feed");
    let crlf_only = survives(&paste[..paste.find("\rstray").expect("the stray CRs")]);
    assert!(crlf_only.warnings.iter().all(|w| !w.contains("carriage return")), "CRLF alone is no oddity");
}

#[test]
fn terminal_colour_codes() {
    // A raw terminal capture of a seed: every line coloured, every third word too, a title
    // sequence at the top. It reads as the plain paste does, and quotes keep the codes.
    let plain = include_str!("../../../fixtures/seeds/deploy-that-didnt-deploy.txt");
    let coloured: String = std::iter::once("\x1b]0;ops@bastion: ~\x07".to_string())
        .chain(plain.lines().map(|line| {
            let words: Vec<String> = line.split(' ').enumerate().map(|(i, w)| if i % 3 == 2 && !w.is_empty() { format!("\x1b[1;31m{w}\x1b[0m") } else { w.to_string() }).collect();
            format!("\x1b[32m{}\x1b[0m\n", words.join(" "))
        }))
        .collect();
    let (plain_report, coloured_report) = (survives(plain), survives(&coloured));
    let top = |r: &Report| r.diagnoses.first().map(|d| (d.class.clone(), (d.confidence * 100.0).round()));
    assert_eq!(top(&coloured_report), top(&plain_report));
    assert!(top(&plain_report).is_some(), "the seed is diagnosed");
    warns(&coloured_report, "terminal control sequence(s)");
    let evidence = coloured_report.diagnoses.iter().flat_map(|d| &d.evidence);
    assert!(evidence.clone().any(|e| e.quote.contains('\x1b')), "quotes keep the codes inside them");
    assert!(evidence.clone().all(|e| !e.quote.starts_with('\x1b') && !e.quote.ends_with("\x1b[0m")), "not the codes around them");
}

#[test]
fn tabs_versus_spaces() {
    let paste = "$ kubectl get pods\nNAME\tREADY\tSTATUS\nweb-1\t1/1\tRunning\n";
    assert!(ingest(paste).facts.entities().iter().any(|e| e.name == "web-1"), "a tab-separated table is read");
    survives(paste);
    let yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: web\n\tnamespace: shop\n";
    warns(&survives(yaml), "tabs in indentation");
    assert!(ingest(yaml).facts.entities().iter().any(|e| e.name == "web"), "tab-indented YAML is still read");
}

#[test]
fn look_alikes_and_zero_width_characters_in_names() {
    // Cyrillic 'е' and a zero-width space inside names must not be taken for the ASCII names.
    let paste = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nw\u{200b}eb-1 1/1 Running 0 2d\nwеb-2 1/1 Running 0 2d\n";
    let ingest = ingest(paste);
    assert!(ingest.facts.entities().iter().all(|e| e.name != "web-1" && e.name != "web-2"));
    let report = survives(paste);
    warns(&report, "the name `w\\u{200b}eb-1` holds look-alike or invisible characters");
    warns(&report, "the name `w\\u{435}b-2` holds look-alike or invisible characters");
}

#[test]
fn yaml_alias_bomb() {
    let mut paste = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut previous = 'a';
    for name in 'b'..='j' {
        paste.push_str(&format!("  {name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"));
        previous = name;
    }
    warns(&survives(&paste), "a YAML alias (`*name`) is not expanded: the value it stands for is not read at that place (81 times)");
}

#[test]
fn ten_thousand_deep_nesting() {
    let json_arrays = "$ kubectl get pods -o json\n".to_string() + &"[".repeat(10_000) + &"]".repeat(10_000);
    let json_objects = "$ kubectl get pods -o json\n".to_string() + &"{\"a\":".repeat(10_000) + "1" + &"}".repeat(10_000);
    let yaml_maps: String = (0..10_000).map(|i| format!("{}k{i}:\n", " ".repeat(i % 2000))).collect();
    let yaml_maps = format!("$ kubectl get pod web -o yaml\n{yaml_maps}");
    let yaml_flow = format!("$ kubectl get pod web -o yaml\nkey: {}", "[".repeat(10_000));
    for paste in [json_arrays, json_objects, yaml_maps, yaml_flow] {
        warns(&survives(&paste), "nested deeper than 100 levels");
    }
    survives(&"- ".repeat(10_000));
}

#[test]
fn enormous_numbers_and_duplicate_keys() {
    let report = survives("{\"replicas\": 1e999999, \"n\": 123456789012345678901234567890123456789, \"n\": -0}\n");
    warns(&report, "duplicate key `n`");
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 1e999999\n";
    warns(&survives(deployment), "`replicas` is out of range for a number: not read");
    let report = survives("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  name: dup2\ndata:\n  K: 1\n  K: 2\n");
    warns(&report, "duplicate key `name`: the first value is the one read");
    warns(&report, "duplicate key `K`");
    survives("http_requests_total 1e400\nx_total 99999999999999999999999999999\n");
}

#[test]
fn truncated_documents() {
    let report = survives("$ kubectl get pod web -o json\n{\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"web\", \"lab");
    lists_unparsed(&report, "truncated?");
    warns(&report, "the text ends before this object is closed (truncated?)");
    let report = survives("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: \"unterminated\n");
    warns(&report, "unterminated quote");
}

#[test]
fn prometheus_lines_with_unterminated_labels() {
    let paste = "$ curl -s http://web:8080/metrics\n# TYPE x_total counter\nx_total{a=\"ok\"} 5\nx_total{a=\"b,c=\"d\"} 3\nx_total{a=\"unterminated} 4\nx_total{a=\"fine\"} 6\n";
    let report = survives(paste);
    let listed = |line: u32| report.unparsed.iter().any(|u| (u.line_start..=u.line_end).contains(&line));
    assert!(listed(4) && listed(5) && !listed(3) && !listed(6), "the broken samples, and only they, are listed: {:?}", report.unparsed);
}

#[test]
fn kubectl_tables_with_ragged_rows() {
    let paste = "$ kubectl get pods\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1\nweb-2 1/1 Running 0 2d extra cells here\n\nweb-3\n";
    let report = survives(paste);
    lists_unparsed(&report, "row has fewer cells than its header has columns");
}
