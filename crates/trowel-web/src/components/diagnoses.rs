//! The diagnoses, highest confidence first; or, before there are any, what to do instead of a
//! blank: a welcome with examples, or an honest "no diagnosis" that says what was read.

use super::diagnosis_card::DiagnosisCard;
use super::section::Section;
use crate::examples::EXAMPLES;
use crate::state::{Action, ReportRef};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosesProps {
    pub report: Option<ReportRef>,
    /// Nothing is pasted.
    pub empty: bool,
    pub analysing: bool,
    pub selected_node: Option<String>,
    /// For the copy buttons: the user chose to include secrets in what leaves the page.
    pub include_secrets: bool,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Diagnoses(props: &DiagnosesProps) -> Html {
    if props.empty {
        return welcome(&props.dispatch);
    }
    let Some(report) = &props.report else {
        return html! { <div class="panel placeholder" aria-busy="true">{ "Analysing…" }</div> };
    };
    if report.diagnoses.is_empty() {
        return no_diagnosis(report);
    }
    let cards = (0..report.diagnoses.len()).map(|index| {
        html! {
            <DiagnosisCard report={report.clone()} {index} selected_node={props.selected_node.clone()} include_secrets={props.include_secrets} dispatch={props.dispatch.clone()} />
        }
    });
    html! {
        <Section id="diagnoses" title="Diagnosis" count={report.diagnoses.len()}
            hint="Most likely cause first. Click a quote to see it in your paste.">
            <div class={classes!("cards", props.analysing.then_some("stale"))}>{ for cards }</div>
        </Section>
    }
}

fn welcome(dispatch: &Callback<Action>) -> Html {
    let examples = EXAMPLES.iter().map(|example| {
        let dispatch = dispatch.clone();
        let text = example.text;
        html! {
            <li><button type="button" class="link" onclick={Callback::from(move |_| dispatch.emit(Action::Edit(text.to_string())))}>
                { example.title }
            </button></li>
        }
    });
    html! {
        <section class="panel welcome" data-testid="welcome">
            <h2>{ "Paste everything you have about the broken system" }</h2>
            <p>{ "Trowel reads kubectl tables and describe output, Argo CD JSON, Prometheus metrics, \
                  Kubernetes and kustomize YAML, and log lines — whitespace-mangled web copies included — \
                  and tells you what the system is, what is broken and why, and what to check first. \
                  Every claim quotes the lines of your paste it rests on." }</p>
            <p class="private">{ "It runs entirely in this browser: nothing you paste is uploaded." }</p>
            <h3>{ "Or start from an example" }</h3>
            <ul class="examples">{ for examples }</ul>
        </section>
    }
}

fn no_diagnosis(report: &ReportRef) -> Html {
    let mut kinds: Vec<&str> = report.artifacts.iter().map(|a| a.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    html! {
        <section class="panel no-diagnosis" data-testid="no-diagnosis">
            <h2>{ "No diagnosis" }</h2>
            <p>{ "Nothing in this paste matches a failure pattern Trowel knows." }</p>
            <ul class="facts">
                <li>{ format!("It read {} artifact{}", report.artifacts.len(), if report.artifacts.len() == 1 { "" } else { "s" }) }
                    if !kinds.is_empty() { { format!(" ({})", kinds.join(", ")) } }
                    { "." }
                </li>
                if !report.unparsed.is_empty() {
                    <li><a href="#unparsed">{ format!("{} piece{} of text it did not understand", report.unparsed.len(), if report.unparsed.len() == 1 { "" } else { "s" }) }</a>{ " — check nothing important is among them." }</li>
                }
            </ul>
            <p class="muted">{ "More evidence usually helps: the failing workload's " }<code>{ "kubectl describe" }</code>
                { ", recent " }<code>{ "kubectl get events" }</code>{ ", the logs around the first error, and what changed (deploys, syncs, config)." }</p>
        </section>
    }
}
