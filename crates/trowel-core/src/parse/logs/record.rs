//! One log line → one [`Record`]: its time, level, source, message and fields, in whichever
//! of the common formats the line is written.
//!
//! A line is read in two layers. The outer layer is the header a collector or terminal puts
//! in front: `[ts] source |`, `ts`, syslog's `Nov 20 10:02:11 host unit[pid]:`, klog's
//! `I1120 10:02:11.123456 1 file.go:12]`, stern's `pod container`, kubectl's
//! `[pod/name/container]`. The inner layer is what the program wrote: a JSON object, logfmt
//! pairs, or a level word (`INFO`, `[WARN]`, `error:`, `- ERROR -`) before the message. Either
//! layer may be missing. Nothing here allocates: every part is a slice of the line.

use crate::ascii::Set;
use crate::blank::Blank;
use super::fields::{FieldValue, Fields, ValueKind};
use crate::fact::Level;
use crate::lines::split_once_space;
use crate::detect::is_clock_line;
use crate::time::{parse_iso_prefix, parse_log_time, Precision, Timestamp};

/// When a record happened, as far as the line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    At(Timestamp),
    /// klog and syslog leave the year out; the caller supplies it.
    NoYear { month: i8, day: i8, hour: i8, minute: i8, second: i8, millis: i32 },
}

/// Who wrote a record, when the line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source<'a> {
    /// A program or service name: `[ts] name |`, a `service` field, a syslog unit.
    Named(&'a str),
    /// A pod, from stern's or `kubectl logs --prefix`'s line prefix.
    Pod { namespace: Option<&'a str>, name: &'a str },
    /// A Heroku dyno (`app[worker.2]:`, `heroku[web.1]:`): an instance of its process type,
    /// read as a pod of that workload. `platform` is true for the platform's own lines
    /// (`heroku[…]`), which say what happened to the dyno.
    Dyno { name: &'a str, platform: bool },
    /// An instance of a Cloud Foundry app by its index (`[APP/PROC/WEB/0]`, `[HEALTH/0]`,
    /// `[CELL/0]`), with the component that wrote the line; the app is the command's.
    CfInstance { index: &'a str, component: &'a str },
    /// A Fly.io machine (`fly logs`' `app[3d8d9e1a4c7289] fra `), read as a pod of the app;
    /// `proxy` for the lines Fly's proxy wrote about it (`proxy[3d8d9e1a4c7289] fra `).
    Machine { id: &'a str, proxy: bool },
}

/// What one log line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Record<'a> {
    pub when: Option<When>,
    pub level: Option<Level>,
    pub source: Option<Source<'a>>,
    /// The message as written: for JSON and logfmt the inside of its quotes.
    pub message: &'a str,
    /// The message still holds backslash escapes.
    pub escaped: bool,
    pub fields: Fields<'a>,
    /// The line has a recognised log header (time, level, fields or source), as opposed to
    /// a plain line of text that may continue the record before it.
    pub headed: bool,
    /// The stream labels a log store printed between the time and the text (`logcli`'s
    /// `{pod="web-1", namespace="shop"}`), inside their braces.
    pub labels: Option<&'a str>,
}

/// How the artifact's lines are framed, from the command that printed them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Framing {
    /// `stern`: lines start with `pod container`, or `namespace pod container` with `-A`.
    pub stern: Option<SternPrefix>,
    /// A CI console's step name before each line (`push   main: digest: …`).
    pub column: Option<crate::detect::WriterColumn>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SternPrefix {
    PodContainer,
    NamespacePodContainer,
}

/// What a JSON or logfmt key holds; message and source keys are ranked (lower wins when a
/// record has several).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Time,
    Level,
    Message(u8),
    Source(u8),
    /// The machine that wrote the record: in a pod, the pod's name (pino's and bunyan's
    /// `hostname`, which they add to every record).
    Host,
}

fn role(key: &str) -> Option<Role> {
    Some(match key {
        "ts" | "time" | "timestamp" | "@timestamp" | "t" | "date" | "eventTime" | "timeUnixNano" | "observedTimeUnixNano" => Role::Time,
        // `at`: Heroku's router and platform lines (`at=error code=H12`).
        "level" | "lvl" | "severity" | "log.level" | "levelname" | "loglevel" | "severityText" | "at" => Role::Level,
        "msg" => Role::Message(0),
        "message" => Role::Message(1),
        "@message" => Role::Message(2),
        "log" => Role::Message(3),
        // OpenTelemetry's record text and GCP's unstructured payload.
        "body" | "textPayload" => Role::Message(4),
        "service" => Role::Source(0),
        "svc" => Role::Source(1),
        "app" => Role::Source(2),
        "component" => Role::Source(3),
        // Not `logger`: it names a module of the program (`main`, `config`, a Java class),
        // and one program's lines would read as many writers.
        "source" => Role::Source(4),
        "service.name" => Role::Source(5),
        "hostname" | "host" => Role::Host,
        _ => return None,
    })
}

