//! `unschedulable`: pods cannot be placed on any node — not enough cpu or memory, taints
//! they do not tolerate, a node selector or affinity no node matches, or a quota that
//! refuses them.
//!
//! What it finds: FailedScheduling events and PodScheduled=False with the scheduler's
//! reasons ("0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated
//! taint …"), Pending pods, and `exceeded quota` refusals.
//! Against it: the pod was assigned to a node (a Scheduled event, a node name, container
//! states), the scheduler stopped reporting it long ago, or it waits for its image
//! (Pending because of a pull failure is not a scheduling problem), or the rollout finished.
//! Why it matters: the new pods never start and nothing crashes, so it is easy to miss.

use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::pods::{by_unit, names, unit, Seen};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::{and_list, capitalise};

pub const CLASS: &str = "unschedulable";

/// Pending pods are common in passing; a real placement failure needs the scheduler's word.
const PRIOR: f64 = -2.0;
/// The scheduler says no node fits, and why.
const SCHEDULING_FAILED: f64 = 3.0;
/// A ResourceQuota refuses the pods.
const QUOTA: f64 = 3.0;
/// The pod is Pending with PodScheduled=False.
const PENDING_UNSCHEDULED: f64 = 1.4;
/// The pod is Pending, for a reason not stated.
const PENDING: f64 = 0.6;
/// The same pod was assigned to a node.
const SCHEDULED: f64 = 2.0;
/// Every pod the scheduler could not place was assigned to a node since: a pod is placed
/// only once, so its failures are history (a wait for a node to scale up, a moment's
/// squeeze), not what is wrong now.
const ALL_PLACED: f64 = 3.5;
/// The scheduler stopped reporting the pod long ago and nothing shows it Pending now: it
/// retries a pod it cannot place every five minutes at most, so the pod was placed (a new
/// node came up, room was freed) or deleted.
const STOPPED: f64 = 2.0;
/// The pod waits for its image, not for a node.
const PULL_FAILING: f64 = 2.0;
/// The rollout finished: every new replica became available.
const ROLLED_OUT: f64 = 1.5;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut out = Vec::new();
    let trigger = |k: &ClaimKind| matches!(k, ClaimKind::SchedulingFailed { .. } | ClaimKind::QuotaExceeded { .. } | ClaimKind::PodPending { .. });
    for (unit, about) in by_unit(kb, claims, trigger) {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(unit);
        let waiting: Vec<EntityId> = about.iter().filter(|c| trigger(&c.kind)).filter_map(|c| c.subject).collect();
        let failed = about.iter().any(|c| matches!(c.kind, ClaimKind::SchedulingFailed { .. }));
        let placed: Vec<EntityId> = about.iter().filter(|c| matches!(c.kind, ClaimKind::PodScheduled)).filter_map(|c| c.subject).collect();
        let scheduled = if waiting.iter().all(|pod| placed.contains(pod)) { ALL_PLACED } else { SCHEDULED };
        let (mut pro, mut con) = (Seen::default(), Seen::default());
        for claim in &about {
            let same_pod = claim.subject.is_some_and(|s| waiting.contains(&s));
            match &claim.kind {
                ClaimKind::SchedulingFailed { .. } => finding.support(claim.id, pro.weight("failed", SCHEDULING_FAILED)),
                ClaimKind::QuotaExceeded { .. } => finding.support(claim.id, pro.weight("quota", QUOTA)),
                ClaimKind::PodPending { unscheduled: true } => finding.support(claim.id, pro.weight("unscheduled", PENDING_UNSCHEDULED)),
                // A plain Pending adds little once the scheduler has said why.
                ClaimKind::PodPending { unscheduled: false } if !failed => finding.support(claim.id, pro.weight("pending", PENDING)),
                ClaimKind::PodScheduled if same_pod => finding.contradict(claim.id, con.weight("scheduled", scheduled)),
                ClaimKind::FailuresStopped { .. } if same_pod => finding.contradict(claim.id, con.weight("stopped", STOPPED)),
                ClaimKind::ImagePullFailing { .. } if same_pod => finding.contradict(claim.id, con.weight("pull", PULL_FAILING)),
                ClaimKind::WorkloadAvailable { rolled_out: true } => finding.contradict(claim.id, ROLLED_OUT),
                _ => {}
            }
        }
        finding.wording = words(kb, claims, &finding, unit);
        out.push(finding);
    }
    out
}

