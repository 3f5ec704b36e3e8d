//! Claims about configuration that changed under running pods: a Secret or ConfigMap
//! rotated, replaced or re-created after the pods that read it started; authentication
//! failures that begin when it changed; and what argues against staleness (the readers
//! started after the change, something restarts them on change).
//!
//! Which pods read an object: the ones the paste says read it (env `valueFrom`, `envFrom`,
//! volumes), else the ones whose names share a word with it, else the ones failing to
//! authenticate. When a pod started: its start time, creation time or AGE; failing that, its
//! first log line proves it was already running then.

use crate::entity_map::{EntityMap, EntitySet};
use crate::fact::{EntityId, EntityKind, Fact, FactId, Predicate, Value};
use crate::hash::HashMap;
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::images::name_words;
use crate::infer::derive::text::{contains_any, has_status, says};
use crate::infer::kb::{kind_title, Kb};
use crate::infer::moment::Moment;

/// How long before a change failures may begin and still be its effect: the line that
/// reports a rotation is often written when the rotation finished.
const LEAD_SECONDS: f64 = 120.0;
/// Failures that began this long before a change were happening anyway.
const BEFORE_SECONDS: f64 = 600.0;
/// Most failure lines or pod starts one claim quotes.
const QUOTES: usize = 4;

/// Phrases of credential failures, as databases, caches, clouds and HTTP services print them.
pub(crate) const AUTH_FAILURE: &[&str] = &[
    "password authentication failed",
    "authentication failed",
    "auth failed",
    "invalid credentials",
    "bad credentials",
    "wrongpass",
    "noauth",
    "invalid password",
    "incorrect password",
    "wrong password",
    "invalid username or password",
    "invalid username-password",
    // Oracle: `ORA-01017: invalid username/password; logon denied`.
    "invalid username/password",
    "access denied for user",
    "access denied",
    "accessdenied",
    "login failed",
    "unauthorized",
    "unauthenticated",
    // MQTT's CONNACK return code 5, SMTP, many HTTP APIs: `not authorized`.
    "not authorized",
    "invalid api key",
    "invalid_api_key",
    "has been revoked",
    "invalid_client",
    "invalid client secret",
    // OAuth token endpoints on a signed assertion whose key was deleted or rotated (a Google
    // service account key: `"error":"invalid_grant","error_description":"Invalid JWT Signature."`).
    "invalid jwt signature",
    "invalid_grant",
    // Key-pair logins (Snowflake's JDBC: `JWT token is invalid`; its login history's
    // `JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH`).
    "jwt token is invalid",
    "jwt_token_invalid",
    "invalidaccesskeyid",
    "signaturedoesnotmatch",
    "security token included in the request is invalid",
    "sasl authentication",
    // RabbitMQ/AMQP: `ACCESS_REFUSED - Login was refused`, `CONNECTION_FORCED - user credentials changed`.
    "access_refused",
    "login was refused",
    "login refused",
    "credentials changed",
];

/// Failures that say "unauthorized" but are about something else: pulling images (its own
/// class), TLS, probes, RBAC verbs on the Kubernetes API.
const NOT_CREDENTIALS: &[&str] = &[
    "pull", "image", "manifest", "registry", "x509", "certificate", "probe", "cannot get resource", "cannot list resource",
    "cannot watch resource", "cannot create resource", "cannot patch resource", "cannot update resource",
    // Permissions, not credentials: AWS IAM's `is not authorized to perform: sts:AssumeRole`.
    "not authorized to perform", "not authorized to access",
];

/// A change of a config object, and when.
struct Change<'a> {
    moment: Moment,
    fact: &'a Fact,
    verb: String,
    /// Only the object's creation (AGE, creationTimestamp): an update of its data changes
    /// neither, so pods younger than it may still predate its last update.
    creation: bool,
}

/// How a set of readers was found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Link {
    Declared,
    Named,
    Failing,
}

/// When a reader started; `bound` when only its first log line is known (it was running by
/// then, and may have started long before).
#[derive(Clone, Copy)]
struct Start<'a> {
    moment: Moment,
    fact: &'a Fact,
    bound: bool,
}

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    let objects = config_objects(kb);
    if objects.is_empty() {
        return;
    }
    let processes = Processes::new(kb);
    let failures = auth_failures(kb, &processes);
    let events = change_events(kb);
    let mut reads = declared_reads(kb, &processes);
    for object in objects {
        let (scopes, read_facts) = reads.remove(object).unwrap_or_default();
        // An object nobody is said to read, known only by its age, in a paste without
        // authentication failures, has nothing to tell (a `get secrets -A` lists hundreds).
        let changed = kb.about(object, Predicate::Changed).next().is_some() || events.iter().any(|e| e.subject == object);
        if scopes.is_empty() && failures.is_empty() && !changed {
            continue;
        }
        let mut changes = changes_of(kb, object, &events);
        // An operator's refresh time moves on every refresh, written or not: it dates the data
        // only when nothing records the write itself (managedFields, an update event).
        if changes.iter().any(|c| !c.creation && c.verb != "refreshed") {
            changes.retain(|c| c.verb != "refreshed");
        }
        let Some(change) = latest(&changes, kb.now) else { continue };
        let (units, link) = readers(kb, &processes, object, change, &scopes, &failures);
        staleness(kb, claims, &processes, object, change, &units, link, &read_facts);
        failing(kb, claims, object, (change, &changes), &units, &failures);
        reload(kb, claims, &processes, object, &scopes, &units);
    }
}