/// Parses a line (without its line break). `None` for a line that starts like a JSON
/// record but is not one (cut off mid-object), which the caller reports as unparsed.
pub fn parse_line<'a>(line: &'a str, framing: Framing) -> Option<Record<'a>> {
    let text = line.trim_ws_start();
    // The step's name is who wrote the line; the rest is the console's line as it would
    // read without the column.
    if let Some((name, rest)) = framing.column.and_then(|column| column.split(text)) {
        let mut record = parse_line(rest, Framing { column: None, ..framing })?;
        // A Swarm task (`web.2.<id>@<node>`) is an instance of its service, as a dyno is.
        let writer = crate::detect::swarm_task(name).map_or(Source::Named(name), |task| Source::Dyno { name: task, platform: false });
        record.source = record.source.or(Some(writer));
        record.headed = true;
        return Some(record);
    }
    if let Some(prefix) = framing.stern {
        if let Some(record) = stern(text, prefix) {
            return Some(record);
        }
    }
    let first = *text.as_bytes().first().unwrap_or(&b' ');
    // `grep -n` over one log file: the record after its line number.
    if let Some(record) = first.is_ascii_digit().then(|| crate::grep::numbered_line(text)).flatten() {
        return parse_line(record, framing);
    }
    if first == b'{' {
        return json(text, false);
    }
    if let Some(record) = klog(text) {
        return Some(record);
    }
    if let Some(record) = syslog(text) {
        return Some(record);
    }
    if let Some(record) = named_then_time(text) {
        return Some(record);
    }
    if first == b'[' {
        if let Some(record) = bracketed(text) {
            return Some(record);
        }
    }
    // Ray's `(materialize pid=4821, ip=10.0.0.7) 2026-… ERROR …`: the writer, then a record.
    if first == b'(' {
        if let Some((name, rest)) = crate::detect::writer_prefix(text) {
            if let Some(parsed) = parse_log_time(rest.trim_start_of(b"[")) {
                let rest = rest.trim_start_of(b"[");
                return named_record(name, rest, parsed);
            }
        }
    }
    // An HTTP access log: the request line and status are what the record says.
    if let Some((time, rest)) = crate::detect::access_log_line(text) {
        return after_time(rest, Some(When::At(time)));
    }
    if first.is_ascii_digit() {
        if let Some(parsed) = parse_log_time(text) {
            let rest = &text[parsed.len..];
            let rds = zone_then_colon(&text[..parsed.len], rest);
            let rest = if rds { &rest[1..] } else { rest };
            if rds || rest.is_empty() || rest.starts_with_of(b" \t]|") {
                return after_time(rest.trim_start_of(b"] \t"), Some(When::At(parsed.time)));
            }
        }
        // `09:14:02  Running with dbt=1.7.4`: a time of day without its date says no moment,
        // but it heads a record.
        if is_clock_line(text) {
            let len = crate::time::clock(text.as_bytes()).map_or(0, |(_, _, len)| len);
            return after_time(text[len..].trim_ws_start(), None);
        }
    }
    // A Kibana Discover row: `Mar 19, 2026 @ 17:02:14.118 <fields>`.
    if first.is_ascii_uppercase() {
        if let Some((time, len)) = crate::time::kibana_prefix(text) {
            return after_time(text[len..].trim_ws_start(), Some(When::At(time)));
        }
    }
    Some(inner(text, false))
}

/// `[2024-11-20T10:02:11Z] …`, `[WARN] …`, `[pod/web-1/app] …`, `[writer] 2024-11-20 … …`.
fn bracketed(text: &str) -> Option<Record<'_>> {
    let close = memchr::memchr(b']', text.as_bytes())?;
    let inside = text[1..close].trim_ws();
    let rest = text[close + 1..].trim_ws_start();
    if let Some(parsed) = parse_log_time(inside).filter(|p| p.len == inside.len()) {
        return after_time(rest, Some(When::At(parsed.time)));
    }
    if let Some(pod) = inside.strip_prefix("pod/") {
        let name = pod.split('/').next().unwrap_or(pod);
        let mut record = after_optional_time(rest);
        record.source = Some(Source::Pod { namespace: None, name });
        record.headed = true;
        return Some(record);
    }
    // `[playout-scheduler] 2025-07-09 14:03:17,882 ERROR …`: the writer, then a record.
    let (name, rest) = crate::detect::writer_prefix(text)?;
    match parse_log_time(rest) {
        Some(parsed) => named_record(name, rest, parsed),
        // `[billing] FATAL config validation failed:`: the writer, then a level in capitals
        // (a bracketed tag with a level of its own reads as its level, `[INFO] …`).
        None if level_word(name).is_none() && rest.split(' ').next().is_some_and(|w| w.len() > 3 && w.bytes().all(|b| b.is_ascii_uppercase()) && level_word(w).is_some()) => {
            let mut record = inner(rest, true);
            record.source = record.source.or(Some(Source::Named(name)));
            record.headed = true;
            Some(record)
        }
        None => None,
    }
}

/// `step: 2025-02-11T08:30:14Z msg`: a writer's name and a colon before the timestamp, as
/// `argo logs` and `docker compose logs --timestamps` prefix each step's or service's lines.
fn named_then_time(text: &str) -> Option<Record<'_>> {
    let (word, rest) = split_once_space(text)?;
    let name = word.strip_suffix(':')?;
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/');
    if name.is_empty() || !name.bytes().all(plain) || level_word(name).is_some() {
        return None;
    }
    let rest = rest.trim_ws_start();
    let parsed = parse_log_time(rest).filter(|p| p.len > "2025-01-01".len())?;
    let after = &rest[parsed.len..];
    if !after.is_empty() && !after.starts_with_of(b" \t") && !zone_then_colon(&rest[..parsed.len], after) {
        return None;
    }
    named_record(name, rest, parsed)
}

/// `2024-11-05 03:00:19 UTC:10.1.2.3(51522):app@db:[23817]:FATAL: …`: a timestamp that
/// ends in its zone's name, then a colon, as Amazon RDS's PostgreSQL prefix (`%t:%r:%u@%d:[%p]:`)
/// writes it.
fn zone_then_colon(time: &str, after: &str) -> bool {
    after.starts_with(':') && time.ends_with(|c: char| c.is_ascii_uppercase())
}

/// The record after a writer's name and its timestamp (`parsed`, read at the start of
/// `rest`), written by that writer unless the record names its own.
fn named_record<'a>(name: &'a str, rest: &'a str, parsed: crate::time::Parsed) -> Option<Record<'a>> {
    let after = &rest[parsed.len..];
    let after = if zone_then_colon(&rest[..parsed.len], after) { &after[1..] } else { after };
    let mut record = after_time(after.trim_start_of(b"] \t"), Some(When::At(parsed.time)))?;
    record.source = record.source.or(Some(Source::Named(name)));
    Some(record)
}

/// What follows a timestamp (or a time of day, which gives no `when`): `source | …`,
/// journald's `host unit[pid]: …`, then the inner layer.
fn after_time(rest: &str, when: Option<When>) -> Option<Record<'_>> {
    let mut source = None;
    // PostgreSQL and pgbouncer print the zone and a process id before the level
    // (`2025-04-09 12:02:31.442 UTC [1] WARNING …`); times without a zone are read as UTC.
    let mut rest = if rest.starts_with_of(b"UG") { rest.strip_prefix("UTC ").or_else(|| rest.strip_prefix("GMT ")).unwrap_or(rest) } else { rest };
    let labels = stream_labels(rest).map(|(labels, after)| {
        rest = after;
        labels
    });
    if let Some(after) = rest.strip_prefix('[').and_then(|r| r.split_once("] ")).filter(|(pid, _)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).map(|(_, after)| after) {
        if after.split(' ').next().and_then(level_word).is_some() {
            rest = after;
        }
    }
    if let Some((platform, after)) = paas_source(rest) {
        source = Some(platform);
        rest = after;
    } else if let Some((name, after)) = source_bar(rest) {
        source = Some(Source::Named(name));
        rest = after;
    } else if let Some((pod, after)) = pod_before_level(rest) {
        source = Some(Source::Pod { namespace: None, name: pod });
        rest = after;
    } else if let Some((unit, after)) = journald_tag(rest) {
        let (unit, after) = unit_systemd_speaks_of(unit, after);
        source = Some(Source::Named(unit));
        rest = after;
    }
    // Fluentd's stdout output: `<time> <tag>: {record}`, the tag naming the stream
    // (`kube.shop.web`) and the record JSON.
    if source.is_none() && labels.is_none() {
        if let Some((tag, json_text)) = tagged_json(rest) {
            if let Some(mut record) = json(json_text, false) {
                record.when = record.when.or(when);
                record.source = record.source.or(Some(Source::Named(tag)));
                return Some(record);
            }
        }
    }
    let mut record = inner(rest, true);
    // A log store's full time stands where the line it stored has only a partial one (klog's
    // `W0913 14:29:56`).
    if labels.is_some() && !matches!(record.when, Some(When::At(_))) {
        record.when = when.or(record.when);
    }
    record.when = record.when.or(when);
    if source.is_some() {
        record.source = source;
    }
    record.labels = labels;
    record.headed = true;
    Some(record)
}

