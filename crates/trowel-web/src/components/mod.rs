//! The Yew components (wasm only): one per file, each rendering a part of the core's report.
//! They hold no analysis logic; state changes go through [`crate::state::State::apply`].

mod app;
mod copy_button;
mod diagnoses;
mod diagnosis_card;
mod editor;
mod graph_view;
mod header;
mod line_inspector;
mod paste_input;
mod progress;
mod prose;
mod reconstruction;
mod section;
mod share_bar;
mod timeline;
mod unparsed;

use crate::state::{Action, State};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// Mounts the app on `#app`, after installing the panic hook that replaces it with an error
/// panel if anything goes wrong. In the analysing Web Worker (no window) there is nothing to
/// mount: the worker only calls the exports of [`crate::offload`].
#[wasm_bindgen(start)]
pub fn start() {
    if web_sys::window().is_none() {
        return;
    }
    crate::fatal::install();
    match gloo::utils::document().get_element_by_id("app") {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => crate::fatal::show("index.html has no element with id \"app\" to mount Trowel on"),
    }
}
