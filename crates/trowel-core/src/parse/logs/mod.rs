//! Parser for `logs` artifacts: log lines in any of the common formats, mixed freely.
//!
//! Each line becomes a [`record::Record`] (time, level, source, message); lines that only
//! continue the record before them (stack traces, indented detail) are attached to it. A
//! record becomes facts only when it carries signal: a `Log` fact when its level is warn or
//! above or when [`crate::parse::message`] recognises it, plus whatever the interpreter reads
//! from it (pushes, syncs, changes, connections, flags, volumes, outcomes). Quiet info lines
//! cost one pass over their words and no allocation, so a 50 MB paste stays fast.
//!
//! Who wrote a record: a pod named on the line (stern, `kubectl logs --prefix`), else the
//! object `kubectl logs` was pointed at (a pod through [`Cx::pod`]), else the name on the line
//! (`[ts] name |`, a `service` field, a syslog unit) as a `LogSource`, else what the command
//! or file names, else a `LogSource` called `logs`.
//!
//! klog and syslog lines carry no year; it is taken from the latest full timestamp in the
//! paste (a year earlier if that would put the line more than half a year after it), and the
//! time is left unset when the paste has none.

use crate::ascii::Set;
use crate::blank::Blank;
pub(crate) mod fields;
mod record;

use crate::command::Command;
use crate::extract::k8s_kind;
use crate::redact::mask;
use fields::ValueKind;
use std::borrow::Cow;
use crate::fact::{EntityId, EntityKind, Level, Predicate, Value};
use crate::ingest::Cx;
use crate::parse::message::{Cues, Interpreter, Message, Out};
use crate::span::Span;
use crate::time::{find_iso, Precision, Timestamp};
use record::{parse_line, Framing, Record, Source, SternPrefix, When};
use crate::hash::HashMap;

pub fn parse(cx: &mut Cx<'_>) {
    if cx.artifact.command.as_ref().is_some_and(|c| c.program == "wrangler") {
        let entries = worker_tail_entries(cx.lines());
        return read_entries(cx, entries);
    }
    let texts: Vec<&str> = cx.lines().map(|l| l.text).collect();
    let column = crate::detect::writer_column(&texts);
    let lines = cx.lines();
    let entries = lines.map(|line| Entry { line, time: None, pod: None, program: None, standalone: false });
    read_framed(cx, entries, column);
}

/// `wrangler tail --format pretty`: a line per request (`GET https://x/y - Ok @ 6/5/2025,
/// 2:19:11 PM`) and what the worker logged while serving it on indented lines below
/// (`  (warn) …`). Each logged line is a record of its own at its request's time.
fn worker_tail_entries<'a>(lines: crate::lines::Lines<'a>) -> impl Iterator<Item = Entry<'a>> {
    let mut time = None;
    lines.map(move |line| {
        let logged = line.text.starts_with([' ', '\t']);
        if !logged {
            let request_time = line.text.rsplit_once(" @ ").and_then(|(_, at)| crate::time::parse_local_date(at.trim_ws_end(), true));
            time = request_time.map(|p| p.time).or(time);
        }
        Entry { line: if logged { line.trimmed() } else { line }, time, pod: None, program: None, standalone: logged }
    })
}

/// Reads some of the artifact's lines as log records: all of them for a log artifact, the
/// one-record-per-line hits of a search response for a JSON one.
pub fn read_lines<'a>(cx: &mut Cx<'a>, lines: impl Iterator<Item = crate::lines::Line<'a>>) {
    read_entries(cx, lines.map(|line| Entry { line, time: None, pod: None, program: None, standalone: false }));
}

/// One log line as a log store's API hands it over (Loki's `[ns, line]`): its text (the
/// paste's, or unescaped from the JSON string it was printed in, quoting that string), the
/// time and the pod the store recorded beside it, for a line that does not say them.
pub struct Entry<'t> {
    pub line: crate::lines::Line<'t>,
    pub time: Option<Timestamp>,
    /// The pod the entry came from (namespace, name).
    pub pod: Option<(Option<&'t str>, &'t str)>,
    /// The program the entry came from, when no pod is known.
    pub program: Option<&'t str>,
    /// The entry is a record of its own, never the continuation of the one before.
    pub standalone: bool,
}

/// Reads log entries as records; each entry's line is one line of the log.
pub fn read_entries<'a: 't, 't>(cx: &mut Cx<'a>, entries: impl Iterator<Item = Entry<'t>>) {
    read_framed(cx, entries, None);
}

