//! Facts from kubectl's tables: objects of any kind (`kubectl get`), events, rollout
//! history and `kubectl top`. Object rows are read column by column, so the same code serves
//! every kind and `-o wide`/`--show-labels` extras; where a column means different things for
//! different kinds (READY, STATUS, REPLICAS) the kind decides.

use crate::ascii::Set;
use super::grid::{Cell, Row};
use super::value::{boolean, console_object, duration, event_age, is_placeholder, kind_and_name, number, pairs, percent, quantity, ratio, restarts, stamp};
use super::{Out, Table};
use crate::fact::{EntityId, EntityKind, EventRecord, Predicate, Value};
use crate::image::ImageRef;
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::find_iso;

/// A line that only underlines a header (`----  ------`), as describe tables print.
pub fn is_rule(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.bytes().all(|c| matches!(c, b'-' | b'=' | b' ' | b'\t' | b'+' | b'|'))
}

/// Kinds that live outside namespaces, so a `-n` on the command does not apply to them.
fn cluster_scoped(kind: &EntityKind) -> bool {
    match kind {
        EntityKind::Node | EntityKind::Namespace => true,
        EntityKind::Resource(kind) => matches!(
            kind.to_ascii_lowercase().as_str(),
            "persistentvolume" | "persistentvolumes" | "pv" | "clusterrole" | "clusterroles" | "clusterrolebinding"
                | "clusterrolebindings" | "storageclass" | "storageclasses" | "clusterissuer" | "clusterissuers"
                | "customresourcedefinition" | "customresourcedefinitions" | "crd" | "crds"
        ),
        _ => false,
    }
}

/// The entity for an object named in a row; pods also record the owners their names imply.
pub fn object_entity(cx: &mut Cx<'_>, kind: &EntityKind, namespace: Option<&str>, name: &str, span: Span) -> EntityId {
    let namespace = if cluster_scoped(kind) { None } else { namespace };
    match kind {
        EntityKind::Pod => cx.pod(namespace, name, span),
        _ => cx.entity(kind.clone(), namespace, name),
    }
}

/// A container of a pod: `pod/container`, owned by the pod.
pub fn container_entity(cx: &mut Cx<'_>, namespace: Option<&str>, pod: &str, container: &str, span: Span) -> EntityId {
    let pod_id = cx.pod(namespace, pod, span);
    let id = cx.entity(EntityKind::Container, namespace, &format!("{pod}/{container}"));
    cx.fact(id, Predicate::OwnedBy, Value::Entity(pod_id), span);
    id
}

/// One row of `kubectl get`.
pub(super) fn object(cx: &mut Cx<'_>, table: &Table<'_>, row: &Row<'_, '_>) {
    let span = row.line.trimmed().span;
    let Some(name_cell) = row.cell("NAME").or_else(|| row.first()) else { return };
    let (kind, name) = match (kind_and_name(name_cell.text), &table.id.kind) {
        (Some((kind, name)), _) => (EntityKind::from_k8s(kind), name),
        (None, Some(kind)) => (kind.clone(), name_cell.text),
        (None, None) => {
            cx.unparsed(span, "row of a table whose kind of object is unknown");
            return;
        }
    };
    let namespace = row.text("NAMESPACE").or(table.namespace);
    // An EndpointSlice (its table has ADDRESSTYPE) speaks for its Service's endpoints; it is
    // named `<service>-<5 random characters>`.
    let name = if kind == EntityKind::Endpoints && row.header().has("ADDRESSTYPE") { slice_service(name) } else { name };
    let subject = object_entity(cx, &kind, namespace, name, span);
    cx.implied_owner(subject, namespace, span);
    let mut out = Out { cx, subject, span };
    for (column, cell) in row.cells() {
        if column.label {
            out.fact(Predicate::Label, Value::pair(column.name, cell.text));
        } else {
            object_cell(&mut out, &kind, namespace, column.name, cell, row);
        }
    }
}

