//! Parser for `changes` artifacts: what `kubectl apply`, `create`, `delete`, `patch`,
//! `scale`, `label`, `annotate` and `replace` print, one object per line:
//!
//! ```text
//! networkpolicy.networking.k8s.io/default-deny-ingress created
//! configmap/cart-settings configured
//! service/orders-api unchanged
//! pod "web-1" deleted
//! deployment.apps/web scaled (server dry run)
//! ```
//!
//! Each line that changed its object becomes a `Changed` fact (the verb) on that object, in
//! the namespace the command names. `unchanged` lines state nothing. These lines carry no
//! time: the change happened when the command ran, which only the paste's other clues can
//! place.
//!
//! `flux diff kustomization NAME` prints the same shape for what git would change, one
//! `► Deployment/shop/web drifted` line per object whose live state differs from git: each
//! is a `SyncStatus` of the GitOps app the command names, since the app reports drift
//! there. The field-by-field detail under it is not read.
//!
//! `terraform plan` (also as Atlantis or Terraform Cloud post it) says the same of the
//! resources it manages: `# ADDRESS will be updated in-place` with `~ attr = live -> code`
//! lines is live state that differs from the code, a `SyncStatus` drift of a GitOps app
//! named by the resource address — unless the paste shows that update applied, when it was
//! a change of the code and is now live (see [`terraform_plan`]). `# ADDRESS has changed`
//! under `Objects have changed outside of Terraform` is drift in any case. Creations,
//! replacements and destructions are what a change to the code asks for, not drift, and are
//! not read.

use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;

/// The verbs kubectl prints after an object it changed.
const VERBS: &[&str] = &["created", "configured", "deleted", "patched", "replaced", "scaled", "labeled", "annotated", "edited", "serverside-applied", "restarted"];

pub fn parse(cx: &mut Cx<'_>) {
    let flux_app = cx.artifact.command.as_ref().filter(|c| c.program == "flux").and_then(|c| c.positionals().get(2).map(|n| n.to_string()));
    if let Some(app) = flux_app {
        return flux_drift(cx, &app);
    }
    let namespace = cx.namespace();
    // What else the output holds is read as log lines: the API server's answers
    // (`Error from server (InternalError): …`, a webhook that refused or could not be
    // called), and the lines of the CI console around a traced `+ kubectl apply`. kubectl's
    // own complaints about the files (`error: error validating "x.yaml"`) say nothing of the
    // cluster and are left unread.
    let mut said = Vec::new();
    for line in cx.lines() {
        let trimmed = line.trimmed();
        if trimmed.text.is_empty() {
            continue;
        }
        if change(trimmed.text).is_none() {
            match trimmed.text.starts_with("error: ") {
                true => cx.unparsed(trimmed.span, "kubectl's own error about the files, not the cluster's"),
                false => said.push(line),
            }
            continue;
        }
        // `unchanged` lines and dry runs change nothing.
        record_change(cx, trimmed.text, namespace, None, trimmed.span);
    }
    if !said.is_empty() {
        crate::parse::logs::read_lines(cx, said.into_iter());
    }
}

/// `flux diff` output: a `SyncStatus` fact on the app for each object it says drifted.
fn flux_drift(cx: &mut Cx<'_>, app: &str) {
    let namespace = cx.namespace();
    let mut detail: Option<crate::span::Span> = None;
    for line in cx.lines() {
        let line = line.trimmed();
        let object = line.text.trim_start_matches(['►', '>', ' ']).strip_suffix(" drifted").filter(|o| o.contains('/') && !o.contains(' '));
        match object {
            Some(object) => {
                let id = cx.entity(EntityKind::GitOpsApp, namespace, app);
                cx.fact(id, Predicate::SyncStatus, Value::text(format!("{object} drifted")), line.span);
            }
            None if !line.text.is_empty() => detail = Some(detail.map_or(line.span, |d| d.cover(line.span))),
            None => {}
        }
    }
    if let Some(span) = detail {
        cx.unparsed(span, "flux diff field changes are not read");
    }
}

