//! PowerShell's formatted output read as the objects it lists, and Task Scheduler's tasks.
//!
//! | output | read as |
//! |---|---|
//! | `Format-List` (`Name : value`, colons aligned, a blank line between objects, long values continued on indented lines) and `Format-Table` (a header over a rule of dashes; `-Wrap` continues the last cell on lines whose other cells are blank) | records of properties |
//! | a record with `NotAfter` (`Get-ChildItem Cert:\…`, an `X509Certificate2`) | `NotAfter`/`NotBefore` of the certificate: a `Host` named by its Subject's CN, as [`super::tls`] records openssl's, else a `Certificate` named by its Thumbprint |
//! | a record with `TimeCreated`/`TimeGenerated` and `Message` (`Get-WinEvent`, `Get-EventLog`) | a `Log` of its provider at that time, at its level (`LevelDisplayName`, `EntryType`, or the command's `Level=N`) |
//! | a task's record (`Get-ScheduledTask`/`Get-ScheduledTaskInfo`: `TaskName`, `State`, `LastRunTime`, `LastTaskResult`, `MultipleInstances`), `schtasks /query /v /fo LIST` | the task, as a CronJob |
//!
//! A scheduled task is recorded as [`super::systemd`] records a timer, so the CronJob rules
//! apply: a `CronJob` named after the task (the last part of its path), its last run
//! `LastScheduled`, `Disabled` as `Suspended`, a daily or weekly trigger as its `Schedule`;
//! `MultipleInstances` `IgnoreNew` or `Queue` as concurrencyPolicy `Forbid` (`Parallel`
//! `Allow`, `StopExisting` `Replace`). A task whose state is `Running` has an instance
//! running since its last run: a Job `<task> (running instance)` owned by it, so a run stuck
//! for days reads as a CronJob's stuck Job does. Local times are read as UTC, as other
//! zoneless times are.

use std::borrow::Cow;

use super::table::value::stamp;
use crate::ascii::starts_with_ci;
use crate::blank::Blank;
use crate::fact::{EntityId, EntityKind, Level, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::span::Span;
use crate::time::Timestamp;

/// One property of a listed object, and the text that states it (its line, or its row).
struct Field<'t> {
    key: &'t str,
    value: Cow<'t, str>,
    span: Span,
}

/// One listed object.
#[derive(Default)]
struct Record<'t> {
    fields: Vec<Field<'t>>,
}

impl<'t> Record<'t> {
    fn get(&self, keys: &[&str]) -> Option<&Field<'t>> {
        keys.iter().find_map(|k| self.fields.iter().find(|f| f.key.eq_ignore_ascii_case(k)))
    }

    fn value(&self, keys: &[&str]) -> Option<&str> {
        self.get(keys).map(|f| f.value.as_ref()).filter(|v| !v.is_empty())
    }

    fn time(&self, keys: &[&str]) -> Option<(Timestamp, Span)> {
        let field = self.get(keys)?;
        // Task Scheduler prints a task that never ran as last run on 11/30/1999.
        stamp(&field.value).filter(|t| Timestamp::from_date(2000, 1, 1).is_some_and(|y2k| *t >= y2k)).map(|t| (t, field.span))
    }
}

/// Reads PowerShell's formatted objects and `schtasks` listings; true when the artifact held
/// objects this reader knows (certificates, events, scheduled tasks) and needs no other parser.
pub fn parse(cx: &mut Cx<'_>) -> bool {
    let command = cx.artifact.command.as_ref().map(|c| c.line.as_str()).unwrap_or("");
    // Cheap tests first: the command says so, or the first lines have the shape (the whole
    // artifact, maybe megabytes of log lines, is gathered only then).
    let head: Vec<&str> = cx.lines().map(|l| l.text.trim_ws_end()).filter(|t| !t.is_empty()).take(2).collect();
    let listed = head.first().is_some_and(|t| list_field(t).is_some());
    let tabled = head.get(1).is_some_and(|t| rule_columns(t).is_some());
    let schtasks = contains_word(command, "schtasks") || head.first().is_some_and(|t| starts_with_ci(t, "Folder:") || starts_with_ci(t, "HostName:"));
    if !listed && !tabled && !schtasks {
        return false;
    }
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let records = if schtasks && !listed && !tabled {
        schtasks_records(&lines)
    } else if tabled {
        table_records(&lines)
    } else {
        list_records(&lines)
    };
    let level = command_level(command);
    let mut read = false;
    for record in &records {
        read |= certificate(cx, record) || event(cx, record, command, level) || task(cx, record);
    }
    read
}