/// The pods and log sources of the paste — the processes that may hold an old value — with
/// their ownership chains and first log lines, computed once.
struct Processes<'a> {
    /// Direct owner of every entity that has one.
    owner: EntityMap<EntityId>,
    /// Each process with its chain of owners (itself first), in first-seen order.
    list: EntityMap<Vec<EntityId>>,
    /// The first log line of each process: proof it was running by then.
    first_log: EntityMap<&'a Fact>,
    /// Processes by the words of their workload's name (their own name without one).
    by_word: HashMap<String, Vec<EntityId>>,
}

impl<'a> Processes<'a> {
    fn new(kb: &Kb<'a>) -> Processes<'a> {
        let mut owner = EntityMap::new();
        for fact in kb.with(Predicate::OwnedBy) {
            if let Value::Entity(o) = fact.value {
                owner.get_or_insert_with(fact.subject, || o);
            }
        }
        // A workload speaks for its pods when the paste quotes its logs (`kubectl logs deploy/x`).
        let logging: EntitySet = kb.with(Predicate::Log).map(|f| f.subject).collect();
        let is_process = |id: EntityId| {
            let kind = &kb.entity(id).kind;
            matches!(kind, EntityKind::Pod | EntityKind::LogSource) || kind.is_workload() && logging.contains(id)
        };
        let mut processes = Processes { owner, list: EntityMap::new(), first_log: EntityMap::new(), by_word: HashMap::default() };
        for i in 0..kb.facts().entities().len() {
            let id = EntityId(i as u32);
            if is_process(id) {
                let lineage = processes.lineage(id);
                let named = lineage.iter().rev().copied().find(|e| kb.entity(*e).kind.is_workload()).unwrap_or(id);
                for word in name_words(&kb.entity(named).name) {
                    processes.by_word.entry(word).or_default().push(id);
                }
                processes.list.insert(id, lineage);
            }
        }
        // A workload whose pods are in the paste is those pods, not one more process.
        let with_pods: EntitySet =
            processes.list.iter().filter(|(id, _)| kb.entity(*id).kind == EntityKind::Pod).flat_map(|(_, lineage)| lineage[1..].iter().copied()).collect();
        processes.list.retain(|id, _| !(kb.entity(id).kind.is_workload() && with_pods.contains(id)));
        for fact in kb.with(Predicate::Log) {
            let Some(time) = fact.time else { continue };
            let unit = processes.unit_of(kb, fact.subject);
            if !is_process(unit) {
                continue;
            }
            let entry = processes.first_log.get_or_insert_with(unit, || fact);
            if entry.time.is_some_and(|t| time < t) {
                *entry = fact;
            }
        }
        processes
    }

    /// The entity and its owners up the chain.
    fn lineage(&self, id: EntityId) -> Vec<EntityId> {
        let mut chain = vec![id];
        while let Some(next) = chain.last().and_then(|last| self.owner.get(*last)) {
            if chain.contains(next) || chain.len() > 8 {
                break;
            }
            chain.push(*next);
        }
        chain
    }

    /// The process a fact speaks for: its pod (for a container), else the subject itself.
    fn unit_of(&self, kb: &Kb<'_>, subject: EntityId) -> EntityId {
        match kb.entity(subject).kind {
            EntityKind::Container => self.owner.get(subject).copied().filter(|o| kb.entity(*o).kind == EntityKind::Pod).unwrap_or(subject),
            _ => subject,
        }
    }

    /// True when `pod` is a pod of `unit`: of that workload, or of a workload named like that
    /// log source.
    fn pod_of(&self, kb: &Kb<'_>, pod: EntityId, unit: EntityId) -> bool {
        let name = &kb.entity(unit).name;
        kb.entity(pod).kind == EntityKind::Pod
            && self.list.get(pod).is_some_and(|lineage| lineage[1..].iter().any(|e| *e == unit || kb.entity(*e).kind.is_workload() && kb.entity(*e).name == *name))
    }

    /// The workload a process belongs to, if the paste says.
    fn workload_of(&self, kb: &Kb<'_>, unit: EntityId) -> Option<EntityId> {
        let lineage = self.list.get(unit)?;
        lineage.iter().rev().copied().find(|e| kb.entity(*e).kind.is_workload())
    }

    /// True when a pod belongs to one of the scopes, or a log source is named like one.
    fn in_scope(&self, kb: &Kb<'_>, unit: EntityId, scopes: &[EntityId]) -> bool {
        let entity = kb.entity(unit);
        let lineage = self.list.get(unit).map(Vec::as_slice).unwrap_or(&[]);
        scopes.iter().any(|s| lineage.contains(s) || (entity.kind == EntityKind::LogSource && kb.entity(*s).name == entity.name))
    }
}

/// ConfigMaps and Secrets the paste mentions, in first-seen order.
fn config_objects(kb: &Kb<'_>) -> Vec<EntityId> {
    let entities = kb.facts().entities();
    let has_secret = |namespace: &Option<String>, name: &str| entities.iter().any(|e| e.kind == EntityKind::Secret && e.namespace == *namespace && e.name == name);
    entities
        .iter()
        .enumerate()
        .filter(|(_, e)| match &e.kind {
            EntityKind::ConfigMap | EntityKind::Secret => true,
            // An ExternalSecret or SealedSecret stands for the Secret it writes (of its own
            // name) when the paste does not show that Secret.
            EntityKind::Resource(kind) => writes_secret(kind) && !has_secret(&e.namespace, &e.name),
            _ => false,
        })
        .map(|(i, _)| EntityId(i as u32))
        .collect()
}

/// Resources that write a Secret: ExternalSecret, SealedSecret, VaultStaticSecret, …
fn writes_secret(kind: &str) -> bool {
    kind.to_ascii_lowercase().contains("secret")
}

/// Events that say a config object was updated: on a ConfigMap/Secret, or on the resource
/// that writes one (ExternalSecret, SealedSecret, …).
fn change_events<'a>(kb: &Kb<'a>) -> Vec<&'a Fact> {
    kb.with(Predicate::Event)
        .filter(|f| {
            let kind = &kb.entity(f.subject).kind;
            let about_config = matches!(kind, EntityKind::ConfigMap | EntityKind::Secret)
                || matches!(kind, EntityKind::Resource(k) if writes_secret(k));
            about_config && says(f, &["updated", "rotated", "refreshed", "synced"])
        })
        .collect()
}

