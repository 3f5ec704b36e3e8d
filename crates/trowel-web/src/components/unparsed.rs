//! What Trowel did not understand (so nothing is silently dropped) and its warnings.

use super::section::Section;
use crate::state::{Action, LineRange, ReportRef};
use yew::prelude::*;

/// Characters of an unparsed piece shown before it is cut (the paste has the rest).
const SHOWN_CHARS: usize = 400;

#[derive(Properties, PartialEq)]
pub struct UnparsedProps {
    pub report: ReportRef,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Unparsed(props: &UnparsedProps) -> Html {
    let report = &props.report;
    let items = report.unparsed.iter().map(|u| {
        let dispatch = props.dispatch.clone();
        let lines = LineRange::new(u.line_start, u.line_end);
        let text = match u.text.char_indices().nth(SHOWN_CHARS) {
            Some((cut, _)) => format!("{}…", &u.text[..cut]),
            None => u.text.clone(),
        };
        html! {
            <li>
                <div class="unparsed-head">
                    <button type="button" class="ln link" onclick={Callback::from(move |_| dispatch.emit(Action::SelectLines(lines)))} title="Show in the paste">
                        { if lines.start == lines.end { format!("L{}", lines.start) } else { format!("L{}–{}", lines.start, lines.end) } }
                    </button>
                    <span class="reason">{ &u.reason }</span>
                </div>
                <pre class="unparsed-text">{ text }</pre>
            </li>
        }
    });
    html! {
        <Section id="unparsed" title="Not understood" count={report.unparsed.len()} hint="Text no parser read. Nothing is dropped silently: check nothing important is here.">
            if !report.warnings.is_empty() {
                <ul class="warnings">{ for report.warnings.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
            }
            if report.unparsed.is_empty() {
                <p class="muted">{ "Trowel read every line of the paste." }</p>
            } else {
                <ul class="unparsed">{ for items }</ul>
            }
        </Section>
    }
}
