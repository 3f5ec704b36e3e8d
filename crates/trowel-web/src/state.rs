//! The app's state and every change to it, as a reducer that runs (and is tested) without a DOM.
//!
//! The state holds the paste, the latest report of it and what the user selected. Components
//! dispatch [`Action`]s; [`State::apply`] is the only place the state changes. The analysis
//! itself runs outside (debounced, in the app component) and comes back as
//! [`Action::Analyzed`], tagged with the revision of the paste it read, so a slow analysis of
//! old text never overwrites the report of newer text.

use crate::secrets::Secret;
use crate::source::Source;
use std::ops::Deref;
use std::rc::Rc;
use trowel_core::report::{Graph, Node, Report};

/// A report shared by the components; props compare it by identity (one per analysis).
#[derive(Clone, Debug)]
pub struct ReportRef(Rc<Report>);

impl ReportRef {
    pub fn new(report: Report) -> ReportRef {
        ReportRef(Rc::new(report))
    }
}

impl PartialEq for ReportRef {
    fn eq(&self, other: &ReportRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for ReportRef {
    type Target = Report;
    fn deref(&self) -> &Report {
        &self.0
    }
}

/// Lines `start..=end` of the paste (1-based).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineRange {
    pub start: u32,
    pub end: u32,
}

impl LineRange {
    pub fn new(start: u32, end: u32) -> LineRange {
        LineRange { start: start.min(end), end: start.max(end) }
    }

    pub fn contains(self, line: u32) -> bool {
        self.start <= line && line <= self.end
    }
}

/// The report of one revision of the paste, and how long `analyze` took on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub report: ReportRef,
    pub revision: u64,
    pub millis: f64,
}

/// Where the analysis of a large paste is (see [`Progress`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Handing the paste to the analyser.
    Reading,
    /// The analyser is at work (in a Web Worker when the browser allows one).
    Analysing,
    /// The report is back and the page is drawing it.
    Rendering,
    /// Past [`BROWSER_LIMIT_BYTES`]: the paste is shown but not analysed.
    TooLarge,
}

impl Phase {
    /// The phase's name, as the page shows it and tests read it (`data-phase`).
    pub fn name(self) -> &'static str {
        match self {
            Phase::Reading => "reading",
            Phase::Analysing => "analysing",
            Phase::Rendering => "rendering",
            Phase::TooLarge => "too-large",
        }
    }
}

/// The analysis of one revision of a large paste as it goes: its phase and when it started
/// (the page's clock, in milliseconds), so the page can show the elapsed time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    pub revision: u64,
    pub phase: Phase,
    pub started_ms: f64,
}

/// The largest paste the browser app analyses. The page holds a paste several times over
/// (the JS string, the Rust text, the worker's copy, the facts read from it) in a tab whose
/// memory the browser caps; past this the paste is shown but not analysed, with a message that
/// points to the command line, which reads up to the core's 512 MiB.
pub const BROWSER_LIMIT_BYTES: usize = 64 * 1024 * 1024;

/// A file the user dropped or picked, already read as text.
#[derive(Clone, Debug, PartialEq)]
pub struct DroppedFile {
    pub name: String,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    pub source: Source,
    /// Bumped by every change of the paste; the analysis answers for one revision.
    pub revision: u64,
    pub analysis: Option<Analysis>,
    /// Lines highlighted in the paste: the selected node's or quote's, or the clicked line.
    pub highlight: Vec<LineRange>,
    pub selected_node: Option<String>,
    /// The line the user clicked in the paste, whose nodes the graph marks.
    pub selected_line: Option<u32>,
    /// Bumped when a selection made outside the paste should scroll the paste to it.
    pub scroll_request: u64,
    /// The user's choice to fold facts into their artifacts; `None` leaves it to the graph size.
    pub collapse_facts: Option<bool>,
    /// Whether the paste fits in this browser's storage (it is kept there across reloads).
    pub kept: bool,
    /// How the analysis of a large paste is going; `None` for small pastes, which are
    /// analysed at once.
    pub progress: Option<Progress>,
    /// The secrets of one revision of the paste (found with the analysis, after typing pauses).
    pub secrets: Secrets,
    /// The user's choice to put secrets in the share link, exports and copies (off by default).
    pub include_secrets: bool,
    pub share: Share,
}

