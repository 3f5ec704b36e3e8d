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
    DigestMismatch { image: String, running: String, pushed: String },
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
    ManualChange { object: EntityId, how: String },
    /// A GitOps app reports live state differing from git.
    OutOfSync { app: String },
    /// One config identity is defined in several places with different values.
    DuplicateIdentity { object: EntityId, keys: Vec<String> },
    /// A config value names another environment than the one the system runs in.
    ForeignEnvValue { object: EntityId, key: String, value: String, env: &'static str },
    /// When several files define one object, the one applied last wins.
    LaterDefinitionWins { object: EntityId, winner: String },
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
    /// A run reports connecting to a value that contradicts another claim.
    ConnectedTo { target: String },

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