/// Every statement of when the object changed: `Changed` facts (a rotation log line,
/// managedFields), its creation (creationTimestamp, AGE), update events on it or on the
/// resource that writes it (an ExternalSecret or SealedSecret of the same name), events that
/// name it as changed, and annotations that record a rotation or sync time.
fn changes_of<'a>(kb: &Kb<'a>, object: EntityId, events: &[&'a Fact]) -> Vec<Change<'a>> {
    let entity = kb.entity(object);
    let mut changes: Vec<Change<'a>> = Vec::new();
    for fact in kb.about(object, Predicate::Changed) {
        if let Some(moment) = Moment::last_of(fact) {
            let verb = verb_phrase(fact.value.as_text().unwrap_or("changed"));
            changes.push(Change { moment, fact, verb, creation: false });
        }
    }
    for fact in kb.about(object, Predicate::CreatedAt).chain(kb.about(object, Predicate::Age)) {
        if let Some(moment) = Moment::start_of(fact) {
            changes.push(Change { moment, fact, verb: "created".into(), creation: true });
        }
    }
    for fact in events.iter().copied() {
        let about = kb.entity(fact.subject);
        let writer = matches!(&about.kind, EntityKind::Resource(_)) && about.name == entity.name && about.namespace == entity.namespace;
        if fact.subject != object && !writer {
            continue;
        }
        if let Some(moment) = Moment::last_of(fact) {
            changes.push(Change { moment, fact, verb: "updated".into(), creation: false });
        }
    }
    // An event elsewhere that names the object as changed: Flux's `Secret/ns/name configured`
    // on the Kustomization that applied it, kubectl's `configmap/x created` in a CI event.
    for fact in kb.with(Predicate::Event) {
        let Value::Event(event) = &fact.value else { continue };
        let Some((kind, namespace, name, verb)) = crate::parse::changes::changed_object(&event.message) else { continue };
        let namespace = namespace.or(kb.entity(fact.subject).namespace.as_deref());
        if kind != entity.kind || name != entity.name || namespace.is_some_and(|ns| entity.namespace.as_deref().is_some_and(|own| own != ns)) {
            continue;
        }
        if let Some(moment) = Moment::last_of(fact) {
            changes.push(Change { moment, fact, verb: verb.to_string(), creation: false });
        }
    }
    for fact in kb.about(object, Predicate::Annotation) {
        let Some((key, value)) = fact.value.as_pair() else { continue };
        // A secret operator's record of its last write (External Secrets'
        // `reconcile.external-secrets.io/last-synced`, `…/last-refresh-time`) dates the data.
        let key = key.to_ascii_lowercase();
        let verb = if key.contains("rotat") || key.contains("updated") {
            "rotated"
        } else if key.contains("synced") || key.contains("refresh") {
            "synced"
        } else {
            continue;
        };
        if let Some(parsed) = crate::time::parse_iso_prefix(value.trim()) {
            changes.push(Change { moment: Moment::At(parsed.time), fact, verb: verb.into(), creation: false });
        }
    }
    changes
}

/// The latest of the changes: what the running pods must have read to be current.
fn latest<'c, 'a: 'c>(changes: impl IntoIterator<Item = &'c Change<'a>>, now: Option<crate::time::Timestamp>) -> Option<&'c Change<'a>> {
    let mut latest: Option<&'c Change<'a>> = None;
    for change in changes {
        let later = match latest {
            None => true,
            Some(best) => change.moment.after(best.moment, now).is_some_and(|gap| gap > 0.0 || (gap == 0.0 && best.creation && !change.creation)),
        };
        if later {
            latest = Some(change);
        }
    }
    latest
}

/// A change as a past participle: managedFields' `Update by vault-operator` reads
/// "updated by vault-operator"; log verbs (`rotated`, `replaced`) stay as they are.
fn verb_phrase(verb: &str) -> String {
    match verb.split_once(" by ") {
        Some(("Update", who)) => format!("updated by {who}"),
        Some(("Apply", who)) => format!("applied by {who}"),
        _ => verb.to_string(),
    }
}

/// What the paste says reads each config object: workloads, ReplicaSets or pods (a
/// container's read counts for its pod or pod template, a pod's for its siblings of the same
/// template), and the facts that say so.
fn declared_reads(kb: &Kb<'_>, processes: &Processes<'_>) -> EntityMap<(Vec<EntityId>, Vec<FactId>)> {
    let mut out: EntityMap<(Vec<EntityId>, Vec<FactId>)> = EntityMap::new();
    for fact in kb.with(Predicate::ReadsConfig) {
        let Value::Entity(object) = fact.value else { continue };
        let mut scope = processes.lineage(fact.subject).into_iter().find(|e| kb.entity(*e).kind != EntityKind::Container).unwrap_or(fact.subject);
        // A pod's siblings share its template, and so what it reads.
        if kb.entity(scope).kind == EntityKind::Pod {
            scope = processes.owner.get(scope).copied().unwrap_or(scope);
        }
        let (scopes, facts) = out.get_or_default(object);
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
        facts.push(fact.id);
    }
    out
}

