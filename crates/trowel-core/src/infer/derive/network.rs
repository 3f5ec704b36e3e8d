//! Claims about Services and the calls aimed at them: a selector that matches no pod (and
//! the near miss it was meant for), endpoints, target ports, whether the intended backends
//! are ready, and failed calls — refused, answered 503 by a proxy, or timed out — with the
//! Service they were aimed at. NetworkPolicy claims build on these in [`super::policy`].
//!
//! Labels are compared as sets of `key=value` pairs: a Service selects the pods that carry
//! every pair of its selector. Pods are known by their own labels (`--show-labels`, pod
//! YAML) or by the labels their workload's template gives them.

use crate::entity_map::{EntityMap, EntitySet};
use crate::fact::{EntityId, EntityKind, Fact, FactId, Predicate, Value};
use crate::infer::claim::{CallFailure, ClaimKind, Claims};
use crate::infer::derive::text::{contains_any, find_ci};
use crate::infer::kb::{kind_title, Kb};
use crate::span::Span;
use crate::hash::HashMap;

/// Labels Kubernetes puts on pods by itself; they say nothing about what a Service means
/// to select.
const GENERATED_LABELS: &[&str] = &[
    "pod-template-hash",
    "controller-revision-hash",
    "pod-template-generation",
    "statefulset.kubernetes.io/pod-name",
    "controller-uid",
    "batch.kubernetes.io/controller-uid",
    "job-name",
    "batch.kubernetes.io/job-name",
];

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    let pods = label_sets(kb);
    let services = services(kb);
    for service in &services {
        selector(kb, claims, service, &pods);
    }
    endpoints(kb, claims);
    call_failures(kb, claims);
}

/// Labels some pods carry: one pod's own, or those a workload's template gives its pods.
pub struct LabelSet<'a> {
    /// The pod, or the workload whose template it is.
    pub owner: EntityId,
    pub labels: Vec<&'a Fact>,
}

impl LabelSet<'_> {
    pub fn has(&self, key: &str, value: &str) -> bool {
        self.labels.iter().any(|f| f.value.as_pair() == Some((key, value)))
    }

    fn value_of(&self, key: &str) -> Option<&str> {
        self.labels.iter().find_map(|f| f.value.as_pair().filter(|(k, _)| *k == key).map(|(_, v)| v))
    }
}

/// Every pod's labels and every pod template's, in first-seen order. Pods of a workload
/// whose template is known are left out: they carry what the template says.
pub fn label_sets<'a>(kb: &Kb<'a>) -> Vec<LabelSet<'a>> {
    let mut out: Vec<LabelSet<'a>> = Vec::new();
    let mut index: EntityMap<usize> = EntityMap::new();
    for fact in kb.with(Predicate::TemplateLabel).chain(kb.with(Predicate::Label)) {
        let is_pod = kb.entity(fact.subject).kind == EntityKind::Pod;
        if fact.predicate == Predicate::Label && !is_pod {
            continue;
        }
        if fact.value.as_pair().is_some_and(|(k, _)| GENERATED_LABELS.contains(&k)) {
            continue;
        }
        match index.get(fact.subject) {
            Some(&i) => out[i].labels.push(fact),
            None => {
                index.insert(fact.subject, out.len());
                out.push(LabelSet { owner: fact.subject, labels: vec![fact] });
            }
        }
    }
    let templated: EntitySet = out.iter().filter(|s| kb.entity(s.owner).kind != EntityKind::Pod).map(|s| s.owner).collect();
    if !templated.is_empty() {
        out.retain(|s| kb.entity(s.owner).kind != EntityKind::Pod || !kb.workload_of(s.owner).is_some_and(|w| templated.contains(w)));
    }
    out
}

/// A Service and the pairs of its selector.
pub struct Service<'a> {
    pub id: EntityId,
    pub selector: Vec<&'a Fact>,
}

impl Service<'_> {
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.selector.iter().filter_map(|f| f.value.as_pair())
    }

    /// The selector as `k=v,k=v`.
    pub fn text(&self) -> String {
        self.pairs().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
    }

    /// Whether pods carrying `set` are selected.
    pub fn selects(&self, kb: &Kb<'_>, set: &LabelSet<'_>) -> bool {
        same_namespace(kb, self.id, set.owner) && self.pairs().all(|(k, v)| set.has(k, v))
    }
}

/// Services with a selector, in first-seen order.
pub fn services<'a>(kb: &Kb<'a>) -> Vec<Service<'a>> {
    let mut out: Vec<Service<'a>> = Vec::new();
    for fact in kb.with(Predicate::Selector).filter(|f| kb.entity(f.subject).kind == EntityKind::Service) {
        match out.iter_mut().find(|s| s.id == fact.subject) {
            Some(service) => {
                if !service.selector.iter().any(|f| f.value == fact.value) {
                    service.selector.push(fact);
                }
            }
            None => out.push(Service { id: fact.subject, selector: vec![fact] }),
        }
    }
    out
}

