//! Parser for whitespace-aligned tables with an upper-case header row: `kubectl get` of any
//! kind (also `-o wide`, `--show-labels`, `-A`), events, `kubectl rollout history`, `kubectl
//! top`, `helm list|history`, `argocd app list|history|resources`, `flux get …` and the step tree of `argo get`.
//!
//! A body may hold several tables (`kubectl get deploy,svc` prints one per kind), each a
//! header and the rows under it up to a blank line or the next header. A line above a header
//! may name what the table is about (`deployment.apps/web` over a rollout history, `SOURCE
//! <repo>` over an argocd history). [`grid`] finds the cells, aligned or collapsed;
//! [`family`] tells what the table lists; [`objects`] and [`gitops`] turn rows into facts.
//! A row that fits no reading is reported as unparsed and the next row is read.
//!
//! `kubectl describe` reads its nested tables (Events, Conditions, the resources of `argocd
//! app get`) with the same [`grid`] and the same row readers.

mod family;
mod gitops;
pub(in crate::parse) mod grid;
mod objects;
pub(super) mod shape;
mod workflow;
pub(in crate::parse) mod value;

use crate::artifact::Artifact;
use crate::command::Command;
use crate::detect::is_table_header;
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::span::Span;
use family::{Family, Identity};
use grid::{Header, Row};

pub(in crate::parse) use gitops::argo_resource;
pub(in crate::parse) use objects::{container_entity, event_about, is_rule, object_entity, push_event, reports_on_pods};

pub fn parse(cx: &mut Cx<'_>) {
    let artifact: &Artifact = cx.artifact;
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let command = artifact.command.as_ref();
    let mut title: Option<(EntityKind, &str)> = None;
    // `kubectl get pods ; kubectl get hpa` prints a second table the first command does not
    // describe: past the first header, such a line's tables say what they list themselves.
    let several_commands = command.is_some_and(|c| c.line.contains("; ") || c.line.contains(" && "));
    let mut tables = 0;
    let mut i = 0;
    while i < lines.len() {
        // A block that is a table of runs or days (a date first in every row) lists no
        // objects, even under a command whose tables do.
        if i == 0 || lines[i - 1].is_blank() {
            let end = lines[i..].iter().position(Line::is_blank).map_or(lines.len(), |n| i + n);
            let texts: Vec<&str> = lines[i..end].iter().map(|l| l.text.trim()).collect();
            if crate::detect::is_run_table(&texts) {
                super::runs::read(cx, &lines[i..end]);
                i = end;
                continue;
            }
        }
        let line = lines[i].trimmed();
        i += 1;
        if line.text.is_empty() || is_rule(line.text) {
            continue;
        }
        // A table's rows run to a blank line or the next header.
        let table_end = |from: usize| lines[from..].iter().position(|l| l.is_blank() || header_line(l.text.trim())).map_or(lines.len(), |n| from + n);
        if header_line(line.text) && workflow::is_step_tree(line.text) {
            let end = table_end(i);
            workflow::read(cx, &lines[i..end]);
            i = end;
        } else if header_line(line.text) {
            let end = table_end(i);
            let described_by = if several_commands && tables > 0 { None } else { command };
            read_table(cx, described_by, Header::parse(lines[i - 1]), title.take(), &lines[i..end]);
            tables += 1;
            i = end;
        } else if let Some(object) = title_object(line.text) {
            title = Some(object);
        } else if preface(cx, command, line) {
            continue;
        } else if let Some(header) = command.and_then(|c| headerless(c, lines[i - 1])) {
            let end = table_end(i);
            read_table(cx, command, header, title.take(), &lines[i - 1..end]);
            i = end;
        } else {
            cx.unparsed(line.span, "text outside the table");
        }
    }
}

