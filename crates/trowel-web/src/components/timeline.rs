//! The timeline: every timestamped fact in time order, turning points (changes, pushes,
//! syncs, cliffs, errors) marked; each entry links to its line in the paste.

use super::prose::Prose;
use super::section::Section;
use crate::state::{Action, LineRange, ReportRef};
use yew::prelude::*;

/// Above this many entries the timeline starts with turning points only.
const TURNING_POINTS_FIRST: usize = 40;

#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    pub report: ReportRef,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let entries = &props.report.timeline;
    let marked = entries.iter().filter(|e| e.marker.is_some()).count();
    let only_marked = use_state_eq(|| entries.len() > TURNING_POINTS_FIRST && marked > 0);
    let toggle = {
        let only_marked = only_marked.clone();
        Callback::from(move |_: Event| only_marked.set(!*only_marked))
    };
    let items = entries.iter().filter(|e| !*only_marked || e.marker.is_some()).map(|entry| {
        let dispatch = props.dispatch.clone();
        let line = entry.line;
        let marker = entry.marker.clone().unwrap_or_default();
        html! {
            <li class={classes!("entry", (!marker.is_empty()).then(|| format!("marker-{marker}")))} data-marker={marker.clone()}>
                <time datetime={entry.time.clone()}>{ entry.time.replacen('T', " ", 1) }</time>
                <span class="marker">{ marker }</span>
                <span class="event"><Prose text={AttrValue::from(entry.event.clone())} /></span>
                <button type="button" class="ln link" onclick={Callback::from(move |_| dispatch.emit(Action::SelectLines(LineRange::new(line, line))))}
                    title="Show in the paste">{ format!("L{line}") }</button>
            </li>
        }
    });
    html! {
        <Section id="timeline" title="Timeline" count={entries.len()} hint="Timestamped lines in time order; changes and cliffs are marked.">
            if entries.is_empty() {
                <p class="muted">{ "No line of this paste says when it happened." }</p>
            } else {
                if entries.len() > TURNING_POINTS_FIRST && marked > 0 {
                    <label class="filter"><input type="checkbox" checked={*only_marked} onchange={toggle} />
                        { format!(" turning points only ({marked} of {})", entries.len()) }</label>
                }
                <ol class="timeline">{ for items }</ol>
            }
        </Section>
    }
}
