//! Claims about configuration that changed under running pods: a Secret or ConfigMap
//! rotated, replaced or re-created after the pods that read it started; authentication
//! failures that begin when it changed; and what argues against staleness (the readers
//! started after the change, something restarts them on change).
//!
//! Which pods read an object: the ones the paste says read it (env `valueFrom`, `envFrom`,
//! volumes), else the ones whose names share a word with it, else the ones failing to
//! authenticate. When a pod started: its start time, creation time or AGE; failing that, its
//! first log line proves it was already running then.

use std::collections::BTreeMap;

use crate::fact::{EntityId, EntityKind, Fact, FactId, Predicate, Value};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::images::names_overlap;
use crate::infer::derive::text::{contains_any, has_status, message};
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
const AUTH_FAILURE: &[&str] = &[
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
    "access denied for user",
    "access denied",
    "accessdenied",
    "login failed",
    "unauthorized",
    "unauthenticated",
    "invalid api key",
    "invalid_client",
    "invalid client secret",
    "invalidaccesskeyid",
    "signaturedoesnotmatch",
    "security token included in the request is invalid",
    "sasl authentication",
];

/// Failures that say "unauthorized" but are about something else: pulling images (its own
/// class), TLS, probes, RBAC verbs on the Kubernetes API.
const NOT_CREDENTIALS: &[&str] = &[
    "pull", "image", "manifest", "registry", "x509", "certificate", "probe", "cannot get resource", "cannot list resource",
    "cannot watch resource", "cannot create resource", "cannot patch resource", "cannot update resource",
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
    let failures = auth_failures(kb);
    let earliest = earliest_facts(kb);
    for object in config_objects(kb) {
        let Some(change) = latest_change(kb, object) else { continue };
        let (scopes, reads) = declared_scopes(kb, object);
        let (units, link) = readers(kb, object, &scopes, &failures);
        staleness(kb, claims, object, &change, &units, link, &reads, &earliest);
        failing(kb, claims, object, &change, &units, &scopes, &failures);
        reload(kb, claims, object, &scopes, &units);
    }
}

/// ConfigMaps and Secrets the paste mentions, in first-seen order.
fn config_objects(kb: &Kb<'_>) -> Vec<EntityId> {
    kb.facts()
        .entities()
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EntityKind::ConfigMap | EntityKind::Secret))
        .map(|(i, _)| EntityId(i as u32))
        .collect()
}

/// Every statement of when the object changed: `Changed` facts (a rotation log line,
/// managedFields), its creation (creationTimestamp, AGE), update events on it or on the
/// resource that writes it (an ExternalSecret or SealedSecret of the same name), and
/// annotations that record a rotation time. The latest wins.
fn latest_change<'a>(kb: &Kb<'a>, object: EntityId) -> Option<Change<'a>> {
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
    for fact in kb.with(Predicate::Event) {
        let about = kb.entity(fact.subject);
        let writer = matches!(&about.kind, EntityKind::Resource(k) if k.to_ascii_lowercase().contains("secret"))
            && about.name == entity.name
            && about.namespace == entity.namespace;
        if fact.subject != object && !writer {
            continue;
        }
        let Some(text) = message(fact) else { continue };
        if !contains_any(&text, &["updated", "rotated", "refreshed", "synced"]) {
            continue;
        }
        if let Some(moment) = Moment::last_of(fact) {
            changes.push(Change { moment, fact, verb: "updated".into(), creation: false });
        }
    }
    for fact in kb.about(object, Predicate::Annotation) {
        let Some((key, value)) = fact.value.as_pair() else { continue };
        let key = key.to_ascii_lowercase();
        if !(key.contains("rotat") || key.contains("updated")) {
            continue;
        }
        if let Some(parsed) = crate::time::parse_iso_prefix(value.trim()) {
            changes.push(Change { moment: Moment::At(parsed.time), fact, verb: "rotated".into(), creation: false });
        }
    }
    let now = kb.now;
    let mut latest: Option<Change<'a>> = None;
    for change in changes {
        let later = match &latest {
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

/// What the paste says reads the object: workloads, ReplicaSets or pods (a container's read
/// counts for its pod or pod template, a pod's for its siblings of the same template), and
/// the facts that say so.
fn declared_scopes(kb: &Kb<'_>, object: EntityId) -> (Vec<EntityId>, Vec<FactId>) {
    let mut scopes = Vec::new();
    let mut facts = Vec::new();
    for fact in kb.with(Predicate::ReadsConfig) {
        if fact.value != Value::Entity(object) {
            continue;
        }
        let mut scope = kb.lineage(fact.subject).into_iter().find(|e| kb.entity(*e).kind != EntityKind::Container).unwrap_or(fact.subject);
        // A pod's siblings share its template, and so what it reads.
        if kb.entity(scope).kind == EntityKind::Pod {
            scope = kb.owner(scope).unwrap_or(scope);
        }
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
        facts.push(fact.id);
    }
    (scopes, facts)
}

/// The process a fact speaks for: its pod (for a container), else the subject itself.
fn unit_of(kb: &Kb<'_>, subject: EntityId) -> EntityId {
    match kb.entity(subject).kind {
        EntityKind::Container => kb.owner(subject).filter(|o| kb.entity(*o).kind == EntityKind::Pod).unwrap_or(subject),
        _ => subject,
    }
}

/// Pods and log sources of the paste.
fn all_units(kb: &Kb<'_>) -> Vec<EntityId> {
    kb.facts()
        .entities()
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, EntityKind::Pod | EntityKind::LogSource))
        .map(|(i, _)| EntityId(i as u32))
        .collect()
}

