//! Claims about images: what runs vs what was pushed (digests), what the app reports vs
//! what CI built (versions/commits), references by moving tags, and cached pulls.

use crate::ascii::Set;
use crate::fact::{Build, Fact, Predicate, Value};
use crate::image::{Digest, DigestRelation, ImageRef};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::kb::{same_image, Kb};

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    digests(kb, claims);
    builds(kb, claims);
    references(kb, claims);
    registry_answers(kb, claims);
    runtime_pull_errors(kb, claims);
}

/// A container runtime on a host says it could not pull an image (Docker, compose, podman):
/// the pull fails, for the reason the registry's answer in its error gives. One claim per
/// image reference, resting on its first few lines.
fn runtime_pull_errors(kb: &Kb<'_>, claims: &mut Claims) {
    let mut failed: Vec<(crate::fact::EntityId, &str, Vec<&Fact>)> = Vec::new();
    for fact in kb.with(Predicate::PullFailed) {
        let Some((reference, _)) = fact.value.as_pair() else { continue };
        match failed.iter_mut().find(|(s, r, _)| *s == fact.subject && *r == reference) {
            Some((_, _, facts)) => facts.push(fact),
            None => failed.push((fact.subject, reference, vec![fact])),
        }
    }
    for (subject, image, facts) in failed {
        let rests_on: Vec<_> = facts.iter().take(crate::infer::derive::pods::MAX_QUOTES).map(|f| f.id).collect();
        let last = facts.iter().filter_map(|f| f.time).max();
        let n = facts.len();
        let statement = format!("the container runtime could not pull {image} ({n} time{})", if n == 1 { "" } else { "s" });
        claims.add(ClaimKind::ImagePullFailing { image: Some(image.to_string()) }, statement, rests_on.clone(), Some(subject), last);
        let why = facts.iter().find_map(|f| f.value.as_pair().and_then(|(_, error)| crate::infer::derive::pods::pull_rejection(error)));
        if let Some(why) = why {
            let statement = format!("pulling {image} fails because {}", crate::infer::derive::pods::rejection_words(why));
            claims.add(ClaimKind::PullRejected { image: Some(image.to_string()), why }, statement, rests_on, Some(subject), last);
        }
    }
}

/// A registry's log shows nodes' runtimes asking for a tag it does not have: a 404 at two
/// or more moments (the kubelet retries with back-off) and no later request for the same tag
/// answered. One 404 alone can be a mirror tried before another registry, so it says nothing.
fn registry_answers(kb: &Kb<'_>, claims: &mut Claims) {
    // (image entity, reference) → the 404 facts, whether a later request found it.
    let mut asked: Vec<(crate::fact::EntityId, &str, Vec<&Fact>, Option<crate::time::Timestamp>)> = Vec::new();
    for fact in kb.with(Predicate::RegistryAnswer) {
        let Some((reference, status)) = fact.value.as_pair() else { continue };
        let i = match asked.iter().position(|(s, r, _, _)| *s == fact.subject && *r == reference) {
            Some(i) => i,
            None => {
                asked.push((fact.subject, reference, Vec::new(), None));
                asked.len() - 1
            }
        };
        if status == "404" {
            asked[i].2.push(fact);
        } else {
            asked[i].3 = asked[i].3.max(fact.time).or(Some(crate::time::Timestamp(i64::MIN)));
        }
    }
    for (subject, reference, missing, found) in asked {
        let mut seconds: Vec<i64> = missing.iter().filter_map(|f| f.time.map(|t| t.0 / 1000)).collect();
        seconds.dedup();
        let last_missing = missing.iter().filter_map(|f| f.time).max();
        let found_after = found.is_some_and(|f| last_missing.is_none_or(|m| f >= m));
        if seconds.len() < 2 || found_after {
            continue;
        }
        let image = format!("{}:{reference}", kb.entity(subject).name);
        let rests_on: Vec<_> = missing.iter().take(crate::infer::derive::pods::MAX_QUOTES).map(|f| f.id).collect();
        let statement = format!("the registry answered {} pulls of {image} by the nodes' container runtime with 404: no such tag", seconds.len());
        claims.add(ClaimKind::ImagePullFailing { image: Some(image.clone()) }, statement, rests_on.clone(), Some(subject), last_missing);
        let statement = format!("pulling {image} fails because the registry has no such image or tag (manifest unknown / not found)");
        claims.add(ClaimKind::PullRejected { image: Some(image), why: "not-found" }, statement, rests_on, Some(subject), last_missing);
    }
}

