//! Rendering of `trowel facts`: JSON (artifacts with their facts) and a text listing that
//! quotes each fact's source line.

use serde::Serialize;
use std::fmt::Write;
use trowel_core::fact::{Fact, Value};
use trowel_core::span::LineIndex;
use trowel_core::Ingest;

#[derive(Serialize)]
struct FactsJson<'a> {
    artifacts: Vec<ArtifactJson<'a>>,
    unparsed: Vec<UnparsedJson<'a>>,
    warnings: Vec<&'a str>,
}

#[derive(Serialize)]
struct ArtifactJson<'a> {
    id: u32,
    kind: &'static str,
    title: Option<&'a str>,
    command: Option<&'a str>,
    path: Option<&'a str>,
    line_start: u32,
    line_end: u32,
    facts: Vec<FactJson<'a>>,
}

#[derive(Serialize)]
struct FactJson<'a> {
    subject: String,
    predicate: trowel_core::fact::Predicate,
    value: &'a Value,
    time: Option<String>,
    line: u32,
    quote: &'a str,
}

#[derive(Serialize)]
struct UnparsedJson<'a> {
    line_start: u32,
    line_end: u32,
    reason: &'a str,
}

pub fn json(paste: &str, ingest: &Ingest) -> String {
    let index = LineIndex::new(paste);
    let artifacts = ingest
        .artifacts
        .iter()
        .map(|a| {
            let (line_start, line_end) = index.lines(a.body);
            ArtifactJson {
                id: a.id.0,
                kind: a.kind.name(),
                title: a.title.as_deref(),
                command: a.command.as_ref().map(|c| c.line.as_str()),
                path: a.path.as_deref(),
                line_start,
                line_end,
                facts: ingest
                    .facts
                    .all()
                    .iter()
                    .filter(|f| f.artifact == a.id)
                    .map(|f| FactJson {
                        subject: ingest.facts.entity_of(f.subject).to_string(),
                        predicate: f.predicate,
                        value: &f.value,
                        time: f.time.map(|t| t.to_string()),
                        line: index.line(f.span.start),
                        quote: f.span.text(paste),
                    })
                    .collect(),
            }
        })
        .collect();
    let unparsed = ingest
        .unparsed
        .iter()
        .map(|u| {
            let (line_start, line_end) = index.lines(u.span);
            UnparsedJson { line_start, line_end, reason: &u.reason }
        })
        .collect();
    let report = FactsJson { artifacts, unparsed, warnings: ingest.warnings.iter().map(|w| w.message.as_str()).collect() };
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string_pretty(&report).expect("facts serialise") + "\n"
}

pub fn text(paste: &str, ingest: &Ingest) -> String {
    let index = LineIndex::new(paste);
    let mut out = String::new();
    for artifact in &ingest.artifacts {
        let (first, last) = index.lines(artifact.body);
        let _ = writeln!(out, "== artifact {} [{}] lines {first}-{last} {}", artifact.id.0, artifact.kind.name(), artifact.title.as_deref().unwrap_or(""));
        for fact in ingest.facts.all().iter().filter(|f| f.artifact == artifact.id) {
            let _ = writeln!(out, "{}", describe_fact(paste, &index, ingest, fact));
        }
    }
    for unparsed in &ingest.unparsed {
        let (first, last) = index.lines(unparsed.span);
        let _ = writeln!(out, "unparsed lines {first}-{last}: {}", unparsed.reason);
    }
    out
}

fn describe_fact(paste: &str, index: &LineIndex, ingest: &Ingest, fact: &Fact) -> String {
    let line = index.line(fact.span.start);
    let subject = ingest.facts.entity_of(fact.subject);
    let value = serde_json::to_string(&fact.value).unwrap_or_default();
    let time = fact.time.map(|t| format!(" @{t}")).unwrap_or_default();
    format!("  {line:>4} | {subject} {:?} {value}{time}\n       = {:?}", fact.predicate, fact.span.text(paste))
}
