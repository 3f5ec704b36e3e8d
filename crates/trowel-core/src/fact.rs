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
use std::borrow::Cow;
use std::fmt;

/// The name of the pod a paste quotes evidence about without naming it (describe's event
/// rows copied without the description above them): inference treats it as the one pod or
/// workload the rest of the paste is about, and wording shows it as the placeholder it is.
pub const UNNAMED_POD: &str = "<pod>";

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
    /// A client or controller that writes objects (`kubectl`, `helm`), named as it names
    /// itself in managedFields.
    Tool,
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

    /// A custom kind as every spelling of it compares: `AlertmanagerConfig` (a `kind:` field),
    /// `alertmanagerconfig.monitoring.coreos.com` (what `kubectl apply` prints) and
    /// `alertmanagerconfigs` (a `kubectl get` argument) are one kind.
    pub fn resource_key(kind: &str) -> String {
        let singular = kind.split('.').next().unwrap_or(kind).to_ascii_lowercase();
        match singular.strip_suffix('s') {
            Some(stem) if !stem.is_empty() => stem.to_string(),
            _ => singular,
        }
    }

    /// Both kinds are the same custom kind, however each is spelt.
    pub fn same_resource(&self, other: &EntityKind) -> bool {
        match (self, other) {
            (EntityKind::Resource(a), EntityKind::Resource(b)) => EntityKind::resource_key(a) == EntityKind::resource_key(b),
            (a, b) => a == b,
        }
    }

    /// Kinds whose objects are configuration that workloads or operators read: ConfigMaps,
    /// Secrets, and custom kinds named for it (`AlertmanagerConfig`, `ScrapeConfig`,
    /// `…Configuration`, `…Settings`), whose spec is the configuration itself.
    pub fn carries_config(&self) -> bool {
        match self {
            EntityKind::ConfigMap | EntityKind::Secret => true,
            EntityKind::Resource(kind) => {
                let kind = EntityKind::resource_key(kind);
                ["config", "configuration", "setting"].iter().any(|suffix| kind.ends_with(suffix))
            }
            _ => false,
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
            EntityKind::Tool => "tool",
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

    /// This entity is the one named by these parts.
    fn is(&self, kind: &EntityKind, namespace: Option<&str>, name: &str) -> bool {
        self.name == name && self.namespace.as_deref() == namespace && self.kind == *kind
    }
}

/// A kind as entity resolution compares it: built-in kinds as they are, custom kinds by
/// [`EntityKind::resource_key`].
#[derive(PartialEq, Eq, Hash)]
enum KindKey<'a> {
    Known(&'a EntityKind),
    Resource(String),
}

impl<'a> KindKey<'a> {
    fn of(kind: &'a EntityKind) -> KindKey<'a> {
        match kind {
            EntityKind::Resource(name) => KindKey::Resource(EntityKind::resource_key(name)),
            known => KindKey::Known(known),
        }
    }
}

/// The hash of an entity from its parts, borrowed or owned alike.
fn entity_hash(kind: &EntityKind, namespace: Option<&str>, name: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one((kind, namespace, name))
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Commands address a container through its pod; people call it a container.
        let kind = if self.kind == EntityKind::Container { "container" } else { self.kind.kubectl_name() };
        match &self.namespace {
            Some(ns) => write!(f, "{kind} {ns}/{}", self.name),
            None => write!(f, "{kind} {}", self.name),
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
    /// Label a workload's pod template puts on the pods it makes (Pair); what Service and
    /// NetworkPolicy selectors match against.
    TemplateLabel,
    /// The node a pod runs on or was nominated for (Entity: the Node).
    ScheduledOn,
    /// A spec field that changes behaviour, by its field name (Pair: field → value):
    /// `concurrencyPolicy`, `timeZone`, `startingDeadlineSeconds`, `targetRevision`,
    /// `strategy`, probe timings, ….
    Setting,
    /// A kustomization includes a resource, base or component (Text: the path as written).
    Includes,
    /// The workload an autoscaler scales (Entity: the workload).
    Scales,

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
    /// The registry says a tag currently points at a digest (Image with tag and digest),
    /// as `crane digest`, `skopeo inspect` or `imagetools inspect` print it.
    ResolvesTo,
    /// A registry's answer to a node's container runtime asking for a manifest (Pair:
    /// reference → HTTP status, `404` or `2xx`), from the registry's own request log.
    RegistryAnswer,
    /// A container runtime on a host (the Docker daemon, `docker compose`, podman) could not
    /// pull an image and says why (Pair: the image reference → the runtime's error, which
    /// names the registry's answer).
    PullFailed,

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
    /// Git repository URL an app syncs from, when printed apart from the path (Text).
    SourceRepo,
    /// Branch, tag or revision an app tracks (Text: `HEAD`, `main`, `v1.4.0`).
    TargetRevision,
    /// Current revision number of a Deployment or Helm release (Number).
    Revision,
    /// Chart of a Helm release as printed, `name-version` (Text).
    Chart,
    /// App version a Helm chart declares (Text).
    AppVersion,
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
    /// What an autoscaler scales on (Text): a resource (`cpu`, `memory`) or a custom or
    /// external metric's name. Read apart from `ScalingTarget`, which may lack a current value.
    ScalesOn,
    /// STATUS / phase as printed (Text: Running, CrashLoopBackOff, Completed, Pending, …).
    Status,
    /// The human message printed next to a status or state (Text): Flux and cert-manager
    /// MESSAGE, a container state's Message, a pod's status Message.
    StatusMessage,
    /// Container state and its reason (Text), exit code (Number), for now and last time.
    State,
    StateReason,
    ExitCode,
    LastState,
    LastStateReason,
    LastExitCode,
    Restarts,
    /// When a container last restarted, from `4 (2m ago)` (Ago).
    LastRestart,
    /// AGE column (Duration).
    Age,
    /// When something started / finished / was created / last scheduled (Time, or Ago when
    /// the output prints it relative to when it ran, as LAST SCHEDULE `5h` does).
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
    /// Usage as `kubectl top` prints it, or cAdvisor's working set (Quantity, in bytes or cores).
    CpuUsage,
    MemoryUsage,
    /// Usage as a percentage of the node's allocatable resources (Number, percent).
    CpuUtilization,
    MemoryUtilization,
    /// What a node can give to pods (Quantity, in bytes or cores).
    CpuAllocatable,
    MemoryAllocatable,
    /// A ResourceQuota line (Pair: resource → `used/hard` as printed).
    Quota,
    /// A container port (Number).
    Port,
    /// The pod port a Service port forwards to (Text: a number or a port name).
    TargetPort,
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
    /// A toleration of a pod (Text, as printed: `key=value:Effect op=Exists for 300s`).
    Toleration,
    /// CronJob concurrency policy (Text: Allow, Forbid, Replace).
    ConcurrencyPolicy,
    /// NetworkPolicy: policy types and allowed peers (Text / Pair selectors).
    PolicyType,
    AllowsFrom,
    AllowsTo,
    /// Certificate validity (Time) and readiness (Text).
    NotAfter,
    NotBefore,

    /// A host's cron file whose name the run-parts rule makes cron skip (Text: its path).
    CronFileIgnored,
    /// A cron file `run-parts --list` printed, so one cron runs (Text: its path).
    CronFileListed,

    // Behaviour.
    /// A notable log line (Log).
    Log,
    /// The subject connected to a database/host (Address).
    ConnectsTo,
    /// A flow the subject sent was dropped by network policy, as the CNI reports it (Text:
    /// the destination as printed, `ns/pod:port` or an address).
    DroppedByPolicy,
    /// A count the subject reported processing (Count: how many, and the noun with the verb
    /// that counted them), e.g. "rolled up 48,211 records" → `48211 records rolled`,
    /// `rows_loaded=41,806` → `41806 rows loaded`, `INSERT 0 415` → `415 rows inserted`.
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
    /// A remark that a state is meant: "suspended on purpose", "do not unsuspend" (Text).
    Intended,

    // Added for logs and metrics.
    /// A human description of the subject (Text): a metric family's `# HELP`, or the free
    /// comment written above its samples. Subject: the `Series` named by the bare metric name.
    Description,
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

impl Quantity {
    /// Reads a Kubernetes quantity: `512Mi` (binary suffixes), `1G` (decimal), `250m`
    /// (milli), `1.5`, `2e3`. None when the text is not one.
    pub fn parse(text: &str) -> Option<Quantity> {
        const SUFFIXES: &[(&str, f64)] = &[
            ("Ki", 1024.0),
            ("Mi", 1048576.0),
            ("Gi", 1073741824.0),
            ("Ti", 1099511627776.0),
            ("Pi", 1125899906842624.0),
            ("Ei", 1152921504606846976.0),
            ("n", 1e-9),
            ("u", 1e-6),
            ("m", 1e-3),
            ("k", 1e3),
            ("M", 1e6),
            ("G", 1e9),
            ("T", 1e12),
            ("P", 1e15),
            ("E", 1e18),
        ];
        let t = text.trim();
        let (number, factor) = SUFFIXES.iter().find_map(|(s, f)| t.strip_suffix(s).map(|n| (n, *f))).unwrap_or((t, 1.0));
        let value = crate::number::parse_f64(number).filter(|v: &f64| v.is_finite())?;
        Some(Quantity { text: t.to_string(), value: value * factor })
    }
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

impl Level {
    /// The level's name as reports print it (`warn`). Spelled out rather than taken from
    /// `Debug`: the browser build compiles `Debug` formatting out (`-Zfmt-debug=none`).
    pub fn name(self) -> &'static str {
        match self {
            Level::Trace => "trace",
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Fatal => "fatal",
        }
    }
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
    /// Seconds before the output was printed that the event was last and first seen, when
    /// the output says so relatively (`2m (x3 over 10m)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen_ago: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen_ago: Option<u64>,
}

/// The value of a fact.
///
/// The rare large variants (images, builds, addresses, events: 80–200 bytes each) are boxed
/// so that every fact is not as large as the largest: a 50 MB paste makes ~270 000 facts,
/// almost all of them logs, samples and pairs. Boxes serialise as what they hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
    Time(Timestamp),
    /// Seconds.
    Duration(f64),
    /// Seconds before the output was printed: a time stated relative to when the command
    /// ran (`LAST SCHEDULE 5h`, `(2m ago)`), which only the paste's other clues can anchor.
    Ago(f64),
    Ratio { num: f64, den: f64 },
    /// A count of things and what was counted, in words (`rows written`, `records`).
    Count { count: f64, of: String },
    Pair { key: String, value: String },
    Quantity(Quantity),
    Image(Box<ImageRef>),
    Build(Box<Build>),
    Address(Box<Address>),
    Event(Box<EventRecord>),
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
            Value::Number(n) | Value::Count { count: n, .. } => Some(*n),
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
            Value::Ago(seconds) => write!(f, "{}s ago", format_number(*seconds)),
            Value::Ratio { num, den } => write!(f, "{}/{}", format_number(*num), format_number(*den)),
            Value::Count { count, of } => write!(f, "{} {of}", format_number(*count)),
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
                if let Some(count) = e.count.filter(|c| *c > 1) {
                    write!(f, " (x{count})")?;
                }
                match e.last_seen_ago {
                    Some(ago) => write!(f, " {ago}s ago"),
                    None => Ok(()),
                }
            }
            Value::Log { level, message } => match level {
                Some(level) => write!(f, "[{}] {message}", level.name()),
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

/// The facts of one predicate, in the order they were recorded ([`Facts::with`]).
///
/// A named iterator rather than a flatten-and-map chain: some 250 derivations and detectors
/// iterate facts by predicate, and each chain's `fold`/`try_fold` was compiled once per caller;
/// this one's `next` is two lines, which keeps the browser build measurably smaller.
#[derive(Clone)]
pub struct FactsWith<'a> {
    ids: std::slice::Iter<'a, FactId>,
    facts: &'a [Fact],
}

impl<'a> Iterator for FactsWith<'a> {
    type Item = &'a Fact;

    fn next(&mut self) -> Option<&'a Fact> {
        self.ids.next().map(|id| &self.facts[id.0 as usize])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ids.size_hint()
    }
}

impl DoubleEndedIterator for FactsWith<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.ids.next_back().map(|id| &self.facts[id.0 as usize])
    }
}

