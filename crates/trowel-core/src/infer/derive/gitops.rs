//! Claims about GitOps and rollouts: syncs that changed nothing after a push, imperative
//! changes to objects a controller owns, apps that report drift.

use crate::fact::{EntityKind, Fact, Predicate};
use crate::infer::claim::{ClaimKind, Claims};
use crate::infer::kb::Kb;

pub fn derive(kb: &Kb<'_>, claims: &mut Claims) {
    noop_syncs(kb, claims);
    manual_changes(kb, claims);
    out_of_sync(kb, claims);
}

fn noop_syncs(kb: &Kb<'_>, claims: &mut Claims) {
    let last_push = kb.with(Predicate::Pushed).filter(|f| f.time.is_some()).max_by_key(|f| f.time);
    for fact in kb.with(Predicate::SyncChanged) {
        if fact.value.as_number() != Some(0.0) {
            continue;
        }
        let app = kb.entity(fact.subject).name.clone();
        let after = match (last_push.and_then(|p| p.time), fact.time) {
            (Some(push), Some(sync)) if sync >= push => Some(push.seconds_until(sync)),
            _ => None,
        };
        let when = fact.time.map(|t| format!(" at {t}")).unwrap_or_default();
        let statement = match after {
            Some(seconds) => format!("{app} synced{when}, {} after the image push, and changed 0 resources: git did not change, so nothing rolled out", human_duration(seconds)),
            None => format!("{app} synced{when} and changed 0 resources"),
        };
        let mut rests_on = vec![fact.id];
        rests_on.extend(kb.about(fact.subject, Predicate::SyncUnchanged).map(|f| f.id));
        if after.is_some() {
            rests_on.extend(last_push.map(|p| p.id));
        }
        claims.add(ClaimKind::NoopSync { app, seconds_after_push: after }, statement, rests_on, Some(fact.subject), fact.time);
    }
}

/// Change causes and changes recorded as made by hand with kubectl.
fn manual_changes(kb: &Kb<'_>, claims: &mut Claims) {
    for fact in kb.with(Predicate::RolloutRevision) {
        let Some((revision, cause)) = fact.value.as_pair() else { continue };
        let Some(how) = imperative(cause) else { continue };
        let object = kb.entity(fact.subject);
        let statement = format!(
            "revision {revision} of {} {} was made by hand (`{cause}`), not by the GitOps controller",
            object.kind.kubectl_name(),
            object.name
        );
        claims.add(ClaimKind::ManualChange { object: fact.subject, how: how.to_string(), over_controller: false }, statement, vec![fact.id], Some(fact.subject), change_time(cause).or(fact.time));
    }
    helm_upgrades_over_controller(kb, claims);
    let automation = automated_sources(kb);
    for fact in kb.with(Predicate::Changed) {
        let Some(verb) = fact.value.as_text() else { continue };
        let quote = kb.quote(fact);
        if !(quote.contains("kubectl") || matches!(verb, "edited" | "scaled" | "patched" | "image updated")) {
            continue;
        }
        // A restart re-runs the same spec: nothing git describes changed.
        if verb == "restarted" {
            continue;
        }
        let object = kb.entity(fact.subject);
        if matches!(object.kind, EntityKind::ConfigMap | EntityKind::Secret) && !quote.contains("kubectl") {
            continue;
        }
        // Imperative changes bypass git whoever makes them; say who when a pipeline did.
        let by = match automation.iter().find(|(span, _)| *span == fact.span) {
            Some((_, "logs")) => "imperatively by a pipeline".to_string(),
            Some((_, pipeline)) => format!("imperatively by the pipeline {pipeline}"),
            None => "by hand".to_string(),
        };
        let statement = format!("{} {} was {verb} {by}, outside git", object.kind.kubectl_name(), object.name);
        claims.add(ClaimKind::ManualChange { object: fact.subject, how: verb.to_string(), over_controller: false }, statement, vec![fact.id], Some(fact.subject), fact.time);
    }
}

