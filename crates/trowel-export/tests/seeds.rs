//! Snapshots of the Mermaid and SARIF exports of the reference incidents
//! (`fixtures/seeds/*.txt`). A changed snapshot is changed output: review it with
//! `cargo insta review`, never accept it blindly.

use trowel_export::{mermaid, sarif, visible};

#[test]
fn mermaid_and_sarif_of_the_seeds() {
    insta::glob!("../../../fixtures/seeds", "*.txt", |path| {
        let paste = std::fs::read_to_string(path).expect("seeds are UTF-8 text");
        let report = trowel_core::analyze(&paste);
        let fold = visible::folds_by_default(&report.graph);
        insta::assert_snapshot!("mermaid", mermaid::render(&report.graph, fold));
        // A fixed file name keeps the snapshot independent of where the repository lives.
        insta::assert_snapshot!("sarif", sarif::render(&report, "incident.txt"));
    });
}