/// A stream tag and the JSON record after it: `kube.shop.web: {"level":"warn",…}`.
fn tagged_json(rest: &str) -> Option<(&str, &str)> {
    let space = memchr::memchr(b' ', rest.as_bytes())?;
    let tag = rest[..space].strip_suffix(':')?;
    let record = &rest[space + 1..];
    let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'/');
    (record.starts_with("{\"") && !tag.is_empty() && tag.bytes().all(plain)).then_some((tag, record))
}

/// A platform's writer after the time: Heroku's `app[web.1]: ` / `heroku[router]: ` and Cloud
/// Foundry's `[APP/PROC/WEB/0] OUT ` (`cf logs`). An instance names a pod; the platform's
/// routers and API servers (`heroku[router]`, `[RTR/3]`, `[API/2]`, `[STG/0]`) are named writers.
fn paas_source(rest: &str) -> Option<(Source<'_>, &str)> {
    let first = *rest.as_bytes().first()?;
    if first == b'[' {
        let close = memchr::memchr(b']', rest.as_bytes())?;
        let inside = &rest[1..close];
        let after = rest[close + 1..].strip_prefix(' ')?;
        // The stream word: the app's stdout or stderr.
        let after = after.strip_prefix("OUT ").or_else(|| after.strip_prefix("ERR "))?;
        if !inside.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'/' || b == b'-' || b == b'_') || !inside.contains('/') {
            return None;
        }
        let (component, index) = inside.rsplit_once('/')?;
        let instance = matches!(component.split('/').next(), Some("APP" | "HEALTH" | "CELL"));
        if instance && !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) {
            return Some((Source::CfInstance { index, component }, after));
        }
        return Some((Source::Named(component.split('/').next().unwrap_or(component)), after));
    }
    if first == b'a' || first == b'p' {
        if let Some(found) = fly_source(rest) {
            return Some(found);
        }
    }
    if first != b'a' && first != b'h' {
        return None;
    }
    let (platform, inside) = if let Some(r) = rest.strip_prefix("app[") { (false, r) } else { (true, rest.strip_prefix("heroku[")?) };
    let (dyno, after) = inside.split_once("]: ")?;
    if dyno.is_empty() || !dyno.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_')) {
        return None;
    }
    let numbered = dyno.rsplit_once('.').is_some_and(|(kind, n)| !kind.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    Some((if numbered { Source::Dyno { name: dyno, platform } } else { Source::Named(dyno) }, after))
}

/// Fly's `app[<machine>] <region> ` and `proxy[<machine>] <region> ` (`fly logs`): the
/// machine's hex id, then the region's code.
fn fly_source(rest: &str) -> Option<(Source<'_>, &str)> {
    let (proxy, inside) = match rest.strip_prefix("app[") {
        Some(r) => (false, r),
        None => (true, rest.strip_prefix("proxy[")?),
    };
    let (id, after) = inside.split_once("] ")?;
    if !(12..=16).contains(&id.len()) || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let (region, after) = after.split_once(' ')?;
    if !(2..=4).contains(&region.len()) || !region.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    Some((Source::Machine { id, proxy }, after))
}

/// `{pod="web-1", namespace="shop"} rest`: the label set Loki's `logcli query` prints after
/// each line's time (the labels its streams do not share), and the text after it. A JSON
/// record (`{"level": …}`) is no label set: its keys are quoted.
fn stream_labels(rest: &str) -> Option<(&str, &str)> {
    let inside = rest.strip_prefix('{')?;
    let key_len = inside.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    if key_len == 0 || !inside[key_len..].starts_with("=\"") {
        return None;
    }
    // The set closes at the first `"}` (a label value ending in a brace is rare enough).
    let close = inside.find("\"}")? + 1;
    let after = &inside[close + 1..];
    (after.is_empty() || after.starts_with_of(b" \t")).then(|| (&inside[..close], after.trim_ws_start()))
}

fn after_optional_time(rest: &str) -> Record<'_> {
    match parse_iso_prefix(rest).filter(|p| p.precision == Precision::Second) {
        Some(parsed) => after_time(rest[parsed.len..].trim_ws_start(), Some(When::At(parsed.time))).unwrap_or_default(),
        None => inner(rest, false),
    }
}

/// `name | msg`: a source name (one word, not a level) before a bar.
fn source_bar(rest: &str) -> Option<(&str, &str)> {
    let (name, after) = split_once_space(rest)?;
    let after = after.strip_prefix("| ")?;
    (!name.is_empty() && level_word(name.trim_of(b"[]")).is_none()).then_some((name, after))
}

/// `web-7d9f8c6b5-x2k4q ERROR msg`: a pod's generated name, then a level, as log searches
/// (Splunk, Loki, Datadog raw events) print a record's pod between its time and its text.
fn pod_before_level(rest: &str) -> Option<(&str, &str)> {
    let (name, after) = split_once_space(rest)?;
    // Cheapest tests first: this runs on every line whose time is followed by a word.
    if !name.contains('-') {
        return None;
    }
    let level = after.trim_ws_start().split([' ', '\t', ':']).next()?;
    level_word(level)?;
    is_generated_pod(name).then_some((name, after))
}

/// A pod name a Deployment, ReplicaSet, DaemonSet or Job generated (a StatefulSet's `db-1`
/// could as well be any host's name).
fn is_generated_pod(name: &str) -> bool {
    crate::names::pod_owner(name).is_some_and(|o| o.kind != crate::fact::EntityKind::StatefulSet)
}