/// The processes that read the object, and how we know.
fn readers(
    kb: &Kb<'_>,
    processes: &Processes<'_>,
    object: EntityId,
    change: &Change<'_>,
    scopes: &[EntityId],
    failures: &Failures<'_>,
) -> (Vec<EntityId>, Link) {
    let units = processes.list.keys();
    if !scopes.is_empty() {
        return (units.filter(|u| processes.in_scope(kb, *u, scopes)).collect(), Link::Declared);
    }
    let mut named: Vec<EntityId> = name_words(&kb.entity(object).name)
        .iter()
        .filter_map(|w| processes.by_word.get(w))
        .flatten()
        .copied()
        .collect();
    crate::sort::natural(&mut named);
    named.dedup();
    if !named.is_empty() {
        return (named, Link::Named);
    }
    // Failing processes are a guess worth making only for an object that was changed (a
    // rotation line, managedFields, an update event on it or on the resource that writes
    // it), not one merely listed with its age.
    if change.creation {
        return (Vec::new(), Link::Failing);
    }
    let failing = failures.keys().filter(|u| processes.list.contains(*u)).collect();
    (failing, Link::Failing)
}

/// When a process started: stated start, creation or AGE of a pod; else its first log line.
fn start_of<'a>(kb: &Kb<'a>, unit: EntityId, processes: &Processes<'a>) -> Option<Start<'a>> {
    if let Some(start) = stated_start(kb, unit) {
        return Some(start);
    }
    // A workload, or a log source named like one, runs what its newest pod read: when the
    // paste lists its pods (`get pods` AGE), the last of them to start speaks for it.
    let newest_pod = processes
        .list
        .keys()
        .filter(|pod| processes.pod_of(kb, *pod, unit))
        .filter_map(|pod| stated_start(kb, pod))
        .reduce(|newest, next| if next.moment.clearly_after(newest.moment, kb.now) { next } else { newest });
    if newest_pod.is_some() {
        return newest_pod;
    }
    let fact = processes.first_log.get(unit)?;
    Some(Start { moment: Moment::At(fact.time?), fact, bound: true })
}

/// When the paste says an entity started: its start time, creation time or AGE.
fn stated_start<'a>(kb: &Kb<'a>, unit: EntityId) -> Option<Start<'a>> {
    [Predicate::StartedAt, Predicate::CreatedAt, Predicate::Age]
        .into_iter()
        .find_map(|predicate| kb.about(unit, predicate).find_map(|f| Moment::start_of(f).map(|moment| Start { moment, fact: f, bound: false })))
}

