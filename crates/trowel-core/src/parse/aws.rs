//! AWS CLI output (`aws <service> <operation>`, JSON or `--output text`) read as the facts
//! of the Kubernetes objects that mean the same, so the claims and detectors written for
//! those read AWS systems too:
//!
//! - an ECS service is a Deployment (its cluster the namespace): `desiredCount` its desired
//!   replicas, its task definition its spec;
//! - an ECS task is a pod of that service: `startedAt`, `lastStatus`, and each container's
//!   `image` and `imageDigest` (what it runs, as a pod's `imageID`);
//! - `ecr describe-images` says what a tag resolves to in the registry;
//! - an ELB target group is a Service ([`crate::parse::elb`]);
//! - a Glue job's runs are pods of a Job ([`crate::parse::data_jobs`]);
//! - a Secrets Manager secret is a Secret: `LastRotatedDate`/`LastChangedDate` are changes
//!   of it, and a task definition's `secrets[].valueFrom` says its containers read it.
//!
//! A `--query` reshapes the response; it is undone first (`Projection::from_jmespath`), so
//! `{digest:imageDigest}` reads as the `imageDigest` it printed. `--output text` prints the
//! values of a list query (`tasks[].[taskArn,startedAt]`) tab-separated, one item a line:
//! each line is read back as the item, its values under the names the query gave.

use crate::command::Command;
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::image::{Digest, ImageRef};
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::{parse_iso_prefix, Timestamp};
use crate::tree::path::{Path, Projection, Step};
use crate::tree::{Node, Style};

/// The AWS CLI call whose output the artifact is: the last `aws` in the pipeline (a `list-*
/// | xargs aws … describe-*` prints the second), its service, operation and flags.
struct Call {
    service: String,
    operation: String,
    /// The call's words after the operation, for its flags.
    flags: Command,
}

impl Call {
    fn of(cx: &Cx<'_>) -> Option<Call> {
        let command = cx.artifact.command.as_ref()?;
        let flags = command.last_call_of("aws")?;
        // The CLI's global options may come before the service (`aws --endpoint-url URL s3
        // ls`); their values are no service or operation.
        const GLOBAL_OPTIONS: &[&str] = &["--endpoint-url", "--profile", "--region", "--output", "--query", "--color", "--ca-bundle", "--cli-read-timeout", "--cli-connect-timeout"];
        let mut positional = flags.args.iter().enumerate().filter(|(i, w)| !(w.starts_with('-') || *i > 0 && GLOBAL_OPTIONS.contains(&flags.args[i - 1].as_str()))).map(|(_, w)| w);
        let service = positional.next()?.clone();
        let operation = positional.next()?.clone();
        Some(Call { service, operation, flags })
    }

    /// A flag's last value: `--query` inside a `$(aws … --query …)` comes before the call's own.
    fn flag(&self, name: &str) -> Option<&str> {
        self.flags.flag_values(&[name]).last().copied()
    }

    fn is(&self, service: &str, operation: &str) -> bool {
        self.service == service && self.operation == operation
    }
}

/// The service and operation of the AWS CLI call the artifact is output of (`("events",
/// "list-rules")`), for readers of one service's output that live in their own module.
pub(crate) fn service_and_operation(cx: &Cx<'_>) -> Option<(String, String)> {
    Call::of(cx).map(|call| (call.service, call.operation))
}

/// Reads one JSON document printed by an AWS CLI call; false when the artifact is no such
/// output or the call is one this reader does not know (the document is left to others).
pub fn read_json(cx: &mut Cx<'_>, root: &Node<'_>) -> bool {
    let Some(call) = Call::of(cx) else { return false };
    if !knows(&call) {
        return false;
    }
    let root = unproject(&call, root);
    read(cx, &call, &root);
    if call.is("ecs", "describe-services") {
        super::ecs::service_events(cx);
    }
    true
}

