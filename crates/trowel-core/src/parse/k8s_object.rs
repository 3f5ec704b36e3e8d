//! Facts from Kubernetes and GitOps objects, whatever syntax printed them: the YAML, JSON
//! and columns parsers hand their document trees here, so each fact is read in one place.
//!
//! What is read: every object's identity and where it is defined (`DefinedIn`: the file path
//! or the command), metadata (labels, annotations, owners, GitOps/Helm tracking, creation
//! and change times); workloads and their pod templates (replicas, selectors, containers
//! with images, env, resources, probes, volumes); pod status (phase, container states,
//! running image digests); ConfigMap/Secret keys; Services, autoscalers, NetworkPolicies,
//! CronJobs, Certificates, Events; API server audit events (the object each write changed,
//! and the ConfigMap/Secret data a write sent); kustomizations (image overrides), Helm values, Argo CD
//! Applications and Flux Kustomizations/HelmReleases.
//!
//! Output reshaped by `jq` is first put back where it came from (`tree::path`), so
//! `{"sync": "Synced"}` printed by `argocd app get x -o json | jq '{sync: .status.sync.status}'`
//! reads as the Application's sync status.

use crate::ascii::Set;
use crate::fact::{Address, EntityId, EntityKind, EventRecord, Predicate, Quantity, Value};
use crate::image::{Digest, ImageRef};
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::{parse_iso_prefix, Timestamp};
use crate::tree::path::Projection;
use crate::tree::{Entry, Kind, Node, Parsed, MAX_DEPTH};
use crate::number::parse_f64;

/// Reports a parser's issues and reads the facts of its documents.
pub fn read(cx: &mut Cx<'_>, parsed: Parsed<'_>) {
    for issue in parsed.issues {
        if issue.unparsed {
            cx.unparsed(issue.span, &issue.message);
        } else {
            cx.warn(issue.message, Some(issue.span));
        }
    }
    let origin = Origin::of(cx);
    let source = origin.source.clone();
    let mut reader = Reader { cx, origin };
    // An excerpt's document that shows neither its kind nor a file name saying it is read
    // last: another file's copy of the same object may say it (`Reader::same_name_in_excerpt`).
    let unknown = |doc: &crate::tree::Document<'_>| doc.excerpt && doc.root.get("kind").is_none() && doc.path.and_then(kind_of_file).is_none() && !excerpt_is_configmap(&doc.root);
    let (later, first): (Vec<_>, Vec<_>) = parsed.docs.into_iter().partition(|doc| unknown(doc));
    for doc in first.into_iter().chain(later) {
        // A path in the document's own first-line comment names it better than nothing,
        // but not better than a `# From:` header or the command.
        // A `grep -n` gutter names the file the lines are from, whatever the command was.
        reader.origin.source = match (&source, doc.path) {
            (_, Some(path)) if doc.excerpt => Some(path.to_string()),
            (None, Some(path)) => Some(path.to_string()),
            _ => source.clone(),
        };
        reader.origin.excerpt = doc.excerpt;
        let root = match &reader.origin.projection {
            Some(projection) => projection.place(doc.root),
            None => doc.root,
        };
        reader.walk(&root, 0);
    }
}

/// Reads facts from objects built elsewhere (the columns parser's rows).
pub fn read_objects(cx: &mut Cx<'_>, objects: &[Node<'_>]) {
    let origin = Origin::of(cx);
    let mut reader = Reader { cx, origin };
    for object in objects {
        reader.walk(object, 0);
    }
}

/// What the artifact's header says about the objects in it.
struct Origin {
    /// Where the objects are defined: the file path, or the command that printed them.
    source: Option<String>,
    namespace: Option<String>,
    /// The kind and name the command asks for (`kubectl get pod web`, `argocd app get shop`),
    /// for output that does not say itself (jq fragments, jsonpath rows).
    kind: Option<String>,
    name: Option<String>,
    /// True when a command printed the objects from a live cluster.
    live: bool,
    projection: Option<Projection>,
    /// The Helm release whose values these are (`helm get values web`).
    helm_release: Option<String>,
    /// The artifact is a Helm values file (by its command or file name).
    helm_values: bool,
    /// The command prints Knative serving objects (`gcloud run services|revisions describe`),
    /// whose `--format` projections drop `apiVersion`.
    knative: bool,
    /// `kubectl exec POD|TYPE/NAME -- …`: what printed the output, when it is not a
    /// Kubernetes object (a `/version` endpoint's JSON).
    exec_target: Option<String>,
    /// The object `--field-selector involvedObject.name=…[,involvedObject.kind=…]` picks
    /// events for (kind, name), for events printed without it.
    selected_object: Option<(Option<String>, String)>,
    /// The `kind/name` the section's heading names (`deploy/web (excerpt of kubectl get -o
    /// yaml)`): whose fragment a document without identity is.
    titled: Option<(String, String)>,
    /// The document is lines `grep -n` cut out of a file: `metadata:` may be cut off above
    /// its `name:`.
    excerpt: bool,
}

impl Origin {
    fn of(cx: &Cx<'_>) -> Origin {
        let artifact = cx.artifact;
        let command = artifact.command.as_ref();
        let words = command.map(|c| c.positionals()).unwrap_or_default();
        let program = command.map_or("", |c| c.program.as_str());
        let (mut kind, mut name) = (None, None);
        match (program, words.as_slice()) {
            ("kubectl", ["get", ..]) => {
                if let Some((k, n)) = command.and_then(|c| c.resource()).filter(|(k, _)| !k.contains(',')) {
                    kind = Some(k.to_string());
                    name = n.map(str::to_string);
                }
            }
            ("argocd", ["app", "get", app, ..]) => {
                kind = Some("Application".to_string());
                name = Some(app.to_string());
            }
            // Cloud Run prints its Knative objects, in full or cut by `--format='yaml(…)'`.
            ("gcloud", ["run", what @ ("services" | "revisions"), "describe", object, ..]) => {
                kind = Some(if *what == "services" { "Service" } else { "Revision" }.to_string());
                name = Some(object.to_string());
            }
            // A REST call (`curl …/api/v1/namespaces/x/pods`) prints what its URL names.
            _ => {
                if let Some(api) = command.and_then(|c| c.api_object()).filter(|o| o.subresource.is_none()) {
                    kind = Some(api.resource.to_string());
                    name = api.name.map(str::to_string);
                }
            }
        }
        let helm_release = match (program, words.as_slice()) {
            ("helm", ["get", "values", release, ..]) => Some(release.to_string()),
            _ => None,
        };
        let file = artifact.path.as_deref().and_then(|p| p.rsplit('/').next()).unwrap_or("");
        Origin {
            source: artifact.path.clone().or_else(|| command.map(|c| c.line.clone())),
            namespace: cx.namespace().map(str::to_string),
            kind,
            name,
            live: matches!(program, "kubectl" | "argocd" | "flux" | "helm" | "gcloud") || command.is_some_and(|c| c.api_object().is_some()),
            knative: program == "gcloud" && words.first() == Some(&"run"),
            projection: command.and_then(projection),
            helm_values: helm_release.is_some() || file.contains("values") && (file.ends_with(".yaml") || file.ends_with(".yml")),
            helm_release,
            exec_target: match (program, words.as_slice()) {
                ("kubectl", ["exec", target, ..]) => Some(target.to_string()),
                _ => None,
            },
            selected_object: command.and_then(|c| c.flag(&["--field-selector"])).and_then(selected_object),
            titled: artifact
                .title
                .as_deref()
                .and_then(|t| t.split_whitespace().next())
                .and_then(crate::parse::table::value::kind_and_name)
                .map(|(k, n)| (k.to_string(), n.to_string())),
            excerpt: false,
        }
    }
}

/// A `grep -n` excerpt of a ConfigMap without its `kind:` line: metadata's `name:` cut out
/// beside a `data:` map of plain values. A Secret's `data:` holds base64 only, so one value
/// that cannot be base64 (`https://…`, a value of the wrong length) rules a Secret out.
fn excerpt_is_configmap(node: &Node<'_>) -> bool {
    let Some(Kind::Map(entries)) = node.get("data").map(|d| &d.kind) else { return false };
    let values: Vec<&str> = entries.iter().filter_map(|e| e.value.str()).collect();
    let base64 = |v: &str| v.len().is_multiple_of(4) && v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    excerpt_name(node).is_some() && values.len() == entries.len() && values.iter().any(|v| !base64(v))
}

/// The object's name in a `grep -n` excerpt: metadata's `name:`, with `metadata:` cut off
/// above it or kept (`grep -B1`).
fn excerpt_name<'n>(node: &'n Node<'_>) -> Option<&'n str> {
    node.get("name").or_else(|| node.at(&["metadata", "name"])).and_then(Node::str)
}

/// The kind a manifest's file name gives (`base/configmap.yaml`, `web-secret.yml`,
/// `cronjob.yaml`): the last word of its stem, for a `grep -n` excerpt cut below its
/// `kind:` line.
fn kind_of_file(path: &str) -> Option<&'static str> {
    let file = path.rsplit('/').next()?;
    let stem = file.strip_suffix(".yaml").or_else(|| file.strip_suffix(".yml"))?;
    let word = stem.rsplit(['-', '_', '.']).next()?;
    const KINDS: &[(&str, &str)] = &[
        ("configmap", "ConfigMap"),
        ("cm", "ConfigMap"),
        ("secret", "Secret"),
        ("deployment", "Deployment"),
        ("deploy", "Deployment"),
        ("service", "Service"),
        ("svc", "Service"),
        ("cronjob", "CronJob"),
        ("statefulset", "StatefulSet"),
        ("networkpolicy", "NetworkPolicy"),
    ];
    KINDS.iter().find(|(w, _)| word.eq_ignore_ascii_case(w)).map(|(_, kind)| *kind)
}

/// The object a field selector picks events for: `involvedObject.name=web-1` (or the
/// events.k8s.io `regarding.name`), with its kind when the selector names it.
fn selected_object(selector: &str) -> Option<(Option<String>, String)> {
    let value = |fields: &[&str]| selector.split(',').find_map(|term| term.split_once('=').filter(|(field, _)| fields.contains(&field.trim())).map(|(_, v)| v.trim().trim_start_matches('=')));
    let name = value(&["involvedObject.name", "regarding.name"]).filter(|n| !n.is_empty())?;
    Some((value(&["involvedObject.kind", "regarding.kind"]).map(str::to_string), name.to_string()))
}

/// Where the printed document sat in the object: the jq filter's paths, after the field a
/// one-field `-o jsonpath` printed (`-o jsonpath='{.metadata.annotations}' | jq .`).
fn projection(command: &crate::command::Command) -> Option<Projection> {
    match (command.jsonpath_field(), command.jq_filter()) {
        (Some(field), Some(jq)) => Projection::from_jq(&format!("{field} | {jq}")),
        (Some(field), None) => Projection::from_jq(field),
        (None, jq) => Projection::from_jq(jq?),
    }
}

/// An object's identity once read.
struct Obj {
    id: EntityId,
    ns: Option<String>,
    name: String,
}

struct Reader<'c, 'p> {
    cx: &'c mut Cx<'p>,
    origin: Origin,
}

impl Reader<'_, '_> {
    fn fact(&mut self, subject: EntityId, predicate: Predicate, value: Value, span: Span) {
        self.cx.fact(subject, predicate, value, span);
    }

    fn timed(&mut self, subject: EntityId, predicate: Predicate, value: Value, time: Option<Timestamp>, span: Span) {
        self.cx.timed_fact(subject, predicate, value, time, span);
    }

    /// A text fact from `key` of `node`, quoting the `key: value` entry.
    fn text(&mut self, subject: EntityId, predicate: Predicate, node: &Node<'_>, key: &str) {
        if let Some((text, span)) = scalar_entry(node, key) {
            self.fact(subject, predicate, Value::text(text), span);
        }
    }

    fn number(&mut self, subject: EntityId, predicate: Predicate, node: &Node<'_>, key: &str) {
        let Some((text, span)) = scalar_entry(node, key) else { return };
        match parse_f64(text) {
            Some(n) if n.is_finite() => {
                self.fact(subject, predicate, Value::Number(n), span);
            }
            Some(_) => self.cx.warn(format!("`{key}` is out of range for a number: not read"), Some(span)),
            None => {}
        }
    }

