//! `date` as people run it to show when they looked (`$ date -u` over `Thu Jul 23 00:21:47
//! UTC 2026`): the paste's clock. Its time becomes a timed fact of the `date` tool, so the
//! analysis's "now" (the latest time the paste states) is at least then: a certificate whose
//! `notAfter` has passed by that time has expired, however few other times the paste gives.

use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;

/// Reads the output of a `date` command; false when the artifact is none.
pub fn parse(cx: &mut Cx<'_>) -> bool {
    if cx.artifact.command.as_ref().is_none_or(|c| c.program != "date") {
        return false;
    }
    let lines: Vec<_> = cx.lines().filter(|l| !l.is_blank()).collect();
    let [line] = lines.as_slice() else { return false };
    let Some(time) = crate::time::date_output(line.text) else { return false };
    let clock = cx.entity(EntityKind::Tool, None, "date");
    cx.timed_fact(clock, Predicate::Mentions, Value::Time(time), Some(time), line.trimmed().span);
    cx.recognised();
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_date_a_user_printed_is_the_papers_now() {
        for (printed, expected) in [
            ("Thu Jul 23 00:21:47 UTC 2026", "2026-07-23T00:21:47Z"),
            ("Thu, 23 Jul 2026 02:21:47 +0200", "2026-07-23T00:21:47Z"),
            ("2026-07-23T00:21:47+00:00", "2026-07-23T00:21:47Z"),
        ] {
            let paste = format!("$ date -u\n{printed}\n");
            let ingest = crate::ingest(&paste);
            let kb = crate::infer::kb::Kb::new(&paste, &ingest);
            assert_eq!(kb.now.map(|t| t.to_string()).as_deref(), Some(expected), "{printed}");
        }
        // A zone whose offset the abbreviation does not say is no clock.
        assert!(crate::time::date_output("Thu Jul 23 02:21:47 CEST 2026").is_none());
    }

    #[test]
    fn a_certificate_past_its_end_by_the_users_clock_has_expired() {
        let paste = "$ date -u\nThu Jul 23 00:21:47 UTC 2026\n\n$ echo | openssl s_client -connect lidar.example.net:443 2>/dev/null | openssl x509 -noout -dates\nnotBefore=Jul 23 00:00:00 2025 GMT\nnotAfter=Jul 22 23:59:59 2026 GMT\n";
        let confidence = crate::infer::detect::confidence_of(paste, "certificate-expired").unwrap_or(0.0);
        assert!(confidence >= 0.5, "{confidence}");
    }
}
