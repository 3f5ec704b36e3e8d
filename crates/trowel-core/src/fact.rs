//! Facts: typed statements read off the paste, each tied to the exact text it came from.
//!
//! A fact is `subject predicate value`, e.g. `pod comms/web-6b7f-h2k4l  image_id
//! registry/web@sha256:3e7a…c841`. Subjects are interned [`Entity`]s so that every artifact
//! speaking of the same object (a ConfigMap in two files, a pod in a table and in a log)
//! lands on the same id. Parsers only add facts; claims and detectors only read them.

use crate::artifact::ArtifactId;
use crate::image::ImageRef;
use crate::span::Span;
use crate::time::Timestamp;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// What kind of thing an entity is. Kubernetes kinds first, then the things around them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    Pod,
    /// `pod/container`, named after both.
    Container,
    Job,
    CronJob,
    Service,
    Endpoints,
    Ingress,
    ConfigMap,
    Secret,
    Node,
    Namespace,
    HorizontalPodAutoscaler,
    NetworkPolicy,
    Certificate,
    ResourceQuota,
    /// Any other Kubernetes kind (CRDs), by its kind name.
    Resource(String),
    Kustomization,
    HelmRelease,
    /// An Argo CD Application or a Flux Kustomization/HelmRelease that syncs from git.
    GitOpsApp,
    /// An image repository, `registry/repository` without tag.
    Image,
    /// A CI/CD pipeline or job that builds and pushes images.
    Pipeline,
    Database,
    /// A metric series: `name{label="value",…}`.
    Series,
    FeatureFlag,
    /// A program that wrote log lines, when nothing better names it.
    LogSource,
    /// A host or service named in free text (`analytics-db:5432`, `payments.internal`).
    Host,
}

impl EntityKind {
    /// Maps a Kubernetes kind or kubectl resource name (`deploy`, `Deployment`, `cm`,
    /// `pods`) to an entity kind.
    pub fn from_k8s(kind: &str) -> EntityKind {
        let lower = kind.to_ascii_lowercase();
        let singular = lower.split('.').next().unwrap_or(&lower);
        match singular {
            "deployment" | "deployments" | "deploy" => EntityKind::Deployment,
            "statefulset" | "statefulsets" | "sts" => EntityKind::StatefulSet,
            "daemonset" | "daemonsets" | "ds" => EntityKind::DaemonSet,
            "replicaset" | "replicasets" | "rs" => EntityKind::ReplicaSet,
            "pod" | "pods" | "po" => EntityKind::Pod,
            "job" | "jobs" => EntityKind::Job,
            "cronjob" | "cronjobs" | "cj" => EntityKind::CronJob,
            "service" | "services" | "svc" => EntityKind::Service,
            "endpoints" | "ep" | "endpointslice" | "endpointslices" => EntityKind::Endpoints,
            "ingress" | "ingresses" | "ing" => EntityKind::Ingress,
            "configmap" | "configmaps" | "cm" => EntityKind::ConfigMap,
            "secret" | "secrets" => EntityKind::Secret,
            "node" | "nodes" | "no" => EntityKind::Node,
            "namespace" | "namespaces" | "ns" => EntityKind::Namespace,
            "horizontalpodautoscaler" | "horizontalpodautoscalers" | "hpa" => EntityKind::HorizontalPodAutoscaler,
            "networkpolicy" | "networkpolicies" | "netpol" => EntityKind::NetworkPolicy,
            "certificate" | "certificates" | "cert" | "certs" => EntityKind::Certificate,
            "resourcequota" | "resourcequotas" | "quota" => EntityKind::ResourceQuota,
            "kustomization" | "kustomizations" | "ks" => EntityKind::Kustomization,
            "helmrelease" | "helmreleases" | "hr" => EntityKind::HelmRelease,
            "application" | "applications" | "app" | "apps" => EntityKind::GitOpsApp,
            _ => EntityKind::Resource(kind.to_string()),
        }
    }

    /// True for kinds that run pods (what "the workload" means in a diagnosis).
    pub fn is_workload(&self) -> bool {
        matches!(
            self,
            EntityKind::Deployment | EntityKind::StatefulSet | EntityKind::DaemonSet | EntityKind::Job | EntityKind::CronJob
        )
    }

