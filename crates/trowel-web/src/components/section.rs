//! A titled panel of the results column (diagnoses, graph, timeline, …), linked from the
//! header's table of contents by its id.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SectionProps {
    pub id: AttrValue,
    pub title: AttrValue,
    #[prop_or_default]
    pub count: Option<usize>,
    /// A short line under the title: what the panel shows and how to use it.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Section(props: &SectionProps) -> Html {
    let heading = format!("{}-title", props.id);
    html! {
        <section class="panel" id={props.id.clone()} aria-labelledby={heading.clone()}>
            <header class="panel-head">
                <h2 id={heading}>{ &props.title }</h2>
                if let Some(count) = props.count {
                    <span class="count">{ count }</span>
                }
                if let Some(hint) = &props.hint {
                    <p class="hint">{ hint }</p>
                }
            </header>
            { props.children.clone() }
        </section>
    }
}
