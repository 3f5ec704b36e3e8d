//! Reconstruction: what the system is — its components (workloads, images, CI, GitOps,
//! config, databases, flags, metrics) and a plain-language summary of what it is for,
//! read off names, labels and metrics in the paste.

use super::kb::{kind_title, Kb};
use super::words::and_list;
use crate::fact::{EntityId, EntityKind, Predicate, Value};
use crate::report::{Component, Reconstruction};

pub fn build(kb: &Kb<'_>) -> Reconstruction {
    let mut components = Vec::new();
    let workloads = workloads(kb);
    for w in &workloads {
        components.push(workload_component(kb, *w));
    }
    components.extend(pipelines(kb));
    components.extend(gitops(kb));
    components.extend(images(kb));
    components.extend(configs(kb));
    components.extend(databases(kb));
    components.extend(flags(kb));
    let metrics = metrics(kb);
    components.extend(metrics.iter().map(|(name, role)| Component { name: name.clone(), kind: "metric".into(), role: role.clone() }));
    let summary = summary(kb, &workloads, &components, &metrics);
    Reconstruction { summary, components }
}

/// Top-level workloads: Deployments, StatefulSets, DaemonSets, CronJobs, and Jobs no
/// CronJob owns. Pods and ReplicaSets fold into them. A workload no fact is about or points
/// at is a name a parser interned before the object turned out to be a namespaced one.
fn workloads(kb: &Kb<'_>) -> Vec<EntityId> {
    let known: crate::entity_map::EntitySet = kb
        .facts()
        .all()
        .iter()
        .flat_map(|f| [Some(f.subject), if let Value::Entity(e) = f.value { Some(e) } else { None }])
        .flatten()
        .collect();
    let mut out = Vec::new();
    for (i, entity) in kb.facts().entities().iter().enumerate() {
        let id = EntityId(i as u32);
        if !entity.kind.is_workload() || !known.contains(id) {
            continue;
        }
        if entity.kind == EntityKind::Job && kb.owner(id).is_some_and(|o| kb.entity(o).kind == EntityKind::CronJob) {
            continue;
        }
        out.push(id);
    }
    out
}

/// Facts about a workload or anything it owns (its pods, replica sets, containers, jobs).
fn facts_under<'a>(kb: &Kb<'a>, workload: EntityId, predicate: Predicate) -> impl Iterator<Item = &'a crate::fact::Fact> + 'a {
    let lineage_has = move |kb: &Kb<'a>, e: EntityId| kb.lineage(e).contains(&workload);
    let facts: Vec<_> = kb.with(predicate).filter(|f| lineage_has(kb, f.subject)).collect();
    facts.into_iter()
}

fn workload_component(kb: &Kb<'_>, w: EntityId) -> Component {
    let entity = kb.entity(w);
    let mut parts = Vec::new();
    parts.push(match &entity.namespace {
        Some(ns) => format!("{} in namespace {ns}", kind_title(&entity.kind)),
        None => kind_title(&entity.kind),
    });
    let mut images: Vec<String> = facts_under(kb, w, Predicate::Image).filter_map(|f| f.value.as_image().map(|i| i.to_string())).collect();
    images.dedup();
    if !images.is_empty() {
        parts.push(format!("runs {}", and_list(&images)));
    }
    if let Some(ready) = kb.about(w, Predicate::Ready).next() {
        parts.push(format!("{} ready", kb.facts().display_value(&ready.value)));
    }
    if let Some(schedule) = kb.about(w, Predicate::Schedule).next() {
        parts.push(format!("scheduled `{}`", kb.facts().display_value(&schedule.value)));
    }
    let runs = facts_under(kb, w, Predicate::Completions).count();
    if runs > 0 {
        parts.push(format!("{runs} run(s) shown"));
    }
    let mut reads: Vec<String> = facts_under(kb, w, Predicate::ReadsConfig).map(|f| kb.facts().display_value(&f.value)).collect();
    reads.dedup();
    if !reads.is_empty() {
        parts.push(format!("reads {}", and_list(&reads)));
    }
    let mut targets: Vec<String> = Vec::new();
    for name in facts_under(kb, w, Predicate::ConnectsTo).filter_map(|f| peer_name(kb, &f.value)) {
        if !targets.contains(&name) {
            targets.push(name);
        }
    }
    if !targets.is_empty() {
        parts.push(format!("connects to {}", and_list(&targets)));
    }
    Component { name: entity.name.clone(), kind: entity.kind.kubectl_name().to_string(), role: parts.join("; ") }
}

