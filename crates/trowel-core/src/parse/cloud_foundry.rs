//! Cloud Foundry, read as the Kubernetes facts that mean the same: an app is a Deployment,
//! its instance `#N` the pod `APP/N`, its environment variables a Secret of the app's name
//! that the app reads (CF hides them as `[PRIVATE DATA HIDDEN]` and applies them only when
//! the app restarts or restages).
//!
//! - `cf logs APP`: `[APP/PROC/WEB/0]`, `[HEALTH/0]` and `[CELL/0]` lines are instance 0's
//!   (found by the log reader); a failed health check is a failed liveness probe
//!   (Diego restarts the instance), `Instance never healthy`/`became unhealthy` the kill that
//!   follows, `Exit status N` the exit; the API's `App instance exited … payload: {…}` names
//!   the instance, its crash count and why it exited.
//! - `cf app APP`: the instance table (`#0 running 2026-04-08T13:21:37Z … details`) as pods
//!   with their state, start and message; `instances: 1/4` as the app's readiness.
//! - `cf events APP`: `audit.app.update` of `environment_variables` as a change of its env.
//! - `cf set-env APP VAR …` in a timed log (a rotation job's) as the same change.
//! - `cf push APP --docker-image IMG` whose staging says `Failed getting docker image` as a
//!   failed pull of IMG by a stand-in pod of the app (`APP (staging)`).

use crate::ascii::{contains_ci, find_ci};
use crate::fact::{EntityId, EntityKind, EventRecord, Predicate, Value};
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::Timestamp;

fn event(cx: &mut Cx<'_>, subject: EntityId, reason: &str, message: String, time: Option<Timestamp>, span: Span) {
    let record = EventRecord { kind: "Warning".into(), reason: reason.into(), message, count: None, last_seen_ago: None, first_seen_ago: None };
    cx.timed_fact(subject, Predicate::Event, Value::Event(Box::new(record)), time, span);
}

/// A health check's verdict that the instance is being replaced (`Instance never healthy after
/// 1m0s: …`, `Instance became unhealthy: …`): the kill a failing liveness probe causes.
fn unhealthy_kill(text: &str) -> bool {
    contains_ci(text, "never healthy") || contains_ci(text, "became unhealthy")
}

/// What a line of one instance says of it; true when it said something of its state.
pub fn read_instance_line(cx: &mut Cx<'_>, pod: EntityId, component: &str, message: &str, time: Option<Timestamp>, span: Span) -> bool {
    if unhealthy_kill(message) {
        event(cx, pod, "Killing", format!("Container failed liveness probe, will be restarted: {message}"), time, span);
        return true;
    }
    if component.starts_with("HEALTH") {
        event(cx, pod, "Unhealthy", format!("Liveness probe failed: {message}"), time, span);
        return true;
    }
    if component.starts_with("APP") {
        if let Some(code) = message.trim().strip_prefix("Exit status ").and_then(|c| c.trim().parse::<f64>().ok()) {
            cx.timed_fact(pod, Predicate::LastExitCode, Value::Number(code), time, span);
            return true;
        }
    }
    false
}

/// The Cloud Controller's `App instance exited with guid … payload: {"index"=>1,
/// "reason"=>"CRASHED", "exit_description"=>"…", "crash_count"=>7, …}` about an instance of `app`.
pub fn read_api_line(cx: &mut Cx<'_>, namespace: Option<&str>, app: &str, message: &str, time: Option<Timestamp>, span: Span) -> bool {
    if !message.starts_with("App instance exited") {
        return false;
    }
    let field = |key: &str| {
        let at = message.find(&format!("\"{key}\"=>"))? + key.len() + 4;
        let rest = &message[at..];
        Some(match rest.strip_prefix('"') {
            Some(quoted) => &quoted[..quoted.find('"').unwrap_or(quoted.len())],
            None => &rest[..rest.find([',', '}']).unwrap_or(rest.len())],
        })
    };
    let Some(index) = field("index").filter(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit())) else { return false };
    let pod = instance(cx, namespace, app, index, span);
    if let Some(count) = field("crash_count").and_then(|c| c.trim().parse::<f64>().ok()) {
        cx.timed_fact(pod, Predicate::Restarts, Value::Number(count), time, span);
    }
    if let Some(description) = field("exit_description").filter(|d| !d.is_empty()) {
        exit_description(cx, pod, description, time, span);
    }
    true
}

