//! The report: plain data that every front end renders (CLI text/Markdown/JSON, the browser).
//!
//! Its JSON form is a public contract (`trowel analyze --format json`): fields are only ever
//! added, never renamed or dropped. Every `quote` is a verbatim slice of the input.
//! The types also deserialise, so a report made elsewhere (the browser app's Web Worker, a
//! saved `--format json`) can be read back.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Highest confidence first.
    pub diagnoses: Vec<Diagnosis>,
    pub reconstruction: Reconstruction,
    pub timeline: Vec<TimelineEntry>,
    pub graph: Graph,
    pub artifacts: Vec<ArtifactSummary>,
    pub warnings: Vec<String>,
    /// Text no parser understood, kept so nothing is silently dropped.
    pub unparsed: Vec<UnparsedText>,
    /// The paste's own "now": its latest timestamp, if it has any.
    pub now: Option<String>,
    /// Lines in the paste, for front ends that number them.
    pub line_count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    /// Graph node id of this diagnosis (`diagnosis:<class>`).
    pub id: String,
    /// A failure class id from the catalog.
    pub class: String,
    pub title: String,
    /// 0..=1, from the weight of supporting and contradicting evidence.
    pub confidence: f64,
    pub summary: String,
    pub evidence: Vec<Evidence>,
    /// Immediate mitigation first, then the lasting fix.
    pub fixes: Vec<String>,
    /// Commands to run first, the most decisive first.
    pub checks: Vec<String>,
    /// Classes of diagnoses this one explains (its symptoms).
    pub explains: Vec<String>,
    /// The class of the diagnosis that explains this one, if it is a symptom.
    pub explained_by: Option<String>,
}

impl Diagnosis {
    /// The evidence in runs quoting the same claim (it is ordered claim by claim), for
    /// renderers that write each claim once above its quotes.
    pub fn evidence_by_claim(&self) -> impl Iterator<Item = &[Evidence]> {
        self.evidence.chunk_by(|a, b| a.claim == b.claim)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The claim in words.
    pub claim: String,
    /// Verbatim text of the input the claim rests on.
    pub quote: String,
    /// 1-based line of the quote's start.
    pub line: u32,
    pub line_end: u32,
    /// `supports` or `contradicts`.
    pub stance: Stance,
    /// Graph node id of the claim.
    pub claim_id: String,
    /// Byte offsets of the quote in the input.
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    Supports,
    Contradicts,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reconstruction {
    pub summary: String,
    pub components: Vec<Component>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    pub kind: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub time: String,
    pub event: String,
    pub line: u32,
    /// `change`, `cliff`, `deploy`, `error`, … when the entry marks a turning point.
    pub marker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Deterministic: `artifact:3`, `fact:17`, `claim:digest-mismatch:2`, `diagnosis:<class>`,
    /// `action:<class>:0`.
    pub id: String,
    /// `artifact`, `fact`, `claim`, `diagnosis`, `action`.
    pub kind: String,
    pub label: String,
    /// The quoted text for artifact and fact nodes.
    pub quote: Option<String>,
    pub line: Option<u32>,
    pub line_end: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// `derived-from`, `supports`, `contradicts`, `explains`, `fixes`.
    pub relation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArtifactSummary {
    pub id: String,
    pub kind: String,
    pub title: Option<String>,
    pub command: Option<String>,
    pub line_start: u32,
    pub line_end: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnparsedText {
    pub line_start: u32,
    pub line_end: u32,
    pub text: String,
    pub reason: String,
}