/// Reads log entries whose lines may carry a CI console's step column.
fn read_framed<'a: 't, 't>(cx: &mut Cx<'a>, entries: impl Iterator<Item = Entry<'t>>, column: Option<crate::detect::WriterColumn>) {
    let command = cx.artifact.command.as_ref();
    let mut run = Run {
        framing: Framing { column, ..framing(command) },
        target: command_target(cx),
        namespace: cx.namespace(),
        sources: HashMap::default(),
        last_subject: None,
        year: None,
        interpreter: pushed_image(command).map_or_else(Interpreter::default, Interpreter::pushing),
        out: Vec::new(),
        tallies: Vec::new(),
    };
    let mut pending: Option<Pending<'_>> = None;
    let mut unreadable: Option<Span> = None;
    let mut entries = entries.peekable();
    // A caption over the lines (`address-validator logs:`) names who wrote them when no
    // command does; it is not a record itself.
    let commanded = command.is_some() && run.target.is_some();
    if let Some(writer) = entries.next_if(|e| !e.standalone && crate::detect::is_caption(e.line.text.trim_ws())).and_then(|e| caption_writer(e.line.text)) {
        run.target = run.target.or(Some(writer));
    }
    let mut after_blank = false;
    for entry in entries {
        let line = entry.line;
        // stern announces containers it starts or stops following (`+ pod › container`).
        let stern_notice = run.framing.stern.is_some() && line.text.starts_with_of(b"+-") && line.text.contains(" › ");
        if line.is_blank() || stern_notice {
            after_blank |= line.is_blank();
            continue;
        }
        // A caption after a blank line heads the next group of lines (two log groups pasted
        // in one block): it names their writer, unless the command named one for all.
        let caption = (after_blank && !commanded && !entry.standalone && crate::detect::is_caption(line.text.trim_ws())).then(|| caption_writer(line.text)).flatten();
        after_blank = false;
        if let Some(writer) = caption {
            if let Some(p) = pending.take() {
                run.emit(cx, p);
            }
            // Records without a writer of their own are the new writer's from here on.
            run.target = Some(writer);
            run.sources.retain(|source, _| source.is_some());
            run.last_subject = None;
            continue;
        }
        let Some(mut record) = parse_line(line.text, run.framing) else {
            if let Some(p) = pending.take() {
                run.emit(cx, p);
            }
            unreadable = Some(unreadable.map_or(line.span, |u| u.cover(line.span)));
            continue;
        };
        if let Some(span) = unreadable.take() {
            cx.unparsed(span, "starts like a JSON log record but is not a complete JSON object");
        }
        // The store's time is exact where the line's lacks the year or is missing.
        if let Some(time) = entry.time.filter(|_| !matches!(record.when, Some(When::At(_)))) {
            record.when = Some(When::At(time));
        }
        // logcli's labels on the line name its writer as the store's labels beside it do;
        // they are the record's fields when it has none of its own (an event exporter's
        // `{reason="BackOff", type="Warning"}`).
        let (mut entry_pod, mut entry_program) = (entry.pod, entry.program);
        if let Some(labels) = record.labels {
            let labels = fields::Fields::Logfmt(labels);
            let label = |keys: &[&str]| labels.get(keys).map(|v| v.raw);
            entry_pod = entry_pod.or_else(|| label(crate::parse::loki::POD).map(|name| (label(crate::parse::loki::NAMESPACE), name)));
            entry_program = entry_program.or_else(|| label(crate::parse::loki::PROGRAM));
            if record.fields == fields::Fields::None {
                record.fields = labels;
            }
        }
        // The store's labels name the writer better than a logger name on the line.
        match (record.source, entry_pod, entry_program) {
            (Some(Source::Pod { .. }), _, _) => {}
            (_, Some((namespace, name)), _) => record.source = Some(Source::Pod { namespace, name }),
            (_, None, Some(program)) => record.source = Some(Source::Named(program)),
            _ => {}
        }
        record.headed |= entry.standalone;
        // Python prints an uncaught exception's traceback on its own, after whatever was logged
        // last: it continues only a loud record (`logger.exception` prints message, then trace).
        let own_traceback = |p: &Pending<'_>| line.text.starts_with("Traceback (most recent call last)") && p.record.level.is_none_or(|l| l < Level::Warn);
        if let Some(p) = pending.as_mut().filter(|p| !record.headed && continues(line.text, p.continued) && !own_traceback(p)) {
            p.span = p.span.cover(line.span);
            p.continued = true;
            p.trace_cues = p.trace_cues.with(Cues::of(line.text));
            continue;
        }
        if let Some(p) = pending.replace(Pending { record, line: line.text, first: line.span, span: line.span, continued: false, trace_cues: Cues::default() }) {
            run.emit(cx, p);
        }
    }
    if let Some(p) = pending.take() {
        run.emit(cx, p);
    }
    if let Some(span) = unreadable {
        cx.unparsed(span, "starts like a JSON log record but is not a complete JSON object");
    }
    run.interpreter.finish(&mut run.out);
    run.flush(cx);
    run.volumes(cx);
}

/// Fields of a structured record that carry the error beside its message, best first
/// (JavaScript SDKs such as OpenFeature's spell them in camel case: `errorMessage`, `errorCode`; Python's JSON
/// loggers write the exception as `exc` or `exc_info`).
const DETAIL_KEYS: &[&str] =
    &["error", "err", "exception", "exc", "exc_info", "error_message", "error.message", "errorMessage", "body", "detail", "reason", "error.type", "errorCode", "error_code"];
/// The error text a detail field holds: the string itself, or the `message` of an error
/// object (pino's and bunyan's `err: {type, message, stack}`, an `error: {code, message}`).
fn error_text(value: fields::FieldValue<'_>) -> Option<fields::FieldValue<'_>> {
    match value.kind {
        ValueKind::String => Some(value),
        ValueKind::Object => fields::Fields::Json(value.raw).get(&["message", "msg"]).filter(|m| m.kind == ValueKind::String),
        _ => None,
    }
}

/// Fields that carry an HTTP status of their own.
const STATUS_KEYS: &[&str] = &["status", "status_code", "http_status", "statusCode"];

/// An HTTP client or server error status: 400–599.
fn is_error_status(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()) && matches!(code.as_bytes()[0], b'4' | b'5')
}

/// A record and the lines that continue it.
struct Pending<'a> {
    record: Record<'a>,
    /// The record's own line.
    line: &'a str,
    /// The record's own line.
    first: Span,
    /// The record with its continuation lines.
    span: Span,
    continued: bool,
    /// Cues of the continuation lines (an exception named in a stack trace).
    trace_cues: Cues,
}

/// What `kubectl logs` (or another command) says wrote the lines.
#[derive(Debug, Clone)]
enum Target<'a> {
    Pod(&'a str),
    Object(EntityKind, &'a str),
    Named(&'a str),
}

/// Who wrote a record: the entity, its name, and for a pod what [`Cx::pod`] needs to record
/// its owners (done when the first fact about it is written, quoting that record).
#[derive(Debug, Clone, Copy)]
struct Subject<'a> {
    id: EntityId,
    name: &'a str,
    pod: Option<(Option<&'a str>, &'a str)>,
    /// Its entry in [`Run::tallies`].
    tally: usize,
}

/// How much one subject logged: for its `LogVolume` fact.
#[derive(Debug)]
struct Tally<'a> {
    subject: Subject<'a>,
    first: Span,
    records: u32,
    loud: u32,
    last: Option<When>,
}

struct Run<'a> {
    framing: Framing,
    target: Option<Target<'a>>,
    namespace: Option<&'a str>,
    /// Subjects already resolved, by the source the line names (`None`: the default).
    sources: HashMap<Option<Source<'a>>, Subject<'a>>,
    last_subject: Option<(Option<Source<'a>>, Subject<'a>)>,
    /// The latest full timestamp of the paste, for lines without a year; computed on need.
    year: Option<Option<Timestamp>>,
    interpreter: Interpreter,
    out: Vec<Out>,
    tallies: Vec<Tally<'a>>,
}