/// Two entities can be in one namespace: equal namespaces, or one of them unknown.
pub fn same_namespace(kb: &Kb<'_>, a: EntityId, b: EntityId) -> bool {
    match (&kb.entity(a).namespace, &kb.entity(b).namespace) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Services and Endpoints by name, so failed calls and endpoint listings find their
/// Service with a lookup.
pub struct ServiceNames<'a> {
    by_name: HashMap<&'a str, Vec<EntityId>>,
    /// Services by their cluster address (`clusterIP`), for calls that dial the address.
    by_address: HashMap<&'a str, EntityId>,
}

impl<'a> ServiceNames<'a> {
    pub fn new(kb: &Kb<'a>) -> ServiceNames<'a> {
        let mut by_name: HashMap<&'a str, Vec<EntityId>> = HashMap::default();
        for (i, entity) in kb.facts().entities().iter().enumerate() {
            if matches!(entity.kind, EntityKind::Service | EntityKind::Endpoints) {
                by_name.entry(entity.name.as_str()).or_default().push(EntityId(i as u32));
            }
        }
        let mut by_address: HashMap<&'a str, EntityId> = HashMap::default();
        for fact in kb.with(Predicate::Setting).filter(|f| kb.entity(f.subject).kind == EntityKind::Service) {
            if let Some(("clusterIP", address)) = fact.value.as_pair() {
                by_address.entry(address).or_insert(fact.subject);
            }
        }
        ServiceNames { by_name, by_address }
    }

    /// The Service whose cluster address is `address`, as its namespace and name.
    pub fn at_address(&self, kb: &Kb<'a>, address: &str) -> Option<(Option<&'a str>, &'a str)> {
        let entity = kb.entity(*self.by_address.get(address)?);
        Some((entity.namespace.as_deref(), entity.name.as_str()))
    }

    /// The Service named `name` in a namespace compatible with `namespace`, else its
    /// Endpoints (when no Service object was pasted).
    pub fn find(&self, kb: &Kb<'_>, namespace: Option<&str>, name: &str) -> Option<EntityId> {
        let candidates = self.by_name.get(name)?;
        let fits = |kind: EntityKind| {
            candidates.iter().copied().find(|id| {
                let e = kb.entity(*id);
                e.kind == kind && (namespace.is_none() || e.namespace.is_none() || e.namespace.as_deref() == namespace)
            })
        };
        fits(EntityKind::Service).or_else(|| fits(EntityKind::Endpoints))
    }
}

/// `name`, `name.ns`, `name.ns.svc`, `name.ns.svc.cluster.local`: the Service and namespace
/// a host names inside the cluster; None for an address or an outside domain.
pub fn service_host(host: &str) -> Option<(Option<&str>, &str)> {
    let host = host.trim_end_matches('.');
    if host.is_empty() || host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    match labels.as_slice() {
        [name] => Some((None, name)),
        [name, ns] if *ns != "svc" => Some((Some(ns), name)),
        [name, ns, "svc", ..] => Some((Some(ns), name)),
        _ => None,
    }
}

/// Selector claims for one Service: the pods it selects, or the near miss it was meant
/// for; then the readiness and ports of those pods.
fn selector(kb: &Kb<'_>, claims: &mut Claims, service: &Service<'_>, pods: &[LabelSet<'_>]) {
    let name = &kb.entity(service.id).name;
    let candidates: Vec<&LabelSet<'_>> = pods.iter().filter(|p| same_namespace(kb, service.id, p.owner)).collect();
    if candidates.is_empty() {
        return;
    }
    let selector_facts: Vec<FactId> = service.selector.iter().map(|f| f.id).collect();
    let matched: Vec<&LabelSet<'_>> = candidates.iter().copied().filter(|p| service.selects(kb, p)).collect();
    let backends: Vec<&LabelSet<'_>> = if let Some(first) = matched.first() {
        let target = owner_name(kb, first.owner);
        let statement = format!("Service {name} selects {}, which {target} carry", service.text());
        let mut rests_on = selector_facts.clone();
        for set in &matched {
            rests_on.extend(set.labels.iter().filter(|f| f.value.as_pair().is_some_and(|(k, _)| service.pairs().any(|(sk, _)| sk == k))).map(|f| f.id));
        }
        claims.add(ClaimKind::SelectorMatches { service: service.id, target: first.owner }, statement, rests_on, Some(service.id), None);
        matched
    } else if let Some((near, missing)) = nearest(kb, service, &candidates) {
        let target = owner_name(kb, near.owner);
        let carried: Vec<String> = service
            .pairs()
            .filter_map(|(k, _)| near.value_of(k).map(|v| format!("{k}={v}")))
            .collect();
        let carry = if carried.is_empty() {
            format!("{target} carry {}", near.labels.iter().map(|f| f.value.to_string()).collect::<Vec<_>>().join(","))
        } else {
            format!("{target} carry {}", carried.join(","))
        };
        let statement = format!("Service {name} selects {}, but {carry}: no pod carries {}", service.text(), missing.join(","));
        let mut rests_on = selector_facts.clone();
        rests_on.extend(near.labels.iter().filter(|f| related_label(f, service)).map(|f| f.id));
        claims.add(
            ClaimKind::SelectorMismatch { service: service.id, target: near.owner, missing },
            statement,
            rests_on,
            Some(service.id),
            None,
        );
        vec![near]
    } else {
        let statement = format!(
            "Service {name} selects {}, which none of the {} pod label sets in the paste carries",
            service.text(),
            candidates.len()
        );
        claims.add(ClaimKind::SelectorMatchesNothing { service: service.id, checked: candidates.len() }, statement, selector_facts, Some(service.id), None);
        Vec::new()
    };
    for set in backends.iter().take(1) {
        readiness(kb, claims, service.id, set.owner);
    }
    target_port(kb, claims, service.id, &backends);
}

/// The pods or pod template a selector that matches nothing was most likely meant for,
/// and the selector pairs none of them carries. A near miss shares a selector pair, or has
/// a selector key with a value one typo away, or a selector value under another key; the
/// owner's name resembling the Service's counts in its favour but never alone.
fn nearest<'s, 'a>(kb: &Kb<'_>, service: &Service<'_>, candidates: &[&'s LabelSet<'a>]) -> Option<(&'s LabelSet<'a>, Vec<String>)> {
    let service_name = &kb.entity(service.id).name;
    let mut best: Option<(usize, &LabelSet<'_>)> = None;
    for set in candidates {
        let mut score = 0;
        let mut close = false;
        for (key, value) in service.pairs() {
            match set.value_of(key) {
                Some(v) if v == value => {
                    score += 2;
                    close = true;
                }
                Some(v) if similar(v, value) => {
                    score += 1;
                    close = true;
                }
                _ if set.labels.iter().any(|f| f.value.as_pair().is_some_and(|(_, v)| v == value)) => {
                    score += 1;
                    close = true;
                }
                _ => {}
            }
        }
        let owner = &kb.entity(kb.workload_of(set.owner).unwrap_or(set.owner)).name;
        if owner == service_name || similar(owner, service_name) || owner.contains(service_name.as_str()) || service_name.contains(owner.as_str()) {
            score += 1;
        }
        if close && score >= 2 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, set));
        }
    }
    let (_, set) = best?;
    let missing = service.pairs().filter(|(k, v)| !set.has(k, v)).map(|(k, v)| format!("{k}={v}")).collect();
    Some((set, missing))
}

