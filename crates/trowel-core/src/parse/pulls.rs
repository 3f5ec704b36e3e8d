//! A registry's own record of a manifest request (the OCI distribution API,
//! `GET|HEAD /v2/<repository>/manifests/<tag or digest>`) made by a node's container runtime,
//! and the registry's answer: 404 when the tag does not exist, 2xx when it does. Registries
//! log these as logfmt (`registry:2`, Harbor's core: `http.request.uri=… http.response.status=…
//! http.request.useragent="containerd/…"`), JSON, or the access-log line a proxy in front
//! writes (`"HEAD /v2/app/manifests/v1 HTTP/1.1" 404 96 "" "containerd/v1.7.22"`).
//!
//! Only requests by a runtime count (containerd, CRI-O, Docker, Podman, the kubelet): a CI
//! tool asking whether a tag exists before it pushes gets a 404 as a matter of course. A 401
//! is the token or basic-auth challenge that precedes every authenticated pull, so only the
//! two answers that settle whether the tag exists are kept.
//!
//! Each request becomes a `RegistryAnswer` fact on the `Image` named by the repository:
//! reference → status.
//!
//! The runtime's own report of a failed pull on a host without a kubelet (the Docker
//! daemon's `Error response from daemon: manifest for <image> not found: manifest unknown`
//! as `docker pull`, `docker compose pull|up` and deploy scripts print it; podman's `Error:
//! initializing source docker://<image>: …`) becomes a `PullFailed` fact on the image: the
//! runtime has asked every mirror it knows and given up, so one such line settles it.

use crate::ascii::Set;
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::Timestamp;

/// User agents of the programs that pull images onto a node.
const RUNTIMES: &[&str] = &["containerd/", "cri-o/", "docker/", "podman/", "kubelet/", "moby/"];

/// One manifest request read off a log line.
#[derive(Debug, PartialEq)]
pub struct ManifestRequest<'a> {
    pub repository: &'a str,
    pub reference: &'a str,
    pub status: u16,
}

/// The manifest request a line records, when a container runtime made it and the registry
/// answered found (2xx) or not found (404).
pub fn manifest_request(line: &str) -> Option<ManifestRequest<'_>> {
    let at = line.find("/v2/")? + 4;
    let rest = &line[at..];
    let manifests = rest.find("/manifests/")?;
    let repository = &rest[..manifests];
    let after = &rest[manifests + "/manifests/".len()..];
    let reference = &after[..after.find(|c: char| c.is_whitespace() || matches!(c, '"' | '?' | '\''))?.min(after.len())];
    let plausible = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-/:".contains(&b));
    if !plausible(repository) || !plausible(reference) || !RUNTIMES.iter().any(|r| crate::ascii::contains_ci(line, r)) {
        return None;
    }
    let status = field_status(line).or_else(|| access_log_status(after))?;
    (status == 404 || (200..300).contains(&status)).then_some(ManifestRequest { repository, reference, status })
}

/// `http.response.status=404`, `status=404`, `"status":404` anywhere on the line.
fn field_status(line: &str) -> Option<u16> {
    for key in ["response.status=", "\"status\":", " status="] {
        if let Some(at) = line.find(key) {
            return three_digits(line[at + key.len()..].trim_start_matches('"'));
        }
    }
    None
}

/// The status after the request in an access-log line: `… HTTP/1.1" 404 96 …`.
fn access_log_status(after_uri: &str) -> Option<u16> {
    let at = after_uri.find("HTTP/")?;
    let closed = &after_uri[at..];
    let quote = closed.find("\" ")?;
    three_digits(closed[quote + 2..].trim_start())
}

fn three_digits(text: &str) -> Option<u16> {
    let digits = text.get(..3)?;
    let next = text.as_bytes().get(3);
    (digits.bytes().all(|b| b.is_ascii_digit()) && !next.is_some_and(u8::is_ascii_digit)).then(|| digits.parse().ok()).flatten()
}

/// How container runtimes on hosts word a failed pull, each followed by the image (and then
/// the registry's answer). Not within the kubelet's `Failed to pull image` (which quotes
/// containerd's `failed to resolve reference`): its events are about a pod, and the pod
/// readers take them.
/// Each holds a word of [`crate::parse::message::Cues::PULL`] or `docker`: the log reader asks only lines with one.
/// ECS abbreviates containerd's words: `CannotPullContainerError: pull image manifest has
/// been retried 7 time(s): failed to resolve ref <image>: <image>: not found`.
const RUNTIME_PULL_ERRORS: &[&str] = &["manifest for ", "pull access denied for ", "failed to resolve reference ", "failed to resolve ref ", "error pulling image ", "initializing source docker://"];

