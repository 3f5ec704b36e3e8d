//! What a fact says in words — the message of a log line, an event or a status — and phrase
//! tests over it, for derivations that recognise families of messages (authentication
//! failures, exhausted pools, missed cron starts).

use crate::fact::{Fact, Value};

/// The message of a log line, an event (reason and message) or a status message, in lower
/// case; `None` for facts that carry no message.
pub fn message(fact: &Fact) -> Option<String> {
    match &fact.value {
        Value::Log { message, .. } => Some(message.to_ascii_lowercase()),
        Value::Event(e) => Some(format!("{}: {}", e.reason, e.message).to_ascii_lowercase()),
        Value::Text(text) if fact.predicate == crate::fact::Predicate::StatusMessage => Some(text.to_ascii_lowercase()),
        _ => None,
    }
}

/// True when `lower` (already lower case) contains one of `phrases`.
pub fn contains_any(lower: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| lower.contains(p))
}

/// True when `lower` holds an HTTP status `code` as a status: after a word that introduces
/// one (`HTTP 401`, `status=401`, `code: 403`, `returned 401`) or before its reason phrase.
pub fn has_status(lower: &str, code: &str) -> bool {
    const LABELS: &[&str] = &["http", "status", "code", "returned", "response", "statuscode", "status_code", "got"];
    let mut words = lower.split(|c: char| !c.is_ascii_alphanumeric() && c != '_').filter(|w| !w.is_empty()).peekable();
    let mut previous = "";
    while let Some(word) = words.next() {
        if word == code {
            let next = words.peek().copied().unwrap_or("");
            if LABELS.contains(&previous) || matches!(next, "unauthorized" | "forbidden") {
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
        assert!(has_status("get /api/orders: http 401", "401"));
        assert!(has_status("status=403 path=/v1/charge", "403"));
        assert!(has_status("upstream said 401 unauthorized", "401"));
        assert!(!has_status("processed 401 records", "401"));
        assert!(!has_status("order 4011 failed", "401"));
    }
}
