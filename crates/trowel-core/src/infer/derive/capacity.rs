//! Claims about capacity: an autoscaler at its ceiling with its metric above target (or with
//! headroom, or under target), an autoscaler whose metrics name no CPU, CPU throttling, CPU usage at its limit, fixed-size resources
//! that ran out (connection pools, connection slots, queues), and requests timing out.


use crate::entity_map::EntityMap;
use crate::fact::{EntityId, EntityKind, Fact, FactId, Predicate, Value};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::series::round_sig;
use crate::infer::derive::text::{first_phrase, says, says_status};
use crate::infer::kb::Kb;

/// The autoscaler's own tolerance: within 10% of target it does not scale.
const TARGET_TOLERANCE: f64 = 1.1;
/// Share of throttled CFS periods worth naming (the kube-prometheus `CPUThrottlingHigh` alert
/// fires at 25%).
const THROTTLED_SHARE: f64 = 0.25;
/// Usage over limit at which a container has no CPU left.
const NEAR_LIMIT: f64 = 0.9;
/// Most log lines one claim quotes.
const QUOTES: usize = 4;

/// What programs print when a fixed-size resource ran out.
pub(crate) const EXHAUSTED: &[&str] = &[
    "pool exhausted",
    "pool is exhausted",
    "exhausted pool",
    "too many connections",
    "too many clients",
    "remaining connection slots",
    "connection is not available",
    "no available connection",
    "max_connections",
    "maximum number of connections",
    "queue is full",
    "queue full",
    "rejectedexecution",
    "rejected execution",
    "resource_exhausted",
    "resource exhausted",
    "server overloaded",
    "server is overloaded",
    // pgbouncer, JDBC pools, Jedis, Apache HttpClient.
    "no more connections allowed",
    "max_client_conn",
    "failed to obtain jdbc connection",
    "unable to acquire jdbc connection",
    "could not get a resource from the pool",
    "timeout waiting for connection from pool",
    // Process-manager pools at their size (php-fpm, Apache httpd), and nginx finding the
    // listen queue of such a pool's socket full (EAGAIN on connect).
    "reached pm.max_children",
    "reached max_children",
    "reached maxrequestworkers",
    "reached maxclients",
    "resource temporarily unavailable) while connecting to upstream",
    // Cloud Run (Knative) rejecting a request no instance can take: at its maximum instances.
    "no available instance",
    // App Engine giving up on a request that waited in its pending queue for an instance.
    "waiting too long to attempt to service your request",
    // SQLAlchemy's pool at its size plus overflow.
    "queuepool limit of size",
];

/// What programs print when a request ran out of time.
pub(crate) const TIMEOUT: &[&str] = &["timed out", "timeout", "deadline exceeded", "gateway timeout", "upstream request timeout"];

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    for hpa in autoscalers(kb) {
        ceiling(kb, claims, hpa);
        throttled_demand(kb, claims, hpa);
        load(kb, claims, hpa);
        without_cpu(kb, claims, hpa);
    }
    throttling(kb, claims);
    near_limit(kb, claims);
    logs(kb, claims);
}

fn autoscalers(kb: &Kb<'_>) -> Vec<EntityId> {
    let mut out = Vec::new();
    for predicate in [Predicate::CurrentReplicas, Predicate::MaxReplicas, Predicate::ScalingTarget, Predicate::Condition] {
        for fact in kb.with(predicate) {
            if kb.entity(fact.subject).kind == EntityKind::HorizontalPodAutoscaler && !out.contains(&fact.subject) {
                out.push(fact.subject);
            }
        }
    }
    out
}

fn number(fact: &Fact) -> Option<f64> {
    fact.value.as_number()
}

