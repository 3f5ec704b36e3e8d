//! What the unit tests of the parsers print of a paste's facts, shared so each parser's tests
//! read the same listing (and no test module keeps its own copy).

use crate::fact::Predicate;

/// Every fact of a paste as `subject · Predicate · value`, in the order read.
pub fn fact_lines(paste: &str) -> Vec<String> {
    let ingest = crate::ingest(paste);
    let facts = &ingest.facts;
    facts.all().iter().map(|f| format!("{} · {:?} · {}", facts.entity_of(f.subject), f.predicate, facts.display_value(&f.value))).collect()
}

/// Asserts that each of `expected` is one of `facts` (lines as [`fact_lines`] prints them).
#[track_caller]
pub fn assert_facts(facts: &[String], expected: &[&str]) {
    for line in expected {
        assert!(facts.iter().any(|f| f == line), "missing {line:?} in {facts:#?}");
    }
}

/// Every log record of a paste as `writer @ time message` (`-` for an untimed record).
pub fn log_lines(paste: &str) -> Vec<String> {
    let ingest = crate::ingest(paste);
    let facts = &ingest.facts;
    facts
        .with(Predicate::Log)
        .map(|f| format!("{} @ {} {}", facts.entity_of(f.subject), f.time.map_or("-".into(), |t| t.to_string()), facts.display_value(&f.value)))
        .collect()
}

/// The facts of a paste with one of `predicates`, as `subject Predicate value`.
pub fn facts_with(paste: &str, predicates: &[Predicate]) -> Vec<String> {
    let ingest = crate::ingest(paste);
    let facts = &ingest.facts;
    facts.all().iter().filter(|f| predicates.contains(&f.predicate)).map(|f| format!("{} {:?} {}", facts.entity_of(f.subject), f.predicate, facts.display_value(&f.value))).collect()
}

/// The facts of a paste with `predicate`, as `subject value`.
pub fn values_of(paste: &str, predicate: Predicate) -> Vec<String> {
    let ingest = crate::ingest(paste);
    let facts = &ingest.facts;
    facts.all().iter().filter(|f| f.predicate == predicate).map(|f| format!("{} {}", facts.entity_of(f.subject), facts.display_value(&f.value))).collect()
}
