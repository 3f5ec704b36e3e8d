//! systemd timers read as the CronJobs they stand for on a host: a timer (`backup.timer`)
//! is a CronJob named after its unit, without `.timer`.
//!
//! - `systemctl list-timers`: each row's LAST is the timer's last run; a NEXT of `-` means
//!   nothing will trigger it (the timer is stopped or disabled), read as `Suspended`.
//! - `systemctl status X.timer`: `Active: inactive (dead)` or `Trigger: n/a` is `Suspended`,
//!   `Active: active (waiting)` is not.
//! - A timer unit's `OnCalendar=` (in `cat`/`systemctl cat` output, named by the command's
//!   path or the section's `Unit=`) is its `Schedule`, written as the cron expression that
//!   fires at the same times when systemd's calendar form has one.

use crate::ascii::{contains_ci, starts_with_ci};
use crate::fact::{EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;

/// Reads what systemd prints about timers; true when the artifact was one of its outputs
/// and needs no other parser.
pub fn parse(cx: &mut Cx<'_>) -> bool {
    let body = cx.body();
    let systemctl = cx.artifact.command.as_ref().filter(|c| c.program == "systemctl");
    let sub = systemctl.and_then(|c| c.positionals().first().copied());
    if sub == Some("list-timers") {
        return list_timers(cx);
    }
    let mut read = false;
    if sub == Some("status") {
        read = status(cx);
    }
    if memchr::memmem::find(body.as_bytes(), b"OnCalendar=").is_some() {
        read |= calendar(cx);
    }
    read
}

/// The timer a word names (`backup.timer`, `/etc/systemd/system/backup.timer`), as its stem.
fn timer_name(word: &str) -> Option<&str> {
    let file = word.rsplit('/').next()?;
    file.strip_suffix(".timer").filter(|s| !s.is_empty() && !s.contains(['*', '?', '[']))
}

/// The timer a command's arguments name, if exactly one does.
fn command_timer<'a>(cx: &Cx<'a>) -> Option<&'a str> {
    let artifact: &'a crate::artifact::Artifact = cx.artifact;
    let command = artifact.command.as_ref()?;
    let mut names = command.args.iter().filter_map(|a| timer_name(a));
    let first = names.next()?;
    names.next().is_none().then_some(first)
}

/// `systemctl list-timers`: `NEXT LEFT LAST PASSED UNIT ACTIVATES`, cells cut where the
/// header's names start (the times hold spaces).
fn list_timers(cx: &mut Cx<'_>) -> bool {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let Some(at) = lines.iter().position(|l| l.text.trim_start().starts_with("NEXT") && l.text.contains(" UNIT")) else { return false };
    let header = lines[at].text;
    let column = |name: &str| header.find(name);
    let (Some(last), Some(passed), Some(unit)) = (column("LAST"), column("PASSED"), column("UNIT")) else { return false };
    for line in &lines[at + 1..] {
        let text = line.text;
        if line.is_blank() || text.trim_start().starts_with(|c: char| c.is_ascii_digit()) && text.contains("timers listed") {
            continue;
        }
        let span = line.trimmed().span;
        let cell = |from: usize, to: usize| text.get(from..to.min(text.len())).map(str::trim);
        let Some(name) = text.get(unit..).and_then(|rest| rest.split_whitespace().next()).and_then(timer_name) else {
            if !text.trim().is_empty() {
                cx.unparsed(span, "row of systemctl list-timers without a timer unit");
            }
            continue;
        };
        let timer = cx.entity(EntityKind::CronJob, None, name);
        let next = cell(0, last.min(header.find("LEFT").unwrap_or(last))).unwrap_or("");
        cx.fact(timer, Predicate::Suspended, Value::Bool(next == "-"), span);
        if let Some(parsed) = cell(last, passed).and_then(|c| crate::time::find_iso(c)).map(|(_, p)| p) {
            cx.timed_fact(timer, Predicate::LastScheduled, Value::Time(parsed.time), Some(parsed.time), span);
        }
    }
    true
}

/// `systemctl status X.timer`: whether anything will trigger it.
fn status(cx: &mut Cx<'_>) -> bool {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    // The command's argument, else the status header (`● backup.timer - Nightly backup`).
    let name = command_timer(cx).or_else(|| {
        lines.iter().find_map(|l| l.text.split_whitespace().take(2).find_map(timer_name))
    });
    let Some(name) = name else { return false };
    let timer = cx.entity(EntityKind::CronJob, None, name);
    let mut read = false;
    for line in lines {
        let text = line.text.trim_start();
        let span = line.trimmed().span;
        if starts_with_ci(text, "Active:") {
            let state = text["Active:".len()..].trim_start();
            if state.starts_with("inactive") || state.starts_with("failed") {
                cx.fact(timer, Predicate::Suspended, Value::Bool(true), span);
            } else if state.starts_with("active") {
                cx.fact(timer, Predicate::Suspended, Value::Bool(false), span);
            }
            read = true;
        } else if starts_with_ci(text, "Trigger:") && contains_ci(text, "n/a") {
            cx.fact(timer, Predicate::Suspended, Value::Bool(true), span);
            read = true;
        } else if starts_with_ci(text, "Loaded:") || starts_with_ci(text, "Triggers:") || starts_with_ci(text, "Docs:") {
            read = true;
        }
    }
    read
}

