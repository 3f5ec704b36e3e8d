//! `oom-killed`: a container's memory limit is below what it needs, so the kernel kills it.
//!
//! What it finds: `OOMKilled` as a container's (last) termination reason, exit code 137,
//! memory use (kubectl top, cAdvisor working set) at or near the limit, programs logging
//! that they ran out of memory, and the crash loop the kills cause.
//! Against it: the pod runs ready with no restarts, the program says its config is wrong,
//! or the kubelet killed it for a failing liveness probe (also exit 137).
//! Why it matters: the pod restarts under load and drops work in flight; restarts look like
//! a crash loop, and raising replicas does not help.

use crate::fact::{EntityId, Fact, Predicate, Value};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::derive::pods::{by_unit, container_name, logs_pasted, names, quantity_text, unit, Seen};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::capitalise;

pub const CLASS: &str = "oom-killed";

/// OOM kills are common but need their own evidence.
const PRIOR: f64 = -2.0;
/// The runtime says the kernel killed the container for memory.
const OOM_KILLED: f64 = 3.2;
/// The kernel's memory-cgroup OOM killer killed the process at its container's limit: the
/// kill OOMKilled reports, seen from the node (`dmesg`), without the runtime's word.
const CGROUP_OOM_KILL: f64 = 3.0;
/// The program logged that it ran out of memory.
const OOM_LOGGED: f64 = 1.4;
/// Memory use sits at the limit.
const NEAR_LIMIT: f64 = 1.2;
/// Exit code 137 (SIGKILL) without a reason: what an OOM kill looks like from outside.
const SIGKILL_EXIT: f64 = 0.6;
/// The kills repeat: the container crash-loops.
const CRASH_LOOP: f64 = 0.4;
/// The same pod runs ready with no restarts.
const HEALTHY: f64 = 2.0;
/// The same pod has run ready for hours since its last restart: the kills are not going on now.
const STABLE: f64 = 1.5;
/// It has run ready for days since: the kill is history (a spike long past, a limit since
/// raised), not what is wrong today.
const STABLE_FOR_DAYS: f64 = 3.0;
/// How long a pod runs ready after its last restart before its kill counts as history.
const HISTORY_SECONDS: f64 = 86_400.0;
/// The program itself says its config is wrong: it exits, nobody kills it.
const CONFIG_ERROR: f64 = 1.0;
/// The kubelet killed it for a failing liveness probe (also SIGKILL).
const PROBE_KILL: f64 = 1.0;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut out = Vec::new();
    let trigger = |k: &ClaimKind| matches!(k, ClaimKind::OomKilled { .. } | ClaimKind::OutOfMemoryLogged { .. } | ClaimKind::MemoryNearLimit { .. });
    for (unit, about) in by_unit(kb, claims, trigger) {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(unit);
        let killed = about.iter().any(|c| matches!(c.kind, ClaimKind::OomKilled { .. }));
        // The pods whose health speaks against the kills: those killed, else (no kill seen)
        // those near their limit. A sibling that only runs close to its limit, ready, is
        // the next to be killed, not a sign that nothing is.
        let kill = |k: &ClaimKind| matches!(k, ClaimKind::OomKilled { .. } | ClaimKind::OutOfMemoryLogged { .. });
        let of = |wanted: &dyn Fn(&ClaimKind) -> bool| -> Vec<EntityId> { about.iter().filter(|c| wanted(&c.kind)).filter_map(|c| c.subject).collect() };
        let troubled = match of(&kill) {
            killed_pods if !killed_pods.is_empty() => killed_pods,
            _ => of(&trigger),
        };
        let (mut pro, mut con) = (Seen::default(), Seen::default());
        for claim in &about {
            match &claim.kind {
                ClaimKind::OomKilled { .. } => finding.support(claim.id, pro.weight("oom", OOM_KILLED)),
                // Beside the runtime's OOMKilled, the kernel's line is the same kill seen twice.
                ClaimKind::OutOfMemoryLogged { at_limit: true } if !killed => finding.support(claim.id, pro.weight("oom", CGROUP_OOM_KILL)),
                ClaimKind::OutOfMemoryLogged { .. } => finding.support(claim.id, pro.weight("logged", OOM_LOGGED)),
                ClaimKind::MemoryNearLimit { .. } => finding.support(claim.id, pro.weight("near", NEAR_LIMIT)),
                ClaimKind::ContainerExited { code, reason, .. } if *code == 137.0 && reason.as_deref() != Some("OOMKilled") => {
                    finding.support(claim.id, pro.weight("sigkill", SIGKILL_EXIT))
                }
                ClaimKind::CrashLoop { .. } => finding.support(claim.id, pro.weight("loop", CRASH_LOOP)),
                ClaimKind::StableSinceRestart { seconds } if claim.subject.is_some_and(|s| troubled.contains(&s)) => {
                    let weight = if *seconds >= HISTORY_SECONDS { STABLE_FOR_DAYS } else { STABLE };
                    finding.contradict(claim.id, con.weight("stable", weight))
                }
                ClaimKind::PodHealthy if claim.subject.is_some_and(|s| troubled.contains(&s)) => {
                    finding.contradict(claim.id, con.weight("healthy", HEALTHY))
                }
                ClaimKind::ConfigError { fatal: true, .. } => finding.contradict(claim.id, con.weight("config", CONFIG_ERROR)),
                ClaimKind::ProbeKill if !killed => finding.contradict(claim.id, con.weight("probe", PROBE_KILL)),
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
    let killed = supporting.iter().find(|c| matches!(c.kind, ClaimKind::OomKilled { .. }));
    let near = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::MemoryNearLimit { usage, limit, ratio, .. } => Some((usage.clone(), limit.clone(), *ratio)),
        _ => None,
    });
    let crash = supporting.iter().find(|c| matches!(c.kind, ClaimKind::CrashLoop { .. }));
    let limit = memory_limit(kb, of, n.container.as_deref());
    let limit_text = limit.map(quantity_text);
    let who = match &n.container {
        Some(c) => format!("container {c} of {}", n.target),
        None => n.target.clone(),
    };
    let title = match (&killed, &limit_text) {
        (Some(_), Some(limit)) => format!("{who} is OOMKilled: its {limit} memory limit is too low"),
        (Some(_), None) => format!("{who} is OOMKilled: its memory limit is too low"),
        (None, _) if n.pod.is_some() || n.workload.is_some() => format!("{who} runs out of memory"),
        (None, _) => format!("{who} reports running out of memory"),
    };
    let mut story: Vec<String> = supporting
        .iter()
        .filter(|c| matches!(c.kind, ClaimKind::OomKilled { .. } | ClaimKind::OutOfMemoryLogged { .. } | ClaimKind::MemoryNearLimit { .. }))
        .map(|c| c.statement.clone())
        .collect();
    story.dedup();
    story.truncate(3);
    if let Some(crash) = crash {
        story.push(format!("each kill restarts it, so {}", crash.statement));
    }
    if near.is_none() && limit_text.is_some() {
        story.push(format!("its limit is {}", limit_text.clone().unwrap_or_default()));
    }
    if !finding.contradicts.is_empty() {
        story.push(format!(
            "but {}",
            finding.contradicts.iter().map(|(id, _)| claims.get(*id).statement.clone()).collect::<Vec<_>>().join("; ")
        ));
    }
    let summary = format!("{}.", capitalise(&story.join("; ")));

    let suggested = limit.map(|f| suggest(quantity_of(f))).unwrap_or_else(|| "<higher limit>".into());
    let container = n.container.clone().unwrap_or_else(|| "<container>".into());
    let now = match &n.workload {
        Some((kind, name)) => format!(
            "Now: raise the memory limit of {container} (e.g. `kubectl {ns}set resources {kind}/{name} -c {container} --limits=memory={suggested} --requests=memory={suggested}`), or commit the same change to its manifest if GitOps manages it."
        ),
        None => format!("Now: raise the memory limit of {container} (e.g. to {suggested}) in the manifest that creates the pod, and recreate it."),
    };
    let fixes = vec![
        now,
        "Lasting: size the limit from the observed working set (peak plus ~30% headroom, or a VerticalPodAutoscaler recommendation), cap the runtime's own heap below the limit (`GOMEMLIMIT`, `-XX:MaxRAMPercentage`, `--max-old-space-size`), and alert when the working set passes 90% of the limit.".into(),
    ];
    let pod = n.pod_or_placeholder();
    let mut checks = vec![
        Check::new(format!("kubectl {ns}top pod {pod} --containers"), NEAR_LIMIT, near.is_none()),
        Check::new(
            format!("kubectl {ns}get pod {pod} -o jsonpath='{{range .status.containerStatuses[*]}}{{.name}}{{\"\\t\"}}{{.lastState.terminated.reason}}{{\"\\t\"}}{{.restartCount}}{{\"\\n\"}}{{end}}'"),
            OOM_KILLED,
            killed.is_none(),
        ),
        Check::new(format!("kubectl {ns}logs {pod} {}--previous --tail=50", n.container_flag()), OOM_LOGGED, !logs_pasted(kb, of)),
    ];
    let spec = match &n.workload {
        Some((kind, name)) => format!("{kind}/{name} -o jsonpath='{{.spec.template.spec.containers[?(@.name==\"{container}\")].resources}}'"),
        None => format!("pod {pod} -o jsonpath='{{.spec.containers[?(@.name==\"{container}\")].resources}}'"),
    };
    checks.push(Check::new(format!("kubectl {ns}get {spec}"), NEAR_LIMIT * 0.5, limit.is_none()));
    Wording { title, summary, fixes, checks }
}

