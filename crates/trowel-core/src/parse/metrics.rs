//! Parser for `metrics` artifacts: Prometheus / OpenMetrics exposition text.
//!
//! Every sample becomes a `Sample` fact (Number) on a `Series` entity named
//! `metric{label="value",…}` with its labels sorted by name (values kept escaped as written),
//! so the same series pasted twice lands on one entity. A sample's time is its date label
//! (`date`, `day`, `dt`, `ds`, `timestamp`, `time`, `business_date`, `run_day`, …) when it has
//! one, else its timestamp.
//!
//! Descriptions: a family's `# HELP` text, and a free comment above samples (`# Daily revenue
//! total — last 7 days`, as people annotate what they paste) become `Description` facts on
//! the `Series` named by the bare metric name. A free comment describes every family that
//! follows it, until the next comment or a blank line.
//!
//! Well-known series are also read for what they mean: `*_build_info` → `ReportsBuild`;
//! feature-flag and toggle counters with a `not_found`-like result or error kind → `FlagNotFound`
//! (an evaluation `reason="ERROR"` otherwise → `Fallback` to the default); kube-state-metrics
//! (termination reasons, restarts, limits, replicas, autoscalers, CronJobs), cAdvisor memory and
//! throttling, cert-manager and blackbox certificate expiry → the predicates the table and
//! describe parsers also emit, so detectors need not care where a fact came from.
//!
//! Lines that are not samples (an unterminated label string, a value that is not a number)
//! are reported as unparsed; the parser carries on at the next line.

use crate::ascii::Set;
use crate::fact::{EntityId, EntityKind, Predicate, Quantity, Value, Build};
use crate::image::ImageRef;
use crate::ingest::Cx;
use crate::span::Span;
use crate::time::{parse_iso_prefix, Timestamp};
use std::borrow::Cow;
use crate::hash::{HashMap, HashSet};
use crate::number::parse_f64;
use crate::detect::{is_annotation, sample_pieces};

pub fn parse(cx: &mut Cx<'_>) {
    let mut p = Parser::default();
    // One label vector for every sample: filled in place, so samples allocate nothing here.
    let mut labels = Vec::new();
    // Consecutive lines that fail for one reason are reported as one stretch.
    let mut unread: Option<(Span, &'static str)> = None;
    // The series whose points the lines below a range result's ` =>` line give.
    let mut range: Option<&str> = None;
    for line in cx.lines() {
        let line = line.trimmed();
        let failure = if line.text.is_empty() {
            p.comment = None;
            range = None;
            None
        } else if let Some(series) = crate::detect::range_series(line.text) {
            range = Some(series);
            None
        } else if let Some(s) = range.and_then(|series| range_point(series, line.text, &mut labels)) {
            p.sample(cx, &s, line.span);
            None
        } else if let Some(rest) = line.text.strip_prefix('#') {
            p.comment_line(rest.trim(), line.span);
            None
        } else {
            match sample(line.text, &mut labels) {
                Ok(s) => {
                    p.sample(cx, &s, line.span);
                    None
                }
                // Several samples on one line, as a web page's copy may run them together.
                Err(_) if let Some(pieces) = sample_pieces(line.text) => {
                    for (at, piece) in pieces {
                        if let Ok(s) = sample(piece, &mut labels) {
                            p.sample(cx, &s, line.span.sub(at, at + piece.len()));
                        }
                    }
                    None
                }
                // A label or remark written around the samples, or a query with its result
                // (`sum(rate(x[5m])) / sum(rate(y[5m])) = 0.71`), reads like a `#` comment.
                Err(_) if is_annotation(line.text) || is_query_result(line.text) => {
                    p.comment_line(line.text.trim_end_matches('¶').trim_end().trim_end_matches(':'), line.span);
                    None
                }
                Err(reason) => Some(reason),
            }
        };
        match (failure, unread) {
            (Some(reason), Some((span, same))) if same == reason => unread = Some((span.cover(line.span), reason)),
            (Some(reason), _) => {
                if let Some((span, why)) = unread.replace((line.span, reason)) {
                    cx.unparsed(span, why);
                }
            }
            (None, _) if !line.text.is_empty() => {
                if let Some((span, why)) = unread.take() {
                    cx.unparsed(span, why);
                }
            }
            (None, _) => {}
        }
    }
    if let Some((span, why)) = unread {
        cx.unparsed(span, why);
    }
    p.finish(cx);
}

/// Samples read from something other than exposition text (the Prometheus API's JSON,
/// `prom_api`), read as the same samples written as text would be.
#[derive(Default)]
pub(crate) struct Samples<'a> {
    parser: Parser<'a>,
    labels: Vec<(&'a str, &'a str)>,
}

impl<'a> Samples<'a> {
    /// One sample of `name{labels}`, quoted by `span`.
    pub fn add(&mut self, cx: &mut Cx<'a>, name: &'a str, labels: &[(&'a str, &'a str)], value: f64, timestamp: Option<i64>, span: Span) {
        self.labels.clear();
        self.labels.extend_from_slice(labels);
        crate::sort::by_key(&mut self.labels, |(n, _)| *n);
        let s = Sample { name, labels: &self.labels, label_text: "", series: name, value, timestamp, written_sorted: false };
        self.parser.sample(cx, &s, span);
    }

    /// Matches the ratios whose halves came in separate samples.
    pub fn finish(mut self, cx: &mut Cx<'a>) {
        self.parser.finish(cx);
    }
}

/// A PromQL expression with the value it returned, as people paste from a console.
fn is_query_result(line: &str) -> bool {
    let Some((query, value)) = line.rsplit_once('=') else { return false };
    let value = value.trim_start_matches('>').trim();
    query.contains('(') && query.contains(')') && parse_f64(value).is_some()
}

