//! `network-policy-block`: traffic between components is dropped by a NetworkPolicy.
//!
//! What it finds: calls from one component to another timing out ("i/o timeout",
//! "connection timed out", "context deadline exceeded") starting right after a
//! NetworkPolicy was created or changed, and policies on the path whose selectors leave
//! the caller out (ingress at the target, egress at the caller); or, most directly, the
//! CNI's own flow records saying the caller's packets to the target were dropped by policy.
//! Against it: the calls were timing out before the policy changed, or a policy on the path
//! admits the caller.
//! Why it matters: both sides are healthy and Ready; packets are dropped silently, so the
//! caller sees slow timeouts, not errors that name the cause.

use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::infer::claim::{CallFailure, Claim, ClaimKind, Claims};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::{capitalise, ns_flag};

pub const CLASS: &str = "network-policy-block";

/// Policy drops are uncommon in a random paste.
const PRIOR: f64 = -2.5;
/// Calls time out: dropped packets look like this (a refused call got an answer).
const TIMEOUTS: f64 = 0.8;
/// The timeouts began within hours after a NetworkPolicy change.
const AFTER_CHANGE: f64 = 1.6;
/// The policies on the path admit nobody like the caller.
const BLOCKS_CALLER: f64 = 2.2;
/// A policy isolates the target (or caller), whether it admits the other side unknown.
const ISOLATES: f64 = 0.7;
/// The CNI itself reports the caller's flows to the target dropped by policy: no inference
/// needed, though which policy (and what change) is still to be found.
const FLOWS_DROPPED: f64 = 2.8;
/// The dropped flows come from an address no pod in the paste has (outside the cluster, a
/// machine the paste does not show) and no call anywhere times out: a default-deny turning
/// away stray traffic looks like this as much as a block that breaks something.
const FLOWS_FROM_OUTSIDE: f64 = 1.2;
/// A NetworkPolicy was created or changed recently.
const CHANGED: f64 = 0.5;
/// Against: the calls were timing out before the policy changed.
const BEFORE_CHANGE: f64 = 1.5;
/// Against: a policy on the path admits the caller.
const ALLOWS_CALLER: f64 = 1.8;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let policy_claims = claims
        .matching(|k| {
            matches!(
                k,
                ClaimKind::PolicyChanged { .. } | ClaimKind::PolicyBlocksCaller { .. } | ClaimKind::PolicyIsolates { .. } | ClaimKind::FailuresAfterChange { .. }
            )
        })
        .count();
    let timeouts: Vec<&Claim> = claims.matching(|k| matches!(k, ClaimKind::CallFailures { failure: CallFailure::TimedOut, .. })).collect();
    let dropped = claims.matching(|k| matches!(k, ClaimKind::FlowsDroppedByPolicy { .. })).count();
    if dropped == 0 && (policy_claims == 0 || timeouts.is_empty()) {
        return Vec::new();
    }
    let mut finding = Finding::new(CLASS, PRIOR);
    if let Some(main) = timeouts.iter().max_by_key(|c| match c.kind {
        ClaimKind::CallFailures { count, .. } => (count, std::cmp::Reverse(c.id)),
        _ => (0, std::cmp::Reverse(c.id)),
    }) {
        finding.support(main.id, TIMEOUTS);
    }
    let mut subject: Option<(u8, EntityId)> = None;
    let mut prefer = |rank: u8, policy: EntityId| {
        if subject.is_none_or(|(r, _)| rank > r) {
            subject = Some((rank, policy));
        }
    };
    for claim in claims.all() {
        match &claim.kind {
            ClaimKind::PolicyBlocksCaller { policy, .. } => {
                finding.support(claim.id, BLOCKS_CALLER);
                prefer(4, *policy);
            }
            ClaimKind::FailuresAfterChange { policy, .. } => {
                finding.support(claim.id, AFTER_CHANGE);
                prefer(3, *policy);
            }
            ClaimKind::PolicyChanged { policy, .. } => {
                finding.support(claim.id, CHANGED);
                prefer(2, *policy);
            }
            ClaimKind::PolicyIsolates { policy, .. } => {
                finding.support(claim.id, ISOLATES);
                prefer(1, *policy);
            }
            ClaimKind::FlowsDroppedByPolicy { caller, .. } => {
                let outsider = kb.entity(*caller).kind == EntityKind::LogSource && timeouts.is_empty();
                finding.support(claim.id, if outsider { FLOWS_FROM_OUTSIDE } else { FLOWS_DROPPED })
            }
            ClaimKind::FailuresBeforeChange { .. } => finding.contradict(claim.id, BEFORE_CHANGE),
            ClaimKind::PolicyAllowsCaller { .. } => finding.contradict(claim.id, ALLOWS_CALLER),
            _ => {}
        }
    }
    finding.subject = subject.map(|(_, p)| p);
    finding.wording = words(kb, claims, &finding);
    vec![finding]
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding) -> Wording {
    let supporting = finding.supporting(claims);
    let policy = finding.subject.map(|p| kb.entity(p).name.clone()).unwrap_or_else(|| "<policy>".into());
    // The failed call, else the flow the network dropped (its target as the CNI printed it).
    let call = supporting
        .iter()
        .find_map(|c| match &c.kind {
            ClaimKind::CallFailures { target, caller, service, .. } => Some((target.clone(), *caller, *service)),
            _ => None,
        })
        .or_else(|| {
            supporting.iter().find_map(|c| match &c.kind {
                ClaimKind::FlowsDroppedByPolicy { caller, target, .. } => Some((Some(target.clone()), Some(*caller), None)),
                _ => None,
            })
        });
    let flows_dropped = supporting.iter().any(|c| matches!(c.kind, ClaimKind::FlowsDroppedByPolicy { .. }));
    let target = call.as_ref().and_then(|(t, _, _)| t.clone()).unwrap_or_else(|| "the service".into());
    let caller = call.as_ref().and_then(|(_, c, _)| *c);
    let caller_name = caller.map(|c| kb.entity(c).name.clone()).unwrap_or_else(|| "the caller".into());
    let blocked = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::PolicyBlocksCaller { egress, peer_labels, .. } => Some((*egress, peer_labels.clone())),
        _ => None,
    });
    let egress = blocked.as_ref().map(|(e, _)| *e).or_else(|| {
        supporting.iter().find_map(|c| match &c.kind {
            ClaimKind::PolicyIsolates { egress, .. } => Some(*egress),
            _ => None,
        })
    });
    // Commands run where the policy is, else where the target or the caller is.
    let target_ns = call.as_ref().and_then(|(_, _, s)| s.and_then(|s| kb.entity(s).namespace.clone())).or_else(|| target_namespace(&target).map(str::to_string));
    let namespace = finding
        .subject
        .and_then(|p| kb.entity(p).namespace.clone())
        .or(target_ns)
        .or_else(|| caller.and_then(|c| kb.entity(c).namespace.clone()));
    let ns = match &namespace {
        Some(ns) => format!("-n {ns} "),
        None => ns_flag(kb, finding.subject),
    };
    let from = caller.map(|c| format!(" from {}", kb.entity(c).name)).unwrap_or_default();
    let title = match blocked {
        Some(_) => format!("NetworkPolicy {policy} drops traffic{from} to {target}"),
        None if flows_dropped && finding.subject.is_none() => format!("Network policy drops traffic{from} to {target}"),
        None => format!("Calls{from} to {target} time out since NetworkPolicy {policy} changed"),
    };
    let mut story: Vec<String> = supporting.iter().map(|c| c.statement.clone()).collect();
    for (id, _) in &finding.contradicts {
        story.push(format!("but {}", claims.get(*id).statement));
    }
    let summary = format!("{}.", capitalise(&story.join("; ")));

    let short_target = target.split('.').next().unwrap_or(&target).to_string();
    let port = port_of(kb, claims, finding).unwrap_or_else(|| "<port>".into());
    // The peer the rule must admit: the labels the claim found, else the caller's pods'
    // labels (ingress) or the target's namespace (egress).
    let mut peer_labels: Vec<String> = blocked.as_ref().map(|(_, l)| l.iter().map(|(k, v)| format!("{k}: {v}")).collect()).unwrap_or_default();
    if peer_labels.is_empty() && egress != Some(true) {
        peer_labels = caller.map(|c| labels_of(kb, c)).unwrap_or_default();
    }
    // A caller in another namespace than the policy is admitted through its namespace too:
    // a bare podSelector only admits pods of the policy's own namespace.
    let caller_ns = caller.and_then(|c| kb.entity(c).namespace.clone());
    let foreign_caller = caller_ns.as_ref().filter(|c| egress != Some(true) && namespace.as_ref().is_some_and(|n| n != *c));
    let peer = if let Some(caller_ns) = foreign_caller {
        let pods = if peer_labels.is_empty() { String::new() } else { format!(", podSelector: {{matchLabels: {{{}}}}}", peer_labels.join(", ")) };
        Some(format!("{{namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: {caller_ns}}}}}{pods}}}"))
    } else if !peer_labels.is_empty() {
        Some(format!("{{podSelector: {{matchLabels: {{{}}}}}}}", peer_labels.join(", ")))
    } else if egress == Some(true) {
        target_namespace(&target).map(|ns| format!("{{namespaceSelector: {{matchLabels: {{kubernetes.io/metadata.name: {ns}}}}}}}"))
    } else {
        None
    };
    let all_pods = finding.subject.is_some_and(|p| kb.about(p, Predicate::Selector).any(|f| f.value.as_pair() == Some(("*", "*"))));
    let rule = match (egress == Some(true), &peer) {
        (true, Some(peer)) => format!("an egress rule `to: [{peer}]` on port {port} (and one to kube-dns on port 53, if lookups fail too)"),
        (true, None) => format!("an egress rule to the pods of {short_target} (and one to kube-dns on port 53, if lookups fail too)"),
        (false, Some(peer)) => format!("an ingress rule `from: [{peer}]`"),
        (false, None) => format!("an ingress rule admitting the pods of {caller_name}"),
    };
    let now = if all_pods {
        let whose = if egress == Some(true) { caller_name.clone() } else { short_target.clone() };
        // A file name has no spaces: an unnamed caller is `callers`.
        let file_caller = caller.map_or("callers", |c| kb.entity(c).name.as_str());
        format!("Now: keep the default deny {policy} and add a NetworkPolicy that selects the pods of {whose} with {rule} (`kubectl {ns}apply -f allow-{file_caller}-to-{short_target}.yaml`), or delete {policy} until the allow rules are in place.")
    } else {
        format!("Now: add {rule} to NetworkPolicy {policy} (`kubectl {ns}edit networkpolicy {policy}`), or re-apply its previous version if this change was not meant to cut {caller_name} off.")
    };
    let fixes = vec![
        now,
        "Lasting: keep each service's allowed callers in git next to the service, review policy changes with a connectivity test between the real callers and targets before rollout (e.g. `kubectl exec … -- nc -vz` in a staging run, or the CNI's audit/staged-policy mode), and alert on timeouts between components after policy changes.".to_string(),
    ];
    let rules_pasted = kb.with(Predicate::AllowsFrom).next().is_some() || kb.with(Predicate::PolicyType).next().is_some();
    let labels_pasted = kb.with(Predicate::Label).next().is_some() || kb.with(Predicate::TemplateLabel).next().is_some();
    let mut checks = vec![
        Check::new(format!("kubectl {ns}get networkpolicy -o yaml"), BLOCKS_CALLER, !rules_pasted),
        Check::new(format!("kubectl {ns}get pods --show-labels"), BLOCKS_CALLER * 0.5, !labels_pasted),
    ];
    let caller_kind = caller.map(|c| kb.entity(c).kind.clone());
    let probe = match (caller_kind, &blocked) {
        (Some(kind @ (EntityKind::Deployment | EntityKind::StatefulSet | EntityKind::DaemonSet)), _) => {
            let caller_ns = caller_ns.as_ref().map_or_else(|| ns.clone(), |c| format!("-n {c} "));
            Some(format!("kubectl {caller_ns}exec {}/{caller_name} -- nc -vz -w 3 {target} {port}   # times out while the policy drops it", kind.kubectl_name()))
        }
        (_, Some((false, labels))) if !labels.is_empty() => {
            let labels: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            Some(format!(
                "kubectl {ns}run np-probe --rm -it --restart=Never --image=busybox:1.36 --labels={} -- nc -vz -w 3 {target} {port}   # a pod labelled like the caller",
                labels.join(",")
            ))
        }
        _ => None,
    };
    if let Some(probe) = probe {
        checks.push(Check::new(probe, AFTER_CHANGE, true));
    }
    checks.push(Check::new(format!("kubectl {ns}describe networkpolicy {policy}"), ISOLATES, !rules_pasted));
    Wording { title, summary, fixes, checks }
}

