//! `gitops-drift`: an imperative change to a resource a GitOps controller owns, or live
//! state that differs from git.
//!
//! What it finds: rollout change-causes such as `kubectl apply`/`edit`/`scale`/`set image`,
//! objects changed by hand, Argo CD/Flux reporting OutOfSync or drift.
//! Why it matters: the next sync silently reverts the change (or the controller fights it),
//! and git no longer describes what runs.

use crate::fact::{EntityId, EntityKind, Predicate};
use crate::infer::derive::images::name_words;
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::finding::{Check, Finding, Wording};
use crate::infer::kb::Kb;
use crate::infer::words::ns_flag;

pub const CLASS: &str = "gitops-drift";

/// Hand changes are common; drift that matters less so.
const PRIOR: f64 = -2.0;
/// A change made by hand while a GitOps controller manages the namespace.
const MANUAL_UNDER_GITOPS: f64 = 1.6;
/// A hand change to an object whose own history shows the controller writing it: the
/// object git describes was changed past the controller, not merely one in its namespace.
const MANUAL_OVER_CONTROLLER: f64 = 2.6;
/// A change made by hand with no GitOps controller in view.
const MANUAL_ALONE: f64 = 0.6;
/// The controller itself reports drift.
const OUT_OF_SYNC: f64 = 2.2;

pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let gitops = gitops_app(kb);
    let mut finding = Finding::new(CLASS, PRIOR);
    for claim in claims.all() {
        match &claim.kind {
            ClaimKind::ManualChange { object, over_controller, .. } => {
                let weight = match (over_controller, gitops.is_some()) {
                    (true, _) => MANUAL_OVER_CONTROLLER,
                    (false, true) => MANUAL_UNDER_GITOPS,
                    (false, false) => MANUAL_ALONE,
                };
                finding.support(claim.id, weight);
                finding.subject = finding.subject.or(Some(*object));
            }
            ClaimKind::OutOfSync { .. } => finding.support(claim.id, OUT_OF_SYNC),
            _ => {}
        }
    }
    if finding.supports.is_empty() {
        return Vec::new();
    }
    // Of several apps in view, the one named like the changed object's namespace or name.
    let gitops = finding.subject.and_then(|s| app_named_like(kb, s)).or(gitops);
    finding.wording = words(kb, claims, &finding, gitops);
    vec![finding]
}

/// The GitOps app in view: one with a sync status, or any Argo CD/Flux app entity.
fn gitops_app(kb: &Kb<'_>) -> Option<String> {
    kb.with(Predicate::SyncStatus)
        .chain(kb.with(Predicate::SyncRevision))
        .chain(kb.with(Predicate::SyncChanged))
        .map(|f| kb.entity(f.subject))
        .find(|e| e.kind == EntityKind::GitOpsApp)
        .map(|e| e.name.clone())
}

/// The command that shows how live state differs from what the app's source declares, in
/// the tool that manages it: a Terraform resource address (`module.x.aws_ecs_service.this`;
/// Argo CD and Flux names are DNS labels, without `_`) gets `terraform plan`, a Flux
/// Kustomization (an app whose status a `flux` command printed) `flux diff`, a Flux
/// HelmRelease its live values, any other `argocd app diff`.
fn diff_command(kb: &Kb<'_>, app: &str) -> String {
    if app.contains('_') || app.starts_with("module.") {
        return format!("terraform plan -target='{app}'");
    }
    let flux_commands: Vec<&crate::command::Command> = kb
        .facts()
        .all()
        .iter()
        .filter(|f| kb.entity(f.subject).kind == EntityKind::GitOpsApp && kb.entity(f.subject).name == app)
        .filter_map(|f| kb.ingest.artifacts[f.artifact.0 as usize].command.as_ref())
        .filter(|c| c.program == "flux")
        .collect();
    let helm_release = flux_commands.iter().any(|c| c.positionals().iter().any(|w| matches!(*w, "helmrelease" | "helmreleases" | "hr")));
    if helm_release {
        // `flux diff` compares Kustomizations only; a release's live values against git's.
        format!("helm get values {app} --all  # against the HelmRelease's values in git")
    } else if !flux_commands.is_empty() {
        format!("flux diff kustomization {app} --path <path of its manifests in git>")
    } else {
        format!("argocd app diff {app}")
    }
}