/// systemd (pid 1, or a user manager) writes about its units as `thumbd.service: Main process
/// exited…`: the unit is who the record is about, so it becomes the source, and a service is
/// named as `journalctl -u` and `systemctl` name it, without `.service`. Other tags and
/// messages pass through.
fn unit_systemd_speaks_of<'a>(tag: &'a str, message: &'a str) -> (&'a str, &'a str) {
    const UNIT_TYPES: [&str; 6] = [".service", ".timer", ".socket", ".mount", ".scope", ".path"];
    if tag != "systemd" {
        return (tag, message);
    }
    let Some((unit, said)) = message.split_once(": ") else { return (tag, message) };
    if unit.contains(' ') || !UNIT_TYPES.iter().any(|t| unit.len() > t.len() && unit.ends_with(t)) {
        return (tag, message);
    }
    (unit.strip_suffix(".service").unwrap_or(unit), said)
}

/// `host unit[pid]: msg` as journald's short formats print after the time.
fn journald_tag(rest: &str) -> Option<(&str, &str)> {
    let (_host, after_host) = split_once_space(rest)?;
    // The tag is one word ending in `]:`; look no further than that word.
    let (tag, msg) = split_once_space(after_host)?;
    let tag = tag.strip_suffix(':')?;
    let (unit, pid) = tag.split_once('[')?;
    let pid_ok = pid.strip_suffix(']').is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (pid_ok && !unit.is_empty() && !unit.contains(' ')).then_some((unit, msg))
}

/// The program's own part of a line: JSON, logfmt, or a level word before the message.
/// `after_time` allows a lower-case bare level (`2024-… info msg`, as zap and flux print).
fn inner(text: &str, after_time: bool) -> Record<'_> {
    let text = text.trim_ws_start();
    if text.starts_with('{') {
        if let Some(record) = json(text, true) {
            return record;
        }
    }
    if let Some(record) = klog(text) {
        return record;
    }
    if let Some(record) = logfmt(text) {
        return record;
    }
    let (level, message) = leading_level(text, after_time);
    let (message, fields) = match level {
        Some(_) => trailing_json(message),
        None => (message, Fields::None),
    };
    Record { level, message, fields, headed: level.is_some(), ..Record::default() }
}

/// zap's console encoder (Go services, flagd, many operators) prints a record's fields as
/// one JSON object after a tab: `ts\tlevel\tcaller\tmessage\t{"key": "value"}`. The message
/// is what comes before it; the object is the record's fields.
/// Every levelled line passes here: the closing brace is tested first, and the tab found
/// with one `memchr` scan, before anything slower.
fn trailing_json(message: &str) -> (&str, Fields<'_>) {
    let trimmed = message.trim_ws_end();
    if !trimmed.ends_with('}') {
        return (message, Fields::None);
    }
    let tabbed_brace = memchr::memrchr_iter(b'\t', trimmed.as_bytes()).find(|&at| trimmed.as_bytes().get(at + 1) == Some(&b'{'));
    match tabbed_brace {
        Some(at) => (trimmed[..at].trim_ws_end(), Fields::Json(&trimmed[at + 1..])),
        None => (message, Fields::None),
    }
}

/// `LEVEL msg`, `[LEVEL] msg`, `(level) msg`, `LEVEL: msg`, `<level> msg`, `- LEVEL - msg`,
/// `logger - LEVEL - msg`, `| LEVEL | msg`; after a source location (Airflow's
/// `{taskinstance.py:1138} INFO - msg`) or a process id (gunicorn's `[57] [INFO] msg`).
fn leading_level(text: &str, after_time: bool) -> (Option<Level>, &str) {
    let mut rest = text;
    for _ in 0..3 {
        rest = rest.trim_start_of(b" \t-|");
        let word_end = rest.as_bytes().iter().position(|b| *b == b' ' || *b == b'\t').unwrap_or(rest.len());
        let word = &rest[..word_end];
        let after = &rest[word_end..];
        if after_time && is_location_or_pid(word) {
            rest = after;
            continue;
        }
        // `(warn) msg`: Cloudflare's `wrangler tail` marks a worker's console level so.
        let (core, marked) = match word.strip_prefix(['[', '<', '(']).and_then(|w| w.strip_suffix([']', '>', ')'])) {
            Some(core) => (core, true),
            None => match word.strip_suffix(':') {
                Some(core) => (core, true),
                None => (word, false),
            },
        };
        if let Some(level) = level_word(core) {
            let upper = core.bytes().all(|b| !b.is_ascii_lowercase());
            let lower = core.bytes().all(|b| !b.is_ascii_uppercase());
            if marked || upper || (lower && after_time) {
                return (Some(level), without_thread_and_logger(after.trim_start_of(b" \t-|:").trim_ws_start()));
            }
            return (None, text);
        }
        // One logger name may come first (`app.db - ERROR - msg`), but only before a separator.
        if word.is_empty() || !after.trim_ws_start().starts_with_of(b"-|") {
            break;
        }
        rest = after;
    }
    (None, text)
}

/// The message after the process, thread and logger that Java's default layouts print after
/// the level: Spring Boot's `1 --- [main] o.s.boot.SpringApplication : msg` (with
/// `--- [app] [thread]` since 3.2) and Logback's `[main] c.e.Client - msg`.
fn without_thread_and_logger(text: &str) -> &str {
    let after_pid = text.trim_start_matches(|c: char| c.is_ascii_digit()).trim_ws_start();
    let (spring, mut rest) = match after_pid.strip_prefix("---") {
        Some(rest) => (true, rest.trim_ws_start()),
        None => (false, text),
    };
    while let Some(inside) = rest.strip_prefix('[') {
        let Some(end) = inside.find(']') else { return text };
        rest = inside[end + 1..].trim_ws_start();
    }
    if rest.len() == text.len() {
        return text;
    }
    let Some((logger, message)) = rest.split_once(if spring { " :" } else { " - " }) else { return text };
    if logger.trim_ws_end().contains(' ') || logger.is_empty() {
        return text;
    }
    message.trim_ws_start()
}

/// `{file.py:123}` (where Airflow's logger was called) or `[1234]` (a process id).
fn is_location_or_pid(word: &str) -> bool {
    let braced = word.strip_prefix('{').and_then(|w| w.strip_suffix('}')).is_some_and(|w| w.contains(':') && !w.contains_of(b"\" "));
    let pid = word.strip_prefix('[').and_then(|w| w.strip_suffix(']')).is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()));
    braced || pid
}