/// The response as the service sent it, from what a `--query` printed.
fn unproject<'a>(call: &Call, root: &Node<'a>) -> Node<'a> {
    match call.flag("--query").and_then(Projection::from_jmespath) {
        Some(projection) if root.is_seq() && projection.prefix.0.last() == Some(&Step::All) => {
            let items = root.items().iter().map(|item| projection_item(&projection, item.clone())).collect();
            let fields = Projection { prefix: projection.prefix.clone(), ..Projection::default() };
            fields.place(Node::seq(items, root.span))
        }
        Some(projection) => projection.place(root.clone()),
        None => root.clone(),
    }
}

/// One printed item put back in the shape of the response's item.
fn projection_item<'a>(projection: &Projection, item: Node<'a>) -> Node<'a> {
    let fields = Projection { fields: projection.fields.clone(), ..Projection::default() };
    fields.place(item)
}

/// Reads `--output text` of an AWS CLI call whose query selects a list of values per item
/// (`tasks[].[taskArn,startedAt]`), or the listing `aws s3 ls` prints
/// ([`crate::parse::s3_listing`]); false when the artifact is not that.
pub fn read_text(cx: &mut Cx<'_>) -> bool {
    let Some(call) = Call::of(cx) else { return false };
    if call.is("s3", "ls") {
        return crate::parse::s3_listing::read(cx);
    }
    if !knows(&call) {
        return false;
    }
    // A service's events are one a line in every output but JSON objects.
    if call.is("ecs", "describe-services") && call.flag("--output").is_some() && super::ecs::service_events(cx) {
        return true;
    }
    if call.flag("--output") == Some("table") {
        return read_table(cx, &call);
    }
    if call.is("cloudtrail", "lookup-events") && call.flag("--output").is_none() && cloudtrail_lines(cx, &call) {
        return true;
    }
    if call.flag("--output") != Some("text") {
        return false;
    }
    let Some((prefix, names)) = call.flag("--query").and_then(value_list) else { return false };
    let mut items = Vec::new();
    for line in cx.lines() {
        let mut entries = Vec::new();
        let start = line.span.start;
        // Tab-separated as printed; a copy that turned the tabs into spaces keeps two or more.
        let separator = if line.text.contains('\t') { "\t" } else { "  " };
        for (value, name) in line.text.split(separator).filter(|v| separator == "\t" || !v.trim().is_empty()).zip(&names) {
            let at = value.as_ptr() as usize - line.text.as_ptr() as usize;
            let span = Span { start: start + at as u32, end: start + (at + value.len()) as u32 };
            let Some(key) = name.0.last().and_then(|s| if let Step::Key(k) = s { Some(k.clone()) } else { None }) else { continue };
            if !value.trim().is_empty() && value.trim() != "None" {
                entries.push((name.0.clone(), Node::scalar(value.trim().to_string(), Style::Plain, span), key));
            }
        }
        if entries.is_empty() {
            continue;
        }
        let placed: Vec<_> = entries.into_iter().map(|(path, node, _)| (path, node, None)).collect();
        if let Some(item) = crate::tree::path::place(placed) {
            items.push(Node { span: line.span, ..item });
        }
    }
    if items.is_empty() {
        return false;
    }
    let span = cx.artifact.body;
    let Some(root) = crate::tree::path::place(vec![(prefix.0, Node::seq(items, span), None)]) else { return false };
    read(cx, &call, &root);
    true
}

/// Reads `--output table`: a title row, a row of column names (the query's keys, or the
/// response's), then one row per item, cells between `|`. Each row is read back as the item
/// the query printed, then put back in the response's shape like JSON output.
fn read_table(cx: &mut Cx<'_>, call: &Call) -> bool {
    let mut header: Option<Vec<String>> = None;
    let mut items = Vec::new();
    for line in cx.lines() {
        let trimmed = line.text.trim();
        let Some(inner) = trimmed.strip_prefix('|').and_then(|t| t.strip_suffix('|')) else { continue };
        let offset = line.span.start + (line.text.len() - line.text.trim_start().len()) as u32 + 1;
        let mut cells = Vec::new();
        let mut start = 0usize;
        for cell in inner.split('|') {
            let lead = cell.len() - cell.trim_start().len();
            let at = offset + (start + lead) as u32;
            cells.push((cell.trim(), Span { start: at, end: at + cell.trim().len() as u32 }));
            start += cell.len() + 1;
        }
        if cells.len() < 2 {
            continue; // The table's title.
        }
        let Some(names) = &header else {
            header = Some(cells.iter().map(|(c, _)| c.to_string()).collect());
            continue;
        };
        let entries: Vec<_> = names
            .iter()
            .zip(&cells)
            .filter(|(_, (value, _))| !value.is_empty() && *value != "None")
            .filter_map(|(name, (value, span))| Some((Path::parse(&format!(".{name}"))?.0, Node::scalar(value.to_string(), Style::Plain, *span), None)))
            .collect();
        if let Some(item) = crate::tree::path::place(entries) {
            items.push(Node { span: line.span, ..item });
        }
    }
    if items.is_empty() {
        return false;
    }
    let root = unproject(call, &Node::seq(items, cx.artifact.body));
    read(cx, call, &root);
    true
}

