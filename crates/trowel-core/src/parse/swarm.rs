//! Docker Swarm's task listing (`docker service ps`), read into the facts of the
//! Kubernetes objects that mean the same: a service is a Deployment, a task (`web.1`) a pod
//! of it, the node a task runs on its node, and a Pending task's `no suitable node (…)`
//! error the scheduler's verdict, one FailedScheduling event per reason it lists. Mapping
//! it so lets the scheduling derivations and the `unschedulable` detector work unchanged.

use crate::fact::{EntityKind, EventRecord, Predicate, Value};
use crate::ingest::Cx;
use crate::parse::table::grid::Header;
use crate::parse::table::shape::Shape;

/// True when the artifact is the output of `docker service ps`.
pub fn is_service_ps(cx: &Cx<'_>) -> bool {
    cx.artifact.command.as_ref().is_some_and(|c| c.program == "docker" && c.positionals().starts_with(&["service", "ps"]))
}

/// Reads the task rows under the header (`NAME NODE DESIRED STATE CURRENT STATE ERROR`, with
/// or without `ID`, `IMAGE` and `PORTS`). Rows of earlier tasks in a slot (`\_ web.1`) are
/// history and are skipped.
pub fn service_ps(cx: &mut Cx<'_>) {
    let mut header: Option<Header<'_>> = None;
    for line in cx.lines() {
        if line.is_blank() {
            continue;
        }
        let Some(columns) = header.as_ref() else {
            let mut parsed = Header::parse(line);
            // A task not yet placed has no node, a healthy one no error, and a state
            // carries its age (`Running 3 hours ago`).
            for column in ["NODE", "CURRENT STATE", "ERROR"] {
                parsed.set_shape(column, Shape::Text);
            }
            header = Some(parsed);
            continue;
        };
        let row = match columns.read(line) {
            Ok(row) => row,
            Err(misfit) => {
                cx.unparsed(line.trimmed().span, misfit.reason());
                continue;
            }
        };
        let Some(name) = row.text("NAME").filter(|n| !n.starts_with("\\_")) else { continue };
        let span = line.trimmed().span;
        let pod = cx.entity(EntityKind::Pod, None, name);
        // A replicated task is `service.slot`, a global one `service.node-id`.
        if let Some((service, _)) = name.rsplit_once('.') {
            let service = cx.entity(EntityKind::Deployment, None, service);
            cx.owner(pod, service, span);
        }
        if let Some(node) = row.text("NODE") {
            let node = cx.entity(EntityKind::Node, None, node);
            cx.fact(pod, Predicate::ScheduledOn, Value::Entity(node), span);
        }
        // `Pending 2 days ago`: the state is the first word, the rest its age.
        let state = row.text("CURRENT STATE").and_then(|s| s.split_whitespace().next());
        if let Some(state) = state {
            cx.fact(pod, Predicate::Status, Value::Text(state.to_string()), span);
        }
        let error = row.text("ERROR").map(|e| e.trim_matches('"'));
        if let (Some("Pending"), Some(error)) = (state, error) {
            for reason in placement_reasons(error) {
                let record = EventRecord { kind: "Warning".into(), reason: "FailedScheduling".into(), message: reason.to_string(), count: None, last_seen_ago: None, first_seen_ago: None };
                cx.fact(pod, Predicate::Event, Value::Event(Box::new(record)), span);
            }
        }
    }
}

/// The reasons in swarm's `no suitable node (scheduling constraints not satisfied on 5
/// nodes; insufficient resources on 1 node)`; none when the error is another one.
fn placement_reasons(error: &str) -> Vec<&str> {
    let Some(rest) = crate::ascii::find_ci(error, "no suitable node").map(|at| &error[at + "no suitable node".len()..]) else { return Vec::new() };
    let inner = rest.trim().trim_start_matches('(').trim_end_matches(')');
    let reasons: Vec<&str> = inner.split(';').map(str::trim).filter(|r| !r.is_empty()).collect();
    if reasons.is_empty() { vec![error] } else { reasons }
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines;

    #[test]
    fn pending_task_with_no_suitable_node_is_a_pod_the_scheduler_could_not_place() {
        let paste = "$ docker service ps seq_aligner\nNAME            NODE      DESIRED STATE   CURRENT STATE              ERROR\nseq_aligner.1             Running         Pending 2 days ago         \"no suitable node (scheduling constraints not satisfied on 5 nodes; insufficient resources on 1 node)\"\nweb.2           node-01   Running         Running 3 hours ago\n";
        let facts = fact_lines(paste);
        for expected in [
            "pod seq_aligner.1 · OwnedBy · deployment seq_aligner",
            "pod seq_aligner.1 · Status · Pending",
            "pod seq_aligner.1 · Event · Warning FailedScheduling: scheduling constraints not satisfied on 5 nodes",
            "pod seq_aligner.1 · Event · Warning FailedScheduling: insufficient resources on 1 node",
            "pod web.2 · ScheduledOn · node node-01",
        ] {
            assert!(facts.iter().any(|f| f == expected), "missing {expected:?} in {facts:#?}");
        }
    }
}
