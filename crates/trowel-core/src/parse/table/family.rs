//! What a table lists, from the command that printed it or, failing that, from its header:
//! the family decides which facts a row yields, the entity kind names its subjects, and the
//! family's column shapes tell a collapsed row's words apart.

use super::grid::Header;
use super::shape::{Opt, Shape, HEALTH, HOOKS};
use crate::command::Command;
use crate::fact::EntityKind;

/// The kinds of table Trowel reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `kubectl get <kind>`: one Kubernetes object per row.
    Objects,
    /// `kubectl get events`, `kubectl events`.
    Events,
    /// `kubectl rollout history <kind> <name>`.
    RolloutHistory,
    /// `kubectl top pods|nodes`.
    Top,
    HelmList,
    HelmHistory,
    /// `argocd app list`, `kubectl get applications`.
    ArgoApps,
    ArgoHistory,
    /// `argocd app resources` and the resource table of `argocd app get`.
    ArgoResources,
    /// `flux get …` and `kubectl get` of Flux objects.
    Flux,
}

/// A table's family and, for `kubectl get` and Flux, the kind its rows are (rows named
/// `kind/name` say their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub family: Family,
    pub kind: Option<EntityKind>,
}

/// Argo CD sync states, as the STATUS column of a resource table prints them.
const SYNC: &[&str] = &["Synced", "OutOfSync", "Unknown", "Running", "Succeeded", "Failed", "Error", "Terminating", "Pruned", "Missing"];

impl Identity {
    /// Reads the command first, the header's column names second.
    pub fn of(command: Option<&Command>, header: &Header<'_>) -> Identity {
        let by_command = command.and_then(from_command);
        let special = by_command.as_ref().filter(|id| id.family != Family::Objects);
        if let Some(id) = special {
            return id.clone();
        }
        if let Some(family) = special_family(header) {
            return Identity { family, kind: None };
        }
        let kind = by_command.and_then(|id| id.kind).or_else(|| kind_from_header(header));
        Identity { family: Family::Objects, kind }
    }

    /// Adjusts column shapes where this family's values differ from the defaults.
    pub fn shape(&self, header: &mut Header<'_>) {
        match self.family {
            Family::ArgoHistory => header.set_shape("REVISION", Shape::Revision),
            Family::ArgoResources => {
                header.set_shape("GROUP", Shape::Optional(Opt::Group));
                header.set_shape("NAMESPACE", Shape::Optional(Opt::Group));
                header.set_shape("STATUS", Shape::Keyword(SYNC));
                header.set_shape("HEALTH", Shape::Optional(Opt::OneOf(HEALTH)));
                header.set_shape("HOOK", Shape::Optional(Opt::OneOf(HOOKS)));
            }
            Family::Flux => header.set_shape("STATUS", Shape::Text),
            Family::Objects if self.kind == Some(EntityKind::Certificate) => header.set_shape("STATUS", Shape::Text),
            _ => {}
        }
    }
}

fn from_command(command: &Command) -> Option<Identity> {
    let words = command.positionals();
    let verb = words.first().copied().unwrap_or("");
    let object = |kind: Option<EntityKind>| Some(Identity { family: Family::Objects, kind });
    let family = |family: Family| Some(Identity { family, kind: None });
    match (command.program.as_str(), verb) {
        ("kubectl", "events") => family(Family::Events),
        ("kubectl", "top") => family(Family::Top),
        ("kubectl", "rollout") if words.get(1) == Some(&"history") => family(Family::RolloutHistory),
        ("kubectl", "get") => {
            let (resource, _) = command.resource()?;
            if resource.contains(',') || resource == "all" {
                return object(None);
            }
            let kind = EntityKind::from_k8s(resource);
            match kind {
                _ if matches!(resource.split('.').next(), Some("events" | "event" | "ev")) => family(Family::Events),
                EntityKind::GitOpsApp => family(Family::ArgoApps),
                EntityKind::Kustomization | EntityKind::HelmRelease => Some(Identity { family: Family::Flux, kind: Some(EntityKind::GitOpsApp) }),
                EntityKind::Resource(_) if resource.contains("toolkit.fluxcd.io") => {
                    Some(Identity { family: Family::Flux, kind: Some(flux_kind(resource)) })
                }
                kind => object(Some(kind)),
            }
        }
        // Velero's objects: `velero backup get`, also written `velero get backups`.
        ("velero", "get") => words.get(1).and_then(|noun| velero_kind(noun)).map(|kind| Identity { family: Family::Objects, kind: Some(kind) }),
        ("velero", noun) if words.get(1) == Some(&"get") => velero_kind(noun).map(|kind| Identity { family: Family::Objects, kind: Some(kind) }),
        ("helm", "history") => family(Family::HelmHistory),
        ("helm", "list" | "ls") => family(Family::HelmList),
        ("argocd", "app") => match words.get(1).copied() {
            Some("list") => family(Family::ArgoApps),
            Some("history") => family(Family::ArgoHistory),
            Some("resources") => family(Family::ArgoResources),
            _ => None,
        },
        ("flux", "get") => {
            let what = match words.get(1).copied() {
                Some("sources" | "source") => words.get(2).copied().unwrap_or("all"),
                Some("images" | "image") => words.get(2).copied().unwrap_or("all"),
                other => other.unwrap_or("all"),
            };
            let kind = (what != "all").then(|| flux_kind(what));
            Some(Identity { family: Family::Flux, kind })
        }
        _ => None,
    }
}

