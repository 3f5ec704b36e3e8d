//! A button that copies a command to the clipboard and says so for a moment.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// How long "Copied" shows before the button reads "Copy" again.
const FEEDBACK_MS: u32 = 1500;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    /// What is copied, for screen readers ("Copy command …").
    pub what: AttrValue,
}

#[component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let copied = use_state_eq(|| false);
    let reset = use_mut_ref(|| None::<Timeout>);
    let onclick = {
        let (text, copied) = (props.text.clone(), copied.clone());
        Callback::from(move |_| {
            // The promise's outcome is not awaited: a refused clipboard leaves the text on screen
            // to select by hand, and the button only says what it tried.
            let _ = gloo::utils::window().navigator().clipboard().write_text(&text);
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