    /// A time fact (`startedAt: …`), timed at that time.
    fn time(&mut self, subject: EntityId, predicate: Predicate, node: &Node<'_>, key: &str) {
        if let Some((t, span)) = scalar_entry(node, key).and_then(|(t, s)| time_of(t).map(|t| (t, s))) {
            self.timed(subject, predicate, Value::Time(t), Some(t), span);
        }
    }

    fn setting(&mut self, subject: EntityId, node: &Node<'_>, key: &str) {
        self.setting_as(subject, node, key, key);
    }

    /// A `Setting` fact named `name` from `key` of `node`.
    fn setting_as(&mut self, subject: EntityId, node: &Node<'_>, key: &str, name: &str) {
        if let Some((text, span)) = scalar_entry(node, key) {
            self.fact(subject, Predicate::Setting, Value::pair(name, text), span);
        }
    }

    fn defined_in(&mut self, subject: EntityId, span: Span) {
        if let Some(source) = self.origin.source.clone() {
            self.fact(subject, Predicate::DefinedIn, Value::Text(source), span);
        }
    }

    /// Reads a node: lists, objects, and documents with no kind.
    fn walk(&mut self, node: &Node<'_>, depth: usize) {
        if depth > 4 {
            return;
        }
        match &node.kind {
            Kind::Seq(items) => items.iter().for_each(|item| self.walk(item, depth + 1)),
            Kind::Map(_) => {
                let kind = node.get("kind").and_then(Node::str);
                let items = node.get("items").filter(|n| n.is_seq());
                match (kind, items) {
                    (Some(k), Some(items)) if k.ends_with("List") => items.items().iter().for_each(|i| self.walk(i, depth + 1)),
                    (None, Some(items)) if node.get("metadata").is_some() || node.get("apiVersion").is_some() => {
                        items.items().iter().for_each(|i| self.walk(i, depth + 1))
                    }
                    (Some(kind), _) => self.object(node, kind),
                    (None, _) => self.kindless(node),
                }
            }
            _ => {}
        }
    }

    /// A document that does not say its kind: the command may (jq fragments), or its shape
    /// does (Argo CD apps without TypeMeta, kustomization files, Helm values).
    fn kindless(&mut self, node: &Node<'_>) {
        if let Some(kind) = self.origin.kind.clone() {
            self.object(node, &kind);
        } else if self.origin.excerpt && excerpt_is_configmap(node) {
            self.object(node, "ConfigMap");
        } else if let Some(kind) = self.origin.source.as_deref().filter(|_| self.origin.excerpt && excerpt_name(node).is_some()).and_then(kind_of_file) {
            self.object(node, kind);
        } else if let Some(kind) = self.origin.excerpt.then(|| self.same_name_in_excerpt(node)).flatten() {
            // `grep -rn 'name: x$'` over a repository finds every file defining x: one whose
            // kind the excerpt cut off is of the kind another file's copy of x showed.
            self.object(node, kind);
        } else if node.get("envVarGroups").is_some_and(Node::is_seq) {
            self.env_var_groups(node);
        } else if node.at(&["spec", "source", "repoURL"]).is_some() || node.at(&["status", "sync", "status"]).is_some() {
            self.argo_app(node);
        } else if self.looks_like_kustomization(node) {
            self.kustomization(node);
        } else if !self.build_info(node) && !self.template_fragment(node) {
            self.helm_values(node, None);
        }
    }

