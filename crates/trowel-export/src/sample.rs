//! A hand-built report of the first seed (`fixtures/seeds/deploy-that-didnt-deploy.txt`),
//! shaped like the core's (node ids, edge relations, evidence) so the reducer and the graph
//! layout can be tested on a realistic report. Only in tests and behind the `sample` feature
//! (which `trowel-web`'s tests turn on): the app and the exports render real reports.

use trowel_core::report::{Diagnosis, Edge, Evidence, Graph, Node, Report, Stance};

struct Fact {
    id: u32,
    artifact: u32,
    line: u32,
    label: &'static str,
    quote: &'static str,
}

const ARTIFACTS: [(u32, &str, u32, u32); 5] = [
    (1, "$ kubectl rollout history deployment billing-api -n comms", 9, 12),
    (2, "$ kubectl get pods -n comms -l app=billing-api -o jsonpath=…", 20, 22),
    (4, "metrics (lines 24–32)", 24, 32),
    (6, "k8s/overlays/prod/kustomization.yaml", 35, 42),
    (7, "logs (lines 44–46)", 44, 46),
];

const FACTS: [Fact; 9] = [
    Fact { id: 2, artifact: 1, line: 12, label: "billing-api rollout revision: 16 kubectl apply", quote: "16 kubectl apply (2024-11-20T09:15:03Z)" },
    Fact { id: 3, artifact: 2, line: 20, label: "billing-api-6b7f9a8d43-h2k4l image id: sha256:4f1e0d2a…c841", quote: "billing-api-6b7f9a8d43-h2k4l registry.corp.io/billing-api@sha256:4f1e0d2a...c841" },
    Fact { id: 4, artifact: 2, line: 21, label: "billing-api-6b7f9a8d43-m5n8p image id: sha256:4f1e0d2a…c841", quote: "billing-api-6b7f9a8d43-m5n8p registry.corp.io/billing-api@sha256:4f1e0d2a...c841" },
    Fact { id: 5, artifact: 2, line: 22, label: "billing-api-6b7f9a8d43-q1r6s image id: sha256:4f1e0d2a…c841", quote: "billing-api-6b7f9a8d43-q1r6s registry.corp.io/billing-api@sha256:4f1e0d2a...c841" },
    Fact { id: 9, artifact: 4, line: 25, label: "app_build_info version: 2.3.1", quote: "app_build_info{version=\"2.3.1\",commit=\"0a6d3e52\",build_date=\"2024-10-08T14:22:00Z\"} 1" },
    Fact { id: 12, artifact: 4, line: 32, label: "feature_flag_check_total{result=not_found} = 7318", quote: "feature_flag_check_total{flag=\"checkout_v3\",result=\"not_found\"} 7318" },
    Fact { id: 15, artifact: 6, line: 42, label: "registry.corp.io/billing-api new tag: latest", quote: "newTag: latest" },
    Fact { id: 17, artifact: 7, line: 45, label: "payments-billing sync changed: 0 updated", quote: "[2024-11-20T09:15:08Z] argocd | app payments-billing synced to 91c0be77: Sync succeeded. Resources: 0 updated, 3 unchanged" },
    Fact { id: 18, artifact: 7, line: 46, label: "ci-pipeline pushed: billing-api:latest sha256:77ab01cd…f273", quote: "[2024-11-19T16:45:33Z] ci-pipeline | [billing-api] Built and pushed v2.5.0 (commit 5d2c9a0e) -> registry.corp.io/billing-api:latest sha256:77ab01cd...f273" },
];

/// Claims: id, statement, the facts they rest on.
const CLAIMS: [(u32, &str, &[u32]); 5] = [
    (0, "the pods run sha256:4f1e0d2a…c841 but CI pushed sha256:77ab01cd…f273 to the same tag", &[3, 4, 5, 18]),
    (1, "the overlay deploys the mutable tag :latest", &[15]),
    (2, "the last sync updated nothing", &[17]),
    (3, "flag checkout_v3 is missing and the code falls back", &[12]),
    (4, "revision 16 was applied by hand", &[2]),
];

