//! `silent-data-drop`: a job or pipeline reports success while its volume collapsed or froze.
//!
//! What it finds: a success report (full completions, a Completed pod, "Status: SUCCESS",
//! `Task exited with return code 0`, a run table's `success`) next to a volume that fell off
//! a cliff or a count that repeats exactly run after run — in a metric, a table of runs, or
//! the counts the job's own log reports — stronger when the success is dated after the fall.
//! A count of failures (`status="502"`, `errors_total`) that falls is a recovery, not one.
//! Why it matters: nothing alerts — the job is green — while downstream numbers are wrong.

use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::network::is_placeholder_source;
use crate::infer::derive::series::counts_failures;
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::{and_list, ns_flag};
use crate::fact::{EntityId, EntityKind};

pub const CLASS: &str = "silent-data-drop";

/// Volume collapses are uncommon in a random paste.
const PRIOR: f64 = -2.0;
/// A series dropped by a large factor.
const CLIFF_DROP: f64 = 1.6;
/// A count repeats exactly on consecutive runs.
const FROZEN: f64 = 1.4;
/// The job says it succeeded — what makes the drop silent.
const REPORTED_SUCCESS: f64 = 0.8;
/// The success reports are dated on or after the collapse: the very runs with the wrong
/// output said they were fine, rather than some earlier, healthy run.
const SUCCEEDED_DURING_COLLAPSE: f64 = 0.8;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut finding = Finding::new(CLASS, PRIOR);
    let mut collapse = false;
    for claim in claims.all() {
        match &claim.kind {
            // Fewer failures is a recovery, not lost output.
            ClaimKind::Cliff { drop: true, series, .. } if !counts_failures(series) => {
                finding.support(claim.id, CLIFF_DROP);
                collapse = true;
            }
            ClaimKind::Frozen { .. } => {
                finding.support(claim.id, FROZEN);
                collapse = true;
            }
            ClaimKind::ReportedSuccess => {
                finding.support(claim.id, REPORTED_SUCCESS);
                finding.subject = claim.subject;
            }
            ClaimKind::SucceededDuringCollapse => finding.support(claim.id, SUCCEEDED_DURING_COLLAPSE),
            _ => {}
        }
    }
    if !collapse {
        return Vec::new();
    }
    finding.wording = words(kb, claims, &finding);
    vec![finding]
}

/// The CronJob (else Job) behind a subject: up its owners, or, for a program known only by
/// name (`[ts] partner-feed-export | …`), the CronJob or Job of that name.
fn scheduled_job(kb: &Kb<'_>, subject: EntityId) -> Option<EntityId> {
    let scheduled = |e: &EntityId| matches!(kb.entity(*e).kind, EntityKind::CronJob | EntityKind::Job);
    if let Some(owner) = kb.lineage(subject).into_iter().rev().find(scheduled) {
        return Some(owner);
    }
    let entity = kb.entity(subject);
    if entity.kind != EntityKind::LogSource {
        return None;
    }
    let named = |kind: EntityKind| kb.facts().entities().iter().position(|e| e.kind == kind && e.name == entity.name).map(|i| EntityId(i as u32));
    named(EntityKind::CronJob).or_else(|| named(EntityKind::Job))
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding) -> Wording {
    let supporting = finding.supporting(claims);
    // The job by name: its CronJob or Job when the paste shows one, else the program that
    // logged the success, unless that is only Trowel's stand-in for unnamed lines.
    let scheduled = finding.subject.and_then(|s| scheduled_job(kb, s));
    let job = scheduled.or(finding.subject.filter(|s| !is_placeholder_source(kb, *s))).map(|e| kb.entity(e).name.clone());
    let ns = ns_flag(kb, finding.subject);
    let series: Vec<String> = supporting
        .iter()
        .filter_map(|c| match &c.kind {
            ClaimKind::Cliff { series, .. } | ClaimKind::Frozen { series, .. } => Some(format!("`{}`", series.split('{').next().unwrap_or(series))),
            _ => None,
        })
        .fold(Vec::new(), |mut acc, s| {
            if !acc.contains(&s) {
                acc.push(s);
            }
            acc
        });
    let succeeded = supporting.iter().any(|c| matches!(c.kind, ClaimKind::ReportedSuccess));
    let who = job.clone().unwrap_or_else(|| "the pipeline".into());
    let title = if succeeded {
        format!("{who} reports success while its output collapsed")
    } else {
        format!("{} collapsed with no failure reported", and_list(&series))
    };
    let details: Vec<String> = supporting
        .iter()
        .filter(|c| !matches!(c.kind, ClaimKind::ReportedSuccess | ClaimKind::SucceededDuringCollapse))
        .map(|c| c.statement.clone())
        .collect();
    let summary = format!(
        "{}{}.",
        if succeeded { format!("{who} completes and reports success, but ") } else { String::new() },
        details.join("; ")
    );
    let job_ref = match scheduled {
        Some(e) => format!("{}/{}", if kb.entity(e).kind == EntityKind::CronJob { "cronjob" } else { "job" }, kb.entity(e).name),
        None => "cronjob/<name>".into(),
    };
    let fixes = vec![
        "Now: find what changed under the job (its input config, source database, upstream feed) and fix it; then re-run it for every affected date and correct the published numbers.".to_string(),
        "Lasting: make the job fail loudly on volume anomalies — reject a run whose input count drops by more than a set factor or repeats exactly, and alert on the output metric, not only on exit status.".to_string(),
    ];
    let checks = vec![
        Check::new(format!("kubectl {ns}get {job_ref} -o yaml  # schedule, env and config it reads"), CLIFF_DROP * 0.5, true),
        Check::new(format!("kubectl {ns}get jobs --sort-by=.status.startTime  # runs around the first bad date"), REPORTED_SUCCESS, true),
        Check::new(
            format!("kubectl {ns}logs job/<latest-{}> | grep -iE 'connect|records|rows'", scheduled.map_or("job", |e| kb.entity(e).name.as_str())),
            FROZEN * 0.5,
            false,
        ),
    ];
    Wording { title, summary, fixes, checks }
}
