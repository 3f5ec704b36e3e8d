//! Trowel's analysis core: from a pasted blob of ops text to a diagnosis with evidence.
//!
//! ```text
//! paste ─ segment → artifacts ─ parse → facts ─ derive → claims ─ detect → findings ─ rank → report
//! ```
//! Every stage is a pure function of the one before. The core does no IO, reads no clock and
//! keeps no global state: the same paste always gives a byte-identical report.
//!
//! ```
//! let paste = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d\n";
//! let ingest = trowel_core::ingest(paste);
//! assert_eq!(ingest.artifacts[0].kind.name(), "table");
//! ```
#![forbid(unsafe_code)]

pub mod artifact;
pub mod ascii;
pub mod blank;
pub mod command;
pub mod cron;
pub mod detect;
pub mod entity_map;
pub mod extract;
pub mod grep;
pub mod fact;
pub mod frames;
#[doc(hidden)]
pub mod fuzzing;
pub mod hash;
pub mod image;
pub mod infer;
pub mod ingest;
pub mod limits;
pub mod lines;
pub mod names;
pub mod number;
mod oddities;
mod parse;
pub mod redact;
pub mod report;
pub mod runner_log;
pub mod segment;
pub mod sort;
pub mod span;
pub mod time;
pub mod quotes;
pub mod quoted_printable;
pub mod terminal;
pub mod wrapped;
#[cfg(test)]
mod test_support;
pub mod tree;

pub use ingest::{ingest, Ingest};

/// Analyses a paste: what the system is, what is broken and why, what to do.
pub fn analyze(paste: &str) -> report::Report {
    infer::report(paste, &ingest(paste))
}