/// True when a pod belongs to one of the scopes, or a log source is named like one.
fn in_scope(kb: &Kb<'_>, unit: EntityId, scopes: &[EntityId]) -> bool {
    let lineage = kb.lineage(unit);
    let name = &kb.entity(unit).name;
    scopes.iter().any(|s| lineage.contains(s) || (kb.entity(unit).kind == EntityKind::LogSource && kb.entity(*s).name == *name))
}

/// The processes that read the object, and how we know.
fn readers(kb: &Kb<'_>, object: EntityId, scopes: &[EntityId], failures: &[&Fact]) -> (Vec<EntityId>, Link) {
    let units = all_units(kb);
    if !scopes.is_empty() {
        return (units.into_iter().filter(|u| in_scope(kb, *u, scopes)).collect(), Link::Declared);
    }
    let name = &kb.entity(object).name;
    let named: Vec<EntityId> = units
        .iter()
        .copied()
        .filter(|u| {
            let own = &kb.entity(*u).name;
            let workload = kb.workload_of(*u).map(|w| kb.entity(w).name.as_str()).unwrap_or(own);
            names_overlap(workload, name)
        })
        .collect();
    if !named.is_empty() {
        return (named, Link::Named);
    }
    let mut failing: Vec<EntityId> = Vec::new();
    for fact in failures {
        let unit = unit_of(kb, fact.subject);
        if matches!(kb.entity(unit).kind, EntityKind::Pod | EntityKind::LogSource) && !failing.contains(&unit) {
            failing.push(unit);
        }
    }
    (failing, Link::Failing)
}

/// The earliest timed fact about each pod (or its containers) and log source: proof that it
/// was running by then.
fn earliest_facts<'a>(kb: &Kb<'a>) -> BTreeMap<EntityId, &'a Fact> {
    let mut out: BTreeMap<EntityId, &'a Fact> = BTreeMap::new();
    for fact in kb.facts().all() {
        let Some(time) = fact.time else { continue };
        let unit = unit_of(kb, fact.subject);
        if !matches!(kb.entity(unit).kind, EntityKind::Pod | EntityKind::LogSource) {
            continue;
        }
        let entry = out.entry(unit).or_insert(fact);
        if entry.time.is_some_and(|t| time < t) {
            *entry = fact;
        }
    }
    out
}

/// When a process started: stated start, creation or AGE of a pod; else its first timed fact.
fn start_of<'a>(kb: &Kb<'a>, unit: EntityId, earliest: &BTreeMap<EntityId, &'a Fact>) -> Option<Start<'a>> {
    for predicate in [Predicate::StartedAt, Predicate::CreatedAt, Predicate::Age] {
        if let Some((fact, moment)) = kb.about(unit, predicate).find_map(|f| Moment::start_of(f).map(|m| (f, m))) {
            return Some(Start { moment, fact, bound: false });
        }
    }
    let fact = earliest.get(&unit)?;
    Some(Start { moment: Moment::At(fact.time?), fact, bound: true })
}