/// Two names one or two typos apart (`payment-api`/`payments-api`, `v1`/`v2`), scaled to
/// their length, or one the other with a word added among its `-`/`.`/`_`-separated words
/// (`cart`/`cart-v2`, `api-tg`/`api-v3-tg`: a version or track pinned in one of them).
fn similar(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let allowed = (a.len().min(b.len()) / 5).clamp(1, 2);
    a.len().abs_diff(b.len()) <= allowed && edit_distance(a, b) <= allowed || one_word_added(a, b) || one_word_added(b, a)
}

/// Whether `longer` is `shorter` with one separated word added (`api-tg` → `api-v3-tg`).
fn one_word_added(shorter: &str, longer: &str) -> bool {
    let words = |s: &str| s.split(['-', '.', '_']).map(str::to_string).collect::<Vec<_>>();
    let (short, long) = (words(shorter), words(longer));
    long.len() == short.len() + 1 && short.iter().all(|w| !w.is_empty()) && (0..long.len()).any(|skip| long.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, w)| w).eq(short.iter()))
}

/// Levenshtein distance over bytes, for short label values.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// A label worth quoting next to a selector: same key, or the same value under another key.
fn related_label(fact: &Fact, service: &Service<'_>) -> bool {
    fact.value.as_pair().is_some_and(|(k, v)| service.pairs().any(|(sk, sv)| sk == k || sv == v))
}

/// Whether `id` is `ancestor` or owned by it, up the `owned_by` chain.
fn descends_from(kb: &Kb<'_>, id: EntityId, ancestor: EntityId) -> bool {
    let mut at = Some(id);
    for _ in 0..8 {
        match at {
            Some(e) if e == ancestor => return true,
            Some(e) => at = kb.owner(e),
            None => return false,
        }
    }
    false
}

/// "the pods of deployment x", "pod y".
pub fn owner_name(kb: &Kb<'_>, owner: EntityId) -> String {
    let entity = kb.entity(owner);
    match entity.kind {
        EntityKind::Pod => match kb.workload_of(owner) {
            Some(w) => format!("the pods of {} {}", kind_title(&kb.entity(w).kind), kb.entity(w).name),
            None => format!("pod {}", entity.name),
        },
        _ => format!("the pods of {} {}", kind_title(&entity.kind), entity.name),
    }
}

