//! `config-crossover`: another environment's config replaced the live one.
//!
//! What it finds: a ConfigMap/Secret identity (kind/namespace/name) defined more than once
//! with different values, where a value names another environment (`_staging`, `-dev`,
//! `qa`), ideally with the change time just before the behaviour changed.
//! Why it matters: everything still "works" — it just works against the wrong database,
//! queue or endpoint, often silently.

use crate::fact::{EntityId, Predicate};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::{kind_title, Kb};
use crate::infer::words::{capitalise, ns_flag};

pub const CLASS: &str = "config-crossover";

/// Config mix-ups are rare in a random paste.
const PRIOR: f64 = -2.5;
/// A value in the live identity names another environment.
const FOREIGN_VALUE: f64 = 2.2;
/// One of the definitions applied together is another environment's file (its values unseen).
const FOREIGN_DEFINITION: f64 = 1.8;
/// This environment's kustomization lists another environment's file among its resources.
const FOREIGN_INCLUDED: f64 = 2.6;
/// The same identity is defined twice with different values.
const DUPLICATE: f64 = 1.5;
/// Name order makes the foreign definition the one applied last.
const LATER_WINS: f64 = 0.8;
/// Name order would apply the production definition last (only if both were applied together).
const LATER_IS_PRODUCTION: f64 = 0.5;
/// The object was replaced/changed at a known time.
const CHANGED: f64 = 0.6;
/// That change came just before the behaviour changed.
const CHANGE_BEFORE: f64 = 1.5;
/// A run reports connecting to the production value, not the foreign one.
const CONNECTED_ELSEWHERE: f64 = 1.0;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut objects: Vec<EntityId> = Vec::new();
    for claim in claims.all() {
        if let ClaimKind::DuplicateIdentity { object, .. } | ClaimKind::ForeignEnvValue { object, .. } | ClaimKind::ForeignEnvDefinition { object, included: true, .. } = &claim.kind {
            if !objects.contains(object) {
                objects.push(*object);
            }
        }
    }
    let mut out = Vec::new();
    for object in objects {
        let mut finding = Finding::new(CLASS, PRIOR);
        finding.subject = Some(object);
        let mut foreign: Vec<(&str, &str)> = Vec::new();
        for claim in claims.all() {
            match &claim.kind {
                ClaimKind::ForeignEnvValue { object: o, key, value, .. } if *o == object => {
                    finding.support(claim.id, FOREIGN_VALUE);
                    foreign.push((key, value));
                }
                ClaimKind::DuplicateIdentity { object: o, .. } if *o == object => finding.support(claim.id, DUPLICATE),
                ClaimKind::ForeignEnvDefinition { object: o, included, .. } if *o == object => finding.support(claim.id, if *included { FOREIGN_INCLUDED } else { FOREIGN_DEFINITION }),
                ClaimKind::LaterDefinitionWins { object: o, foreign: true, .. } if *o == object => finding.support(claim.id, LATER_WINS),
                ClaimKind::LaterDefinitionWins { object: o, foreign: false, .. } if *o == object => {
                    finding.contradict(claim.id, LATER_IS_PRODUCTION)
                }
                ClaimKind::ConfigChanged { object: o, .. } if *o == object => finding.support(claim.id, CHANGED),
                ClaimKind::ChangeBefore { .. } if claim.subject == Some(object) => finding.support(claim.id, CHANGE_BEFORE),
                _ => {}
            }
        }
        // A run that says it connected to the value the *other* definition holds argues
        // that the foreign value is not what is live.
        for claim in claims.matching(|k| matches!(k, ClaimKind::ConnectedTo { .. })) {
            let ClaimKind::ConnectedTo { target } = &claim.kind else { continue };
            let names_foreign = foreign.iter().any(|(_, v)| contains_token(target, v));
            let names_other = foreign.iter().any(|(key, v)| {
                other_values(kb, object, key).iter().any(|other| other != v && contains_token(target, other))
            });
            if names_other && !names_foreign {
                finding.contradict(claim.id, CONNECTED_ELSEWHERE);
            }
        }
        finding.wording = words(kb, claims, &finding, object);
        out.push(finding);
    }
    out
}

/// Values of `key` in the object's other definitions.
fn other_values(kb: &Kb<'_>, object: EntityId, key: &str) -> Vec<String> {
    kb.about(object, Predicate::ConfigValue)
        .filter_map(|f| f.value.as_pair())
        .filter(|(k, _)| *k == key)
        .map(|(_, v)| v.to_string())
        .collect()
}

