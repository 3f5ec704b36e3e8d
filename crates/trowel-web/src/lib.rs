//! probe
#[cfg(target_arch = "wasm32")]
mod app {
    use wasm_bindgen::prelude::*;
    use yew::prelude::*;

    #[component]
    fn App() -> Html {
        let report = trowel_core::analyze("$ kubectl get pods\nNAME READY\nweb 1/1\n");
        html! { <main><h1>{ "Trowel" }</h1><p>{ format!("{} artifacts", report.artifacts.len()) }</p></main> }
    }

    #[wasm_bindgen(start)]
    pub fn start() {
        yew::Renderer::<App>::with_root(gloo::utils::document().get_element_by_id("app").unwrap()).render();
    }
}
