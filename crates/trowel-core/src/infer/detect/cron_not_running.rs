//! `cron-not-running`: a CronJob did not run when it should have.
//!
//! What it finds: a suspended CronJob, a last run older than the schedule ever waits, the
//! controller's "missed start" complaints, a run active so long that `concurrencyPolicy:
//! Forbid` holds back every later one, a schedule that names no real date, runs that moved to
//! another time of day (a changed schedule or time zone). Against it: a run within the
//! schedule's interval — unless the runs moved, when a recent run is no sign it ran when needed.
//! Why it matters: nothing fails — there is simply no run, so no failed Job and no alert,
//! while whatever the job produces goes stale.

use crate::fact::{EntityId, Predicate};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::{kind_title, Kb};
use crate::infer::words::{capitalise, ns_flag};

pub const CLASS: &str = "cron-not-running";

/// A stalled CronJob is uncommon in a random paste.
const PRIOR: f64 = -2.5;
/// Suspended: the controller will start nothing.
const SUSPENDED: f64 = 2.8;
/// The last run is older than the schedule ever waits.
const OVERDUE: f64 = 2.8;
/// The controller itself reports missed or skipped starts: as direct as an old last run.
const MISSED_START: f64 = 2.8;
/// A run active beyond the interval under `Forbid` blocks all later runs.
const BLOCKED_FORBID: f64 = 2.2;
/// A run active beyond the interval, policy unknown: it may or may not block.
const BLOCKED_MAYBE: f64 = 0.8;
/// The schedule names no date that exists.
const NEVER_FIRES: f64 = 3.0;
/// It ran within its interval.
const RAN_RECENTLY: f64 = 3.0;
/// The runs moved to another time of day: the schedule or its zone changed, and the run no
/// longer comes when it used to (and, presumably, when its output is needed).
const RUN_MOVED: f64 = 2.8;
/// A host cron file's name is one Debian-family cron skips (RHEL's cronie reads it).
const FILE_IGNORED: f64 = 2.4;
/// ... and `run-parts --list` of its directory shows it is left out.
const FILE_IGNORED_CONFIRMED: f64 = 3.6;
/// A remark says it is suspended on purpose: a decision, not an incident.
const SUSPENDED_ON_PURPOSE: f64 = 4.5;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut cronjobs: Vec<EntityId> = Vec::new();
    for claim in claims.all() {
        let cronjob = match &claim.kind {
            ClaimKind::CronSuspended { cronjob }
            | ClaimKind::CronOverdue { cronjob, .. }
            | ClaimKind::CronMissedStart { cronjob }
            | ClaimKind::CronBlockedByActiveJob { cronjob, .. }
            | ClaimKind::CronNeverFires { cronjob }
            | ClaimKind::CronRunMoved { cronjob, .. }
            | ClaimKind::CronFileIgnored { cronjob, .. } => *cronjob,
            _ => continue,
        };
        if !cronjobs.contains(&cronjob) {
            cronjobs.push(cronjob);
        }
    }
    let mut out = Vec::new();
    for cronjob in cronjobs {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(cronjob);
        let moved = claims.all().iter().any(|c| matches!(&c.kind, ClaimKind::CronRunMoved { cronjob: c, .. } if *c == cronjob));
        // The controller refused starts while the CronJob counts a run still active: its
        // last schedule started that run, which has not ended, so "it ran recently" is
        // the start of the run that now holds the others back.
        let refused_behind_active = claims.all().iter().any(|c| matches!(&c.kind, ClaimKind::CronMissedStart { cronjob: c } if *c == cronjob))
            && kb.about(cronjob, Predicate::Active).any(|f| f.value.as_number().is_some_and(|n| n >= 1.0));
        for claim in claims.all() {
            match &claim.kind {
                ClaimKind::CronRunMoved { cronjob: c, .. } if *c == cronjob => finding.support(claim.id, RUN_MOVED),
                // A recent run at the new time of day is what a moved schedule looks like.
                ClaimKind::CronRanRecently { cronjob: c, .. } if *c == cronjob && (moved || refused_behind_active) => {}
                ClaimKind::CronSuspended { cronjob: c } if *c == cronjob => finding.support(claim.id, SUSPENDED),
                ClaimKind::CronOverdue { cronjob: c, .. } if *c == cronjob => finding.support(claim.id, OVERDUE),
                ClaimKind::CronMissedStart { cronjob: c } if *c == cronjob => finding.support(claim.id, MISSED_START),
                ClaimKind::CronBlockedByActiveJob { cronjob: c, forbid, .. } if *c == cronjob => {
                    finding.support(claim.id, if *forbid { BLOCKED_FORBID } else { BLOCKED_MAYBE })
                }
                ClaimKind::CronNeverFires { cronjob: c } if *c == cronjob => finding.support(claim.id, NEVER_FIRES),
                ClaimKind::CronFileIgnored { cronjob: c, confirmed, .. } if *c == cronjob => {
                    finding.support(claim.id, if *confirmed { FILE_IGNORED_CONFIRMED } else { FILE_IGNORED })
                }
                ClaimKind::CronRanRecently { cronjob: c, .. } if *c == cronjob => finding.contradict(claim.id, RAN_RECENTLY),
                ClaimKind::CronSuspendedOnPurpose { cronjob: c } if *c == cronjob => finding.contradict(claim.id, SUSPENDED_ON_PURPOSE),
                _ => {}
            }
        }
        finding.wording = words(kb, claims, &finding, cronjob);
        out.push(finding);
    }
    out
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, cronjob: EntityId) -> Wording {
    let name = kb.entity(cronjob).name.clone();
    // A CronJob, or a custom resource its operator runs on a schedule (`ScheduledBackup`).
    let kind = kind_title(&kb.entity(cronjob).kind);
    let ns = ns_flag(kb, Some(cronjob));
    let supporting = finding.supporting(claims);
    let has = |test: fn(&ClaimKind) -> bool| supporting.iter().any(|c| test(&c.kind));
    let suspended = has(|k| matches!(k, ClaimKind::CronSuspended { .. }));
    let missed = has(|k| matches!(k, ClaimKind::CronMissedStart { .. }));
    let said = |phrases: &'static [&'static str]| {
        supporting.iter().filter(|c| matches!(c.kind, ClaimKind::CronMissedStart { .. })).flat_map(|c| &c.rests_on).any(|f| {
            crate::infer::derive::text::says(kb.fact(*f), phrases)
        })
    };
    let too_many = said(&["too many missed", "cannot determine if job needs to be started"]);
    let late = said(&["missed scheduled time", "missschedule"]);
    let never = has(|k| matches!(k, ClaimKind::CronNeverFires { .. }));
    let blocking = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::CronBlockedByActiveJob { job, forbid, .. } => Some((kb.entity(*job).name.clone(), *forbid)),
        _ => None,
    });
    let overdue = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::CronOverdue { elapsed, .. } => Some(*elapsed),
        _ => None,
    });
    let moved = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::CronRunMoved { from, to, .. } => Some((*from, *to)),
        _ => None,
    });
    let ignored_file = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::CronFileIgnored { path, .. } => Some(path.clone()),
        _ => None,
    });
    if let Some(path) = ignored_file {
        return host_file_words(&name, &path, &supporting, finding, claims);
    }
    let since = overdue.map(|e| format!(" for {}", crate::infer::derive::gitops::human_duration(e))).unwrap_or_default();
    let title = if suspended {
        format!("{kind} {name} has not run{since}: it is suspended")
    } else if let Some((job, true)) = &blocking {
        format!("{kind} {name} has not run{since}: job {job} is stuck and concurrencyPolicy Forbid holds back every new run")
    } else if never {
        format!("{kind} {name} never runs: its schedule names no real date")
    } else if missed {
        format!("{kind} {name} has not run{since}: the controller reports missed starts")
    } else if let Some((from, to)) = moved {
        let clock = |m: i64| format!("{:02}:{:02} UTC", m / 60, m % 60);
        format!("{kind} {name} no longer runs when it used to: its runs moved from {} to {}", clock(from), clock(to))
    } else {
        format!("{kind} {name} has not run{since}, longer than its schedule allows")
    };
    let mut story: Vec<String> = supporting.iter().map(|c| c.statement.clone()).collect();
    story.extend(finding.contradicts.iter().map(|(id, _)| format!("but {}", claims.get(*id).statement)));
    let summary = format!("{}.", capitalise(&story.join("; ")));

    let mut fixes = Vec::new();
    // The resource kubectl names it by: `cronjob`, or the custom resource's own kind.
    let resource = kb.entity(cronjob).kind.kubectl_name().to_ascii_lowercase();
    let is_cronjob = kb.entity(cronjob).kind == crate::fact::EntityKind::CronJob;
    if suspended && is_cronjob {
        fixes.push(format!(
            "Now: resume it (`kubectl {ns}patch cronjob {name} -p '{{\"spec\":{{\"suspend\":false}}}}'`) and make up the missed run by hand: `kubectl {ns}create job {name}-manual --from=cronjob/{name}`."
        ));
    } else if suspended {
        fixes.push(format!(
            "Now: resume it (`kubectl {ns}patch {resource} {name} --type merge -p '{{\"spec\":{{\"suspend\":false}}}}'`) and make up the missed run by hand with a one-off run of what it schedules (its operator's on-demand object or command)."
        ));
    }
    if let Some((job, _)) = &blocking {
        fixes.push(format!(
            "Now: find out why {job} hangs (`kubectl {ns}logs job/{job}`), delete it (`kubectl {ns}delete job {job}`) so the next scheduled run can start, and start one by hand if the missed work matters."
        ));
    }
    if too_many {
        fixes.push(format!(
            "Now: set `startingDeadlineSeconds` (e.g. 300) on {name} so the controller stops counting more than 100 missed starts, check the controller's clock, then start one run by hand (`kubectl {ns}create job {name}-manual --from=cronjob/{name}`)."
        ));
    }
    if late {
        fixes.push(format!(
            "Now: the controller could not start {name} within its `startingDeadlineSeconds`: raise or remove that deadline, check that kube-controller-manager is healthy (and not starved or restarting around the scheduled time), then start the missed run by hand (`kubectl {ns}create job {name}-manual --from=cronjob/{name}`)."
        ));
    }
    if missed && !too_many && !late && blocking.is_none() {
        fixes.push(format!(
            "Now: an earlier run of {name} is still active and holds back new ones: find it (`kubectl {ns}get jobs | grep {name}`), see why it hangs, and delete it."
        ));
    }
    if moved.is_some() {
        fixes.push(format!(
            "Now: compare {name}'s `schedule` and `timeZone` with the last change to its manifest (`git log -p` on it): a `timeZone` added or changed without rewriting the schedule's hours shifts every run; set both so the run lands when its output is needed, and start the missed run by hand (`kubectl {ns}create job {name}-manual --from=cronjob/{name}`)."
        ));
    }
    if fixes.is_empty() {
        fixes.push(format!(
            "Now: check the schedule and time zone of {name} against when it should run, fix them in its manifest, and start the missed run by hand (`kubectl {ns}create job {name}-manual --from=cronjob/{name}`)."
        ));
    }
    let mut lasting = String::from("Lasting: alert when a CronJob has not run on time (`time() - kube_cronjob_status_last_schedule_time > <interval>`, or a dead-man's switch the job pings)");
    if suspended {
        lasting.push_str("; keep `suspend` under change control (git), with an annotation saying who suspended it and why");
    }
    if blocking.is_some() {
        lasting.push_str("; bound every run with `activeDeadlineSeconds` in the job template so a hung run is killed, and consider `concurrencyPolicy: Replace`");
    }
    lasting.push('.');
    fixes.push(lasting);

    let status_pasted = kb.about(cronjob, Predicate::LastScheduled).next().is_some();
    let events_pasted = kb.about(cronjob, Predicate::Event).next().is_some();
    let checks = vec![
        Check::new(
            format!("kubectl {ns}get {resource} {name} -o jsonpath='{{.spec.suspend}} {{.spec.schedule}} {{.spec.timeZone}} {{.spec.concurrencyPolicy}} {{.spec.startingDeadlineSeconds}} {{.status.lastScheduleTime}} {{.status.active}}'"),
            OVERDUE,
            !status_pasted,
        ),
        Check::new(format!("kubectl {ns}get events --field-selector involvedObject.name={name} --sort-by=.lastTimestamp"), MISSED_START, !events_pasted),
        Check::new(format!("kubectl {ns}get jobs --sort-by=.metadata.creationTimestamp | grep {name}"), BLOCKED_FORBID, kb.with(Predicate::OwnedBy).all(|f| f.value != crate::fact::Value::Entity(cronjob))),
    ];
    Wording { title, summary, fixes, checks }
}