/// Whether the pods a Service is meant to reach are ready: their READY ratios (or the
/// workload's available count) all full, or all short.
fn readiness(kb: &Kb<'_>, claims: &mut Claims, service: EntityId, owner: EntityId) {
    // READY ratios of the workload and its pods, and pods' `Ready` conditions.
    let facts: Vec<&Fact> = kb
        .with(Predicate::Ready)
        .chain(kb.with(Predicate::Condition).filter(|f| f.value.as_pair().is_some_and(|(k, _)| k == "Ready")))
        .filter(|f| f.subject == owner || matches!(kb.entity(f.subject).kind, EntityKind::Pod) && descends_from(kb, f.subject, owner))
        .collect();
    let ratios: Vec<(f64, f64)> = facts
        .iter()
        .filter_map(|f| match &f.value {
            Value::Ratio { num, den } if *den > 0.0 => Some((*num, *den)),
            Value::Pair { value, .. } if value.eq_ignore_ascii_case("true") => Some((1.0, 1.0)),
            Value::Pair { value, .. } if value.eq_ignore_ascii_case("false") => Some((0.0, 1.0)),
            _ => None,
        })
        .collect();
    if ratios.is_empty() {
        return;
    }
    let who = owner_name(kb, owner);
    let name = &kb.entity(service).name;
    let rests_on = facts.iter().map(|f| f.id).collect();
    if ratios.iter().all(|(num, den)| num >= den) {
        let statement = format!("{who} are Ready: they pass their readiness checks, so Service {name} could route to them");
        claims.add(ClaimKind::BackendsReady { service }, statement, rests_on, Some(service), None);
    } else if ratios.iter().all(|(num, den)| num < den) {
        let statement = format!("{who} are not Ready, which alone keeps them out of Service {name}'s endpoints");
        claims.add(ClaimKind::BackendsNotReady { service }, statement, rests_on, Some(service), None);
    }
}

/// A numeric target port on which no container of the backends declares a port or is
/// probed (named ports cannot be checked: the paste rarely shows container port names).
fn target_port(kb: &Kb<'_>, claims: &mut Claims, service: EntityId, backends: &[&LabelSet<'_>]) {
    let targets: Vec<(&Fact, &str)> = kb
        .about(service, Predicate::TargetPort)
        .filter_map(|f| f.value.as_text().map(|t| (f, t)))
        .chain(kb.about(service, Predicate::Setting).filter_map(|f| f.value.as_pair().filter(|(k, _)| *k == "targetPort").map(|(_, v)| (f, v))))
        .filter(|(_, t)| t.parse::<u16>().is_ok())
        .collect();
    if targets.is_empty() || backends.is_empty() {
        return;
    }
    let owners: Vec<EntityId> = backends.iter().map(|b| b.owner).collect();
    // Where the containers listen: the ports they declare, and the ports their probes check.
    let ports: Vec<&Fact> = [Predicate::Port, Predicate::ReadinessProbe, Predicate::LivenessProbe]
        .into_iter()
        .flat_map(|p| kb.with(p))
        .filter(|f| f.subject != service && matches!(kb.entity(f.subject).kind, EntityKind::Container | EntityKind::Pod))
        .filter(|f| owners.iter().any(|o| descends_from(kb, f.subject, *o)))
        .collect();
    let mut declared: Vec<f64> = ports
        .iter()
        .filter_map(|f| match &f.value {
            Value::Number(n) => Some(*n),
            Value::Address(a) => a.port.map(f64::from),
            _ => None,
        })
        .collect();
    crate::sort::by(&mut declared, f64::total_cmp);
    declared.dedup();
    if declared.is_empty() {
        return;
    }
    let name = &kb.entity(service).name;
    for (fact, target) in targets {
        let number: f64 = target.parse::<u16>().map(f64::from).unwrap_or(-1.0);
        if declared.contains(&number) {
            let statement = format!("Service {name} forwards to port {target}, where its pods' containers listen");
            claims.add(ClaimKind::TargetPortMatches { service }, statement, vec![fact.id], Some(service), None);
        } else {
            let listed: Vec<String> = declared.iter().map(|p| crate::fact::format_number(*p)).collect();
            let statement = format!(
                "Service {name} forwards to port {target}, but its pods' containers declare and are probed on {} only: unless the process also listens on {target}, connections are refused",
                listed.join(", ")
            );
            let mut rests_on = vec![fact.id];
            rests_on.extend(ports.iter().map(|f| f.id));
            claims.add(ClaimKind::TargetPortMismatch { service, target_port: target.to_string() }, statement, rests_on, Some(service), None);
        }
    }
}

