//! Claims about NetworkPolicies: when one was created or changed, whether calls began
//! timing out right after (or were timing out before), and whether the policies that
//! select a call's target (ingress) or its caller (egress) admit the other side.
//!
//! A policy's rules are read as the parsers record them: `Selector` pairs for the pods it
//! selects (`*=*` for all pods of its namespace), `PolicyType`, and one `AllowsFrom` /
//! `AllowsTo` fact per peer label (`namespace:`-prefixed for namespace selectors, `*` for
//! anyone, CIDRs as text). Peers that name addresses or namespace labels the paste cannot
//! check make the answer "unknown", never "blocked".

use super::network::{label_sets, service_host, services, LabelSet, Service, ServiceNames};
use crate::fact::{EntityId, EntityKind, Fact, FactId, Predicate, Value};
use crate::infer::claim::{CallFailure, Claim, ClaimKind, Claims};
use crate::infer::derive::gitops::human_duration;
use crate::infer::kb::Kb;
use crate::names::job_owner;
use crate::time::Timestamp;

/// Longest gap between a NetworkPolicy change and the first timeout said to follow it.
const AFTER_CHANGE_WINDOW_SECONDS: f64 = 6.0 * 3600.0;
/// How long before "now" a change still counts as recent when nothing failed after it.
const RECENT_SECONDS: f64 = 2.0 * 86400.0;

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    dropped_flows(kb, claims);
    let policies = policies(kb);
    if policies.is_empty() {
        return;
    }
    let changes: Vec<Option<Change>> = policies.iter().map(|p| change(kb, p)).collect();
    let timeouts: Vec<Timeout> = claims.all().iter().filter_map(Timeout::of).collect();
    for (policy, change) in policies.iter().zip(&changes) {
        let Some(change) = change else { continue };
        changed(kb, claims, policy, change);
        for timeout in &timeouts {
            timing(kb, claims, policy, change, timeout);
        }
    }
    let pods = label_sets(kb);
    let services = services(kb);
    for timeout in &timeouts {
        paths(kb, claims, &policies, &changes, &pods, &services, timeout);
    }
}

/// Flows the CNI reports dropped by policy (`DroppedByPolicy` facts), one claim per caller
/// (its workload, else its pod or address) and target, in the order first reported.
fn dropped_flows(kb: &Kb<'_>, claims: &mut Claims) {
    let mut groups: Vec<(EntityId, &str, Vec<FactId>)> = Vec::new();
    for fact in kb.with(Predicate::DroppedByPolicy) {
        let caller = super::pods::unit(kb, fact.subject);
        let target = fact.value.as_text().unwrap_or_default();
        match groups.iter_mut().find(|(c, t, _)| *c == caller && *t == target) {
            Some((_, _, facts)) => facts.push(fact.id),
            None => groups.push((caller, target, vec![fact.id])),
        }
    }
    for (caller, target, facts) in groups {
        let flows = facts.len();
        let times = if flows == 1 { "a flow".to_string() } else { format!("{flows} flows") };
        let statement = format!("the network reports {times} from {} to {target} dropped by policy", kb.entity(caller).name);
        let first = facts.iter().filter_map(|f| kb.fact(*f).time).min();
        claims.add(ClaimKind::FlowsDroppedByPolicy { caller, target: target.to_string(), flows }, statement, facts, Some(caller), first);
    }
}

/// One NetworkPolicy, with every entity that names it (a `kubectl apply` line may not say
/// the namespace its YAML does).
struct Policy<'a> {
    /// The first entity that names it, which claims are about.
    id: EntityId,
    /// Every entity that names it, `id` first.
    ids: Vec<EntityId>,
    name: &'a str,
    namespace: Option<&'a str>,
}