/// Why an instance exited, as CF describes it.
fn exit_description(cx: &mut Cx<'_>, pod: EntityId, description: &str, time: Option<Timestamp>, span: Span) {
    cx.timed_fact(pod, Predicate::StatusMessage, Value::text(description), time, span);
    if unhealthy_kill(description) {
        event(cx, pod, "Killing", format!("Container failed liveness probe, will be restarted: {description}"), time, span);
    } else if contains_ci(description, "out of memory") {
        cx.timed_fact(pod, Predicate::LastStateReason, Value::text("OOMKilled"), time, span);
    }
    if let Some(code) = find_ci(description, "exited with status ").and_then(|at| description[at + 19..].split(|c: char| !c.is_ascii_digit()).next()?.parse::<f64>().ok()) {
        cx.timed_fact(pod, Predicate::LastExitCode, Value::Number(code), time, span);
    }
}

/// The pod `APP/index` of the app's Deployment.
fn instance(cx: &mut Cx<'_>, namespace: Option<&str>, app: &str, index: &str, span: Span) -> EntityId {
    let pod = cx.entity(EntityKind::Pod, namespace, format!("{app}/{index}"));
    let owner = cx.entity(EntityKind::Deployment, namespace, app);
    cx.owner(pod, owner, span);
    pod
}

/// The app's environment: a Secret of its name that the app reads.
fn environment(cx: &mut Cx<'_>, app: &str, span: Span) -> EntityId {
    let secret = cx.entity(EntityKind::Secret, None, app);
    let deployment = cx.entity(EntityKind::Deployment, None, app);
    cx.fact(deployment, Predicate::ReadsConfig, Value::Entity(secret), span);
    secret
}

/// `cf set-env APP VAR VALUE` in a timed log line: the app's environment changed then.
pub fn read_set_env(cx: &mut Cx<'_>, message: &str, time: Option<Timestamp>, span: Span) -> bool {
    let Some(rest) = message.strip_prefix("cf set-env ").or_else(|| message.strip_prefix("cf unset-env ")) else { return false };
    let Some(app) = rest.split_whitespace().next() else { return false };
    let secret = environment(cx, app, span);
    cx.timed_fact(secret, Predicate::Changed, Value::text("updated"), time, span);
    true
}

/// Reads `cf app`, `cf events` and `cf push` output; true when the artifact was `cf app`'s
/// (nothing else to read in it).
pub fn parse(cx: &mut Cx<'_>) -> bool {
    let Some(command) = cx.artifact.command.as_ref().filter(|c| c.program == "cf") else { return false };
    let words = command.positionals();
    let (Some(&verb), Some(&app)) = (words.first(), words.get(1)) else { return false };
    match verb {
        "app" => {
            app_status(cx, app);
            true
        }
        // The table reads as log lines too (a timestamp heads each row).
        "events" => {
            events(cx, app);
            false
        }
        "push" => {
            let image = command.flag(&["--docker-image", "-o"]);
            staging(cx, app, image);
            false
        }
        _ => false,
    }
}

/// `cf app`'s instance rows and its `instances: 1/4`.
fn app_status(cx: &mut Cx<'_>, app: &str) {
    for line in cx.lines() {
        let text = line.text.trim();
        let span = line.trimmed().span;
        if let Some(ratio) = text.strip_prefix("instances:") {
            if let Some((up, want)) = ratio.trim().split_once('/') {
                if let (Ok(num), Ok(den)) = (up.parse::<f64>(), want.parse::<f64>()) {
                    let deployment = cx.entity(EntityKind::Deployment, None, app);
                    cx.fact(deployment, Predicate::Ready, Value::Ratio { num, den }, span);
                }
            }
            continue;
        }
        let Some(row) = text.strip_prefix('#') else { continue };
        let mut words = row.split_whitespace();
        let (Some(index), Some(state)) = (words.next(), words.next()) else { continue };
        if !index.bytes().all(|b| b.is_ascii_digit()) || index.is_empty() {
            continue;
        }
        let pod = instance(cx, None, app, index, span);
        let status = match state {
            "running" => "Running",
            "crashed" => "Error",
            "starting" => "ContainerCreating",
            "down" => "Terminating",
            _ => state,
        };
        cx.fact(pod, Predicate::Status, Value::text(status), span);
        let since = words.next().and_then(|w| crate::time::parse_iso_prefix(w).filter(|p| p.len == w.len()));
        if let Some(since) = since {
            if state == "running" {
                cx.fact(pod, Predicate::StartedAt, Value::Time(since.time), span);
            }
        }
        // The details column follows cpu, memory (`412.6M of 1G`), disk and logging (`0/s of 0/s`).
        if let Some(at) = row.rfind(" of ").and_then(|at| row[at + 4..].find(' ').map(|end| at + 4 + end)) {
            let details = row[at..].trim();
            if !details.is_empty() {
                exit_description(cx, pod, details, since.map(|s| s.time), span);
            }
        }
    }
}