/// Reads the rows under one header.
fn read_table<'a>(cx: &mut Cx<'a>, command: Option<&'a Command>, mut header: Header<'a>, title: Option<(EntityKind, &'a str)>, rows: &[Line<'a>]) {
    let id = Identity::of(command, &header);
    id.shape(&mut header);
    if let Some(command) = command.filter(|c| c.program == "kubectl") {
        header.label_columns(&command.label_columns());
    }
    let header_span = rows.first().map_or(cx.artifact.body, |row| row.trimmed().span);
    let names_objects = header.has("OBJECT") || header.has("KIND") && header.has("NAME");
    let page_object = (id.family == Family::Events && header.tabbed() && !names_objects).then(|| page_object(cx, header_span)).flatten();
    let table = Table { namespace: cx.namespace(), subject: title.or_else(|| command.and_then(|c| command_subject(c, id.family))), id };
    let mut previous = None;
    for line in rows {
        if let Some(about) = page_object {
            match header.read(*line) {
                Ok(row) => {
                    objects::event_about(cx, table.namespace, Some(about), &row);
                    previous = Some(row);
                }
                // An event's message may go on under its MESSAGE column, one applied object a line.
                Err(misfit) => match previous.as_ref().and_then(|p| p.continued(*line)) {
                    Some(row) => objects::event_about(cx, table.namespace, Some(about), &row),
                    None => cx.unparsed(line.trimmed().span, misfit.reason()),
                },
            }
            continue;
        }
        if is_rule(line.text) {
            continue;
        }
        match header.read(*line) {
            Ok(row) => {
                table.row(cx, &row);
                previous = Some(row);
            }
            Err(misfit) => {
                // An event's message may go on under its MESSAGE column, one applied object a line.
                let continued = previous.as_ref().filter(|_| table.id.family == Family::Events).and_then(|p| p.continued(*line));
                match continued {
                    Some(row) => table.row(cx, &row),
                    None => cx.unparsed(line.trimmed().span, misfit.reason()),
                }
            }
        }
    }
}

/// Most lines above a console's events table searched for the object its page shows.
const PAGE_LOOKBACK: usize = 40;

/// The object a console page shows, for its events tab that names none: the nearest line
/// above the table (within [`PAGE_LOOKBACK`] lines) that is the page's title — an events
/// caption (`Events (pod web-7c9f-x2k4q)`), `Pod: <name>`, or a pod name Kubernetes
/// generated standing alone (the heading of a pod's page). Facts about it quote `span` (the
/// table's first row), as facts quote only their own artifact.
fn page_object(cx: &mut Cx<'_>, span: Span) -> Option<EntityId> {
    let before = &cx.paste[..cx.artifact.body.start as usize];
    for line in before.lines().rev().take(PAGE_LOOKBACK) {
        let text = line.trim();
        let found = crate::parse::note::events_caption(text).or_else(|| {
            let name = text.strip_prefix("Pod:").or_else(|| text.strip_prefix("Pod ")).map(str::trim).unwrap_or(text);
            let bare = !name.is_empty() && !name.contains(char::is_whitespace) && crate::names::pod_owner(name).is_some();
            bare.then_some((EntityKind::Pod, name))
        });
        // A details panel's title (`Secret: db`, `Kustomizations › apps`) over its events tab.
        let found = found.or_else(|| crate::parse::describe::panel::title(text));
        if let Some((kind, name)) = found {
            let namespace = cx.namespace().or_else(|| crate::parse::describe::panel::known_namespace(cx, &kind, name));
            let subject = object_entity(cx, &kind, namespace, name, span);
            cx.implied_owner(subject, namespace, span);
            return Some(subject);
        }
    }
    None
}

/// The header kubectl would have printed above `--no-headers` output (or output a `grep`
/// or `tail` stage cut the header off, or a hurried copy left out), chosen among the default
/// columns of the command's kind (plain, `-o wide`, newer versions) by which one the first
/// row fits.
fn headerless<'a>(command: &Command, first: Line<'a>) -> Option<Header<'a>> {
    // A plain `kubectl get` prints a table, so rows pasted without their header line are
    // still its rows; the row must fit the kind's columns by shape before it is read so.
    let table_output = command.verb() == Some("get") && command.output().is_none_or(|o| o == "wide");
    if command.program != "kubectl" || !(command.has_flag(&["--no-headers"]) || command.may_drop_header() || table_output) {
        return None;
    }
    let (resource, _) = command.resource()?;
    let all_namespaces = command.has_flag(&["-A", "--all-namespaces"]);
    // `--show-labels` prints its LABELS column last, after whichever columns the version has.
    let labels = command.has_flag(&["--show-labels"]);
    let headers = if matches!(resource.split('.').next(), Some("events" | "event" | "ev")) {
        family::event_headers(command.output() == Some("wide"))
    } else {
        family::default_headers(&EntityKind::from_k8s(resource))
    };
    // A row may also have lost trailing columns (`-o wide` rows cut after NODE by hand or
    // by a narrow terminal), down to the fewest columns any version prints.
    let fewest = headers.iter().map(|names| Header::synthetic(names).columns.len()).min()?;
    headers.iter().find_map(|names| {
        let mut header = Header::synthetic(names);
        if all_namespaces {
            header.prepend("NAMESPACE");
        }
        let all = header.columns.len();
        (fewest + usize::from(all_namespaces)..=all).rev().find_map(|kept| {
            let mut cut = header.clone();
            cut.columns.truncate(kept);
            if labels {
                cut.append("LABELS");
            }
            cut.read(first).is_ok().then_some(cut)
        })
    })
}

