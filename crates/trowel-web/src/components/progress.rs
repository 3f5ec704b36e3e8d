//! How the analysis of a large paste is going: its three phases with the current one marked,
//! and the time since it started, ticking while the page waits (which also shows the page is
//! not frozen). A paste past the browser's limit gets the reason it is not analysed instead.

use crate::state::{Phase, Progress as State, BROWSER_LIMIT_BYTES};
use gloo::timers::callback::Interval;
use yew::prelude::*;

/// How often the elapsed time is redrawn.
const TICK_MS: u32 = 100;
const STEPS: [(Phase, &str); 3] = [(Phase::Reading, "reading"), (Phase::Analysing, "analysing"), (Phase::Rendering, "rendering")];

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub progress: State,
    /// The paste's size, for the message past the limit.
    pub bytes: usize,
}

#[component]
pub fn Progress(props: &ProgressProps) -> Html {
    let now = use_state(super::app::now_ms);
    {
        let now = now.clone();
        use_effect_with(props.progress.revision, move |_| {
            let interval = Interval::new(TICK_MS, move || now.set(super::app::now_ms()));
            move || drop(interval)
        });
    }
    let phase = props.progress.phase;
    if phase == Phase::TooLarge {
        return html! {
            <span class="warn" data-testid="progress" data-phase={phase.name()} role="status">
                { format!(
                    "not analysed: {:.1} MB is past the browser's limit of {} MB; run `trowel analyze FILE` on the command line",
                    props.bytes as f64 / 1e6,
                    BROWSER_LIMIT_BYTES >> 20,
                ) }
            </span>
        };
    }
    let seconds = (*now - props.progress.started_ms).max(0.0) / 1000.0;
    html! {
        <span class="progress status-live" data-testid="progress" data-phase={phase.name()} role="status">
            { for STEPS.iter().map(|&(step, label)| html! {
                <span class={classes!("step", (step == phase).then_some("current"))}>{ label }</span>
            }) }
            <span class="elapsed">{ format!("{seconds:.1} s") }</span>
        </span>
    }
}