/// A timer unit's `OnCalendar=` lines as the schedule of the timer the command or the
/// section's `Unit=` names.
fn calendar(cx: &mut Cx<'_>) -> bool {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let unit = lines.iter().find_map(|l| {
        let value = l.text.trim().strip_prefix("Unit=")?;
        Some(value.trim().strip_suffix(".service").unwrap_or(value.trim()))
    });
    let Some(name) = command_timer(cx).or(unit).filter(|n| !n.is_empty()) else { return false };
    let timer = cx.entity(EntityKind::CronJob, None, name);
    let mut read = false;
    for line in lines {
        let Some(spec) = line.text.trim().strip_prefix("OnCalendar=") else { continue };
        let span = line.trimmed().span;
        let Some((cron, zone)) = on_calendar_as_cron(spec) else {
            cx.unparsed(span, "an OnCalendar= form with no cron equivalent");
            continue;
        };
        if let Some(zone) = zone.filter(|z| !matches!(*z, "UTC" | "Etc/UTC" | "GMT")) {
            cx.fact(timer, Predicate::Setting, Value::pair("timeZone", zone), span);
        }
        cx.fact(timer, Predicate::Schedule, Value::Text(cron), span);
        read = true;
    }
    read
}

/// systemd's calendar event (`Mon..Fri *-*-* 06:30:00 Europe/Paris`, `*-*-01 06:00`,
/// `daily`) as a five-field cron expression and the zone it names; `None` for forms cron
/// cannot say (seconds other than 0, years, `~` last days).
fn on_calendar_as_cron(spec: &str) -> Option<(String, Option<&str>)> {
    let spec = spec.trim();
    let short = match spec.to_ascii_lowercase().as_str() {
        "minutely" => Some("* * * * *"),
        "hourly" => Some("0 * * * *"),
        "daily" => Some("0 0 * * *"),
        "weekly" => Some("0 0 * * 1"),
        "monthly" => Some("0 0 1 * *"),
        "yearly" | "annually" => Some("0 0 1 1 *"),
        "quarterly" => Some("0 0 1 1,4,7,10 *"),
        _ => None,
    };
    if let Some(short) = short {
        return Some((short.to_string(), None));
    }
    let mut words: Vec<&str> = spec.split_whitespace().collect();
    // A zone ends the spec: `UTC`, `Europe/Paris`.
    let zone = words.last().copied().filter(|w| w.starts_with(|c: char| c.is_ascii_alphabetic()) && (w.contains('/') || w.chars().all(|c| c.is_ascii_uppercase())));
    if zone.is_some() {
        words.pop();
    }
    let mut dow = "*".to_string();
    if words.first().is_some_and(|w| w.starts_with(|c: char| c.is_ascii_alphabetic())) {
        dow = words.remove(0).replace("..", "-");
    }
    let (date, time) = match words.as_slice() {
        [date, time] if date.contains('-') => (*date, *time),
        [one] if one.contains(':') => ("*-*-*", *one),
        [one] if one.contains('-') => (*one, "00:00:00"),
        [] if dow != "*" => ("*-*-*", "00:00:00"),
        _ => return None,
    };
    let date: Vec<&str> = date.split('-').collect();
    let (month, day) = match date.as_slice() {
        [year, month, day] if *year == "*" => (*month, *day),
        [month, day] => (*month, *day),
        _ => return None,
    };
    let clock: Vec<&str> = time.split(':').collect();
    let (hour, minute, second) = match clock.as_slice() {
        [h, m] => (*h, *m, "00"),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    if !matches!(second, "0" | "00" | "00.000000") {
        return None;
    }
    let field = |f: &str| {
        let f = f.replace("..", "-");
        f.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'*' | b',' | b'-' | b'/')).then_some(f)
    };
    let cron = format!("{} {} {} {} {}", field(minute)?, field(hour)?, field(day)?, field(month)?, dow);
    crate::cron::Schedule::parse(&cron)?;
    Some((cron, zone))
}

#[cfg(test)]
mod tests {
    use super::on_calendar_as_cron;
    use crate::test_support::{assert_facts, fact_lines};

    #[test]
    fn calendar_forms_become_cron() {
        let cron = |s: &str| on_calendar_as_cron(s).map(|(c, z)| (c, z.map(str::to_string)));
        assert_eq!(cron("*-*-01 06:00:00 UTC"), Some(("00 06 01 * *".to_string(), Some("UTC".to_string()))));
        assert_eq!(cron("Mon..Fri *-*-* 22:30"), Some(("30 22 * * Mon-Fri".to_string(), None)));
        assert_eq!(cron("daily"), Some(("0 0 * * *".to_string(), None)));
        assert_eq!(cron("*-*-* *:00/15:00"), Some(("00/15 * * * *".to_string(), None)));
        assert_eq!(cron("*-*-* 06:00:30"), None);
    }

    #[test]
    fn a_timer_with_no_next_run_is_a_suspended_cronjob_with_its_last_run() {
        let paste = "ops@box:~$ systemctl list-timers --all\nNEXT                        LEFT       LAST                        PASSED       UNIT                 ACTIVATES\nWed 2026-09-02 01:00:00 UTC 3h left    Tue 2026-09-01 01:00:03 UTC 21h ago      nightly-dump.timer   nightly-dump.service\n-                           -          Sat 2026-08-01 04:00:01 UTC 1 month ago  payouts.timer        payouts.service\n\n2 timers listed.\nops@box:~$ systemctl status payouts.timer\n○ payouts.timer - Monthly payouts\n     Loaded: loaded (/etc/systemd/system/payouts.timer; disabled; preset: enabled)\n     Active: inactive (dead)\n    Trigger: n/a\nops@box:~$ cat /etc/systemd/system/payouts.timer\n[Timer]\nOnCalendar=*-*-01 04:00:00 UTC\nUnit=payouts.service\n";
        let facts = fact_lines(paste);
        assert_facts(&facts, &[
            "cronjob payouts · Suspended · true",
            "cronjob nightly-dump · Suspended · false",
            "cronjob payouts · LastScheduled · 2026-08-01T04:00:01Z",
            "cronjob payouts · Schedule · 00 04 01 * *",
        ]);
    }
}
