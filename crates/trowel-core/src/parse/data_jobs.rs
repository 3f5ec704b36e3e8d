//! Managed data and workflow services, read as the Kubernetes facts that mean the same, so
//! the pod and CronJob claims read them too: a job (Glue, Databricks, Dataflow) is a Job,
//! each of its runs (an attempt) a pod of it.
//!
//! - `aws glue get-job-runs|get-job-run` (reached through `aws.rs`): a run's `JobRunState` is
//!   its status (`FAILED` a failed container, as `Error`), its `ErrorMessage` its status
//!   message (`GlueArgumentError: the following arguments are required: --X` says config is
//!   missing as a crash-looping pod's log does), `StartedOn` when it started.
//! - `databricks jobs get-run` (`runs get` of the legacy CLI): the run's `state_message` is
//!   its status message; a cluster that could not pull its container image says so there
//!   (`Failed to pull docker image …: manifest for … not found`), read as a runtime's failed
//!   pull of that image.
//! - `gcloud dataflow logs list JOB`: `W 2026-07-14T12:01:27 JOB message` lines; a worker pool
//!   that cannot get its VMs (`QUOTA_EXCEEDED`, `ZONE_RESOURCE_POOL_EXHAUSTED`, `failed to
//!   bring up any of the desired N workers`) is the scheduler finding no room for a pod: a
//!   `FailedScheduling` warning of a stand-in worker pod of the job (`JOB (workers)`).
//! - `bq show --transfer_config`: a BigQuery scheduled query (or Data Transfer config) is a
//!   CronJob named by its `displayName`: `disabled: true` suspends it, `schedule` (App Engine's
//!   English form) is its schedule.

use crate::ascii::{contains_ci, find_ci};
use crate::fact::{EntityId, EntityKind, EventRecord, Predicate, Value};
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::{parse_iso_prefix, Timestamp};
use crate::tree::Node;

/// Reads the output of a data service's own CLI this module knows (Databricks, Dataflow's
/// logs, BigQuery transfer configs); false when the artifact is none of them.
pub fn read(cx: &mut Cx<'_>) -> bool {
    let Some(command) = cx.artifact.command.as_ref() else { return false };
    let words = command.positionals();
    let words: Vec<&str> = words.into_iter().filter(|w| !matches!(*w, "beta" | "alpha")).collect();
    match (command.program.as_str(), words.as_slice()) {
        ("gcloud", ["dataflow", "logs", "list", job, ..]) => {
            let job = job.to_string();
            dataflow_logs(cx, &job)
        }
        ("databricks", ["jobs", "get-run", ..] | ["runs", "get", ..]) => {
            let asked = command.flag(&["--run-id"]).map(str::to_string).or_else(|| words.get(2).map(|w| w.to_string()));
            with_json(cx, |cx, root| databricks_run(cx, asked.as_deref(), root))
        }
        ("bq", ["show", ..]) if command.has_flag(&["--transfer_config"]) => with_json(cx, transfer_config),
        _ => false,
    }
}

/// Runs `read` over each JSON document of the artifact; true when one was read.
fn with_json(cx: &mut Cx<'_>, mut read: impl FnMut(&mut Cx<'_>, &Node<'_>) -> bool) -> bool {
    if !cx.body().trim_start().starts_with(['{', '[']) {
        return false;
    }
    let parsed = crate::tree::json::parse(cx.paste, cx.artifact.body);
    let mut any = false;
    for doc in &parsed.docs {
        any |= read(cx, &doc.root);
    }
    any
}

fn text<'n>(node: &'n Node<'_>, key: &str) -> Option<(&'n str, Span)> {
    let entry = node.entry(key)?;
    Some((entry.value.str()?, entry.span()))
}

