//! `capacity-saturation`: the workload is at its scaling ceiling while load grows.
//!
//! What it finds: an autoscaler at its maximum replicas with its metric above target, CPU
//! throttling or usage at the limit, connection pools and queues that ran out, requests
//! timing out. Against it: an autoscaler with room to add pods, metrics under target —
//! unless the pods run out of CPU and the autoscaler does not scale on CPU at all: then its
//! headroom is the explanation, not a contradiction.
//! Why it matters: every extra request now waits or fails; restarts and probe failures
//! follow, and fixing them one by one does not help while the ceiling stays where it is.

use crate::entity_map::EntityMap;
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::infer::claim::{Claim, ClaimKind, Claims};
use crate::infer::derive::images::names_overlap;
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::{capitalise, ns_flag, selector};

pub const CLASS: &str = "capacity-saturation";

/// Saturation is a common incident, but needs a mechanism in view.
const PRIOR: f64 = -2.5;
/// The autoscaler runs at its maximum replicas.
const AT_CEILING: f64 = 1.8;
/// Its metric is above target: it would add pods if it could.
const LOAD_ABOVE_TARGET: f64 = 1.2;
/// Containers are CPU-throttled.
const THROTTLED: f64 = 1.2;
/// CPU usage is at the limit.
const NEAR_LIMIT: f64 = 0.9;
/// A connection pool, connection slots or a queue ran out.
const EXHAUSTED: f64 = 1.4;
/// Requests time out: common to many causes, so weak alone.
const TIMEOUTS: f64 = 0.5;
/// The autoscaler can still add pods.
const HEADROOM: f64 = 2.0;
/// Every metric is under target.
const BELOW_TARGET: f64 = 1.0;
/// The pods are out of CPU and their autoscaler does not scale on CPU: it stays put while
/// they saturate, a ceiling of its own kind.
const BLIND_TO_CPU: f64 = 1.8;

/// The workload a claim is about: an autoscaler's target, a pod's or container's workload,
/// else its own subject (a log source).
fn group(kb: &Kb<'_>, claim: &Claim) -> Option<EntityId> {
    let subject = claim.subject?;
    let entity = kb.entity(subject);
    if entity.kind == EntityKind::HorizontalPodAutoscaler {
        let scales = kb.about(subject, Predicate::Scales).find_map(|f| match f.value {
            Value::Entity(target) => Some(target),
            _ => None,
        });
        // Without its reference, an autoscaler is taken to scale the workload of its name.
        let namesake = || {
            kb.facts().entities().iter().position(|e| e.kind.is_workload() && e.name == entity.name && e.namespace == entity.namespace)
        };
        return Some(scales.or_else(|| namesake().map(|i| EntityId(i as u32))).unwrap_or(subject));
    }
    Some(kb.workload_of(subject).unwrap_or(subject))
}

/// Claims this detector weighs.
fn about_capacity(kind: &ClaimKind) -> bool {
    mechanism(kind)
        || matches!(
            kind,
            ClaimKind::LoadAboveTarget { .. } | ClaimKind::Timeouts { .. } | ClaimKind::ScalingHeadroom { .. } | ClaimKind::LoadBelowTarget { .. } | ClaimKind::ScalesWithoutCpu { .. }
        )
}