    /// The kind of configuration an earlier document of this excerpt gave the same name and
    /// namespace, for a document that holds `data:` as configuration does.
    fn same_name_in_excerpt(&self, node: &Node<'_>) -> Option<&'static str> {
        let name = excerpt_name(node)?;
        node.get("data")?;
        let namespace = node.get("namespace").or_else(|| node.at(&["metadata", "namespace"])).and_then(Node::str);
        let facts = self.cx.facts();
        let defined_here = |kind: EntityKind| {
            facts.find_entity(&kind, namespace, name).is_some_and(|id| facts.with(Predicate::DefinedIn).any(|f| f.subject == id && f.artifact == self.cx.artifact.id))
        };
        [(EntityKind::ConfigMap, "ConfigMap"), (EntityKind::Secret, "Secret")].into_iter().find(|(kind, _)| defined_here(kind.clone())).map(|(_, name)| name)
    }

    /// A fragment of a workload's pod template cut out of its YAML (`spec:` / `containers:`
    /// without `kind` or `metadata`), under a heading that names the workload
    /// (`deploy/web (excerpt of kubectl get -o yaml)`): what its containers run and read.
    /// False when the document is not that.
    fn template_fragment(&mut self, node: &Node<'_>) -> bool {
        let Some((kind, name)) = self.origin.titled.clone() else { return false };
        let kind = EntityKind::from_k8s(&kind);
        if !(kind.is_workload() || matches!(kind, EntityKind::ReplicaSet | EntityKind::Pod)) {
            return false;
        }
        let paths: [&[&str]; 4] = [&["spec", "template", "spec"], &["template", "spec"], &["spec"], &[]];
        let Some(spec) = paths.iter().filter_map(|path| node.at(path)).find(|s| s.get("containers").is_some_and(Node::is_seq)) else { return false };
        let ns = self.origin.namespace.clone();
        let id = if kind == EntityKind::Pod { self.cx.pod(ns.as_deref(), &name, spec.span) } else { self.cx.entity(kind, ns.as_deref(), &name) };
        self.defined_in(id, spec.span);
        self.pod_spec(&Obj { id, ns, name }, spec);
        true
    }

    /// A program's own build info (`{"version":"3.7.4","commit":"e02b7a1"}`, as a `/version`
    /// endpoint answers) printed through `kubectl exec`: what the exec'd pod or workload
    /// reports running. False when the output is not that.
    fn build_info(&mut self, node: &Node<'_>) -> bool {
        const VERSION: &[&str] = &["version", "app_version", "appVersion", "buildVersion"];
        const COMMIT: &[&str] = &["commit", "git_commit", "gitCommit", "commit_sha", "git_sha", "sha", "revision"];
        let Some(target) = self.origin.exec_target.clone() else { return false };
        let scopes = [Some(node), node.get("build"), node.get("git"), node.get("info")];
        let find = |keys: &[&str]| scopes.iter().flatten().find_map(|scope| keys.iter().find_map(|k| scope.entry(k)).filter(|e| e.value.str().is_some()));
        let (version, commit) = (find(VERSION), find(COMMIT));
        let Some(span) = version.or(commit).map(Entry::span) else { return false };
        let build = crate::fact::Build {
            image: None,
            version: version.and_then(|e| e.value.str()).map(str::to_string),
            commit: commit.and_then(|e| e.value.str()).map(str::to_string),
        };
        let ns = self.origin.namespace.clone();
        let subject = match target.split_once('/') {
            Some((kind, name)) => self.cx.entity(EntityKind::from_k8s(kind), ns.as_deref(), name),
            None => self.cx.pod(ns.as_deref(), &target, span),
        };
        self.fact(subject, Predicate::ReportsBuild, Value::Build(Box::new(build)), span);
        true
    }

    fn looks_like_kustomization(&self, node: &Node<'_>) -> bool {
        let file = self.cx.artifact.path.as_deref().and_then(|p| p.rsplit('/').next()).unwrap_or("");
        let overrides = node
            .get("images")
            .is_some_and(|images| images.items().iter().any(|i| ["newTag", "newName", "digest"].iter().any(|k| i.get(k).is_some())));
        let resources = node.get("resources").is_some_and(|r| r.items().iter().any(|i| i.str().is_some()));
        matches!(file, "kustomization.yaml" | "kustomization.yml" | "Kustomization") || overrides || resources
    }

    fn object(&mut self, node: &Node<'_>, kind_text: &str) {
        let api = node.get("apiVersion").and_then(Node::str).unwrap_or("");
        if api.starts_with("audit.k8s.io/") {
            return self.audit_event(node);
        }
        if api.starts_with("serving.knative.dev/") || api.is_empty() && self.origin.knative {
            match kind_text {
                "Service" => return self.knative_service(node),
                "Revision" => return self.knative_revision(node),
                _ => {}
            }
        }
        let kind = EntityKind::from_k8s(kind_text);
        match kind {
            EntityKind::Kustomization if api.contains("fluxcd.io") || api.is_empty() && self.origin.live => self.flux_app(node),
            EntityKind::Kustomization => self.kustomization(node),
            EntityKind::HelmRelease => self.flux_app(node),
            EntityKind::GitOpsApp => self.argo_app(node),
            EntityKind::Resource(ref k) if matches!(k.as_str(), "Event" | "event" | "events" | "ev") => self.event(node),
            kind => self.k8s(node, kind),
        }
    }

    /// The object's entity: its name from metadata (or the command), its namespace from
    /// metadata, else the command's `-n`. Pods also record the owners their names imply.
    fn identity(&mut self, node: &Node<'_>, kind: EntityKind) -> Option<(Obj, Span)> {
        // An excerpt cut below `metadata:` has the metadata keys at its top (a `name:` with
        // another key only metadata has; a container's `name:` has none of them).
        let cut_metadata = || ["namespace", "labels", "annotations"].iter().any(|k| node.get(k).is_some()) || node.get("data").is_some();
        let meta = node.get("metadata").or_else(|| (self.origin.excerpt && node.get("name").is_some() && cut_metadata()).then_some(node));
        let name_entry = meta.and_then(|m| m.entry("name")).filter(|e| e.value.str().is_some());
        let name = match name_entry.and_then(|e| e.value.str()) {
            Some(name) => name.to_string(),
            None => self.origin.name.clone()?,
        };
        let ns = match kind {
            EntityKind::GitOpsApp | EntityKind::Namespace | EntityKind::Node => None,
            _ => meta.and_then(|m| m.get("namespace")).and_then(Node::str).map(str::to_string).or_else(|| self.origin.namespace.clone()),
        };
        let span = name_entry.map_or(node.span, Entry::span);
        let id = if kind == EntityKind::Pod { self.cx.pod(ns.as_deref(), &name, span) } else { self.cx.entity(kind, ns.as_deref(), &name) };
        Some((Obj { id, ns, name }, span))
    }

    fn k8s(&mut self, node: &Node<'_>, kind: EntityKind) {
        let Some((obj, span)) = self.identity(node, kind.clone()) else { return };
        self.defined_in(obj.id, span);
        self.metadata(&obj, node, &kind);
        let spec = node.get("spec");
        let status = node.get("status");
        match kind {
            EntityKind::Deployment | EntityKind::StatefulSet | EntityKind::DaemonSet | EntityKind::ReplicaSet => {
                self.workload(&obj, spec, status)
            }
            EntityKind::Job => self.job(&obj, spec, status),
            EntityKind::CronJob => self.cronjob(&obj, spec, status),
            EntityKind::Pod => {
                if let Some(spec) = spec {
                    self.pod_spec(&obj, spec);
                }
                if let Some(status) = status {
                    self.pod_status(&obj, status, spec);
                }
            }
            EntityKind::ConfigMap | EntityKind::Secret => self.config_data(&obj, node, kind == EntityKind::Secret),
            EntityKind::Service => self.service(&obj, spec),
            EntityKind::HorizontalPodAutoscaler => self.hpa(&obj, spec, status),
            EntityKind::NetworkPolicy => self.network_policy(&obj, spec),
            EntityKind::Certificate => self.certificate(&obj, spec, status),
            EntityKind::Endpoints => self.endpoints(&obj, node),
            EntityKind::Node => self.node(&obj, spec, status),
            _ => {
                if matches!(kind, EntityKind::Resource(_)) {
                    self.scheduled_resource(&obj, spec, status);
                }
                // A custom kind that is configuration (an `AlertmanagerConfig`) states its
                // settings in its spec, as a ConfigMap does in its data.
                if let Some(spec) = spec.filter(|_| kind.carries_config()) {
                    self.config_leaves(obj.id, spec, &mut String::new(), 0);
                }
                if let Some(status) = status {
                    self.conditions(obj.id, status);
                    if matches!(&kind, EntityKind::Resource(k) if writes_secret(k)) {
                        self.secret_refresh(&obj, spec, status);
                    }
                }
            }
        }
    }

    /// A Knative Service (a Cloud Run service): the workload its revisions run, read as a
    /// Deployment so the workload rules apply to it. Its template is the pod template, and its
    /// `…/minScale` and `…/maxScale` annotations bound an autoscaler of the same name, as an
    /// HPA's `minReplicas`/`maxReplicas` do.
    fn knative_service(&mut self, node: &Node<'_>) {
        let Some((obj, span)) = self.identity(node, EntityKind::Deployment) else { return };
        self.defined_in(obj.id, span);
        self.metadata(&obj, node, &EntityKind::Deployment);
        let template = node.at(&["spec", "template"]);
        self.template(&obj, template);
        self.knative_configuration(&obj, span, template);
        // Scale bounds live on the revision template; Cloud Run also takes service-wide ones.
        let annotations = [template.and_then(|t| t.at(&["metadata", "annotations"])), node.at(&["metadata", "annotations"])];
        let mut autoscaler = None;
        for entry in annotations.into_iter().flatten().flat_map(Node::entries) {
            let predicate = match entry.key.rsplit('/').next() {
                Some("minScale") => Predicate::MinReplicas,
                Some("maxScale") => Predicate::MaxReplicas,
                _ => continue,
            };
            let Some(bound) = number_of(&entry.value) else { continue };
            let hpa = *autoscaler.get_or_insert_with(|| {
                let hpa = self.cx.entity(EntityKind::HorizontalPodAutoscaler, obj.ns.as_deref(), &obj.name);
                self.cx.fact(hpa, Predicate::Scales, Value::Entity(obj.id), entry.span());
                hpa
            });
            self.fact(hpa, predicate, Value::Number(bound), entry.span());
        }
        if let Some(status) = node.get("status") {
            self.conditions(obj.id, status);
        }
    }

    /// A Render blueprint's (`render.yaml`) `envVarGroups`: each group (`name`, `envVars` of
    /// `key`/`value`) is shared configuration services link to, read as a ConfigMap of its name
    /// defined in the file, so two blueprints declaring one group are one identity defined twice.
    /// Generated and unsynced values (`generateValue`, `sync: false`) have no value to compare.
    fn env_var_groups(&mut self, node: &Node<'_>) {
        for group in node.get("envVarGroups").map(Node::items).unwrap_or_default() {
            let Some((name, span)) = scalar_entry(group, "name") else { continue };
            let id = self.cx.entity(EntityKind::ConfigMap, None, name);
            self.defined_in(id, span);
            for var in group.get("envVars").map(Node::items).unwrap_or_default() {
                let (Some(key), Some(value)) = (var.get("key").and_then(Node::str), var.get("value")) else { continue };
                self.fact(id, Predicate::ConfigValue, Value::pair(key, scalar_text(value)), var.span);
            }
        }
    }

    /// Cloud Run has no ConfigMaps: a service's container env is its configuration, which
    /// Knative keeps in a `Configuration` of the service's name. Its literal env values are
    /// read as that object's `ConfigValue`s, so two files defining one service with different
    /// env are one configuration defined twice, as two ConfigMaps of one name would be.
    fn knative_configuration(&mut self, service: &Obj, span: Span, template: Option<&Node<'_>>) {
        let containers = template.and_then(|t| t.at(&["spec", "containers"])).map(Node::items).unwrap_or_default();
        let mut configuration = None;
        for var in containers.iter().flat_map(|c| c.get("env").map(Node::items).unwrap_or_default()) {
            let (Some(name), Some(value)) = (var.get("name").and_then(Node::str), var.get("value")) else { continue };
            let id = *configuration.get_or_insert_with(|| {
                let id = self.cx.entity(EntityKind::Resource("Configuration".into()), service.ns.as_deref(), &service.name);
                self.defined_in(id, span);
                id
            });
            self.fact(id, Predicate::ConfigValue, Value::pair(name, scalar_text(value)), var.span);
        }
    }

    /// A Knative Revision (a Cloud Run revision): one immutable version of a service's pods,
    /// read as a pod of the service's Deployment so what its conditions say (`ContainerMissing`:
    /// the image cannot be resolved) is read as a pod's state is. Its service is the
    /// `serving.knative.dev/service` label, else the `--service` flag, else its name without
    /// the `-NNNNN-xyz` suffix Knative generates.
    fn knative_revision(&mut self, node: &Node<'_>) {
        let Some((obj, span)) = self.identity(node, EntityKind::Pod) else { return };
        self.defined_in(obj.id, span);
        self.metadata(&obj, node, &EntityKind::Pod);
        let labelled = node.at(&["metadata", "labels", "serving.knative.dev/service"]).and_then(Node::str).map(str::to_string);
        let flagged = self.cx.artifact.command.as_ref().and_then(|c| c.flag(&["--service"])).map(str::to_string);
        if let Some(service) = labelled.or(flagged).or_else(|| crate::names::knative_revision_service(&obj.name).map(str::to_string)) {
            let workload = self.cx.entity(EntityKind::Deployment, obj.ns.as_deref(), &service);
            self.fact(obj.id, Predicate::OwnedBy, Value::Entity(workload), span);
        }
        if let Some(spec) = node.get("spec") {
            self.pod_spec(&obj, spec);
        }
        if let Some(status) = node.get("status") {
            self.conditions(obj.id, status);
        }
    }

    /// A secret operator's last write of the Secret it owns: External Secrets'
    /// `status.refreshTime` (and the same field of its kin) dates the Secret's data. The
    /// Secret is `spec.target.name`, else the operator object's own name.
    fn secret_refresh(&mut self, obj: &Obj, spec: Option<&Node<'_>>, status: &Node<'_>) {
        let Some((text, span)) = scalar_entry(status, "refreshTime") else { return };
        let Some(time) = time_of(text) else { return };
        let target = spec.and_then(|s| s.get("target")).and_then(|t| t.get("name")).and_then(Node::str).unwrap_or(&obj.name);
        let secret = self.cx.entity(EntityKind::Secret, obj.ns.as_deref(), target);
        self.timed(secret, Predicate::Changed, Value::text("refreshed"), Some(time), span);
    }

    // ── Metadata ────────────────────────────────────────────────────────────────────────

    fn metadata(&mut self, obj: &Obj, node: &Node<'_>, kind: &EntityKind) {
        let Some(meta) = node.get("metadata") else { return };
        let labels = meta.get("labels");
        let annotations = meta.get("annotations");
        for entry in labels.map(Node::entries).unwrap_or_default() {
            self.fact(obj.id, Predicate::Label, Value::pair(entry.key.as_ref(), scalar_text(&entry.value)), entry.span());
        }
        let mut managed = false;
        for entry in labels.iter().chain(annotations.iter()).flat_map(|n| n.entries()) {
            if let Some(manager) = self.tracking(entry, meta, obj) {
                self.fact(obj.id, Predicate::ManagedBy, Value::Entity(manager), entry.span());
                managed = true;
            }
        }
        let mut last_applied = None;
        for entry in annotations.map(Node::entries).unwrap_or_default() {
            if entry.key == "kubectl.kubernetes.io/last-applied-configuration" {
                last_applied = Some(entry.key_span);
                continue;
            }
            self.fact(obj.id, Predicate::Annotation, Value::pair(entry.key.as_ref(), scalar_text(&entry.value)), entry.span());
        }
        // Argo CD applies with kubectl semantics too: kubectl is named only when nothing
        // else claims the object.
        if let Some(span) = last_applied.filter(|_| !managed) {
            let kubectl = self.cx.entity(EntityKind::Tool, None, "kubectl");
            self.fact(obj.id, Predicate::ManagedBy, Value::Entity(kubectl), span);
        }
        if let Some(annotations) = annotations {
            let cause = annotations.get("kubernetes.io/change-cause").and_then(Node::str);
            if let Some(revision) = annotations.entry("deployment.kubernetes.io/revision").filter(|e| e.value.str().is_some()) {
                let value = Value::pair(scalar_text(&revision.value), cause.unwrap_or("<none>"));
                self.fact(obj.id, Predicate::RolloutRevision, value, revision.span());
            }
        }
        self.restarted(obj.id, annotations);
        self.time(obj.id, Predicate::CreatedAt, meta, "creationTimestamp");
        self.owners(obj, meta, kind);
        // Who wrote the object and when; status writes are controllers reporting, not changes.
        for field in meta.get("managedFields").map(Node::items).unwrap_or_default() {
            if field.get("subresource").and_then(Node::str) == Some("status") {
                continue;
            }
            let time = field.get("time").and_then(Node::str).and_then(time_of);
            match (scalar_entry(field, "manager"), field.get("operation").and_then(Node::str)) {
                (Some((manager, span)), Some(operation)) => {
                    self.timed(obj.id, Predicate::Changed, Value::Text(format!("{operation} by {manager}")), time, span);
                }
                // `-o jsonpath='{.metadata.managedFields[?(@.manager=="x")].time}'` prints
                // the time alone: the object was written then, by whom the filter says.
                _ => {
                    if let (Some(time), Some((_, span))) = (time, scalar_entry(field, "time")) {
                        self.timed(obj.id, Predicate::Changed, Value::text("written"), Some(time), span);
                    }
                }
            }
        }
    }

    /// `kubectl rollout restart` stamps the pod template (and so its pods) with the time.
    fn restarted(&mut self, subject: EntityId, annotations: Option<&Node<'_>>) {
        let stamp = annotations.and_then(|a| scalar_entry(a, "kubectl.kubernetes.io/restartedAt"));
        if let Some((time, span)) = stamp.and_then(|(t, s)| time_of(t).map(|t| (t, s))) {
            self.timed(subject, Predicate::Changed, Value::text("restarted"), Some(time), span);
        }
    }

    /// The GitOps app or Helm release a tracking label/annotation names.
    fn tracking(&mut self, entry: &Entry<'_>, meta: &Node<'_>, obj: &Obj) -> Option<EntityId> {
        let value = entry.value.str()?;
        let labels = meta.get("labels");
        let annotations = meta.get("annotations");
        let lookup = |key: &str| labels.and_then(|l| l.get(key)).or_else(|| annotations.and_then(|a| a.get(key))).and_then(Node::str);
        let (kind, ns, name) = match entry.key.as_ref() {
            "argocd.argoproj.io/instance" => (EntityKind::GitOpsApp, None, value),
            // `app:group/kind:namespace/name`
            "argocd.argoproj.io/tracking-id" => (EntityKind::GitOpsApp, None, value.split(':').next()?),
            "kustomize.toolkit.fluxcd.io/name" | "helm.toolkit.fluxcd.io/name" => (EntityKind::GitOpsApp, None, value),
            "meta.helm.sh/release-name" => {
                (EntityKind::HelmRelease, lookup("meta.helm.sh/release-namespace").or(obj.ns.as_deref()), value)
            }
            // Helm sets this too; Argo CD's default tracking label otherwise.
            "app.kubernetes.io/instance" if lookup("app.kubernetes.io/managed-by").is_some_and(|m| m.eq_ignore_ascii_case("helm")) => {
                if lookup("meta.helm.sh/release-name").is_some() {
                    return None;
                }
                (EntityKind::HelmRelease, obj.ns.as_deref(), value)
            }
            "app.kubernetes.io/instance" => (EntityKind::GitOpsApp, None, value),
            _ => return None,
        };
        let ns = ns.map(str::to_string);
        Some(self.cx.entity(kind, ns.as_deref(), name))
    }

    fn owners(&mut self, obj: &Obj, meta: &Node<'_>, kind: &EntityKind) {
        let implied = if *kind == EntityKind::Pod { crate::names::pod_owner(&obj.name) } else { None };
        for owner in meta.get("ownerReferences").map(Node::items).unwrap_or_default() {
            let Some((owner_kind, name)) = kind_and_name(owner) else { continue };
            let owner_kind = EntityKind::from_k8s(owner_kind);
            if implied.as_ref().is_some_and(|i| i.kind == owner_kind && i.name == name) {
                continue;
            }
            let owner_id = self.cx.entity(owner_kind, obj.ns.as_deref(), name);
            self.fact(obj.id, Predicate::OwnedBy, Value::Entity(owner_id), owner.span);
        }
    }

    fn conditions(&mut self, subject: EntityId, status: &Node<'_>) {
        for condition in status.get("conditions").map(Node::items).unwrap_or_default() {
            let Some(kind) = condition.get("type").and_then(Node::str) else { continue };
            // Argo CD conditions carry a message instead of a status.
            let Some(value) = condition.get("status").and_then(Node::str).or_else(|| condition.get("message").and_then(Node::str)) else {
                continue;
            };
            let time = condition.get("lastTransitionTime").and_then(Node::str).and_then(time_of);
            self.timed(subject, Predicate::Condition, Value::pair(kind, value), time, condition.span);
            // A condition that does not hold says why, as `describe` prints it in its
            // Conditions table (`PodScheduled` False: "0/4 nodes are available: …";
            // cert-manager: `Certificate expired on …`).
            if value != "True" && condition.get("status").is_some() {
                let reason = scalar_entry(condition, "reason").filter(|(r, _)| !r.is_empty());
                match (scalar_entry(condition, "message").filter(|(m, _)| !m.is_empty()), reason) {
                    (Some((message, span)), reason) => {
                        let text = match reason {
                            Some((reason, _)) => format!("{reason}: {message}"),
                            None => message.to_string(),
                        };
                        self.timed(subject, Predicate::StatusMessage, Value::Text(text), time, span);
                    }
                    // The scheduler's verdict stands without its message (a `jq` that kept
                    // only the condition's reason): no node takes the pod.
                    (None, Some((reason @ "Unschedulable", span))) if kind == "PodScheduled" => {
                        self.timed(subject, Predicate::StatusMessage, Value::text(reason), time, span);
                    }
                    (None, _) => {}
                }
            }
        }
    }

    // ── Workloads and pods ─────────────────────────────────────────────────────────────────

    fn workload(&mut self, obj: &Obj, spec: Option<&Node<'_>>, status: Option<&Node<'_>>) {
        if let Some(spec) = spec {
            self.number(obj.id, Predicate::Replicas, spec, "replicas");
            self.selector(obj.id, spec.get("selector"));
            if let Some(strategy) = spec.get("strategy").or_else(|| spec.get("updateStrategy")) {
                self.setting_as(obj.id, strategy, "type", "strategy");
            }
            self.template(obj, spec.get("template"));
        }
        if let Some(status) = status {
            let desired = spec.and_then(|s| s.get("replicas")).or_else(|| status.get("replicas")).and_then(number_of);
            let ready = status.entry("readyReplicas").or_else(|| status.entry("replicas"));
            if let (Some(den), Some(entry)) = (desired, ready) {
                let num = status.get("readyReplicas").and_then(number_of).unwrap_or(0.0);
                self.fact(obj.id, Predicate::Ready, Value::Ratio { num, den }, entry.span());
            }
            self.conditions(obj.id, status);
        }
    }

    fn selector(&mut self, subject: EntityId, selector: Option<&Node<'_>>) {
        let Some(selector) = selector else { return };
        let labels = selector.get("matchLabels").unwrap_or(selector);
        for entry in labels.entries() {
            if let Some(value) = entry.value.str() {
                self.fact(subject, Predicate::Selector, Value::pair(entry.key.as_ref(), value), entry.span());
            }
        }
    }

    fn template(&mut self, owner: &Obj, template: Option<&Node<'_>>) {
        let Some(template) = template else { return };
        self.restarted(owner.id, template.at(&["metadata", "annotations"]));
        for entry in template.at(&["metadata", "labels"]).map(Node::entries).unwrap_or_default() {
            self.fact(owner.id, Predicate::TemplateLabel, Value::pair(entry.key.as_ref(), scalar_text(&entry.value)), entry.span());
        }
        if let Some(spec) = template.get("spec") {
            self.pod_spec(owner, spec);
        }
    }

    fn job(&mut self, obj: &Obj, spec: Option<&Node<'_>>, status: Option<&Node<'_>>) {
        if let Some(spec) = spec {
            for key in ["completions", "parallelism", "backoffLimit", "activeDeadlineSeconds"] {
                self.setting(obj.id, spec, key);
            }
            self.template(obj, spec.get("template"));
        }
        if let Some(status) = status {
            if let Some(entry) = status.entry("succeeded") {
                let want = spec.and_then(|s| s.get("completions")).and_then(number_of).unwrap_or(1.0);
                let done = number_of(&entry.value).unwrap_or(0.0);
                self.fact(obj.id, Predicate::Completions, Value::Ratio { num: done, den: want }, entry.span());
            }
            self.number(obj.id, Predicate::Active, status, "active");
            self.time(obj.id, Predicate::StartedAt, status, "startTime");
            self.time(obj.id, Predicate::FinishedAt, status, "completionTime");
            self.conditions(obj.id, status);
        }
    }

    fn cronjob(&mut self, obj: &Obj, spec: Option<&Node<'_>>, status: Option<&Node<'_>>) {
        if let Some(spec) = spec {
            self.text(obj.id, Predicate::Schedule, spec, "schedule");
            if let Some((value, span)) = scalar_entry(spec, "suspend").and_then(|(t, s)| bool_of(t).map(|b| (b, s))) {
                self.fact(obj.id, Predicate::Suspended, Value::Bool(value), span);
            }
            for key in ["concurrencyPolicy", "timeZone", "startingDeadlineSeconds"] {
                self.setting(obj.id, spec, key);
            }
            if let Some(job_spec) = spec.at(&["jobTemplate", "spec"]) {
                self.setting(obj.id, job_spec, "backoffLimit");
                self.template(obj, job_spec.get("template"));
            }
        }
        if let Some(status) = status {
            self.time(obj.id, Predicate::LastScheduled, status, "lastScheduleTime");
            self.time(obj.id, Predicate::FinishedAt, status, "lastSuccessfulTime");
            if let Some(active) = status.entry("active").filter(|e| e.value.is_seq()) {
                self.fact(obj.id, Predicate::Active, Value::Number(active.value.items().len() as f64), active.span());
            }
        }
    }

    /// A custom resource an operator runs on a schedule (CloudNativePG's `ScheduledBackup`,
    /// Velero's `Schedule`, a Kyverno cleanup policy): a `spec.schedule` with, like a
    /// CronJob's, an optional `suspend` and the `status.lastScheduleTime` of its last run.
    /// Its facts are a CronJob's, so a suspended or overdue one is read the same way.
    fn scheduled_resource(&mut self, obj: &Obj, spec: Option<&Node<'_>>, status: Option<&Node<'_>>) {
        let Some(spec) = spec.filter(|s| s.get("schedule").and_then(Node::str).is_some()) else { return };
        self.text(obj.id, Predicate::Schedule, spec, "schedule");
        if let Some((value, span)) = scalar_entry(spec, "suspend").and_then(|(t, s)| bool_of(t).map(|b| (b, s))) {
            self.fact(obj.id, Predicate::Suspended, Value::Bool(value), span);
        }
        if let Some(status) = status {
            self.time(obj.id, Predicate::LastScheduled, status, "lastScheduleTime");
        }
    }

    /// A container's entity, `owner/container`, owned by `owner` (recorded when `own`); the
    /// owner itself when the container has no name.
    fn container(&mut self, owner: &Obj, container: &Node<'_>, own: bool) -> EntityId {
        let Some((name, span)) = scalar_entry(container, "name") else { return owner.id };
        let id = self.cx.entity(EntityKind::Container, owner.ns.as_deref(), &format!("{}/{name}", owner.name));
        if own {
            self.fact(id, Predicate::OwnedBy, Value::Entity(owner.id), span);
        }
        id
    }

    fn pod_spec(&mut self, owner: &Obj, spec: &Node<'_>) {
        let containers = spec.get("initContainers").map(Node::items).unwrap_or_default().iter().chain(spec.get("containers").map(Node::items).unwrap_or_default());
        for container in containers {
            let id = self.container(owner, container, true);
            if let Some((text, span)) = scalar_entry(container, "image") {
                if let Some(image) = ImageRef::parse(text) {
                    self.fact(id, Predicate::Image, Value::Image(Box::new(image)), span);
                }
            }
            self.text(id, Predicate::PullPolicy, container, "imagePullPolicy");
            for port in container.get("ports").map(Node::items).unwrap_or_default() {
                self.number(id, Predicate::Port, port, "containerPort");
            }
            self.env(owner, id, container);
            self.resources(id, container.get("resources"));
            for (key, predicate) in
                [("readinessProbe", Predicate::ReadinessProbe), ("livenessProbe", Predicate::LivenessProbe), ("startupProbe", Predicate::StartupProbe)]
            {
                if let Some(probe) = container.get(key) {
                    self.probe(id, predicate, key, probe, container);
                }
            }
        }
        for volume in spec.get("volumes").map(Node::items).unwrap_or_default() {
            let sources = volume.at(&["projected", "sources"]).map(Node::items).unwrap_or_default();
            for source in std::iter::once(volume).chain(sources) {
                let refs = [
                    (source.at(&["configMap", "name"]), EntityKind::ConfigMap),
                    (source.at(&["secret", "secretName"]).or_else(|| source.at(&["secret", "name"])), EntityKind::Secret),
                ];
                for (name, kind) in refs {
                    if let Some(name) = name.and_then(Node::str) {
                        let config = self.cx.entity(kind, owner.ns.as_deref(), name);
                        self.fact(owner.id, Predicate::ReadsConfig, Value::Entity(config), source.span);
                    }
                }
            }
        }
        // The scheduler writes `nodeName` when it places the pod (a template has none).
        if let Some((node, span)) = scalar_entry(spec, "nodeName") {
            let node = self.cx.entity(EntityKind::Node, None, node);
            self.fact(owner.id, Predicate::ScheduledOn, Value::Entity(node), span);
        }
        for entry in spec.get("nodeSelector").map(Node::entries).unwrap_or_default() {
            self.fact(owner.id, Predicate::NodeSelector, Value::Text(format!("{}={}", entry.key, scalar_text(&entry.value))), entry.span());
        }
    }

    fn env(&mut self, owner: &Obj, container_id: EntityId, container: &Node<'_>) {
        for var in container.get("env").map(Node::items).unwrap_or_default() {
            let Some(name) = var.get("name").and_then(Node::str) else { continue };
            if let Some(value) = var.get("value") {
                self.fact(container_id, Predicate::ConfigValue, Value::pair(name, scalar_text(value)), var.span);
            }
            for (key, kind) in [("secretKeyRef", EntityKind::Secret), ("configMapKeyRef", EntityKind::ConfigMap)] {
                if let Some(config) = var.at(&["valueFrom", key, "name"]).and_then(Node::str) {
                    let config = self.cx.entity(kind, owner.ns.as_deref(), config);
                    self.fact(container_id, Predicate::ReadsConfig, Value::Entity(config), var.span);
                }
            }
        }
        for source in container.get("envFrom").map(Node::items).unwrap_or_default() {
            for (key, kind) in [("secretRef", EntityKind::Secret), ("configMapRef", EntityKind::ConfigMap)] {
                if let Some(config) = source.at(&[key, "name"]).and_then(Node::str) {
                    let config = self.cx.entity(kind, owner.ns.as_deref(), config);
                    self.fact(container_id, Predicate::ReadsConfig, Value::Entity(config), source.span);
                }
            }
        }
    }

    fn resources(&mut self, subject: EntityId, resources: Option<&Node<'_>>) {
        let Some(resources) = resources else { return };
        let wanted = [
            ("limits", "memory", Predicate::MemoryLimit),
            ("limits", "cpu", Predicate::CpuLimit),
            ("requests", "memory", Predicate::MemoryRequest),
            ("requests", "cpu", Predicate::CpuRequest),
        ];
        for (group, resource, predicate) in wanted {
            let Some(node) = resources.get(group) else { continue };
            if let Some(quantity) = scalar_entry(node, resource).and_then(|(t, s)| Quantity::parse(t).map(|q| (q, s))) {
                self.fact(subject, predicate, Value::Quantity(quantity.0), quantity.1);
            }
        }
    }

    /// A probe as an address (scheme, port, path), named ports resolved through the
    /// container's ports; its timings as settings.
    fn probe(&mut self, subject: EntityId, predicate: Predicate, name: &str, probe: &Node<'_>, container: &Node<'_>) {
        let port_of = |node: &Node<'_>| -> Option<u16> {
            let text = node.get("port").and_then(Node::str)?;
            text.parse().ok().or_else(|| {
                container.get("ports").map(Node::items).unwrap_or_default().iter().find_map(|p| {
                    (p.get("name").and_then(Node::str) == Some(text)).then(|| p.get("containerPort").and_then(Node::str)?.parse().ok())?
                })
            })
        };
        let check = [("httpGet", "http"), ("tcpSocket", "tcp"), ("grpc", "grpc"), ("exec", "exec")]
            .into_iter()
            .find_map(|(key, scheme)| probe.entry(key).map(|e| (e, scheme)));
        if let Some((entry, scheme)) = check {
            let how = &entry.value;
            let address = match scheme {
                "exec" => Address {
                    scheme: Some("exec".into()),
                    path: Some(how.get("command").map(Node::items).unwrap_or_default().iter().map(scalar_text).collect::<Vec<_>>().join(" ")),
                    ..Address::default()
                },
                _ => Address {
                    scheme: Some(how.get("scheme").and_then(Node::str).map_or(scheme.to_string(), str::to_ascii_lowercase)),
                    host: how.get("host").and_then(Node::str).map(str::to_string),
                    port: port_of(how),
                    path: how.get("path").and_then(Node::str).map(str::to_string),
                },
            };
            self.fact(subject, predicate, Value::Address(Box::new(address)), entry.span());
        }
        for key in ["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold"] {
            self.setting_as(subject, probe, key, &format!("{name}.{key}"));
        }
    }