/// A header of an Argo CD resource table (`argocd app get` prints one), with the column
/// shapes `argocd app resources` tables get.
pub(in crate::parse) fn argo_resources_header(line: Line<'_>) -> Header<'_> {
    let mut header = Header::parse(line);
    Identity { family: Family::ArgoResources, kind: None }.shape(&mut header);
    header
}

/// A header row. Rows start with a lower-case object name or a number, so the first word
/// settles most lines before the full test runs.
fn header_line(text: &str) -> bool {
    if crate::detect::tabbed_header(text).is_some() {
        return true;
    }
    let first = text.split(' ').next().unwrap_or("");
    first.starts_with(|c: char| c.is_ascii_uppercase()) && !first.contains(|c: char| c.is_ascii_lowercase()) && is_table_header(text)
}

/// What every row of one table shares.
pub(super) struct Table<'t> {
    pub id: Identity,
    /// The namespace the command ran in, for rows that do not print their own.
    pub namespace: Option<&'t str>,
    /// The object a history table is about.
    pub subject: Option<(EntityKind, &'t str)>,
}

impl Table<'_> {
    fn row(&self, cx: &mut Cx<'_>, row: &Row<'_, '_>) {
        match self.id.family {
            Family::Objects => objects::object(cx, self, row),
            Family::Events => objects::event(cx, self.namespace, row),
            Family::RolloutHistory => objects::rollout_revision(cx, self, row),
            Family::Top => objects::usage(cx, self, row),
            Family::HelmList => gitops::helm_release(cx, self, row),
            Family::HelmHistory => gitops::helm_revision(cx, self, row),
            Family::ArgoApps => gitops::argo_app(cx, row),
            Family::ArgoHistory => gitops::argo_revision(cx, self, row),
            Family::ArgoResources => {
                let app = self.subject.as_ref().map(|(kind, name)| cx.entity(kind.clone(), None, *name));
                gitops::argo_resource(cx, self.namespace, app, row)
            }
            Family::Flux => gitops::flux_object(cx, self, row),
        }
    }
}

/// The object a command's table is about, for the families whose rows do not name it:
/// `kubectl rollout history deploy web`, `helm history web`, `argocd app history web`.
fn command_subject(command: &Command, family: Family) -> Option<(EntityKind, &str)> {
    let words = command.positionals();
    match family {
        Family::RolloutHistory => {
            let (kind, name) = command.resource()?;
            Some((EntityKind::from_k8s(kind), name?))
        }
        Family::HelmHistory => words.get(1).map(|name| (EntityKind::HelmRelease, *name)),
        Family::ArgoHistory | Family::ArgoResources => words.get(2).map(|name| (EntityKind::GitOpsApp, app_name(name))),
        _ => None,
    }
}

/// An Argo CD application's name without the `namespace/` newer versions print before it.
pub(in crate::parse) fn app_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// `deployment.apps/web` (and `… with revision #3`), as kubectl prints above a rollout
/// history: the object the next table is about.
fn title_object(text: &str) -> Option<(EntityKind, &str)> {
    let first = text.split_whitespace().next()?;
    let rest = text[first.len()..].trim();
    if !rest.is_empty() && !rest.starts_with("with revision") {
        return None;
    }
    value::kind_and_name(first).map(|(kind, name)| (EntityKind::from_k8s(kind), name))
}

