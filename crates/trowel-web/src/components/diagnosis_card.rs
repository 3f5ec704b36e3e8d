//! One diagnosis: what is wrong (class, title, confidence), why Trowel thinks so (the claims
//! for and against, each with the quoted lines), and what to do (fixes, commands to run first).

use super::copy_button::CopyButton;
use super::prose::Prose;
use crate::state::{Action, LineRange, ReportRef};
use trowel_core::report::{Evidence, Stance};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DiagnosisCardProps {
    pub report: ReportRef,
    /// Index in `report.diagnoses` (0 is the most likely).
    pub index: usize,
    pub selected_node: Option<String>,
    /// For the copy buttons: the user chose to include secrets in what leaves the page.
    pub include_secrets: bool,
    pub dispatch: Callback<Action>,
}

/// Confidence in words, so the bar is not the only signal.
fn confidence_words(confidence: f64) -> &'static str {
    match confidence {
        c if c >= 0.75 => "likely",
        c if c >= 0.5 => "plausible",
        c if c >= 0.25 => "possible",
        _ => "weak",
    }
}

/// Quotes drawn before "show more": a diagnosis over a large paste can rest on hundreds of
/// lines, and drawing them all would hold the page for seconds.
const QUOTES_SHOWN: usize = 12;

#[component]
pub fn DiagnosisCard(props: &DiagnosisCardProps) -> Html {
    let show_all = use_state_eq(|| false);
    let Some(diagnosis) = props.report.diagnoses.get(props.index) else { return html! {} };
    let percent = (diagnosis.confidence * 100.0).round().clamp(0.0, 100.0);
    let anchor = |class: &str| format!("diagnosis-{class}");

    // Consecutive quotes of one claim form one item: the claim, then its quotes.
    let mut claims: Vec<(&Evidence, Vec<&Evidence>)> = Vec::new();
    for evidence in &diagnosis.evidence {
        match claims.last_mut() {
            Some((first, quotes)) if first.claim_id == evidence.claim_id && first.stance == evidence.stance => quotes.push(evidence),
            _ => claims.push((evidence, vec![evidence])),
        }
    }
    if !*show_all {
        let mut room = QUOTES_SHOWN;
        for (_, quotes) in &mut claims {
            quotes.truncate(room);
            room -= quotes.len();
        }
        claims.retain(|(_, quotes)| !quotes.is_empty());
    }
    let hidden = diagnosis.evidence.len() - claims.iter().map(|(_, quotes)| quotes.len()).sum::<usize>();
    let claim_items = claims.iter().map(|(claim, quotes)| {
        let (stance_class, stance_mark, stance_words) = match claim.stance {
            Stance::Supports => ("supports", "✓", "supports"),
            Stance::Contradicts => ("contradicts", "✗", "contradicts"),
        };
        let selected = props.selected_node.as_deref() == Some(claim.claim_id.as_str());
        let quote_items = quotes.iter().map(|quote| {
            let dispatch = props.dispatch.clone();
            let (claim_id, lines) = (quote.claim_id.clone(), LineRange::new(quote.line, quote.line_end));
            let onclick = Callback::from(move |_| dispatch.emit(Action::SelectQuote { claim_id: claim_id.clone(), lines }));
            let where_ = if quote.line == quote.line_end { format!("L{}", quote.line) } else { format!("L{}–{}", quote.line, quote.line_end) };
            html! {
                <li>
                    <button type="button" class="quote" data-testid="quote" data-claim={quote.claim_id.clone()}
                        data-line={quote.line.to_string()} {onclick} title="Show this in the paste">
                        <span class="ln">{ where_ }</span>
                        <code>{ trowel_core::terminal::printable(&quote.quote).into_owned() }</code>
                    </button>
                </li>
            }
        });
        html! {
            <li class={classes!("claim", stance_class, selected.then_some("selected"))}>
                <div class="claim-head">
                    <span class="stance" title={stance_words}>{ stance_mark }</span>
                    <span class="claim-text"><Prose text={AttrValue::from(claim.claim.clone())} /></span>
                </div>
                <ul class="quotes">{ for quote_items }</ul>
            </li>
        }
    });

    let checks = diagnosis.checks.iter().map(|command| {
        html! {
            <li>
                <code class="command">{ command }</code>
                <CopyButton text={AttrValue::from(command.clone())} what={AttrValue::from(format!("command {command}"))}
                    include_secrets={props.include_secrets} />
            </li>
        }
    });
    let role = match &diagnosis.explained_by {
        Some(cause) => html! {
            <p class="role symptom-of">{ "Symptom of " }<a href={format!("#{}", anchor(cause))}><code>{ cause }</code></a>{ " — fixing that should clear this." }</p>
        },
        None if !diagnosis.explains.is_empty() => html! {
            <p class="role explains">{ "Root cause; also explains " }
                { for diagnosis.explains.iter().enumerate().map(|(i, class)| html! {
                    <>{ if i > 0 { ", " } else { "" } }<a href={format!("#{}", anchor(class))}><code>{ class }</code></a></>
                }) }
            </p>
        },
        None => html! {},
    };
    let selected = props.selected_node.as_deref() == Some(diagnosis.id.as_str());

    html! {
        <article
            id={anchor(&diagnosis.class)}
            class={classes!("card", (props.index == 0).then_some("top"), diagnosis.explained_by.is_some().then_some("symptom"), selected.then_some("selected"))}
            data-testid="diagnosis"
            data-class={diagnosis.class.clone()}
            data-confidence={diagnosis.confidence.to_string()}
        >
            <header class="card-head">
                <span class="rank">{ format!("#{}", props.index + 1) }</span>
                <code class="class">{ &diagnosis.class }</code>
                <div class="confidence" title={format!("confidence {percent}%")}>
                    <span class="confidence-words">{ confidence_words(diagnosis.confidence) }</span>
                    <div class="bar" role="meter" aria-label="confidence" aria-valuemin="0" aria-valuemax="100" aria-valuenow={percent.to_string()}>
                        <div class="fill" style={format!("width:{percent}%")}></div>
                    </div>
                    <span class="percent">{ format!("{percent}%") }</span>
                </div>
            </header>
            <h3 class="title"><Prose text={AttrValue::from(diagnosis.title.clone())} /></h3>
            { role }
            <p class="summary"><Prose text={AttrValue::from(diagnosis.summary.clone())} /></p>
            if !claims.is_empty() {
                <section class="evidence">
                    <h4>{ "Evidence" }</h4>
                    <ul class="claims">{ for claim_items }</ul>
                    if hidden > 0 {
                        <button type="button" class="link" onclick={Callback::from(move |_| show_all.set(true))}>
                            { format!("Show {hidden} more") }
                        </button>
                    }
                </section>
            }
            <div class="todo">
                if !diagnosis.checks.is_empty() {
                    <section class="checks">
                        <h4>{ "Check first" }</h4>
                        <ul>{ for checks }</ul>
                    </section>
                }
                if !diagnosis.fixes.is_empty() {
                    <section class="fixes">
                        <h4>{ "Fix" }</h4>
                        <ol>{ for diagnosis.fixes.iter().map(|fix| html! { <li><Prose text={AttrValue::from(fix.clone())} /></li> }) }</ol>
                    </section>
                }
            </div>
        </article>
    }
}