    /// Pod status. Containers the spec already listed are not introduced again, and the
    /// status `image` (what the spec asked for, as resolved) is only read without a spec.
    fn pod_status(&mut self, pod: &Obj, status: &Node<'_>, spec: Option<&Node<'_>>) {
        self.text(pod.id, Predicate::Status, status, "phase");
        self.text(pod.id, Predicate::StateReason, status, "reason");
        self.time(pod.id, Predicate::StartedAt, status, "startTime");
        self.setting(pod.id, status, "podIP");
        self.conditions(pod.id, status);
        let statuses = status.get("initContainerStatuses").map(Node::items).unwrap_or_default().iter().chain(status.get("containerStatuses").map(Node::items).unwrap_or_default());
        let listed = |key| spec.and_then(|s| s.get(key)).map(Node::items).unwrap_or_default();
        let in_spec: crate::hash::HashSet<&str> =
            listed("containers").iter().chain(listed("initContainers")).filter_map(|c| c.get("name").and_then(Node::str)).collect();
        let statuses: Vec<&Node<'_>> = statuses.collect();
        // Several statuses without names (a `[*]` column) cannot be told apart: their restarts
        // are summed on the pod, as `kubectl get pods` does.
        let anonymous = statuses.len() > 1 && statuses.iter().all(|cs| cs.get("name").is_none());
        if anonymous {
            let counts: Vec<&Entry<'_>> = statuses.iter().filter_map(|cs| cs.entry("restartCount")).collect();
            if let (Some(first), Some(last)) = (counts.first(), counts.last()) {
                let total = counts.iter().filter_map(|e| number_of(&e.value)).sum();
                self.fact(pod.id, Predicate::Restarts, Value::Number(total), first.span().cover(last.span()));
            }
        }
        for cs in statuses {
            let known = cs.get("name").and_then(Node::str).is_some_and(|name| in_spec.contains(name));
            let id = self.container(pod, cs, !known);
            let image = cs.get("image").and_then(Node::str).and_then(ImageRef::parse);
            if let Some((text, span)) = scalar_entry(cs, "imageID") {
                if let Some(running) = image_id(text, image.as_ref()) {
                    self.fact(id, Predicate::ImageId, Value::Image(Box::new(running)), span);
                }
            }
            if let (Some(image), Some(entry), false) = (image, cs.entry("image"), spec.is_some()) {
                self.fact(id, Predicate::Image, Value::Image(Box::new(image)), entry.span());
            }
            if !anonymous {
                self.number(id, Predicate::Restarts, cs, "restartCount");
            }
            // Written as `describe` prints a container's readiness: `Ready=True`/`Ready=False`.
            if let Some((ready, span)) = scalar_entry(cs, "ready").and_then(|(t, s)| bool_of(t).map(|b| (b, s))) {
                self.fact(id, Predicate::Condition, Value::pair("Ready", if ready { "True" } else { "False" }), span);
            }
            if let Some(state) = cs.get("state") {
                self.state(id, state, [Predicate::State, Predicate::StateReason, Predicate::ExitCode]);
            }
            if let Some(state) = cs.get("lastState") {
                self.state(id, state, [Predicate::LastState, Predicate::LastStateReason, Predicate::LastExitCode]);
            }
        }
    }

