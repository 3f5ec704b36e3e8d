//! Claims about CronJobs that should have run: suspended, last scheduled longer ago than the
//! schedule allows, starts the controller says it missed, a run active so long it blocks the
//! next ones, a schedule that never fires; and, against all these, a recent run.
//!
//! "Longer ago than the schedule allows" is judged by the longest wait the cron expression
//! ever has between two runs (three days for `15 7 * * 1-5`), which needs neither a time zone
//! nor a clock: it works on `LAST SCHEDULE 6d` alone. When the paste states the last run and
//! a later "now", the next expected run is computed exactly.

use crate::cron::Schedule;
use crate::fact::{EntityId, EntityKind, Fact, FactId, Predicate, Value};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::gitops::human_duration;
use crate::infer::derive::text::{contains_ci, says};
use crate::infer::kb::Kb;
use crate::infer::moment::Moment;

/// Least slack before a run counts as missed: the controller starts runs within seconds,
/// but printed ages are rounded.
const MIN_SLACK_SECONDS: f64 = 15.0 * 60.0;
/// Slack as a share of the schedule's longest wait.
const SLACK_SHARE: f64 = 0.1;
/// Extra slack when the schedule runs in a named zone (a daylight-saving hour).
const ZONE_SLACK_SECONDS: f64 = 3600.0;
/// Without a schedule, a run active this long is stuck.
const STUCK_WITHOUT_SCHEDULE_SECONDS: f64 = 86_400.0;
/// Most missed runs counted.
const MISSED_CAP: usize = 1000;

/// What the controller says when it skips or cannot make a run.
const MISSED_START: &[&str] = &[
    "cannot determine if job needs to be started",
    "too many missed start",
    "missed start",
    "missed scheduled time",
    "missschedule",
    "failedneedsstart",
    "jobalreadyactive",
    "not starting job because prior execution",
    "error creating job",
    // Nomad's periodic dispatcher, when a run is still alive under `prohibit_overlap`.
    "because job prohibits overlap",
    // Windows Task Scheduler (event 322), when an instance is still running and the task's
    // MultipleInstances setting ignores new ones.
    "did not launch task",
];

/// A CronJob's schedule as read off the paste.
struct Cron<'a> {
    id: EntityId,
    schedule: Option<(Schedule, &'a Fact)>,
    zoned: bool,
}

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    ignored_files(kb, claims);
    let crons = cronjobs(kb);
    if crons.is_empty() {
        return;
    }
    // Controller log lines about missed starts, found once for every CronJob.
    let controller_lines: Vec<&Fact> = kb.with(Predicate::Log).filter(|f| says(f, MISSED_START)).collect();
    let suspended_count = crons.iter().filter(|&&id| is_suspended(kb, id)).count();
    for id in crons {
        let zone = zone(kb, id);
        let schedule = kb.about(id, Predicate::Schedule).find_map(|f| {
            let text = f.value.as_text()?;
            Schedule::parse(text).map(|s| (s, f))
        });
        let zoned = zone.is_some_and(|z| !matches!(z, "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT"))
            || schedule.as_ref().is_some_and(|(s, _)| s.zoned());
        let cron = Cron { id, schedule, zoned };
        suspended(kb, claims, &cron, suspended_count);
        never_fires(kb, claims, &cron);
        overdue(kb, claims, &cron);
        missed_starts(kb, claims, &cron, &controller_lines);
        blocked(kb, claims, &cron);
        moved(kb, claims, &cron);
    }
}

/// Minutes in a day.
const DAY_MINUTES: i64 = 1440;
/// A shift of the time of day larger than a daylight-saving change.
const MOVED_MINUTES: i64 = 90;