/// One sample line, borrowed from the paste.
#[derive(Debug, Clone, Copy)]
struct Sample<'a, 'l> {
    name: &'a str,
    /// `name="value"` pairs in written order, values still escaped.
    labels: &'l [(&'a str, &'a str)],
    /// The text inside the braces (empty without labels).
    label_text: &'a str,
    /// The metric name with its braces, as written.
    series: &'a str,
    value: f64,
    /// Milliseconds since the epoch.
    timestamp: Option<i64>,
    /// The labels were written in name order (`labels` is in name order either way).
    written_sorted: bool,
}

impl<'a> Sample<'a, '_> {
    /// The value of a label, still escaped as written.
    fn label(&self, name: &str) -> Option<&'a str> {
        self.labels.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// The first non-empty label present among `names`.
    fn any_label(&self, names: &[&str]) -> Option<&'a str> {
        names.iter().find_map(|n| self.label(n)).filter(|v| !v.is_empty())
    }
}

/// Index of the quote that closes a label value (backslash escapes skipped), found with
/// memchr: a byte loop here was a seventh of a metrics ingest.
pub(in crate::parse) fn value_end(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
        if b[i] == b'"' {
            return Some(i);
        }
        i += 2;
    }
}

/// The bytes of a metric name (ASCII letters, digits, `_`, `:`), as a table: one load per byte.
static NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize || b == b':' as usize;
        b += 1;
    }
    table
};

/// Reads `name{labels} value [timestamp]`, filling `labels`.
fn sample<'a, 'l>(line: &'a str, labels: &'l mut Vec<(&'a str, &'a str)>) -> Result<Sample<'a, 'l>, &'static str> {
    let b = line.as_bytes();
    let skip = |mut j: usize, set: &[u8]| {
        while j < b.len() && set.contains(&b[j]) {
            j += 1;
        }
        j
    };
    let head = series_head(line, labels)?;
    let i = head.end;
    let series = &line[..i];
    if !matches!(b.get(i), Some(b' ' | b'\t')) {
        return Err(NOT_A_SAMPLE);
    }
    let value_start = skip(i, b" \t");
    // Checked only once the line failed as a sample: most lines are samples.
    let several = |otherwise: &'static str| {
        if crate::detect::is_values_row(&line[value_start..]) {
            "several values after one series (a row of numbers copied without their times): not read as samples"
        } else {
            otherwise
        }
    };
    let value_end = value_start + b[value_start..].iter().take_while(|c| !c.is_ascii_whitespace()).count();
    let value = sample_value(&line[value_start..value_end]).ok_or("the sample value is not a number")?;
    let ts_start = skip(value_end, b" \t");
    let ts_end = ts_start + b[ts_start..].iter().take_while(|c| !c.is_ascii_whitespace()).count();
    let timestamp = match &line[ts_start..ts_end] {
        "" => None,
        ts => Some(ts.parse::<i64>().map_err(|_| several("the sample timestamp is not a whole number of milliseconds"))?),
    };
    if skip(ts_end, b" \t") != b.len() {
        return Err(several(NOT_A_SAMPLE));
    }
    Ok(Sample { name: head.name, labels, label_text: head.label_text, series, value, timestamp, written_sorted: head.written_sorted })
}

/// One point of a range query's result, as `promtool query range` and Prometheus' console
/// print a matrix: the series on its own line ending in ` =>` (see
/// [`crate::detect::range_series`]), then `value @[unix seconds]` per line.
fn range_point<'a, 'l>(series: &'a str, line: &str, labels: &'l mut Vec<(&'a str, &'a str)>) -> Option<Sample<'a, 'l>> {
    let (value, seconds) = crate::detect::range_point(line)?;
    let head = series_head(series, labels).ok().filter(|h| h.end == series.len())?;
    let timestamp = Some((seconds * 1000.0) as i64);
    Some(Sample { name: head.name, labels, label_text: head.label_text, series, value, timestamp, written_sorted: head.written_sorted })
}

const NOT_A_SAMPLE: &str = "not a Prometheus sample (`name{labels} value [timestamp]`)";

/// What a series starts with (`name{a="1",b="2"}`).
struct Head<'a> {
    name: &'a str,
    /// The text inside the braces (empty without labels).
    label_text: &'a str,
    /// The offset after the name and braces.
    end: usize,
    /// The labels were written in name order.
    written_sorted: bool,
}

/// The metric name and label set a line starts with; `labels` gets the pairs, in name order.
fn series_head<'a>(line: &'a str, labels: &mut Vec<(&'a str, &'a str)>) -> Result<Head<'a>, &'static str> {
    const NOT_CLOSED: &str = "label set not closed with `}`";
    labels.clear();
    let b = line.as_bytes();
    let skip = |mut j: usize, set: &[u8]| {
        while j < b.len() && set.contains(&b[j]) {
            j += 1;
        }
        j
    };
    let mut i = 0;
    while i < b.len() && NAME_BYTE[usize::from(b[i])] {
        i += 1;
    }
    if i == 0 || b[0].is_ascii_digit() {
        return Err(NOT_A_SAMPLE);
    }
    let name = &line[..i];
    let mut label_text = "";
    if b.get(i) == Some(&b'{') {
        let start = i + 1;
        let mut j = start;
        loop {
            j = skip(j, b" \t,");
            match b.get(j) {
                Some(b'}') => break,
                None => return Err(NOT_CLOSED),
                _ => {}
            }
            let name_start = j;
            while j < b.len() && NAME_BYTE[usize::from(b[j])] && b[j] != b':' {
                j += 1;
            }
            let label = &line[name_start..j];
            j = skip(j, b" ");
            if label.is_empty() || b.get(j) != Some(&b'=') {
                return Err(NOT_A_SAMPLE);
            }
            j = skip(j + 1, b" ");
            if b.get(j) != Some(&b'"') {
                return Err(NOT_A_SAMPLE);
            }
            let value_start = j + 1;
            let value_len = value_end(&b[value_start..]).ok_or("unterminated label value string")?;
            labels.push((label, &line[value_start..value_start + value_len]));
            j = skip(value_start + value_len + 1, b" \t");
            if !matches!(b.get(j), Some(b',' | b'}')) {
                return Err(NOT_CLOSED);
            }
        }
        label_text = &line[start..j];
        i = j + 1;
    }
    // Labels in name order give the series its canonical name; the text keeps written order.
    let written_sorted = labels.windows(2).all(|w| w[0].0 < w[1].0);
    if !written_sorted {
        // The one sort on a per-line path keeps the standard library's in-place sort: the
        // shared `crate::sort` allocates an index list per call. Label names mostly differ in
        // their first byte (never empty: checked above), compared inline before the rest.
        labels.sort_unstable_by(|(a, _), (b, _)| a.as_bytes()[0].cmp(&b.as_bytes()[0]).then_with(|| a.cmp(b)));
    }
    Ok(Head { name, label_text, end: i, written_sorted })
}

