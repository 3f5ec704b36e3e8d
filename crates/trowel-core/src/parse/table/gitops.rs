//! Facts from the tables of the tools that deploy: helm releases and their history, Argo CD
//! applications, their history and resources, and Flux objects.
//!
//! Argo CD applications and Flux Kustomizations/HelmReleases are `GitOpsApp` entities. Argo
//! CD apps carry no namespace (their names are unique per Argo CD; newer versions print
//! `argocd/name`, which is cut to the name), so every artifact that names one lands on the
//! same entity.

use super::family::flux_kind;
use super::grid::Row;
use super::objects::object_entity;
use super::value::{boolean, duration, is_placeholder, kind_and_name, number, stamp};
use super::{app_name, Out, Table};
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::ingest::Cx;

/// One row of `helm list`.
pub(super) fn helm_release(cx: &mut Cx<'_>, table: &Table<'_>, row: &Row<'_, '_>) {
    let span = row.line.trimmed().span;
    let Some(name) = row.text("NAME") else { return };
    let namespace = row.text("NAMESPACE").or(table.namespace);
    let subject = cx.entity(EntityKind::HelmRelease, namespace, name);
    let time = row.text("UPDATED").and_then(stamp);
    let mut out = Out { cx, subject, span };
    if let Some(revision) = row.text("REVISION").and_then(number) {
        out.fact(Predicate::Revision, Value::Number(revision));
    }
    helm_state(&mut out, row, time);
}

/// One row of `helm history <release>`: the revision with its description, and the status,
/// chart and app version it had, all timed by UPDATED.
pub(super) fn helm_revision(cx: &mut Cx<'_>, table: &Table<'_>, row: &Row<'_, '_>) {
    let span = row.line.trimmed().span;
    let Some((kind, release)) = &table.subject else {
        cx.unparsed(span, "helm history without the release it belongs to");
        return;
    };
    let subject = cx.entity(kind.clone(), table.namespace, *release);
    let time = row.text("UPDATED").and_then(stamp);
    let mut out = Out { cx, subject, span };
    if let Some(revision) = row.text("REVISION") {
        out.timed(Predicate::RolloutRevision, Value::pair(revision, row.text("DESCRIPTION").unwrap_or("")), time);
    }
    helm_state(&mut out, row, time);
}

fn helm_state(out: &mut Out<'_, '_>, row: &Row<'_, '_>, time: Option<crate::time::Timestamp>) {
    for (column, predicate) in [("STATUS", Predicate::Status), ("CHART", Predicate::Chart), ("APP VERSION", Predicate::AppVersion)] {
        if let Some(text) = row.text(column) {
            out.timed(predicate, Value::text(text), time);
        }
    }
}

/// One row of `argocd app list` or `kubectl get applications`.
pub(super) fn argo_app(cx: &mut Cx<'_>, row: &Row<'_, '_>) {
    let span = row.line.trimmed().span;
    let Some(name) = row.text("NAME") else { return };
    let subject = cx.entity(EntityKind::GitOpsApp, None, app_name(name));
    let mut out = Out { cx, subject, span };
    for (column, cell) in row.cells() {
        let predicate = match column.name {
            "STATUS" | "SYNC STATUS" => Predicate::SyncStatus,
            "HEALTH" | "HEALTH STATUS" => Predicate::HealthStatus,
            "REPO" => Predicate::SourceRepo,
            "PATH" => Predicate::SourcePath,
            "TARGET" => Predicate::TargetRevision,
            "CONDITIONS" => {
                for condition in cell.text.split(',').filter(|c| !c.is_empty() && !is_placeholder(c)) {
                    out.fact(Predicate::Condition, Value::pair(condition, "True"));
                }
                continue;
            }
            _ => continue,
        };
        out.fact(predicate, Value::text(cell.text));
    }
}