/// `word` in a command line as a word of its own (`schtasks /query`, `{ schtasks … }`).
fn contains_word(line: &str, word: &str) -> bool {
    line.split(|c: char| c.is_whitespace() || matches!(c, '{' | '}' | '(' | ')' | ';' | '|')).any(|w| w.eq_ignore_ascii_case(word) || w.eq_ignore_ascii_case(&format!("{word}.exe")))
}

/// `Name : value` (or `Name :` with no value): the property and its value, and the column of
/// the colon. A property's name is one word (a calculated one may hold parentheses).
fn list_field(text: &str) -> Option<(&str, &str, usize)> {
    let at = memchr::memmem::find(text.as_bytes(), b" : ").or_else(|| text.strip_suffix(" :").map(str::len))?;
    let key = text[..at].trim_ws_end();
    let first = *key.as_bytes().first()?;
    if !first.is_ascii_alphabetic() || key.len() > 48 || !key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'(' | b')' | b'.' | b'-')) {
        return None;
    }
    let value = text.get(at + 3..).unwrap_or("").trim_ws();
    Some((key, value, at + 1))
}

/// `Format-List` output: objects of aligned `Name : value` lines, blank lines between them.
fn list_records<'t>(lines: &[Line<'t>]) -> Vec<Record<'t>> {
    let mut out = Vec::new();
    let mut current = Record::default();
    let mut colon = 0;
    for line in lines {
        let text = line.text.trim_ws_end();
        if text.is_empty() {
            out.push(std::mem::take(&mut current));
            continue;
        }
        if let Some((key, value, column)) = list_field(text).filter(|_| line.indent() == 0) {
            if column != colon && !current.fields.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            colon = column;
            current.fields.push(Field { key, value: Cow::Borrowed(value), span: line.trimmed().span });
            continue;
        }
        // A long value goes on under its first line, indented past the colon.
        match current.fields.last_mut() {
            Some(field) if line.indent() > colon => {
                let value = field.value.to_mut();
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(text.trim_ws());
                field.span = field.span.cover(line.trimmed().span);
            }
            _ => out.push(std::mem::take(&mut current)),
        }
    }
    out.push(current);
    out.retain(|r| r.fields.len() >= 2);
    out
}

/// A rule of dashes under a table's header (`----  -----  ---`): where each column starts and ends.
fn rule_columns(text: &str) -> Option<Vec<(usize, usize)>> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'-') || !bytes.iter().all(|b| matches!(b, b'-' | b' ')) {
        return None;
    }
    let mut columns = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'-' {
            let end = bytes[at..].iter().position(|b| *b != b'-').map_or(bytes.len(), |n| at + n);
            columns.push((at, end));
            at = end;
        } else {
            at += 1;
        }
    }
    (columns.len() >= 2).then_some(columns)
}

/// `Format-Table` output: a header, a rule of dashes, then one row a line. Values of a
/// column start where its dashes do (numbers end where they end, and may stand out to the
/// left of them); a value wider than its column runs into the next.
fn table_records<'t>(lines: &[Line<'t>]) -> Vec<Record<'t>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        let Some(columns) = rule_columns(lines[i + 1].text.trim_ws_end()).filter(|_| !lines[i].is_blank()) else {
            i += 1;
            continue;
        };
        let header = lines[i].text;
        let names: Vec<&str> = columns.iter().map(|&(start, end)| header.get(start..end.max(start)).unwrap_or("").trim_ws()).collect();
        if names.iter().any(|n| n.is_empty()) {
            i += 1;
            continue;
        }
        i += 2;
        while i < lines.len() && !lines[i].is_blank() {
            let line = lines[i];
            let Some(cells) = row_cells(line.text, &columns) else {
                i += 1;
                continue;
            };
            let span = line.trimmed().span;
            // `-Wrap`: a line with only its last cell filled goes on with the row above.
            let continues = cells[..cells.len() - 1].iter().all(|c| c.is_empty());
            match out.last_mut().filter(|_: &&mut Record<'_>| continues) {
                Some(record) => {
                    if let Some(field) = record.fields.last_mut() {
                        let value = field.value.to_mut();
                        value.push(' ');
                        value.push_str(cells[cells.len() - 1]);
                    }
                    for field in &mut record.fields {
                        field.span = field.span.cover(span);
                    }
                }
                None => out.push(Record { fields: names.iter().zip(cells).map(|(key, value)| Field { key, value: Cow::Borrowed(value), span }).collect() }),
            }
            i += 1;
        }
    }
    out
}

