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

/// The text listing: each artifact's header, then every source line that states a fact,
/// with carets under the part of the line the fact was read from. This is also the format
/// of the fixture snapshots, so a change in what Trowel reads shows up line by line. Control
/// characters show as their pictures (`␛`), so a capture's colour codes are seen, not obeyed.
pub fn text(paste: &str, ingest: &Ingest) -> String {
    let index = LineIndex::new(paste);
    let mut out = String::new();
    for artifact in &ingest.artifacts {
        let (first, last) = index.lines(artifact.body);
        let _ = write!(out, "── artifact {} · {} · L{first}-{last}", artifact.id.0, artifact.kind.name());
        if let Some(title) = &artifact.title {
            let _ = write!(out, " · {title}");
        }
        out.push('\n');
        let mut facts: Vec<&Fact> = ingest.facts.all().iter().filter(|f| f.artifact == artifact.id).collect();
        facts.sort_by_key(|f| (f.span.start, f.id));
        let mut shown_line = 0;
        for fact in facts {
            let line = index.line(fact.span.start);
            let line_span = index.line_span(paste, line);
            if line != shown_line {
                let _ = writeln!(out, "{line:>5} │ {}", line_span.text(paste));
                shown_line = line;
            }
            let column = (fact.span.start - line_span.start) as usize;
            let width = fact.span.end.min(line_span.end).saturating_sub(fact.span.start).max(1) as usize;
            let more = match index.lines(fact.span) {
                (a, b) if b > a => format!(" (+{} lines)", b - a),
                _ => String::new(),
            };
            let time = fact.time.map(|t| format!(" @ {t}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "      │ {}{}{more} {} · {:?} · {}{time}",
                " ".repeat(paste[line_span.start as usize..fact.span.start as usize].chars().count().min(column)),
                "^".repeat(paste[fact.span.start as usize..(fact.span.start as usize + width)].chars().count().max(1)),
                ingest.facts.entity_of(fact.subject),
                fact.predicate,
                ingest.facts.display_value(&fact.value),
            );
        }
    }
    for unparsed in &ingest.unparsed {
        let (first, last) = index.lines(unparsed.span);
        let _ = writeln!(out, "── unparsed L{first}-{last}: {}", unparsed.reason);
    }
    for warning in &ingest.warnings {
        let _ = writeln!(out, "── warning: {}", warning.message);
    }
    trowel_core::terminal::printable(&out).into_owned()
}