/// The time of day a CronJob fires at, read from its Jobs' names (the controller stamps each
/// with the minute it was scheduled for): when the latest run of a schedule that fires at most
/// once a day came at another time of day than the runs before it, its schedule or time zone
/// changed — it runs, on its own terms on time, but not when it used to.
fn moved(kb: &Kb<'_>, claims: &mut Claims, cron: &Cron<'_>) {
    let Some((schedule, _)) = &cron.schedule else { return };
    if schedule.longest_gap().is_none_or(|gap| gap < 86_400.0) {
        return;
    }
    let mut runs: Vec<(i64, EntityId)> = jobs(kb, cron.id).into_iter().filter_map(|job| Some((crate::names::job_scheduled_minute(&kb.entity(job).name)?, job))).collect();
    crate::sort::by(&mut runs, |a, b| b.0.cmp(&a.0));
    let [(latest, latest_job), earlier @ ..] = runs.as_slice() else { return };
    let time_of_day = |minute: i64| minute.rem_euclid(DAY_MINUTES);
    let Some((before, _)) = earlier.first() else { return };
    let (from, to) = (time_of_day(*before), time_of_day(*latest));
    let shift = (to - from).rem_euclid(DAY_MINUTES).min((from - to).rem_euclid(DAY_MINUTES));
    if earlier.len() < 2 || earlier.iter().any(|(m, _)| time_of_day(*m) != from) || shift < MOVED_MINUTES {
        return;
    }
    let fact_of = |job: EntityId| kb.about(job, Predicate::OwnedBy).next().or_else(|| kb.about(job, Predicate::Age).next()).map(|f| f.id);
    let rests_on: Vec<FactId> = [*latest_job, earlier[0].1].into_iter().filter_map(fact_of).collect();
    let clock = |m: i64| format!("{:02}:{:02} UTC", m / 60, m % 60);
    let statement = format!(
        "the latest run of {} was scheduled at {}, the {} runs before it at {}: its schedule or time zone changed",
        titled(kb, cron.id),
        clock(to),
        earlier.len(),
        clock(from)
    );
    claims.add(ClaimKind::CronRunMoved { cronjob: cron.id, from, to }, statement, rests_on, Some(cron.id), None);
}

/// CronJobs (and custom resources run on a schedule) with a schedule, a suspension, a last
/// run or events.
fn cronjobs(kb: &Kb<'_>) -> Vec<EntityId> {
    let mut out: Vec<EntityId> = Vec::new();
    for predicate in [Predicate::Schedule, Predicate::Suspended, Predicate::LastScheduled, Predicate::Event] {
        for fact in kb.with(predicate) {
            let entity = kb.entity(fact.subject);
            // A custom resource counts when it has a schedule of its own (a Flux app's
            // `suspend` is not one).
            let scheduled = entity.kind == EntityKind::CronJob
                || matches!(entity.kind, EntityKind::Resource(_)) && kb.about(fact.subject, Predicate::Schedule).next().is_some();
            if scheduled && !out.contains(&fact.subject) {
                out.push(fact.subject);
            }
        }
    }
    out
}

/// The zone a CronJob's `timeZone` setting names.
fn zone<'a>(kb: &Kb<'a>, id: EntityId) -> Option<&'a str> {
    kb.about(id, Predicate::Setting).find_map(|f| f.value.as_pair().filter(|(k, _)| *k == "timeZone").map(|(_, v)| v))
}

/// Slack before a run counts as missed.
fn slack(gap: f64, zoned: bool) -> f64 {
    (gap * SLACK_SHARE).max(MIN_SLACK_SECONDS) + if zoned { ZONE_SLACK_SECONDS } else { 0.0 }
}

fn name(kb: &Kb<'_>, id: EntityId) -> String {
    kb.entity(id).name.clone()
}

/// The scheduled object with its kind, for statements: `CronJob export`, `ScheduledBackup nightly`.
fn titled(kb: &Kb<'_>, id: EntityId) -> String {
    format!("{} {}", crate::infer::kb::kind_title(&kb.entity(id).kind), kb.entity(id).name)
}

/// Whether the paste's last word on a CronJob is that it is suspended (a later command may
/// show it resumed).
fn is_suspended(kb: &Kb<'_>, id: EntityId) -> bool {
    kb.about(id, Predicate::Suspended).last().is_some_and(|f| f.value == Value::Bool(true))
}

