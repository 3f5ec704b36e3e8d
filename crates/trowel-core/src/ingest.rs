//! Ingest: segment the paste, run each artifact's parser, collect facts and what could not
//! be read. [`Cx`] is the one interface parsers write through.

use std::borrow::Cow;
use crate::entity_map::EntitySet;
use crate::artifact::{Artifact, ArtifactId, ArtifactKind};
use crate::fact::{EntityId, EntityKind, FactId, Facts, Predicate, Value};
use crate::lines::Lines;
use crate::names::pod_owner;
use crate::span::Span;
use crate::time::Timestamp;
use serde::Serialize;

/// Text inside an artifact that its parser could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unparsed {
    pub artifact: ArtifactId,
    pub span: Span,
    pub reason: String,
}

/// Something the user should know about the input (a limit hit, a lossy decode, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// Everything read off one paste.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Ingest {
    pub artifacts: Vec<Artifact>,
    pub facts: Facts,
    pub unparsed: Vec<Unparsed>,
    pub warnings: Vec<Warning>,
    /// Entities whose name-implied owners were already recorded.
    #[serde(skip)]
    owners_done: EntitySet,
    /// Whether a parser read the artifact being parsed although its kind is `Unknown` (a
    /// details panel's section under its heading): it is then not reported as unparsed.
    #[serde(skip)]
    recognised: bool,
}

/// Segments and parses a paste.
pub fn ingest(paste: &str) -> Ingest {
    ingest_within(paste, crate::limits::MAX_PASTE_BYTES)
}

/// Paste bytes per fact to reserve room for: about what a mixed incident paste gives (a
/// 50 MB generated one: 183). Growing the fact list instead copies it at every doubling
/// (the allocator moves a large block rather than remapping it), tens of MB for a large
/// paste. Natively, reserved room a paste does not fill is address space, not memory, until
/// written; in the browser it is memory (a paste of logs alone fills about a third of it).
const BYTES_PER_FACT: usize = 160;

/// Segments and parses at most `limit` bytes of a paste (cut at a line break); the rest is
/// kept as one unknown artifact, reported as unparsed, with a warning. A paste with terminal
/// control sequences (or, failing those, a terminal UI's pane frames, or an e-mail's
/// quoted-printable encoding, or a narrow screen's hard wrap, or a CI runner's stamps) is read without them,
/// and what was read is mapped back onto it; one
/// with quote markers is read with them blanked (a same-length copy, so its spans are the
/// paste's).
fn ingest_within(paste: &str, limit: usize) -> Ingest {
    let unquoted = crate::quotes::unquote(paste);
    let paste = unquoted.as_deref().unwrap_or(paste);
    // The first reading that finds something to undo; most pastes need none.
    let copy = crate::terminal::strip(paste)
        .map(|stripped| (stripped, Undone::Terminal))
        .or_else(|| crate::frames::strip(paste).map(|stripped| (stripped, Undone::Frames)))
        .or_else(|| crate::quoted_printable::strip(paste).map(|stripped| (stripped, Undone::QuotedPrintable)))
        .or_else(|| crate::wrapped::strip(paste).map(|u| (u.stripped, Undone::Wrapped { joins: u.joins, width: u.width })))
        .or_else(|| crate::runner_log::strip(paste).map(|u| (u.stripped, Undone::RunnerPrefixes { stamps: u.stamps, numbers: u.numbers })));
    let Some((stripped, undone)) = copy else { return ingest_text(paste, limit, true) };
    // Odd characters are counted on the paste itself: the copy has lost the carriage returns
    // of its redrawn lines.
    let mut out = ingest_text(&stripped.text, limit, false);
    for artifact in &mut out.artifacts {
        artifact.span = stripped.boundary(artifact.span);
        artifact.body = stripped.quote(artifact.body);
    }
    out.facts.map_spans(|span| stripped.quote(span));
    for unparsed in &mut out.unparsed {
        unparsed.span = stripped.quote(unparsed.span);
    }
    for warning in &mut out.warnings {
        warning.span = warning.span.map(|span| stripped.quote(span));
    }
    out.warnings.extend(crate::oddities::characters(&paste[..crate::limits::analysed_len(paste, limit)]));
    let message = match undone {
        Undone::Frames => return out,
        Undone::RunnerPrefixes { stamps, numbers } => {
            let mut read_around = Vec::new();
            if stamps > 0 {
                read_around.push(format!("the runner's time stamps before {stamps} line(s) of steps that print command output (read as that output, untimed)"));
            }
            if numbers > 0 {
                let other = if stamps > 0 { "other " } else { "" };
                read_around.push(format!("the log viewer's line numbers before {numbers} {other}line(s)"));
            }
            format!("the paste is a CI job's log: {} were read around, and quotes keep them", read_around.join(", and "))
        }
        Undone::Terminal => format!(
            "the paste holds {} terminal control sequence(s) (colour codes of a terminal capture); they were read around, and quotes keep them",
            stripped.count()
        ),
        Undone::QuotedPrintable => format!(
            "the paste is quoted-printable (an e-mail's source): {} soft line break(s) and encoded `=` were read as the text they encode, and quotes keep them",
            stripped.count()
        ),
        Undone::Wrapped { joins, width } => format!(
            "the paste was hard-wrapped at about {width} columns (a narrow terminal or a phone's screen): {joins} line(s) broken at that width were rejoined with the line below, and quotes keep the breaks"
        ),
    };
    out.warnings.push(Warning { message, span: None });
    out
}