/// What stops placement, from the scheduler's reasons, in the order to fix them: a quota
/// refuses every pod; nodes a pod targets on purpose (its selector matches them) are the
/// ones whose capacity or taints matter; a selector mismatch or a control-plane taint on
/// the other nodes is usually by design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Blocker {
    Quota,
    Resources,
    Taint,
    Cordoned,
    Volume,
    Selector,
    Other,
    ControlPlane,
}

fn blocker(reason: &str) -> Blocker {
    let lower = reason.to_ascii_lowercase();
    // The autoscaler's `max node group size reached`: the group that fits is full, so
    // capacity is what is missing.
    // Nomad: `Resources exhausted on 3 nodes`, `Dimension "memory" exhausted on 2 nodes`;
    // a job's `Constraint "…"` is what a node selector is to a pod, and so is Swarm's
    // `scheduling constraints not satisfied on 5 nodes`.
    if lower.contains("insufficient") || lower.contains("too many pods") || lower.contains("max node group size") || lower.contains(" exhausted on ") {
        Blocker::Resources
    } else if lower.contains("taint") && (lower.contains("control-plane") || lower.contains("node-role.kubernetes.io/master")) {
        Blocker::ControlPlane
    } else if lower.contains("taint") {
        Blocker::Taint
    } else if lower.contains("affinity") || lower.contains("selector") || lower.starts_with("constraint ") || lower.contains("constraints not satisfied") {
        Blocker::Selector
    } else if lower.contains("unschedulable") {
        Blocker::Cordoned
    } else if lower.contains("volume") || lower.contains("persistentvolumeclaim") {
        Blocker::Volume
    } else {
        Blocker::Other
    }
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, of: EntityId) -> Wording {
    let supporting = finding.supporting(claims);
    let n = names(kb, of, &supporting);
    let ns = &n.ns;
    let reasons: Vec<String> = supporting
        .iter()
        .flat_map(|c| match &c.kind {
            ClaimKind::SchedulingFailed { reasons } => reasons.clone(),
            _ => Vec::new(),
        })
        .fold(Vec::new(), |mut acc, r| {
            if !acc.contains(&r) {
                acc.push(r);
            }
            acc
        });
    let quota = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::QuotaExceeded { quota } => Some(quota.clone()),
        _ => None,
    });
    let mut blockers: Vec<Blocker> = reasons.iter().map(|r| blocker(r)).collect();
    if quota.is_some() {
        blockers.push(Blocker::Quota);
    }
    crate::sort::natural(&mut blockers);
    blockers.dedup();
    let first = blockers.first().copied().unwrap_or(Blocker::Other);
    let title = match (&quota, reasons.is_empty()) {
        (Some(q), _) => format!("{} cannot create pods: ResourceQuota {q} is exhausted", n.target),
        (None, false) => format!("{} cannot be scheduled: {}", n.target, and_list(&reasons)),
        (None, true) => format!("{} is stuck Pending", n.target),
    };
    let mut story: Vec<String> = supporting.iter().map(|c| c.statement.clone()).collect();
    story.dedup();
    story.truncate(3);
    if !finding.contradicts.is_empty() {
        story.push(format!(
            "but {}",
            finding.contradicts.iter().map(|(id, _)| claims.get(*id).statement.clone()).collect::<Vec<_>>().join("; ")
        ));
    }
    let summary = format!("{}.", capitalise(&story.join("; ")));

    let pod = n.pod_or_placeholder();
    let pod_id = supporting.iter().filter_map(|c| c.subject).find(|s| kb.entity(*s).name == pod);
    let selector = pod_id.and_then(|p| kb.about(p, Predicate::NodeSelector).find_map(|f| f.value.as_text().map(str::to_string)));
    let taint = reasons.iter().filter(|r| blocker(r) == Blocker::Taint).find_map(|r| taint_in(r));
    let target = n.workload.as_ref().map(|(k, w)| format!("{k}/{w}")).unwrap_or_else(|| format!("pod/{pod}"));
    let container = n.container.clone().unwrap_or_else(|| "<container>".into());
    let now = match first {
        Blocker::Quota => format!(
            "Now: free or raise quota {}: `kubectl {ns}describe resourcequota {}` shows used/hard; lower the pods' requests or raise `spec.hard` for what they need.",
            quota.clone().unwrap_or_default(),
            quota.clone().unwrap_or_default()
        ),
        Blocker::Resources => format!(
            "Now: make the pods fit — lower their requests{} (`kubectl {ns}set resources {target} -c {container} --requests=cpu=<less>,memory=<less>`) or add capacity (raise the node group's max size / add a node).",
            requests(kb, of).map(|r| format!(" ({r} per pod now)")).unwrap_or_default()
        ),
        Blocker::Taint => match &taint {
            Some(t) => format!("Now: add a toleration for `{t}` to {target}'s pod template if it belongs on those nodes — or remove a taint left behind by mistake (`kubectl taint nodes <node> {}-`).", t.split(['=', ':']).next().unwrap_or(t)),
            None => format!("Now: add the toleration {target} needs for the tainted nodes, or remove a taint left behind by mistake."),
        },
        Blocker::Selector => match &selector {
            Some(s) => format!("Now: no node carries `{s}`: label the intended nodes (`kubectl label node <node> {s}`) or fix the nodeSelector/affinity of {target}."),
            None => format!("Now: fix the nodeSelector/affinity of {target} to labels nodes really carry, or label the intended nodes."),
        },
        Blocker::Cordoned => {
            let cordoned = cordoned_nodes(kb);
            let node = cordoned.first().cloned().unwrap_or_else(|| "<node>".into());
            format!(
                "Now: uncordon {} once it is fit (`kubectl uncordon {node}`) — the other nodes are ruled out for this pod — or add a node where it can run.",
                if cordoned.is_empty() { "the cordoned node".to_string() } else { and_list(&cordoned) }
            )
        }
        Blocker::Volume => format!("Now: make the pod's volumes bindable — check its PersistentVolumeClaims (`kubectl {ns}get pvc`) and their zone."),
        Blocker::Other | Blocker::ControlPlane => format!("Now: read the scheduler's reason in `kubectl {ns}describe pod {pod}` and free what it asks for."),
    };
    let fixes = vec![
        now,
        "Lasting: set requests from observed usage, let the cluster autoscaler add nodes for every node pool the workload may use (check its max size), and keep nodeSelectors, tolerations and quotas in the same change as the workload that needs them.".into(),
    ];
    let quota_pasted = kb.with(Predicate::Quota).next().is_some();
    let mut checks = Vec::new();
    if let Some(q) = &quota {
        checks.push(Check::new(format!("kubectl {ns}describe resourcequota {q}"), QUOTA * 0.3, !quota_pasted));
        checks.push(Check::new(format!("kubectl {ns}get {target} -o jsonpath='{{.spec.template.spec.containers[*].resources}}'"), QUOTA * 0.3, true));
    } else {
        checks.push(Check::new(format!("kubectl {ns}describe pod {pod}"), SCHEDULING_FAILED, reasons.is_empty()));
        checks.push(Check::new("kubectl describe nodes | grep -E -A6 'Taints:|Allocated resources:'".to_string(), SCHEDULING_FAILED * 0.3, true));
        if let Some(s) = &selector {
            checks.push(Check::new(format!("kubectl get nodes -L {}", s.split('=').next().unwrap_or(s)), PENDING_UNSCHEDULED, true));
        }
        checks.push(Check::new(format!("kubectl {ns}describe resourcequota"), QUOTA * 0.2, !quota_pasted));
    }
    Wording { title, summary, fixes, checks }
}

