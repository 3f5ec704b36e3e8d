//! Parser for `kubectl describe` (pods, workloads, jobs, cronjobs, nodes, services, HPAs, and
//! the labels, annotations and events of any other kind), `argocd app get`, `helm status`,
//! and a pod's details pane copied from Lens or Headlamp ([`pane`]).
//!
//! Describe output is `Key: value` lines in nested blocks: a pod holds containers, a container
//! its state, limits and environment. When the paste kept the indentation, indentation says
//! which block a line belongs to. When a web copy flattened it, the known key names say it
//! instead ([`keys`]): `Reason:` after `Last State:` is the last state's reason, `cpu:` after
//! `Limits:` is a limit, an unknown `name:` after `Containers:` starts a container, and a key
//! that no open block takes closes blocks until one does. Both ways drive one walk over a
//! stack of open blocks ([`Frame`]); [`kube`] and [`tools`] turn what each block says into
//! facts. Tables inside (Events, Conditions, a node's pods, argocd resources) go through the
//! table parser's column reader and row readers.

use crate::ascii::Set;
mod keys;
mod kube;
pub(crate) mod pane;
pub(crate) mod panel;
mod tools;

use super::table::grid::{wrapped_lines, Header};
use super::table::is_rule;
use crate::command::Command;
use crate::detect::is_table_header;
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::span::Span;
use crate::time::Timestamp;
use keys::DocKind;

pub fn parse(cx: &mut Cx<'_>) {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let texts: Vec<&str> = lines.iter().map(|l| l.text.trim()).filter(|t| !t.is_empty()).collect();
    if pane::is_pane(&texts) {
        pane::read(cx, &lines);
        return;
    }
    let indented = lines.iter().any(|l| !l.is_blank() && l.indent() > 0);
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| starts_document(&lines, i, indented)).collect();
    let Some(&first) = starts.first() else {
        // An excerpt of one object (`kubectl describe pod x | sed -n '/Containers:/,/Events:/p'`)
        // has lost its `Name:` line, but the command still names the object. Without a
        // command, a container's state cut out of a pod's description (`describe:` and the
        // `State:` lines) is about the one pod the paste named before it, or the one
        // workload whose replicas it named.
        let named = cx.artifact.command.as_ref().filter(|c| c.program == "kubectl").and_then(|c| c.resource()).and_then(|(kind, name)| Some((kind, name?)));
        let named = named.map(|(kind, name)| (EntityKind::from_k8s(kind), name, None));
        let named = named.or_else(|| cx.artifact.command.is_none().then(|| the_object_named_before(cx)).flatten());
        let opening = lines.iter().find(|l| !l.is_blank()).map(|l| l.trimmed().span);
        match (named, opening) {
            (Some((kind, name, namespace)), Some(span)) => {
                let mut walker = Walker::new(cx, &lines, indented, DocKind::Kube(kind.clone()));
                walker.name = name;
                walker.namespace = walker.namespace.or(namespace);
                walker.subject = Some(walker.kube_subject(&kind, name, span));
                walker.run();
            }
            _ => cx.unparsed(cx.artifact.body, "describe output without a Name: line"),
        }
        return;
    };
    for line in lines[..first].iter().filter(|l| !l.is_blank()) {
        cx.unparsed(line.trimmed().span, "text before the first described object");
    }
    let command_kind = cx.artifact.command.as_ref().and_then(keys::from_command);
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let doc = &lines[start..end];
        let doc_keys: Vec<&str> = doc.iter().filter_map(|l| split_key(l.text.trim()).map(|(k, _)| k)).collect();
        let kind = command_kind.clone().unwrap_or_else(|| keys::from_keys(&doc_keys));
        Walker::new(cx, doc, indented, kind).run();
    }
}

/// The object an unnamed excerpt describes, as the facts read so far name it (its name and
/// namespace as the paste spells them, so they borrow from the paste); see
/// [`object_named_before`].
fn the_object_named_before<'a>(cx: &Cx<'a>) -> Option<(EntityKind, &'a str, Option<&'a str>)> {
    let (id, quoted) = object_named_before(cx.facts())?;
    let entity = cx.facts().entity_of(id);
    let text = quoted.text(cx.paste);
    let at = |word: &str| text.find(word).map(|i| &text[i..i + word.len()]);
    Some((entity.kind.clone(), at(&entity.name)?, entity.namespace.as_deref().and_then(at)))
}