impl<'a> Policy<'a> {
    fn facts(&self, kb: &Kb<'a>, predicate: Predicate) -> Vec<&'a Fact> {
        kb.with(predicate).filter(|f| self.ids.contains(&f.subject)).collect()
    }

    fn id(&self) -> EntityId {
        self.id
    }

    /// Whether the policy's rules are in the paste (a `get networkpolicy` table shows only
    /// whom it selects).
    fn rules_known(&self, kb: &Kb<'a>) -> bool {
        [Predicate::PolicyType, Predicate::AllowsFrom, Predicate::AllowsTo].into_iter().any(|p| !self.facts(kb, p).is_empty())
    }

    /// For a policy whose rules the paste does not show, the directions its name says it
    /// denies, by the common convention (`default-deny`, `deny-all-egress`): (ingress,
    /// egress). A `deny` name without a direction is an ingress policy, as Kubernetes
    /// defaults to.
    fn denies_by_name(&self) -> Option<(bool, bool)> {
        let words: Vec<&str> = self.name.split(['-', '_', '.']).collect();
        if !words.contains(&"deny") {
            return None;
        }
        let all = words.contains(&"all") && !words.contains(&"ingress") && !words.contains(&"egress");
        let egress = words.contains(&"egress") || all;
        Some((words.contains(&"ingress") || all || !egress, egress))
    }

    /// Whether the policy restricts this direction: listed in its policy types, or (when it
    /// lists none) ingress always and egress when it has egress rules.
    fn restricts(&self, kb: &Kb<'a>, egress: bool) -> bool {
        let types = self.facts(kb, Predicate::PolicyType);
        let word = if egress { "egress" } else { "ingress" };
        if types.is_empty() {
            return if egress { !self.facts(kb, Predicate::AllowsTo).is_empty() } else { self.rules_known(kb) };
        }
        types.iter().any(|f| f.value.as_text().is_some_and(|t| t.eq_ignore_ascii_case(word)))
    }

    /// Whether the policy selects pods carrying `labels` in `namespace` (None when the paste
    /// cannot say).
    fn selects(&self, kb: &Kb<'a>, labels: Option<&[(String, String)]>, namespace: Option<&str>) -> Option<bool> {
        if let (Some(mine), Some(theirs)) = (self.namespace, namespace) {
            if mine != theirs {
                return Some(false);
            }
        }
        let selector = self.facts(kb, Predicate::Selector);
        let pairs: Vec<(&str, &str)> = selector.iter().filter_map(|f| f.value.as_pair()).collect();
        if pairs.contains(&("*", "*")) {
            return Some(true);
        }
        // A deny policy whose rules the paste does not show selects, by the same convention
        // as its name, every pod of its namespace (`podSelector: {}`).
        if pairs.is_empty() && self.denies_by_name().is_some() && !self.rules_known(kb) {
            return Some(true);
        }
        if pairs.is_empty() {
            return None;
        }
        let labels = labels?;
        Some(pairs.iter().all(|(k, v)| labels.iter().any(|(lk, lv)| lk == k && lv == v)))
    }
}

fn policies<'a>(kb: &Kb<'a>) -> Vec<Policy<'a>> {
    let mut out: Vec<Policy<'a>> = Vec::new();
    for (i, entity) in kb.facts().entities().iter().enumerate() {
        if entity.kind != EntityKind::NetworkPolicy {
            continue;
        }
        let id = EntityId(i as u32);
        let namespace = entity.namespace.as_deref();
        match out.iter_mut().find(|p| p.name == entity.name && (p.namespace.is_none() || namespace.is_none() || p.namespace == namespace)) {
            Some(policy) => {
                policy.ids.push(id);
                policy.namespace = policy.namespace.or(namespace);
            }
            None => out.push(Policy { id, ids: vec![id], name: &entity.name, namespace }),
        }
    }
    out
}

/// When a policy was last created or changed, as the paste says.
struct Change {
    verb: String,
    at: Option<Timestamp>,
    /// Read from the policy's AGE: good to the unit kubectl printed.
    tolerance: f64,
    facts: Vec<FactId>,
}

