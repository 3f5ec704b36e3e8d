//! Secret redaction on realistic pastes: every secret of the corpus in `tests/secrets/` is
//! gone and every look-alike survives byte for byte; on any input redaction never panics, only
//! replaces its spans and is idempotent; and redacting an incident fixture keeps its diagnosis.
//!
//! Corpus files are `<name>.txt` with a `<name>.expect` beside them (format in each file's
//! header). They live outside `fixtures/`, which holds incidents the fixture tests diagnose.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use trowel_core::redact::{find, placeholder, redact, Redacted};

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            found.extend(files_under(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn corpus() -> Vec<PathBuf> {
    files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/secrets"), "txt")
}

#[test]
fn corpus_secrets_are_gone_and_look_alikes_stay() {
    let files = corpus();
    assert!(files.len() >= 5, "the corpus is in tests/secrets/");
    for path in files {
        let name = path.file_name().expect("a file").to_string_lossy().into_owned();
        let input = std::fs::read_to_string(&path).expect("utf-8 corpus file");
        let expect = std::fs::read_to_string(path.with_extension("expect")).expect("every corpus file has an .expect");
        let out = redact(&input);
        let (mut secrets, mut keeps) = (0, 0);
        for line in expect.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            if let Some(rest) = line.strip_prefix("secret ") {
                let (kind, secret) = rest.split_once(' ').expect("`secret <kind> <text>`");
                let at = input.find(secret).unwrap_or_else(|| panic!("{name}: {secret:?} is not in the input"));
                assert!(!out.text.contains(secret), "{name}: {secret:?} survived:\n{}", out.text);
                let covering = out.redactions.iter().find(|r| r.start <= at && at < r.end);
                assert_eq!(covering.map(|r| r.kind.name()), Some(kind), "{name}: {secret:?}");
                secrets += 1;
            } else if let Some(keep) = line.strip_prefix("keep ") {
                assert!(input.contains(keep), "{name}: {keep:?} is not in the input");
                assert_eq!(out.text.matches(keep).count(), input.matches(keep).count(), "{name}: {keep:?} was touched:\n{}", out.text);
                keeps += 1;
            } else {
                panic!("{name}.expect: cannot read {line:?}");
            }
        }
        assert!(secrets > 0 && keeps > 0, "{name}: each corpus file has secrets and look-alikes");
    }
}

/// Redacting the paste keeps what the analysis finds first: the placeholders leave keys,
/// hosts, names and digests in place.
#[test]
fn redacting_a_fixture_keeps_its_top_diagnosis() {
    let fixtures = files_under(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"), "txt");
    assert!(fixtures.len() > 50, "the incident fixtures are in fixtures/");
    let mut redacted_any = 0;
    for path in fixtures {
        let paste = std::fs::read_to_string(&path).expect("utf-8 fixture");
        let redacted = redact(&paste);
        if redacted.redactions.is_empty() {
            continue;
        }
        redacted_any += 1;
        let top = |text: &str| trowel_core::analyze(text).diagnoses.first().map(|d| (d.class.clone(), d.confidence >= 0.5));
        assert_eq!(top(&redacted.text), top(&paste), "{}: redacted {:?}", path.display(), redacted.redactions);
    }
    assert!(redacted_any > 0, "some fixture holds a secret, so this test compares something");
}

/// Lines of the corpus and secret-shaped pieces, cut and joined in any order.
fn paste() -> impl Strategy<Value = String> {
    let lines: Vec<String> =
        corpus().iter().flat_map(|p| std::fs::read_to_string(p).expect("corpus").split_inclusive('\n').map(str::to_string).collect::<Vec<_>>()).collect();
    const PIECES: &[&str] = &[
        "=", ":", "://", "@", "\"", "'", "\\", " ", "\n", "password", "token", "auth", "Authorization: ", "Bearer ", "--password ",
        "-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "eyJhbGciOiJIUzI1", ".", "ghp_", "AKIA", "LS0tLS1CRUdJT",
        "kind: Secret\n", "data:\n", "  ", "é", "‹", "›", "‹redacted:", "-u ", "curl ", "sig", "&", "?", "abcdefghij0123456789",
    ];
    let piece = prop_oneof![
        3 => proptest::sample::select(lines),
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<String>(),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

/// The input with each redaction's span replaced by its placeholder.
fn rebuilt(input: &str, redacted: &Redacted) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in &redacted.redactions {
        out.push_str(&input[at..r.start]);
        out.push_str(&placeholder(r.kind));
        at = r.end;
    }
    out + &input[at..]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Never panics; redactions are in order, apart and on the right line; everything
    /// outside them is unchanged; `find` agrees; and redacting again changes nothing (for
    /// input that holds no placeholder of its own).
    #[test]
    fn redaction_replaces_only_its_spans_and_is_idempotent(input in paste()) {
        let once = redact(&input);
        let mut last_end = 0;
        for r in &once.redactions {
            prop_assert!(last_end <= r.start && r.start < r.end && r.end <= input.len(), "{:?}", once.redactions);
            prop_assert_eq!(r.line as usize, input[..r.start].matches('\n').count() + 1);
            last_end = r.end;
        }
        prop_assert_eq!(rebuilt(&input, &once), once.text.clone());
        prop_assert_eq!(find(&input), once.redactions);
        // Known limit: a stray placeholder in the input (one redaction did not make) can
        // shift how the text around it reads once its neighbours are redacted.
        if !input.contains("‹redacted:") {
            let twice = redact(&once.text);
            prop_assert!(twice.redactions.is_empty(), "second pass redacted {:?} in {:?}", twice.redactions, once.text);
        }
    }
}