/// A GitOps app in view whose name shares a word with the object's namespace or name
/// (`maps-apps` for a Deployment in `maps`).
fn app_named_like(kb: &Kb<'_>, object: EntityId) -> Option<String> {
    let object = kb.entity(object);
    let words: Vec<String> = name_words(&object.name).into_iter().chain(object.namespace.as_deref().map(name_words).unwrap_or_default()).collect();
    kb.facts()
        .entities()
        .iter()
        .filter(|e| e.kind == EntityKind::GitOpsApp)
        .find(|app| name_words(&app.name).iter().any(|w| words.contains(w)))
        .map(|app| app.name.clone())
}

fn words(kb: &Kb<'_>, claims: &Claims, finding: &Finding, gitops: Option<String>) -> Wording {
    let supporting = finding.supporting(claims);
    let object = finding.subject.map(|s| kb.entity(s));
    let object_ref = object.map(|o| format!("{}/{}", o.kind.kubectl_name(), o.name)).unwrap_or_else(|| "the resource".into());
    let ns = ns_flag(kb, finding.subject);
    let how = supporting.iter().find_map(|c| match &c.kind {
        ClaimKind::ManualChange { how, .. } => Some(how.clone()),
        _ => None,
    });
    let title = match (&how, &gitops) {
        (Some(how), Some(app)) => format!("{object_ref} was changed by hand (`{how}`) although {app} manages it"),
        (Some(how), None) => format!("{object_ref} was changed by hand (`{how}`)"),
        (None, _) => "Live state differs from git".to_string(),
    };
    let summary = format!("{}.", supporting.iter().map(|c| c.statement.clone()).collect::<Vec<_>>().join("; "));
    // Worked out once: it walks the app's facts.
    let diff = gitops.as_deref().map(|app| diff_command(kb, app));
    let fixes = vec![
        format!("Now: compare live and git before the next sync reverts or keeps the hand change{}.", diff.as_ref().map(|d| format!(" (`{d}`)")).unwrap_or_default()),
        "Lasting: make changes only through git; enable self-heal/prune on the GitOps app so hand edits are reverted visibly, and restrict `kubectl apply/edit` on managed namespaces to break-glass roles.".to_string(),
    ];
    let mut checks = Vec::new();
    if let Some(diff) = diff {
        checks.push(Check::new(diff, OUT_OF_SYNC, !supporting.iter().any(|c| matches!(c.kind, ClaimKind::OutOfSync { .. }))));
    }
    if let Some(o) = object {
        checks.push(Check::new(format!("kubectl {ns}rollout history {} {}", o.kind.kubectl_name(), o.name), MANUAL_UNDER_GITOPS * 0.3, false));
        checks.push(Check::new(
            format!("kubectl {ns}get {} {} -o jsonpath='{{.metadata.managedFields[*].manager}}'", o.kind.kubectl_name(), o.name),
            MANUAL_UNDER_GITOPS * 0.5,
            true,
        ));
    }
    Wording { title, summary, fixes, checks }
}

#[cfg(test)]
mod tests {
    use super::CLASS;
    use crate::infer::detect::confidence_of;

    /// An argocd-notifications OutOfSync line, then `argocd app get` printing `status`.
    fn paste(status: &str) -> String {
        format!(
            "## Alerts overnight\n2025-01-15T04:11:58Z INFO argocd-notifications [route-prod] Application OutOfSync\n\n\
$ argocd app get route-prod\nName: argocd/route-prod\nSync Status: {status} to main (b7e40d9)\nHealth Status: Healthy\n"
        )
    }

    #[test]
    fn an_app_back_in_sync_after_its_out_of_sync_alert_has_not_drifted() {
        let still = confidence_of(&paste("OutOfSync"), CLASS).unwrap_or(0.0);
        let caught_up = confidence_of(&paste("Synced"), CLASS).unwrap_or(0.0);
        assert!(still >= 0.5, "{still}");
        assert!(caught_up < 0.5, "{caught_up}");
    }
}
