//! `image-pull-error`: the kubelet cannot pull a container's image — the tag does not
//! exist, the registry refuses the node's credentials, or the name or registry is wrong.
//!
//! What it finds: ErrImagePull / ImagePullBackOff / InvalidImageName states and statuses,
//! "Failed to pull image" and "Back-off pulling image" events, and the registry's answer
//! ("manifest unknown", "not found", "unauthorized", "no such host").
//! Against it: the same image was pulled or is running in the same pod, the rollout
//! finished, or the failing pod was deleted after it failed.
//! Why it matters: new pods never start; during a rollout the old ones keep serving, so
//! the release silently does not happen.

use crate::fact::{EntityId, Value};
use crate::image::ImageRef;
use crate::infer::claim::{Claim, ClaimKind, Claims};
use crate::infer::derive::pods::{by_unit, declared_image, names, Seen};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::{same_image, Kb};
use crate::infer::words::capitalise;

pub const CLASS: &str = "image-pull-error";

/// Pull failures are specific and say so themselves.
const PRIOR: f64 = -2.0;
/// The kubelet reports it cannot pull the image.
const PULL_FAILING: f64 = 3.0;
/// The registry's answer names why: a missing tag, refused credentials, no route.
const REJECTED: f64 = 0.8;
/// The same image was pulled, or a container of the same pod runs from it.
const PRESENT: f64 = 2.5;
/// The rollout finished: every new replica became available.
const ROLLED_OUT: f64 = 1.5;
/// The pod that failed to pull was deleted afterwards (a test pod removed, a rollout that
/// replaced it): the failure is history.
const DELETED: f64 = 3.0;
/// A pod of another ReplicaSet of the same workload pulled the same repository under another
/// tag after the failure: the failing pod belongs to a rollout that was superseded.
const FIXED_BY_NEWER_POD: f64 = 2.5;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut out = Vec::new();
    for (unit, about) in by_unit(kb, claims, |k| matches!(k, ClaimKind::ImagePullFailing { .. })) {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(unit);
        let failing: Vec<(&Claim, &String)> = about
            .iter()
            .filter_map(|c| match &c.kind {
                ClaimKind::ImagePullFailing { image: Some(image) } => Some((*c, image)),
                _ => None,
            })
            .collect();
        let mut pro = Seen::default();
        for claim in &about {
            match &claim.kind {
                ClaimKind::ImagePullFailing { .. } => finding.support(claim.id, pro.weight("failing", PULL_FAILING)),
                ClaimKind::PullRejected { why, .. } => finding.support(claim.id, pro.weight(*why, REJECTED)),
                // Only the very image that fails, in the very pod: another tag pulled fine says nothing.
                ClaimKind::ImagePresent { image } if failing.iter().any(|(f, i)| f.subject == claim.subject && same_ref(i, image)) => {
                    finding.contradict(claim.id, PRESENT)
                }
                // ... unless a newer rollout pulled the same repository under a corrected tag.
                ClaimKind::ImagePresent { image } if failing.iter().any(|(f, i)| later(kb, f, claim) && fixed_by(kb, f.subject, i, claim.subject, image)) => {
                    finding.contradict(claim.id, FIXED_BY_NEWER_POD)
                }
                ClaimKind::WorkloadAvailable { rolled_out: true } => finding.contradict(claim.id, ROLLED_OUT),
                // Every failing pod was deleted after it failed: nothing is left pulling.
                ClaimKind::PodGone
                    if failing.iter().all(|(f, _)| about.iter().any(|g| matches!(g.kind, ClaimKind::PodGone) && g.subject == f.subject && later(kb, f, g))) =>
                {
                    finding.contradict(claim.id, DELETED)
                }
                _ => {}
            }
        }
        finding.wording = words(kb, claims, &finding, unit);
        out.push(finding);
    }
    out
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, of: EntityId) -> Wording {
    let supporting = finding.supporting(claims);
    let n = names(kb, of, &supporting);
    let ns = &n.ns;
    let image = supporting
        .iter()
        .find_map(|c| match &c.kind {
            ClaimKind::ImagePullFailing { image } | ClaimKind::PullRejected { image, .. } => image.clone(),
            _ => None,
        })
        .or_else(|| declared_image(kb, of, &n, &supporting));
    let why = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::PullRejected { why, .. } => Some(*why),
        _ => None,
    });
    let image_text = image.clone().unwrap_or_else(|| "<image>".into());
    let title = match why {
        Some("not-found") => format!("{} cannot pull {image_text}: the tag or repository does not exist", n.target),
        Some("unauthorized") => format!("{} cannot pull {image_text}: the registry refuses the credentials", n.target),
        Some("missing-or-denied") => format!("{} cannot pull {image_text}: the repository does not exist or needs credentials", n.target),
        Some("unreachable") => format!("{} cannot pull {image_text}: the registry is unreachable from the node", n.target),
        Some("rate-limited") => format!("{} cannot pull {image_text}: the registry rate-limits pulls", n.target),
        Some(_) => format!("{} cannot pull {image_text}: the image reference is invalid", n.target),
        None if image.is_some() => format!("{} cannot pull {image_text}", n.target),
        None => format!("{} cannot pull its image", n.target),
    };
    let mut story: Vec<String> = supporting.iter().map(|c| c.statement.clone()).collect();
    story.dedup();
    story.truncate(3);
    story.push("the containers never start, so whatever ran before (if anything) keeps serving".into());
    if !finding.contradicts.is_empty() {
        story.push(format!(
            "but {}",
            finding.contradicts.iter().map(|(id, _)| claims.get(*id).statement.clone()).collect::<Vec<_>>().join("; ")
        ));
    }
    let summary = format!("{}.", capitalise(&story.join("; ")));

    let parsed = image.as_deref().and_then(ImageRef::parse);
    let repository = parsed.as_ref().map(|i| i.name()).unwrap_or_else(|| "<registry>/<repository>".into());
    let registry = parsed.as_ref().and_then(|i| i.registry.clone()).unwrap_or_else(|| "docker.io".into());
    let container = n.container.clone().unwrap_or_else(|| "<container>".into());
    let set_image = match &n.workload {
        Some((kind, name)) => format!("`kubectl {ns}set image {kind}/{name} {container}={repository}:<existing-tag>`"),
        None => format!("set `{container}` to {repository}:<existing-tag> in the pod's manifest"),
    };
    let now = match why {
        Some("unauthorized") => match cloud_registry(&registry) {
            Some(how) => format!("Now: {how}, or pull with an `imagePullSecrets` secret for {registry}; check that the credentials have not expired."),
            None => format!(
                "Now: give the pods credentials for {registry}: `kubectl {ns}create secret docker-registry <pull-secret> --docker-server={registry} --docker-username=<user> --docker-password=<token>` and add it under `imagePullSecrets` of the pod spec (or its ServiceAccount); check that the token has not expired."
            ),
        },
        Some("unreachable") => format!("Now: check that nodes resolve and reach {registry} (DNS, egress firewall, proxy), or pull from a mirror they can reach."),
        Some("rate-limited") => format!("Now: authenticate pulls to {registry} (a pull secret raises the limit) or pull through a mirror/cache."),
        Some("invalid-name") => format!(
            "Now: fix the image reference `{image_text}` — repository names are lower-case, with no spaces or stray characters — in the manifest or values that set it{}.",
            n.workload.as_ref().map(|(k, w)| format!(" (or `kubectl {ns}set image {k}/{w} {container}=<fixed reference>`)")).unwrap_or_default()
        ),
        Some("missing-or-denied") => format!(
            "Now: check the name and tag (`crane ls {repository}` with the same credentials the pods use); if they exist, the pods' pull secret lacks access to {repository} — fix it under `imagePullSecrets`; if not, {set_image} or push the tag."
        ),
        _ => format!("Now: point the workload at a tag that exists ({set_image}), or push the missing tag; `crane ls {repository}` lists the tags there are."),
    };
    let fixes = vec![
        now,
        "Lasting: deploy only images CI has pushed — have the pipeline write the pushed tag or digest into the manifest, and check it exists (`crane digest <image>`) before applying; keep pull secrets in the ServiceAccount, rotated before they expire.".into(),
    ];
    let pod = n.pod_or_placeholder();
    let mut checks = vec![
        Check::new(format!("kubectl {ns}describe pod {pod}"), PULL_FAILING * 0.3, false),
        Check::new(format!("crane digest {image_text}"), REJECTED + PULL_FAILING * 0.3, true),
        Check::new(format!("kubectl {ns}get pod {pod} -o jsonpath='{{.spec.imagePullSecrets}}'"), REJECTED, true),
    ];
    if let Some(node) = &n.node {
        checks.push(Check::new(format!("# on node {node}: crictl pull {image_text}"), REJECTED, true));
    }
    Wording { title, summary, fixes, checks }
}

