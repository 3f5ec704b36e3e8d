//! Docker Swarm's task listing (`docker service ps`), read into the facts of the
//! Kubernetes objects that mean the same: a service is a Deployment, a task (`web.1`) a pod
//! of it, the node a task runs on its node, and a Pending task's `no suitable node (…)`
//! error the scheduler's verdict, one FailedScheduling event per reason it lists. Mapping
//! it so lets the scheduling derivations and the `unschedulable` detector work unchanged.

use crate::fact::{EntityId, EntityKind, EventRecord, Predicate, Value};
use crate::span::Span;
use crate::tree::Node;
use crate::ingest::Cx;
use crate::lines::Line;
use crate::parse::table::grid::{Header, Row};
use crate::parse::table::shape::Shape;

/// True when the artifact is the output of `docker service ps`.
pub fn is_service_ps(cx: &Cx<'_>) -> bool {
    cx.artifact.command.as_ref().is_some_and(|c| c.program == "docker" && c.positionals().starts_with(&["service", "ps"]))
}

/// Reads the task rows under the header (`NAME NODE DESIRED STATE CURRENT STATE ERROR`, with
/// or without `ID`, `IMAGE` and `PORTS`). Rows of earlier tasks in a slot (`\_ web.1`) are
/// history and are skipped.
pub fn service_ps(cx: &mut Cx<'_>) {
    // A task not yet placed has no node, a healthy one no error, and a state carries its age
    // (`Running 3 hours ago`). An earlier task of a slot (`\\_ web.1`) is history, whose
    // marker shifts the cells.
    each_row(cx, &["NODE", "CURRENT STATE", "ERROR"], Some(b"\\_ "), |cx, line, row| {
        let Some(name) = row.text("NAME").filter(|n| !n.starts_with("\\_")) else { return };
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
    });
}

/// True when the artifact is the output of `docker service ls`.
pub fn is_service_ls(cx: &Cx<'_>) -> bool {
    cx.artifact.command.as_ref().is_some_and(|c| matches!(c.program.as_str(), "docker" | "podman") && matches!(c.positionals()[..], ["service", "ls", ..] | ["service", "list", ..] | ["stack", "services", ..]))
}

/// Reads the service rows of `docker service ls` (`ID NAME MODE REPLICAS IMAGE PORTS`): each
/// service a Deployment, its running/desired replicas its `Ready` and `Replicas`, its image.
pub fn service_ls(cx: &mut Cx<'_>) {
    // `5/5 (max 1 per node)`, and no ports or image on some services.
    each_row(cx, &["REPLICAS", "IMAGE", "PORTS"], None, |cx, line, row| {
        let Some(name) = row.text("NAME") else { return };
        let span = line.trimmed().span;
        let service = cx.entity(EntityKind::Deployment, None, name);
        let replicas = row.text("REPLICAS").and_then(|r| r.split_whitespace().next()).and_then(|r| r.split_once('/'));
        if let Some((Some(num), Some(den))) = replicas.map(|(n, d)| (crate::number::parse_f64(n), crate::number::parse_f64(d))) {
            cx.fact(service, Predicate::Ready, Value::Ratio { num, den }, span);
            cx.fact(service, Predicate::Replicas, Value::Number(den), span);
        }
        if let Some(image) = row.text("IMAGE").and_then(crate::image::ImageRef::parse) {
            cx.fact(service, Predicate::Image, Value::Image(Box::new(image)), span);
        }
    });
}

/// Each row of a table under its header line, read with `text_columns` taken as free text;
/// rows holding `skip` are passed over, rows that do not fit the header reported unparsed.
fn each_row<'a>(cx: &mut Cx<'a>, text_columns: &[&str], skip: Option<&[u8]>, mut read: impl FnMut(&mut Cx<'a>, Line<'a>, &Row<'_, 'a>)) {
    let mut header: Option<Header<'a>> = None;
    for line in cx.lines() {
        if line.is_blank() {
            continue;
        }
        let Some(columns) = header.as_ref() else {
            let mut parsed = Header::parse(line);
            for column in text_columns {
                parsed.set_shape(column, Shape::Text);
            }
            header = Some(parsed);
            continue;
        };
        if skip.is_some_and(|marker| memchr::memmem::find(line.text.as_bytes(), marker).is_some()) {
            continue;
        }
        match columns.read(line) {
            Ok(row) => read(cx, line, &row),
            Err(misfit) => cx.unparsed(line.trimmed().span, misfit.reason()),
        }
    }
}