/// `suspended_count`: how many CronJobs of the paste are suspended, so a remark about "the
/// suspended job" can tell which one it means.
fn suspended(kb: &Kb<'_>, claims: &mut Claims, cron: &Cron<'_>, suspended_count: usize) {
    let Some(last) = kb.about(cron.id, Predicate::Suspended).last() else { return };
    if !is_suspended(kb, cron.id) {
        return;
    }
    let rests_on: Vec<FactId> = kb.about(cron.id, Predicate::Suspended).filter(|f| f.value == Value::Bool(true)).map(|f| f.id).collect();
    let statement = format!("{} is suspended: the controller starts no runs until it is resumed", titled(kb, cron.id));
    claims.add(ClaimKind::CronSuspended { cronjob: cron.id }, statement, rests_on, Some(cron.id), last.time);
    let only_suspended = suspended_count == 1;
    // A remark near it, or one of its own annotations (`ops/note: Suspended on purpose …`).
    let annotated = kb.about(cron.id, Predicate::Annotation).filter(|f| f.value.as_pair().is_some_and(|(_, note)| crate::parse::intent::states_intent(note)));
    let on_purpose: Vec<FactId> = kb
        .with(Predicate::Intended)
        .filter(|f| remark_is_about(kb, f, &name(kb, cron.id)) || only_suspended && speaks_of_a_suspended_job(f))
        .chain(annotated)
        .map(|f| f.id)
        .collect();
    if !on_purpose.is_empty() {
        let statement = format!("a remark says {} is suspended on purpose", titled(kb, cron.id));
        claims.add(ClaimKind::CronSuspendedOnPurpose { cronjob: cron.id }, statement, on_purpose, Some(cron.id), None);
    }
}

/// Whether a remark is about the object called `name`: the remark names it, or the command
/// or heading its text came under does (`grep suspend cronjob-export.yaml`).
fn remark_is_about(kb: &Kb<'_>, remark: &Fact, name: &str) -> bool {
    let artifact = &kb.ingest.artifacts[remark.artifact.0 as usize];
    let places = [remark.value.as_text(), artifact.command.as_ref().map(|c| c.line.as_str()), artifact.title.as_deref(), artifact.path.as_deref()];
    places.into_iter().flatten().any(|place| place.contains(name))
}

/// Whether a remark speaks of a suspended job without naming it ("the suspended cleanup job
/// is intentional"): with one suspended CronJob in the paste, that is the one it means.
fn speaks_of_a_suspended_job(remark: &Fact) -> bool {
    remark.value.as_text().is_some_and(|text| contains_ci(text, "suspend") && (contains_ci(text, "job") || contains_ci(text, "cron")))
}

fn never_fires(kb: &Kb<'_>, claims: &mut Claims, cron: &Cron<'_>) {
    let Some((schedule, fact)) = &cron.schedule else { return };
    if schedule.longest_gap().is_some() {
        return;
    }
    let statement = format!("the schedule of {} names no date that exists, so it never fires", titled(kb, cron.id));
    claims.add(ClaimKind::CronNeverFires { cronjob: cron.id }, statement, vec![fact.id], Some(cron.id), None);
}

/// Host cron files whose name cron skips (`CronFileIgnored`), one claim per file; confirmed
/// when `run-parts --list` of the same directory printed other files but not this one.
fn ignored_files(kb: &Kb<'_>, claims: &mut Claims) {
    let mut seen: Vec<EntityId> = Vec::new();
    for fact in kb.with(Predicate::CronFileIgnored) {
        if seen.contains(&fact.subject) {
            continue;
        }
        seen.push(fact.subject);
        let path = fact.value.as_text().unwrap_or_default();
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        let in_dir = |f: &&Fact| f.value.as_text().is_some_and(|p| p.rsplit_once('/').is_some_and(|(d, _)| d == dir));
        let listed: Vec<&Fact> = kb.with(Predicate::CronFileListed).filter(in_dir).collect();
        let confirmed = !listed.is_empty() && !listed.iter().any(|f| f.subject == fact.subject);
        let mut facts = vec![fact.id];
        let statement = if confirmed {
            facts.extend(listed.iter().map(|f| f.id));
            format!("cron file {path} has a name run-parts skips (only letters, digits, `_` and `-`), and `run-parts --list {dir}` leaves it out, so cron never reads its jobs")
        } else {
            format!("cron file {path} has a name run-parts skips (only letters, digits, `_` and `-`), so Debian-family cron never reads its jobs")
        };
        claims.add(ClaimKind::CronFileIgnored { cronjob: fact.subject, path: path.to_string(), confirmed }, statement, facts, Some(fact.subject), None);
    }
}