/// A digest someone says an image should be at: pushed by CI, or recorded on a workload
/// by an annotation such as `ci.example/pushed-digest`.
struct Expected<'a> {
    fact: &'a Fact,
    image: ImageRef,
}

fn expected_digests<'a>(kb: &Kb<'a>) -> Vec<Expected<'a>> {
    let mut out: Vec<Expected<'a>> = kb
        .with(Predicate::Pushed)
        .chain(kb.with(Predicate::ResolvesTo))
        .filter_map(|f| f.value.as_image().filter(|i| i.digest.is_some()).map(|i| Expected { fact: f, image: i.clone() }))
        .collect();
    for fact in kb.with(Predicate::Annotation) {
        let Some((key, value)) = fact.value.as_pair() else { continue };
        if !key.to_ascii_lowercase().contains("digest") {
            continue;
        }
        let Some((digest, _)) = Digest::parse_prefix(value.trim()) else { continue };
        // The annotation speaks for the image its own workload declares.
        for declared in kb.about(fact.subject, Predicate::Image) {
            if let Some(image) = declared.value.as_image() {
                let mut image = image.clone();
                image.digest = Some(digest.clone());
                out.push(Expected { fact, image });
            }
        }
    }
    out
}

fn digests(kb: &Kb<'_>, claims: &mut Claims) {
    let expected = expected_digests(kb);
    let running: Vec<(&Fact, &ImageRef)> =
        kb.with(Predicate::ImageId).filter_map(|f| f.value.as_image().filter(|i| i.digest.is_some()).map(|i| (f, i))).collect();
    let mut done: Vec<&ImageRef> = Vec::new();
    for (_, image) in &running {
        if done.iter().any(|d| same_image(d, image)) {
            continue;
        }
        done.push(image);
        // The latest statement of what the image should be wins (a later push supersedes).
        let Some(want) = expected.iter().filter(|e| same_image(&e.image, image)).max_by_key(|e| (e.fact.time, e.fact.id)) else {
            continue;
        };
        let want_digest = want.image.digest.as_ref().expect("expected digests have a digest");
        let mut differ = Vec::new();
        let mut same = Vec::new();
        for (fact, run) in running.iter().filter(|(_, r)| same_image(r, image)) {
            match run.digest.as_ref().map(|d| d.relation(want_digest)) {
                Some(DigestRelation::Different) => differ.push(*fact),
                Some(DigestRelation::Same) => same.push(*fact),
                _ => {}
            }
        }
        let name = image.name();
        let subject = differ.first().or(same.first()).and_then(|f| kb.workload_of(f.subject).or(Some(f.subject)));
        let source = match want.fact.predicate {
            Predicate::Pushed => "CI pushed",
            Predicate::ResolvesTo => "the registry resolves the tag to",
            _ => "the workload's annotation expects",
        };
        if let Some(first) = differ.first() {
            let running_digest = first.value.as_image().and_then(|i| i.digest.as_ref()).map(|d| d.to_string()).unwrap_or_default();
            // The same pod is often pasted several times (a table, its YAML, a jsonpath).
            let mut pods: Vec<_> = differ.iter().map(|f| kb.lineage(f.subject).into_iter().find(|e| kb.entity(*e).kind == crate::fact::EntityKind::Pod).unwrap_or(f.subject)).collect();
            crate::sort::natural(&mut pods);
            pods.dedup();
            let pods = if pods.len() == 1 { "1 pod runs".to_string() } else { format!("{} pods run", pods.len()) };
            let tag = want.image.tag.as_deref().map(|t| format!(" as `{name}:{t}`")).unwrap_or_default();
            let statement = format!("{pods} {running_digest}, but {source} {want_digest}{tag}: the running image is not the pushed one");
            let mut rests_on: Vec<_> = differ.iter().map(|f| f.id).collect();
            rests_on.insert(0, want.fact.id);
            claims.add(
                ClaimKind::DigestMismatch { image: name, running: running_digest, pushed: want_digest.to_string(), tag: want.image.tag.clone() },
                statement,
                rests_on,
                subject,
                want.fact.time,
            );
        } else if !same.is_empty() {
            let statement = format!("the running pods run {want_digest}, the digest {source} for {name}");
            let mut rests_on: Vec<_> = same.iter().map(|f| f.id).collect();
            rests_on.insert(0, want.fact.id);
            claims.add(ClaimKind::DigestMatch { image: name }, statement, rests_on, subject, None);
        }
    }
}