/// `tasks[].[taskArn,containers[0].imageDigest]` as the items' path and each value's path;
/// `tasks[0].[…]` prints one item the same way.
fn value_list(query: &str) -> Option<(Path, Vec<Path>)> {
    let (prefix, list) = query.trim().split_once("[].[").or_else(|| query.trim().split_once("[0].["))?;
    let list = list.strip_suffix(']')?;
    let prefix = Path::parse(&format!(".{prefix}[]"))?;
    let names = list.split(',').map(|n| Path::parse(&format!(".{}", n.trim()))).collect::<Option<Vec<_>>>()?;
    Some((prefix, names))
}

/// The calls this reader understands.
fn knows(call: &Call) -> bool {
    call.is("ecs", "describe-tasks") || call.is("ecs", "describe-services") || call.is("ecs", "describe-task-definition") || call.is("ecr", "describe-images") || call.is("secretsmanager", "describe-secret")
        || call.is("cloudtrail", "lookup-events")
        || call.is("elbv2", "describe-target-health")
        || call.service == "lambda"
        || call.is("glue", "get-job-runs")
        || call.is("glue", "get-job-run")
}

fn read(cx: &mut Cx<'_>, call: &Call, root: &Node<'_>) {
    // ECS names are unique within a cluster, but a task definition belongs to none, and the
    // other calls rarely say it: the cluster is left out so that every call names the same
    // service the same way.
    let cluster = None;
    match (call.service.as_str(), call.operation.as_str()) {
        ("ecs", "describe-tasks") => {
            // `list-tasks --service-name x | xargs aws ecs describe-tasks`: the tasks of x.
            let listed = cx.artifact.command.as_ref().and_then(|c| c.flag(&["--service-name"])).map(str::to_string);
            // A query that left the ARN out prints the one task `--tasks` asked for.
            let asked = call.flag("--tasks").filter(|t| !t.contains(' ') && !t.starts_with('$')).map(|t| last_segment(t).to_string());
            let tasks = root.get("tasks").map(Node::items).unwrap_or_default();
            let asked = asked.filter(|_| tasks.len() == 1);
            for (i, task) in tasks.iter().enumerate() {
                ecs_task(cx, cluster, listed.as_deref(), asked.as_deref(), i, task);
            }
        }
        ("ecs", "describe-services") => {
            let named = call.flag("--services").filter(|s| !s.contains(' ')).map(last_segment);
            for service in root.get("services").map(Node::items).unwrap_or_default() {
                ecs_service(cx, cluster, named, service);
            }
        }
        ("ecs", "describe-task-definition") => {
            if let Some(definition) = root.get("taskDefinition") {
                task_definition(cx, call.flag("--task-definition"), definition);
            }
        }
        ("ecr", "describe-images") => {
            let repository = call.flag("--repository-name");
            for image in root.get("imageDetails").map(Node::items).unwrap_or_default() {
                ecr_image(cx, repository, image);
            }
        }
        ("secretsmanager", "describe-secret") => secret(cx, call.flag("--secret-id"), root),
        ("glue", _) => super::data_jobs::glue_runs(cx, call.flag("--job-name"), root),
        ("lambda", operation) => super::lambda::read(cx, operation, call.flag("--function-name"), root),
        ("elbv2", "describe-target-health") => super::elb::target_health(cx, call.flag("--target-group-arn"), root),
        ("cloudtrail", "lookup-events") => {
            let looked_up = call.flag("--lookup-attributes").and_then(looked_up_resource);
            for event in root.get("Events").map(Node::items).unwrap_or_default() {
                cloudtrail_event(cx, looked_up, event);
            }
        }
        _ => {}
    }
}

