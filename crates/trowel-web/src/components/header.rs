//! The top bar: name, what to paste (examples, files, clear) and the status of the analysis.

use super::progress::Progress;
use crate::examples::EXAMPLES;
use crate::state::{self, Action, Phase};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub lines: u32,
    pub bytes: usize,
    pub artifacts: usize,
    /// How long the latest analysis took.
    pub millis: Option<f64>,
    pub analysing: bool,
    /// How the analysis of a large paste is going.
    pub progress: Option<state::Progress>,
    pub kept: bool,
    pub on_example: Callback<usize>,
    pub on_files: Callback<Vec<web_sys::File>>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let onchange_example = {
        let on_example = props.on_example.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(index) = select.value().parse::<usize>() {
                on_example.emit(index);
            }
            // Back to the prompt, so the same example can be chosen again.
            select.set_value("");
        })
    };
    let onchange_files = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(list) = input.files() {
                on_files.emit((0..list.length()).filter_map(|i| list.get(i)).collect());
            }
            input.set_value("");
        })
    };
    let onclick_clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::Edit(String::new())))
    };

    let size = match props.bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{:.1} KB", b as f64 / 1e3),
        b => format!("{b} B"),
    };
    let timing = match (props.analysing, props.millis) {
        (true, _) if props.progress.is_some() => html! {},
        (true, _) => html! { <span class="status-live">{ "analysing…" }</span> },
        (false, Some(ms)) => html! {
            <span data-testid="analysis-ms" data-ms={format!("{ms:.3}")} title="time trowel_core::analyze took in this browser">
                { format!("analysed in {}", if ms < 10.0 { format!("{ms:.1} ms") } else { format!("{ms:.0} ms") }) }
            </span>
        },
        (false, None) => html! {},
    };

    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" width="22" height="22" aria-hidden="true">
                    <rect width="32" height="32" rx="7" />
                    <path d="M9 23l9-9m-2-4l6 6-3 3-6-6z" />
                </svg>
                <h1>{ "Trowel" }</h1>
                <span class="tagline">{ "what is this system, what broke, what to do" }</span>
            </div>
            <div class="actions">
                <select class="control" aria-label="Load an example" onchange={onchange_example}>
                    <option value="" selected=true disabled=true>{ "Examples…" }</option>
                    { for EXAMPLES.iter().enumerate().map(|(i, example)| html! {
                        <option value={i.to_string()}>{ example.title }</option>
                    }) }
                </select>
                <label class="control button">
                    { "Open files…" }
                    <input type="file" multiple=true class="visually-hidden" onchange={onchange_files} />
                </label>
                <button type="button" class="control button" onclick={onclick_clear} disabled={props.bytes == 0}>{ "Clear" }</button>
            </div>
            <div class="status" data-testid="status" aria-live="polite"
                data-state={match (props.analysing, props.progress.map(|p| p.phase)) {
                    (_, Some(Phase::TooLarge)) => "too-large",
                    (true, _) => "analysing",
                    (false, _) => "ready",
                }}
                data-bytes={props.bytes.to_string()}>
                if props.bytes > 0 {
                    <span>{ format!("{} line{} · {size}", props.lines, if props.lines == 1 { "" } else { "s" }) }</span>
                    if props.artifacts > 0 {
                        <span>{ format!("{} artifact{}", props.artifacts, if props.artifacts == 1 { "" } else { "s" }) }</span>
                    }
                    { timing }
                    if let Some(progress) = props.progress {
                        <Progress {progress} bytes={props.bytes} />
                    }
                }
                if props.kept {
                    <span class="private" title="The paste is analysed here and kept only in this browser's local storage.">{ "stays in this browser" }</span>
                } else {
                    <span class="warn" title="The browser's storage quota is smaller than this paste.">{ "too large to keep across reloads" }</span>
                }
            </div>
        </header>
    }
}
