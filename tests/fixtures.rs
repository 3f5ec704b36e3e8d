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

/// The report of every fixture, as the terminal shows it.
#[test]
fn report_of_every_fixture() {
    insta::glob!("../fixtures", "**/*.txt", |path| {
        let paste = std::fs::read_to_string(path).expect("fixtures are UTF-8 text");
        let report = trowel_core::analyze(&paste);
        insta::assert_snapshot!("report", trowel_cli::report_output::text(&report));
    });
}

/// Every namespace a proposed command names (`-n x`, `--namespace x`) is one Kubernetes
/// would accept (a DNS label) or a `<placeholder>`: never a piece of an address or a domain.
/// Commands of other platforms' tools (`aws cloudwatch --namespace AWS/Lambda`) have
/// namespaces of their own and are not checked.
#[test]
fn proposed_commands_name_real_namespaces() {
    let mut bad = Vec::new();
    insta::glob!("../fixtures", "**/*.txt", |path| {
        let paste = std::fs::read_to_string(path).expect("fixtures are UTF-8 text");
        let report = trowel_core::analyze(&paste);
        let commands = report.diagnoses.iter().flat_map(|d| d.checks.iter().chain(&d.fixes));
        for command in commands.filter(|c| c.contains("kubectl") || c.contains("helm ")) {
            let words: Vec<&str> = command.split_whitespace().collect();
            for pair in words.windows(2).filter(|w| matches!(w[0].trim_start_matches('`'), "-n" | "--namespace")) {
                let ns = pair[1].trim_end_matches(['`', ',', ')', ';']);
                let label = !ns.is_empty() && ns.len() <= 63 && ns.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') && ns.bytes().any(|b| b.is_ascii_lowercase());
                if !label && !ns.starts_with('<') && !ns.starts_with('$') {
                    bad.push(format!("{}: {ns:?} in {command}", path.display()));
                }
            }
        }
    });
    assert!(bad.is_empty(), "commands with impossible namespaces:\n{}", bad.join("\n"));
}

/// What each fixture must be diagnosed as. A fixture in a folder named after a catalog class
/// must have that class first (at or above 0.5); one in `healthy/` must have no diagnosis at
/// or above 0.5; a sidecar `<name>.expect` states more, one rule per line:
/// `top <class> <min-confidence>`, `below <class>` (present, ranked under the top),
/// `explained-by <symptom> <cause>`, `absent <class>` (not at or above 0.5), `none`.
#[test]
fn every_fixture_gets_its_expected_diagnosis() {
    let catalog = Some(catalog());
    let mut failures = Vec::new();
    insta::glob!("../fixtures", "**/*.txt", |path| {
        let paste = std::fs::read_to_string(path).expect("fixtures are UTF-8 text");
        let report = trowel_core::analyze(&paste);
        let folder = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or("");
        let mut rules: Vec<String> = Vec::new();
        if folder == "healthy" {
            rules.push("none".into());
        } else if catalog.as_deref().is_some_and(|c| c.contains(&format!("`{folder}`"))) {
            rules.push(format!("top {folder} 0.5"));
        }
        if let Ok(sidecar) = std::fs::read_to_string(path.with_extension("expect")) {
            rules.extend(sidecar.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string));
        }
        for rule in rules {
            if let Err(why) = check_rule(&report, &rule) {
                failures.push(format!("{}: `{rule}`: {why}", path.display()));
            }
        }
    });
    assert!(failures.is_empty(), "fixtures diagnosed wrongly:\n{}", failures.join("\n"));
}

fn check_rule(report: &trowel_core::report::Report, rule: &str) -> Result<(), String> {
    let words: Vec<&str> = rule.split_whitespace().collect();
    let found = |class: &str| report.diagnoses.iter().position(|d| d.class == class);
    let ranking = || report.diagnoses.iter().map(|d| format!("{} {:.2}", d.class, d.confidence)).collect::<Vec<_>>().join(", ");
    match words.as_slice() {
        ["none"] => match report.diagnoses.iter().find(|d| d.confidence >= 0.5) {
            Some(d) => Err(format!("expected no diagnosis >= 0.5, got {} {:.2}", d.class, d.confidence)),
            None => Ok(()),
        },
        ["top", class, min] => {
            let min: f64 = min.parse().map_err(|_| "bad confidence".to_string())?;
            match report.diagnoses.first() {
                Some(d) if d.class == *class && d.confidence >= min => Ok(()),
                _ => Err(format!("ranking is [{}]", ranking())),
            }
        }
        ["below", class] => match found(class) {
            Some(i) if i > 0 => Ok(()),
            _ => Err(format!("ranking is [{}]", ranking())),
        },
        ["absent", class] => match report.diagnoses.iter().find(|d| d.class == *class && d.confidence >= 0.5) {
            Some(d) => Err(format!("{} present at {:.2}", d.class, d.confidence)),
            None => Ok(()),
        },
        ["explained-by", symptom, cause] => match found(symptom).map(|i| &report.diagnoses[i]) {
            Some(d) if d.explained_by.as_deref() == Some(*cause) => Ok(()),
            Some(d) => Err(format!("{symptom} is explained by {:?}", d.explained_by)),
            None => Err(format!("{symptom} missing; ranking is [{}]", ranking())),
        },
        _ => Err("unknown rule".into()),
    }
}