/// How nodes of the big clouds authenticate to their own registries, which use the node's
/// identity rather than a pull secret.
fn cloud_registry(registry: &str) -> Option<&'static str> {
    if registry.contains(".dkr.ecr.") {
        Some("let the node role read the repository (ECR: `ecr:GetAuthorizationToken`, `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer`; a repository policy when it is in another account)")
    } else if registry.ends_with("-docker.pkg.dev") || registry.ends_with("gcr.io") {
        Some("grant the node service account `roles/artifactregistry.reader` on the repository's project")
    } else if registry.ends_with(".azurecr.io") {
        Some("attach the registry to the cluster (`az aks update --attach-acr <registry>`) or grant the kubelet identity `AcrPull`")
    } else {
        None
    }
}

/// Two references to one image and tag (`nginx:1.25` is `docker.io/library/nginx:1.25`).
/// Whether `present` (pulled or running in pod `by`) is the failing image's repository under
/// another tag, in a pod of another ReplicaSet of the same workload than the failing `pod`:
/// the tag was corrected and a new rollout pulled it.
fn fixed_by(kb: &Kb<'_>, pod: Option<EntityId>, failing: &str, by: Option<EntityId>, present: &str) -> bool {
    let (Some(pod), Some(by)) = (pod, by) else { return false };
    let (Some(x), Some(y)) = (ImageRef::parse(failing), ImageRef::parse(present)) else { return false };
    let other_replica_set = kb.owner(pod).is_some() && kb.owner(by).is_some() && kb.owner(pod) != kb.owner(by);
    same_image(&x, &y) && x.tag != y.tag && other_replica_set && kb.workload_of(pod).is_some() && kb.workload_of(pod) == kb.workload_of(by)
}

