//! Claims about pods and containers: crash loops and how containers exit, out-of-memory
//! kills and memory near its limit, configuration errors at start-up, image pulls that fail
//! and why, pods the scheduler cannot place, probes that fail or check the wrong port — and
//! the healthy states that argue against each (a pod Running and Ready with no restarts, a
//! rollout that finished).
//!
//! Facts about one pod arrive in many shapes (a `get pods` row, `describe`, `-o yaml`,
//! events, logs, kube-state-metrics); they meet on the pod entity and its `pod/container`
//! entities, so each claim here is made once per pod and quotes every line behind it.
//! Detectors group claims by [`unit`]: the workload a pod belongs to, else the pod.

use crate::ascii::Set;
use crate::entity_map::{EntityMap, EntitySet};
use crate::hash::{HashMap, HashSet};

use crate::extract::{self, What};
use crate::fact::{EntityId, EntityKind, Fact, FactId, Level, Predicate, Value};
use crate::infer::claim::{Claim, ClaimKind, Claims, Missing};
use crate::infer::derive::text::{affirms_any, contains_any, find_ci, starts_with_ci};
use crate::infer::kb::Kb;
use crate::infer::moment::Moment;
use crate::time::Timestamp;

/// Restarts from which a container that restarts with no other sign is in a crash loop.
const LOOP_RESTARTS: f64 = 3.0;
/// A restart this recent (seconds) means the restarts are still going on.
const RECENT_RESTART: f64 = 3600.0;
/// Memory use at or above this share of the limit is "near the limit".
const NEAR_LIMIT: f64 = 0.9;
/// A pod that has run this long (seconds) since its last restart is past what made it restart.
const STABLE_SECONDS: f64 = 6.0 * 3600.0;
/// A failure the kubelet last reported this long ago (seconds) has stopped: a crash loop's
/// back-off re-reports at least every 5 minutes (the kubelet's longest back-off), a failing
/// probe every period (10 s by default), so half an hour of silence is six missed reports.
const QUIET_SECONDS: f64 = 1800.0;
/// Most lines one claim quotes from logs and events.
pub(crate) const MAX_QUOTES: usize = 6;

/// Waiting reasons and statuses that mean the kubelet cannot get the image.
const PULL_REASONS: &[&str] = &["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable", "ErrImageInspect"];
/// Waiting reasons that mean the container cannot be created from its spec and config.
const CONFIG_REASONS: &[&str] = &["CreateContainerConfigError", "CreateContainerError"];

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    let pods = gather(kb);
    for pod in pods.values() {
        crash_loop(kb, claims, pod);
        exits(kb, claims, pod);
        oom_killed(kb, claims, pod);
        pulls(kb, claims, pod);
        scheduling(kb, claims, pod);
        probe_failures(kb, claims, pod);
        readiness(kb, claims, pod);
        gone(kb, claims, pod);
        quiet(kb, claims, pod);
    }
    config_errors(kb, claims);
    out_of_memory_logs(kb, claims);
    memory(kb, claims);
    quota(kb, claims);
    probe_ports(kb, claims);
    available(kb, claims);
    replaced(kb, claims, &pods);
}

// ── Grouping ──────────────────────────────────────────────────────────────────────────

/// What a pod-family diagnosis is about: the workload an entity belongs to (an Argo
/// Workflow counts: it runs its steps' pods itself), else its pod, else the entity itself
/// (a log source, a ReplicaSet without a known owner).
pub fn unit(kb: &Kb<'_>, id: EntityId) -> EntityId {
    let lineage = kb.lineage(id);
    let workflow = |e: &&EntityId| matches!(&kb.entity(**e).kind, EntityKind::Resource(kind) if kind == "Workflow");
    lineage
        .iter()
        .rev()
        .find(|e| kb.entity(**e).kind.is_workload())
        .or_else(|| lineage.iter().rev().find(workflow))
        .or_else(|| lineage.iter().find(|e| kb.entity(**e).kind == EntityKind::Pod))
        .copied()
        .unwrap_or(id)
}

/// Why log lines of `writer` name no pod: `Unnamed` for the `logs` placeholder of lines the
/// paste does not attribute, `Kernel` for the node's kernel (its lines name processes).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unattributed {
    Unnamed,
    Kernel,
}

fn unattributed(kb: &Kb<'_>, writer: EntityId) -> Option<Unattributed> {
    let entity = kb.entity(writer);
    match entity.name.as_str() {
        crate::fact::UNNAMED_POD if entity.kind == EntityKind::Pod => Some(Unattributed::Unnamed),
        _ if entity.kind != EntityKind::LogSource => None,
        "logs" => Some(Unattributed::Unnamed),
        "kernel" => Some(Unattributed::Kernel),
        _ => None,
    }
}

/// The units that claims matching `trigger` are about, in first-seen order, each with every
/// claim about it (one pass over the claims).
pub fn by_unit<'c>(kb: &Kb<'_>, claims: &'c Claims, trigger: impl Fn(&ClaimKind) -> bool) -> Vec<(EntityId, Vec<&'c Claim>)> {
    let mut homes: Vec<Option<EntityId>> = claims.all().iter().map(|c| c.subject.map(|s| unit(kb, s))).collect();
    // Log lines the paste does not attribute (the `logs` placeholder), events of a pod it
    // does not name (`UNNAMED_POD`), and the kernel's
    // (which names processes, not pods), join the one pod or workload the other evidence is
    // about, when there is exactly one.
    let anonymous = |id: EntityId| unattributed(kb, id).is_some();
    let mut named = claims.all().iter().zip(&homes).filter(|(c, _)| trigger(&c.kind)).filter_map(|(_, h)| *h).filter(|h| !anonymous(*h));
    if let Some(only) = named.next() {
        if named.all(|h| h == only) {
            for home in homes.iter_mut().filter(|h| h.is_some_and(anonymous)) {
                *home = Some(only);
            }
        }
    }
    let mut out: Vec<(EntityId, Vec<&Claim>)> = Vec::new();
    let mut index: EntityMap<usize> = EntityMap::new();
    for (claim, home) in claims.all().iter().zip(&homes) {
        if let Some(home) = home.filter(|_| trigger(&claim.kind)) {
            index.get_or_insert_with(home, || {
                out.push((home, Vec::new()));
                out.len() - 1
            });
        }
    }
    for (claim, home) in claims.all().iter().zip(&homes) {
        if let Some(&i) = home.and_then(|h| index.get(h)) {
            out[i].1.push(claim);
        }
    }
    out
}

/// The real names a pod-family diagnosis puts into its wording and commands.
#[derive(Debug, Clone)]
pub struct Names {
    /// `-n ns ` for commands, or nothing when the namespace is unknown.
    pub ns: String,
    /// What the diagnosis is about, for prose and commands: `deployment/checkout`,
    /// `pod/checkout-6f9d8b7c5-h8j2k`, or a log source's name.
    pub target: String,
    /// The workload's or pod's bare name.
    pub name: String,
    /// The workload as (kubectl kind, name), when known.
    pub workload: Option<(String, String)>,
    /// One affected pod (the first the evidence names).
    pub pod: Option<String>,
    pub container: Option<String>,
    /// The node the pod was placed on.
    pub node: Option<String>,
}

impl Names {
    /// The pod to run `logs`/`describe`/`exec` against: the affected pod, else a placeholder
    /// (named after the workload when there is one).
    pub fn pod_or_placeholder(&self) -> String {
        self.pod.clone().unwrap_or_else(|| match &self.workload {
            Some((_, name)) => format!("<{name}-pod>"),
            None => "<pod>".into(),
        })
    }


    /// The container flag (`-c app `) when the container is known.
    pub fn container_flag(&self) -> String {
        self.container.as_ref().map(|c| format!("-c {c} ")).unwrap_or_default()
    }
}

/// The names of a unit, read from the claims that support a finding about it.
pub fn names(kb: &Kb<'_>, of: EntityId, supporting: &[&Claim]) -> Names {
    let entity = kb.entity(of);
    let workload = entity.kind.is_workload().then(|| (entity.kind.kubectl_name().to_string(), entity.name.clone()));
    let pod_id = supporting.iter().filter_map(|c| c.subject).find(|s| kb.entity(*s).kind == EntityKind::Pod).or_else(|| {
        (entity.kind == EntityKind::Pod).then_some(of)
    });
    let claimed = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::CrashLoop { container, .. }
        | ClaimKind::ContainerExited { container, .. }
        | ClaimKind::OomKilled { container }
        | ClaimKind::MemoryNearLimit { container, .. }
        | ClaimKind::ProbePortMismatch { container, .. } => container.clone(),
        _ => None,
    });
    // Else the one container the paste shows for the pod (or the workload's template).
    let container = claimed.or_else(|| {
        let mut found: Vec<String> = Vec::new();
        for id in containers(kb, of, pod_id) {
            if let Some(name) = container_name(kb, id).filter(|n| !found.contains(n)) {
                found.push(name);
            }
        }
        (found.len() == 1).then(|| found.remove(0))
    });
    let node = pod_id.and_then(|p| kb.about(p, Predicate::ScheduledOn).find_map(|f| match f.value {
        Value::Entity(node) => Some(kb.entity(node).name.clone()),
        _ => None,
    }));
    let target = match entity.kind {
        EntityKind::LogSource | EntityKind::Container => entity.name.clone(),
        _ => format!("{}/{}", entity.kind.kubectl_name(), entity.name),
    };
    Names {
        ns: crate::infer::words::ns_flag(kb, Some(of)),
        target,
        name: entity.name.clone(),
        workload,
        pod: pod_id.map(|p| kb.entity(p).name.clone()),
        container,
        node,
    }
}

/// The containers of a unit's pod (the given one) and of the unit's own template.
fn containers<'k>(kb: &'k Kb<'_>, of: EntityId, pod: Option<EntityId>) -> impl Iterator<Item = EntityId> + 'k {
    pod.into_iter()
        .chain(std::iter::once(of))
        .flat_map(|owner| kb.owned(owner).iter().copied())
        .filter(|id| kb.entity(*id).kind == EntityKind::Container)
}

/// An image the unit's containers declare (the named container's when known), for commands
/// when the evidence names none.
pub fn declared_image(kb: &Kb<'_>, of: EntityId, names: &Names, supporting: &[&Claim]) -> Option<String> {
    let pod = supporting.iter().filter_map(|c| c.subject).find(|s| kb.entity(*s).kind == EntityKind::Pod);
    containers(kb, of, pod)
        .filter(|id| names.container.is_none() || container_name(kb, *id) == names.container)
        .find_map(|id| kb.about(id, Predicate::Image).find_map(|f| f.value.as_image().map(|i| i.to_string())))
}

/// Weights for claims of one kind about one unit: the first counts in full, each further
/// one (another replica saying the same) only a little, so ten crash-looping replicas are
/// not ten times the evidence of one.
#[derive(Debug, Default)]
pub struct Seen(Vec<String>);

impl Seen {
    /// Share of the weight a repeated claim of the same kind adds.
    const REPEAT: f64 = 0.15;

    pub fn weight(&mut self, key: impl Into<String>, weight: f64) -> f64 {
        let key = key.into();
        if self.0.contains(&key) {
            weight * Self::REPEAT
        } else {
            self.0.push(key);
            weight
        }
    }
}

/// Whether the paste holds logs of the unit (a `kubectl logs` of one of its pods, stern,
/// a log file named after it): every log source gets a `LogVolume` fact.
pub fn logs_pasted(kb: &Kb<'_>, of: EntityId) -> bool {
    kb.with(Predicate::LogVolume).any(|f| unit(kb, f.subject) == of)
}

/// The pod an entity is or belongs to (a container's pod).
fn pod_of(kb: &Kb<'_>, id: EntityId) -> Option<EntityId> {
    match kb.entity(id).kind {
        EntityKind::Pod => Some(id),
        EntityKind::Container => kb.owner(id).filter(|o| kb.entity(*o).kind == EntityKind::Pod),
        _ => None,
    }
}

/// The container part of a `pod/container` entity.
pub fn container_name(kb: &Kb<'_>, id: EntityId) -> Option<String> {
    let entity = kb.entity(id);
    (entity.kind == EntityKind::Container).then(|| entity.name.rsplit('/').next().unwrap_or(&entity.name).to_string())
}