/// Level spellings, any case: `WARN`, `warning`, `Err`, `CRIT`, `notice`, `fatal`, and the
/// four-letter ones of .NET's console logger (`trce`, `dbug`, `fail`).
pub fn level_word(word: &str) -> Option<Level> {
    const LEVELS: &[(&str, Level)] = &[
        ("trace", Level::Trace),
        ("trce", Level::Trace),
        ("dbug", Level::Debug),
        ("fail", Level::Error),
        ("debug", Level::Debug),
        ("dbg", Level::Debug),
        ("info", Level::Info),
        ("inf", Level::Info),
        ("notice", Level::Info),
        ("information", Level::Info),
        ("warn", Level::Warn),
        ("warning", Level::Warn),
        ("wrn", Level::Warn),
        ("error", Level::Error),
        ("err", Level::Error),
        ("eror", Level::Error),
        ("severe", Level::Error),
        ("critical", Level::Fatal),
        ("crit", Level::Fatal),
        ("fatal", Level::Fatal),
        ("panic", Level::Fatal),
        ("emerg", Level::Fatal),
        ("alert", Level::Fatal),
        ("dpanic", Level::Fatal),
    ];
    if word.len() < 3 || word.len() > 11 {
        return None;
    }
    LEVELS.iter().find(|(name, _)| word.eq_ignore_ascii_case(name)).map(|(_, level)| *level)
}

/// Numeric levels as pino and bunyan write them (10 trace … 60 fatal).
fn numeric_level(raw: &str) -> Option<Level> {
    Some(match raw.parse::<u32>().ok()? {
        0..=10 => Level::Trace,
        11..=20 => Level::Debug,
        21..=30 => Level::Info,
        31..=40 => Level::Warn,
        41..=50 => Level::Error,
        _ => Level::Fatal,
    })
}

/// A JSON record. `nested` says an outer header was already read (the time comes from it).
fn json(text: &str, nested: bool) -> Option<Record<'_>> {
    let end = text.rfind('}')?;
    let mut record = Record { fields: Fields::Json(&text[..=end]), headed: true, ..Record::default() };
    read_fields(&mut record, !nested)?;
    // A record whose one nested object holds all it says beside its time and level (jq's
    // `{timestamp, severity, p: .jsonPayload}`, a `payload` or `data` wrapper) is read
    // through that object.
    if record.message.is_empty() {
        if let Some(payload) = lone_object(record.fields) {
            record.fields = Fields::Json(payload);
            let untimed = record.when.is_none();
            read_fields(&mut record, untimed)?;
        }
    }
    Some(record)
}

/// The text of a record's only object-valued field, if it has exactly one.
fn lone_object(fields: Fields<'_>) -> Option<&str> {
    let mut objects = 0;
    let mut found = None;
    fields.each(|_, value| {
        if value.kind == ValueKind::Object {
            objects += 1;
            found = Some(value.raw);
        }
        objects < 2
    });
    found.filter(|_| objects == 1)
}

/// Fills a record's time, level, message and source from its fields. `None` when the fields
/// are malformed; else whether a level or message key was there.
fn read_fields(record: &mut Record<'_>, take_time: bool) -> Option<bool> {
    let mut message: Option<(u8, FieldValue<'_>)> = None;
    let mut source: Option<(u8, &str)> = None;
    let mut pod: Option<&str> = None;
    let mut known = false;
    let textual = |v: &FieldValue<'_>| matches!(v.kind, ValueKind::String | ValueKind::Scalar) && !v.raw.is_empty();
    let ok = record.fields.each(|key, value| {
        match role(key) {
            Some(Role::Time) if take_time && record.when.is_none() => record.when = field_time(value).map(When::At),
            Some(Role::Level) if record.level.is_none() => {
                record.level = level_word(value.raw).or_else(|| numeric_level(value.raw));
                known = true;
            }
            Some(Role::Message(rank)) if textual(&value) && message.is_none_or(|(r, _)| rank < r) => {
                message = Some((rank, value));
                known = true;
            }
            Some(Role::Source(rank)) if textual(&value) && source.is_none_or(|(r, _)| rank < r) => source = Some((rank, value.raw)),
            Some(Role::Host) if textual(&value) && is_generated_pod(value.raw) => pod = Some(value.raw),
            _ => {}
        }
        true
    });
    if !ok {
        return None;
    }
    if let Some((_, message)) = message {
        record.message = message.raw;
        record.escaped = message.escaped;
    }
    // A pod names the writer more exactly than the service it belongs to.
    if let Some(name) = pod {
        record.source = Some(Source::Pod { namespace: None, name });
    } else if let Some((_, name)) = source {
        record.source = Some(Source::Named(name));
    }
    Some(known)
}

/// A time field: RFC 3339 text, or epoch seconds (with a fraction), milliseconds,
/// microseconds or nanoseconds (OpenTelemetry's `timeUnixNano`), told apart by magnitude.
fn field_time(value: FieldValue<'_>) -> Option<Timestamp> {
    if let Some(parsed) = parse_iso_prefix(value.raw) {
        return (parsed.precision == Precision::Second).then_some(parsed.time);
    }
    let n = crate::number::parse_f64(value.raw)?;
    let millis = match n {
        _ if value.raw.contains('.') || n < 1e11 => n * 1000.0,
        _ if n >= 1e17 => n / 1e6,
        _ if n >= 1e14 => n / 1e3,
        _ => n,
    };
    (millis.is_finite() && millis.abs() < 1e15).then(|| Timestamp(millis.round() as i64))
}

/// A logfmt record: the first word is a `key=value` pair and the line has a level or message
/// key.
fn logfmt(text: &str) -> Option<Record<'_>> {
    let first_end = text.as_bytes().iter().position(|b| *b == b' ' || *b == b'\t').unwrap_or(text.len());
    let (key, _) = text[..first_end].split_once('=')?;
    if key.is_empty() || key.contains('"') {
        return None;
    }
    let mut record = Record { fields: Fields::Logfmt(text), headed: true, ..Record::default() };
    read_fields(&mut record, true)?.then_some(record)
}

