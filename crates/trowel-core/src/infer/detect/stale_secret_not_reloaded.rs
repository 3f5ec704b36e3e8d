//! `stale-secret-not-reloaded`: a Secret or ConfigMap changed, but the pods that read it at
//! start-up were not restarted.
//!
//! What it finds: a change of the object (a rotation log line, managedFields, an update event,
//! a younger AGE) after the pods that read it started, and authentication failures that begin
//! when it changed. Against it: the readers all started after the change, failures that
//! predate it, a reloader that rolls the pods on change.
//! Why it matters: environment variables and `subPath` mounts are read once; the new password
//! sits in the cluster while the running pods keep presenting the old one.

use crate::fact::{EntityId, EntityKind, Predicate};
use crate::infer::claim::{Claim, ClaimKind, Claims};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::{kind_title, Kb};
use crate::infer::words::{and_list, capitalise, ns_flag};

pub const CLASS: &str = "stale-secret-not-reloaded";

/// Config changes under running pods are uncommon in a random paste.
const PRIOR: f64 = -2.5;
/// The object changed after the pods the paste says read it started.
const CHANGED_AFTER_DECLARED_READERS: f64 = 1.8;
/// The object changed after pods named like it (or failing) started: a likelier guess.
const CHANGED_AFTER_LIKELY_READERS: f64 = 1.3;
/// Authentication failures begin at or after the change: the effect follows the cause.
const AUTH_AFTER_CHANGE: f64 = 1.8;
/// The readers fail to authenticate, whenever that began.
const READERS_FAIL_AUTH: f64 = 0.7;
/// Every reader started after the change, so none holds the old value.
const READERS_STARTED_AFTER: f64 = 2.5;
/// The failures were there before the change.
const AUTH_BEFORE_CHANGE: f64 = 1.2;
/// Something rolls the pods when the object changes.
const RELOAD_ON_CHANGE: f64 = 1.2;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut objects: Vec<EntityId> = Vec::new();
    for claim in claims.all() {
        if let ClaimKind::ConfigChangedAfterStart { object, .. } | ClaimKind::AuthFailuresAfterChange { object, .. } = &claim.kind {
            if !objects.contains(object) {
                objects.push(*object);
            }
        }
    }
    let mut out = Vec::new();
    for object in objects {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(object);
        for claim in claims.all() {
            match &claim.kind {
                ClaimKind::ConfigChangedAfterStart { object: o, declared, .. } if *o == object => {
                    finding.support(claim.id, if *declared { CHANGED_AFTER_DECLARED_READERS } else { CHANGED_AFTER_LIKELY_READERS })
                }
                ClaimKind::AuthFailuresAfterChange { object: o, .. } if *o == object => finding.support(claim.id, AUTH_AFTER_CHANGE),
                ClaimKind::ReadersFailAuth { object: o, .. } if *o == object => finding.support(claim.id, READERS_FAIL_AUTH),
                ClaimKind::ReadersStartedAfterChange { object: o } if *o == object => finding.contradict(claim.id, READERS_STARTED_AFTER),
                ClaimKind::AuthFailuresBeforeChange { object: o } if *o == object => finding.contradict(claim.id, AUTH_BEFORE_CHANGE),
                ClaimKind::ReloadOnChange { object: o } if *o == object => finding.contradict(claim.id, RELOAD_ON_CHANGE),
                _ => {}
            }
        }
        finding.wording = words(kb, claims, &finding, object);
        out.push(finding);
    }
    out
}