fn pipelines(kb: &Kb<'_>) -> Vec<Component> {
    let mut out: Vec<Component> = Vec::new();
    for fact in kb.with(Predicate::Pushed) {
        let name = kb.entity(fact.subject).name.clone();
        let what = kb.facts().display_value(&fact.value);
        match out.iter_mut().find(|c| c.name == name) {
            Some(c) => c.role.push_str(&format!("; pushed {what}")),
            None => out.push(Component { name, kind: "pipeline".into(), role: format!("CI: builds and pushes images — pushed {what}") }),
        }
    }
    out
}

fn gitops(kb: &Kb<'_>) -> Vec<Component> {
    let mut apps: Vec<EntityId> = Vec::new();
    for (i, e) in kb.facts().entities().iter().enumerate() {
        if e.kind == EntityKind::GitOpsApp {
            apps.push(EntityId(i as u32));
        }
    }
    apps.into_iter()
        .map(|app| {
            let get = |p: Predicate| kb.about(app, p).last().map(|f| kb.facts().display_value(&f.value));
            let mut role = vec!["GitOps app: deploys from git".to_string()];
            if let Some(path) = get(Predicate::SourcePath) {
                role.push(format!("source {path}"));
            }
            match (get(Predicate::SyncStatus), get(Predicate::HealthStatus)) {
                (Some(s), Some(h)) => role.push(format!("{s}, {h}")),
                (Some(s), None) | (None, Some(s)) => role.push(s),
                _ => {}
            }
            if let Some(rev) = get(Predicate::SyncRevision) {
                role.push(format!("at revision {rev}"));
            }
            Component { name: kb.entity(app).name.clone(), kind: "gitops-app".into(), role: role.join("; ") }
        })
        .collect()
}

fn images(kb: &Kb<'_>) -> Vec<Component> {
    let mut out: Vec<Component> = Vec::new();
    for predicate in [Predicate::Image, Predicate::ImageOverride, Predicate::ImageId, Predicate::Pushed] {
        for fact in kb.with(predicate) {
            let Some(image) = fact.value.as_image() else { continue };
            let name = image.name();
            if out.iter().any(|c| c.name == name) {
                continue;
            }
            let registry = image.registry.as_deref().map(|r| format!(" in registry {r}")).unwrap_or_default();
            out.push(Component { name, kind: "image".into(), role: format!("container image{registry}") });
        }
    }
    out
}

fn configs(kb: &Kb<'_>) -> Vec<Component> {
    let mut objects: Vec<EntityId> = Vec::new();
    for fact in kb.with(Predicate::ConfigValue).chain(kb.with(Predicate::DefinedIn)) {
        if matches!(kb.entity(fact.subject).kind, EntityKind::ConfigMap | EntityKind::Secret) && !objects.contains(&fact.subject) {
            objects.push(fact.subject);
        }
    }
    objects
        .into_iter()
        .map(|o| {
            let mut keys: Vec<String> = kb.about(o, Predicate::ConfigValue).filter_map(|f| f.value.as_pair().map(|(k, _)| k.to_string())).collect();
            crate::sort::natural(&mut keys);
            keys.dedup();
            let mut paths: Vec<String> = kb.about(o, Predicate::DefinedIn).filter_map(|f| f.value.as_text().map(str::to_string)).collect();
            paths.dedup();
            let entity = kb.entity(o);
            let mut role = format!("configuration ({})", if keys.is_empty() { "no keys shown".into() } else { keys.join(", ") });
            if !paths.is_empty() {
                role.push_str(&format!("; defined in {}", and_list(&paths)));
            }
            Component { name: entity.name.clone(), kind: entity.kind.kubectl_name().to_string(), role }
        })
        .collect()
}

