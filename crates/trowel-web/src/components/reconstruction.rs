//! What the system is: Trowel's reconstruction (summary and components) and the artifacts it
//! recognised in the paste, each linking to its lines.

use super::prose::Prose;
use super::section::Section;
use crate::state::{Action, LineRange, ReportRef};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReconstructionProps {
    pub report: ReportRef,
    pub dispatch: Callback<Action>,
}

#[component]
pub fn Reconstruction(props: &ReconstructionProps) -> Html {
    // A large paste has thousands of artifacts: their rows are only built once the list is
    // opened, so drawing the report does not pay for a list nobody looked at.
    let open = use_state_eq(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
    };
    let reconstruction = &props.report.reconstruction;
    let components = reconstruction.components.iter().map(|c| {
        html! { <tr><td><code>{ &c.name }</code></td><td>{ &c.kind }</td><td><Prose text={AttrValue::from(c.role.clone())} /></td></tr> }
    });
    let artifacts = props.report.artifacts.iter().take(if *open { usize::MAX } else { 0 }).map(|a| {
        let dispatch = props.dispatch.clone();
        let lines = LineRange::new(a.line_start, a.line_end);
        let name = a.command.clone().or_else(|| a.title.clone()).unwrap_or_default();
        html! {
            <li>
                <button type="button" class="ln link" onclick={Callback::from(move |_| dispatch.emit(Action::SelectLines(lines)))} title="Show in the paste">
                    { if lines.start == lines.end { format!("L{}", lines.start) } else { format!("L{}–{}", lines.start, lines.end) } }
                </button>
                <span class={classes!("kind-badge", "artifact")}>{ &a.kind }</span>
                <code class="artifact-name">{ name }</code>
            </li>
        }
    });
    html! {
        <Section id="system" title="What this system is" hint="Reconstructed from names, labels and metrics in the paste.">
            if reconstruction.summary.is_empty() && reconstruction.components.is_empty() {
                <p class="muted">{ "Trowel could not tell yet what this system is from the paste." }</p>
            } else {
                <p class="summary"><Prose text={AttrValue::from(reconstruction.summary.clone())} /></p>
            }
            if !reconstruction.components.is_empty() {
                <table class="components">
                    <thead><tr><th>{ "Component" }</th><th>{ "Kind" }</th><th>{ "Role" }</th></tr></thead>
                    <tbody>{ for components }</tbody>
                </table>
            }
            if !props.report.artifacts.is_empty() {
                <details class="artifacts" {ontoggle}>
                    <summary>{ format!("What you pasted: {} artifacts", props.report.artifacts.len()) }</summary>
                    <ul>{ for artifacts }</ul>
                </details>
            }
        </Section>
    }
}