/// The facts one cell of an object row states.
fn object_cell(out: &mut Out<'_, '_>, kind: &EntityKind, namespace: Option<&str>, column: &str, cell: Cell<'_>, row: &Row<'_, '_>) {
    let text = cell.text;
    match column {
        "READY" => {
            if let Some((num, den)) = ratio(text) {
                out.fact(Predicate::Ready, Value::Ratio { num, den });
                if matches!(kind, EntityKind::Deployment | EntityKind::StatefulSet) {
                    out.fact(Predicate::Replicas, Value::Number(den));
                }
            } else if boolean(text).is_some() || text == "Unknown" {
                out.fact(Predicate::Condition, Value::pair("Ready", text));
            } else if let (Some(num), Some(den)) = (number(text), row.text("DESIRED").and_then(number)) {
                out.fact(Predicate::Ready, Value::Ratio { num, den });
            } else if !is_placeholder(text) {
                out.bad(cell.span, "READY is neither a ratio nor True/False");
            }
        }
        "DESIRED" => number_fact(out, Predicate::Replicas, cell),
        "STATUS" if *kind == EntityKind::Certificate => out.fact(Predicate::StatusMessage, Value::text(text)),
        "STATUS" => out.fact(Predicate::Status, Value::text(text)),
        "RESTARTS" => match restarts(text) {
            Some((count, ago)) => {
                out.fact(Predicate::Restarts, Value::Number(count));
                if let Some(ago) = ago {
                    out.fact(Predicate::LastRestart, Value::Ago(ago));
                }
            }
            None => out.bad(cell.span, "RESTARTS is not a restart count"),
        },
        "AGE" => duration_fact(out, Predicate::Age, cell, Value::Duration),
        "DURATION" => duration_fact(out, Predicate::Took, cell, Value::Duration),
        "LAST SCHEDULE" => duration_fact(out, Predicate::LastScheduled, cell, Value::Ago),
        // External Secrets' last write of the Secret it owns (named like the ExternalSecret
        // unless its spec says otherwise), as `status.refreshTime` is read from its YAML.
        "LAST SYNC" if matches!(kind, EntityKind::Resource(k) if k.contains("secret")) => {
            if let Some(time) = crate::time::parse_iso_prefix(text).map(|p| p.time) {
                let name = out.cx.facts().entity_of(out.subject).name.clone();
                let secret = out.cx.entity(EntityKind::Secret, namespace, &name);
                out.cx.timed_fact(secret, Predicate::Changed, Value::text("refreshed"), Some(time), cell.span);
            }
        }
        "IMAGES" => images(out, cell),
        "CONTAINERS" => containers(out, namespace, text),
        // A NetworkPolicy with an empty pod selector selects every pod of its namespace,
        // written `*=*` as the YAML reader writes it.
        "POD-SELECTOR" if text == "<none>" => out.fact(Predicate::Selector, Value::pair("*", "*")),
        "SELECTOR" | "POD-SELECTOR" => pair_facts(out, Predicate::Selector, text),
        "LABELS" => pair_facts(out, Predicate::Label, text),
        "NODE SELECTOR" if !is_placeholder(text) => out.fact(Predicate::NodeSelector, Value::text(text)),
        "NODE" if !is_placeholder(text) => {
            let node = out.cx.entity(EntityKind::Node, None, text);
            out.fact(Predicate::ScheduledOn, Value::Entity(node));
        }
        "COMPLETIONS" => match ratio(text) {
            Some((num, den)) => out.fact(Predicate::Completions, Value::Ratio { num, den }),
            None => out.bad(cell.span, "COMPLETIONS is not a ratio"),
        },
        "SCHEDULE" => out.fact(Predicate::Schedule, Value::text(text)),
        // The zone a CronJob's schedule runs in, as the spec's `timeZone` setting says it.
        "TIMEZONE" if !is_placeholder(text) => out.fact(Predicate::Setting, Value::pair("timeZone", text)),
        // A Service's cluster address, as the spec's `clusterIP` setting says it: calls that
        // name the address rather than the Service are read back to it.
        "CLUSTER-IP" if !is_placeholder(text) && text != "None" => out.fact(Predicate::Setting, Value::pair("clusterIP", text)),
        // A pod's address (`get pods -o wide`), as the status's `podIP` says it: a server's
        // log that names the client address is read back to the pod.
        "IP" if *kind == EntityKind::Pod && !is_placeholder(text) => out.fact(Predicate::Setting, Value::pair("podIP", text)),
        "SUSPEND" => match boolean(text) {
            Some(suspended) => out.fact(Predicate::Suspended, Value::Bool(suspended)),
            None => out.bad(cell.span, "SUSPEND is not True/False"),
        },
        "ACTIVE" => number_fact(out, Predicate::Active, cell),
        "ENDPOINTS" => out.fact(Predicate::Endpoints, Value::text(text)),
        "PORT(S)" | "PORTS" => ports(out, text),
        "REFERENCE" => match kind_and_name(text) {
            Some((target_kind, target)) => {
                let target = out.cx.entity(EntityKind::from_k8s(target_kind), namespace, target);
                out.fact(Predicate::Scales, Value::Entity(target));
            }
            None => out.bad(cell.span, "REFERENCE is not kind/name"),
        },
        "TARGETS" => scaling_targets(out, text),
        "MINPODS" => number_fact(out, Predicate::MinReplicas, cell),
        "MAXPODS" => number_fact(out, Predicate::MaxReplicas, cell),
        "REPLICAS" if *kind == EntityKind::HorizontalPodAutoscaler => number_fact(out, Predicate::CurrentReplicas, cell),
        "REPLICAS" => number_fact(out, Predicate::Replicas, cell),
        "REQUEST" | "LIMIT" => {
            for item in text.split(", ") {
                if let Some((key, used)) = item.split_once(':') {
                    out.fact(Predicate::Quota, Value::pair(key.trim(), used.trim().trim_end_matches(',')));
                }
            }
        }
        "TAINTS" if !is_placeholder(text) => out.fact(Predicate::Taint, Value::text(text)),
        "NOT AFTER" | "EXPIRATION" | "EXPIRES" => match stamp(text) {
            Some(time) => out.fact(Predicate::NotAfter, Value::Time(time)),
            None => out.bad(cell.span, "the expiry is not a date"),
        },
        _ => {}
    }
}