/// Secrets found in the paste of `revision`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Secrets {
    pub revision: u64,
    pub found: Rc<[Secret]>,
}

/// Where the share link stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Share {
    #[default]
    None,
    /// The page opened with a share link, still being read.
    Opening,
    /// The link to the current paste (made with the current choice about secrets).
    Link(String),
    /// The paste is too large for a link: its payload would be this many characters.
    TooLarge { chars: usize },
    /// A link could not be made, or the link the page opened with gave no paste.
    Failed(String),
}

#[derive(Debug)]
pub enum Action {
    /// The paste now reads this (typed, pasted, an example, or restored).
    Edit(String),
    /// Files to append, each as a `# From: <name>` section.
    AddFiles(Vec<DroppedFile>),
    Analyzed { revision: u64, report: Report, millis: f64 },
    /// The analysis of `revision` reached `phase` at `at_ms` (the page's clock).
    Progressed { revision: u64, phase: Phase, at_ms: f64 },
    SelectNode(String),
    /// A quoted piece of evidence: its claim's node and the lines it quotes.
    SelectQuote { claim_id: String, lines: LineRange },
    /// Lines named by a panel (timeline, unparsed text, artifacts).
    SelectLines(LineRange),
    /// A click on a line of the paste itself.
    SelectLine(u32),
    ClearSelection,
    SetCollapseFacts(bool),
    Kept(bool),
    SecretsFound { revision: u64, secrets: Vec<Secret> },
    SetIncludeSecrets(bool),
    /// What became of a share link made (or opened) for the paste of `revision`.
    Share { revision: u64, share: Share },
    /// The page opened with a share link: its paste, and the link.
    Opened { text: String, link: String },
}

impl State {
    pub fn new(text: String) -> State {
        State { source: Source::new(text), kept: true, ..State::default() }
    }

