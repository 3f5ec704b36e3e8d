//! Properties that must hold for any input, checked on generated pastes that mix realistic
//! fragments (prompts, tables, YAML, logs, metrics, JSON, headings) with arbitrary text.

use proptest::prelude::*;
use trowel_core::{analyze, ingest};

/// Pieces of real pastes, so generated inputs exercise every parser and not only the
/// "unknown text" path.
const FRAGMENTS: &[&str] = &[
    "$ kubectl get pods -n shop -o wide\n",
    "NAME READY STATUS RESTARTS AGE\nweb-7d9f8c6b5-x2k4q 0/1 CrashLoopBackOff 7 (2m ago) 1h\n",
    "REVISION CHANGE-CAUSE\n3 kubectl apply (2024-01-01T00:00:00Z)\n",
    "# From: deploy/app.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\nname: cfg\nnamespace: shop\ndata:\nDB_NAME: \"orders_staging\"\n---\n",
    "  image: registry.example/app:latest\n  imagePullPolicy: IfNotPresent\n",
    "[2024-03-01T10:00:00Z] ci | Built and pushed v1.2.0 (commit abc1234) -> registry.example/app:latest sha256:1234abcd...ef01\n",
    "2024-03-01T10:00:05Z ERROR x509: certificate has expired or is not yet valid\n",
    "ts=2024-03-01T10:00:00Z level=warn msg=\"flag 'x' not found, falling back to y\"\n",
    "{\"ts\":\"2024-03-01T10:00:00Z\",\"level\":\"info\",\"msg\":\"ok\"}\n",
    "I0301 10:00:00.000000       1 main.go:10] started\n",
    "# HELP x_total X.\n# TYPE x_total counter\nx_total{status=\"failed\",channel=\"a\"} 10\nx_total{status=\"success\",channel=\"a\"} 1\n",
    "rev{date=\"2024-03-01\"} 100\nrev{date=\"2024-03-02\"} 9\nrev{date=\"2024-03-03\"} 9\n",
    "{\n\"sync\": \"Synced\",\n\"revision\": \"abc\"\n}\n",
    "Artifact 2: Metrics¶\n",
    "## Events\n",
    "```yaml\nkey: [unterminated\n```\n",
    "Name: web-1\nNamespace: shop\nStatus: Running\nEvents:\n  Type Reason Age From Message\n  Warning BackOff 1m kubelet Back-off restarting failed container\n",
    "\n\n",
    "\r\n",
    "\u{200b}zero\u{feff}width\t\ttabs\n",
    "sha256:3e7a9f2b…c841 ¶ 14,293 ‑ ｋubectl\n",
    "What is broken here, and why did nobody notice?\n",
];

fn paste() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[ -~\n]{0,80}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn segmentation_never_loses_or_duplicates_a_byte(text in paste()) {
        let ingest = ingest(&text);
        let mut at = 0u32;
        for artifact in &ingest.artifacts {
            prop_assert_eq!(artifact.span.start, at);
            prop_assert!(artifact.span.contains(artifact.body));
            at = artifact.span.end;
        }
        prop_assert_eq!(at as usize, text.len());
    }

    #[test]
    fn every_span_slices_the_input(text in paste()) {
        let ingest = ingest(&text);
        for fact in ingest.facts.all() {
            prop_assert!(text.get(fact.span.range()).is_some(), "fact span {:?} is not on char boundaries", fact.span);
            let body = ingest.artifacts[fact.artifact.0 as usize].body;
            prop_assert!(body.contains(fact.span));
        }
        for unparsed in &ingest.unparsed {
            prop_assert!(text.get(unparsed.span.range()).is_some());
        }
        let report = analyze(&text);
        for diagnosis in &report.diagnoses {
            for evidence in &diagnosis.evidence {
                prop_assert_eq!(&text[evidence.start as usize..evidence.end as usize], evidence.quote.as_str());
            }
        }
    }

    #[test]
    fn analysis_is_deterministic(text in paste()) {
        let first = serde_json::to_string(&analyze(&text)).unwrap();
        let second = serde_json::to_string(&analyze(&text)).unwrap();
        prop_assert_eq!(first, second);
    }
}
