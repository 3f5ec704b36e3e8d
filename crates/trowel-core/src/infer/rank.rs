//! Ranking: confidences, symptom links ("explains"), and the final order.
//!
//! A finding that another finding explains (a flag fallback ← an old build running; frozen
//! counts ← the wrong database) gets an `explains` edge from its cause and ranks below it:
//! its confidence as a *root cause* is capped below its cause's. Only a believed cause
//! (at least [`CAUSE_MIN`]) explains anything.

use super::claim::Claims;
use super::finding::Finding;
use super::kb::Kb;

/// How closely a cause and its symptom must be tied.
#[derive(Clone, Copy)]
enum Scope {
    /// About the same namespace (or one of them has none).
    Namespace,
    /// About the same object: a hand change on the very workload whose image went stale is
    /// an attempt to redeploy it, not unrelated drift.
    Subject,
    /// About the same workload when both are about workloads (a container killed for memory
    /// restarts itself, not its neighbour), else about the same namespace (a Secret, a
    /// certificate and the workloads that use them).
    Workload,
}

/// Cause → symptom pairs from the catalog's reasoning.
const EXPLAINS: &[(&str, &str, Scope)] = &[
    ("stale-image-mutable-tag", "missing-feature-flag", Scope::Namespace),
    ("stale-image-mutable-tag", "gitops-drift", Scope::Subject),
    ("config-crossover", "silent-data-drop", Scope::Namespace),
    ("oom-killed", "crashloop-config-error", Scope::Workload),
    ("image-pull-error", "unschedulable", Scope::Workload),
    ("stale-secret-not-reloaded", "crashloop-config-error", Scope::Namespace),
    ("certificate-expired", "probe-misconfigured", Scope::Namespace),
    ("network-policy-block", "probe-misconfigured", Scope::Namespace),
    ("capacity-saturation", "probe-misconfigured", Scope::Namespace),
    ("oom-killed", "probe-misconfigured", Scope::Workload),
    ("crashloop-config-error", "probe-misconfigured", Scope::Workload),
    ("cron-not-running", "silent-data-drop", Scope::Namespace),
    // A job that lost its flag takes the fallback path and still reports success; the
    // output it changed is the symptom.
    ("missing-feature-flag", "silent-data-drop", Scope::Namespace),
    ("network-policy-block", "capacity-saturation", Scope::Namespace),
    ("certificate-expired", "crashloop-config-error", Scope::Namespace),
];

/// A finding explains others only when it is itself believed: an unlikely cause must not
/// drag a likely symptom down with it.
const CAUSE_MIN: f64 = 0.5;

/// How far below its cause a symptom's confidence is capped.
const SYMPTOM_CAP: f64 = 0.95;

#[derive(Debug)]
pub struct Ranked {
    pub finding: Finding,
    pub confidence: f64,
    /// Index (in the ranked list) of the finding that explains this one.
    pub explained_by: Option<usize>,
    pub explains: Vec<usize>,
}

pub fn rank(kb: &Kb<'_>, claims: &Claims, findings: Vec<Finding>) -> Vec<Ranked> {
    let mut items: Vec<(Finding, f64)> = findings
        .into_iter()
        .map(|f| {
            let c = f.confidence(claims);
            (f, c)
        })
        .collect();
    // Causes first, so a symptom's cap uses its cause's final confidence.
    let mut causes: Vec<Option<usize>> = vec![None; items.len()];
    for (i, (symptom, _)) in items.iter().enumerate() {
        causes[i] = items
            .iter()
            .enumerate()
            .filter(|(j, (cause, confidence))| {
                *j != i
                    && *confidence >= CAUSE_MIN
                    && EXPLAINS.iter().any(|(c, s, scope)| *c == cause.class && *s == symptom.class && in_scope(kb, *scope, cause, symptom))
            })
            .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
            .map(|(j, _)| j);
    }
    for i in 0..items.len() {
        if let Some(cause) = causes[i] {
            let cap = items[cause].1 * SYMPTOM_CAP;
            if items[i].1 > cap {
                items[i].1 = cap;
            }
        }
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    crate::sort::by(&mut order, |a, b| items[*b].1.total_cmp(&items[*a].1).then(a.cmp(b)));
    let position = |original: usize| order.iter().position(|o| *o == original);
    let explained: Vec<Option<usize>> = order.iter().map(|o| causes[*o].and_then(position)).collect();
    let mut slots: Vec<Option<(Finding, f64)>> = items.into_iter().map(Some).collect();
    let mut ranked: Vec<Ranked> = order
        .iter()
        .zip(&explained)
        .map(|(o, by)| {
            let (finding, confidence) = slots[*o].take().expect("each finding is ranked once");
            Ranked { finding, confidence, explained_by: *by, explains: Vec::new() }
        })
        .collect();
    for i in 0..ranked.len() {
        if let Some(cause) = ranked[i].explained_by {
            ranked[cause].explains.push(i);
        }
    }
    ranked
}

/// Whether two findings are close enough to be cause and symptom.
fn in_scope(kb: &Kb<'_>, scope: Scope, cause: &Finding, symptom: &Finding) -> bool {
    match scope {
        Scope::Namespace => {
            let ns = |f: &Finding| f.subject.and_then(|s| kb.entity(s).namespace.clone());
            match (ns(cause), ns(symptom)) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            }
        }
        Scope::Workload => {
            let workload = |f: &Finding| f.subject.and_then(|s| kb.workload_of(s).or_else(|| is_workload(&kb.entity(s).kind).then_some(s)));
            match (workload(cause), workload(symptom)) {
                (Some(a), Some(b)) => a == b,
                _ => in_scope(kb, Scope::Namespace, cause, symptom),
            }
        }
        Scope::Subject => match (cause.subject, symptom.subject) {
            (Some(a), Some(b)) => kb.workload_of(a).unwrap_or(a) == kb.workload_of(b).unwrap_or(b),
            _ => false,
        },
    }
}

