//! The report as files to keep or paste elsewhere: each [`Format`] with its file name, media
//! type and renderer (`trowel_export`'s, as the CLI prints them; JSON is the CLI's contract).
//!
//! An export shows the paste without its secrets unless the user chose to include them: the
//! report is then the analysis of the redacted paste, so every quote in it comes from text
//! that has none (placeholders keep the lines reading as before, so the diagnoses match).

use crate::state::State;
use std::borrow::Cow;
use trowel_core::report::Report;

/// What an export button makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For postmortems, tickets and chat (`trowel analyze --format markdown`).
    Markdown,
    /// The CLI's JSON contract (`trowel analyze --format json`).
    Json,
    /// The evidence graph as a Mermaid flowchart (renders in GitHub, GitLab, Confluence).
    Mermaid,
    /// The evidence graph as a standalone SVG drawing.
    Svg,
}

impl Format {
    /// In button order; the first is what a paste too large for a link is offered instead.
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Json, Format::Mermaid, Format::Svg];

    /// The word in its `data-testid` (`export-json`).
    pub fn id(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Mermaid => "mermaid",
            Format::Svg => "svg",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Json => "JSON",
            Format::Mermaid => "Mermaid",
            Format::Svg => "SVG",
        }
    }

    pub fn file_name(self) -> String {
        let name = match self {
            Format::Markdown => "report.md",
            Format::Json => "report.json",
            Format::Mermaid => "graph.mmd",
            Format::Svg => "graph.svg",
        };
        format!("trowel-{name}")
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Markdown => "text/markdown",
            Format::Json => "application/json",
            Format::Mermaid => "text/plain",
            Format::Svg => "image/svg+xml",
        }
    }

    /// The export of `report`; the graph's drawings fold facts into their artifacts when
    /// `fold_facts` (as the app's graph shows them).
    pub fn render(self, report: &Report, fold_facts: bool) -> String {
        match self {
            Format::Markdown => trowel_export::markdown::render(report),
            // Serialising the report cannot fail: its maps have string keys and it holds no
            // non-finite floats it would refuse (serde_json writes those as null).
            Format::Json => serde_json::to_string_pretty(report).expect("the report serialises") + "\n",
            Format::Mermaid => trowel_export::mermaid::render(&report.graph, fold_facts),
            Format::Svg => trowel_export::svg::render(&report.graph, fold_facts),
        }
    }
}

/// The report exports show: the shown one, or, when the paste has (or may have: not looked for
/// yet, or too large to look on the page's thread) secrets the user keeps out, the report of
/// the paste without them.
pub fn report_to_export(state: &State) -> Option<Cow<'_, Report>> {
    let report = state.report()?;
    if state.include_secrets || (state.secrets_known() && state.secrets().is_empty()) {
        return Some(Cow::Borrowed(&**report));
    }
    Some(Cow::Owned(trowel_core::analyze(&state.text_to_share())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;

    /// One setting's value differs between two copies of an object: the config-crossover
    /// diagnosis quotes both lines, credentials and all.
    const PASTE: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: billing-env\n  namespace: billing\ndata:\n  \
        QUEUE_URL: amqp://billing:hunter2@mq.billing.svc:5672/billing\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  \
        name: billing-env\n  namespace: billing\ndata:\n  QUEUE_URL: amqp://billing:hunter2@mq.billing.svc:5672/billing-qa\n";

    fn analysed(text: &str) -> State {
        let state = State::new(String::new()).apply(Action::Edit(text.to_string()));
        let revision = state.revision;
        state
            .apply(Action::Analyzed { revision, report: trowel_core::analyze(text), millis: 1.0 })
            .apply(Action::SecretsFound { revision, secrets: crate::secrets::find(text) })
    }

    #[test]
    fn the_json_export_is_the_cli_contract_without_secrets_unless_asked() {
        let state = analysed(PASTE);
        let json = Format::Json.render(&report_to_export(&state).unwrap(), false);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        for field in ["diagnoses", "artifacts", "graph"] {
            assert!(value.get(field).is_some(), "the contract has {field}");
        }
        assert!(!json.contains("hunter2"), "the secret stays out by default");
        assert!(json.contains("‹redacted:password›"), "its placeholder is quoted instead");
        let included = state.apply(Action::SetIncludeSecrets(true));
        let json = Format::Json.render(&report_to_export(&included).unwrap(), false);
        assert!(json.contains("hunter2"), "the user chose to include secrets");
        assert_eq!(json, Format::Json.render(&trowel_core::analyze(PASTE), false), "then it is the shown report");
    }

    #[test]
    fn a_paste_not_searched_for_secrets_is_exported_redacted() {
        // As a large paste is: analysed (by the worker) but never searched on the page's thread.
        let state = State::new(String::new()).apply(Action::Edit(PASTE.to_string()));
        let revision = state.revision;
        let state = state.apply(Action::Analyzed { revision, report: trowel_core::analyze(PASTE), millis: 1.0 });
        assert!(!state.secrets_known());
        let json = Format::Json.render(&report_to_export(&state).unwrap(), false);
        assert!(!json.contains("hunter2") && json.contains("‹redacted:password›"), "{json}");
    }

    #[test]
    fn every_format_renders_the_redacted_report() {
        let state = analysed(PASTE);
        let report = report_to_export(&state).unwrap();
        for format in Format::ALL {
            let text = format.render(&report, false);
            assert!(!text.contains("hunter2"), "{format:?} leaves the secret out");
            assert!(text.contains("billing"), "{format:?} shows the report: {text}");
        }
        assert!(Format::Markdown.render(&report, false).contains("‹redacted:password›"), "Markdown quotes the redacted line");
        assert!(Format::Mermaid.render(&report, false).starts_with("flowchart"));
        assert!(Format::Svg.render(&report, false).starts_with("<svg"));
        let names: Vec<String> = Format::ALL.iter().map(|f| f.file_name()).collect();
        assert_eq!(names, ["trowel-report.md", "trowel-report.json", "trowel-graph.mmd", "trowel-graph.svg"]);
    }

    #[test]
    fn nothing_to_export_before_the_first_analysis() {
        assert!(report_to_export(&State::new("x".into())).is_none());
    }
}
