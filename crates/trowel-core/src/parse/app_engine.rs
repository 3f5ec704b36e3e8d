//! Google App Engine and Cloud Scheduler, read as the Kubernetes objects that mean the same:
//!
//! - a Cloud Scheduler job (`gcloud scheduler jobs list|describe`, also what App Engine's
//!   `cron.yaml` becomes) is a CronJob: `PAUSED` is its `suspend: true`, `ENABLED` its
//!   `false`, `lastAttemptTime` its last schedule, and its schedule, in App Engine's words
//!   (`every day 05:00`, `every 15 minutes`) or cron's, the CronJob's schedule;
//! - an App Engine service is a Deployment and each instance `gcloud app instances list`
//!   prints a pod of it; `automatic_scaling` in `app.yaml` (`max_instances`,
//!   `target_cpu_utilization`) is the service's autoscaler, so the capacity derivations read
//!   a service held at its instance ceiling as they read an HPA at `maxReplicas`.

use crate::ascii::starts_with_ci;
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::span::Span;
use crate::time::parse_iso_prefix;

/// Reads the artifact when its command is one this module knows; false otherwise.
pub fn read(cx: &mut Cx<'_>) -> bool {
    let Some(command) = cx.artifact.command.as_ref() else { return false };
    if command.program != "gcloud" {
        return false;
    }
    let words = command.positionals();
    match words.as_slice() {
        ["scheduler", "jobs", "list", ..] => scheduler_list(cx),
        ["scheduler", "jobs", "describe", id, ..] => {
            let id = id.to_string();
            scheduler_describe(cx, &id)
        }
        ["app", "instances", "list", ..] => {
            let service = command.flag(&["--service", "-s"]).map(str::to_string);
            instances(cx, service.as_deref())
        }
        _ => false,
    }
}

/// `ID LOCATION SCHEDULE (TZ) TARGET_TYPE STATE`: each row a CronJob, suspended when paused.
fn scheduler_list(cx: &mut Cx<'_>) -> bool {
    let mut read = false;
    let lines: Vec<Line<'_>> = cx.lines().collect();
    for line in lines {
        let words: Vec<&str> = line.text.split_whitespace().collect();
        let Some(state) = words.last().and_then(|w| job_state(w)) else { continue };
        let Some(id) = words.first().filter(|w| **w != "ID") else { continue };
        let job = cx.entity(EntityKind::CronJob, None, *id);
        let span = line.trimmed().span;
        cx.fact(job, Predicate::Suspended, Value::Bool(state), span);
        // The schedule sits between the location and its `(zone)`.
        if let (Some(open), Some(location)) = (line.text.find(" ("), words.get(1)) {
            let from = line.text.find(location).map_or(0, |at| at + location.len());
            if from < open {
                if let Some(cron) = to_cron(line.text[from..open].trim()) {
                    cx.fact(job, Predicate::Schedule, Value::Text(cron), span);
                }
            }
        }
        read = true;
    }
    read
}

/// `PAUSED` → suspended, `ENABLED` → not; other states (`UPDATE_FAILED`) say neither.
fn job_state(word: &str) -> Option<bool> {
    match word {
        "PAUSED" | "DISABLED" => Some(true),
        "ENABLED" => Some(false),
        _ => None,
    }
}

/// The job a `describe` printed, key by key (YAML or `key: value` text).
fn scheduler_describe(cx: &mut Cx<'_>, id: &str) -> bool {
    let name = id.rsplit('/').next().unwrap_or(id);
    let mut job: Option<EntityId> = None;
    let lines: Vec<Line<'_>> = cx.lines().collect();
    for line in lines {
        // Top-level keys only: a target's nested keys are no job state.
        if line.indent() > 0 {
            continue;
        }
        let Some((key, value)) = line.text.split_once(':') else { continue };
        let value = value.trim().trim_matches(['\'', '"']);
        let span = line.trimmed().span;
        let mut subject = || *job.get_or_insert_with(|| cx.entity(EntityKind::CronJob, None, name));
        match key.trim() {
            "state" => {
                if let Some(state) = job_state(value) {
                    let id = subject();
                    cx.fact(id, Predicate::Suspended, Value::Bool(state), span);
                }
            }
            "lastAttemptTime" => {
                if let Some(parsed) = parse_iso_prefix(value) {
                    let id = subject();
                    cx.fact(id, Predicate::LastScheduled, Value::Time(parsed.time), span);
                }
            }
            "schedule" => {
                if let Some(cron) = to_cron(value) {
                    let id = subject();
                    cx.fact(id, Predicate::Schedule, Value::Text(cron), span);
                }
            }
            _ => {}
        }
    }
    job.is_some()
}

