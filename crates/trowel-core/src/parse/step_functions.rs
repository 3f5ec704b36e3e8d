//! AWS Step Functions execution histories (`aws stepfunctions get-execution-history`, the
//! console's event list as JSON): `{"events": [{"timestamp", "type", "<type>EventDetails":
//! {"error", "cause"}}, …]}`.
//!
//! Each event that says what failed (its details' `cause`, else `error`) is one log record at
//! the event's time, written by the state machine the command names. A `cause` that is the
//! failed service's own response as JSON (an ECS task, a Lambda error; often cut short with
//! `…` in a console copy) is read for its reason — `StoppedReason`, `errorMessage`,
//! `Reason`, `message` — so that `CannotPullContainerError: … not found` is read as what
//! it says; every such record is an error's. Quotes are the whole `cause` string.

use crate::ingest::Cx;
use crate::lines::Line;
use crate::tree::Node;

use super::logs::{read_entries, Entry};

/// Fields of a service's response that say why it failed, best first.
const REASON_KEYS: [&str; 4] = ["\"StoppedReason\":\"", "\"errorMessage\":\"", "\"Reason\":\"", "\"message\":\""];

/// Reads an execution history; false when the document is not one.
pub fn read(cx: &mut Cx<'_>, root: &Node<'_>) -> bool {
    let events = root.get("events").map_or(&[][..], Node::items);
    if events.is_empty() || !events.iter().all(|e| e.get("type").is_some() && e.get("timestamp").is_some()) {
        return false;
    }
    let command = cx.artifact.command.clone();
    let machine = command.as_ref().and_then(|c| c.flag(&["--execution-arn", "--state-machine-arn"])).and_then(state_machine);
    // Every such event reports a failure (`TaskFailed`, `ExecutionFailed`, `LambdaFunctionTimedOut`):
    // its record is an error's.
    let failures: Vec<(String, crate::span::Span, Option<crate::time::Timestamp>)> = events
        .iter()
        .filter_map(|event| {
            let details = event.entries().iter().find(|e| e.key.ends_with("EventDetails")).map(|e| &e.value)?;
            let said = details.get("cause").or_else(|| details.get("error"))?;
            let time = event.get("timestamp").and_then(Node::str).and_then(crate::time::parse_iso_prefix).map(|p| p.time);
            Some((format!("ERROR {}", reason(said.str()?)), said.span, time))
        })
        .collect();
    let entries = failures.iter().map(|(text, span, time)| Entry { line: Line { text, span: *span }, time: *time, pod: None, program: machine, standalone: true });
    read_entries(cx, entries);
    true
}

/// The state machine an execution or state machine ARN names
/// (`arn:aws:states:eu-west-1:1:execution:tile-rerender:nightly-…` → `tile-rerender`).
fn state_machine(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':').skip(5);
    match parts.next()? {
        "execution" | "stateMachine" => parts.next().filter(|name| !name.is_empty()),
        _ => None,
    }
}

/// The reason a service's JSON response gives, or the whole cause.
fn reason(cause: &str) -> &str {
    if !cause.starts_with('{') {
        return cause;
    }
    REASON_KEYS
        .iter()
        .find_map(|key| {
            let rest = &cause[cause.find(key)? + key.len()..];
            Some(&rest[..rest.find('"').unwrap_or(rest.len())])
        })
        .unwrap_or(cause)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_tasks_cause_is_read_for_the_services_reason() {
        let paste = "$ aws stepfunctions get-execution-history --execution-arn arn:aws:states:us-east-1:1:execution:thumbs:run-7\n\
{\"events\": [\n  {\"timestamp\": \"2026-03-02T04:11:38.811000+00:00\", \"type\": \"TaskFailed\", \"id\": 9,\n   \"taskFailedEventDetails\": {\"error\": \"States.TaskFailed\", \"cause\": \"{\\\"StopCode\\\":\\\"TaskFailedToStart\\\",\\\"StoppedReason\\\":\\\"CannotPullContainerError: failed to resolve ref reg.example/thumbs:3.1: not found\\\", …}\"}},\n  {\"timestamp\": \"2026-03-02T04:10:02.000000+00:00\", \"type\": \"TaskStateEntered\", \"id\": 8, \"stateEnteredEventDetails\": {\"name\": \"Render\"}}\n]}\n";
        let logs = crate::test_support::log_lines(paste);
        assert!(logs.iter().any(|l| l.starts_with("log-source thumbs @ 2026-03-02T04:11:38.811Z") && l.contains("CannotPullContainerError")), "{logs:#?}");
        assert_eq!(state_machine("arn:aws:states:eu-west-1:1:stateMachine:etl"), Some("etl"));
        assert_eq!(reason("States.Timeout"), "States.Timeout");
    }
}