/// Kinds that run containers (a finding about a pod is about its workload when it has one).
fn is_workload(kind: &crate::fact::EntityKind) -> bool {
    use crate::fact::EntityKind::*;
    matches!(kind, Deployment | StatefulSet | DaemonSet | ReplicaSet | Job | CronJob | Pod)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::claim::{ClaimId, ClaimKind};

    fn finding(class: &'static str, log_odds: f64) -> Finding {
        let mut f = Finding::new(class, 0.0);
        f.support(ClaimId(0), log_odds);
        f
    }

    #[test]
    fn a_believed_cause_caps_its_symptom_and_an_unlikely_one_does_not() {
        let ingest = crate::ingest::ingest("");
        let kb = Kb::new("", &ingest);
        let mut claims = Claims::default();
        claims.add(ClaimKind::ReportedSuccess, String::new(), Vec::new(), None, None);
        let ranked = rank(&kb, &claims, vec![finding("crashloop-config-error", 3.0), finding("oom-killed", 2.0)]);
        assert_eq!(ranked[0].finding.class, "oom-killed");
        assert_eq!(ranked[1].explained_by, Some(0));
        assert!(ranked[1].confidence < ranked[0].confidence);

        let ranked = rank(&kb, &claims, vec![finding("crashloop-config-error", 3.0), finding("oom-killed", -3.0)]);
        assert_eq!(ranked[0].finding.class, "crashloop-config-error");
        assert_eq!(ranked[0].explained_by, None);
        assert!(ranked[0].confidence > 0.9);
    }

    #[test]
    fn a_job_whose_flag_went_missing_explains_its_collapsed_output() {
        let ingest = crate::ingest::ingest("");
        let kb = Kb::new("", &ingest);
        let mut claims = Claims::default();
        claims.add(ClaimKind::ReportedSuccess, String::new(), Vec::new(), None, None);
        let ranked = rank(&kb, &claims, vec![finding("silent-data-drop", 1.2), finding("missing-feature-flag", 1.0)]);
        assert_eq!(ranked[0].finding.class, "missing-feature-flag");
        assert_eq!(ranked[1].explained_by, Some(0));
    }

    #[test]
    fn one_workloads_oom_does_not_explain_anothers_crash_loop() {
        let paste = "$ kubectl -n lab get pods\nNAME READY STATUS RESTARTS AGE\ntiler-5b7f9d6c8-vq8ct 1/1 Running 1 2d\nindexer-6d5c8f7b49-8hxtq 0/1 CrashLoopBackOff 9 2d\n";
        let ingest = crate::ingest::ingest(paste);
        let kb = Kb::new(paste, &ingest);
        let mut claims = Claims::default();
        claims.add(ClaimKind::ReportedSuccess, String::new(), Vec::new(), None, None);
        let pod = |name: &str| ingest.facts.entities().iter().position(|e| e.name == name).map(|i| crate::fact::EntityId(i as u32));
        let about = |class: &'static str, log_odds: f64, subject: &str| {
            let mut f = finding(class, log_odds);
            f.subject = pod(subject);
            f
        };
        let ranked = rank(&kb, &claims, vec![about("crashloop-config-error", 3.0, "indexer-6d5c8f7b49-8hxtq"), about("oom-killed", 3.5, "tiler-5b7f9d6c8-vq8ct")]);
        assert!(ranked.iter().all(|r| r.explained_by.is_none()));
        assert_eq!(ranked[1].finding.class, "crashloop-config-error");
        // The same pod's OOM does explain its restarts.
        let ranked = rank(&kb, &claims, vec![about("crashloop-config-error", 3.0, "indexer-6d5c8f7b49-8hxtq"), about("oom-killed", 3.5, "indexer-6d5c8f7b49-8hxtq")]);
        assert_eq!(ranked[1].explained_by, Some(0));
    }
}
