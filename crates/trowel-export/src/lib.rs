//! Trowel's report as files people share: Markdown for postmortems and chat, the evidence
//! graph as Mermaid (renders in GitHub, GitLab, Confluence, MkDocs) or a standalone SVG, and
//! SARIF 2.1.0 for CI and code-scanning views. Also the graph's layered layout, which the
//! browser app draws from too, so the exported SVG looks like the app's graph.
//!
//! Pure functions from `trowel_core`'s plain report to text; no IO. The CLI
//! (`trowel analyze --format markdown|mermaid|svg|sarif`), the browser app and the embedder
//! API (`trowel-wasm`) all call these.
//!
//! ```
//! let paste = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nweb-1 0/1 CrashLoopBackOff 7 2d\n";
//! let report = trowel_core::analyze(paste);
//! let fold = trowel_export::visible::folds_by_default(&report.graph);
//! assert!(trowel_export::mermaid::render(&report.graph, fold).starts_with("flowchart LR"));
//! assert!(trowel_export::svg::render(&report.graph, fold).starts_with("<svg"));
//! assert!(trowel_export::sarif::render(&report, "paste.txt").contains("\"version\": \"2.1.0\""));
//! assert!(trowel_export::markdown::render(&report).starts_with("# Incident analysis"));
//! ```

#![forbid(unsafe_code)]

pub mod layout;
pub mod markdown;
pub mod mermaid;
pub mod sarif;
pub mod svg;
pub mod visible;

#[cfg(any(test, feature = "sample"))]
pub mod sample;