/// A sample value: a float, `NaN`, `±Inf`, or thousands grouped with commas as a web page
/// may have added (`48,211`).
pub(in crate::parse) fn sample_value(word: &str) -> Option<f64> {
    if let Some(v) = parse_f64(word) {
        return Some(v);
    }
    // Thousands grouped by commas (`1,204,332`) or, as much of Europe writes them, by spaces
    // (`1 204 332`, also no-break ones); one separator throughout.
    let int = word.split_once('.').map_or(word, |(int, _)| int).trim_start_of(b"-+");
    let separator = int.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(separator, ',' | ' ' | '\u{a0}' | '\u{202f}') {
        return None;
    }
    let mut groups = int.split(separator);
    let head_ok = groups.next().is_some_and(|head| (1..=3).contains(&head.len()));
    if !head_ok || !groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    parse_f64(&word.replace(separator, ""))
}

/// The series name with labels sorted: borrowed when the text already is in that form
/// (sorted, no spaces, no trailing comma), built otherwise.
fn series_name<'a>(s: &Sample<'a, '_>) -> Cow<'a, str> {
    if s.labels.is_empty() {
        return Cow::Borrowed(s.name);
    }
    let compact_len: usize = s.labels.iter().map(|(n, v)| n.len() + v.len() + 3).sum::<usize>() + s.labels.len() - 1;
    if s.written_sorted && compact_len == s.label_text.len() {
        return Cow::Borrowed(s.series);
    }
    let mut out = String::with_capacity(s.name.len() + compact_len + 2);
    out.push_str(s.name);
    out.push('{');
    for (k, (name, value)) in s.labels.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(value);
        out.push('"');
    }
    out.push('}');
    Cow::Owned(out)
}

/// Suffixes a sample name adds to its family's name.
const FAMILY_SUFFIXES: &[&str] = &["_bucket", "_sum", "_count", "_total", "_created", "_info", "_gcount", "_gsum"];

/// A kube-state-metrics pair read at the end: a value and what it is compared with.
#[derive(Debug)]
struct Pending<'a> {
    subject: (EntityKind, Option<&'a str>, &'a str, &'a str),
    value: f64,
    span: Span,
    time: Option<Timestamp>,
}

#[derive(Default)]
struct Parser<'a> {
    /// The free comment in force, and the families it has described.
    comment: Option<(Span, &'a str)>,
    commented: Vec<&'a str>,
    help: HashMap<&'a str, (Span, &'a str)>,
    helped: HashSet<&'a str>,
    /// Families named by a `# TYPE` line.
    typed: HashSet<&'a str>,
    /// The sample name last described, so a family's samples skip the look-ups.
    last_name: &'a str,
    /// The last sample name counts flag lookups (`…flag…`, `…toggle…`, `…feature…`): decided
    /// once per family, as substring searches on every sample cost more than reading it.
    flag_family: bool,
    /// Available replicas and CFS throttled periods, matched at the end with desired
    /// replicas and all CFS periods.
    available: Vec<Pending<'a>>,
    desired: HashMap<(EntityKind, Option<&'a str>, &'a str), f64>,
    throttled: Vec<Pending<'a>>,
    periods: HashMap<(Option<&'a str>, &'a str, &'a str), f64>,
}

impl<'a> Parser<'a> {
    fn comment_line(&mut self, text: &'a str, span: Span) {
        let mut words = text.splitn(3, ' ');
        match words.next() {
            Some("HELP") => {
                if let (Some(name), Some(help)) = (words.next(), words.next()) {
                    self.help.insert(name, (span, help.trim()));
                }
                self.comment = None;
            }
            Some("TYPE") => {
                if let Some(name) = words.next() {
                    self.typed.insert(name);
                }
            }
            Some("UNIT" | "EOF") => {}
            _ if !text.is_empty() => {
                self.comment = Some((span, text));
                self.commented.clear();
            }
            _ => {}
        }
    }

    fn sample(&mut self, cx: &mut Cx<'a>, s: &Sample<'a, '_>, span: Span) {
        if s.name != self.last_name {
            self.last_name = s.name;
            self.flag_family = ["flag", "toggle", "feature"].iter().any(|w| s.name.contains(w));
            self.describe(cx, s.name);
        }
        let id = cx.entity(EntityKind::Series, None, series_name(s));
        let time = date_label(s).or(s.timestamp.map(Timestamp));
        cx.timed_fact(id, Predicate::Sample, Value::Number(s.value), time, span);
        self.interpret(cx, s, span, s.timestamp.map(Timestamp));
    }

    /// `Description` facts for the family of `name`, from its HELP and the comment above.
    /// The family is the name a `# HELP`/`# TYPE` line gave (`x` for samples `x_bucket`,
    /// `x_sum`, `x_count`), else the sample's own name.
    fn describe(&mut self, cx: &mut Cx<'a>, name: &'a str) {
        let declared = |base: &str| self.help.contains_key(base) || self.typed.contains(base);
        let family = if declared(name) {
            name
        } else {
            FAMILY_SUFFIXES.iter().filter_map(|suffix| name.strip_suffix(suffix)).find(|base| declared(base)).unwrap_or(name)
        };
        let help = self.help.get(family).copied();
        if let Some((span, text)) = help.filter(|_| self.helped.insert(family)) {
            let id = cx.entity(EntityKind::Series, None, family);
            cx.fact(id, Predicate::Description, Value::text(text), span);
        }
        if let Some((span, text)) = self.comment {
            if !self.commented.contains(&family) {
                self.commented.push(family);
                let id = cx.entity(EntityKind::Series, None, family);
                cx.fact(id, Predicate::Description, Value::text(text), span);
            }
        }
    }