/// One row of `argocd app history <app>`: the history id and the git revision deployed,
/// timed by DATE.
pub(super) fn argo_revision(cx: &mut Cx<'_>, table: &Table<'_>, row: &Row<'_, '_>) {
    let span = row.line.trimmed().span;
    let Some((kind, app)) = &table.subject else {
        cx.unparsed(span, "argocd history without the app it belongs to");
        return;
    };
    let (Some(id), Some(revision)) = (row.text("ID"), row.text("REVISION")) else { return };
    let subject = cx.entity(kind.clone(), None, *app);
    let time = row.text("DATE").and_then(stamp);
    cx.timed_fact(subject, Predicate::RolloutRevision, Value::pair(id, revision), time, span);
}

/// One row of an Argo CD resource table (`argocd app resources`, `argocd app get`): the
/// object's sync and health status, the last sync's message about it, and the app that
/// manages it.
pub fn argo_resource(cx: &mut Cx<'_>, namespace: Option<&str>, app: Option<EntityId>, row: &Row<'_, '_>) {
    let span = row.line.trimmed().span;
    let (Some(kind), Some(name)) = (row.text("KIND"), row.text("NAME")) else { return };
    let namespace = row.text("NAMESPACE").or(namespace);
    let subject = object_entity(cx, &EntityKind::from_k8s(kind), namespace, name, span);
    let mut out = Out { cx, subject, span };
    // `argocd app resources` lists orphaned objects too: they sit in the app's namespace but
    // the app does not manage them.
    let orphaned = row.text("ORPHANED").is_some_and(|o| o.eq_ignore_ascii_case("yes"));
    if let (Some(app), false) = (app, orphaned) {
        out.fact(Predicate::ManagedBy, Value::Entity(app));
    }
    for (column, predicate) in [("STATUS", Predicate::SyncStatus), ("HEALTH", Predicate::HealthStatus), ("MESSAGE", Predicate::StatusMessage)] {
        if let Some(text) = row.text(column) {
            out.fact(predicate, Value::text(text));
        }
    }
}

/// One row of `flux get …` (or `kubectl get` of a Flux kind): readiness as the Ready
/// condition, suspension, the revision applied, the message, and a sync status read from
/// them for apps: drift detected → OutOfSync, ready → Synced, not ready → Failed.
pub(super) fn flux_object(cx: &mut Cx<'_>, table: &Table<'_>, row: &Row<'_, '_>) {
    let span = row.line.trimmed().span;
    let Some(name_cell) = row.cell("NAME") else { return };
    let (kind, name) = match (kind_and_name(name_cell.text), &table.id.kind) {
        (Some((kind, name)), _) => (flux_kind(kind), name),
        (None, Some(kind)) => (kind.clone(), name_cell.text),
        (None, None) => (EntityKind::GitOpsApp, name_cell.text),
    };
    let namespace = row.text("NAMESPACE").or(table.namespace);
    let syncs = kind == EntityKind::GitOpsApp;
    let subject = cx.entity(kind, namespace, name);
    let mut out = Out { cx, subject, span };
    let ready = row.text("READY");
    if let Some(ready) = ready {
        out.fact(Predicate::Condition, Value::pair("Ready", ready));
    }
    if let Some(cell) = row.cell("SUSPENDED") {
        match boolean(cell.text) {
            Some(suspended) => out.fact(Predicate::Suspended, Value::Bool(suspended)),
            None => out.bad(cell.span, "SUSPENDED is not True/False"),
        }
    }
    if let Some(revision) = row.text("REVISION").filter(|r| !is_placeholder(r)) {
        out.fact(Predicate::SyncRevision, Value::text(revision));
    }
    if let Some(age) = row.text("AGE").and_then(duration) {
        out.fact(Predicate::Age, Value::Duration(age));
    }
    let message = row.text("MESSAGE").or_else(|| row.text("STATUS")).unwrap_or("");
    if !message.is_empty() {
        out.fact(Predicate::StatusMessage, Value::text(message));
    }
    // Sources fetch rather than sync: only apps get a sync status.
    if !syncs {
        return;
    }
    let sync = if message.to_ascii_lowercase().contains("drift detected") {
        Some("OutOfSync")
    } else {
        match ready {
            Some("True") => Some("Synced"),
            Some("False") => Some("Failed"),
            _ => None,
        }
    };
    if let Some(sync) = sync {
        out.fact(Predicate::SyncStatus, Value::text(sync));
    }
}