/// The image a line says a container runtime failed to pull, and the error from there on.
pub fn runtime_pull_error(line: &str) -> Option<(crate::image::ImageRef, &str)> {
    if crate::ascii::contains_ci(line, "failed to pull image") {
        return None;
    }
    let (at, lead) = RUNTIME_PULL_ERRORS.iter().find_map(|lead| crate::ascii::find_ci(line, lead).map(|at| (at, *lead)))?;
    let error = &line[at..];
    let after = &error[lead.len()..];
    let word = after.split([' ', ',', ';']).next()?.trim_of(b"\"'`").trim_end_matches(':');
    let image = crate::image::ImageRef::parse(word)?;
    // `manifest for x` is only an error with the registry's verdict after it.
    let verdict = ["not found", "manifest unknown", "denied", "unauthorized", "no such host", "does not exist"];
    verdict.iter().any(|v| crate::ascii::contains_ci(after, v)).then_some((image, error))
}

/// Records a runtime's failed pull a line reports; whether it reported one.
pub fn read_runtime_error(cx: &mut Cx<'_>, line: &str, time: Option<Timestamp>, span: Span) -> bool {
    let Some((image, error)) = runtime_pull_error(line) else { return false };
    let subject = cx.entity(EntityKind::Image, None, &image.name());
    cx.timed_fact(subject, Predicate::PullFailed, Value::pair(image.to_string(), error.trim_end()), time, span);
    true
}

/// Records the manifest request a log line holds; whether it held one.
pub fn read_line(cx: &mut Cx<'_>, line: &str, time: Option<Timestamp>, span: Span) -> bool {
    let Some(request) = manifest_request(line) else { return false };
    let image = cx.entity(EntityKind::Image, None, request.repository);
    cx.timed_fact(image, Predicate::RegistryAnswer, Value::pair(request.reference, request.status.to_string()), time, span);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hosts_runtime_saying_it_could_not_pull_names_the_image_and_the_answer() {
        let image = |line: &str| runtime_pull_error(line).map(|(i, _)| i.to_string());
        let daemon = "Error response from daemon: manifest for cr.example.org/shop/web:2.19.0 not found: manifest unknown: manifest unknown";
        assert_eq!(image(daemon).as_deref(), Some("cr.example.org/shop/web:2.19.0"));
        assert_eq!(image(" web Error manifest for cr.example.org/shop/web:2.19.0 not found: manifest unknown").as_deref(), Some("cr.example.org/shop/web:2.19.0"));
        let podman = "Error: initializing source docker://quay.io/acme/api:v9: reading manifest v9 in quay.io/acme/api: manifest unknown";
        assert_eq!(image(podman).as_deref(), Some("quay.io/acme/api:v9"));
        let ecs = "CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref 1.dkr.ecr.eu-west-1.amazonaws.com/tiles:7.1: 1.dkr.ecr.eu-west-1.amazonaws.com/tiles:7.1: not found";
        assert_eq!(image(ecs).as_deref(), Some("1.dkr.ecr.eu-west-1.amazonaws.com/tiles:7.1"));
        // A manifest named without a verdict is no failure; the kubelet's events are the pod's.
        assert_eq!(image("Failed to pull image \"quay.io/acme/api:v9\": failed to resolve reference \"quay.io/acme/api:v9\": not found"), None);
        assert_eq!(image("pushing manifest for cr.example.org/shop/web:2.19.0 done"), None);
        let claims: Vec<String> = crate::infer::derive::with_claims(daemon, |_, claims| claims.all().iter().map(|c| format!("{:?}", c.kind)).collect());
        assert!(claims.iter().any(|c| c.starts_with("ImagePullFailing")) && claims.iter().any(|c| c.contains("not-found")), "{claims:?}");
    }

    #[test]
    fn a_runtime_asking_for_a_missing_tag_in_logfmt_and_access_log_form() {
        let logfmt = r#"time="2025-03-18T09:41:07.78Z" level=error msg="response completed with error" err.code="manifest unknown" http.request.method=HEAD http.request.uri="/v2/apps/ledger/manifests/v3.14.0" http.request.useragent="containerd/v1.7.22" http.response.status=404"#;
        let access = r#"10.8.3.21 - - [18/Mar/2025:09:41:07 +0000] "HEAD /v2/apps/ledger/manifests/v3.14.0 HTTP/1.1" 404 96 "" "containerd/v1.7.22""#;
        let missing = ManifestRequest { repository: "apps/ledger", reference: "v3.14.0", status: 404 };
        assert_eq!(manifest_request(logfmt), Some(missing));
        assert_eq!(manifest_request(access).map(|r| r.status), Some(404));
        assert_eq!(manifest_request(&access.replace(" 404 96", " 200 1609")).map(|r| r.status), Some(200));
    }

    #[test]
    fn pushes_challenges_and_blobs_are_not_pulls() {
        // CI checking a tag before its push, the auth challenge, a blob request.
        assert_eq!(manifest_request(r#"1.2.3.4 - - [x] "HEAD /v2/app/manifests/1.0 HTTP/1.1" 404 0 "" "buildkit/v0.16""#), None);
        assert_eq!(manifest_request(r#"1.2.3.4 - - [x] "HEAD /v2/app/manifests/1.0 HTTP/1.1" 401 87 "" "containerd/v1.7.22""#), None);
        assert_eq!(manifest_request(r#"1.2.3.4 - - [x] "GET /v2/app/blobs/sha256:ab HTTP/1.1" 404 0 "" "containerd/v1.7.22""#), None);
    }
}
