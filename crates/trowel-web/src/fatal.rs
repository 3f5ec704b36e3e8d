//! The last resort: a panic replaces the app with the error panel of `index.html`, filled with
//! details the user can copy into a bug report, instead of leaving a blank page.
//!
//! The wasm build aborts on panic, so after the hook nothing in Rust runs again: the panel's
//! buttons (copy the details, reload, reload without the paste) are wired up in `web/boot.js`,
//! which also uses the panel when the wasm itself fails to load.

use web_sys::HtmlElement;
use wasm_bindgen::JsCast;

/// Routes panics to [`show`] (Yew would otherwise install its console-only hook).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| show(&info.to_string())));
}

/// Shows the error panel with `message` and the facts a bug report needs.
pub fn show(message: &str) {
    web_sys::console::error_1(&format!("Trowel: {message}").into());
    let document = gloo::utils::document();
    let user_agent = gloo::utils::window().navigator().user_agent().unwrap_or_default();
    let details = format!("{message}\n\nTrowel {}\n{user_agent}", env!("CARGO_PKG_VERSION"));
    if let Some(pre) = document.get_element_by_id("fatal-details") {
        pre.set_text_content(Some(&details));
    }
    if let Some(panel) = document.get_element_by_id("fatal").and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        panel.set_hidden(false);
    }
    if let Some(app) = document.get_element_by_id("app").and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        app.set_hidden(true);
    }
}