/// Endpoints of each Service: `Endpoints: <none>` (describe), `<none>` under ENDPOINTS
/// (`kubectl get endpoints`), an Endpoints object without addresses, or a proxy's log
/// saying the Service has no active endpoint.
fn endpoints(kb: &Kb<'_>, claims: &mut Claims) {
    let names = ServiceNames::new(kb);
    let mut groups: Vec<(EntityId, Vec<&Fact>)> = Vec::new();
    let mut add = |service: EntityId, fact| match groups.iter_mut().find(|(s, _)| *s == service) {
        Some((_, facts)) => facts.push(fact),
        None => groups.push((service, vec![fact])),
    };
    for fact in kb.with(Predicate::Endpoints) {
        let entity = kb.entity(fact.subject);
        let service = match entity.kind {
            EntityKind::Endpoints => names.find(kb, entity.namespace.as_deref(), &entity.name).unwrap_or(fact.subject),
            _ => fact.subject,
        };
        add(service, fact);
    }
    let mut reported: Vec<(EntityId, &Fact)> = Vec::new();
    for fact in kb.with(Predicate::Log).chain(kb.with(Predicate::Event)) {
        let Some(text) = message(fact) else { continue };
        let phrase = ["does not have any active endpoint", "no endpoints available for service", "has no endpoints"]
            .iter()
            .find_map(|p| find_ci(text, p).map(|at| (at, p.len())));
        let Some((at, len)) = phrase else { continue };
        let Some(quoted) = nearest_quoted(text, at, at + len) else { continue };
        let (namespace, name) = match quoted.split_once('/') {
            Some((ns, name)) => (Some(ns), name),
            None => (None, quoted),
        };
        if let Some(service) = names.find(kb, namespace, name) {
            reported.push((service, fact));
        }
    }
    for (service, facts) in groups {
        let name = &kb.entity(service).name;
        let rests_on: Vec<FactId> = facts.iter().map(|f| f.id).collect();
        // `get endpoints` prints `<none>`, `get endpointslices` `<unset>`, for no address.
        let none = |f: &&Fact| f.value.as_text().is_some_and(|t| matches!(t.trim(), "<none>" | "<unset>" | ""));
        if facts.iter().all(none) {
            let mut rests_on = rests_on;
            rests_on.extend(reported.iter().filter(|(s, _)| *s == service).map(|(_, f)| f.id));
            claims.add(ClaimKind::NoEndpoints { service }, format!("Service {name} has no endpoints (`<none>`)"), rests_on, Some(service), None);
        } else {
            let with: Vec<FactId> = facts.iter().filter(|f| !none(f)).map(|f| f.id).collect();
            claims.add(ClaimKind::HasEndpoints { service }, format!("Service {name} has endpoints"), with, Some(service), None);
        }
    }
    // A proxy's word alone, when no endpoints listing was pasted.
    let mut done: Vec<EntityId> = claims.matching(|k| matches!(k, ClaimKind::NoEndpoints { .. } | ClaimKind::HasEndpoints { .. })).filter_map(|c| c.subject).collect();
    for (service, fact) in &reported {
        if done.contains(service) {
            continue;
        }
        done.push(*service);
        let name = &kb.entity(*service).name;
        let rests_on = reported.iter().filter(|(s, _)| s == service).map(|(_, f)| f.id).collect();
        claims.add(ClaimKind::NoEndpoints { service: *service }, format!("the proxy reports that Service {name} has no active endpoint"), rests_on, Some(*service), fact.time);
    }
}

/// The text of a log line or an event.
pub fn message(fact: &Fact) -> Option<&str> {
    match &fact.value {
        Value::Log { message, .. } => Some(message),
        Value::Event(e) => Some(&e.message),
        Value::Text(text) if fact.predicate == Predicate::StatusMessage => Some(text),
        _ => None,
    }
}

