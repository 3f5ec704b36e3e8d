//! Fly.io (`fly`/`flyctl`), read as the Kubernetes objects that mean the same: an app is a
//! Deployment, a machine a pod of it, so the pod claims (crash loops, exits, unplaceable
//! pods) read Fly too:
//!
//! - `fly status`: the `Machines` table, each row a machine of the app with its state;
//! - `fly machine status <id>`: the `Event Logs` table, where each `exit` event with a
//!   nonzero `exit_code` that flyd answered with a `restart` is one restart of a crash loop
//!   (`oom_killed=true` is an OOM kill), and three such exits are the loop itself;
//! - what `fly deploy` prints, in a terminal or a CI log: `smoke checks for <id> failed: the
//!   app appears to be crashing` is Fly's word for a machine in a crash loop, and the lines
//!   it prints below `Check its logs` are that machine's log;
//! - what `fly scale count`, `fly machine run|clone` and `fly deploy` print when no host has
//!   room (`failed to launch VM: insufficient resources …`): the scheduler's verdict on the
//!   machine it was creating, a FailedScheduling event of a Pending pod.
//!
//! `fly logs` lines (`app[3d8d9e1a4c7289] fra [info] …`) are read by the log reader, which
//! takes the bracketed machine as the line's pod (`logs::record`).

