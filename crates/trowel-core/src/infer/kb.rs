//! Read-only queries over the facts that claims and detectors share: ownership chains,
//! the workload behind a pod, image-name matching, the environment a name belongs to, the
//! paste's own "now".

use crate::entity_map::EntityMap;
use crate::fact::{Entity, EntityId, EntityKind, Fact, FactId, Facts, Predicate, Value};
use crate::image::ImageRef;
use crate::infer::derive::series::SeriesName;
use crate::infer::derive::text;
use crate::ingest::Ingest;
use crate::span::LineIndex;
use crate::time::Timestamp;

/// The facts of one paste with the queries inference needs.
pub struct Kb<'a> {
    pub paste: &'a str,
    pub ingest: &'a Ingest,
    pub lines: LineIndex,
    /// When the paste was taken: its latest stated time, or later when an object's stated
    /// time and printed age say so (see [`paste_now`]).
    pub now: Option<Timestamp>,
    /// The first recorded owner of each entity, so ownership chains are walked without
    /// rescanning every `owned_by` fact at each step.
    owners: EntityMap<EntityId>,
    /// The reverse: what each entity owns, in first-seen order.
    owned: EntityMap<Vec<EntityId>>,
    /// Each `Series` entity's name read into metric and labels, by entity id (None for other
    /// kinds): parsed once here rather than once per sample by every derivation.
    series: Vec<Option<SeriesName>>,
    /// By fact id, whether a log line, event or status message may say what the phrase
    /// tests of the derivations look for ([`text::may_say`]); true for other facts.
    may_say: Vec<bool>,
}

/// The paste's "now": its latest stated time — or later, when one object's stated time and
/// its printed age together say the output was printed after that. A CronJob's
/// `lastScheduleTime: …T01:15:00Z` from one command and `LAST SCHEDULE 5d6h` from another
/// put "now" 5d6h after 01:15 even when no line of the paste is stamped later; so do a
/// `creationTimestamp` and an `AGE`, or a start time and a relative start. Printed ages are
/// truncated (`5d6h` is 5d6h to 5d6h59m), so the estimate errs early, never late.
fn paste_now(facts: &Facts) -> Option<Timestamp> {
    let latest = facts.all().iter().filter_map(|f| f.time).max();
    // Each relative statement with the predicate that states the same moment absolutely.
    const SAME_MOMENT: [(Predicate, Predicate); 3] =
        [(Predicate::LastScheduled, Predicate::LastScheduled), (Predicate::StartedAt, Predicate::StartedAt), (Predicate::Age, Predicate::CreatedAt)];
    let mut calibrated = latest;
    for (relative, absolute) in SAME_MOMENT {
        let mut stated: crate::hash::HashMap<EntityId, Timestamp> = crate::hash::HashMap::default();
        for fact in facts.with(absolute) {
            if let Value::Time(t) = fact.value {
                stated.insert(fact.subject, t);
            }
        }
        if stated.is_empty() {
            continue;
        }
        for fact in facts.with(relative) {
            let ago = match fact.value {
                Value::Ago(seconds) => seconds,
                Value::Duration(seconds) if relative == Predicate::Age => seconds,
                _ => continue,
            };
            if let Some(t) = stated.get(&fact.subject) {
                let printed = Timestamp(t.0.saturating_add((ago * 1000.0) as i64));
                calibrated = calibrated.max(Some(printed));
            }
        }
    }
    calibrated
}