/// The quoted name closest to `start..end` (before or after), escapes removed:
/// `Service \"shop/cart\" does not have any active Endpoint`.
fn nearest_quoted(text: &str, start: usize, end: usize) -> Option<&str> {
    let quotes: Vec<usize> = text.match_indices('"').map(|(i, _)| i).collect();
    quotes
        .chunks_exact(2)
        .map(|pair| (pair[0], pair[1]))
        .filter(|(open, close)| close > open)
        .map(|(open, close)| {
            let distance = if close <= start { start - close } else { open.saturating_sub(end) };
            (distance, text[open + 1..close].trim_matches('\\'))
        })
        .filter(|(_, name)| !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-./".contains(&b)))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, name)| name)
}

/// Phrases of failed calls, by how they failed, and of failures that are not the network's.
const NOT_THE_NETWORK: &[&str] = &["probe failed", "probe error", "connection is not available", "pool exhausted"];
pub(crate) const REFUSED: &[&str] = &["connection refused", "econnrefused", "refused connection"];
pub(crate) const UNAVAILABLE: &[&str] = &[
    "no healthy upstream",
    "503 service unavailable",
    "upstream connect error",
    "no endpoints available",
    "http 503",
    "status=503",
    "status 503",
    "status code 503",
    "\" 503 ",
];
pub(crate) const TIMED_OUT: &[&str] = &[
    "i/o timeout",
    "connection timed out",
    "connect timed out",
    "connect timeout",
    // Python's httpx and requests (`httpx.ConnectTimeout`, `requests.exceptions.ConnectTimeout`),
    // urllib3's `ConnectTimeoutError`, Java's `ConnectTimeoutException`.
    "connecttimeout",
    "etimedout",
    "context deadline exceeded",
    "deadline_exceeded",
    "client.timeout exceeded",
    "sockettimeoutexception",
    "read timed out",
    // libpq (`port 5432 failed: timeout expired`), BSD/macOS sockets, netcat (`(tcp) timed out`).
    "timeout expired",
    "operation timed out",
    "(tcp) timed out",
    // Kafka's clients: `Disconnecting from node 1 due to socket connection setup timeout`.
    "socket connection setup timeout",
];

/// How a message says a call failed, if it does. Probe failures are the kubelet's checks,
/// and a pool that has no free connection is not the network; both are left to their own
/// classes.
pub fn failure_of(text: &str) -> Option<CallFailure> {
    if contains_any(text, NOT_THE_NETWORK) {
        None
    } else if contains_any(text, REFUSED) {
        Some(CallFailure::Refused)
    } else if contains_any(text, UNAVAILABLE) {
        Some(CallFailure::Unavailable)
    } else if contains_any(text, TIMED_OUT) {
        Some(CallFailure::TimedOut)
    } else {
        None
    }
}

/// One failed call, read off a log line or event.
struct Failure<'a> {
    fact: &'a Fact,
    failure: CallFailure,
    /// The host as named (a URL's or `host:port`'s host, or a Service name in the text).
    target: Option<String>,
    service: Option<EntityId>,
    /// Who logged it, when the paste says (not the `logs` placeholder for unnamed lines).
    caller: Option<EntityId>,
}