/// `k: v` pairs of the caller's pods (its template's, else its pods' own), for a rule that
/// admits them.
fn labels_of(kb: &Kb<'_>, caller: EntityId) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for fact in kb.with(Predicate::TemplateLabel).chain(kb.with(Predicate::Label)) {
        let owner = kb.workload_of(fact.subject).unwrap_or(fact.subject);
        let Some((k, v)) = fact.value.as_pair() else { continue };
        if owner != caller || k.ends_with("-hash") || k.contains("pod-name") {
            continue;
        }
        let text = format!("{k}: {v}");
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out.truncate(2);
    out
}

/// The port the failing calls were aimed at, when a line says.
fn port_of(kb: &Kb<'_>, claims: &Claims, finding: &Finding) -> Option<String> {
    let spans: Vec<_> = finding
        .supports
        .iter()
        .map(|(id, _)| claims.get(*id))
        .filter(|c| matches!(c.kind, ClaimKind::CallFailures { .. }))
        .flat_map(|c| c.rests_on.iter().map(|f| kb.fact(*f).span))
        .collect();
    kb.with(Predicate::ConnectsTo).filter(|f| spans.contains(&f.span)).find_map(|f| match &f.value {
        Value::Address(a) => a.port.map(|p| p.to_string()),
        _ => None,
    })
}

