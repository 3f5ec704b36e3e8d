//! ASCII case-insensitive search, the one implementation parsers and inference share.
//!
//! Needles are written in lower case; the haystack may be any case. Only ASCII letters fold,
//! so byte offsets found are those of the text itself and nothing is allocated.

/// True when `text` contains `needle` (written in lower case), ignoring ASCII case.
pub fn contains_ci(text: &str, needle: &str) -> bool {
    find_ci(text, needle).is_some()
}

/// Where `text` first contains `needle` (written in lower case), ignoring ASCII case. Byte
/// offsets are those of the text itself: ASCII case changes no lengths.
pub fn find_ci(text: &str, needle: &str) -> Option<usize> {
    let (h, n) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else { return Some(0) };
    let last_start = h.len().checked_sub(n.len())?;
    let mut from = 0;
    while from <= last_start {
        let at = from + memchr::memchr2(first, first.to_ascii_uppercase(), &h[from..=last_start])?;
        if eq_ci(&h[at..at + n.len()], n) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// True when `text` starts with `prefix` (written in lower case), ignoring ASCII case.
pub fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|head| eq_ci(head, prefix.as_bytes()))
}

/// True when `a` equals `b`, ignoring ASCII case. A plain loop: std's `eq_ignore_ascii_case`
/// is two calls deep and chunked, which the size-optimised browser build leaves out of line
/// (find_ci ran 9× slower there than natively).
pub fn eq_ci(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut at = 0;
    while at < a.len() {
        if a[at].to_ascii_lowercase() != b[at].to_ascii_lowercase() {
            return false;
        }
        at += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_ignore_case_and_edges() {
        assert!(contains_ci("FATAL: Password Authentication Failed", "password authentication failed"));
        assert!(contains_ci("x", "x"));
        assert!(!contains_ci("", "x"));
        assert!(!contains_ci("pool", "pool exhausted"));
        assert!(contains_ci("é pool EXHAUSTED", "pool exhausted"));
        assert_eq!(find_ci("Service \"a\" Does Not Have", "does not have"), Some(12));
        assert_eq!(find_ci("does not hav", "does not have"), None);
        assert!(starts_with_ci("Readiness Probe failed", "readiness probe"));
        assert!(!starts_with_ci("Ready", "readiness"));
        assert!(eq_ci(b"OOMKilled", b"oomkilled"));
        assert!(eq_ci(b"ufw block", b"UFW BLOCK"));
        assert!(!eq_ci(b"OOMKilled", b"oomkille"));
        assert!(!eq_ci(b"[", b"{"), "only letters fold");
    }
}