/// Claims that show a mechanism of saturation, enough to open a finding.
fn mechanism(kind: &ClaimKind) -> bool {
    matches!(kind, ClaimKind::ScalingCeiling { .. } | ClaimKind::CpuThrottled { .. } | ClaimKind::CpuNearLimit { .. } | ClaimKind::Exhausted { .. })
}

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    // Workloads with a mechanism in view open a finding each; a log source (which names no
    // workload) joins the workload named like it, or the only one, else opens its own.
    let relevant: Vec<(&Claim, EntityId)> = claims.matching(about_capacity).filter_map(|c| group(kb, c).map(|g| (c, g))).collect();
    let mut groups: Vec<EntityId> = Vec::new();
    let mut unplaced: Vec<EntityId> = Vec::new();
    for (_, g) in relevant.iter().filter(|(c, _)| mechanism(&c.kind)) {
        let g = *g;
        let list = if kb.entity(g).kind.is_workload() { &mut groups } else { &mut unplaced };
        if !list.contains(&g) {
            list.push(g);
        }
    }
    let home = |g: EntityId, groups: &[EntityId]| -> Option<EntityId> {
        if groups.contains(&g) || kb.entity(g).kind.is_workload() {
            return Some(g);
        }
        let name = &kb.entity(g).name;
        groups.iter().copied().find(|w| names_overlap(name, &kb.entity(*w).name)).or_else(|| groups.first().copied().filter(|_| groups.len() == 1))
    };
    // With no workload at all (logs of programs on hosts: a web server and the pool behind
    // it), the programs' logs tell one story: the first one to show a mechanism hosts them all.
    let workloads = if groups.is_empty() { unplaced.first().copied().into_iter().collect() } else { groups.clone() };
    for g in unplaced {
        if home(g, &workloads).is_none_or(|h| h == g) && !groups.contains(&g) {
            groups.push(g);
        }
    }
    let mut placed: EntityMap<Vec<&Claim>> = EntityMap::new();
    for (claim, cg) in &relevant {
        placed.get_or_default(home(*cg, &workloads).unwrap_or(*cg)).push(claim);
    }
    let mut out = Vec::new();
    for g in &groups {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(*g);
        let placed_here = placed.get(*g).map(Vec::as_slice).unwrap_or_default();
        let out_of_cpu = placed_here.iter().any(|c| matches!(c.kind, ClaimKind::CpuThrottled { .. } | ClaimKind::CpuNearLimit { .. }));
        let blind_to_cpu = out_of_cpu && placed_here.iter().any(|c| matches!(c.kind, ClaimKind::ScalesWithoutCpu { .. }));
        for claim in placed_here {
            match &claim.kind {
                ClaimKind::ScalesWithoutCpu { .. } if blind_to_cpu => finding.support(claim.id, BLIND_TO_CPU),
                // Room to scale and metrics under target are what a CPU-blind autoscaler shows.
                ClaimKind::ScalingHeadroom { .. } | ClaimKind::LoadBelowTarget { .. } if blind_to_cpu => {}
                ClaimKind::ScalingCeiling { .. } => finding.support(claim.id, AT_CEILING),
                ClaimKind::LoadAboveTarget { .. } => finding.support(claim.id, LOAD_ABOVE_TARGET),
                ClaimKind::CpuThrottled { .. } => finding.support(claim.id, THROTTLED),
                ClaimKind::CpuNearLimit { .. } => finding.support(claim.id, NEAR_LIMIT),
                ClaimKind::Exhausted { .. } => finding.support(claim.id, EXHAUSTED),
                ClaimKind::Timeouts { .. } => finding.support(claim.id, TIMEOUTS),
                ClaimKind::ScalingHeadroom { .. } => finding.contradict(claim.id, HEADROOM),
                ClaimKind::LoadBelowTarget { .. } => finding.contradict(claim.id, BELOW_TARGET),
                _ => {}
            }
        }
        finding.wording = words(kb, claims, &finding, *g);
        out.push(finding);
    }
    out
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, workload: EntityId) -> Wording {
    let entity = kb.entity(workload);
    let name = entity.name.clone();
    let ns = ns_flag(kb, Some(workload));
    let supporting = finding.supporting(claims);
    // The replica counts, when the paste gives them (an alert says only that it maxed out).
    let ceiling = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::ScalingCeiling { hpa, current, max } if max.is_finite() => Some((*hpa, *current, *max)),
        _ => None,
    });
    let maxed_out = supporting.iter().any(|c| matches!(c.kind, ClaimKind::ScalingCeiling { .. }));
    let above = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::LoadAboveTarget { ratio, .. } => Some(*ratio),
        _ => None,
    });
    let throttled = supporting.iter().any(|c| matches!(c.kind, ClaimKind::CpuThrottled { .. }));
    let at_limit = supporting.iter().any(|c| matches!(c.kind, ClaimKind::CpuNearLimit { .. }));
    let exhausted = supporting.iter().any(|c| matches!(c.kind, ClaimKind::Exhausted { .. }));
    let blind_to_cpu = supporting.iter().any(|c| matches!(c.kind, ClaimKind::ScalesWithoutCpu { .. }));
    let title = match (ceiling, above) {
        (Some((_, current, max)), Some(ratio)) => format!(
            "{name} is at its scaling ceiling: {}/{} replicas with load at {ratio:.1}x target",
            crate::fact::format_number(current),
            crate::fact::format_number(max)
        ),
        (Some((_, current, max)), None) => {
            format!("{name} is at its scaling ceiling: {}/{} replicas", crate::fact::format_number(current), crate::fact::format_number(max))
        }
        _ if maxed_out => format!("{name} is at its scaling ceiling: its autoscaler runs at maxReplicas"),
        _ if blind_to_cpu => format!("{name} is out of CPU, and its autoscaler does not scale on CPU"),
        _ if throttled => format!("{name} is out of CPU: its containers are throttled"),
        _ if at_limit => format!("{name} is out of CPU: its containers run at their CPU limit"),
        _ if exhausted => format!("{name} ran out of a fixed-size resource (connection pool, slots or queue)"),
        _ => format!("{name} is saturated"),
    };
    let mut story: Vec<String> = supporting.iter().map(|c| c.statement.clone()).collect();
    story.extend(finding.contradicts.iter().map(|(id, _)| format!("but {}", claims.get(*id).statement)));
    let summary = format!("{}.", capitalise(&story.join("; ")));

    // The autoscaler of the workload, whichever way its claims went.
    let hpa_name = finding.supports.iter().chain(&finding.contradicts).find_map(|(id, _)| match &claims.get(*id).kind {
        ClaimKind::ScalingCeiling { hpa, .. }
        | ClaimKind::ScalingHeadroom { hpa, .. }
        | ClaimKind::LoadAboveTarget { hpa, .. }
        | ClaimKind::LoadBelowTarget { hpa }
        | ClaimKind::ScalesWithoutCpu { hpa } => {
            Some(kb.entity(*hpa).name.clone())
        }
        _ => None,
    });
    let mut fixes = Vec::new();
    match (&hpa_name, ceiling) {
        (Some(hpa), _) if blind_to_cpu => fixes.push(format!(
            "Now: make {hpa} scale on CPU too: add a `Resource` metric `cpu` (e.g. averageUtilization 70) to its spec.metrics, in git; meanwhile `kubectl {ns}patch hpa {hpa} -p '{{\"spec\":{{\"minReplicas\":<more>}}}}'`."
        )),
        (Some(hpa), Some((_, _, max))) => fixes.push(format!(
            "Now: raise the ceiling if the nodes and downstreams can take it: `kubectl {ns}patch hpa {hpa} -p '{{\"spec\":{{\"maxReplicas\":{}}}}}'` (and in git, or the next sync reverts it); shed or rate-limit the traffic that grew.",
            crate::fact::format_number((max * 1.5).ceil())
        )),
        _ if entity.kind.is_workload() => fixes.push(format!(
            "Now: add capacity: `kubectl {ns}scale {}/{name} --replicas=<more>` (or raise its HPA's maxReplicas), and shed or rate-limit the traffic that grew.",
            entity.kind.kubectl_name()
        )),
        _ => fixes.push("Now: add replicas or capacity to the saturated service, and shed or rate-limit the traffic that grew.".to_string()),
    }
    if throttled || at_limit {
        fixes.push(format!("Now: raise or remove the CPU limit of {name}'s containers (keep the request), so they stop being throttled."));
    }
    if exhausted {
        fixes.push("Now: the pool or queue that ran out has a fixed size: size it to what its backend can serve — for a database pool, connections per pod × replicas must stay under the server's limit (e.g. Postgres `max_connections`), with a pooler such as PgBouncer in front when replicas grow.".to_string());
    }
    fixes.push("Lasting: set the ceiling from a load test with headroom, alert while an HPA sits at maxReplicas (`kube_horizontalpodautoscaler_status_current_replicas >= kube_horizontalpodautoscaler_spec_max_replicas` for 15m) and on CPU throttling, and make sure the cluster autoscaler can add the nodes the pods need.".to_string());

    let sel = selector(kb, Some(workload));
    let hpa_pasted = ceiling.is_some() || kb.with(Predicate::MaxReplicas).next().is_some();
    let usage_pasted = kb.with(Predicate::CpuUsage).next().is_some() || kb.with(Predicate::Throttled).next().is_some();
    let hpa_check = match &hpa_name {
        Some(hpa) => format!("kubectl {ns}describe hpa {hpa}"),
        None => format!("kubectl {ns}get hpa  # does an autoscaler scale {name}, and is it at its maximum?"),
    };
    let mut checks = vec![
        Check::new(hpa_check, AT_CEILING + LOAD_ABOVE_TARGET, !hpa_pasted),
        Check::new(format!("kubectl {ns}top pods -l {sel} --containers"), THROTTLED, !usage_pasted),
        Check::new("kubectl describe nodes | grep -A 8 'Allocated resources'  # room for more pods?".to_string(), HEADROOM * 0.3, true),
    ];
    if entity.kind.is_workload() {
        checks.push(Check::new(
            format!("kubectl {ns}logs {}/{name} --since=30m | grep -ciE 'timeout|timed out|pool|too many'", entity.kind.kubectl_name()),
            EXHAUSTED,
            !exhausted,
        ));
    }
    Wording { title, summary, fixes, checks }
}

