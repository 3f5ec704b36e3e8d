//! Inference: from facts to the report — claims, findings, ranking, and the report's
//! evidence, graph, timeline and reconstruction.

pub mod claim;
pub mod derive;
pub mod detect;
pub mod finding;
mod graph;
pub mod kb;
pub mod moment;
mod platform;
pub mod rank;
mod reconstruct;
mod timeline;
mod words;

use crate::ingest::Ingest;
use crate::report::{ArtifactSummary, Diagnosis, Evidence, Report, Stance, UnparsedText};
use claim::Claims;
use kb::Kb;
use rank::Ranked;

/// Builds the report of one ingested paste.
pub fn report(paste: &str, ingest: &Ingest) -> Report {
    let kb = Kb::new(paste, ingest);
    let claims = derive::derive(&kb);
    let ranked = rank::rank(&kb, &claims, detect::detect(&kb, &claims));
    let ids = diagnosis_ids(&ranked);
    let diagnoses = ranked.iter().enumerate().map(|(i, r)| diagnosis(&kb, &claims, &ranked, &ids, i, r)).collect();
    let mut warnings = distinct_warnings(ingest);
    let timeline = timeline::build(&kb, &claims, &mut warnings);
    Report {
        diagnoses,
        reconstruction: reconstruct::build(&kb),
        timeline,
        graph: graph::build(&kb, &claims, &ranked, &ids),
        artifacts: artifacts(&kb),
        warnings,
        unparsed: unparsed(&kb),
        now: kb.now.map(|t| t.to_string()),
        line_count: kb.lines.line_count(),
    }
}

/// Warnings in first-seen order, each once, with how many times it was raised.
fn distinct_warnings(ingest: &Ingest) -> Vec<String> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for warning in &ingest.warnings {
        match out.iter_mut().find(|(m, _)| *m == warning.message) {
            Some((_, n)) => *n += 1,
            None => out.push((warning.message.clone(), 1)),
        }
    }
    out.into_iter().map(|(m, n)| if n > 1 { format!("{m} ({n} times)") } else { m }).collect()
}

/// `diagnosis:<class>`, with `:2`, `:3` for further findings of one class.
fn diagnosis_ids(ranked: &[Ranked]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for r in ranked {
        let base = format!("diagnosis:{}", r.finding.class);
        let n = ids.iter().filter(|id| id.as_str() == base || id.starts_with(&format!("{base}:"))).count();
        ids.push(if n == 0 { base } else { format!("{base}:{}", n + 1) });
    }
    ids
}

fn diagnosis(kb: &Kb<'_>, claims: &Claims, ranked: &[Ranked], ids: &[String], index: usize, r: &Ranked) -> Diagnosis {
    let f = &r.finding;
    let mut evidence = Vec::new();
    let mut stances: Vec<(claim::ClaimId, f64, Stance)> =
        f.supports.iter().map(|(c, w)| (*c, *w, Stance::Supports)).chain(f.contradicts.iter().map(|(c, w)| (*c, *w, Stance::Contradicts))).collect();
    // Strongest evidence first; contradictions after the support they weigh against.
    crate::sort::by(&mut stances, |a, b| (a.2 == Stance::Contradicts).cmp(&(b.2 == Stance::Contradicts)).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
    for (claim_id, _, stance) in stances {
        let claim = claims.get(claim_id);
        let mut seen = Vec::new();
        for fact_id in &claim.rests_on {
            let fact = kb.fact(*fact_id);
            if seen.contains(&fact.span) {
                continue;
            }
            seen.push(fact.span);
            let (line, line_end) = kb.lines.lines(fact.span);
            evidence.push(Evidence {
                claim: claim.statement.clone(),
                quote: kb.quote(fact).to_string(),
                line,
                line_end,
                stance,
                claim_id: format!("claim:{}", claim_id.0),
                start: fact.span.start,
                end: fact.span.end,
            });
        }
    }
    let mut checks = f.wording.checks.clone();
    crate::sort::by(&mut checks, |a, b| b.not_pasted.cmp(&a.not_pasted).then(b.impact.total_cmp(&a.impact)));
    Diagnosis {
        id: ids[index].clone(),
        class: f.class.to_string(),
        title: f.wording.title.clone(),
        confidence: (r.confidence * 100.0).round() / 100.0,
        summary: f.wording.summary.clone(),
        evidence,
        fixes: f.wording.fixes.clone(),
        checks: checks.into_iter().map(|c| c.command).collect(),
        explains: r.explains.iter().map(|i| ranked[*i].finding.class.to_string()).collect(),
        explained_by: r.explained_by.map(|i| ranked[i].finding.class.to_string()),
    }
}

fn artifacts(kb: &Kb<'_>) -> Vec<ArtifactSummary> {
    kb.ingest
        .artifacts
        .iter()
        .map(|a| {
            let (line_start, line_end) = kb.lines.lines(a.body);
            ArtifactSummary {
                id: format!("artifact:{}", a.id.0),
                kind: a.kind.name().to_string(),
                title: a.title.clone(),
                command: a.command.as_ref().map(|c| c.line.clone()),
                line_start,
                line_end,
            }
        })
        .collect()
}

fn unparsed(kb: &Kb<'_>) -> Vec<UnparsedText> {
    kb.ingest
        .unparsed
        .iter()
        .map(|u| {
            let (line_start, line_end) = kb.lines.lines(u.span);
            UnparsedText { line_start, line_end, text: u.span.text(kb.paste).to_string(), reason: u.reason.clone() }
        })
        .collect()
}
