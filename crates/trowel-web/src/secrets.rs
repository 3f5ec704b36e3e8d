//! Secrets in the paste, as the app uses them: where they are (to highlight them in the
//! editor) and the paste without them (what the share link, the exports and the copies carry
//! unless the user chooses to include them).
//!
//! The finding itself belongs to the core; this module is the one place the app calls it, so
//! the rest of the app depends only on [`Secret`], [`find`] and [`redact`].
//!
//! Stand-in until `trowel_core::redact` lands: private-key PEM blocks, JWTs, URL passwords
//! and the value after a `password`/`token`/`secret` key (`=` or `:`), placeholders as the
//! core writes them (`‹redacted:<kind>›`).

use std::ops::Range;

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
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find("-----BEGIN ") {
        let start = at + offset;
        let header_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let Some(end) = text[start..].find("-----END ").map(|n| start + n) else { break };
        let end = text[end..].find('\n').map_or(text.len(), |n| end + n);
        if text[start..header_end].contains("PRIVATE KEY") {
            found.push(Secret { kind: "private-key", start, end });
        }
        at = end;
    }
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        for (start, word) in words(body) {
            let (start, end) = (offset + start, offset + start + word.len());
            if found.iter().any(|s| s.start <= start && start < s.end) {
                continue;
            }
            let url_password = word.find("://").and_then(|scheme| {
                let authority = &word[scheme + 3..];
                let user_info = &authority[..authority.find('@')?];
                Some(scheme + 3 + user_info.find(':')? + 1..scheme + 3 + user_info.len())
            });
            if word.starts_with("eyJ") && word.matches('.').count() == 2 {
                found.push(Secret { kind: "jwt", start, end });
            } else if let Some(password) = url_password.filter(|p| !p.is_empty()) {
                found.push(Secret { kind: "password", start: start + password.start, end: start + password.end });
            } else if let Some((key, value)) = word.split_once(['=', ':']).filter(|(_, v)| !v.is_empty()) {
                let key = key.to_ascii_lowercase();
                if let Some(kind) = ["password", "token", "secret"].into_iter().find(|k| key.ends_with(k)) {
                    found.push(Secret { kind, start: end - value.len(), end });
                }
            }
        }
        offset += line.len();
    }
    trowel_core::sort::by_key(&mut found, |s| s.start);
    found
}

/// Words of a line with their offsets: runs of characters other than whitespace, quotes and commas.
fn words(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',')).filter(|w| !w.is_empty()).map(move |w| {
        // `split` yields subslices of `line`, so the pointer difference is the offset.
        (w.as_ptr() as usize - line.as_ptr() as usize, w)
    })
}

/// The paste with each secret replaced by `‹redacted:<kind>›`.
pub fn redact(text: &str) -> String {
    replace(text, &find(text))
}

fn replace(text: &str, secrets: &[Secret]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for secret in secrets {
        out.push_str(&text[at..secret.start]);
        out.push_str("‹redacted:");
        out.push_str(secret.kind);
        out.push('›');
        at = secret.end;
    }
    out.push_str(&text[at..]);
    out
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