/// The most recent statement of when the CronJob last ran.
fn last_run<'a>(kb: &Kb<'a>, id: EntityId) -> Option<(Moment, &'a Fact)> {
    let mut best: Option<(Moment, &'a Fact)> = None;
    for fact in kb.about(id, Predicate::LastScheduled) {
        let Some(moment) = Moment::start_of(fact) else { continue };
        let later = best.is_none_or(|(b, _)| moment.after(b, kb.now).is_some_and(|gap| gap > 0.0));
        if later {
            best = Some((moment, fact));
        }
    }
    best
}

/// Seconds since a moment, when the paste can tell: a relative moment as printed; a stated
/// one against a "now" that some later fact of the paste sets (when the moment is itself
/// the latest time in the paste, how long ago it was is unknown).
fn elapsed(kb: &Kb<'_>, moment: Moment) -> Option<f64> {
    moment.seconds_ago(kb.now).filter(|s| matches!(moment, Moment::Ago(_)) || *s > 0.0)
}

fn overdue(kb: &Kb<'_>, claims: &mut Claims, cron: &Cron<'_>) {
    let Some((schedule, schedule_fact)) = &cron.schedule else { return };
    let Some(gap) = schedule.longest_gap() else { return };
    let slack = slack(gap, cron.zoned);
    let job_runs = job_runs(kb, cron.id);
    // A stated last run that is itself the latest time in the paste says nothing of how long
    // ago it was; the Jobs' ages still may.
    let last = last_run(kb, cron.id).filter(|(moment, _)| elapsed(kb, *moment).is_some());
    let Some((moment, fact)) = last.or_else(|| job_runs.first().map(|(m, f)| (*m, *f))) else { return };
    let Some(elapsed) = elapsed(kb, moment) else { return };
    let cronjob = titled(kb, cron.id);
    // Exactly, when both ends are stated and the schedule runs in UTC.
    let exact = match (moment, kb.now) {
        (Moment::At(last), Some(now)) if !cron.zoned && now > last => schedule.next_after(last).map(|next| (next, now, last)),
        _ => None,
    };
    let missed_exactly = exact.filter(|(next, now, _)| next.seconds_until(*now) > MIN_SLACK_SECONDS);
    if let Some((next, now, last)) = missed_exactly {
        let missed = schedule.runs_between(last, now, MISSED_CAP);
        let statement = format!(
            "{cronjob} last ran {}; by its schedule `{}` it was due again at {next}, and {} run{} since {} been missed",
            moment.words(),
            schedule_text(schedule_fact),
            if missed >= MISSED_CAP { format!("{MISSED_CAP}+") } else { missed.to_string() },
            if missed == 1 { "" } else { "s" },
            if missed == 1 { "has" } else { "have" },
        );
        let kind = ClaimKind::CronOverdue { cronjob: cron.id, elapsed, longest_gap: gap, missed: Some(missed) };
        claims.add(kind, statement, vec![fact.id, schedule_fact.id], Some(cron.id), Some(next));
        return;
    }
    if elapsed > gap + slack {
        let when = match moment {
            Moment::At(_) => format!("{}, {} before the latest time in the paste", moment.words(), human_duration(elapsed)),
            Moment::Ago(_) => moment.words(),
        };
        let statement = format!(
            "{cronjob} last ran {when}, but its schedule `{}` never waits more than {} between runs",
            schedule_text(schedule_fact),
            human_duration(gap)
        );
        let kind = ClaimKind::CronOverdue { cronjob: cron.id, elapsed, longest_gap: gap, missed: None };
        claims.add(kind, statement, vec![fact.id, schedule_fact.id], Some(cron.id), None);
        return;
    }
    // Recent, when the paste's "now" can be trusted: a relative age, or a stated time with
    // a later fact to measure it against.
    if exact.is_some() || matches!(moment, Moment::Ago(_)) {
        let statement = format!("{cronjob} last ran {}, within its schedule `{}`", moment.words(), schedule_text(schedule_fact));
        let mut rests_on = vec![fact.id];
        rests_on.extend(job_runs.iter().take(2).map(|(_, f)| f.id).filter(|id| *id != fact.id));
        claims.add(ClaimKind::CronRanRecently { cronjob: cron.id, elapsed }, statement, rests_on, Some(cron.id), None);
    }
}

fn schedule_text(fact: &Fact) -> &str {
    fact.value.as_text().unwrap_or("")
}

/// Jobs of the CronJob that completed, newest first, with when they were created.
fn job_runs<'a>(kb: &Kb<'a>, cronjob: EntityId) -> Vec<(Moment, &'a Fact)> {
    let mut out: Vec<(Moment, &'a Fact)> = Vec::new();
    for job in jobs(kb, cronjob) {
        let complete = kb.about(job, Predicate::Status).any(|f| f.value.as_text().is_some_and(|s| matches!(s, "Complete" | "Completed" | "Succeeded")))
            || kb.about(job, Predicate::Completions).any(|f| matches!(f.value, Value::Ratio { num, den } if den > 0.0 && num >= den));
        if !complete {
            continue;
        }
        if let Some((moment, fact)) = job_start(kb, job) {
            out.push((moment, fact));
        }
    }
    crate::sort::by(&mut out, |a, b| a.0.seconds_ago(kb.now).unwrap_or(f64::MAX).total_cmp(&b.0.seconds_ago(kb.now).unwrap_or(f64::MAX)));
    out
}

/// Jobs the CronJob owns, in first-seen order.
fn jobs(kb: &Kb<'_>, cronjob: EntityId) -> Vec<EntityId> {
    let mut out = Vec::new();
    for fact in kb.with(Predicate::OwnedBy) {
        if fact.value == Value::Entity(cronjob) && kb.entity(fact.subject).kind == EntityKind::Job && !out.contains(&fact.subject) {
            out.push(fact.subject);
        }
    }
    out
}

/// When a Job started: its start time, else its AGE.
fn job_start<'a>(kb: &Kb<'a>, job: EntityId) -> Option<(Moment, &'a Fact)> {
    [Predicate::StartedAt, Predicate::CreatedAt, Predicate::Age]
        .iter()
        .find_map(|p| kb.about(job, *p).find_map(|f| Moment::start_of(f).map(|m| (m, f))))
}

