//! What a fact says in words — the message of a log line, an event or a status — and phrase
//! tests over it, for derivations that recognise families of messages (authentication
//! failures, exhausted pools, missed cron starts). The tests ignore ASCII case and allocate
//! nothing: they run over every log line of a paste.

use crate::fact::{Fact, Predicate, Value};

/// The texts a fact says: a log line's message, an event's reason and message, a status
/// message; empty for facts that carry no message.
fn parts(fact: &Fact) -> [&str; 2] {
    match &fact.value {
        Value::Log { message, .. } => [message, ""],
        Value::Event(e) => [&e.reason, &e.message],
        Value::Text(text) if fact.predicate == Predicate::StatusMessage => [text, ""],
        _ => ["", ""],
    }
}

/// True when the fact's message contains one of `phrases` (written in lower case).
pub fn says(fact: &Fact, phrases: &[&str]) -> bool {
    parts(fact).iter().any(|text| contains_any(text, phrases))
}

/// True when the fact's message holds the HTTP status `code` as a status (see [`has_status`]).
pub fn says_status(fact: &Fact, code: &str) -> bool {
    parts(fact).iter().any(|text| has_status(text, code))
}

/// The first of `phrases` the fact's message contains.
pub fn first_phrase<'p>(fact: &Fact, phrases: &[&'p str]) -> Option<&'p str> {
    phrases.iter().copied().find(|p| parts(fact).iter().any(|text| contains_ci(text, p)))
}

/// True when `text` contains one of `phrases` (written in lower case), ignoring ASCII case.
pub fn contains_any(text: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| contains_ci(text, p))
}

/// True when `text` contains `needle` (written in lower case), ignoring ASCII case.
pub fn contains_ci(text: &str, needle: &str) -> bool {
    let (h, n) = (text.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else { return true };
    let Some(last_start) = h.len().checked_sub(n.len()) else { return false };
    let mut from = 0;
    while from <= last_start {
        let Some(found) = memchr::memchr2(first, first.to_ascii_uppercase(), &h[from..=last_start]) else { return false };
        let at = from + found;
        if h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return true;
        }
        from = at + 1;
    }
    false
}

/// True when `text` holds an HTTP status `code` as a status: after a word that introduces
/// one (`HTTP 401`, `status=401`, `code: 403`, `returned 401`) or before its reason phrase
/// (`401 Unauthorized`).
pub fn has_status(text: &str, code: &str) -> bool {
    const LABELS: &[&str] = &["http", "status", "code", "returned", "response", "statuscode", "status_code", "got"];
    if !text.contains(code) {
        return false;
    }
    let mut words = text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').filter(|w| !w.is_empty()).peekable();
    let mut previous = "";
    while let Some(word) = words.next() {
        if word == code {
            let next = words.peek().copied().unwrap_or("");
            let labelled = LABELS.iter().any(|l| previous.eq_ignore_ascii_case(l));
            if labelled || next.eq_ignore_ascii_case("unauthorized") || next.eq_ignore_ascii_case("forbidden") {
                return true;
            }
        }
        previous = word;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_only_as_statuses() {
        assert!(has_status("GET /api/orders: HTTP 401", "401"));
        assert!(has_status("status=403 path=/v1/charge", "403"));
        assert!(has_status("upstream said 401 Unauthorized", "401"));
        assert!(!has_status("processed 401 records", "401"));
        assert!(!has_status("order 4011 failed", "401"));
    }

    #[test]
    fn phrases_ignore_case_and_edges() {
        assert!(contains_ci("FATAL: Password Authentication Failed", "password authentication failed"));
        assert!(contains_ci("x", "x"));
        assert!(!contains_ci("", "x"));
        assert!(!contains_ci("pool", "pool exhausted"));
        assert!(contains_ci("é pool EXHAUSTED", "pool exhausted"));
    }
}