fn change(kb: &Kb<'_>, policy: &Policy<'_>) -> Option<Change> {
    let mut best: Option<Change> = None;
    let mut consider = |candidate: Change| {
        let newer = match (&best, candidate.at) {
            (None, _) => true,
            (Some(b), Some(at)) => b.at.is_none_or(|t| at > t),
            (Some(_), None) => false,
        };
        if newer {
            best = Some(candidate);
        }
    };
    for fact in policy.facts(kb, Predicate::Changed) {
        let verb = fact.value.as_text().unwrap_or("changed").to_string();
        consider(Change { verb, at: fact.time, tolerance: 0.0, facts: vec![fact.id] });
    }
    for fact in policy.facts(kb, Predicate::CreatedAt) {
        if let Value::Time(at) = fact.value {
            consider(Change { verb: "created".into(), at: Some(at), tolerance: 0.0, facts: vec![fact.id] });
        }
    }
    if let Some(now) = kb.now {
        for fact in policy.facts(kb, Predicate::Age) {
            if let Value::Duration(age) = fact.value {
                let at = Timestamp(now.0 - (age * 1000.0) as i64);
                consider(Change { verb: "created".into(), at: Some(at), tolerance: age_tolerance(age), facts: vec![fact.id] });
            }
        }
    }
    best
}

/// How precisely kubectl prints an AGE: minutes below a few hours, hours below a few days,
/// days beyond.
fn age_tolerance(age: f64) -> f64 {
    if age < 3.0 * 3600.0 {
        60.0
    } else if age < 2.0 * 86400.0 {
        3600.0
    } else {
        86400.0
    }
}

/// A recent (or untimed) change as a claim of its own.
fn changed(kb: &Kb<'_>, claims: &mut Claims, policy: &Policy<'_>, change: &Change) {
    let recent = match (change.at, kb.now) {
        (Some(at), Some(now)) => at.seconds_until(now) <= RECENT_SECONDS,
        (Some(_), None) => true,
        (None, _) => true,
    };
    if !recent {
        return;
    }
    let statement = match change.at {
        Some(at) if change.tolerance > 0.0 => format!("NetworkPolicy {} was {} about {at} (from its AGE)", policy.name, change.verb),
        Some(at) => format!("NetworkPolicy {} was {} at {at}", policy.name, change.verb),
        None => format!("NetworkPolicy {} was {} in this session (the output does not say when)", policy.name, change.verb),
    };
    claims.add(
        ClaimKind::PolicyChanged { policy: policy.id(), approximate: change.tolerance > 0.0 },
        statement,
        change.facts.clone(),
        Some(policy.id()),
        change.at,
    );
}

/// A group of timed-out calls (a `CallFailures` claim), copied out of the claims so new
/// claims can be added while they are read.
struct Timeout {
    target: Option<String>,
    service: Option<EntityId>,
    caller: Option<EntityId>,
    rests_on: Vec<FactId>,
    time: Option<Timestamp>,
}

impl Timeout {
    fn of(claim: &Claim) -> Option<Timeout> {
        let ClaimKind::CallFailures { failure: CallFailure::TimedOut, target, service, caller, .. } = &claim.kind else { return None };
        Some(Timeout { target: target.clone(), service: *service, caller: *caller, rests_on: claim.rests_on.clone(), time: claim.time })
    }
}

