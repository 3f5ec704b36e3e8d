//! Ranking: confidences, symptom links ("explains"), and the final order.
//!
//! A finding that another finding explains (a flag fallback ← an old build running; frozen
//! counts ← the wrong database) gets an `explains` edge from its cause and ranks below it:
//! its confidence as a *root cause* is capped below its cause's.

use super::finding::Finding;
use super::kb::Kb;

/// Cause → symptom pairs from the catalog's reasoning.
const EXPLAINS: &[(&str, &str)] = &[
    ("stale-image-mutable-tag", "missing-feature-flag"),
    ("config-crossover", "silent-data-drop"),
    ("oom-killed", "crashloop-config-error"),
    ("image-pull-error", "unschedulable"),
    ("stale-secret-not-reloaded", "crashloop-config-error"),
    ("certificate-expired", "probe-misconfigured"),
    ("network-policy-block", "probe-misconfigured"),
    ("capacity-saturation", "probe-misconfigured"),
    ("network-policy-block", "capacity-saturation"),
    ("certificate-expired", "crashloop-config-error"),
];

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

pub fn rank(kb: &Kb<'_>, findings: Vec<Finding>) -> Vec<Ranked> {
    let mut items: Vec<(Finding, f64)> = findings.into_iter().map(|f| {
        let c = f.confidence();
        (f, c)
    }).collect();
    // Causes first, so a symptom's cap uses its cause's final confidence.
    let mut causes: Vec<Option<usize>> = vec![None; items.len()];
    for (i, (symptom, _)) in items.iter().enumerate() {
        causes[i] = items
            .iter()
            .enumerate()
            .filter(|(j, (cause, _))| {
                *j != i
                    && EXPLAINS.iter().any(|(c, s)| *c == cause.class && *s == symptom.class)
                    && same_scope(kb, cause, symptom)
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
    order.sort_by(|a, b| items[*b].1.total_cmp(&items[*a].1).then(a.cmp(b)));
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

/// Two findings can be cause and symptom when they are about the same namespace (or one of
/// them has none).
fn same_scope(kb: &Kb<'_>, a: &Finding, b: &Finding) -> bool {
    let ns = |f: &Finding| f.subject.and_then(|s| kb.entity(s).namespace.clone());
    match (ns(a), ns(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}
