//! What each fuzz target does with its input, shared so a target file is one line. Input
//! bytes are decoded as the CLI decodes a file (lossily), then run through one stage and
//! checked against the invariants in `trowel_core::fuzzing`; a broken invariant panics, which
//! libFuzzer reports as a crash.

use trowel_core::artifact::ArtifactKind;
use trowel_core::fuzzing::{check_analysis, check_ingest, parse_as};

/// One parser on the whole input.
pub fn parser(kind: ArtifactKind, data: &[u8]) {
    let paste = String::from_utf8_lossy(data);
    if let Err(broken) = check_ingest(&paste, &parse_as(kind, &paste)) {
        panic!("{broken}");
    }
}

/// Segmentation and the parsers it picks.
pub fn segment(data: &[u8]) {
    let paste = String::from_utf8_lossy(data);
    if let Err(broken) = check_ingest(&paste, &trowel_core::ingest(&paste)) {
        panic!("{broken}");
    }
}

/// The whole analysis, twice (determinism), and its report as JSON that reads back.
pub fn analyze(data: &[u8]) {
    let paste = String::from_utf8_lossy(data);
    let report = check_analysis(&paste).unwrap_or_else(|broken| panic!("{broken}"));
    let json = serde_json::to_string(&report).expect("a report always serialises");
    let value: serde_json::Value = serde_json::from_str(&json).expect("the report's JSON reads back");
    assert!(value.get("diagnoses").is_some_and(serde_json::Value::is_array), "the report's JSON has its diagnoses");
}