/// A row's cells by the rule's columns. Where a word runs across a column's start, a number
/// belongs to the column on the right (PowerShell right-aligns numbers), other text to the
/// one on the left.
fn row_cells<'t>(row: &'t str, columns: &[(usize, usize)]) -> Option<Vec<&'t str>> {
    let row = row.trim_ws_end();
    let bytes = row.as_bytes();
    let mut cuts = vec![0];
    for &(start, _) in &columns[1..] {
        let previous = *cuts.last().unwrap_or(&0);
        let mut cut = start.min(bytes.len()).max(previous);
        if cut > 0 && cut < bytes.len() && bytes[cut - 1] != b' ' && bytes[cut] != b' ' {
            let word_start = bytes[previous..cut].iter().rposition(|b| *b == b' ').map_or(previous, |p| previous + p + 1);
            let word_end = bytes[cut..].iter().position(|b| *b == b' ').map_or(bytes.len(), |p| cut + p);
            cut = if bytes[word_start..word_end].iter().all(u8::is_ascii_digit) { word_start } else { word_end };
        }
        cuts.push(cut);
    }
    cuts.push(bytes.len().max(*cuts.last().unwrap_or(&0)));
    cuts.windows(2).map(|w| row.get(w[0]..w[1]).map(Blank::trim_ws)).collect()
}

/// `schtasks /query /v /fo LIST`: `Key:   value` lines, one block per task (each opens with
/// its `HostName:`; a `Folder:` line heads a folder's tasks).
fn schtasks_records<'t>(lines: &[Line<'t>]) -> Vec<Record<'t>> {
    let mut out: Vec<Record<'t>> = Vec::new();
    for line in lines {
        let text = line.text.trim_ws();
        let Some((key, value)) = text.split_once(':') else { continue };
        let key = key.trim_ws_end();
        if key.eq_ignore_ascii_case("Folder") || key.is_empty() {
            continue;
        }
        if key.eq_ignore_ascii_case("HostName") || out.is_empty() {
            out.push(Record::default());
        }
        if let Some(record) = out.last_mut() {
            record.fields.push(Field { key, value: Cow::Borrowed(value.trim_ws()), span: line.trimmed().span });
        }
    }
    out
}

/// A certificate's validity dates.
fn certificate(cx: &mut Cx<'_>, record: &Record<'_>) -> bool {
    let Some(not_after) = record.get(&["NotAfter"]) else { return false };
    let holder = record.value(&["Subject", "DnsNameList"]).and_then(common_name).map(|cn| (EntityKind::Host, cn)).or_else(|| record.value(&["Thumbprint"]).map(|t| (EntityKind::Certificate, t)));
    let Some((kind, name)) = holder else { return false };
    let subject = cx.entity(kind, None, name);
    let mut read = false;
    for (field, predicate) in [(Some(not_after), Predicate::NotAfter), (record.get(&["NotBefore"]), Predicate::NotBefore)] {
        let Some(field) = field else { continue };
        match stamp(&field.value) {
            Some(time) => {
                cx.fact(subject, predicate, Value::Time(time), field.span);
                read = true;
            }
            None => cx.unparsed(field.span, "a certificate date Trowel cannot read"),
        }
    }
    read
}

/// The CN of a distinguished name (`CN=x, O=y`).
fn common_name(subject: &str) -> Option<&str> {
    let at = crate::ascii::find_ci(subject, "CN=")?;
    let rest = &subject[at + 3..];
    let cn = rest[..rest.find(',').unwrap_or(rest.len())].trim_ws();
    (!cn.is_empty()).then_some(cn)
}

/// The level `Get-WinEvent -FilterHashtable @{…; Level=2}` asked for, when it asked for one.
fn command_level(command: &str) -> Option<Level> {
    let at = memchr::memmem::find(command.as_bytes(), b"Level=")?;
    let digits: &str = command[at + 6..].split(|c: char| !c.is_ascii_digit()).next()?;
    let single = !command[at + 6 + digits.len()..].starts_with(',');
    single.then(|| event_level(digits)).flatten()
}

