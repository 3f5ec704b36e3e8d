//! `probe-misconfigured`: a readiness or liveness probe checks the wrong port, path or
//! timeout, so healthy pods are marked unready or killed.
//!
//! What it finds: "Readiness probe failed" / "Liveness probe failed" events (connection
//! refused, HTTP 404, timeouts), probes on a port the container does not declare, pods
//! Running with 0/N ready, and restarts with exit 143/137 after the kubelet killed the
//! container for a failing liveness probe.
//! Against it: the pods are now ready with no restarts and the rollout finished (probes that
//! fail while an app starts are normal), the failures stopped long ago, or the app itself crashes (OOMKilled, config
//! errors, its own exit codes), which makes any probe fail.
//! Why it matters: the Service sends no traffic to pods that work, or the kubelet kills
//! them in a loop.

use crate::fact::{Address, EntityId, Predicate, Value};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::pods::{by_unit, names, unit, Seen};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::capitalise;

pub const CLASS: &str = "probe-misconfigured";

/// Probe failures are frequent and often transient; a misconfigured probe needs more.
const PRIOR: f64 = -2.2;
/// The kubelet reports the probe failing.
const PROBE_FAILED: f64 = 1.6;
/// It kept failing (three times or more).
const REPEATED: f64 = 0.5;
/// Refused or 4xx while the app runs: the probe knocks on the wrong port or path.
const WRONG_TARGET: f64 = 0.5;
/// A 5xx answer: the probe reached the app on the right port and path, and the app says it
/// is unwell — less a probe's fault than one that is refused, 4xx or timing out.
const APP_ANSWERED_5XX: f64 = 0.5;
/// The probe checks a port the container does not declare.
const PORT_MISMATCH: f64 = 2.2;
/// Pods run but are not ready: what a failing readiness probe does.
const RUNNING_NOT_READY: f64 = 1.0;
/// The kubelet restarts containers because the liveness probe fails.
const PROBE_KILL: f64 = 0.8;
/// Exits by SIGTERM/SIGKILL: the kubelet stopped the container, it did not crash.
const SIGNAL_EXIT: f64 = 0.5;
/// The same pod is now ready with no restarts: the failures were a start-up blip.
const HEALTHY: f64 = 2.5;
/// The same pod has run ready for hours since its last restart.
const STABLE: f64 = 1.0;
/// The kubelet stopped reporting the failures long ago and the pod is not failing now: a
/// misconfigured probe fails every period for as long as the pod runs.
const STOPPED: f64 = 1.5;
/// The rollout finished: every new replica passed its readiness probe.
const ROLLED_OUT: f64 = 2.0;
/// The workload reports every replica ready.
const ALL_READY: f64 = 1.0;
/// The kernel kills the container for memory: any probe fails after that.
const OOM: f64 = 2.0;
/// The app says its config is wrong: it never gets to serve the probe.
const CONFIG_ERROR: f64 = 1.5;
/// The app exits by itself (1, 2, …): a crash, not a probe.
const APP_EXIT: f64 = 1.0;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut out = Vec::new();
    let trigger = |k: &ClaimKind| matches!(k, ClaimKind::ProbeFailed { .. } | ClaimKind::ProbePortMismatch { .. });
    for (unit, about) in by_unit(kb, claims, trigger) {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(unit);
        let probed: Vec<EntityId> = about.iter().filter(|c| trigger(&c.kind)).filter_map(|c| c.subject).collect();
        let failed = about.iter().any(|c| matches!(c.kind, ClaimKind::ProbeFailed { .. }));
        let (mut pro, mut con) = (Seen::default(), Seen::default());
        for claim in &about {
            match &claim.kind {
                ClaimKind::ProbeFailed { probe, how, count } => {
                    let mut weight = PROBE_FAILED;
                    if *count >= 3 {
                        weight += REPEATED;
                    }
                    match *how {
                        "refused" | "http-4xx" => weight += WRONG_TARGET,
                        "http-5xx" => weight -= APP_ANSWERED_5XX,
                        _ => {}
                    }
                    finding.support(claim.id, pro.weight(*probe, weight));
                }
                ClaimKind::ProbePortMismatch { probe, .. } => finding.support(claim.id, pro.weight(format!("port {probe}"), PORT_MISMATCH)),
                ClaimKind::RunningNotReady if failed => finding.support(claim.id, pro.weight("unready", RUNNING_NOT_READY)),
                ClaimKind::ProbeKill => finding.support(claim.id, pro.weight("kill", PROBE_KILL)),
                ClaimKind::ContainerExited { code, reason, .. } => match (*code, reason.as_deref()) {
                    (_, Some("OOMKilled")) => {}
                    (137.0 | 143.0, _) => finding.support(claim.id, pro.weight("signal", SIGNAL_EXIT)),
                    (c, _) if c < 128.0 => finding.contradict(claim.id, con.weight("exit", APP_EXIT)),
                    _ => {}
                },
                ClaimKind::StableSinceRestart { .. } if claim.subject.is_some_and(|s| probed.contains(&s)) => {
                    finding.contradict(claim.id, con.weight("stable", STABLE))
                }
                ClaimKind::PodHealthy if claim.subject.is_some_and(|s| probed.contains(&s)) => {
                    finding.contradict(claim.id, con.weight("healthy", HEALTHY))
                }
                ClaimKind::FailuresStopped { .. } if claim.subject.is_some_and(|s| probed.contains(&s)) => {
                    finding.contradict(claim.id, con.weight("stopped", STOPPED))
                }
                ClaimKind::WorkloadAvailable { rolled_out: true } => finding.contradict(claim.id, ROLLED_OUT),
                ClaimKind::WorkloadAvailable { rolled_out: false } => finding.contradict(claim.id, ALL_READY),
                ClaimKind::OomKilled { .. } => finding.contradict(claim.id, con.weight("oom", OOM)),
                ClaimKind::ConfigError { fatal: true, .. } => finding.contradict(claim.id, con.weight("config", CONFIG_ERROR)),
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
    let mismatch = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::ProbePortMismatch { probe, probe_port, ports, .. } => Some((*probe, *probe_port, ports.clone())),
        _ => None,
    });
    let failure = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::ProbeFailed { probe, how, .. } => Some((*probe, *how)),
        _ => None,
    });
    let probe = mismatch.as_ref().map(|m| m.0).or(failure.map(|f| f.0)).unwrap_or("readiness");
    let spec = probe_spec(kb, of, probe);
    let title = match (&mismatch, failure.map(|f| f.1)) {
        (Some((probe, port, ports)), _) => format!(
            "{} {probe} probe checks port {port}, but the container listens on {}",
            n.target,
            ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ")
        ),
        (None, Some("http-4xx")) => format!("{} {probe} probe asks for a path the app does not serve", n.target),
        (None, Some("timeout")) => format!("{} {probe} probe times out", n.target),
        (None, _) => format!("{} {probe} probe fails", n.target),
    };
    let mut story: Vec<String> = supporting.iter().map(|c| c.statement.clone()).collect();
    story.dedup();
    story.truncate(4);
    if probe == "liveness" || supporting.iter().any(|c| matches!(c.kind, ClaimKind::ProbeKill)) {
        story.push("a failing liveness probe makes the kubelet kill and restart containers that may be fine".into());
    } else {
        story.push("a failing readiness probe keeps the pods out of their Service's endpoints, so they get no traffic".into());
    }
    if !finding.contradicts.is_empty() {
        story.push(format!(
            "but {}",
            finding.contradicts.iter().map(|(id, _)| claims.get(*id).statement.clone()).collect::<Vec<_>>().join("; ")
        ));
    }
    let summary = format!("{}.", capitalise(&story.join("; ")));

    let field = format!("{probe}Probe");
    let container = n.container.clone().unwrap_or_else(|| "<container>".into());
    let target = n.workload.as_ref().map(|(k, w)| format!("{k}/{w}"));
    let now = match (&mismatch, &target) {
        (Some((_, port, ports)), Some(t)) => format!(
            "Now: point the {probe} probe of {container} at the port it listens on ({}, not {port}): `kubectl {ns}edit {t}` and fix `{field}`, or commit the same change if GitOps manages it.",
            ports.iter().map(u16::to_string).collect::<Vec<_>>().join("/")
        ),
        (_, Some(t)) => format!(
            "Now: check what the app answers on the probe's port and path and fix `{field}` of {container} in {t} (port, path, or `timeoutSeconds`/`initialDelaySeconds`); if the kubelet is killing pods, relax the liveness probe first."
        ),
        (_, None) => format!("Now: check what the app answers on the probe's port and path and fix `{field}` of {container} (port, path or timeout)."),
    };
    let fixes = vec![
        now,
        "Lasting: refer to ports by name in probes (`port: http`) so a port change cannot leave the probe behind, give slow starters a `startupProbe` instead of a tight liveness probe, and test the probe endpoints in CI against the built image.".into(),
    ];
    let pod = n.pod_or_placeholder();
    let (port, path) = match &spec {
        Some(a) => (a.port, a.path.clone()),
        None => (mismatch.as_ref().map(|m| m.1), None),
    };
    let address = format!("http://localhost:{}{}", port.map(|p| p.to_string()).unwrap_or_else(|| "<port>".into()), path.unwrap_or_else(|| "/<path>".into()));
    let mut checks = vec![
        Check::new(
            format!("kubectl {ns}get pod {pod} -o jsonpath='{{.spec.containers[*].{field}}}{{\"\\n\"}}{{.spec.containers[*].ports}}'"),
            PORT_MISMATCH,
            spec.is_none(),
        ),
        Check::new(format!("kubectl {ns}exec {pod} {}-- wget -qO- {address}", n.container_flag()), PORT_MISMATCH * 0.5, true),
        Check::new(format!("kubectl {ns}get events --field-selector involvedObject.name={pod},reason=Unhealthy"), PROBE_FAILED, failure.is_none()),
    ];
    if let Some((_, port, ports)) = &mismatch {
        let listen = ports.first().copied().unwrap_or(*port);
        checks.push(Check::new(format!("kubectl {ns}port-forward pod/{pod} {listen}:{listen}  # then curl localhost:{listen}"), PORT_MISMATCH * 0.3, true));
    }
    Wording { title, summary, fixes, checks }
}