/// True when the artifact is `docker service inspect --pretty`.
pub fn is_inspect_pretty(cx: &Cx<'_>) -> bool {
    cx.artifact.command.as_ref().is_some_and(|c| c.program == "docker" && c.positionals().starts_with(&["service", "inspect"]) && c.args.iter().any(|a| a == "--pretty"))
}

/// Reads `docker service inspect --pretty`: the service's desired replicas and image, and
/// whether it still runs what `docker stack deploy` last gave it. The stack records the image
/// of its file in the `com.docker.stack.image` label; a running image of the same repository
/// with another tag was set past the stack file (`docker service update --image`), which is
/// drift from what the file, and the git repository holding it, say.
pub fn inspect_pretty(cx: &mut Cx<'_>) {
    let mut service = None;
    let mut stack_image: Option<(crate::image::ImageRef, crate::span::Span)> = None;
    let mut running: Option<(crate::image::ImageRef, crate::span::Span)> = None;
    for line in cx.lines() {
        let text = line.text.trim();
        let span = line.trimmed().span;
        if let Some(name) = text.strip_prefix("Name:").map(str::trim).filter(|n| !n.is_empty() && service.is_none()) {
            service = Some(cx.entity(EntityKind::Deployment, None, name));
        } else if let Some(image) = text.strip_prefix("com.docker.stack.image=") {
            stack_image = crate::image::ImageRef::parse(image.trim()).map(|i| (i, span));
        } else if let Some(image) = text.strip_prefix("Image:") {
            running = crate::image::ImageRef::parse(image.trim()).map(|i| (i, span));
        } else if let (Some(count), Some(id)) = (text.strip_prefix("Replicas:"), service) {
            if let Some(n) = crate::number::parse_f64(count.trim()) {
                cx.fact(id, Predicate::Replicas, Value::Number(n), span);
            }
        }
    }
    let Some(id) = service else { return };
    if let Some((image, span)) = &running {
        cx.fact(id, Predicate::Image, Value::Image(Box::new(image.clone())), *span);
    }
    if let (Some((stack, stack_span)), Some((live, _))) = (&stack_image, &running) {
        let other_tag = stack.registry == live.registry && stack.repository == live.repository && stack.tag.is_some() && live.tag.is_some() && stack.tag != live.tag;
        if other_tag {
            cx.fact(id, Predicate::SyncStatus, Value::text("OutOfSync"), *stack_span);
        }
    }
}

/// True when the artifact is `docker service inspect` (not `--pretty`) or `docker inspect` of a
/// container printing JSON, whose environment it may hold.
pub fn is_inspect_json(cx: &Cx<'_>) -> bool {
    let Some(c) = cx.artifact.command.as_ref().filter(|c| matches!(c.program.as_str(), "docker" | "podman")) else { return false };
    let words = c.positionals();
    let inspect = matches!(words[..], ["service" | "container", "inspect", _, ..] | ["inspect", _, ..]);
    inspect && !c.args.iter().any(|a| a == "--pretty") && memchr::memmem::find(cx.body().as_bytes(), b"=").is_some()
}

/// Which of a service's specs an inspect document's values come from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Spec {
    /// What runs now (`Spec`, a container's `Config`).
    Live,
    /// What ran before the last update (`PreviousSpec`).
    Previous,
}