/// Lines tools print around their tables. Returns whether the line was one of them.
fn preface(cx: &mut Cx<'_>, command: Option<&Command>, line: Line<'_>) -> bool {
    if line.text.starts_with("No resources found") {
        return true;
    }
    // `argocd app history` names the repository above its table.
    if let Some(repo) = line.text.strip_prefix("SOURCE").map(str::trim).filter(|r| r.contains("://") || r.contains('@')) {
        if let Some((kind, name)) = command.and_then(|c| command_subject(c, Family::ArgoHistory)) {
            let app = cx.entity(kind, None, name);
            cx.fact(app, Predicate::SourceRepo, Value::text(repo), line.span);
            return true;
        }
    }
    false
}

/// Writes the facts of one row about one subject, all quoting the row.
pub(super) struct Out<'c, 'a> {
    pub cx: &'c mut Cx<'a>,
    pub subject: EntityId,
    pub span: Span,
}

impl Out<'_, '_> {
    pub fn fact(&mut self, predicate: Predicate, value: Value) {
        self.cx.fact(self.subject, predicate, value, self.span);
    }

    pub fn timed(&mut self, predicate: Predicate, value: Value, time: Option<crate::time::Timestamp>) {
        self.cx.timed_fact(self.subject, predicate, value, time, self.span);
    }

    /// Reports a cell whose value could not be read.
    pub fn bad(&mut self, span: Span, reason: &str) {
        self.cx.unparsed(span, reason);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    #[test]
    fn grepped_wide_rows_cut_after_some_columns_still_read() {
        // `-o wide` rows without their last columns (NOMINATED NODE, READINESS GATES).
        let paste = "$ kubectl get pods -n lifts -o wide | grep web\nweb-5c6d7f8b9-h7x4n   0/1   Pending   0   27m   <none>      <none>\nweb-5c6d7f8b9-2kq9w   1/1   Running   0   2d    10.1.4.22   node-a\n";
        let ingest = crate::ingest(paste);
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
        let statuses: Vec<String> = ingest.facts.all().iter().filter(|f| f.predicate == super::Predicate::Status).map(|f| ingest.facts.display_value(&f.value).to_string()).collect();
        assert_eq!(statuses, ["Pending", "Running"]);
    }

    #[test]
    fn rows_copied_without_their_header_still_read() {
        // The header line was simply not copied; the rows fit `get pods` columns by shape.
        let paste = "$ kubectl get pods -n till\ncashier-7d9c6b5f8-2xkqn     0/1   CrashLoopBackOff   9 (2m31s ago)   24m\ncashier-66f8b4d7c5-r9mzs    1/1   Running            0               6d\n";
        let ingest = crate::ingest(paste);
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
        let statuses: Vec<String> = ingest.facts.all().iter().filter(|f| f.predicate == super::Predicate::Status).map(|f| ingest.facts.display_value(&f.value).to_string()).collect();
        assert_eq!(statuses, ["CrashLoopBackOff", "Running"]);
    }

    #[test]
    fn grepped_rows_with_labels_keep_their_labels() {
        // `--show-labels` adds LABELS after the default columns; `grep` took the header.
        let paste = "$ kubectl -n homes get pods --show-labels | grep search\nsearch-5f6d8c9b7-8zq4w 1/1 Running 0 41m app.kubernetes.io/name=search,pod-template-hash=5f6d8c9b7\nindexer-7c4b8d6f5-qq2vn 1/1 Running 2 (6d ago) 19d app=indexer\n";
        let ingest = crate::ingest(paste);
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
        let labels: Vec<String> = ingest.facts.all().iter().filter(|f| f.predicate == super::Predicate::Label).map(|f| ingest.facts.display_value(&f.value).to_string()).collect();
        assert_eq!(labels, ["app.kubernetes.io/name=search", "pod-template-hash=5f6d8c9b7", "app=indexer"]);
    }

    #[test]
    fn a_second_command_on_the_line_prints_a_table_of_its_own_kind() {
        let paste = "$ kubectl get pods -n notary -l app=seal ; kubectl get hpa -n notary\nNAME READY STATUS RESTARTS AGE\nseal-68b7d5c9f4-6mwtd 0/1 Running 12 4h\nNAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE\nseal Deployment/seal cpu: 18%/65% 3 12 3 301d\n";
        let ingest = crate::ingest(paste);
        let kinds: Vec<String> = ingest.facts.entities().iter().map(|e| format!("{} {}", e.kind.kubectl_name(), e.name)).collect();
        assert!(kinds.contains(&"hpa seal".to_string()), "{kinds:?}");
        assert!(!kinds.contains(&"pod seal".to_string()), "{kinds:?}");
    }

    #[test]
    fn label_columns_are_labels_and_may_be_empty() {
        // `-L` adds a column per key, headed by the key's last segment; pods without the
        // label leave it blank, and a label column may repeat a kubectl column's name.
        let paste = "$ kubectl get pods -n inn -L app,app.kubernetes.io/name\nNAME                     READY   STATUS    RESTARTS      AGE   APP     NAME\nrooms-6f8d9c7b54-7nqzw   1/1     Running   0             41m           rooms\nbook-5c7b8d9f6-4jq8m     1/1     Running   1 (12d ago)   6d    book\n";
        let ingest = crate::ingest(paste);
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
        let labels: Vec<String> = ingest
            .facts
            .all()
            .iter()
            .filter(|f| f.predicate == super::Predicate::Label)
            .map(|f| format!("{} {}", ingest.facts.entities()[f.subject.0 as usize].name, ingest.facts.display_value(&f.value)))
            .collect();
        assert_eq!(labels, ["rooms-6f8d9c7b54-7nqzw app.kubernetes.io/name=rooms", "book-5c7b8d9f6-4jq8m app=book"]);
    }

    #[test]
    fn endpoint_slices_speak_for_their_service() {
        let paste = "$ kubectl get endpointslices -n geo\nNAME                  ADDRESSTYPE   PORTS     ENDPOINTS   AGE\ntile-renderer-8hqzv   IPv4          <unset>   <none>      2y14d\n";
        let ingest = crate::ingest(paste);
        let names: Vec<&str> = ingest.facts.entities().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["tile-renderer"]);
        // An Endpoints object is named exactly as its Service.
        let ingest = crate::ingest("$ kubectl get endpoints -n geo\nNAME        ENDPOINTS   AGE\nweb-ab12c   <none>      2d\n");
        assert_eq!(ingest.facts.entities()[0].name, "web-ab12c");
    }