/// A run's state as Kubernetes prints a pod's.
fn run_status(state: &str) -> Option<&'static str> {
    Some(match state.to_ascii_uppercase().as_str() {
        "FAILED" | "ERROR" | "INTERNAL_ERROR" => "Error",
        "SUCCEEDED" | "SUCCESS" | "COMPLETED" => "Completed",
        "RUNNING" | "STARTING" | "WAITING" => "Running",
        "TIMEOUT" | "TIMEDOUT" => "DeadlineExceeded",
        "PENDING" | "QUEUED" => "Pending",
        _ => return None,
    })
}

/// `aws glue get-job-runs` (`JobRuns`) or `get-job-run` (`JobRun`), with the `--query`
/// already undone: each run a pod of the job.
pub(super) fn glue_runs(cx: &mut Cx<'_>, asked: Option<&str>, root: &Node<'_>) {
    let runs: Vec<&Node<'_>> = match (root.get("JobRuns"), root.get("JobRun")) {
        (Some(list), _) => list.items().iter().collect(),
        (None, Some(one)) => vec![one],
        (None, None) => return,
    };
    for (i, run) in runs.into_iter().enumerate() {
        let Some(job) = text(run, "JobName").map(|(n, _)| n).or(asked) else { continue };
        let name = match text(run, "Id") {
            Some((id, _)) => id.to_string(),
            None => format!("{job} (run {})", i + 1),
        };
        let owner = cx.entity(EntityKind::Job, None, job);
        let pod = cx.entity(EntityKind::Pod, None, &name);
        cx.owner(pod, owner, run.span);
        let started = text(run, "StartedOn").and_then(|(t, span)| parse_iso_prefix(t).map(|p| (p.time, span)));
        if let Some((time, span)) = started {
            cx.timed_fact(pod, Predicate::StartedAt, Value::Time(time), Some(time), span);
        }
        let time = started.map(|(t, _)| t);
        if let Some((status, span)) = text(run, "JobRunState").and_then(|(s, span)| Some((run_status(s)?, span))) {
            cx.timed_fact(pod, Predicate::Status, Value::text(status), time, span);
        }
        if let Some((message, span)) = text(run, "ErrorMessage").filter(|(m, _)| !m.trim().is_empty()) {
            cx.timed_fact(pod, Predicate::StatusMessage, Value::Text(message.trim().to_string()), time, span);
        }
    }
}

/// `databricks jobs get-run`: the run as a pod of its job (`run_name`), its state message
/// as its status message, a failed image pull in it as the runtime's.
fn databricks_run(cx: &mut Cx<'_>, asked: Option<&str>, root: &Node<'_>) -> bool {
    let Some(state) = root.get("state") else { return false };
    let id = root.entry("run_id").and_then(|e| e.value.str()).or(asked);
    let job = text(root, "run_name").map(|(n, _)| n);
    let Some(name) = id.or(job) else { return false };
    let pod = cx.entity(EntityKind::Pod, None, name);
    if let Some(job) = job {
        let owner = cx.entity(EntityKind::Job, None, job);
        cx.owner(pod, owner, root.span);
    }
    let time = root.entry("start_time").and_then(|e| e.value.str()).and_then(|ms| ms.parse::<i64>().ok()).filter(|ms| *ms > 1_000_000_000_000).map(Timestamp);
    let result = text(state, "result_state").or_else(|| text(state, "life_cycle_state"));
    if let Some((status, span)) = result.and_then(|(s, span)| Some((run_status(s)?, span))) {
        cx.timed_fact(pod, Predicate::Status, Value::text(status), time, span);
    }
    if let Some((message, span)) = text(state, "state_message").filter(|(m, _)| !m.trim().is_empty()) {
        cx.timed_fact(pod, Predicate::StatusMessage, Value::Text(message.trim().to_string()), time, span);
        super::pulls::read_runtime_error(cx, message, time, span);
    }
    true
}

