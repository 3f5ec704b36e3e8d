//! Inputs the fuzz targets (`fuzz/`) found to crash, hang or break an invariant, kept in
//! `tests/fuzz-regressions/` (named `<target>-<what it broke>`) and replayed through every
//! check the targets make: each parser alone, segmentation, and the whole analysis. Bytes are
//! decoded as the CLI and the targets decode them (lossily).

use std::path::Path;
use trowel_core::fuzzing::{check_analysis, check_ingest, parse_as, PARSED_KINDS};

#[test]
fn found_inputs_keep_every_invariant() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("the regressions folder").map(|e| e.expect("a folder entry").path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    for file in files {
        let bytes = std::fs::read(&file).expect("a readable input");
        let paste = String::from_utf8_lossy(&bytes);
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for kind in PARSED_KINDS {
            check_ingest(&paste, &parse_as(kind, &paste)).unwrap_or_else(|broken| panic!("{name}, {} parser: {broken}", kind.name()));
        }
        check_ingest(&paste, &trowel_core::ingest(&paste)).unwrap_or_else(|broken| panic!("{name}, segmentation: {broken}"));
        check_analysis(&paste).unwrap_or_else(|broken| panic!("{name}, analysis: {broken}"));
    }
}