/// Current against maximum replicas, read from the same output where the paste has both.
fn ceiling(kb: &Kb<'_>, claims: &mut Claims, hpa: EntityId) {
    let Some(current) = kb.about(hpa, Predicate::CurrentReplicas).last().or_else(|| concurrency(kb)) else { return limited(kb, claims, hpa) };
    let maxes: Vec<&Fact> = kb.about(hpa, Predicate::MaxReplicas).collect();
    // Of several ceilings (a function's reserved concurrency and its queue's maximum), the
    // lowest binds.
    let lowest = || maxes.iter().copied().filter(|f| number(f).is_some()).min_by(|a, b| number(a).unwrap_or(0.0).total_cmp(&number(b).unwrap_or(0.0)));
    let same_output = maxes.iter().rev().find(|f| f.artifact == current.artifact).copied();
    let Some(max) = same_output.or_else(lowest) else { return };
    let (Some(now), Some(top)) = (number(current), number(max)) else { return };
    if top <= 0.0 {
        return;
    }
    let name = &kb.entity(hpa).name;
    let mut rests_on = vec![current.id];
    if max.id != current.id {
        rests_on.push(max.id);
    }
    if now >= top {
        // The controller's own words: ScalingLimited, "New size: <max>".
        rests_on.extend(
            kb.about(hpa, Predicate::Condition)
                .filter(|f| f.value.as_pair().is_some_and(|(k, v)| k == "ScalingLimited" && v == "True"))
                .map(|f| f.id),
        );
        rests_on.extend(
            kb.about(hpa, Predicate::Event)
                .filter(|f| matches!(&f.value, Value::Event(e) if e.message.contains(&format!("New size: {}", crate::fact::format_number(top)))))
                .map(|f| f.id),
        );
        let statement = format!(
            "HorizontalPodAutoscaler {name} runs {} of at most {} replicas: it cannot add more",
            crate::fact::format_number(now),
            crate::fact::format_number(top)
        );
        claims.add(ClaimKind::ScalingCeiling { hpa, current: now, max: top }, statement, rests_on, Some(hpa), current.time);
    } else {
        let statement = format!(
            "HorizontalPodAutoscaler {name} runs {} of at most {} replicas: it can still add pods",
            crate::fact::format_number(now),
            crate::fact::format_number(top)
        );
        claims.add(ClaimKind::ScalingHeadroom { hpa, current: now, max: top }, statement, rests_on, Some(hpa), current.time);
    }
}

/// A function at its concurrency ceiling that turns invocations away: CloudWatch's
/// `Throttles` beside its `Invocations` at the latest sample is demand beyond what it may
/// run, as an autoscaler's metric above target is (the ratio is asked over served).
fn throttled_demand(kb: &Kb<'_>, claims: &mut Claims, hpa: EntityId) {
    if kb.about(hpa, Predicate::CurrentReplicas).next().is_some() || concurrency(kb).is_none() {
        return;
    }
    let latest = |prefix: &str| kb.with(Predicate::Sample).filter(|f| crate::ascii::starts_with_ci(&kb.entity(f.subject).name, prefix)).max_by_key(|f| f.time);
    let (Some(throttles), Some(invocations)) = (latest("Throttles"), latest("Invocations")) else { return };
    let (Some(turned_away), Some(served)) = (number(throttles), number(invocations)) else { return };
    if throttles.time != invocations.time || turned_away <= 0.0 || served <= 0.0 {
        return;
    }
    let ratio = (served + turned_away) / served;
    let statement = format!(
        "{} invocations of {} were throttled beside {} served: demand is {}x what it may run",
        crate::fact::format_number(turned_away),
        kb.entity(hpa).name,
        crate::fact::format_number(served),
        round_sig(ratio)
    );
    claims.add(ClaimKind::LoadAboveTarget { hpa, ratio }, statement, vec![throttles.id, invocations.id], Some(hpa), throttles.time);
}

/// What the paste's concurrency metric last said: CloudWatch's `ConcurrentExecutions`, how
/// many execution environments a serverless function runs (its replicas), when the paste
/// has one such series (a second would leave unclear which function it counts).
fn concurrency<'k>(kb: &'k Kb<'_>) -> Option<&'k Fact> {
    let mut series = kb.with(Predicate::Sample).filter(|f| crate::ascii::starts_with_ci(&kb.entity(f.subject).name, "ConcurrentExecutions"));
    let first = series.next()?;
    let mut last = first;
    for sample in series {
        if sample.subject != first.subject {
            return None;
        }
        if sample.time >= last.time {
            last = sample;
        }
    }
    Some(last)
}

/// An autoscaler known to be at its maximum only by its word, without replica counts (an
/// alert that it maxed out, read as `ScalingLimited=True`): at its ceiling, counts unknown.
fn limited(kb: &Kb<'_>, claims: &mut Claims, hpa: EntityId) {
    let Some(limited) = kb.about(hpa, Predicate::Condition).find(|f| f.value.as_pair().is_some_and(|(k, v)| k == "ScalingLimited" && v == "True")) else { return };
    let statement = format!("HorizontalPodAutoscaler {} is limited at its maximum replicas: it cannot add more", kb.entity(hpa).name);
    claims.add(ClaimKind::ScalingCeiling { hpa, current: f64::NAN, max: f64::NAN }, statement, vec![limited.id], Some(hpa), limited.time);
}