#[cfg(test)]
mod tests {
    fn confidence(paste: &str) -> f64 {
        crate::analyze(paste).diagnoses.iter().find(|d| d.class == super::CLASS).map_or(0.0, |d| d.confidence)
    }

    #[test]
    fn headroom_does_not_count_against_throttled_pods_an_autoscaler_cannot_see() {
        let throttled = "$ curl -sG http://prom:9090/api/v1/query --data-urlencode 'query=sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{namespace=\"shop\",container=\"web\"}[5m])) / sum by (pod) (rate(container_cpu_cfs_periods_total{namespace=\"shop\",container=\"web\"}[5m]))' | jq -c '.data.result'\n[{\"metric\":{\"pod\":\"web-78d4f6c9b7-5hj2k\"},\"value\":[1751361900,\"0.86\"]}]\n";
        let with_hpa = |targets: &str| format!("$ kubectl get hpa -n shop\nNAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE\nweb Deployment/web {targets} 4 24 4 9d\n\n{throttled}");
        let blind = confidence(&with_hpa("memory: 41%/75%"));
        let on_cpu = confidence(&with_hpa("cpu: 41%/75%"));
        assert!(blind >= 0.5, "{blind}");
        // An autoscaler that scales on CPU and still has room says the CPU is not the limit.
        assert!(on_cpu < 0.2, "{on_cpu}");
    }
}