    /// A container state (`running`/`waiting`/`terminated`) with its reason and exit code,
    /// timed at when it ended (or began, while running).
    fn state(&mut self, subject: EntityId, state: &Node<'_>, [state_p, reason_p, exit_p]: [Predicate; 3]) {
        let Some(entry) = state.entries().iter().find(|e| matches!(e.key.as_ref(), "running" | "waiting" | "terminated")) else { return };
        let detail = &entry.value;
        let time = ["finishedAt", "startedAt"].iter().find_map(|k| detail.get(k).and_then(Node::str).and_then(time_of));
        let mut name = entry.key.to_string();
        name[..1].make_ascii_uppercase();
        self.timed(subject, state_p, Value::Text(name), time, entry.key_span);
        if let Some((reason, span)) = scalar_entry(detail, "reason") {
            self.timed(subject, reason_p, Value::text(reason), time, span);
        }
        if let Some((code, span)) = scalar_entry(detail, "exitCode").and_then(|(t, s)| parse_f64(t).map(|n| (n, s))) {
            self.timed(subject, exit_p, Value::Number(code), time, span);
        }
        if let Some((message, span)) = scalar_entry(detail, "message") {
            self.timed(subject, Predicate::StatusMessage, Value::text(message), time, span);
        }
        if state_p == Predicate::State {
            self.time(subject, Predicate::StartedAt, detail, "startedAt");
            self.time(subject, Predicate::FinishedAt, detail, "finishedAt");
        }
    }

    // ── Config, networking, certificates ─────────────────────────────────────────────────

    /// ConfigMap/Secret keys. Secret values are not repeated: only that the key is set.
    /// Values that are not text (a broken paste, an alias) say nothing reliable and are
    /// skipped.
    fn config_data(&mut self, obj: &Obj, node: &Node<'_>, secret: bool) {
        for (section, binary) in [("data", false), ("stringData", false), ("binaryData", true)] {
            let entries = node.get(section).map(Node::entries).unwrap_or_default();
            for entry in entries.iter().filter(|e| matches!(e.value.kind, Kind::Scalar(_))) {
                let value = if secret {
                    "<secret>"
                } else if binary {
                    "<binary>"
                } else {
                    scalar_text(&entry.value)
                };
                self.fact(obj.id, Predicate::ConfigValue, Value::pair(entry.key.as_ref(), value), entry.span());
            }
        }
        // `grep -n -e kind: -e name: -e DB_ file.yaml` drops the `metadata:` and `data:`
        // lines, leaving the data keys beside the object's own: those are its data.
        const OWN: &[&str] = &["kind", "apiVersion", "metadata", "name", "namespace", "labels", "annotations", "data", "stringData", "binaryData", "immutable", "type"];
        if self.origin.excerpt && node.get("metadata").is_none() && node.get("data").is_none() && node.get("stringData").is_none() {
            for entry in node.entries().iter().filter(|e| matches!(e.value.kind, Kind::Scalar(_)) && !OWN.contains(&e.key.as_ref())) {
                let value = if secret { "<secret>" } else { scalar_text(&entry.value) };
                self.fact(obj.id, Predicate::ConfigValue, Value::pair(entry.key.as_ref(), value), entry.span());
            }
        }
    }

    /// One API server audit event (`kube-apiserver` audit log, `audit.k8s.io/v1`): a write
    /// that succeeded (`create`, `update`, `patch`, `delete`) is a `Changed` fact on the
    /// object `objectRef` names, timed when the request arrived; the data a write of a
    /// ConfigMap or Secret sent (`requestObject`, logged at level `Request` and above) are
    /// that object's `ConfigValue`s. Reads and denied requests change nothing.
    fn audit_event(&mut self, node: &Node<'_>) {
        let Some(object) = node.get("objectRef") else { return };
        let verb = match node.get("verb").and_then(Node::str) {
            Some("create") => "created",
            Some("update") => "updated",
            Some("patch") => "patched",
            Some("delete") => "deleted",
            _ => return,
        };
        let code = node.at(&["responseStatus", "code"]).and_then(number_of);
        if code.is_some_and(|c| c >= 400.0) || object.get("subresource").is_some() {
            return;
        }
        let (Some(resource), Some(name)) = (object.get("resource").and_then(Node::str), object.get("name").and_then(Node::str)) else { return };
        let kind = EntityKind::from_k8s(resource);
        let ns = object.get("namespace").and_then(Node::str).map(str::to_string);
        let id = if kind == EntityKind::Pod { self.cx.pod(ns.as_deref(), name, node.span) } else { self.cx.entity(kind.clone(), ns.as_deref(), name) };
        let time = ["requestReceivedTimestamp", "stageTimestamp"].iter().find_map(|k| node.get(k).and_then(Node::str).and_then(time_of));
        self.timed(id, Predicate::Changed, Value::text(verb), time, node.span);
        if let Some(sent) = node.get("requestObject").filter(|_| matches!(kind, EntityKind::ConfigMap | EntityKind::Secret)) {
            let obj = Obj { id, ns, name: name.to_string() };
            self.config_data(&obj, sent, kind == EntityKind::Secret);
        }
    }

    fn service(&mut self, obj: &Obj, spec: Option<&Node<'_>>) {
        let Some(spec) = spec else { return };
        for entry in spec.get("selector").map(Node::entries).unwrap_or_default() {
            self.fact(obj.id, Predicate::Selector, Value::pair(entry.key.as_ref(), scalar_text(&entry.value)), entry.span());
        }
        self.setting(obj.id, spec, "type");
        self.setting(obj.id, spec, "clusterIP");
        for port in spec.get("ports").map(Node::items).unwrap_or_default() {
            if let Some(number) = port.get("port").and_then(number_of) {
                self.fact(obj.id, Predicate::Port, Value::Number(number), port.span);
            }
            self.setting(obj.id, port, "targetPort");
        }
    }

    fn hpa(&mut self, obj: &Obj, spec: Option<&Node<'_>>, status: Option<&Node<'_>>) {
        if let Some(spec) = spec {
            if let Some(target) = spec.entry("scaleTargetRef") {
                if let Some((kind, name)) = kind_and_name(&target.value) {
                    let workload = self.cx.entity(EntityKind::from_k8s(kind), obj.ns.as_deref(), name);
                    self.fact(obj.id, Predicate::Scales, Value::Entity(workload), target.span());
                }
            }
            self.number(obj.id, Predicate::MinReplicas, spec, "minReplicas");
            self.number(obj.id, Predicate::MaxReplicas, spec, "maxReplicas");
            // autoscaling/v1 names one CPU target; v2 lists metrics with targets.
            let current_v1 = status.and_then(|s| s.get("currentCPUUtilizationPercentage")).and_then(number_of);
            self.scaling_target(obj.id, spec.entry("targetCPUUtilizationPercentage"), current_v1);
            for metric in spec.get("metrics").map(Node::items).unwrap_or_default() {
                self.scales_on(obj.id, metric);
                let Some(resource) = metric.get("resource") else { continue };
                let name = resource.get("name").and_then(Node::str);
                let current = status.and_then(|s| s.get("currentMetrics")).map(Node::items).unwrap_or_default().iter().find_map(|m| {
                    let r = m.get("resource")?;
                    (r.get("name").and_then(Node::str) == name).then(|| r.at(&["current", "averageUtilization"]).and_then(number_of))?
                });
                self.scaling_target(obj.id, resource.get("target").and_then(|t| t.entry("averageUtilization")), current);
            }
        }
        if let Some(status) = status {
            self.number(obj.id, Predicate::CurrentReplicas, status, "currentReplicas");
            self.conditions(obj.id, status);
        }
    }

    /// What one `spec.metrics[]` entry scales on: `resource.name` or `containerResource.name`
    /// (`cpu`, `memory`), or the `metric.name` of a pods, object or external metric.
    fn scales_on(&mut self, subject: EntityId, metric: &Node<'_>) {
        let name = ["resource", "containerResource"]
            .iter()
            .find_map(|kind| metric.at(&[*kind, "name"]))
            .or_else(|| ["pods", "object", "external"].iter().find_map(|kind| metric.at(&[*kind, "metric", "name"])));
        if let Some((text, node)) = name.and_then(|n| n.str().map(|t| (t, n))) {
            self.fact(subject, Predicate::ScalesOn, Value::text(text), node.span);
        }
    }

    fn scaling_target(&mut self, subject: EntityId, target: Option<&Entry<'_>>, current: Option<f64>) {
        let Some(target) = target else { return };
        match (current, number_of(&target.value)) {
            (Some(num), Some(den)) => self.fact(subject, Predicate::ScalingTarget, Value::Ratio { num, den }, target.span()),
            _ => self.fact(subject, Predicate::Setting, Value::pair(target.key.as_ref(), scalar_text(&target.value)), target.span()),
        }
    }