/// The namespace a called host names (`api.shop`, `api.shop.svc.cluster.local`); none for an
/// address (`10.42.33.17`) or an outside domain.
fn target_namespace(target: &str) -> Option<&str> {
    let host = target.rsplit_once(':').map_or(target, |(host, _)| host);
    crate::infer::derive::network::service_host(host).and_then(|(namespace, _)| namespace)
}

#[cfg(test)]
mod tests {
    use super::CLASS;

    #[test]
    fn a_called_address_names_no_namespace() {
        assert_eq!(super::target_namespace("10.42.33.17"), None);
        assert_eq!(super::target_namespace("api.shop.svc.cluster.local:8080"), Some("shop"));
        assert_eq!(super::target_namespace("redis.cache"), Some("cache"));
    }
    use crate::infer::detect::confidence_of;

    /// A policy on `api` created at 10:00 admitting `allowed`, and `worker` timing out
    /// calling it from `first` on.
    fn paste(allowed: &str, first: &str) -> String {
        format!(
            "$ kubectl -n shop describe networkpolicy api-ingress\nName: api-ingress\nNamespace: shop\nCreated on: 2025-03-01 10:00:00 +0000 UTC\nSpec:\n  PodSelector: app=api\n  Allowing ingress traffic:\n    To Port: 8080/TCP\n    From:\n      PodSelector: app={allowed}\n  Policy Types: Ingress\n\n\
$ kubectl -n shop get pods --show-labels\nNAME READY STATUS RESTARTS AGE LABELS\napi-7c9d8b6f5-k2x8m 1/1 Running 0 2d app=api,pod-template-hash=7c9d8b6f5\nworker-5f6d7c8b9-q4w2e 1/1 Running 0 2d app=worker,pod-template-hash=5f6d7c8b9\n\n\
$ kubectl -n shop logs deploy/worker\n{first} ERROR sync failed: Get \"http://api.shop.svc.cluster.local:8080/v1/items\": dial tcp 10.96.3.4:8080: i/o timeout\n2025-03-01T10:20:00Z ERROR sync failed: Get \"http://api.shop.svc.cluster.local:8080/v1/items\": dial tcp 10.96.3.4:8080: i/o timeout\n"
        )
    }

