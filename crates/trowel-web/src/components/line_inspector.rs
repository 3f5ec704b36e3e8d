//! Under the paste: which graph nodes came from the line the user clicked.

use crate::state::{find_node, Action, ReportRef};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LineInspectorProps {
    pub report: ReportRef,
    pub line: u32,
    /// Ids of the nodes that came from the line, in graph order.
    pub nodes: Vec<String>,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn LineInspector(props: &LineInspectorProps) -> Html {
    let items = props.nodes.iter().filter_map(|id| find_node(&props.report.graph, id)).map(|node| {
        let (dispatch, id) = (props.dispatch.clone(), node.id.clone());
        html! {
            <li>
                <button type="button" class={classes!("node-chip", node.kind.clone())} data-node-ref={node.id.clone()}
                    onclick={Callback::from(move |_| dispatch.emit(Action::SelectNode(id.clone())))}>
                    <span class="kind">{ &node.kind }</span>{ &node.label }
                </button>
            </li>
        }
    });
    html! {
        <aside class="line-inspector" data-testid="line-inspector" aria-live="polite">
            <strong>{ format!("Line {}", props.line) }</strong>
            if props.nodes.is_empty() {
                <span class="muted">{ " — no evidence in the graph comes from this line." }</span>
            } else {
                <span class="muted">{ format!(" — {} graph node{} came from it:", props.nodes.len(), if props.nodes.len() == 1 { "" } else { "s" }) }</span>
                <ul>{ for items }</ul>
            }
        </aside>
    }
}