    /// Selected pods (`Selector`; an empty selector, all pods, as `*=*`), policy types, and
    /// the peers each rule allows: label pairs (namespace labels prefixed `namespace:`),
    /// CIDRs as text, `*` for a rule without peers.
    fn network_policy(&mut self, obj: &Obj, spec: Option<&Node<'_>>) {
        let Some(spec) = spec else { return };
        if let Some(selector) = spec.entry("podSelector") {
            if selector.value.get("matchLabels").is_none_or(|l| l.entries().is_empty()) && selector.value.get("matchExpressions").is_none() {
                self.fact(obj.id, Predicate::Selector, Value::pair("*", "*"), selector.span());
            } else {
                self.selector(obj.id, Some(&selector.value));
            }
        }
        for kind in spec.get("policyTypes").map(Node::items).unwrap_or_default() {
            if let Some(text) = kind.str() {
                self.fact(obj.id, Predicate::PolicyType, Value::text(text), kind.span);
            }
        }
        for (rules, peers, predicate) in [("ingress", "from", Predicate::AllowsFrom), ("egress", "to", Predicate::AllowsTo)] {
            for rule in spec.get(rules).map(Node::items).unwrap_or_default() {
                let list = rule.get(peers).map(Node::items).unwrap_or_default();
                if list.is_empty() {
                    self.fact(obj.id, predicate, Value::text("*"), rule.span);
                }
                for peer in list {
                    self.peer(obj.id, predicate, peer);
                }
            }
        }
    }

    fn peer(&mut self, subject: EntityId, predicate: Predicate, peer: &Node<'_>) {
        if let Some(cidr) = peer.at(&["ipBlock", "cidr"]).and_then(Node::str) {
            self.fact(subject, predicate, Value::text(cidr), peer.span);
        }
        for (selector, prefix) in [("podSelector", ""), ("namespaceSelector", "namespace:")] {
            let Some(selector) = peer.get(selector) else { continue };
            let labels = selector.get("matchLabels").map(Node::entries).unwrap_or_default();
            let expressions = selector.get("matchExpressions").map(Node::items).unwrap_or_default();
            if labels.is_empty() && expressions.is_empty() {
                self.fact(subject, predicate, Value::pair(format!("{prefix}*"), "*"), peer.span);
            }
            for entry in labels {
                self.fact(subject, predicate, Value::pair(format!("{prefix}{}", entry.key), scalar_text(&entry.value)), entry.span());
            }
            // `key In [a, b]` admits any of its values: one peer per value, as if each were a
            // `matchLabels` pair. Other operators (`NotIn`, `Exists`) are stated as text,
            // which inference cannot match: a peer it does not claim to understand.
            for expression in expressions {
                let key = expression.get("key").and_then(Node::str);
                let operator = expression.get("operator").and_then(Node::str);
                let values: Vec<&str> = expression.get("values").map(Node::items).unwrap_or_default().iter().filter_map(Node::str).collect();
                match (key, operator) {
                    (Some(key), Some("In")) => {
                        for value in values {
                            self.fact(subject, predicate, Value::pair(format!("{prefix}{key}"), value), expression.span);
                        }
                    }
                    (Some(key), Some(operator)) => self.fact(subject, predicate, Value::text(format!("{prefix}{key} {operator} {}", values.join(","))), expression.span),
                    _ => {}
                }
            }
        }
    }

    fn certificate(&mut self, obj: &Obj, spec: Option<&Node<'_>>, status: Option<&Node<'_>>) {
        if let Some(spec) = spec {
            self.setting(obj.id, spec, "secretName");
            if let Some(issuer) = spec.get("issuerRef") {
                self.setting_as(obj.id, issuer, "name", "issuerRef");
            }
        }
        if let Some(status) = status {
            for (key, predicate) in [("notAfter", Predicate::NotAfter), ("notBefore", Predicate::NotBefore)] {
                if let Some((t, span)) = scalar_entry(status, key).and_then(|(t, s)| time_of(t).map(|t| (t, s))) {
                    self.fact(obj.id, predicate, Value::Time(t), span);
                }
            }
            self.conditions(obj.id, status);
        }
    }

    fn endpoints(&mut self, obj: &Obj, node: &Node<'_>) {
        if node.get("addressType").is_some() {
            return self.endpoint_slice(obj, node);
        }
        let subsets = node.get("subsets").map(Node::items).unwrap_or_default();
        let addresses: Vec<&str> = subsets
            .iter()
            .flat_map(|s| s.get("addresses").map(Node::items).unwrap_or_default())
            .filter_map(|a| a.get("ip").and_then(Node::str))
            .collect();
        let span = node.entry("subsets").map_or(node.span, Entry::span);
        let text = if addresses.is_empty() { "<none>".to_string() } else { addresses.join(",") };
        self.fact(obj.id, Predicate::Endpoints, Value::Text(text), span);
    }

    /// An EndpointSlice speaks for the Service its `kubernetes.io/service-name` label names
    /// (its own name is generated): the ready addresses of `endpoints` (`null` or `[]` when
    /// the selector matches no ready pod), as the Service's Endpoints would list them.
    fn endpoint_slice(&mut self, obj: &Obj, node: &Node<'_>) {
        let service = node.at(&["metadata", "labels", "kubernetes.io/service-name"]).and_then(Node::str).filter(|s| !s.is_empty());
        let id = match service {
            Some(service) => self.cx.entity(EntityKind::Endpoints, obj.ns.as_deref(), service),
            None => obj.id,
        };
        let ready = |e: &&Node<'_>| e.at(&["conditions", "ready"]).and_then(Node::str).is_none_or(|r| r != "false");
        let endpoints = node.get("endpoints").map(Node::items).unwrap_or_default();
        let addresses: Vec<&str> = endpoints.iter().filter(ready).flat_map(|e| e.get("addresses").map(Node::items).unwrap_or_default()).filter_map(Node::str).collect();
        let span = node.entry("endpoints").map_or(node.span, Entry::span);
        let text = if addresses.is_empty() { "<none>".to_string() } else { addresses.join(",") };
        self.fact(id, Predicate::Endpoints, Value::Text(text), span);
    }

    fn node(&mut self, obj: &Obj, spec: Option<&Node<'_>>, status: Option<&Node<'_>>) {
        for taint in spec.and_then(|s| s.get("taints")).map(Node::items).unwrap_or_default() {
            let (Some(key), Some(effect)) = (taint.get("key").and_then(Node::str), taint.get("effect").and_then(Node::str)) else { continue };
            let text = match taint.get("value").and_then(Node::str) {
                Some(value) => format!("{key}={value}:{effect}"),
                None => format!("{key}:{effect}"),
            };
            self.fact(obj.id, Predicate::Taint, Value::Text(text), taint.span);
        }
        if let Some(status) = status {
            self.conditions(obj.id, status);
        }
    }

    fn event(&mut self, node: &Node<'_>) {
        let involved = node.get("involvedObject").or_else(|| node.get("regarding"));
        let named = involved.and_then(kind_and_name).map(|(kind, name)| (kind.to_string(), name.to_string()));
        // `jq '.items[] | select(.involvedObject.name=="web-7d9f-x2k4q") | {type, reason, message}'`
        // prints events without the object they are about; the filter names it.
        // So does `--field-selector involvedObject.name=…`.
        let selected = || {
            let (kind, name) = match (self.origin.projection.as_ref().and_then(|p| p.selected(&["involvedObject", "name"])), &self.origin.selected_object) {
                (Some(name), _) => (self.origin.projection.as_ref().and_then(|p| p.selected(&["involvedObject", "kind"])), name),
                (None, Some((kind, name))) => (kind.as_deref(), name.as_str()),
                (None, None) => return None,
            };
            let kind = kind.or_else(|| crate::names::pod_owner(name).map(|_| "Pod"))?;
            Some((kind.to_string(), name.to_string()))
        };
        let Some((kind, name)) = named.or_else(selected) else { return };
        let (kind, name) = (kind.as_str(), name.as_str());
        let ns = involved
            .and_then(|i| i.get("namespace"))
            .and_then(Node::str)
            .or_else(|| node.at(&["metadata", "namespace"]).and_then(Node::str))
            .map(str::to_string)
            .or_else(|| self.origin.namespace.clone());
        let message_entry = node.entry("message").or_else(|| node.entry("note"));
        let span = message_entry.map(Entry::span).or_else(|| node.entry("reason").map(Entry::span)).unwrap_or(node.span);
        let kind = EntityKind::from_k8s(kind);
        let subject = if kind == EntityKind::Pod { self.cx.pod(ns.as_deref(), name, span) } else { self.cx.entity(kind, ns.as_deref(), name) };
        let record = EventRecord {
            kind: node.get("type").and_then(Node::str).unwrap_or("Normal").to_string(),
            reason: node.get("reason").and_then(Node::str).unwrap_or("").to_string(),
            message: message_entry.map(|e| scalar_text(&e.value)).unwrap_or("").to_string(),
            count: node.get("count").or_else(|| node.get("deprecatedCount")).and_then(Node::str).and_then(|c| c.parse().ok()),
            // Event objects carry absolute times (the fact's time), not relative ages.
            last_seen_ago: None,
            first_seen_ago: None,
        };
        let time = [&["lastTimestamp"][..], &["eventTime"], &["series", "lastObservedTime"], &["firstTimestamp"], &["metadata", "creationTimestamp"]]
            .iter()
            .find_map(|path| node.at(path).and_then(Node::str).and_then(time_of));
        crate::parse::changes::record_change(self.cx, &record.message, ns.as_deref(), time, span);
        self.timed(subject, Predicate::Event, Value::Event(Box::new(record)), time, span);
    }

    // ── GitOps and packaging ──────────────────────────────────────────────────────────────

    /// An Argo CD Application, as `argocd app get -o json`, `kubectl get application -o
    /// yaml`, or a jq fragment of either prints it.
    fn argo_app(&mut self, node: &Node<'_>) {
        let Some((app, span)) = self.identity(node, EntityKind::GitOpsApp) else { return };
        self.defined_in(app.id, span);
        self.metadata(&app, node, &EntityKind::GitOpsApp);
        if let Some(spec) = node.get("spec") {
            let sources = spec.get("sources").map(Node::items).unwrap_or_default();
            for source in spec.get("source").into_iter().chain(sources) {
                let Some(repo) = source.get("repoURL").and_then(Node::str) else { continue };
                let path = source.get("path").or_else(|| source.get("chart")).and_then(Node::str);
                let text = match path {
                    Some(path) => format!("{repo}//{path}"),
                    None => repo.to_string(),
                };
                self.fact(app.id, Predicate::SourcePath, Value::Text(text), source.span);
                self.setting(app.id, source, "targetRevision");
            }
            if let Some(destination) = spec.get("destination") {
                self.setting_as(app.id, destination, "namespace", "destination.namespace");
            }
            if let Some(automated) = spec.at(&["syncPolicy", "automated"]) {
                for key in ["prune", "selfHeal"] {
                    self.setting_as(app.id, automated, key, &format!("syncPolicy.automated.{key}"));
                }
            }
        }
        let Some(status) = node.get("status") else { return };
        if let Some(sync) = status.get("sync") {
            self.text(app.id, Predicate::SyncStatus, sync, "status");
            self.text(app.id, Predicate::SyncRevision, sync, "revision");
        }
        if let Some(health) = status.get("health") {
            self.text(app.id, Predicate::HealthStatus, health, "status");
        }
        if let Some(operation) = status.get("operationState") {
            self.text(app.id, Predicate::Outcome, operation, "phase");
            self.time(app.id, Predicate::StartedAt, operation, "startedAt");
            self.time(app.id, Predicate::FinishedAt, operation, "finishedAt");
            let finished = operation.get("finishedAt").and_then(Node::str).and_then(time_of);
            if let Some(resources) = operation.get("syncResult").and_then(|r| r.entry("resources")) {
                self.sync_result(&app, resources, finished);
            }
        }
        for resource in status.get("resources").map(Node::items).unwrap_or_default() {
            let Some((kind, name)) = kind_and_name(resource) else { continue };
            let ns = resource.get("namespace").and_then(Node::str);
            let id = self.cx.entity(EntityKind::from_k8s(kind), ns, name);
            self.fact(id, Predicate::ManagedBy, Value::Entity(app.id), resource.span);
            self.text(id, Predicate::SyncStatus, resource, "status");
            if let Some(health) = resource.get("health") {
                self.text(id, Predicate::HealthStatus, health, "status");
            }
        }
        for entry in status.get("history").map(Node::items).unwrap_or_default() {
            let (Some(id), Some(revision)) = (entry.get("id").and_then(Node::str), entry.get("revision").and_then(Node::str)) else { continue };
            let time = entry.get("deployedAt").and_then(Node::str).and_then(time_of);
            self.timed(app.id, Predicate::RolloutRevision, Value::pair(id, revision), time, entry.span);
        }
        for image in status.at(&["summary", "images"]).map(Node::items).unwrap_or_default() {
            if let Some(parsed) = image.str().and_then(ImageRef::parse) {
                self.fact(app.id, Predicate::Image, Value::Image(Box::new(parsed)), image.span);
            }
        }
        self.conditions(app.id, status);
    }

