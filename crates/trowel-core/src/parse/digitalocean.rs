//! DigitalOcean's activity log (Control Panel › Settings › Security › Activity), where a
//! managed database's trusted sources — the firewall that admits apps, droplets and
//! addresses to it — are changed: `May 28, 2026 4:02 PM  someone@x  Database cluster pg-main:
//! trusted sources replaced (3 → 2 rules)`. Trusted sources decide who may connect as a
//! NetworkPolicy's ingress rules do, so a change is a timed change of a NetworkPolicy
//! named for the cluster's trusted sources, and the policy derivations time calls that
//! start timing out against it.

use crate::ascii::find_ci;
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::time::Timestamp;

/// Reads the trusted-source changes of an activity log pasted in any artifact.
pub fn read(cx: &mut Cx<'_>) {
    if memchr::memmem::find(cx.body().as_bytes(), b"trusted sources").is_none() {
        return;
    }
    let lines: Vec<Line<'_>> = cx.lines().collect();
    for line in lines {
        let text = line.text;
        let Some(at) = find_ci(text, ": trusted sources ") else { continue };
        let Some(cluster_at) = find_ci(&text[..at], "database cluster ") else { continue };
        let cluster = text[cluster_at + "database cluster ".len()..at].trim();
        if cluster.is_empty() || cluster.contains(' ') {
            continue;
        }
        let verb = text[at + ": trusted sources ".len()..].split_whitespace().next().unwrap_or("changed");
        let policy = cx.entity(EntityKind::NetworkPolicy, None, format!("{cluster} trusted sources"));
        let span = line.trimmed().span;
        cx.timed_fact(policy, Predicate::Changed, Value::Text(verb.to_string()), console_time(text.trim()), span);
    }
}

/// `doctl apps logs <app> <component>`: each line is `<component> <time> <message>`, read as
/// a log record written by the component. False for other artifacts.
pub fn app_logs(cx: &mut Cx<'_>) -> bool {
    let Some(command) = cx.artifact.command.as_ref().filter(|c| c.program == "doctl") else { return false };
    if !command.positionals().starts_with(&["apps", "logs"]) {
        return false;
    }
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let entries = lines.iter().filter_map(|line| {
        let (component, rest) = line.text.split_once(' ')?;
        let at = line.text.len() - rest.len();
        crate::time::parse_iso_prefix(rest)?;
        let line = Line { text: rest, span: line.span.sub(at, line.text.len()) };
        Some(super::logs::Entry { line, time: None, pod: None, program: Some(component), standalone: true })
    });
    super::logs::read_entries(cx, entries);
    true
}

/// `May 28, 2026 4:02 PM` at the start of a line: month's name, day, year, a 12-hour clock,
/// read as UTC (the console's zone, which the copy does not state).
fn console_time(text: &str) -> Option<Timestamp> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut words = text.split_whitespace();
    let month = words.next()?;
    let month = MONTHS.iter().position(|m| month.starts_with(m))? as i8 + 1;
    let day: i8 = words.next()?.trim_end_matches(',').parse().ok()?;
    let year: i16 = words.next()?.parse().ok()?;
    let (hour, minute) = words.next()?.split_once(':')?;
    let (hour, minute): (i64, i64) = (hour.parse().ok().filter(|h| (1..=12).contains(h))?, minute.parse().ok().filter(|m| *m < 60)?);
    let hour = match words.next()? {
        "AM" | "am" => hour % 12,
        "PM" | "pm" => hour % 12 + 12,
        _ => return None,
    };
    let date = Timestamp::from_date(year, month, day)?;
    Some(Timestamp(date.0 + (hour * 3600 + minute * 60) * 1000))
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines;

    #[test]
    fn app_platform_log_lines_are_the_components() {
        let paste = "$ doctl apps logs 1f2e3d4c shop-api --type run\nshop-api 2026-01-09T11:16:02.100Z ERROR dial tcp 10.0.0.9:25060: i/o timeout\n";
        let logs = crate::test_support::log_lines(paste);
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert!(logs[0].starts_with("log-source shop-api @ 2026-01-09T11:16:02.1Z"), "{logs:#?}");
    }

    #[test]
    fn a_trusted_sources_change_is_a_timed_change_of_the_clusters_policy() {
        let paste = "Activity\nJan 9, 2026 11:15 AM   ops@example.com   Database cluster orders-pg: trusted sources replaced (4 → 1 rules)\nJan 9, 2026 10:00 AM   deploy-bot   App shop: deployment 1a2b created\n";
        let facts = fact_lines(paste);
        assert!(facts.iter().any(|f| f == "networkpolicy orders-pg trusted sources · Changed · replaced"), "{facts:#?}");
        let ingest = crate::ingest(paste);
        let change = ingest.facts.with(crate::fact::Predicate::Changed).next().expect("a change");
        assert_eq!(change.time.map(|t| t.to_string()).as_deref(), Some("2026-01-09T11:15:00Z"));
    }
}