    #[test]
    fn drops_from_an_address_outside_the_paste_with_nothing_failing_are_weak() {
        let drop = |from: &str| format!("$ hubble observe --namespace site --verdict DROPPED -o compact\nMar 10 09:51:18.402: {from} -> site/paywall-6b9c7d8f5-j2xnm:9100 (ID:22817) policy-verdict:none INGRESS DENIED (TCP Flags: SYN)\n");
        let outside = confidence_of(&drop("10.90.40.201:51122 (world)"), CLASS).unwrap_or(0.0);
        let pod = confidence_of(&drop("site/edge-7f6d5c8b9-2mlq4:51122 (ID:48211)"), CLASS).unwrap_or(0.0);
        assert!(outside < 0.5 && outside < pod, "{outside} vs {pod}");
    }

    #[test]
    fn timeouts_right_after_a_policy_that_leaves_the_caller_out() {
        let confidence = confidence_of(&paste("frontend", "2025-03-01T10:02:00Z"), CLASS).unwrap_or(0.0);
        assert!(confidence >= 0.9, "{confidence}");
    }

    #[test]
    fn timeouts_before_the_change_weaken_the_story() {
        let after = confidence_of(&paste("frontend", "2025-03-01T10:02:00Z"), CLASS).unwrap_or(0.0);
        let before = confidence_of(&paste("frontend", "2025-03-01T09:10:00Z"), CLASS).unwrap_or(0.0);
        assert!(before < after, "{before} vs {after}");
    }

