//! Detectors: one module per failure class of the catalog, registered in [`DETECTORS`].
//! Each is a small function from facts and claims to findings; adding a class is one new
//! file, its fixtures, and one line here.

use super::claim::Claims;
use super::finding::Finding;
use super::kb::Kb;

mod capacity_saturation;
mod certificate_expired;
mod config_crossover;
mod crashloop_config_error;
mod cron_not_running;
mod gitops_drift;
mod image_pull_error;
mod missing_feature_flag;
mod oom_killed;
mod probe_misconfigured;
mod network_policy_block;
mod service_selector_mismatch;
mod silent_data_drop;
mod stale_secret_not_reloaded;
mod stale_image_mutable_tag;
mod unschedulable;

/// A detector: the class it reports and the function that looks for it.
pub struct Detector {
    pub class: &'static str,
    pub detect: fn(&Kb<'_>, &Claims) -> Vec<Finding>,
}

/// Every detector, in catalog order.
pub const DETECTORS: &[Detector] = &[
    Detector { class: stale_image_mutable_tag::CLASS, detect: stale_image_mutable_tag::detect },
    Detector { class: config_crossover::CLASS, detect: config_crossover::detect },
    Detector { class: silent_data_drop::CLASS, detect: silent_data_drop::detect },
    Detector { class: missing_feature_flag::CLASS, detect: missing_feature_flag::detect },
    Detector { class: gitops_drift::CLASS, detect: gitops_drift::detect },
    Detector { class: crashloop_config_error::CLASS, detect: crashloop_config_error::detect },
    Detector { class: oom_killed::CLASS, detect: oom_killed::detect },
    Detector { class: image_pull_error::CLASS, detect: image_pull_error::detect },
    Detector { class: probe_misconfigured::CLASS, detect: probe_misconfigured::detect },
    Detector { class: unschedulable::CLASS, detect: unschedulable::detect },
    Detector { class: stale_secret_not_reloaded::CLASS, detect: stale_secret_not_reloaded::detect },
    Detector { class: cron_not_running::CLASS, detect: cron_not_running::detect },
    Detector { class: capacity_saturation::CLASS, detect: capacity_saturation::detect },
    Detector { class: service_selector_mismatch::CLASS, detect: service_selector_mismatch::detect },
    Detector { class: certificate_expired::CLASS, detect: certificate_expired::detect },
    Detector { class: network_policy_block::CLASS, detect: network_policy_block::detect },
];

/// Runs every detector; findings about a workload on Nomad, ECS or Cloud Run get that
/// platform's commands ([`super::platform`]).
pub fn detect(kb: &Kb<'_>, claims: &Claims) -> Vec<Finding> {
    let mut findings: Vec<Finding> = DETECTORS.iter().flat_map(|d| (d.detect)(kb, claims)).collect();
    for finding in &mut findings {
        super::platform::adapt(kb, finding);
    }
    findings
}

/// The confidence the report gives `class` for a paste, for detector tests.
#[cfg(test)]
pub(crate) fn confidence_of(paste: &str, class: &str) -> Option<f64> {
    crate::analyze(paste).diagnoses.into_iter().find(|d| d.class == class).map(|d| d.confidence)
}