/// An event's level, as a name or Windows' number (1 critical, 2 error, 3 warning, 4 information).
fn event_level(text: &str) -> Option<Level> {
    match text.to_ascii_lowercase().as_str() {
        "1" | "critical" => Some(Level::Fatal),
        "2" | "error" => Some(Level::Error),
        "3" | "warning" => Some(Level::Warn),
        "4" | "0" | "information" => Some(Level::Info),
        "5" | "verbose" => Some(Level::Debug),
        _ => None,
    }
}

/// An event log entry: what it says, when, and at which level.
fn event(cx: &mut Cx<'_>, record: &Record<'_>, command: &str, level: Option<Level>) -> bool {
    let Some((time, _)) = record.time(&["TimeCreated", "TimeGenerated", "TimeWritten"]) else { return false };
    let Some(message) = record.get(&["Message"]).filter(|m| !m.value.is_empty()) else { return false };
    let level = record.value(&["LevelDisplayName", "EntryType", "Level"]).and_then(event_level).or(level);
    let writer = record.value(&["ProviderName", "Source"]).map(str::to_string).or_else(|| ["ProviderName=", "-ProviderName ", "LogName=", "-LogName "].iter().find_map(|key| quoted_after(command, key))).unwrap_or_else(|| "eventlog".to_string());
    let source = cx.entity(EntityKind::LogSource, None, writer);
    let span = record.fields.iter().map(|f| f.span).reduce(Span::cover).unwrap_or(message.span);
    cx.timed_fact(source, Predicate::Log, Value::Log { level, message: message.value.to_string() }, Some(time), span);
    true
}

/// `ProviderName='Foo'` (or `-LogName Foo`) in a command: Foo.
fn quoted_after(command: &str, key: &str) -> Option<String> {
    let at = memchr::memmem::find(command.as_bytes(), key.as_bytes())?;
    let rest = command[at + key.len()..].trim_start_matches(['\'', '"']);
    let value = &rest[..rest.find(['\'', '"', ';', '}', ' ']).unwrap_or(rest.len())];
    (!value.is_empty()).then(|| value.to_string())
}

/// A scheduled task (`Get-ScheduledTask`, `Get-ScheduledTaskInfo`, `schtasks /v`), as a CronJob.
fn task(cx: &mut Cx<'_>, record: &Record<'_>) -> bool {
    const LAST_RUN: &[&str] = &["LastRunTime", "Last Run Time"];
    let known = record.get(LAST_RUN).or_else(|| record.get(&["LastTaskResult", "Last Result", "NextRunTime", "Next Run Time", "MultipleInstances"]));
    let Some(name_field) = record.get(&["TaskName", "Task"]).filter(|_| known.is_some()) else { return false };
    let name = name_field.value.trim_end_matches('\\').rsplit('\\').next().unwrap_or("");
    if name.is_empty() {
        return false;
    }
    let id = cx.entity(EntityKind::CronJob, None, name);
    let last = record.time(LAST_RUN);
    if let Some((time, span)) = last {
        cx.timed_fact(id, Predicate::LastScheduled, Value::Time(time), Some(time), span);
    }
    // `Get-ScheduledTask`'s State (Ready, Running, Disabled) or schtasks' Status and its
    // Scheduled Task State (Enabled, Disabled).
    let state = record.get(&["State", "Status"]);
    let enabled = record.get(&["Scheduled Task State"]);
    if let Some(field) = enabled.or(state) {
        let disabled = field.value.eq_ignore_ascii_case("Disabled");
        if disabled || field.value.eq_ignore_ascii_case("Enabled") || field.value.eq_ignore_ascii_case("Ready") || field.value.eq_ignore_ascii_case("Running") {
            cx.fact(id, Predicate::Suspended, Value::Bool(disabled), field.span);
        }
    }
    if let Some(field) = record.get(&["MultipleInstances"]) {
        let policy = match field.value.to_ascii_lowercase().as_str() {
            "ignorenew" | "queue" => Some("Forbid"),
            "parallel" => Some("Allow"),
            "stopexisting" => Some("Replace"),
            _ => None,
        };
        if let Some(policy) = policy {
            cx.fact(id, Predicate::ConcurrencyPolicy, Value::text(policy), field.span);
        }
    }
    if let Some(field) = record.get(&["LastTaskResult", "Last Result"]) {
        // 0 is success; 0x41300-0x41306 are Task Scheduler's states (ready, running, not yet
        // run, …), no result of the program's.
        let code = field.value.trim();
        let number = code.strip_prefix("0x").map_or_else(|| code.parse::<i64>().ok(), |hex| i64::from_str_radix(hex, 16).ok());
        match number {
            Some(0) => {
                cx.fact(id, Predicate::Outcome, Value::text("success"), field.span);
            }
            Some(n) if (0x41300..=0x41306).contains(&n) => {}
            Some(_) => {
                cx.fact(id, Predicate::Outcome, Value::text("failure"), field.span);
            }
            None => {}
        }
    }
    if let Some(state) = state.filter(|s| s.value.eq_ignore_ascii_case("Running")) {
        if let Some((time, span)) = last {
            running_instance(cx, id, name, state.span, time, span);
        }
    }
    schedule(cx, id, record);
    true
}