/// Readers that started before the change hold the old value; readers that all started
/// after it argue against staleness.
#[allow(clippy::too_many_arguments)]
fn staleness<'a>(
    kb: &Kb<'a>,
    claims: &mut Claims,
    processes: &Processes<'a>,
    object: EntityId,
    change: &Change<'a>,
    units: &[EntityId],
    link: Link,
    reads: &[FactId],
) {
    let now = kb.now;
    let mut before: Vec<(EntityId, Start<'a>)> = Vec::new();
    let mut after: Vec<(EntityId, Start<'a>)> = Vec::new();
    for unit in units {
        let Some(start) = start_of(kb, *unit, processes) else { continue };
        if change.moment.clearly_after(start.moment, now) {
            before.push((*unit, start));
        } else if !start.bound && start.moment.clearly_after(change.moment, now) {
            after.push((*unit, start));
        }
    }
    // A log source or workload named like pods already counted is those pods.
    let counted: Vec<EntityId> = before.iter().map(|(unit, _)| *unit).collect();
    before.retain(|(unit, _)| kb.entity(*unit).kind == EntityKind::Pod || !counted.iter().any(|pod| processes.pod_of(kb, *pod, *unit)));
    let entity = kb.entity(object);
    let what = format!("{} {}", kind_title(&entity.kind), entity.name);
    if let Some((_, start)) = before.first() {
        let units: Vec<EntityId> = before.iter().map(|(u, _)| *u).collect();
        let one = units.len() == 1;
        let how = match (link, one) {
            (Link::Declared, true) => "which reads it",
            (Link::Declared, false) => "which read it",
            (Link::Named, _) => "named like it",
            (Link::Failing, true) => "which fails to authenticate",
            (Link::Failing, false) => "which fail to authenticate",
        };
        let since = if start.bound {
            format!("was already running {} (its first log line)", start.moment.words())
        } else {
            format!("started {}", start.moment.words())
        };
        let verb = if change.creation { "re-created" } else { change.verb.as_str() };
        let statement = format!(
            "{what} was {verb} {}, after {} ({how}) {since}: {} still {} with what {} read at start-up",
            change.moment.words(),
            who(kb, processes, &units),
            if one { "it" } else { "they" },
            if one { "runs" } else { "run" },
            if one { "it" } else { "they" },
        );
        let mut rests_on = vec![change.fact.id];
        rests_on.extend(before.iter().take(QUOTES).map(|(_, s)| s.fact.id));
        rests_on.extend(reads.iter().take(2));
        let kind = ClaimKind::ConfigChangedAfterStart { object, pods: before.len(), declared: link == Link::Declared };
        claims.add(kind, statement, rests_on, Some(object), time_of(change.moment));
    }
    if before.is_empty() && !change.creation {
        if let Some((_, start)) = after.first() {
            let units: Vec<EntityId> = after.iter().map(|(u, _)| *u).collect();
            let statement = format!(
                "{what} was {} {}, and {} started later ({}): {} the new value",
                change.verb,
                change.moment.words(),
                who(kb, processes, &units),
                start.moment.words(),
                if units.len() == 1 { "it reads" } else { "they read" }
            );
            let mut rests_on = vec![change.fact.id];
            rests_on.extend(after.iter().take(QUOTES).map(|(_, s)| s.fact.id));
            claims.add(ClaimKind::ReadersStartedAfterChange { object }, statement, rests_on, Some(object), time_of(change.moment));
        }
    }
}

/// Processes in words: `pod web-1`, `the 3 pods of deployment web`, `4 pods`.
fn who(kb: &Kb<'_>, processes: &Processes<'_>, units: &[EntityId]) -> String {
    let workloads: Vec<Option<EntityId>> = units.iter().map(|u| processes.workload_of(kb, *u)).collect();
    let shared = workloads.first().copied().flatten().filter(|w| workloads.iter().all(|o| *o == Some(*w)));
    match (units, shared) {
        ([one], _) => kb.entity(*one).name.clone(),
        (_, Some(w)) => format!("the {} pods of {}", units.len(), kb.entity(w).name),
        _ => format!("{} pods", units.len()),
    }
}

fn time_of(moment: Moment) -> Option<crate::time::Timestamp> {
    match moment {
        Moment::At(t) => Some(t),
        Moment::Ago(_) => None,
    }
}

/// Credential failures by the process that reported them, each in time order.
type Failures<'a> = EntityMap<Vec<&'a Fact>>;

/// Log lines, events and status messages that report a credential failure, by the process
/// that failed: the writer, or, for a server's line that names the client's address (a
/// database's `password authentication failed` from `10.42.7.31`), the pod at that address.
fn auth_failures<'a>(kb: &Kb<'a>, processes: &Processes<'a>) -> Failures<'a> {
    let pod_ips: Vec<(&str, EntityId)> = kb
        .with(Predicate::Setting)
        .filter_map(|f| f.value.as_pair().filter(|(k, _)| *k == "podIP").map(|(_, ip)| (ip, f.subject)))
        .filter(|(ip, _)| ip.parse::<std::net::Ipv4Addr>().is_ok())
        .collect();
    let mut out: Failures<'a> = EntityMap::new();
    for fact in kb.with(Predicate::Log).chain(kb.with(Predicate::Event)).chain(kb.with(Predicate::StatusMessage)).filter(|f| kb.may_say(f)) {
        let Some(text) = failure_text(fact).filter(|t| is_auth_failure(t)) else { continue };
        let mut unit = processes.unit_of(kb, fact.subject);
        if kb.entity(unit).kind != EntityKind::Pod {
            if let Some((_, pod)) = pod_ips.iter().find(|(ip, _)| names_address(text, ip)) {
                unit = *pod;
            }
        }
        out.get_or_default(unit).push(fact);
    }
    for facts in out.values_mut() {
        crate::sort::by_key(facts, |f| (f.time, f.id));
    }
    out
}

/// The text of a log line, event or status message.
fn failure_text(fact: &Fact) -> Option<&str> {
    match &fact.value {
        Value::Log { message, .. } => Some(message),
        Value::Event(e) => Some(&e.message),
        Value::Text(text) if fact.predicate == Predicate::StatusMessage => Some(text),
        _ => None,
    }
}

/// True when `text` names the IPv4 address `ip` whole: `10.1.2.3` in `host=10.1.2.3 port=…`
/// or `UTC:10.1.2.3(51522)`, but not in `10.1.2.34` or `110.1.2.3`.
fn names_address(text: &str, ip: &str) -> bool {
    text.match_indices(ip).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = &text[at + ip.len()..];
        let continues = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let longer_before = continues(before) || before == Some('.');
        let longer_after = continues(after.chars().next()) || after.starts_with('.') && continues(after.chars().nth(1));
        !(longer_before || longer_after)
    })
}

/// A message that reports rejected credentials.
pub fn is_auth_failure(text: &str) -> bool {
    (contains_any(text, AUTH_FAILURE) || has_status(text, "401") || has_status(text, "403")) && !contains_any(text, NOT_CREDENTIALS)
}