/// Phrases of a cloud saying it could not get the machines a job's workers need: the
/// scheduler's "no node fits", for VMs.
const NO_CAPACITY: &[&str] = &["quota_exceeded", "zone_resource_pool_exhausted", "failed to bring up any of the desired", "unable to reach resize target", "resource_pool_exhausted"];

/// Whether a message says the workers of a job could not be created for want of quota or
/// capacity.
pub(crate) fn says_no_capacity(message: &str) -> bool {
    NO_CAPACITY.iter().any(|p| contains_ci(message, p))
}

/// `gcloud dataflow logs list JOB`: `<severity letter> <time> <job id> <message>` lines.
fn dataflow_logs(cx: &mut Cx<'_>, job: &str) -> bool {
    let mut read = false;
    let mut workers: Option<EntityId> = None;
    let lines: Vec<_> = cx.lines().collect();
    for line in lines {
        let text = line.text.trim_end();
        let mut words = text.splitn(4, ' ');
        let (Some(severity), Some(stamp), Some(_id), Some(message)) = (words.next(), words.next(), words.next(), words.next()) else { continue };
        if !matches!(severity, "D" | "I" | "W" | "E" | "C") {
            continue;
        }
        let Some(time) = parse_iso_prefix(stamp).filter(|p| p.len == stamp.len()).map(|p| p.time) else { continue };
        read = true;
        if severity == "D" || severity == "I" || !says_no_capacity(message) {
            continue;
        }
        let at = find_ci(text, message).unwrap_or(0);
        let span = line.span.sub(at, text.len());
        let pod = *workers.get_or_insert_with(|| {
            let owner = cx.entity(EntityKind::Job, None, job);
            let pod = cx.entity(EntityKind::Pod, None, format!("{job} (workers)"));
            cx.owner(pod, owner, span);
            pod
        });
        let event = EventRecord { kind: "Warning".into(), reason: "FailedScheduling".into(), message: message.trim().to_string(), count: None, last_seen_ago: None, first_seen_ago: None };
        cx.timed_fact(pod, Predicate::Event, Value::Event(Box::new(event)), Some(time), span);
    }
    read
}