/// `terraform plan` output found by content: each resource updated in place whose plan shows
/// at least one `~ attr = before -> after` line. True when the text held such a plan.
///
/// What an in-place update means depends on what the paste says happened to it:
/// - under `Objects have changed outside of Terraform` (`# ADDRESS has changed`), the change
///   is live state someone edited by hand: drift, whatever follows;
/// - applied (`ADDRESS: Modifications complete`, or `Apply complete!` in the same text), it is
///   a change of the code that is now live: no drift, and for a Kubernetes ConfigMap or
///   Secret the new values are what the object holds (`Changed`, `ConfigValue`);
/// - otherwise the plan is all there is: live differs from the code, a `SyncStatus` drift of
///   a GitOps app named by the resource address.
pub fn terraform_plan(cx: &mut Cx<'_>) -> bool {
    let resources = planned_updates(cx.lines());
    let applied_all = cx.body().contains("Apply complete!");
    let mut reported = false;
    for resource in &resources {
        let changes: Vec<AttributeChange<'_>> = resource.lines.iter().filter_map(attribute_change).collect();
        let Some(first) = changes.first() else { continue };
        reported = true;
        if resource.changed_outside {
            let id = cx.entity(EntityKind::GitOpsApp, None, resource.address);
            let status = format!("drifted outside Terraform: {} is {} live, {} at the last apply", first.attribute, first.after, first.before);
            cx.fact(id, Predicate::SyncStatus, Value::text(status), first.line.trimmed().span);
        } else if applied_all || applied(cx.paste, resource.address) {
            applied_config(cx, resource, &changes);
        } else {
            // One drift per resource: its first changed attribute says it.
            let id = cx.entity(EntityKind::GitOpsApp, None, resource.address);
            let status = format!("drifted: {} is {} live, {} in code", first.attribute, first.before, first.after);
            cx.fact(id, Predicate::SyncStatus, Value::text(status), first.line.trimmed().span);
        }
    }
    reported
}

/// One resource a plan updates in place: its address, whether the plan reports it as
/// changed outside Terraform, and the lines of its block.
struct PlannedUpdate<'a> {
    address: &'a str,
    header: Line<'a>,
    changed_outside: bool,
    lines: Vec<Line<'a>>,
}

/// The `# ADDRESS will be updated in-place` and `# ADDRESS has changed` blocks of a plan; a
/// block ends at the next `# ADDRESS …` header or the `Plan:` summary.
fn planned_updates<'a>(lines: crate::lines::Lines<'a>) -> Vec<PlannedUpdate<'a>> {
    let mut out: Vec<PlannedUpdate<'a>> = Vec::new();
    let mut open = false;
    for line in lines {
        let text = line.text.trim();
        let header = text.strip_prefix("# ").filter(|t| !t.starts_with('('));
        if let Some(address) = header.and_then(|t| t.strip_suffix(" will be updated in-place")) {
            out.push(PlannedUpdate { address: address.trim(), header: line, changed_outside: false, lines: Vec::new() });
            open = true;
        } else if let Some(address) = header.and_then(|t| t.strip_suffix(" has changed")) {
            out.push(PlannedUpdate { address: address.trim(), header: line, changed_outside: true, lines: Vec::new() });
            open = true;
        } else if header.is_some_and(|t| t.contains(" will be ") || t.contains(" has been ") || t.contains(" must be ")) || text.starts_with("Plan:") {
            open = false;
        } else if open {
            if let Some(resource) = out.last_mut() {
                resource.lines.push(line);
            }
        }
    }
    out
}

/// `~ attr = before -> after` (a map element's key quoted: `~ "DB_HOST" = "a" -> "b"`).
struct AttributeChange<'a> {
    attribute: &'a str,
    before: &'a str,
    after: &'a str,
    line: Line<'a>,
}