/// The wording for a host cron file cron never reads: rename it, run what was missed.
fn host_file_words(name: &str, path: &str, supporting: &[&crate::infer::claim::Claim], finding: &Finding, claims: &Claims) -> Wording {
    let dir = path.rsplit_once('/').map_or("/etc/cron.d", |(d, _)| d);
    let plain = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let listed = supporting.iter().any(|c| matches!(c.kind, ClaimKind::CronFileIgnored { confirmed: true, .. }));
    let title = format!("Cron never runs the jobs in {path}: run-parts skips a file named with a dot");
    let mut story: Vec<String> = supporting.iter().map(|c| c.statement.clone()).collect();
    story.extend(finding.contradicts.iter().map(|(id, _)| format!("but {}", claims.get(*id).statement)));
    let summary = format!("{}.", capitalise(&story.join("; ")));
    let fixes = vec![
        format!("Now: rename the file to a name of letters, digits, `_` and `-` only (`mv {path} {dir}/{plain}`, and the same in the template or task that writes it), then run the missed jobs by hand."),
        "Lasting: name cron files as run-parts accepts them in config management (e.g. `ansible.builtin.cron` with `cron_file`, or a template `dest` without an extension), and alert when a scheduled job's output is older than its interval (a dead-man's switch the job pings).".to_string(),
    ];
    let checks = vec![
        Check::new(format!("run-parts --list {dir}"), FILE_IGNORED_CONFIRMED, !listed),
        Check::new(format!("ls -l {dir}/; grep CRON /var/log/syslog | tail"), FILE_IGNORED, true),
    ];
    Wording { title, summary, fixes, checks }
}

