//! Kubernetes naming conventions that reveal ownership: a pod's name carries its
//! ReplicaSet's template hash (and so its Deployment), a Job's name carries the CronJob's
//! scheduled time, a StatefulSet pod ends in its ordinal.

use crate::fact::EntityKind;

/// An owner read from a name: its kind and name, and that owner's own owner if the name
/// shows one (ReplicaSet → Deployment, Job → CronJob).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub kind: EntityKind,
    pub name: String,
    pub parent: Option<(EntityKind, String)>,
}

/// The owner a pod name implies, if its shape is one Kubernetes generates.
pub fn pod_owner(pod: &str) -> Option<Owner> {
    let (rest, suffix) = pod.rsplit_once('-')?;
    // `web-2` is a StatefulSet's pod; `kube-apiserver-ip-10-0-1-10` is a static pod named
    // after its node, whose name ends in an address, not an ordinal.
    let after_number = rest.rsplit('-').next().is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()));
    if suffix.chars().all(|c| c.is_ascii_digit()) && !suffix.is_empty() && suffix.len() <= 4 && !after_number {
        return Some(Owner { kind: EntityKind::StatefulSet, name: rest.to_string(), parent: None });
    }
    if suffix.len() != 5 || !is_generated(suffix) {
        return None;
    }
    let (base, hash) = rest.rsplit_once('-')?;
    if base.is_empty() {
        return None;
    }
    if hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_digit()) {
        // CronJob jobs are named `<cronjob>-<scheduled minutes since epoch>`.
        return Some(Owner { kind: EntityKind::Job, name: rest.to_string(), parent: Some((EntityKind::CronJob, base.to_string())) });
    }
    if (6..=10).contains(&hash.len()) && is_generated(hash) && hash.chars().any(|c| c.is_ascii_digit()) {
        return Some(Owner {
            kind: EntityKind::ReplicaSet,
            name: rest.to_string(),
            parent: Some((EntityKind::Deployment, base.to_string())),
        });
    }
    None
}

/// The CronJob a Job name implies (`<cronjob>-<8+ digits>`).
pub fn job_owner(job: &str) -> Option<String> {
    let (base, stamp) = job.rsplit_once('-')?;
    (stamp.len() >= 8 && stamp.chars().all(|c| c.is_ascii_digit()) && !base.is_empty()).then(|| base.to_string())
}

/// When the CronJob controller scheduled a Job, from its name `<cronjob>-<minutes since the
/// epoch>` (UTC minutes). Names people give jobs by hand (`-manual`, `-1`) have no such stamp.
pub fn job_scheduled_minute(job: &str) -> Option<i64> {
    job_owner(job)?;
    job.rsplit_once('-')?.1.parse().ok()
}

/// The Deployment a ReplicaSet name implies (`<deployment>-<pod-template-hash>`).
pub fn replicaset_owner(replicaset: &str) -> Option<String> {
    let (base, hash) = replicaset.rsplit_once('-')?;
    let generated = (6..=10).contains(&hash.len()) && is_generated(hash) && hash.chars().any(|c| c.is_ascii_digit());
    (generated && !base.is_empty()).then(|| base.to_string())
}

/// The service a Knative (Cloud Run) revision name implies: Knative names each revision
/// `<service>-<5-digit generation>-<3 generated letters>` (`checkout-00042-kuv`).
pub fn knative_revision_service(revision: &str) -> Option<&str> {
    let (rest, suffix) = revision.rsplit_once('-')?;
    let (service, generation) = rest.rsplit_once('-')?;
    let generated = suffix.len() == 3 && suffix.bytes().all(|b| b.is_ascii_lowercase());
    let counted = generation.len() == 5 && generation.bytes().all(|b| b.is_ascii_digit());
    (generated && counted && !service.is_empty()).then_some(service)
}

/// The name the runs of one scheduled job share, when a run's name carries its run stamp:
/// Spark-on-Kubernetes and Airflow name each run's driver or pod after the run's date
/// (`cdr-rating-20250609-0300-driver`, `etl-1718000000000-driver`), so no owner links the
/// nights. Stamps are dash-separated words of 8 or more digits (a date, epoch seconds or
/// minutes) and a 4-digit time of day right after one; `None` when the name has no stamp.
pub fn run_family(name: &str) -> Option<String> {
    let digits = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    let mut kept: Vec<&str> = Vec::new();
    let mut after_stamp = false;
    let mut stamped = false;
    for word in name.split('-') {
        let stamp = digits(word) && (word.len() >= 8 || after_stamp && word.len() == 4);
        if !stamp {
            kept.push(word);
        }
        after_stamp = stamp && word.len() >= 8;
        stamped |= stamp;
    }
    (stamped && kept.iter().any(|w| !w.is_empty())).then(|| kept.join("-"))
}

fn is_generated(part: &str) -> bool {
    part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knative_revisions_name_their_service() {
        assert_eq!(knative_revision_service("checkout-api-00318-xuv"), Some("checkout-api"));
        assert_eq!(knative_revision_service("checkout-api-7d9f8c6b5-x2k4q"), None);
        assert_eq!(knative_revision_service("00318-xuv"), None);
    }

    #[test]
    fn pods_name_their_owners() {
        let owner = pod_owner("checkout-api-7d9f8c6b5-x2k4q").unwrap();
        assert_eq!((owner.kind, owner.name.as_str()), (EntityKind::ReplicaSet, "checkout-api-7d9f8c6b5"));
        assert_eq!(owner.parent, Some((EntityKind::Deployment, "checkout-api".into())));
        let owner = pod_owner("nightly-export-29001234-abcde").unwrap();
        assert_eq!(owner.parent, Some((EntityKind::CronJob, "nightly-export".into())));
        assert_eq!(pod_owner("kafka-2").unwrap().kind, EntityKind::StatefulSet);
        assert_eq!(pod_owner("standalone"), None);
        assert_eq!(pod_owner("kube-controller-manager-ip-10-0-1-10"), None);
        assert_eq!(pod_owner("web-server-proxy"), None);
        assert_eq!(job_owner("nightly-export-29001234").as_deref(), Some("nightly-export"));
        assert_eq!(replicaset_owner("checkout-api-7d9f8c6b5").as_deref(), Some("checkout-api"));
        assert_eq!(replicaset_owner("checkout-api"), None);
    }

    #[test]
    fn runs_named_by_their_date_share_a_family() {
        assert_eq!(run_family("cdr-rating-20250609-0300-driver").as_deref(), Some("cdr-rating-driver"));
        assert_eq!(run_family("etl-1718000000000-driver").as_deref(), Some("etl-driver"));
        assert_eq!(run_family("web-0"), None);
        assert_eq!(run_family("api-v2-8080"), None);
    }
}