impl ExactSizeIterator for FactsWith<'_> {}


/// All facts of one paste, with the entity table they refer to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facts {
    entities: Vec<Entity>,
    /// Ids of `entities` with the hash of what they name: each entity is stored once, in
    /// `entities`, and a lookup borrows its parts (a metrics dump makes a new entity per
    /// series). The hash is kept so that growing the table never rehashes the names.
    #[serde(skip)]
    entity_ids: hashbrown::HashTable<(u64, EntityId)>,
    facts: Vec<Fact>,
    /// Fact ids per predicate (indexed by the predicate's position in its enum), in insertion
    /// order, so readers never rescan every fact; a plain index, as it is updated per fact.
    #[serde(skip)]
    by_predicate: Vec<Vec<FactId>>,
}

impl Facts {
    /// Moves every fact's span (onto the paste, when the facts were read off a copy of it).
    pub fn map_spans(&mut self, mut map: impl FnMut(Span) -> Span) {
        for fact in &mut self.facts {
            fact.span = map(fact.span);
        }
    }

    /// Moves the spans of the facts from the `from`th on (those one reader just wrote).
    pub fn map_spans_from(&mut self, from: usize, mut map: impl FnMut(Span) -> Span) {
        for fact in self.facts.iter_mut().skip(from) {
            fact.span = map(fact.span);
        }
    }