/// `cf events`' rows: an update of the app's environment variables is a change of its env.
fn events(cx: &mut Cx<'_>, app: &str) {
    for line in cx.lines() {
        let text = line.text.trim();
        if !text.contains("audit.app.update") || !text.contains("environment_variables") {
            continue;
        }
        let Some(time) = crate::time::parse_log_time(text).map(|p| p.time) else { continue };
        let span = line.trimmed().span;
        let secret = environment(cx, app, span);
        cx.timed_fact(secret, Predicate::Changed, Value::text("updated"), Some(time), span);
    }
}

/// `cf push`'s staging of a docker image that the platform could not fetch.
fn staging(cx: &mut Cx<'_>, app: &str, image: Option<&str>) {
    let mut pod = None;
    for line in cx.lines() {
        let text = line.text.trim();
        let failed = text.starts_with("Failed getting docker image") || text.starts_with("Failed to get docker image");
        if !failed {
            continue;
        }
        let span = line.trimmed().span;
        let pod = *pod.get_or_insert_with(|| {
            let pod = cx.entity(EntityKind::Pod, None, format!("{app} (staging)"));
            let owner = cx.entity(EntityKind::Deployment, None, app);
            cx.owner(pod, owner, span);
            pod
        });
        let said = text.split_once(": ").map_or(text, |(_, why)| why);
        let message = match image {
            Some(image) => format!("Failed to pull image \"{image}\": {said}"),
            None => format!("Failed to pull image: {said}"),
        };
        event(cx, pod, "Failed", message, None, span);
        cx.fact(pod, Predicate::Status, Value::text("ErrImagePull"), span);
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines;

    #[test]
    fn failed_health_checks_are_liveness_failures_of_the_instance() {
        let paste = "$ cf logs quarry-api --recent\n\
   2025-06-03T10:00:01.20+0000 [APP/PROC/WEB/2] OUT GET /status 200 3ms\n\
   2025-06-03T10:00:05.90+0000 [HEALTH/2] ERR Failed to make HTTP request to '/ping' on port 8080: received status code 404 in 2ms\n\
   2025-06-03T10:01:05.90+0000 [API/0] OUT App instance exited with guid 1f2e payload: {\"instance\"=>\"ab12\", \"index\"=>2, \"reason\"=>\"CRASHED\", \"exit_description\"=>\"Instance never healthy after 1m0s: Failed to make HTTP request to '/ping' on port 8080: received status code 404 in 2ms\", \"crash_count\"=>4}\n\
   2025-06-03T10:01:06.31+0000 [APP/PROC/WEB/2] OUT Exit status 143\n";
        let facts = fact_lines(paste);
        for want in [
            "pod quarry-api/2 · OwnedBy · deployment quarry-api",
            "pod quarry-api/2 · Event · Warning Unhealthy: Liveness probe failed: Failed to make HTTP request to '/ping'",
            "pod quarry-api/2 · Restarts · 4",
            "pod quarry-api/2 · Event · Warning Killing: Container failed liveness probe",
            "pod quarry-api/2 · LastExitCode · 143",
        ] {
            assert!(facts.iter().any(|f| f.starts_with(want)), "missing {want:?} in {facts:#?}");
        }
    }

    #[test]
    fn set_env_without_restage_is_a_change_of_the_app_env_after_its_instances_started() {
        let paste = "$ cf app ledger-sync\nname:              ledger-sync\ninstances:      2/2\n     state     since                  cpu    memory          disk          logging        details\n#0   running   2025-05-01T09:00:00Z   0.4%   61.2M of 256M   22.9M of 1G   0/s of 0/s\n\n\
$ cf events ledger-sync\ntime                          event                         actor                description\n2025-05-20T03:00:09.00+0000   audit.app.update              rotator   environment_variables: [PRIVATE DATA HIDDEN]\n";
        let facts = fact_lines(paste);
        for want in ["pod ledger-sync/0 · StartedAt · 2025-05-01T09:00:00", "deployment ledger-sync · ReadsConfig · secret ledger-sync", "secret ledger-sync · Changed · updated"] {
            assert!(facts.iter().any(|f| f.starts_with(want)), "missing {want:?} in {facts:#?}");
        }
    }

    #[test]
    fn a_docker_image_staging_could_not_fetch_is_a_failed_pull() {
        let paste = "$ cf push quarry-api --docker-image reg.example/quarry/api:2.0.0\nStaging app and tracing logs...\n   Staging process started ...\n   Failed getting docker image by tag: manifest unknown: manifest unknown\n   Staging Failed: Exited with status 1\nFAILED\n";
        let facts = fact_lines(paste);
        let want = "pod quarry-api (staging) · Event · Warning Failed: Failed to pull image \"reg.example/quarry/api:2.0.0\": manifest unknown";
        assert!(facts.iter().any(|f| f.starts_with(want)), "missing {want:?} in {facts:#?}");
    }
}