/// Metrics against their targets.
fn load(kb: &Kb<'_>, claims: &mut Claims, hpa: EntityId) {
    let targets: Vec<(&Fact, f64, f64)> = kb
        .about(hpa, Predicate::ScalingTarget)
        .filter_map(|f| match f.value {
            Value::Ratio { num, den } if den > 0.0 => Some((f, num, den)),
            _ => None,
        })
        .collect();
    if targets.is_empty() {
        return;
    }
    let name = &kb.entity(hpa).name;
    let above: Vec<&(&Fact, f64, f64)> = targets.iter().filter(|(_, num, den)| *num > den * TARGET_TOLERANCE).collect();
    if let Some((_, num, den)) = above.iter().max_by(|a, b| (a.1 / a.2).total_cmp(&(b.1 / b.2))) {
        let statement = format!(
            "the metric of HorizontalPodAutoscaler {name} is {:.1}x its target (current {}, target {})",
            num / den,
            round_sig(*num),
            round_sig(*den)
        );
        let rests_on: Vec<FactId> = above.iter().map(|(f, _, _)| f.id).collect();
        claims.add(ClaimKind::LoadAboveTarget { hpa, ratio: num / den }, statement, rests_on, Some(hpa), None);
    } else if targets.iter().all(|(_, num, den)| num <= den) {
        let statement = format!("every metric of HorizontalPodAutoscaler {name} is at or under its target");
        claims.add(ClaimKind::LoadBelowTarget { hpa }, statement, targets.iter().map(|(f, _, _)| f.id).collect(), Some(hpa), None);
    }
}

/// An autoscaler that scales only on memory or custom metrics: whatever its CPU does, it
/// keeps its replicas, so its headroom is no sign the workload has CPU to spare.
fn without_cpu(kb: &Kb<'_>, claims: &mut Claims, hpa: EntityId) {
    let mut metrics: Vec<&Fact> = Vec::new();
    for fact in kb.about(hpa, Predicate::ScalesOn) {
        if !metrics.iter().any(|m| m.value == fact.value) {
            metrics.push(fact);
        }
    }
    if metrics.is_empty() || metrics.iter().any(|f| f.value.as_text().is_some_and(|t| t.eq_ignore_ascii_case("cpu"))) {
        return;
    }
    let names: Vec<String> = metrics.iter().filter_map(|f| f.value.as_text()).map(str::to_string).collect();
    let statement = format!(
        "HorizontalPodAutoscaler {} scales only on {}: CPU use, however high, adds no pods",
        kb.entity(hpa).name,
        names.join(" and ")
    );
    claims.add(ClaimKind::ScalesWithoutCpu { hpa }, statement, metrics.iter().map(|f| f.id).collect(), Some(hpa), None);
}

/// The workload of a subject (or the subject itself), remembered: a paste's log lines
/// name the same few subjects over and over.
fn group_of(kb: &Kb<'_>, known: &mut EntityMap<EntityId>, subject: EntityId) -> EntityId {
    *known.get_or_insert_with(subject, || kb.workload_of(subject).unwrap_or(subject))
}