/// Failed calls grouped by how they failed and what they were aimed at. A target is the
/// in-cluster host a line calls (`orders-api.orders.svc.cluster.local` → `orders-api`), a
/// Service or in-cluster name the line mentions, else the outside host it calls; a line
/// that names no target joins its caller's only target for that kind of failure.
fn call_failures(kb: &Kb<'_>, claims: &mut Claims) {
    // The hosts a log line names, by the line's span: an in-cluster name first.
    let mut hosts: HashMap<Span, &str> = HashMap::default();
    for connect in kb.with(Predicate::ConnectsTo) {
        let Value::Address(a) = &connect.value else { continue };
        let Some(host) = a.host.as_deref() else { continue };
        let known = hosts.get(&connect.span).is_some_and(|h| service_host(h).is_some());
        if !known {
            hosts.insert(connect.span, host);
        }
    }
    let services = ServiceNames::new(kb);
    // Names a line may mention bare: Services, and in-cluster hosts other lines call.
    let mut names: Vec<(Option<&str>, &str)> = kb
        .facts()
        .entities()
        .iter()
        .filter(|e| e.kind == EntityKind::Service)
        .map(|e| (e.namespace.as_deref(), e.name.as_str()))
        .collect();
    for host in hosts.values() {
        if let Some(named) = service_host(host).filter(|(_, n)| n.contains('-') || n.len() >= 6) {
            if !names.iter().any(|(_, n)| *n == named.1) {
                names.push(named);
            }
        }
    }
    crate::sort::natural(&mut names);
    names.retain(|(_, n)| n.len() >= 3);
    let mut failures: Vec<Failure<'_>> = Vec::new();
    for fact in kb.with(Predicate::Log).chain(kb.with(Predicate::Event)).filter(|f| kb.may_say(f)) {
        let Some(text) = message(fact) else { continue };
        let Some(failure) = failure_of(text) else { continue };
        let host = hosts.get(&fact.span).copied();
        let in_cluster = cluster_host_in(text)
            .and_then(service_host)
            .or_else(|| host.and_then(service_host))
            .or_else(|| host.and_then(|h| services.at_address(kb, h)))
            .or_else(|| names.iter().copied().find(|(_, n)| contains_word(text, n)));
        // In-cluster targets read `name.namespace` when the namespace is known, which
        // `service_host` reads back.
        // A Service's own proxy reporting that its backends failed it (Fly's `proxy[…]`
        // lines): the failure is at that Service, whatever address the line shows.
        let own = kb.entity(fact.subject);
        let (target, service) = match (in_cluster, host) {
            _ if own.kind == EntityKind::Service => (Some(own.name.clone()), Some(fact.subject)),
            (Some((ns, name)), _) => {
                let ns = ns.or_else(|| services.find(kb, None, name).and_then(|s| kb.entity(s).namespace.as_deref()));
                let shown = ns.map_or_else(|| name.to_string(), |ns| format!("{name}.{ns}"));
                (Some(shown), services.find(kb, ns, name))
            }
            (None, Some(h)) => (Some(h.to_string()), None),
            (None, None) => (None, None),
        };
        let caller = Some(resolve_caller(kb, fact.subject)).filter(|c| !is_placeholder_source(kb, *c) && own.kind != EntityKind::Service);
        failures.push(Failure { fact, failure, target, service, caller });
    }
    // A bare name another line gives with its namespace is that target.
    let mut qualified: Vec<String> = failures.iter().filter_map(|f| f.target.clone()).filter(|t| t.contains('.')).collect();
    crate::sort::natural(&mut qualified);
    qualified.dedup();
    for f in failures.iter_mut() {
        let Some(bare) = f.target.clone().filter(|t| !t.contains('.')) else { continue };
        let mut matching = qualified.iter().filter(|q| q.split('.').next() == Some(bare.as_str()));
        if let (Some(one), None) = (matching.next(), matching.next()) {
            f.target = Some(one.clone());
        }
    }
    let mut targeted: Vec<(Option<EntityId>, CallFailure, String, Option<EntityId>)> =
        failures.iter().filter_map(|f| f.target.clone().map(|t| (f.caller, f.failure, t, f.service))).collect();
    crate::sort::natural(&mut targeted);
    targeted.dedup();
    for f in failures.iter_mut().filter(|f| f.target.is_none()) {
        let mut theirs = targeted.iter().filter(|(c, k, _, _)| *c == f.caller && *k == f.failure);
        if let Some((_, _, target, service)) = theirs.next() {
            if theirs.all(|(_, _, t, _)| t == target) {
                f.target = Some(target.clone());
                f.service = *service;
            }
        }
    }
    let mut groups: Vec<((CallFailure, Option<String>), Vec<&Failure<'_>>)> = Vec::new();
    let mut index: HashMap<(CallFailure, Option<String>), usize> = HashMap::default();
    for f in &failures {
        let key = (f.failure, f.target.clone());
        match index.get(&key) {
            Some(&i) => groups[i].1.push(f),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, vec![f]));
            }
        }
    }
    for ((failure, target), group) in groups {
        // The earliest timed failure starts the group; an untimed one (a check's output)
        // says nothing about when failures began.
        let Some(first) = group.iter().min_by_key(|f| (f.fact.time.is_none(), f.fact.time, f.fact.id)) else { continue };
        let caller = first.caller.or_else(|| group.iter().find_map(|f| f.caller));
        let last = group.iter().filter_map(|f| f.fact.time).max();
        let service = group.iter().find_map(|f| f.service);
        let from = caller.map(|c| format!(" from {}", kb.entity(c).name)).unwrap_or_default();
        let aimed = match &target {
            Some(t) => format!(" to {t}"),
            None => String::new(),
        };
        let when = match (first.fact.time, last) {
            (Some(a), Some(b)) if a != b => format!(" from {a} to {b}"),
            (Some(a), _) => format!(" at {a}"),
            _ => String::new(),
        };
        let times = if group.len() == 1 { String::new() } else { format!(" ({} times)", group.len()) };
        let statement = format!("calls{from}{aimed} {}{times}{when}", failure.words());
        let rests_on: Vec<FactId> = group.iter().map(|f| f.fact.id).collect();
        claims.add(
            ClaimKind::CallFailures { failure, target: target.clone(), service, caller, count: group.len() },
            statement,
            rests_on,
            service.or(caller),
            first.fact.time,
        );
    }
}

/// Who made a call: the workload behind the pod or object that logged it, or the workload a
/// named log source (`[ts] notifier | …`) is named after.
fn resolve_caller(kb: &Kb<'_>, subject: EntityId) -> EntityId {
    let workload = kb.workload_of(subject).unwrap_or(subject);
    let entity = kb.entity(workload);
    if entity.kind != EntityKind::LogSource {
        return workload;
    }
    kb.facts()
        .entities()
        .iter()
        .position(|e| e.kind.is_workload() && e.name == entity.name)
        .map_or(workload, |i| EntityId(i as u32))
}

/// The log source Trowel names `logs` when a line says nothing about who wrote it.
pub fn is_placeholder_source(kb: &Kb<'_>, id: EntityId) -> bool {
    let entity = kb.entity(id);
    entity.kind == EntityKind::LogSource && matches!(entity.name.as_str(), "logs" | "note")
}

/// An in-cluster DNS name a message spells out, with or without a port
/// (`(redis-cart.storefront.svc.cluster.local)`).
pub fn cluster_host_in(text: &str) -> Option<&str> {
    let at = text.find(".svc")?;
    let is_host = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
    let bytes = text.as_bytes();
    let start = bytes[..at].iter().rposition(|b| !is_host(*b)).map_or(0, |i| i + 1);
    let end = bytes[at..].iter().position(|b| !is_host(*b)).map_or(text.len(), |i| at + i);
    Some(text[start..end].trim_end_matches('.')).filter(|h| !h.starts_with('.'))
}