    /// What the last sync did to each resource: counts of changed and unchanged ones, and a
    /// `Changed` fact for each resource it configured, created or pruned.
    fn sync_result(&mut self, app: &Obj, resources: &Entry<'_>, finished: Option<Timestamp>) {
        let (mut changed, mut unchanged) = (0, 0);
        for resource in resources.value.items() {
            let message = resource.get("message").and_then(Node::str).unwrap_or("");
            let verb = message.rsplit(' ').next().unwrap_or("");
            if verb == "unchanged" {
                unchanged += 1;
                continue;
            }
            changed += 1;
            let Some((kind, name)) = kind_and_name(resource) else { continue };
            if matches!(verb, "configured" | "created" | "pruned" | "deleted" | "replaced") {
                let id = self.cx.entity(EntityKind::from_k8s(kind), resource.get("namespace").and_then(Node::str), name);
                self.timed(id, Predicate::Changed, Value::text(verb), finished, resource.span);
            }
        }
        self.fact(app.id, Predicate::SyncChanged, Value::Number(f64::from(changed)), resources.key_span);
        self.fact(app.id, Predicate::SyncUnchanged, Value::Number(f64::from(unchanged)), resources.key_span);
    }

    /// A Flux Kustomization or HelmRelease.
    fn flux_app(&mut self, node: &Node<'_>) {
        let Some((app, span)) = self.identity(node, EntityKind::GitOpsApp) else { return };
        self.defined_in(app.id, span);
        self.metadata(&app, node, &EntityKind::GitOpsApp);
        if let Some(spec) = node.get("spec") {
            let chart = spec.at(&["chart", "spec"]);
            let source = spec.get("sourceRef").or_else(|| chart.and_then(|c| c.get("sourceRef")));
            let path = spec.get("path").or_else(|| chart.and_then(|c| c.get("chart"))).and_then(Node::str);
            if let Some(source) = source {
                let kind = source.get("kind").and_then(Node::str).unwrap_or("");
                let name = source.get("name").and_then(Node::str).unwrap_or("");
                let text = format!("{kind}/{name}//{}", path.unwrap_or(""));
                self.fact(app.id, Predicate::SourcePath, Value::Text(text), source.span);
            }
            if let Some(chart) = chart {
                self.setting_as(app.id, chart, "version", "chart.version");
            }
            if let Some((value, span)) = scalar_entry(spec, "suspend").and_then(|(t, s)| bool_of(t).map(|b| (b, s))) {
                self.fact(app.id, Predicate::Suspended, Value::Bool(value), span);
            }
            if let Some(values) = spec.get("values") {
                self.helm_values(values, Some(app.id));
            }
        }
        if let Some(status) = node.get("status") {
            self.text(app.id, Predicate::SyncRevision, status, "lastAppliedRevision");
            self.setting(app.id, status, "lastAttemptedRevision");
            self.conditions(app.id, status);
        }
    }

    /// A kustomization file: what it includes, the namespace it sets, and image overrides.
    fn kustomization(&mut self, node: &Node<'_>) {
        let dir = self.cx.artifact.path.as_deref().map(|p| p.rsplit_once('/').map_or(p, |(dir, _)| dir));
        let name = node.at(&["metadata", "name"]).and_then(Node::str).or(dir).unwrap_or("kustomization").to_string();
        let id = self.cx.entity(EntityKind::Kustomization, None, &name);
        let span = node.entry("kind").map(Entry::span).or_else(|| node.entries().first().map(|e| e.key_span)).unwrap_or(node.span);
        self.defined_in(id, span);
        for key in ["namespace", "namePrefix", "nameSuffix"] {
            if let Some((value, span)) = scalar_entry(node, key) {
                self.fact(id, Predicate::ConfigValue, Value::pair(key, value), span);
            }
        }
        for key in ["resources", "bases", "components"] {
            for item in node.get(key).map(Node::items).unwrap_or_default() {
                if let Some(path) = item.str() {
                    self.fact(id, Predicate::Includes, Value::text(path), item.span);
                }
            }
        }
        for image in node.get("images").map(Node::items).unwrap_or_default() {
            self.kustomize_image(image);
        }
        let ns = node.get("namespace").and_then(Node::str);
        for replicas in node.get("replicas").map(Node::items).unwrap_or_default() {
            let (Some(target), Some(count)) = (replicas.get("name").and_then(Node::str), replicas.get("count").and_then(number_of)) else { continue };
            let workload = self.cx.entity(EntityKind::Deployment, ns, target);
            self.fact(workload, Predicate::Replicas, Value::Number(count), replicas.span);
        }
        for (key, kind) in [("configMapGenerator", EntityKind::ConfigMap), ("secretGenerator", EntityKind::Secret)] {
            for generator in node.get(key).map(Node::items).unwrap_or_default() {
                let Some(name) = generator.get("name").and_then(Node::str) else { continue };
                let config = self.cx.entity(kind.clone(), generator.get("namespace").and_then(Node::str).or(ns), name);
                self.defined_in(config, generator.span);
                for literal in generator.get("literals").map(Node::items).unwrap_or_default() {
                    let Some((k, v)) = literal.str().and_then(|l| l.split_once('=')) else { continue };
                    let v = if kind == EntityKind::Secret { "<secret>" } else { v };
                    self.fact(config, Predicate::ConfigValue, Value::pair(k, v), literal.span);
                }
            }
        }
    }

    /// `images: - name: x  newName: y  newTag: z  digest: d` → an override on image `x`.
    fn kustomize_image(&mut self, image: &Node<'_>) {
        let Some(name) = image.get("name").and_then(Node::str) else { return };
        let Some(target) = ImageRef::parse(name) else { return };
        let new_name = image.get("newName").and_then(Node::str).and_then(ImageRef::parse).unwrap_or_else(|| target.clone());
        let tag = image.get("newTag").and_then(Node::str).map(str::to_string).or(new_name.tag.clone());
        let digest = image.get("digest").and_then(Node::str).and_then(full_digest).or(new_name.digest.clone());
        let value = ImageRef { tag, digest, ..new_name };
        let entity = self.cx.entity(EntityKind::Image, None, &target.name());
        self.fact(entity, Predicate::ImageOverride, Value::Image(Box::new(value)), image.span);
    }

    /// Helm values (a values file, `helm get values`, a HelmRelease's `spec.values`): image
    /// overrides wherever an `image` key holds `{repository, tag}` or a reference, and —
    /// when the text is known to be values — every scalar as a `ConfigValue` of the release.
    fn helm_values(&mut self, values: &Node<'_>, release: Option<EntityId>) {
        self.image_overrides(values, 0);
        let release = release.or_else(|| {
            if !self.origin.helm_values {
                return None;
            }
            let name = self.origin.helm_release.clone().or_else(|| self.origin.source.clone())?;
            let ns = self.origin.namespace.clone();
            let id = self.cx.entity(EntityKind::HelmRelease, ns.as_deref(), &name);
            let span = values.entries().first().map_or(values.span, Entry::span);
            self.defined_in(id, span);
            Some(id)
        });
        if let Some(release) = release {
            let mut key = String::new();
            self.config_leaves(release, values, &mut key, 0);
        }
    }

    fn image_overrides(&mut self, node: &Node<'_>, depth: usize) {
        if depth >= MAX_DEPTH {
            return;
        }
        for entry in node.entries() {
            if entry.key.to_ascii_lowercase().contains("image") {
                if let Some(image) = helm_image(&entry.value) {
                    let entity = self.cx.entity(EntityKind::Image, None, &image.name());
                    self.fact(entity, Predicate::ImageOverride, Value::Image(Box::new(image)), entry.span());
                    continue;
                }
            }
            self.image_overrides(&entry.value, depth + 1);
        }
        for item in node.items() {
            self.image_overrides(item, depth + 1);
        }
    }

    /// Every scalar under `node` as `ConfigValue` `dotted.key[0].path = value`.
    fn config_leaves(&mut self, subject: EntityId, node: &Node<'_>, key: &mut String, depth: usize) {
        if depth >= MAX_DEPTH {
            return;
        }
        let len = key.len();
        for entry in node.entries() {
            if !key.is_empty() {
                key.push('.');
            }
            key.push_str(&entry.key);
            match &entry.value.kind {
                Kind::Scalar(_) if !entry.value.is_null() => {
                    self.fact(subject, Predicate::ConfigValue, Value::pair(key.clone(), scalar_text(&entry.value)), entry.span())
                }
                _ => self.config_leaves(subject, &entry.value, key, depth + 1),
            }
            key.truncate(len);
        }
        for (i, item) in node.items().iter().enumerate() {
            key.push_str(&format!("[{i}]"));
            match &item.kind {
                Kind::Scalar(_) if !item.is_null() => self.fact(subject, Predicate::ConfigValue, Value::pair(key.clone(), scalar_text(item)), item.span),
                _ => self.config_leaves(subject, item, key, depth + 1),
            }
            key.truncate(len);
        }
    }
}

/// Resources that write a Secret from elsewhere: ExternalSecret, SealedSecret,
/// VaultStaticSecret, … (not a Secret itself, nor a PushSecret, which writes out of the cluster).
fn writes_secret(kind: &str) -> bool {
    let lower = kind.to_ascii_lowercase();
    lower.contains("secret") && !lower.starts_with("push")
}

/// The `kind` and `name` of a reference to an object (owner, target, involved object).
fn kind_and_name<'n>(node: &'n Node<'_>) -> Option<(&'n str, &'n str)> {
    Some((node.get("kind").and_then(Node::str)?, node.get("name").and_then(Node::str)?))
}

/// The text and entry span of a scalar under `key`.
fn scalar_entry<'n>(node: &'n Node<'_>, key: &str) -> Option<(&'n str, Span)> {
    let entry = node.entry(key)?;
    Some((entry.value.str()?, entry.span()))
}

/// A scalar's text, or empty for null and collections.
fn scalar_text<'n>(node: &'n Node<'_>) -> &'n str {
    node.str().unwrap_or("")
}

/// A finite number (`1e999` is no count of anything).
fn number_of(node: &Node<'_>) -> Option<f64> {
    node.str().and_then(parse_f64).filter(|n| n.is_finite())
}