fn missed_starts(kb: &Kb<'_>, claims: &mut Claims, cron: &Cron<'_>, controller_lines: &[&Fact]) {
    let cronjob = name(kb, cron.id);
    let mut rests_on: Vec<FactId> = kb.about(cron.id, Predicate::Event).filter(|f| says(f, MISSED_START)).map(|f| f.id).collect();
    // The controller's own log lines, when they name the CronJob.
    let lower = cronjob.to_ascii_lowercase();
    rests_on.extend(
        controller_lines
            .iter()
            .filter(|f| matches!(&f.value, Value::Log { message, .. } if contains_ci(message, &lower)))
            .map(|f| f.id),
    );
    let Some(first) = rests_on.first().map(|id| kb.fact(*id)) else { return };
    let said = match &first.value {
        Value::Event(e) => e.message.clone(),
        Value::Log { message, .. } => message.clone(),
        _ => String::new(),
    };
    let statement = format!("the CronJob controller reports missed starts for {cronjob}: \"{}\"", said.trim());
    claims.add(ClaimKind::CronMissedStart { cronjob: cron.id }, statement, rests_on, Some(cron.id), first.time);
}

/// A run still active after longer than the schedule's longest wait; under `Forbid` no
/// later run starts while it lives.
fn blocked(kb: &Kb<'_>, claims: &mut Claims, cron: &Cron<'_>) {
    let policy = policy(kb, cron.id);
    let (policy_text, policy_fact) = match policy {
        Some((text, fact)) => (Some(text), Some(fact)),
        None => (None, None),
    };
    if matches!(policy_text, Some("Allow" | "Replace")) {
        return;
    }
    let forbid = policy_text == Some("Forbid");
    let limit = match &cron.schedule {
        Some((schedule, _)) => match schedule.longest_gap() {
            Some(gap) => gap + slack(gap, cron.zoned),
            None => return,
        },
        None => STUCK_WITHOUT_SCHEDULE_SECONDS,
    };
    // `kubectl get jobs` prints no status: when the CronJob counts an active run, its one
    // unfinished Job (completions short of the target) is that run.
    let jobs = jobs(kb, cron.id);
    let cron_active = kb.about(cron.id, Predicate::Active).any(|f| f.value.as_number().is_some_and(|n| n >= 1.0));
    let unfinished: Vec<EntityId> = jobs.iter().copied().filter(|job| is_unfinished(kb, *job)).collect();
    for job in jobs {
        let active_run = cron_active && unfinished == [job];
        let Some((running, facts)) = running_for(kb, job, active_run) else { continue };
        if running <= limit {
            continue;
        }
        let cronjob = titled(kb, cron.id);
        let job_name = name(kb, job);
        let consequence = if forbid {
            "with concurrencyPolicy Forbid, no later run starts while it lives"
        } else {
            "longer than the schedule's interval"
        };
        let statement = format!("job {job_name} of {cronjob} has been running for {}: {consequence}", human_duration(running));
        let mut rests_on = facts;
        rests_on.extend(policy_fact.map(|f| f.id));
        let kind = ClaimKind::CronBlockedByActiveJob { cronjob: cron.id, job, running, forbid };
        claims.add(kind, statement, rests_on, Some(cron.id), None);
    }
}