fn databases(kb: &Kb<'_>) -> Vec<Component> {
    let mut out: Vec<Component> = Vec::new();
    for fact in kb.with(Predicate::ConnectsTo) {
        let (Value::Address(address), Some(name)) = (&fact.value, peer_name(kb, &fact.value)) else { continue };
        if out.iter().any(|c| c.name == name) {
            continue;
        }
        let who = &kb.entity(fact.subject).name;
        let (kind, what) = if is_database(address) { ("database", "database") } else { ("peer", "service") };
        out.push(Component { name, kind: kind.into(), role: format!("{what} that {who} connects to") });
    }
    out
}

/// What a connection reaches, as a component: a database with its database name
/// (`auth-db:5432/users`), a service without the path of one request
/// (`http://inventory.orders.svc:8080`, not `…/stock/88213`).
fn peer_name(kb: &Kb<'_>, value: &Value) -> Option<String> {
    let Value::Address(address) = value else { return None };
    if is_database(address) || address.path.is_none() {
        return Some(kb.facts().display_value(value));
    }
    Some(kb.facts().display_value(&Value::Address(Box::new(crate::fact::Address { path: None, ..(**address).clone() }))))
}

/// Database-like targets: a database scheme, or a well-known database port.
fn is_database(address: &crate::fact::Address) -> bool {
    const SCHEMES: &[&str] = &["postgres", "postgresql", "mysql", "mariadb", "mongodb", "redis", "rediss", "cassandra", "clickhouse", "sqlserver", "oracle", "amqp", "kafka"];
    const PORTS: &[u16] = &[5432, 3306, 27017, 6379, 9042, 1433, 1521, 9000, 5672, 9092, 26257];
    address.scheme.as_deref().is_some_and(|s| SCHEMES.contains(&s)) || address.port.is_some_and(|p| PORTS.contains(&p))
}

fn flags(kb: &Kb<'_>) -> Vec<Component> {
    let mut out: Vec<Component> = Vec::new();
    for (i, e) in kb.facts().entities().iter().enumerate() {
        if e.kind == EntityKind::FeatureFlag && kb.facts().all().iter().any(|f| f.subject == EntityId(i as u32)) {
            out.push(Component { name: e.name.clone(), kind: "feature-flag".into(), role: "feature flag the app looks up in its flag service".into() });
        }
    }
    out
}

/// Metric names with what they measure: `notifications_sent_total` → "notifications sent,
/// by channel (email, sms) and status (failed, success)".
fn metrics(kb: &Kb<'_>) -> Vec<(String, String)> {
    let mut by_metric: Vec<(String, Vec<(String, Vec<String>)>)> = Vec::new();
    for fact in kb.with(Predicate::Sample) {
        let Some(series) = kb.series_name(fact.subject) else { continue };
        // A query's value (`sum(rate(x[5m])) / …`, from the Prometheus API) is no metric the
        // system exports.
        if series.metric.contains('(') {
            continue;
        }
        let labels = match by_metric.iter_mut().find(|(m, _)| *m == series.metric) {
            Some((_, labels)) => labels,
            None => {
                by_metric.push((series.metric.clone(), Vec::new()));
                &mut by_metric.last_mut().expect("just pushed").1
            }
        };
        for (key, value) in &series.labels {
            match labels.iter_mut().find(|(k, _)| k == key) {
                Some((_, values)) if !values.contains(value) => values.push(value.clone()),
                Some(_) => {}
                None => labels.push((key.clone(), vec![value.clone()])),
            }
        }
    }
    by_metric
        .into_iter()
        .map(|(metric, labels)| {
            let mut role = humanise_metric(&metric);
            let parts: Vec<String> = labels
                .iter()
                .map(|(k, values)| {
                    if values.len() <= 4 && !matches!(k.as_str(), "date" | "day" | "time" | "timestamp" | "pod" | "instance") {
                        let mut sorted = values.clone();
                        crate::sort::natural(&mut sorted);
                        format!("{k} ({})", sorted.join(", "))
                    } else {
                        k.clone()
                    }
                })
                .collect();
            if !parts.is_empty() {
                role.push_str(&format!(", by {}", and_list(&parts)));
            }
            (metric, role)
        })
        .collect()
}

fn humanise_metric(metric: &str) -> String {
    let words: Vec<&str> = metric.split('_').filter(|w| !matches!(*w, "total" | "count" | "sum" | "bucket" | "info")).collect();
    words.join(" ")
}