impl<'t> Run<'t> {
    fn emit<'a: 't>(&mut self, cx: &mut Cx<'a>, p: Pending<'t>) {
        let record = p.record;
        let loud = record.level.is_some_and(|l| l >= Level::Warn);
        let subject = self.subject(cx, record.source, p.first);
        let tally = &mut self.tallies[subject.tally];
        tally.records += 1;
        tally.loud += u32::from(loud);
        tally.last = record.when.or(tally.last);
        let line = p.line;
        let message = if record.message.is_empty() { line.trim_ws() } else { record.message };
        // .NET's console logger heads a record with `warn: Category[EventId]` and writes the
        // message on the indented line below: that line is what the record says.
        // Cloud Logging's Logs Explorer prints an entry's summary line (a request log's method,
        // status, size, latency) with its payload below it: the payload is what it says.
        let below = |cx: &Cx<'a>| {
            let continuation = &cx.paste[p.first.end as usize..p.span.end as usize];
            event_category_message(message, continuation).or_else(|| logging_payload(continuation))
        };
        let message = match p.continued.then(|| below(cx)).flatten() {
            Some(below) => below,
            None => message,
        };
        // `hubble observe` and `cilium monitor` print one flow a line: a policy drop is read
        // as such, whoever the log's writer seems to be. A flow line has an arrow (`<>`, `->`):
        // one byte scan spares every other line the flow reader's phrase searches.
        if memchr::memchr(b'>', line.as_bytes()).is_some() && crate::parse::flows::read_line(cx, line, self.time(cx.paste, record.when), p.first) {
            return;
        }
        // A host firewall logs each packet it turns away with the packet's header fields
        // (`SRC=… DST=… DPT=…`): one byte search spares other lines the field reading.
        static HEADER_FIELDS: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
        let header_fields = HEADER_FIELDS.get_or_init(|| memchr::memmem::Finder::new(" DST="));
        if header_fields.find(line.as_bytes()).is_some() && crate::parse::flows::read_netfilter_line(cx, line, self.time(cx.paste, record.when), p.first) {
            return;
        }
        // A registry's record of a node pulling a manifest, in whatever format it logs: the
        // registry's answer is the fact, not the line's wording.
        static MANIFESTS: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
        let manifests = MANIFESTS.get_or_init(|| memchr::memmem::Finder::new("/manifests/"));
        if manifests.find(line.as_bytes()).is_some() && crate::parse::pulls::read_line(cx, line, self.time(cx.paste, record.when), p.first) {
            return;
        }
        // A runtime's failed pull is logged as an error, or by a tool that prints no level.
        let quiet = record.level.is_some_and(|l| l < Level::Warn);
        let mut cues = Cues::of(message);
        if !quiet && cues.has(Cues::PULL.with(Cues::DOCKER)) && crate::parse::pulls::read_runtime_error(cx, message, self.time(cx.paste, record.when), p.first) {
            return;
        }
        // What a platform says of its instances (a dyno's exit, a health check's failure)
        // is a pod's state, however quiet the line.
        let time = self.time(cx.paste, record.when);
        let platform_said = match record.source {
            Some(Source::Dyno { platform: true, .. }) => crate::parse::heroku::read_dyno_line(cx, subject.id, message, time, p.first),
            Some(Source::CfInstance { component, .. }) => crate::parse::cloud_foundry::read_instance_line(cx, subject.id, component, message, time, p.first),
            Some(Source::Named("API")) => match &self.target {
                Some(Target::Object(EntityKind::Deployment, app)) => crate::parse::cloud_foundry::read_api_line(cx, self.namespace, app, message, time, p.first),
                _ => false,
            },
            // A deploy or rotation job's log of the CF commands it ran.
            _ => message.starts_with("cf ") && crate::parse::cloud_foundry::read_set_env(cx, message, time, p.first),
        };
        let trace_error = record.level.is_none() && p.trace_cues.has(Cues::ERROR_WORD.with(Cues::NAMED_ERROR));
        if cues.is_empty() && !loud && !trace_error && !platform_said {
            return;
        }
        // The error a structured record carries beside its message is part of what it says
        // (looked for only where an error is likely: loud records and error words).
        let errorish = loud || cues.has(Cues::NAMED_ERROR.with(Cues::ERROR_WORD));
        // OpenTelemetry's `body` is the message itself, so another detail field is read then.
        let detail = errorish.then(|| record.fields.get_where(DETAIL_KEYS, |v| error_text(*v).is_some_and(|t| t.raw != message))).flatten().and_then(error_text);
        // An HTTP status in a field of its own (`status=401`) is said too, as `(HTTP 401)`.
        let status = errorish.then(|| record.fields.get(STATUS_KEYS)).flatten().map(|v| v.raw).filter(|code| is_error_status(code));
        let detail_text = detail.map_or("", |d| d.raw);
        cues = cues.with(Cues::of(detail_text));
        let m = Message {
            text: message,
            detail: detail_text,
            fields: record.fields,
            level: record.level,
            time,
            subject: subject.id,
            source_name: subject.name,
            span: p.first,
            cues,
        };
        let mut out = std::mem::take(&mut self.out);
        let recognised = self.interpreter.interpret(cx, &m, &mut out);
        // A scheduler saying it left a run out (Nomad's periodic dispatcher: `skipping launch
        // of periodic job because job prohibits overlap`) speaks at DEBUG, yet it is what a
        // stalled schedule's diagnosis rests on.
        let skipped_run = m.cues.has(Cues::SKIP) && m.cues.has(Cues::START);
        let log = loud || recognised || trace_error || skipped_run || platform_said;
        if log || !out.is_empty() {
            match subject.pod {
                Some((namespace, name)) => {
                    cx.pod(namespace, name, p.first);
                }
                // `kubectl logs job/nightly-29109270`: the Job belongs to the CronJob its name implies.
                None => cx.implied_owner(subject.id, self.namespace, p.first),
            }
        }
        if log {
            let mut text = if record.escaped { fields::unescape(message) } else { message.to_string() };
            if let Some(detail) = detail {
                text.push_str(": ");
                text.push_str(&detail.text());
            }
            if let Some(code) = status {
                text.push_str(" (HTTP ");
                text.push_str(code);
                text.push(')');
            }
            // A trace's root cause is what the record means (`Application run failed` …
            // `Caused by: …: Could not resolve placeholder 'DB_URL'`).
            if let Some(cause) = p.continued.then(|| root_cause(&cx.paste[p.first.end as usize..p.span.end as usize])).flatten() {
                // A bare traceback says only what its last line says.
                if text.starts_with("Traceback (most recent call last)") {
                    text = cause.to_string();
                } else if !text.contains(cause) {
                    text.push_str(": caused by ");
                    text.push_str(cause);
                }
            }
            let text = match mask(&text) {
                Cow::Owned(masked) => masked,
                Cow::Borrowed(_) => text,
            };
            cx.timed_fact(subject.id, Predicate::Log, Value::Log { level: record.level, message: text }, time, p.span);
        }
        self.out = out;
        self.flush(cx);
    }

    fn flush(&mut self, cx: &mut Cx<'_>) {
        for (subject, predicate, value, time, span) in self.out.drain(..) {
            cx.timed_fact(subject, predicate, value, time, span);
        }
    }

    /// A `LogVolume` fact for every subject that wrote records.
    fn volumes(&mut self, cx: &mut Cx<'_>) {
        for tally in std::mem::take(&mut self.tallies) {
            if let Some((namespace, name)) = tally.subject.pod {
                cx.pod(namespace, name, tally.first);
            }
            let time = self.time(cx.paste, tally.last);
            let value = Value::Ratio { num: f64::from(tally.loud), den: f64::from(tally.records) };
            cx.timed_fact(tally.subject.id, Predicate::LogVolume, value, time, tally.first);
        }
    }

    /// The entity that wrote a record (`span`: the record, where its tally starts).
    fn subject(&mut self, cx: &mut Cx<'_>, source: Option<Source<'t>>, span: Span) -> Subject<'t> {
        // A pod on the line beats the command's target, which beats a name on the line.
        let key = match source {
            // The platform's lines and the app's about one dyno are the same writer's.
            Some(Source::Dyno { name, .. }) => Some(Source::Dyno { name, platform: false }),
            Some(Source::Pod { .. } | Source::CfInstance { .. }) => source,
            // Fly's proxy writes about a machine, as a Service's proxy would: the app's Service
            // when the command names the app, else one writer for all of them.
            Some(Source::Machine { proxy: true, .. }) => Some(Source::Named("fly-proxy")),
            Some(Source::Machine { .. }) => source,
            _ if self.target.as_ref().is_some_and(|t| !matches!(t, Target::Named(_))) => None,
            _ => source,
        };
        // Consecutive records mostly share their source: skip the map for a repeat.
        if let Some((last_key, last)) = self.last_subject {
            if last_key == key {
                return last;
            }
        }
        if let Some(known) = self.sources.get(&key).copied() {
            self.last_subject = Some((key, known));
            return known;
        }
        let namespace = self.namespace;
        let tally = self.tallies.len();
        let pod = |cx: &mut Cx<'_>, ns: Option<&'t str>, name: &'t str| Subject {
            id: cx.entity(EntityKind::Pod, ns, name),
            name,
            pod: Some((ns, name)),
            tally,
        };
        let named = |cx: &mut Cx<'_>, name: &'t str| Subject { id: cx.entity(EntityKind::LogSource, None, name), name, pod: None, tally };
        let resolved = match (key, &self.target) {
            (Some(Source::Pod { namespace: ns, name }), _) => pod(cx, ns.or(namespace), name),
            // A dyno is an instance of its process type (`worker.2` of `worker`), as a
            // Swarm task is of its service; one-off dynos (`run.4711`, `scheduler.3307`)
            // are runs of their kind.
            (Some(Source::Dyno { name, .. }), _) => {
                let id = cx.entity(EntityKind::Pod, namespace, name);
                if let Some((kind, _)) = name.rsplit_once('.') {
                    let owner = cx.entity(EntityKind::Deployment, namespace, kind);
                    cx.owner(id, owner, span);
                }
                Subject { id, name, pod: None, tally }
            }
            // The ssh daemon beside an instance (`[CELL/SSHD/0]`) speaks of ssh sessions.
            (Some(Source::CfInstance { component, .. }), _) if component.ends_with("/SSHD") => named(cx, "sshd"),
            // An app instance of `cf logs APP`: the pod `APP/index` of the app's Deployment.
            (Some(Source::CfInstance { index, .. }), Some(Target::Object(EntityKind::Deployment, app))) => {
                let app = *app;
                let id = cx.entity(EntityKind::Pod, namespace, format!("{app}/{index}"));
                let owner = cx.entity(EntityKind::Deployment, namespace, app);
                cx.owner(id, owner, span);
                Subject { id, name: app, pod: None, tally }
            }
            (Some(Source::CfInstance { component, .. }), _) => named(cx, component),
            (Some(Source::Named("fly-proxy")), Some(Target::Object(EntityKind::Deployment, app))) if matches!(source, Some(Source::Machine { .. })) => {
                Subject { id: cx.entity(EntityKind::Service, namespace, *app), name: app, pod: None, tally }
            }
            // A Fly machine of `fly logs -a APP`: a pod of the app's Deployment.
            (Some(Source::Machine { id, .. }), target) => {
                let pod = cx.entity(EntityKind::Pod, namespace, id);
                if let Some(Target::Object(EntityKind::Deployment, app)) = target {
                    let owner = cx.entity(EntityKind::Deployment, namespace, *app);
                    cx.owner(pod, owner, span);
                }
                Subject { id: pod, name: id, pod: Some((namespace, id)), tally }
            }
            (Some(Source::Named(name)), _) => named(cx, name),
            (None, Some(Target::Pod(name))) => pod(cx, namespace, name),
            (None, Some(Target::Object(kind, name))) => Subject { id: cx.entity(kind.clone(), namespace, *name), name, pod: None, tally },
            (None, Some(Target::Named(name))) => named(cx, name),
            (None, None) => named(cx, "logs"),
        };
        self.sources.insert(key, resolved);
        self.last_subject = Some((key, resolved));
        self.tallies.push(Tally { subject: resolved, first: span, records: 0, loud: 0, last: None });
        resolved
    }

    fn time(&mut self, paste: &str, when: Option<When>) -> Option<Timestamp> {
        match when? {
            When::At(time) => Some(time),
            When::NoYear { month, day, hour, minute, second, millis } => {
                let latest = (*self.year.get_or_insert_with(|| latest_timestamp(paste)))?;
                let year: i16 = latest.date().get(..4)?.parse().ok()?;
                let at = |year| Timestamp::from_parts(year, month, day, hour, minute, second, millis, 0);
                let time = at(year)?;
                // Half a year after the latest dated line: the line is from the year before.
                if latest.seconds_until(time) > 183.0 * 86_400.0 {
                    at(year - 1)
                } else {
                    Some(time)
                }
            }
        }
    }
}

