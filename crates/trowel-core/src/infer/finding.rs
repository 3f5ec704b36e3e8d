//! Findings: what a detector concludes — a catalog class, the claims for and against it,
//! and (rendered separately from the reasoning) its wording, fixes and checks.

use super::claim::{Claim, ClaimId, ClaimKind, Claims};
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

    /// The claims supporting this finding, in the order they were added.
    pub fn supporting<'c>(&self, claims: &'c Claims) -> Vec<&'c Claim> {
        self.supports.iter().map(|(id, _)| claims.get(*id)).collect()
    }

    pub fn contradict(&mut self, claim: ClaimId, weight: f64) {
        if !self.contradicts.iter().any(|(c, _)| *c == claim) {
            self.contradicts.push((claim, weight));
        }
    }

    /// Confidence in [0.01, 0.99]: the prior plus supporting minus contradicting weights,
    /// squashed by the logistic function. Never 0 or 1: a paste is never the whole truth.
    ///
    /// Claims of one kind are correlated (twelve pods crash-looping are one fact about the
    /// fleet, not twelve): within a kind, the strongest counts fully and each further one
    /// half as much as the one before, so a kind adds at most twice its strongest weight.
    pub fn confidence(&self, claims: &Claims) -> f64 {
        let log_odds = self.prior + decayed(&self.supports, claims) - decayed(&self.contradicts, claims);
        (1.0 / (1.0 + (-log_odds).exp())).clamp(0.01, 0.99)
    }
}

/// Sum of weights with diminishing returns within each kind of claim.
fn decayed(weighted: &[(ClaimId, f64)], claims: &Claims) -> f64 {
    let mut by_kind: Vec<(std::mem::Discriminant<ClaimKind>, Vec<f64>)> = Vec::new();
    for (claim, weight) in weighted {
        let kind = std::mem::discriminant(&claims.get(*claim).kind);
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, weights)) => weights.push(*weight),
            None => by_kind.push((kind, vec![*weight])),
        }
    }
    by_kind
        .into_iter()
        .map(|(_, mut weights)| {
            crate::sort::by(&mut weights, |a, b| b.total_cmp(a));
            weights.iter().enumerate().map(|(i, w)| w * 0.5f64.powi(i as i32)).sum::<f64>()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(kinds: Vec<ClaimKind>) -> Claims {
        let mut claims = Claims::default();
        for kind in kinds {
            claims.add(kind, String::new(), Vec::new(), None, None);
        }
        claims
    }

    #[test]
    fn evidence_moves_confidence_both_ways() {
        let claims = claims(vec![ClaimKind::ReportedSuccess, ClaimKind::FallbackTaken { to: String::new() }]);
        let mut finding = Finding::new("x", -2.0);
        let base = finding.confidence(&claims);
        finding.support(ClaimId(0), 3.0);
        let supported = finding.confidence(&claims);
        finding.contradict(ClaimId(1), 2.0);
        let contested = finding.confidence(&claims);
        assert!(base < contested && contested < supported);
        finding.support(ClaimId(0), 3.0);
        assert_eq!(finding.confidence(&claims), contested, "a claim counts once");
    }

    #[test]
    fn claims_of_one_kind_have_diminishing_returns() {
        let claims = claims((0..12).map(|_| ClaimKind::ReportedSuccess).collect());
        let mut finding = Finding::new("x", 0.0);
        for i in 0..12 {
            finding.support(ClaimId(i), 1.0);
        }
        let twelve = finding.confidence(&claims);
        let at_most_double = 1.0 / (1.0 + (-2.0f64).exp());
        assert!(twelve <= at_most_double && twelve > 1.0 / (1.0 + (-1.9f64).exp()));
    }
}