/// Reads a service's (or container's) environment from `docker service inspect` or `docker
/// inspect` JSON, whole or cut by `--format '{{json .Spec.TaskTemplate.ContainerSpec.Env}}'`.
/// A Swarm service has no ConfigMaps: its environment is its configuration, read as a
/// `Configuration` of the service's name that the service reads (as Cloud Run's is), so a
/// value naming another environment is what a ConfigMap's would be. The previous spec's
/// environment is history: when it differs from the live one in one document, the
/// configuration changed at the service's `UpdatedAt`.
pub fn inspect_json(cx: &mut Cx<'_>) {
    let Some(command) = cx.artifact.command.as_ref() else { return };
    let words = command.positionals();
    let service = words.first() == Some(&"service");
    let named = words.iter().skip_while(|w| **w != "inspect").nth(1).copied();
    // The Go template's field path: `{{json .Spec.TaskTemplate.ContainerSpec.Env}}`.
    let format = command.flag(&["--format", "-f"]).map(|f| f.trim_start_matches("{{").trim_start().trim_start_matches("json").trim().trim_end_matches("}}").trim());
    let line = command.line.clone();
    let parsed = crate::tree::json::parse(cx.paste, cx.artifact.body);
    for doc in &parsed.docs {
        match format {
            Some(path) => {
                // Only a field path printed alone: other templates are read elsewhere or not at all.
                let Some(fields) = path.strip_prefix('.').filter(|p| p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')) else { continue };
                let steps: Vec<&str> = fields.split('.').collect();
                if steps.last() != Some(&"Env") {
                    continue;
                }
                let spec = if steps[0] == "PreviousSpec" { Spec::Previous } else { Spec::Live };
                if let Some(name) = named {
                    environment(cx, service, name, &doc.root, spec, &line);
                }
            }
            None => {
                let items: Vec<&Node<'_>> = if doc.root.is_seq() { doc.root.items().iter().collect() } else { vec![&doc.root] };
                for item in items {
                    let name = item.at(&["Spec", "Name"]).or_else(|| item.get("Name")).and_then(Node::str).map(|n| n.trim_start_matches('/').to_string());
                    let Some(name) = name.or_else(|| named.map(str::to_string)) else { continue };
                    let (live, previous) = if service {
                        (item.at(&["Spec", "TaskTemplate", "ContainerSpec", "Env"]), item.at(&["PreviousSpec", "TaskTemplate", "ContainerSpec", "Env"]))
                    } else {
                        (item.at(&["Config", "Env"]), None)
                    };
                    let Some(live) = live else { continue };
                    let id = environment(cx, service, &name, live, Spec::Live, &line);
                    let differs = previous.is_some_and(|p| env_pairs(p).iter().map(|(k, v, _)| (*k, *v)).ne(env_pairs(live).iter().map(|(k, v, _)| (*k, *v))));
                    if let (Some(id), true) = (id, differs) {
                        let updated = item.entry("UpdatedAt").and_then(|e| Some((crate::time::parse_iso_prefix(e.value.str()?)?.time, e.key_span.cover(e.value.span))));
                        let span = updated.map_or(live.span, |(_, span)| span);
                        cx.timed_fact(id, Predicate::Changed, Value::text("updated"), updated.map(|(t, _)| t), span);
                    }
                }
            }
        }
    }
}

/// Records an environment list as the `Configuration` of the service or container `name`;
/// the previous spec's list records nothing (see [`inspect_json`]). The configuration's id
/// when the list held a value.
fn environment(cx: &mut Cx<'_>, service: bool, name: &str, env: &Node<'_>, spec: Spec, line: &str) -> Option<EntityId> {
    let pairs = env_pairs(env);
    if spec == Spec::Previous || pairs.is_empty() {
        return None;
    }
    let id = cx.entity(EntityKind::Resource("Configuration".into()), None, name);
    let reader = if service { cx.entity(EntityKind::Deployment, None, name) } else { cx.entity(EntityKind::Pod, None, name) };
    let span = env.span;
    cx.fact(id, Predicate::DefinedIn, Value::text(line), span);
    cx.fact(reader, Predicate::ReadsConfig, Value::Entity(id), span);
    for (key, value, span) in pairs {
        cx.fact(id, Predicate::ConfigValue, Value::pair(key, value), span);
    }
    Some(id)
}

/// The `KEY=value` strings of an `Env` list, with each string's span.
fn env_pairs<'n>(env: &'n Node<'_>) -> Vec<(&'n str, &'n str, Span)> {
    env.items().iter().filter_map(|item| item.str().and_then(|s| s.split_once('=')).filter(|(k, _)| !k.is_empty() && !k.contains(' ')).map(|(k, v)| (k, v, item.span))).collect()
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
    use crate::test_support::{assert_facts, fact_lines};

    #[test]
    fn service_listing_rows_are_deployments_with_replicas_and_image() {
        let paste = "$ docker service ls\nID             NAME          MODE         REPLICAS               IMAGE                         PORTS\nab12cd34ef56   shop_web      replicated   6/6                    reg.example/shop-web:4.2.0    *:80->8080/tcp\ncd34ef56ab12   shop_agent    global       3/3 (max 1 per node)   reg.example/agent:1.9\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &[
            "deployment shop_web · Ready · 6/6",
            "deployment shop_web · Replicas · 6",
            "deployment shop_web · Image · reg.example/shop-web:4.2.0",
            "deployment shop_agent · Ready · 3/3",
        ]);
    }

    #[test]
    fn a_service_running_another_tag_than_its_stack_deployed_has_drifted() {
        let paste = "$ docker service inspect shop_api --pretty\n\nID:             x1y2z3\nName:           shop_api\nLabels:\n com.docker.stack.image=reg.example/shop-api:3.0.1\n com.docker.stack.namespace=shop\nService Mode:   Replicated\n Replicas:      5\nContainerSpec:\n Image:         reg.example/shop-api:3.1.0-beta@sha256:4b1c\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &["deployment shop_api · SyncStatus · OutOfSync", "deployment shop_api · Replicas · 5"]);
        let same = paste.replace("3.1.0-beta@sha256:4b1c", "3.0.1@sha256:4b1c");
        assert!(!fact_lines(&same).iter().any(|f| f.contains("SyncStatus")));
    }

    #[test]
    fn a_services_environment_is_its_configuration_and_its_task_logs_are_its_pods() {
        let paste = "$ docker service inspect shop_api --format '{{json .Spec.TaskTemplate.ContainerSpec.Env}}'\n[\"DB_HOST=pg-qa.shop.internal\",\"LOG_LEVEL=info\"]\n\n$ docker service logs shop_api\nshop_api.1.x8c2m4q7z1ka@node-3    | 2025-06-02T10:00:01Z INFO connected to pg-qa.shop.internal:5432\nshop_api.2.p0w9e8r7t6yu@node-1    | 2025-06-02T10:00:02Z INFO ready\nshop_api.1.x8c2m4q7z1ka@node-3    | 2025-06-02T10:00:03Z INFO ready\n";
        let facts = fact_lines(paste);
        for expected in [
            "Configuration shop_api · ConfigValue · DB_HOST=pg-qa.shop.internal",
            "deployment shop_api · ReadsConfig · Configuration shop_api",
            "pod shop_api.1 · OwnedBy · deployment shop_api",
            "pod shop_api.2 · OwnedBy · deployment shop_api",
        ] {
            assert!(facts.iter().any(|f| f.ends_with(expected)), "missing {expected:?} in {facts:#?}");
        }
        // The previous spec's environment is history, not a second definition.
        let previous = paste.replace(".Spec.", ".PreviousSpec.");
        assert!(!fact_lines(&previous).iter().any(|f| f.contains("ConfigValue")));
        let report = crate::analyze(paste);
        assert_eq!(report.diagnoses.first().map(|d| d.class.as_str()), Some("config-crossover"), "{:#?}", report.diagnoses);
    }

    #[test]
    fn a_whole_inspect_document_dates_an_environment_change_by_its_update() {
        let paste = "$ docker service inspect shop_api\n[{\"ID\":\"x1\",\"UpdatedAt\":\"2025-06-02T09:58:10.1Z\",\"Spec\":{\"Name\":\"shop_api\",\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":[\"DB_HOST=pg-qa\"]}}},\"PreviousSpec\":{\"Name\":\"shop_api\",\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":[\"DB_HOST=pg\"]}}}}]\n";
        let facts = fact_lines(paste);
        assert!(facts.iter().any(|f| f.ends_with("Configuration shop_api · Changed · updated")), "{facts:#?}");
        let ingest = crate::ingest(paste);
        let changed = ingest.facts.with(crate::fact::Predicate::Changed).next().and_then(|f| f.time).map(|t| t.to_string());
        assert_eq!(changed.as_deref(), Some("2025-06-02T09:58:10.1Z"));
        // The same environment before and after: the update changed something else.
        let same = paste.replace("\"DB_HOST=pg\"", "\"DB_HOST=pg-qa\"");
        assert!(!fact_lines(&same).iter().any(|f| f.contains("Changed")));
        assert!(facts.iter().any(|f| f.ends_with("Configuration shop_api · ConfigValue · DB_HOST=pg-qa")), "{facts:#?}");
    }

    #[test]
    fn pending_task_with_no_suitable_node_is_a_pod_the_scheduler_could_not_place() {
        let paste = "$ docker service ps seq_aligner\nNAME            NODE      DESIRED STATE   CURRENT STATE              ERROR\nseq_aligner.1             Running         Pending 2 days ago         \"no suitable node (scheduling constraints not satisfied on 5 nodes; insufficient resources on 1 node)\"\nweb.2           node-01   Running         Running 3 hours ago\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &[
            "pod seq_aligner.1 · OwnedBy · deployment seq_aligner",
            "pod seq_aligner.1 · Status · Pending",
            "pod seq_aligner.1 · Event · Warning FailedScheduling: scheduling constraints not satisfied on 5 nodes",
            "pod seq_aligner.1 · Event · Warning FailedScheduling: insufficient resources on 1 node",
            "pod web.2 · ScheduledOn · node node-01",
        ]);
    }
}