    #[test]
    fn a_policy_that_admits_the_caller_contradicts() {
        let excluded = confidence_of(&paste("frontend", "2025-03-01T10:02:00Z"), CLASS).unwrap_or(0.0);
        let admitted = confidence_of(&paste("worker", "2025-03-01T10:02:00Z"), CLASS).unwrap_or(0.0);
        assert!(admitted < 0.5 && admitted < excluded, "{admitted} vs {excluded}");
    }

    /// A target in namespace `cache` behind a default-deny (its rules not pasted) and an
    /// allow for namespaces labelled `tier=backend`; the caller, in `jobs`, dials the
    /// Service's cluster address. `caller_tier` is the caller namespace's `tier` label.
    fn cross_namespace(caller_tier: &str) -> String {
        format!(
            "$ kubectl -n cache get svc\nNAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE\nqueue ClusterIP 10.96.44.12 <none> 6379/TCP 290d\n\n\
$ kubectl -n cache get networkpolicy\nNAME POD-SELECTOR AGE\ndefault-deny-ingress <none> 73m\n\n\
$ kubectl -n cache get networkpolicy allow-backend -o yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-backend\n  namespace: cache\nspec:\n  podSelector: {{}}\n  policyTypes:\n  - Ingress\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          tier: backend\n\n\
$ kubectl get ns jobs --show-labels\nNAME STATUS AGE LABELS\njobs Active 2y kubernetes.io/metadata.name=jobs,tier={caller_tier}\n\n\
$ kubectl -n jobs logs deploy/worker\n2025-03-06T11:43:12Z ERROR poll failed: dial tcp 10.96.44.12:6379: i/o timeout\n2025-03-06T11:50:12Z ERROR poll failed: dial tcp 10.96.44.12:6379: i/o timeout\n"
        )
    }

    #[test]
    fn a_call_to_a_cluster_address_outside_the_admitted_namespaces_is_blocked() {
        let paste = cross_namespace("workers");
        let report = crate::analyze(&paste);
        let top = report.diagnoses.first().expect("a diagnosis");
        assert_eq!(top.class.as_str(), CLASS);
        assert!(top.confidence >= 0.9, "{}", top.confidence);
        // The address is read back to its Service, and the exec runs where the caller is.
        assert!(top.title.contains("queue.cache"), "{}", top.title);
        assert!(top.checks.iter().any(|c| c.starts_with("kubectl -n jobs exec deployment/worker")), "{:?}", top.checks);
        // The fix admits the caller's namespace: a bare podSelector would not.
        assert!(top.fixes[0].contains("kubernetes.io/metadata.name: jobs"), "{}", top.fixes[0]);
    }

    #[test]
    fn a_caller_namespace_with_the_admitted_label_is_let_through() {
        let blocked = confidence_of(&cross_namespace("workers"), CLASS).unwrap_or(0.0);
        let admitted = confidence_of(&cross_namespace("backend"), CLASS).unwrap_or(0.0);
        assert!(admitted < blocked, "{admitted} vs {blocked}");
    }

    #[test]
    fn timeouts_without_any_network_policy_are_not_this_class() {
        let logs = "$ kubectl -n shop logs deploy/worker\n2025-03-01T10:02:00Z ERROR sync failed: dial tcp 10.96.3.4:8080: i/o timeout\n";
        assert_eq!(confidence_of(logs, CLASS), None);
    }
}