/// klog: `I1120 10:02:11.123456    1 main.go:12] msg`.
fn klog(text: &str) -> Option<Record<'_>> {
    let b = text.as_bytes();
    if b.len() < 21 || !crate::detect::is_klog_header(text) {
        return None;
    }
    let level = match b[0] {
        b'I' => Level::Info,
        b'W' => Level::Warn,
        b'E' => Level::Error,
        _ => Level::Fatal,
    };
    let num = |at: usize, len: usize| -> Option<i32> { text.get(at..at + len)?.parse().ok() };
    let (month, day) = (num(1, 2)? as i8, num(3, 2)? as i8);
    let (hour, minute, second) = (num(6, 2)? as i8, num(9, 2)? as i8, num(12, 2)? as i8);
    if b.get(11) != Some(&b':') {
        return None;
    }
    let millis = if b.get(14) == Some(&b'.') { num(15, 3).unwrap_or(0) } else { 0 };
    let message = match text.find("] ") {
        Some(at) => &text[at + 2..],
        None => text.find(']').map_or("", |at| &text[at + 1..]),
    };
    Some(Record {
        when: Some(When::NoYear { month, day, hour, minute, second, millis }),
        level: Some(level),
        message,
        headed: true,
        ..Record::default()
    })
}

/// The 1-based month of a three-letter English month name.
fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    MONTHS.iter().position(|m| *m == name).map(|i| i as i8 + 1)
}

/// syslog / `journalctl`: `Nov 20 10:02:11 host unit[pid]: msg` (the day may be space-padded).
fn syslog(text: &str) -> Option<Record<'_>> {
    if !crate::detect::is_syslog_date(text) {
        return None;
    }
    let month = month_number(text.get(..3)?)?;
    let rest = text[3..].trim_ws_start();
    let (day, rest) = rest.split_once(' ')?;
    let (clock, rest) = rest.split_once(' ')?;
    let day: i8 = day.parse().ok()?;
    let cb = clock.as_bytes();
    let two = |at: usize| -> Option<i8> { clock.get(at..at + 2)?.parse().ok() };
    let (hour, minute, second) = (two(0)?, two(3)?, two(6)?);
    let millis = if cb.get(8) == Some(&b'.') { clock.get(9..12).and_then(|m| m.parse().ok()).unwrap_or(0) } else { 0 };
    let (_host, rest) = rest.split_once(' ')?;
    let (tag, message) = rest.split_once(": ").unwrap_or(("", rest));
    let (unit, message) = unit_systemd_speaks_of(tag.split('[').next().unwrap_or(tag), message);
    let mut record = inner(message, false);
    // A full timestamp the program wrote itself (with its year) beats syslog's.
    record.when = record.when.or(Some(When::NoYear { month, day, hour, minute, second, millis }));
    if !unit.is_empty() && !unit.contains(' ') {
        record.source = Some(Source::Named(unit));
    }
    record.headed = true;
    Some(record)
}