/// What a copy of the paste was read without.
enum Undone {
    /// Terminal control sequences, carriage-return redraws and backspaces.
    Terminal,
    /// A terminal UI's pane frames (which need no warning: nothing of the text was hidden).
    Frames,
    /// Quoted-printable soft line breaks and encoded characters.
    QuotedPrintable,
    /// The line breaks of a paste hard-wrapped at a narrow screen's width.
    Wrapped { joins: usize, width: usize },
    /// A CI runner's time stamps and its log viewer's line numbers before lines.
    RunnerPrefixes { stamps: usize, numbers: usize },
}

/// Segments and parses `paste`; with `oddities`, also warns of its odd characters.
fn ingest_text(paste: &str, limit: usize, oddities: bool) -> Ingest {
    let cut = crate::limits::analysed_len(paste, limit);
    let mut out = Ingest { artifacts: crate::segment::segment(&paste[..cut]), facts: Facts::with_capacity(cut / BYTES_PER_FACT), ..Ingest::default() };
    if cut < paste.len() {
        let span = Span::new(cut, paste.len());
        let id = ArtifactId(out.artifacts.len() as u32);
        out.artifacts.push(Artifact { id, kind: ArtifactKind::Unknown, command: None, title: None, path: None, span, body: span });
        out.warnings.push(Warning {
            message: format!(
                "the paste is {} bytes; only the first {} (up to a line break below the {} MiB limit) were analysed — the rest is listed as unparsed",
                paste.len(),
                cut,
                limit / (1024 * 1024)
            ),
            span: Some(span),
        });
        out.unparsed.push(Unparsed { artifact: id, span, reason: "beyond the size limit".into() });
    }
    let artifacts = std::mem::take(&mut out.artifacts);
    for artifact in &artifacts {
        out.recognised = false;
        let mut cx = Cx { paste, artifact, out: &mut out };
        crate::parse::parse(&mut cx);
        if artifact.kind == ArtifactKind::Unknown && artifact.span.start < cut as u32 && !out.recognised {
            out.unparsed.push(Unparsed { artifact: artifact.id, span: artifact.body, reason: "no parser recognised this text".into() });
        }
    }
    out.artifacts = artifacts;
    out.facts.resolve_namespaces();
    if oddities {
        out.warnings.extend(crate::oddities::characters(&paste[..cut]));
    }
    out.warnings.extend(crate::oddities::names(paste, &out.facts));
    out
}