/// `CONTAINERS` of a workload (`-o wide`): one `Container` entity per name, named
/// `workload/container` and owned by the workload, as for pod templates read from YAML.
fn containers(out: &mut Out<'_, '_>, namespace: Option<&str>, text: &str) {
    let owner = out.subject;
    let owner_name = out.cx.facts().entity_of(owner).name.clone();
    for container in text.split(',').map(str::trim).filter(|c| !c.is_empty() && !is_placeholder(c)) {
        let id = out.cx.entity(EntityKind::Container, namespace, &format!("{owner_name}/{container}"));
        out.cx.fact(id, Predicate::OwnedBy, Value::Entity(owner), out.span);
    }
}

fn number_fact(out: &mut Out<'_, '_>, predicate: Predicate, cell: Cell<'_>) {
    match number(cell.text) {
        Some(n) => out.fact(predicate, Value::Number(n)),
        None if is_placeholder(cell.text) => {}
        None => out.bad(cell.span, "expected a number"),
    }
}

/// A duration cell as a Duration (AGE) or as a time ago (LAST SCHEDULE).
fn duration_fact(out: &mut Out<'_, '_>, predicate: Predicate, cell: Cell<'_>, as_value: fn(f64) -> Value) {
    // A console words ages (`3 days`, `28 mins`) where kubectl prints `3d`.
    match duration(cell.text).or_else(|| super::value::spoken_age(cell.text)) {
        Some(seconds) => out.fact(predicate, as_value(seconds)),
        None if is_placeholder(cell.text) => {}
        None => out.bad(cell.span, "expected a duration such as 45d or 4m12s"),
    }
}

/// Label and selector pairs; the `controller-uid` selectors Kubernetes gives every Job say
/// nothing about the workload and are left out.
fn pair_facts(out: &mut Out<'_, '_>, predicate: Predicate, text: &str) {
    for (key, value) in pairs(text).filter(|(key, _)| !key.ends_with("controller-uid")) {
        out.fact(predicate, Value::pair(key, value));
    }
}