/// Facts about one pod and its containers.
struct Pod<'a> {
    id: EntityId,
    facts: Vec<&'a Fact>,
}

impl<'a> Pod<'a> {
    fn with(&self, predicates: &'static [Predicate]) -> impl Iterator<Item = &'a Fact> + '_ {
        self.facts.iter().copied().filter(move |f| predicates.contains(&f.predicate))
    }

    /// Facts of these predicates whose text is one of `words`.
    fn texts(&self, predicates: &'static [Predicate], words: &'static [&'static str]) -> impl Iterator<Item = &'a Fact> + '_ {
        self.with(predicates).filter(move |f| f.value.as_text().is_some_and(|t| words.iter().any(|w| t.eq_ignore_ascii_case(w))))
    }

    fn events(&self) -> impl Iterator<Item = (&'a Fact, &'a crate::fact::EventRecord)> + '_ {
        self.with(&[Predicate::Event]).filter_map(|f| match &f.value {
            Value::Event(e) => Some((f, &**e)),
            _ => None,
        })
    }

    fn max_restarts(&self) -> Option<f64> {
        self.with(&[Predicate::Restarts]).filter_map(|f| f.value.as_number()).reduce(f64::max)
    }
}

/// The facts of every pod in the paste, by pod, in entity order.
fn gather<'a>(kb: &Kb<'a>) -> EntityMap<Pod<'a>> {
    const PREDICATES: &[Predicate] = &[
        Predicate::Status,
        Predicate::State,
        Predicate::StateReason,
        Predicate::ExitCode,
        Predicate::LastState,
        Predicate::LastStateReason,
        Predicate::LastExitCode,
        Predicate::Restarts,
        Predicate::LastRestart,
        Predicate::Ready,
        Predicate::Condition,
        Predicate::ScheduledOn,
        Predicate::Event,
        Predicate::StatusMessage,
        Predicate::Image,
    ];
    let mut owners: EntityMap<Option<EntityId>> = EntityMap::new();
    let mut pods: EntityMap<Pod<'a>> = EntityMap::new();
    for predicate in PREDICATES {
        for fact in kb.with(*predicate) {
            let Some(pod) = *owners.get_or_insert_with(fact.subject, || pod_of(kb, fact.subject)) else { continue };
            pods.get_or_insert_with(pod, || Pod { id: pod, facts: Vec::new() }).facts.push(fact);
        }
    }
    replica_excerpts(kb, &mut pods);
    for pod in pods.values_mut() {
        crate::sort::by_key(&mut pod.facts, |f| f.id);
    }
    pods
}

/// What only a pod can say (a container's last termination, the kubelet's and scheduler's
/// warnings) stated of a workload: an excerpt of one replica's description that the paste
/// does not name ("the container state says:", "events from one of them:"), read as about
/// the workload whose replicas it named. It stands for each of those replicas: they run
/// one template and fail alike.
fn replica_excerpts<'a>(kb: &Kb<'a>, pods: &mut EntityMap<Pod<'a>>) {
    const REPLICA_STATE: &[Predicate] = &[Predicate::LastState, Predicate::LastStateReason, Predicate::LastExitCode, Predicate::Event];
    let replicas: Vec<(EntityId, EntityId)> = pods.keys().map(|pod| (unit(kb, pod), pod)).filter(|(workload, pod)| workload != pod).collect();
    if replicas.is_empty() {
        return;
    }
    for predicate in REPLICA_STATE {
        for fact in kb.with(*predicate) {
            let workload = match kb.entity(fact.subject).kind {
                EntityKind::Container => kb.owner(fact.subject),
                _ => Some(fact.subject),
            };
            let Some(workload) = workload.filter(|w| kb.entity(*w).kind.is_workload()) else { continue };
            // A workload's own events (scaling its ReplicaSets) are not its pods'.
            let pods_word = match &fact.value {
                Value::Event(e) => e.kind == "Warning" || e.reason == "Killing",
                _ => true,
            };
            if !pods_word {
                continue;
            }
            for (_, pod) in replicas.iter().filter(|(w, _)| *w == workload) {
                if let Some(pod) = pods.get_mut(*pod) {
                    pod.facts.push(fact);
                }
            }
        }
    }
}

/// The facts' ids, each once, in order (a set: a claim can rest on thousands of lines).
fn ids(facts: &[&Fact]) -> Vec<FactId> {
    let mut seen = HashSet::default();
    facts.iter().map(|f| f.id).filter(|id| seen.insert(*id)).collect()
}

fn latest(facts: &[&Fact]) -> Option<Timestamp> {
    facts.iter().filter_map(|f| f.time).max()
}

fn pod_name(kb: &Kb<'_>, pod: EntityId) -> String {
    kb.entity(pod).name.clone()
}

/// An entity in words for a statement: `container app of pod x`, `pod x`, `deployment x`,
/// `the notifier logs`.
fn who(kb: &Kb<'_>, id: EntityId) -> String {
    let entity = kb.entity(id);
    match entity.kind {
        EntityKind::Container => match entity.name.rsplit_once('/') {
            Some((pod, container)) => format!("container {container} of pod {pod}"),
            None => format!("container {}", entity.name),
        },
        EntityKind::LogSource => format!("the {} logs", entity.name),
        _ => format!("{} {}", entity.kind.kubectl_name(), entity.name),
    }
}

/// A pod, or one container of it, in words.
fn pod_or_container(kb: &Kb<'_>, pod: EntityId, container: Option<&str>) -> String {
    match container {
        Some(c) => format!("container {c} of pod {}", pod_name(kb, pod)),
        None => format!("pod {}", pod_name(kb, pod)),
    }
}

/// The text of a message-like fact: an event's message, a log line, a status message.
fn message_of(fact: &Fact) -> Option<&str> {
    match &fact.value {
        Value::Event(e) => Some(&e.message),
        Value::Log { message, .. } => Some(message),
        Value::Text(t) if fact.predicate == Predicate::StatusMessage => Some(t),
        _ => None,
    }
}

/// Facts grouped by the entity they speak for, in first-seen order, each group quoting at
/// most [`MAX_QUOTES`] lines.
#[derive(Default)]
struct Grouped<'a> {
    groups: Vec<(EntityId, Vec<&'a Fact>)>,
    index: EntityMap<usize>,
}

impl<'a> Grouped<'a> {
    fn push(&mut self, key: EntityId, fact: &'a Fact) {
        let groups = &mut self.groups;
        let i = *self.index.get_or_insert_with(key, || {
            groups.push((key, Vec::new()));
            groups.len() - 1
        });
        if self.groups[i].1.len() < MAX_QUOTES {
            self.groups[i].1.push(fact);
        }
    }
}

fn add(claims: &mut Claims, kind: ClaimKind, statement: String, facts: &[&Fact], subject: EntityId) {
    claims.add(kind, statement, ids(facts), Some(subject), latest(facts));
}

// ── Crash loops and exits ─────────────────────────────────────────────────────────────

fn crash_loop(kb: &Kb<'_>, claims: &mut Claims, pod: &Pod<'_>) {
    let mut facts: Vec<&Fact> = pod.texts(&[Predicate::Status, Predicate::StateReason], &["CrashLoopBackOff"]).collect();
    let mut container = facts.iter().find_map(|f| container_name(kb, f.subject));
    for (fact, event) in pod.events() {
        if event.reason == "BackOff" && contains_any(&event.message, &["restarting failed container"]) {
            facts.push(fact);
            container = container.or_else(|| word_after(&event.message, "container ").map(str::to_string));
        }
    }
    facts.extend(pod.with(&[Predicate::StatusMessage]).filter(|f| f.value.as_text().is_some_and(|t| contains_any(t, &["restarting failed container"]))));
    let restarts = pod.max_restarts();
    let counted: Vec<&Fact> = pod.with(&[Predicate::Restarts, Predicate::LastRestart]).filter(|f| f.value.as_number() != Some(0.0)).collect();
    if facts.is_empty() {
        // Restarts alone make a loop when the pod shows a failed state, or when they are
        // many and still happening (a few recent restarts of a Running pod are as likely
        // liveness-probe kills).
        let recent = pod.with(&[Predicate::LastRestart]).any(|f| matches!(f.value, Value::Ago(s) if s <= RECENT_RESTART));
        let failing = pod.texts(&[Predicate::Status], &["Error"]).next().is_some();
        let looping = restarts.is_some_and(|r| (failing && r >= LOOP_RESTARTS) || (recent && r >= 2.0 * LOOP_RESTARTS));
        if !looping {
            return;
        }
    }
    facts.extend(counted);
    let who = pod_or_container(kb, pod.id, container.as_deref());
    let statement = match restarts {
        Some(n) if n > 0.0 => format!("{who} is crash-looping: restarted {} times, the kubelet backs off between restarts", crate::fact::format_number(n)),
        _ => format!("{who} is crash-looping (CrashLoopBackOff)"),
    };
    add(claims, ClaimKind::CrashLoop { container, restarts }, statement, &facts, pod.id);
}

fn exits(kb: &Kb<'_>, claims: &mut Claims, pod: &Pod<'_>) {
    let mut subjects: Vec<EntityId> = Vec::new();
    for fact in pod.with(&[Predicate::LastExitCode, Predicate::ExitCode]) {
        if !subjects.contains(&fact.subject) {
            subjects.push(fact.subject);
        }
    }
    for subject in subjects {
        // The last termination says how the loop ends; the current one when there is no last.
        let for_subject = |p: &'static [Predicate]| pod.with(p).filter(move |f| f.subject == subject).last();
        let (code, reason) = match for_subject(&[Predicate::LastExitCode]) {
            Some(code) => (code, for_subject(&[Predicate::LastStateReason])),
            None => match for_subject(&[Predicate::ExitCode]) {
                Some(code) => (code, for_subject(&[Predicate::StateReason])),
                None => continue,
            },
        };
        let Some(n) = code.value.as_number().filter(|n| *n != 0.0) else { continue };
        let reason_text = reason.and_then(|r| r.value.as_text()).map(str::to_string);
        let container = container_name(kb, subject);
        let who = pod_or_container(kb, pod.id, container.as_deref());
        let code_text = crate::fact::format_number(n);
        let statement = match (&reason_text, n) {
            (Some(r), _) => format!("{who} last exited with code {code_text} ({r})"),
            (None, 137.0) => format!("{who} last exited with code 137 (killed by SIGKILL)"),
            (None, 143.0) => format!("{who} last exited with code 143 (stopped by SIGTERM)"),
            (None, _) => format!("{who} last exited with code {code_text}"),
        };
        let mut facts = vec![code];
        facts.extend(reason);
        add(claims, ClaimKind::ContainerExited { container, code: n, reason: reason_text }, statement, &facts, pod.id);
    }
}

fn oom_killed(kb: &Kb<'_>, claims: &mut Claims, pod: &Pod<'_>) {
    let mut facts: Vec<&Fact> =
        pod.texts(&[Predicate::Status, Predicate::StateReason, Predicate::LastStateReason], &["OOMKilled", "OOMKilling"]).collect();
    facts.extend(pod.events().filter(|(_, e)| e.reason.starts_with("OOM") || e.message.contains("OOMKilled")).map(|(f, _)| f));
    if facts.is_empty() {
        return;
    }
    let container = facts.iter().find_map(|f| container_name(kb, f.subject));
    // The exit code that goes with the kill (137) quotes the same termination.
    facts.extend(pod.with(&[Predicate::LastExitCode, Predicate::ExitCode]).filter(|f| f.value.as_number() == Some(137.0)));
    let who = pod_or_container(kb, pod.id, container.as_deref());
    let statement = format!("{who} was OOMKilled: the kernel killed it for going over its memory limit");
    add(claims, ClaimKind::OomKilled { container }, statement, &facts, pod.id);
}

