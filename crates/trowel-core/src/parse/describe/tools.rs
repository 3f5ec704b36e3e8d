//! Facts from the describe-like output of deploy tools: `argocd app get` (source, sync and
//! health status, the last operation, conditions and resources) and `helm status`.
//!
//! The last operation of an argocd app and the status of a helm release are timed by the
//! `Finished:`/`LAST DEPLOYED:` line of their block, which may come after them.

use super::keys::DocKind;
use super::{Frame, Section, TableKind, Walker};
use crate::detect::is_table_header;
use crate::fact::{EntityKind, Predicate, Value};
use crate::lines::Line;
use crate::parse::table::grid::{Header, Row};
use crate::parse::table::value::{duration, number, stamp};
use crate::parse::table::{app_name, argo_resource, argo_resources_header};

impl<'a> Walker<'_, 'a> {
    /// A top-level key of any document: the first `Name:` names the subject, then the
    /// document's kind reads the key.
    pub(super) fn top(&mut self, key: &'a str, value: &'a str, line: Line<'a>, indent: isize) {
        if self.subject.is_none() && (key == "Name" || key == "NAME") && !value.is_empty() {
            // A name holds no spaces: what follows one is the rest of a line a web copy
            // joined (`Name: web-1 Namespace: shop Node: …`).
            let value = value.split_whitespace().next().unwrap_or(value);
            self.name = value;
            let subject = match self.kind.clone() {
                DocKind::Kube(kind) => self.kube_subject(&kind, value, line.span),
                DocKind::Argo => self.cx.entity(EntityKind::GitOpsApp, None, app_name(value)),
                DocKind::Helm => self.cx.entity(EntityKind::HelmRelease, self.namespace, value),
            };
            self.subject = Some(subject);
            return;
        }
        match self.kind {
            DocKind::Kube(_) => self.kube_key(key, value, line, indent),
            DocKind::Argo => self.argo_key(key, value, line, indent),
            DocKind::Helm => self.helm_key(key, value, line),
        }
    }

    fn argo_key(&mut self, key: &'a str, value: &'a str, line: Line<'a>, indent: isize) {
        let span = line.span;
        match key {
            "Repo" => self.about(Predicate::SourceRepo, Value::text(value), span),
            "Target" => self.about(Predicate::TargetRevision, Value::text(value), span),
            "Path" => self.about(Predicate::SourcePath, Value::text(value), span),
            // `Synced to HEAD (5c3b4a1)`, `OutOfSync from main (e1f2a3b)`.
            "Sync Status" => {
                let status = value.split_whitespace().next().unwrap_or(value);
                self.about(Predicate::SyncStatus, Value::text(status), span);
                let revision = value.rsplit_once('(').and_then(|(_, r)| r.strip_suffix(')'));
                if let Some(revision) = revision {
                    self.about(Predicate::SyncRevision, Value::text(revision), span);
                }
            }
            "Health Status" => self.about(Predicate::HealthStatus, Value::text(value), span),
            "Operation" => self.flush_pending(),
            "Sync Revision" => self.later(Predicate::SyncRevision, Value::text(value), span),
            "Phase" => self.later(Predicate::Status, Value::text(value), span),
            "Message" => self.later(Predicate::StatusMessage, Value::text(value), span),
            "Duration" => match duration(value) {
                Some(seconds) => self.later(Predicate::Took, Value::Duration(seconds), span),
                None => self.cx.unparsed(span, "Duration is not a duration"),
            },
            "Start" => self.pending_time = self.pending_time.or(stamp(value)),
            "Finished" => self.pending_time = stamp(value).or(self.pending_time),
            _ if value.is_empty() => self.push(indent, Frame::Section(Section::Ignored)),
            _ => {}
        }
    }

    fn helm_key(&mut self, key: &'a str, value: &'a str, line: Line<'a>) {
        let span = line.span;
        match key {
            "LAST DEPLOYED" => self.pending_time = stamp(value),
            "STATUS" => self.later(Predicate::Status, Value::text(value), span),
            "DESCRIPTION" => self.later(Predicate::StatusMessage, Value::text(value), span),
            "REVISION" => match number(value) {
                Some(revision) => self.about(Predicate::Revision, Value::Number(revision), span),
                None => self.cx.unparsed(span, "REVISION is not a number"),
            },
            "CHART" => self.about(Predicate::Chart, Value::text(value), span),
            "APP VERSION" => self.about(Predicate::AppVersion, Value::text(value), span),
            // Notes, values, hooks and manifests run to the end: prose and YAML for people.
            "NOTES" | "USER-SUPPLIED VALUES" | "COMPUTED VALUES" | "HOOKS" | "MANIFEST" => self.push(-1, Frame::Section(Section::Notes)),
            _ => {}
        }
    }

    /// An upper-case header at the top level of `argocd app get`: its conditions or its
    /// resources.
    pub(super) fn argo_table(&mut self, line: Line<'a>) {
        let header = if Header::parse(line).has("CONDITION") {
            (TableKind::ArgoConditions, Header::parse(line))
        } else if is_table_header(line.text.trim()) && Header::parse(line).has("KIND") {
            (TableKind::ArgoResources, argo_resources_header(line))
        } else {
            self.cx.unparsed(line.trimmed().span, "table of an unknown kind");
            return;
        };
        self.push(-1, Frame::Table(header.0, Some(header.1)));
    }

    pub(super) fn argo_row(&mut self, kind: TableKind, row: &Row<'_, 'a>) {
        if kind == TableKind::ArgoResources {
            argo_resource(self.cx, self.namespace, self.subject, row);
            return;
        }
        let (Some(subject), Some(condition)) = (self.subject, row.text("CONDITION")) else { return };
        let span = row.line.trimmed().span;
        let time = row.text("LAST TRANSITION").and_then(stamp);
        self.cx.timed_fact(subject, Predicate::Condition, Value::pair(condition, "True"), time, span);
        if let Some(message) = row.text("MESSAGE") {
            self.cx.timed_fact(subject, Predicate::StatusMessage, Value::text(message), time, span);
        }
    }
}