    /// The state after `action`.
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        match action {
            Action::Edit(text) => next.set_text(text),
            Action::AddFiles(files) => next.set_text(append_files(self.source.text(), &files)),
            Action::Analyzed { revision, report, millis } => {
                if revision == self.revision {
                    next.analysis = Some(Analysis { report: ReportRef::new(report), revision, millis });
                    next.progress = None;
                }
            }
            Action::Progressed { revision, phase, at_ms } => {
                if revision == self.revision {
                    let started_ms = self.progress.filter(|p| p.revision == revision).map_or(at_ms, |p| p.started_ms);
                    next.progress = Some(Progress { revision, phase, started_ms });
                }
            }
            Action::SelectNode(id) => {
                next.highlight = self.report().map(|r| lines_of_node(r, &id)).unwrap_or_default();
                next.selected_node = Some(id);
                next.selected_line = None;
                next.scroll_request += 1;
            }
            Action::SelectQuote { claim_id, lines } => {
                next.highlight = vec![lines];
                next.selected_node = Some(claim_id);
                next.selected_line = None;
                next.scroll_request += 1;
            }
            Action::SelectLines(lines) => {
                next.highlight = vec![lines];
                next.selected_node = None;
                next.selected_line = None;
                next.scroll_request += 1;
            }
            Action::SelectLine(line) => {
                next.highlight = vec![LineRange::new(line, line)];
                next.selected_node = None;
                next.selected_line = Some(line);
            }
            Action::ClearSelection => next.clear_selection(),
            Action::SetCollapseFacts(collapse) => next.collapse_facts = Some(collapse),
            Action::Kept(kept) => next.kept = kept,
            Action::SecretsFound { revision, secrets } => {
                if revision == self.revision {
                    next.secrets = Secrets { revision, found: secrets.into() };
                }
            }
            Action::SetIncludeSecrets(include) => {
                next.include_secrets = include;
                // A link made with the other choice would say the wrong thing about secrets.
                if matches!(next.share, Share::Link(_) | Share::TooLarge { .. }) {
                    next.share = Share::None;
                }
            }
            Action::Share { revision, share } => {
                if revision == self.revision {
                    next.share = share;
                }
            }
            Action::Opened { text, link } => {
                next.set_text(text);
                next.share = Share::Link(link);
            }
        }
        next
    }

    /// The latest report, even while a newer revision is being analysed.
    pub fn report(&self) -> Option<&ReportRef> {
        self.analysis.as_ref().map(|a| &a.report)
    }

    /// Whether the shown report is older than the paste.
    pub fn analysing(&self) -> bool {
        self.analysis.as_ref().is_none_or(|a| a.revision != self.revision)
    }

    pub fn facts_collapsed(&self) -> bool {
        self.collapse_facts
            .unwrap_or_else(|| self.report().is_some_and(|r| trowel_export::visible::folds_by_default(&r.graph)))
    }

    /// Graph nodes that came from the clicked line.
    pub fn nodes_on_selected_line(&self) -> Vec<String> {
        match (self.report(), self.selected_line) {
            (Some(report), Some(line)) => nodes_on_line(report, line),
            _ => Vec::new(),
        }
    }

    /// The secrets of the paste as it reads now; none while a new revision waits for its turn.
    pub fn secrets(&self) -> Rc<[Secret]> {
        if self.secrets.revision == self.revision {
            self.secrets.found.clone()
        } else {
            Rc::new([])
        }
    }

    /// Whether the paste of this revision was searched for secrets (large pastes are not).
    pub fn secrets_known(&self) -> bool {
        self.secrets.revision == self.revision
    }

    /// The paste as the share link, exports and copies carry it: without its secrets unless
    /// the user chose to include them.
    pub fn text_to_share(&self) -> std::borrow::Cow<'_, str> {
        if self.include_secrets {
            self.source.text().into()
        } else {
            crate::secrets::redact(self.source.text()).into()
        }
    }

    fn set_text(&mut self, text: String) {
        self.source = Source::new(text);
        self.revision += 1;
        self.progress = None;
        self.clear_selection();
        // A link to the old text, or a message about it, no longer holds.
        self.share = Share::None;
    }

    fn clear_selection(&mut self) {
        self.highlight.clear();
        self.selected_node = None;
        self.selected_line = None;
    }
}

/// The paste lines behind a graph node: its own lines for artifacts and facts, the quotes of
/// its evidence for claims and diagnoses, none for actions.
pub fn lines_of_node(report: &Report, id: &str) -> Vec<LineRange> {
    let own = find_node(&report.graph, id).and_then(|n| Some(LineRange::new(n.line?, n.line_end.or(n.line)?)));
    let mut lines: Vec<LineRange> = match own {
        Some(range) => vec![range],
        None => report
            .diagnoses
            .iter()
            .flat_map(|d| {
                let whole_diagnosis = d.id == id;
                d.evidence.iter().filter(move |e| whole_diagnosis || e.claim_id == id)
            })
            .map(|e| LineRange::new(e.line, e.line_end))
            .collect(),
    };
    lines.sort();
    lines.dedup();
    lines
}

/// What a node quotes: its own quote (facts), else the quotes of its evidence (claims), once each.
pub fn quotes_of_node<'a>(report: &'a Report, id: &str) -> Vec<&'a str> {
    if let Some(quote) = find_node(&report.graph, id).and_then(|n| n.quote.as_deref()) {
        return vec![quote];
    }
    let mut quotes: Vec<&str> = Vec::new();
    for evidence in report.diagnoses.iter().flat_map(|d| &d.evidence).filter(|e| e.claim_id == id) {
        if !quotes.contains(&evidence.quote.as_str()) {
            quotes.push(&evidence.quote);
        }
    }
    quotes
}

