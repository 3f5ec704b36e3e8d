//! Claims: general statements derived from facts — comparisons, cliffs, skews, orderings.
//!
//! A claim names the facts it rests on (and so, transitively, the quoted lines). Claims
//! are written for families of incidents, never for one: "the running digest differs from
//! the digest CI pushed to the same tag", not anything about a particular service.

use crate::fact::{EntityId, FactId};
use crate::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimId(pub u32);

/// What a claim asserts, with the data detectors and wording need.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimKind {
    /// Pods run a digest different from the one pushed (or annotated as expected) for the
    /// same image.
    DigestMismatch { image: String, running: String, pushed: String, tag: Option<String> },
    /// Pods run exactly the pushed digest.
    DigestMatch { image: String },
    /// The app reports an older version/commit than CI built.
    BuildMismatch { reported: String, built: String },
    /// The app reports the version CI built.
    BuildMatch { version: String },
    /// A workload or overlay refers to an image by a tag that moves (`latest`, a branch).
    MutableImageRef { image: String, tag: String },
    /// An image is pinned by digest or a release tag.
    PinnedImageRef { image: String },
    /// Nodes reuse a cached image for a moving tag (`IfNotPresent`, "already present").
    CachedPull { image: String },
    /// A GitOps sync after a push changed nothing.
    NoopSync { app: String, seconds_after_push: Option<f64> },
    /// An imperative change (`kubectl apply/edit/scale/set`) on an object.
    /// `over_controller`: the object's own history shows a GitOps controller writing it
    /// before the hand change (a Helm release's revisions, managedFields).
    ManualChange { object: EntityId, how: String, over_controller: bool },
    /// A GitOps app reports live state differing from git.
    OutOfSync { app: String },
    /// One config identity is defined in several places with different values.
    DuplicateIdentity { object: EntityId, keys: Vec<String> },
    /// A config value names another environment than the one the system runs in.
    ForeignEnvValue { object: EntityId, key: String, value: String, env: &'static str },
    /// One of the files defining an object applied more than once lives under another
    /// environment's directory or name (`sandbox/`, `.staging.yaml`).
    /// `included`: a kustomization of this environment lists the file among its resources.
    ForeignEnvDefinition { object: EntityId, path: String, env: &'static str, included: bool },
    /// When several files in one directory define one object, `kubectl apply -f dir/`
    /// applies them in name order and the last one wins; `foreign` says whether that last
    /// definition is the one holding another environment's values.
    LaterDefinitionWins { object: EntityId, winner: String, foreign: bool },
    /// A config object was changed (replaced, rotated, …) at a known time.
    ConfigChanged { object: EntityId, verb: String },
    /// A change happened shortly before a behaviour change.
    ChangeBefore { seconds: f64 },
    /// A metric stepped up or down by a large factor at a point in time.
    Cliff { series: String, ratio: f64, before: f64, after: f64, drop: bool },
    /// A count repeats exactly on consecutive runs.
    Frozen { series: String, value: f64, runs: usize },
    /// One label value fails far more often than its siblings.
    ErrorSkew { label: String, worst: String, worst_rate: f64, best: String, best_rate: f64 },
    /// Code asked for a flag that does not exist.
    FlagMissing { flag: String },
    /// Code took a fallback path.
    FallbackTaken { to: String },
    /// A job or pipeline reported success.
    ReportedSuccess,
    /// Runs reported success on or after the day a volume collapsed or froze: the very runs
    /// whose output was wrong said they were fine.
    SucceededDuringCollapse,
    /// A run reports connecting to a value that contradicts another claim.
    ConnectedTo { target: String },

    // Pods and containers (derive/pods.rs). Subjects are pods (or the workload, log
    // source or object the facts are about when no pod is named).
    /// A container keeps restarting: CrashLoopBackOff, back-off events, restarts climbing.
    CrashLoop { container: Option<String>, restarts: Option<f64> },
    /// A container's last run ended with a non-zero exit code, and the reason given.
    ContainerExited { container: Option<String>, code: f64, reason: Option<String> },
    /// The kernel killed a container for going over its memory limit (OOMKilled).
    OomKilled { container: Option<String> },
    /// A program logged that it ran out of memory (OutOfMemoryError, "out of memory");
    /// `at_limit` when the kernel's memory-cgroup OOM killer says it killed the process at
    /// its cgroup's (the container's) limit, which is what OOMKilled reports.
    OutOfMemoryLogged { at_limit: bool },
    /// A container's memory use is at or near its memory limit.
    MemoryNearLimit { container: Option<String>, usage: String, limit: String, ratio: f64 },
    /// A container reports missing or invalid configuration, or cannot be created because a
    /// ConfigMap/Secret (or a key in one) it refers to does not exist.
    /// `fatal` when the kubelet reports it, or the program logs it as fatal, or as an error
    /// that names configuration outright ("missing required", "invalid config").
    ConfigError { what: String, missing: Option<Missing>, fatal: bool },
    /// The kubelet cannot pull an image (ErrImagePull, ImagePullBackOff, "Failed to pull").
    ImagePullFailing { image: Option<String> },
    /// Why a pull failed, as the registry or runtime said it: `not-found`, `unauthorized`,
    /// `missing-or-denied` (Docker Hub's word for both), `unreachable`, `rate-limited`,
    /// `invalid-name`.
    PullRejected { image: Option<String>, why: &'static str },
    /// An image was pulled or is already on the node (or a container runs from it).
    ImagePresent { image: String },
    /// The scheduler could not place a pod, with the reasons it gave per group of nodes.
    SchedulingFailed { reasons: Vec<String> },
    /// A pod waits in Pending; `unscheduled` when its PodScheduled condition is False.
    PodPending { unscheduled: bool },
    /// A pod was assigned to a node.
    PodScheduled,
    /// A pod was deleted: the kubelet stopped its containers for good ("Stopping container",
    /// not a probe's restart). What failed in it is over unless something recreates it.
    PodGone,
    /// A pod that failed is in no pod listing of the paste, while pods of another ReplicaSet
    /// of its Deployment are listed Running and ready with no restarts: a rollout replaced
    /// it, so what failed in it is not going on now.
    PodReplaced { by: usize },
    /// A ResourceQuota refused to admit pods.
    QuotaExceeded { quota: String },
    /// A readiness, liveness or startup probe failed; `how` names the failure
    /// (`refused`, `http-4xx`, `http-5xx`, `timeout`, `other`).
    ProbeFailed { probe: &'static str, how: &'static str, count: u32 },
    /// A probe checks a port the container does not declare.
    ProbePortMismatch { probe: &'static str, container: Option<String>, probe_port: u16, ports: Vec<u16> },
    /// The kubelet restarted a container because its liveness or startup probe failed.
    ProbeKill,
    /// A pod is Running but not ready, with no container waiting or crashing.
    RunningNotReady,
    /// A pod is Running, every container ready, with no restarts.
    PodHealthy,
    /// A pod is Running and ready and has not restarted for a long while, though it did
    /// restart before: what once went wrong is not going on now.
    StableSinceRestart { seconds: f64 },
    /// The kubelet stopped reporting a pod's failures (back-offs, failed probes) long ago,
    /// and nothing shows the pod failing now: the trouble was transient and is over.
    FailuresStopped { seconds: f64 },
    /// A workload is fully available: its rollout finished, or all replicas are ready.
    WorkloadAvailable { rolled_out: bool },

    // Config changed under running pods (derive/rotation.rs).
    /// A ConfigMap/Secret changed after pods that read it started, so they still hold what
    /// they read at start-up. `declared`: the paste shows the pods read it (env, envFrom,
    /// volume), rather than Trowel inferring it from names or failures.
    ConfigChangedAfterStart { object: EntityId, pods: usize, declared: bool },
    /// Every pod that reads a changed ConfigMap/Secret started after the change.
    ReadersStartedAfterChange { object: EntityId },
    /// Processes that read a ConfigMap/Secret fail to authenticate (401, "password
    /// authentication failed", "WRONGPASS", "access denied", …).
    ReadersFailAuth { object: EntityId, count: usize },
    /// Authentication failures begin at or after a ConfigMap/Secret changed.
    AuthFailuresAfterChange { object: EntityId, seconds: f64 },
    /// Authentication failures were already happening well before a ConfigMap/Secret changed.
    AuthFailuresBeforeChange { object: EntityId },
    /// Something restarts the readers when the object changes (a reloader annotation, a
    /// config checksum in the pod template).
    ReloadOnChange { object: EntityId },

    // Schedules (derive/schedules.rs).
    /// A CronJob is suspended.
    CronSuspended { cronjob: EntityId },
    /// A remark next to the CronJob says it is suspended on purpose.
    CronSuspendedOnPurpose { cronjob: EntityId },
    /// A CronJob's last run is older than its schedule allows.
    CronOverdue { cronjob: EntityId, elapsed: f64, longest_gap: f64, missed: Option<usize> },
    /// A CronJob ran (or a run of it succeeded) within what its schedule allows.
    CronRanRecently { cronjob: EntityId, elapsed: f64 },
    /// The controller says it missed or skipped starts ("too many missed start times",
    /// "Cannot determine if job needs to be started", a run skipped behind an active one).
    CronMissedStart { cronjob: EntityId },
    /// A run of a CronJob has been active longer than the schedule's interval; with
    /// `concurrencyPolicy: Forbid` it blocks every later run.
    CronBlockedByActiveJob { cronjob: EntityId, job: EntityId, running: f64, forbid: bool },
    /// The schedule can never fire (`0 0 30 2 *`).
    CronNeverFires { cronjob: EntityId },
    /// A host's cron file has a name the run-parts rule skips (`export.cron` in
    /// `/etc/cron.d`), so its jobs never run on Debian-family cron; `confirmed` when
    /// `run-parts --list` of its directory leaves it out.
    CronFileIgnored { cronjob: EntityId, path: String, confirmed: bool },
    /// The latest run of an at-most-daily CronJob was scheduled at another time of day than
    /// the runs before it (UTC minutes of the day): its schedule or time zone changed.
    CronRunMoved { cronjob: EntityId, from: i64, to: i64 },

    // Capacity (derive/capacity.rs).
    /// An autoscaler runs at its maximum replicas.
    ScalingCeiling { hpa: EntityId, current: f64, max: f64 },
    /// An autoscaler has room to add replicas.
    ScalingHeadroom { hpa: EntityId, current: f64, max: f64 },
    /// An autoscaler's metric is above its target (current over target).
    LoadAboveTarget { hpa: EntityId, ratio: f64 },
    /// Every metric of an autoscaler is at or under its target.
    LoadBelowTarget { hpa: EntityId },
    /// An autoscaler's metrics name no CPU (it scales on memory or a custom metric): CPU
    /// use, however high, adds no pods.
    ScalesWithoutCpu { hpa: EntityId },
    /// A container spends a large share of CPU periods throttled.
    CpuThrottled { ratio: f64 },
    /// CPU usage is at or near the CPU limit.
    CpuNearLimit { ratio: f64 },
    /// A resource with a fixed size ran out: connection pool, connection slots, queue.
    Exhausted { count: usize },
    /// Requests time out.
    Timeouts { count: usize },

    // Services and their backends (derive/network.rs).
    /// A Service's selector nearly matches the labels some pods (or a pod template) carry,
    /// but no pod carries the `missing` pairs: the Service selects nothing.
    SelectorMismatch { service: EntityId, target: EntityId, missing: Vec<String> },
    /// Pods (or a pod template) carry every label a Service selects.
    SelectorMatches { service: EntityId, target: EntityId },
    /// None of the pods or pod templates in the paste carries a Service's selector, and none
    /// comes close.
    SelectorMatchesNothing { service: EntityId, checked: usize },
    /// A Service has no endpoints (`<none>`, or a proxy saying so).
    NoEndpoints { service: EntityId },
    /// A Service has endpoints.
    HasEndpoints { service: EntityId },
    /// The pods a Service is meant to reach are all ready.
    BackendsReady { service: EntityId },
    /// The pods a Service is meant to reach are not ready, which alone empties its endpoints.
    BackendsNotReady { service: EntityId },
    /// A Service forwards to a port no container of its pods declares.
    TargetPortMismatch { service: EntityId, target_port: String },
    /// A Service forwards to a port its pods' containers declare.
    TargetPortMatches { service: EntityId },
    /// Calls failed: refused, unavailable (503, no healthy upstream) or timed out; with the
    /// target as named and the Service it resolves to, when one does.
    CallFailures { failure: CallFailure, target: Option<String>, service: Option<EntityId>, caller: Option<EntityId>, count: usize },

    // NetworkPolicies (derive/network.rs).
    /// A NetworkPolicy was created or changed at a known time (approximate when read from its
    /// AGE).
    PolicyChanged { policy: EntityId, approximate: bool },
    /// Calls began timing out this many seconds after a NetworkPolicy change.
    FailuresAfterChange { policy: EntityId, seconds: f64 },
    /// Calls were already timing out this many seconds before a NetworkPolicy change.
    FailuresBeforeChange { policy: EntityId, seconds: f64 },
    /// NetworkPolicies select the target's pods (or the caller's, for egress) and none
    /// admits the other side, whose pods carry `peer_labels`.
    PolicyBlocksCaller { policy: EntityId, caller: EntityId, target: String, egress: bool, peer_labels: Vec<(String, String)> },
    /// A NetworkPolicy that selects the target's pods admits the caller.
    PolicyAllowsCaller { policy: EntityId, caller: EntityId },
    /// A NetworkPolicy isolates the target's pods (or the caller's, for egress) and admits
    /// only some peers; whether the other side is one of them, the paste does not say.
    PolicyIsolates { policy: EntityId, egress: bool },
    /// The CNI reports flows from the caller (its workload, else its pod) to the target
    /// dropped by network policy (Hubble `DROPPED`/`POLICY_DENIED`, Cilium `Policy denied`).
    FlowsDroppedByPolicy { caller: EntityId, target: String, flows: usize },

    // Certificates (derive/certs.rs).
    /// A certificate's NotAfter is before the paste's "now" (or before the time an error
    /// reporting it was logged), or an expiry metric has run out.
    CertExpired { subject: EntityId },
    /// A certificate's NotBefore is after "now".
    CertNotYetValid { subject: EntityId },
    /// A certificate is valid at "now" (for this many more days, when its dates are known).
    CertValid { subject: EntityId, days_left: Option<f64> },
    /// Clients or servers report a certificate as expired or not yet valid: the one of the
    /// host the lines name (`host`, when no fact is about it), or (`served`) the one the
    /// subject itself serves, which its clients reject.
    TlsExpiryError { subject: EntityId, host: Option<String>, served: bool, count: usize },
    /// cert-manager reports a Certificate not Ready; `expired` when it says it expired.
    CertNotReady { cert: EntityId, expired: bool },
}

/// A ConfigMap or Secret (or one key of it) that a container needs and the cluster lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    /// `secret` or `configmap`, as kubectl names the kind.
    pub kind: &'static str,
    pub name: String,
    /// The key, when the object exists but lacks it.
    pub key: Option<String>,
    /// The namespace, when the message names it.
    pub namespace: Option<String>,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.key {
            Some(key) => write!(f, "key {key} in {} {}", self.kind, self.name),
            None => write!(f, "{} {}", self.kind, self.name),
        }
    }
}

/// How a call to another component failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallFailure {
    /// Connection refused: nothing listens at the address.
    Refused,
    /// A proxy answered for the target: 503, "no healthy upstream", no endpoints.
    Unavailable,
    /// No answer: i/o timeout, connection timed out, context deadline exceeded.
    TimedOut,
}