fn builds(kb: &Kb<'_>, claims: &mut Claims) {
    // A push of a release-looking tag (`v2.14.1`) says which version CI built.
    let tagged: Vec<(&Fact, Build)> = kb
        .with(Predicate::Pushed)
        .filter_map(|f| match &f.value {
            Value::Build(b) if b.version.is_some() || b.commit.is_some() => Some((f, (**b).clone())),
            Value::Build(b) => b.image.as_ref().and_then(|i| i.tag.as_deref()).filter(|t| is_release_tag(t)).map(|t| {
                let mut with_version = (**b).clone();
                with_version.version = Some(t.to_string());
                (f, with_version)
            }),
            _ => None,
        })
        .collect();
    let stated: Vec<(&Fact, &Build)> = kb
        .with(Predicate::ReportsBuild)
        .filter_map(|f| match &f.value {
            Value::Build(b) if b.version.is_some() || b.commit.is_some() => Some((f, &**b)),
            _ => None,
        })
        .collect();
    // A build the log that pushes its image states (`Image: repo:latest version=7.3.0`,
    // `docker build -t repo:stable --build-arg APP_VERSION=5.2.0`) is what CI built, not
    // what a running app reports.
    let (declared, reported): (Vec<_>, Vec<_>) = stated.into_iter().partition(|(f, b)| built_by_pushing_log(kb, f, b));
    let built: Vec<(&Fact, &Build)> = tagged.iter().map(|(f, b)| (*f, b)).chain(declared).collect();
    let single_app = distinct_images(&built) <= 1;
    for (report_fact, report) in &reported {
        let app = &kb.entity(report_fact.subject).name;
        // Pair the app with the build of the image that shares its name; with only one
        // image built in the paste, that build is the app's.
        let matching: Vec<_> = built
            .iter()
            .filter(|(_, b)| {
                b.image.as_ref().is_some_and(|i| names_overlap(app, &i.repository)) || single_app
            })
            .collect();
        let Some((build_fact, build)) = matching.into_iter().max_by_key(|(f, _)| (f.time, f.id)) else { continue };
        let version_differs = differs(report.version.as_deref(), build.version.as_deref(), normalise_version);
        let commit_differs = differs(report.commit.as_deref(), build.commit.as_deref(), |c| c.to_ascii_lowercase());
        let rests_on = vec![report_fact.id, build_fact.id];
        let subject = Some(report_fact.subject);
        if version_differs == Some(true) || commit_differs == Some(true) {
            let reported_text = describe_build(report);
            let built_text = describe_build(build);
            let statement = format!("the running app reports {reported_text}, but CI built {built_text}");
            claims.add(ClaimKind::BuildMismatch { reported: reported_text, built: built_text }, statement, rests_on, subject, build_fact.time);
        } else if version_differs == Some(false) || commit_differs == Some(false) {
            let version = describe_build(build);
            let statement = format!("the running app reports {version}, the build CI pushed");
            claims.add(ClaimKind::BuildMatch { version }, statement, rests_on, subject, None);
        }
    }
}

/// True when `fact` states the build of an image that a push in the same artifact pushed.
fn built_by_pushing_log(kb: &Kb<'_>, fact: &Fact, build: &Build) -> bool {
    let Some(image) = build.image.as_ref() else { return false };
    kb.with(Predicate::Pushed).any(|push| push.artifact == fact.artifact && push.value.as_image().is_some_and(|pushed| same_image(pushed, image)))
}