/// The CronJob's concurrency policy: describe's `Concurrency Policy`, or the spec setting.
fn policy<'a>(kb: &Kb<'a>, id: EntityId) -> Option<(&'a str, &'a Fact)> {
    kb.about(id, Predicate::ConcurrencyPolicy)
        .find_map(|f| f.value.as_text().map(|t| (t, f)))
        .or_else(|| kb.about(id, Predicate::Setting).find_map(|f| f.value.as_pair().filter(|(k, _)| *k == "concurrencyPolicy").map(|(_, v)| (v, f))))
}

/// A Job whose completions fall short of its target (`0/1`).
fn is_unfinished(kb: &Kb<'_>, job: EntityId) -> bool {
    kb.about(job, Predicate::Completions).last().is_some_and(|f| matches!(f.value, Value::Ratio { num, den } if num < den))
}

/// How long a Job that is still running (by its own status, or `active_run` as its
/// CronJob says) has run, and the facts that say so.
fn running_for(kb: &Kb<'_>, job: EntityId, active_run: bool) -> Option<(f64, Vec<FactId>)> {
    let status = kb.about(job, Predicate::Status).last();
    let running = active_run
        || status.is_some_and(|f| f.value.as_text().is_some_and(|s| s == "Running"))
        || kb.about(job, Predicate::Active).any(|f| f.value.as_number().is_some_and(|n| n >= 1.0));
    let finished = status.is_some_and(|f| f.value.as_text().is_some_and(|s| matches!(s, "Complete" | "Completed" | "Failed" | "Succeeded")));
    if !running || finished {
        return None;
    }
    let mut facts: Vec<FactId> = status.map(|f| vec![f.id]).unwrap_or_default();
    if let Some(took) = kb.about(job, Predicate::Took).find_map(|f| match f.value {
        Value::Duration(s) => Some((s, f.id)),
        _ => None,
    }) {
        if !facts.contains(&took.1) {
            facts.push(took.1);
        }
        return Some((took.0, facts));
    }
    let (moment, fact) = job_start(kb, job)?;
    let seconds = elapsed(kb, moment)?;
    if !facts.contains(&fact.id) {
        facts.push(fact.id);
    }
    Some((seconds, facts))
}