/// The probe's address from the spec of the unit's pods or template.
fn probe_spec(kb: &Kb<'_>, of: EntityId, probe: &str) -> Option<Address> {
    let predicate = match probe {
        "liveness" => Predicate::LivenessProbe,
        "startup" => Predicate::StartupProbe,
        _ => Predicate::ReadinessProbe,
    };
    kb.with(predicate).filter(|f| unit(kb, f.subject) == of).find_map(|f| match &f.value {
        Value::Address(a) => Some((**a).clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use crate::infer::detect::confidence_of;

    /// Readiness failures of one pod, answered as `answer`.
    fn readiness_failing_with(answer: &str) -> f64 {
        let paste = format!(
            "$ kubectl get events -n shop\nLAST SEEN TYPE REASON OBJECT MESSAGE\n\
5m Warning Unhealthy pod/web-7c9f8b6d5-x2k4q Readiness probe failed: {answer}\n\
3m Warning Unhealthy pod/web-7c9f8b6d5-x2k4q Readiness probe failed: {answer}\n\
1m Warning Unhealthy pod/web-7c9f8b6d5-x2k4q Readiness probe failed: {answer}\n"
        );
        confidence_of(&paste, super::CLASS).unwrap_or(0.0)
    }

    #[test]
    fn an_app_answering_5xx_blames_the_probe_less_than_a_refused_or_4xx_probe() {
        let refused = readiness_failing_with("Get \"http://10.0.0.5:8080/healthz\": dial tcp 10.0.0.5:8080: connect: connection refused");
        let not_found = readiness_failing_with("HTTP probe failed with statuscode: 404");
        let unavailable = readiness_failing_with("HTTP probe failed with statuscode: 503");
        assert!(unavailable < not_found && unavailable < refused, "503 {unavailable}, 404 {not_found}, refused {refused}");
        assert!(unavailable < 0.5, "{unavailable}");
    }
}