/// `v2.14.1`, `1.9`, `3.8.0-rc.1`: a tag naming a release.
fn is_release_tag(tag: &str) -> bool {
    let t = tag.trim_start_of(b"vV");
    t.split(['.', '-', '+']).next().is_some_and(|major| !major.is_empty() && major.chars().all(|c| c.is_ascii_digit())) && t.contains('.')
}

fn distinct_images(built: &[(&Fact, &Build)]) -> usize {
    let mut seen: Vec<&ImageRef> = Vec::new();
    for image in built.iter().filter_map(|(_, b)| b.image.as_ref()) {
        if !seen.iter().any(|s| same_image(s, image)) {
            seen.push(image);
        }
    }
    seen.len()
}

/// Whether two names share a meaningful word (`billing-api` / `biller-svc` do not,
/// `payments-api` / `team/payments` do).
pub fn names_overlap(a: &str, b: &str) -> bool {
    let wa = name_words(a);
    name_words(b).iter().any(|w| wa.contains(w))
}

/// The meaningful words of a name, in lower case, as [`names_overlap`] compares them.
pub fn name_words(name: &str) -> Vec<String> {
    const NOISE: &[&str] = &["svc", "service", "app", "api", "server", "worker", "job", "the", "prod", "k8s", "io", "com"];
    name.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3 && !NOISE.contains(w))
        .map(str::to_string)
        .collect()
}

fn differs(a: Option<&str>, b: Option<&str>, norm: fn(&str) -> String) -> Option<bool> {
    Some(norm(a?) != norm(b?))
}

fn normalise_version(v: &str) -> String {
    v.trim().trim_start_of(b"vV").to_string()
}

fn describe_build(build: &Build) -> String {
    match (&build.version, &build.commit) {
        (Some(v), Some(c)) => format!("version {v} (commit {c})"),
        (Some(v), None) => format!("version {v}"),
        (None, Some(c)) => format!("commit {c}"),
        (None, None) => "an unnamed build".into(),
    }
}

fn references(kb: &Kb<'_>, claims: &mut Claims) {
    let declared: Vec<(&Fact, &ImageRef)> = [Predicate::Image, Predicate::ImageOverride]
        .into_iter()
        .flat_map(|p| kb.with(p))
        .filter_map(|f| f.value.as_image().map(|i| (f, i)))
        .collect();
    let mut done: Vec<&ImageRef> = Vec::new();
    for (_, image) in &declared {
        if done.iter().any(|d| same_image(d, image)) {
            continue;
        }
        done.push(image);
        let name = image.name();
        let same: Vec<&(&Fact, &ImageRef)> = declared.iter().filter(|(_, i)| same_image(i, image)).collect();
        // An override (kustomize `newTag`, Helm `tag`) decides what a base's `image:` means.
        let overrides: Vec<_> = same.iter().filter(|(f, _)| f.predicate == Predicate::ImageOverride).collect();
        let deciding = if overrides.is_empty() { same.clone() } else { overrides.into_iter().copied().collect() };
        let mutable: Vec<_> = deciding.iter().filter(|(_, i)| i.is_mutable()).collect();
        let subject = same.first().map(|(f, _)| kb.workload_of(f.subject).unwrap_or(f.subject));
        let moved = claims.matching(|k| matches!(k, ClaimKind::DigestMismatch { image, .. } if *image == name)).next().is_some();
        if mutable.is_empty() && moved {
            // A release tag pushed again with another image behaves like a moving tag.
            cached_pull(kb, claims, image, &name, subject);
            continue;
        }
        if let Some((_, first)) = mutable.first() {
            let tag = first.tag.clone().unwrap_or_else(|| "latest".into());
            let how = if first.tag.is_none() { "no tag (so `latest`)".to_string() } else { format!("the tag `{tag}`") };
            let statement = format!("{name} is deployed by {how}, which moves with every push and carries no digest");
            let mut rests_on: Vec<_> = same.iter().filter(|(_, i)| i.is_mutable()).map(|(f, _)| f.id).collect();
            rests_on.dedup();
            claims.add(ClaimKind::MutableImageRef { image: name.clone(), tag }, statement, rests_on, subject, None);
            cached_pull(kb, claims, image, &name, subject);
        } else if deciding.iter().all(|(_, i)| i.digest.is_some()) {
            // Only a digest pins; a release tag can still be pushed again.
            let statement = format!("{name} is pinned by digest ({})", deciding.iter().map(|(_, i)| i.to_string()).collect::<Vec<_>>().join(", "));
            claims.add(ClaimKind::PinnedImageRef { image: name }, statement, deciding.iter().map(|(f, _)| f.id).collect(), subject, None);
        }
    }
}