/// The instance of a `Running` task: a Job of the task, started at its last run.
fn running_instance(cx: &mut Cx<'_>, task: EntityId, name: &str, state: Span, started: Timestamp, span: Span) {
    let job = cx.entity(EntityKind::Job, None, format!("{name} (running instance)"));
    cx.fact(job, Predicate::OwnedBy, Value::Entity(task), state);
    cx.fact(job, Predicate::Status, Value::text("Running"), state);
    cx.timed_fact(job, Predicate::StartedAt, Value::Time(started), Some(started), span);
}

/// schtasks' trigger (`Schedule Type: Daily`, `Start Time: 6:00:00 AM`, `Days: Every 1
/// day(s)` or `MON, WED`) as the cron expression that fires at the same times.
fn schedule(cx: &mut Cx<'_>, id: EntityId, record: &Record<'_>) {
    let (Some(kind), Some(start)) = (record.get(&["Schedule Type"]), record.get(&["Start Time"])) else { return };
    let Some((hour, minute)) = clock(&start.value) else { return };
    let days = record.value(&["Days"]).unwrap_or("");
    let cron = match kind.value.to_ascii_lowercase().as_str() {
        "daily" if days.is_empty() || days.eq_ignore_ascii_case("Every 1 day(s)") => format!("{minute} {hour} * * *"),
        "weekly" => {
            let names: Vec<&str> = days.split(',').map(str::trim).filter(|d| d.len() == 3 && d.bytes().all(|b| b.is_ascii_alphabetic())).collect();
            if names.is_empty() || names.len() != days.split(',').count() {
                return;
            }
            format!("{minute} {hour} * * {}", names.join(",").to_ascii_uppercase())
        }
        _ => return,
    };
    cx.fact(id, Predicate::Schedule, Value::Text(cron), kind.span.cover(start.span));
}

/// `6:00:00 AM`, `18:30:00`: hour and minute.
fn clock(text: &str) -> Option<(u32, u32)> {
    let mut words = text.split_whitespace();
    let mut parts = words.next()?.split(':');
    let mut hour: u32 = parts.next()?.parse().ok()?;
    let minute: u32 = parts.next()?.parse().ok()?;
    match words.next().map(str::to_ascii_uppercase).as_deref() {
        Some("AM") if (1..=12).contains(&hour) => hour %= 12,
        Some("PM") if (1..=12).contains(&hour) => hour = hour % 12 + 12,
        None => {}
        _ => return None,
    }
    (hour < 24 && minute < 60).then_some((hour, minute))
}

#[cfg(test)]
mod tests {
    use crate::test_support::fact_lines as read;

    #[test]
    fn a_certificate_listed_by_format_list_has_its_dates() {
        let paste = "PS C:\\> Get-ChildItem Cert:\\LocalMachine\\My | Format-List Subject, NotBefore, NotAfter, Thumbprint\n\nSubject    : CN=orders.contoso.example, O=Contoso\nNotBefore  : 2/1/2025 9:00:00 AM\nNotAfter   : 2/1/2026 8:59:59 AM\nThumbprint : 0A1B2C3D4E5F\n\nSubject    : CN=intranet.contoso.example\nNotAfter   : 31/12/2027 23:59:59\nThumbprint : FFEE\n";
        let facts = read(paste);
        assert!(facts.contains(&"host orders.contoso.example · NotAfter · 2026-02-01T08:59:59Z".to_string()), "{facts:?}");
        assert!(facts.contains(&"host orders.contoso.example · NotBefore · 2025-02-01T09:00:00Z".to_string()), "{facts:?}");
        assert!(facts.contains(&"host intranet.contoso.example · NotAfter · 2027-12-31T23:59:59Z".to_string()), "{facts:?}");
        // As a table (Select-Object's default view), too.
        let table = "PS C:\\> Get-ChildItem Cert:\\LocalMachine\\My | Select-Object Subject, NotAfter\n\nSubject                    NotAfter\n-------                    --------\nCN=api.contoso.example     6/30/2026 11:59:59 PM\n";
        assert_eq!(read(table), ["host api.contoso.example · NotAfter · 2026-06-30T23:59:59Z"]);
    }

