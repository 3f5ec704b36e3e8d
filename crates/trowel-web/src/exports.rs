//! The report as files to keep or paste elsewhere: each [`Format`] with its file name, media
//! type and renderer.
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
    /// The CLI's JSON contract (`trowel analyze --format json`).
    Json,
}

impl Format {
    pub const ALL: [Format; 1] = [Format::Json];

    /// The word in its `data-testid` (`export-json`) and file name.
    pub fn id(self) -> &'static str {
        match self {
            Format::Json => "json",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "JSON",
        }
    }

    pub fn file_name(self) -> String {
        let extension = match self {
            Format::Json => "json",
        };
        format!("trowel-report.{extension}")
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
        }
    }

    pub fn render(self, report: &Report) -> String {
        match self {
            // Serialising the report cannot fail: its maps have string keys and it holds no
            // non-finite floats it would refuse (serde_json writes those as null).
            Format::Json => serde_json::to_string_pretty(report).expect("the report serialises") + "\n",
        }
    }
}

/// The report exports show: the shown one, or, when the paste has secrets the user keeps out,
/// the report of the paste without them.
pub fn report_to_export(state: &State) -> Option<Cow<'_, Report>> {
    let report = state.report()?;
    if state.include_secrets || state.secrets().is_empty() {
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
        let json = Format::Json.render(&report_to_export(&state).unwrap());
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        for field in ["diagnoses", "artifacts", "graph"] {
            assert!(value.get(field).is_some(), "the contract has {field}");
        }
        assert!(!json.contains("hunter2"), "the secret stays out by default");
        assert!(json.contains("‹redacted:password›"), "its placeholder is quoted instead");
        let included = state.apply(Action::SetIncludeSecrets(true));
        let json = Format::Json.render(&report_to_export(&included).unwrap());
        assert!(json.contains("hunter2"), "the user chose to include secrets");
        assert_eq!(json, Format::Json.render(&trowel_core::analyze(PASTE)), "then it is the shown report");
    }

    #[test]
    fn nothing_to_export_before_the_first_analysis() {
        assert!(report_to_export(&State::new("x".into())).is_none());
    }
}
