//! Claim derivation: one module per family of claims, run in a fixed order (later families
//! may read earlier claims, e.g. "a change before a cliff").

pub mod behaviour;
pub mod capacity;
pub mod certs;
pub mod config;
pub mod gitops;
pub mod images;
pub mod network;
pub mod pods;
pub mod policy;
pub mod rotation;
pub mod schedules;
pub mod series;
pub mod text;

use super::claim::Claims;
use super::kb::Kb;

pub fn derive(kb: &Kb<'_>) -> Claims {
    let mut claims = Claims::default();
    images::derive(kb, &mut claims);
    gitops::derive(kb, &mut claims);
    config::derive(kb, &mut claims);
    series::derive(kb, &mut claims);
    behaviour::derive(kb, &mut claims);
    pods::derive(kb, &mut claims);
    rotation::derive(kb, &mut claims);
    schedules::derive(kb, &mut claims);
    capacity::derive(kb, &mut claims);
    network::derive(kb, &mut claims);
    policy::derive(kb, &mut claims);
    certs::derive(kb, &mut claims);
    claims
}

/// Derives the claims of a paste and hands them, with its knowledge base, to `read`: how the
/// rules' tests look at what a paste yields.
#[cfg(test)]
pub(crate) fn with_claims<T>(paste: &str, read: impl FnOnce(&Kb<'_>, &Claims) -> T) -> T {
    let ingest = crate::ingest(paste);
    let kb = Kb::new(paste, &ingest);
    read(&kb, &derive(&kb))
}