/// `imagePullPolicy: IfNotPresent` on a workload using the moving tag, or kubelet events
/// saying the image was "already present on machine".
fn cached_pull(kb: &Kb<'_>, claims: &mut Claims, image: &ImageRef, name: &str, subject: Option<crate::fact::EntityId>) {
    let workloads: Vec<_> = kb
        .with(Predicate::Image)
        .filter(|f| f.value.as_image().is_some_and(|i| same_image(i, image)))
        .map(|f| f.subject)
        .collect();
    let mut rests_on: Vec<_> = kb
        .with(Predicate::PullPolicy)
        .filter(|f| workloads.contains(&f.subject) && f.value.as_text().is_some_and(|p| p.eq_ignore_ascii_case("IfNotPresent")))
        .map(|f| f.id)
        .collect();
    rests_on.extend(kb.with(Predicate::Event).filter_map(|f| match &f.value {
        Value::Event(e) if e.message.contains("already present on machine") && e.message.contains(&image.repository) => Some(f.id),
        _ => None,
    }));
    if rests_on.is_empty() {
        return;
    }
    let statement = format!("nodes reuse their cached {name} for the tag (`IfNotPresent` / \"already present on machine\"), so a new push to the same tag is not pulled");
    claims.add(ClaimKind::CachedPull { image: name.to_string() }, statement, rests_on, subject, None);
}

#[cfg(test)]
mod tests {
    fn claim_statements(paste: &str) -> Vec<String> {
        crate::infer::derive::with_claims(paste, |_, claims| claims.all().iter().map(|c| format!("{:?}", c.kind)).collect())
    }

    #[test]
    fn a_registry_log_of_nodes_asking_again_and_again_for_a_missing_tag_is_a_failing_pull() {
        let line = |clock: &str, tag: &str, status: &str| format!("10.8.3.21 - - [18/Mar/2025:{clock} +0000] \"HEAD /v2/apps/ledger/manifests/{tag} HTTP/1.1\" {status} 96 \"\" \"containerd/v1.7.22\"\n");
        let failing = |kinds: &[String]| kinds.iter().any(|k| k.starts_with("ImagePullFailing") && k.contains("apps/ledger:v2"));
        let retried = format!("{}{}{}", line("09:41:07", "v2", "404"), line("09:41:22", "v2", "404"), line("09:42:37", "1.9", "200"));
        assert!(failing(&claim_statements(&retried)), "{:?}", claim_statements(&retried));
        // Asked once (a mirror tried first), or found on a later try: no failing pull.
        assert!(!failing(&claim_statements(&line("09:41:07", "v2", "404"))));
        let found = format!("{retried}{}", line("09:45:00", "v2", "200"));
        assert!(!failing(&claim_statements(&found)));
    }

    #[test]
    fn the_build_a_pushing_log_states_is_what_ci_built() {
        let paste = "```\n#14 pushing manifest for reg.example/shop/web:latest@sha256:b2c9d4e71f00aa0e0f4 0.4s done\nImage: reg.example/shop/web:latest  version=7.3.0  git_sha=9f1e2ab\n```\n\n$ kubectl exec -n shop deploy/web -- curl -s localhost:8080/version\n{\"version\":\"7.2.2\",\"git_sha\":\"c04d81e\"}\n";
        let claims = claim_statements(paste);
        assert!(claims.iter().any(|c| c.starts_with("BuildMismatch")), "{claims:?}");
    }
}