    #[test]
    fn events_listed_or_tabled_are_log_records_at_their_level() {
        let paste = "PS C:\\> Get-WinEvent -FilterHashtable @{LogName='Application'; ProviderName='Contoso.Sync'; Level=2} | Format-List TimeCreated, Id, Message\n\nTimeCreated : 3/9/2026 7:40:02 AM\nId          : 5003\nMessage     : Upload failed.\n              AuthenticationException: NotTimeValid\n";
        let facts = read(paste);
        assert_eq!(facts, ["log-source Contoso.Sync · Log · [error] Upload failed. AuthenticationException: NotTimeValid"], "{facts:?}");
        // The Id column is narrower than its numbers, which stand out to the left.
        let table = "PS C:\\> Get-WinEvent -LogName System | Format-Table TimeCreated, Id, Message -Wrap\n\nTimeCreated           Id Message\n-----------           -- -------\n3/10/2026 1:30:08 AM 102 Task Scheduler successfully finished the \"\\Ops\\Nightly\" task\n                         for user \"svc\".\n";
        let facts = read(table);
        assert_eq!(facts, ["log-source System · Log · Task Scheduler successfully finished the \"\\Ops\\Nightly\" task for user \"svc\"."], "{facts:?}");
    }

    #[test]
    fn a_running_task_that_ignores_new_instances_is_a_cronjob_with_a_stuck_run() {
        let paste = "PS C:\\> schtasks /query /tn \"\\Ops\\Ledger\" /v /fo LIST\n\nFolder: \\Ops\nHostName:                             APP-9\nTaskName:                             \\Ops\\Ledger\nNext Run Time:                        4/2/2026 2:00:00 AM\nStatus:                               Running\nLast Run Time:                        3/28/2026 2:00:00 AM\nLast Result:                          267009\nScheduled Task State:                 Enabled\nSchedule Type:                        Daily\nStart Time:                           2:00:00 AM\nDays:                                 Every 1 day(s)\n\nPS C:\\> Get-ScheduledTask -TaskPath \\Ops\\ | Format-Table Task, State, LastRunTime, LastTaskResult, MultipleInstances\n\nTask     State   LastRunTime          LastTaskResult MultipleInstances\n----     -----   -----------          -------------- -----------------\nLedger   Running 3/28/2026 2:00:00 AM         267009         IgnoreNew\nSweep    Ready   4/1/2026 1:00:00 AM               0         IgnoreNew\n";
        let facts = read(paste);
        for expected in [
            "cronjob Ledger · LastScheduled · 2026-03-28T02:00:00Z",
            "cronjob Ledger · Suspended · false",
            "cronjob Ledger · Schedule · 0 2 * * *",
            "job Ledger (running instance) · Status · Running",
            "cronjob Ledger · ConcurrencyPolicy · Forbid",
            "cronjob Sweep · Outcome · success",
        ] {
            assert!(facts.iter().any(|f| f == expected), "{expected}: {facts:?}");
        }
        assert!(!facts.iter().any(|f| f.starts_with("cronjob Ledger · Outcome")), "{facts:?}");
    }

    #[test]
    fn cells_that_run_across_a_column_start() {
        let columns = super::rule_columns("-----------           -- -------").unwrap();
        assert_eq!(super::row_cells("3/10/2026 1:30:08 AM 102 done", &columns), Some(vec!["3/10/2026 1:30:08 AM", "102", "done"]));
        let columns = super::rule_columns("------ -------").unwrap();
        assert_eq!(super::row_cells("Microsoft-Windows 134", &columns), Some(vec!["Microsoft-Windows", "134"]));
    }
}