fn bool_of(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn time_of(text: &str) -> Option<Timestamp> {
    parse_iso_prefix(text).map(|p| p.time)
}

/// A digest written whole (`sha256:…`), for kustomize's `digest:`.
fn full_digest(text: &str) -> Option<Digest> {
    Digest::parse_prefix(text).filter(|(_, len)| *len == text.len()).map(|(d, _)| d)
}

/// The image a container runs, from its status `imageID`. Runtimes print a full reference
/// (`docker-pullable://repo@sha256:…`) or only the digest (`sha256:…`); the latter takes its
/// name from the status `image`.
fn image_id(text: &str, image: Option<&ImageRef>) -> Option<ImageRef> {
    if let Some(parsed) = ImageRef::parse(text) {
        return Some(parsed);
    }
    let digest = full_digest(text.trim())?;
    let image = image?;
    Some(ImageRef { tag: None, digest: Some(digest), ..image.clone() })
}

/// An image in Helm values: `{registry, repository, tag, digest}` or a reference string that
/// names a registry or tag (a bare word is too ambiguous to call an image).
fn helm_image(node: &Node<'_>) -> Option<ImageRef> {
    if let Some(text) = node.str() {
        return (text.contains_of(b"/:") && !text.contains("{{")).then(|| ImageRef::parse(text)).flatten();
    }
    let repository = node.get("repository").and_then(Node::str)?;
    let name = match node.get("registry").and_then(Node::str).filter(|r| !r.is_empty()) {
        Some(registry) => format!("{registry}/{repository}"),
        None => repository.to_string(),
    };
    let mut image = ImageRef::parse(&name)?;
    if let Some(tag) = node.get("tag").and_then(Node::str).filter(|t| !t.is_empty()) {
        image.tag = Some(tag.to_string());
    }
    if let Some(digest) = node.get("digest").and_then(Node::str).and_then(full_digest) {
        image.digest = Some(digest);
    }
    Some(image)
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    /// `entity value` of the facts of one predicate a paste states.
    fn said(paste: &str, predicate: Predicate) -> Vec<String> {
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        facts.with(predicate).map(|f| format!("{} {}", facts.entity_of(f.subject), facts.display_value(&f.value))).collect()
    }

    #[test]
    fn a_namespace_selector_by_expression_admits_each_listed_namespace() {
        let paste = "$ cat netpol.yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-web\n  namespace: api\nspec:\n  podSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchExpressions:\n              - key: kubernetes.io/metadata.name\n                operator: In\n                values: [\"web\", \"ingress\"]\n              - key: tier\n                operator: Exists\n";
        assert_eq!(
            said(paste, Predicate::AllowsFrom),
            ["networkpolicy api/allow-web namespace:kubernetes.io/metadata.name=web", "networkpolicy api/allow-web namespace:kubernetes.io/metadata.name=ingress", "networkpolicy api/allow-web namespace:tier Exists "]
        );
    }

    #[test]
    fn a_cloud_run_service_is_a_workload_whose_scale_bounds_are_an_autoscaler() {
        let paste = "$ gcloud run services describe api --region us-east4 --format='yaml(spec.template)'\nspec:\n  template:\n    metadata:\n      annotations:\n        autoscaling.knative.dev/maxScale: '25'\n        autoscaling.knative.dev/minScale: '2'\n    spec:\n      containers:\n      - image: us-docker.pkg.dev/p/r/api:1.2\n";
        assert_eq!(said(paste, Predicate::MaxReplicas), ["hpa api 25"]);
        assert_eq!(said(paste, Predicate::MinReplicas), ["hpa api 2"]);
        assert_eq!(said(paste, Predicate::Scales), ["hpa api deployment api"]);
        assert_eq!(said(paste, Predicate::Image).len(), 1);
    }

    #[test]
    fn a_cloud_run_services_env_is_its_configuration_also_from_files_that_lost_their_indentation() {
        let file = |path: &str, project: &str| {
            format!("# {path}\napiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\nname: sync\nspec:\ntemplate:\nspec:\ncontainers:\n- image: r/sync:1\nenv:\n- name: PROJECT\nvalue: {project}\n")
        };
        let paste = format!("{}{}", file("deploy/run/sync.yaml", "acme-prod"), file("deploy/run/sync.stg.yaml", "acme-stg"));
        let values = said(&paste, Predicate::ConfigValue);
        assert!(values.contains(&"Configuration sync PROJECT=acme-prod".to_string()), "{values:?}");
        assert!(values.contains(&"Configuration sync PROJECT=acme-stg".to_string()), "{values:?}");
        let sources = said(&paste, Predicate::DefinedIn);
        assert!(sources.contains(&"Configuration sync deploy/run/sync.stg.yaml".to_string()), "{sources:?}");
    }

    #[test]
    fn a_cloud_run_revision_is_a_pod_of_its_service_and_its_conditions_say_why_it_fails() {
        let paste = "$ gcloud run revisions describe api-00091-rek --region us-central1 --format='yaml(status.conditions)'\nstatus:\n  conditions:\n  - message: Image 'us-docker.pkg.dev/p/r/api:2.0' not found.\n    reason: ContainerMissing\n    status: 'False'\n    type: Ready\n";
        assert_eq!(said(paste, Predicate::OwnedBy), ["pod api-00091-rek deployment api"]);
        assert_eq!(said(paste, Predicate::StatusMessage), ["pod api-00091-rek ContainerMissing: Image 'us-docker.pkg.dev/p/r/api:2.0' not found."]);
        let report = crate::analyze(paste);
        assert_eq!(report.diagnoses.first().map(|d| d.class.as_str()), Some("image-pull-error"));
    }

    #[test]
    fn a_grep_excerpt_of_configmaps_defines_each_in_its_own_file() {
        let paste = "$ grep -n -A4 'name: web-config' prod/*.yaml\nprod/cm.yaml:4:  name: web-config\nprod/cm.yaml-5-  namespace: shop\nprod/cm.yaml-6-data:\nprod/cm.yaml-7-  DB_URL: postgres://db/orders\n--\nprod/extra.yaml:4:  name: web-config\nprod/extra.yaml-5-  namespace: shop\nprod/extra.yaml-6-data:\nprod/extra.yaml-7-  DB_URL: postgres://db/orders_qa\n";
        assert_eq!(said(paste, Predicate::DefinedIn), ["configmap shop/web-config prod/cm.yaml", "configmap shop/web-config prod/extra.yaml"]);
        assert_eq!(said(paste, Predicate::ConfigValue).len(), 2);
        // base64 values beside the name may be a Secret's: no kind is guessed (unless the
        // file's name says it).
        let secretish = paste.replace("postgres://db/orders_qa", "b3JkZXJz").replace("postgres://db/orders", "b3JkZXJz").replace("cm.yaml", "web.yaml");
        assert!(said(&secretish, Predicate::DefinedIn).is_empty());
        // Cut right after `data:`, the file's name still says what the object is.
        let cut = "$ git grep -n -A2 'name: web-config'\nbase/configmap.yaml:4:  name: web-config\nbase/configmap.yaml-5-  namespace: shop\nbase/configmap.yaml-6-data:\nqa/extra-configmap.yaml:4:  name: web-config\nqa/extra-configmap.yaml-5-  namespace: shop\nqa/extra-configmap.yaml-6-data:\n";
        assert_eq!(said(cut, Predicate::DefinedIn), ["configmap shop/web-config base/configmap.yaml", "configmap shop/web-config qa/extra-configmap.yaml"]);
        assert_eq!(crate::parse::k8s_object::kind_of_file("apps/values.yaml"), None);
        // `grep -B1` keeps `metadata:` above the name (and still cuts `kind:`).
        let before = "$ grep -rn -B1 -A3 'name: web-config' deploy/\ndeploy/shop/cm.yaml-3-metadata:\ndeploy/shop/cm.yaml:4:  name: web-config\ndeploy/shop/cm.yaml-5-  namespace: shop\ndeploy/shop/cm.yaml-6-data:\ndeploy/shop/cm.yaml-7-  DB_URL: postgres://db/orders\n--\ndeploy/shop/qa-configmap.yaml-3-metadata:\ndeploy/shop/qa-configmap.yaml:4:  name: web-config\ndeploy/shop/qa-configmap.yaml-5-  namespace: shop\ndeploy/shop/qa-configmap.yaml-6-data:\ndeploy/shop/qa-configmap.yaml-7-  DB_URL: postgres://db/orders_qa\n";
        assert_eq!(said(before, Predicate::DefinedIn), ["configmap shop/web-config deploy/shop/cm.yaml", "configmap shop/web-config deploy/shop/qa-configmap.yaml"]);
        assert_eq!(said(before, Predicate::ConfigValue).len(), 2);
        // grep for kind, name and some keys: the data keys stand beside the object's own.
        let picked = "$ grep -n -e kind: -e name: -e DB_ prod/web-env.yaml\nprod/web-env.yaml:2:kind: ConfigMap\nprod/web-env.yaml:4:  name: web-env\nprod/web-env.yaml:5:  namespace: shop\nprod/web-env.yaml:7:  DB_HOST: pg-shop-qa.internal\n";
        assert_eq!(said(picked, Predicate::ConfigValue), ["configmap shop/web-env DB_HOST=pg-shop-qa.internal"]);
        // PowerShell's `Select-String -Context`: `> ` marks the match, two blanks the context.
        let select = "PS C:\\src> Get-ChildItem -Recurse -Filter *.yaml | Select-String 'name: web-env' -Context 2,2\n\n  deploy\\prod\\web-env.yaml:2:kind: ConfigMap\n  deploy\\prod\\web-env.yaml:3:metadata:\n> deploy\\prod\\web-env.yaml:4:  name: web-env\n  deploy\\prod\\web-env.yaml:5:  namespace: shop\n  deploy\\prod\\web-env.yaml:6:data:\n  deploy\\qa\\web-env.yaml:2:kind: ConfigMap\n  deploy\\qa\\web-env.yaml:3:metadata:\n> deploy\\qa\\web-env.yaml:4:  name: web-env\n  deploy\\qa\\web-env.yaml:5:  namespace: shop\n  deploy\\qa\\web-env.yaml:6:data:\n";
        assert_eq!(said(select, Predicate::DefinedIn), ["configmap shop/web-env deploy\\prod\\web-env.yaml", "configmap shop/web-env deploy\\qa\\web-env.yaml"]);
    }

    fn endpoints(paste: &str) -> Vec<String> {
        said(paste, Predicate::Endpoints)
    }

    #[test]
    fn an_endpoint_slice_speaks_for_the_service_its_label_names() {
        let slice = |endpoints: &str| {
            format!("$ kubectl get endpointslices -n shop -o yaml\naddressType: IPv4\napiVersion: discovery.k8s.io/v1\n{endpoints}\nkind: EndpointSlice\nmetadata:\n  labels:\n    kubernetes.io/service-name: cart\n  name: cart-8qzm4\n  namespace: shop\n")
        };
        assert_eq!(endpoints(&slice("endpoints: null")), ["endpoints shop/cart <none>"]);
        let two = "endpoints:\n- addresses:\n  - 10.0.0.1\n  conditions:\n    ready: true\n- addresses:\n  - 10.0.0.2\n  conditions:\n    ready: false";
        assert_eq!(endpoints(&slice(two)), ["endpoints shop/cart 10.0.0.1"]);
    }

    fn reads(paste: &str) -> Vec<String> {
        said(paste, Predicate::ReadsConfig)
    }

    #[test]
    fn a_template_excerpt_under_a_heading_that_names_the_workload_is_its_pod_spec() {
        let excerpt = "    spec:\n      containers:\n      - name: app\n        env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: menu-db\n              key: password\n";
        assert_eq!(reads(&format!("--- deploy/menu (excerpt of kubectl get -o yaml) ---\n{excerpt}")), ["container menu/app secret menu-db"]);
        // Without a heading that names it, whose template it is stays unknown.
        assert!(reads(&format!("--- an excerpt ---\n{excerpt}")).is_empty());
    }

    #[test]
    fn render_env_groups_are_configmaps_defined_in_each_blueprint() {
        let paste = "$ grep -n -A6 '^envVarGroups' render.yaml render.qa.yaml\nrender.yaml:40:envVarGroups:\nrender.yaml-41-  - name: atlas-shared\nrender.yaml-42-    envVars:\n\
render.yaml-43-      - key: DB_HOST\nrender.yaml-44-        value: db.atlas.io\nrender.yaml-45-      - key: MODE\nrender.yaml-46-        value: production\n--\n\
render.qa.yaml:12:envVarGroups:\nrender.qa.yaml-13-  - name: atlas-shared\nrender.qa.yaml-14-    envVars:\nrender.qa.yaml-15-      - key: DB_HOST\n\
render.qa.yaml-16-        value: db-qa.atlas.io\nrender.qa.yaml-17-      - key: MODE\nrender.qa.yaml-18-        value: qa\n";
        assert_eq!(said(paste, Predicate::DefinedIn), ["configmap atlas-shared render.yaml", "configmap atlas-shared render.qa.yaml"]);
        let values = said(paste, Predicate::ConfigValue);
        assert!(values.contains(&"configmap atlas-shared DB_HOST=db-qa.atlas.io".to_string()), "{values:?}");
        assert_eq!(values.len(), 4, "{values:?}");
        let whole = "$ cat render.yaml\nservices:\n  - type: web\n    name: atlas-web\n    envVars:\n      - fromGroup: atlas-shared\nenvVarGroups:\n  - name: atlas-shared\n    envVars:\n      - key: TOKEN\n        generateValue: true\n      - key: MODE\n        value: production\n";
        assert_eq!(said(whole, Predicate::ConfigValue), ["configmap atlas-shared MODE=production"]);
    }
}