impl<'a> Kb<'a> {
    pub fn new(paste: &'a str, ingest: &'a Ingest) -> Kb<'a> {
        let now = paste_now(&ingest.facts);
        let mut owners = EntityMap::new();
        let mut owned: EntityMap<Vec<EntityId>> = EntityMap::new();
        for fact in ingest.facts.with(Predicate::OwnedBy) {
            if let Value::Entity(owner) = fact.value {
                if !owners.contains(fact.subject) {
                    owners.insert(fact.subject, owner);
                    owned.get_or_default(owner).push(fact.subject);
                }
            }
        }
        let series = ingest.facts.entities().iter().map(|e| (e.kind == EntityKind::Series).then(|| SeriesName::parse(&e.name))).collect();
        let mut may_say = vec![true; ingest.facts.len()];
        for fact in [Predicate::Log, Predicate::Event, Predicate::StatusMessage].into_iter().flat_map(|p| ingest.facts.with(p)) {
            may_say[fact.id.0 as usize] = text::may_say(fact);
        }
        Kb { paste, ingest, lines: LineIndex::new(paste), now, owners, owned, series, may_say }
    }

    /// False for a message that holds no phrase any of the derivations' phrase tests look for
    /// (see [`text::may_say`]): those derivations skip it without reading it again.
    pub fn may_say(&self, fact: &Fact) -> bool {
        self.may_say.get(fact.id.0 as usize).copied().unwrap_or(true)
    }

    pub fn facts(&self) -> &'a Facts {
        &self.ingest.facts
    }

    pub fn with(&self, predicate: Predicate) -> crate::fact::FactsWith<'a> {
        self.ingest.facts.with(predicate)
    }

    pub fn fact(&self, id: FactId) -> &'a Fact {
        self.ingest.facts.get(id)
    }

    pub fn entity(&self, id: EntityId) -> &'a Entity {
        self.ingest.facts.entity_of(id)
    }

    /// The metric and labels of a `Series` entity; None for entities of other kinds.
    pub fn series_name(&self, id: EntityId) -> Option<&SeriesName> {
        self.series.get(id.0 as usize).and_then(Option::as_ref)
    }

    pub fn quote(&self, fact: &Fact) -> &'a str {
        fact.span.text(self.paste)
    }

    /// Facts about `subject` with `predicate`.
    pub fn about(&self, subject: EntityId, predicate: Predicate) -> impl Iterator<Item = &'a Fact> {
        self.with(predicate).filter(move |f| f.subject == subject)
    }

    /// The direct owner recorded for an entity (`owned_by`; the first one recorded).
    pub fn owner(&self, id: EntityId) -> Option<EntityId> {
        self.owners.get(id).copied()
    }

    /// The entities whose owner is `id` (a pod's containers, a workload's ReplicaSets).
    pub fn owned(&self, id: EntityId) -> &[EntityId] {
        self.owned.get(id).map_or(&[], Vec::as_slice)
    }

    /// The entity and its owners up the chain: container → pod → replicaset → deployment.
    pub fn lineage(&self, id: EntityId) -> Vec<EntityId> {
        let mut chain = vec![id];
        while let Some(owner) = chain.last().and_then(|last| self.owner(*last)) {
            if chain.contains(&owner) || chain.len() > 8 {
                break;
            }
            chain.push(owner);
        }
        chain
    }

    /// The workload (Deployment, StatefulSet, CronJob, …) an entity belongs to, if known.
    pub fn workload_of(&self, id: EntityId) -> Option<EntityId> {
        self.lineage(id).into_iter().rev().find(|e| self.entity(*e).kind.is_workload())
    }

    /// Every namespace named in the paste, in first-seen order.
    pub fn namespaces(&self) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::new();
        for entity in self.ingest.facts.entities() {
            if let Some(ns) = entity.namespace.as_deref() {
                if !out.contains(&ns) {
                    out.push(ns);
                }
            }
        }
        out
    }

    /// The 1-based line a fact's quote starts on.
    pub fn line_of(&self, fact: &Fact) -> u32 {
        self.lines.line(fact.span.start)
    }
}

/// True when two image references name the same repository: equal names, or equal
/// repositories when one side omits the registry (`docker.io/library/` is implied).
pub fn same_image(a: &ImageRef, b: &ImageRef) -> bool {
    let norm = |r: &ImageRef| {
        let repo = r.repository.strip_prefix("library/").unwrap_or(&r.repository).to_string();
        let registry = r.registry.as_deref().filter(|reg| *reg != "docker.io" && *reg != "index.docker.io").map(str::to_string);
        (registry, repo)
    };
    let (ra, pa) = norm(a);
    let (rb, pb) = norm(b);
    pa == pb && (ra == rb || ra.is_none() || rb.is_none())
}

/// Environments a name can belong to, as the tokens people use for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Env {
    Production,
    Staging,
    Development,
    Test,
    Local,
}

impl Env {
    pub fn name(self) -> &'static str {
        match self {
            Env::Production => "production",
            Env::Staging => "staging",
            Env::Development => "development",
            Env::Test => "test",
            Env::Local => "local",
        }
    }
}