/// The name at the end of an ARN or path (`arn:…:service/cluster/name` → `name`).
fn last_segment(text: &str) -> &str {
    text.rsplit(['/', ':']).next().unwrap_or(text)
}

fn text<'n>(node: &'n Node<'_>, key: &str) -> Option<(&'n str, Span)> {
    let entry = node.entry(key)?;
    Some((entry.value.str()?, entry.span()))
}

fn time(node: &Node<'_>, key: &str) -> Option<(Timestamp, Span)> {
    text(node, key).and_then(|(t, span)| parse_iso_prefix(t).map(|p| (p.time, span)))
}

fn timed(cx: &mut Cx<'_>, subject: EntityId, predicate: Predicate, at: Option<(Timestamp, Span)>) {
    if let Some((t, span)) = at {
        cx.timed_fact(subject, predicate, Value::Time(t), Some(t), span);
    }
}

/// An ECS service as the Deployment it is: desired and running tasks, its task definition.
fn ecs_service(cx: &mut Cx<'_>, cluster: Option<&str>, named: Option<&str>, service: &Node<'_>) {
    let Some(name) = text(service, "serviceName").map(|(n, _)| n).or(named) else { return };
    let id = cx.entity(EntityKind::Deployment, cluster, name);
    if let (Some((desired, span)), running) = (number(service, "desiredCount"), number(service, "runningCount")) {
        let ready = running.map_or(String::new(), |(r, _)| format!("{r}/"));
        let span = running.map_or(span, |(_, s)| span.cover(s));
        cx.fact(id, Predicate::Replicas, Value::Number(desired), span);
        if !ready.is_empty() {
            cx.fact(id, Predicate::Setting, Value::pair("runningCount", ready.trim_end_matches('/')), span);
        }
    }
    if let Some((definition, span)) = text(service, "taskDefinition") {
        cx.fact(id, Predicate::Setting, Value::pair("taskDefinition", last_segment_of_arn(definition)), span);
    }
    super::elb::registers_into(cx, id, service);
}

