//! `silent-data-drop`: a job or pipeline reports success while its volume collapsed or froze.
//!
//! What it finds: a success report (full completions, a Completed pod, "Status: SUCCESS")
//! next to a metric that fell off a cliff or a count that repeats exactly run after run.
//! Why it matters: nothing alerts — the job is green — while downstream numbers are wrong.

use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::{and_list, ns_flag};
use crate::fact::EntityKind;

pub const CLASS: &str = "silent-data-drop";

/// Volume collapses are uncommon in a random paste.
const PRIOR: f64 = -2.0;
/// A series dropped by a large factor.
const CLIFF_DROP: f64 = 1.6;
/// A count repeats exactly on consecutive runs.
const FROZEN: f64 = 1.4;
/// The job says it succeeded — what makes the drop silent.
const REPORTED_SUCCESS: f64 = 0.8;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut finding = Finding::new(CLASS, PRIOR);
    let mut collapse = false;
    for claim in claims.all() {
        match &claim.kind {
            ClaimKind::Cliff { drop: true, .. } => {
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
            _ => {}
        }
    }
    if !collapse {
        return Vec::new();
    }
    finding.wording = words(kb, claims, &finding);
    vec![finding]
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding) -> Wording {
    let supporting = finding.supporting(claims);
    let job = finding.subject.map(|s| {
        let lineage = kb.lineage(s);
        let top = lineage.iter().rev().find(|e| matches!(kb.entity(**e).kind, EntityKind::CronJob | EntityKind::Job)).copied().unwrap_or(s);
        kb.entity(top).name.clone()
    });
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
    let details: Vec<String> = supporting.iter().filter(|c| !matches!(c.kind, ClaimKind::ReportedSuccess)).map(|c| c.statement.clone()).collect();
    let summary = format!(
        "{}{}.",
        if succeeded { format!("{who} completes and reports success, but ") } else { String::new() },
        details.join("; ")
    );
    let job_ref = job.as_deref().map(|j| format!("cronjob/{j}")).unwrap_or_else(|| "cronjob/<name>".into());
    let fixes = vec![
        "Now: find what changed under the job (its input config, source database, upstream feed) and fix it; then re-run it for every affected date and correct the published numbers.".to_string(),
        "Lasting: make the job fail loudly on volume anomalies — reject a run whose input count drops by more than a set factor or repeats exactly, and alert on the output metric, not only on exit status.".to_string(),
    ];
    let checks = vec![
        Check::new(format!("kubectl {ns}get {job_ref} -o yaml  # schedule, env and config it reads"), CLIFF_DROP * 0.5, true),
        Check::new(format!("kubectl {ns}get jobs --sort-by=.status.startTime  # runs around the first bad date"), REPORTED_SUCCESS, true),
        Check::new(format!("kubectl {ns}logs job/<latest-{}> | grep -iE 'connect|records|rows'", job.as_deref().unwrap_or("job")), FROZEN * 0.5, false),
    ];
    Wording { title, summary, fixes, checks }
}
