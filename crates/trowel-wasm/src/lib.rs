//! Trowel for embedders: the analysis core behind a small wasm-bindgen API.
//!
//! ```js
//! import init, { analyze, markdown, mermaid, graph_svg, version } from "./pkg/trowel_wasm.js";
//! await init();
//! const report = analyze(pastedText);   // a plain object: the report's JSON contract
//! console.log(version(), report.diagnoses[0]?.class);
//! const postmortem = markdown(pastedText);   // the report as Markdown
//! const chart = mermaid(pastedText);         // the evidence graph as a Mermaid flowchart
//! const drawing = graph_svg(pastedText);     // the evidence graph as a standalone SVG document
//! ```
//! Each export takes its input, calls the core and serialises the result; every error crosses
//! the boundary through [`to_js`] as a JS `Error`, never as a panic. On the host the crate is
//! plain Rust (the functions below), so it is tested by `cargo test` without a browser.

/// The report of a paste as JSON text: exactly what `analyze` hands to JavaScript.
pub fn report_json(paste: &str) -> Result<String, serde_json::Error> {
    serde_json::to_string(&trowel_core::analyze(paste))
}

/// The report of a paste as Markdown (`trowel analyze --format markdown`).
pub fn markdown(paste: &str) -> String {
    trowel_export::markdown::render(&trowel_core::analyze(paste))
}

/// The evidence graph of a paste as a Mermaid flowchart, folded as the app folds it.
pub fn mermaid(paste: &str) -> String {
    let report = trowel_core::analyze(paste);
    trowel_export::mermaid::render(&report.graph, trowel_export::visible::folds_by_default(&report.graph))
}

/// The evidence graph of a paste as a standalone SVG document, folded as the app folds it.
pub fn graph_svg(paste: &str) -> String {
    let report = trowel_core::analyze(paste);
    trowel_export::svg::render(&report.graph, trowel_export::visible::folds_by_default(&report.graph))
}

/// The crate version, which is also the core's (one workspace version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    /// Analyses a paste and returns the report as a plain JS object (see `report.rs` in
    /// trowel-core for its fields).
    #[wasm_bindgen]
    pub fn analyze(text: &str) -> Result<JsValue, JsError> {
        let json = to_js(super::report_json(text))?;
        to_js(js_sys::JSON::parse(&json).map_err(|e| format!("cannot parse the report JSON: {e:?}")))
    }

    /// The report of a paste as Markdown, for postmortems and chat.
    #[wasm_bindgen]
    pub fn markdown(text: &str) -> String {
        super::markdown(text)
    }

    /// The evidence graph of a paste as Mermaid flowchart text.
    #[wasm_bindgen]
    pub fn mermaid(text: &str) -> String {
        super::mermaid(text)
    }

    /// The evidence graph of a paste as SVG document text.
    #[wasm_bindgen]
    pub fn graph_svg(text: &str) -> String {
        super::graph_svg(text)
    }

    /// The version of Trowel in this package.
    #[wasm_bindgen]
    pub fn version() -> String {
        super::VERSION.to_string()
    }

    /// The one way errors cross into JavaScript: as an `Error` whose message is the Rust error.
    fn to_js<T, E: std::fmt::Display>(result: Result<T, E>) -> Result<T, JsError> {
        result.map_err(|e| JsError::new(&e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_report_json_carries_the_contract_fields() {
        let json = super::report_json("$ kubectl get pods\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d\n").unwrap();
        for field in ["\"diagnoses\"", "\"graph\"", "\"timeline\"", "\"reconstruction\"", "\"unparsed\"", "\"line_count\"", "\"kind\":\"table\""] {
            assert!(json.contains(field), "{field} missing from {json}");
        }
    }

    #[test]
    fn the_exports_render_the_analysed_paste() {
        let paste = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nweb-1 0/1 CrashLoopBackOff 7 2d\n";
        let markdown = super::markdown(paste);
        assert!(markdown.starts_with("# Incident analysis") && markdown.contains("web-1"), "{markdown}");
        let chart = super::mermaid(paste);
        assert!(chart.starts_with("flowchart LR") && chart.contains("get pods"), "{chart}");
        let svg = super::graph_svg(paste);
        assert!(svg.starts_with("<svg") && svg.contains("data-node=\"artifact:"), "{svg}");
    }
}