/// `arn:…:task-definition/family:41` → `family:41`.
fn last_segment_of_arn(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

fn number(node: &Node<'_>, key: &str) -> Option<(f64, Span)> {
    text(node, key).and_then(|(t, span)| crate::number::parse_f64(t).map(|n| (n, span)))
}

/// An ECS task as a pod of its service: when it started, its state, and each container's
/// image and the digest it runs.
///
/// A query that printed no `taskArn` leaves the task named by `--tasks` when it asked for
/// one, else by its place among the service's tasks (`api (task 2)`).
fn ecs_task(cx: &mut Cx<'_>, cluster: Option<&str>, listed: Option<&str>, asked: Option<&str>, index: usize, task: &Node<'_>) {
    // `group: service:x` names the service that started the task; else the family of its
    // task definition does, as services are named like their task definitions (see
    // [`task_definition`]).
    let family = text(task, "taskDefinitionArn").map(|(arn, _)| last_segment_of_arn(arn).split(':').next().unwrap_or(arn));
    let service = text(task, "group").and_then(|(g, _)| g.strip_prefix("service:")).or(listed).or(family);
    let (name, arn_span) = match text(task, "taskArn") {
        Some((arn, span)) => (last_segment(arn).to_string(), span),
        None => match (asked, service) {
            (Some(asked), _) => (asked.to_string(), task.span),
            (None, Some(service)) => (format!("{service} (task {})", index + 1), task.span),
            (None, None) => return,
        },
    };
    let name = name.as_str();
    let pod = cx.entity(EntityKind::Pod, cluster, name);
    if let Some(service) = service {
        let owner = cx.entity(EntityKind::Deployment, cluster, service);
        cx.owner(pod, owner, arn_span);
    }
    timed(cx, pod, Predicate::StartedAt, time(task, "startedAt"));
    if let Some((status, span)) = text(task, "lastStatus") {
        let phase = if status.eq_ignore_ascii_case("RUNNING") { "Running" } else { status };
        cx.fact(pod, Predicate::Status, Value::Text(phase.to_string()), span);
    }
    if let Some((reason, span)) = text(task, "stoppedReason") {
        super::ecs::task_stopped(cx, pod, reason, span);
    }
    for container in task.get("containers").map(Node::items).unwrap_or_default() {
        let container_name = text(container, "name").map_or("", |(n, _)| n);
        let id = if container_name.is_empty() { pod } else { container_id(cx, cluster, name, container_name, pod, arn_span) };
        super::ecs::container(cx, id, container);
        let image = text(container, "image").and_then(|(i, s)| ImageRef::parse(i).map(|i| (i, s)));
        if let Some((image, span)) = &image {
            cx.fact(id, Predicate::Image, Value::Image(Box::new(image.clone())), *span);
        }
        let digest = text(container, "imageDigest").and_then(|(d, s)| Digest::parse_prefix(d.trim()).map(|(d, _)| (d, s)));
        if let (Some((image, _)), Some((digest, span))) = (&image, digest) {
            let running = ImageRef { tag: None, digest: Some(digest), ..image.clone() };
            cx.fact(id, Predicate::ImageId, Value::Image(Box::new(running)), span);
        }
    }
}

fn container_id(cx: &mut Cx<'_>, cluster: Option<&str>, task: &str, container: &str, pod: EntityId, span: Span) -> EntityId {
    let id = cx.entity(EntityKind::Container, cluster, format!("{task}/{container}"));
    cx.owner(id, pod, span);
    id
}

/// A task definition: the images its containers ask for, and the secrets they read. It is
/// read as the spec of the service named like its family, as services and their task
/// definitions are named by convention (the service's own `taskDefinition` says which).
fn task_definition(cx: &mut Cx<'_>, named: Option<&str>, definition: &Node<'_>) {
    let family = text(definition, "family").map(|(f, _)| f).or(named.map(|n| last_segment_of_arn(n).split(':').next().unwrap_or(n)));
    let Some(family) = family else { return };
    let id = cx.entity(EntityKind::Deployment, None, family);
    for container in definition.get("containerDefinitions").map(Node::items).unwrap_or_default() {
        if let Some((image, span)) = text(container, "image").and_then(|(i, s)| ImageRef::parse(i).map(|i| (i, s))) {
            cx.fact(id, Predicate::Image, Value::Image(Box::new(image)), span);
        }
        for secret in container.get("secrets").map(Node::items).unwrap_or_default() {
            read_secret_ref(cx, id, secret);
        }
    }
    // A `--query` that printed only one container's secrets.
    for secret in definition.get("secrets").map(Node::items).unwrap_or_default() {
        read_secret_ref(cx, id, secret);
    }
}

/// `{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:…:secret:name-AbC123:key::"}`.
fn read_secret_ref(cx: &mut Cx<'_>, reader: EntityId, secret: &Node<'_>) {
    let Some((from, span)) = text(secret, "valueFrom") else { return };
    let Some(name) = secrets_manager_name(from) else { return };
    let object = cx.entity(EntityKind::Secret, None, name);
    cx.fact(reader, Predicate::ReadsConfig, Value::Entity(object), span);
}

/// The secret an ARN names, without the six random characters Secrets Manager appends
/// (`…:secret:prod/app/db-Xk29Qw:password::` → `prod/app/db`).
fn secrets_manager_name(arn: &str) -> Option<&str> {
    let rest = &arn[arn.find(":secretsmanager:")?..];
    let name = rest.split_once(":secret:")?.1.split(':').next()?;
    Some(match name.rsplit_once('-') {
        Some((base, suffix)) if suffix.len() == 6 && suffix.bytes().all(|b| b.is_ascii_alphanumeric()) => base,
        _ => name,
    })
}

/// What a tag resolves to in ECR: `imageDigest` under each of `imageTags`.
fn ecr_image(cx: &mut Cx<'_>, repository: Option<&str>, image: &Node<'_>) {
    let Some(repository) = text(image, "repositoryName").map(|(r, _)| r).or(repository) else { return };
    let Some((digest, span)) = text(image, "imageDigest").and_then(|(d, s)| Digest::parse_prefix(d.trim()).map(|(d, _)| (d, s))) else { return };
    let subject = cx.entity(EntityKind::Image, None, repository);
    let tags: Vec<String> = image.get("imageTags").map(Node::items).unwrap_or_default().iter().filter_map(|t| t.str().map(str::to_string)).collect();
    let pushed = time(image, "imagePushedAt").map(|(t, _)| t);
    for tag in tags.iter().map(Some).chain(tags.is_empty().then_some(None)) {
        let resolved = ImageRef { registry: None, repository: repository.to_string(), tag: tag.cloned(), digest: Some(digest.clone()) };
        cx.timed_fact(subject, Predicate::ResolvesTo, Value::Image(Box::new(resolved)), pushed, span);
    }
}

/// A Secrets Manager secret as a Secret: its rotations and changes are changes of it.
fn secret(cx: &mut Cx<'_>, named: Option<&str>, root: &Node<'_>) {
    let Some(name) = text(root, "Name").map(|(n, _)| n).or(named) else { return };
    let id = cx.entity(EntityKind::Secret, None, name);
    for (key, verb) in [("LastRotatedDate", "rotated"), ("LastChangedDate", "changed")] {
        if let Some((t, span)) = time(root, key) {
            cx.timed_fact(id, Predicate::Changed, Value::Text(verb.into()), Some(t), span);
        }
    }
}

/// The resource a `--lookup-attributes AttributeKey=ResourceName,AttributeValue=x` asks for.
fn looked_up_resource(attributes: &str) -> Option<&str> {
    let mut pairs = attributes.split(',').filter_map(|p| p.split_once('='));
    let key = pairs.clone().find(|(k, _)| *k == "AttributeKey")?.1;
    (key == "ResourceName").then(|| pairs.find(|(k, _)| *k == "AttributeValue").map(|(_, v)| v)).flatten()
}

/// One CloudTrail event read as the change to the object it means:
///
/// - a security group or network ACL rule authorised, revoked or replaced changes what the
///   network lets through, as a NetworkPolicy change does: a `Changed` fact on a
///   NetworkPolicy named by the group;
/// - a write to an ECS service (`UpdateService`, `CreateService`, `DeleteService`) made by a
///   person, not by automation, is the service edited by hand, as `kubectl edit` is.
///
/// Read-only calls and writes the reader has no object for state nothing.
fn cloudtrail_event(cx: &mut Cx<'_>, looked_up: Option<&str>, event: &Node<'_>) {
    let Some((name, _)) = text(event, "EventName") else { return };
    let at = time(event, "EventTime").map(|(t, _)| t);
    let user = text(event, "Username").map(|(u, _)| u);
    let resource = event.get("Resources").map(Node::items).unwrap_or_default().iter().find_map(|r| text(r, "ResourceName").map(|(n, _)| n)).or(looked_up);
    cloudtrail_change(cx, name, at, user, resource, event.span);
}

/// Events as a `jq … | @tsv` over the JSON (or the console's table) prints them: one a line,
/// its time, name and user first, in the order the console shows them
/// (`2025-09-08T07:08:58+01:00 UpdateService r.okafor aws-cli/2.17.44 …`). True when a line
/// was one.
fn cloudtrail_lines(cx: &mut Cx<'_>, call: &Call) -> bool {
    let looked_up = call.flag("--lookup-attributes").and_then(looked_up_resource);
    let lines: Vec<_> = cx.lines().collect();
    let mut read = false;
    for line in lines {
        let mut words = line.text.split_whitespace();
        let (Some(at), Some(name), Some(user)) = (words.next(), words.next(), words.next()) else { continue };
        let Some(at) = parse_iso_prefix(at).filter(|p| p.len == at.len()).map(|p| p.time) else { continue };
        if !(name.starts_with(|c: char| c.is_ascii_uppercase()) && name.bytes().all(|b| b.is_ascii_alphanumeric())) {
            continue;
        }
        read = true;
        cloudtrail_change(cx, name, Some(at), Some(user), looked_up, line.trimmed().span);
    }
    read
}

/// A CloudTrail event `name` on `resource` as the change it is, by the kinds listed at
/// [`cloudtrail_event`].
fn cloudtrail_change(cx: &mut Cx<'_>, name: &str, time: Option<Timestamp>, user: Option<&str>, resource: Option<&str>, span: Span) {
    let Some(resource) = resource.map(last_segment) else { return };
    let network_rule = ["SecurityGroupIngress", "SecurityGroupEgress", "SecurityGroupRules", "NetworkAclEntry"].iter().any(|o| name.ends_with(o));
    if network_rule {
        let id = cx.entity(EntityKind::NetworkPolicy, None, resource);
        cx.timed_fact(id, Predicate::Changed, Value::Text(format!("changed ({name})")), time, span);
    } else if matches!(name, "UpdateService" | "CreateService" | "DeleteService") && user.is_some_and(is_person) {
        let id = cx.entity(EntityKind::Deployment, None, resource);
        cx.timed_fact(id, Predicate::Changed, Value::Text("edited".into()), time, span);
    }
}

/// Whether a CloudTrail user name is a person's (`r.okafor`, `jane@example.com`, an SSO
/// session) rather than automation's (`terraform-ci-netsec`, `atlantis-applier`,
/// `ecs.amazonaws.com`): automation is named for the tool or the job.
fn is_person(user: &str) -> bool {
    const AUTOMATION: &[&str] = &[
        "terraform", "atlantis", "ci", "cd", "bot", "pipeline", "jenkins", "github", "gitlab", "argocd", "argo", "flux", "spinnaker", "deploy", "deployer", "automation",
        "lambda", "svc", "service", "amazonaws", "codebuild", "codepipeline", "cloudformation", "autoscaling", "applier", "runner", "spacelift", "pulumi", "actions",
    ];
    !user.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| AUTOMATION.iter().any(|a| w.eq_ignore_ascii_case(a)))
}