/// The latest timestamp with a time of day anywhere in the paste.
fn latest_timestamp(paste: &str) -> Option<Timestamp> {
    let mut latest = None;
    let mut from = 0;
    while let Some((at, parsed)) = paste.get(from..).and_then(find_iso) {
        if parsed.precision == Precision::Second {
            latest = latest.max(Some(parsed.time));
        }
        from += at + parsed.len.max(1);
    }
    latest
}

/// The writer a caption or heading names: `address-validator logs:`, `Logs from payments-api (last
/// hour):`, `App logs (cart-7f9c6d5b8-q2w4e):` — a pod when the name is shaped like one. The
/// one name-like word left besides words about logs, or the one hyphenated among several.
fn caption_writer(caption: &str) -> Option<Target<'_>> {
    // Else a CloudWatch log group (`/ecs/web`, `/aws/lambda/rotate-db`), named for its writer.
    let group = || {
        let text = caption.words().map(|w| w.trim_end_of(b",:)")).find(|w| w.starts_with('/') && w.matches('/').count() >= 2 && !w.ends_with('/'))?;
        text.rsplit('/').next().map(Target::Named)
    };
    captioned_writer(caption).or_else(group)
}

/// The writer a caption names in words.
fn captioned_writer(caption: &str) -> Option<Target<'_>> {
    const FILLER: &[&str] = &[
        "logs", "log", "output", "container", "pod", "from", "of", "the", "last", "recent", "app", "service", "lines", "tail",
        "json", "text", "plain", "stdout", "stderr", "previous", "hour", "hours", "minutes", "same", "window", "and",
        // Kinds of log, not writers: a node's kernel lines report some container's kill.
        "kernel", "node", "dmesg", "syslog", "journal", "system", "audit",
    ];
    if let Some(writer) = logging_filter_writer(caption) {
        return Some(Target::Named(writer));
    }
    let text = caption.trim_ws().trim_end_matches('¶').trim_ws_end();
    let text = text.strip_suffix(':').unwrap_or(text);
    let about_logs = text.split(|c: char| !c.is_ascii_alphabetic()).any(|w| ["logs", "log", "output", "stdout", "stderr"].iter().any(|l| w.eq_ignore_ascii_case(l)));
    // Over log lines, a lone workload-like name is the writer too (`pgbouncer:`,
    // `order-service (Spring Boot, HikariCP):`).
    // Workload and pod names are lower case (`Artifact 3: Logs` names no writer).
    let name_like = |w: &str| {
        w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
            && w.starts_with(|c: char| c.is_ascii_alphanumeric())
            && w.bytes().any(|b| b.is_ascii_alphabetic())
    };
    let writer = |name| if crate::names::pod_owner(name).is_some() { Target::Pod(name) } else { Target::Named(name) };
    let lone = text.split('(').next().unwrap_or(text).trim_ws();
    if !about_logs {
        // `sample (UTC):`, `excerpt:` say what the lines are, not who wrote them.
        let describes_lines = ["sample", "samples", "excerpt", "example", "examples", "snippet"].iter().any(|w| lone.eq_ignore_ascii_case(w));
        return (!lone.contains(' ') && name_like(lone) && !describes_lines).then(|| writer(lone));
    }
    let names: Vec<&str> = text
        .words()
        .map(|w| w.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '`' | '"')))
        .filter(|w| !w.is_empty() && !FILLER.iter().any(|f| w.eq_ignore_ascii_case(f)) && name_like(w))
        .collect();
    let hyphenated: Vec<&str> = names.iter().copied().filter(|w| w.contains('-')).collect();
    match (names.as_slice(), hyphenated.as_slice()) {
        (&[only], _) | (_, &[only]) if text.words().count() > 1 => Some(writer(only)),
        _ => None,
    }
}