/// A Helm release a GitOps controller upgrades carries the controller's description on
/// each revision (Flux's helm-controller: `Helm upgrade succeeded for release shop/web.v40
/// with chart …`); a later revision with the helm CLI's own description (`Upgrade complete`)
/// was made by someone running `helm upgrade` past the controller.
fn helm_upgrades_over_controller(kb: &Kb<'_>, claims: &mut Claims) {
    const CONTROLLER: &[&str] = &["Helm upgrade succeeded for release", "Helm install succeeded for release", "Helm rollback succeeded for release"];
    const CLI: &[&str] = &["Upgrade complete", "Install complete", "Rollback to "];
    let revisions: Vec<(&Fact, &str)> = kb
        .with(Predicate::RolloutRevision)
        .filter(|f| kb.entity(f.subject).kind == EntityKind::HelmRelease)
        .filter_map(|f| f.value.as_pair().map(|(_, cause)| (f, cause)))
        .collect();
    let mut releases = Vec::new();
    for (fact, _) in &revisions {
        if !releases.contains(&fact.subject) {
            releases.push(fact.subject);
        }
    }
    for release in releases {
        let history: Vec<_> = revisions.iter().filter(|(f, _)| f.subject == release).collect();
        let Some(first_by_controller) = history.iter().position(|(_, cause)| CONTROLLER.iter().any(|p| crate::ascii::starts_with_ci(cause, p))) else { continue };
        let by_hand: Vec<&Fact> = history[first_by_controller..]
            .iter()
            .filter(|(_, cause)| CLI.iter().any(|p| crate::ascii::starts_with_ci(cause, p)))
            .map(|(f, _)| *f)
            .collect();
        let Some(first) = by_hand.first() else { continue };
        let revision_list = by_hand.iter().filter_map(|f| f.value.as_pair().map(|(r, _)| r.to_string())).collect::<Vec<_>>().join(", ");
        let statement = format!(
            "revision(s) {revision_list} of Helm release {} carry the helm CLI's description, not the GitOps controller's that wrote the earlier ones: someone ran `helm upgrade` by hand",
            kb.entity(release).name
        );
        let how = "helm upgrade".to_string();
        claims.add(ClaimKind::ManualChange { object: release, how, over_controller: true }, statement, by_hand.iter().map(|f| f.id).collect(), Some(release), first.time);
    }
}

/// Log lines written by pipelines (sources that pushed images, or pipeline entities), with
/// the pipeline's name.
fn automated_sources<'a>(kb: &Kb<'a>) -> Vec<(crate::span::Span, &'a str)> {
    let pipelines: Vec<&str> = kb.with(Predicate::Pushed).map(|f| kb.entity(f.subject).name.as_str()).collect();
    kb.with(Predicate::Log)
        .filter_map(|f| {
            let source = kb.entity(f.subject);
            (source.kind == EntityKind::Pipeline || pipelines.contains(&source.name.as_str())).then_some((f.span, source.name.as_str()))
        })
        .collect()
}

/// The imperative verb of a change cause such as `kubectl apply (…)` or
/// `kubectl set image deployment/x app=y:2`.
fn imperative(cause: &str) -> Option<&'static str> {
    let lower = cause.to_ascii_lowercase();
    let at = lower.find("kubectl ")?;
    let rest = &lower[at + 8..];
    Some(match rest.split_whitespace().next()? {
        "apply" => "kubectl apply",
        "edit" => "kubectl edit",
        "scale" => "kubectl scale",
        "set" => "kubectl set",
        "patch" => "kubectl patch",
        "replace" => "kubectl replace",
        "rollout" => "kubectl rollout",
        "create" => "kubectl create",
        "annotate" | "label" => "kubectl annotate/label",
        _ => "kubectl",
    })
}