/// The kind of a Velero object its CLI names (`backup`, `schedules`, `restore`).
fn velero_kind(noun: &str) -> Option<EntityKind> {
    let kind = match noun.trim_end_matches('s') {
        "backup" => "Backup",
        "schedule" => "Schedule",
        "restore" => "Restore",
        _ => return None,
    };
    Some(EntityKind::Resource(kind.to_string()))
}

/// The entity kind of a Flux object named by `flux get` (`ks`, `hr`, `git`) or by its
/// resource name: Kustomizations and HelmReleases are the apps that sync from git, sources
/// and image automation objects keep their own kind.
pub fn flux_kind(word: &str) -> EntityKind {
    let word = word.split('.').next().unwrap_or(word).to_ascii_lowercase();
    let kind = match word.as_str() {
        "kustomization" | "kustomizations" | "ks" | "helmrelease" | "helmreleases" | "hr" => return EntityKind::GitOpsApp,
        "git" | "gitrepository" | "gitrepositories" => "GitRepository",
        "helm" | "helmrepository" | "helmrepositories" => "HelmRepository",
        "chart" | "helmchart" | "helmcharts" => "HelmChart",
        "oci" | "ocirepository" | "ocirepositories" => "OCIRepository",
        "bucket" | "buckets" => "Bucket",
        "repository" | "imagerepository" | "imagerepositories" => "ImageRepository",
        "policy" | "imagepolicy" | "imagepolicies" => "ImagePolicy",
        "update" | "imageupdateautomation" | "imageupdateautomations" => "ImageUpdateAutomation",
        _ => return EntityKind::Resource(word),
    };
    EntityKind::Resource(kind.to_string())
}

/// The columns `kubectl get` prints for a kind, for output pasted with `--no-headers`:
/// the plain columns, `-o wide`'s, and those of newer kubectl versions, most columns first.
pub fn default_headers(kind: &EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Pod => &["NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES", "NAME READY STATUS RESTARTS AGE"],
        EntityKind::Deployment => &["NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR", "NAME READY UP-TO-DATE AVAILABLE AGE"],
        EntityKind::ReplicaSet => &["NAME DESIRED CURRENT READY AGE CONTAINERS IMAGES SELECTOR", "NAME DESIRED CURRENT READY AGE"],
        EntityKind::StatefulSet => &["NAME READY AGE CONTAINERS IMAGES", "NAME READY AGE"],
        EntityKind::Job => &["NAME STATUS COMPLETIONS DURATION AGE", "NAME COMPLETIONS DURATION AGE"],
        EntityKind::CronJob => &["NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE", "NAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE"],
        EntityKind::Service => &["NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR", "NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE"],
        EntityKind::Node => &["NAME STATUS ROLES AGE VERSION"],
        _ => &[],
    }
}

/// The columns `kubectl get events` prints (`-o wide` adds its own), for event rows whose
/// header a `grep` or `--no-headers` removed.
pub fn event_headers(wide: bool) -> &'static [&'static str] {
    if wide {
        &["LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME"]
    } else {
        &["LAST SEEN TYPE REASON OBJECT MESSAGE"]
    }
}

/// Families other than plain objects, by the columns only they print.
fn special_family(h: &Header<'_>) -> Option<Family> {
    let has = |names: &[&str]| names.iter().all(|n| h.has(n));
    // A console's events tab (`Type Reason Age From Message`) lists the events of the object
    // its page shows, without an object column.
    // Lens's events list names the involved object but no reason (`Type Message Namespace
    // Involved Object Source Count Age Last Seen`).
    let console_events = h.tabbed() && (has(&["TYPE", "REASON", "MESSAGE"]) || has(&["TYPE", "MESSAGE", "OBJECT"]));
    Some(if has(&["TYPE", "REASON", "OBJECT"]) || has(&["LAST SEEN", "REASON", "KIND", "MESSAGE"]) || console_events {
        Family::Events
    } else if has(&["REVISION", "CHANGE-CAUSE"]) {
        Family::RolloutHistory
    } else if has(&["CPU(cores)", "MEMORY(bytes)"]) {
        Family::Top
    } else if has(&["REVISION", "UPDATED", "CHART", "DESCRIPTION"]) {
        Family::HelmHistory
    } else if has(&["REVISION", "UPDATED", "CHART", "NAMESPACE"]) {
        Family::HelmList
    } else if has(&["PROJECT", "HEALTH", "REPO"]) || has(&["SYNC STATUS", "HEALTH STATUS"]) {
        Family::ArgoApps
    } else if has(&["ID", "DATE", "REVISION"]) {
        Family::ArgoHistory
    } else if has(&["GROUP", "KIND", "STATUS", "HEALTH"]) {
        Family::ArgoResources
    } else if has(&["REVISION", "SUSPENDED", "READY", "MESSAGE"]) {
        Family::Flux
    } else {
        return None;
    })
}