/// Pods that log lines name (`pod="shop/cart-7b9c6d5f4-qw2er"` in a kubelet line), by the
/// span of the line: a claim read from such a line is about that pod, not about its writer.
fn named_pods(kb: &Kb<'_>) -> Vec<(crate::span::Span, EntityId)> {
    kb.with(Predicate::Mentions)
        .filter_map(|f| match f.value {
            Value::Entity(e) if kb.entity(e).kind == EntityKind::Pod => Some((f.span, e)),
            _ => None,
        })
        .collect()
}

/// Who a message-like fact is about: a pod the line names, else the pod of its subject,
/// else its subject.
fn speaker(kb: &Kb<'_>, named: &[(crate::span::Span, EntityId)], fact: &Fact) -> EntityId {
    named
        .iter()
        .find(|(span, _)| *span == fact.span)
        .map(|(_, pod)| *pod)
        .or_else(|| pod_of(kb, fact.subject))
        .unwrap_or(fact.subject)
}

/// Phrases of a program that ran out of memory.
pub(crate) const OUT_OF_MEMORY: &[&str] = &[
    "outofmemoryerror",
    "out of memory",
    "oom-kill",
    "oomkilled",
    "cannot allocate memory",
    "memory limit exceeded",
    "heap out of memory",
    // YARN's NodeManager (EMR, Dataproc, Glue, Databricks on YARN): `Container killed by YARN
    // for exceeding physical memory limits`, `is running beyond physical memory limits`.
    "exceeding physical memory limits",
    "exceeding memory limits",
    "beyond physical memory limits",
];

/// What the kernel prints when its memory-cgroup OOM killer kills a process for reaching
/// its cgroup's limit (a container's, under Kubernetes), not the node running out; YARN's
/// NodeManager kills a container at its own limit the same way (`20.4 GB of 20 GB physical
/// memory used`).
const CGROUP_OOM_KILL: &[&str] =
    &["memory cgroup out of memory", "constraint=constraint_memcg", "exceeding physical memory limits", "exceeding memory limits", "beyond physical memory limits"];

/// Log lines saying a program ran out of memory.
fn out_of_memory_logs(kb: &Kb<'_>, claims: &mut Claims) {
    let named = named_pods(kb);
    let mut grouped = Grouped::default();
    for fact in kb.with(Predicate::Log).filter(|f| kb.may_say(f)) {
        let Value::Log { message, .. } = &fact.value else { continue };
        if contains_any(message, OUT_OF_MEMORY) && affirms_any(message, OUT_OF_MEMORY) {
            grouped.push(speaker(kb, &named, fact), fact);
        }
    }
    for (subject, facts) in grouped.groups {
        let statement = match unattributed(kb, subject) {
            Some(Unattributed::Unnamed) => "the pasted logs say a process ran out of memory".to_string(),
            Some(Unattributed::Kernel) => "the kernel killed a process that ran out of memory".to_string(),
            None => format!("the logs say {} ran out of memory", who(kb, subject)),
        };
        let at_limit = facts.iter().any(|f| message_of(f).is_some_and(|m| contains_any(m, CGROUP_OOM_KILL)));
        add(claims, ClaimKind::OutOfMemoryLogged { at_limit }, statement, &facts, subject);
    }
}

/// Memory use against the limit of the same container: `kubectl top`, cAdvisor's working
/// set or kube-state-metrics, against the limit from the spec.
fn memory(kb: &Kb<'_>, claims: &mut Claims) {
    let limits = Limits::of(kb);
    let mut used: Vec<(EntityId, &Fact)> = Vec::new();
    let mut index: EntityMap<usize> = EntityMap::new();
    for usage in kb.with(Predicate::MemoryUsage) {
        if !matches!(kb.entity(usage.subject).kind, EntityKind::Container | EntityKind::Pod) {
            continue;
        }
        // The highest reading of each container or pod.
        match index.get(usage.subject) {
            Some(&i) if quantity(usage) > quantity(used[i].1) => used[i].1 = usage,
            Some(_) => {}
            None => {
                index.insert(usage.subject, used.len());
                used.push((usage.subject, usage));
            }
        }
    }
    for (subject, usage) in used {
        let Some(bounds) = limits.of_entity(kb, subject) else { continue };
        let limit: f64 = bounds.iter().map(|f| quantity(f)).sum();
        if limit <= 0.0 {
            continue;
        }
        let ratio = quantity(usage) / limit;
        if ratio < NEAR_LIMIT {
            continue;
        }
        let usage_text = quantity_text(usage);
        let limit_text = if bounds.len() == 1 { quantity_text(bounds[0]) } else { format!("{} MiB", (limit / 1_048_576.0).round()) };
        let container = container_name(kb, subject);
        let statement = format!("{} uses {usage_text} of its {limit_text} memory limit ({:.0}%)", who(kb, subject), ratio * 100.0);
        let mut facts = vec![usage];
        facts.extend(bounds);
        let pod = pod_of(kb, subject).unwrap_or(subject);
        add(claims, ClaimKind::MemoryNearLimit { container, usage: usage_text, limit: limit_text, ratio }, statement, &facts, pod);
    }
}

/// Memory limits indexed the ways usage finds them.
struct Limits<'a> {
    /// The last limit stated for each container (or pod).
    own: EntityMap<&'a Fact>,
    /// The limits of each pod's containers.
    of_pod: EntityMap<Vec<&'a Fact>>,
    /// The last limit of each container name in each unit (a workload's spec).
    by_name: HashMap<(EntityId, String), &'a Fact>,
}

impl<'a> Limits<'a> {
    fn of(kb: &Kb<'a>) -> Limits<'a> {
        let mut limits = Limits { own: EntityMap::new(), of_pod: EntityMap::new(), by_name: HashMap::default() };
        for fact in kb.with(Predicate::MemoryLimit) {
            limits.own.insert(fact.subject, fact);
            if let Some(owner) = kb.owner(fact.subject).filter(|o| kb.entity(*o).kind == EntityKind::Pod) {
                limits.of_pod.get_or_default(owner).push(fact);
            }
            if let Some(name) = container_name(kb, fact.subject) {
                limits.by_name.insert((unit(kb, fact.subject), name), fact);
            }
        }
        limits
    }

    /// The limits that bound an entity's usage: its own; for a pod, those of its containers;
    /// for a container without one, the same-named container of its workload's spec.
    fn of_entity(&self, kb: &Kb<'_>, subject: EntityId) -> Option<Vec<&'a Fact>> {
        if let Some(own) = self.own.get(subject) {
            return Some(vec![*own]);
        }
        match kb.entity(subject).kind {
            EntityKind::Pod => self.of_pod.get(subject).cloned(),
            EntityKind::Container => {
                let name = container_name(kb, subject)?;
                self.by_name.get(&(unit(kb, subject), name)).map(|f| vec![*f])
            }
            _ => None,
        }
    }
}

fn quantity(fact: &Fact) -> f64 {
    match &fact.value {
        Value::Quantity(q) => q.value,
        Value::Number(n) => *n,
        _ => 0.0,
    }
}

/// A memory quantity as written, or in MiB when the source gave bytes.
pub fn quantity_text(fact: &Fact) -> String {
    match &fact.value {
        Value::Quantity(q) if q.text.ends_with(|c: char| c.is_ascii_alphabetic()) => q.text.clone(),
        other => {
            let bytes = match other {
                Value::Quantity(q) => q.value,
                Value::Number(n) => *n,
                _ => 0.0,
            };
            format!("{} MiB", (bytes / 1_048_576.0).round())
        }
    }
}

// ── Configuration errors ──────────────────────────────────────────────────────────────

/// Phrases that say configuration is missing or invalid whatever else the line says.
pub(crate) const CONFIG_PHRASES: &[&str] = &[
    "missing required",
    "required env",
    "required environment",
    "required config",
    "required setting",
    "required key",
    "must be set",
    "is not set",
    "not set in environment",
    "invalid config",
    "invalid configuration",
    "config validation failed",
    "configuration validation failed",
    "config error",
    "configuration error",
    "failed to load config",
    "failed to read config",
    "unable to load config",
    "could not load config",
    "error loading config",
    "couldn't find key",
    "could not find key",
    "createcontainerconfigerror",
    // Spring's `${VAR}` with no property or environment variable behind it.
    "could not resolve placeholder",
    // Spring Boot's start-up report when a property cannot be bound to its settings class.
    "failed to bind properties",
    "missing environment variable",
    // argparse's usage error (Python jobs: Glue's `getResolvedOptions`, Airflow tasks, CLIs).
    "the following arguments are required",
    "environment variable not found",
    // .NET's options validation (`ValidateOnStart`, DataAnnotations on a settings class): the
    // bound configuration section lacks or mistypes a value the program declared required.
    "optionsvalidationexception",
];

/// Words that say a text could not be read as its format requires. With a word of
/// [`CONFIG_NOUNS`] beside them they say the config is invalid, in whatever order the
/// program puts them (`config parse failed`, `failed to parse settings`, `TOML parse error at
/// line 9`, `error decoding config.yaml`).
pub(crate) const PARSE_FAILURES: &[&str] = &[
    "parse fail",
    "parse error",
    "parsing fail",
    "parsing error",
    "error parsing",
    "failed to parse",
    "failed parsing",
    "could not parse",
    "couldn't parse",
    "cannot parse",
    "unable to parse",
    "decode error",
    "error decoding",
    "failed to decode",
    "syntax error",
    // pydantic's `ValidationError: 2 validation errors for Settings`, `config validation failed`.
    "validation error",
    "validation failed",
];

/// Words that name configuration or the formats it is written in.
const CONFIG_NOUNS: &[&str] = &["config", "settings", "toml", "yaml", "yml", ".ini", "hcl", ".properties", ".conf"];

/// Whether a message says configuration is missing or invalid, whatever else it says.
fn says_config_invalid(message: &str) -> bool {
    contains_any(message, CONFIG_PHRASES) || contains_any(message, PARSE_FAILURES) && names_config(message)
}

/// Whether a message names configuration: a word of [`CONFIG_NOUNS`] that is not the head of
/// an identifier (Logstash's `:config_parsers=>"ISO8601"` describes how a field was parsed).
fn names_config(message: &str) -> bool {
    CONFIG_NOUNS.iter().any(|noun| {
        let mut from = 0;
        while let Some(at) = crate::ascii::find_ci(&message[from..], noun) {
            let end = from + at + noun.len();
            if message.as_bytes().get(end) != Some(&b'_') {
                return true;
            }
            from = end;
        }
        false
    })
}

/// Phrases that often mean bad config at start-up, but also turn up in a program that runs
/// fine (a missing cache file, one bad request body): evidence only with a crash beside them.
pub(crate) const CONFIG_HINTS: &[&str] = &[
    "no such file or directory",
    "cannot unmarshal",
    "yaml: unmarshal",
    "yaml: line",
    "unknown field",
    "flag provided but not defined",
    "unknown flag",
    "invalid value",
];

/// Words every message that [`missing_object`] reads has.
pub(crate) const CONFIG_OBJECT_WORDS: &[&str] = &["secret", "configmap", "find key "];

/// Where a message says a Kubernetes config object is missing: `secret "x" not found`,
/// `configmaps "x" not found`, `couldn't find key K in Secret ns/x`.
fn missing_object(message: &str) -> Option<Missing> {
    // Most messages name none of these: one pass rules them out.
    if !contains_any(message, CONFIG_OBJECT_WORDS) {
        return None;
    }
    for (word, kind) in [("secret \"", "secret"), ("secrets \"", "secret"), ("configmap \"", "configmap"), ("configmaps \"", "configmap")] {
        let Some(at) = find_ci(message, word) else { continue };
        let rest = &message[at + word.len()..];
        let Some(end) = rest.find('"') else { continue };
        if starts_with_ci(&rest[end..], "\" not found") {
            return Some(Missing { kind, name: rest[..end].to_string(), key: None, namespace: None });
        }
    }
    let at = find_ci(message, "couldn't find key ").or_else(|| find_ci(message, "could not find key "))?;
    let rest = &message[at..];
    let key = rest.split_whitespace().nth(3)?.to_string();
    let mut object = rest.split(" in ").nth(1)?.split_whitespace();
    let kind = match object.next()?.to_ascii_lowercase().as_str() {
        "secret" => "secret",
        "configmap" => "configmap",
        _ => return None,
    };
    let path = object.next()?.trim_end_of(b".,)");
    let (namespace, name) = match path.split_once('/') {
        Some((ns, name)) => (Some(ns.to_string()), name.to_string()),
        None => (None, path.to_string()),
    };
    Some(Missing { kind, name, key: Some(key), namespace })
}

/// Log lines, events and status messages that report missing or invalid configuration,
/// and containers waiting in CreateContainerConfigError.
fn config_errors(kb: &Kb<'_>, claims: &mut Claims) {
    let named = named_pods(kb);
    let mut grouped = Grouped::default();
    let candidates = kb.with(Predicate::Log).chain(kb.with(Predicate::Event)).chain(kb.with(Predicate::StatusMessage));
    for fact in candidates.filter(|f| kb.may_say(f)) {
        let Some(message) = message_of(fact) else { continue };
        let quiet = match &fact.value {
            Value::Log { level, .. } => level.is_some_and(|l| l < Level::Warn),
            Value::Event(e) => e.kind == "Normal",
            _ => false,
        };
        if quiet || !(says_config_invalid(message) || contains_any(message, CONFIG_HINTS) || missing_object(message).is_some()) {
            continue;
        }
        let subject = speaker(kb, &named, fact);
        if holds_no_containers(&kb.entity(subject).kind) {
            continue;
        }
        grouped.push(subject, fact);
    }
    for fact in kb.with(Predicate::Status).chain(kb.with(Predicate::StateReason)) {
        if fact.value.as_text().is_some_and(|t| CONFIG_REASONS.iter().any(|r| t.eq_ignore_ascii_case(r))) {
            grouped.push(pod_of(kb, fact.subject).unwrap_or(fact.subject), fact);
        }
    }
    for (subject, facts) in grouped.groups {
        let messages: Vec<&str> = facts.iter().filter_map(|f| message_of(f)).collect();
        let missing = messages.iter().find_map(|m| missing_object(m));
        let what = messages
            .iter()
            .find(|m| says_config_invalid(m) || missing_object(m).is_some())
            .or_else(|| messages.iter().find(|m| contains_any(m, CONFIG_HINTS)))
            .map(|m| clip(m.trim(), 140))
            .or_else(|| facts.first().and_then(|f| f.value.as_text()).map(str::to_string))
            .unwrap_or_default();
        // What the kubelet reports is certain; a program's own line is when it is fatal, or
        // an error that names config outright.
        let fatal = facts.iter().any(|f| match &f.value {
            Value::Log { level, message } => {
                level.is_some_and(|l| l >= Level::Fatal)
                    || level.is_some_and(|l| l >= Level::Error) && (says_config_invalid(message) || missing_object(message).is_some())
            }
            _ => true,
        });
        let statement = match &missing {
            Some(object) => format!("{} cannot start: the {object} it needs does not exist (\"{what}\")", who(kb, subject)),
            None => format!("{} reports missing or invalid configuration: \"{what}\"", who(kb, subject)),
        };
        add(claims, ClaimKind::ConfigError { what, missing, fatal }, statement, &facts, subject);
    }
}

/// Kinds of object that run no container of their own: a controller's complaint about one
/// (a cert-manager Issuer whose CA secret is gone, an Ingress whose TLS secret is missing, a
/// GitOps app whose source secret is absent) is that controller failing to reconcile it, not
/// a program failing to start on its configuration.
fn holds_no_containers(kind: &EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Certificate
            | EntityKind::Resource(_)
            | EntityKind::Ingress
            | EntityKind::Service
            | EntityKind::Endpoints
            | EntityKind::Secret
            | EntityKind::ConfigMap
            | EntityKind::NetworkPolicy
            | EntityKind::ResourceQuota
            | EntityKind::GitOpsApp
            | EntityKind::HelmRelease
            | EntityKind::Kustomization
    )
}

fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn word_after<'t>(text: &'t str, phrase: &str) -> Option<&'t str> {
    let at = text.find(phrase)?;
    text[at + phrase.len()..].split_whitespace().next()
}