/// Readers that fail to authenticate, and whether the failures began with the change: the
/// latest one, or an earlier update the failures follow (a secret operator reports an
/// `Updated` event on every refresh, so the latest change is often not the rotation).
fn failing(
    kb: &Kb<'_>,
    claims: &mut Claims,
    object: EntityId,
    (newest, changes): (&Change<'_>, &[Change<'_>]),
    units: &[EntityId],
    failures: &Failures<'_>,
) {
    // The readers already include every process in the declared scopes.
    let mut relevant: Vec<&Fact> = units.iter().filter_map(|u| failures.get(*u)).flatten().copied().collect();
    crate::sort::by_key(&mut relevant, |f| (f.time, f.id));
    let Some(first) = relevant.first() else { return };
    let entity = kb.entity(object);
    let what = format!("{} {}", kind_title(&entity.kind), entity.name);
    // Named by the process each failure was laid to: a server's line that names a pod's
    // address speaks for that pod, not for the server.
    let laid_to = |fact: &Fact| units.iter().copied().find(|u| failures.get(*u).is_some_and(|own| own.iter().any(|f| f.id == fact.id)));
    let sources: Vec<String> = relevant.iter().filter_map(|f| laid_to(f)).fold(Vec::new(), |mut acc, u| {
        let name = kb.entity(u).name.clone();
        if !acc.contains(&name) {
            acc.push(name);
        }
        acc
    });
    let statement = format!(
        "{} {} to authenticate ({} line{}), reading {what}",
        crate::infer::words::and_list(&sources.iter().take(3).cloned().collect::<Vec<_>>()),
        if sources.len() == 1 { "fails" } else { "fail" },
        relevant.len(),
        if relevant.len() == 1 { "" } else { "s" }
    );
    let rests_on: Vec<FactId> = relevant.iter().take(QUOTES).map(|f| f.id).collect();
    claims.add(ClaimKind::ReadersFailAuth { object, count: relevant.len() }, statement, rests_on, Some(object), first.time);

    // Lines that say no time (a header a log search printed, an untimed event) cannot say
    // when the failures began: the first one that does speaks for them.
    let Some((first, begins)) = relevant.iter().find_map(|f| Moment::start_of(f).map(|m| (*f, m))) else { return };
    let follows = |change: &Change<'_>| begins.after(change.moment, kb.now).filter(|gap| *gap >= -LEAD_SECONDS);
    // Else the latest update the failures follow; a creation time says nothing of updates.
    let change = if follows(newest).is_some() { newest } else { latest(changes.iter().filter(|c| !c.creation && follows(c).is_some()), kb.now).unwrap_or(newest) };
    // A creation time only bounds the last change: the object may be new, or re-created.
    let verb = if change.creation { "(re)created" } else { change.verb.as_str() };
    let Some(gap) = begins.after(change.moment, kb.now) else { return };
    if gap >= -LEAD_SECONDS {
        let when = if gap.abs() < 60.0 {
            "right when".to_string()
        } else if gap < 0.0 {
            format!("{} before the report of", crate::infer::derive::gitops::human_duration(-gap))
        } else {
            format!("{} after", crate::infer::derive::gitops::human_duration(gap))
        };
        let statement = format!("the first authentication failure in the paste comes {} ({when} {what} was {verb})", begins.words());
        claims.add(ClaimKind::AuthFailuresAfterChange { object, seconds: gap }, statement, vec![change.fact.id, first.id], Some(object), first.time);
    } else if gap < -BEFORE_SECONDS {
        let statement = format!(
            "authentication failures began {}, {} before {what} was {verb}: they are not its effect",
            begins.words(),
            crate::infer::derive::gitops::human_duration(-gap),
        );
        claims.add(ClaimKind::AuthFailuresBeforeChange { object }, statement, vec![first.id, change.fact.id], Some(object), first.time);
    }
}

/// A reloader annotation or a config checksum on a reader's workload: a change rolls the pods.
fn reload(kb: &Kb<'_>, claims: &mut Claims, processes: &Processes<'_>, object: EntityId, scopes: &[EntityId], units: &[EntityId]) {
    let mut owners: Vec<EntityId> = scopes.to_vec();
    owners.extend(units.iter().filter_map(|u| processes.workload_of(kb, *u)));
    let found: Vec<&Fact> = owners
        .iter()
        .flat_map(|o| kb.about(*o, Predicate::Annotation))
        .filter(|f| f.value.as_pair().is_some_and(|(k, _)| k.contains("reloader") || k.starts_with("checksum/")))
        .collect();
    let Some(first) = found.first() else { return };
    let workload = kb.entity(first.subject);
    let statement = format!("{} {} rolls its pods when its config changes ({})", kind_title(&workload.kind), workload.name, kb.quote(first).trim());
    claims.add(ClaimKind::ReloadOnChange { object }, statement, found.iter().map(|f| f.id).collect(), Some(object), None);
}

#[cfg(test)]
mod tests {
    use super::is_auth_failure;
    use crate::infer::claim::ClaimKind;

    /// A Secret updated at 09:21:40 and a pod that reads it, started at `start`.
    fn claims_with_pod_started(start: &str) -> Vec<ClaimKind> {
        let paste = format!(
            "$ kubectl get secret api-token -n web -o yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: api-token\n  namespace: web\n  managedFields:\n  - manager: external-secrets\n    operation: Update\n    time: \"2025-02-12T09:21:40Z\"\n\n$ kubectl describe pod web-59d7c6b8f-8xk2v -n web\nName:             web-59d7c6b8f-8xk2v\nNamespace:        web\nStart Time:       {start}\nControlled By:    ReplicaSet/web-59d7c6b8f\nContainers:\n  app:\n    Environment Variables from:\n      api-token  Secret  Optional: false\n"
        );
        claim_kinds(&paste)
    }

    /// The kinds of the claims a paste yields.
    fn claim_kinds(paste: &str) -> Vec<ClaimKind> {
        crate::infer::derive::with_claims(paste, |_, claims| claims.all().iter().map(|c| c.kind.clone()).collect())
    }