/// The object an excerpt that names none is about (a container's state, event rows cut from
/// their description), as the facts read so far name it, with the span of a fact that
/// names it: the one pod named, or, when several pods are named and all are replicas of the
/// one workload named (`web-7d9f…` under `deployment/web`), that workload — its pods share
/// the template the excerpt shows. None when the paste named no pod, or pods of several owners.
pub(crate) fn object_named_before(facts: &crate::fact::Facts) -> Option<(EntityId, Span)> {
    let mut pods: Vec<(EntityId, Span)> = Vec::new();
    let mut workloads: Vec<(EntityId, Span)> = Vec::new();
    for fact in facts.all() {
        let about = match fact.value {
            Value::Entity(e) => [fact.subject, e],
            _ => [fact.subject, fact.subject],
        };
        for id in about {
            let kind = &facts.entity_of(id).kind;
            let seen = match kind {
                EntityKind::Pod => &mut pods,
                k if k.is_workload() => &mut workloads,
                _ => continue,
            };
            if !seen.iter().any(|(s, _)| *s == id) {
                seen.push((id, fact.span));
            }
        }
    }
    match (pods.as_slice(), workloads.as_slice()) {
        ([pod], _) => Some(*pod),
        ([_, _, ..], [workload]) => {
            let owner = &facts.entity_of(workload.0).name;
            let replica = |pod: &(EntityId, Span)| facts.entity_of(pod.0).name.strip_prefix(owner.as_str()).is_some_and(|rest| rest.starts_with('-'));
            pods.iter().all(replica).then_some(*workload)
        }
        _ => None,
    }
}

/// Whether line `i` starts a described object: a `Name:` (helm: `NAME:`) at the top level.
/// Volumes have `Name:` lines too; in a flattened paste an object's `Name:` is told apart by
/// what follows it.
fn starts_document(lines: &[Line<'_>], i: usize, indented: bool) -> bool {
    let line = lines[i];
    let Some((key, _)) = split_key(line.text.trim()) else { return false };
    if key != "Name" && key != "NAME" {
        return false;
    }
    if indented {
        return line.indent() == 0;
    }
    let next = lines[i + 1..].iter().find(|l| !l.is_blank()).and_then(|l| split_key(l.text.trim())).map(|(k, _)| k);
    i == 0
        || lines[i - 1].is_blank()
        || matches!(
            next,
            Some("Namespace" | "NAMESPACE" | "LAST DEPLOYED" | "Roles" | "Project" | "Labels" | "Priority" | "Selector" | "CreationTimestamp")
        )
}

/// `Key: value` or `Key:`, split at the first colon followed by a space or the end of the
/// line (so `http://x` and `node.kubernetes.io/not-ready:NoExecute` stay whole).
pub(super) fn split_key(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let colon = (0..bytes.len()).find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()))?;
    let key = text[..colon].trim();
    let key = key.strip_prefix("- ").unwrap_or(key);
    let value = text[colon + 1..].trim();
    (!key.is_empty() && key.len() <= 80 && !key.contains('"')).then_some((key, value))
}

