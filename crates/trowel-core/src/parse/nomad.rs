//! HashiCorp Nomad CLI output, read into the same facts as the Kubernetes objects that mean
//! the same: a job is a workload (a periodic job a CronJob, a batch job a Job), an
//! allocation a pod, a task event an event, a placement failure the scheduler's verdict.
//!
//! Read here: `nomad job status` (its `Key = value` header, `Placement Failure`,
//! `Allocations` and `Previously Launched Jobs` sections), `nomad alloc status` (`Recent
//! Events`), and the periodic configuration `nomad job inspect` prints (`Spec`,
//! `ProhibitOverlap`, `TimeZone`). Mapping them onto the fact model lets the existing
//! derivations (scheduling, probes, stuck periodic runs) work unchanged.

use crate::command::Command;
use crate::fact::{EntityId, EntityKind, EventRecord, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::span::Span;
use crate::time::Timestamp;

/// Flags of the Nomad CLI that take a value (the rest are switches).
const VALUE_FLAGS: &[&str] = &["-namespace", "-job", "-region", "-address", "-token", "-task", "-node-pool"];

/// True when the artifact is the output of a `nomad` command.
pub fn is_nomad(cx: &Cx<'_>) -> bool {
    cx.artifact.command.as_ref().is_some_and(|c| c.program == "nomad")
}

/// The namespace a Nomad command names (`-namespace web`).
fn namespace(command: &Command) -> Option<&str> {
    command.flag(&["-namespace", "--namespace"])
}

/// Positional words of a Nomad command: `job status x` → `[job, status, x]`.
fn positionals(command: &Command) -> Vec<&str> {
    let mut out = Vec::new();
    let mut words = command.args.iter();
    while let Some(word) = words.next() {
        if word.starts_with('-') {
            if !word.contains('=') && VALUE_FLAGS.contains(&word.as_str()) {
                words.next();
            }
        } else {
            out.push(word.as_str());
        }
    }
    out
}

/// The kind of workload a Nomad job is, from its `Type` and `Periodic` header lines.
fn job_kind(kind: Option<&str>, periodic: bool) -> EntityKind {
    match kind {
        _ if periodic => EntityKind::CronJob,
        Some("batch" | "sysbatch") => EntityKind::Job,
        _ => EntityKind::Deployment,
    }
}

/// A Nomad job and what its output has said about it so far.
struct Job<'a> {
    ns: Option<&'a str>,
    name: Option<&'a str>,
    kind: Option<&'a str>,
    periodic: bool,
    status: Option<Line<'a>>,
}

impl<'a> Job<'a> {
    fn entity(&self, cx: &mut Cx<'_>) -> Option<EntityId> {
        let name = self.name?;
        // A dispatched or launched child (`parent/periodic-1768212000`) is a run of its
        // parent: a Job, owned by the parent.
        if let Some((parent, child)) = name.split_once('/') {
            let job = cx.entity(EntityKind::Job, self.ns, name);
            let parent_kind = if child.starts_with("periodic-") { EntityKind::CronJob } else { EntityKind::Job };
            let parent = cx.entity(parent_kind, self.ns, parent);
            let span = self.status.map(|l| l.span).unwrap_or(cx.artifact.span);
            cx.owner(job, parent, span);
            return Some(job);
        }
        Some(cx.entity(job_kind(self.kind, self.periodic), self.ns, name))
    }
}

/// Sections of `nomad job status` / `nomad alloc status`, by their title line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    PlacementFailure,
    Allocations,
    Launched,
    Events,
    Other,
}

fn section(title: &str) -> Option<Section> {
    let title = title.trim_end_matches(':');
    Some(match title {
        "Placement Failure" => Section::PlacementFailure,
        "Allocations" => Section::Allocations,
        "Previously Launched Jobs" => Section::Launched,
        "Recent Events" => Section::Events,
        _ if crate::detect::NOMAD_SECTIONS.contains(&title) => Section::Other,
        _ => return None,
    })
}