    /// What well-known series mean, beyond their samples.
    fn interpret(&mut self, cx: &mut Cx<'a>, s: &Sample<'a, '_>, span: Span, time: Option<Timestamp>) {
        let name = s.name;
        if name.ends_with("_build_info") {
            build_info(cx, s, span, time);
        } else if let Some(kube) = name.strip_prefix("kube_") {
            self.kube_state(cx, kube, s, span, time);
        } else if name.starts_with("container_") {
            self.cadvisor(cx, s, span, time);
        } else if name == "certmanager_certificate_expiration_timestamp_seconds" {
            if let Some(cert) = s.label("name") {
                let id = cx.entity(EntityKind::Certificate, s.label("namespace"), cert);
                if let Some(at) = epoch_seconds(s.value) {
                    cx.timed_fact(id, Predicate::NotAfter, Value::Time(at), time, span);
                }
            }
        } else if name == "probe_ssl_earliest_cert_expiry" {
            if let Some(host) = s.any_label(&["instance", "target"]).map(host_of) {
                let id = cx.entity(EntityKind::Host, None, host);
                if let Some(at) = epoch_seconds(s.value) {
                    cx.timed_fact(id, Predicate::NotAfter, Value::Time(at), time, span);
                }
            }
        }
        if self.flag_family {
            flag_counter(cx, s, span, time);
        }
    }

    fn kube_state(&mut self, cx: &mut Cx<'a>, kube: &'a str, s: &Sample<'a, '_>, span: Span, time: Option<Timestamp>) {
        let namespace = s.label("namespace");
        let v = s.value;
        if let Some(what) = kube.strip_prefix("pod_container_") {
            let (Some(pod), Some(container)) = (s.label("pod"), s.label("container")) else { return };
            let reason = || s.label("reason").map(Value::text);
            let (predicate, value) = match what {
                "status_last_terminated_reason" if v == 1.0 => (Predicate::LastStateReason, reason()),
                "status_terminated_reason" | "status_waiting_reason" if v == 1.0 => (Predicate::StateReason, reason()),
                "status_last_terminated_exitcode" => (Predicate::LastExitCode, Some(Value::Number(v))),
                "status_restarts_total" => (Predicate::Restarts, Some(Value::Number(v))),
                "resource_limits" | "resource_requests" => {
                    let limit = what == "resource_limits";
                    match s.label("resource") {
                        Some("memory") => (if limit { Predicate::MemoryLimit } else { Predicate::MemoryRequest }, Some(quantity(v))),
                        Some("cpu") => (if limit { Predicate::CpuLimit } else { Predicate::CpuRequest }, Some(quantity(v))),
                        _ => return,
                    }
                }
                _ => return,
            };
            if let Some(value) = value {
                let id = cx.container(namespace, pod, container, span);
                cx.timed_fact(id, predicate, value, time, span);
            }
            return;
        }
        if kube == "pod_status_phase" && v == 1.0 {
            if let (Some(pod), Some(phase)) = (s.label("pod"), s.label("phase")) {
                let id = cx.pod(namespace, pod, span);
                cx.timed_fact(id, Predicate::Status, Value::text(phase), time, span);
            }
            return;
        }
        if kube == "cronjob_info" {
            cronjob_info(cx, s, span, time);
            return;
        }
        if let Some(what) = kube.strip_prefix("job_") {
            job_state(cx, what, s, span, time);
            return;
        }
        let workload = |label: &str, kind: EntityKind| s.label(label).map(|name| (kind, name));
        let (kind, object, predicate, value) = match kube {
            "deployment_spec_replicas" | "statefulset_replicas" => {
                let Some((kind, name)) = workload("deployment", EntityKind::Deployment).or_else(|| workload("statefulset", EntityKind::StatefulSet)) else { return };
                self.desired.insert((kind.clone(), namespace, name), v);
                (kind, name, Predicate::Replicas, Value::Number(v))
            }
            "deployment_status_replicas_available" | "statefulset_status_replicas_ready" => {
                if let Some((kind, name)) = workload("deployment", EntityKind::Deployment).or_else(|| workload("statefulset", EntityKind::StatefulSet)) {
                    self.available.push(Pending { subject: (kind, namespace, name, ""), value: v, span, time });
                }
                return;
            }
            "horizontalpodautoscaler_status_current_replicas" | "hpa_status_current_replicas" => {
                let Some(name) = s.any_label(&["horizontalpodautoscaler", "hpa"]) else { return };
                (EntityKind::HorizontalPodAutoscaler, name, Predicate::CurrentReplicas, Value::Number(v))
            }
            "horizontalpodautoscaler_spec_max_replicas" | "hpa_spec_max_replicas" => {
                let Some(name) = s.any_label(&["horizontalpodautoscaler", "hpa"]) else { return };
                (EntityKind::HorizontalPodAutoscaler, name, Predicate::MaxReplicas, Value::Number(v))
            }
            "horizontalpodautoscaler_spec_min_replicas" | "hpa_spec_min_replicas" => {
                let Some(name) = s.any_label(&["horizontalpodautoscaler", "hpa"]) else { return };
                (EntityKind::HorizontalPodAutoscaler, name, Predicate::MinReplicas, Value::Number(v))
            }
            "cronjob_spec_suspend" => {
                let Some(name) = s.label("cronjob") else { return };
                (EntityKind::CronJob, name, Predicate::Suspended, Value::Bool(v != 0.0))
            }
            "cronjob_status_last_schedule_time" => {
                let (Some(name), Some(at)) = (s.label("cronjob"), epoch_seconds(v)) else { return };
                let id = cx.entity(EntityKind::CronJob, namespace, name);
                cx.timed_fact(id, Predicate::LastScheduled, Value::Time(at), time.or(Some(at)), span);
                return;
            }
            "cronjob_status_active" => {
                let Some(name) = s.label("cronjob") else { return };
                (EntityKind::CronJob, name, Predicate::Active, Value::Number(v))
            }
            _ => return,
        };
        let id = cx.entity(kind, namespace, object);
        cx.timed_fact(id, predicate, value, time, span);
    }

