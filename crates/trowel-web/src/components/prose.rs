//! Report text with its `code spans` (names, tags, values between backticks) set in code type.
//! Everything stays text: the spans become `<code>` elements holding text nodes, never markup.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProseProps {
    pub text: AttrValue,
}

#[component]
pub fn Prose(props: &ProseProps) -> Html {
    html! { <>{ for crate::code_spans::split(&props.text).into_iter().map(|(code, part)| {
        if code { html! { <code>{ part }</code> } } else { html! { { part } } }
    }) }</> }
}
