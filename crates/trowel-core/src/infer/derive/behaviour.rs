//! Claims about what running code did: asked for a missing flag, took a fallback, reported
//! success, connected somewhere; and orderings — a change just before a behaviour change.

use crate::fact::{EntityKind, Fact, FactId, Predicate, Value};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::gitops::human_duration;
use crate::infer::kb::Kb;
use crate::time::{Precision, Timestamp};

/// Longest gap between a change and the behaviour change it is said to precede.
const CHANGE_WINDOW_SECONDS: f64 = 36.0 * 3600.0;

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    flags(kb, claims);
    success(kb, claims);
    connections(kb, claims);
    change_before(kb, claims);
}

fn flags(kb: &Kb<'_>, claims: &mut Claims) {
    let mut flags: Vec<_> = kb.with(Predicate::FlagNotFound).map(|f| f.subject).collect();
    flags.dedup();
    crate::sort::natural(&mut flags);
    flags.dedup();
    for flag in flags {
        let name = kb.entity(flag).name.clone();
        let facts: Vec<&Fact> = kb.about(flag, Predicate::FlagNotFound).collect();
        let count: f64 = facts.iter().filter_map(|f| f.value.as_number()).fold(0.0, f64::max);
        let how_often = if count > 1.0 { format!(" ({} lookups)", crate::infer::derive::series::exact(count)) } else { String::new() };
        let statement = format!("the code asks for feature flag `{name}`, which does not exist{how_often}");
        claims.add(ClaimKind::FlagMissing { flag: name }, statement, facts.iter().map(|f| f.id).collect(), Some(flag), facts.iter().find_map(|f| f.time));
    }
    for fact in kb.with(Predicate::Fallback) {
        let to = fact.value.as_text().unwrap_or("a fallback").to_string();
        let statement = format!("the code falls back to {to}");
        claims.add(ClaimKind::FallbackTaken { to }, statement, vec![fact.id], Some(fact.subject), fact.time);
    }
}

/// Jobs, pods and pipelines that say they succeeded.
fn success(kb: &Kb<'_>, claims: &mut Claims) {
    let mut rests_on: Vec<FactId> = Vec::new();
    for fact in kb.with(Predicate::Outcome) {
        if fact.value.as_text().is_some_and(is_success_text) {
            rests_on.push(fact.id);
        }
    }
    for fact in kb.with(Predicate::Completions) {
        if let Value::Ratio { num, den } = fact.value {
            if den > 0.0 && num >= den {
                rests_on.push(fact.id);
            }
        }
    }
    for fact in kb.with(Predicate::Status) {
        if fact.value.as_text().is_some_and(|s| matches!(s, "Completed" | "Succeeded" | "Complete")) {
            rests_on.push(fact.id);
        }
    }
    if rests_on.is_empty() {
        return;
    }
    let statement = "the job reports success: completions are full, the pod Completed and the log says it succeeded".to_string();
    let subject = rests_on.first().map(|id| {
        let f = kb.fact(*id);
        kb.workload_of(f.subject).unwrap_or(f.subject)
    });
    claims.add(ClaimKind::ReportedSuccess, statement, rests_on, subject, None);
}

fn is_success_text(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["success", "succeeded", "successful", "completed", "complete", "ok", "passed", "exit code 0", "exit 0"].iter().any(|w| lower.contains(w))
        && !lower.contains("fail")
}

/// One claim per connection target: the same line pasted twice (as `kubectl logs` output
/// and again among "log lines") is one piece of evidence, not two.
fn connections(kb: &Kb<'_>, claims: &mut Claims) {
    let mut targets: Vec<(String, Vec<&Fact>)> = Vec::new();
    for fact in kb.with(Predicate::ConnectsTo) {
        let target = kb.facts().display_value(&fact.value);
        match targets.iter_mut().find(|(t, _)| *t == target) {
            Some((_, facts)) => facts.push(fact),
            None => targets.push((target, vec![fact])),
        }
    }
    for (target, facts) in targets {
        let who = kb.entity(facts[0].subject);
        let statement = format!("{} reports connecting to {target}", who.name);
        claims.add(ClaimKind::ConnectedTo { target }, statement, facts.iter().map(|f| f.id).collect(), Some(facts[0].subject), facts[0].time);
    }
}

/// A change (config replaced, image pushed, rollout by hand) shortly before a cliff.
fn change_before(kb: &Kb<'_>, claims: &mut Claims) {
    let cliffs: Vec<(Timestamp, crate::infer::claim::ClaimId, String)> = claims
        .matching(|k| matches!(k, ClaimKind::Cliff { .. }))
        .filter_map(|c| c.time.map(|t| (t, c.id, c.statement.clone())))
        .collect();
    if cliffs.is_empty() {
        return;
    }
    let run_time_of_day = daily_run_time(kb);
    let changes: Vec<&Fact> = kb
        .with(Predicate::Changed)
        .filter(|f| f.time.is_some() && !matches!(kb.entity(f.subject).kind, EntityKind::Pod))
        .collect();
    for change in changes {
        let Some(at) = change.time else { continue };
        let mut rests_on = vec![change.id];
        let mut first_gap: Option<(f64, Timestamp)> = None;
        for (cliff_day, cliff_claim, _) in &cliffs {
            // A day-precision cliff happens at that day's run, when we know when runs start.
            let effect_time = run_time_of_day.map_or(*cliff_day, |offset| Timestamp(cliff_day.0 + offset));
            let gap = at.seconds_until(effect_time);
            let same_day = at.date() == cliff_day.date();
            if !(0.0..=CHANGE_WINDOW_SECONDS).contains(&gap) && !(run_time_of_day.is_none() && same_day) {
                continue;
            }
            rests_on.extend(claims.get(*cliff_claim).rests_on.iter().copied());
            if first_gap.is_none_or(|(g, _)| gap < g) {
                first_gap = Some((gap, effect_time));
            }
        }
        let Some((gap, effect_time)) = first_gap else { continue };
        let object = kb.entity(change.subject);
        let verb = change.value.as_text().unwrap_or("changed");
        let statement = if run_time_of_day.is_some() {
            format!(
                "{} {} was {verb} at {at}, {} before that day's run (runs start at {} UTC) — the first day of the cliff",
                crate::infer::kb::kind_title(&object.kind),
                object.name,
                human_duration(gap),
                clock(effect_time)
            )
        } else {
            format!("{} {} was {verb} at {at}, on the day the series broke", crate::infer::kb::kind_title(&object.kind), object.name)
        };
        claims.add(ClaimKind::ChangeBefore { seconds: gap }, statement, rests_on, Some(change.subject), Some(at));
    }
}

/// When a daily job starts, as milliseconds after midnight: the earliest timestamp logged by
/// a job's pod, if the paste has one.
fn daily_run_time(kb: &Kb<'_>) -> Option<i64> {
    let job_fact = kb
        .facts()
        .all()
        .iter()
        .filter(|f| f.time.is_some())
        .filter(|f| kb.lineage(f.subject).iter().any(|e| matches!(kb.entity(*e).kind, EntityKind::Job | EntityKind::CronJob)))
        .min_by_key(|f| f.time)?;
    let time = job_fact.time?;
    let midnight = crate::time::parse_iso_prefix(&time.date()).filter(|p| p.precision == Precision::Day)?.time;
    Some(time.0 - midnight.0)
}

fn clock(t: Timestamp) -> String {
    let text = t.to_string();
    text.get(11..19).unwrap_or(&text).to_string()
}