    /// cAdvisor: working set memory, and CFS throttling (matched with all periods at the end).
    fn cadvisor(&mut self, cx: &mut Cx<'a>, s: &Sample<'a, '_>, span: Span, time: Option<Timestamp>) {
        let (Some(pod), Some(container)) = (s.label("pod"), s.label("container")) else { return };
        // `container=""` and `POD` are the pod's cgroup and the pause container: not workloads.
        if container.is_empty() || container == "POD" {
            return;
        }
        let namespace = s.label("namespace");
        match s.name {
            "container_memory_working_set_bytes" => {
                let id = cx.container(namespace, pod, container, span);
                cx.timed_fact(id, Predicate::MemoryUsage, quantity(s.value), time, span);
            }
            "container_cpu_cfs_throttled_periods_total" => {
                self.throttled.push(Pending { subject: (EntityKind::Container, namespace, pod, container), value: s.value, span, time });
            }
            "container_cpu_cfs_periods_total" => {
                self.periods.insert((namespace, pod, container), s.value);
            }
            _ => {}
        }
    }

    /// Ratios whose two halves may come in any order: ready/desired replicas, throttled/all
    /// CFS periods.
    fn finish(&mut self, cx: &mut Cx<'a>) {
        for p in std::mem::take(&mut self.available) {
            let (kind, namespace, name, _) = p.subject;
            if let Some(desired) = self.desired.get(&(kind.clone(), namespace, name)).copied() {
                let id = cx.entity(kind, namespace, name);
                cx.timed_fact(id, Predicate::Ready, Value::Ratio { num: p.value, den: desired }, p.time, p.span);
            }
        }
        for p in std::mem::take(&mut self.throttled) {
            let (_, namespace, pod, container) = p.subject;
            if let Some(periods) = self.periods.get(&(namespace, pod, container)).copied() {
                let id = cx.container(namespace, pod, container, p.span);
                cx.timed_fact(id, Predicate::Throttled, Value::Ratio { num: p.value, den: periods }, p.time, p.span);
            }
        }
    }
}

/// `app_build_info{version="2.3.1",commit="0a6d3e52"} 1` → what the running app says it is.
/// The subject is the pod when the series names one, else the program its `job`/`app`/
/// `service` label names, else the metric's prefix (`app` for `app_build_info`).
fn build_info<'a>(cx: &mut Cx<'a>, s: &Sample<'a, '_>, span: Span, time: Option<Timestamp>) {
    let version = s.any_label(&["version", "app_version", "gitVersion", "git_version", "release"]).filter(|v| *v != "(devel)");
    let commit = s.any_label(&["commit", "revision", "git_commit", "gitCommit", "git_sha", "commit_sha", "sha", "vcs_revision"]);
    if version.is_none() && commit.is_none() {
        return;
    }
    let image = s.label("image").and_then(ImageRef::parse);
    let build = Build { image, version: version.map(str::to_string), commit: commit.map(str::to_string) };
    let subject: EntityId = match (s.label("namespace"), s.label("pod")) {
        (namespace, Some(pod)) if !pod.is_empty() => cx.pod(namespace, pod, span),
        _ => {
            let program = s
                .any_label(&["job", "app", "service", "application", "app_kubernetes_io_name", "container"])
                .unwrap_or_else(|| s.name.strip_suffix("_build_info").unwrap_or(s.name));
            cx.entity(EntityKind::LogSource, None, program)
        }
    };
    cx.timed_fact(subject, Predicate::ReportsBuild, Value::Build(Box::new(build)), time, span);
}

/// A flag counter's value as a query over it returned it (an aggregation or rate that kept
/// the labels but dropped the name): read as that counter's sample would be.
pub fn flag_lookups(cx: &mut Cx<'_>, metric: &str, labels: &[(&str, &str)], value: f64, time: Option<Timestamp>, span: Span) {
    if !["flag", "toggle", "feature"].iter().any(|w| metric.contains(w)) {
        return;
    }
    let s = Sample { name: metric, labels, label_text: "", series: metric, value, timestamp: None, written_sorted: false };
    flag_counter(cx, &s, span, time);
}

/// Labels that name the flag a counter is about, flag-specific ones first.
const FLAG_LABELS: &[&str] =
    &["flag", "flag_key", "flagKey", "flag_name", "feature_flag_key", "feature_flag", "toggle", "toggle_name", "feature", "feature_name", "feature_key", "key", "name"];

/// `feature_flag_check_total{flag="x",result="not_found"} 7318`,
/// `ld_flag_evaluations_total{flag_key="x",reason="ERROR",error_kind="FLAG_NOT_FOUND"}`,
/// `unleash_toggle_lookup_total{toggle="x",result="not_found"}` → the flag was missing that
/// many times. An evaluation that ended in an error (`reason="ERROR"`) for another or no
/// stated cause served the code's default: a fallback.
fn flag_counter(cx: &mut Cx<'_>, s: &Sample<'_, '_>, span: Span, time: Option<Timestamp>) {
    if s.value.is_nan() || s.value <= 0.0 {
        return;
    }
    let Some(flag) = s.any_label(FLAG_LABELS) else { return };
    let outcomes = || s.labels.iter().filter(|(name, _)| is_outcome_label(name));
    if outcomes().any(|(name, value)| says_not_found(name, value)) {
        let id = cx.entity(EntityKind::FeatureFlag, None, flag);
        cx.timed_fact(id, Predicate::FlagNotFound, Value::Number(s.value), time, span);
    } else if outcomes().any(|(name, value)| is_reason_label(name) && value.eq_ignore_ascii_case("error")) {
        let id = cx.entity(EntityKind::FeatureFlag, None, flag);
        cx.timed_fact(id, Predicate::Fallback, Value::text("the default value"), time, span);
    }
}

