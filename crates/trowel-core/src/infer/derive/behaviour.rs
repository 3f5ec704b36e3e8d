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
    // Pods print `Completed`, Jobs and Argo Workflows `Succeeded`/`Complete`, Spark
    // applications `COMPLETED`.
    for fact in kb.with(Predicate::Status) {
        if fact.value.as_text().is_some_and(|s| ["completed", "succeeded", "complete"].iter().any(|w| s.eq_ignore_ascii_case(w))) {
            rests_on.push(fact.id);
        }
    }
    if rests_on.is_empty() {
        return;
    }
    let subject = rests_on.first().map(|id| {
        let f = kb.fact(*id);
        kb.workload_of(f.subject).unwrap_or(f.subject)
    });
    let statement = success_statement(kb, &rests_on);
    claims.add(ClaimKind::ReportedSuccess, statement, rests_on.clone(), subject, None);
    during_collapse(kb, claims, &rests_on, subject);
}

/// What the success reports are, in words: `the job reports success: 4 runs completed 1/1,
/// its pod Completed, its log says it succeeded`.
fn success_statement(kb: &Kb<'_>, facts: &[FactId]) -> String {
    let count = |p: Predicate| facts.iter().filter(|id| kb.fact(**id).predicate == p).count();
    let mut parts = Vec::new();
    match count(Predicate::Completions) {
        0 => {}
        1 => parts.push("its completions are full".to_string()),
        n => parts.push(format!("{n} runs completed in full")),
    }
    if count(Predicate::Status) > 0 {
        parts.push("its status says it completed".to_string());
    }
    if count(Predicate::Outcome) > 0 {
        parts.push("its own output says it succeeded".to_string());
    }
    format!("the job reports success: {}", parts.join(", "))
}

/// The success reports timed on or after the day the first volume collapse or freeze began.
fn during_collapse(kb: &Kb<'_>, claims: &mut Claims, success: &[FactId], subject: Option<crate::fact::EntityId>) {
    let collapse = claims
        .matching(|k| matches!(k, ClaimKind::Cliff { drop: true, .. } | ClaimKind::Frozen { .. }))
        .filter_map(|c| c.time.map(|t| (t, c.id)))
        .min();
    let Some((start, collapse_claim)) = collapse else { return };
    let start_day = start.date();
    let after: Vec<FactId> = success.iter().copied().filter(|id| kb.fact(*id).time.is_some_and(|t| t.date() >= start_day)).collect();
    if after.is_empty() {
        return;
    }
    let series = match &claims.get(collapse_claim).kind {
        ClaimKind::Cliff { series, .. } | ClaimKind::Frozen { series, .. } => series.split('{').next().unwrap_or(series).to_string(),
        _ => String::new(),
    };
    let reports = if after.len() == 1 { "a success report".to_string() } else { format!("{} success reports", after.len()) };
    let statement = format!("{reports} dated on or after {start_day}, when {series} broke: the runs with the wrong output said they were fine");
    let mut rests_on = after;
    rests_on.extend(claims.get(collapse_claim).rests_on.iter().copied());
    claims.add(ClaimKind::SucceededDuringCollapse, statement, rests_on, subject, Some(start));
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

#[cfg(test)]
mod tests {
    use crate::infer::claim::ClaimKind;

    fn statements(paste: &str, pick: fn(&ClaimKind) -> bool) -> Vec<String> {
        crate::infer::derive::with_claims(paste, |_, claims| claims.all().iter().filter(|c| pick(&c.kind)).map(|c| c.statement.clone()).collect())
    }

    #[test]
    fn success_in_any_case_and_dated_after_the_collapse() {
        let paste = "$ kubectl get sparkapplications -n s\nNAME STATUS ATTEMPTS AGE\nagg-1842 COMPLETED 1 2d\n\n\
                     run_date state rows\n2025-03-08 success 402,177\n2025-03-09 success 419,604\n2025-03-10 success 43,118\n2025-03-11 success 41,806\n";
        assert_eq!(
            statements(paste, |k| matches!(k, ClaimKind::ReportedSuccess | ClaimKind::SucceededDuringCollapse)),
            [
                "the job reports success: its status says it completed, its own output says it succeeded",
                "2 success reports dated on or after 2025-03-10, when rows broke: the runs with the wrong output said they were fine",
            ]
        );
        // Success only before the fall says nothing about the runs that fell.
        let paste = "run_date state rows\n2025-03-08 success 402,177\n2025-03-09 success 419,604\n2025-03-10 - 43,118\n2025-03-11 - 41,806\n";
        assert!(statements(paste, |k| matches!(k, ClaimKind::SucceededDuringCollapse)).is_empty());
    }
}
