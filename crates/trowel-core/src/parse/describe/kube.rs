//! Facts from `kubectl describe` of Kubernetes objects: the object's own keys, its pod
//! template, containers (image, state and last state, limits, probes, environment), volumes,
//! and its tables (conditions, events, a node's pods and allocated resources).
//!
//! Container facts go on a `Container` entity named `pod/container` (for a workload's pod
//! template, `workload/container`), owned by the pod or workload; what the object reads
//! (ConfigMaps and Secrets through env, envFrom and volumes) goes on the object itself.

use super::keys::{self, DocKind};
use super::{Frame, Resources, Section, StateBlock, TableKind, Walker};
use crate::fact::{Address, EntityId, EntityKind, Predicate, Value};
use crate::image::ImageRef;
use crate::lines::Line;
use crate::names::job_owner;
use crate::parse::table::grid::Row;
use crate::parse::table::value::{boolean, duration, is_placeholder, kind_and_name, number, pairs, percent, quantity, stamp};
use crate::parse::table::{container_entity, event_about, is_rule, object_entity};
use crate::span::Span;

impl<'a> Walker<'_, 'a> {
    /// A top-level key of a Kubernetes object.
    pub(super) fn kube_key(&mut self, key: &'a str, value: &'a str, line: Line<'a>, indent: isize) {
        let span = line.span;
        match key {
            "Labels" => {
                self.labels(value, span, false);
                self.push(indent, Frame::Section(Section::Labels { template: false }));
            }
            "Annotations" => {
                self.annotation_text(value, span);
                self.push(indent, Frame::Section(Section::Annotations));
            }
            "Node-Selectors" => self.items(indent, Predicate::NodeSelector, value, span),
            "Tolerations" => self.items(indent, Predicate::Toleration, value, span),
            "Taints" => self.items(indent, Predicate::Taint, value, span),
            "Status" if !value.is_empty() => self.about(Predicate::Status, Value::text(value), span),
            "Reason" if !value.is_empty() => self.about(Predicate::StateReason, Value::text(value), span),
            "Message" if !value.is_empty() => self.about(Predicate::StatusMessage, Value::text(value), span),
            "Node" if !is_placeholder(value) && !value.is_empty() => {
                let node = value.split('/').next().unwrap_or(value);
                let node = self.cx.entity(EntityKind::Node, None, node);
                self.about(Predicate::ScheduledOn, Value::Entity(node), span);
            }
            "Start Time" => self.time_fact(Predicate::StartedAt, value, span),
            // A container's keys outside its section, as `describe pod x | grep -i image` (or
            // `grep -e Port: -e Liveness`, or a copy of just its `State:` to `Requests:` lines)
            // leaves them: they belong to the pod's one container, named (a guess people make
            // too) after the workload the pod's name implies.
            "Image" | "Image ID" | "Restart Count" | "Port" | "Ports" | "Liveness" | "Readiness" | "Startup" | "State" | "Last State" | "Limits" | "Requests"
                if matches!(self.kind, DocKind::Kube(EntityKind::Pod)) && !self.name.is_empty() => {
                let workload = |owner: crate::names::Owner| owner.parent.map_or(owner.name, |(_, parent)| parent);
                let container = crate::names::pod_owner(self.name).map_or_else(|| self.name.to_string(), workload);
                let id = container_entity(self.cx, self.namespace, self.name, &container, span);
                self.container_key(id, key, value, line, indent);
            }
            // The same keys cut from a description the paste does not name, about a workload
            // whose replicas it named: they are one replica's, and its container is the
            // template's (named after the workload, as above).
            "Restart Count" | "Port" | "Ports" | "Liveness" | "Readiness" | "Startup" | "State" | "Last State" | "Limits" | "Requests"
                if matches!(&self.kind, DocKind::Kube(kind) if kind.is_workload()) && !self.name.is_empty() => {
                let Some(workload) = self.subject else { return };
                let id = self.cx.entity(EntityKind::Container, self.namespace, format!("{0}/{0}", self.name));
                self.cx.owner(id, workload, span);
                self.container_key(id, key, value, line, indent);
            }
            // NetworkPolicies print `Created on:` where other kinds print `CreationTimestamp:`.
            "CreationTimestamp" | "Created on" => self.time_fact(Predicate::CreatedAt, value, span),
            "Not After" => self.time_fact(Predicate::NotAfter, value, span),
            "Not Before" => self.time_fact(Predicate::NotBefore, value, span),
            "Spec" if value.is_empty() && self.kind == DocKind::Kube(EntityKind::NetworkPolicy) => {
                self.push(indent, Frame::Section(Section::Policy(None)))
            }
            "Status" if value.is_empty() && self.kind == DocKind::Kube(EntityKind::Certificate) => {
                self.push(indent, Frame::Section(Section::CertificateStatus))
            }
            "Status" if value.is_empty() && matches!(&self.kind, DocKind::Kube(EntityKind::Resource(k)) if writes_secret(k)) => {
                self.push(indent, Frame::Section(Section::SecretWriterStatus))
            }
            "Completed At" => self.time_fact(Predicate::FinishedAt, value, span),
            "Last Schedule Time" => self.time_fact(Predicate::LastScheduled, value, span),
            "Duration" => match duration(value) {
                Some(seconds) => self.about(Predicate::Took, Value::Duration(seconds), span),
                None => self.cx.unparsed(span, "Duration is not a duration"),
            },
            "Controlled By" => match kind_and_name(value) {
                Some((kind, owner)) => {
                    let owner = self.cx.entity(EntityKind::from_k8s(kind), self.namespace, owner);
                    self.about(Predicate::OwnedBy, Value::Entity(owner), span);
                }
                None => self.cx.unparsed(span, "Controlled By is not kind/name"),
            },
            "Selector" => {
                for (k, v) in pairs(value).filter(|(k, _)| !k.ends_with("controller-uid")) {
                    self.about(Predicate::Selector, Value::pair(k, v), span);
                }
            }
            "Replicas" | "Deployment pods" | "ReplicaSet pods" | "StatefulSet pods" => self.replica_counts(value, span),
            "NewReplicaSet" | "OldReplicaSets" => self.replica_sets(value, span),
            "Schedule" => self.about(Predicate::Schedule, Value::text(value), span),
            "Concurrency Policy" => self.about(Predicate::ConcurrencyPolicy, Value::text(value), span),
            "Suspend" => match boolean(value) {
                Some(suspended) => self.about(Predicate::Suspended, Value::Bool(suspended), span),
                None => self.cx.unparsed(span, "Suspend is not true/false"),
            },
            "Active Jobs" => self.active_jobs(value, span),
            "Completions" => self.completions = number(value),
            "Pods Statuses" => self.pod_statuses(value, span),
            "Unschedulable" if !value.is_empty() => self.about(Predicate::Condition, Value::pair("Unschedulable", value), span),
            "Port" => self.ports(None, value, span),
            "TargetPort" => {
                let target = value.split('/').next().unwrap_or(value);
                self.about(Predicate::TargetPort, Value::text(target), span);
            }
            "Endpoints" => self.about(Predicate::Endpoints, Value::text(value), span),
            "IP" if self.kind == DocKind::Kube(EntityKind::Service) && value != "None" => {
                self.about(Predicate::Setting, Value::pair("clusterIP", value), span);
            }
            // A pod's address, as the status's `podIP` says it: a server's log that names the
            // client address (a database's `connection received: host=…`) is read back to it.
            "IP" if self.kind == DocKind::Kube(EntityKind::Pod) && !value.is_empty() && value != "<none>" && !self.pod_ip_read => {
                self.pod_ip_read = true;
                self.about(Predicate::Setting, Value::pair("podIP", value), span);
            }
            "Reference" => match kind_and_name(value) {
                Some((kind, target)) => {
                    let target = self.cx.entity(EntityKind::from_k8s(kind), self.namespace, target);
                    self.about(Predicate::Scales, Value::Entity(target), span);
                }
                None => self.cx.unparsed(span, "Reference is not kind/name"),
            },
            "Min replicas" => self.number_fact(Predicate::MinReplicas, value, span),
            "Max replicas" => self.number_fact(Predicate::MaxReplicas, value, span),
            "Metrics" => self.push(indent, Frame::Section(Section::Metrics)),
            "Allocatable" => self.push(indent, Frame::Section(Section::Allocatable)),
            "Pod Template" => self.push(indent, Frame::Template),
            "Containers" | "Init Containers" | "Ephemeral Containers" if value.is_empty() => self.push(indent, Frame::Containers),
            "Volumes" if value.is_empty() => self.push(indent, Frame::Volumes),
            "Conditions" if value.is_empty() => self.push(indent, Frame::Table(TableKind::Conditions, None)),
            "Events" if value.is_empty() => self.push(indent, Frame::Table(TableKind::Events, None)),
            "Non-terminated Pods" => self.push(indent, Frame::Table(TableKind::NodePods, None)),
            "Allocated resources" => self.push(indent, Frame::Table(TableKind::Allocated, None)),
            // One container's block cut out without its `Containers:` line
            // (`describe pod x | sed -n '/^  api:/,/Mounts:/p'`): a bare name whose next line
            // is a container's key is that container.
            _ if value.is_empty() && matches!(self.kind, DocKind::Kube(EntityKind::Pod)) && self.next_key_in(keys::CONTAINER) => {
                self.push(indent - 1, Frame::Containers);
                self.container(key, line, indent);
            }
            _ if value.is_empty() => self.push(indent, Frame::Section(Section::Ignored)),
            _ => {}
        }
    }

    /// A key under `Pod Template:`.
    pub(super) fn template_key(&mut self, key: &'a str, value: &'a str, line: Line<'a>, indent: isize) {
        match key {
            "Labels" => {
                self.labels(value, line.span, true);
                self.push(indent, Frame::Section(Section::Labels { template: true }));
            }
            "Node-Selectors" => self.items(indent, Predicate::NodeSelector, value, line.span),
            "Tolerations" => self.items(indent, Predicate::Toleration, value, line.span),
            "Containers" | "Init Containers" if value.is_empty() => self.push(indent, Frame::Containers),
            "Volumes" if value.is_empty() => self.push(indent, Frame::Volumes),
            _ if value.is_empty() => self.push(indent, Frame::Section(Section::Ignored)),
            _ => {}
        }
    }

    /// A container's name line: its entity, owned by the pod (or by the workload whose
    /// template it is in).
    pub(super) fn container(&mut self, name: &'a str, line: Line<'a>, indent: isize) {
        let id = match (&self.kind, self.subject) {
            (DocKind::Kube(EntityKind::Pod), _) => container_entity(self.cx, self.namespace, self.name, name, line.span),
            (_, Some(owner)) => {
                let id = self.cx.entity(EntityKind::Container, self.namespace, &format!("{}/{name}", self.name));
                self.fact(id, Predicate::OwnedBy, Value::Entity(owner), line.span);
                id
            }
            (_, None) => return,
        };
        self.push(indent, Frame::Container(id));
    }

    /// A key of one container.
    pub(super) fn container_key(&mut self, id: EntityId, key: &'a str, value: &'a str, line: Line<'a>, indent: isize) {
        let span = line.span;
        match key {
            "Image" => match ImageRef::parse(value) {
                Some(image) => {
                    // The image a workload's template asks for is the workload's image, as
                    // `kubectl get -o wide` reports it.
                    if !matches!(self.kind, DocKind::Kube(EntityKind::Pod)) {
                        self.about(Predicate::Image, Value::Image(Box::new(image.clone())), span);
                    }
                    self.fact(id, Predicate::Image, Value::Image(Box::new(image)), span);
                }
                None => self.cx.unparsed(span, "Image is not an image reference"),
            },
            "Image ID" if !value.is_empty() => match ImageRef::parse(value) {
                Some(image) => self.fact(id, Predicate::ImageId, Value::Image(Box::new(image)), span),
                None => self.cx.unparsed(span, "Image ID is not an image reference"),
            },
            "Port" | "Ports" => self.ports(Some(id), value, span),
            "State" | "Last State" => {
                self.close_state();
                let last = key == "Last State";
                let predicate = if last { Predicate::LastState } else { Predicate::State };
                let mut block = StateBlock { container: id, facts: Vec::new(), started: None, finished: None, last };
                block.facts.push((id, predicate, Value::text(value), span));
                self.state = Some(block);
                self.push(indent, Frame::State);
            }
            "Ready" => self.fact(id, Predicate::Condition, Value::pair("Ready", value), span),
            "Restart Count" => match number(value) {
                Some(n) => self.fact(id, Predicate::Restarts, Value::Number(n), span),
                None => self.cx.unparsed(span, "Restart Count is not a number"),
            },
            "Limits" => self.push(indent, Frame::Resources(Resources::Limits, id)),
            "Requests" => self.push(indent, Frame::Resources(Resources::Requests, id)),
            "Liveness" | "Readiness" | "Startup" => {
                let predicate = match key {
                    "Liveness" => Predicate::LivenessProbe,
                    "Readiness" => Predicate::ReadinessProbe,
                    _ => Predicate::StartupProbe,
                };
                match probe(value) {
                    Some(address) => self.fact(id, predicate, Value::Address(Box::new(address)), span),
                    None => self.cx.unparsed(span, "probe not understood"),
                }
            }
            "Environment Variables from" => self.push(indent, Frame::EnvFrom),
            "Environment" if value.is_empty() => self.push(indent, Frame::Env(id)),
            "Mounts" | "Command" | "Args" if value.is_empty() => self.push(indent, Frame::Lines),
            _ => {}
        }
    }

    /// A key under `State:` or `Last State:`. Started/Finished time the block's facts; for
    /// the current state they are also facts of their own.
    pub(super) fn state_key(&mut self, key: &'a str, value: &'a str, line: Line<'a>) {
        let span = line.span;
        let Some(block) = self.state.as_mut() else { return };
        let id = block.container;
        let last = block.last;
        let fact = match key {
            "Reason" => Some((if last { Predicate::LastStateReason } else { Predicate::StateReason }, Value::text(value))),
            "Exit Code" => match number(value) {
                Some(code) => Some((if last { Predicate::LastExitCode } else { Predicate::ExitCode }, Value::Number(code))),
                None => {
                    self.cx.unparsed(span, "Exit Code is not a number");
                    return;
                }
            },
            "Message" => Some((Predicate::StatusMessage, Value::text(value))),
            "Started" | "Finished" => {
                // A remark people add after the date (`…+0200    (liveness failures)`) is not part of it.
                let dated = value.split_once("  ").map_or(value, |(date, _)| date.trim_end());
                let Some(time) = stamp(value).or_else(|| stamp(dated)) else {
                    self.cx.unparsed(span, "not a date");
                    return;
                };
                if key == "Started" {
                    block.started = Some(time);
                } else {
                    block.finished = Some(time);
                }
                // The current state's times are facts of their own, stated when the line
                // says, not timed by the block.
                if !last {
                    let predicate = if key == "Started" { Predicate::StartedAt } else { Predicate::FinishedAt };
                    self.cx.fact(id, predicate, Value::Time(time), span);
                }
                None
            }
            _ => None,
        };
        if let (Some((predicate, value)), Some(block)) = (fact, self.state.as_mut()) {
            block.facts.push((id, predicate, value, span));
        }
    }

    /// `cpu: 500m`, `memory: 1Gi` under Limits or Requests.
    pub(super) fn resource(&mut self, which: Resources, id: EntityId, key: &'a str, value: &'a str, line: Line<'a>) {
        let predicate = match (which, key) {
            (Resources::Limits, "cpu") => Predicate::CpuLimit,
            (Resources::Limits, "memory") => Predicate::MemoryLimit,
            (Resources::Requests, "cpu") => Predicate::CpuRequest,
            (Resources::Requests, "memory") => Predicate::MemoryRequest,
            _ => return,
        };
        match quantity(value) {
            Some(q) => self.fact(id, predicate, Value::Quantity(q), line.span),
            None => self.cx.unparsed(line.span, "not a resource quantity"),
        }
    }

    /// `NAME: value` under Environment. References to Secrets and ConfigMaps
    /// (`<set to the key 'k' in secret 's'>`) also say the object reads them.
    pub(super) fn env(&mut self, id: EntityId, key: &'a str, value: &'a str, line: Line<'a>) {
        let value = match value.find('>') {
            Some(end) if value.starts_with('<') => &value[..=end],
            _ => value,
        };
        self.fact(id, Predicate::ConfigValue, Value::pair(key, value), line.span);
        if let Some(reference) = value.strip_prefix("<set to the key '").and_then(|r| r.strip_suffix("'>")) {
            let source = reference.split_once("' in secret '").map(|(_, s)| (EntityKind::Secret, s));
            let source = source.or_else(|| reference.split_once("' of config map '").map(|(_, c)| (EntityKind::ConfigMap, c)));
            if let Some((kind, name)) = source {
                self.reads(kind, name, line.span);
            }
        }
    }

    /// `name  ConfigMap  Optional: false` under Environment Variables from.
    pub(super) fn env_from(&mut self, line: Line<'a>) {
        match super::env_source(line.text) {
            Some((kind, name)) => self.reads(EntityKind::from_k8s(kind), name, line.span),
            None => self.cx.unparsed(line.span, "not an env source"),
        }
    }

    /// A key of one volume: ConfigMap and Secret volumes say what the object reads.
    pub(super) fn volume_key(&mut self, kind: Option<&'a str>, key: &'a str, value: &'a str, line: Line<'a>) {
        match key {
            "Type" => {
                let kind = value.split_whitespace().next();
                if let Some((_, Frame::Volume { kind: slot, .. })) = self.frames.last_mut() {
                    *slot = kind;
                }
            }
            "Name" if kind == Some("ConfigMap") => self.reads(EntityKind::ConfigMap, value, line.span),
            "ConfigMapName" => self.reads(EntityKind::ConfigMap, value, line.span),
            "SecretName" => self.reads(EntityKind::Secret, value, line.span),
            _ => {}
        }
    }

    /// A line of a ConfigMap's or Secret's `Data`. A key is a `KEY:` line with a `----` rule
    /// under it, and its value the line after the rule when the next key (or the end of the
    /// data) follows; values of several lines (embedded files) are left to be read as what
    /// they are. Secrets show sizes (`password:  16 bytes`), not values, and state nothing.
    pub(super) fn data_line(&mut self, key: Option<(&'a str, Span)>, entry: super::Entry<'a>) {
        let starts_key = |line: Option<&Line<'_>>, after: Option<&Line<'_>>| {
            let opener = line.and_then(|l| super::split_key(l.text.trim())).is_some_and(|(_, v)| v.is_empty());
            opener && after.is_some_and(|l| l.text.trim().starts_with("---"))
        };
        let next = self.lines.get(self.at + 1);
        let slot = if starts_key(Some(&entry.line), next) {
            entry.key.map(|(name, _)| (name, entry.line.span))
        } else if is_rule(entry.line.text) || entry.line.text.starts_with("===") {
            return;
        } else {
            let after = self.lines.get(self.at + 2);
            let ends = next.is_none_or(|l| l.is_blank() || matches!(l.text.trim(), "BinaryData") || l.text.trim().starts_with("Events:"));
            if let Some((name, key_span)) = key.filter(|_| ends || starts_key(next, after)) {
                self.about(Predicate::ConfigValue, Value::pair(name, entry.line.text), key_span.cover(entry.line.span));
            }
            None
        };
        if let Some((_, Frame::Data(open))) = self.frames.last_mut() {
            *open = slot;
        }
    }

    /// A continuation line of a top-level block.
    pub(super) fn section_line(&mut self, section: Section, entry: super::Entry<'a>) {
        let span = entry.line.span;
        match (section, entry.key) {
            (Section::Labels { template }, _) => self.labels(entry.line.text, span, template),
            (Section::Annotations, _) => self.annotation_text(entry.line.text, span),
            (Section::Items(predicate), _) => self.item(predicate, entry.line.text, span),
            (Section::Metrics, Some((key, value))) => self.metric(key, value, span),
            (Section::Policy(direction), _) => self.policy_line(direction, entry.key, entry.line.text, span),
            // An ExternalSecret's (or kin's) last refresh dates the data of the Secret it
            // writes, named after it unless its spec says otherwise (as its YAML is read).
            (Section::SecretWriterStatus, Some(("Refresh Time", value))) if !self.name.is_empty() => {
                if let Some(time) = stamp(value) {
                    let secret = object_entity(self.cx, &EntityKind::Secret, self.namespace, self.name, span);
                    self.cx.timed_fact(secret, Predicate::Changed, Value::text("refreshed"), Some(time), span);
                }
            }
            (Section::CertificateStatus, Some(("Not After", value))) => self.time_fact(Predicate::NotAfter, value, span),
            (Section::CertificateStatus, Some(("Not Before", value))) => self.time_fact(Predicate::NotBefore, value, span),
            (Section::CertificateStatus, Some(("Message", value))) if !value.is_empty() => {
                self.about(Predicate::StatusMessage, Value::text(value), span)
            }
            (Section::Allocatable, Some((resource, value))) => {
                let predicate = match resource {
                    "cpu" => Predicate::CpuAllocatable,
                    "memory" => Predicate::MemoryAllocatable,
                    _ => return,
                };
                match quantity(value) {
                    Some(q) => self.about(predicate, Value::Quantity(q), span),
                    None => self.cx.unparsed(span, "not a resource quantity"),
                }
            }
            _ => {}
        }
    }

    /// One row of a table inside the object.
    pub(super) fn table_row(&mut self, kind: TableKind, row: &Row<'_, 'a>) {
        let span = row.line.trimmed().span;
        match kind {
            TableKind::Events => event_about(self.cx, self.namespace, self.subject, row),
            TableKind::Conditions => {
                let (Some(kind), Some(status)) = (row.text("Type"), row.text("Status")) else { return };
                let time = row.text("LastTransitionTime").and_then(stamp);
                if let Some(subject) = self.subject {
                    self.cx.timed_fact(subject, Predicate::Condition, Value::pair(kind, status), time, span);
                    if let Some(reason) = row.text("Reason") {
                        let message = match row.text("Message") {
                            Some(message) => format!("{reason}: {message}"),
                            None => reason.to_string(),
                        };
                        self.cx.timed_fact(subject, Predicate::StatusMessage, Value::Text(message), time, span);
                    }
                }
            }
            TableKind::NodePods => {
                let (Some(namespace), Some(name)) = (row.text("Namespace"), row.text("Name")) else { return };
                let pod = self.cx.pod(Some(namespace), name, span);
                if let Some(node) = self.subject {
                    self.fact(pod, Predicate::ScheduledOn, Value::Entity(node), span);
                }
                for (column, predicate) in [
                    ("CPU Requests", Predicate::CpuRequest),
                    ("CPU Limits", Predicate::CpuLimit),
                    ("Memory Requests", Predicate::MemoryRequest),
                    ("Memory Limits", Predicate::MemoryLimit),
                ] {
                    if let Some(q) = row.text(column).and_then(usage) {
                        self.fact(pod, predicate, Value::Quantity(q), span);
                    }
                }
                if let Some(age) = row.text("Age").and_then(duration) {
                    self.fact(pod, Predicate::Age, Value::Duration(age), span);
                }
            }
            TableKind::Allocated => {
                let predicates = match row.text("Resource") {
                    Some("cpu") => [Predicate::CpuRequest, Predicate::CpuLimit],
                    Some("memory") => [Predicate::MemoryRequest, Predicate::MemoryLimit],
                    _ => return,
                };
                for (column, predicate) in ["Requests", "Limits"].into_iter().zip(predicates) {
                    if let Some(q) = row.text(column).and_then(usage) {
                        self.about(predicate, Value::Quantity(q), span);
                    }
                }
            }
            TableKind::ArgoConditions | TableKind::ArgoResources => self.argo_row(kind, row),
        }
    }

    /// A line of a NetworkPolicy's `Spec:`, as `kubectl describe` prints it:
    ///
    /// ```text
    /// PodSelector:     app=ledger            (or `<none> (Allowing the specific traffic to all pods …)`)
    /// Allowing ingress traffic:
    ///   To Port: 5432/TCP
    ///   From:
    ///     PodSelector: app=payments-api
    ///   From:
    ///     NamespaceSelector: team=ops
    /// Not affecting egress traffic
    /// Policy Types: Ingress
    /// ```
    ///
    /// The selected pods become `Selector` pairs (`*=*` for all pods), each peer an
    /// `AllowsFrom`/`AllowsTo` as the YAML reader writes them: label pairs, namespace labels
    /// prefixed `namespace:`, CIDRs as text, `*` for `<any>`. A direction whose rules are
    /// `<none>` isolates the pods and allows nothing.
    fn policy_line(&mut self, direction: Option<Predicate>, key: Option<(&'a str, &'a str)>, text: &'a str, span: Span) {
        let set_direction = |walker: &mut Self, to: Option<Predicate>| {
            if let Some((_, Frame::Section(Section::Policy(open)))) = walker.frames.last_mut() {
                *open = to;
            }
        };
        let Some((key, value)) = key else {
            if text.starts_with("Not affecting") {
                set_direction(self, None);
            }
            return;
        };
        let all = |v: &str| v.is_empty() || v.starts_with('<');
        match (key, direction) {
            ("Allowing ingress traffic", _) => set_direction(self, Some(Predicate::AllowsFrom)),
            ("Allowing egress traffic", _) => set_direction(self, Some(Predicate::AllowsTo)),
            ("Policy Types", _) => {
                for kind in value.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                    self.about(Predicate::PolicyType, Value::text(kind), span);
                }
            }
            ("PodSelector", None) if all(value) => self.about(Predicate::Selector, Value::pair("*", "*"), span),
            ("PodSelector", None) => {
                for (k, v) in pairs(value) {
                    self.about(Predicate::Selector, Value::pair(k, v), span);
                }
            }
            ("From" | "To", Some(peers)) if value.starts_with("<any>") => self.about(peers, Value::text("*"), span),
            ("PodSelector" | "NamespaceSelector", Some(peers)) => {
                let prefix = if key == "NamespaceSelector" { "namespace:" } else { "" };
                if all(value) {
                    self.about(peers, Value::pair(format!("{prefix}*"), "*"), span);
                }
                for (k, v) in pairs(value).filter(|_| !all(value)) {
                    self.about(peers, Value::pair(format!("{prefix}{k}"), v), span);
                }
            }
            ("CIDR", Some(peers)) if !value.is_empty() => self.about(peers, Value::text(value), span),
            _ => {}
        }
    }

    fn labels(&mut self, text: &str, span: Span, template: bool) {
        let predicate = if template { Predicate::TemplateLabel } else { Predicate::Label };
        for (key, value) in pairs(text) {
            self.about(predicate, Value::pair(key, value), span);
        }
    }

    /// `key: value` of an annotation (the first on the `Annotations:` line, the rest below);
    /// the Deployment revision annotation also gives the revision.
    fn annotation_text(&mut self, text: &str, span: Span) {
        let Some((key, value)) = super::split_key(text) else { return };
        if key == "deployment.kubernetes.io/revision" {
            if let Some(revision) = number(value) {
                self.about(Predicate::Revision, Value::Number(revision), span);
            }
        }
        self.about(Predicate::Annotation, Value::pair(key, value), span);
    }

    /// A one-item-per-line block (Tolerations, Taints, Node-Selectors): the first item on
    /// the key's line, the rest below.
    fn items(&mut self, indent: isize, predicate: Predicate, value: &str, span: Span) {
        self.item(predicate, value, span);
        self.push(indent, Frame::Section(Section::Items(predicate)));
    }

    fn item(&mut self, predicate: Predicate, text: &str, span: Span) {
        if !text.is_empty() && !is_placeholder(text) {
            self.about(predicate, Value::text(text), span);
        }
    }

    fn time_fact(&mut self, predicate: Predicate, value: &str, span: Span) {
        match stamp(value) {
            Some(time) => self.about(predicate, Value::Time(time), span),
            None if is_placeholder(value) || value.is_empty() => {}
            None => self.cx.unparsed(span, "not a date"),
        }
    }

    fn number_fact(&mut self, predicate: Predicate, value: &str, span: Span) {
        match number(value) {
            Some(n) => self.about(predicate, Value::Number(n), span),
            None => self.cx.unparsed(span, "not a number"),
        }
    }

    /// `Port: http  80/TCP` (a Service) or `Port: 9102/TCP` (a container): the port numbers.
    fn ports(&mut self, container: Option<EntityId>, value: &str, span: Span) {
        let Some(subject) = container.or(self.subject) else { return };
        for word in value.split([',', ' ']).filter(|w| w.contains('/')) {
            if let Some(port) = word.split('/').next().and_then(|p| p.parse::<u16>().ok()) {
                self.fact(subject, Predicate::Port, Value::Number(f64::from(port)), span);
            }
        }
    }

    /// `3 desired | 3 updated | 3 total | 3 available | 0 unavailable` (Deployment),
    /// `3 current / 3 desired` (ReplicaSet, HPA pods).
    fn replica_counts(&mut self, value: &str, span: Span) {
        let counts = counts(value);
        let count = |label: &str| counts.iter().find(|(l, _)| *l == label).map(|(_, n)| *n);
        let desired = count("desired");
        if let Some(desired) = desired {
            self.about(Predicate::Replicas, Value::Number(desired), span);
        }
        if let (Some(available), Some(den)) = (count("available"), desired) {
            self.about(Predicate::Ready, Value::Ratio { num: available, den }, span);
        }
        if let Some(current) = count("current") {
            self.about(Predicate::CurrentReplicas, Value::Number(current), span);
        }
    }

    /// `web-59c7f8d6b4 (3/3 replicas created)`: the ReplicaSets of a Deployment.
    fn replica_sets(&mut self, value: &str, span: Span) {
        let Some(subject) = self.subject else { return };
        for part in value.split(", ") {
            let Some(name) = part.split_whitespace().next().filter(|n| !is_placeholder(n)) else { continue };
            let rs = self.cx.entity(EntityKind::ReplicaSet, self.namespace, name);
            self.fact(rs, Predicate::OwnedBy, Value::Entity(subject), span);
        }
    }

    /// `Active Jobs: a, b` of a CronJob: how many, and the Jobs it owns.
    fn active_jobs(&mut self, value: &str, span: Span) {
        let jobs: Vec<&str> = value.split(',').map(str::trim).filter(|j| !j.is_empty() && !is_placeholder(j)).collect();
        self.about(Predicate::Active, Value::Number(jobs.len() as f64), span);
        let Some(cronjob) = self.subject else { return };
        for job in jobs {
            let job = self.cx.entity(EntityKind::Job, self.namespace, job);
            self.fact(job, Predicate::OwnedBy, Value::Entity(cronjob), span);
        }
    }

    /// `0 Active (0 Ready) / 1 Succeeded / 3 Failed` of a Job: active pods, and completions
    /// against `Completions:`.
    fn pod_statuses(&mut self, value: &str, span: Span) {
        let counts = counts(value);
        let count = |label: &str| counts.iter().find(|(l, _)| l.eq_ignore_ascii_case(label)).map(|(_, n)| *n);
        if let Some(active) = count("active") {
            self.about(Predicate::Active, Value::Number(active), span);
        }
        if let (Some(succeeded), Some(den)) = (count("succeeded"), self.completions) {
            self.about(Predicate::Completions, Value::Ratio { num: succeeded, den }, span);
        }
    }

    /// A line under an HPA's `Metrics:`, `resource cpu on pods (as a percentage of request):
    /// 187% (374m) / 70%`: what it scales on (`resource cpu …`, `"queue_depth" on pods`), and
    /// current over target.
    fn metric(&mut self, key: &str, value: &str, span: Span) {
        let scales_on = match key.trim().strip_prefix("resource ") {
            Some(rest) => rest.split_whitespace().next(),
            None => key.trim().strip_prefix('"').and_then(|rest| rest.split_once('"')).map(|(name, _)| name),
        };
        if let Some(name) = scales_on.filter(|name| !name.is_empty()) {
            self.about(Predicate::ScalesOn, Value::text(name), span);
        }
        let Some((current, target)) = value.split_once(" / ") else { return };
        let read = |v: &str| {
            let first = v.split_whitespace().next()?;
            percent(first).or_else(|| quantity(first).map(|q| q.value))
        };
        if let (Some(num), Some(den)) = (read(current), read(target)) {
            self.about(Predicate::ScalingTarget, Value::Ratio { num, den }, span);
        }
    }

    /// The object reads a ConfigMap or Secret in its namespace.
    fn reads(&mut self, kind: EntityKind, name: &str, span: Span) {
        let source = self.cx.entity(kind, self.namespace, name);
        self.about(Predicate::ReadsConfig, Value::Entity(source), span);
    }

    /// The object a Kubernetes document describes, from its `Name:` line.
    pub(super) fn kube_subject(&mut self, kind: &EntityKind, name: &'a str, span: Span) -> EntityId {
        let id = object_entity(self.cx, kind, self.namespace, name, span);
        if *kind == EntityKind::Job {
            if let Some(owner) = job_owner(name) {
                let owner = self.cx.entity(EntityKind::CronJob, self.namespace, &owner);
                self.fact(id, Predicate::OwnedBy, Value::Entity(owner), span);
            }
        }
        id
    }
}