/// IMAGES: comma-separated references, one Image fact each.
pub(super) fn images(out: &mut Out<'_, '_>, cell: Cell<'_>) {
    for item in cell.text.split(',').map(str::trim).filter(|i| !i.is_empty() && !is_placeholder(i)) {
        match ImageRef::parse(item) {
            Some(image) => out.fact(Predicate::Image, Value::Image(Box::new(image))),
            None => out.bad(cell.span, "not an image reference"),
        }
    }
}

/// PORT(S) `80/TCP,443:30443/TCP` and ingress PORTS `80, 443`: the service ports.
fn ports(out: &mut Out<'_, '_>, text: &str) {
    for item in text.split(',').map(str::trim) {
        let port = item.split(['/', ':']).next().and_then(|p| p.parse::<u16>().ok());
        if let Some(port) = port {
            out.fact(Predicate::Port, Value::Number(f64::from(port)));
        }
    }
}

/// HPA TARGETS: `45%/80%`, `cpu: 45%/80%, memory: 60%/70%`, `200Mi/500Mi`; each metric as
/// current over target, and the resource a metric names (`cpu:`) as what the HPA scales on.
/// `<unknown>` currents state nothing.
fn scaling_targets(out: &mut Out<'_, '_>, text: &str) {
    for metric in text.split(',') {
        let named = metric.split_once(':').map(|(name, _)| name.trim()).filter(|name| !name.is_empty() && !name.contains_of(b" /<"));
        if let Some(name) = named {
            out.fact(Predicate::ScalesOn, Value::text(name));
        }
        let Some(pair) = metric.split_whitespace().find(|w| w.contains('/')) else { continue };
        let Some((current, target)) = pair.split_once('/') else { continue };
        let read = |v: &str| percent(v).or_else(|| quantity(v).map(|q| q.value));
        if let (Some(num), Some(den)) = (read(current), read(target)) {
            out.fact(Predicate::ScalingTarget, Value::Ratio { num, den });
        }
    }
}

/// One row of `kubectl get events` or `kubectl events`.
pub(super) fn event(cx: &mut Cx<'_>, namespace: Option<&str>, row: &Row<'_, '_>) {
    event_about(cx, namespace, None, row);
}

/// One event row, from an events table or a describe Events table: the event goes on
/// `about` when the table sits inside that object's describe output, else on the object the
/// row names (OBJECT `pod/x`, or the KIND and NAME columns of the old format). LAST SEEN/Age
/// `2m (x3 over 10m)` gives the count and how long ago it was last and first seen.
pub fn event_about(cx: &mut Cx<'_>, namespace: Option<&str>, about: Option<EntityId>, row: &Row<'_, '_>) {
    let span = row.span();
    let subject = match about {
        Some(id) => id,
        None => {
            let object = row.text("OBJECT").and_then(console_object).or_else(|| Some((row.text("KIND")?, event_object_name(row.text("NAME")?))));
            let Some((kind, name)) = object else {
                // Describe's rows copied without the description: the kubelet and the
                // scheduler report only on pods, so such a row is about the pod the paste
                // named before, else about a pod it does not name.
                if reports_on_pods(row) {
                    let pod = crate::parse::describe::object_named_before(cx.facts()).map(|(id, _)| id);
                    let pod = pod.unwrap_or_else(|| cx.pod(namespace, crate::fact::UNNAMED_POD, span));
                    event_about(cx, namespace, Some(pod), row);
                } else {
                    cx.unparsed(span, "event row without the object it is about");
                }
                return;
            };
            let namespace = row.text("NAMESPACE").or(namespace);
            let subject = object_entity(cx, &EntityKind::from_k8s(kind), namespace, name, span);
            cx.implied_owner(subject, namespace, span);
            subject
        }
    };
    let age = row.text("LAST SEEN").or_else(|| row.text("AGE")).and_then(event_age);
    let count = row.text("COUNT").and_then(number).map(|n| n as u32).or(age.and_then(|a| a.count));
    let first = row.text("FIRST SEEN").and_then(duration).or(age.and_then(|a| a.first));
    let record = EventRecord {
        kind: row.text("TYPE").unwrap_or("").to_string(),
        reason: row.text("REASON").unwrap_or("").to_string(),
        message: row.full_text("MESSAGE").unwrap_or_default().into_owned(),
        count,
        last_seen_ago: age.and_then(|a| a.last).map(|s| s as u64),
        first_seen_ago: first.map(|s| s as u64),
    };
    push_event(cx, row.text("NAMESPACE").or(namespace), subject, record, span);
}