fn attribute_change<'a>(line: &Line<'a>) -> Option<AttributeChange<'a>> {
    let (attribute, change) = line.text.trim().strip_prefix("~ ")?.split_once(" = ")?;
    let attribute = attribute.trim();
    let (before, after) = change.split_once(" -> ")?;
    (!attribute.contains(' ')).then(|| AttributeChange { attribute, before: before.trim(), after: after.trim(), line: *line })
}

/// Whether an apply in the paste reports the resource done (`ADDRESS: Modifications complete`).
fn applied(paste: &str, address: &str) -> bool {
    paste.match_indices(address).any(|(at, _)| paste[at + address.len()..].starts_with(": Modifications complete"))
}

/// An applied update of a Kubernetes ConfigMap or Secret (`kubernetes_config_map[_v1[_data]]`,
/// `kubernetes_secret[_v1]`): the object its `id = "namespace/name"` names was changed and
/// now holds the new value of each data key the plan shows. Other resources' applied
/// updates state nothing the rules read.
fn applied_config(cx: &mut Cx<'_>, resource: &PlannedUpdate<'_>, changes: &[AttributeChange<'_>]) {
    let resource_type = resource.address.rsplit('.').nth(1).unwrap_or_default();
    let kind = if resource_type.starts_with("kubernetes_config_map") {
        EntityKind::ConfigMap
    } else if resource_type.starts_with("kubernetes_secret") {
        EntityKind::Secret
    } else {
        return;
    };
    let object_id = resource.lines.iter().find_map(|line| {
        let (key, value) = line.text.trim().split_once(" = ")?;
        (key.trim() == "id").then(|| value.trim().trim_matches('"'))
    });
    let Some((namespace, name)) = object_id.and_then(|id| id.split_once('/')).filter(|(ns, name)| !ns.is_empty() && !name.is_empty()) else { return };
    let id = cx.entity(kind, Some(namespace), name);
    cx.fact(id, Predicate::Changed, Value::text("updated"), resource.header.trimmed().span);
    for change in changes {
        let key = change.attribute.trim_matches('"');
        let value = change.after.trim_matches('"');
        // Only data keys (quoted map elements) with a value the plan shows.
        if key.len() == change.attribute.len() || change.after.starts_with('(') {
            continue;
        }
        cx.fact(id, Predicate::ConfigValue, Value::pair(key, value), change.line.trimmed().span);
    }
}

/// `kind[.group]/name verb` or `kind "name" verb`, with a dry-run note allowed after the verb.
/// Flux's `Kind/namespace/name verb` keeps `namespace/name` as the name; see [`changed_object`].
pub(crate) fn change(text: &str) -> Option<(&str, &str, &str)> {
    let text = text.split(" (").next().unwrap_or(text);
    let mut words = text.split_whitespace();
    let first = words.next()?;
    let (kind, name) = match first.split_once('/') {
        Some((kind, name)) => (kind, name),
        None => (first, words.next()?.trim_matches('"')),
    };
    let verb = words.next()?;
    let known = verb == "unchanged" || VERBS.contains(&verb);
    (known && words.next().is_none() && !kind.is_empty() && !name.is_empty()).then_some((kind, name, verb))
}

/// The object a message says was changed, as kubectl and Flux print it inside events and
/// notifications (`Secret/dispatch/api-key configured`): kind, namespace when named, name
/// and verb. `unchanged` objects and dry runs are no change.
pub(crate) fn changed_object(text: &str) -> Option<(EntityKind, Option<&str>, &str, &str)> {
    let (kind, name, verb) = change(text.trim())?;
    if verb == "unchanged" || text.contains("dry run)") {
        return None;
    }
    let (namespace, name) = match name.split_once('/') {
        Some((ns, name)) if !ns.is_empty() && !name.is_empty() && !name.contains('/') => (Some(ns), name),
        Some(_) => return None,
        None => (None, name),
    };
    Some((EntityKind::from_k8s(kind), namespace, name, verb))
}

/// A `Changed` fact on the object a line or message says was changed: a `kubectl apply`
/// line, or an event naming what it changed (Flux's `Secret/shop/pay-key configured` on the
/// Kustomization that applied it), timed like the event when the event says when. An event
/// seen only as an age (`3h`) leaves the fact untimed; inference reads the age from the event.
pub(crate) fn record_change(cx: &mut Cx<'_>, message: &str, namespace: Option<&str>, time: Option<crate::time::Timestamp>, span: crate::span::Span) {
    let Some((kind, ns, name, verb)) = changed_object(message) else { return };
    let namespace = ns.or(namespace);
    let id = match kind {
        EntityKind::Pod => cx.pod(namespace, name, span),
        kind => cx.entity(kind, namespace, name),
    };
    cx.timed_fact(id, Predicate::Changed, Value::text(verb), time, span);
}

#[cfg(test)]
mod terraform_tests {
    use crate::test_support::values_of as said;

    #[test]
    fn terraform_in_place_updates_are_drift_of_the_resource() {
        let paste = "Ran Plan for dir: `prod`\n\n  # module.api.aws_ecs_service.this will be updated in-place\n  ~ resource \"aws_ecs_service\" \"this\" {\n      ~ desired_count = 2 -> 6\n        name          = \"api\"\n    }\n\n  # aws_s3_bucket.logs will be created\n  + resource \"aws_s3_bucket\" \"logs\" {\n      + bucket = \"x\"\n    }\n\nPlan: 1 to add, 1 to change, 0 to destroy.\n";
        let got = said(paste, crate::fact::Predicate::SyncStatus);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("module.api.aws_ecs_service.this") && got[0].contains("desired_count is 2 live, 6 in code"), "{got:?}");
    }


    #[test]
    fn an_applied_update_is_a_change_of_the_code_not_drift() {
        let paste = "  # helm_release.web will be updated in-place\n  ~ resource \"helm_release\" \"web\" {\n      ~ version  = \"5.2.0\" -> \"5.2.1\"\n    }\n\nPlan: 0 to add, 1 to change, 0 to destroy.\nhelm_release.web: Modifications complete after 1m48s [id=web]\n";
        assert_eq!(said(paste, crate::fact::Predicate::SyncStatus), Vec::<String>::new());
    }

    #[test]
    fn an_applied_config_map_update_sets_the_new_values_on_the_object() {
        let paste = "kubernetes_config_map_v1_data.env: Modifications complete after 1s [id=shop/web-env]\n\n  # kubernetes_config_map_v1_data.env will be updated in-place\n  ~ resource \"kubernetes_config_map_v1_data\" \"env\" {\n      ~ data          = {\n          ~ \"DB_NAME\" = \"shop\" -> \"shop_stg\"\n            # (3 unchanged elements hidden)\n        }\n        id            = \"shop/web-env\"\n    }\n";
        assert_eq!(said(paste, crate::fact::Predicate::SyncStatus), Vec::<String>::new());
        let values = said(paste, crate::fact::Predicate::ConfigValue);
        assert_eq!(values.len(), 1, "{values:?}");
        assert!(values[0].contains("shop/web-env") && values[0].contains("DB_NAME") && values[0].contains("shop_stg"), "{values:?}");
        assert_eq!(said(paste, crate::fact::Predicate::Changed).len(), 1);
    }

    #[test]
    fn a_change_made_outside_terraform_is_drift_even_when_the_plan_reverts_it() {
        let paste = "Note: Objects have changed outside of Terraform\n\n  # aws_ecs_service.api has changed\n  ~ resource \"aws_ecs_service\" \"api\" {\n      ~ desired_count   = 6 -> 2\n    }\n\n  # aws_ecs_service.api will be updated in-place\n  ~ resource \"aws_ecs_service\" \"api\" {\n      ~ desired_count   = 2 -> 6\n    }\naws_ecs_service.api: Modifications complete after 3s\nApply complete! Resources: 0 added, 1 changed, 0 destroyed.\n";
        let got = said(paste, crate::fact::Predicate::SyncStatus);
        assert!(got.iter().any(|g| g.contains("aws_ecs_service.api drifted outside Terraform: desired_count is 2 live, 6 at the last apply")), "{got:?}");
    }

    #[test]
    fn a_plan_in_a_diff_fence_is_a_plan_not_a_diff() {
        let paste = "Ran Plan for dir: infra/web workspace: prod\n\n```diff\nNote: Objects have changed outside of Terraform\n\n  # heroku_formation.api has changed\n  ~ resource \"heroku_formation\" \"api\" {\n      ~ quantity = 2 -> 8\n    }\n\nPlan: 0 to add, 1 to change, 0 to destroy.\n```\n";
        let got = said(paste, crate::fact::Predicate::SyncStatus);
        assert!(got.iter().any(|g| g.contains("heroku_formation.api drifted outside Terraform: quantity is 8 live, 2 at the last apply")), "{got:?}");
    }

    #[test]
    fn a_plan_posted_among_prose_is_still_read() {
        let paste = "Ran Plan for dir: infra/claims workspace: prod\nNote: Objects have changed outside of Terraform\nTerraform will perform the following actions:\n  # aws_ecs_service.api will be updated in-place\n  ~ resource \"aws_ecs_service\" \"api\" {\n      ~ desired_count   = 2 -> 6\n    }\nPlan: 0 to add, 1 to change, 0 to destroy.\n(reviewer: why is it touching the ECS service?)\n";
        let got = said(paste, crate::fact::Predicate::SyncStatus);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("aws_ecs_service.api") && got[0].contains("desired_count is 2 live, 6 in code"), "{got:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::{change, changed_object};
    use crate::fact::EntityKind;

    #[test]
    fn an_event_message_can_name_the_object_it_changed() {
        assert_eq!(changed_object("Secret/dispatch/smsrelay-api-key configured"), Some((EntityKind::Secret, Some("dispatch"), "smsrelay-api-key", "configured")));
        assert_eq!(changed_object("configmap/cart-settings created"), Some((EntityKind::ConfigMap, None, "cart-settings", "created")));
        assert_eq!(changed_object("Secret/dispatch/api-key unchanged"), None);
        assert_eq!(changed_object("Reconciliation finished in 1.4s, revision: main@sha1:e29b7f30"), None);
    }

    #[test]
    fn kubectl_change_lines() {
        assert_eq!(change("networkpolicy.networking.k8s.io/deny-all created"), Some(("networkpolicy.networking.k8s.io", "deny-all", "created")));
        assert_eq!(change("pod \"web-1\" deleted"), Some(("pod", "web-1", "deleted")));
        assert_eq!(change("deployment.apps/web scaled (server dry run)"), Some(("deployment.apps", "web", "scaled")));
        assert_eq!(change("service/orders-api unchanged"), Some(("service", "orders-api", "unchanged")));
        assert_eq!(change("error: the path \"x.yaml\" does not exist"), None);
    }

    #[test]
    fn a_drifted_object_in_flux_diff_is_drift_the_kustomization_reports() {
        let paste = "$ flux diff kustomization shop-apps --path ./clusters/prod/shop\n► Deployment/shop/web drifted\n\nspec.replicas\n  ± value change\n    - 2\n    + 6\n";
        let ingest = crate::ingest(paste);
        let statuses: Vec<String> = ingest
            .facts
            .with(crate::fact::Predicate::SyncStatus)
            .map(|f| format!("{} {}", ingest.facts.entity_of(f.subject), f.value))
            .collect();
        assert_eq!(statuses, ["application shop-apps Deployment/shop/web drifted"]);
    }

    #[test]
    fn changes_land_on_objects_in_the_commands_namespace() {
        let paste = "$ kubectl -n orders apply -f policies/\nnetworkpolicy.networking.k8s.io/default-deny created\nnetworkpolicy.networking.k8s.io/allow-dns unchanged\n";
        let ingest = crate::ingest(paste);
        let changed: Vec<String> = ingest
            .facts
            .with(crate::fact::Predicate::Changed)
            .map(|f| format!("{} {}", ingest.facts.entity_of(f.subject), f.value))
            .collect();
        assert_eq!(changed, ["networkpolicy orders/default-deny created"]);
    }
}
