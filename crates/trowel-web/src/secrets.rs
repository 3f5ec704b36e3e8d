//! Secrets in the paste, as the app uses them: where they are (to highlight them in the
//! editor) and the paste without them (what the share link, the exports and the copies carry
//! unless the user chooses to include them).
//!
//! The finding itself belongs to the core ([`trowel_core::redact`]: by shape, by key and by
//! document structure); this module is the one place the app calls it, so the rest of the app
//! depends only on [`Secret`], [`find`] and [`redact`].

use std::ops::Range;
use trowel_core::redact;

/// One secret of the paste: what it is and its bytes `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Secret {
    /// The kind's name, as the placeholder shows it (`password`, `jwt`, `private-key`).
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
}

/// The paste's secrets, in text order, never overlapping.
pub fn find(text: &str) -> Vec<Secret> {
    redact::find(text).into_iter().map(|r| Secret { kind: r.kind.name(), start: r.start, end: r.end }).collect()
}

/// The paste with each secret replaced by `‹redacted:<kind>›`.
pub fn redact(text: &str) -> String {
    redact::redact(text).text
}

/// A line of the paste cut where secrets start and end: each piece's byte range within the
/// line, and the kind of the secret it is part of. `line` is the line's byte range in the
/// paste; `secrets` are in text order (as [`find`] returns them).
pub fn pieces(line: Range<usize>, secrets: &[Secret]) -> Vec<(Range<usize>, Option<&'static str>)> {
    let first = secrets.partition_point(|s| s.end <= line.start);
    let mut pieces = Vec::new();
    let mut at = line.start;
    for secret in secrets[first..].iter().take_while(|s| s.start < line.end) {
        let (start, end) = (secret.start.max(line.start), secret.end.min(line.end));
        if at < start {
            pieces.push((at - line.start..start - line.start, None));
        }
        if start < end {
            pieces.push((start - line.start..end - line.start, Some(secret.kind)));
        }
        at = end;
    }
    if at < line.end || pieces.is_empty() {
        pieces.push((at - line.start..line.end - line.start, None));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASTE: &str = "DB_PASSWORD=hunter2\nAuthorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl\n\
        -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\nstatus=200\n";

    #[test]
    fn secrets_are_found_and_replaced_and_the_rest_stays() {
        let kinds: Vec<&str> = find(PASTE).iter().map(|s| s.kind).collect();
        assert_eq!(kinds, ["password", "jwt", "private-key"]);
        let redacted = redact(PASTE);
        for secret in ["hunter2", "eyJhbGci", "MIIEowIBAAKCAQEA"] {
            assert!(!redacted.contains(secret), "{secret} is gone from {redacted}");
        }
        assert!(redacted.starts_with("DB_PASSWORD=‹redacted:password›\nAuthorization: Bearer ‹redacted:jwt›\n‹redacted:private-key›\nstatus=200\n"));
    }

    #[test]
    fn a_line_is_cut_at_its_secrets_even_when_one_spans_several_lines() {
        let secrets = find(PASTE);
        // Line 1: `DB_PASSWORD=` then the password.
        assert_eq!(pieces(0..19, &secrets), vec![(0..12, None), (12..19, Some("password"))]);
        // The key's middle line is secret from end to end.
        let middle = PASTE.find("MIIE").unwrap();
        assert_eq!(pieces(middle..middle + 16, &secrets), vec![(0..16, Some("private-key"))]);
        // A line without secrets is one piece; an empty line too.
        let last = PASTE.find("status").unwrap();
        assert_eq!(pieces(last..last + 10, &secrets), vec![(0..10, None)]);
        assert_eq!(pieces(5..5, &[]), vec![(0..0, None)]);
    }
}
