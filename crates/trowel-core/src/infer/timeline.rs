//! The timeline: every timestamped fact in time order, with turning points marked (a change,
//! a push, a sync, a cliff, errors).

use super::claim::{ClaimKind, Claims};
use super::graph::predicate_words;
use super::kb::Kb;
use crate::fact::{Fact, Level, Predicate, Value};
use crate::report::TimelineEntry;

/// Most entries the timeline shows; past it, marked entries are kept first and a warning
/// says how many were left out.
pub const MAX_ENTRIES: usize = 1000;

pub fn build(kb: &Kb<'_>, claims: &Claims, warnings: &mut Vec<String>) -> Vec<TimelineEntry> {
    let cliff_facts: Vec<_> = claims
        .matching(|k| matches!(k, ClaimKind::Cliff { .. }))
        .filter_map(|c| c.rests_on.last().copied())
        .collect();
    let mut timed: Vec<(&Fact, Option<&'static str>)> = kb
        .facts()
        .all()
        .iter()
        .filter(|f| f.time.is_some())
        .map(|f| (f, marker(f, cliff_facts.contains(&f.id))))
        .collect();
    if timed.len() > MAX_ENTRIES {
        let total = timed.len();
        crate::sort::by_key(&mut timed, |(f, m)| (m.is_none(), f.time, f.id));
        timed.truncate(MAX_ENTRIES);
        warnings.push(format!("the timeline shows {MAX_ENTRIES} of {total} timestamped facts (turning points first)"));
    }
    crate::sort::by_key(&mut timed, |(f, _)| (f.time, f.id));
    timed
        .into_iter()
        .map(|(fact, marker)| TimelineEntry {
            time: fact.time.map(|t| t.to_string()).unwrap_or_default(),
            event: event(kb, fact),
            line: kb.line_of(fact),
            marker: marker.map(str::to_string),
        })
        .collect()
}

fn marker(fact: &Fact, cliff: bool) -> Option<&'static str> {
    if cliff {
        return Some("cliff");
    }
    match fact.predicate {
        Predicate::Changed | Predicate::RolloutRevision => Some("change"),
        Predicate::Pushed => Some("push"),
        Predicate::SyncChanged | Predicate::SyncRevision | Predicate::SyncStatus => Some("sync"),
        Predicate::Log => match &fact.value {
            Value::Log { level: Some(Level::Error | Level::Fatal), .. } => Some("error"),
            Value::Log { level: Some(Level::Warn), .. } => Some("warning"),
            _ => None,
        },
        Predicate::Event => match &fact.value {
            Value::Event(e) if e.kind == "Warning" => Some("warning"),
            _ => None,
        },
        _ => None,
    }
}

fn event(kb: &Kb<'_>, fact: &Fact) -> String {
    let subject = &kb.entity(fact.subject).name;
    let value = kb.facts().display_value(&fact.value);
    match fact.predicate {
        Predicate::Log => format!("{subject}: {value}"),
        Predicate::Sample => format!("{subject} = {value}"),
        predicate => format!("{subject} {}: {value}", predicate_words(predicate)),
    }
}