/// `word` in `text` with no name characters on either side.
fn contains_word(text: &str, word: &str) -> bool {
    let is_name = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    text.match_indices(word).any(|(at, _)| !is_name(text[..at].chars().next_back()) && !is_name(text[at + word.len()..].chars().next()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timed_line_starts_failures_and_an_in_cluster_check_names_the_caller() {
        let paste = "2025-02-16T14:31:02Z ERROR upload failed: Put \"http://minio.store.svc.cluster.local:9000/x\": dial tcp 10.0.1.6:9000: i/o timeout\n\n$ kubectl exec -n media deploy/worker -- curl -s --max-time 5 http://minio.store.svc.cluster.local:9000/health\ncurl: (28) Connection timed out after 5001 milliseconds\n";
        let ingest = crate::ingest(paste);
        let kb = Kb::new(paste, &ingest);
        let claims = crate::infer::derive::derive(&kb);
        let failures: Vec<&crate::infer::claim::Claim> = claims.matching(|k| matches!(k, ClaimKind::CallFailures { .. })).collect();
        assert_eq!(failures.len(), 1, "{failures:?}");
        let ClaimKind::CallFailures { caller, count, .. } = failures[0].kind.clone() else { unreachable!() };
        assert_eq!(count, 2);
        assert_eq!(caller.map(|c| kb.entity(c).name.as_str()), Some("worker"));
        assert!(failures[0].time.is_some(), "the log line's time, not the untimed check's");
    }

    #[test]
    fn typos_are_similar_other_names_are_not() {
        assert!(similar("payment-api", "payments-api"));
        assert!(similar("v1", "v2"));
        assert!(!similar("search-api", "search-gateway"));
        assert!(!similar("blue", "green"));
        assert!(similar("ingest-tg", "ingest-v3-tg") && similar("cart-v2", "cart"));
        assert!(!similar("api", "api-v2-tg") && !similar("web-a", "web-b-c"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn cluster_hosts_name_services() {
        assert_eq!(service_host("orders-api.orders.svc.cluster.local"), Some((Some("orders"), "orders-api")));
        assert_eq!(service_host("orders-api.orders"), Some((Some("orders"), "orders-api")));
        assert_eq!(service_host("orders-api"), Some((None, "orders-api")));
        assert_eq!(service_host("10.96.0.12"), None);
        assert_eq!(service_host("api.stripe.com"), None);
        assert_eq!(cluster_host_in("i/o timeout (redis-cart.storefront.svc.cluster.local)"), Some("redis-cart.storefront.svc.cluster.local"));
        assert_eq!(cluster_host_in("GET http://ledger.svc:80/x"), Some("ledger.svc"));
    }

    #[test]
    fn failures_by_kind() {
        assert_eq!(failure_of("dial tcp 10.0.0.1:8080: connect: connection refused"), Some(CallFailure::Refused));
        assert_eq!(failure_of("upstream: no healthy upstream"), Some(CallFailure::Unavailable));
        assert_eq!(failure_of("Post \"http://ledger:8080\": dial tcp 10.0.0.9:8080: i/o timeout"), Some(CallFailure::TimedOut));
        assert_eq!(failure_of("Readiness probe failed: Get \"http://10.0.0.1:8080/ready\": context deadline exceeded"), None);
        assert_eq!(failure_of("HikariPool-1 - Connection is not available, request timed out after 30000ms"), None);
        assert_eq!(failure_of("connection to server at \"db.svc\" (10.96.4.18), port 5432 failed: timeout expired"), Some(CallFailure::TimedOut));
        assert_eq!(failure_of("nc: connect to db port 5432 (tcp) timed out: Operation in progress"), Some(CallFailure::TimedOut));
        assert_eq!(failure_of("price refresh failed: httpx.ConnectTimeout: timed out (https://api.shop.svc:8443/v3)"), Some(CallFailure::TimedOut));
    }

    #[test]
    fn an_empty_endpoint_slice_means_no_endpoints() {
        let paste = "$ kubectl get endpointslices -n billing\nNAME           ADDRESSTYPE   PORTS     ENDPOINTS   AGE\nrender-qk9x2   IPv4          <unset>   <unset>     412d\n";
        let (none, some) = crate::infer::derive::with_claims(paste, |_, claims| {
            let count = |endpoints: bool| claims.matching(|k| matches!(k, ClaimKind::HasEndpoints { .. }) == endpoints && matches!(k, ClaimKind::NoEndpoints { .. } | ClaimKind::HasEndpoints { .. })).count();
            (count(false), count(true))
        });
        assert_eq!((none, some), (1, 0));
    }

    #[test]
    fn quoted_names_next_to_a_phrase() {
        let text = "Service \\\"shop/cart\\\" does not have any active Endpoint.";
        let at = find_ci(text, "does not have").unwrap_or(0);
        assert_eq!(nearest_quoted(text, at, at + 5), Some("shop/cart"));
    }
}