fn summary(kb: &Kb<'_>, workloads: &[EntityId], components: &[Component], metrics: &[(String, String)]) -> String {
    let mut sentences = Vec::new();
    if workloads.is_empty() && components.is_empty() {
        return "The paste names no workloads, images, config or metrics Trowel could read; see the unparsed text.".into();
    }
    for w in workloads.iter().take(4) {
        let entity = kb.entity(*w);
        let what = components.iter().find(|c| c.name == entity.name).map(|c| c.role.clone()).unwrap_or_default();
        let related: Vec<String> = metrics
            .iter()
            .filter(|(m, _)| shares_word(m, &entity.name) || workloads.len() == 1)
            .map(|(_, role)| role.clone())
            .take(3)
            .collect();
        let mut sentence = format!("{} is a {what}", entity.name);
        if !related.is_empty() {
            sentence.push_str(&format!("; its metrics count {}", related.join("; ")));
        }
        sentences.push(sentence);
    }
    if workloads.len() > 4 {
        sentences.push(format!("{} more workloads appear in the paste", workloads.len() - 4));
    }
    let count = |kind: &str| components.iter().filter(|c| c.kind == kind).map(|c| c.name.clone()).collect::<Vec<_>>();
    let pipelines = count("pipeline");
    let apps = count("gitops-app");
    let databases = count("database");
    let peers = count("peer");
    let configs: Vec<String> = components.iter().filter(|c| c.kind == "configmap" || c.kind == "secret").map(|c| c.name.clone()).collect();
    let mut flow = Vec::new();
    if !pipelines.is_empty() {
        // Log lines that name no writer come from `logs`: a CI job the paste does not name.
        let pipelines: Vec<String> = pipelines.into_iter().map(|p| if p == "logs" { "a CI job".to_string() } else { p }).collect();
        flow.push(format!("built and pushed by {}", and_list(&pipelines)));
    }
    if !apps.is_empty() {
        flow.push(format!("deployed by the GitOps app {}", and_list(&apps)));
    }
    if !configs.is_empty() {
        flow.push(format!("configured by {}", and_list(&configs)));
    }
    if !databases.is_empty() {
        flow.push(format!("backed by {}", and_list(&databases)));
    }
    if !flow.is_empty() {
        sentences.push(format!("It is {}", and_list(&flow)));
    }
    if !peers.is_empty() {
        sentences.push(format!("It talks to {}", and_list(&peers.into_iter().take(3).collect::<Vec<_>>())));
    }
    if workloads.is_empty() && !metrics.is_empty() {
        sentences.push(format!("Its metrics count {}", and_list(&metrics.iter().take(3).map(|(_, r)| r.clone()).collect::<Vec<_>>())));
    }
    // Components none of the sentences above describe (a feature flag alone) are still
    // what the paste is about: name them with their roles rather than say nothing.
    if sentences.is_empty() {
        let named: Vec<String> = components.iter().take(3).map(|c| format!("{} ({})", c.name, c.role)).collect();
        sentences.push(format!("The paste names {}", and_list(&named)));
    }
    sentences.join(". ") + "."
}

fn shares_word(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> { s.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 4).map(|w| w.trim_end_matches('s').to_string()).collect() };
    let wb = words(b);
    words(a).iter().any(|w| wb.contains(w))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_paste_about_only_a_flag_still_says_what_it_names() {
        let paste = "2025-06-05T09:41:27Z WARN feature flag 'search.v2' not found, falling back to the default\n";
        let report = crate::analyze(paste);
        assert!(report.reconstruction.summary.contains("search.v2"), "{}", report.reconstruction.summary);
    }

    #[test]
    fn a_workload_is_described_once_when_prose_names_its_pod_without_a_namespace() {
        let paste = "$ kubectl -n shop get pods\nNAME READY STATUS RESTARTS AGE\nweb-7c9d5b6f48-2xq7m 1/1 Running 0 3d\n\nRecent events\n19d Normal Started pod/web-7c9d5b6f48-2xq7m Started container web\n";
        let summary = crate::analyze(paste).reconstruction.summary;
        assert_eq!(summary.matches("web is a Deployment").count(), 1, "{summary}");
    }
}
