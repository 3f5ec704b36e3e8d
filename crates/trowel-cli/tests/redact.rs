//! The contract of `trowel redact`, checked on the built binary: the JSON shape
//! `{"text", "redactions": [{"kind", "line", "start", "end"}]}` with byte offsets into the
//! input, the text format (redacted paste on stdout, `line N: kind` per secret on stderr), and
//! the same input handling as `analyze`.

mod common;

use common::trowel;
use serde_json::Value;

const PASTE: &str = "$ env | grep DB\nDB_HOST=analytics-db\nDB_PASSWORD=Xk9-pq-7731\n\n$ kubectl get secret api -n shop -o yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: api\n  namespace: shop\ndata:\n  token: dG9rLTQ0MjE=\n";

#[test]
fn json_has_the_text_and_where_each_secret_was() {
    let out = trowel(&["redact", "--format", "json", "-"], Some(PASTE.as_bytes()));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let text = json["text"].as_str().expect("text is a string");
    let redactions = json["redactions"].as_array().expect("redactions is an array");
    let found: Vec<(&str, u64, &str)> = redactions
        .iter()
        .map(|r| {
            let (start, end) = (r["start"].as_u64().expect("start") as usize, r["end"].as_u64().expect("end") as usize);
            (r["kind"].as_str().expect("kind is a string"), r["line"].as_u64().expect("line is a number"), &PASTE[start..end])
        })
        .collect();
    assert_eq!(found, [("password", 3, "Xk9-pq-7731"), ("kubernetes-secret", 12, "dG9rLTQ0MjE=")]);
    // The text is the input with each span replaced by its placeholder.
    let mut rebuilt = PASTE.to_string();
    for r in redactions.iter().rev() {
        let (start, end) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
        rebuilt.replace_range(start..end, &format!("‹redacted:{}›", r["kind"].as_str().unwrap()));
    }
    assert_eq!(text, rebuilt);
    assert!(text.contains("DB_HOST=analytics-db\n"), "what is not secret stays");
}

#[test]
fn text_prints_the_paste_on_stdout_and_a_line_per_secret_on_stderr() {
    let out = trowel(&["redact", "-"], Some(PASTE.as_bytes()));
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!stdout.contains("Xk9-pq-7731") && !stdout.contains("dG9rLTQ0MjE="), "{stdout}");
    assert!(stdout.contains("DB_PASSWORD=‹redacted:password›\n") && stdout.ends_with("  token: ‹redacted:kubernetes-secret›\n"), "{stdout}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "line 3: password\nline 12: kubernetes-secret\n");
}

#[test]
fn nothing_to_redact_is_the_paste_unchanged() {
    let paste = "image: registry.corp.io/api@sha256:3e7a9f2b4c1d0e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f\n";
    let out = trowel(&["redact"], Some(paste.as_bytes()));
    assert!(out.status.success() && out.stderr.is_empty());
    assert_eq!(out.stdout, paste.as_bytes());
}

#[test]
fn input_errors_and_invalid_utf8_are_handled_like_analyze() {
    let out = trowel(&["redact", "/no/such/file.txt"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
    let out = trowel(&["redact", "--format", "json", "-"], Some(b"password=hunter2 caf\xe9\n"));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["text"], "password=‹redacted:password› caf\u{FFFD}\n");
}
