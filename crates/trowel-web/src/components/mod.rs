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
/// panel if anything goes wrong.
#[wasm_bindgen(start)]
pub fn start() {
    crate::fatal::install();
    match gloo::utils::document().get_element_by_id("app") {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => crate::fatal::show("index.html has no element with id \"app\" to mount Trowel on"),
    }
}