/// A block that is open while the walk reads the lines inside it.
#[derive(Debug, Clone)]
enum Frame<'a> {
    /// A top-level key whose continuation lines or child keys follow (Labels, Tolerations,
    /// Metrics, System Info, …).
    Section(Section),
    /// A table under a key (Events, Conditions) or standing alone (argocd), with its header
    /// once read.
    Table(TableKind, Option<Header<'a>>),
    /// A workload's `Pod Template:`.
    Template,
    /// `Containers:` / `Init Containers:`.
    Containers,
    /// One container, and the entity its facts go on.
    Container(EntityId),
    /// A container's `State:` or `Last State:`.
    State,
    /// `Limits:` or `Requests:` of a container.
    Resources(Resources, EntityId),
    /// A container's `Environment:`.
    Env(EntityId),
    /// `Environment Variables from:`.
    EnvFrom,
    /// Lines read and left alone: `Mounts:`, `Command:`, `Args:`.
    Lines,
    /// The `Data` of a ConfigMap or Secret: `KEY:`, a `----` rule, then the value; holds the
    /// key whose value comes next and where it was read.
    Data(Option<(&'a str, Span)>),
    /// `Volumes:`.
    Volumes,
    /// One volume: its type once `Type:` is read, and whether it is the service-account token
    /// volume Kubernetes adds to every pod.
    Volume { kind: Option<&'a str>, generated: bool },
}

/// Top-level blocks whose lines the walk reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Labels { template: bool },
    Annotations,
    /// Node-Selectors, Tolerations, Taints: one item per line.
    Items(Predicate),
    Metrics,
    Allocatable,
    /// Blocks of key lines Trowel does not read (System Info, Addresses, Capacity, …).
    Ignored,
    /// A NetworkPolicy's `Spec:`: the pods it selects, its policy types, and the peers of
    /// the rules being read (`AllowsFrom` under `Allowing ingress traffic:`, `AllowsTo`
    /// under `Allowing egress traffic:`, none before either).
    Policy(Option<Predicate>),
    /// A cert-manager Certificate's `Status:`: its validity dates and condition messages.
    CertificateStatus,
    /// The `Status:` of a resource that writes a Secret (an ExternalSecret).
    SecretWriterStatus,
    /// helm's NOTES: free text to the end.
    Notes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TableKind {
    Conditions,
    Events,
    /// A node's Non-terminated Pods.
    NodePods,
    /// A node's Allocated resources.
    Allocated,
    ArgoConditions,
    ArgoResources,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resources {
    Limits,
    Requests,
}

/// One line of a document: trimmed, as the paste has it (tables need the positions), and
/// its key and value when it is a `Key: value` line.
#[derive(Debug, Clone, Copy)]
struct Entry<'a> {
    line: Line<'a>,
    raw: Line<'a>,
    key: Option<(&'a str, &'a str)>,
}

impl<'a> Entry<'a> {
    fn key_in(&self, set: &[&str]) -> bool {
        self.key.is_some_and(|(k, _)| set.contains(&k))
    }

    /// A key line with no value: a block opener or a container/volume name.
    fn opener(&self) -> Option<&'a str> {
        self.key.filter(|(_, v)| v.is_empty()).map(|(k, _)| k)
    }
}

/// A container state block being read: its facts wait for `Finished:`/`Started:`, which
/// time them.
#[derive(Debug)]
struct StateBlock {
    container: EntityId,
    facts: Vec<(EntityId, Predicate, Value, Span)>,
    started: Option<Timestamp>,
    finished: Option<Timestamp>,
    last: bool,
}

/// Walks one described object.
struct Walker<'c, 'a> {
    cx: &'c mut Cx<'a>,
    lines: &'c [Line<'a>],
    indented: bool,
    kind: DocKind,
    /// The described object, once its `Name:` is read.
    subject: Option<EntityId>,
    name: &'a str,
    namespace: Option<&'a str>,
    /// Open blocks with the indentation of the line that opened them; -1 for blocks whose
    /// lines belong by what they are, whatever their indentation (argocd tables, helm notes).
    frames: Vec<(isize, Frame<'a>)>,
    state: Option<StateBlock>,
    /// Facts that wait for a time stated later in the block (argocd's last operation).
    pending: Vec<(EntityId, Predicate, Value, Span)>,
    pending_time: Option<Timestamp>,
    /// Job `Completions:`, read when `Pods Statuses:` comes.
    completions: Option<f64>,
    /// Index of the line being read in `lines`.
    at: usize,
    /// The command kept only some lines (`| grep …`, `| tail -4`): each line stands alone.
    filtered: bool,
    /// A pod's `IP:` was read: the `IPs:` list repeats it.
    pod_ip_read: bool,
    /// Lines after the current one that a table row already took (a row a terminal
    /// wrapped onto them), which the walk passes over.
    taken: usize,
}

impl<'c, 'a> Walker<'c, 'a> {
    fn new(cx: &'c mut Cx<'a>, lines: &'c [Line<'a>], indented: bool, kind: DocKind) -> Walker<'c, 'a> {
        let namespace = lines
            .iter()
            .take(8)
            .filter_map(|l| split_key(l.text.trim()))
            .find(|(k, _)| *k == "Namespace" || *k == "NAMESPACE")
            .map(|(_, v)| v)
            .filter(|v| !v.is_empty() && *v != "<none>");
        let namespace = namespace.or_else(|| cx.namespace());
        let filtered = cx.artifact.command.as_ref().is_some_and(Command::may_drop_header);
        Walker {
            cx,
            lines,
            indented,
            kind,
            subject: None,
            name: "",
            namespace,
            frames: Vec::new(),
            state: None,
            pending: Vec::new(),
            pending_time: None,
            completions: None,
            at: 0,
            filtered,
            pod_ip_read: false,
            taken: 0,
        }
    }

    fn run(mut self) {
        for (i, &line) in self.lines.iter().enumerate() {
            if self.taken > 0 {
                self.taken -= 1;
                continue;
            }
            self.at = i;
            self.line(line);
        }
        self.close_state();
        self.flush_pending();
    }

    fn line(&mut self, line: Line<'a>) {
        let trimmed = line.trimmed();
        if trimmed.text.is_empty() {
            // A blank line ends tables (helm notes and other blocks may hold blank lines).
            self.frames.retain(|(_, frame)| !matches!(frame, Frame::Table(..)));
            return;
        }
        let entry = Entry { line: trimmed, raw: line, key: split_key(trimmed.text) };
        let indent = line.indent() as isize;
        while let Some((open, frame)) = self.frames.last() {
            let inside = if self.indented && *open >= 0 { indent > *open } else { self.accepts(frame, &entry) };
            if inside {
                break;
            }
            self.pop();
        }
        self.dispatch(entry, indent);
    }

    /// True when the next non-blank line's key is one of `set`.
    fn next_key_in(&self, set: &[&str]) -> bool {
        let next = self.lines[self.at + 1..].iter().map(|l| l.text.trim()).find(|t| !t.is_empty());
        next.and_then(split_key).is_some_and(|(key, _)| set.contains(&key))
    }

    fn pop(&mut self) {
        if let Some((_, Frame::State)) = self.frames.pop() {
            self.close_state();
        }
    }

    fn push(&mut self, indent: isize, frame: Frame<'a>) {
        self.frames.push((indent, frame));
    }

    /// Whether a flattened line still belongs to an open block, judged by key names.
    fn accepts(&self, frame: &Frame<'a>, entry: &Entry<'a>) -> bool {
        let top = entry.key_in(keys::TOP);
        match frame {
            Frame::Section(Section::Notes) => true,
            Frame::Section(Section::Labels { .. }) => entry.key.is_none() && entry.line.text.contains('=') && !entry.line.text.contains(' '),
            // Annotation keys are domain-qualified or lower-case; a value too long for its
            // line (last-applied-configuration JSON) continues on the next.
            Frame::Section(Section::Annotations) => match entry.key {
                Some((k, _)) => k.contains_of(b"/.") || k.starts_with(|c: char| c.is_ascii_lowercase()),
                None => entry.line.text.starts_with_of(b"{["),
            },
            Frame::Section(Section::Items(_)) => entry.key.is_none(),
            Frame::Section(Section::Metrics) => entry.key.is_some_and(|(k, _)| k.starts_with(|c: char| c.is_ascii_lowercase() || c == '"')),
            Frame::Section(Section::Allocatable | Section::Ignored | Section::CertificateStatus | Section::SecretWriterStatus) => entry.key.is_some() && !top,
            Frame::Section(Section::Policy(_)) => match entry.key {
                Some((k, _)) => keys::POLICY.contains(&k),
                None => entry.line.text.starts_with_of(b"<(-") || entry.line.text.starts_with("Not affecting"),
            },
            // An argocd table runs until the next one's header.
            Frame::Table(kind, _) => {
                let argo = matches!(kind, TableKind::ArgoConditions | TableKind::ArgoResources);
                !(top || argo && is_table_header(entry.line.text))
            }
            Frame::Template => entry.key_in(keys::TEMPLATE),
            Frame::Containers | Frame::Volumes => entry.opener().is_some() && !top && !entry.key_in(keys::CONTAINER),
            Frame::Container(_) => entry.key_in(keys::CONTAINER),
            Frame::State => entry.key_in(keys::STATE),
            Frame::Resources(..) => entry.key.is_some_and(|(k, v)| !v.is_empty() && k.starts_with(|c: char| c.is_ascii_lowercase())),
            Frame::Env(_) => entry.key.is_some() && !top && !entry.key_in(keys::CONTAINER) && !entry.key_in(keys::TEMPLATE),
            Frame::EnvFrom => env_source(entry.line.text).is_some(),
            Frame::Lines => entry.key.is_none() || entry.line.text.starts_with('/'),
            Frame::Data(_) => !top,
            Frame::Volume { .. } => entry.key_in(keys::VOLUME),
        }
    }

    /// Reads a line inside the innermost open block (or at the top level).
    fn dispatch(&mut self, entry: Entry<'a>, indent: isize) {
        let parent = self.frames.last().map(|(_, f)| f.clone());
        match (parent, entry.key) {
            // Event rows a `grep` kept without their `Events:` key (a message may hold `: `
            // and so read as a key). Only where indentation survived, or where the command
            // cut lines: a flattened copy may have joined the lines that say which container
            // and state the events are about, but after `| grep` each line stands alone, and
            // `| tail` keeps the last lines, the events.
            (None, _) if (self.indented || self.filtered) && matches!(self.kind, DocKind::Kube(_)) && is_event_row(entry.line.text) => {
                self.push(-1, Frame::Table(TableKind::Events, None));
                self.table_line(TableKind::Events, None, entry.raw);
            }
            (None, Some((key, value))) => self.top(key, value, entry.line, indent),
            (None, None) if matches!(entry.line.text, "Data" | "BinaryData") => self.push(-1, Frame::Data(None)),
            (None, None) if is_table_header(entry.line.text) => self.argo_table(entry.raw),
            (Some(Frame::Data(key)), _) => self.data_line(key, entry),
            (Some(Frame::Table(kind, header)), _) => self.table_line(kind, header, entry.raw),
            (Some(Frame::Section(section)), _) => self.section_line(section, entry),
            (Some(Frame::Template), Some((key, value))) => self.template_key(key, value, entry.line, indent),
            (Some(Frame::Containers), Some((name, _))) => self.container(name, entry.line, indent),
            (Some(Frame::Container(id)), Some((key, value))) => self.container_key(id, key, value, entry.line, indent),
            (Some(Frame::State), Some((key, value))) => self.state_key(key, value, entry.line),
            (Some(Frame::Resources(which, id)), Some((key, value))) => self.resource(which, id, key, value, entry.line),
            (Some(Frame::Env(id)), Some((key, value))) => self.env(id, key, value, entry.line),
            (Some(Frame::EnvFrom), _) => self.env_from(entry.line),
            (Some(Frame::Lines), _) => {}
            (Some(Frame::Volumes), Some((name, _))) => {
                // Kubernetes mounts a `kube-api-access-*` token volume into every pod; its
                // root CA ConfigMap says nothing about the workload.
                self.push(indent, Frame::Volume { kind: None, generated: name.starts_with("kube-api-access-") });
            }
            (Some(Frame::Volume { kind, generated: false }), Some((key, value))) => self.volume_key(kind, key, value, entry.line),
            (Some(Frame::Volume { generated: true, .. }), _) => {}
            _ => self.cx.unparsed(entry.line.span, "describe line outside any block Trowel knows"),
        }
    }

    fn fact(&mut self, subject: EntityId, predicate: Predicate, value: Value, span: Span) {
        self.cx.fact(subject, predicate, value, span);
    }

    /// A fact about the described object.
    fn about(&mut self, predicate: Predicate, value: Value, span: Span) {
        if let Some(subject) = self.subject {
            self.fact(subject, predicate, value, span);
        }
    }

    /// A fact that waits for the time a later line of its block states.
    fn later(&mut self, predicate: Predicate, value: Value, span: Span) {
        if let Some(subject) = self.subject {
            self.pending.push((subject, predicate, value, span));
        }
    }

    fn flush_pending(&mut self) {
        let time = self.pending_time.take();
        for (subject, predicate, value, span) in std::mem::take(&mut self.pending) {
            self.cx.timed_fact(subject, predicate, value, time, span);
        }
    }

    fn close_state(&mut self) {
        if let Some(block) = self.state.take() {
            let time = block.finished.or(block.started);
            for (subject, predicate, value, span) in block.facts {
                self.cx.timed_fact(subject, predicate, value, time, span);
            }
        }
    }

    /// Reads a table line: the header first, then rows; rules and notes like
    /// `(Total limits may be over 100 percent…)` are skipped.
    fn table_line(&mut self, kind: TableKind, header: Option<Header<'a>>, line: Line<'a>) {
        if is_rule(line.text) || line.text.trim_start().starts_with('(') {
            return;
        }
        let header = match header {
            Some(header) => header,
            None => {
                // An excerpt (`| sed -n '/Events/,$p'`, `| grep -A3 Events`) may cut the
                // Events header and keep only its rows, which open with the event's type.
                let headerless = kind == TableKind::Events && is_event_row(line.text);
                let header = match kind {
                    TableKind::ArgoResources => super::table::argo_resources_header(line),
                    _ if headerless => Header::synthetic(EVENTS_HEADER),
                    _ => Header::parse(line),
                };
                if let Some((_, Frame::Table(_, slot))) = self.frames.last_mut() {
                    *slot = Some(header.clone());
                }
                if !headerless {
                    return;
                }
                header
            }
        };
        match header.read(line) {
            Ok(row) => {
                // A raw terminal capture may have wrapped the row onto the lines below it.
                let taken = wrapped_lines(&header, self.lines, self.at);
                let row = if taken > 0 { row.join(&self.lines[self.at + 1..=self.at + taken]) } else { row };
                self.taken = taken;
                self.table_row(kind, &row);
            }
            Err(misfit) => self.cx.unparsed(line.span, misfit.reason()),
        }
    }
}

/// The columns `kubectl describe` prints over an object's events.
pub(crate) const EVENTS_HEADER: &str = "Type Reason Age From Message";

/// Whether a line is an event row rather than the Events header: it opens with an event type.
fn is_event_row(text: &str) -> bool {
    matches!(text.split_whitespace().next(), Some("Normal" | "Warning"))
}

/// `name  ConfigMap  Optional: false` (or `Secret`, or `ConfigMap with prefix 'X_'`): the
/// kind and name of an `Environment Variables from:` source.
fn env_source(text: &str) -> Option<(&str, &str)> {
    let mut words = text.split_whitespace();
    let name = words.next()?;
    let kind = words.next()?;
    matches!(kind, "ConfigMap" | "Secret").then_some((kind, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::fact_lines as facts;

    #[test]
    fn grepped_container_keys_belong_to_the_pods_container() {
        let paste = "$ kubectl describe pod web-5f8b6c9d7-4hq2n -n shop | grep -i image\nImage: reg.io/shop/web:stable\nImage ID: reg.io/shop/web@sha256:e21c…40d6\n";
        let read = facts(paste);
        assert!(read.contains(&"container shop/web-5f8b6c9d7-4hq2n/web · ImageId · reg.io/shop/web@sha256:e21c…40d6".to_string()), "{read:#?}");
    }

    #[test]
    fn a_trimmed_description_with_a_last_state_is_a_pods() {
        // No `Node:` or `Start Time:` survived the trim, but only pods have a last state.
        let paste = "Name: web-1\nNamespace: shop\nContainers:\n  api:\n    Last State: Terminated\n      Exit Code: 1\n";
        let read = facts(paste);
        assert!(read.contains(&"container shop/web-1/api · LastExitCode · 1".to_string()), "{read:#?}");
        assert!(read.iter().any(|f| f.starts_with("container shop/web-1/api · OwnedBy · pod shop/web-1")), "{read:#?}");
    }

    #[test]
    fn event_rows_cut_from_their_header_are_still_events() {
        let paste = "$ kubectl describe pod web-5c6d7f8b9-h7x4n -n lifts | sed -n '/Node-Selectors/,$p'\nNode-Selectors:  pool=edge\nEvents:\n  Warning  FailedScheduling   2m (x9 over 27m)   default-scheduler   0/9 nodes are available: 2 Insufficient memory.\n";
        let read = facts(paste);
        assert!(read.iter().any(|f| f.contains("FailedScheduling")), "{read:#?}");
        assert!(crate::ingest(paste).unparsed.is_empty());
    }

    #[test]
    fn grepped_probe_port_and_event_lines_keep_their_meaning() {
        let paste = "$ kubectl describe pod api-64d8b9c7f5-8mzkq -n shop | grep -e Port: -e Readiness -e Unhealthy\n    Port:           9090/TCP\n    Readiness:      http-get http://:8080/ready delay=5s timeout=1s period=5s\n  Warning  Unhealthy  9s (x31 over 11m)  kubelet  Readiness probe failed: connect: connection refused\n";
        let read = facts(paste);
        assert!(read.iter().any(|f| f.starts_with("container shop/api-64d8b9c7f5-8mzkq/api · ReadinessProbe")), "{read:#?}");
        assert!(read.iter().any(|f| f.starts_with("container shop/api-64d8b9c7f5-8mzkq/api · Port")), "{read:#?}");
        assert!(read.iter().any(|f| f.contains("Readiness probe failed")), "{read:#?}");
        assert!(crate::ingest(paste).unparsed.is_empty());
    }

    #[test]
    fn grepped_event_rows_of_a_web_copy_are_still_events() {
        let paste = "$ kubectl describe pod api-64d8b9c7f5-8mzkq -n shop | grep -E \"Liveness|Exit\"\nExit Code: 143\nLiveness: http-get http://:8080/healthz delay=5s timeout=1s period=5s #success=1 #failure=1\nWarning Unhealthy 24s (x9 over 40m) kubelet Liveness probe failed: Get \"http://10.8.3.44:8080/healthz\": context deadline exceeded\nNormal Killing 24s (x8 over 40m) kubelet Container api failed liveness probe, will be restarted\n";
        let read = facts(paste);
        assert!(read.iter().any(|f| f.starts_with("pod shop/api-64d8b9c7f5-8mzkq · Event · Warning Unhealthy: Liveness probe failed")), "{read:#?}");
        assert!(read.iter().any(|f| f.starts_with("pod shop/api-64d8b9c7f5-8mzkq · Event · Normal Killing")), "{read:#?}");
        assert!(crate::ingest(paste).unparsed.is_empty());
    }

    #[test]
    fn the_last_lines_of_a_description_are_its_events() {
        let paste = "$ kubectl describe rs api-5f8d7c9b4 -n shop | tail -2\nWarning FailedCreate 3m (x19 over 21m) replicaset-controller Error creating: pods \"api-5f8d7c9b4-zv2kt\" is forbidden: exceeded quota: compute, requested: requests.cpu=2, used: requests.cpu=31, limited: requests.cpu=32\n";
        let read = facts(paste);
        assert!(read.iter().any(|f| f.starts_with("replicaset shop/api-5f8d7c9b4 · Event · Warning FailedCreate")), "{read:#?}");
        assert!(crate::ingest(paste).unparsed.is_empty());
    }

    #[test]
    fn a_container_state_cut_from_a_description_is_about_the_pod_named_before_it() {
        let state = "```\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n    Restart Count:  23\n    Limits:\n      memory:  1536Mi\n```\n";
        let paste = format!("Pod media/dedup-5c9f7b6d84-mm2t7 keeps restarting. describe:\n{state}");
        let read = facts(&paste);
        assert!(read.contains(&"container media/dedup-5c9f7b6d84-mm2t7/dedup · LastStateReason · OOMKilled".to_string()), "{read:#?}");
        let remarked = "$ kubectl describe pod web-5d8f7c6b9d-x2x7q -n shop | grep -A2 'Last State'\n    Last State:  Terminated\n      Reason:    Error\n      Finished:  Mon, 07 Jul 2025 22:41:09 +0200    (liveness failures during the failover)\n";
        assert!(crate::ingest(remarked).unparsed.is_empty(), "a remark after the date leaves the date readable");
        assert!(read.contains(&"container media/dedup-5c9f7b6d84-mm2t7/dedup · MemoryLimit · 1536Mi (1610612736)".to_string()), "{read:#?}");
        // With two pods named, the excerpt could be about either: it stays unread.
        let two = format!("Pod media/dedup-5c9f7b6d84-mm2t7 keeps restarting.\nPod media/dedup-5c9f7b6d84-x9k2p too. describe:\n{state}");
        assert!(!facts(&two).iter().any(|f| f.contains("OOMKilled")));
    }

    #[test]
    fn a_container_state_cut_from_a_replicas_description_is_the_workload_templates_container() {
        let paste = "$ kubectl -n docgen get pods\nNAME READY STATUS RESTARTS AGE\nrender-84f6d9c7b5-6mzxw 1/1 Running 23 9h\nrender-84f6d9c7b5-h7q4n 1/1 Running 19 9h\n\n\
                     The container state says:\n\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n    Limits:\n      memory:  768Mi\n";
        let read = facts(paste);
        for said in ["LastStateReason · OOMKilled", "LastExitCode · 137", "MemoryLimit · 768Mi (805306368)", "OwnedBy · deployment docgen/render"] {
            assert!(read.contains(&format!("container render/render · {said}")), "{said}: {read:#?}");
        }
    }

    #[test]
    fn a_joined_name_line_names_only_the_object() {
        let read = facts("$ kubectl -n shop describe pod web-5b8f7c6d9-hx4kt\nName: web-5b8f7c6d9-hx4kt Namespace: shop Status: Running\nStart Time: 2024-05-14T09:00:00Z\n");
        assert!(read.iter().any(|f| f.starts_with("pod shop/web-5b8f7c6d9-hx4kt · StartedAt")), "{read:#?}");
    }

    /// A web copy: every line trimmed and its runs of spaces squashed.
    fn flatten(paste: &str) -> String {
        paste.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_flattened_describe_says_what_the_indented_one_says() {
        for paste in [
            include_str!("../../../../../fixtures/ingest/describe/pod-oomkilled-crashloop.txt"),
            include_str!("../../../../../fixtures/ingest/describe/service-no-endpoints.txt"),
            include_str!("../../../../../fixtures/ingest/describe/cronjob-suspended.txt"),
            include_str!("../../../../../fixtures/ingest/describe/node-pressure.txt"),
            include_str!("../../../../../fixtures/ingest/describe/networkpolicies.txt"),
        ] {
            let indented = facts(paste);
            assert!(indented.len() > 10, "the fixture states facts");
            assert_eq!(facts(&flatten(paste)), indented);
        }
    }

    #[test]
    fn an_excerpt_without_its_name_line_is_about_the_object_the_command_names() {
        let paste = "$ kubectl describe pod web-5d8f7c6b9d-x2x7q -n shop | grep -A6 Containers:\nContainers:\n  web:\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n    Restart Count:  4\n";
        let said = facts(paste);
        assert!(said.contains(&"container shop/web-5d8f7c6b9d-x2x7q/web · LastStateReason · OOMKilled".to_string()), "{said:#?}");
        assert!(said.contains(&"container shop/web-5d8f7c6b9d-x2x7q/web · Restarts · 4".to_string()), "{said:#?}");
        // Without a named object there is nothing to hang the lines on.
        let ingest = crate::ingest("$ kubectl describe pods -n shop | grep -A3 Containers:\nContainers:\n  web:\n    Restart Count:  4\n");
        assert!(ingest.unparsed.iter().any(|u| u.reason.contains("without a Name")));
    }

    #[test]
    fn a_containers_block_cut_without_its_header_is_that_container() {
        let paste = "$ kubectl -n shop describe pod web-5d8f7c6b9d-x2x7q | sed -n '/^  web:/,/Mounts:/p'\n  web:\n    Image:          reg/web:1.3\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n    Restart Count:  9\n";
        let said = facts(paste);
        assert!(said.contains(&"container shop/web-5d8f7c6b9d-x2x7q/web · LastStateReason · OOMKilled".to_string()), "{said:#?}");
        assert!(said.contains(&"container shop/web-5d8f7c6b9d-x2x7q/web · Restarts · 9".to_string()), "{said:#?}");
        // A bare key followed by something else is still a section nobody reads.
        let said = facts("$ kubectl -n shop describe pod web-5d8f7c6b9d-x2x7q\nName: web-5d8f7c6b9d-x2x7q\nQoS Class:\n  Burstable\n");
        assert!(!said.iter().any(|f| f.starts_with("container")), "{said:#?}");
    }

    #[test]
    fn keys_split_at_the_first_colon_before_a_space() {
        assert_eq!(split_key("Liveness:   http-get http://:8081/healthz delay=0s"), Some(("Liveness", "http-get http://:8081/healthz delay=0s")));
        assert_eq!(split_key("node.kubernetes.io/not-ready:NoExecute op=Exists for 300s"), None);
        assert_eq!(split_key("- Repo:  https://x/y.git"), Some(("Repo", "https://x/y.git")));
        assert_eq!(split_key("Containers:"), Some(("Containers", "")));
    }
}