#[cfg(test)]
mod tests {
    use super::CLASS;
    use crate::infer::detect::confidence_of;

    /// A suspended CronJob that has not run for weeks, with `remark` among its YAML.
    fn paste(remark: &str) -> String {
        format!(
            "$ kubectl get cronjob -n booking\nNAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE\nsftp-export 15 2 * * * True 0 41d 3y\n\n\
$ grep -B3 -A4 'suspend:' apps/prod/cronjob-sftp-export.yaml\nspec:\n  # {remark}\n  suspend: true\n  schedule: \"15 2 * * *\"\n"
        )
    }

    #[test]
    fn a_remark_that_the_suspension_is_meant_contradicts() {
        let plain = confidence_of(&paste("owned by the ferry team"), CLASS).unwrap_or(0.0);
        let meant = confidence_of(&paste("Suspended on purpose (CHG-5519). Do NOT unsuspend."), CLASS).unwrap_or(0.0);
        assert!(plain >= 0.9, "{plain}");
        assert!(meant < 0.5, "{meant}");
    }

    #[test]
    fn starts_refused_behind_an_active_run_outweigh_its_recent_schedule() {
        let paste = "$ kubectl -n tolls get cronjob plaza-export\nNAME           SCHEDULE       SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nplaza-export   0 5 * * 1-5    False     1        3d1h            90d\n\n\
$ kubectl -n tolls describe cronjob plaza-export | sed -n '/Events:/,$p'\nEvents:\n  Type    Reason            Age    From                Message\n  ----    ------            ----   ----                -------\n\
  Normal  JobAlreadyActive  2d1h   cronjob-controller  Not starting job because prior execution is running and concurrency policy is Forbid\n\
  Normal  JobAlreadyActive  25h    cronjob-controller  Not starting job because prior execution is running and concurrency policy is Forbid\n";
        let confidence = confidence_of(paste, CLASS).unwrap_or(0.0);
        assert!(confidence >= 0.5, "{confidence}");
    }

    #[test]
    fn a_dotted_host_cron_file_left_out_by_run_parts_is_believed() {
        let cat = "$ cat /etc/cron.d/nightly-export.cron\n30 1 * * * app /opt/bin/export\n";
        let listing = "\n$ run-parts --list /etc/cron.d\n/etc/cron.d/e2scrub_all\n/etc/cron.d/sysstat\n";
        let named_only = confidence_of(cat, CLASS).unwrap_or(0.0);
        let confirmed = confidence_of(&format!("{cat}{listing}"), CLASS).unwrap_or(0.0);
        assert!(named_only > 0.4 && confirmed > named_only && confirmed >= 0.7, "{named_only} {confirmed}");
        // A package manager's leftover is skipped on purpose.
        assert_eq!(confidence_of("$ ls /etc/cron.d/\n/etc/cron.d/sysstat.dpkg-old\n", CLASS), None);
    }
}
