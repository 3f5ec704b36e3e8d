//! A button that copies a command to the clipboard and says so for a moment. Like everything
//! that leaves the page, the copy has the paste's secrets replaced unless the user chose to
//! include them.

use crate::{browser, secrets};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// How long "Copied" shows before the button reads "Copy" again.
const FEEDBACK_MS: u32 = 1500;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    /// What is copied, for screen readers ("Copy command …").
    pub what: AttrValue,
    /// The user chose to include secrets in what leaves the page.
    pub include_secrets: bool,
}

#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let copied = use_state_eq(|| false);
    let reset = use_mut_ref(|| None::<Timeout>);
    let onclick = {
        let (text, include, copied) = (props.text.clone(), props.include_secrets, copied.clone());
        Callback::from(move |_| {
            // The button only says what it tried: a refused clipboard leaves the text on screen.
            browser::copy(&if include { text.to_string() } else { secrets::redact(&text) });
            copied.set(true);
            let copied = copied.clone();
            *reset.borrow_mut() = Some(Timeout::new(FEEDBACK_MS, move || copied.set(false)));
        })
    };
    html! {
        <button type="button" class={classes!("copy", copied.then_some("done"))} {onclick}
            aria-label={format!("Copy {}", props.what)}>
            { if *copied { "Copied ✓" } else { "Copy" } }
        </button>
    }
}