/// The memory limit of the unit's container (the named one when known).
fn memory_limit<'a>(kb: &Kb<'a>, of: EntityId, container: Option<&str>) -> Option<&'a Fact> {
    kb.with(Predicate::MemoryLimit)
        .filter(|f| unit(kb, f.subject) == of)
        .filter(|f| container.is_none() || container_name(kb, f.subject).as_deref() == container)
        .last()
}

fn quantity_of(fact: &Fact) -> f64 {
    match &fact.value {
        Value::Quantity(q) => q.value,
        _ => 0.0,
    }
}

/// A limit half again as large as `bytes`, rounded up to 64Mi, written as Kubernetes does.
fn suggest(bytes: f64) -> String {
    const MI: f64 = 1_048_576.0;
    if bytes <= 0.0 {
        return "<higher limit>".into();
    }
    let mib = ((bytes * 1.5 / MI) / 64.0).ceil() * 64.0;
    if mib % 1024.0 == 0.0 {
        format!("{}Gi", mib / 1024.0)
    } else {
        format!("{mib}Mi")
    }
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggested_limits_are_half_again_and_round() {
        assert_eq!(suggest(512.0 * 1_048_576.0), "768Mi");
        assert_eq!(suggest(1536.0 * 1_048_576.0), "2304Mi");
        assert_eq!(suggest(2048.0 * 1_048_576.0), "3Gi");
        assert_eq!(suggest(0.0), "<higher limit>");
    }

    /// The OOM diagnosis of a pod whose last restart (an OOM kill) was `ago`.
    fn oom_confidence(ago: &str) -> f64 {
        let paste = format!("$ kubectl -n ads get pods\nNAME READY STATUS RESTARTS AGE\npacer-5d7c9b6f8-xk2lp 1/1 Running 1 ({ago} ago) 30d\n\n\
$ kubectl -n ads describe pod pacer-5d7c9b6f8-xk2lp\nName: pacer-5d7c9b6f8-xk2lp\nNamespace: ads\nContainers:\n  pacer:\n    Last State: Terminated\n      Reason: OOMKilled\n      Exit Code: 137\n    Ready: True\n    Restart Count: 1\n");
        let report = crate::analyze(&paste);
        report.diagnoses.iter().find(|d| d.class == super::CLASS).map_or(0.0, |d| d.confidence)
    }

    #[test]
    fn a_kill_days_ago_with_the_pod_ready_since_is_history() {
        let recent = oom_confidence("3h");
        let old = oom_confidence("12d");
        assert!(old < 0.25, "a kill 12 days ago, ready since: {old}");
        assert!(old < recent, "older kills weigh less: {old} vs {recent}");
    }

    #[test]
    fn siblings_ready_near_their_limit_do_not_speak_against_a_kill() {
        let paste = "$ kubectl -n ads get pods\nNAME READY STATUS RESTARTS AGE\nledgerdb-0 1/1 Running 0 11d\nledgerdb-1 0/1 Running 4 (3m ago) 11d\n\n\
$ kubectl -n ads describe pod ledgerdb-1\nName: ledgerdb-1\nNamespace: ads\nContainers:\n  db:\n    Last State: Terminated\n      Reason: OOMKilled\n      Exit Code: 137\n    Limits:\n      memory: 4Gi\n\n\
$ kubectl -n ads top pod --containers\nPOD NAME CPU(cores) MEMORY(bytes)\nledgerdb-0 db 900m 4010Mi\nledgerdb-1 db 120m 1200Mi\n";
        let report = crate::analyze(paste);
        let oom = report.diagnoses.iter().find(|d| d.class == super::CLASS).map_or(0.0, |d| d.confidence);
        assert!(oom > 0.8, "{oom}");
    }

    #[test]
    fn the_kernels_oom_kill_joins_the_pods_diagnosis() {
        let paste = "$ kubectl -n ads get pods\nNAME READY STATUS RESTARTS AGE\nscorer-84f7d9c6b5-9xmvw 0/1 CrashLoopBackOff 14 (2m ago) 1h\n\n\
$ kubectl -n ads describe pod scorer-84f7d9c6b5-9xmvw\nName: scorer-84f7d9c6b5-9xmvw\nNamespace: ads\nContainers:\n  scorer:\n    Last State: Terminated\n      Reason: OOMKilled\n      Exit Code: 137\n\n\
--- node journal ---\nJul 22 09:21:37 ip-10-40-12-7 kernel: Memory cgroup out of memory: Killed process 48812 (java) total-vm:5482216kB\n";
        let report = crate::analyze(paste);
        let oom: Vec<_> = report.diagnoses.iter().filter(|d| d.class == super::CLASS).collect();
        assert_eq!(oom.len(), 1, "one diagnosis, not one per writer: {:?}", report.diagnoses.iter().map(|d| &d.title).collect::<Vec<_>>());
        assert!(oom[0].evidence.iter().any(|e| e.quote.contains("Memory cgroup out of memory")), "the kernel's line is evidence");
    }

    #[test]
    fn a_memory_cgroup_kill_in_dmesg_is_a_kill_at_the_limit() {
        use crate::infer::detect::confidence_of;
        let dmesg = "$ sudo dmesg -T | tail\n[Tue Mar  4 03:11:57 2025] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),task=java,pid=2718855,uid=1001\n[Tue Mar  4 03:11:57 2025] Memory cgroup out of memory: Killed process 2718855 (java) total-vm:5412332kB, anon-rss:2080004kB\n";
        let node_wide = "$ sudo dmesg -T | tail\n[Tue Mar  4 03:11:57 2025] Out of memory: Killed process 2718855 (java) total-vm:5412332kB, anon-rss:2080004kB\n";
        let at_limit = confidence_of(dmesg, super::CLASS).unwrap_or(0.0);
        let logged = confidence_of(node_wide, super::CLASS).unwrap_or(0.0);
        assert!(at_limit >= 0.5 && logged < 0.5, "{at_limit} vs {logged}");
        let report = crate::analyze(dmesg);
        assert!(report.diagnoses[0].summary.to_lowercase().contains("the kernel killed"), "dmesg speaks for the kernel: {}", report.diagnoses[0].summary);
    }
}