/// stern: `[namespace] pod container [ts] msg`.
fn stern(text: &str, prefix: SternPrefix) -> Option<Record<'_>> {
    let mut words = text.splitn(4, ' ');
    let namespace = match prefix {
        SternPrefix::NamespacePodContainer => Some(words.next()?),
        SternPrefix::PodContainer => None,
    };
    let pod = words.next()?;
    let container = words.next()?;
    let is_name = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !is_name(pod) || !is_name(container) || namespace.is_some_and(|ns| !is_name(ns)) {
        return None;
    }
    let after_container = container.as_ptr() as usize - text.as_ptr() as usize + container.len();
    let mut record = after_optional_time(text[after_container..].trim_ws_start());
    record.source = Some(Source::Pod { namespace, name: pod });
    record.headed = true;
    Some(record)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(line: &str) -> String {
        show_framed(line, Framing::default())
    }

    fn show_framed(line: &str, framing: Framing) -> String {
        let Some(r) = parse_line(line, framing) else { return "unreadable".into() };
        let when = match r.when {
            Some(When::At(t)) => t.to_string(),
            Some(When::NoYear { month, day, hour, minute, second, millis }) => {
                format!("{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}.{millis:03}")
            }
            None => "-".into(),
        };
        let level = r.level.map_or("-".to_string(), |l| format!("{l:?}"));
        let source = match r.source {
            Some(Source::Named(n)) => n.to_string(),
            Some(Source::Pod { namespace, name }) => format!("pod {}/{name}", namespace.unwrap_or("-")),
            Some(Source::Dyno { name, platform }) => format!("dyno {name}{}", if platform { " (platform)" } else { "" }),
            Some(Source::CfInstance { index, component }) => format!("instance {index} ({component})"),
            Some(Source::Machine { id, proxy }) => format!("machine {id}{}", if proxy { " (proxy)" } else { "" }),
            None => "-".into(),
        };
        format!("{when} {level} {source} {}{}", r.message, if r.headed { "" } else { " (plain)" })
    }

    #[test]
    fn bracketed_and_plain_timestamps() {
        assert_eq!(
            show("[2024-11-20T10:02:11Z] notification-svc | WARN Feature flag 'x' not found"),
            "2024-11-20T10:02:11Z Warn notification-svc Feature flag 'x' not found"
        );
        assert_eq!(show("[2024-12-08T05:59:58Z] k8s-deploy | ConfigMap x replaced"), "2024-12-08T05:59:58Z - k8s-deploy ConfigMap x replaced");
        assert_eq!(show("2024-12-10T06:00:04Z INFO Connected"), "2024-12-10T06:00:04Z Info - Connected");
        assert_eq!(show("2024-12-10 06:00:04.250 [ERROR] boom"), "2024-12-10T06:00:04.25Z Error - boom");
        assert_eq!(show("2024-12-10 06:00:04,250 - app.db - WARNING - slow"), "2024-12-10T06:00:04.25Z Warn - slow");
        assert_eq!(show("2024-11-20T10:02:11.5Z info Kustomization/apps.flux-system - done"), "2024-11-20T10:02:11.5Z Info - Kustomization/apps.flux-system - done");
        assert_eq!(show("[WARN] disk almost full"), "- Warn - disk almost full");
        // A program's tag, then a level in capitals: the tag is the writer.
        assert_eq!(show("[harbor] FATAL config validation failed:"), "- Fatal harbor config validation failed:");
        assert_eq!(show("[harbor] loading config"), "- - - [harbor] loading config (plain)");
        assert_eq!(show("ERROR: relation does not exist"), "- Error - relation does not exist");
        // A capitalised word that happens to be a level name is not a level.
        assert_eq!(show("Error connecting to db"), "- - - Error connecting to db (plain)");
        assert_eq!(show("at com.acme.Main(Main.java:12)"), "- - - at com.acme.Main(Main.java:12) (plain)");
        // Fluentd's stdout output: a stream tag, then the JSON record; a level marked in parentheses.
        assert_eq!(
            show("2026-02-10 08:12:04.118911062 +0000 kube.shop.web: {\"level\":\"warn\",\"msg\":\"cache miss storm\"}"),
            "2026-02-10T08:12:04.118Z Warn kube.shop.web cache miss storm"
        );
        assert_eq!(show("(error) upstream timed out"), "- Error - upstream timed out");
    }

    #[test]
    fn logcli_stream_labels_keep_the_store_time_over_a_partial_one() {
        // The labels are the record's (they name its writer, see `logs::tests`); the line
        // after them is read as a line of its own, and klog's yearless time gives way to
        // the store's full one.
        assert_eq!(
            show("2024-09-13T14:29:56Z {pod=\"ingress-nginx-controller-7c9d8-pz2lq\", namespace=\"ingress\"} W0913 14:29:56.004118 7 controller.go:1216] Service \"arena/lb\" does not have any active Endpoint."),
            "2024-09-13T14:29:56Z Warn - Service \"arena/lb\" does not have any active Endpoint."
        );
        // Braces that are no label set stay part of the message.
        assert_eq!(show("2024-09-13T14:29:56Z {not labels} done"), "2024-09-13T14:29:56Z - - {not labels} done");
    }

    #[test]
    fn scheduler_and_framework_headers() {
        // Spring Boot and Logback: process, thread and logger before the message.
        assert_eq!(
            show("2025-10-14T04:03:57.640Z ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed"),
            "2025-10-14T04:03:57.64Z Error - Application run failed"
        );
        assert_eq!(show("2025-10-14T04:03:57.640Z  WARN 7 --- [orders] [nio-8080-exec-1] c.e.Api : slow: 2s"), "2025-10-14T04:03:57.64Z Warn - slow: 2s");
        assert_eq!(show("2025-09-23 13:03:12.881 INFO  [main] c.n.ledger.KafkaPublisher - Producer initialised"), "2025-09-23T13:03:12.881Z Info - Producer initialised");
        // A bracketed word that is no thread before a logger stays.
        assert_eq!(show("2025-09-23 13:03:12.881 INFO [jenkins] build 12 - done"), "2025-09-23T13:03:12.881Z Info - [jenkins] build 12 - done");
        // Airflow: a comma after the date, a zone word, the logger's call site before the level.
        assert_eq!(
            show("[2025-03-12, 02:00:14 UTC] {taskinstance.py:1138} INFO - Marking task as SUCCESS."),
            "2025-03-12T02:00:14Z Info - Marking task as SUCCESS."
        );
        assert_eq!(show("[2021-06-01 12:00:00,123] {local_task_job.py:102} WARNING - slow"), "2021-06-01T12:00:00.123Z Warn - slow");
        // log4j's default (Spark, Hadoop): a two-digit year first.
        assert_eq!(show("25/01/27 01:04:31 INFO ClaimsAggregate: wrote 415 rows"), "2025-01-27T01:04:31Z Info - ClaimsAggregate: wrote 415 rows");
        // gunicorn and PostgreSQL: a zone after the time, a process id before the level.
        assert_eq!(show("[2025-03-12 08:11:40 +0000] [57] [INFO] Booting worker"), "2025-03-12T08:11:40Z Info - Booting worker");
        assert_eq!(show("2025-08-02 10:09:41.552 UTC [48812] FATAL:  too many clients"), "2025-08-02T10:09:41.552Z Fatal - too many clients");
        // A time of day alone heads a record but says no moment (dbt's progress lines).
        assert_eq!(show("09:14:05  Completed successfully"), "- - - Completed successfully");
        assert_eq!(show("09:14 meeting notes"), "- - - 09:14 meeting notes (plain)");
    }

    #[test]
    fn structured_records() {
        assert_eq!(
            show(r#"ts=2024-11-20T10:02:11.123Z level=warn svc=cart msg="retrying \"x\"" attempt=2"#),
            r#"2024-11-20T10:02:11.123Z Warn cart retrying \"x\""#
        );
        assert_eq!(
            show(r#"{"@timestamp":"2024-11-20T10:02:11Z","severity":"ERROR","service":"auth","message":"denied"}"#),
            "2024-11-20T10:02:11Z Error auth denied"
        );
        assert_eq!(show(r#"{"level":50,"time":1732096931000,"msg":"boom"}"#), "2024-11-20T10:02:11Z Error - boom");
        assert_eq!(show(r#"{"level":"info","ts":1732096931.25,"msg":"ok"}"#), "2024-11-20T10:02:11.25Z Info - ok");
        // pino's `hostname` in a pod is the pod; a machine's name is no source.
        assert_eq!(show(r#"{"level":50,"time":1732096931000,"hostname":"web-7d9f8c6b5-x2k4q","service":"web","msg":"boom"}"#), "2024-11-20T10:02:11Z Error pod -/web-7d9f8c6b5-x2k4q boom");
        assert_eq!(show(r#"{"level":50,"time":1732096931000,"hostname":"ip-10-0-1-7","msg":"boom"}"#), "2024-11-20T10:02:11Z Error - boom");
        assert_eq!(
            show(r#"{"timeUnixNano":"1732096931250000000","severityText":"WARN","body":{"stringValue":"slow"},"resource":{"service.name":"cart"}}"#),
            "2024-11-20T10:02:11.25Z Warn cart slow"
        );
        assert_eq!(show(r#"{"timestamp":"2024-11-20T10:02:11Z","severity":"ERROR","jsonPayload":{"message":"denied"}}"#), "2024-11-20T10:02:11Z Error - denied");
        // One nested object beside time and level is the payload, whatever jq named it.
        assert_eq!(show(r#"{"timestamp":"2024-11-20T10:02:11Z","severity":"INFO","p":{"msg":"done","service":"sync"}}"#), "2024-11-20T10:02:11Z Info sync done");
        assert_eq!(show(r#"{"ts":"2024-11-20T10:02:11Z","msg":"kept","ctx":{"msg":"inner"}}"#), "2024-11-20T10:02:11Z - - kept");
        assert!(show("2025-04-09 12:02:31.442 UTC [1] WARNING C-0x55d1: pooler error: no more connections allowed").contains(" Warn "));
        assert_eq!(show(r#"{"level":"info","msg":"cut"#), "unreadable");
        assert_eq!(
            show(r#"2024-11-20T10:02:11.123456789Z {"level":"error","msg":"x"}"#),
            "2024-11-20T10:02:11.123Z Error - x"
        );
        // `a=b` in prose is not logfmt without a level or message key.
        assert_eq!(show("set replicas=3 on web"), "- - - set replicas=3 on web (plain)");
    }

    #[test]
    fn a_named_writer_before_the_time() {
        assert_eq!(show("load: 2025-02-11T08:32:06Z inserted 41 rows"), "2025-02-11T08:32:06Z - load inserted 41 rows");
        assert_eq!(show("main: 2025-02-11T08:32:11Z WARN exit code 0"), "2025-02-11T08:32:11Z Warn main exit code 0");
        // A level word or prose before a colon is no writer.
        assert!(show("ERROR: 2025-02-11T08:32:06Z disk full").starts_with("- "));
        assert!(show("note: the 2025-02-11 run failed").starts_with("- "));
    }

    #[test]
    fn amazon_rds_postgres_prefix_after_the_zone() {
        // `%t:%r:%u@%d:[%p]:`: the zone's name, then a colon and the client.
        let line = "2024-11-05 03:00:19 UTC:10.14.72.19(51522):app@menus:[23817]:FATAL:  password authentication failed";
        assert!(show(line).starts_with("2024-11-05T03:00:19Z "), "{}", show(line));
        assert!(show(&format!("sample: {line}")).starts_with("2024-11-05T03:00:19Z "), "{}", show(&format!("sample: {line}")));
        // A colon after digits is still no time followed by a record.
        assert!(!show("2024-11-05 03:00:19:42 x").starts_with("2024-11-05T03:00:19Z "));
    }

    #[test]
    fn a_pod_between_the_time_and_the_level() {
        assert_eq!(show("2025-11-14T11:58:41.220Z web-6f9c4d7b8-hm5zn ERROR upstream said 401"), "2025-11-14T11:58:41.22Z Error pod -/web-6f9c4d7b8-hm5zn upstream said 401");
        // A host or a word that is no generated pod name stays in the message.
        assert!(show("2025-11-14T11:58:41Z node-1 ERROR disk full").contains("- node-1 ERROR"), "{}", show("2025-11-14T11:58:41Z node-1 ERROR disk full"));
    }

    #[test]
    fn fly_machine_and_proxy_prefixes_name_the_machine() {
        assert_eq!(show("2025-04-01T10:00:01Z app[6e82d4f1a9c038] ams [info] server started"), "2025-04-01T10:00:01Z Info machine 6e82d4f1a9c038 server started");
        assert_eq!(show("2025-04-01T10:00:02Z proxy[6e82d4f1a9c038] ams [error] could not route"), "2025-04-01T10:00:02Z Error machine 6e82d4f1a9c038 (proxy) could not route");
        // A Heroku dyno is no machine.
        assert_eq!(show("2025-03-02T11:04:20.5+00:00 app[web.1]: ERROR boom"), "2025-03-02T11:04:20.5Z Error dyno web.1 boom");
    }

    #[test]
    fn klog_syslog_stern_and_prefixes() {
        assert_eq!(show("E1120 10:02:11.123456       1 controller.go:114] sync failed"), "11-20 10:02:11.123 Error - sync failed");
        assert_eq!(show("Nov  5 10:02:11 node-1 kubelet[812]: E1105 10:02:11.000000 812 pod.go:1] x"), "11-05 10:02:11.000 Error kubelet x");
        assert_eq!(show("2024-11-20T10:02:11+0000 node-1 containerd[77]: level=info msg=\"pulled\""), "2024-11-20T10:02:11Z Info containerd pulled");
        // systemd's records about a unit are the unit's: a service by its short name.
        assert_eq!(show("Jan 22 09:23:51 media-02 systemd[1]: thumbd.service: Failed with result 'oom-kill'."), "01-22 09:23:51.000 - thumbd Failed with result 'oom-kill'.");
        assert_eq!(show("2025-01-22T09:00:00+0000 db-1 systemd[1]: backup.timer: Succeeded."), "2025-01-22T09:00:00Z - backup.timer Succeeded.");
        assert_eq!(show("Jan 22 09:23:51 media-02 systemd[1]: Started Session 4 of user admin."), "01-22 09:23:51.000 - systemd Started Session 4 of user admin.");
        assert_eq!(show("[pod/web-6b7f9a8d43-h2k4l/app] 2024-11-20T10:02:11Z WARN slow"), "2024-11-20T10:02:11Z Warn pod -/web-6b7f9a8d43-h2k4l slow");
        assert_eq!(show("[playout-scheduler] 2025-07-09 14:03:17,882 ERROR CatalogClient - timeout"), "2025-07-09T14:03:17.882Z Error playout-scheduler CatalogClient - timeout");
        // Ray's task and daemon prefixes: the name, then where it ran; a parenthesis of prose is no writer.
        assert_eq!(show("(tokenize pid=3117, ip=10.8.1.4) 2025-07-09 14:03:17,882 ERROR io.py:12 -- denied"), "2025-07-09T14:03:17.882Z Error tokenize io.py:12 -- denied");
        assert_eq!(show("(raylet, ip=10.8.1.4) [2025-07-09 14:03:17,882 W 211 211] spill.cc:9: spilling"), "2025-07-09T14:03:17.882Z - raylet W 211 211] spill.cc:9: spilling");
        assert!(crate::detect::writer_prefix("(see below) 2025-07-09 14:03:17 it broke").is_none());
        // Heroku's dynos and Cloud Foundry's instances; the platforms' routers are named writers.
        assert_eq!(show("2025-03-02T11:04:20.5+00:00 heroku[worker.3]: Process exited with status 137"), "2025-03-02T11:04:20.5Z - dyno worker.3 (platform) Process exited with status 137");
        assert_eq!(show("2025-03-02T11:04:20.5+00:00 app[web.1]: ERROR boom"), "2025-03-02T11:04:20.5Z Error dyno web.1 boom");
        assert_eq!(show("2025-03-02T11:04:20.5+00:00 heroku[router]: at=error code=H12 desc=\"Request timeout\""), "2025-03-02T11:04:20.5Z Error router ");
        assert_eq!(show("2025-03-02T11:04:20.50+0000 [APP/PROC/WEB/3] OUT started"), "2025-03-02T11:04:20.5Z - instance 3 (APP/PROC/WEB) started");
        assert_eq!(show("2025-03-02T11:04:20.50+0000 [RTR/1] OUT GET /x 200"), "2025-03-02T11:04:20.5Z - RTR GET /x 200");
        let stern = Framing { stern: Some(SternPrefix::PodContainer), ..Framing::default() };
        assert_eq!(show_framed("web-6b7f9a8d43-h2k4l app ERROR oops", stern), "- Error pod -/web-6b7f9a8d43-h2k4l oops");
        let all = Framing { stern: Some(SternPrefix::NamespacePodContainer), ..Framing::default() };
        assert_eq!(show_framed("shop web-1 app 2024-11-20T10:02:11Z ok", all), "2024-11-20T10:02:11Z - pod shop/web-1 ok");
    }
}