// ── Image pulls ───────────────────────────────────────────────────────────────────────

/// Whether a message is about pulling an image.
fn is_pull_message(message: &str) -> bool {
    contains_any(
        message,
        // Knative (Cloud Run) says `ContainerMissing` when a revision's image cannot be resolved.
        &["pull image", "pulling image", "errimagepull", "imagepullbackoff", "invalidimagename", "pull access denied", "couldn't parse image", "invalid reference format", "containermissing"],
    )
}

/// The image a kubelet message names: `Failed to pull image "x"`, `Back-off pulling image "x"`
/// (Knative quotes it singly: `Image 'x' not found`).
fn image_in(message: &str) -> Option<String> {
    for lead in ["image \"", "image tag \"", "image reference \"", "Image '"] {
        let Some(at) = message.find(lead) else { continue };
        let rest = &message[at + lead.len()..];
        if let Some(end) = rest.find(lead.chars().last().unwrap_or('"')) {
            return Some(rest[..end].to_string());
        }
    }
    extract::first(&extract::scan(message), |w| match w {
        What::Image(i) => Some(i.to_string()),
        _ => None,
    })
}

/// Why a pull failed, from the registry's or runtime's words.
pub(crate) fn pull_rejection(message: &str) -> Option<&'static str> {
    const WHY: &[(&str, &[&str])] = &[
        ("not-found", &["manifest unknown", "manifest for", "not found", "notfound", "does not exist", "no such image", "name unknown"]),
        ("unauthorized", &["unauthorized", "authentication required", "no basic auth credentials", "access denied", "pull access denied", "denied:", "403 forbidden", "insufficient_scope"]),
        ("unreachable", &["no such host", "i/o timeout", "connection refused", "network is unreachable", "tls handshake timeout", "x509:"]),
        ("rate-limited", &["toomanyrequests", "rate limit"]),
        ("invalid-name", &["invalid reference format", "invalidimagename", "couldn't parse image"]),
    ];
    let lower = message.to_ascii_lowercase();
    // "pull access denied … repository does not exist or may require 'docker login'" is
    // Docker Hub's answer for a missing repository and for missing credentials alike.
    if lower.contains("pull access denied") && lower.contains("does not exist") {
        return Some("missing-or-denied");
    }
    WHY.iter().find(|(_, words)| words.iter().any(|w| lower.contains(w))).map(|(why, _)| *why)
}

/// A reason `pull_rejection` gives, as the end of a sentence.
pub(crate) fn rejection_words(why: &str) -> &'static str {
    match why {
        "not-found" => "the registry has no such image or tag (manifest unknown / not found)",
        "missing-or-denied" => "the registry says the repository does not exist or needs credentials it was not given",
        "unauthorized" => "the registry refuses the node's credentials (unauthorized / denied)",
        "unreachable" => "the node cannot reach the registry",
        "rate-limited" => "the registry rate-limits the pulls",
        _ => "the image reference is not valid",
    }
}

