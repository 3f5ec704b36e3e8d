//! The report as bytes, for its trip from the Web Worker that analyses a large paste back to
//! the page.
//!
//! A worker and its page share no memory: the report has to be copied across as a message.
//! `postcard` (serde's compact binary form) keeps that copy small and its decoder tiny in the
//! wasm, where JSON would bring a text parser into the app's size budget. Both ends are this
//! same crate, so the format needs no versioning.

use trowel_core::report::Report;

/// The report as bytes.
pub fn pack(report: &Report) -> Result<Vec<u8>, postcard::Error> {
    postcard::to_allocvec(report)
}

/// The report back from [`pack`]'s bytes.
pub fn unpack(bytes: &[u8]) -> Result<Report, postcard::Error> {
    postcard::from_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_survives_the_trip() {
        let report = trowel_export::sample::report();
        assert!(!report.diagnoses.is_empty() && !report.graph.nodes.is_empty());
        let bytes = pack(&report).unwrap();
        assert_eq!(unpack(&bytes).unwrap(), report);
        // Every example's report, too (each exercises other optional fields).
        for example in crate::examples::EXAMPLES {
            let report = trowel_core::analyze(example.text);
            assert_eq!(unpack(&pack(&report).unwrap()).unwrap(), report, "{}", example.title);
        }
    }

    #[test]
    fn cut_or_garbled_bytes_are_an_error_not_a_panic() {
        let bytes = pack(&trowel_export::sample::report()).unwrap();
        assert!(unpack(&bytes[..bytes.len() / 2]).is_err());
        assert!(unpack(&[0xff; 64]).is_err());
    }
}