#[cfg(test)]
mod tests {
    use crate::infer::claim::ClaimKind;

    fn kinds(paste: &str) -> Vec<ClaimKind> {
        crate::infer::derive::with_claims(paste, |_, claims| claims.all().iter().map(|c| c.kind.clone()).collect())
    }

    #[test]
    fn runs_of_a_daily_job_that_moved_to_another_time_of_day_say_its_schedule_changed() {
        // Job names carry the scheduled minute: 29389605 is 10:45 UTC, 29390025 is 17:45 UTC.
        let paste = |latest: &str| {
            format!("$ kubectl get cronjob -n ops\nNAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE\nreport 45 11 * * * America/Chicago False 0 17h 2y\n$ kubectl get jobs -n ops\nNAME COMPLETIONS DURATION AGE\n{latest}report-29389605 1/1 2m 24h\nreport-29388165 1/1 2m 2d\n")
        };
        let moved = |paste: &str| kinds(paste).into_iter().filter_map(|k| match k {
            ClaimKind::CronRunMoved { from, to, .. } => Some((from, to)),
            _ => None,
        }).collect::<Vec<_>>();
        assert_eq!(moved(&paste("report-29390025 1/1 2m 17h\n")), [(10 * 60 + 45, 17 * 60 + 45)]);
        // The same time of day every day, or a run started by hand, moved nothing.
        assert!(moved(&paste("report-29391045 1/1 2m 1m\n")).is_empty());
        assert!(moved(&paste("report-manual-1 1/1 2m 17h\n")).is_empty());
    }

    #[test]
    fn a_custom_resource_run_on_a_schedule_and_suspended_is_a_suspended_schedule() {
        let object = |kind: &str, spec: &str| format!("$ kubectl get {kind} nightly -n db -o yaml\napiVersion: example.io/v1\nkind: {kind}\nmetadata:\n  name: nightly\n  namespace: db\nspec:\n{spec}");
        let suspended = |paste: &str| kinds(paste).iter().any(|k| matches!(k, ClaimKind::CronSuspended { .. }));
        assert!(suspended(&object("ScheduledBackup", "  schedule: 0 30 1 * * *\n  suspend: true\n")));
        // Resumed, or a suspended resource with no schedule of its own (a Flux app), is not.
        assert!(!suspended(&object("ScheduledBackup", "  schedule: 0 30 1 * * *\n  suspend: false\n")));
        assert!(!suspended(&object("Widget", "  suspend: true\n")));
    }

    #[test]
    fn a_remark_about_the_one_suspended_job_needs_no_name() {
        let table = "$ kubectl get cronjob -n ops\nNAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE\nold-cleanup 0 3 * * * True 0 143d 318d\n";
        let on_purpose = |paste: &str| kinds(paste).iter().any(|k| matches!(k, ClaimKind::CronSuspendedOnPurpose { .. }));
        assert!(on_purpose(&format!("{table}\nAna: the suspended cleanup job is intentional, a TTL index replaced it\n")));
        // With two suspended CronJobs the remark could mean either.
        let two = format!("{table}other-export 0 4 * * * True 0 9d 318d\n\nAna: the suspended cleanup job is intentional\n");
        assert!(!on_purpose(&two));
    }

    #[test]
    fn an_annotation_that_says_the_suspension_is_meant_is_a_remark_about_it() {
        let table = "$ kubectl get cronjob -n ops\nNAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE\nexport */5 * * * * True 0 3h48m 1y\n";
        let on_purpose = |paste: &str| kinds(paste).iter().any(|k| matches!(k, ClaimKind::CronSuspendedOnPurpose { .. }));
        let note = "$ kubectl get cronjob export -n ops -o jsonpath='{.metadata.annotations.ops\\.example\\.io/note}{\"\\n\"}'\nSuspended on purpose for the match window (runbook RB-1). Resume after.\n";
        assert!(on_purpose(&format!("{table}{note}")));
        // All its annotations as JSON, through jq.
        let all = "$ kubectl get cronjob export -n ops -o jsonpath='{.metadata.annotations}' | jq .\n{\n  \"ops.example.io/owner\": \"data\",\n  \"ops.example.io/note\": \"Suspended intentionally: the feed ended. Do not unsuspend.\"\n}\n";
        assert!(on_purpose(&format!("{table}{all}")));
        // An annotation that says nothing of intent is no such remark.
        let other = "$ kubectl get cronjob export -n ops -o jsonpath='{.metadata.annotations.ops\\.example\\.io/owner}{\"\\n\"}'\nteam-data\n";
        assert!(!on_purpose(&format!("{table}{other}")));
    }