fn pulls(kb: &Kb<'_>, claims: &mut Claims, pod: &Pod<'_>) {
    let mut failing: Vec<&Fact> = pod.texts(&[Predicate::Status, Predicate::StateReason], PULL_REASONS).collect();
    let mut messages: Vec<(&Fact, &str)> = Vec::new();
    for (fact, event) in pod.events() {
        if event.kind != "Normal" && is_pull_message(&event.message) {
            failing.push(fact);
            messages.push((fact, &event.message));
        }
    }
    for fact in pod.with(&[Predicate::StatusMessage]) {
        if let Some(text) = fact.value.as_text().filter(|t| is_pull_message(t) || pull_rejection(t).is_some() && !failing.is_empty()) {
            failing.push(fact);
            messages.push((fact, text));
        }
    }
    // Images the node has or runs, which argue against a pull failure of the same image.
    let mut present: Vec<(String, Vec<&Fact>)> = Vec::new();
    let mut note = |image: String, fact| match present.iter_mut().find(|(i, _)| *i == image) {
        Some((_, facts)) => facts.push(fact),
        None => present.push((image, vec![fact])),
    };
    for (fact, event) in pod.events() {
        if event.reason == "Pulled" || contains_any(&event.message, &["successfully pulled image", "already present on machine"]) {
            if let Some(image) = image_in(&event.message) {
                note(image, fact);
            }
        }
    }
    for state in pod.texts(&[Predicate::State], &["Running"]) {
        if let Some(image) = pod.with(&[Predicate::Image]).find(|f| f.subject == state.subject).and_then(|f| f.value.as_image()) {
            note(image.to_string(), state);
        }
    }
    for (image, facts) in present {
        let statement = format!("pod {} has image {image} on its node", pod_name(kb, pod.id));
        add(claims, ClaimKind::ImagePresent { image }, statement, &facts, pod.id);
    }
    if failing.is_empty() {
        return;
    }
    let failing_subjects: Vec<EntityId> = failing.iter().map(|f| f.subject).collect();
    let image = messages.iter().find_map(|(_, m)| image_in(m)).or_else(|| {
        pod.with(&[Predicate::Image])
            .find(|f| failing_subjects.contains(&f.subject))
            .or_else(|| pod.with(&[Predicate::Image]).next())
            .and_then(|f| f.value.as_image())
            .map(|i| i.to_string())
    });
    let statement = match &image {
        Some(image) => format!("the kubelet cannot pull {image} for pod {}", pod_name(kb, pod.id)),
        None => format!("the kubelet cannot pull the image of pod {}", pod_name(kb, pod.id)),
    };
    add(claims, ClaimKind::ImagePullFailing { image: image.clone() }, statement, &failing, pod.id);
    let mut reasons: Vec<(&'static str, Vec<&Fact>)> = Vec::new();
    for (fact, message) in messages {
        let Some(why) = pull_rejection(message) else { continue };
        match reasons.iter_mut().find(|(w, _)| *w == why) {
            Some((_, facts)) if facts.len() < MAX_QUOTES => facts.push(fact),
            Some(_) => {}
            None => reasons.push((why, vec![fact])),
        }
    }
    for (why, facts) in reasons {
        let said = rejection_words(why);
        let statement = match &image {
            Some(image) => format!("pulling {image} fails because {said}"),
            None => format!("the pull fails because {said}"),
        };
        add(claims, ClaimKind::PullRejected { image: image.clone(), why }, statement, &facts, pod.id);
    }
}

// ── Scheduling ────────────────────────────────────────────────────────────────────────

/// The scheduler's reasons in `0/5 nodes are available: 2 Insufficient memory, 3 node(s)
/// didn't match Pod's node affinity/selector. preemption: …`, and the cluster autoscaler's
/// for not adding a node (`pod didn't trigger scale-up (it wouldn't fit if a new node is
/// added): 1 max node group size reached, 2 Insufficient cpu`).
/// Nomad's placement failure lists one reason per line, each an event of its own
/// (`Constraint "${node.class} = gpu-a100": 10 nodes excluded by filter`).
pub fn scheduling_reasons(message: &str) -> Vec<String> {
    if message.contains("excluded by filter") || message.contains(" exhausted on ") {
        return vec![message.trim().to_string()];
    }
    // ECS: `… The closest matching (container-instance x) has insufficient memory available.`
    if let Some(at) = message.find("has insufficient ") {
        let rest = &message[at + "has ".len()..];
        return vec![rest[..rest.find(" available").unwrap_or(rest.len())].to_string()];
    }
    let after = |cue: &str| message.find(cue).map(|i| i + cue.len());
    let at = after("are available: ").or_else(|| after("trigger scale-up").and_then(|i| message[i..].find(": ").map(|c| i + c + 2)));
    let Some(at) = at else { return Vec::new() };
    let rest = &message[at..];
    let end = rest.find(" preemption:").unwrap_or(rest.len());
    rest[..end]
        .trim()
        .trim_end_matches('.')
        .split(", ")
        .map(|r| r.trim().trim_end_matches('.').to_string())
        .filter(|r| !r.is_empty())
        .collect()
}

fn scheduling(kb: &Kb<'_>, claims: &mut Claims, pod: &Pod<'_>) {
    let name = pod_name(kb, pod.id);
    let mut failed: Vec<&Fact> = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    let mut scale_up_reasons: Vec<String> = Vec::new();
    for fact in pod.with(&[Predicate::Event, Predicate::StatusMessage]) {
        let scheduling = match &fact.value {
            // The autoscaler's NotTriggerScaleUp follows a FailedScheduling: it saw the pod
            // unschedulable and found no node group that could take it.
            Value::Event(e) => matches!(e.reason.as_str(), "FailedScheduling" | "NotTriggerScaleUp") || e.message.contains("nodes are available"),
            // `Unschedulable` alone is the reason the scheduler gives a pod no node fits.
            _ => message_of(fact).is_some_and(|m| m.contains("nodes are available") || m == "Unschedulable"),
        };
        if !scheduling {
            continue;
        }
        failed.push(fact);
        // The autoscaler counts node groups, the scheduler nodes: its reasons speak only
        // when the scheduler's are not in the paste.
        let autoscaler = matches!(&fact.value, Value::Event(e) if e.reason == "NotTriggerScaleUp");
        let list = if autoscaler { &mut scale_up_reasons } else { &mut reasons };
        for reason in message_of(fact).map(scheduling_reasons).unwrap_or_default() {
            if !list.contains(&reason) {
                list.push(reason);
            }
        }
    }
    if reasons.is_empty() {
        reasons = scale_up_reasons;
    }
    if !failed.is_empty() {
        let statement = if reasons.is_empty() {
            format!("the scheduler cannot place pod {name} on any node")
        } else {
            format!("the scheduler cannot place pod {name}: {}", reasons.join(", "))
        };
        add(claims, ClaimKind::SchedulingFailed { reasons }, statement, &failed, pod.id);
    }
    let unscheduled: Vec<&Fact> = pod.with(&[Predicate::Condition]).filter(|f| f.value.as_pair() == Some(("PodScheduled", "False"))).collect();
    let mut pending: Vec<&Fact> = pod.texts(&[Predicate::Status], &["Pending"]).filter(|f| f.subject == pod.id).collect();
    if !pending.is_empty() || !unscheduled.is_empty() {
        let statement = if unscheduled.is_empty() {
            format!("pod {name} is Pending")
        } else {
            format!("pod {name} is Pending and not scheduled (PodScheduled=False)")
        };
        let flag = !unscheduled.is_empty();
        pending.extend(unscheduled);
        add(claims, ClaimKind::PodPending { unscheduled: flag }, statement, &pending, pod.id);
    }
    // Only the scheduler assigns a node, and only the kubelet of that node reports
    // container states and pulls.
    const KUBELET: &[&str] = &["Scheduled", "Pulling", "Pulled", "Created", "Started", "Killing", "BackOff", "Unhealthy", "Failed"];
    let mut placed: Vec<&Fact> = pod.with(&[Predicate::ScheduledOn]).collect();
    placed.extend(pod.with(&[Predicate::Condition]).filter(|f| f.value.as_pair() == Some(("PodScheduled", "True"))));
    placed.extend(pod.events().filter(|(_, e)| KUBELET.contains(&e.reason.as_str())).map(|(f, _)| f).take(2));
    placed.extend(pod.with(&[Predicate::State]).take(1));
    if !placed.is_empty() {
        let statement = format!("pod {name} was assigned to a node");
        add(claims, ClaimKind::PodScheduled, statement, &placed, pod.id);
    }
}

/// A pod the kubelet stopped for good: a `Killing` event "Stopping container …" comes when
/// the pod is deleted (a rollout replacing it, someone removing a test pod); a probe's kill
/// says "failed liveness probe, will be restarted" instead.
fn gone(kb: &Kb<'_>, claims: &mut Claims, pod: &Pod<'_>) {
    let stopped: Vec<&Fact> = pod
        .events()
        .filter(|(_, e)| e.reason == "Killing" && starts_with_ci(e.message.trim_start(), "stopping container"))
        .map(|(f, _)| f)
        .collect();
    if !stopped.is_empty() {
        let statement = format!("pod {} was deleted: the kubelet stopped its containers", pod_name(kb, pod.id));
        add(claims, ClaimKind::PodGone, statement, &stopped, pod.id);
    }
}

/// Pods whose failure events (back-offs, failed probes, liveness kills, volumes or config
/// the kubelet cannot set up, the scheduler finding no node) were all last seen
/// at least [`QUIET_SECONDS`] before the output was printed, while nothing shows the pod
/// failing now (no crash-loop, waiting or Pending state, no unready container, no recent
/// restart).
/// The kubelet repeats such events for as long as the failure lasts, so their silence says
/// the failure is over: an old start-up blip, a loop a later fix ended, a deleted pod.
fn quiet(kb: &Kb<'_>, claims: &mut Claims, pod: &Pod<'_>) {
    let failures: Vec<&Fact> = pod
        .events()
        .filter(|(_, e)| {
            (e.reason == "BackOff" && contains_any(&e.message, &["restarting failed container"]))
                || probe_kind(&e.message).is_some()
                || (e.reason == "Killing" && contains_any(&e.message, &["failed liveness probe", "failed startup probe"]))
                // The kubelet retries a mount or a container's creation every two minutes at most.
                || e.reason == "FailedMount"
                || e.reason == "Failed"
                // The scheduler retries a pod it could not place every five minutes at most.
                || e.reason == "FailedScheduling"
        })
        // ECS holds back repeats of a service's event message (`(service x) was unable to
        // place a task …`): their silence is no sign the failure ended.
        .filter(|(_, e)| !e.message.starts_with("(service "))
        .map(|(f, _)| f)
        .collect();
    let ages: Option<Vec<f64>> = failures.iter().map(|f| Moment::last_of(f)?.seconds_ago(kb.now)).collect();
    let Some(latest) = ages.and_then(|a| a.into_iter().reduce(f64::min)) else { return };
    if latest < QUIET_SECONDS {
        return;
    }
    let failing_state = pod.with(&[Predicate::Status, Predicate::StateReason]).any(|f| {
        f.value.as_text().is_some_and(|t| ["CrashLoopBackOff", "Error", "Pending"].contains(&t) || PULL_REASONS.contains(&t) || CONFIG_REASONS.contains(&t))
    });
    let waiting = pod.texts(&[Predicate::State], &["Waiting"]).next().is_some();
    let unready = pod.with(&[Predicate::Ready]).any(|f| matches!(f.value, Value::Ratio { num, den } if num < den))
        || pod.with(&[Predicate::Condition]).any(|f| f.value.as_pair().is_some_and(|(k, v)| (k == "Ready" || k == "ContainersReady") && v == "False"));
    let restarted_since = pod.with(&[Predicate::LastRestart]).any(|f| matches!(f.value, Value::Ago(s) if s < QUIET_SECONDS));
    if failing_state || waiting || unready || restarted_since {
        return;
    }
    let statement = format!(
        "a failure of pod {} was last reported {} before the output was printed, and such reports repeat while a failure lasts: it is over",
        pod_name(kb, pod.id),
        crate::infer::derive::gitops::human_duration(latest)
    );
    add(claims, ClaimKind::FailuresStopped { seconds: latest }, statement, &failures, pod.id);
}

/// Pods seen failing only in events and messages, that no pod listing or describe shows,
/// while pods of another ReplicaSet of the same Deployment are listed Running and ready with
/// no restarts. A Deployment runs one ReplicaSet's pods once a rollout finishes: the listed
/// ones are the current set, and the failing pod belonged to one the rollout scaled away.
fn replaced(kb: &Kb<'_>, claims: &mut Claims, pods: &EntityMap<Pod<'_>>) {
    let replica_set = |pod: EntityId| kb.owner(pod).filter(|o| kb.entity(*o).kind == EntityKind::ReplicaSet);
    let deployment = |set: EntityId| kb.owner(set).filter(|o| kb.entity(*o).kind == EntityKind::Deployment);
    let healthy: Vec<(EntityId, EntityId, FactId)> = claims
        .all()
        .iter()
        .filter(|c| matches!(c.kind, ClaimKind::PodHealthy))
        .filter_map(|c| {
            let set = replica_set(c.subject?)?;
            Some((set, deployment(set)?, *c.rests_on.first()?))
        })
        .collect();
    let failed: EntitySet = claims
        .all()
        .iter()
        .filter(|c| matches!(c.kind, ClaimKind::CrashLoop { .. } | ClaimKind::ContainerExited { .. } | ClaimKind::ConfigError { .. } | ClaimKind::OomKilled { .. }))
        .filter_map(|c| c.subject.and_then(|s| pod_of(kb, s)))
        .collect();
    for pod in pods.values().filter(|p| failed.contains(p.id)) {
        let listed = pod.with(&[Predicate::Status, Predicate::Ready, Predicate::Restarts]).next().is_some();
        let Some(set) = replica_set(pod.id).filter(|_| !listed) else { continue };
        let Some(owner) = deployment(set) else { continue };
        let current: Vec<FactId> = healthy.iter().filter(|(s, d, _)| *s != set && *d == owner).map(|(.., f)| *f).collect();
        if current.is_empty() {
            continue;
        }
        let mut rests_on: Vec<FactId> = pod.facts.iter().map(|f| f.id).take(1).collect();
        rests_on.extend(current.iter().copied());
        let statement = format!(
            "pod {} is gone: deployment {} now runs {} ready pod(s) of another replica set, with no restarts",
            pod_name(kb, pod.id),
            kb.entity(owner).name,
            current.len()
        );
        let time = pod.facts.iter().filter_map(|f| f.time).max();
        claims.add(ClaimKind::PodReplaced { by: current.len() }, statement, rests_on, Some(pod.id), time);
    }
}

/// `exceeded quota` refusals (FailedCreate events of a ReplicaSet, Job or StatefulSet),
/// with the quota lines that are at their hard limit.
fn quota(kb: &Kb<'_>, claims: &mut Claims) {
    let mut grouped = Grouped::default();
    for fact in kb.with(Predicate::Event) {
        if message_of(fact).and_then(quota_name).is_some() {
            grouped.push(fact.subject, fact);
        }
    }
    for (subject, mut facts) in grouped.groups {
        let Some(quota) = facts.first().and_then(|f| message_of(f)).and_then(quota_name) else { continue };
        // The named quota's lines, else any quota line of the namespace at its hard limit.
        let ns = kb.entity(subject).namespace.clone();
        let named: Vec<&Fact> = kb.with(Predicate::Quota).filter(|f| kb.entity(f.subject).namespace == ns && kb.entity(f.subject).name == quota).collect();
        if named.is_empty() {
            facts.extend(kb.with(Predicate::Quota).filter(|f| kb.entity(f.subject).namespace == ns && at_hard_limit(f)));
        } else {
            facts.extend(named);
        }
        let statement = format!("the ResourceQuota {quota} refuses new pods of {}", who(kb, subject));
        add(claims, ClaimKind::QuotaExceeded { quota }, statement, &facts, subject);
    }
}

/// The quota named in `exceeded quota: compute, requested: …` or `failed quota: compute: …`.
fn quota_name(message: &str) -> Option<String> {
    let at = message.find("exceeded quota: ").map(|i| i + 16).or_else(|| message.find("failed quota: ").map(|i| i + 14))?;
    let name = message[at..].split([',', ':', ' ']).next()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// A quota line `requests.cpu  8/8` at its hard limit.
fn at_hard_limit(fact: &Fact) -> bool {
    let Some((_, value)) = fact.value.as_pair() else { return false };
    let Some((used, hard)) = value.split_once('/') else { return false };
    match (crate::fact::Quantity::parse(used), crate::fact::Quantity::parse(hard)) {
        (Some(u), Some(h)) => h.value > 0.0 && u.value >= h.value,
        _ => false,
    }
}

// ── Probes and readiness ──────────────────────────────────────────────────────────────

/// The probe an event message is about: `Readiness probe failed: …`.
fn probe_kind(message: &str) -> Option<&'static str> {
    let message = message.trim_start();
    // ECS stops a task the load balancer finds unhealthy (`(service x) (port 80) is unhealthy
    // in (target-group …)`): what a failing liveness probe does.
    if find_ci(message, " is unhealthy in (target-group").is_some() {
        return Some("liveness");
    }
    // Nomad restarts a task whose service check stays unhealthy (`check_restart`): what a
    // failing liveness probe does.
    if starts_with_ci(message, "healthcheck: check ") && find_ci(message, "unhealthy").is_some() {
        return Some("liveness");
    }
    let rest = ["readiness", "liveness", "startup"].into_iter().find(|p| starts_with_ci(message, p))?;
    let after = &message[rest.len()..];
    (starts_with_ci(after, " probe failed") || starts_with_ci(after, " probe errored")).then_some(rest)
}

/// How a probe failed: connection refused, an HTTP status, a timeout.
fn probe_failure(message: &str) -> &'static str {
    let lower = message.to_ascii_lowercase();
    if lower.contains("connection refused") {
        "refused"
    } else if lower.contains("timeout") || lower.contains("deadline exceeded") || lower.contains("timed out") {
        "timeout"
    } else if let Some(code) = ["statuscode: ", "status code ", "status code: ", "with these codes: ["].iter().find_map(|p| word_after(&lower, p)) {
        if code.starts_with('4') {
            "http-4xx"
        } else {
            "http-5xx"
        }
    } else {
        "other"
    }
}