/// The kind of object a `kubectl get` header belongs to, by its signature columns.
fn kind_from_header(h: &Header<'_>) -> Option<EntityKind> {
    let has = |names: &[&str]| names.iter().all(|n| h.has(n));
    let names: Vec<&str> = h.columns.iter().map(|c| c.name).filter(|n| *n != "NAMESPACE").collect();
    Some(if has(&["RESTARTS", "STATUS"]) {
        EntityKind::Pod
    } else if has(&["UP-TO-DATE", "AVAILABLE"]) && !h.has("DESIRED") {
        EntityKind::Deployment
    } else if has(&["DESIRED", "CURRENT", "UP-TO-DATE"]) || h.has("NODE SELECTOR") {
        EntityKind::DaemonSet
    } else if has(&["DESIRED", "CURRENT"]) {
        EntityKind::ReplicaSet
    } else if h.has("COMPLETIONS") {
        EntityKind::Job
    } else if has(&["SCHEDULE", "SUSPEND"]) {
        EntityKind::CronJob
    } else if h.has("CLUSTER-IP") {
        EntityKind::Service
    } else if h.has("ENDPOINTS") {
        EntityKind::Endpoints
    } else if has(&["REFERENCE", "MINPODS"]) {
        EntityKind::HorizontalPodAutoscaler
    } else if has(&["ROLES", "VERSION"]) {
        EntityKind::Node
    } else if has(&["TYPE", "DATA"]) {
        EntityKind::Secret
    } else if h.has("DATA") {
        EntityKind::ConfigMap
    } else if has(&["CLASS", "HOSTS"]) {
        EntityKind::Ingress
    } else if h.has("POD-SELECTOR") {
        EntityKind::NetworkPolicy
    } else if has(&["READY", "SECRET"]) {
        EntityKind::Certificate
    } else if has(&["REQUEST", "LIMIT"]) {
        EntityKind::ResourceQuota
    } else if names.starts_with(&["NAME", "READY", "AGE"]) {
        EntityKind::StatefulSet
    } else if names == ["NAME", "STATUS", "AGE"] {
        EntityKind::Namespace
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::Lines;

    fn identify(command: &str, header: &str) -> Option<(Family, Option<EntityKind>)> {
        let header = Header::parse(Lines::all(header).next()?);
        let command = Command::parse(command);
        let id = Identity::of(command.as_ref(), &header);
        Some((id.family, id.kind))
    }

    #[test]
    fn the_command_names_the_table() {
        assert_eq!(identify("kubectl get deploy web -o wide", "NAME READY"), Some((Family::Objects, Some(EntityKind::Deployment))));
        assert_eq!(identify("kubectl get ev -A", "NAMESPACE LAST SEEN TYPE"), Some((Family::Events, None)));
        assert_eq!(identify("helm history payments -n pay", "REVISION UPDATED"), Some((Family::HelmHistory, None)));
        assert_eq!(identify("flux get sources git", "NAME REVISION"), Some((Family::Flux, Some(EntityKind::Resource("GitRepository".into())))));
        assert_eq!(identify("flux get ks -A", "NAME REVISION"), Some((Family::Flux, Some(EntityKind::GitOpsApp))));
        assert_eq!(identify("kubectl get kustomizations.kustomize.toolkit.fluxcd.io -A", "NAME AGE READY STATUS"), Some((Family::Flux, Some(EntityKind::GitOpsApp))));
        // Velero's objects, noun first or verb first.
        let backup = Some((Family::Objects, Some(EntityKind::Resource("Backup".into()))));
        assert_eq!(identify("velero backup get", "NAME STATUS ERRORS WARNINGS CREATED EXPIRES STORAGE LOCATION SELECTOR"), backup);
        assert_eq!(identify("velero get backups", "NAME STATUS"), backup);
    }

    #[test]
    fn the_header_names_the_table_when_no_command_does() {
        assert_eq!(identify("", "NAME READY STATUS RESTARTS AGE"), Some((Family::Objects, Some(EntityKind::Pod))));
        assert_eq!(identify("", "NAME COMPLETIONS DURATION AGE"), Some((Family::Objects, Some(EntityKind::Job))));
        assert_eq!(identify("", "REVISION CHANGE-CAUSE"), Some((Family::RolloutHistory, None)));
        assert_eq!(identify("", "NAME DESIRED CURRENT READY AGE"), Some((Family::Objects, Some(EntityKind::ReplicaSet))));
        assert_eq!(identify("", "NAME SYNC STATUS HEALTH STATUS"), Some((Family::ArgoApps, None)));
        assert_eq!(identify("", "NAME FOO BAR"), Some((Family::Objects, None)));
    }
}