/// Reads the output of a `nomad job status` or `nomad alloc status` command.
pub fn parse(cx: &mut Cx<'_>) {
    let Some(command) = cx.artifact.command.as_ref() else { return };
    let words = positionals(command);
    let ns = namespace(command);
    let alloc = match words.as_slice() {
        ["alloc", "status", id, ..] => Some(*id),
        _ => None,
    };
    let mut job = Job { ns, name: None, kind: None, periodic: false, status: None };
    if let ["job", "status", name, ..] = words.as_slice() {
        job.name = Some(name);
    }
    let mut at = Section::Header;
    let mut group: Option<EntityId> = None;
    let mut header_seen = false;
    for line in cx.lines() {
        let trimmed = line.trimmed();
        if trimmed.text.is_empty() {
            continue;
        }
        if line.indent() == 0 {
            if let Some(next) = section(trimmed.text) {
                at = next;
                header_seen = false;
                continue;
            }
        }
        match at {
            Section::Header => header_line(&mut job, trimmed),
            Section::PlacementFailure => placement(cx, &job, trimmed, &mut group),
            Section::Allocations | Section::Launched if !header_seen => header_seen = true,
            Section::Allocations => allocation(cx, &job, trimmed),
            Section::Launched => launched(cx, &job, trimmed),
            Section::Events if !header_seen => header_seen = true,
            Section::Events => {
                if let Some(alloc) = alloc {
                    let pod = cx.entity(EntityKind::Pod, job.ns, alloc);
                    task_event(cx, pod, trimmed);
                }
            }
            Section::Other => {}
        }
    }
    if let (Some(status), Some(subject)) = (job.status, job.entity(cx)) {
        let text = status.text.split_once('=').map_or("", |(_, v)| v.trim());
        cx.fact(subject, Predicate::Status, Value::Text(capitalised(text)), status.span);
    }
}

/// Nomad prints states in lower case (`pending`, `running`); the fact model's are
/// capitalised as Kubernetes prints them.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// `ID = fxquote`, `Type = batch`, `Periodic = true`, `Namespace = web`, `Status = pending`.
fn header_line<'a>(job: &mut Job<'a>, line: Line<'a>) {
    let Some((key, value)) = line.text.split_once('=') else { return };
    let value = value.trim();
    match key.trim() {
        "ID" => job.name = Some(value),
        "Type" => job.kind = Some(value),
        "Namespace" => job.ns = Some(value),
        "Periodic" => job.periodic = value == "true",
        "Status" => job.status = Some(line),
        _ => {}
    }
}

/// `Task Group "call":` then `* Constraint "${node.class} = gpu-a100": 10 nodes excluded by
/// filter`: the group's allocation could not be placed, for the reasons listed. The unplaced
/// allocation is a pending pod of the job, and each reason a FailedScheduling event.
fn placement(cx: &mut Cx<'_>, job: &Job<'_>, line: Line<'_>, group: &mut Option<EntityId>) {
    if let Some(rest) = line.text.strip_prefix("Task Group ") {
        let name = rest.trim_end_matches(':').trim_matches('"');
        let Some(owner) = job.entity(cx) else { return };
        let owner_name = job.name.unwrap_or_default();
        let pod = cx.entity(EntityKind::Pod, job.ns, format!("{owner_name}/{name}"));
        cx.owner(pod, owner, line.span);
        cx.fact(pod, Predicate::Status, Value::Text("Pending".into()), line.span);
        *group = Some(pod);
        return;
    }
    let Some(pod) = *group else { return };
    let Some(reason) = line.text.strip_prefix("* ") else { return };
    let record = EventRecord { kind: "Warning".into(), reason: "FailedScheduling".into(), message: reason.to_string(), count: None, last_seen_ago: None, first_seen_ago: None };
    cx.fact(pod, Predicate::Event, Value::Event(Box::new(record)), line.span);
}