/// The message under a record that says only its logger's category and event id
/// (`Skylark.Pricing.EngineSelector[1003]`, as .NET's console logger writes): the first
/// continuation line, trimmed. `None` for a record that says something itself.
fn event_category_message<'a>(message: &str, continuation: &'a str) -> Option<&'a str> {
    let (category, event) = message.trim_ws().strip_suffix(']')?.rsplit_once('[')?;
    let is_category = !category.is_empty() && !category.contains(' ') && category.contains('.');
    if !is_category || event.is_empty() || !event.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    continuation.lines().map(str::trim).find(|l| !l.is_empty())
}

/// The payload a Cloud Logging entry's indented `textPayload: "…"` (or
/// `jsonPayload.message: "…"`) line holds, without its quotes.
fn logging_payload(continuation: &str) -> Option<&str> {
    let line = continuation.lines().map(str::trim).find(|l| !l.is_empty())?;
    let (key, value) = line.split_once(':')?;
    matches!(key, "textPayload" | "jsonPayload.message" | "jsonPayload.msg").then(|| value.trim_ws().trim_matches('"')).filter(|v| !v.is_empty())
}

/// The service, container or job a Cloud Logging filter picks entries of
/// (`resource.labels.service_name="checkout"`, as a Logs Explorer query or `gcloud logging
/// read` filter says): the writer of the entries it printed.
fn logging_filter_writer(filter: &str) -> Option<&str> {
    const KEYS: &[&str] = &["resource.labels.service_name", "resource.labels.container_name", "resource.labels.job_name", "resource.labels.function_name"];
    KEYS.iter().find_map(|key| {
        let at = filter.find(key)? + key.len();
        let value = filter[at..].trim_ws_start().strip_prefix('=')?.trim_ws_start();
        let value = value.strip_prefix('"').map_or_else(|| value.split([' ', ')', '\'']).next(), |v| v.split('"').next())?;
        (!value.is_empty()).then_some(value)
    })
}

/// Whether a line without a log header continues the record before it: indented lines,
/// stack frames (`at …`, `Caused by:`, Go's `main.main()` and `/app/main.go:42 +0x1d`,
/// Python's `File "…"`), and inside a trace, its closing `SomeError: …` line.
fn continues(text: &str, in_trace: bool) -> bool {
    // A CI console's steps are indented under their job's title (GitHub Actions, GitLab),
    // and each is a line of its own, not detail of the one above.
    if text.starts_with_of(b" \t") {
        return !crate::detect::is_ci_console_line(text);
    }
    const STARTS: &[&str] = &[
        "at ", "Caused by", "...", "Traceback", "File \"", "goroutine ", "created by ", "Suppressed:", "During handling",
        "The above exception", "^", "}", "]",
    ];
    let t = text.trim_ws_end();
    if STARTS.iter().any(|s| t.starts_with(s)) {
        return true;
    }
    if !t.contains(' ') && t.ends_with(')') && t.contains('(') || t.starts_with('/') && t.contains(".go:") {
        return true;
    }
    // Java: `org.example.SomeException: message` right after the record that logged it.
    let class = t.split([':', ' ']).next().unwrap_or("");
    if class.contains('.') && is_exception_name(class) {
        return true;
    }
    in_trace && t.split_once(": ").is_some_and(|(name, _)| is_exception_name(name) || !name.contains(' ') && name.contains('.'))
}

/// A word that names an exception or error type: `KeyError`, `java.io.IOException`.
fn is_exception_name(name: &str) -> bool {
    !name.contains(' ') && ["Error", "Exception", "Throwable"].iter().any(|e| name.ends_with(e))
}

/// The innermost cause a stack trace names: its last `Caused by: …` (Java), else its closing
/// `SomeError: message` line (Python, and Java's exception line under the record). .NET
/// marks an inner exception ` ---> Name: message` and may put the HRESULT after the name
/// (`SqlException (0x80131904): Login failed …`).
fn root_cause(trace: &str) -> Option<&str> {
    let mut cause = None;
    for line in trace.lines().map(str::trim) {
        let line = line.strip_prefix("--->").map_or(line, str::trim_start);
        if let Some(rest) = line.strip_prefix("Caused by:") {
            cause = Some(rest.trim_ws());
        } else if line.split_once(": ").is_some_and(|(name, _)| is_exception_name(without_hresult(name))) {
            cause = Some(line);
        }
    }
    cause.filter(|c| !c.is_empty())
}

/// An exception's name without the ` (0x80131904)` HRESULT .NET prints after it.
fn without_hresult(name: &str) -> &str {
    match name.rsplit_once(" (0x") {
        Some((head, code)) if code.ends_with(')') && code[..code.len() - 1].bytes().all(|b| b.is_ascii_hexdigit()) => head,
        _ => name,
    }
}

/// The image `docker push` / `podman push` sends, when that is the command.
fn pushed_image(command: Option<&Command>) -> Option<crate::image::ImageRef> {
    let command = command.filter(|c| matches!(c.program.as_str(), "docker" | "podman"))?;
    match command.positionals().as_slice() {
        ["push", image, ..] => crate::image::ImageRef::parse(image),
        _ => None,
    }
}