/// Whether timeouts began right after the change, or were there before it.
fn timing(kb: &Kb<'_>, claims: &mut Claims, policy: &Policy<'_>, change: &Change, timeout: &Timeout) {
    let (Some(at), Some(first)) = (change.at, timeout.time) else { return };
    if !in_reach(kb, policy, timeout) {
        return;
    }
    let gap = at.seconds_until(first);
    let tolerance = change.tolerance + 1.0;
    let mut rests_on = change.facts.clone();
    rests_on.extend(timeout.rests_on.iter().take(3));
    let about = approximate(change);
    if (-tolerance..=AFTER_CHANGE_WINDOW_SECONDS).contains(&gap) {
        let statement = format!(
            "the first timeout ({first}) came {} after NetworkPolicy {} was {} ({about}{at})",
            human_duration(gap.max(0.0)),
            policy.name,
            change.verb
        );
        claims.add(ClaimKind::FailuresAfterChange { policy: policy.id(), seconds: gap.max(0.0) }, statement, rests_on, Some(policy.id()), Some(first));
    } else if gap < -tolerance {
        let statement = format!(
            "calls were already timing out at {first}, {} before NetworkPolicy {} was {} ({about}{at})",
            human_duration(-gap),
            policy.name,
            change.verb
        );
        claims.add(ClaimKind::FailuresBeforeChange { policy: policy.id(), seconds: -gap }, statement, rests_on, Some(policy.id()), Some(first));
    }
}

fn approximate(change: &Change) -> &'static str {
    if change.tolerance > 0.0 {
        "about "
    } else {
        ""
    }
}

/// Whether a policy can stand between a failing caller and its target: it lives in the
/// namespace of one of them (or a namespace is unknown).
fn in_reach(kb: &Kb<'_>, policy: &Policy<'_>, timeout: &Timeout) -> bool {
    let (service, caller) = (&timeout.service, &timeout.caller);
    let Some(ns) = policy.namespace else { return true };
    let ns_of = |e: &Option<EntityId>| e.and_then(|e| kb.entity(e).namespace.as_deref());
    // The target's namespace is its Service's, else the one its name spells (`minio.media-store`).
    let named = timeout.target.as_deref().and_then(service_host).and_then(|(ns, _)| ns);
    // A side whose namespace the paste does not say may be in the policy's.
    [ns_of(service).or(named), ns_of(caller)].into_iter().any(|side| side.is_none_or(|side| side == ns))
}

/// The labels of one side of a call, as candidate label sets, and its namespace.
struct Side {
    name: String,
    labels: Vec<Vec<(String, String)>>,
    namespace: Option<String>,
    /// The labels of its namespace, when the paste lists them (`get ns --show-labels`).
    namespace_labels: Option<Vec<(String, String)>>,
    facts: Vec<FactId>,
}

impl Side {
    fn new(name: &str, namespace: Option<String>) -> Side {
        Side { name: name.to_string(), labels: Vec::new(), namespace, namespace_labels: None, facts: Vec::new() }
    }

    fn known(&self) -> bool {
        !self.labels.is_empty()
    }

    /// Reads its namespace's labels from the paste, once the namespace is settled.
    fn with_namespace_labels(mut self, kb: &Kb<'_>) -> Side {
        let Some(namespace) = self.namespace.as_deref() else { return self };
        let labels: Vec<&Fact> = kb
            .with(Predicate::Label)
            .filter(|f| {
                let e = kb.entity(f.subject);
                e.kind == EntityKind::Namespace && e.name == namespace
            })
            .collect();
        if !labels.is_empty() {
            self.facts.extend(labels.iter().map(|f| f.id));
            self.namespace_labels = Some(labels.iter().filter_map(|f| f.value.as_pair()).map(|(k, v)| (k.to_string(), v.to_string())).collect());
        }
        self
    }
}