/// `N label` parts split at `|` or `/`: `3 desired | 3 updated`, `0 Active (0 Ready) / 1 Succeeded`.
fn counts(value: &str) -> Vec<(&str, f64)> {
    value
        .split(['|', '/'])
        .filter_map(|part| {
            let mut words = part.split_whitespace();
            let n = number(words.next()?)?;
            Some((words.next()?, n))
        })
        .collect()
}

/// `2 (51%)`: the quantity before its share.
fn usage(text: &str) -> Option<crate::fact::Quantity> {
    quantity(text.split_whitespace().next()?)
}

/// A probe line: `http-get http://:8081/healthz delay=0s …`, `tcp-socket :5432 …`,
/// `exec [cat /tmp/ready] …`, `grpc <pod>:9090 …`, as where the check goes.
pub(super) fn probe(text: &str) -> Option<Address> {
    let (kind, rest) = text.split_once(' ')?;
    match kind {
        "http-get" => {
            let url = rest.split_whitespace().next()?;
            let (scheme, rest) = url.split_once("://")?;
            let (authority, path) = match rest.find('/') {
                Some(slash) => (&rest[..slash], Some(&rest[slash..])),
                None => (rest, None),
            };
            let (host, port) = authority.rsplit_once(':').unwrap_or((authority, ""));
            Some(Address {
                scheme: Some(scheme.to_ascii_lowercase()),
                host: (!host.is_empty()).then(|| host.to_string()),
                port: port.parse().ok(),
                path: path.map(str::to_string),
            })
        }
        "tcp-socket" | "grpc" => {
            let target = rest.split_whitespace().next()?;
            let (host, port) = target.rsplit_once(':')?;
            Some(Address {
                scheme: Some(if kind == "grpc" { "grpc" } else { "tcp" }.to_string()),
                host: (!host.is_empty() && !host.starts_with('<')).then(|| host.to_string()),
                port: port.parse().ok(),
                path: None,
            })
        }
        "exec" => {
            let command = rest.strip_prefix('[')?.split_once(']')?.0;
            Some(Address { scheme: Some("exec".to_string()), host: None, port: None, path: Some(command.to_string()) })
        }
        _ => None,
    }
}