/// A schedule as cron reads it: five-field cron as it is, App Engine's English forms
/// (`every day 05:00`, `every 15 minutes`, `every 2 hours`) rewritten; None for forms whose
/// runs cron cannot say (`every monday of sep,oct`, `every 5 minutes from 10:00 to 14:00`).
pub(crate) fn to_cron(schedule: &str) -> Option<String> {
    let schedule = schedule.trim();
    if !starts_with_ci(schedule, "every ") {
        let fields = schedule.split_whitespace().count();
        return (fields == 5 || schedule.starts_with('@')).then(|| schedule.to_string());
    }
    let words: Vec<&str> = schedule.split_whitespace().skip(1).collect();
    let clock = |w: &str| {
        let (h, m) = w.split_once(':')?;
        let (h, m) = (h.parse::<u8>().ok().filter(|h| *h < 24)?, m.parse::<u8>().ok().filter(|m| *m < 60)?);
        Some((h, m))
    };
    match words.as_slice() {
        ["day", at] => clock(at).map(|(h, m)| format!("{m} {h} * * *")),
        [n, unit] => {
            let n: u32 = n.parse().ok().filter(|n| *n > 0)?;
            match unit.trim_end_matches('s') {
                "minute" | "min" if n < 60 => Some(if n == 1 { "* * * * *".into() } else { format!("*/{n} * * * *") }),
                "minute" | "min" if n == 60 => Some("0 * * * *".into()),
                "hour" if n < 24 => Some(if n == 1 { "0 * * * *".into() } else { format!("0 */{n} * * *") }),
                "hour" if n == 24 => Some("0 0 * * *".into()),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `SERVICE VERSION ID VM_STATUS …`: each instance a pod of its service.
fn instances(cx: &mut Cx<'_>, service: Option<&str>) -> bool {
    let mut read = false;
    let mut rows: Vec<(String, u32, Span)> = Vec::new();
    let lines: Vec<Line<'_>> = cx.lines().collect();
    for line in lines {
        let words: Vec<&str> = line.text.split_whitespace().collect();
        let [owner, version, id, ..] = words.as_slice() else { continue };
        if *owner == "SERVICE" || service.is_some_and(|s| s != *owner) || id.len() < 8 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let span = line.trimmed().span;
        let deployment = cx.entity(EntityKind::Deployment, None, *owner);
        let pod = cx.entity(EntityKind::Pod, None, *id);
        cx.owner(pod, deployment, span);
        let _ = version;
        match rows.iter_mut().find(|(s, _, _)| s == owner) {
            Some((_, n, rows)) => {
                *n += 1;
                *rows = rows.cover(span);
            }
            None => rows.push((owner.to_string(), 1, span)),
        }
        read = true;
    }
    // How many instances a service runs is its autoscaler's current replicas.
    for (service, count, span) in rows {
        let scaling = autoscaler(cx, &service, span);
        cx.fact(scaling, Predicate::CurrentReplicas, Value::Number(f64::from(count)), span);
    }
    read
}

/// The autoscaler App Engine runs for a service, as an HPA of the service's name.
fn autoscaler(cx: &mut Cx<'_>, service: &str, span: Span) -> EntityId {
    let workload = cx.entity(EntityKind::Deployment, None, service);
    let scaling = cx.entity(EntityKind::HorizontalPodAutoscaler, None, service);
    cx.fact(scaling, Predicate::Scales, Value::Entity(workload), span);
    scaling
}

/// `app.yaml`'s `automatic_scaling` (whole, or as `grep -A` printed it): `max_instances` is
/// the service's ceiling. The service is the file's `service:`, else App Engine's `default`.
pub fn read_scaling(cx: &mut Cx<'_>) {
    if memchr::memmem::find(cx.body().as_bytes(), b"automatic_scaling:").is_none() {
        return;
    }
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let service = lines.iter().find_map(|l| l.text.strip_prefix("service:")).map(|s| s.trim().trim_matches(['\'', '"']).to_string()).filter(|s| !s.is_empty());
    let service = service.as_deref().unwrap_or("default");
    let mut in_scaling = false;
    for line in &lines {
        if line.indent() == 0 {
            in_scaling = line.text.trim_end().ends_with("automatic_scaling:");
            continue;
        }
        let Some(max) = line.text.trim().strip_prefix("max_instances:").filter(|_| in_scaling).and_then(|v| crate::number::parse_f64(v.trim())) else { continue };
        let span = line.trimmed().span;
        let scaling = autoscaler(cx, service, span);
        cx.fact(scaling, Predicate::MaxReplicas, Value::Number(max), span);
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{assert_facts, fact_lines};

    #[test]
    fn a_paused_scheduler_job_is_a_suspended_cronjob_with_its_schedule() {
        let paste = "$ gcloud scheduler jobs list --location=us-central1\n\
ID                 LOCATION     SCHEDULE (TZ)                    TARGET_TYPE  STATE\n\
nightly-invoices   us-central1  every day 02:30 (America/Chicago)  App Engine   PAUSED\n\
sync-feeds         us-central1  */10 * * * * (Etc/UTC)           HTTP         ENABLED\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &["cronjob nightly-invoices · Suspended · true", "cronjob nightly-invoices · Schedule · 30 2 * * *", "cronjob sync-feeds · Suspended · false", "cronjob sync-feeds · Schedule · */10 * * * *"]);
    }

    #[test]
    fn a_described_job_says_its_state_and_last_attempt() {
        let paste = "$ gcloud scheduler jobs describe rebuild-index --location=us-east1\n\
appEngineHttpTarget:\n  relativeUri: /cron/rebuild\n\
lastAttemptTime: '2025-11-02T03:00:01.2Z'\n\
name: projects/p/locations/us-east1/jobs/rebuild-index\n\
schedule: every 6 hours\n\
state: PAUSED\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &["cronjob rebuild-index · Suspended · true", "cronjob rebuild-index · Schedule · 0 */6 * * *"]);
        assert!(facts.iter().any(|f| f.starts_with("cronjob rebuild-index · LastScheduled · 2025-11-02")), "{facts:#?}");
    }

    #[test]
    fn app_engine_schedules_in_words_become_cron() {
        use super::to_cron;
        assert_eq!(to_cron("every 1 minutes").as_deref(), Some("* * * * *"));
        assert_eq!(to_cron("every 60 minutes").as_deref(), Some("0 * * * *"));
        assert_eq!(to_cron("every day 23:59").as_deref(), Some("59 23 * * *"));
        assert_eq!(to_cron("every monday 09:00"), None);
        assert_eq!(to_cron("0 3 * * 1").as_deref(), Some("0 3 * * 1"));
        assert_eq!(to_cron("every day 25:00"), None);
    }

    #[test]
    fn automatic_scaling_caps_the_service_and_its_instances_are_the_replicas() {
        let paste = "$ cat app.yaml\nruntime: python312\nservice: checkout\nautomatic_scaling:\n  target_cpu_utilization: 0.6\n  max_instances: 3\n\n\
$ gcloud app instances list --service=checkout\nSERVICE  VERSION  ID  VM_STATUS  DEBUG_MODE\ncheckout  v3  00c61b1aa1  RUNNING\ncheckout  v3  00c61b1aa2  RUNNING\ncheckout  v3  00c61b1aa3  RUNNING\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &["hpa checkout · MaxReplicas · 3", "hpa checkout · CurrentReplicas · 3", "hpa checkout · Scales · deployment checkout"]);
    }

    #[test]
    fn instances_are_pods_of_their_service() {
        let paste = "$ gcloud app instances list --service=api\nSERVICE  VERSION  ID  VM_STATUS  DEBUG_MODE\napi  v12  00c61b117a9e3f  RUNNING\napi  v12  00c61b117b4d2c  RUNNING\n";
        let facts = fact_lines(paste);
        assert!(facts.iter().any(|f| f == "pod 00c61b117a9e3f · OwnedBy · deployment api"), "{facts:#?}");
        assert_eq!(facts.iter().filter(|f| f.contains("OwnedBy")).count(), 2, "{facts:#?}");
    }
}
