//! What a fact says in words — the message of a log line, an event or a status — and phrase
//! tests over it, for derivations that recognise families of messages (authentication
//! failures, exhausted pools, missed cron starts). The tests ignore ASCII case and allocate
//! nothing: they run over every log line of a paste, a dozen lists of phrases each, so a
//! list is looked for in one pass over the text (see [`contains_any`]), not one per phrase.

pub use crate::ascii::{contains_ci, find_ci, starts_with_ci};
use crate::fact::{Fact, Predicate, Value};
use crate::infer::derive::{capacity, certs, network, pods, rotation};
use std::sync::OnceLock;

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

/// The phrase lists of the derivations that read only the messages [`may_say`] lets through
/// (credential failures, exhausted pools and timeouts, config errors, running out of memory,
/// failed calls, expired certificates), and the HTTP statuses they read: a message holding
/// none of these passes none of their tests. Such a derivation must have every phrase it
/// looks for in here.
const SPOKEN: &[&[&str]] = &[
    rotation::AUTH_FAILURE,
    &["401", "403", "504"],
    capacity::EXHAUSTED,
    capacity::TIMEOUT,
    pods::CONFIG_PHRASES,
    pods::CONFIG_HINTS,
    pods::PARSE_FAILURES,
    pods::CONFIG_OBJECT_WORDS,
    pods::OUT_OF_MEMORY,
    network::REFUSED,
    network::UNAVAILABLE,
    network::TIMED_OUT,
    certs::EXPIRY,
];

/// Whether the fact's message holds a phrase of [`SPOKEN`]: one pass over it for all those
/// lists, where the derivations would make a dozen. [`crate::infer::kb::Kb::may_say`] keeps
/// the answer for every message.
pub fn may_say(fact: &Fact) -> bool {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    static SETS: OnceLock<Vec<Phrases<'static>>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        let list = LIST.get_or_init(|| {
            let all: Vec<&'static str> = SPOKEN.iter().flat_map(|list| list.iter().copied()).collect();
            // A phrase that holds another one adds nothing to "one of them".
            all.iter().copied().filter(|p| !all.iter().any(|q| q != p && p.contains(q))).collect()
        });
        list.chunks(Phrases::MAX).map(Phrases::new).collect()
    });
    parts(fact).iter().any(|text| sets.iter().any(|set| set.in_text(text)))
}

/// True when the fact's message contains one of `phrases` (written in lower case).
pub fn says(fact: &Fact, phrases: &'static [&'static str]) -> bool {
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
/// The lists are the derivations' constants: each is prepared once (by its address) and
/// kept, where preparing it anew cost as much as the search on a short message.
pub fn contains_any(text: &str, phrases: &'static [&'static str]) -> bool {
    type Prepared = Vec<((usize, usize), Vec<Phrases<'static>>)>;
    thread_local! {
        static PREPARED: std::cell::RefCell<Prepared> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let key = (phrases.as_ptr() as usize, phrases.len());
    PREPARED.with_borrow_mut(|prepared| {
        let at = match prepared.iter().position(|(list, _)| *list == key) {
            Some(at) => at,
            None => {
                prepared.push((key, phrases.chunks(Phrases::MAX).map(Phrases::new).collect()));
                prepared.len() - 1
            }
        };
        prepared[at].1.iter().any(|set| set.in_text(text))
    })
}

/// True when `text` says one of `phrases` (lower case) without denying it: a `no`, `not`,
/// `never`, `without` or `zero` in the two words before it denies it (`No OOMKilled,
/// restarts 0 on all pods.`, `did not run out of memory`).
pub fn affirms_any(text: &str, phrases: &[&str]) -> bool {
    const DENIALS: &[&str] = &["no", "not", "never", "without", "zero", "t"];
    let denied = |before: &str| {
        before.rsplit(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(2).any(|w| DENIALS.iter().any(|d| w.eq_ignore_ascii_case(d)))
    };
    phrases.iter().any(|phrase| {
        let mut from = 0;
        while let Some(at) = text.get(from..).and_then(|rest| find_ci(rest, phrase)) {
            if !denied(&text[..from + at]) {
                return true;
            }
            from += at + phrase.len().max(1);
        }
        false
    })
}

/// Up to [`Phrases::MAX`] phrases (lower case), prepared to be looked for in one pass over a
/// text: each position is compared only with the phrases whose first two bytes could be there.
/// Bytes are told apart by their low five bits, which ignores ASCII case and keeps letters
/// apart (other bytes may share a slot with a letter; that only costs a comparison).
struct Phrases<'p> {
    list: &'p [&'p str],
    /// Bit i: phrase i may start with a byte in this slot / have its second byte in it.
    firsts: [u128; 32],
    seconds: [u128; 32],
    /// One of the phrases is empty, and so in every text.
    empty: bool,
}

impl<'p> Phrases<'p> {
    const MAX: usize = 128;

    fn new(list: &'p [&'p str]) -> Phrases<'p> {
        assert!(list.len() <= Phrases::MAX, "{} phrases in one set", list.len());
        let mut set = Phrases { list, firsts: [0; 32], seconds: [0; 32], empty: false };
        for (i, phrase) in list.iter().enumerate() {
            let bit = 1u128 << i;
            match phrase.as_bytes() {
                [] => set.empty = true,
                [first] => {
                    set.firsts[slot(*first)] |= bit;
                    set.seconds.iter_mut().for_each(|s| *s |= bit);
                }
                [first, second, ..] => {
                    set.firsts[slot(*first)] |= bit;
                    set.seconds[slot(*second)] |= bit;
                }
            }
        }
        set
    }

    fn in_text(&self, text: &str) -> bool {
        let text = text.as_bytes();
        self.empty
            || (0..text.len()).any(|at| {
                let next = text.get(at + 1).map_or(u128::MAX, |b| self.seconds[slot(*b)]);
                let mut candidates = self.firsts[slot(text[at])] & next;
                while candidates != 0 {
                    let phrase = self.list[candidates.trailing_zeros() as usize].as_bytes();
                    if text[at..].get(..phrase.len()).is_some_and(|here| crate::ascii::eq_ci(here, phrase)) {
                        return true;
                    }
                    candidates &= candidates - 1;
                }
                false
            })
    }
}