/// Whether an event row comes from what reports on pods (the kubelet, a scheduler): rows
/// that name no object are taken for a pod only when they do, since an autoscaler's or node
/// controller's events are about other objects.
pub(in crate::parse) fn reports_on_pods(row: &Row<'_, '_>) -> bool {
    row.text("FROM").is_some_and(|from| from.starts_with("kubelet") || from.ends_with("scheduler"))
}

/// Records an event on its object, and the change its message reports (`configmap/x
/// configured`) on the object it names.
pub fn push_event(cx: &mut Cx<'_>, namespace: Option<&str>, subject: EntityId, record: EventRecord, span: Span) {
    crate::parse::changes::record_change(cx, &record.message, namespace, None, span);
    cx.fact(subject, Predicate::Event, Value::Event(Box::new(record)), span);
}

/// The Service an EndpointSlice serves, from the slice's generated name.
fn slice_service(slice: &str) -> &str {
    match slice.rsplit_once('-') {
        Some((service, suffix)) if !service.is_empty() && suffix.len() == 5 && suffix.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) => service,
        _ => slice,
    }
}

/// Old-format event names are `<object>.<hex id>`; the object is the part before.
fn event_object_name(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((object, id)) if id.len() >= 8 && id.bytes().all(|c| c.is_ascii_hexdigit()) => object,
        _ => name,
    }
}

/// One row of `kubectl rollout history`: the revision and its change cause, timed when the
/// cause carries a timestamp (`kubectl apply (2024-11-20T09:15:03Z)`).
pub(super) fn rollout_revision(cx: &mut Cx<'_>, table: &Table<'_>, row: &Row<'_, '_>) {
    let span = row.line.trimmed().span;
    let Some((kind, name)) = &table.subject else {
        cx.unparsed(span, "rollout history without the workload it belongs to");
        return;
    };
    let Some(revision) = row.text("REVISION") else { return };
    let cause = row.text("CHANGE-CAUSE").unwrap_or("");
    let subject = object_entity(cx, kind, table.namespace, name, span);
    let time = find_iso(cause).map(|(_, parsed)| parsed.time);
    cx.timed_fact(subject, Predicate::RolloutRevision, Value::pair(revision, cause), time, span);
}

/// One row of `kubectl top pods|nodes` (`--containers` adds a POD column).
pub(super) fn usage(cx: &mut Cx<'_>, table: &Table<'_>, row: &Row<'_, '_>) {
    let span = row.line.trimmed().span;
    let Some(name) = row.text("NAME") else { return };
    let namespace = row.text("NAMESPACE").or(table.namespace);
    let nodes = row.header().has("CPU%") || row.header().has("CPU(%)");
    let subject = match row.text("POD") {
        Some(pod) => container_entity(cx, namespace, pod, name, span),
        None if nodes => cx.entity(EntityKind::Node, None, name),
        None => cx.pod(namespace, name, span),
    };
    let mut out = Out { cx, subject, span };
    for (column, cell) in row.cells() {
        let (predicate, value) = match column.name {
            "CPU(cores)" => (Predicate::CpuUsage, quantity(cell.text).map(Value::Quantity)),
            "MEMORY(bytes)" => (Predicate::MemoryUsage, quantity(cell.text).map(Value::Quantity)),
            "CPU%" | "CPU(%)" => (Predicate::CpuUtilization, percent(cell.text).map(Value::Number)),
            "MEMORY%" | "MEMORY(%)" => (Predicate::MemoryUtilization, percent(cell.text).map(Value::Number)),
            _ => continue,
        };
        match value {
            Some(value) => out.fact(predicate, value),
            None if is_placeholder(cell.text) => {}
            None => out.bad(cell.span, "not a resource amount"),
        }
    }
}