/// Graph nodes whose text includes `line`: artifacts and facts by their lines, claims by
/// their quotes, in graph order.
pub fn nodes_on_line(report: &Report, line: u32) -> Vec<String> {
    let mut ids: Vec<String> = report
        .graph
        .nodes
        .iter()
        .filter(|n| match (n.line, n.line_end.or(n.line)) {
            (Some(start), Some(end)) => LineRange::new(start, end).contains(line),
            _ => report.diagnoses.iter().flat_map(|d| &d.evidence).any(|e| e.claim_id == n.id && LineRange::new(e.line, e.line_end).contains(line)),
        })
        .map(|n| n.id.clone())
        .collect();
    ids.dedup();
    ids
}

/// Every line some evidence quotes, merged into ranges, for marking them beside the paste.
pub fn quoted_lines(report: &Report) -> Vec<LineRange> {
    let mut ranges: Vec<LineRange> =
        report.diagnoses.iter().flat_map(|d| &d.evidence).map(|e| LineRange::new(e.line, e.line_end)).collect();
    ranges.sort();
    let mut merged: Vec<LineRange> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end + 1 => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

pub fn find_node<'a>(graph: &'a Graph, id: &str) -> Option<&'a Node> {
    graph.nodes.iter().find(|n| n.id == id)
}