/// How the command frames each line (stern's pod and container prefix).
fn framing(command: Option<&Command>) -> Framing {
    let stern = command.filter(|c| c.program == "stern").map(|c| {
        if c.has_flag(&["-A", "--all-namespaces"]) {
            SternPrefix::NamespacePodContainer
        } else {
            SternPrefix::PodContainer
        }
    });
    Framing { stern, column: None }
}

/// What the command says wrote the lines: `kubectl logs [pod/]x`, `kubectl logs deploy/x`,
/// `docker logs x`, `journalctl -u x`, or the file a `cat`/`tail` read.
fn command_target<'a>(cx: &Cx<'a>) -> Option<Target<'a>> {
    let artifact = cx.artifact;
    let basename = |path: &'a str| path.rsplit('/').next().unwrap_or(path);
    let Some(command) = artifact.command.as_ref() else {
        // Else the heading over the section, when it names a writer (`relay logs (logfmt)¶`).
        let titled = || artifact.title.as_deref().and_then(caption_writer);
        return artifact.path.as_deref().map(|p| Target::Named(basename(p))).or_else(titled);
    };
    let words = command.positionals();
    match command.program.as_str() {
        "kubectl" if words.first() == Some(&"logs") => {
            let target = *words.get(1)?;
            // `kubectl logs deploy/x` says which pod it read first: `Found 3 pods, using pod/x-…`.
            let chosen = || {
                let first = cx.lines().find(|l| !l.is_blank())?.text.trim();
                let pod = first.strip_prefix("Found ")?.split_once(" pods, using pod/")?.1;
                (!pod.is_empty() && !pod.contains(' ')).then_some(pod)
            };
            match target.split_once('/') {
                Some((kind, name)) => match k8s_kind(kind)? {
                    EntityKind::Pod => Some(Target::Pod(name)),
                    _ if chosen().is_some() => chosen().map(Target::Pod),
                    kind => Some(Target::Object(kind, name)),
                },
                None => Some(Target::Pod(target)),
            }
        }
        // `kubectl rollout status deployment/x` (or `deployment x`) speaks for the workload.
        "kubectl" if words.first() == Some(&"rollout") => {
            let (kind, name) = command.resource()?;
            Some(Target::Object(k8s_kind(kind)?, name?))
        }
        // `curl …/api/v1/namespaces/x/pods/NAME/log`: the pod's log through the API.
        _ if command.api_object().is_some_and(|o| o.subresource == Some("log") && o.resource == "pods") => {
            command.api_object().and_then(|o| o.name).map(Target::Pod)
        }
        // `cf logs APP`: the app's instances and the platform's lines about it.
        "cf" if words.first() == Some(&"logs") => words.get(1).map(|app| Target::Object(EntityKind::Deployment, app)),
        "docker" | "podman" if words.first() == Some(&"logs") => words.get(1).map(|name| Target::Named(name)),
        // The kernel's ring buffer: its lines name processes, not the programs that wrote them.
        "dmesg" => Some(Target::Named("kernel")),
        "journalctl" if command.has_flag(&["-k", "--dmesg"]) => Some(Target::Named("kernel")),
        "journalctl" => command.flag(&["-u", "--unit"]).map(Target::Named),
        "gcloud" if words.starts_with(&["logging", "read"]) => words.get(2).and_then(|filter| logging_filter_writer(filter)).map(Target::Named),
        // App Engine's request and app logs of one service; Fly's of one machine or app.
        "gcloud" if words.starts_with(&["app", "logs"]) => command.flag(&["--service", "-s"]).map(|s| Target::Object(EntityKind::Deployment, s)),
        "fly" | "flyctl" if words.first() == Some(&"logs") => match command.flag(&["-i", "--machine"]) {
            Some(machine) => Some(Target::Pod(machine)),
            None => command.flag(&["-a", "--app"]).map(|a| Target::Object(EntityKind::Deployment, a)),
        },
        _ => artifact.path.as_deref().map(|p| Target::Named(basename(p))),
    }
}

#[cfg(test)]
mod tests {
    use crate::fact::{Predicate, Value};

    /// `predicate value @ time` of every fact of a paste, in order.
    fn facts(paste: &str) -> Vec<String> {
        let ingest = crate::ingest(paste);
        ingest
            .facts
            .all()
            .iter()
            .map(|f| {
                let time = f.time.map_or("-".to_string(), |t| t.to_string());
                format!("{:?} {} @ {time}", f.predicate, ingest.facts.display_value(&f.value))
            })
            .collect()
    }

    #[test]
    fn a_push_in_a_ci_console_with_a_step_column_is_the_steps() {
        let paste = "GitHub Actions, workflow \"build-and-push\" run #1187 (main, 2026-03-18 16:02 UTC):\n  build  Step 7/7 : LABEL rev=c47b2f3\n  build  Successfully built 3be1f0d92c11\n  push   The push refers to repository [reg.io/team/api]\n  push   main: digest: sha256:e6c20b8f4a17d93e5c0fa1b27d8e64c39f0b5a7e12c8d4f6093ab7e51c2d80f4 size: 1787\n  push   3.9.0: digest: sha256:e6c20b8f4a17d93e5c0fa1b27d8e64c39f0b5a7e12c8d4f6093ab7e51c2d80f4 size: 1787\n  deploy Triggering a sync\n";
        let facts = crate::test_support::fact_lines(paste);
        assert!(facts.contains(&"pipeline push · Pushed · image reg.io/team/api:main@sha256:e6c20b8f4a17d93e5c0fa1b27d8e64c39f0b5a7e12c8d4f6093ab7e51c2d80f4".to_string()), "{facts:#?}");
    }

    #[test]
    fn a_job_and_step_title_column_is_the_jobs() {
        // `gh run view --log | grep …` with its tabs turned to spaces by a chat.
        let paste = "$ gh run view 881 --log | grep -E 'push|digest'\n\
bake-image  Set up job   commit: 41c9e0d \"pin libxml\"\n\
bake-image  Push image   pushing reg.example/kiln/glazer:edge\n\
bake-image  Push image   edge: digest: sha256:1c0ffee00000000000000000000000000000000000000000000000000000beef size: 2210\n\
bake-image  Push image   done in 41s\n";
        let facts = crate::test_support::fact_lines(paste);
        crate::test_support::assert_facts(&facts, &["pipeline bake-image · Pushed · image reg.example/kiln/glazer:edge@sha256:1c0ffee00000000000000000000000000000000000000000000000000000beef"]);
        // A table's rows are not a job's console, however padded.
        let table = "NAME   READY   STATUS\nweb-1  1/1     Running\nweb-2  1/1     Running\nweb-3  0/1     Pending\n";
        assert!(crate::detect::writer_column(&table.lines().collect::<Vec<_>>()).is_none());
    }