    /// Facts of a paste, checked to quote the paste inside their artifact.
    fn checked_facts(paste: &str) -> usize {
        let ingest = crate::ingest(paste);
        for fact in ingest.facts.all() {
            let artifact = &ingest.artifacts[fact.artifact.0 as usize];
            assert!(artifact.body.contains(fact.span));
        }
        ingest.facts.len()
    }

    proptest! {
        /// Hostile rows (ragged, unicode, huge, shuffled words of real rows) never make the
        /// table or describe parser panic or quote outside their artifact.
        #[test]
        fn any_rows_under_any_header(
            header in prop::sample::select(vec![
                "NAME READY STATUS RESTARTS AGE",
                "NAME                 READY   STATUS    RESTARTS   AGE",
                "LAST SEEN TYPE REASON OBJECT MESSAGE FIRST SEEN COUNT",
                "REVISION UPDATED STATUS CHART APP VERSION DESCRIPTION",
                "NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE",
                "GROUP  KIND  NAMESPACE  NAME  STATUS  HEALTH  HOOK  MESSAGE",
            ]),
            rows in prop::collection::vec(
                prop::collection::vec(prop_oneof![
                    Just("4 (2m ago)".to_string()), Just("0/1".to_string()), Just("<none>".to_string()),
                    Just("(x3".to_string()), Just("over".to_string()), Just("Mon Nov 18 10:02:11 2024".to_string()),
                    Just("*".to_string()), Just("  ".to_string()), Just("\t".to_string()),
                    "\\PC{0,12}",
                ], 0..14).prop_map(|words| words.join(" ")),
                0..6,
            ),
        ) {
            let body = rows.join("\n");
            checked_facts(&format!("$ kubectl get pods -n shop\n{header}\n{body}\n"));
            checked_facts(&format!("{header}\n{body}\n"));
            checked_facts(&format!("$ kubectl describe pod web-1 -n shop\nName: web-1\nNamespace: shop\nContainers:\n{body}\nEvents:\n  Type Reason Age From Message\n{body}\n"));
        }
    }