    #[test]
    fn the_one_unfinished_job_of_a_cronjob_with_an_active_run_is_that_run() {
        let paste = "$ kubectl get cronjob rate -n b -o custom-columns=NAME:.metadata.name,SCHEDULE:.spec.schedule,POLICY:.spec.concurrencyPolicy,ACTIVE:.status.active[*].name,LAST:.status.lastScheduleTime\n\
NAME   SCHEDULE     POLICY   ACTIVE           LAST\n\
rate   15 * * * *   Forbid   rate-29540655    2026-03-02T08:15:00Z\n\
$ kubectl get jobs -n b\nNAME COMPLETIONS DURATION AGE\nrate-29540595 1/1 6m48s 21h\nrate-29540655 0/1 20h 20h\n";
        let found = kinds(paste);
        assert!(found.iter().any(|k| matches!(k, ClaimKind::CronBlockedByActiveJob { forbid: true, .. })), "{found:?}");
        // The stated last schedule is the paste's latest time; the completed Job's age tells.
        assert!(found.iter().any(|k| matches!(k, ClaimKind::CronOverdue { .. })), "{found:?}");
    }

    #[test]
    fn relative_last_runs_are_judged_by_the_longest_wait() {
        let paste = "$ kubectl get cronjobs -n ops\nNAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE\nlate 0 2 * * * False 0 3d 90d\nweekly 0 2 * * 0 False 0 3d 90d\n";
        let found = kinds(paste);
        let overdue = found.iter().filter(|k| matches!(k, ClaimKind::CronOverdue { .. })).count();
        let recent = found.iter().filter(|k| matches!(k, ClaimKind::CronRanRecently { .. })).count();
        assert_eq!((overdue, recent), (1, 1), "{found:?}");
    }

    #[test]
    fn a_stated_last_run_that_is_the_latest_time_in_the_paste_proves_nothing() {
        // Nothing later than the last run says what "now" is: neither overdue nor recent.
        let paste = "$ kubectl describe cronjob nightly -n ops\nName: nightly\nNamespace: ops\nSchedule: 0 2 * * *\nSuspend: False\nLast Schedule Time: Fri, 21 Feb 2025 02:00:00 +0000\n";
        let found = kinds(paste);
        assert!(!found.iter().any(|k| matches!(k, ClaimKind::CronOverdue { .. } | ClaimKind::CronRanRecently { .. })), "{found:?}");
    }

    #[test]
    fn a_nomad_periodic_job_held_back_by_a_stuck_child() {
        let paste = "$ nomad job status -namespace web feed\nID        = feed\nType      = batch\nNamespace = web\nPeriodic  = true\nStatus    = running\n\nPreviously Launched Jobs\nID                        Status\nfeed/periodic-1768212000  running\nfeed/periodic-1768208400  dead\n\n$ nomad job inspect -namespace web feed | jq '.Job.Periodic'\n{\n  \"Spec\": \"0 * * * *\",\n  \"ProhibitOverlap\": true\n}\n\n$ journalctl -u nomad -o cat | grep periodic\n2026-01-16T10:00:00.003Z [DEBUG] nomad.periodic: skipping launch of periodic job because job prohibits overlap: job=\"<ns: \\\"web\\\", id: \\\"feed\\\">\"\n";
        let found = kinds(paste);
        assert!(found.iter().any(|k| matches!(k, ClaimKind::CronMissedStart { .. })), "{found:?}");
        assert!(found.iter().any(|k| matches!(k, ClaimKind::CronBlockedByActiveJob { forbid: true, .. })), "{found:?}");
    }
}