    #[test]
    fn a_worker_tail_logs_each_line_at_its_requests_time() {
        let paste = "$ npx wrangler tail quotes-edge --format pretty\n\
GET https://quotes.example/q/7 - Ok @ 3/14/2026, 9:05:02 AM\n  (log) served from cache\n  (error) upstream timed out after 10000ms\n\
POST https://quotes.example/q - Exception Thrown @ 3/14/2026, 9:05:09 AM\n  (warn) retrying\n";
        let logs = crate::test_support::log_lines(paste);
        assert!(logs.contains(&"log-source logs @ 2026-03-14T09:05:02Z [error] upstream timed out after 10000ms".to_string()), "{logs:#?}");
        assert!(logs.iter().all(|l| !l.contains("@ -")), "{logs:#?}");
    }

    #[test]
    fn logcli_labels_name_the_writer_and_an_exported_event_is_the_event() {
        let paste = "$ logcli query '{namespace=\"shop\"}' --since=1h\n\
2025-04-09T11:04:21Z {pod=\"web-5c47bd9f8-hx7sd\", namespace=\"shop\"} ERROR upstream connect error\n\
2025-04-09T11:04:31Z {reason=\"Unhealthy\", type=\"Warning\"} pod/web-5c47bd9f8-q2p9m: Readiness probe failed: connection refused\n\
2025-04-09T11:04:32Z {reason=\"JobAlreadyActive\", type=\"Normal\"} cronjob/export: Not starting job because prior execution is running\n";
        let logs = crate::test_support::log_lines(paste);
        assert_eq!(logs[0], "pod shop/web-5c47bd9f8-hx7sd @ 2025-04-09T11:04:21Z [error] upstream connect error");
        let facts = crate::test_support::fact_lines(paste);
        assert!(facts.iter().any(|f| f.starts_with("pod web-5c47bd9f8-q2p9m · Event · Warning Unhealthy")), "{facts:#?}");
        assert!(facts.iter().any(|f| f.starts_with("cronjob export · Event · Normal JobAlreadyActive")), "{facts:#?}");
    }

    #[test]
    fn kubectl_logs_of_a_workload_speak_for_the_pod_it_chose() {
        let paste = "$ kubectl -n pay logs deploy/gw\nFound 2 pods, using pod/gw-6c9f7d5b8d-4hx2k\n2025-07-19T03:11:07Z ERROR upstream 401\n";
        let ingest = crate::ingest(paste);
        let log = ingest.facts.with(Predicate::Log).next().expect("the line is read");
        assert_eq!(ingest.facts.entity_of(log.subject).to_string(), "pod pay/gw-6c9f7d5b8d-4hx2k");
    }

    #[test]
    fn an_error_records_status_and_body_fields_are_part_of_what_it_says() {
        let logfmt = "$ kubectl logs deploy/sender\nts=2025-07-19T03:11:07Z level=error msg=\"provider rejected request\" status=401 body=\"key has been revoked\"\nts=2025-07-19T03:12:07Z level=info msg=\"batch sent\" status=200\n";
        assert_eq!(facts(logfmt)[0], "Log [error] provider rejected request: key has been revoked (HTTP 401) @ 2025-07-19T03:11:07Z");
        assert!(facts(logfmt).iter().all(|f| !f.contains("HTTP 200")));
    }

    #[test]
    fn a_logs_explorer_entry_says_its_payload_and_its_query_names_the_writer() {
        let paste = "--- Logs Explorer: resource.labels.service_name=\"api\" httpRequest.status=429 ---\n2026-04-14 14:02:31.518 EDT  POST 429  0 B  10.0 s  curl/8.1  https://api.example/v2/submit\n  textPayload: \"The request was aborted because there was no available instance.\"\n2026-04-14 14:02:32.277 EDT  POST 200  1.2 KB  8.41 s  curl/8.1  https://api.example/v2/submit\n";
        let ingest = crate::ingest(paste);
        let log = ingest.facts.with(Predicate::Log).next().expect("a Log fact");
        assert_eq!(ingest.facts.entity_of(log.subject).to_string(), "log-source api");
        assert!(matches!(&log.value, Value::Log { message, .. } if message.starts_with("The request was aborted")), "{:?}", log.value);
        assert_eq!(super::logging_filter_writer("gcloud filter resource.labels.job_name=nightly AND severity>=ERROR"), Some("nightly"));
    }

    #[test]
    fn a_dotnet_console_record_says_what_its_indented_line_says() {
        let dotnet = "$ kubectl logs deploy/pricing\nwarn: Shop.Pricing.EngineSelector[1003]\n      OpenFeature evaluation for 'pricing-v3' returned default: reason=ERROR errorMessage=\"flag: pricing-v3 not found\"\n";
        let warned = facts(dotnet);
        assert!(warned.iter().any(|f| f.starts_with("FlagNotFound")), "{warned:?}");
        assert!(warned.iter().any(|f| f.starts_with("Log [warn] OpenFeature evaluation for 'pricing-v3'")), "{warned:?}");
        let failed = "$ kubectl logs deploy/pricing\nfail: Shop.Legacy.FareRulesClient[2001]\n      Legacy fare-rules call failed: TaskCanceledException\n";
        assert!(facts(failed).iter().any(|f| f.starts_with("Log [error] Legacy fare-rules call failed")), "{:?}", facts(failed));
    }

    #[test]
    fn klog_years_come_from_the_paste_or_stay_unknown() {
        let klog = "E1231 23:59:58.000000       1 sync.go:10] sync failed\n";
        assert_eq!(facts(klog), ["Log [error] sync failed @ -", "LogVolume 1/1 @ -"]);
        // The latest full timestamp is in early January: a 31 December line is from the year before.
        let paste = format!("{klog}\nNoticed at 2025-01-02T08:00:00Z by the on-call.\n");
        assert_eq!(facts(&paste)[..2], ["Log [error] sync failed @ 2024-12-31T23:59:58Z", "LogVolume 1/1 @ 2024-12-31T23:59:58Z"]);
    }

    #[test]
    fn a_caption_after_a_blank_line_names_the_writer_of_the_lines_below_it() {
        let paste = "CloudWatch Logs, /aws/lambda/rotate-db (UTC):\n2026-07-08T02:58:22Z INFO createSecret: put secret\n\nCloudWatch Logs Insights, /ecs/billing:\n2026-07-08T02:59:47Z ERROR password authentication failed\n";
        let ingest = crate::ingest(paste);
        let writers: Vec<String> = ingest.facts.with(Predicate::Log).map(|f| ingest.facts.entity_of(f.subject).name.clone()).collect();
        assert_eq!(writers.last().map(String::as_str), Some("billing"), "{writers:?}");
    }