/// A custom kind that writes a Secret (External Secrets' `ExternalSecret`, `SealedSecret`, …),
/// not one that pushes a Secret elsewhere.
fn writes_secret(kind: &str) -> bool {
    let lower = kind.to_ascii_lowercase();
    lower.contains("secret") && !lower.starts_with("push")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probes_say_where_they_check() {
        let http = probe("http-get http://:9102/healthz delay=15s timeout=2s period=20s #success=1 #failure=3").unwrap();
        assert_eq!((http.scheme.as_deref(), http.host, http.port, http.path.as_deref()), (Some("http"), None, Some(9102), Some("/healthz")));
        let tcp = probe("tcp-socket :5432 delay=0s timeout=1s period=10s #success=1 #failure=3").unwrap();
        assert_eq!((tcp.scheme.as_deref(), tcp.port), (Some("tcp"), Some(5432)));
        let exec = probe("exec [/bin/grpc_health_probe -addr=:8443] delay=10s").unwrap();
        assert_eq!(exec.path.as_deref(), Some("/bin/grpc_health_probe -addr=:8443"));
        assert_eq!(probe("something else"), None);
    }

    #[test]
    fn counts_in_replica_and_pod_status_lines() {
        assert_eq!(counts("3 desired | 2 updated | 3 total | 1 available | 2 unavailable")[3], ("available", 1.0));
        assert_eq!(counts("0 Active (0 Ready) / 1 Succeeded / 3 Failed"), [("Active", 0.0), ("Succeeded", 1.0), ("Failed", 3.0)]);
    }
}
