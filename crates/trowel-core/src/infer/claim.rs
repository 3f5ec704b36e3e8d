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
    ManualChange { object: EntityId, how: String },
    /// A GitOps app reports live state differing from git.
    OutOfSync { app: String },
    /// One config identity is defined in several places with different values.
    DuplicateIdentity { object: EntityId, keys: Vec<String> },
    /// A config value names another environment than the one the system runs in.
    ForeignEnvValue { object: EntityId, key: String, value: String, env: &'static str },
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
    /// A run reports connecting to a value that contradicts another claim.
    ConnectedTo { target: String },
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
