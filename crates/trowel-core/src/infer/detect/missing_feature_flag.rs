//! `missing-feature-flag`: code asks for a flag that does not exist and silently takes a
//! fallback path.
//!
//! What it finds: "flag … not found" log lines or `result="not_found"` counters, a
//! "falling back to …" path, and an error-rate skew on the path it falls back to.
//! Why it matters: the feature the flag gates is off without anyone deciding so, and the
//! fallback path may be the one failing.

use crate::infer::claim::{Claim, ClaimKind, Claims};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::ns_flag;

pub const CLASS: &str = "missing-feature-flag";

/// Missing flags are uncommon in a random paste.
const PRIOR: f64 = -2.0;
/// The code says the flag does not exist.
const FLAG_MISSING: f64 = 2.2;
/// It took a fallback path because of it.
const FALLBACK: f64 = 0.8;
/// The fallback path fails far more than its siblings.
const SKEW_ON_FALLBACK: f64 = 0.8;
/// A skew with no visible tie to the fallback path.
const SKEW_ELSEWHERE: f64 = 0.2;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut out = Vec::new();
    for flag in claims.matching(|k| matches!(k, ClaimKind::FlagMissing { .. })) {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = flag.subject;
        finding.support(flag.id, FLAG_MISSING);
        let mut fallbacks = Vec::new();
        // A fallback counts for the flag it was taken for: another flag's default is
        // no evidence about this one.
        for claim in claims.matching(|k| matches!(k, ClaimKind::FallbackTaken { .. })).filter(|c| c.subject == flag.subject) {
            finding.support(claim.id, FALLBACK);
            if let ClaimKind::FallbackTaken { to } = &claim.kind {
                fallbacks.push(to.to_ascii_lowercase());
            }
        }
        for claim in claims.matching(|k| matches!(k, ClaimKind::ErrorSkew { .. })) {
            let ClaimKind::ErrorSkew { worst, .. } = &claim.kind else { continue };
            let worst = worst.to_ascii_lowercase();
            let tied = fallbacks.iter().any(|f| f.split(|c: char| !c.is_alphanumeric()).any(|w| w == worst))
                || flag_name(kb, flag).to_ascii_lowercase().contains(&worst);
            finding.support(claim.id, if tied { SKEW_ON_FALLBACK } else { SKEW_ELSEWHERE });
        }
        finding.wording = words(kb, claims, &finding, flag);
        out.push(finding);
    }
    out
}

fn flag_name(kb: &Kb<'_>, flag: &Claim) -> String {
    flag.subject.map(|s| kb.entity(s).name.clone()).unwrap_or_default()
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, flag: &Claim) -> Wording {
    let name = flag_name(kb, flag);
    let supporting = finding.supporting(claims);
    // The most telling fallback: a named path (`static multiplier`) over a stated default
    // (`the default false`) over an unstated one (`the default value`).
    let vagueness = |to: &str| match to.strip_prefix("the default") {
        None => 0,
        Some(" value") => 2,
        Some(_) => 1,
    };
    let fallback = supporting
        .iter()
        .filter_map(|c| match &c.kind {
            ClaimKind::FallbackTaken { to } => Some(to),
            _ => None,
        })
        .min_by_key(|to| vagueness(to))
        .cloned();
    let skew = supporting.iter().find(|c| matches!(c.kind, ClaimKind::ErrorSkew { .. }));
    let title = match &fallback {
        Some(to) => format!("Feature flag `{name}` is missing; the code falls back to {to}"),
        None => format!("Feature flag `{name}` is missing"),
    };
    let mut story = vec![flag.statement.clone()];
    if let Some(to) = &fallback {
        story.push(format!("so it falls back to {to}"));
    }
    if let Some(skew) = skew {
        story.push(skew.statement.clone());
    }
    let summary = format!("{}.", story.join("; "));
    let ns = ns_flag(kb, None);
    let fixes = vec![
        format!("Now: decide whether `{name}` should be on; if the running build is the one expected to have it, create the flag in the flag service (or its config) — if not, deploy the build that ships with it."),
        "Lasting: treat an unknown flag as an error at start-up (or alert on `not_found` lookups), and ship flag definitions together with the code that reads them.".to_string(),
    ];
    let checks = vec![
        Check::new(format!("kubectl {ns}logs deploy/<app> --since=1h | grep -i '{name}'"), FLAG_MISSING * 0.3, false),
        Check::new(format!("# in the flag service: does `{name}` exist in this environment, and since when?"), FLAG_MISSING, true),
    ];
    Wording { title, summary, fixes, checks }
}