    /// The name kubectl uses for this kind, for the commands Trowel proposes.
    pub fn kubectl_name(&self) -> &str {
        match self {
            EntityKind::Deployment => "deployment",
            EntityKind::StatefulSet => "statefulset",
            EntityKind::DaemonSet => "daemonset",
            EntityKind::ReplicaSet => "replicaset",
            EntityKind::Pod | EntityKind::Container => "pod",
            EntityKind::Job => "job",
            EntityKind::CronJob => "cronjob",
            EntityKind::Service => "service",
            EntityKind::Endpoints => "endpoints",
            EntityKind::Ingress => "ingress",
            EntityKind::ConfigMap => "configmap",
            EntityKind::Secret => "secret",
            EntityKind::Node => "node",
            EntityKind::Namespace => "namespace",
            EntityKind::HorizontalPodAutoscaler => "hpa",
            EntityKind::NetworkPolicy => "networkpolicy",
            EntityKind::Certificate => "certificate",
            EntityKind::ResourceQuota => "resourcequota",
            EntityKind::Kustomization => "kustomization",
            EntityKind::HelmRelease => "helmrelease",
            EntityKind::GitOpsApp => "application",
            EntityKind::Resource(kind) => kind,
            EntityKind::Image => "image",
            EntityKind::Pipeline => "pipeline",
            EntityKind::Database => "database",
            EntityKind::Series => "series",
            EntityKind::FeatureFlag => "flag",
            EntityKind::LogSource => "log-source",
            EntityKind::Host => "host",
        }
    }
}

/// A thing facts are about, identified by kind, namespace and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Entity {
    pub kind: EntityKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
}

impl Entity {
    pub fn new(kind: EntityKind, namespace: Option<&str>, name: &str) -> Entity {
        Entity { kind, namespace: namespace.filter(|ns| !ns.is_empty()).map(str::to_string), name: name.to_string() }
    }
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{} {ns}/{}", self.kind.kubectl_name(), self.name),
            None => write!(f, "{} {}", self.kind.kubectl_name(), self.name),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntityId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct FactId(pub u32);

/// What a fact says about its subject. Grouped by what reads them; the value type each
/// predicate carries is noted and kept consistent by the parsers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Predicate {
    // Identity and structure.
    /// The object is defined in a file or printed by a command (Text: path or command).
    DefinedIn,
    /// Owner reference or name-hash ownership (Entity: the owner).
    OwnedBy,
    /// Label on the object (Pair).
    Label,
    /// Label selector of a Service/workload/NetworkPolicy (Pair).
    Selector,
    Annotation,
    /// A config key the object sets: ConfigMap/Secret data, env, Helm values (Pair).
    ConfigValue,
    /// The object reads config from another (Entity: ConfigMap/Secret via envFrom, volume, ref).
    ReadsConfig,

    // Images and builds.
    /// Image the spec asks for (Image).
    Image,
    /// Image actually running, from status imageID (Image with digest).
    ImageId,
    /// An image override: kustomize `images:` newTag/newName/digest, Helm `image.tag` (Image).
    ImageOverride,
    /// imagePullPolicy (Text).
    PullPolicy,
    /// A pipeline pushed an image (Build with image).
    Pushed,
    /// What a running app says it is: build info metric, version log line (Build).
    ReportsBuild,

    // GitOps and rollouts.
    /// Argo CD / Flux sync status (Text: Synced, OutOfSync, …).
    SyncStatus,
    /// Health status (Text: Healthy, Degraded, Progressing, …).
    HealthStatus,
    /// Git revision the app is synced to (Text).
    SyncRevision,
    /// Resources the sync changed (Number; 0 means a no-op sync).
    SyncChanged,
    /// Resources the sync left unchanged (Number).
    SyncUnchanged,
    /// Git repository/path an app syncs from (Text).
    SourcePath,
    /// A GitOps app or Helm release manages this (Entity: the app).
    ManagedBy,
    /// A rollout/helm revision and its change cause (Pair: revision → cause).
    RolloutRevision,
    /// The object was changed (Text: the verb — replaced, configured, created, patched,
    /// scaled, rotated, deleted, …), timed when the change line is.
    Changed,

