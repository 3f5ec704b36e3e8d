//! Findings: what a detector concludes — a catalog class, the claims for and against it,
//! and (rendered separately from the reasoning) its wording, fixes and checks.

use super::claim::ClaimId;
use crate::fact::EntityId;

/// A command to run before acting, and how much its answer would move the confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub command: String,
    /// Log-odds the answer could move: the weight of the claim it settles.
    pub impact: f64,
    /// True when the paste lacks the artifact this command prints ("not pasted").
    pub not_pasted: bool,
}

impl Check {
    pub fn new(command: String, impact: f64, not_pasted: bool) -> Check {
        Check { command, impact, not_pasted }
    }
}

/// Title, summary, fixes and checks of a finding, in words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wording {
    pub title: String,
    pub summary: String,
    /// Immediate mitigation first, then the lasting fix.
    pub fixes: Vec<String>,
    pub checks: Vec<Check>,
}

/// One candidate diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub class: &'static str,
    /// The workload/object the finding is about, for linking symptoms to causes.
    pub subject: Option<EntityId>,
    /// Log-odds before any evidence.
    pub prior: f64,
    pub supports: Vec<(ClaimId, f64)>,
    pub contradicts: Vec<(ClaimId, f64)>,
    pub wording: Wording,
}

impl Finding {
    pub fn new(class: &'static str, prior: f64) -> Finding {
        Finding { class, subject: None, prior, supports: Vec::new(), contradicts: Vec::new(), wording: Wording::default() }
    }

    pub fn support(&mut self, claim: ClaimId, weight: f64) {
        if !self.supports.iter().any(|(c, _)| *c == claim) {
            self.supports.push((claim, weight));
        }
    }

    pub fn contradict(&mut self, claim: ClaimId, weight: f64) {
        if !self.contradicts.iter().any(|(c, _)| *c == claim) {
            self.contradicts.push((claim, weight));
        }
    }

    /// Confidence in [0.01, 0.99]: the prior plus supporting minus contradicting weights,
    /// squashed by the logistic function. Never 0 or 1: a paste is never the whole truth.
    pub fn confidence(&self) -> f64 {
        let log_odds = self.prior + self.supports.iter().map(|(_, w)| w).sum::<f64>() - self.contradicts.iter().map(|(_, w)| w).sum::<f64>();
        (1.0 / (1.0 + (-log_odds).exp())).clamp(0.01, 0.99)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_moves_confidence_both_ways() {
        let mut finding = Finding::new("x", -2.0);
        let base = finding.confidence();
        finding.support(ClaimId(0), 3.0);
        let supported = finding.confidence();
        finding.contradict(ClaimId(1), 2.0);
        let contested = finding.confidence();
        assert!(base < contested && contested < supported);
        finding.support(ClaimId(0), 3.0);
        assert_eq!(finding.confidence(), contested, "a claim counts once");
    }
}