/// Nodes the paste shows cordoned (`Ready,SchedulingDisabled`).
fn cordoned_nodes(kb: &Kb<'_>) -> Vec<String> {
    kb.with(Predicate::Status)
        .filter(|f| kb.entity(f.subject).kind == EntityKind::Node && f.value.as_text().is_some_and(|t| t.contains("SchedulingDisabled")))
        .map(|f| kb.entity(f.subject).name.clone())
        .collect()
}

/// The cpu and memory a unit's containers request, as written (`cpu 6, memory 8Gi`).
fn requests(kb: &Kb<'_>, of: EntityId) -> Option<String> {
    let mut parts = Vec::new();
    for (predicate, name) in [(Predicate::CpuRequest, "cpu"), (Predicate::MemoryRequest, "memory")] {
        if let Some(Value::Quantity(q)) = kb.with(predicate).find(|f| unit(kb, f.subject) == of).map(|f| &f.value) {
            parts.push(format!("{name} {}", q.text));
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The taint in `1 node(s) had untolerated taint {dedicated: batch}`, as `dedicated=batch`.
fn taint_in(reason: &str) -> Option<String> {
    let start = reason.find('{')? + 1;
    let end = start + reason[start..].find('}')?;
    let (key, value) = reason[start..end].split_once(':')?;
    let value = value.trim();
    Some(if value.is_empty() { key.trim().to_string() } else { format!("{}={value}", key.trim()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_what_blocks() {
        assert_eq!(blocker("3 Insufficient cpu"), Blocker::Resources);
        assert_eq!(blocker("1 node(s) had untolerated taint {dedicated: batch}"), Blocker::Taint);
        assert_eq!(blocker("2 node(s) didn't match Pod's node affinity/selector"), Blocker::Selector);
        assert_eq!(blocker("1 max node group size reached"), Blocker::Resources);
        assert_eq!(blocker("scheduling constraints not satisfied on 5 nodes"), Blocker::Selector);
        assert_eq!(blocker("1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"), Blocker::ControlPlane);
        // The nodes a pod targets decide: their taint or capacity comes before the selector
        // that rules the other nodes out.
        assert!(Blocker::Taint < Blocker::Selector && Blocker::Resources < Blocker::ControlPlane);
        assert_eq!(taint_in("1 node(s) had untolerated taint {dedicated: batch}").as_deref(), Some("dedicated=batch"));
        assert_eq!(taint_in("1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }").as_deref(), Some("node-role.kubernetes.io/control-plane"));
    }

    /// The unschedulable diagnosis of a paste.
    fn confidence(paste: &str) -> f64 {
        crate::analyze(paste).diagnoses.iter().find(|d| d.class == CLASS).map_or(0.0, |d| d.confidence)
    }

    #[test]
    fn a_pod_placed_after_its_failures_is_history() {
        let events = "$ kubectl get events -n geo\nLAST SEEN   TYPE      REASON             OBJECT                     MESSAGE\n\
51s         Warning   FailedScheduling   pod/tiles-66f4c8d7b9-x8n4f   0/4 nodes are available: 4 Insufficient cpu.\n";
        let placed = format!("{events}34s         Normal    Scheduled          pod/tiles-66f4c8d7b9-x8n4f   Successfully assigned geo/tiles-66f4c8d7b9-x8n4f to node-a\n");
        let other_waits = format!("{placed}40s         Warning   FailedScheduling   pod/tiles-66f4c8d7b9-q2l9d   0/4 nodes are available: 4 Insufficient cpu.\n");
        let (waiting, resolved, partly) = (confidence(events), confidence(&placed), confidence(&other_waits));
        assert!(resolved < 0.15, "the only pod that waited was placed: {resolved}");
        assert!(resolved < partly && partly < waiting, "{resolved} < {partly} < {waiting}");
    }
}
