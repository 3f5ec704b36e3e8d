//! The paste: an editable text area over a layer of numbered lines that shows highlights.
//!
//! The text area holds the whole paste and is as tall as its lines, so the editor's box is
//! what scrolls. Under it, only the lines in view (plus a margin) are drawn, each a
//! `data-testid="line"` row whose background marks quoted and highlighted lines; the line
//! numbers in the gutter are drawn the same way. Both layers place row `n` at the same
//! offset, `(n - 1) × LINE_HEIGHT`, which the stylesheet's `--line` must agree with; long
//! lines do not wrap, so rows never drift.
//!
//! A large paste (see [`crate::source::LARGE_BYTES`]) is shown read-only: the rows show the
//! text themselves and the text area stays out of layout, because laying out megabytes in a
//! text area takes the browser seconds. Megabytes of paste thus cost a few dozen rows; the user
//! can still choose to edit it as text, or paste over it.

use super::paste_input::PasteInput;
use crate::secrets::{self, Secret};
use crate::source::Source;
use crate::state::{text_area_newlines, Action, LineRange};
use wasm_bindgen::JsCast;
use std::rc::Rc;
use web_sys::{HtmlElement, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

/// Height of one line in CSS pixels (`--line` in web/style.css).
const LINE_HEIGHT: f64 = 20.0;
/// Padding above the first line (`--pad` in web/style.css).
const PAD: f64 = 10.0;
/// Rows drawn above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: u32 = 40;
/// Characters of a line drawn in its row; the text area shows the rest.
const ROW_CHARS: usize = 2000;
/// Widest the editor grows, in characters; browsers cap layout sizes at a few million pixels.
const MAX_COLUMNS: u32 = 1_000_000;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub source: Source,
    pub highlight: Vec<LineRange>,
    /// Lines quoted as evidence, marked in the gutter.
    pub quoted: Rc<Vec<LineRange>>,
    /// A change asks the editor to scroll to the first highlighted line.
    pub scroll_request: u64,
    /// Secrets in the paste, marked in their rows.
    pub secrets: Rc<[Secret]>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let scroller = use_node_ref();
    // What the editor's box shows: its scroll offset and height, in pixels.
    let view = use_state_eq(|| (0i32, 900i32));
    // The user chose to edit a large paste as text anyway.
    let edit_large = use_state_eq(|| false);
    let read_only = props.source.is_large() && !*edit_large;

    {
        let (scroller, view) = (scroller.clone(), view.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(element) = scroller.cast::<HtmlElement>() {
                    view.set((element.scroll_top(), element.client_height()));
                }
            };
            measure();
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    {
        let (scroller, first) = (scroller.clone(), props.highlight.first().copied());
        use_effect_with(props.scroll_request, move |&request| {
            if let (true, Some(first), Some(element)) = (request > 0, first, scroller.cast::<HtmlElement>()) {
                let top = PAD + f64::from(first.start.saturating_sub(1)) * LINE_HEIGHT - f64::from(element.client_height()) / 3.0;
                element.set_scroll_top(top.max(0.0) as i32);
                // On a narrow screen the paste may be off screen: bring it into view too.
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                element.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    let onscroll = {
        let view = view.clone();
        Callback::from(move |e: Event| {
            let element: HtmlElement = e.target_unchecked_into();
            view.set((element.scroll_top(), element.client_height()));
        })
    };

    let source = &props.source;
    let count = source.line_count();
    let (top, height) = *view;
    let first = ((f64::from(top) - PAD) / LINE_HEIGHT).floor().max(0.0) as u32 + 1;
    let last = (first + (f64::from(height) / LINE_HEIGHT).ceil() as u32 + OVERSCAN).min(count);
    let first = first.saturating_sub(OVERSCAN).max(1);
    let row_top = |n: u32| format!("top:{}px", PAD + f64::from(n - 1) * LINE_HEIGHT);
    let highlighted = |n: u32| props.highlight.iter().any(|r| r.contains(n));
    let quoted = |n: u32| props.quoted.iter().any(|r| r.contains(n));
    let digits = count.to_string().len().max(2);

    let select_line = |n: u32| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::SelectLine(n)))
    };
    let rows = (first..=last).map(|n| {
        let line = source.line_range(n);
        let text = &source.text()[line.clone()];
        let text = match text.char_indices().nth(ROW_CHARS) {
            Some((cut, _)) => &text[..cut],
            None => text,
        };
        let content = if props.secrets.is_empty() {
            html! { { text } }
        } else {
            secrets::pieces(line.start..line.start + text.len(), &props.secrets)
                .into_iter()
                .map(|(range, kind)| match kind {
                    Some(kind) => html! { <mark class="secret" data-testid="secret" title={format!("secret: {kind}")}>{ &text[range] }</mark> },
                    None => html! { { &text[range] } },
                })
                .collect::<Html>()
        };
        html! {
            <div key={n} data-testid="line" data-line={n.to_string()}
                class={classes!("row", highlighted(n).then_some("highlighted"), quoted(n).then_some("quoted"))}
                style={row_top(n)} onclick={read_only.then(|| select_line(n))}>{ content }</div>
        }
    });
    let numbers = (first..=last).map(|n| {
        html! {
            <div key={n} class={classes!("num", highlighted(n).then_some("highlighted"), quoted(n).then_some("quoted"))}
                style={row_top(n)} onclick={select_line(n)}>{ n }</div>
        }
    });

    // Pasting over a read-only paste replaces it.
    let onpaste = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let event: web_sys::ClipboardEvent = e.clone().unchecked_into();
            if let Some(text) = event.clipboard_data().and_then(|data| data.get_data("text/plain").ok()) {
                e.prevent_default();
                dispatch.emit(Action::Edit(text_area_newlines(&text)));
            }
        })
    };
    let onclick_edit = {
        let edit_large = edit_large.clone();
        Callback::from(move |_: MouseEvent| edit_large.set(true))
    };

    html! {
        <>
        if read_only {
            <div class="read-only-note" role="note">
                { format!("This paste is {:.1} MB: it is shown read-only so the page stays fast. Paste to replace it, or ", source.text().len() as f64 / 1e6) }
                <button type="button" class="link" onclick={onclick_edit}>{ "edit it as text" }</button>
                { " (slow)." }
            </div>
        }
        <div class={classes!("editor", read_only.then_some("read-only"))} ref={scroller} {onscroll}
            tabindex={read_only.then_some("0")} aria-label={read_only.then_some("Paste (read-only)")} onpaste={read_only.then_some(onpaste)}>
            <div class="editor-canvas" style={format!("height:{}px", PAD * 2.0 + f64::from(count) * LINE_HEIGHT)}>
                <div class="gutter" style={format!("width:calc({digits}ch + 22px)")} aria-hidden="true">{ for numbers }</div>
                <div class="code" style={format!("min-width:calc({}ch + 32px)", source.widest_line().min(MAX_COLUMNS))}>
                    <div class="rows" aria-hidden="true">{ for rows }</div>
                    <PasteInput source={source.clone()} hidden={read_only} dispatch={props.dispatch.clone()} />
                </div>
            </div>
        </div>
        </>
    }
}
