//! Amazon EventBridge schedule rules (`aws events list-rules`/`describe-rule` with `--output
//! text` or a table), read as the CronJobs they mean: a rule with a `cron(…)` or `rate(…)`
//! schedule starts work on a timer, and its `DISABLED` state is a CronJob's `suspend: true`
//! (the scheduler starts nothing), `ENABLED` its `false`. Rules without a schedule react to
//! events and are no timer. The claims written for suspended CronJobs then read them.

use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;

/// Reads the rules an `aws events list-rules|describe-rule` call printed as text, one a
/// line; false when the artifact is no such output (it is left to others).
pub fn read_text(cx: &mut Cx<'_>) -> bool {
    let Some((service, operation)) = super::aws::service_and_operation(cx) else { return false };
    if service != "events" || !matches!(operation.as_str(), "list-rules" | "describe-rule") {
        return false;
    }
    let mut read = false;
    for line in cx.lines() {
        let words: Vec<&str> = line.text.split_whitespace().collect();
        let Some(state) = words.iter().find_map(|w| rule_state(w)) else { continue };
        // The schedule's own words (`cron(30 2 * * ? *)`) hold spaces; the name is the first
        // word outside it that is no state.
        let Some(open) = line.text.find("cron(").or_else(|| line.text.find("rate(")) else { continue };
        let close = line.text[open..].find(')').map_or(line.text.len(), |i| open + i + 1);
        let outside = format!("{} {}", &line.text[..open], &line.text[close..]);
        let Some(name) = outside.split_whitespace().find(|w| rule_state(w).is_none()) else { continue };
        let rule = cx.entity(EntityKind::CronJob, None, name);
        cx.fact(rule, Predicate::Suspended, Value::Bool(!state), line.span);
        read = true;
    }
    read
}

/// `ENABLED` (also `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`) → true, `DISABLED` → false.
fn rule_state(word: &str) -> Option<bool> {
    match word {
        "DISABLED" => Some(false),
        w if w.starts_with("ENABLED") => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines;

    #[test]
    fn a_disabled_schedule_rule_is_a_suspended_cronjob() {
        let paste = "$ aws events list-rules --query 'Rules[].[Name,State,ScheduleExpression]' --output text\n\
nightly-report   DISABLED   cron(0 3 * * ? *)\n\
hourly-sync      ENABLED    rate(1 hour)\n\
on-upload        ENABLED\n";
        assert_eq!(fact_lines(paste), ["cronjob nightly-report · Suspended · true", "cronjob hourly-sync · Suspended · false"]);
    }
}