/// The paste with files appended, each as a `# From: <name>` section (the marker the
/// segmenter reads as a file boundary). Line breaks become `\n`, as a textarea keeps them.
pub fn append_files(paste: &str, files: &[DroppedFile]) -> String {
    let mut out = String::with_capacity(paste.len() + files.iter().map(|f| f.text.len() + f.name.len() + 12).sum::<usize>());
    out.push_str(paste);
    for file in files {
        if !out.is_empty() {
            while !out.ends_with("\n\n") {
                out.push('\n');
            }
        }
        // A file name is one line of the marker whatever characters it holds.
        let name: String = file.name.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        out.push_str("# From: ");
        out.push_str(name.trim());
        out.push('\n');
        out.push_str(&text_area_newlines(&file.text));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Line breaks as a text area keeps them (`\r\n` and `\r` become `\n`), for text that reaches
/// the state without passing through the text area.
pub fn text_area_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trowel_export::sample;

    fn analysed(text: &str) -> State {
        let state = State::new(String::new()).apply(Action::Edit(text.to_string()));
        let report = trowel_core::analyze(text);
        state.apply(Action::Analyzed { revision: state.revision, report, millis: 1.0 })
    }

    #[test]
    fn an_analysis_of_old_text_never_replaces_the_report_of_newer_text() {
        let state = analysed("first");
        let old_revision = state.revision;
        let state = state.apply(Action::Edit("second".into()));
        assert!(state.analysing(), "the shown report is of older text");
        let stale = state.apply(Action::Analyzed { revision: old_revision, report: Report::default(), millis: 1.0 });
        assert_eq!(stale.analysis, state.analysis, "a stale analysis is dropped");
        let fresh = state.apply(Action::Analyzed { revision: state.revision, report: Report::default(), millis: 2.0 });
        assert!(!fresh.analysing());
        assert_eq!(fresh.analysis.map(|a| a.millis), Some(2.0));
    }

    #[test]
    fn progress_keeps_its_start_time_and_ends_with_the_report() {
        let state = State::new(String::new()).apply(Action::Edit("big".into()));
        let revision = state.revision;
        let state = state.apply(Action::Progressed { revision, phase: Phase::Reading, at_ms: 10.0 });
        let state = state.apply(Action::Progressed { revision, phase: Phase::Analysing, at_ms: 25.0 });
        assert_eq!(state.progress, Some(Progress { revision, phase: Phase::Analysing, started_ms: 10.0 }));
        // A stale revision's progress is ignored, and the report of this one ends it.
        let stale = state.apply(Action::Progressed { revision: revision - 1, phase: Phase::Rendering, at_ms: 30.0 });
        assert_eq!(stale.progress, state.progress);
        let done = state.apply(Action::Analyzed { revision, report: Report::default(), millis: 1.0 });
        assert_eq!(done.progress, None);
        // A new edit starts over.
        let edited = state.apply(Action::Edit("bigger".into()));
        assert_eq!(edited.progress, None);
        let again = edited.apply(Action::Progressed { revision: edited.revision, phase: Phase::Reading, at_ms: 40.0 });
        assert_eq!(again.progress.map(|p| p.started_ms), Some(40.0));
    }

    #[test]
    fn editing_clears_a_selection_that_pointed_into_the_old_text() {
        let state = analysed("a\nb\nc").apply(Action::SelectLine(2));
        assert_eq!(state.highlight, vec![LineRange::new(2, 2)]);
        let state = state.apply(Action::Edit("x".into()));
        assert!(state.highlight.is_empty() && state.selected_line.is_none());
    }

    #[test]
    fn selecting_a_node_highlights_its_lines_and_asks_the_paste_to_scroll() {
        let state = State::new(String::new());
        let state = state.apply(Action::Analyzed { revision: 0, report: sample::report(), millis: 1.0 });
        let fact = state.apply(Action::SelectNode("fact:4".into()));
        assert_eq!(fact.highlight, vec![LineRange::new(21, 21)]);
        assert_eq!(fact.scroll_request, state.scroll_request + 1);
        // A claim has no lines of its own: it highlights the quotes of its evidence, once
        // even when two diagnoses cite it.
        let claim = state.apply(Action::SelectNode("claim:0".into()));
        let lines = |ls: &[u32]| ls.iter().map(|l| LineRange::new(*l, *l)).collect::<Vec<_>>();
        assert_eq!(claim.highlight, lines(&[20, 21, 22, 46]));
        assert_eq!(state.apply(Action::SelectNode("claim:2".into())).highlight, lines(&[45]));
        let diagnosis = state.apply(Action::SelectNode("diagnosis:gitops-drift".into()));
        assert_eq!(diagnosis.highlight, lines(&[12, 45]));
        let action = state.apply(Action::SelectNode("action:stale-image-mutable-tag:fix:0".into()));
        assert!(action.highlight.is_empty());
    }

    #[test]
    fn clicking_a_line_finds_the_nodes_that_came_from_it() {
        let state = State::new(String::new());
        let state = state.apply(Action::Analyzed { revision: 0, report: sample::report(), millis: 1.0 });
        let state = state.apply(Action::SelectLine(21));
        assert_eq!(state.nodes_on_selected_line(), vec!["artifact:2", "fact:4", "claim:0"]);
        assert_eq!(state.scroll_request, 0, "a click in the paste does not scroll it");
    }

    #[test]
    fn a_claim_quotes_its_evidence_once() {
        let report = sample::report();
        assert_eq!(quotes_of_node(&report, "fact:15"), vec!["newTag: latest"]);
        // claim:2 is cited by two diagnoses; its one quote appears once.
        assert_eq!(quotes_of_node(&report, "claim:2").len(), 1);
        assert_eq!(quotes_of_node(&report, "claim:0").len(), 4);
        assert!(quotes_of_node(&report, "diagnosis:gitops-drift").is_empty());
    }

    #[test]
    fn quoted_lines_merge_into_ranges() {
        assert_eq!(quoted_lines(&sample::report()), [(12, 12), (20, 22), (32, 32), (42, 42), (45, 46)].map(|(s, e)| LineRange::new(s, e)));
    }

    #[test]
    fn big_graphs_start_with_facts_folded_until_the_user_chooses() {
        let mut report = sample::report();
        let state = State::new(String::new()).apply(Action::Analyzed { revision: 0, report: report.clone(), millis: 1.0 });
        assert!(!state.facts_collapsed());
        let fact = report.graph.nodes.iter().find(|n| n.kind == "fact").unwrap().clone();
        report.graph.nodes.extend((0..trowel_export::visible::FOLD_FACTS_ABOVE).map(|i| Node { id: format!("fact:x{i}"), ..fact.clone() }));
        let big = state.apply(Action::Edit("x".into()));
        let big = big.apply(Action::Analyzed { revision: big.revision, report, millis: 1.0 });
        assert!(big.facts_collapsed());
        assert!(!big.apply(Action::SetCollapseFacts(false)).facts_collapsed());
    }

    #[test]
    fn secrets_of_old_text_are_not_shown_and_shared_text_leaves_them_out_by_default() {
        let text = "DB_PASSWORD=hunter2\n";
        let state = State::new(String::new()).apply(Action::Edit(text.into()));
        let found = state.apply(Action::SecretsFound { revision: state.revision, secrets: crate::secrets::find(text) });
        assert_eq!(found.secrets().len(), 1);
        assert_eq!(found.text_to_share(), "DB_PASSWORD=‹redacted:password›\n");
        assert_eq!(found.apply(Action::SetIncludeSecrets(true)).text_to_share(), text);
        let edited = found.apply(Action::Edit("x".into()));
        assert!(edited.secrets().is_empty(), "the old text's secrets do not mark the new text");
        let late = edited.apply(Action::SecretsFound { revision: found.revision, secrets: crate::secrets::find(text) });
        assert!(late.secrets().is_empty(), "secrets found in old text arrive too late");
    }

    #[test]
    fn a_share_link_is_dropped_when_the_paste_or_the_choice_about_secrets_changes() {
        let link = Share::Link("page#z=YQ".into());
        let state = State::new("a".into()).apply(Action::Share { revision: 0, share: link.clone() });
        assert_eq!(state.share, link);
        assert_eq!(state.apply(Action::Edit("b".into())).share, Share::None);
        assert_eq!(state.apply(Action::SetIncludeSecrets(true)).share, Share::None);
        assert_eq!(state.apply(Action::SelectLine(1)).share, link, "selecting keeps it");
        let failed = state.apply(Action::Share { revision: 0, share: Share::Failed("broken".into()) });
        assert_eq!(failed.apply(Action::SetIncludeSecrets(true)).share, failed.share, "a message about an opened link stays");
        // A link made while the user went on typing is of text no longer there.
        let typed = state.apply(Action::Edit("c".into()));
        assert_eq!(typed.apply(Action::Share { revision: 0, share: link.clone() }).share, Share::None);
    }

    #[test]
    fn an_opened_link_replaces_the_paste_and_stays_as_its_link() {
        let state = State::new("kept".into()).apply(Action::Share { revision: 0, share: Share::Opening });
        let opened = state.apply(Action::Opened { text: "shared".into(), link: "page#z=x".into() });
        assert_eq!(opened.source.text(), "shared");
        assert_eq!(opened.share, Share::Link("page#z=x".into()));
        assert!(opened.revision > state.revision, "the shared paste is analysed");
    }

    #[test]
    fn dropped_files_become_from_sections() {
        let files = [
            DroppedFile { name: "pods.txt".into(), text: "NAME READY\r\nweb 1/1".into() },
            DroppedFile { name: "evil\nname.yaml".into(), text: "kind: Pod\n".into() },
        ];
        let paste = append_files("$ kubectl get ns\n", &files);
        assert_eq!(paste, "$ kubectl get ns\n\n# From: pods.txt\nNAME READY\nweb 1/1\n\n# From: evil name.yaml\nkind: Pod\n");
        assert_eq!(append_files("", &files[1..]), "# From: evil name.yaml\nkind: Pod\n");
        let state = State::new("x".into()).apply(Action::AddFiles(files.to_vec()));
        assert!(state.source.text().starts_with("x\n\n# From: pods.txt\n"));
    }
}