    // Runtime state.
    /// READY / COMPLETIONS / AVAILABLE as a ratio (Ratio).
    Ready,
    Completions,
    /// Desired replicas (Number).
    Replicas,
    /// Current / min / max replicas of an autoscaler (Number).
    CurrentReplicas,
    MinReplicas,
    MaxReplicas,
    /// Metric target of an autoscaler, current over target (Ratio, percent units).
    ScalingTarget,
    /// STATUS / phase as printed (Text: Running, CrashLoopBackOff, Completed, Pending, …).
    Status,
    /// Container state and its reason (Text), exit code (Number), for now and last time.
    State,
    StateReason,
    ExitCode,
    LastState,
    LastStateReason,
    LastExitCode,
    Restarts,
    /// AGE column (Duration).
    Age,
    /// When something started / finished / was created / last scheduled (Time).
    StartedAt,
    FinishedAt,
    CreatedAt,
    LastScheduled,
    /// Duration of a job or operation (Duration).
    Took,
    /// Resource requests and limits (Quantity, in bytes or cores).
    MemoryLimit,
    MemoryRequest,
    CpuLimit,
    CpuRequest,
    /// A container port (Number).
    Port,
    /// Probes (Address: scheme/port/path of the check).
    ReadinessProbe,
    LivenessProbe,
    StartupProbe,
    /// Condition type → status (Pair).
    Condition,
    /// A Kubernetes event about the object (Event).
    Event,
    /// Service endpoints (Text: addresses, or `<none>`).
    Endpoints,
    /// CronJob schedule (Text), suspended (Bool), active jobs (Number).
    Schedule,
    Suspended,
    Active,
    /// A node taint or a pod's nodeSelector/toleration (Text).
    Taint,
    NodeSelector,
    /// NetworkPolicy: policy types and allowed peers (Text / Pair selectors).
    PolicyType,
    AllowsFrom,
    AllowsTo,
    /// Certificate validity (Time) and readiness (Text).
    NotAfter,
    NotBefore,

    // Behaviour.
    /// A notable log line (Log).
    Log,
    /// The subject connected to a database/host (Address).
    ConnectsTo,
    /// A count the subject reported processing (Number), e.g. "rolled up 14,293 records".
    Processed,
    /// The subject reported an outcome (Text: `success` or `failure`, normalised from what was
    /// printed: `Status: SUCCESS`, `completed successfully`, `exit code 1`, `Job failed`).
    Outcome,
    /// A metric sample (Number), timed by a timestamp or a date label when the series has one.
    Sample,
    /// A feature flag lookup found nothing (Number: how often, or 1 for a log line).
    FlagNotFound,
    /// The code took a fallback path (Text: what it fell back to).
    Fallback,
    /// Something named in prose or a message, not yet tied to a structure (any value).
    Mentions,

    // Added for logs and metrics.
    /// A human description of the subject (Text): a metric family's `# HELP`, or the free
    /// comment written above its samples. Subject: the `Series` named by the bare metric name.
    Description,
    /// Memory in use, e.g. cAdvisor's `container_memory_working_set_bytes` (Quantity, bytes).
    MemoryUsage,
    /// CPU throttling: throttled CFS periods over all periods (Ratio).
    Throttled,
    /// How much a source logged in one artifact (Ratio: records at warn or above over all
    /// records), timed at its last record; quotes its first record.
    LogVolume,
}

/// A resource quantity as Kubernetes writes it (`512Mi`, `250m`), with its value in base
/// units (bytes, cores).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub text: String,
    pub value: f64,
}

/// Where something points: a probe, a connection target, a database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Address {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// URL path, or the database name for database addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// A build as CI reports it or as the running app reports itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Build {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// Log severity, normalised from the many spellings (`W`, `warning`, `WARN`, klog's `E`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

/// A Kubernetes event as `describe` and `get events` print it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRecord {
    /// `Normal` or `Warning`.
    pub kind: String,
    pub reason: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// The value of a fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    Time(Timestamp),
    /// Seconds.
    Duration(f64),
    Ratio { num: f64, den: f64 },
    Pair { key: String, value: String },
    Quantity(Quantity),
    Image(ImageRef),
    Build(Build),
    Address(Address),
    Event(EventRecord),
    Log { level: Option<Level>, message: String },
    Entity(EntityId),
}

impl Value {
    pub fn text(text: impl Into<String>) -> Value {
        Value::Text(text.into())
    }

    pub fn pair(key: impl Into<String>, value: impl Into<String>) -> Value {
        Value::Pair { key: key.into(), value: value.into() }
    }

    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_pair(&self) -> Option<(&str, &str)> {
        match self {
            Value::Pair { key, value } => Some((key, value)),
            _ => None,
        }
    }