impl CallFailure {
    pub fn words(self) -> &'static str {
        match self {
            CallFailure::Refused => "were refused",
            CallFailure::Unavailable => "got 503 / no healthy upstream",
            CallFailure::TimedOut => "timed out",
        }
    }
}

/// One derived statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: ClaimId,
    pub kind: ClaimKind,
    /// The claim in words, as the report shows it.
    pub statement: String,
    pub rests_on: Vec<FactId>,
    /// The entity the claim is mainly about, for linking diagnoses.
    pub subject: Option<EntityId>,
    pub time: Option<Timestamp>,
}

/// All claims of one paste.
#[derive(Debug, Default)]
pub struct Claims {
    claims: Vec<Claim>,
}

impl Claims {
    pub fn add(&mut self, kind: ClaimKind, statement: String, rests_on: Vec<FactId>, subject: Option<EntityId>, time: Option<Timestamp>) -> ClaimId {
        let id = ClaimId(self.claims.len() as u32);
        self.claims.push(Claim { id, kind, statement, rests_on, subject, time });
        id
    }

    pub fn all(&self) -> &[Claim] {
        &self.claims
    }

    pub fn get(&self, id: ClaimId) -> &Claim {
        &self.claims[id.0 as usize]
    }

    /// Claims matching a pattern over their kind.
    pub fn matching<'s>(&'s self, test: impl Fn(&ClaimKind) -> bool + 's) -> impl Iterator<Item = &'s Claim> + 's {
        self.claims.iter().filter(move |c| test(&c.kind))
    }
}