/// An `Allocations` row: `b7e13f20  0e5a9c41  quote  14  run  running  3h12m ago  41s ago`
/// (ID, Node ID, Task Group, Version, Desired, Status, Created, Modified).
fn allocation(cx: &mut Cx<'_>, job: &Job<'_>, line: Line<'_>) {
    let cells: Vec<&str> = line.text.split_whitespace().collect();
    let [id, node, _group, _version, _desired, status, ..] = cells.as_slice() else { return };
    let Some(owner) = job.entity(cx) else { return };
    let pod = cx.entity(EntityKind::Pod, job.ns, *id);
    cx.owner(pod, owner, line.span);
    cx.fact(pod, Predicate::Status, Value::Text(capitalised(status)), line.span);
    let node = cx.entity(EntityKind::Node, None, *node);
    cx.fact(pod, Predicate::ScheduledOn, Value::Entity(node), line.span);
}

/// A `Previously Launched Jobs` row: `sitemap-build/periodic-1768212000  running`. The
/// stamp is the launch time in Unix seconds.
fn launched(cx: &mut Cx<'_>, job: &Job<'_>, line: Line<'_>) {
    let cells: Vec<&str> = line.text.split_whitespace().collect();
    let [id, status] = cells.as_slice() else { return };
    let Some((parent, child)) = id.split_once('/') else { return };
    let child_job = cx.entity(EntityKind::Job, job.ns, *id);
    let parent = cx.entity(EntityKind::CronJob, job.ns, parent);
    cx.owner(child_job, parent, line.span);
    let status = match *status {
        "running" => "Running".to_string(),
        // A dead child finished, one way or the other.
        "dead" => "Complete".to_string(),
        other => capitalised(other),
    };
    cx.fact(child_job, Predicate::Status, Value::Text(status), line.span);
    if let Some(seconds) = child.strip_prefix("periodic-").and_then(|s| s.parse::<i64>().ok()) {
        cx.fact(child_job, Predicate::StartedAt, Value::Time(Timestamp(seconds * 1000)), line.span);
    }
}

/// A `Recent Events` row: `2026-05-18T13:33:04+01:00  Terminated  Exit Code: 143, …`.
/// Columns are set apart by two or more spaces; the type (`Restart Signaled`) may hold one.
fn task_event(cx: &mut Cx<'_>, pod: EntityId, line: Line<'_>) {
    let mut cells = line.text.split("  ").map(str::trim).filter(|c| !c.is_empty());
    let (Some(when), Some(kind)) = (cells.next(), cells.next()) else { return };
    let message = cells.collect::<Vec<_>>().join(" ");
    let time = crate::time::parse_iso_prefix(when).map(|p| p.time);
    if let Some(code) = message.strip_prefix("Exit Code: ").and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next()).and_then(|c| c.parse::<f64>().ok()) {
        cx.timed_fact(pod, Predicate::LastExitCode, Value::Number(code), time, line.span);
    }
    let warning = matches!(kind, "Restart Signaled" | "Terminated" | "Killing" | "Driver Failure" | "Not Restarting");
    let record = EventRecord {
        kind: if warning { "Warning" } else { "Normal" }.into(),
        reason: kind.to_string(),
        message,
        count: None,
        last_seen_ago: None,
        first_seen_ago: None,
    };
    cx.timed_fact(pod, Predicate::Event, Value::Event(Box::new(record)), time, line.span);
}