/// Labels that say how a lookup ended: `result`, `status`, an evaluation reason (`reason`,
/// `reasonKind`, OpenTelemetry's `feature_flag_reason`), and error kinds and codes
/// (`error_kind`, `errorCode`, `error_type`, flagd's `feature_flag_error_code`).
fn is_outcome_label(name: &str) -> bool {
    matches!(name, "result" | "status" | "outcome" | "code")
        || ["_result", "_status", "_outcome"].iter().any(|s| name.ends_with(s))
        || is_reason_label(name)
        || name.starts_with("error")
        || name.contains("_error")
}

fn is_reason_label(name: &str) -> bool {
    name.starts_with("reason") || name.ends_with("_reason")
}

/// A label value that says a lookup found nothing: `not_found`, `FLAG_NOT_FOUND`, `missing`;
/// `unknown` and `undefined` too, except as an evaluation `reason`, where OpenFeature's
/// `UNKNOWN` means the reason is unknown, not the flag.
fn says_not_found(label: &str, value: &str) -> bool {
    let mut word = [0u8; 24];
    let mut len = 0;
    for b in value.bytes().filter(u8::is_ascii_alphanumeric) {
        if len == word.len() {
            return false;
        }
        word[len] = b.to_ascii_lowercase();
        len += 1;
    }
    let word = &word[..len];
    word.ends_with(b"notfound")
        || matches!(word, b"missing" | b"nonexistent" | b"doesnotexist")
        || !is_reason_label(label) && matches!(word, b"unknown" | b"undefined")
}

/// A sample's date label as its time: `date="2024-12-08"`, `business_date="2025-05-14"`,
/// `timestamp="1733616000"` (see [`crate::time::is_time_axis_label`]).
fn date_label(s: &Sample<'_, '_>) -> Option<Timestamp> {
    for &(name, value) in s.labels {
        if !crate::time::is_time_axis_label(name) {
            continue;
        }
        if let Some(parsed) = parse_iso_prefix(value).filter(|p| p.len == value.len()) {
            return Some(parsed.time);
        }
        // Epoch numbers only under a name that says time; `hour="13"` is no moment.
        if let Some(n) = value.parse::<i64>().ok().filter(|_| matches!(name, "timestamp" | "time" | "ts")) {
            return Some(Timestamp(if n.abs() < 100_000_000_000 { n * 1000 } else { n }));
        }
    }
    None
}

/// Seconds since the epoch (kube-state-metrics and cert-manager values) as a time.
/// `kube_cronjob_info`: a CronJob's schedule and concurrency policy, which kube-state-metrics
/// prints as labels of an info series (value 1).
fn cronjob_info(cx: &mut Cx<'_>, s: &Sample<'_, '_>, span: Span, time: Option<Timestamp>) {
    let Some(name) = s.label("cronjob") else { return };
    let id = cx.entity(EntityKind::CronJob, s.label("namespace"), name);
    if let Some(schedule) = s.any_label(&["schedule"]) {
        cx.timed_fact(id, Predicate::Schedule, Value::text(schedule), time, span);
    }
    if let Some(policy) = s.any_label(&["concurrency_policy"]) {
        cx.timed_fact(id, Predicate::ConcurrencyPolicy, Value::text(policy), time, span);
    }
}

/// kube-state-metrics' `kube_job_*` series: the CronJob that owns a Job, its running pods,
/// when it started and finished, and whether it completed or failed — what `kubectl get
/// jobs` and `describe job` would show, so a stuck run reads the same from a scrape.
fn job_state(cx: &mut Cx<'_>, what: &str, s: &Sample<'_, '_>, span: Span, time: Option<Timestamp>) {
    let Some(name) = s.label("job_name") else { return };
    let namespace = s.label("namespace");
    let job = cx.entity(EntityKind::Job, namespace, name);
    let v = s.value;
    let (predicate, value) = match what {
        "owner" => {
            if let (Some("CronJob"), Some(owner)) = (s.label("owner_kind"), s.any_label(&["owner_name"])) {
                let cronjob = cx.entity(EntityKind::CronJob, namespace, owner);
                cx.owner(job, cronjob, span);
            }
            return;
        }
        "status_active" => (Predicate::Active, Value::Number(v)),
        // A start or finish is an event at the time it states, as `startTime` in the Job's
        // YAML is: these past moments are what set the paste's "now" when nothing else does.
        "status_start_time" | "status_completion_time" => {
            let Some(at) = epoch_seconds(v) else { return };
            let predicate = if what == "status_start_time" { Predicate::StartedAt } else { Predicate::FinishedAt };
            cx.timed_fact(job, predicate, Value::Time(at), time.or(Some(at)), span);
            return;
        }
        // `kube_job_complete{condition="true"} 1`: the Job's Complete (or Failed) condition holds.
        "complete" | "failed" if v == 1.0 && s.label("condition") == Some("true") => {
            (Predicate::Status, Value::text(if what == "complete" { "Complete" } else { "Failed" }))
        }
        _ => return,
    };
    cx.timed_fact(job, predicate, value, time, span);
}

fn epoch_seconds(v: f64) -> Option<Timestamp> {
    (v.is_finite() && v > 0.0 && v < 1e13).then(|| Timestamp((v * 1000.0).round() as i64))
}

/// A byte or core count as a quantity.
fn quantity(v: f64) -> Value {
    Value::Quantity(Quantity { text: crate::fact::format_number(v), value: v })
}