/// The port a probe failure names: `Get "http://10.0.0.5:8081/ready"`, `dial tcp …:8081`.
fn probe_port_in(message: &str) -> Option<u16> {
    extract::scan(message).iter().find_map(|f| match &f.what {
        What::Url(a) | What::Address(a) => a.port,
        _ => None,
    })
}

fn probe_failures(kb: &Kb<'_>, claims: &mut Claims, pod: &Pod<'_>) {
    let name = pod_name(kb, pod.id);
    let mut by_probe: Vec<(&'static str, Vec<&Fact>, u32, &'static str)> = Vec::new();
    let mut kills: Vec<&Fact> = Vec::new();
    for (fact, event) in pod.events() {
        if event.reason == "Restart Signaled" && probe_kind(&event.message).is_some() {
            kills.push(fact);
        }
        if event.reason == "Killing" && contains_any(&event.message, &["failed liveness probe", "failed startup probe"]) {
            kills.push(fact);
            continue;
        }
        let Some(probe) = probe_kind(&event.message) else { continue };
        let how = probe_failure(&event.message);
        let count = event.count.unwrap_or(1);
        match by_probe.iter_mut().find(|(p, ..)| *p == probe) {
            Some((_, facts, n, first_how)) => {
                facts.push(fact);
                *n += count;
                if *first_how == "other" {
                    *first_how = how;
                }
            }
            None => by_probe.push((probe, vec![fact], count, how)),
        }
    }
    // ECS's reason for stopping a task its health checks failed (`Task failed ELB health
    // checks in (target-group …)`, `… container health checks`).
    kills.extend(pod.with(&[Predicate::StatusMessage]).filter(|f| f.value.as_text().is_some_and(|t| contains_any(t, &["failed elb health checks", "failed container health checks"]))));
    for (probe, facts, count, how) in by_probe {
        let said = match how {
            "refused" => " (connection refused)",
            "timeout" => " (timed out)",
            "http-4xx" => " (HTTP 4xx)",
            "http-5xx" => " (HTTP 5xx)",
            _ => "",
        };
        let times = if count > 1 { format!(" {count} times") } else { String::new() };
        let statement = format!("the {probe} probe of pod {name} failed{times}{said}");
        add(claims, ClaimKind::ProbeFailed { probe, how, count }, statement, &facts, pod.id);
    }
    if !kills.is_empty() {
        let statement = format!("the kubelet restarted a container of pod {name} because its liveness probe failed");
        add(claims, ClaimKind::ProbeKill, statement, &kills, pod.id);
    }
}

/// Probes that check a port their container does not declare: from the spec (probe vs
/// `ports`), or from a failure event's address against the pod's declared ports.
fn probe_ports(kb: &Kb<'_>, claims: &mut Claims) {
    // One mismatch per unit and probe: the spec's word first, then a failure event's.
    let mut reported: HashSet<(EntityId, &'static str)> = HashSet::default();
    let mut ports_of: EntityMap<Vec<&Fact>> = EntityMap::new();
    let mut ports_under: EntityMap<Vec<&Fact>> = EntityMap::new();
    for port in kb.with(Predicate::Port) {
        ports_of.get_or_default(port.subject).push(port);
        if kb.entity(port.subject).kind == EntityKind::Container {
            if let Some(owner) = kb.owner(port.subject) {
                ports_under.get_or_default(owner).push(port);
            }
        }
    }
    for (predicate, probe) in [(Predicate::ReadinessProbe, "readiness"), (Predicate::LivenessProbe, "liveness"), (Predicate::StartupProbe, "startup")] {
        for fact in kb.with(predicate) {
            let Value::Address(address) = &fact.value else { continue };
            let Some(port) = address.port.filter(|_| address.scheme.as_deref() != Some("exec")) else { continue };
            let declared: Vec<&Fact> = ports_of.get(fact.subject).cloned().unwrap_or_default();
            let ports: Vec<u16> = declared.iter().filter_map(|f| f.value.as_number()).map(|n| n as u16).collect();
            if ports.is_empty() || ports.contains(&port) {
                continue;
            }
            let owner = kb.owner(fact.subject).unwrap_or(fact.subject);
            if reported.contains(&(unit(kb, owner), probe)) {
                continue;
            }
            reported.insert((unit(kb, owner), probe));
            let container = container_name(kb, fact.subject);
            let statement = format!(
                "the {probe} probe of {} checks port {port}, but the container listens on {}",
                who(kb, fact.subject),
                ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
            );
            let mut facts = vec![fact];
            facts.extend(declared);
            add(claims, ClaimKind::ProbePortMismatch { probe, container, probe_port: port, ports }, statement, &facts, owner);
        }
    }
    // A failure event names the port probed; compare it with what the pod declares.
    for fact in kb.with(Predicate::Event) {
        let Value::Event(e) = &fact.value else { continue };
        // The probe first: scanning for the port is the costly part, and few events have one.
        let Some(probe) = probe_kind(&e.message) else { continue };
        let Some(port) = probe_port_in(&e.message) else { continue };
        let Some(pod) = pod_of(kb, fact.subject) else { continue };
        let home = unit(kb, pod);
        if reported.contains(&(home, probe)) {
            continue;
        }
        let declared: Vec<&Fact> = [pod, home].iter().filter_map(|o| ports_under.get(*o)).flatten().copied().collect();
        let ports: Vec<u16> = declared.iter().filter_map(|f| f.value.as_number()).map(|n| n as u16).collect();
        if ports.is_empty() || ports.contains(&port) {
            continue;
        }
        reported.insert((home, probe));
        let container = declared.first().and_then(|f| container_name(kb, f.subject));
        let statement = format!(
            "the {probe} probe of pod {} checks port {port}, but its containers declare {}",
            kb.entity(pod).name,
            ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
        );
        let mut facts = vec![fact];
        facts.extend(declared);
        add(claims, ClaimKind::ProbePortMismatch { probe, container, probe_port: port, ports }, statement, &facts, pod);
    }
}

/// Running pods that are ready with no restarts (healthy), or Running and not ready with no
/// container waiting (what a failing readiness probe looks like).
fn readiness(kb: &Kb<'_>, claims: &mut Claims, pod: &Pod<'_>) {
    let running: Vec<&Fact> = pod.texts(&[Predicate::Status], &["Running"]).filter(|f| f.subject == pod.id).collect();
    if running.is_empty() {
        return;
    }
    let waiting = pod.texts(&[Predicate::State], &["Waiting"]).next().is_some()
        || pod.with(&[Predicate::Status, Predicate::StateReason]).any(|f| {
            f.value.as_text().is_some_and(|t| t == "CrashLoopBackOff" || PULL_REASONS.contains(&t) || CONFIG_REASONS.contains(&t))
        });
    let ratios: Vec<&Fact> = pod.with(&[Predicate::Ready]).filter(|f| matches!(f.value, Value::Ratio { den, .. } if den > 0.0)).collect();
    let conditions: Vec<&Fact> = pod
        .with(&[Predicate::Condition])
        .filter(|f| f.value.as_pair().is_some_and(|(k, _)| k == "Ready" || k == "ContainersReady"))
        .collect();
    let not_ready: Vec<&Fact> = ratios
        .iter()
        .copied()
        .filter(|f| matches!(f.value, Value::Ratio { num, den } if num < den))
        .chain(conditions.iter().copied().filter(|f| f.value.as_pair().is_some_and(|(_, v)| v == "False")))
        .collect();
    let ready: Vec<&Fact> = ratios
        .iter()
        .copied()
        .filter(|f| matches!(f.value, Value::Ratio { num, den } if num >= den))
        .chain(conditions.iter().copied().filter(|f| f.value.as_pair().is_some_and(|(_, v)| v == "True")))
        .collect();
    let name = pod_name(kb, pod.id);
    if !not_ready.is_empty() && !waiting {
        let mut facts = running.clone();
        facts.extend(not_ready);
        let statement = format!("pod {name} is Running but not ready");
        add(claims, ClaimKind::RunningNotReady, statement, &facts, pod.id);
    } else if not_ready.is_empty() && !ready.is_empty() && !waiting {
        let mut facts = running;
        facts.extend(ready);
        facts.extend(pod.with(&[Predicate::Restarts]));
        let restarts = pod.max_restarts().unwrap_or(0.0);
        if restarts == 0.0 {
            let statement = format!("pod {name} is Running and ready, with no restarts");
            add(claims, ClaimKind::PodHealthy, statement, &facts, pod.id);
        } else if let Some((seconds, since)) = running_since(kb, pod).filter(|(s, _)| *s >= STABLE_SECONDS) {
            facts.push(since);
            let before = if restarts == 1.0 { "once".to_string() } else { format!("{} times", crate::fact::format_number(restarts)) };
            let statement = format!(
                "pod {name} is Running and ready and has not restarted for {} (it restarted {before} before)",
                crate::infer::derive::gitops::human_duration(seconds)
            );
            add(claims, ClaimKind::StableSinceRestart { seconds }, statement, &facts, pod.id);
        }
    }
}

/// How long a pod's containers have run since their last restart: `RESTARTS 2 (3d ago)`, or
/// the current state's start against the paste's "now".
fn running_since<'a>(kb: &Kb<'_>, pod: &Pod<'a>) -> Option<(f64, &'a Fact)> {
    let ago = pod.with(&[Predicate::LastRestart]).filter_map(|f| match f.value {
        Value::Ago(seconds) => Some((seconds, f)),
        _ => None,
    });
    let started = pod.texts(&[Predicate::State], &["Running"]).filter_map(|f| Some((f.time?.seconds_until(kb.now?), f)));
    // The most recent restart of any container decides.
    ago.chain(started).min_by(|a, b| a.0.total_cmp(&b.0))
}

/// Workloads that say they are fully available: `successfully rolled out`, or every
/// replica ready.
fn available(kb: &Kb<'_>, claims: &mut Claims) {
    let workload = |id: EntityId| matches!(kb.entity(id).kind, EntityKind::Deployment | EntityKind::StatefulSet | EntityKind::DaemonSet);
    let mut done = EntitySet::default();
    for fact in kb.with(Predicate::Outcome) {
        if workload(fact.subject) && fact.value.as_text() == Some("success") && done.insert(fact.subject) {
            let statement = format!("{} {} finished rolling out: every new replica is available", crate::infer::kb::kind_title(&kb.entity(fact.subject).kind), kb.entity(fact.subject).name);
            add(claims, ClaimKind::WorkloadAvailable { rolled_out: true }, statement, &[fact], fact.subject);
        }
    }
    for (deployment, facts) in replaced_replica_sets(kb) {
        if done.insert(deployment) {
            let statement = format!(
                "deployment {} finished rolling out: it scaled its old replica set to 0 after starting the new one, which it does only as new replicas become available",
                kb.entity(deployment).name
            );
            add(claims, ClaimKind::WorkloadAvailable { rolled_out: true }, statement, &facts, deployment);
        }
    }
    for fact in kb.with(Predicate::Ready) {
        let full = matches!(fact.value, Value::Ratio { num, den } if den > 0.0 && num >= den);
        if workload(fact.subject) && full && done.insert(fact.subject) {
            let statement = format!("{} {} has all its replicas ready", crate::infer::kb::kind_title(&kb.entity(fact.subject).kind), kb.entity(fact.subject).name);
            add(claims, ClaimKind::WorkloadAvailable { rolled_out: false }, statement, &[fact], fact.subject);
        }
    }
}