    #[test]
    fn an_event_listing_applied_objects_under_its_message_reads_each() {
        let paste = "$ flux events -n flux-system --for Kustomization/vault-sync\n\
                     LAST SEEN\tTYPE  \tREASON     \tOBJECT                    \tMESSAGE\n\
                     3h10m    \tNormal\tProgressing\tKustomization/vault-sync\tSecret/billing/ledger-db configured\n\
                     \x20        \t      \t           \t                          \tSecret/billing/invoice-db configured\n";
        let facts = crate::test_support::fact_lines(paste);
        for name in ["ledger-db", "invoice-db"] {
            assert!(facts.iter().any(|f| f.starts_with(&format!("secret billing/{name} · Changed"))), "{name}: {facts:#?}");
        }
    }

    #[test]
    fn console_event_lists_name_their_objects_as_kind_and_name() {
        // Rancher: `Object` as `Pod name`; Lens: `Involved Object` as `Pod: name`, and no Reason column.
        let rancher = "Last Seen\tType\tReason\tObject\tMessage\tCount\n1 min\tWarning\tFailedScheduling\tPod api-6c8d9f7b5-k2j4h\t0/3 nodes are available: 3 Insufficient cpu.\t9\n";
        let facts = crate::test_support::fact_lines(rancher);
        assert!(facts.iter().any(|f| f.starts_with("pod api-6c8d9f7b5-k2j4h · Event · Warning FailedScheduling")), "{facts:#?}");
        let lens = "Type\tMessage\tNamespace\tInvolved Object\tSource\tCount\tAge\tLast Seen\nWarning\tBack-off restarting failed container api\tshop\tPod: api-6c8d9f7b5-k2j4h\tkubelet node-1\t4\t1h\t2m\n";
        let facts = crate::test_support::fact_lines(lens);
        assert!(facts.iter().any(|f| f.starts_with("pod shop/api-6c8d9f7b5-k2j4h · Event · Warning") && f.contains("Back-off")), "{facts:#?}");
    }

    #[test]
    fn a_panels_events_tab_goes_on_under_its_message_column() {
        let paste = "Kustomizations (Flux) › apps\nName\tapps\nNamespace\tflux-system\nPath\t./apps\n\nEvents\nType\tReason\tFrom\tMessage\tAge\nNormal\tProgressing\tkustomize-controller\tConfigMap/web/one configured\t5m\n\t\t\tConfigMap/web/two configured\n";
        let facts = crate::test_support::fact_lines(paste);
        for expected in ["configmap web/one · Changed · configured", "configmap web/two · Changed · configured"] {
            assert!(facts.iter().any(|f| f == expected), "{expected} not in {facts:#?}");
        }
    }

    #[test]
    fn describe_event_rows_copied_alone_are_about_a_pod_the_paste_does_not_name() {
        let paste = "Pod events for one of the steps:\n\n\
                     \x20   Events:\n\
                     \x20     Type     Reason            Age                  From               Message\n\
                     \x20     ----     ------            ----                 ----               -------\n\
                     \x20     Warning  FailedScheduling  4m12s (x79 over 7h)  default-scheduler  0/3 nodes are available: 3 Insufficient cpu.\n\
                     \x20     Normal   ScalingReplicaSet 2m                   deployment-controller  Scaled up replica set web-7d to 3\n";
        let facts = crate::test_support::fact_lines(paste);
        assert!(facts.iter().any(|f| f.starts_with("pod <pod> · Event") && f.contains("FailedScheduling")), "{facts:#?}");
        // A controller's event is about some other object, which the row does not name.
        assert!(!facts.iter().any(|f| f.contains("ScalingReplicaSet")), "{facts:#?}");
    }

    #[test]
    fn giant_rows_are_read_in_linear_time_or_refused() {
        let message = "word ".repeat(200_000);
        let paste = format!("LAST SEEN TYPE REASON OBJECT MESSAGE\n2m Warning BackOff pod/standalone {message}\n");
        let ingest = crate::ingest(&paste);
        assert!(ingest.unparsed.is_empty());
        assert_eq!(ingest.facts.len(), 1);
        // Two free-text columns could take quadratic time to split: refused.
        let paste = format!("NAME AGE REQUEST LIMIT\nquota 2d {}\n", "pods: 1/2, ".repeat(100_000));
        let ingest = crate::ingest(&paste);
        assert_eq!(ingest.unparsed.len(), 1);
        assert_eq!(ingest.unparsed[0].reason, super::grid::Misfit::TooLong.reason());
    }
}
