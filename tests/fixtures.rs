//! Snapshot tests over every fixture in `fixtures/`: what Trowel reads off each paste.
//!
//! Each `fixtures/<family>/<name>.txt` gets a snapshot of its artifacts and facts (the same
//! text `trowel facts` prints). A change in a snapshot is a change in behaviour: review it
//! with `cargo insta review`, never accept it blindly.

#[test]
fn facts_of_every_fixture() {
    insta::glob!("../fixtures", "**/*.txt", |path| {
        let paste = std::fs::read_to_string(path).expect("fixtures are UTF-8 text");
        let ingest = trowel_core::ingest(&paste);
        insta::assert_snapshot!("facts", trowel_cli::facts_output::text(&paste, &ingest));
    });
}

/// Segmentation tiles the paste and every fact's span lies inside its artifact's body.
#[test]
fn spans_of_every_fixture_are_consistent() {
    insta::glob!("../fixtures", "**/*.txt", |path| {
        let paste = std::fs::read_to_string(path).expect("fixtures are UTF-8 text");
        let ingest = trowel_core::ingest(&paste);
        let mut at = 0;
        for artifact in &ingest.artifacts {
            assert_eq!(artifact.span.start, at, "{}: artifacts must tile the paste", path.display());
            assert!(artifact.span.contains(artifact.body), "{}: body outside its artifact", path.display());
            at = artifact.span.end;
        }
        assert_eq!(at as usize, paste.len(), "{}: artifacts must cover the whole paste", path.display());
        for fact in ingest.facts.all() {
            let artifact = &ingest.artifacts[fact.artifact.0 as usize];
            assert!(artifact.body.contains(fact.span), "{}: fact {:?} quotes text outside its artifact", path.display(), fact);
        }
    });
}