    /// No facts yet, with room for `facts` of them.
    pub fn with_capacity(facts: usize) -> Facts {
        Facts { facts: Vec::with_capacity(facts), ..Facts::default() }
    }

    /// The id of an entity, interning it on first sight. An empty namespace is none. A name
    /// given owned is kept as it is; a borrowed one is copied only when it is new.
    pub fn entity<'n>(&mut self, kind: EntityKind, namespace: Option<&str>, name: impl Into<Cow<'n, str>>) -> EntityId {
        let name = name.into();
        let namespace = namespace.filter(|ns| !ns.is_empty());
        let hash = entity_hash(&kind, namespace, &name);
        let Facts { entities, entity_ids, .. } = self;
        let same = |(_, id): &(u64, EntityId)| entities[id.0 as usize].is(&kind, namespace, &name);
        match entity_ids.entry(hash, same, |(hash, _)| *hash) {
            hashbrown::hash_table::Entry::Occupied(known) => known.get().1,
            hashbrown::hash_table::Entry::Vacant(slot) => {
                let id = EntityId(entities.len() as u32);
                slot.insert((hash, id));
                entities.push(Entity { kind, namespace: namespace.map(str::to_string), name: name.into_owned() });
                id
            }
        }
    }

    /// Looks an entity up without interning it.
    pub fn find_entity(&self, kind: &EntityKind, namespace: Option<&str>, name: &str) -> Option<EntityId> {
        let namespace = namespace.filter(|ns| !ns.is_empty());
        let same = |id: &EntityId| self.entities[id.0 as usize].is(kind, namespace, name);
        self.entity_ids.find(entity_hash(kind, namespace, name), |(_, id)| same(id)).map(|(_, id)| *id)
    }

    /// Objects named without a namespace (an events table copied without `-n`, a pod named
    /// in a log line) are the namespaced object of the same kind and name when the paste has
    /// exactly one: their facts move to it, so one pod is not two. A custom kind is one kind
    /// however it is spelt (see [`EntityKind::same_resource`]): its facts move to the
    /// spelling a `kind:` field gives, so one object is not three.
    pub fn resolve_namespaces(&mut self) {
        let spelling = self.resolve_resource_spellings();
        let canonical = |id: EntityId| spelling[id.0 as usize].unwrap_or(id);
        let mut twins: crate::hash::HashMap<(KindKey<'_>, &str), Option<EntityId>> = crate::hash::HashMap::default();
        for (i, entity) in self.entities.iter().enumerate().filter(|(i, e)| e.namespace.is_some() && spelling[*i].is_none()) {
            // A second namespace makes the bare name ambiguous.
            twins.entry((KindKey::of(&entity.kind), entity.name.as_str())).and_modify(|twin| *twin = None).or_insert(Some(EntityId(i as u32)));
        }
        let alias: Vec<Option<EntityId>> = self
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let twin = if e.namespace.is_none() { twins.get(&(KindKey::of(&e.kind), e.name.as_str())).copied().flatten() } else { None };
                twin.or(spelling[i]).map(canonical)
            })
            .collect();
        if alias.iter().all(Option::is_none) {
            return;
        }
        let moved = |id: EntityId| alias[id.0 as usize].unwrap_or(id);
        for fact in &mut self.facts {
            fact.subject = moved(fact.subject);
            if let Value::Entity(target) = &mut fact.value {
                *target = moved(*target);
            }
        }
    }

    /// For each custom-kind entity spelt differently from another of the same kind,
    /// namespace and name, the one it is: the first spelt like a `kind:` field (with capitals),
    /// else the shortest spelling (singular, without the API group).
    fn resolve_resource_spellings(&self) -> Vec<Option<EntityId>> {
        let mut first: crate::hash::HashMap<(String, Option<&str>, &str), EntityId> = crate::hash::HashMap::default();
        for (i, entity) in self.entities.iter().enumerate() {
            let EntityKind::Resource(kind) = &entity.kind else { continue };
            let key = (EntityKind::resource_key(kind), entity.namespace.as_deref(), entity.name.as_str());
            let id = EntityId(i as u32);
            first
                .entry(key)
                .and_modify(|known| {
                    // Capitals first (a `kind:` field), then the shortest (singular, no group).
                    let rank = |id: EntityId| match &self.entities[id.0 as usize].kind {
                        EntityKind::Resource(k) => (!k.chars().any(|c| c.is_ascii_uppercase()), k.len()),
                        _ => (true, usize::MAX),
                    };
                    if rank(id) < rank(*known) {
                        *known = id;
                    }
                })
                .or_insert(id);
        }
        self.entities
            .iter()
            .enumerate()
            .map(|(i, entity)| {
                let EntityKind::Resource(kind) = &entity.kind else { return None };
                let known = first[&(EntityKind::resource_key(kind), entity.namespace.as_deref(), entity.name.as_str())];
                (known.0 as usize != i).then_some(known)
            })
            .collect()
    }

    pub fn push(&mut self, subject: EntityId, predicate: Predicate, value: Value, time: Option<Timestamp>, span: Span, artifact: ArtifactId) -> FactId {
        let id = FactId(self.facts.len() as u32);
        self.facts.push(Fact { id, subject, predicate, value, time, span, artifact });
        let slot = predicate as usize;
        if self.by_predicate.len() <= slot {
            self.by_predicate.resize_with(slot + 1, Vec::new);
        }
        self.by_predicate[slot].push(id);
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

    pub fn with(&self, predicate: Predicate) -> FactsWith<'_> {
        let ids = self.by_predicate.get(predicate as usize).map_or(&[][..], Vec::as_slice);
        FactsWith { ids: ids.iter(), facts: &self.facts }
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

    #[test]
    fn a_bare_name_is_the_one_namespaced_object_of_that_name() {
        let paste = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nweb-7d9f8c6b5-b2m4q 0/1 ImagePullBackOff 0 1h\n\n$ kubectl get events\nLAST SEEN TYPE REASON OBJECT MESSAGE\n5m Warning Failed pod/web-7d9f8c6b5-b2m4q Error: ErrImagePull\n";
        let ingest = crate::ingest(paste);
        let subjects: Vec<String> = ingest.facts.all().iter().filter(|f| f.predicate == Predicate::Event || f.predicate == Predicate::Status).map(|f| ingest.facts.entity_of(f.subject).to_string()).collect();
        assert_eq!(subjects, ["pod shop/web-7d9f8c6b5-b2m4q", "pod shop/web-7d9f8c6b5-b2m4q"]);
        // Two namespaces leave a bare name alone.
        let two = "$ kubectl get pods -n a\nNAME READY STATUS RESTARTS AGE\nweb-0 1/1 Running 0 1h\n\n$ kubectl get pods -n b\nNAME READY STATUS RESTARTS AGE\nweb-0 1/1 Running 0 1h\n\n$ kubectl get events\nLAST SEEN TYPE REASON OBJECT MESSAGE\n5m Warning Failed pod/web-0 Error: ErrImagePull\n";
        let ingest = crate::ingest(two);
        let event = ingest.facts.with(Predicate::Event).next().expect("an event");
        assert_eq!(ingest.facts.entity_of(event.subject).to_string(), "pod web-0");
    }
    use super::*;

    #[test]
    fn a_custom_kind_is_one_kind_however_it_is_spelt() {
        let paste = "$ kubectl get alertmanagerconfigs -n mon\nNAME AGE\nrouting 4d\n\n$ kubectl get alertmanagerconfig routing -n mon -o yaml\napiVersion: monitoring.coreos.com/v1alpha1\nkind: AlertmanagerConfig\nmetadata:\n  name: routing\n  namespace: mon\n\n$ kubectl apply -f monitoring/\nalertmanagerconfig.monitoring.coreos.com/routing configured\n";
        let ingest = crate::ingest(paste);
        let mut subjects: Vec<String> = ingest.facts.all().iter().map(|f| ingest.facts.entity_of(f.subject).to_string()).collect();
        subjects.dedup();
        assert_eq!(subjects, ["AlertmanagerConfig mon/routing"]);
        assert!(EntityKind::from_k8s("alertmanagerconfigs").carries_config());
        assert!(!EntityKind::from_k8s("Alertmanager").carries_config());
    }

    #[test]
    fn entities_are_interned_by_identity() {
        let mut facts = Facts::default();
        let a = facts.entity(EntityKind::ConfigMap, Some("analytics"), "cfg");
        let b = facts.entity(EntityKind::from_k8s("cm"), Some("analytics"), "cfg");
        let c = facts.entity(EntityKind::ConfigMap, Some("other"), "cfg");
        let d = facts.entity(EntityKind::ConfigMap, Some(""), "cfg");
        let e = facts.entity(EntityKind::ConfigMap, None, "cfg");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(d, e, "an empty namespace is none");
        assert_eq!(facts.entities().len(), 3, "each entity is stored once");
        assert_eq!(facts.find_entity(&EntityKind::ConfigMap, Some("other"), "cfg"), Some(c));
        assert_eq!(facts.find_entity(&EntityKind::Secret, Some("other"), "cfg"), None);
        assert_eq!(facts.entity_of(a).to_string(), "configmap analytics/cfg");
    }

    #[test]
    fn facts_stay_small() {
        // Facts are the bulk of ingest's memory; a large variant inlined in `Value` would
        // more than double them.
        assert!(std::mem::size_of::<Fact>() <= 96, "{} bytes", std::mem::size_of::<Fact>());
    }

    #[test]
    fn quantities_in_base_units() {
        let value = |t: &str| Quantity::parse(t).map(|q| q.value);
        assert_eq!(value("512Mi"), Some(536_870_912.0));
        assert_eq!(value("1Gi"), Some(1_073_741_824.0));
        assert_eq!(value("250m"), Some(0.25));
        assert_eq!(value("2"), Some(2.0));
        assert_eq!(value("1.5G"), Some(1.5e9));
        assert_eq!(value("129e6"), Some(129e6));
        assert_eq!(value("12Qi"), None);
        assert_eq!(value("lots"), None);
    }
}