    #[test]
    fn an_external_secret_refresh_time_dates_the_secret_it_targets() {
        // The ExternalSecret's last write of its target Secret, read after an API projection
        // with a key too complex to invert (`cond`), is a change of that Secret.
        let paste = "$ kubectl get externalsecret db -n web -o json | jq '{target: .spec.target.name, refreshTime: .status.refreshTime, cond: .status.conditions[0] | {type, status}}'\n{\"target\":\"db-credentials\",\"refreshTime\":\"2025-06-30T03:15:00Z\",\"cond\":{\"type\":\"Ready\",\"status\":\"True\"}}\n";
        let ingest = crate::ingest(paste);
        let changed: Vec<String> =
            ingest.facts.with(crate::fact::Predicate::Changed).map(|f| format!("{} {:?}", ingest.facts.entities()[f.subject.0 as usize].name, f.value.as_text())).collect();
        assert_eq!(changed, ["db-credentials Some(\"refreshed\")"]);
    }

    #[test]
    fn an_externalsecret_described_status_dates_its_secret() {
        // `describe externalsecret x | sed -n '/Status:/,$p'`: the command names the object.
        let paste = "$ kubectl -n web describe externalsecret db | sed -n '/Status:/,$p'\nStatus:\n  Conditions:\n    Message:  Secret was synced\n    Reason:   SecretSynced\n    Status:   True\n    Type:     Ready\n  Refresh Time:  2025-06-30T03:15:00Z\nEvents:  <none>\n";
        let ingest = crate::ingest(paste);
        let changed: Vec<String> =
            ingest.facts.with(crate::fact::Predicate::Changed).map(|f| format!("{} {:?} {:?}", ingest.facts.entities()[f.subject.0 as usize].name, f.value.as_text(), f.time.map(|t| t.to_string()))).collect();
        assert_eq!(changed, ["db Some(\"refreshed\") Some(\"2025-06-30T03:15:00Z\")"]);
    }

    #[test]
    fn an_externalsecret_tables_last_sync_dates_its_secret() {
        let paste = "$ kubectl -n web get externalsecret db -o wide\nNAME   STORE           REFRESH INTERVAL   STATUS         READY   LAST SYNC\ndb     vault-backend   24h                SecretSynced   True    2025-11-19T02:00:07Z\n";
        let ingest = crate::ingest(paste);
        let changed: Vec<String> = ingest.facts.with(crate::fact::Predicate::Changed).map(|f| format!("{} {:?} {:?}", ingest.facts.entity_of(f.subject), f.value.as_text(), f.time.map(|t| t.to_string()))).collect();
        assert_eq!(changed, ["secret web/db Some(\"refreshed\") Some(\"2025-11-19T02:00:07Z\")"]);
    }