    #[test]
    fn a_caption_names_the_writer() {
        use super::caption_writer;
        let named = |caption| match caption_writer(caption) {
            Some(super::Target::Named(n)) => format!("named {n}"),
            Some(super::Target::Pod(n)) => format!("pod {n}"),
            other => format!("{other:?}"),
        };
        assert_eq!(named("address-validator logs:"), "named address-validator");
        assert_eq!(named("Logs from payments-api (last hour):"), "named payments-api");
        assert_eq!(named("App logs (cart-7f9c6d5b8-q2w4e):"), "pod cart-7f9c6d5b8-q2w4e");
        assert_eq!(named("event-ingest logs (JSON):"), "named event-ingest");
        assert_eq!(named("Logs:"), "None");
        assert_eq!(named("CloudWatch Logs Insights, /ecs/rateplan-sync:"), "named rateplan-sync");
        assert_eq!(named("sample (UTC):"), "None");
        assert_eq!(named("CloudWatch Logs Insights — /aws/eks/prod/cluster (kube-apiserver-audit)"), "named kube-apiserver-audit");
        assert_eq!(named("Artifact 3: Logs"), "None");
        assert_eq!(named("order-service (Spring Boot, HikariCP):"), "named order-service");
        assert_eq!(named("pgbouncer:"), "named pgbouncer");
        assert_eq!(named("Notes:"), "None");
        assert_eq!(named("Node kernel log"), "None");
        assert_eq!(named("what the on-call saw:"), "None");
        let paste = "Timeline below.\n\nbilling-worker logs:\n2025-01-02T08:00:00Z ERROR charge failed\n";
        assert_eq!(facts(paste)[0], "Log [error] charge failed @ 2025-01-02T08:00:00Z");
        let ingest = crate::ingest(paste);
        let log = ingest.facts.with(Predicate::Log).next().expect("a Log fact");
        assert_eq!(ingest.facts.entity_of(log.subject).name, "billing-worker");
    }

    #[test]
    fn a_docker_push_command_names_what_its_digest_line_completes() {
        let paste = "$ docker push reg.io/shop/web:stable\n3f1a: Pushed\nstable: digest: sha256:5a0e…9b17 size: 2419\n";
        assert!(facts(paste).contains(&"Pushed image reg.io/shop/web:stable@sha256:5a0e…9b17 @ -".to_string()), "{:#?}", facts(paste));
        // Another tag's digest line completes nothing.
        let other = "$ docker push reg.io/shop/web:stable\nlatest: digest: sha256:5a0e…9b17 size: 2419\n";
        assert!(!facts(other).iter().any(|f| f.starts_with("Pushed")));
    }

    #[test]
    fn indented_ci_steps_are_records_of_their_own() {
        let paste = "GitHub Actions › build (run #8841) › Push image\n  #14 exporting to image\n  #14 pushing manifest for reg.io/a/web:main@sha256:b81d…4f07\n  #14 DONE 6.3s\n";
        assert!(facts(paste).contains(&"Pushed image reg.io/a/web:main@sha256:b81d…4f07 @ -".to_string()), "{:#?}", facts(paste));
    }

    #[test]
    fn quiet_lines_give_no_log_facts() {
        let paste: String = (0..200).map(|i| format!("2025-01-02T08:00:{:02}Z INFO GET /api/carts 200 {i}ms\n", i % 60)).collect();
        assert_eq!(facts(&paste), ["LogVolume 0/200 @ 2025-01-02T08:00:19Z"]);
    }

    #[test]
    fn an_error_object_beside_the_message_says_what_failed() {
        let paste = "{\"level\":50,\"time\":1732096931000,\"err\":{\"type\":\"DatabaseError\",\"message\":\"password authentication failed for user \\\"app\\\"\",\"code\":\"28P01\"},\"msg\":\"GET /api failed\"}\n";
        let ingest = crate::ingest(paste);
        let log = ingest.facts.with(Predicate::Log).next().expect("a Log fact");
        let Value::Log { message, .. } = &log.value else { panic!("{log:?}") };
        assert!(message.starts_with("GET /api failed: password authentication failed"), "{message}");
    }

    #[test]
    fn traces_attach_and_cut_json_is_unparsed() {
        let paste = "$ kubectl logs web-1\n2025-01-02T08:00:00Z ERROR charge failed\njava.lang.IllegalStateException: pool closed\n\tat a.B.c(B.java:1)\n{\"level\":\"info\",\"msg\":\"cut\n2025-01-02T08:00:01Z INFO ok\n";
        let ingest = crate::ingest(paste);
        let log = ingest.facts.with(Predicate::Log).next().expect("the error is a Log fact");
        assert_eq!(log.span.text(paste), "2025-01-02T08:00:00Z ERROR charge failed\njava.lang.IllegalStateException: pool closed\n\tat a.B.c(B.java:1)");
        assert_eq!(ingest.unparsed.len(), 1);
        assert_eq!(ingest.unparsed[0].span.text(paste), "{\"level\":\"info\",\"msg\":\"cut");
    }

    #[test]
    fn a_trace_adds_its_root_cause_to_what_the_record_says() {
        let message = |paste: &str| match &crate::ingest(paste).facts.with(Predicate::Log).next().expect("a Log fact").value {
            Value::Log { message, .. } => message.clone(),
            other => panic!("{other:?}"),
        };
        let java = "2025-01-02T08:00:00Z ERROR Application run failed\norg.x.BeanCreationException: Error creating bean 'client'\n\tat a.B.c(B.java:1)\nCaused by: java.lang.IllegalStateException: wrapper\n\tat a.B.d(B.java:2)\nCaused by: java.lang.IllegalArgumentException: Could not resolve placeholder 'DB_URL'\n\t... 42 common frames omitted\n";
        assert_eq!(message(java), "Application run failed: caused by java.lang.IllegalArgumentException: Could not resolve placeholder 'DB_URL'");
        let python = "2025-01-02 08:00:00,120 ERROR worker crashed\nTraceback (most recent call last):\n  File \"/app/main.py\", line 4, in <module>\n    url = os.environ[\"DB_URL\"]\nKeyError: 'DB_URL'\n";
        assert_eq!(message(python), "worker crashed: caused by KeyError: 'DB_URL'");
        let dotnet = "$ kubectl logs deploy/sync\n2025-03-20T02:00:01Z ERROR Sync cycle failed\nMicrosoft.Data.SqlClient.SqlException (0x80131904): Login failed for user 'svc'.\n   at Sync.Reader.ReadAsync() in C:\\src\\Reader.cs:line 64\n";
        assert_eq!(message(dotnet), "Sync cycle failed: caused by Microsoft.Data.SqlClient.SqlException (0x80131904): Login failed for user 'svc'.");
        // A traceback printed after an ordinary line is a record of its own, saying its cause.
        let uncaught = "2025-01-02 08:00:00,120 INFO starting\nTraceback (most recent call last):\n  File \"/app/main.py\", line 4, in <module>\nKeyError: 'DB_URL'\n";
        assert_eq!(message(uncaught), "KeyError: 'DB_URL'");
        // A cause the message already states is not repeated.
        let repeated = "2025-01-02T08:00:00Z ERROR java.lang.IllegalStateException: pool closed\njava.lang.IllegalStateException: pool closed\n\tat a.B.c(B.java:1)\n";
        assert_eq!(message(repeated), "java.lang.IllegalStateException: pool closed");
    }
}