fn change_time(cause: &str) -> Option<crate::time::Timestamp> {
    crate::time::find_iso(cause).map(|(_, parsed)| parsed.time)
}

fn out_of_sync(kb: &Kb<'_>, claims: &mut Claims) {
    let drifted = |fact: &Fact| fact.value.as_text().is_some_and(|s| {
        let lower = s.to_ascii_lowercase();
        lower.contains("outofsync") || lower.contains("out of sync") || lower.contains("drift")
    });
    for fact in kb.with(Predicate::SyncStatus) {
        let Some(status) = fact.value.as_text() else { continue };
        if !drifted(fact) {
            continue;
        }
        // When the last status of the same app printed after it (and not stamped earlier) is
        // in sync again, a bare OutOfSync is over: the app caught up.
        // A controller's "drift detected" names a change to live state, which stays evidence.
        let named_drift = crate::ascii::contains_ci(kb.quote(fact), "drift");
        let last_after = kb
            .with(Predicate::SyncStatus)
            .filter(|later| later.subject == fact.subject && later.span.start > fact.span.start)
            .filter(|later| !matches!((fact.time, later.time), (Some(a), Some(b)) if b < a))
            .last();
        let caught_up = !named_drift && last_after.is_some_and(|last| last.value.as_text().is_some_and(|s| s.eq_ignore_ascii_case("synced")));
        if caught_up {
            continue;
        }
        let app = kb.entity(fact.subject).name.clone();
        let statement = format!("{app} reports {status}: live state differs from git");
        claims.add(ClaimKind::OutOfSync { app }, statement, vec![fact.id], Some(fact.subject), fact.time);
    }
    if let Some(fact) = kb.with(Predicate::Status).find(|f| {
        kb.entity(f.subject).kind == EntityKind::GitOpsApp && f.value.as_text().is_some_and(|s| s.to_ascii_lowercase().contains("drift"))
    }) {
        let app = kb.entity(fact.subject).name.clone();
        let statement = format!("{app} reports drift between the cluster and git");
        claims.add(ClaimKind::OutOfSync { app }, statement, vec![fact.id], Some(fact.subject), fact.time);
    }
}

/// `6 s`, `4 min`, `3.5 h`, `2 d`: durations as a person would say them.
pub fn human_duration(seconds: f64) -> String {
    let s = seconds.abs();
    if s < 120.0 {
        format!("{} s", s.round())
    } else if s < 7200.0 {
        format!("{} min", (s / 60.0).round())
    } else if s < 172_800.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} d", s / 86400.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manual_changes_of(paste: &str) -> Vec<(String, bool)> {
        crate::infer::derive::with_claims(paste, |_, claims| {
            claims
                .all()
                .iter()
                .filter_map(|c| match &c.kind {
                    ClaimKind::ManualChange { how, over_controller, .. } => Some((how.clone(), *over_controller)),
                    _ => None,
                })
                .collect()
        })
    }

    const CONTROLLER_THEN_CLI: &str = "$ helm history web -n shop\nREVISION UPDATED STATUS CHART APP VERSION DESCRIPTION\n7 Thu Feb 27 15:20:19 2025 superseded web-1.2.0 1.2.0 Helm upgrade succeeded for release shop/web.v7 with chart web@1.2.0\n8 Sat Mar 1 23:47:36 2025 deployed web-1.2.0 1.2.0 Upgrade complete\n";

    #[test]
    fn a_cli_revision_after_controller_revisions_is_a_helm_upgrade_by_hand() {
        assert_eq!(manual_changes_of(CONTROLLER_THEN_CLI), [("helm upgrade".to_string(), true)]);
    }

    #[test]
    fn a_release_only_the_cli_ever_upgraded_is_no_hand_change_past_a_controller() {
        let paste = CONTROLLER_THEN_CLI.replace("Helm upgrade succeeded for release shop/web.v7 with chart web@1.2.0", "Upgrade complete");
        assert!(manual_changes_of(&paste).is_empty());
    }
}
