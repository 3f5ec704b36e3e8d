//! `service-selector-mismatch`: a Service selects labels no pod carries (or forwards to a
//! port its pods do not listen on), so it routes nowhere.
//!
//! What it finds: a Service whose selector nearly matches the labels of pods that exist (a
//! typo, a renamed label key, a version pinned in the selector) and whose endpoints are
//! `<none>`, while those pods are Ready; or a numeric targetPort no container declares;
//! callers refused or answered 503 / "no healthy upstream".
//! Against it: the Service has endpoints, pods carry every selected label, or the pods it is
//! meant for are not Ready (which empties the endpoints by itself).
//! Why it matters: every pod is Running and Ready, dashboards of the workload are green, and
//! yet nothing reaches it through the Service.

use crate::fact::{EntityId, Predicate};
use crate::infer::claim::{CallFailure, ClaimKind, Claims};
use crate::infer::derive::network::{owner_name, services};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::{and_list, capitalise, ns_flag};

pub const CLASS: &str = "service-selector-mismatch";

/// A Service routing nowhere is uncommon in a random paste.
const PRIOR: f64 = -2.5;
/// The selector nearly matches pods that exist: the typo or stale label itself.
const NEAR_MISS: f64 = 2.4;
/// The Service has no endpoints: what a selector matching nothing produces.
const NO_ENDPOINTS: f64 = 1.6;
/// No pod in the paste carries the selector, though the paste may not show them all.
const MATCHES_NOTHING: f64 = 0.6;
/// The pods the Service is meant for are Ready: readiness cannot explain the empty
/// endpoints, and the process answers on the port it is probed on.
const BACKENDS_READY: f64 = 0.8;
/// The Service forwards to a port on which no container of its pods declares a port or is
/// probed (declaring ports is optional, so this is a strong hint, not proof).
const PORT_MISMATCH: f64 = 1.6;
/// Callers are refused or answered 503 / "no healthy upstream" at the Service.
const CALLERS_FAIL: f64 = 0.8;
/// Callers are refused at a Service whose target port nothing listens on: what that
/// mistake produces.
const REFUSED_AT_WRONG_PORT: f64 = 1.2;
/// Against: the Service has endpoints, so its selector matches Ready pods.
const HAS_ENDPOINTS: f64 = 2.5;
/// Against: pods carry every label the Service selects.
const SELECTOR_MATCHES: f64 = 1.5;
/// Against: the pods are not Ready, which alone keeps them out of the endpoints.
const BACKENDS_NOT_READY: f64 = 1.2;
/// Against, when the selector is also a near miss: unready pods are a second problem.
const BACKENDS_NOT_READY_WITH_MISS: f64 = 0.4;
/// Against the port story: the target port is one the containers declare.
const PORT_MATCHES: f64 = 0.5;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut subjects: Vec<EntityId> = Vec::new();
    for claim in claims.all() {
        if let ClaimKind::SelectorMismatch { service, .. } | ClaimKind::NoEndpoints { service } | ClaimKind::TargetPortMismatch { service, .. } =
            &claim.kind
        {
            if !subjects.contains(service) {
                subjects.push(*service);
            }
        }
    }
    let mut out = Vec::new();
    for service in subjects {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(service);
        let about = |s: &EntityId| *s == service;
        let near_miss = claims.all().iter().any(|c| matches!(&c.kind, ClaimKind::SelectorMismatch { service: s, .. } if about(s)));
        let port_wrong = claims.all().iter().any(|c| matches!(&c.kind, ClaimKind::TargetPortMismatch { service: s, .. } if about(s)));
        for claim in claims.all() {
            match &claim.kind {
                ClaimKind::SelectorMismatch { service: s, .. } if about(s) => finding.support(claim.id, NEAR_MISS),
                ClaimKind::NoEndpoints { service: s } if about(s) => finding.support(claim.id, NO_ENDPOINTS),
                ClaimKind::SelectorMatchesNothing { service: s, .. } if about(s) => finding.support(claim.id, MATCHES_NOTHING),
                ClaimKind::BackendsReady { service: s } if about(s) => finding.support(claim.id, BACKENDS_READY),
                ClaimKind::TargetPortMismatch { service: s, .. } if about(s) => finding.support(claim.id, PORT_MISMATCH),
                ClaimKind::CallFailures { failure: CallFailure::Refused, service: Some(s), .. } if about(s) && port_wrong => {
                    finding.support(claim.id, REFUSED_AT_WRONG_PORT)
                }
                ClaimKind::CallFailures { failure: CallFailure::Refused | CallFailure::Unavailable, service: Some(s), .. } if about(s) => {
                    finding.support(claim.id, CALLERS_FAIL)
                }
                ClaimKind::HasEndpoints { service: s } if about(s) && !port_wrong => finding.contradict(claim.id, HAS_ENDPOINTS),
                ClaimKind::SelectorMatches { service: s, .. } if about(s) && !port_wrong => finding.contradict(claim.id, SELECTOR_MATCHES),
                ClaimKind::BackendsNotReady { service: s } if about(s) => {
                    finding.contradict(claim.id, if near_miss { BACKENDS_NOT_READY_WITH_MISS } else { BACKENDS_NOT_READY })
                }
                ClaimKind::TargetPortMatches { service: s } if about(s) && !near_miss => finding.contradict(claim.id, PORT_MATCHES),
                _ => {}
            }
        }
        finding.wording = words(kb, claims, &finding, service);
        out.push(finding);
    }
    out
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, service: EntityId) -> Wording {
    let supporting = finding.supporting(claims);
    let name = kb.entity(service).name.clone();
    let ns = ns_flag(kb, Some(service));
    let selector = services(kb).into_iter().find(|s| s.id == service).map(|s| s.text());
    let miss = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::SelectorMismatch { target, missing, .. } => Some((*target, missing.clone())),
        _ => None,
    });
    let port = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::TargetPortMismatch { target_port, .. } => Some(target_port.clone()),
        _ => None,
    });
    let no_endpoints = supporting.iter().any(|c| matches!(c.kind, ClaimKind::NoEndpoints { .. }));
    let title = match (&miss, &port) {
        (Some((_, missing)), _) => format!("Service {name} selects `{}`, which no pod carries: it has no endpoints", missing.join(",")),
        (None, Some(port)) => format!("Service {name} forwards to port {port}, which its pods do not listen on"),
        (None, None) => format!("Service {name} has no endpoints"),
    };
    let mut story: Vec<String> = supporting.iter().map(|c| c.statement.clone()).collect();
    if !finding.contradicts.is_empty() {
        let against: Vec<String> = finding.contradicts.iter().map(|(id, _)| claims.get(*id).statement.clone()).collect();
        story.push(format!("but {}", and_list(&against)));
    }
    let summary = format!("{}.", capitalise(&story.join("; ")));

    let mut fixes = Vec::new();
    if let Some((target, _)) = &miss {
        let patch = selector_patch(kb, service, *target);
        fixes.push(format!(
            "Now: point the selector at the labels {} carry: `kubectl {ns}patch service {name} -p '{{\"spec\":{{\"selector\":{{{patch}}}}}}}'` (or relabel the pods, if the Service is right); the endpoints fill as soon as the selector matches Ready pods.",
            owner_name(kb, *target)
        ));
    }
    if let Some(port) = &port {
        let declared = declared_port(kb, claims, finding).unwrap_or_else(|| "<container port>".into());
        fixes.push(format!(
            "Now: forward to the port the containers listen on: `kubectl {ns}patch service {name} --type=json -p '[{{\"op\":\"replace\",\"path\":\"/spec/ports/0/targetPort\",\"value\":{declared}}}]'` (targetPort is {port} today), or name the container port and target it by name."
        ));
    }
    if fixes.is_empty() {
        fixes.push(format!(
            "Now: compare the Service's selector{} with the labels of the pods it should reach (`kubectl {ns}get pods --show-labels`) and fix whichever side is wrong.",
            selector.as_deref().map(|s| format!(" ({s})")).unwrap_or_default()
        ));
    }
    fixes.push(
        "Lasting: fix the selector (and targetPort) in the manifest or chart that renders the Service, derive Service selectors and pod labels from one definition (a Helm `selectorLabels` helper, kustomize `labels`), and alert on Services with no ready endpoints (kube-state-metrics `kube_endpoint_address{ready=\"true\"}` absent or 0).".to_string(),
    );

    let endpoints_pasted = kb.with(Predicate::Endpoints).next().is_some();
    let labels_pasted = kb.with(Predicate::Label).next().is_some() || kb.with(Predicate::TemplateLabel).next().is_some();
    let mut checks = vec![Check::new(format!("kubectl {ns}get endpoints {name}"), NO_ENDPOINTS, !endpoints_pasted && !no_endpoints)];
    if let Some(selector) = &selector {
        checks.push(Check::new(format!("kubectl {ns}get pods -l {selector} --show-labels"), NEAR_MISS, !labels_pasted));
    }
    checks.push(Check::new(format!("kubectl {ns}get pods --show-labels"), NEAR_MISS * 0.5, !labels_pasted));
    if port.is_some() {
        checks.push(Check::new(
            format!("kubectl {ns}get service {name} -o jsonpath='{{.spec.ports}}'; kubectl {ns}get pods -l {} -o jsonpath='{{.items[0].spec.containers[*].ports}}'", selector.as_deref().unwrap_or("<selector>")),
            PORT_MISMATCH,
            false,
        ));
    }
    Wording { title, summary, fixes, checks }
}