/// The environment a name or value points at, read from its tokens (`orders_staging`,
/// `db.dev.internal`, `k8s/overlays/prod`, `qa-cluster`). The last label of a host name is
/// its zone, not an environment: `mqtt.plant.local` and `svc.cluster.local` are names on a
/// private network, which every environment uses.
pub fn env_of(text: &str) -> Option<Env> {
    let lower = text.to_ascii_lowercase();
    let mut found = None;
    let mut rest = lower.as_str();
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric()) {
        let before = rest[..start].chars().next_back();
        rest = &rest[start..];
        let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let (token, after) = rest.split_at(end);
        rest = after;
        let zone = before == Some('.') && !after.strip_prefix('.').is_some_and(|a| a.starts_with(|c: char| c.is_ascii_alphanumeric()));
        let env = match token {
            "prod" | "production" | "prd" | "live" => Env::Production,
            "staging" | "stage" | "stg" | "preprod" | "uat" => Env::Staging,
            "dev" | "develop" | "development" | "sandbox" => Env::Development,
            "test" | "testing" | "qa" | "e2e" => Env::Test,
            "local" if zone => continue,
            "local" | "localhost" => Env::Local,
            _ => continue,
        };
        // Non-production tokens are the telling ones: `prod-staging-copy` is staging.
        if found.is_none() || env != Env::Production {
            found = Some(env);
        }
    }
    found
}

/// The kind of an entity in words, for summaries (`Deployment`, `ConfigMap`).
pub fn kind_title(kind: &EntityKind) -> String {
    match kind {
        EntityKind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler".into(),
        EntityKind::GitOpsApp => "GitOps app".into(),
        EntityKind::Resource(name) => name.clone(),
        other => {
            let name = other.kubectl_name();
            let mut title = String::with_capacity(name.len());
            let mut upper = true;
            for c in name.chars() {
                if c == '-' {
                    upper = true;
                    continue;
                }
                title.push(if upper { c.to_ascii_uppercase() } else { c });
                upper = false;
            }
            match title.as_str() {
                "Configmap" => "ConfigMap".into(),
                "Cronjob" => "CronJob".into(),
                "Statefulset" => "StatefulSet".into(),
                "Daemonset" => "DaemonSet".into(),
                "Replicaset" => "ReplicaSet".into(),
                "Networkpolicy" => "NetworkPolicy".into(),
                _ => title,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_objects_stated_time_and_printed_age_set_the_pastes_now() {
        let now = |paste: &str| Kb::new(paste, &crate::ingest(paste)).now.map(|t| t.to_string());
        let listing = "$ kubectl -n billing get cronjobs\nNAME       SCHEDULE     SUSPEND   ACTIVE   LAST SCHEDULE   AGE\ninvoicer   15 1 * * *   False     1        5d6h            2y\n";
        let stated = "\n$ kubectl -n billing get cronjob invoicer -o jsonpath='{.status.lastScheduleTime}'\n2025-09-13T01:15:00Z\n";
        let log = "\n$ kubectl -n billing logs job/invoicer-29295435\n2025-09-13T01:21:02Z INFO loaded 18,601 accounts\n";
        // The log line alone says 01:21; the listing printed "5d6h" after the stated 01:15.
        assert_eq!(now(&format!("{stated}{log}")).as_deref(), Some("2025-09-13T01:21:02Z"));
        assert_eq!(now(&format!("{listing}{stated}{log}")).as_deref(), Some("2025-09-18T07:15:00Z"));
    }

    #[test]
    fn environments_from_tokens() {
        assert_eq!(env_of("orders_staging"), Some(Env::Staging));
        assert_eq!(env_of("k8s/overlays/prod/kustomization.yaml"), Some(Env::Production));
        assert_eq!(env_of("db.dev.internal"), Some(Env::Development));
        assert_eq!(env_of("warehouse"), None);
        assert_eq!(env_of("latest"), None);
        assert_eq!(env_of("contest"), None);
        assert_eq!(env_of("broker = \"tcp://mqtt-a.plant.local:1883\""), None);
        assert_eq!(env_of("http://api.svc.cluster.local/"), None);
        assert_eq!(env_of("redis.local.example.com"), Some(Env::Local));
        assert_eq!(env_of("orders-local"), Some(Env::Local));
    }

    #[test]
    fn image_names_match_across_registries_only_when_one_is_implied() {
        let a = ImageRef::parse("registry.example/app:1").unwrap();
        let b = ImageRef::parse("registry.example/app@sha256:abcdef12").unwrap();
        let c = ImageRef::parse("other.example/app:1").unwrap();
        let d = ImageRef::parse("app:2").unwrap();
        assert!(same_image(&a, &b));
        assert!(!same_image(&a, &c));
        assert!(same_image(&a, &d));
    }
}