    pub fn as_image(&self) -> Option<&ImageRef> {
        match self {
            Value::Image(image) => Some(image),
            Value::Build(build) => build.image.as_ref(),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    /// A short human reading of the value; entity values print their id (the caller that
    /// holds the entity table resolves them, see [`Facts::display_value`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(text) => f.write_str(text),
            Value::Number(n) => write!(f, "{}", format_number(*n)),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Time(t) => write!(f, "{t}"),
            Value::Duration(seconds) => write!(f, "{}s", format_number(*seconds)),
            Value::Ratio { num, den } => write!(f, "{}/{}", format_number(*num), format_number(*den)),
            Value::Pair { key, value } => write!(f, "{key}={value}"),
            Value::Quantity(q) => write!(f, "{} ({})", q.text, format_number(q.value)),
            Value::Image(image) => write!(f, "{image}"),
            Value::Build(build) => {
                let parts: Vec<String> = [
                    build.version.as_ref().map(|v| format!("version {v}")),
                    build.commit.as_ref().map(|c| format!("commit {c}")),
                    build.image.as_ref().map(|i| format!("image {i}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                f.write_str(&parts.join(", "))
            }
            Value::Address(a) => {
                if let Some(scheme) = &a.scheme {
                    write!(f, "{scheme}://")?;
                }
                f.write_str(a.host.as_deref().unwrap_or(""))?;
                if let Some(port) = a.port {
                    write!(f, ":{port}")?;
                }
                if let Some(path) = &a.path {
                    write!(f, "/{}", path.trim_start_matches('/'))?;
                }
                Ok(())
            }
            Value::Event(e) => {
                write!(f, "{} {}: {}", e.kind, e.reason, e.message)?;
                match e.count {
                    Some(count) if count > 1 => write!(f, " (x{count})"),
                    _ => Ok(()),
                }
            }
            Value::Log { level, message } => match level {
                Some(level) => write!(f, "[{}] {message}", format!("{level:?}").to_lowercase()),
                None => f.write_str(message),
            },
            Value::Entity(id) => write!(f, "#{}", id.0),
        }
    }
}

/// Integers print without a fractional part; other numbers print as Rust does.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// One statement read off the paste.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fact {
    pub id: FactId,
    pub subject: EntityId,
    pub predicate: Predicate,
    pub value: Value,
    /// When the statement held or the event happened, if the paste says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<Timestamp>,
    /// The text the fact was read from (usually one line or part of one).
    pub span: Span,
    pub artifact: ArtifactId,
}

/// All facts of one paste, with the entity table they refer to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facts {
    entities: Vec<Entity>,
    #[serde(skip)]
    entity_ids: HashMap<Entity, EntityId>,
    facts: Vec<Fact>,
}

impl Facts {
    /// The id of an entity, interning it on first sight.
    pub fn entity(&mut self, entity: Entity) -> EntityId {
        if let Some(id) = self.entity_ids.get(&entity) {
            return *id;
        }
        let id = EntityId(self.entities.len() as u32);
        self.entities.push(entity.clone());
        self.entity_ids.insert(entity, id);
        id
    }

    /// Looks an entity up without interning it.
    pub fn find_entity(&self, entity: &Entity) -> Option<EntityId> {
        self.entity_ids.get(entity).copied()
    }

    pub fn push(&mut self, subject: EntityId, predicate: Predicate, value: Value, time: Option<Timestamp>, span: Span, artifact: ArtifactId) -> FactId {
        let id = FactId(self.facts.len() as u32);
        self.facts.push(Fact { id, subject, predicate, value, time, span, artifact });
        id
    }

    pub fn get(&self, id: FactId) -> &Fact {
        &self.facts[id.0 as usize]
    }

    pub fn entity_of(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }

    pub fn all(&self) -> &[Fact] {
        &self.facts
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn with(&self, predicate: Predicate) -> impl Iterator<Item = &Fact> {
        self.facts.iter().filter(move |f| f.predicate == predicate)
    }

    pub fn about(&self, subject: EntityId) -> impl Iterator<Item = &Fact> {
        self.facts.iter().filter(move |f| f.subject == subject)
    }

    /// A value in words, with entity values resolved to the entity they name.
    pub fn display_value(&self, value: &Value) -> String {
        match value {
            Value::Entity(id) => self.entity_of(*id).to_string(),
            other => other.to_string(),
        }
    }

    pub fn len(&self) -> usize {
        self.facts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_interned_by_identity() {
        let mut facts = Facts::default();
        let a = facts.entity(Entity::new(EntityKind::ConfigMap, Some("analytics"), "cfg"));
        let b = facts.entity(Entity::new(EntityKind::from_k8s("cm"), Some("analytics"), "cfg"));
        let c = facts.entity(Entity::new(EntityKind::ConfigMap, Some("other"), "cfg"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(facts.entity_of(a).to_string(), "configmap analytics/cfg");
    }
}