/// The periodic block `nomad job inspect … | jq '.Job.Periodic'` prints (or a whole job's
/// JSON holding one): the schedule, overlap policy and zone of the periodic job the command
/// names, as a CronJob's `Schedule`, `ConcurrencyPolicy` and `timeZone`.
pub fn periodic_json(cx: &mut Cx<'_>) {
    let Some(command) = cx.artifact.command.as_ref() else { return };
    let words = positionals(command);
    let ["job", "inspect", name, ..] = words.as_slice() else { return };
    let ns = namespace(command);
    let parsed = crate::tree::json::parse(cx.paste, cx.artifact.body);
    for doc in &parsed.docs {
        let periodic = if doc.root.get("Spec").is_some() { Some(&doc.root) } else { doc.root.at(&["Job", "Periodic"]).or_else(|| doc.root.get("Periodic")) };
        let Some(periodic) = periodic else { continue };
        let cronjob = cx.entity(EntityKind::CronJob, ns, *name);
        for entry in periodic.entries() {
            let span: Span = entry.key_span.cover(entry.value.span);
            let value = entry.value.str().unwrap_or_default();
            match entry.key.as_ref() {
                "Spec" => {
                    cx.fact(cronjob, Predicate::Schedule, Value::Text(value.to_string()), span);
                }
                "ProhibitOverlap" => {
                    let policy = if value == "true" { "Forbid" } else { "Allow" };
                    cx.fact(cronjob, Predicate::ConcurrencyPolicy, Value::Text(policy.into()), span);
                }
                "TimeZone" if !value.is_empty() => {
                    cx.fact(cronjob, Predicate::Setting, Value::Pair { key: "timeZone".into(), value: value.to_string() }, span);
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines as facts;

    #[test]
    fn placement_failure_is_a_pending_pod_the_scheduler_could_not_place() {
        let paste = "$ nomad job status -namespace etl nightly\nID            = nightly\nType          = batch\nNamespace     = etl\nStatus        = pending\n\nSummary\nTask Group  Queued  Starting  Running\nload        1       0         0\n\nPlacement Failure\nTask Group \"load\":\n  * Resources exhausted on 3 nodes\n  * Constraint \"${attr.kernel.name} = linux\": 2 nodes excluded by filter\n";
        let facts = facts(paste);
        for expected in [
            "pod etl/nightly/load · OwnedBy · job etl/nightly",
            "pod etl/nightly/load · Status · Pending",
            "pod etl/nightly/load · Event · Warning FailedScheduling: Resources exhausted on 3 nodes",
            "job etl/nightly · Status · Pending",
        ] {
            assert!(facts.iter().any(|f| f == expected), "{expected} not in {facts:?}");
        }
    }

    #[test]
    fn task_events_of_an_allocation_are_its_events_and_exit_codes() {
        let paste = "$ nomad alloc status -namespace web 1a2b3c4d\nRecent Events:\nTime                       Type              Description\n2026-03-02T10:00:05Z  Terminated        Exit Code: 137, Exit Message: \"OOM Killed\"\n2026-03-02T10:00:01Z  Restart Signaled  healthcheck: check \"api\" unhealthy\n";
        let facts = facts(paste);
        assert!(facts.iter().any(|f| f == "pod web/1a2b3c4d · LastExitCode · 137"), "{facts:?}");
        assert!(facts.iter().any(|f| f.starts_with("pod web/1a2b3c4d · Event · Warning Restart Signaled: healthcheck")), "{facts:?}");
    }

    #[test]
    fn periodic_job_children_and_its_schedule() {
        let status = "$ nomad job status reindex\nID        = reindex\nType      = batch\nNamespace = default\nPeriodic  = true\nStatus    = running\n\nPreviously Launched Jobs\nID                          Status\nreindex/periodic-1700000000  running\nreindex/periodic-1699996400  dead\n";
        let read = facts(status);
        for expected in [
            "job default/reindex/periodic-1700000000 · OwnedBy · cronjob default/reindex",
            "job default/reindex/periodic-1700000000 · Status · Running",
            "job default/reindex/periodic-1700000000 · StartedAt · 2023-11-14T22:13:20Z",
            "job default/reindex/periodic-1699996400 · Status · Complete",
            "cronjob default/reindex · Status · Running",
        ] {
            assert!(read.iter().any(|f| f == expected), "{expected} not in {read:?}");
        }
        let spec = "$ nomad job inspect -namespace default reindex | jq '.Job.Periodic'\n{\n  \"Enabled\": true,\n  \"Spec\": \"*/15 * * * *\",\n  \"ProhibitOverlap\": true,\n  \"TimeZone\": \"Europe/Paris\"\n}\n";
        assert_eq!(
            facts(spec),
            ["cronjob default/reindex · Schedule · */15 * * * *", "cronjob default/reindex · ConcurrencyPolicy · Forbid", "cronjob default/reindex · Setting · timeZone=Europe/Paris"]
        );
    }
}
