//! The text area that holds the paste (`data-testid="paste"`). Its own component so that
//! scrolling the editor, which redraws the rows around it, never touches the text itself.
//!
//! A large paste skips the text area: the browser would spend seconds laying it out, so the
//! paste event is taken over and the text goes straight to the state (the editor then shows
//! it read-only, see [`super::editor`]).

use crate::source::{Source, LARGE_BYTES};
use crate::state::{text_area_newlines, Action};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

const PLACEHOLDER: &str = "Paste what you have about the broken system: kubectl output, Argo CD JSON, \
Prometheus metrics, Kubernetes or kustomize YAML, log lines, CI output…\n\n\
Or drop files here (each becomes a \"# From: <file>\" section), or pick an example above.";

#[derive(Properties, PartialEq)]
pub struct PasteInputProps {
    pub source: Source,
    /// Kept out of sight, and empty, while the editor shows a large paste read-only: handing
    /// megabytes to a text area nobody sees costs a copy each way on every change.
    pub hidden: bool,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn PasteInput(props: &PasteInputProps) -> Html {
    let oninput = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.emit(Action::Edit(area.value()));
        })
    };
    // A click (not a drag that selects text) selects the line under the caret.
    let onclick = {
        let (dispatch, source) = (props.dispatch.clone(), props.source.clone());
        Callback::from(move |e: MouseEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            if let (Ok(Some(start)), Ok(Some(end))) = (area.selection_start(), area.selection_end()) {
                if start == end && !source.is_empty() {
                    dispatch.emit(Action::SelectLine(source.line_at_utf16(start)));
                }
            }
        })
    };
    let onpaste = {
        let (dispatch, source) = (props.dispatch.clone(), props.source.clone());
        Callback::from(move |e: Event| {
            let event: web_sys::ClipboardEvent = e.clone().unchecked_into();
            let Some(text) = event.clipboard_data().and_then(|data| data.get_data("text/plain").ok()) else { return };
            if text.len() + source.text().len() < LARGE_BYTES {
                return;
            }
            e.prevent_default();
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            let selection = (area.selection_start().ok().flatten().unwrap_or(0), area.selection_end().ok().flatten().unwrap_or(0));
            dispatch.emit(Action::Edit(source.replaced_utf16(selection, &text_area_newlines(&text))));
        })
    };
    html! {
        <textarea
            data-testid="paste"
            class={classes!("paste", props.hidden.then_some("hidden"))}
            aria-label="Paste"
            placeholder={PLACEHOLDER}
            wrap="off"
            spellcheck="false"
            autocomplete="off"
            autocapitalize="off"
            value={if props.hidden { AttrValue::default() } else { AttrValue::from(props.source.shared_text()) }}
            {oninput}
            {onclick}
            {onpaste}
        />
    }
}