/// Whether claim `b` happened after claim `a`: by their times, else by the ages of the
/// events they rest on (`15h` before `10h` in `get events`).
fn later(kb: &Kb<'_>, a: &Claim, b: &Claim) -> bool {
    let seen_ago = |claim: &Claim| {
        claim.rests_on.iter().filter_map(|id| match &kb.fact(*id).value {
            Value::Event(e) => e.last_seen_ago,
            _ => None,
        }).min()
    };
    match (a.time, b.time) {
        (Some(a), Some(b)) => b > a,
        _ => matches!((seen_ago(a), seen_ago(b)), (Some(a), Some(b)) if b < a),
    }
}

fn same_ref(a: &str, b: &str) -> bool {
    match (ImageRef::parse(a), ImageRef::parse(b)) {
        (Some(x), Some(y)) => same_image(&x, &y) && x.tag.as_deref().unwrap_or("latest") == y.tag.as_deref().unwrap_or("latest"),
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::same_ref;

    /// A pull failure in a pod of an old ReplicaSet; `later` is what a pod of the newer one
    /// pulled afterwards.
    fn superseded(later: &str) -> String {
        format!(
            "$ kubectl get events -n shop\nLAST SEEN TYPE REASON OBJECT MESSAGE\n15h Warning Failed pod/api-5f8c7b9d6-qk2xw Failed to pull image \"reg.io/mirror/sidecar:3.0.7-amd64\": rpc error: code = NotFound desc = manifest unknown\n15h Warning Failed pod/api-5f8c7b9d6-qk2xw Error: ImagePullBackOff\n10h Normal Pulled pod/api-7d94c6f58-h8v2n Successfully pulled image \"{later}\" in 1.9s\n"
        )
    }

    #[test]
    fn a_newer_rollout_pulling_the_corrected_tag_contradicts() {
        use crate::infer::detect::confidence_of;
        let fixed = confidence_of(&superseded("reg.io/mirror/sidecar:3.0.7"), super::CLASS).unwrap_or(0.0);
        let other_image = confidence_of(&superseded("reg.io/other/tool:1.0"), super::CLASS).unwrap_or(0.0);
        assert!(fixed < 0.5, "{fixed}");
        assert!(other_image >= 0.5, "{other_image}");
    }

    #[test]
    fn a_pod_deleted_after_its_pull_failed_is_history() {
        use crate::infer::detect::confidence_of;
        let failed = "$ kubectl get events -n web\nLAST SEEN TYPE REASON OBJECT MESSAGE\n3h12m Warning Failed pod/debug-tmp Failed to pull image \"reg.io/tools/netshoot:latestt\": rpc error: code = NotFound desc = not found\n3h10m Normal BackOff pod/debug-tmp Back-off pulling image \"reg.io/tools/netshoot:latestt\"\n";
        let deleted = format!("{failed}3h8m Normal Killing pod/debug-tmp Stopping container netshoot\n");
        let restarted = format!("{failed}3h8m Normal Killing pod/debug-tmp Container netshoot failed liveness probe, will be restarted\n");
        let still = confidence_of(failed, super::CLASS).unwrap_or(0.0);
        assert!(still >= 0.5, "{still}");
        let gone = confidence_of(&deleted, super::CLASS).unwrap_or(0.0);
        assert!(gone < 0.5, "{gone}");
        // A probe's kill restarts the container; the pod is still there.
        let probe = confidence_of(&restarted, super::CLASS).unwrap_or(0.0);
        assert!(probe >= 0.5, "{probe}");
    }

    #[test]
    fn references_match_across_implied_registries_but_not_tags() {
        assert!(same_ref("nginx:1.25", "docker.io/library/nginx:1.25"));
        assert!(!same_ref("ghcr.io/acme/api:2.0", "ghcr.io/acme/api:1.9"));
        assert!(same_ref("ghcr.io/acme/api", "ghcr.io/acme/api:latest"));
    }

    #[test]
    fn cloud_registries_are_told_apart_by_host() {
        assert!(super::cloud_registry("314159265358.dkr.ecr.eu-west-1.amazonaws.com").is_some_and(|h| h.contains("ECR")));
        assert!(super::cloud_registry("europe-docker.pkg.dev").is_some());
        assert!(super::cloud_registry("harbor.shopline.io").is_none());
    }
}
