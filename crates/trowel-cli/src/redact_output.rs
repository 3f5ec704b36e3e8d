//! Rendering of `trowel redact`: the redacted text for stdout with one summary line per
//! secret for stderr, or both as one JSON object (the public contract of `--format json`).

use std::fmt::Write;
use trowel_core::redact::Redacted;

/// `{"text": …, "redactions": [{"kind", "line", "start", "end"}]}`, offsets in input bytes.
pub fn json(redacted: &Redacted) -> String {
    // Strings, numbers and kind names only; serialising it cannot fail.
    serde_json::to_string_pretty(redacted).expect("redaction serialises") + "\n"
}

/// One line per redaction, `line 12: password`, for stderr next to the redacted text.
pub fn summary(redacted: &Redacted) -> String {
    let mut out = String::new();
    for r in &redacted.redactions {
        let _ = writeln!(out, "line {}: {}", r.line, r.kind.name());
    }
    out
}