/// Diagnoses: class, confidence, supporting claims, contradicting claims.
const DIAGNOSES: [(&str, f64, &[u32], &[u32]); 3] = [
    ("stale-image-mutable-tag", 0.86, &[0, 1, 2], &[]),
    ("missing-feature-flag", 0.62, &[3], &[]),
    ("gitops-drift", 0.35, &[4], &[2]),
];

fn node(id: String, kind: &str, label: &str, quote: Option<&str>, lines: Option<(u32, u32)>) -> Node {
    Node { id, kind: kind.into(), label: label.into(), quote: quote.map(Into::into), line: lines.map(|l| l.0), line_end: lines.map(|l| l.1) }
}

fn edge(from: String, to: String, relation: &str) -> Edge {
    Edge { from, to, relation: relation.into() }
}

pub fn report() -> Report {
    let mut graph = Graph::default();
    for (id, label, start, end) in ARTIFACTS {
        graph.nodes.push(node(format!("artifact:{id}"), "artifact", label, None, Some((start, end))));
    }
    for fact in &FACTS {
        graph.nodes.push(node(format!("fact:{}", fact.id), "fact", fact.label, Some(fact.quote), Some((fact.line, fact.line))));
        graph.edges.push(edge(format!("fact:{}", fact.id), format!("artifact:{}", fact.artifact), "derived-from"));
    }
    for (id, statement, facts) in CLAIMS {
        graph.nodes.push(node(format!("claim:{id}"), "claim", statement, None, None));
        for fact in facts {
            graph.edges.push(edge(format!("claim:{id}"), format!("fact:{fact}"), "derived-from"));
        }
    }
    let mut diagnoses = Vec::new();
    for (class, confidence, supports, contradicts) in DIAGNOSES {
        let id = format!("diagnosis:{class}");
        graph.nodes.push(node(id.clone(), "diagnosis", &format!("{class} ({:.0}%)", confidence * 100.0), None, None));
        let stances = supports.iter().map(|c| (*c, Stance::Supports)).chain(contradicts.iter().map(|c| (*c, Stance::Contradicts)));
        let mut evidence = Vec::new();
        for (claim, stance) in stances {
            let relation = if stance == Stance::Supports { "supports" } else { "contradicts" };
            graph.edges.push(edge(format!("claim:{claim}"), id.clone(), relation));
            let (_, statement, facts) = CLAIMS[claim as usize];
            for fact in FACTS.iter().filter(|f| facts.contains(&f.id)) {
                evidence.push(Evidence {
                    claim: statement.into(),
                    quote: fact.quote.into(),
                    line: fact.line,
                    line_end: fact.line,
                    stance,
                    claim_id: format!("claim:{claim}"),
                    start: 0,
                    end: fact.quote.len() as u32,
                });
            }
        }
        let fixes = vec![format!("fix the cause of {class}"), format!("keep {class} from coming back")];
        let checks = vec![format!("kubectl describe deploy billing-api -n comms  # {class}")];
        for (n, fix) in fixes.iter().enumerate() {
            let action = format!("action:{class}:fix:{n}");
            graph.nodes.push(node(action.clone(), "action", fix, None, None));
            graph.edges.push(edge(action, id.clone(), "fixes"));
        }
        let check = format!("action:{class}:check:0");
        graph.nodes.push(node(check.clone(), "action", &checks[0], None, None));
        graph.edges.push(edge(check, id.clone(), "checks"));
        diagnoses.push(Diagnosis {
            id,
            class: class.into(),
            title: format!("{class} in comms/billing-api"),
            confidence,
            summary: format!("A summary of {class}."),
            evidence,
            fixes,
            checks,
            explains: Vec::new(),
            explained_by: None,
        });
    }
    diagnoses[0].explains = vec!["missing-feature-flag".into()];
    diagnoses[1].explained_by = Some("stale-image-mutable-tag".into());
    graph.edges.push(edge("diagnosis:stale-image-mutable-tag".into(), "diagnosis:missing-feature-flag".into(), "explains"));
    Report { diagnoses, graph, line_count: 50, ..Report::default() }
}