/// Deployments whose events show a rolling update that finished: `Scaled up replica set
/// <new> …`, then later `Scaled down replica set <old> to 0`. Rolling updates scale the old
/// set down only as new replicas become available. A `Recreate` update scales the old set
/// to 0 first, so the new set must have been scaled up strictly before.
fn replaced_replica_sets<'a>(kb: &Kb<'a>) -> Vec<(EntityId, Vec<&'a Fact>)> {
    let mut out: Vec<(EntityId, Vec<&'a Fact>)> = Vec::new();
    let scaling = kb.with(Predicate::Event).filter(|f| kb.entity(f.subject).kind == EntityKind::Deployment).filter_map(|f| match &f.value {
        Value::Event(e) if e.reason == "ScalingReplicaSet" => replica_set_scaled(&e.message).map(|(up, set, to)| (f, up, set, to)),
        _ => None,
    });
    let scaling: Vec<_> = scaling.collect();
    for &(emptied, up, old, to) in &scaling {
        if up || to != Some(0) {
            continue;
        }
        let started = scaling.iter().find(|(f, up, new, _)| {
            *up && f.subject == emptied.subject && *new != old && Moment::last_of(emptied).zip(Moment::start_of(f)).and_then(|(a, b)| a.after(b, kb.now)).is_some_and(|gap| gap > 0.0)
        });
        if let Some(&(started, ..)) = started {
            if !out.iter().any(|(d, _)| *d == emptied.subject) {
                out.push((emptied.subject, vec![started, emptied]));
            }
        }
    }
    out
}

/// `Scaled up replica set web-7b5d to 4 from 3` (or `… from 3 to 4`, newer clusters): whether
/// up, the set, and the count it was scaled to.
fn replica_set_scaled(message: &str) -> Option<(bool, &str, Option<u32>)> {
    let (up, rest) = match message.strip_prefix("Scaled up replica set ") {
        Some(rest) => (true, rest),
        None => (false, message.strip_prefix("Scaled down replica set ")?),
    };
    let (set, rest) = rest.split_once(' ').unwrap_or((rest, ""));
    let to = rest.split_once("to ").and_then(|(_, n)| n.split(' ').next()?.parse().ok());
    Some((up, set, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_loop_of_an_unlisted_pod_of_an_older_replica_set_was_replaced() {
        let paste = "$ kubectl get po -n shop\nNAME READY STATUS RESTARTS AGE\nweb-7b5d8c9f64-4nq7z 1/1 Running 0 2h\n\n\
                     $ kubectl get events -n shop\nLAST SEEN TYPE REASON OBJECT MESSAGE\n\
                     2h Warning BackOff pod/web-5f8c6d7b49-x2rqn Back-off restarting failed container web in pod web-5f8c6d7b49-x2rqn_shop\n";
        assert!(claims_of(paste).iter().any(|(k, u)| k == "PodReplaced" && u == "deployment shop/web"));
        // The crashing pod is still listed: nothing replaced it.
        let listed = "$ kubectl get po -n shop\nNAME READY STATUS RESTARTS AGE\nweb-7b5d8c9f64-4nq7z 1/1 Running 0 2h\n\
                      web-5f8c6d7b49-x2rqn 0/1 CrashLoopBackOff 7 2h\n";
        assert!(!claims_of(listed).iter().any(|(k, _)| k == "PodReplaced"));
    }

    #[test]
    fn failures_the_kubelet_or_scheduler_stopped_reporting_long_ago_are_over() {
        let events = "$ kubectl get events -A\nNAMESPACE LAST SEEN TYPE REASON OBJECT MESSAGE\n\
                      kube-system 22h Warning BackOff pod/auth-7b5d8c9f64-4nq7z Back-off restarting failed container\n\
                      monitoring 4h3m Warning Unhealthy pod/grafana-5f8c6d7b49-x2rqn Readiness probe failed: Get \"http://10.0.0.5:3000/api/health\": context deadline exceeded\n\
                      shop 6h12m Warning FailedScheduling pod/web-6f9b8c7d54-p2wxx 0/8 nodes are available: 2 Insufficient cpu.\n";
        let claims = claims_of(events);
        for unit in ["deployment kube-system/auth", "deployment monitoring/grafana", "deployment shop/web"] {
            assert!(claims.iter().any(|(k, u)| k == "FailuresStopped" && u == unit), "{unit}: {claims:?}");
        }
        // Still backing off a minute ago, or listed as crash-looping now: not over.
        let recent = "$ kubectl get events -A\nNAMESPACE LAST SEEN TYPE REASON OBJECT MESSAGE\n\
                      kube-system 1m Warning BackOff pod/auth-7b5d8c9f64-4nq7z Back-off restarting failed container\n";
        assert!(!claims_of(recent).iter().any(|(k, _)| k == "FailuresStopped"));
        let listed = "$ kubectl get po -n kube-system\nNAME READY STATUS RESTARTS AGE\nauth-7b5d8c9f64-4nq7z 0/1 CrashLoopBackOff 40 (2h ago) 3d\n\n\
                      $ kubectl get events -n kube-system\nLAST SEEN TYPE REASON OBJECT MESSAGE\n\
                      2h Warning BackOff pod/auth-7b5d8c9f64-4nq7z Back-off restarting failed container\n";
        assert!(!claims_of(listed).iter().any(|(k, _)| k == "FailuresStopped"));
    }

    #[test]
    fn a_rolling_update_that_emptied_the_old_replica_set_finished() {
        let events = "$ kubectl get events -n shop\nLAST SEEN TYPE REASON OBJECT MESSAGE\n\
                      58m Normal ScalingReplicaSet deployment/web Scaled up replica set web-7b5d8c9f64 to 1\n\
                      57m Warning Unhealthy pod/web-7b5d8c9f64-4nq7z Readiness probe failed: HTTP probe failed with statuscode: 503\n\
                      55m Normal ScalingReplicaSet deployment/web Scaled down replica set web-5f8c6d7b49 to 0 from 1\n";
        assert!(claims_of(events).iter().any(|(k, u)| k == "WorkloadAvailable" && u == "deployment shop/web"));
        // Recreate: the old set goes to 0 first; nothing says the new one came up.
        let recreate = "$ kubectl get events -n shop\nLAST SEEN TYPE REASON OBJECT MESSAGE\n\
                        58m Normal ScalingReplicaSet deployment/web Scaled down replica set web-5f8c6d7b49 to 0 from 3\n\
                        58m Normal ScalingReplicaSet deployment/web Scaled up replica set web-7b5d8c9f64 to 3\n";
        assert!(!claims_of(recreate).iter().any(|(k, _)| k == "WorkloadAvailable"));
        assert_eq!(replica_set_scaled("Scaled up replica set web-7b5d from 0 to 3"), Some((true, "web-7b5d", Some(3))));
    }

    #[test]
    fn a_controllers_complaint_about_an_object_without_containers_is_no_start_failure() {
        let issuer = "$ kubectl -n b2b get issuer ca-issuer -o yaml\napiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: ca-issuer\n  namespace: b2b\nspec:\n  ca:\n    secretName: ca-keypair\nstatus:\n  conditions:\n    - lastTransitionTime: \"2025-03-14T16:20:51Z\"\n      message: 'Error getting keypair for CA issuer: secrets \"ca-keypair\" not found'\n      reason: ErrGetKeyPair\n      status: \"False\"\n      type: Ready\n";
        assert!(!claims_of(issuer).iter().any(|(k, _)| k == "ConfigError"), "{:?}", claims_of(issuer));
        // The same words from a pod's event are its containers failing to start.
        let pod = "$ kubectl get events -n b2b\nLAST SEEN TYPE REASON OBJECT MESSAGE\n\
                   2m Warning Failed pod/gw-7b5d8c9f64-4nq7z Error: secret \"gw-env\" not found\n";
        assert!(claims_of(pod).iter().any(|(k, _)| k == "ConfigError"), "{:?}", claims_of(pod));
    }

    #[test]
    fn a_replicas_state_quoted_without_its_name_stands_for_the_workloads_pods() {
        let paste = "$ kubectl -n docgen get pods\nNAME READY STATUS RESTARTS AGE\nrender-84f6d9c7b5-6mzxw 1/1 Running 23 9h\nrender-84f6d9c7b5-h7q4n 1/1 Running 19 9h\n\n\
                     The container state says:\n\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n";
        let claims = claims_of(paste);
        assert_eq!(claims.iter().filter(|(k, u)| k == "OomKilled" && u == "deployment docgen/render").count(), 2, "{claims:?}");
        // A workload's own events (scaling its ReplicaSets) say nothing about its pods.
        let scaled = "$ kubectl -n docgen get pods\nNAME READY STATUS RESTARTS AGE\nrender-84f6d9c7b5-6mzxw 1/1 Running 0 9h\nrender-84f6d9c7b5-h7q4n 1/1 Running 0 9h\n\n\
                      Events:\n  Normal  ScalingReplicaSet  9h  deployment-controller  Scaled up replica set render-84f6d9c7b5 to 2\n";
        assert!(!claims_of(scaled).iter().any(|(k, _)| k == "WorkloadAvailable" || k == "FailuresStopped"), "{:?}", claims_of(scaled));
    }

    /// The claims of a paste, by kind name, with the name of the unit each is about.
    fn claims_of(paste: &str) -> Vec<(String, String)> {
        let ingest = crate::ingest(paste);
        let kb = Kb::new(paste, &ingest);
        let claims = crate::infer::derive::derive(&kb);
        claims
            .all()
            .iter()
            .filter_map(|c| {
                let kind = format!("{:?}", c.kind);
                let name = kind.split([' ', '{', '(']).next().unwrap_or("").to_string();
                c.subject.map(|s| (name, kb.entity(unit(&kb, s)).to_string()))
            })
            .collect()
    }

    #[test]
    fn the_pods_of_an_argo_workflow_are_one_unit() {
        let paste = "$ argo -n ml get embed-x7k2p\nSTEP                 TEMPLATE  PODNAME                        DURATION  MESSAGE\n ● embed-x7k2p       main\n ├───◷ embed(0:s-00) embed     embed-x7k2p-embed-0918273645   8h        Unschedulable: 0/4 nodes are available: 4 Insufficient cpu.\n └───◷ embed(1:s-01) embed     embed-x7k2p-embed-2618804120   8h        Unschedulable: 0/4 nodes are available: 4 Insufficient cpu.\n";
        let units: Vec<String> = claims_of(paste).into_iter().filter(|(kind, _)| kind == "SchedulingFailed").map(|(_, unit)| unit).collect();
        assert_eq!(units.len(), 2, "{units:?}");
        assert!(units.iter().all(|u| u == &units[0] && u.contains("embed-x7k2p") && !u.contains("0918273645")), "{units:?}");
    }

    #[test]
    fn one_condition_printed_by_jsonpath_and_reformatted_by_jq_is_the_pods() {
        let paste = "$ kubectl -n lab get pod align-7c9d8f6b5-x2k4q -o jsonpath='{.status.conditions[0]}' | jq .\n{\n  \"lastTransitionTime\": \"2025-08-21T12:04:33Z\",\n  \"message\": \"0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.\",\n  \"reason\": \"Unschedulable\",\n  \"status\": \"False\",\n  \"type\": \"PodScheduled\"\n}\n";
        let claims = claims_of(paste);
        assert!(claims.iter().any(|(k, _)| k == "SchedulingFailed"), "{claims:?}");
    }

    #[test]
    fn a_pod_condition_unschedulable_without_its_message_is_the_schedulers_verdict() {
        let paste = "$ curl -s https://k8s.example.org/api/v1/namespaces/lab/pods | jq -c '.items | length, (.[0] | {name: .metadata.name, cond: .status.conditions[0]})'\n3\n{\"name\":\"align-7c9d-0031\",\"cond\":{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"Unschedulable\"}}\n";
        let claims = claims_of(paste);
        assert!(claims.iter().any(|(k, _)| k == "SchedulingFailed"), "{claims:?}");
        // Another reason for a condition that does not hold is no verdict on placement.
        let waiting = paste.replace("Unschedulable", "SchedulingGated");
        assert!(!claims_of(&waiting).iter().any(|(k, _)| k == "SchedulingFailed"));
    }

    #[test]
    fn replicas_of_one_workload_are_one_unit_and_count_once_in_full() {
        let paste = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\ncart-7d9f8c6b5-x2k4q 0/1 CrashLoopBackOff 9 (1m ago) 1h\ncart-7d9f8c6b5-p8m2z 0/1 CrashLoopBackOff 8 (2m ago) 1h\n";
        let ingest = crate::ingest(paste);
        let kb = Kb::new(paste, &ingest);
        let claims = crate::infer::derive::derive(&kb);
        let units = by_unit(&kb, &claims, |k| matches!(k, ClaimKind::CrashLoop { .. }));
        assert_eq!(units.len(), 1);
        assert_eq!(kb.entity(units[0].0).to_string(), "deployment shop/cart");
        assert_eq!(units[0].1.iter().filter(|c| matches!(c.kind, ClaimKind::CrashLoop { .. })).count(), 2);
        let mut seen = Seen::default();
        assert_eq!(seen.weight("loop", 2.0), 2.0);
        assert!(seen.weight("loop", 2.0) < 1.0);
    }

    #[test]
    fn a_pod_waiting_for_its_image_was_scheduled() {
        let paste = "$ kubectl describe pod api-5f8b6c7d9-rw4np -n intake\nName:         api-5f8b6c7d9-rw4np\nNamespace:    intake\nNode:         node-4/10.0.0.4\nStatus:       Pending\nContainers:\n  api:\n    Image:          ghcr.io/acme/api:9.9\n    State:          Waiting\n      Reason:       ErrImagePull\nEvents:\n  Type     Reason   Age  From     Message\n  ----     ------   ---- ----     -------\n  Warning  Failed   1m   kubelet  Failed to pull image \"ghcr.io/acme/api:9.9\": manifest unknown\n";
        let claims = claims_of(paste);
        let has = |kind: &str| claims.iter().any(|(k, u)| k == kind && u == "deployment intake/api");
        assert!(has("ImagePullFailing") && has("PullRejected") && has("PodPending") && has("PodScheduled"), "{claims:?}");
        assert!(!has("SchedulingFailed"));
    }

    #[test]
    fn a_probe_on_an_undeclared_port_is_reported_once_per_workload() {
        let paste = "$ kubectl get deploy web -n shop -o yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        ports:\n        - containerPort: 8080\n        readinessProbe:\n          httpGet:\n            port: 8081\n\n$ kubectl get events -n shop\nLAST SEEN   TYPE      REASON      OBJECT                    MESSAGE\n1m          Warning   Unhealthy   pod/web-7d9f8c6b5-x2k4q   Readiness probe failed: Get \"http://10.1.1.1:8081/ready\": dial tcp 10.1.1.1:8081: connect: connection refused\n";
        let claims = claims_of(paste);
        assert_eq!(claims.iter().filter(|(k, _)| k == "ProbePortMismatch").count(), 1, "{claims:?}");
        assert!(claims.iter().any(|(k, u)| k == "ProbeFailed" && u == "deployment shop/web"));
    }

    #[test]
    fn scheduler_reasons_are_split_before_preemption() {
        let message = "0/5 nodes are available: 2 Insufficient memory, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.";
        assert_eq!(scheduling_reasons(message), ["2 Insufficient memory", "3 node(s) didn't match Pod's node affinity/selector"]);
        assert_eq!(scheduling_reasons("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: batch}, 2 Insufficient cpu."), [
            "1 node(s) had untolerated taint {dedicated: batch}",
            "2 Insufficient cpu"
        ]);
        assert!(scheduling_reasons("Successfully assigned shop/x to node-1").is_empty());
        assert_eq!(
            scheduling_reasons("pod didn't trigger scale-up (it wouldn't fit if a new node is added): 1 max node group size reached, 2 Insufficient cpu"),
            ["1 max node group size reached", "2 Insufficient cpu"]
        );
    }

    #[test]
    fn an_autoscaler_that_adds_no_node_for_a_pod_is_a_scheduling_failure() {
        let paste = "$ kubectl -n kube-system logs deploy/cluster-autoscaler\nI0512 13:41:02.123881       1 event_sink_logging_wrapper.go:48] Event(v1.ObjectReference{Kind:\"Pod\", Namespace:\"lab\", Name:\"run-7-shard-00\", UID:\"d4\", APIVersion:\"v1\", ResourceVersion:\"5\", FieldPath:\"\"}): type: 'Normal' reason: 'NotTriggerScaleUp' pod didn't trigger scale-up: 1 max node group size reached, 2 node(s) didn't match Pod's node affinity/selector\n";
        assert!(claims_of(paste).iter().any(|(kind, _)| kind == "SchedulingFailed"), "{:?}", claims_of(paste));
    }

    #[test]
    fn missing_config_objects_are_named() {
        let text = |m: &str| missing_object(m).map(|m| m.to_string());
        assert_eq!(text("Error: secret \"stripe-keys\" not found").as_deref(), Some("secret stripe-keys"));
        assert_eq!(text("MountVolume.SetUp failed for volume \"cfg\" : configmap \"tax-rates\" not found").as_deref(), Some("configmap tax-rates"));
        let key = missing_object("Error: couldn't find key DATABASE_URL in Secret billing/db-credentials");
        assert_eq!(key.as_ref().map(|m| m.to_string()).as_deref(), Some("key DATABASE_URL in secret db-credentials"));
        assert_eq!(key.and_then(|m| m.namespace).as_deref(), Some("billing"));
        assert_eq!(missing_object("secret \"x\" created"), None);
    }

    #[test]
    fn config_that_fails_to_parse_is_invalid_in_any_word_order() {
        assert!(says_config_invalid("config parse failed err=\"toml: line 9 (last key mqtt.broker_urls)\""));
        assert!(says_config_invalid("TOML parse error at line 9, column 14"));
        assert!(says_config_invalid("Failed to bind properties under 'app.db' to com.x.DbProps:"));
        assert!(says_config_invalid("error decoding /etc/app/settings.yaml: did not find expected key"));
        assert!(says_config_invalid("failed to parse config: unexpected EOF"));
        assert!(!says_config_invalid("failed to parse request body: unexpected EOF"));
        assert!(!says_config_invalid("loading config path=/etc/silo/ingest.toml"));
        // A per-event parse warning that names how the field was parsed, not the config.
        assert!(!says_config_invalid("Failed parsing date from field {:field=>\"ts\", :exception=>\"Empty string\", :config_parsers=>\"ISO8601\"}"));
        assert!(says_config_invalid("Microsoft.Extensions.Options.OptionsValidationException: DataAnnotation validation failed for 'QueueOptions' members: 'Endpoint' with the error: 'The Endpoint field is required.'."));
    }

    #[test]
    fn pull_failures_are_classified() {
        assert_eq!(pull_rejection("failed to resolve reference \"ghcr.io/a/b:1.2\": ghcr.io/a/b:1.2: not found"), Some("not-found"));
        assert_eq!(pull_rejection("unexpected status: 401 Unauthorized"), Some("unauthorized"));
        assert_eq!(pull_rejection("pull access denied for acme/x, repository does not exist or may require 'docker login'"), Some("missing-or-denied"));
        assert_eq!(pull_rejection("dial tcp: lookup registry.internal on 10.0.0.10:53: no such host"), Some("unreachable"));
        assert_eq!(image_in("Failed to pull image \"ghcr.io/acme/api:2.0\": rpc error").as_deref(), Some("ghcr.io/acme/api:2.0"));
        assert_eq!(image_in("Failed to apply default image tag \"reg.io/Web:1\": couldn't parse image reference").as_deref(), Some("reg.io/Web:1"));
        assert_eq!(pull_rejection("couldn't parse image reference \"reg.io/Web:1\": invalid reference format"), Some("invalid-name"));
    }

    #[test]
    fn probe_failures_say_how() {
        assert_eq!(probe_kind("Readiness probe failed: Get \"http://10.1.2.3:8080/ready\": dial tcp 10.1.2.3:8080: connect: connection refused"), Some("readiness"));
        assert_eq!(probe_kind("Liveness probe errored: rpc error"), Some("liveness"));
        assert_eq!(probe_kind("Back-off restarting failed container"), None);
        assert_eq!(probe_failure("HTTP probe failed with statuscode: 404"), "http-4xx");
        assert_eq!(probe_failure("Get \"http://10.1.2.3:8080/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"), "timeout");
        assert_eq!(probe_port_in("Get \"http://10.1.2.3:8081/ready\": dial tcp 10.1.2.3:8081: connect: connection refused"), Some(8081));
    }

    #[test]
    fn quota_names_are_read() {
        assert_eq!(quota_name("Error creating: pods \"w-1\" is forbidden: exceeded quota: compute-small, requested: cpu=2, used: cpu=8, limited: cpu=8").as_deref(), Some("compute-small"));
        assert_eq!(quota_name("nothing here"), None);
    }

    #[test]
    fn nomad_placement_failure_lists_its_reasons() {
        let reasons = scheduling_reasons("Constraint \"${node.class} = gpu-a100\": 10 nodes excluded by filter");
        assert_eq!(reasons, ["Constraint \"${node.class} = gpu-a100\": 10 nodes excluded by filter"]);
        assert_eq!(scheduling_reasons("  Resources exhausted on 3 nodes"), ["Resources exhausted on 3 nodes"]);
        let paste = "$ nomad job status etl\nID     = etl\nType   = batch\nStatus = pending\n\nPlacement Failure\nTask Group \"load\":\n  * Resources exhausted on 3 nodes\n";
        let claims = claims_of(paste);
        assert!(claims.contains(&("SchedulingFailed".to_string(), "job etl".to_string())), "{claims:?}");
    }

    #[test]
    fn a_nomad_check_that_restarts_its_task_is_a_failing_liveness_probe() {
        assert_eq!(probe_kind("healthcheck: check \"api-http\" unhealthy"), Some("liveness"));
        assert_eq!(probe_kind("healthcheck: check \"api-http\" is healthy again"), None);
        let paste = "$ nomad alloc status b7e13f20\nRecent Events:\nTime                       Type              Description\n2026-05-18T13:33:04+01:00  Terminated        Exit Code: 143, Exit Message: \"Docker container exited with non-zero exit code: 143\"\n2026-05-18T13:32:59+01:00  Restart Signaled  healthcheck: check \"api-http\" unhealthy\n";
        let claims = claims_of(paste);
        let has = |kind: &str| claims.iter().any(|(k, _)| k == kind);
        assert!(has("ProbeFailed") && has("ProbeKill"), "{claims:?}");
    }

    #[test]
    fn yarn_killing_a_container_at_its_memory_limit_is_a_kill_at_the_limit() {
        let paste = "$ yarn logs -applicationId application_1_0042 | grep ERROR\n\
2026-03-09 02:11:40 ERROR YarnScheduler: Lost executor 7 on ip-10-1-2-3: Container killed by YARN for exceeding physical memory limits. 12.3 GB of 12 GB physical memory used. Consider boosting spark.executor.memoryOverhead.\n\
2026-03-09 02:19:02 ERROR YarnScheduler: Lost executor 9 on ip-10-1-2-4: Container killed by YARN for exceeding physical memory limits. 12.1 GB of 12 GB physical memory used.\n";
        let at_limit = crate::infer::derive::with_claims(paste, |_, claims| {
            claims.all().iter().any(|c| matches!(c.kind, crate::infer::claim::ClaimKind::OutOfMemoryLogged { at_limit: true }))
        });
        assert!(at_limit);
        let ranked = crate::analyze(paste);
        assert_eq!(ranked.diagnoses.first().map(|d| d.class.as_str()), Some("oom-killed"), "{:?}", ranked.diagnoses);
    }
}