/// `bq show --transfer_config`: the config as a CronJob named by its `displayName`.
fn transfer_config(cx: &mut Cx<'_>, root: &Node<'_>) -> bool {
    let Some((name, _)) = text(root, "displayName").or_else(|| text(root, "name").map(|(n, s)| (n.rsplit('/').next().unwrap_or(n), s))) else { return false };
    if root.get("dataSourceId").is_none() && root.get("schedule").is_none() {
        return false;
    }
    let job = cx.entity(EntityKind::CronJob, None, name);
    if let Some(entry) = root.entry("disabled") {
        if let Some(disabled) = entry.value.str().and_then(|v| v.parse::<bool>().ok()) {
            cx.fact(job, Predicate::Suspended, Value::Bool(disabled), entry.span());
        }
    }
    if let Some((cron, span)) = text(root, "schedule").and_then(|(s, span)| Some((super::app_engine::to_cron(s)?, span))) {
        cx.fact(job, Predicate::Schedule, Value::Text(cron), span);
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;
    use crate::test_support::facts_with as facts;

    #[test]
    fn glue_runs_are_pods_of_the_job_with_their_error_as_status_message() {
        let paste = "$ aws glue get-job-runs --job-name ledger-compact --query 'JobRuns[].{Id:Id,State:JobRunState,Err:ErrorMessage}' --output json\n\
[\n  {\"Id\": \"jr_91ab_attempt_1\", \"State\": \"FAILED\", \"Err\": \"GlueArgumentError: the following arguments are required: --TARGET_BUCKET\"},\n  {\"Id\": \"jr_91ab\", \"State\": \"FAILED\", \"Err\": \"GlueArgumentError: the following arguments are required: --TARGET_BUCKET\"}\n]\n";
        let got = facts(paste, &[Predicate::OwnedBy, Predicate::Status, Predicate::StatusMessage]);
        assert!(got.contains(&"pod jr_91ab_attempt_1 OwnedBy job ledger-compact".to_string()), "{got:?}");
        assert!(got.contains(&"pod jr_91ab Status Error".to_string()), "{got:?}");
        assert!(got.iter().any(|f| f.starts_with("pod jr_91ab StatusMessage GlueArgumentError")), "{got:?}");
        let ranked = crate::analyze(paste);
        assert_eq!(ranked.diagnoses.first().map(|d| d.class.as_str()), Some("crashloop-config-error"), "{:?}", ranked.diagnoses);
    }

    #[test]
    fn a_databricks_run_whose_cluster_could_not_pull_its_image_is_a_failed_pull() {
        let paste = "$ databricks jobs get-run 5501 -o json\n\
{\"run_id\": 5501, \"run_name\": \"fx-nightly\", \"start_time\": 1771480804112, \"state\": {\"life_cycle_state\": \"INTERNAL_ERROR\", \"result_state\": \"FAILED\", \"state_message\": \"Cluster '0311-x' was terminated. Reason: DOCKER_IMAGE_PULL_FAILURE (CLIENT_ERROR). Parameters: databricks_error_message:Failed to pull docker image cr.example.net/fx/runtime:7.2-gpu: manifest for cr.example.net/fx/runtime:7.2-gpu not found: manifest unknown\"}}\n";
        let got = facts(paste, &[Predicate::PullFailed, Predicate::OwnedBy]);
        assert!(got.iter().any(|f| f.starts_with("image cr.example.net/fx/runtime PullFailed cr.example.net/fx/runtime:7.2-gpu")), "{got:?}");
        assert!(got.contains(&"pod 5501 OwnedBy job fx-nightly".to_string()), "{got:?}");
        let ranked = crate::analyze(paste);
        assert_eq!(ranked.diagnoses.first().map(|d| d.class.as_str()), Some("image-pull-error"), "{:?}", ranked.diagnoses);
    }

    #[test]
    fn dataflow_workers_the_cloud_could_not_create_are_unscheduled() {
        let paste = "$ gcloud dataflow logs list 2026-03-02_01_00_00-77 --region=us-east1\n\
I 2026-03-02T09:00:10 2026-03-02_01_00_00-77 Starting 8 workers in us-east1-c...\n\
W 2026-03-02T09:01:12 2026-03-02_01_00_00-77 Startup of the worker pool in zone us-east1-c failed to bring up any of the desired 8 workers. QUOTA_EXCEEDED: Quota 'C2_CPUS' exceeded.  Limit: 64.0 in region us-east1.\n\
W 2026-03-02T09:16:20 2026-03-02_01_00_00-77 Autoscaling: Unable to reach resize target in zone us-east1-c. QUOTA_EXCEEDED: Quota 'C2_CPUS' exceeded.\n";
        let got = facts(paste, &[Predicate::Event]);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with("pod 2026-03-02_01_00_00-77 (workers) Event Warning FailedScheduling"), "{got:?}");
        let ranked = crate::analyze(paste);
        assert_eq!(ranked.diagnoses.first().map(|d| d.class.as_str()), Some("unschedulable"), "{:?}", ranked.diagnoses);
    }

    #[test]
    fn a_disabled_scheduled_query_is_a_suspended_cronjob() {
        let paste = "$ bq show --format=prettyjson --transfer_config projects/1/locations/us/transferConfigs/abc\n\
{\n  \"dataSourceId\": \"scheduled_query\",\n  \"disabled\": true,\n  \"displayName\": \"ledger_rollup\",\n  \"schedule\": \"every day 04:15\",\n  \"state\": \"SUCCEEDED\"\n}\n";
        let got = facts(paste, &[Predicate::Suspended, Predicate::Schedule]);
        assert_eq!(got, ["cronjob ledger_rollup Suspended true", "cronjob ledger_rollup Schedule 15 4 * * *"]);
    }
}