use crate::ascii::{contains_ci, find_ci};
use crate::fact::{EntityId, EntityKind, EventRecord, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::span::Span;
use crate::time::parse_iso_prefix;

/// Reads the output of a `fly`/`flyctl` command this module knows; false for others (their
/// output is left to the readers of its shape).
pub fn read(cx: &mut Cx<'_>) -> bool {
    let Some(command) = cx.artifact.command.as_ref().filter(|c| matches!(c.program.as_str(), "fly" | "flyctl")) else { return false };
    let app = command.flag(&["-a", "--app"]).map(str::to_string);
    let words = command.positionals();
    match words.as_slice() {
        ["status", ..] => status(cx, app),
        ["machine" | "machines" | "m", "status", id, ..] => {
            let id = id.to_string();
            machine_status(cx, app.as_deref(), &id)
        }
        ["services" | "service", "list" | "ls", ..] => match app {
            Some(app) => service_ports(cx, &app),
            None => false,
        },
        ["scale" | "deploy" | "machine" | "machines" | "m", ..] => deploy_lines(cx, app.as_deref()),
        _ => false,
    }
}

/// Fly's deploy and scale messages wherever they were pasted (a CI job's log, a chat
/// message): read beside what the artifact's own reader makes of it.
pub fn read_output(cx: &mut Cx<'_>) {
    if cx.artifact.command.as_ref().is_some_and(|c| matches!(c.program.as_str(), "fly" | "flyctl")) {
        return;
    }
    // One byte search spares every other artifact the line walk.
    let body = cx.body().as_bytes();
    if memchr::memmem::find(body, b"internal_port").is_some() {
        fly_toml(cx);
    }
    if memchr::memmem::find(body, b"smoke checks for ").is_none() && memchr::memmem::find(body, b"failed to launch VM").is_none() {
        return;
    }
    deploy_lines(cx, None);
}

/// The label a Fly app's Service selects and its machines carry: the proxy routes an app's
/// ports to that app's machines.
const APP_LABEL: &str = "fly.io/app";

/// The app's Service forwarding to `port` on its machines (`span`: the line that says so),
/// so the Service rules compare it with the ports the machines listen on.
fn forwards(cx: &mut Cx<'_>, app: &str, port: &str, span: Span) {
    let service = cx.entity(EntityKind::Service, None, app);
    let deployment = cx.entity(EntityKind::Deployment, None, app);
    cx.fact(service, Predicate::Selector, Value::pair(APP_LABEL, app), span);
    cx.fact(deployment, Predicate::TemplateLabel, Value::pair(APP_LABEL, app), span);
    cx.fact(service, Predicate::TargetPort, Value::text(port), span);
}

/// `fly services list`: each `80 => 8080 [HTTP]` a port of the app's Service forwarding to
/// the machines' port 8080.
fn service_ports(cx: &mut Cx<'_>, app: &str) -> bool {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let mut seen: Vec<&str> = Vec::new();
    for line in &lines {
        let Some(at) = line.text.find("=> ") else { continue };
        let rest = &line.text[at + 3..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 5 || seen.contains(&&rest[..digits]) {
            continue;
        }
        seen.push(&rest[..digits]);
        forwards(cx, app, &rest[..digits], line.trimmed().span);
    }
    !seen.is_empty()
}

/// The `app = "name"` line of the file a block continues: the nearest above it, within the
/// file's length and not past a shell prompt (another command's output).
fn app_above(paste: &str, start: usize) -> Option<&str> {
    let before = paste.get(..start)?;
    for line in before.rsplit('\n').take(80) {
        let text = line.trim();
        if text.starts_with("$ ") || text.starts_with("❯ ") || text.starts_with("% ") {
            return None;
        }
        if let Some((key, value)) = text.split_once('=') {
            if key.trim() == "app" {
                return Some(value.trim().trim_matches(['"', '\'']));
            }
        }
    }
    None
}

/// fly.toml: `internal_port = 8080` under `[http_service]` or `[[services]]` is the port the
/// app's Service forwards to; the app is the file's `app = "name"`.
fn fly_toml(cx: &mut Cx<'_>) {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    fn value<'t>(line: &Line<'t>, key: &str) -> Option<&'t str> {
        let (k, v) = line.text.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches(['"', '\'']))
    }
    let named = |v: &str| !v.is_empty() && !v.contains(' ');
    let app = lines.iter().find_map(|l| value(l, "app")).filter(|a| named(a)).map(str::to_string);
    // A blank line may have cut the file into blocks: the `app` line heads the file, above.
    let app = app.or_else(|| app_above(cx.paste, cx.artifact.body.start as usize).filter(|a| named(a)).map(str::to_string));
    let Some(app) = app else { return };
    let mut in_service = false;
    for line in &lines {
        let text = line.text.trim();
        if text.starts_with('[') {
            in_service = matches!(text, "[http_service]" | "[[services]]");
            continue;
        }
        if !in_service {
            continue;
        }
        if let Some(port) = value(line, "internal_port").filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            forwards(cx, &app, port, line.trimmed().span);
        }
    }
}

/// The app whose machines a deploy updates (`Updating existing machines in 'x'`, `fly.io/apps/x/`).
fn app_named(lines: &[Line<'_>]) -> Option<String> {
    lines.iter().find_map(|line| {
        let text = line.text;
        if let Some(at) = find_ci(text, "machines in '") {
            let rest = &text[at + "machines in '".len()..];
            return rest.split('\'').next().filter(|n| !n.is_empty()).map(str::to_string);
        }
        let at = text.find("fly.io/apps/")?;
        let rest = &text[at + "fly.io/apps/".len()..];
        rest.split(['/', ' ', '?']).next().filter(|n| !n.is_empty()).map(str::to_string)
    })
}

/// A machine id: 14 hex digits as flyd prints them.
fn is_machine_id(word: &str) -> bool {
    word.len() >= 12 && word.len() <= 16 && word.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The machine as a pod of its app, when the paste names the app.
fn machine(cx: &mut Cx<'_>, app: Option<&str>, id: &str, span: Span) -> EntityId {
    let pod = cx.entity(EntityKind::Pod, None, id);
    if let Some(app) = app {
        let deployment = cx.entity(EntityKind::Deployment, None, app);
        cx.owner(pod, deployment, span);
    }
    pod
}

/// Deploy and scale output: smoke-check verdicts with the machine's last log lines, and
/// machines no host had room for. True when it read any.
fn deploy_lines(cx: &mut Cx<'_>, app: Option<&str>) -> bool {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let app = app.map(str::to_string).or_else(|| app_named(&lines));
    let app = app.as_deref();
    let mut read = false;
    // The machine a `Creating <id> [group] in region …` line announced.
    let mut creating: Option<&str> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let text = line.text.trim();
        if let Some(rest) = text.strip_prefix("Creating ") {
            creating = rest.split_whitespace().next().filter(|w| is_machine_id(w));
            continue;
        }
        if let Some(at) = find_ci(text, "smoke checks for ") {
            let Some(id) = text[at + "smoke checks for ".len()..].split_whitespace().next().filter(|w| is_machine_id(w)) else { continue };
            let span = line.trimmed().span;
            let pod = machine(cx, app, id, span);
            if contains_ci(text, "appears to be crashing") {
                // Fly restarts a machine that exits; its smoke checks call that a crash loop.
                cx.fact(pod, Predicate::StateReason, Value::Text("CrashLoopBackOff".into()), span);
            }
            read = true;
            // `Check its logs: here's the last lines below, or run 'fly logs -i <id>':` and
            // the machine's log, indented.
            if lines.get(i).is_some_and(|l| contains_ci(l.text, "check its logs")) {
                i += 1;
                let start = i;
                while i < lines.len() && lines[i].indent() > 0 && !lines[i].is_blank() {
                    i += 1;
                }
                let entries = lines[start..i].iter().map(|l| super::logs::Entry { line: *l, time: None, pod: Some((None, id)), program: None, standalone: false });
                super::logs::read_entries(cx, entries);
            }
            continue;
        }
        if let Some(at) = find_ci(text, "failed to launch VM") {
            let span = line.trimmed().span;
            let message = text[at..].trim();
            let pod = match creating.take() {
                Some(id) => machine(cx, app, id, span),
                // No id announced: a machine of the app standing for the one not created.
                None => machine(cx, app, &format!("{} (machine not placed)", app.unwrap_or("app")), span),
            };
            cx.fact(pod, Predicate::Status, Value::Text("Pending".into()), span);
            let record = EventRecord { kind: "Warning".into(), reason: "FailedScheduling".into(), message: message.to_string(), count: None, last_seen_ago: None, first_seen_ago: None };
            cx.fact(pod, Predicate::Event, Value::Event(Box::new(record)), span);
            read = true;
        }
    }
    read
}

/// `fly status`: the app's name, and its `Machines` table (`PROCESS ID VERSION REGION STATE
/// ROLE CHECKS LAST UPDATED`), each row a machine of the app.
fn status(cx: &mut Cx<'_>, app: Option<String>) -> bool {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let named = || {
        lines.iter().find_map(|l| {
            let (key, value) = l.text.split_once('=')?;
            (key.trim() == "Name").then(|| value.trim().to_string()).filter(|v| !v.is_empty())
        })
    };
    let app = app.or_else(named);
    let mut columns: Option<(usize, usize)> = None;
    let mut read = false;
    for line in &lines {
        let words: Vec<&str> = line.text.split_whitespace().collect();
        if words.contains(&"ID") && words.contains(&"STATE") && words.contains(&"PROCESS") {
            let at = |name| words.iter().position(|w| *w == name);
            columns = at("ID").zip(at("STATE"));
            continue;
        }
        let Some((id_at, state_at)) = columns else { continue };
        let (Some(id), Some(state)) = (words.get(id_at).filter(|w| is_machine_id(w)), words.get(state_at)) else { continue };
        let span = line.trimmed().span;
        let pod = machine(cx, app.as_deref(), id, span);
        cx.fact(pod, Predicate::Status, Value::Text(pod_status(state).into()), span);
        read = true;
    }
    read || app.is_some()
}

/// A machine's state as a pod's status: a started machine runs; one being created or
/// started waits; others keep Fly's word.
fn pod_status(state: &str) -> &str {
    match state {
        "started" => "Running",
        "created" | "starting" | "pending" => "Pending",
        "stopped" | "suspended" => "Stopped",
        "failed" => "Failed",
        other => other,
    }
}

/// Exits that make a crash loop: as many as the kubelet needs before it backs off.
const LOOP_EXITS: usize = 3;

/// `fly machine status <id>`: the machine's `Event Logs` (newest first) as its restarts and
/// last termination.
fn machine_status(cx: &mut Cx<'_>, app: Option<&str>, id: &str) -> bool {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let mut in_events = false;
    let mut exits: Vec<(Line<'_>, f64, bool, Option<crate::time::Timestamp>)> = Vec::new();
    let mut restarts = 0u32;
    for line in &lines {
        let words: Vec<&str> = line.text.split_whitespace().collect();
        if words.first() == Some(&"STATE") && words.contains(&"EVENT") {
            in_events = true;
            continue;
        }
        if !in_events || words.len() < 4 {
            continue;
        }
        let time = words.iter().find_map(|w| parse_iso_prefix(w)).map(|p| p.time);
        match words[1] {
            "restart" => restarts += 1,
            "exit" => {
                let info = words.iter().find(|w| w.contains("exit_code=")).copied().unwrap_or("");
                let code = info.split(',').find_map(|kv| kv.strip_prefix("exit_code=")).and_then(crate::number::parse_f64);
                let oom = info.contains("oom_killed=true");
                if let Some(code) = code {
                    exits.push((*line, code, oom, time));
                }
            }
            _ => {}
        }
    }
    let Some((last, code, oom, time)) = exits.first().copied() else { return false };
    let span = last.trimmed().span;
    let pod = machine(cx, app, id, span);
    cx.timed_fact(pod, Predicate::LastExitCode, Value::Number(code), time, span);
    if oom {
        cx.timed_fact(pod, Predicate::LastStateReason, Value::Text("OOMKilled".into()), time, span);
    }
    if restarts > 0 {
        cx.fact(pod, Predicate::Restarts, Value::Number(f64::from(restarts)), span);
    }
    let failed = exits.iter().filter(|(_, code, _, _)| *code != 0.0).count();
    if failed >= LOOP_EXITS && restarts > 0 && code != 0.0 {
        cx.timed_fact(pod, Predicate::StateReason, Value::Text("CrashLoopBackOff".into()), time, span);
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::test_support::{assert_facts, fact_lines, log_lines};

    #[test]
    fn a_failed_smoke_check_is_a_crash_loop_of_the_machine_and_its_log_lines_are_the_machines() {
        let paste = "Updating existing machines in 'harbor-api' with rolling strategy\n\
 ✖ [1/3] Machine 4d89a0c2e1b738 [app] update failed: smoke checks for 4d89a0c2e1b738 failed: the app appears to be crashing\n\
Error: smoke checks for 4d89a0c2e1b738 failed: the app appears to be crashing\n\
Check its logs: here's the last lines below, or run 'fly logs -i 4d89a0c2e1b738':\n  INFO Preparing to run: `./server` as root\n  \
panic: config: DATABASE_URL: missing required environment variable\n  INFO Main child exited normally with code: 2\n\
Error: Process completed with exit code 1.\n";
        let facts = fact_lines(paste);
        assert!(facts.iter().any(|f| f == "pod 4d89a0c2e1b738 · StateReason · CrashLoopBackOff"), "{facts:#?}");
        assert!(facts.iter().any(|f| f == "pod 4d89a0c2e1b738 · OwnedBy · deployment harbor-api"), "{facts:#?}");
        let logs = log_lines(paste);
        assert!(logs.iter().any(|l| l.starts_with("pod 4d89a0c2e1b738 @") && l.contains("DATABASE_URL")), "{logs:#?}");
        assert!(!logs.iter().any(|l| l.contains("Process completed")), "{logs:#?}");
    }

    #[test]
    fn machine_events_count_restarts_and_the_last_exit() {
        let paste = "$ fly machine status 17811e0b2c9d48 -a ledger\nEvent Logs\nSTATE    EVENT   SOURCE  TIMESTAMP                      INFO\n\
started  start   flyd    2025-09-01T10:00:30.000+00:00\n\
starting restart flyd    2025-09-01T10:00:29.000+00:00\n\
stopped  exit    flyd    2025-09-01T10:00:28.000+00:00  exit_code=78,oom_killed=false,requested_stop=false\n\
starting restart flyd    2025-09-01T10:00:20.000+00:00\n\
stopped  exit    flyd    2025-09-01T10:00:19.000+00:00  exit_code=78,oom_killed=false,requested_stop=false\n\
starting restart flyd    2025-09-01T10:00:10.000+00:00\n\
stopped  exit    flyd    2025-09-01T10:00:09.000+00:00  exit_code=78,oom_killed=false,requested_stop=false\n\
pending  launch  user    2025-09-01T10:00:00.000+00:00\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &["pod 17811e0b2c9d48 · LastExitCode · 78", "pod 17811e0b2c9d48 · Restarts · 3", "pod 17811e0b2c9d48 · StateReason · CrashLoopBackOff", "pod 17811e0b2c9d48 · OwnedBy · deployment ledger"]);
    }

    #[test]
    fn status_machines_are_pods_of_the_app_over_blank_lines() {
        let paste = "$ fly status\nApp\n  Name     = quay-web\n  Owner    = quay\n\nMachines\nPROCESS ID              VERSION REGION  STATE    ROLE  CHECKS  LAST UPDATED\n\
web     6e82d4f1a9c038  12      lhr     started        2025-01-02T03:04:05Z\nweb     3287e1b0d4c5a9  12      lhr     stopped        2025-01-02T03:04:09Z\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &["pod 6e82d4f1a9c038 · Status · Running", "pod 3287e1b0d4c5a9 · Status · Stopped", "pod 3287e1b0d4c5a9 · OwnedBy · deployment quay-web"]);
    }

    #[test]
    fn a_machine_no_host_had_room_for_is_a_pending_pod_the_scheduler_could_not_place() {
        let paste = "$ fly scale count 4 -a batch-gpu\n  Creating 2c1d9e8f7a6b54 [worker] in region ord\n\
Error: failed to launch VM: insufficient resources available to fulfill request: could not reserve resource for machine: insufficient memory available to fulfill request\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &[
            "pod 2c1d9e8f7a6b54 · Status · Pending",
            "pod 2c1d9e8f7a6b54 · OwnedBy · deployment batch-gpu",
        ]);
        assert!(facts.iter().any(|f| f.starts_with("pod 2c1d9e8f7a6b54 · Event · Warning FailedScheduling: failed to launch VM")), "{facts:#?}");
    }

    #[test]
    fn a_service_forwarding_to_a_port_the_machines_do_not_listen_on_is_a_wrong_target_port() {
        let paste = "$ fly services list -a kiln-web\nServices\nPROTOCOL | PORTS                   | HANDLERS   | FORCE HTTPS | PROCESS GROUP | REGIONS | MACHINES\n\
TCP      | 80 => 9000 [HTTP]       | [HTTP]     | True        | app           | ams     | 2\n         | 443 => 9000 [TLS, HTTP] | [TLS,HTTP] |             |               |         |\n\n\
$ fly logs -a kiln-web --no-tail\n2025-04-01T10:00:01Z app[6e82d4f1a9c038] ams [info] server listening on http://0.0.0.0:4000\n\
2025-04-01T10:05:00Z proxy[6e82d4f1a9c038] ams [error][PC01] instance refused connection. is your app listening on 0.0.0.0:9000? make sure it is not only listening on 127.0.0.1\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &[
            "service kiln-web · TargetPort · 9000",
            "service kiln-web · Selector · fly.io/app=kiln-web",
            "deployment kiln-web · TemplateLabel · fly.io/app=kiln-web",
            "pod 6e82d4f1a9c038 · Port · 4000",
            "pod 6e82d4f1a9c038 · OwnedBy · deployment kiln-web",
        ]);
        assert!(!facts.iter().any(|f| f.contains("Port · 9000") && f.starts_with("pod")), "{facts:#?}");
        let logs = log_lines(paste);
        assert!(logs.iter().any(|l| l.starts_with("service kiln-web @") && l.contains("refused")), "{logs:#?}");
        let report = crate::analyze(paste);
        assert_eq!(report.diagnoses.first().map(|d| d.class.as_str()), Some("service-selector-mismatch"), "{:#?}", report.diagnoses);
    }

    #[test]
    fn fly_toml_internal_port_is_the_services_target_port() {
        let paste = "$ cat fly.toml\napp = 'ferry-api'\nprimary_region = 'ord'\n\n[http_service]\n  internal_port = 8000\n  force_https = true\n\n[[vm]]\n  memory = '512mb'\n";
        let facts = fact_lines(paste);
        assert!(facts.iter().any(|f| f == "service ferry-api · TargetPort · 8000"), "{facts:#?}");
    }
}