/// The failure-class catalog, from `shared/` next to the checkout (or next to the folder of
/// worktrees). Without it the folder rules could not be checked, so its absence fails.
fn catalog() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find_map(|dir| std::fs::read_to_string(dir.join("shared/CATALOG.md")).ok())
        .expect("shared/CATALOG.md must sit next to the checkout (as on CI)")
}

/// The class ids of the catalog's table, in its order.
fn catalog_classes() -> Vec<String> {
    catalog()
        .lines()
        .filter_map(|line| line.strip_prefix("| `").and_then(|rest| rest.split_once('`')).map(|(id, _)| id.to_string()))
        .collect()
}

fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn pastes_in(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(folder)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Every class of the catalog has a detector that fires on at least three fixtures of its own.
#[test]
fn every_catalog_class_has_at_least_three_fixtures() {
    let classes = catalog_classes();
    assert_eq!(classes.len(), 16, "the catalog's table lists 16 classes");
    for class in classes {
        let count = pastes_in(&fixtures_dir().join(&class)).len();
        assert!(count >= 3, "fixtures/{class}/ has {count} fixtures; every class needs at least 3");
    }
}

/// The README's table of class → fixtures → top-1 correct is measured, not written by hand:
/// this test computes it and fails when the README says otherwise. `UPDATE_README=1 cargo
/// test` writes the measured table into the README (review the diff).
#[test]
fn readme_fixture_table_is_current() {
    let mut table = String::from("| class | fixtures | top-1 correct |\n|---|---|---|\n");
    let top_is = |path: &std::path::Path, class: &str| {
        let paste = std::fs::read_to_string(path).expect("fixtures are UTF-8 text");
        trowel_core::analyze(&paste).diagnoses.first().is_some_and(|d| d.class == class && d.confidence >= 0.5)
    };
    for class in catalog_classes() {
        let pastes = pastes_in(&fixtures_dir().join(&class));
        let right = pastes.iter().filter(|p| top_is(p, &class)).count();
        table.push_str(&format!("| `{class}` | {} | {right} |\n", pastes.len()));
    }
    let mixed = pastes_in(&fixtures_dir().join("mixed"));
    let mixed_right = mixed
        .iter()
        .filter(|p| {
            let top = std::fs::read_to_string(p.with_extension("expect")).ok().and_then(|e| {
                e.lines().find_map(|l| l.strip_prefix("top ").and_then(|r| r.split_whitespace().next()).map(str::to_string))
            });
            top.is_some_and(|class| top_is(p, &class))
        })
        .count();
    table.push_str(&format!("| mixed (two classes compete) | {} | {mixed_right} |\n", mixed.len()));
    let healthy = pastes_in(&fixtures_dir().join("healthy"));
    let quiet = healthy
        .iter()
        .filter(|p| {
            let paste = std::fs::read_to_string(p).expect("fixtures are UTF-8 text");
            trowel_core::analyze(&paste).diagnoses.iter().all(|d| d.confidence < 0.5)
        })
        .count();
    table.push_str(&format!("| healthy (nothing ≥ 0.5) | {} | {quiet} |\n", healthy.len()));

    let readme_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&readme_path).expect("README.md");
    let (start, end) = ("<!-- fixture-table -->\n", "<!-- /fixture-table -->");
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md needs the markers {start:?} and {end:?} around the fixture table");
    };
    let current = &readme[a + start.len()..b];
    if current != table {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{table}{}", &readme[..a + start.len()], &readme[b..]);
            std::fs::write(&readme_path, updated).expect("README.md is writable");
        } else {
            panic!("README's fixture table is out of date; measured:\n{table}\n(run with UPDATE_README=1 to write it)");
        }
    }
}