/// The selector as a strategic-merge patch body: each selected key set to the value the
/// intended pods carry, keys they do not carry removed (`null`) and replaced by the key
/// that carries the selected value.
fn selector_patch(kb: &Kb<'_>, service: EntityId, target: EntityId) -> String {
    let Some(svc) = services(kb).into_iter().find(|s| s.id == service) else { return String::new() };
    let labels: Vec<(&str, &str)> = kb
        .with(Predicate::TemplateLabel)
        .chain(kb.with(Predicate::Label))
        .filter(|f| f.subject == target)
        .filter_map(|f| f.value.as_pair())
        .collect();
    let mut parts: Vec<String> = Vec::new();
    for (key, value) in svc.pairs() {
        if let Some((_, v)) = labels.iter().find(|(k, _)| *k == key) {
            parts.push(format!("\"{key}\":\"{v}\""));
        } else {
            parts.push(format!("\"{key}\":null"));
            if let Some((k, v)) = labels.iter().find(|(_, v)| *v == value) {
                parts.push(format!("\"{k}\":\"{v}\""));
            }
        }
    }
    parts.join(",")
}

/// The one port the containers declare, from the mismatch claim's evidence.
fn declared_port(kb: &Kb<'_>, claims: &Claims, finding: &Finding) -> Option<String> {
    let claim = finding.supports.iter().map(|(id, _)| claims.get(*id)).find(|c| matches!(c.kind, ClaimKind::TargetPortMismatch { .. }))?;
    let mut ports: Vec<f64> = claim.rests_on.iter().map(|f| kb.fact(*f)).filter(|f| f.predicate == Predicate::Port).filter_map(|f| f.value.as_number()).collect();
    ports.dedup();
    match ports.as_slice() {
        [one] => Some(crate::fact::format_number(*one)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::CLASS;
    use crate::infer::detect::confidence_of;

    const SERVICE: &str = "$ kubectl -n web describe svc cart\nName: cart\nNamespace: web\nSelector: app=cart,track=stable\nType: ClusterIP\nPort: http 80/TCP\nTargetPort: 8080/TCP\nEndpoints: ENDPOINTS\n\n";
    const PODS: &str = "$ kubectl -n web get pods --show-labels\nNAME READY STATUS RESTARTS AGE LABELS\ncart-6d9f8b7c5d-x2k4q RDY Running 0 3h app=cart,track=canary,pod-template-hash=6d9f8b7c5d\n";

    fn paste(endpoints: &str, ready: &str) -> String {
        format!("{}{}", SERVICE.replace("ENDPOINTS", endpoints), PODS.replace("RDY", ready))
    }

    #[test]
    fn a_near_miss_with_no_endpoints_and_ready_pods_is_the_diagnosis() {
        let confidence = confidence_of(&paste("<none>", "1/1"), CLASS).unwrap_or(0.0);
        assert!(confidence >= 0.8, "{confidence}");
    }

    #[test]
    fn endpoints_contradict_a_selector_that_matches_nothing() {
        let empty = confidence_of(&paste("<none>", "1/1"), CLASS).unwrap_or(0.0);
        let routed = confidence_of(&paste("10.8.1.4:8080", "1/1"), CLASS).unwrap_or(0.0);
        assert!(routed < empty && routed < 0.5, "{routed} vs {empty}");
    }

    #[test]
    fn unready_pods_explain_empty_endpoints_better_than_a_matching_selector() {
        let matching = "$ kubectl -n web describe svc cart\nName: cart\nNamespace: web\nSelector: app=cart\nPort: http 80/TCP\nEndpoints: <none>\n\n$ kubectl -n web get pods --show-labels\nNAME READY STATUS RESTARTS AGE LABELS\ncart-6d9f8b7c5d-x2k4q 0/1 Running 0 3h app=cart,pod-template-hash=6d9f8b7c5d\n";
        let confidence = confidence_of(matching, CLASS).unwrap_or(0.0);
        assert!(confidence < 0.2, "{confidence}");
    }
}
