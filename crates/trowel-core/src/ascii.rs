//! ASCII case-insensitive search, the one implementation parsers and inference share, and
//! [`Set`]: tests against a set of ASCII characters, made on bytes.
//!
//! Needles are written in lower case; the haystack may be any case. Only ASCII letters fold,
//! so byte offsets found are those of the text itself and nothing is allocated.

/// True when `text` contains `needle` (written in lower case), ignoring ASCII case.
pub fn contains_ci(text: &str, needle: &str) -> bool {
    find_ci(text, needle).is_some()
}

/// Where `text` first contains `needle` (written in lower case), ignoring ASCII case. Byte
/// offsets are those of the text itself: ASCII case changes no lengths.
///
/// Candidates are found with `memchr2` on the needle's rarest byte (both cases), not on its
/// first: a needle such as `" is DOWN, reason: "` would otherwise stop at every space of every
/// line it is asked about (measured: a fifth of the message reader's time on plain logs).
pub fn find_ci(text: &str, needle: &str) -> Option<usize> {
    let (h, n) = (text.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    let last_start = h.len().checked_sub(n.len())?;
    let anchor = rarest(n);
    let (lower, upper) = (n[anchor].to_ascii_lowercase(), n[anchor].to_ascii_uppercase());
    let mut from = 0;
    while from <= last_start {
        let at = from + memchr::memchr2(lower, upper, &h[from + anchor..=last_start + anchor])?;
        // The first byte inline before the whole compare: most candidates fail there.
        // Lower-cased by hand: `u8::eq_ignore_ascii_case` stays a call in the size-optimised
        // build (measured), which is what this avoids.
        #[allow(clippy::manual_ignore_case_cmp)]
        let first_fits = h[at].to_ascii_lowercase() == n[0].to_ascii_lowercase();
        if first_fits && eq_ci(&h[at..at + n.len()], n) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The offset of the byte among `needle`'s first eight least likely in ops text: letters
/// ranked by how often English uses them, a space, digit or punctuation mark as common as the
/// commonest letter (log lines are full of them). Ties go to the earlier byte. Only eight:
/// this runs on every call, and a whole needle's worth of lookups cost more than it saved.
fn rarest(needle: &[u8]) -> usize {
    let mut best = 0;
    for (at, &byte) in needle.iter().enumerate().take(8) {
        if RANK[byte as usize] < RANK[needle[best] as usize] {
            best = at;
        }
    }
    best
}

/// [`rarest`]'s table: 1 for the rarest letter (`z`) up to 26 for `e`; 27 for anything else.
const RANK: [u8; 256] = {
    const BY_FREQUENCY: &[u8; 26] = b"etaoinsrhldcumfpgwybvkxjqz";
    let mut rank = [27u8; 256];
    let mut at = 0;
    while at < 26 {
        let letter = BY_FREQUENCY[at];
        rank[letter as usize] = 26 - at as u8;
        rank[letter.to_ascii_uppercase() as usize] = 26 - at as u8;
        at += 1;
    }
    rank
};

/// True when `text` starts with `prefix` (written in lower case), ignoring ASCII case.
pub fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|head| eq_ci(head, prefix.as_bytes()))
}

/// True when `a` equals `b`, ignoring ASCII case. A plain loop: std's `eq_ignore_ascii_case`
/// is two calls deep and chunked, which the size-optimised browser build leaves out of line
/// (find_ci ran 9× slower there than natively).
pub const fn eq_ci(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut at = 0;
    while at < a.len() {
        // By hand, not `u8::eq_ignore_ascii_case`: that stays a call in the size-optimised build.
        #[allow(clippy::manual_ignore_case_cmp)]
        if a[at].to_ascii_lowercase() != b[at].to_ascii_lowercase() {
            return false;
        }
        at += 1;
    }
    true
}

/// `str`'s pattern methods for a set of ASCII characters (`b" \t-"` for `[' ', '\t', '-']`),
/// with the same results, made on bytes. std's `char`-array patterns decode every character
/// and test it with a call per set; the size-optimised browser build keeps those as calls,
/// and a log line meets a dozen such tests. Every byte of the set must be ASCII, so that
/// whatever is cut or found is at a character boundary.
pub trait Set {
    /// `trim_start_matches(set)`.
    fn trim_start_of(&self, set: &[u8]) -> &str;
    /// `trim_end_matches(set)`.
    fn trim_end_of(&self, set: &[u8]) -> &str;
    /// `trim_matches(set)`.
    fn trim_of(&self, set: &[u8]) -> &str;
    /// `starts_with(set)`.
    fn starts_with_of(&self, set: &[u8]) -> bool;
    /// `ends_with(set)`.
    fn ends_with_of(&self, set: &[u8]) -> bool;
    /// `find(set)`.
    fn find_of(&self, set: &[u8]) -> Option<usize>;
    /// `contains(set)`.
    fn contains_of(&self, set: &[u8]) -> bool;
}

impl Set for str {
    fn trim_start_of(&self, set: &[u8]) -> &str {
        let b = self.as_bytes();
        let mut at = 0;
        while at < b.len() && in_set(set, b[at]) {
            at += 1;
        }
        &self[at..]
    }

    fn trim_end_of(&self, set: &[u8]) -> &str {
        let b = self.as_bytes();
        let mut end = b.len();
        while end > 0 && in_set(set, b[end - 1]) {
            end -= 1;
        }
        &self[..end]
    }

    fn trim_of(&self, set: &[u8]) -> &str {
        self.trim_start_of(set).trim_end_of(set)
    }

    fn starts_with_of(&self, set: &[u8]) -> bool {
        self.as_bytes().first().is_some_and(|&b| in_set(set, b))
    }

    fn ends_with_of(&self, set: &[u8]) -> bool {
        self.as_bytes().last().is_some_and(|&b| in_set(set, b))
    }

    fn find_of(&self, set: &[u8]) -> Option<usize> {
        let b = self.as_bytes();
        match *set {
            [one] => memchr::memchr(one, b),
            [one, two] => memchr::memchr2(one, two, b),
            [one, two, three] => memchr::memchr3(one, two, three, b),
            _ => b.iter().position(|&byte| in_set(set, byte)),
        }
    }

    fn contains_of(&self, set: &[u8]) -> bool {
        self.find_of(set).is_some()
    }
}

/// Whether `byte` is one of `set`'s (a loop: the sets are a few bytes long). Always inlined:
/// it runs per byte, and as a call it cost the size-optimised build 20× the native time.
#[inline(always)]
fn in_set(set: &[u8], byte: u8) -> bool {
    debug_assert!(set.is_ascii(), "a Set is ASCII");
    let mut at = 0;
    while at < set.len() {
        if set[at] == byte {
            return true;
        }
        at += 1;
    }
    false
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

    proptest::proptest! {
        #[test]
        fn find_ci_finds_what_a_lower_cased_search_finds(text in "[ a-dA-D:é]{0,24}", needle in "[ a-d:]{1,4}") {
            proptest::prop_assert_eq!(find_ci(&text, &needle), text.to_ascii_lowercase().find(&needle));
        }

        #[test]
        fn sets_answer_as_char_patterns(text in "[ \\t\\]\\[a-cé\u{a0}-]{0,16}") {
            let (set, chars) = (b" \t]-", [' ', '\t', ']', '-']);
            proptest::prop_assert_eq!(text.trim_start_of(set), text.trim_start_matches(chars));
            proptest::prop_assert_eq!(text.trim_end_of(set), text.trim_end_matches(chars));
            proptest::prop_assert_eq!(text.trim_of(set), text.trim_matches(chars));
            proptest::prop_assert_eq!(text.starts_with_of(set), text.starts_with(chars));
            proptest::prop_assert_eq!(text.ends_with_of(set), text.ends_with(chars));
            proptest::prop_assert_eq!(text.find_of(set), text.find(chars));
            proptest::prop_assert_eq!(text.find_of(&set[..2]), text.find(&chars[..2]));
            proptest::prop_assert_eq!(text.find_of(&set[..1]), text.find(&chars[..1]));
        }
    }
}