/// The host of a probe target: `https://api.example.com:443/health` → `api.example.com`.
fn host_of(target: &str) -> &str {
    let rest = target.split_once("://").map_or(target, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads one line with a label vector of its own (leaked: tests only).
    fn read(line: &'static str) -> Result<Sample<'static, 'static>, &'static str> {
        sample(line, Box::leak(Box::default()))
    }

    #[test]
    fn samples_with_escapes_timestamps_and_odd_values() {
        let s = read(r#"http_requests_total{path="/a\"b\\",code="200"} 1027 1700000000000"#).unwrap();
        assert_eq!((s.name, s.value, s.timestamp), ("http_requests_total", 1027.0, Some(1_700_000_000_000)));
        assert_eq!(s.label("path"), Some(r#"/a\"b\\"#));
        assert_eq!(series_name(&s), r#"http_requests_total{code="200",path="/a\"b\\"}"#);
        assert!(read("up NaN").unwrap().value.is_nan());
        assert_eq!(read("x{le=\"+Inf\"} +Inf").unwrap().value, f64::INFINITY);
        assert_eq!(read("x -Inf").unwrap().value, f64::NEG_INFINITY);
        assert_eq!(read("x 48,211").unwrap().value, 48211.0);
        assert_eq!(read("x 1.5e+06").unwrap().value, 1.5e6);
        assert!(matches!(series_name(&read("x{a=\"1\",b=\"2\"} 1").unwrap()), Cow::Borrowed(_)));
        assert_eq!(series_name(&read("x{ b=\"2\", a=\"1\", } 1").unwrap()), "x{a=\"1\",b=\"2\"}");
    }

    #[test]
    fn labels_and_remarks_around_samples_are_comments() {
        let paste = "$ curl -s localhost:9090/metrics\nPrometheus (last 1h):\njobs_done{q=\"a\"} 12\njobs_done{q=\"b\"} 14\nflat since 09:30, nothing odd there.\n";
        let ingest = crate::ingest(paste);
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
        assert_eq!(ingest.facts.with(crate::fact::Predicate::Sample).count(), 2);
        let query = "$ curl -s localhost:9090/metrics\nsum(rate(throttled[5m])) / sum(rate(periods[5m])) = 0.71\nup 1\n";
        assert!(crate::ingest(query).unparsed.is_empty());
        // A broken sample is still reported.
        assert_eq!(crate::ingest("$ curl -s localhost:9090/metrics\njobs_done{q=\"a} 12\n").unparsed.len(), 1);
    }

    #[test]
    fn a_range_result_as_promtool_prints_it() {
        let paste = "$ promtool query range --step=24h http://prom:9090 'rows_loaded'\nrows_loaded{region=\"north\", job=\"pushgateway\"} =>\n3420118 @[1741154400]\n287114 @[1741240800]\n";
        let ingest = crate::ingest(paste);
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
        let samples: Vec<String> = ingest
            .facts
            .with(crate::fact::Predicate::Sample)
            .map(|f| format!("{} {} @ {}", ingest.facts.entity_of(f.subject), ingest.facts.display_value(&f.value), f.time.map_or("-".into(), |t| t.date())))
            .collect();
        assert_eq!(samples, ["series rows_loaded{job=\"pushgateway\",region=\"north\"} 3420118 @ 2025-03-05", "series rows_loaded{job=\"pushgateway\",region=\"north\"} 287114 @ 2025-03-06"]);
    }

    #[test]
    fn kube_state_cronjob_and_job_series_read_as_describe_would() {
        let paste = "$ curl -s ksm:8080/metrics\n\
kube_cronjob_info{namespace=\"ops\",cronjob=\"purge\",schedule=\"15 1 * * *\",concurrency_policy=\"Forbid\"} 1\n\
kube_job_owner{namespace=\"ops\",job_name=\"purge-1\",owner_kind=\"CronJob\",owner_name=\"purge\",owner_is_controller=\"true\"} 1\n\
kube_job_status_active{namespace=\"ops\",job_name=\"purge-1\"} 1\n\
kube_job_status_start_time{namespace=\"ops\",job_name=\"purge-1\"} 1.752196503e+09\n\
kube_job_complete{namespace=\"ops\",job_name=\"purge-0\",condition=\"true\"} 1\n\
kube_job_complete{namespace=\"ops\",job_name=\"purge-1\",condition=\"true\"} 0\n";
        let ingest = crate::ingest(paste);
        let facts: Vec<String> = ingest
            .facts
            .all()
            .iter()
            .filter(|f| f.predicate != Predicate::Sample && f.predicate != Predicate::Description)
            .map(|f| format!("{} {:?} {}{}", ingest.facts.entity_of(f.subject), f.predicate, ingest.facts.display_value(&f.value), f.time.map_or("", |_| " (timed)")))
            .collect();
        assert_eq!(
            facts,
            [
                "cronjob ops/purge Schedule 15 1 * * *",
                "cronjob ops/purge ConcurrencyPolicy Forbid",
                "job ops/purge-1 OwnedBy cronjob ops/purge",
                "job ops/purge-1 Active 1",
                // A start is an event at the time it states, which can set the paste's "now".
                "job ops/purge-1 StartedAt 2025-07-11T01:15:03Z (timed)",
                "job ops/purge-0 Status Complete",
            ]
        );
    }

    #[test]
    fn broken_lines_say_why() {
        assert_eq!(read(r#"x{a="open} 1"#).unwrap_err(), "unterminated label value string");
        assert_eq!(read(r#"x{a="ends in an escape\"#).unwrap_err(), "unterminated label value string");
        assert_eq!(read(r#"x{a:b="1"} 1"#).unwrap_err(), "not a Prometheus sample (`name{labels} value [timestamp]`)");
        assert_eq!(read("x{a=\"1\" 1").unwrap_err(), "label set not closed with `}`");
        assert_eq!(read("x 12abc").unwrap_err(), "the sample value is not a number");
        assert_eq!(read("x 1,2345").unwrap_err(), "the sample value is not a number");
        assert_eq!(read("x 1 soon").unwrap_err(), "the sample timestamp is not a whole number of milliseconds");
        assert!(read("Dashboard shows revenue").is_err());
        // A row of values is not one number, nor a value and a timestamp.
        assert_eq!(
            read(r#"task_duration_seconds{dag_id="x"} 702 725 658 681 51 48"#).unwrap_err(),
            "several values after one series (a row of numbers copied without their times): not read as samples"
        );
    }

    #[test]
    fn date_labels_and_hosts() {
        let s = read(r#"revenue{date="2024-12-08"} 39874"#).unwrap();
        assert_eq!(date_label(&s).map(|t| t.to_string()).as_deref(), Some("2024-12-08T00:00:00Z"));
        assert_eq!(date_label(&read(r#"x{date="yesterday"} 1"#).unwrap()), None);
        let s = read(r#"settled{job="recon",business_date="2025-05-14"} 186412"#).unwrap();
        assert_eq!(date_label(&s).map(|t| t.to_string()).as_deref(), Some("2025-05-14T00:00:00Z"));
        assert_eq!(date_label(&read(r#"x{run_day="2025-05-14"} 1"#).unwrap()).map(|t| t.date()).as_deref(), Some("2025-05-14"));
        assert_eq!(date_label(&read(r#"x{holiday="2025-05-14"} 1"#).unwrap()), None);
        assert_eq!(host_of("https://api.example.com:443/health"), "api.example.com");
        assert_eq!(host_of("db.internal:5432"), "db.internal");
    }
    /// `flag predicate value` of the flag facts a metrics paste yields.
    fn flag_facts(samples: &str) -> Vec<String> {
        let ingest = crate::ingest(&format!("$ curl -s localhost:9090/metrics\n{samples}"));
        ingest
            .facts
            .all()
            .iter()
            .filter(|f| matches!(f.predicate, Predicate::FlagNotFound | Predicate::Fallback))
            .map(|f| format!("{} {:?} {}", ingest.facts.entity_of(f.subject), f.predicate, ingest.facts.display_value(&f.value)))
            .collect()
    }

    #[test]
    fn flag_lookups_that_found_nothing() {
        // A `result`, an error kind beside an evaluation reason, and a toggle label.
        let samples = "feature_flag_check_total{flag=\"a-1\",result=\"not_found\"} 7\n\
                       ld_flag_evaluations_total{flag_key=\"b-2\",reason=\"ERROR\",error_kind=\"FLAG_NOT_FOUND\"} 48213\n\
                       unleash_toggle_lookup_total{toggle=\"c.3\",result=\"not_found\"} 1,284,003\n\
                       openfeature_evaluations_total{feature_key=\"d_4\",reason=\"ERROR\",errorCode=\"FLAG_NOT_FOUND\"} 9\n\
                       flag_lookups_total{feature=\"e\",status=\"missing\"} 3\n\
                       feature_flag_evaluation_error_total{feature_flag_key=\"f.g\",error_type=\"FLAG_NOT_FOUND\"} 61,208\n\
                       feature_flag_flagd_evaluation_reasons_total{feature_flag_key=\"h.i\",feature_flag_reason=\"ERROR\",feature_flag_error_code=\"FLAG_NOT_FOUND\"} 1.482211e+06\n";
        assert_eq!(
            flag_facts(samples),
            [
                "flag a-1 FlagNotFound 7",
                "flag b-2 FlagNotFound 48213",
                "flag c.3 FlagNotFound 1284003",
                "flag d_4 FlagNotFound 9",
                "flag e FlagNotFound 3",
                "flag f.g FlagNotFound 61208",
                "flag h.i FlagNotFound 1482211"
            ]
        );
    }

    #[test]
    fn flag_evaluation_errors_serve_the_default() {
        let samples = "openfeature_evaluations_total{flag_key=\"x\",reason=\"ERROR\",variant=\"default\"} 22871\n\
                       ld_flag_evaluations_total{flag_key=\"y\",reasonKind=\"ERROR\",errorKind=\"WRONG_TYPE\"} 4\n";
        assert_eq!(flag_facts(samples), ["flag x Fallback the default value", "flag y Fallback the default value"]);
    }

    #[test]
    fn flag_look_alikes_state_nothing() {
        // Found flags, an unknown evaluation reason (OpenFeature's UNKNOWN), a zero count,
        // `unknown` in a label that is no outcome, and a not-found count that is no flag's.
        let samples = "unleash_toggle_lookup_total{toggle=\"a\",result=\"found\"} 2\n\
                       openfeature_evaluations_total{flag_key=\"b\",reason=\"UNKNOWN\"} 5\n\
                       feature_flag_evaluation_success_total{feature_flag_key=\"b2\",feature_flag_reason=\"UNKNOWN\"} 5\n\
                       flag_lookups_total{flag=\"c\",result=\"not_found\"} 0\n\
                       flag_lookups_total{flag=\"d\",env=\"unknown\",result=\"ok\"} 8\n\
                       openfeature_evaluations_total{flag_key=\"e\",reason=\"TARGETING_MATCH\",error_code=\"TARGETING_KEY_MISSING\"} 1\n\
                       http_requests_total{key=\"f\",status=\"not_found\"} 12\n";
        assert_eq!(flag_facts(samples), Vec::<String>::new());
    }

    #[test]
    fn several_samples_on_one_line() {
        let paste = "$ curl -s localhost:9090/metrics\nquotes_total{model=\"a\"} 1,284,003 quotes_total{model=\"b b\"} 0\nquotes_total{model=\"c\"} 7\n";
        let ingest = crate::ingest(paste);
        assert!(ingest.unparsed.is_empty(), "{:?}", ingest.unparsed);
        let quotes: Vec<&str> = ingest.facts.with(Predicate::Sample).map(|f| f.span.text(paste)).collect();
        assert_eq!(quotes, ["quotes_total{model=\"a\"} 1,284,003", "quotes_total{model=\"b b\"} 0", "quotes_total{model=\"c\"} 7"]);
        // A sample and a remark after it are not two samples.
        assert!(crate::detect::sample_pieces("x{a=\"1\"} 1 ms").is_none());
        assert!(crate::detect::sample_pieces("Total 5 Failed 2").is_none());
        assert!(crate::detect::sample_pieces("x{a=\"1 y{\"} 1 y{b=\"}\"} 2").is_some());
    }
}