/// Workloads whose pods read the object: declared readers first, else the workloads of the
/// pods the claims name; else the log sources the claims name, which usually carry their
/// workload's name.
fn reader_workloads(kb: &Kb<'_>, object: EntityId, supporting: &[&Claim]) -> Vec<EntityId> {
    let mut out: Vec<EntityId> = Vec::new();
    let mut sources: Vec<EntityId> = Vec::new();
    let mut push = |id: EntityId| {
        let kind = &kb.entity(id).kind;
        if kind.is_workload() && !out.contains(&id) {
            out.push(id);
        } else if *kind == EntityKind::LogSource && !sources.contains(&id) {
            sources.push(id);
        }
    };
    for fact in kb.with(Predicate::ReadsConfig) {
        if fact.value == crate::fact::Value::Entity(object) {
            for e in kb.lineage(fact.subject) {
                push(e);
            }
        }
    }
    for claim in supporting {
        for fact in &claim.rests_on {
            let subject = kb.fact(*fact).subject;
            push(kb.workload_of(subject).unwrap_or(subject));
        }
    }
    if out.is_empty() {
        return sources;
    }
    // A Deployment over a ReplicaSet, a CronJob over a Job: restart the top owner.
    let tops: Vec<EntityId> = out.iter().copied().filter(|w| !out.iter().any(|o| o != w && kb.lineage(*w).contains(o))).collect();
    tops
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, object: EntityId) -> Wording {
    let entity = kb.entity(object);
    let kind = kind_title(&entity.kind);
    let ns = ns_flag(kb, Some(object));
    let supporting = finding.supporting(claims);
    let workloads = reader_workloads(kb, object, &supporting);
    let mut names: Vec<String> = Vec::new();
    for name in workloads.iter().map(|w| &kb.entity(*w).name) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let readers = if names.is_empty() { "the pods that read it".to_string() } else { and_list(&names) };
    let credential = entity.kind == EntityKind::Secret;
    let title = format!(
        "{kind} {} changed, but {readers} still run{} with the old {}",
        entity.name,
        if names.len() == 1 { "s" } else { "" },
        if credential { "credentials" } else { "config" }
    );
    let mut story: Vec<String> = supporting
        .iter()
        .filter(|c| matches!(c.kind, ClaimKind::ConfigChangedAfterStart { .. } | ClaimKind::AuthFailuresAfterChange { .. }))
        .map(|c| c.statement.clone())
        .collect();
    if story.is_empty() {
        story.extend(supporting.iter().map(|c| c.statement.clone()));
    }
    story.extend(finding.contradicts.iter().map(|(id, _)| format!("but {}", claims.get(*id).statement)));
    let summary = format!("{}.", capitalise(&story.join("; ")));

    let restarts: Vec<String> = workloads
        .iter()
        .map(|w| {
            let e = kb.entity(*w);
            // A log source names the program; its workload is most often a Deployment.
            let kind = if e.kind.is_workload() { e.kind.kubectl_name() } else { "deployment" };
            format!("kubectl {ns}rollout restart {kind}/{}", e.name)
        })
        .collect();
    let restart = if restarts.is_empty() {
        format!("kubectl {ns}rollout restart deployment/<reader of {}>", entity.name)
    } else {
        restarts.join(" && ")
    };
    let fixes = vec![
        format!("Now: restart the readers so they read the current {kind}: `{restart}`; then check that the authentication errors stop."),
        format!(
            "Lasting: make a change of {} reach the pods — mount it as a volume without `subPath` and have the app re-read it, or roll the pods on change (stakater Reloader's `{}.reloader.stakater.com/reload: \"{}\"` annotation, or a `checksum/` annotation of it in the pod template); rotate with an overlap so the old {} keeps working until every reader restarted.",
            entity.name,
            entity.kind.kubectl_name(),
            entity.name,
            if credential { "password or key" } else { "value" }
        ),
    ];

    let change_pasted = kb.about(object, Predicate::Changed).next().is_some();
    let readers_pasted = kb.with(Predicate::ReadsConfig).any(|f| f.value == crate::fact::Value::Entity(object));
    let starts_pasted = kb.with(Predicate::StartedAt).any(|f| kb.entity(f.subject).kind == EntityKind::Pod)
        || kb.with(Predicate::Age).any(|f| kb.entity(f.subject).kind == EntityKind::Pod);
    let selector = workloads.first().map(|w| crate::infer::words::selector(kb, Some(*w))).unwrap_or_else(|| "app=<name>".into());
    let mut checks = vec![
        Check::new(
            format!("kubectl {ns}get {} {} -o jsonpath='{{.metadata.managedFields[*].time}}'  # when its data last changed", entity.kind.kubectl_name(), entity.name),
            AUTH_AFTER_CHANGE,
            !change_pasted,
        ),
        Check::new(
            format!("kubectl {ns}get pods -l {selector} -o custom-columns=NAME:.metadata.name,STARTED:.status.startTime"),
            CHANGED_AFTER_DECLARED_READERS,
            !starts_pasted,
        ),
    ];
    match workloads.first().map(|w| kb.entity(*w)).filter(|w| w.kind.is_workload()) {
        Some(w) => {
            checks.push(Check::new(
                format!("kubectl {ns}logs {}/{} --since=1h | grep -iE 'auth|denied|401|403|password'", w.kind.kubectl_name(), w.name),
                READERS_FAIL_AUTH,
                false,
            ));
            checks.push(Check::new(
                format!("kubectl {ns}get {} {} -o yaml | grep -nE 'secretKeyRef|secretRef|secretName|configMapRef|configMapKeyRef|subPath|reloader|checksum/'", w.kind.kubectl_name(), w.name),
                CHANGED_AFTER_DECLARED_READERS - CHANGED_AFTER_LIKELY_READERS + RELOAD_ON_CHANGE,
                !readers_pasted,
            ));
        }
        None => checks.push(Check::new(
            format!("kubectl {ns}get deploy,sts,cronjob -o yaml | grep -nE 'name: {}$'  # which workloads read it", entity.name),
            CHANGED_AFTER_DECLARED_READERS,
            true,
        )),
    }
    Wording { title, summary, fixes, checks }
}
