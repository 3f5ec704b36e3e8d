//! Entry points and invariant checks for the fuzz targets in `fuzz/` and for the tests that
//! replay what they found (`tests/fuzz_regressions.rs`). Hidden from the docs: not part of
//! the API an embedder uses.
//!
//! [`parse_as`] runs one parser on a whole input, skipping segmentation, so a fuzzer reaches
//! each parser's corners directly instead of only through what `detect` sends it.
//! [`check_ingest`] and [`check_analysis`] state the invariants of `ARCHITECTURE.md` as code
//! and return the first one an input breaks.

use crate::artifact::{Artifact, ArtifactId, ArtifactKind};
use crate::command::Command;
use crate::ingest::Ingest;
use crate::report::Report;
use crate::span::{LineIndex, Span};

/// Every kind a parser exists for, in the order `parse/mod.rs` lists them.
pub const PARSED_KINDS: [ArtifactKind; 12] = [
    ArtifactKind::Note,
    ArtifactKind::Table,
    ArtifactKind::Describe,
    ArtifactKind::Yaml,
    ArtifactKind::Json,
    ArtifactKind::Columns,
    ArtifactKind::Logs,
    ArtifactKind::Metrics,
    ArtifactKind::Registry,
    ArtifactKind::Tls,
    ArtifactKind::Changes,
    ArtifactKind::Diff,
];

/// Reads all of `paste` with the parser for `kind`, as one artifact. A first line that is a
/// shell prompt (`$ kubectl get … -o jsonpath=…`) becomes the artifact's command and the rest
/// its body, as segmentation would give it: parsers such as `columns` read their layout from
/// the command.
pub fn parse_as(kind: ArtifactKind, paste: &str) -> Ingest {
    let first_end = paste.find('\n').map_or(paste.len(), |i| i + 1);
    let (command, body_start) = match crate::segment::prompt_command(paste[..first_end].trim_end()) {
        Some(line) => (Command::parse(line), first_end),
        None => (None, 0),
    };
    let span = Span::new(0, paste.len());
    let artifact = Artifact { id: ArtifactId(0), kind, command, title: None, path: None, span, body: Span::new(body_start, paste.len()) };
    crate::ingest::parse_artifact(paste, artifact)
}

/// The invariants of one ingest: artifacts tile the paste in order, every fact lies in its
/// artifact's body on character boundaries, every unparsed span and warning span slices the
/// paste.
pub fn check_ingest(paste: &str, ingest: &Ingest) -> Result<(), String> {
    let mut at = 0u32;
    for artifact in &ingest.artifacts {
        if artifact.span.start != at || !artifact.span.contains(artifact.body) {
            return Err(format!("artifact {:?} does not follow offset {at} or holds its body outside its span", artifact.span));
        }
        at = artifact.span.end;
    }
    if at as usize != paste.len() {
        return Err(format!("artifacts end at {at}, the paste at {}", paste.len()));
    }
    for fact in ingest.facts.all() {
        let body = ingest.artifacts.get(fact.artifact.0 as usize).map(|a| a.body);
        if paste.get(fact.span.range()).is_none() || !body.is_some_and(|b| b.contains(fact.span)) {
            return Err(format!("fact {:?} {:?} is not a slice of its artifact's body", fact.predicate, fact.span));
        }
    }
    let spans = ingest.unparsed.iter().map(|u| u.span).chain(ingest.warnings.iter().filter_map(|w| w.span));
    if let Some(span) = spans.into_iter().find(|s| paste.get(s.range()).is_none()) {
        return Err(format!("unparsed or warning span {span:?} does not slice the paste"));
    }
    Ok(())
}

/// Analyses `paste` twice and checks the report: equal both times (determinism; the report
/// holds no maps, so equal reports serialise byte-identically), every evidence quote equal to
/// the paste at its offsets and on the lines it states, every quoted graph node and unparsed
/// text found on the lines it states. Returns the report for the caller to serialise.
pub fn check_analysis(paste: &str) -> Result<Report, String> {
    let report = crate::analyze(paste);
    if report != crate::analyze(paste) {
        return Err("two analyses of one paste differ".into());
    }
    let index = LineIndex::new(paste);
    for evidence in report.diagnoses.iter().flat_map(|d| &d.evidence) {
        let span = Span { start: evidence.start, end: evidence.end };
        if paste.get(span.range()) != Some(evidence.quote.as_str()) {
            return Err(format!("evidence quote {:?} is not the paste at {span:?}", evidence.quote));
        }
        if index.lines(span) != (evidence.line, evidence.line_end) {
            return Err(format!("evidence {:?} states lines {}-{}, sits on {:?}", evidence.quote, evidence.line, evidence.line_end, index.lines(span)));
        }
    }
    let on_lines = |text: &str, first: u32, last: u32| {
        let lines_ok = first >= 1 && first <= last && last <= index.line_count();
        lines_ok && {
            let (start, end) = (index.line_span(paste, first).start, index.line_span(paste, last).end);
            paste[start as usize..end as usize].contains(text)
        }
    };
    for node in &report.graph.nodes {
        if let (Some(quote), Some(first), Some(last)) = (&node.quote, node.line, node.line_end) {
            if !on_lines(quote, first, last) {
                return Err(format!("graph node {} quotes {quote:?}, not found on lines {first}-{last}", node.id));
            }
        }
    }
    for unparsed in &report.unparsed {
        if !on_lines(&unparsed.text, unparsed.line_start, unparsed.line_end) {
            return Err(format!("unparsed text {:?} not found on lines {}-{}", unparsed.text, unparsed.line_start, unparsed.line_end));
        }
    }
    Ok(report)
}
