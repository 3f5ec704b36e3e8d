//! The evidence graph: artifacts → facts → claims → diagnoses → actions, with edges
//! `derived-from`, `supports`, `contradicts`, `explains`, `fixes` and `checks`. Only what a
//! diagnosis rests on is drawn. Ids are deterministic and the order is stable.

use super::claim::{ClaimId, Claims};
use super::kb::Kb;
use super::rank::Ranked;
use crate::artifact::ArtifactId;
use crate::fact::FactId;
use crate::report::{Edge, Graph, Node};

/// Longest label before it is cut with an ellipsis.
const LABEL_CHARS: usize = 90;

pub fn build(kb: &Kb<'_>, claims: &Claims, ranked: &[Ranked], ids: &[String]) -> Graph {
    let mut used_claims: Vec<ClaimId> = ranked
        .iter()
        .flat_map(|r| r.finding.supports.iter().chain(&r.finding.contradicts).map(|(c, _)| *c))
        .collect();
    crate::sort::natural(&mut used_claims);
    used_claims.dedup();
    let mut used_facts: Vec<FactId> = used_claims.iter().flat_map(|c| claims.get(*c).rests_on.iter().copied()).collect();
    crate::sort::natural(&mut used_facts);
    used_facts.dedup();
    let mut used_artifacts: Vec<ArtifactId> = used_facts.iter().map(|f| kb.fact(*f).artifact).collect();
    crate::sort::natural(&mut used_artifacts);
    used_artifacts.dedup();

    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for a in &used_artifacts {
        let artifact = &kb.ingest.artifacts[a.0 as usize];
        let (line, line_end) = kb.lines.lines(artifact.body);
        let label = artifact.title.clone().unwrap_or_else(|| format!("{} (lines {line}–{line_end})", artifact.kind.name()));
        nodes.push(Node {
            id: format!("artifact:{}", a.0),
            kind: "artifact".into(),
            label: cut(&label),
            quote: None,
            line: Some(line),
            line_end: Some(line_end),
        });
    }
    for f in &used_facts {
        let fact = kb.fact(*f);
        let (line, line_end) = kb.lines.lines(fact.span);
        let subject = kb.entity(fact.subject);
        let label = format!("{} {}: {}", subject.name, predicate_words(fact.predicate), kb.facts().display_value(&fact.value));
        nodes.push(Node {
            id: format!("fact:{}", f.0),
            kind: "fact".into(),
            label: cut(&label),
            quote: Some(kb.quote(fact).to_string()),
            line: Some(line),
            line_end: Some(line_end),
        });
        edges.push(edge(format!("fact:{}", f.0), format!("artifact:{}", fact.artifact.0), "derived-from"));
    }
    for c in &used_claims {
        let claim = claims.get(*c);
        nodes.push(Node { id: format!("claim:{}", c.0), kind: "claim".into(), label: cut(&claim.statement), quote: None, line: None, line_end: None });
        for f in &claim.rests_on {
            edges.push(edge(format!("claim:{}", c.0), format!("fact:{}", f.0), "derived-from"));
        }
    }
    for (i, r) in ranked.iter().enumerate() {
        nodes.push(Node {
            id: ids[i].clone(),
            kind: "diagnosis".into(),
            label: cut(&format!("{} ({:.0}%)", r.finding.class, r.confidence * 100.0)),
            quote: None,
            line: None,
            line_end: None,
        });
        for (c, _) in &r.finding.supports {
            edges.push(edge(format!("claim:{}", c.0), ids[i].clone(), "supports"));
        }
        for (c, _) in &r.finding.contradicts {
            edges.push(edge(format!("claim:{}", c.0), ids[i].clone(), "contradicts"));
        }
        for symptom in &r.explains {
            edges.push(edge(ids[i].clone(), ids[*symptom].clone(), "explains"));
        }
    }
    for (i, r) in ranked.iter().enumerate() {
        for (n, fix) in r.finding.wording.fixes.iter().enumerate() {
            let id = format!("action:{}:fix:{n}", ids[i].trim_start_matches("diagnosis:"));
            nodes.push(Node { id: id.clone(), kind: "action".into(), label: cut(fix), quote: None, line: None, line_end: None });
            edges.push(edge(id, ids[i].clone(), "fixes"));
        }
        for (n, check) in r.finding.wording.checks.iter().enumerate() {
            let id = format!("action:{}:check:{n}", ids[i].trim_start_matches("diagnosis:"));
            nodes.push(Node { id: id.clone(), kind: "action".into(), label: cut(&check.command), quote: None, line: None, line_end: None });
            edges.push(edge(id, ids[i].clone(), "checks"));
        }
    }
    Graph { nodes, edges }
}

fn edge(from: String, to: String, relation: &str) -> Edge {
    Edge { from, to, relation: relation.into() }
}

fn cut(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_string();
    }
    let mut out: String = text.chars().take(LABEL_CHARS - 1).collect();
    out.push('…');
    out
}

/// A predicate in words: `image_id` → `image id`. The name is the one serde gives the JSON
/// output, not `Debug`'s: the browser build compiles `Debug` formatting out
/// (`-Zfmt-debug=none`).
pub fn predicate_words(predicate: crate::fact::Predicate) -> String {
    // A unit variant serialises to its name in quotes. (`to_string`, not `to_value`: the
    // browser build has the string serialiser anyway, `Value`'s would be compiled in for this.)
    serde_json::to_string(&predicate).map_or_else(|_| String::new(), |name| name.trim_matches('"').replace('_', " "))
}