/// Facts grouped by the workload of their subject (or the subject itself), in first-seen order.
fn by_workload<'a>(kb: &Kb<'_>, facts: impl Iterator<Item = (&'a Fact, f64)>) -> Vec<(EntityId, Vec<(&'a Fact, f64)>)> {
    let mut out: Vec<(EntityId, Vec<(&'a Fact, f64)>)> = Vec::new();
    let mut known = EntityMap::new();
    for (fact, value) in facts {
        let group = group_of(kb, &mut known, fact.subject);
        match out.iter_mut().find(|(g, _)| *g == group) {
            Some((_, list)) => list.push((fact, value)),
            None => out.push((group, vec![(fact, value)])),
        }
    }
    out
}

/// One claim per workload: the most throttled of its containers, quoting the worst few.
fn throttling(kb: &Kb<'_>, claims: &mut Claims) {
    let throttled = kb.with(Predicate::Throttled).filter_map(|f| match f.value {
        Value::Ratio { num, den } if den > 0.0 && num / den >= THROTTLED_SHARE => Some((f, num / den)),
        _ => None,
    });
    for (group, mut facts) in by_workload(kb, throttled) {
        crate::sort::by(&mut facts, |a, b| b.1.total_cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
        let Some((worst, ratio)) = facts.first().copied() else { continue };
        let who = if facts.len() == 1 { kb.entity(worst.subject).name.clone() } else { format!("{} containers of {}", facts.len(), kb.entity(group).name) };
        let statement = format!("{who} {} CPU-throttled in up to {:.0}% of scheduling periods", if facts.len() == 1 { "is" } else { "are" }, 100.0 * ratio);
        let rests_on = facts.iter().take(QUOTES).map(|(f, _)| f.id).collect();
        claims.add(ClaimKind::CpuThrottled { ratio }, statement, rests_on, Some(worst.subject), worst.time);
    }
}

/// The CPU limit of what a usage figure is about: the container's own limit, or its pod
/// template's container of the same name; for a whole pod, the sum over its containers.
fn cpu_limit(kb: &Kb<'_>, subject: EntityId) -> Option<(f64, Vec<FactId>)> {
    let limit_of = |id: EntityId| {
        kb.about(id, Predicate::CpuLimit).find_map(|f| match &f.value {
            Value::Quantity(q) if q.value > 0.0 => Some((q.value, f.id)),
            _ => None,
        })
    };
    let entity = kb.entity(subject);
    match entity.kind {
        EntityKind::Container => {
            if let Some((value, id)) = limit_of(subject) {
                return Some((value, vec![id]));
            }
            // `pod/container` → the same container of a sibling pod (same ReplicaSet), or the
            // workload's template container `workload/container`.
            let container = entity.name.rsplit('/').next()?;
            let pod = kb.owner(subject)?;
            let template_of = kb.owner(pod);
            let sibling = kb.with(Predicate::CpuLimit).find(|f| {
                let other = kb.entity(f.subject);
                other.kind == EntityKind::Container
                    && other.name.rsplit('/').next() == Some(container)
                    && kb.owner(f.subject).is_some_and(|p| p != pod && template_of.is_some() && kb.owner(p) == template_of)
            });
            if let Some((value, id)) = sibling.and_then(|f| limit_of(f.subject)) {
                return Some((value, vec![id]));
            }
            let workload = kb.workload_of(subject)?;
            let template = kb.facts().find_entity(
                &EntityKind::Container,
                entity.namespace.as_deref(),
                &format!("{}/{container}", kb.entity(workload).name),
            )?;
            limit_of(template).map(|(value, id)| (value, vec![id]))
        }
        EntityKind::Pod => {
            let containers: Vec<EntityId> = kb
                .with(Predicate::OwnedBy)
                .filter(|f| f.value == Value::Entity(subject) && kb.entity(f.subject).kind == EntityKind::Container)
                .map(|f| f.subject)
                .fold(Vec::new(), |mut acc, c| {
                    if !acc.contains(&c) {
                        acc.push(c);
                    }
                    acc
                });
            if containers.is_empty() {
                return None;
            }
            let mut total = 0.0;
            let mut ids = Vec::new();
            for container in containers {
                let (value, mut facts) = cpu_limit(kb, container)?;
                total += value;
                ids.append(&mut facts);
            }
            Some((total, ids))
        }
        _ => None,
    }
}

/// One claim per workload: its containers or pods whose CPU usage is at their limit.
fn near_limit(kb: &Kb<'_>, claims: &mut Claims) {
    let mut limits: Vec<(FactId, Vec<FactId>, f64)> = Vec::new();
    let near = kb.with(Predicate::CpuUsage).filter_map(|f| {
        let Value::Quantity(usage) = &f.value else { return None };
        if !matches!(kb.entity(f.subject).kind, EntityKind::Container | EntityKind::Pod) {
            return None;
        }
        let (limit, limit_facts) = cpu_limit(kb, f.subject)?;
        let ratio = usage.value / limit;
        (ratio >= NEAR_LIMIT).then(|| {
            limits.push((f.id, limit_facts, limit));
            (f, ratio)
        })
    });
    let groups = by_workload(kb, near);
    for (group, mut facts) in groups {
        crate::sort::by(&mut facts, |a, b| b.1.total_cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
        let Some((worst, ratio)) = facts.first().copied() else { continue };
        let Some((_, limit_facts, limit)) = limits.iter().find(|(id, _, _)| *id == worst.id) else { continue };
        let usage = match &worst.value {
            Value::Quantity(q) => q.text.clone(),
            _ => String::new(),
        };
        let statement = if facts.len() == 1 {
            format!("{} uses {usage} CPU of its {} limit ({:.0}%)", kb.entity(worst.subject).name, crate::fact::format_number(*limit), 100.0 * ratio)
        } else {
            let what = if facts.iter().all(|(f, _)| kb.entity(f.subject).kind == EntityKind::Container) { "containers" } else { "pods" };
            format!("{} {what} of {} run at their CPU limit (up to {:.0}%)", facts.len(), kb.entity(group).name, 100.0 * ratio)
        };
        let mut rests_on: Vec<FactId> = facts.iter().take(QUOTES).map(|(f, _)| f.id).collect();
        rests_on.extend(limit_facts.iter().take(2));
        claims.add(ClaimKind::CpuNearLimit { ratio }, statement, rests_on, Some(worst.subject), worst.time);
    }
}

/// Exhausted pools and timeouts, one claim of each per workload (or log source).
fn logs(kb: &Kb<'_>, claims: &mut Claims) {
    let mut exhausted: Vec<(EntityId, Vec<&Fact>)> = Vec::new();
    let mut timeouts: Vec<(EntityId, Vec<&Fact>)> = Vec::new();
    let mut known = EntityMap::new();
    for fact in kb.with(Predicate::Log).chain(kb.with(Predicate::Event)).filter(|f| kb.may_say(f)) {
        let bucket = if says(fact, EXHAUSTED) {
            &mut exhausted
        } else if (says(fact, TIMEOUT) || says_status(fact, "504")) && !says(fact, &["probe"]) {
            &mut timeouts
        } else {
            continue;
        };
        let group = group_of(kb, &mut known, fact.subject);
        match bucket.iter_mut().find(|(g, _)| *g == group) {
            Some((_, facts)) => facts.push(fact),
            None => bucket.push((group, vec![fact])),
        }
    }
    for (group, facts) in exhausted {
        let Some(first) = facts.first() else { continue };
        let what = first_phrase(first, EXHAUSTED).unwrap_or("exhausted");
        let statement = format!(
            "{} a resource that ran out (\"{what}\", {} line{})",
            reporter(kb, group),
            facts.len(),
            if facts.len() == 1 { "" } else { "s" }
        );
        let rests_on = facts.iter().take(QUOTES).map(|f| f.id).collect();
        claims.add(ClaimKind::Exhausted { count: facts.len() }, statement, rests_on, Some(group), first.time);
    }
    for (group, facts) in timeouts {
        let Some(first) = facts.first() else { continue };
        let statement = format!("{} requests timing out ({} line{})", reporter(kb, group), facts.len(), if facts.len() == 1 { "" } else { "s" });
        let rests_on = facts.iter().take(QUOTES).map(|f| f.id).collect();
        claims.add(ClaimKind::Timeouts { count: facts.len() }, statement, rests_on, Some(group), first.time);
    }
}

/// Who reports something, as the subject of a sentence: `orders-api reports`, or `the pasted
/// logs report` for lines no program name claims (the logs parser files them under `logs`).
fn reporter(kb: &Kb<'_>, group: EntityId) -> String {
    let entity = kb.entity(group);
    if entity.kind == EntityKind::LogSource && entity.name == "logs" {
        "the pasted logs report".to_string()
    } else {
        format!("{} reports", entity.name)
    }
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;
    use crate::infer::claim::ClaimKind;

    fn scales_on(paste: &str) -> Vec<String> {
        let ingest = crate::ingest(paste);
        ingest.facts.all().iter().filter(|f| f.predicate == Predicate::ScalesOn).map(|f| f.value.to_string()).collect()
    }

    fn without_cpu(paste: &str) -> Vec<String> {
        crate::infer::derive::with_claims(paste, |_, claims| {
            claims.all().iter().filter(|c| matches!(c.kind, ClaimKind::ScalesWithoutCpu { .. })).map(|c| c.statement.clone()).collect()
        })
    }

    #[test]
    fn what_an_autoscaler_scales_on_is_read_from_its_spec_table_and_describe() {
        let object = "$ kubectl get hpa web -n shop -o yaml\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n    resource:\n      name: memory\n      target:\n        type: Utilization\n        averageUtilization: 75\n  - type: Pods\n    pods:\n      metric:\n        name: queue_depth\n      target:\n        type: AverageValue\n        averageValue: \"30\"\n";
        assert_eq!(scales_on(object), ["memory", "queue_depth"]);
        let table = "$ kubectl get hpa -n shop\nNAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE\nweb Deployment/web memory: 41%/75% 4 24 4 9d\n";
        assert_eq!(scales_on(table), ["memory"]);
        let describe = "$ kubectl describe hpa web -n shop\nName:                                                  web\nNamespace:                                             shop\nReference:                                             Deployment/web\nMetrics:                                               ( current / target )\n  resource cpu on pods  (as a percentage of request):  187% (374m) / 70%\nMin replicas:                                          2\nMax replicas:                                          10\n";
        assert_eq!(scales_on(describe), ["cpu"]);
        // Without names (an old `45%/80%` TARGETS cell) nothing is said.
        assert!(scales_on("$ kubectl get hpa -n shop\nNAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE\nweb Deployment/web 45%/80% 2 10 3 9d\n").is_empty());
    }

    #[test]
    fn a_function_running_at_its_reserved_concurrency_while_throttled_is_at_its_ceiling() {
        let paste = "$ aws lambda get-function-concurrency --function-name thumbs\n{\n    \"ReservedConcurrentExecutions\": 40\n}\n\nhour (UTC)        ConcurrentExecutions(Max)  Throttles(Sum)  Invocations(Sum)\n2025-10-30 18:00  17                         0               3 310\n2025-11-03 18:00  40                         1 844           4 470\n2025-11-04 18:00  40                         2 310           4 455\n";
        let got: Vec<String> = crate::infer::derive::with_claims(paste, |_, claims| {
            claims.all().iter().filter(|c| matches!(c.kind, ClaimKind::ScalingCeiling { .. } | ClaimKind::LoadAboveTarget { .. })).map(|c| c.statement.clone()).collect()
        });
        assert_eq!(
            got,
            [
                "HorizontalPodAutoscaler thumbs runs 40 of at most 40 replicas: it cannot add more",
                "2310 invocations of thumbs were throttled beside 4455 served: demand is 1.52x what it may run",
            ]
        );
    }

    #[test]
    fn an_autoscaler_that_only_says_it_maxed_out_is_at_its_ceiling() {
        let paste = r#"{"alerts":[{"status":"firing","labels":{"alertname":"KubeHpaMaxedOut","horizontalpodautoscaler":"web","namespace":"shop"},"startsAt":"2025-10-02T19:04:31Z"}]}"#;
        let ceilings: Vec<String> = crate::infer::derive::with_claims(paste, |_, claims| {
            claims.all().iter().filter(|c| matches!(c.kind, ClaimKind::ScalingCeiling { .. })).map(|c| c.statement.clone()).collect()
        });
        assert_eq!(ceilings, ["HorizontalPodAutoscaler web is limited at its maximum replicas: it cannot add more"]);
    }

    #[test]
    fn cloud_run_aborting_requests_for_want_of_an_instance_ran_out() {
        let paste = "2026-04-14T14:02:31Z ERROR The request was aborted because there was no available instance.\n";
        let exhausted: Vec<String> = crate::infer::derive::with_claims(paste, |_, claims| {
            claims.all().iter().filter(|c| matches!(c.kind, ClaimKind::Exhausted { .. })).map(|c| c.statement.clone()).collect()
        });
        assert_eq!(exhausted.len(), 1, "{exhausted:?}");
    }

    #[test]
    fn a_process_pool_at_its_size_and_a_full_listen_queue_ran_out() {
        let fpm = "[21-Mar-2025 19:41:07] WARNING: [pool shop] server reached pm.max_children setting (40), consider raising it\n";
        let nginx = "2025/03/21 20:07:44 [error] 2211#2211: *4412870 connect() to unix:/run/php/fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 10.0.0.1\n";
        for paste in [fpm, nginx] {
            let exhausted: Vec<String> = crate::infer::derive::with_claims(paste, |_, claims| {
                claims.all().iter().filter(|c| matches!(c.kind, ClaimKind::Exhausted { .. })).map(|c| c.statement.clone()).collect()
            });
            assert_eq!(exhausted.len(), 1, "{paste}: {exhausted:?}");
        }
    }

    #[test]
    fn an_autoscaler_without_a_cpu_metric_is_blind_to_cpu() {
        let table = |targets: &str| format!("$ kubectl get hpa -n shop\nNAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE\nweb Deployment/web {targets} 4 24 4 9d\n");
        assert_eq!(without_cpu(&table("memory: 41%/75%")), ["HorizontalPodAutoscaler web scales only on memory: CPU use, however high, adds no pods"]);
        assert!(without_cpu(&table("cpu: 20%/70%, memory: 41%/75%")).is_empty());
        assert!(without_cpu(&table("41%/75%")).is_empty());
    }
}