#[cfg(test)]
mod tests {
    use crate::fact::Predicate;

    use crate::test_support::facts_with as facts;

    #[test]
    fn ecs_tasks_are_pods_of_their_service_running_a_digest() {
        let paste = "$ aws ecs list-tasks --cluster prod --service-name api --query taskArns --output text | xargs aws ecs describe-tasks --cluster prod --tasks --query 'tasks[].{task:taskArn,started:startedAt,image:containers[0].image,digest:containers[0].imageDigest}'\n\
[\n  {\n    \"task\": \"arn:aws:ecs:eu-west-1:1:task/prod/3b9e0c41\",\n    \"started\": \"2026-10-29T08:13:37.902000+00:00\",\n    \"image\": \"reg.example/api:main\",\n    \"digest\": \"sha256:cd575b76ba2c34146ef2a7b62b9512629c5f3ee1a2be561e177e1cc680224e6c\"\n  }\n]\n";
        let got = facts(paste, &[Predicate::OwnedBy, Predicate::StartedAt, Predicate::ImageId, Predicate::Image]);
        assert!(got.contains(&"pod 3b9e0c41 OwnedBy deployment api".to_string()), "{got:?}");
        assert!(got.iter().any(|f| f.starts_with("pod 3b9e0c41 StartedAt 2026-10-29T08:13:37.902Z")), "{got:?}");
        assert!(got.iter().any(|f| f.starts_with("pod 3b9e0c41 ImageId reg.example/api@sha256:cd575b76")), "{got:?}");
    }