/// The slot of a byte in [`Phrases`]' tables.
fn slot(byte: u8) -> usize {
    usize::from(byte & 31)
}


/// True when `text` holds an HTTP status `code` as a status: after a word that introduces
/// one (`HTTP 401`, `status=401`, `code: 403`, `returned 401`, a proxy's `upstream 403`) or before its reason phrase
/// (`401 Unauthorized`).
pub fn has_status(text: &str, code: &str) -> bool {
    const LABELS: &[&str] = &["http", "status", "code", "returned", "response", "statuscode", "status_code", "got", "upstream"];
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
    #[test]
    fn a_status_the_upstream_answered_is_a_status() {
        assert!(super::has_status("upstream 403 z=14 x=8802 key_suffix=41f9", "403"));
        assert!(!super::has_status("retried 403 times", "403"));
    }

    #[test]
    fn denied_phrases_are_not_said() {
        let oom = &["out of memory", "oomkilled"];
        assert!(super::affirms_any("java.lang.OutOfMemoryError: out of memory", oom));
        assert!(super::affirms_any("no memory left, out of memory", oom));
        assert!(!super::affirms_any("No OOMKilled, restarts 0 on all pods.", oom));
        assert!(!super::affirms_any("the job did not run out of memory", oom));
        assert!(super::affirms_any("No retries left; OOMKilled again", oom));
    }

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
    fn phrase_lists_in_one_pass() {
        const PHRASES: [&str; 4] = ["pool exhausted", "x", "timed out", "\" 503 "];
        let phrases = &PHRASES;
        assert!(contains_any("HikariPool: POOL Exhausted", phrases));
        assert!(contains_any("read TIMED OUT", phrases));
        assert!(contains_any("GET / \" 503 12", phrases));
        assert!(contains_any("ends in x", phrases));
        assert!(!contains_any("pool exhauste", &phrases[..1]));
        assert!(!contains_any("", phrases));
        assert!(contains_any("anything", &["nope", ""]));
        // More phrases than one pass takes: the last one still counts.
        let many: Vec<String> = (0..140).map(|i| format!("phrase {i}")).collect();
        let many: &'static [&'static str] = many.into_iter().map(|p| &*Box::leak(p.into_boxed_str())).collect::<Vec<_>>().leak();
        assert!(contains_any("it says phrase 139", many));
        assert!(!contains_any("it says phrase x", many));
    }
}
