//! `crashloop-config-error`: a container exits on start because required config, a
//! Secret, an env var or a file is missing or invalid.
//!
//! What it finds: CrashLoopBackOff and climbing restarts, exits with an application exit
//! code (1, 2, 78), log lines such as "missing required", "no such file or directory",
//! "invalid config", and containers that cannot even be created because a Secret or
//! ConfigMap they name does not exist (CreateContainerConfigError, `secret "x" not found`).
//! Against it: the runtime killed the container for memory (OOMKilled), the kubelet killed
//! it for a failing liveness probe, the pod now runs ready with no restarts, the kubelet
//! stopped reporting back-offs long ago, or a rollout replaced it with pods that run ready.
//! Why it matters: no replica of the new version ever serves; the fix is in config, not code.

use crate::fact::EntityId;
use crate::infer::claim::{ClaimKind, Claims, Missing};
use crate::infer::derive::pods::{by_unit, logs_pasted, names, Seen};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::capitalise;

pub const CLASS: &str = "crashloop-config-error";

/// Most crash loops in a paste have some cause; config is the most common, not the only.
const PRIOR: f64 = -2.0;
/// The container restarts over and over: what this class looks like from outside.
const CRASH_LOOP: f64 = 1.6;
/// The program (or the kubelet) says its config is missing or invalid.
const CONFIG_ERROR: f64 = 2.4;
/// The same, said only at warning level or without a level.
const CONFIG_HINT: f64 = 1.4;
/// A Secret/ConfigMap or key the container needs does not exist.
const MISSING_OBJECT: f64 = 0.6;
/// The program chose to exit (1, 2, 78 …), as programs do on bad config.
const APP_EXIT: f64 = 0.7;
/// The kernel killed it for memory: the loop is an OOM loop.
const OOM: f64 = 2.5;
/// It was killed from outside (SIGKILL/SIGTERM) rather than exiting by itself.
const SIGNAL_EXIT: f64 = 0.6;
/// The kubelet killed it because its liveness probe failed.
const PROBE_KILL: f64 = 1.5;
/// The same pod now runs ready with no restarts.
const HEALTHY: f64 = 2.5;
/// The same pod has run ready for hours since its last restart: the loop is over.
const STABLE: f64 = 1.5;
/// The kubelet stopped reporting back-offs long ago and the pod is not failing now: a loop
/// re-reports at least every five minutes while it lasts.
const STOPPED: f64 = 1.5;
/// The rollout finished: every new replica became available.
const ROLLED_OUT: f64 = 1.5;
/// The crashing pod is gone and its Deployment's current pods (another ReplicaSet) run
/// ready: a rollout replaced the crash loop.
const REPLACED: f64 = 2.0;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut out = Vec::new();
    for (unit, about) in by_unit(kb, claims, |k| matches!(k, ClaimKind::CrashLoop { .. } | ClaimKind::ConfigError { .. })) {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(unit);
        let troubled: Vec<EntityId> = about
            .iter()
            .filter(|c| matches!(c.kind, ClaimKind::CrashLoop { .. } | ClaimKind::ConfigError { .. } | ClaimKind::ContainerExited { .. }))
            .filter_map(|c| c.subject)
            .collect();
        let oom = about.iter().any(|c| matches!(c.kind, ClaimKind::OomKilled { .. }));
        let (mut pro, mut con) = (Seen::default(), Seen::default());
        for claim in &about {
            match &claim.kind {
                ClaimKind::CrashLoop { .. } => finding.support(claim.id, pro.weight("loop", CRASH_LOOP)),
                ClaimKind::ConfigError { missing, fatal, .. } => {
                    let weight = if *fatal { CONFIG_ERROR } else { CONFIG_HINT };
                    finding.support(claim.id, pro.weight("config", weight + if missing.is_some() { MISSING_OBJECT } else { 0.0 }));
                }
                ClaimKind::ContainerExited { code, reason, .. } => {
                    let oom_reason = reason.as_deref() == Some("OOMKilled");
                    if killed_by_signal(*code) || oom_reason {
                        if !oom {
                            finding.contradict(claim.id, con.weight("signal", SIGNAL_EXIT));
                        }
                    } else {
                        finding.support(claim.id, pro.weight("exit", APP_EXIT));
                    }
                }
                ClaimKind::OomKilled { .. } => finding.contradict(claim.id, con.weight("oom", OOM)),
                ClaimKind::ProbeKill => finding.contradict(claim.id, con.weight("probe", PROBE_KILL)),
                ClaimKind::StableSinceRestart { .. } if claim.subject.is_some_and(|s| troubled.contains(&s)) => {
                    finding.contradict(claim.id, con.weight("stable", STABLE))
                }
                ClaimKind::PodHealthy if claim.subject.is_some_and(|s| troubled.contains(&s)) => {
                    finding.contradict(claim.id, con.weight("healthy", HEALTHY))
                }
                ClaimKind::FailuresStopped { .. } if claim.subject.is_some_and(|s| troubled.contains(&s)) => {
                    finding.contradict(claim.id, con.weight("stopped", STOPPED))
                }
                ClaimKind::PodReplaced { .. } if claim.subject.is_some_and(|s| troubled.iter().any(|t| *t == s || kb.owner(*t) == Some(s))) => {
                    finding.contradict(claim.id, con.weight("replaced", REPLACED))
                }
                ClaimKind::WorkloadAvailable { rolled_out: true } => finding.contradict(claim.id, ROLLED_OUT),
                _ => {}
            }
        }
        finding.wording = words(kb, claims, &finding, unit);
        out.push(finding);
    }
    out
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, unit: EntityId) -> Wording {
    let supporting = finding.supporting(claims);
    let n = names(kb, unit, &supporting);
    let ns = &n.ns;
    let config = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::ConfigError { what, missing, .. } => Some((what.clone(), missing.clone())),
        _ => None,
    });
    let missing = config.as_ref().and_then(|(_, m)| m.clone());
    // A message naming the object's namespace (`in Secret billing/x`) fills a gap.
    let ns = match (ns.is_empty(), missing.as_ref().and_then(|m| m.namespace.as_deref())) {
        (true, Some(namespace)) => format!("-n {namespace} "),
        _ => ns.clone(),
    };
    let ns = &ns;
    let crash = supporting.iter().find(|c| matches!(c.kind, ClaimKind::CrashLoop { .. }));
    let exit = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::ContainerExited { code, .. } => Some(*code),
        _ => None,
    });
    let exit = exit.filter(|c| !killed_by_signal(*c));
    let title = match (&missing, &config) {
        (Some(object), _) => format!("{} cannot start: {object} does not exist", n.target),
        (None, Some((what, _))) => format!("{} exits on start — {what}", n.target),
        (None, None) => format!("{} is crash-looping", n.target),
    };
    let mut story: Vec<String> = Vec::new();
    if let Some(crash) = crash {
        story.push(crash.statement.clone());
    }
    if let Some(code) = exit {
        story.push(format!("it exits by itself with code {}", crate::fact::format_number(code)));
    }
    match (&missing, &config) {
        (Some(object), _) => story.push(format!("its containers cannot even be created: the {object} they read at start does not exist")),
        (None, Some((what, _))) => story.push(format!("it says why: \"{what}\"")),
        (None, None) if exit.is_some() => {
            story.push("a program that exits by itself right after start usually lacks or rejects its config; its previous logs will say which".into())
        }
        (None, None) => story.push("no line in the paste says why it exits; its previous logs will".into()),
    }
    if !finding.contradicts.is_empty() {
        story.push(format!(
            "but {}",
            finding.contradicts.iter().map(|(id, _)| claims.get(*id).statement.clone()).collect::<Vec<_>>().join("; ")
        ));
    }
    let summary = format!("{}.", capitalise(&story.join("; ")));

    let workload = n.workload.as_ref().map(|(k, w)| format!("{k}/{w}"));
    let restart = workload.as_ref().map(|w| format!(", then `kubectl {ns}rollout restart {w}`")).unwrap_or_default();
    let now = match &missing {
        Some(Missing { kind, name, key: Some(key), .. }) => {
            let field = if *kind == "secret" { "stringData" } else { "data" };
            format!(
                "Now: add {key} to {kind} {name} (`kubectl {ns}patch {kind} {name} --type=merge -p '{{\"{field}\":{{\"{key}\":\"<value>\"}}}}'`), or point the pod at the key that holds it{restart}."
            )
        }
        Some(Missing { kind: "secret", name, .. }) => format!(
            "Now: create secret {name} in the pod's namespace (`kubectl {ns}create secret generic {name} --from-literal=<KEY>=<value>`, or restore it from your secret store){restart}."
        ),
        Some(Missing { name, .. }) => format!(
            "Now: create configmap {name} (`kubectl {ns}create configmap {name} --from-file=<file>`, or re-apply its manifest){restart}."
        ),
        None => match &workload {
            Some(w) => format!(
                "Now: put back the config the container needs (the env var, key or file its log names) — or `kubectl {ns}rollout undo {w}` to the last revision that started — and watch `kubectl {ns}rollout status {w}`."
            ),
            None => "Now: put back the config the container needs (the env var, key or file its log names), or roll back to the last version that started.".into(),
        },
    };
    let fixes = vec![
        now,
        "Lasting: ship config with the code that needs it (same PR/overlay), validate it in CI (`kubectl apply --dry-run=server`, schema checks), and make the program print exactly which key is missing before exiting; reference required Secrets/keys without `optional: true` so a missing one stops the rollout at CreateContainerConfigError instead of crashing pods.".into(),
    ];
    let pod = n.pod_or_placeholder();
    let logs_pasted = config.is_some() || logs_pasted(kb, unit);
    let mut checks = vec![Check::new(format!("kubectl {ns}describe pod {pod}"), CRASH_LOOP * 0.5, crash.is_none())];
    // A container that was never created has no logs to read.
    if missing.is_none() {
        checks.push(Check::new(format!("kubectl {ns}logs {pod} {}--previous", n.container_flag()), CONFIG_ERROR, !logs_pasted));
    }
    if let Some(object) = &missing {
        // `describe` lists a Secret's keys without printing their values.
        checks.push(Check::new(format!("kubectl {ns}describe {} {}", object.kind, object.name), MISSING_OBJECT + CONFIG_ERROR * 0.5, true));
    } else if let Some(w) = &workload {
        checks.push(Check::new(
            format!("kubectl {ns}get {w} -o jsonpath='{{.spec.template.spec.containers[*].env}}{{\"\\n\"}}{{.spec.template.spec.containers[*].envFrom}}'"),
            CONFIG_ERROR * 0.5,
            true,
        ));
    }
    if let Some(w) = &workload {
        checks.push(Check::new(format!("kubectl {ns}rollout history {w}"), APP_EXIT, true));
    }
    Wording { title, summary, fixes, checks }
}

/// An exit code that reports a signal (128 + its number: 137 SIGKILL, 143 SIGTERM), not the
/// program's own exit: 255 is `exit(-1)`, as Go's `klog.Fatal` and many CLIs end.
fn killed_by_signal(code: f64) -> bool {
    (129.0..=192.0).contains(&code)
}

#[cfg(test)]
mod tests {
    #[test]
    fn signals_are_128_plus_a_signal_number() {
        for code in [137.0, 143.0, 139.0, 134.0] {
            assert!(super::killed_by_signal(code), "{code}");
        }
        for code in [1.0, 2.0, 78.0, 128.0, 255.0] {
            assert!(!super::killed_by_signal(code), "{code}");
        }
    }
}