fn pairs_of(set: &LabelSet<'_>) -> Vec<(String, String)> {
    set.labels.iter().filter_map(|f| f.value.as_pair()).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The target of failed calls: the pods its Service selects (or the selector itself, which
/// every such pod carries), else the pods of a workload named like the target.
fn target_side(kb: &Kb<'_>, pods: &[LabelSet<'_>], services: &[Service<'_>], service: Option<EntityId>, target: &str) -> Side {
    let (namespace, name) = service_host(target).unwrap_or((None, target));
    let mut side = Side::new(name, namespace.map(str::to_string));
    let service = service.or_else(|| ServiceNames::new(kb).find(kb, namespace, name));
    if let Some(service) = service {
        side.name = kb.entity(service).name.clone();
        side.namespace = kb.entity(service).namespace.clone();
        if let Some(svc) = services.iter().find(|s| s.id == service) {
            side.labels.push(svc.pairs().map(|(k, v)| (k.to_string(), v.to_string())).collect());
            side.facts.extend(svc.selector.iter().map(|f| f.id));
            for set in pods.iter().filter(|p| svc.selects(kb, p)) {
                side.labels.push(pairs_of(set));
            }
        }
    }
    if side.labels.is_empty() {
        for set in pods.iter().filter(|p| owner_named(kb, p.owner, &side.name)) {
            side.namespace = side.namespace.clone().or_else(|| kb.entity(set.owner).namespace.clone());
            side.labels.push(pairs_of(set));
            side.facts.extend(set.labels.iter().map(|f| f.id));
        }
    }
    side.with_namespace_labels(kb)
}

/// The caller of failed calls: its pods' labels, found through the entity that logged.
fn caller_side(kb: &Kb<'_>, pods: &[LabelSet<'_>], caller: EntityId) -> Side {
    let entity = kb.entity(caller);
    let mut side = Side::new(&entity.name, entity.namespace.clone());
    // A Job run by a CronJob carries the CronJob's template labels.
    let cronjob = (entity.kind == EntityKind::Job).then(|| job_owner(&entity.name)).flatten();
    let direct = |set: &&LabelSet<'_>| {
        set.owner == caller
            || kb.workload_of(set.owner) == Some(caller)
            || cronjob.as_deref().is_some_and(|c| kb.entity(set.owner).kind == EntityKind::CronJob && kb.entity(set.owner).name == c)
    };
    let by_name = |set: &&LabelSet<'_>| owner_named(kb, set.owner, &entity.name);
    let sets: Vec<&LabelSet<'_>> = match pods.iter().filter(direct).collect::<Vec<_>>() {
        found if !found.is_empty() => found,
        _ if matches!(entity.kind, EntityKind::LogSource | EntityKind::Host) => pods.iter().filter(by_name).collect(),
        _ => Vec::new(),
    };
    for set in sets {
        side.namespace = side.namespace.clone().or_else(|| kb.entity(set.owner).namespace.clone());
        side.labels.push(pairs_of(set));
        side.facts.extend(set.labels.iter().map(|f| f.id));
    }
    side.with_namespace_labels(kb)
}