    #[test]
    fn ecs_tasks_printed_as_text_are_read_by_the_query_names() {
        let paste = "$ aws ecs describe-tasks --cluster prod --tasks $(aws ecs list-tasks --cluster prod --service-name api --query 'taskArns' --output text) --query 'tasks[].[taskArn,startedAt,lastStatus]' --output text\n\
arn:aws:ecs:eu-west-1:1:task/prod/5a0c2e8f\t2026-06-30T14:16:07.311000+02:00\tRUNNING\n";
        let got = facts(paste, &[Predicate::StartedAt, Predicate::Status]);
        assert_eq!(got, ["pod 5a0c2e8f StartedAt 2026-06-30T12:16:07.311Z", "pod 5a0c2e8f Status Running"]);
    }

    #[test]
    fn ecr_images_resolve_their_tags_and_secrets_manager_rotations_change_the_secret() {
        let ecr = "$ aws ecr describe-images --repository-name api --image-ids imageTag=main --query 'imageDetails[0].{digest:imageDigest,tags:imageTags,pushed:imagePushedAt}'\n\
{\n  \"digest\": \"sha256:e472863998f619e96a3f0c9b3d2190ba637e2f2305820d8305d26029f5ebb1fc\",\n  \"tags\": [\"main\"],\n  \"pushed\": \"2026-11-18T15:43:58.871000+00:00\"\n}\n";
        let got = facts(ecr, &[Predicate::ResolvesTo]);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].starts_with("image api ResolvesTo api:main@sha256:e4728639"), "{got:?}");
        let secret = "$ aws secretsmanager describe-secret --secret-id prod/app/db --query '{Rotation:RotationEnabled,LastRotated:LastRotatedDate}'\n\
{\n  \"Rotation\": true,\n  \"LastRotated\": \"2026-07-08T04:58:31.207000+02:00\"\n}\n";
        assert_eq!(facts(secret, &[Predicate::Changed]), ["secret prod/app/db Changed rotated"]);
    }

    #[test]
    fn task_definition_secrets_are_read_by_the_definition() {
        let paste = "$ aws ecs describe-task-definition --task-definition api:41 --query 'taskDefinition.containerDefinitions[0].secrets'\n\
[\n  {\"name\": \"DB_PASSWORD\", \"valueFrom\": \"arn:aws:secretsmanager:eu-central-1:1:secret:prod/app/db-Xk29Qw:password::\"}\n]\n";
        assert_eq!(facts(paste, &[Predicate::ReadsConfig]), ["deployment api ReadsConfig secret prod/app/db"]);
    }

    #[test]
    fn cloudtrail_security_group_rule_changes_are_policy_changes_and_hand_edits_of_services_are_edits() {
        let text = "$ aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=sg-0b7d --query 'Events[].[EventTime,EventName,Username]' --output text\n\
2026-10-29T14:02:57+00:00\tRevokeSecurityGroupIngress\tterraform-ci-netsec\n2026-10-29T14:01:00+00:00\tDescribeSecurityGroups\tj.doe\n";
        assert_eq!(facts(text, &[Predicate::Changed]), ["networkpolicy sg-0b7d Changed changed (RevokeSecurityGroupIngress)"]);
        let table = "$ aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=api --query 'Events[].{t:EventTime,name:EventName,user:Username}' --output table\n\
-------------------------------------------------\n|                 LookupEvents                  |\n+----------------+------------------+-----------+\n|      name      |        t         |   user    |\n+----------------+------------------+-----------+\n\
|  UpdateService |  2026-06-21T19:04:29  |  r.okafor  |\n|  UpdateService |  2026-06-14T10:12:03  |  atlantis-prod-applier  |\n+----------------+------------------+-----------+\n";
        assert_eq!(facts(table, &[Predicate::Changed]), ["deployment api Changed edited"]);
    }

    #[test]
    fn cloudtrail_events_printed_one_a_line_by_jq_are_read_by_their_first_words() {
        let paste = "$ aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=api --query 'Events[].{t:EventTime,n:EventName,u:Username}' | jq -r '.[] | [.t,.n,.u] | @tsv'\n\
2025-09-08T07:08:58+01:00 UpdateService r.okafor aws-cli/2.17.44 command/ecs.update-service\n\
2025-09-02T14:22:10+01:00 UpdateService atlantis-prod Terraform/1.9.5\n";
        assert_eq!(facts(paste, &[Predicate::Changed]), ["deployment api Changed edited"]);
    }
}