/// Runs one artifact's parser alone on the paste, without segmentation: the entry point
/// [`crate::fuzzing`] drives each parser through.
pub(crate) fn parse_artifact(paste: &str, artifact: Artifact) -> Ingest {
    let mut out = Ingest::default();
    crate::parse::parse(&mut Cx { paste, artifact: &artifact, out: &mut out });
    out.artifacts = vec![artifact];
    out
}

/// What a parser gets: the paste, its artifact, and the sink for facts.
pub struct Cx<'a> {
    pub paste: &'a str,
    pub artifact: &'a Artifact,
    out: &'a mut Ingest,
}

impl<'a> Cx<'a> {
    /// The lines of the artifact's body.
    pub fn lines(&self) -> Lines<'a> {
        Lines::new(self.paste, self.artifact.body)
    }

    pub fn body(&self) -> &'a str {
        self.artifact.body.text(self.paste)
    }

    /// The namespace the command was run in, if it names one.
    pub fn namespace(&self) -> Option<&'a str> {
        self.artifact.command.as_ref().and_then(|c| c.namespace())
    }

    pub fn entity<'n>(&mut self, kind: EntityKind, namespace: Option<&str>, name: impl Into<Cow<'n, str>>) -> EntityId {
        self.out.facts.entity(kind, namespace, name)
    }

    /// The kind of an entity already recorded.
    pub fn kind_of(&self, id: EntityId) -> &EntityKind {
        &self.out.facts.entity_of(id).kind
    }

    pub fn fact(&mut self, subject: EntityId, predicate: Predicate, value: Value, span: Span) -> FactId {
        self.out.facts.push(subject, predicate, value, None, span, self.artifact.id)
    }

    pub fn timed_fact(&mut self, subject: EntityId, predicate: Predicate, value: Value, time: Option<Timestamp>, span: Span) -> FactId {
        self.out.facts.push(subject, predicate, value, time, span, self.artifact.id)
    }

    /// A pod, with the ReplicaSet/Deployment or Job/CronJob its name implies recorded once
    /// as `owned_by` facts quoting `span` (where the name was read).
    pub fn pod(&mut self, namespace: Option<&str>, name: &str, span: Span) -> EntityId {
        let pod = self.entity(EntityKind::Pod, namespace, name);
        if self.out.owners_done.insert(pod) {
            if let Some(owner) = pod_owner(name) {
                let owner_id = self.entity(owner.kind, namespace, &owner.name);
                self.fact(pod, Predicate::OwnedBy, Value::Entity(owner_id), span);
                if let Some((kind, parent)) = owner.parent {
                    if self.out.owners_done.insert(owner_id) {
                        let parent_id = self.entity(kind, namespace, &parent);
                        self.fact(owner_id, Predicate::OwnedBy, Value::Entity(parent_id), span);
                    }
                }
            }
        }
        pod
    }

    /// A container, named `pod/container` and recorded once as `owned_by` its pod (which
    /// goes through [`Cx::pod`]); the pod itself when the container has no name.
    pub fn container(&mut self, namespace: Option<&str>, pod: &str, container: &str, span: Span) -> EntityId {
        let pod_id = self.pod(namespace, pod, span);
        if container.is_empty() {
            return pod_id;
        }
        let id = self.entity(EntityKind::Container, namespace, &format!("{pod}/{container}"));
        if self.out.owners_done.insert(id) {
            self.fact(id, Predicate::OwnedBy, Value::Entity(pod_id), span);
        }
        id
    }

    /// Records once that an object is owned by what its name implies: a ReplicaSet by its
    /// Deployment, a Job by its CronJob (as [`Cx::pod`] does for pods).
    pub fn implied_owner(&mut self, subject: EntityId, namespace: Option<&str>, span: Span) {
        let entity = self.out.facts.entity_of(subject);
        let owner = match entity.kind {
            EntityKind::ReplicaSet => crate::names::replicaset_owner(&entity.name).map(|o| (EntityKind::Deployment, o)),
            EntityKind::Job => crate::names::job_owner(&entity.name).map(|o| (EntityKind::CronJob, o)),
            _ => None,
        };
        if let Some((kind, name)) = owner {
            if self.out.owners_done.insert(subject) {
                let owner = self.entity(kind, namespace, &name);
                self.fact(subject, Predicate::OwnedBy, Value::Entity(owner), span);
            }
        }
    }

    /// Records once that `subject` is owned by `owner`, as an output states it outright
    /// (kube-state-metrics' `kube_job_owner`, an object's ownerReferences).
    pub fn owner(&mut self, subject: EntityId, owner: EntityId, span: Span) {
        if self.out.owners_done.insert(subject) {
            self.fact(subject, Predicate::OwnedBy, Value::Entity(owner), span);
        }
    }

    /// Runs `read` over `copy`, a same-length rewrite of the text at `offset` in the paste (a
    /// diff's after-image: markers and removed lines blanked), as `artifact` (this artifact
    /// with another title or path), and moves every span it wrote back onto the paste, as
    /// reading without colour codes does (`terminal.rs`). A same-length copy keeps columns
    /// and lines, so the move is a shift and quotes are the paste's own lines.
    pub fn read_copy(&mut self, copy: &str, artifact: &Artifact, offset: u32, read: impl FnOnce(&mut Cx<'_>)) {
        debug_assert_eq!(artifact.id, self.artifact.id);
        let (facts, unparsed, warnings) = (self.out.facts.len(), self.out.unparsed.len(), self.out.warnings.len());
        read(&mut Cx { paste: copy, artifact, out: self.out });
        let shift = |span: Span| Span { start: span.start + offset, end: span.end + offset };
        self.out.facts.map_spans_from(facts, shift);
        for unparsed in &mut self.out.unparsed[unparsed..] {
            unparsed.span = shift(unparsed.span);
        }
        for warning in &mut self.out.warnings[warnings..] {
            warning.span = warning.span.map(shift);
        }
    }

    /// Records text the parser could not read.
    /// Says the artifact was read although no shape test knew its kind.
    pub fn recognised(&mut self) {
        self.out.recognised = true;
    }

    pub fn unparsed(&mut self, span: Span, reason: &str) {
        self.out.unparsed.push(Unparsed { artifact: self.artifact.id, span, reason: reason.to_string() });
    }

    /// Spans of the current artifact's text that its parser could not read.
    pub fn unparsed_spans(&self) -> Vec<Span> {
        self.out.unparsed.iter().filter(|u| u.artifact == self.artifact.id).map(|u| u.span).collect()
    }

    pub fn warn(&mut self, message: String, span: Option<Span>) {
        self.out.warnings.push(Warning { message, span });
    }

    pub fn facts(&self) -> &Facts {
        &self.out.facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_past_the_limit_is_kept_and_reported_not_dropped() {
        let paste = "$ kubectl get pods\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d\nmore text past the limit\n";
        let ingest = ingest_within(paste, 60);
        let last = ingest.artifacts.last().unwrap();
        assert_eq!(last.span.end as usize, paste.len());
        assert_eq!(last.kind, ArtifactKind::Unknown);
        assert!(last.span.text(paste).ends_with("more text past the limit\n"));
        assert!(ingest.warnings[0].message.contains("limit"));
        assert_eq!(ingest.unparsed.last().unwrap().span, last.span);
    }

    #[test]
    fn a_single_line_past_the_limit_is_cut_on_a_character_boundary() {
        let paste = "é".repeat(40);
        let ingest = ingest_within(&paste, 31);
        assert!(ingest.artifacts.iter().all(|a| paste.is_char_boundary(a.span.start as usize)));
    }
}