/// Whether pods `owner` (or their workload) go by `name`.
fn owner_named(kb: &Kb<'_>, owner: EntityId, name: &str) -> bool {
    let workload = kb.workload_of(owner).unwrap_or(owner);
    kb.entity(workload).name == name
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Admits {
    Yes,
    No,
    Unknown,
}

/// Whether one policy's peers (`AllowsFrom` or `AllowsTo`) admit the other side.
fn admits(policy: &Policy<'_>, peers: &[&Fact], other: &Side) -> Admits {
    let mut verdict = Admits::No;
    let same_namespace = match (policy.namespace, other.namespace.as_deref()) {
        (Some(a), Some(b)) => Some(a == b),
        _ => None,
    };
    for peer in peers {
        let this = match &peer.value {
            Value::Text(t) if t == "*" => Admits::Yes,
            Value::Text(_) => Admits::Unknown,
            Value::Pair { key, value } => match (key.strip_prefix("namespace:"), key.as_str()) {
                (Some("*"), _) => Admits::Yes,
                (Some("kubernetes.io/metadata.name"), _) => match other.namespace.as_deref() {
                    Some(ns) if ns == value => Admits::Yes,
                    Some(_) => Admits::No,
                    None => Admits::Unknown,
                },
                (Some(label), _) => match &other.namespace_labels {
                    Some(labels) if labels.iter().any(|(k, v)| k == label && v == value) => Admits::Yes,
                    Some(_) => Admits::No,
                    None => Admits::Unknown,
                },
                (None, "*") => match same_namespace {
                    Some(true) => Admits::Yes,
                    Some(false) => Admits::No,
                    None => Admits::Unknown,
                },
                // A bare pod selector admits pods of the policy's own namespace only.
                (None, _) if same_namespace == Some(false) => Admits::No,
                (None, _) if !other.known() => Admits::Unknown,
                (None, _) => {
                    if other.labels.iter().any(|set| set.iter().any(|(k, v)| k == key && v == value)) {
                        Admits::Yes
                    } else {
                        Admits::No
                    }
                }
            },
            _ => Admits::Unknown,
        };
        match this {
            Admits::Yes => return Admits::Yes,
            Admits::Unknown => verdict = Admits::Unknown,
            Admits::No => {}
        }
    }
    verdict
}

/// For one group of timeouts: the policies on the path (ingress at the target, egress at
/// the caller), and whether any admits the traffic.
fn paths(
    kb: &Kb<'_>,
    claims: &mut Claims,
    policies: &[Policy<'_>],
    changes: &[Option<Change>],
    pods: &[LabelSet<'_>],
    services: &[Service<'_>],
    timeout: &Timeout,
) {
    let (Some(target), service, Some(caller)) = (&timeout.target, &timeout.service, &timeout.caller) else { return };
    // Only pods in the cluster are selected by a policy's ingress side.
    let in_cluster = service.is_some() || service_host(target).is_some();
    let target = target_side(kb, pods, services, *service, target);
    let caller_side = caller_side(kb, pods, *caller);
    for egress in [false, true] {
        if !egress && !in_cluster {
            continue;
        }
        let (guarded, other) = if egress { (&caller_side, &target) } else { (&target, &caller_side) };
        let predicate = if egress { Predicate::AllowsTo } else { Predicate::AllowsFrom };
        let mut on_path: Vec<(usize, Admits)> = Vec::new();
        for (i, policy) in policies.iter().enumerate() {
            let labels: Option<&[(String, String)]> = guarded.labels.first().map(Vec::as_slice);
            let selects = guarded.labels.iter().any(|l| policy.selects(kb, Some(l), guarded.namespace.as_deref()) == Some(true))
                || labels.is_none() && policy.selects(kb, None, guarded.namespace.as_deref()) == Some(true);
            // A policy whose rules the paste does not show is taken for what its name says it
            // denies, else for what Kubernetes defaults to: an ingress policy.
            let by_name = policy.denies_by_name().filter(|_| !policy.rules_known(kb));
            let restricts = match by_name {
                _ if policy.rules_known(kb) => policy.restricts(kb, egress),
                Some((ingress_denied, egress_denied)) => if egress { egress_denied } else { ingress_denied },
                None => !egress,
            };
            if !selects || !restricts {
                continue;
            }
            let verdict = match by_name {
                _ if policy.rules_known(kb) => admits(policy, &policy.facts(kb, predicate), other),
                Some(_) => Admits::No,
                None => Admits::Unknown,
            };
            on_path.push((i, verdict));
        }
        if on_path.is_empty() {
            continue;
        }
        // Newest change first: the policy most likely to be the change that broke things.
        let newest = |candidates: &[(usize, Admits)]| {
            candidates.iter().max_by_key(|(i, _)| changes[*i].as_ref().and_then(|c| c.at)).map(|(i, _)| *i)
        };
        let mut rests_on: Vec<FactId> = Vec::new();
        let describe = |i: usize, rests_on: &mut Vec<FactId>| {
            let policy = &policies[i];
            for p in [Predicate::Selector, Predicate::PolicyType, predicate] {
                rests_on.extend(policy.facts(kb, p).iter().map(|f| f.id));
            }
        };
        let direction = if egress { "egress" } else { "ingress" };
        if let Some((i, _)) = on_path.iter().find(|(_, v)| *v == Admits::Yes) {
            let policy = &policies[*i];
            describe(*i, &mut rests_on);
            rests_on.extend(&other.facts);
            let statement = format!("NetworkPolicy {} admits {} traffic between {} and {}", policy.name, direction, caller_side.name, target.name);
            claims.add(ClaimKind::PolicyAllowsCaller { policy: policy.id(), caller: *caller }, statement, rests_on, Some(policy.id()), None);
        } else if on_path.iter().all(|(_, v)| *v == Admits::No) {
            let Some(i) = newest(&on_path) else { continue };
            let policy = &policies[i];
            for (j, _) in &on_path {
                describe(*j, &mut rests_on);
            }
            rests_on.extend(&guarded.facts);
            rests_on.extend(&other.facts);
            let allowed = allowed_peers(kb, policies, &on_path, predicate);
            let whom = if egress { format!("{}'s pods", caller_side.name) } else { format!("{}'s pods", target.name) };
            let names: Vec<&str> = on_path.iter().map(|(j, _)| policies[*j].name).collect();
            let (noun, verb_s) = if names.len() == 1 { ("NetworkPolicy", "s") } else { ("NetworkPolicies", "") };
            let admits = if allowed.is_empty() { format!("admit{verb_s} no {direction} traffic") } else { format!("admit{verb_s} only {}", allowed.join(", ")) };
            let peer_labels = other.labels.first().map(|l| l.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")).unwrap_or_default();
            let other_name = if egress { &target.name } else { &caller_side.name };
            let peer = if peer_labels.is_empty() { String::new() } else { format!(" ({peer_labels})") };
            let statement = format!("{noun} {} select{verb_s} {whom} and {admits}; {other_name}{peer} is not among them", names.join(", "));
            claims.add(
                ClaimKind::PolicyBlocksCaller {
                    policy: policy.id(),
                    caller: *caller,
                    target: target.name.clone(),
                    egress,
                    peer_labels: other.labels.first().cloned().unwrap_or_default(),
                },
                statement,
                rests_on,
                Some(policy.id()),
                None,
            );
        } else if let Some(i) = newest(&on_path) {
            let policy = &policies[i];
            describe(i, &mut rests_on);
            let whom = format!("{}'s pods", guarded.name);
            let statement = format!("NetworkPolicy {} isolates {whom} for {direction}; whether it admits {} the paste does not show", policy.name, other.name);
            claims.add(ClaimKind::PolicyIsolates { policy: policy.id(), egress }, statement, rests_on, Some(policy.id()), None);
        }
    }
}

/// The peers the policies admit, as written (`app=storefront`, `namespace:team=ops`).
fn allowed_peers(kb: &Kb<'_>, policies: &[Policy<'_>], on_path: &[(usize, Admits)], predicate: Predicate) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, _) in on_path {
        for fact in policies[*i].facts(kb, predicate) {
            let text = fact.value.to_string();
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}


#[cfg(test)]
mod tests {
    use crate::infer::claim::ClaimKind;

    #[test]
    fn a_deny_policy_known_only_by_name_selects_its_whole_namespace() {
        let paste = "Flux notification:\nKustomization applied in revision main@sha1:6fa02e9b\nNetworkPolicy/cache/default-deny-ingress created\n\n\
$ kubectl -n ingest exec ingest-5c94f7db8-6k2wq -- nc -vz -w 3 redis-master.cache 6379\nnc: redis-master.cache (10.0.148.22:6379): Operation timed out\n";
        let blocks: Vec<String> = crate::infer::derive::with_claims(paste, |_, claims| {
            claims.all().iter().filter(|c| matches!(c.kind, ClaimKind::PolicyBlocksCaller { .. })).map(|c| c.statement.clone()).collect()
        });
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        assert!(blocks[0].contains("default-deny-ingress selects redis-master's pods"), "{blocks:?}");
    }
}