/// Readers that started before the change hold the old value; readers that all started
/// after it argue against staleness.
#[allow(clippy::too_many_arguments)]
fn staleness<'a>(
    kb: &Kb<'a>,
    claims: &mut Claims,
    object: EntityId,
    change: &Change<'a>,
    units: &[EntityId],
    link: Link,
    reads: &[FactId],
    earliest: &BTreeMap<EntityId, &'a Fact>,
) {
    let now = kb.now;
    let mut before: Vec<(EntityId, Start<'a>)> = Vec::new();
    let mut after: Vec<(EntityId, Start<'a>)> = Vec::new();
    for unit in units {
        let Some(start) = start_of(kb, *unit, earliest) else { continue };
        if change.moment.clearly_after(start.moment, now) {
            before.push((*unit, start));
        } else if !start.bound && start.moment.clearly_after(change.moment, now) {
            after.push((*unit, start));
        }
    }
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
            who(kb, &units),
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
                who(kb, &units),
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
fn who(kb: &Kb<'_>, units: &[EntityId]) -> String {
    let workloads: Vec<Option<EntityId>> = units.iter().map(|u| kb.workload_of(*u)).collect();
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

/// Log lines, events and status messages that report a credential failure, in time order.
fn auth_failures<'a>(kb: &Kb<'a>) -> Vec<&'a Fact> {
    let mut out: Vec<&'a Fact> = kb
        .with(Predicate::Log)
        .chain(kb.with(Predicate::Event))
        .chain(kb.with(Predicate::StatusMessage))
        .filter(|f| message(f).is_some_and(|m| is_auth_failure(&m)))
        .collect();
    out.sort_by_key(|f| (f.time, f.id));
    out
}

/// A message that reports rejected credentials.
pub fn is_auth_failure(lower: &str) -> bool {
    (contains_any(lower, AUTH_FAILURE) || has_status(lower, "401") || has_status(lower, "403")) && !contains_any(lower, NOT_CREDENTIALS)
}

/// Readers that fail to authenticate, and whether the failures began with the change.
fn failing(kb: &Kb<'_>, claims: &mut Claims, object: EntityId, change: &Change<'_>, units: &[EntityId], scopes: &[EntityId], failures: &[&Fact]) {
    let relevant: Vec<&Fact> = failures
        .iter()
        .copied()
        .filter(|f| {
            let unit = unit_of(kb, f.subject);
            units.contains(&unit) || in_scope(kb, unit, scopes)
        })
        .collect();
    let Some(first) = relevant.first() else { return };
    let entity = kb.entity(object);
    let what = format!("{} {}", kind_title(&entity.kind), entity.name);
    let sources: Vec<String> = relevant.iter().fold(Vec::new(), |mut acc, f| {
        let name = kb.entity(unit_of(kb, f.subject)).name.clone();
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

    // A creation time only bounds the last change: the object may be new, or re-created.
    let verb = if change.creation { "(re)created" } else { change.verb.as_str() };
    let Some(begins) = Moment::start_of(first) else { return };
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
fn reload(kb: &Kb<'_>, claims: &mut Claims, object: EntityId, scopes: &[EntityId], units: &[EntityId]) {
    let mut owners: Vec<EntityId> = scopes.to_vec();
    owners.extend(units.iter().filter_map(|u| kb.workload_of(*u)));
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
        let ingest = crate::ingest(&paste);
        let kb = crate::infer::kb::Kb::new(&paste, &ingest);
        crate::infer::derive::derive(&kb).all().iter().map(|c| c.kind.clone()).collect()
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
    fn credential_failures_but_not_image_pulls_or_rbac() {
        for yes in [
            "fatal: password authentication failed for user \"orders\"",
            "wrongpass invalid username-password pair or user is disabled.",
            "access denied for user 'app'@'10.1.2.3' (using password: yes)",
            "post https://api.payments.example/v1/charges: http 401",
            "an error occurred (invalidaccesskeyid) when calling the putobject operation",
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