/// `value` appears in `text` as a whole token (`/orders` yes, `/orders_staging` no).
fn contains_token(text: &str, value: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
    text.match_indices(value).any(|(at, _)| boundary(text[..at].chars().next_back()) && boundary(text[at + value.len()..].chars().next()))
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, object: EntityId) -> Wording {
    let entity = kb.entity(object);
    let kind = kind_title(&entity.kind);
    let ns = ns_flag(kb, Some(object));
    let supporting = finding.supporting(claims);
    let foreign = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::ForeignEnvValue { key, value, env, .. } => Some((key.clone(), value.clone(), *env)),
        _ => None,
    });
    // Files only: a definition read from a command (`kubectl get …`) is the live copy.
    let mut paths: Vec<String> = Vec::new();
    // A file grepped twice (its name line, then a value line) is still one file.
    for path in kb.about(object, Predicate::DefinedIn).filter_map(|f| f.value.as_text().filter(|p| !p.contains(' '))) {
        if !paths.iter().any(|p| p == path) {
            paths.push(path.to_string());
        }
    }
    // The definition holding the foreign value, and the others (production's).
    let foreign_path = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::ForeignEnvValue { .. } => c.rests_on.first().and_then(|f| kb.ingest.artifacts[kb.fact(*f).artifact.0 as usize].path.clone()),
        ClaimKind::ForeignEnvDefinition { path, .. } => Some(path.clone()),
        _ => None,
    });
    let foreign_file = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::ForeignEnvDefinition { path, env, .. } => Some((path.clone(), *env)),
        _ => None,
    });
    let title = match (&foreign, &foreign_file) {
        (Some((key, value, env)), _) => format!("{kind} {} points at {env}: `{key}: {value}`", entity.name),
        (None, Some((path, env))) => format!("{kind} {} is applied from the {env} file {path} too", entity.name),
        (None, None) => format!("{kind} {} is defined twice with different values", entity.name),
    };
    let mut story = Vec::new();
    if paths.len() >= 2 {
        story.push(format!("{} files define the same {kind} {}: {}", paths.len(), entity.name, paths.join(" and ")));
    }
    if let Some((key, value, env)) = &foreign {
        story.push(format!("the one that won sets {key}={value}, a {env} value"));
    } else if let Some(claim) = supporting.iter().find(|c| matches!(c.kind, ClaimKind::ForeignEnvDefinition { .. })) {
        story.extend(supporting.iter().find(|c| matches!(c.kind, ClaimKind::DuplicateIdentity { .. })).map(|c| c.statement.clone()));
        story.push(claim.statement.clone());
    }
    if let Some(change) = supporting.iter().find(|c| matches!(c.kind, ClaimKind::ChangeBefore { .. })) {
        story.push(change.statement.clone());
    } else if let Some(change) = supporting.iter().find(|c| matches!(c.kind, ClaimKind::ConfigChanged { .. })) {
        story.push(change.statement.clone());
    }
    if !finding.contradicts.is_empty() {
        story.push("but a run's log names the production value — check the live object to settle which definition is in effect".into());
    }
    let summary = format!("{}.", capitalise(&story.join("; ")));
    let prod_path = paths.iter().find(|p| foreign_path.as_ref().is_some_and(|f| f != *p)).cloned();
    let kubectl_kind = entity.kind.kubectl_name();
    let fixes = vec![
        format!(
            "Now: put the production values back on the live object (`kubectl {ns}apply -f {}`), restart or re-run what reads it, and re-run the affected jobs for the broken dates.",
            prod_path.as_deref().unwrap_or("<the production manifest>")
        ),
        format!(
            "Lasting: give each environment its own copy under its own overlay or namespace (kustomize overlays), remove {} from the production set, and fail CI when two manifests share kind/namespace/name.",
            foreign_path.as_deref().unwrap_or("the other environment's file")
        ),
    ];
    let live_pasted = kb.about(object, Predicate::DefinedIn).any(|f| f.value.as_text().is_some_and(|t| t.starts_with("kubectl")));
    let settles = match &foreign {
        Some((key, value, _)) => format!("  # which {key} is live: settles whether {value} is in effect"),
        None => "  # which definition is live".to_string(),
    };
    let mut checks = vec![Check::new(
        format!("kubectl {ns}get {kubectl_kind} {} -o yaml{settles}", entity.name),
        FOREIGN_VALUE + CONNECTED_ELSEWHERE,
        !live_pasted,
    )];
    checks.push(Check::new(
        format!("kubectl {ns}get events --field-selector involvedObject.name={} --sort-by=.lastTimestamp", entity.name),
        CHANGED,
        kb.about(object, Predicate::Changed).next().is_none(),
    ));
    if let Some((key, _, _)) = &foreign {
        checks.push(Check::new(
            format!("kubectl {ns}get pods -o jsonpath='{{range .items[*]}}{{.metadata.name}}{{\"\\t\"}}{{.spec.containers[*].envFrom}}{{\"\\n\"}}{{end}}'  # which pods read {} (and {key})", entity.name),
            CHANGE_BEFORE * 0.5,
            true,
        ));
    }
    Wording { title, summary, fixes, checks }
}

#[cfg(test)]
mod tests {
    use super::contains_token;

    #[test]
    fn tokens_do_not_match_inside_longer_names() {
        assert!(contains_token("orders-db:5432/orders", "orders"));
        assert!(!contains_token("orders-db:5432/orders_staging", "orders"));
    }
}
