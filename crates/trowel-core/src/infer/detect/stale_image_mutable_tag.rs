//! `stale-image-mutable-tag`: the pods keep running an old image because the workload
//! points at a tag that moved.
//!
//! What it finds: a workload deployed by a moving tag (`latest`, a branch tag, or a version
//! tag that was pushed again) whose pods run a digest other than the one CI pushed, whose
//! app reports an older build than CI built, or whose GitOps sync had nothing to change.
//! Why it matters: every dashboard says the deploy succeeded (CI green, GitOps Synced and
//! Healthy) while the old code keeps serving.

use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::images::names_overlap;
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::{ns_flag, selector};
use crate::fact::{EntityId, EntityKind, Predicate};

pub const CLASS: &str = "stale-image-mutable-tag";

/// A random paste rarely shows this.
const PRIOR: f64 = -2.5;
/// Direct proof: the digest running is not the digest pushed.
const DIGEST_MISMATCH: f64 = 3.2;
/// The app itself says it is an older build than CI produced.
const BUILD_MISMATCH: f64 = 2.0;
/// The mechanism: a tag can move while the spec stays the same.
const MUTABLE_REF: f64 = 1.2;
/// GitOps saw nothing to roll out after the push.
const NOOP_SYNC: f64 = 1.0;
/// Nodes reuse their cached image for the tag.
const CACHED_PULL: f64 = 0.7;
/// Pods run exactly what CI pushed.
const DIGEST_MATCH: f64 = 3.5;
/// The app reports the build CI pushed.
const BUILD_MATCH: f64 = 2.0;
/// A digest-pinned reference cannot go stale this way.
const PINNED: f64 = 1.5;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut images: Vec<String> = Vec::new();
    for claim in claims.all() {
        if let ClaimKind::DigestMismatch { image, .. } | ClaimKind::MutableImageRef { image, .. } = &claim.kind {
            if !images.contains(image) {
                images.push(image.clone());
            }
        }
    }
    let single = images.len() == 1;
    let mut out = Vec::new();
    for image in &images {
        let mut finding = Finding::new(CLASS, PRIOR);
        let mut mechanism = false;
        for claim in claims.all() {
            let about_image = |i: &str| i == image;
            let about_app = single || claim.subject.is_some_and(|s| names_overlap(&kb.entity(s).name, image));
            match &claim.kind {
                ClaimKind::DigestMismatch { image: i, .. } if about_image(i) => {
                    finding.support(claim.id, DIGEST_MISMATCH);
                    mechanism = true;
                    finding.subject = finding.subject.or(claim.subject);
                }
                ClaimKind::MutableImageRef { image: i, .. } if about_image(i) => {
                    finding.support(claim.id, MUTABLE_REF);
                    mechanism = true;
                    finding.subject = finding.subject.or(claim.subject);
                }
                ClaimKind::CachedPull { image: i } if about_image(i) => finding.support(claim.id, CACHED_PULL),
                ClaimKind::BuildMismatch { .. } if about_app => finding.support(claim.id, BUILD_MISMATCH),
                ClaimKind::NoopSync { .. } => finding.support(claim.id, NOOP_SYNC),
                ClaimKind::DigestMatch { image: i } if about_image(i) => finding.contradict(claim.id, DIGEST_MATCH),
                ClaimKind::BuildMatch { .. } if about_app => finding.contradict(claim.id, BUILD_MATCH),
                ClaimKind::PinnedImageRef { image: i } if about_image(i) => finding.contradict(claim.id, PINNED),
                _ => {}
            }
        }
        if !mechanism {
            continue;
        }
        finding.wording = words(kb, claims, &finding, image);
        out.push(finding);
    }
    out
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, image: &str) -> Wording {
    let supporting = finding.supporting(claims);
    let find = |test: fn(&ClaimKind) -> bool| supporting.iter().find(|c| test(&c.kind)).copied();
    let workload = finding.subject.filter(|s| kb.entity(*s).kind.is_workload()).or_else(|| workload_with_image(kb, image));
    let ns = ns_flag(kb, workload);
    let workload_name = workload.map(|w| kb.entity(w).name.clone()).unwrap_or_else(|| image.rsplit('/').next().unwrap_or(image).to_string());
    let moving_tag = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::MutableImageRef { tag, .. } => Some(tag.clone()),
        _ => None,
    });
    let pushed_tag = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::DigestMismatch { tag, .. } => tag.clone(),
        _ => None,
    });
    let tag = moving_tag.clone().or(pushed_tag).unwrap_or_else(|| "latest".into());
    let mismatch = find(|k| matches!(k, ClaimKind::DigestMismatch { .. }));
    let pushed = mismatch.and_then(|c| match &c.kind {
        ClaimKind::DigestMismatch { pushed, running, .. } => Some((pushed.clone(), running.clone())),
        _ => None,
    });
    let build = find(|k| matches!(k, ClaimKind::BuildMismatch { .. })).and_then(|c| match &c.kind {
        ClaimKind::BuildMismatch { reported, built } => Some((reported.clone(), built.clone())),
        _ => None,
    });
    let sync = find(|k| matches!(k, ClaimKind::NoopSync { .. })).and_then(|c| match &c.kind {
        ClaimKind::NoopSync { app, .. } => Some(app.clone()),
        _ => None,
    });
    let overlay = kb
        .with(Predicate::ImageOverride)
        .find(|f| f.value.as_image().is_some_and(|i| i.name() == image))
        .and_then(|f| kb.ingest.artifacts[f.artifact.0 as usize].path.clone());

    let title = format!("{workload_name} still runs an old image: `{image}:{tag}` moved on, the pods did not");
    let mut story = vec![if moving_tag.is_some() {
        format!("{workload_name} is deployed as `{image}:{tag}`, a tag that moves with every push")
    } else {
        format!("{workload_name} is deployed as `{image}:{tag}`, and that tag was pushed again with a different image")
    }];
    match (&pushed, &build) {
        (Some((pushed, running)), Some((reported, built))) => story.push(format!(
            "CI built {built} and pushed {pushed}, but the pods run {running} and the app reports {reported}"
        )),
        (Some((pushed, running)), None) => story.push(format!("CI pushed {pushed}, but the pods run {running}")),
        (None, Some((reported, built))) => story.push(format!("CI built {built}, but the app reports {reported}")),
        (None, None) => {}
    }
    if let Some(app) = &sync {
        story.push(format!("because the manifest never changed, {app} synced with nothing to roll out, so the new build never started"));
    } else {
        story.push("because the pod spec never changed, nothing rolled the pods onto the new image".into());
    }
    let summary = format!("{}.", story.join("; "));

    let full_digest = match pushed.as_ref().map(|(p, _)| p) {
        Some(p) if p.contains('…') => format!(" (the paste shows {p} truncated; `crane digest {image}:{tag}` gives the full value)"),
        Some(_) => String::new(),
        None => format!(" (`crane digest {image}:{tag}` gives it)"),
    };
    let gitops_caveat = if sync.is_some() || kb.with(Predicate::SyncStatus).next().is_some() {
        "; with GitOps in charge, prefer committing the pin below and syncing, or the controller will see drift"
    } else {
        ""
    };
    let container = container_name(kb, workload).unwrap_or_else(|| "<container>".into());
    let new_version = build.as_ref().map(|(_, built)| built.split_whitespace().nth(1).unwrap_or("<version>").to_string());
    let pin = match &new_version {
        Some(v) => format!("`newTag: {v}` (or `digest: <sha256>`)"),
        None => "an immutable version tag or `digest: <sha256>`".into(),
    };
    let fixes = vec![
        format!(
            "Now: roll the pods onto the pushed image by digest: `kubectl {ns}set image deployment/{workload_name} {container}={image}@<sha256>`{full_digest}{gitops_caveat}."
        ),
        format!(
            "Lasting: pin the image in git — {pin} in {} — and have CI write each new tag/digest into git (e.g. Argo CD Image Updater or Flux image automation) instead of moving `{tag}`.",
            overlay.as_deref().unwrap_or("the overlay/values that set the image")
        ),
        format!("Lasting: forbid moving tags in production (an admission policy rejecting `:{tag}` and images without a digest), and use `imagePullPolicy: Always` only as a stopgap."),
    ];

    let running_pasted = supporting.iter().any(|c| matches!(c.kind, ClaimKind::DigestMismatch { .. }))
        || kb.with(Predicate::ImageId).next().is_some();
    let pushed_pasted = kb.with(Predicate::Pushed).next().is_some();
    let mut checks = vec![
        Check::new(
            format!("kubectl {ns}get pods -l {} -o jsonpath='{{range .items[*]}}{{.metadata.name}}{{\"\\t\"}}{{.status.containerStatuses[0].imageID}}{{\"\\n\"}}{{end}}'", selector(kb, workload)),
            if running_pasted { DIGEST_MISMATCH * 0.3 } else { DIGEST_MISMATCH },
            !running_pasted,
        ),
        Check::new(format!("crane digest {image}:{tag}"), if pushed_pasted { DIGEST_MISMATCH * 0.5 } else { DIGEST_MISMATCH }, !pushed_pasted),
        Check::new(
            format!("kubectl {ns}get deployment {workload_name} -o jsonpath='{{.spec.template.spec.containers[*].imagePullPolicy}}'"),
            CACHED_PULL,
            kb.with(Predicate::PullPolicy).next().is_none(),
        ),
    ];
    if let Some(app) = &sync {
        checks.push(Check::new(format!("argocd app diff {app} --refresh"), NOOP_SYNC * 0.5, false));
    }
    Wording { title, summary, fixes, checks }
}

/// The workload that declares an image, when the finding's own subject is not one.
fn workload_with_image(kb: &Kb<'_>, image: &str) -> Option<EntityId> {
    kb.with(Predicate::Image)
        .filter(|f| f.value.as_image().is_some_and(|i| i.name() == image))
        .find_map(|f| kb.workload_of(f.subject))
}

/// The container of a workload running the image, from `CONTAINERS` or a pod spec.
fn container_name(kb: &Kb<'_>, workload: Option<EntityId>) -> Option<String> {
    let workload = workload?;
    kb.facts()
        .entities()
        .iter()
        .enumerate()
        .find(|(i, e)| {
            e.kind == EntityKind::Container && kb.lineage(EntityId(*i as u32)).contains(&workload)
        })
        .map(|(_, e)| e.name.rsplit('/').next().unwrap_or(&e.name).to_string())
}