    #[test]
    fn a_pod_started_before_the_change_holds_the_old_value() {
        let kinds = claims_with_pod_started("Mon, 10 Feb 2025 07:00:00 +0000");
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::ConfigChangedAfterStart { pods: 1, declared: true, .. })), "{kinds:?}");
        assert!(!kinds.iter().any(|k| matches!(k, ClaimKind::ReadersStartedAfterChange { .. })));
    }

    #[test]
    fn a_pod_started_after_the_change_reads_the_new_value() {
        let kinds = claims_with_pod_started("Wed, 12 Feb 2025 09:26:03 +0000");
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::ReadersStartedAfterChange { .. })), "{kinds:?}");
        assert!(!kinds.iter().any(|k| matches!(k, ClaimKind::ConfigChangedAfterStart { .. })));
    }

    #[test]
    fn an_update_event_on_the_writer_makes_failing_pods_likely_readers() {
        // Nothing says who reads the Secret and no pod is named like it; its ExternalSecret
        // updated it after the pods started, and they fail to authenticate since.
        let paste = "$ kubectl -n search get pods\nNAME READY STATUS RESTARTS AGE\nindexer-5d8b7c9f6-4lkq2 1/1 Running 0 19d\n\n$ kubectl -n search get secret\nNAME TYPE DATA AGE\nos-creds Opaque 2 212d\n\n$ kubectl -n search describe externalsecret os-creds\nEvents:\n  Type    Reason   Age   From              Message\n  Normal  Updated  8h    external-secrets  Updated Secret\n\n$ kubectl -n search logs indexer-5d8b7c9f6-4lkq2\n2025-02-11T01:00:41Z ERROR bulk flush failed: status=401 authentication failed for user [indexer]\n2025-02-11T09:00:00Z ERROR bulk flush failed: status=401 authentication failed for user [indexer]\n";
        let kinds = claim_kinds(paste);
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::ConfigChangedAfterStart { declared: false, .. })), "{kinds:?}");
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::AuthFailuresAfterChange { .. })), "{kinds:?}");
    }

    #[test]
    fn an_external_secret_stands_for_the_secret_it_writes_when_that_is_not_pasted() {
        let paste = "$ kubectl describe externalsecret telemetry-mqtt -n fleet | tail -n 4\nEvents:\n  Type    Reason   Age   From              Message\n  Normal  Updated  44m   external-secrets  Updated Secret\n\n$ kubectl get pods -n fleet\nNAME READY STATUS RESTARTS AGE\ntelemetry-ingest-6f7d8c9b54-2kqfz 1/1 Running 0 26d\n";
        let kinds = claim_kinds(paste);
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::ConfigChangedAfterStart { declared: false, .. })), "{kinds:?}");
        // The same paste with the Secret itself shown: the Secret is the object, not its writer.
        let with_secret = format!("{paste}\n$ kubectl get secret -n fleet\nNAME TYPE DATA AGE\ntelemetry-mqtt Opaque 2 200d\n");
        let subjects = crate::infer::derive::with_claims(&with_secret, |kb, claims| {
            claims.all().iter().filter(|c| matches!(c.kind, ClaimKind::ConfigChangedAfterStart { .. })).filter_map(|c| c.subject).map(|s| kb.entity(s).kind.clone()).collect::<Vec<_>>()
        });
        assert!(subjects.iter().all(|k| *k == crate::fact::EntityKind::Secret), "{subjects:?}");
    }

    #[test]
    fn an_event_that_names_the_secret_as_configured_is_its_change() {
        // Flux reports the Secret it applied on its Kustomization, not on the Secret; the
        // pods that fail since are the likely readers.
        let paste = "$ flux events -n shop --for Kustomization/shop-secrets\nLAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n3h\tNormal\tProgressing\tKustomization/shop-secrets\tSecret/shop/pay-key configured\n\n$ kubectl get pods -n shop\nNAME\tREADY\tSTATUS\tRESTARTS\tAGE\ncheckout-5d8b7c9f6-4lkq2\t1/1\tRunning\t0\t12d\n\n2025-02-11T09:00:00Z checkout-5d8b7c9f6-4lkq2 ERROR charge failed: status=401 invalid_api_key\n";
        let kinds = claim_kinds(paste);
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::ConfigChangedAfterStart { declared: false, .. })), "{kinds:?}");
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::AuthFailuresAfterChange { .. })), "{kinds:?}");
    }

    #[test]
    fn failures_that_follow_an_earlier_update_are_its_effect() {
        // The operator reported a later refresh too; the failures began after the rotation,
        // not before that refresh's report.
        let paste = "$ kubectl -n web get pods\nNAME READY STATUS RESTARTS AGE\nweb-5d8b7c9f6-4lkq2 1/1 Running 0 9d\n\n$ kubectl -n web get secret web-db -o yaml | yq '.metadata.managedFields[] | .time'\n2025-02-11T02:00:13Z\n\n$ kubectl -n web get events\nLAST SEEN TYPE REASON OBJECT MESSAGE\n20m Normal Updated externalsecret/web-db Updated Secret\n\n2025-02-11T02:29:47Z web-5d8b7c9f6-4lkq2 ERROR FATAL: password authentication failed for user \"web\"\n2025-02-11T09:00:00Z web-5d8b7c9f6-4lkq2 ERROR FATAL: password authentication failed for user \"web\"\n";
        let kinds = claim_kinds(paste);
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::AuthFailuresAfterChange { .. })), "{kinds:?}");
        assert!(!kinds.iter().any(|k| matches!(k, ClaimKind::AuthFailuresBeforeChange { .. })), "{kinds:?}");
    }

    #[test]
    fn a_sync_annotation_dates_the_change_and_a_server_log_names_the_reader_by_address() {
        // The reads come from a template excerpt under a heading naming the workload; the
        // failures come from the database's log, which names the client pod by its address.
        let paste = "$ kubectl -n kitchen get pods -o wide\nNAME READY STATUS RESTARTS AGE IP NODE\nmenu-7dfb8c6c59-c4hrn 1/1 Running 0 17d 10.14.72.19 node-a\n\n$ kubectl -n kitchen get secret menu-db -o jsonpath='{.metadata.annotations}' | jq\n{\n  \"reconcile.external-secrets.io/last-synced\": \"2024-11-05T03:00:12Z\"\n}\n\n--- deploy/menu (excerpt of kubectl get -o yaml) ---\n    spec:\n      containers:\n      - name: app\n        env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: menu-db\n              key: password\n\n--- database log ---\n2024-11-05 03:00:19 UTC:10.14.72.19(51522):app@menus:[23817]:FATAL:  password authentication failed for user \"app\"\n";
        let kinds = claim_kinds(paste);
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::ConfigChangedAfterStart { declared: true, .. })), "{kinds:?}");
        assert!(kinds.iter().any(|k| matches!(k, ClaimKind::AuthFailuresAfterChange { .. })), "{kinds:?}");
    }

    #[test]
    fn an_address_is_named_whole() {
        assert!(super::names_address("connection from 10.1.2.3(5432): denied", "10.1.2.3"));
        assert!(super::names_address("host=10.1.2.3 port=1", "10.1.2.3"));
        assert!(!super::names_address("host=10.1.2.34 port=1", "10.1.2.3"));
        assert!(!super::names_address("host=110.1.2.3", "10.1.2.3"));
        assert!(!super::names_address("host=10.1.2.3.4", "10.1.2.3"));
    }

    #[test]
    fn credential_failures_but_not_image_pulls_or_rbac() {
        for yes in [
            "fatal: password authentication failed for user \"orders\"",
            "wrongpass invalid username-password pair or user is disabled.",
            "access denied for user 'app'@'10.1.2.3' (using password: yes)",
            "post https://api.payments.example/v1/charges: http 401",
            "an error occurred (invalidaccesskeyid) when calling the putobject operation",
            "exception (403) reason: \"access_refused - login was refused using authentication mechanism plain.\"",
            "connection closed by broker reason=\"connection_forced - user credentials changed\"",
            "oauth2: cannot fetch token: 400 bad request response: {\"error\":\"invalid_grant\",\"error_description\":\"invalid jwt signature.\"}",
            "snowflake connection issue, reported by snowflake jdbc: jwt token is invalid.",
        ] {
            assert!(is_auth_failure(yes), "{yes}");
        }
        for no in [
            "failed to pull image \"registry.example/app:1\": 401 unauthorized",
            "pods is forbidden: user \"system:serviceaccount:x:y\" cannot list resource \"pods\"",
            "readiness probe failed: http probe failed with statuscode: 401",
            "processed 401 records",
        ] {
            assert!(!is_auth_failure(no), "{no}");
        }
    }
}
