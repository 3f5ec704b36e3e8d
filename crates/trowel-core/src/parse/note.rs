//! Parser for `note` artifacts: prose (titles, descriptions, ticket text, questions).
//!
//! Prose states few facts outright, but it names things: a version ("released as 2.8.0 on
//! Monday"), an image, a digest, a commit, an address, a Kubernetes object, a date, a
//! duration, a percentage or a large count. Each becomes a `Mentions` fact quoting its
//! sentence. The subject is the one image or Kubernetes object the sentence names, when it
//! names exactly one (so "deployment/web was bumped to v2.5.0" is about deployment/web);
//! otherwise a `LogSource` entity called `note`, which stands for the paste's prose as a
//! whole. Headings name sections, not things, and produce no facts.
//!
//! Web consoles (Lens, Rancher, Headlamp) copy as prose with tables inside and no blank lines
//! around them. An events table among the prose (a header naming type, reason and message
//! columns, then rows that start with `Normal` or `Warning`) is read as events, about the
//! object its caption names (`Events (pod web-7c9f-x2k4q)`).

use crate::ascii::Set;
use crate::extract::{is_count_noun, scan, Found, What};
use crate::fact::{Build, EntityId, EntityKind, EventRecord, Level, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::parse::table::grid::Header;
use crate::parse::table::value::{event_age, kind_and_name};
use crate::parse::describe::{object_named_before, EVENTS_HEADER};
use crate::parse::table::{event_about, is_rule, object_entity, push_event, reports_on_pods};
use crate::segment::heading;

/// The entity prose mentions hang on when no single object is named.
const NOTE_SUBJECT: &str = "note";

pub fn parse(cx: &mut Cx<'_>) {
    let lines: Vec<Line<'_>> = cx.lines().collect();
    let mut after_blank = true;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let text = line.text.trim();
        let is_heading = heading(text, after_blank).is_some();
        after_blank = text.is_empty();
        if text.is_empty() || is_heading || text.starts_with("```") {
            continue;
        }
        if is_events_header(text) {
            let caption = lines[..i - 1].iter().rev().find(|l| !l.is_blank()).copied();
            i += events_table(cx, line, caption, &lines[i..]);
            continue;
        }
        if headerless_event(cx, line) || described_event(cx, line) || sync_notification(cx, line) || crate::parse::flows::read_vpc_flow_log(cx, text, line.trimmed().span)
            || crate::parse::pulls::read_runtime_error(cx, text, None, line.trimmed().span)
        {
            continue;
        }
        issue_card(cx, line, &lines[..i - 1]);
        console_message(cx, line);
        span_message(cx, line, &lines[i..]);
        quoted_snippet(cx, &lines[..i - 1], &lines[i - 1..]);
        // A chat notification lists what a GitOps controller applied among its prose
        // (`NetworkPolicy/shop/deny-all created`): each such line is that change, untimed.
        // Only the `kind/name` form: three words of prose ("everything got deleted") are not.
        let names_object = text.split_whitespace().next().is_some_and(|w| w.contains('/'));
        if names_object && crate::parse::changes::changed_object(text).is_some() {
            crate::parse::changes::record_change(cx, text, None, None, line.trimmed().span);
        }
        for sentence in sentences(line) {
            mentions(cx, sentence);
            quoted_log(cx, sentence);
        }
    }
}

/// A GitOps notification copied from chat, worded as argocd-notifications' templates word it
/// (`:warning: Application *shop* sync status is *OutOfSync*`, `Application shop has been
/// successfully synced`): the app's `SyncStatus`. Chat markup around the name is dropped.
fn sync_notification(cx: &mut Cx<'_>, line: Line<'_>) -> bool {
    let text = line.text.trim();
    let Some(at) = crate::ascii::find_ci(text, "application ") else { return false };
    let rest = &text[at + "application ".len()..];
    let Some((name, said)) = rest.split_once(char::is_whitespace) else { return false };
    let name = name.trim_matches(|c: char| "*_`'\"".contains(c));
    let said = said.trim_start();
    let reports = crate::ascii::starts_with_ci(said, "sync") || crate::ascii::starts_with_ci(said, "has ");
    let status = crate::parse::message::sync_status(said);
    let (true, Some(status)) = (reports && crate::parse::message::is_name(name) && !name.is_empty(), status) else { return false };
    let app = cx.entity(EntityKind::GitOpsApp, None, name);
    cx.fact(app, Predicate::SyncStatus, Value::text(status), line.span);
    true
}

/// Most words an events header has (`Type Reason Message Source First seen Last seen Count`).
const MAX_EVENTS_HEADER_WORDS: usize = 10;

/// A header of event columns: type, reason and message, in any case and order.
fn is_events_header(text: &str) -> bool {
    text.split_whitespace().count() <= MAX_EVENTS_HEADER_WORDS && {
        let header = Header::parse(Line { text, span: crate::span::Span::default() });
        header.has("TYPE") && header.has("REASON") && header.has("MESSAGE")
    }
}

/// Reads the event rows under `header` (those that start with an event type) as events about
/// the object `caption` names, else the object each row names. Returns how many rows it read.
fn events_table<'a>(cx: &mut Cx<'a>, header: Line<'a>, caption: Option<Line<'a>>, rest: &[Line<'a>]) -> usize {
    let header = Header::parse(header.trimmed());
    let about = caption.and_then(|c| events_caption(c.text.trim()).map(|object| (object, c.trimmed().span)));
    let about = about.map(|((kind, name), span)| object_entity(cx, &kind, None, name, span));
    // `kubectl describe`'s columns name no object: the rows are about the object described,
    // which a caption or the paste before them names.
    let names_object = header.has("OBJECT") || header.has("NAME");
    let named_before = if about.is_none() && !names_object { object_named_before(cx.facts()).map(|(id, _)| id) } else { None };
    // Kubectl underlines describe's header with dashes.
    let rules = rest.iter().take_while(|l| is_rule(l.text)).count();
    let rows = rest[rules..].iter().take_while(|l| matches!(l.text.split_whitespace().next(), Some("Normal" | "Warning"))).count();
    for line in &rest[rules..rules + rows] {
        match header.read(line.trimmed()) {
            Ok(row) if named_before.is_some() && !reports_on_pods(&row) => {}
            Ok(row) => event_about(cx, None, about.or(named_before), &row),
            Err(misfit) => cx.unparsed(line.span, misfit.reason()),
        }
    }
    rules + rows
}

/// An event row of `kubectl describe` quoted without its header (`Warning  Unhealthy  4m (x9
/// over 26h)  kubelet  Liveness probe failed: …`): type, reason, age, source, message. The
/// row names no object; it is about the object the paste named before it (the one pod, or
/// the one workload whose replicas it named). The age in the third column is what tells the
/// row from a sentence that starts with "Warning".
fn described_event(cx: &mut Cx<'_>, line: Line<'_>) -> bool {
    let text = line.text.trim();
    let mut words = text.split_whitespace();
    let (Some("Normal" | "Warning"), Some(reason), Some(age)) = (words.next(), words.next(), words.next()) else { return false };
    let is_reason = reason.starts_with(|c: char| c.is_ascii_uppercase()) && reason.bytes().all(|b| b.is_ascii_alphanumeric());
    if !is_reason || event_age(age).is_none() {
        return false;
    }
    let Some((about, _)) = object_named_before(cx.facts()) else { return false };
    let header = Header::synthetic(EVENTS_HEADER);
    match header.read(line.trimmed()) {
        Ok(row) if row.text("AGE").and_then(event_age).is_some() && row.text("MESSAGE").is_some() && reports_on_pods(&row) => {
            event_about(cx, None, Some(about), &row);
            true
        }
        _ => false,
    }
}

/// An event row a console copied without its header (Rancher's "Recent Events", an
/// observability tool's event stream): maybe the time of day or age it was seen (`04:10`,
/// `5m`, which give no date), type, reason, the object, the message, and maybe `(x212 over
/// 38m)`. Only a row whose word after the reason is an object (`pod/x`, or a pod name
/// Kubernetes generated) is read: without the header, that word is what tells the row from
/// a sentence that starts with "Warning".
fn headerless_event(cx: &mut Cx<'_>, line: Line<'_>) -> bool {
    let mut text = line.text.trim();
    if let Some((first, rest)) = text.split_once(char::is_whitespace) {
        if is_time_of_day(first) || event_age(first).is_some() {
            text = rest.trim_start();
        }
    }
    let mut words = text.split_whitespace();
    let (Some(kind @ ("Normal" | "Warning")), Some(reason), Some(object)) = (words.next(), words.next(), words.next()) else { return false };
    let is_reason = reason.starts_with(|c: char| c.is_ascii_uppercase()) && reason.bytes().all(|b| b.is_ascii_alphanumeric());
    let named = kind_and_name(object).or_else(|| crate::names::pod_owner(object).map(|_| ("pod", object)));
    let Some((object_kind, name)) = named.filter(|_| is_reason) else { return false };
    // The message runs from after the object word; a trailing `(xN over D)` counts repeats.
    let after_object = text.find(reason).map(|at| at + reason.len()).and_then(|at| text[at..].find(object).map(|o| at + o + object.len()));
    let Some(message) = after_object.map(|at| text[at..].trim()) else { return false };
    let (message, age) = match message.rfind(" (x") {
        Some(at) => match event_age(&format!("- {}", message[at..].trim())) {
            Some(age) => (message[..at].trim_end(), Some(age)),
            None => (message, None),
        },
        None => (message, None),
    };
    let span = line.trimmed().span;
    // The namespace of the command the rows came from (a caption such as `Events (kubectl
    // get events -n shop)`), so the object is the one other artifacts name.
    let namespace = cx.namespace();
    let subject = object_entity(cx, &EntityKind::from_k8s(object_kind), namespace, name, span);
    cx.implied_owner(subject, namespace, span);
    let record = EventRecord {
        kind: kind.to_string(),
        reason: reason.to_string(),
        message: message.to_string(),
        count: age.and_then(|a| a.count),
        last_seen_ago: None,
        first_seen_ago: age.and_then(|a| a.first).map(|s| s as u64),
    };
    push_event(cx, namespace, subject, record, span);
    true
}

/// `04:10` or `04:10:59`: a time of day.
fn is_time_of_day(word: &str) -> bool {
    let mut parts = word.split(':');
    let two_digits = |p: Option<&str>| p.is_some_and(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    let (h, m) = (parts.next(), parts.next());
    two_digits(h) && two_digits(m) && parts.next().is_none_or(|s| two_digits(Some(s))) && parts.next().is_none()
}

/// The object an events caption names: `Events (pod web-7c9f-x2k4q)`, `Events for
/// deployment/web:`, `Events (web-0)`. A bare name is a pod: consoles list events per pod.
pub(in crate::parse) fn events_caption(text: &str) -> Option<(EntityKind, &str)> {
    let rest = text.strip_prefix("Events")?.trim_matches(|c: char| c.is_whitespace() || "():".contains(c));
    let rest = rest.strip_prefix("for ").or_else(|| rest.strip_prefix("of ")).unwrap_or(rest);
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (kind, name) = match words.as_slice() {
        [one] => kind_and_name(one).unwrap_or(("pod", one)),
        [kind, name] => (*kind, *name),
        _ => return None,
    };
    let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-.".contains(c));
    is_name.then(|| (EntityKind::from_k8s(kind), name))
}

/// The sentences of a line: cut after `.`, `?` or `!` followed by a space.
fn sentences(line: Line<'_>) -> impl Iterator<Item = Line<'_>> {
    let text = line.text;
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < text.len() {
            let rest = &text[start..];
            let end = rest.match_indices([' ']).find(|(i, _)| rest[..*i].ends_with_of(b".?!")).map_or(rest.len(), |(i, _)| i);
            let piece = Line { text: &rest[..end], span: line.span.sub(start, start + end) }.trimmed();
            start += end + 1;
            if !piece.text.is_empty() {
                return Some(piece);
            }
        }
        None
    })
}

/// `Mentions` facts for what one sentence names.
fn mentions(cx: &mut Cx<'_>, sentence: Line<'_>) {
    let found = scan(sentence.text);
    if found.is_empty() {
        return;
    }
    let anchors: Vec<&Found<'_>> = found.iter().filter(|f| matches!(f.what, What::Image(_) | What::Object(_))).collect();
    let note = cx.entity(EntityKind::LogSource, None, NOTE_SUBJECT);
    let subject = match anchors.as_slice() {
        [only] => anchor_entity(cx, only).unwrap_or(note),
        _ => note,
    };
    for f in &found {
        let is_anchor = matches!(f.what, What::Image(_) | What::Object(_));
        let value = match &f.what {
            What::Image(image) => Value::Image(Box::new(image.clone())),
            What::Object(_) => match anchor_entity(cx, f) {
                Some(id) => Value::Entity(id),
                None => continue,
            },
            What::Digest(digest) => Value::Text(digest.to_string()),
            What::Version(v) => Value::Build(Box::new(Build { version: Some(v.to_string()), ..Build::default() })),
            What::Commit(c) => Value::Build(Box::new(Build { commit: Some(c.to_string()), ..Build::default() })),
            What::Time(t) => Value::Time(*t),
            What::Duration(seconds) => Value::Duration(*seconds),
            What::Percent(p) => Value::Ratio { num: *p, den: 100.0 },
            What::Address(a) | What::Url(a) => Value::Address(Box::new(a.clone())),
            // Bare numbers in prose ("3 pods", "the 2024 footer") say little; counts written
            // with separators or before a countable noun ("48,211 records") are worth keeping.
            What::Count(n) if is_notable_count(sentence.text, f) => Value::Number(*n),
            What::Count(_) => continue,
        };
        // An anchor is mentioned by the prose, not by itself.
        let who = if is_anchor { note } else { subject };
        cx.fact(who, Predicate::Mentions, value, sentence.span);
    }
}

/// The most lines an error tracker's issue card shows above its counts (exception type,
/// message, culprit).
const MAX_ISSUE_LINES: usize = 3;

/// An error tracker's issue card (Sentry, Rollbar, Bugsnag): the exception type and message,
/// then a line of counts with `First seen <date>`. The lines above that line, back to the
/// blank line or caption before them, are what the program raised — `Log` errors timed at
/// the first sighting, so the derivations read them as they read a pasted log line.
fn issue_card<'a>(cx: &mut Cx<'a>, line: Line<'a>, above: &[Line<'a>]) {
    let text = line.text;
    let Some(at) = crate::ascii::find_ci(text, "first seen") else { return };
    let date = text[at + "first seen".len()..].split(['·', '|', ';']).next().unwrap_or("").trim_start_of(b": ");
    let Some(first_seen) = crate::parse::table::value::stamp(date) else { return };
    let card = above.iter().rev().take_while(|l| !l.is_blank()).take(MAX_ISSUE_LINES);
    let card: Vec<Line<'a>> = card.filter(|l| heading(l.text.trim(), false).is_none()).copied().collect();
    if card.is_empty() {
        return;
    }
    let source = cx.entity(EntityKind::LogSource, None, NOTE_SUBJECT);
    for raised in card.into_iter().rev() {
        let raised = raised.trimmed();
        let value = Value::Log { level: Some(Level::Error), message: raised.text.to_string() };
        cx.timed_fact(source, Predicate::Log, value, Some(first_seen), raised.span);
    }
}

/// Verbs that introduce what a program printed, quoted in prose.
const LOGGING_VERBS: &[&str] = &["logging", "logs", "logged", "throwing", "throws", "printing", "prints", "returning", "returns", "reporting", "reports", "spamming", "failing with", "fails with", "erroring with"];

/// `telematics-ingest has been logging "mqtt CONNACK rc=5: not authorized" since 03:01`: a
/// program named first, a verb of printing, and the quoted message — a `Log` line (untimed)
/// of that program, which the paste describes instead of pasting. The name must look like
/// one (a hyphen or underscore in a lower-case word), so ordinary sentences state nothing.
fn quoted_log<'a>(cx: &mut Cx<'a>, sentence: Line<'a>) {
    let text = sentence.text;
    let Some(name) = text.split_whitespace().next().map(|w| w.trim_end_of(b",:")) else { return };
    let looks_like_program = name.len() >= 3
        && name.contains_of(b"-_")
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && name.starts_with(|c: char| c.is_ascii_lowercase());
    if !looks_like_program {
        return;
    }
    if !text.contains(['"', '“']) {
        return;
    }
    let verb_end = LOGGING_VERBS.iter().filter_map(|v| crate::ascii::find_ci(text, v).map(|at| at + v.len()).filter(|end| text[*end..].starts_with(' '))).min();
    let Some(verb_end) = verb_end else { return };
    let rest = &text[verb_end + 1..];
    let (open, close) = match rest.chars().next() {
        Some('"') => ('"', '"'),
        Some('“') => ('“', '”'),
        _ => return,
    };
    let inner = &rest[open.len_utf8()..];
    let Some(end) = inner.find(close) else { return };
    let message = inner[..end].trim();
    if message.is_empty() {
        return;
    }
    let source = cx.entity(EntityKind::LogSource, None, name);
    cx.fact(source, Predicate::Log, Value::Log { level: None, message: message.to_string() }, sentence.span);
}

/// What a program printed, quoted in prose as an indented block under the sentence that
/// introduces it (`the client logs the following for every attempt:` then, indented deeper,
/// `POST … -> handshake failed:` / `x509: certificate has expired …`): one `Log` line
/// (untimed) of the prose, its wrapped lines joined. `rest` starts at the block's first
/// line; `before` holds the lines above it, the last of which must end in a colon, be
/// indented less and (with the line above it) name a verb of printing. A block that itself introduces a deeper one is prose quoting prose: only
/// the innermost block is what was printed. Commands (`$ …`) are not what was printed.
fn quoted_snippet<'a>(cx: &mut Cx<'a>, before: &[Line<'a>], rest: &[Line<'a>]) {
    let (Some(intro), Some(first)) = (before.last(), rest.first()) else { return };
    let indent = first.indent();
    if intro.is_blank() || !intro.text.trim_end().ends_with(':') || indent <= intro.indent() {
        return;
    }
    // The introducing sentence (its last two lines) says that something printed it; an
    // indented block under any other sentence is prose, a query, a config excerpt.
    let sentence: String = before.iter().rev().take(2).map(|l| l.text).collect::<Vec<_>>().join(" ");
    if !LOGGING_VERBS.iter().any(|verb| crate::ascii::find_ci(&sentence, verb).is_some_and(|at| sentence[at + verb.len()..].starts_with(' '))) {
        return;
    }
    let block: Vec<Line<'a>> = rest.iter().take_while(|l| !l.is_blank() && l.indent() >= indent).copied().collect();
    let introduces_deeper = block.windows(2).any(|w| w[0].text.trim_end().ends_with(':') && w[1].indent() > w[0].indent());
    let (Some(last), false) = (block.last(), introduces_deeper) else { return };
    let printed: Vec<&str> = block.iter().map(|l| l.text.trim()).filter(|t| !t.starts_with_of(b"$#")).collect();
    if printed.is_empty() {
        return;
    }
    let source = cx.entity(EntityKind::LogSource, None, NOTE_SUBJECT);
    let span = crate::span::Span { start: first.trimmed().span.start, end: last.trimmed().span.end };
    cx.fact(source, Predicate::Log, Value::Log { level: None, message: printed.join(" ") }, span);
}

/// Keys under which a console's detail panel shows, in the next cell, what a controller or
/// program reported (Argo CD's sync panel `Message<TAB>one or more objects failed to apply,
/// reason: …`, a job's `Error<TAB>…`, a condition's `Status message<TAB>…`).
const REPORTED_KEYS: &[&str] = &["message", "error", "error message", "status message", "last error", "failure message"];

/// A console's `Key<TAB>what was reported` line: the cell after the key is read as a log
/// line of the prose, so a named error in it (x509 dates, refused connections, timeouts)
/// counts as it would in a pasted log. Quiet cells state nothing, as quiet log lines do.
fn console_message<'a>(cx: &mut Cx<'a>, line: Line<'a>) {
    let Some((key, value)) = line.text.trim_start().split_once('\t') else { return };
    let value = value.trim();
    if value.is_empty() || !REPORTED_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key.trim())) {
        return;
    }
    let reported = Line { text: value, span: line.span_of(value) };
    let entry = crate::parse::logs::Entry { line: reported, time: None, pod: None, program: Some(NOTE_SUBJECT), standalone: true };
    crate::parse::logs::read_entries(cx, std::iter::once(entry));
}

/// Attributes under which a trace span or its exception event carries what failed
/// (OpenTelemetry's `exception.message`, `error.message`, the status description).
const SPAN_MESSAGE_KEYS: &[&str] = &["exception.message=", "error.message=", "otel.status_description=", "status.message=", "status_message="];

/// Where the value of a span's message attribute starts in a line, if the line has one.
pub(crate) fn span_message_at(text: &str) -> Option<usize> {
    if !text.contains(".message=") && !text.contains("status_") {
        return None;
    }
    SPAN_MESSAGE_KEYS.iter().find_map(|k| crate::ascii::find_ci(text, k).map(|at| at + k.len()))
}

/// A trace's span attributes copied as text (`event exception  exception.message="Post …:
/// dial tcp 10.0.0.9:9000: i/o timeout"`): the attribute's value is read as a log line of the
/// prose, so the error it names counts as it would in a pasted log. A quoted value ends at
/// its closing quote (`\"` inside is kept), a bare one at the next space. The span's
/// resource attributes on the lines after it, up to a blank line, name the pod it ran in
/// (`k8s.pod.name=…`, `k8s.namespace.name=…`), which is then who logged it.
fn span_message<'a>(cx: &mut Cx<'a>, line: Line<'a>, after: &[Line<'a>]) {
    let text = line.text;
    let Some(value_at) = span_message_at(text) else { return };
    let rest = &text[value_at..];
    let value = match rest.strip_prefix('"') {
        Some(quoted) => {
            let bytes = quoted.as_bytes();
            let end = (0..bytes.len()).find(|&i| bytes[i] == b'"' && (i == 0 || bytes[i - 1] != b'\\')).unwrap_or(bytes.len());
            &quoted[..end]
        }
        None => rest.split_whitespace().next().unwrap_or(""),
    };
    if value.trim().is_empty() {
        return;
    }
    let attribute = |key: &str| {
        after.iter().take_while(|l| !l.is_blank()).take(12).find_map(|l| {
            let at = l.text.find(key)?;
            let value = l.text[at + key.len()..].split_whitespace().next()?.trim_matches(['"', ',']);
            (!value.is_empty()).then_some(value)
        })
    };
    let pod = attribute("k8s.pod.name=").map(|name| (attribute("k8s.namespace.name="), name));
    let reported = Line { text: value, span: line.span_of(value) };
    let entry = crate::parse::logs::Entry { line: reported, time: None, pod, program: Some(NOTE_SUBJECT), standalone: true };
    crate::parse::logs::read_entries(cx, std::iter::once(entry));
}

/// A count written with thousands separators, or followed by a noun that counts things.
fn is_notable_count(text: &str, found: &Found<'_>) -> bool {
    let written = &text[found.start..found.end];
    let grouped = written.contains([',', '.', ' ', '\u{a0}', '\u{202f}']);
    let next = text[found.end..].split_whitespace().next().unwrap_or("");
    grouped || is_count_noun(next.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// The entity an image or object mention stands for.
fn anchor_entity(cx: &mut Cx<'_>, found: &Found<'_>) -> Option<EntityId> {
    match &found.what {
        What::Image(image) => Some(cx.entity(EntityKind::Image, None, &image.name())),
        What::Object(o) => Some(cx.entity(o.kind.clone(), o.namespace, o.name)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events a paste's facts hold, as `subject · reason · message`.
    fn events(paste: &str) -> Vec<String> {
        let ingest = crate::ingest(paste);
        let facts = &ingest.facts;
        facts
            .all()
            .iter()
            .filter_map(|f| match &f.value {
                Value::Event(e) => Some(format!("{} · {} · {}", facts.entity_of(f.subject), e.reason, e.message)),
                _ => None,
            })
            .collect()
    }

    /// The log lines a paste's prose holds.
    fn logs(paste: &str) -> Vec<String> {
        let ingest = crate::ingest(paste);
        ingest.facts.with(Predicate::Log).filter_map(|f| match &f.value {
            Value::Log { message, .. } => Some(message.clone()),
            _ => None,
        }).collect()
    }

    #[test]
    fn a_console_panels_message_cell_is_read_as_what_was_reported() {
        let paste = "Argo CD\tApplications\tshop\nOperation\tSync\nPhase\tFailed\nMessage\tfailed calling webhook: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2025-06-18T09:12:49Z is after 2025-06-17T23:59:02Z\n";
        assert_eq!(logs(paste).len(), 1, "{:?}", logs(paste));
        let ingest = crate::ingest(paste);
        assert_eq!(ingest.facts.with(Predicate::NotAfter).count(), 1);
        // A quiet message states nothing, and other keys are not messages.
        assert!(logs("Argo CD\tApplications\tshop\nPhase\tSucceeded\nMessage\tsuccessfully synced (all tasks run)\n").is_empty());
    }

    #[test]
    fn a_spans_exception_message_is_read_as_a_log_line_of_the_pod_its_resource_names() {
        let paste = "Trace 3f9a… (2 spans)\n  GET /quote   pricing-ui   5.00s   error\n    event exception  exception.message=\"Get \\\"http://rates.fx.svc:8080/v2\\\": dial tcp 10.96.7.1:8080: i/o timeout\" exception.type=net.OpError\n  resource: k8s.namespace.name=web k8s.pod.name=pricing-ui-5d8f7b6c4-q2w8e\n";
        assert_eq!(logs(paste), ["Get \\\"http://rates.fx.svc:8080/v2\\\": dial tcp 10.96.7.1:8080: i/o timeout"]);
        let ingest = crate::ingest(paste);
        let log = ingest.facts.with(Predicate::Log).next().unwrap();
        assert_eq!(ingest.facts.entities()[log.subject.0 as usize].to_string(), "pod web/pricing-ui-5d8f7b6c4-q2w8e");
        // A bare value ends at the next space; an empty one states nothing.
        assert_eq!(logs("span db.query status_message=deadline_exceeded db.system=postgresql\n"), ["deadline_exceeded"]);
        assert!(logs("span ok error.message=\"\" http.status_code=200\n").is_empty());
    }

    #[test]
    fn an_indented_block_a_sentence_introduces_is_what_a_program_printed() {
        let paste = "Reply from the bank's ops desk:\n  Our client logs the following since 00:03:\n    POST https://hooks.example.com/cb -> handshake failed:\n    x509: certificate has expired or is not yet valid\n  We changed nothing on our side.\n";
        assert_eq!(logs(paste), ["POST https://hooks.example.com/cb -> handshake failed: x509: certificate has expired or is not yet valid"]);
        // Continuation lines of a sentence that does not end in a colon are prose.
        assert!(logs("Sun 00:35    Dries: pods healthy, 0 restarts,\n             no errors in our logs at all.\n").is_empty());
    }

    #[test]
    fn a_gitops_notification_copied_from_chat_is_the_apps_sync_status() {
        let paste = "--- Argo CD notification (Slack) ---\n:warning: Application *shop-prod* sync status is *OutOfSync*\nHealth: Healthy\n";
        let ingest = crate::ingest(paste);
        let status: Vec<String> = ingest.facts.with(Predicate::SyncStatus).map(|f| format!("{} {}", ingest.facts.entity_of(f.subject), ingest.facts.display_value(&f.value))).collect();
        assert_eq!(status, ["application shop-prod OutOfSync"]);
        // Prose about an application is no notification.
        assert_eq!(crate::ingest("the application is out of sync with reality, says QA\n").facts.with(Predicate::SyncStatus).count(), 0);
    }

    #[test]
    fn a_quoted_message_a_named_program_prints_is_its_log_line() {
        let logs = |paste: &str| {
            let ingest = crate::ingest(paste);
            let facts = &ingest.facts;
            facts.all().iter().filter(|f| f.predicate == Predicate::Log).map(|f| format!("{} · {}", facts.entity_of(f.subject), facts.display_value(&f.value))).collect::<Vec<_>>()
        };
        assert_eq!(logs("telematics-ingest has been logging \"mqtt CONNACK rc=5: not authorized\" on every reconnect since ~03:01\n"), ["log-source telematics-ingest · mqtt CONNACK rc=5: not authorized"]);
        assert_eq!(logs("order_api keeps throwing “connection refused” at checkout.\n"), ["log-source order_api · connection refused"]);
        // An ordinary sentence with a quote, or a program named without a verb of printing, is prose.
        assert!(logs("We said \"not authorized\" in the ticket.\n").is_empty());
        assert!(logs("billing-api was \"fine\" yesterday.\n").is_empty());
    }

    #[test]
    fn a_change_line_in_a_notification_is_that_change() {
        let ingest = crate::ingest("Flux notification from Slack:\nKustomization applied in revision main@sha1:6fa02e9b\nNetworkPolicy/stream-infra/default-deny-ingress created\nWe created a ticket for it.\nEverything got deleted\n");
        let facts = &ingest.facts;
        let changed: Vec<String> = facts.with(Predicate::Changed).map(|f| format!("{} · {}", facts.entity_of(f.subject), facts.display_value(&f.value))).collect();
        assert_eq!(changed, ["networkpolicy stream-infra/default-deny-ingress · created"]);
    }

    #[test]
    fn an_issue_cards_exception_is_an_error_logged_when_first_seen() {
        let timed_logs = |paste: &str| {
            let ingest = crate::ingest(paste);
            let facts = &ingest.facts;
            facts.all().iter().filter(|f| f.predicate == Predicate::Log).map(|f| format!("{} @ {}", facts.display_value(&f.value), f.time.map(|t| t.to_string()).unwrap_or_default())).collect::<Vec<_>>()
        };
        let card = "Sentry issue from the worker:\n\nrequests.exceptions.SSLError\ncertificate verify failed: certificate has expired\nEvents 2,811 · First seen Dec 3, 2024 00:00:41 UTC · Last seen 1 min ago\n";
        let logs = timed_logs(card);
        assert_eq!(logs.len(), 2, "{logs:?}");
        assert!(logs[1].starts_with("[error] certificate verify failed: certificate has expired @ 2024-12-03T00:00:41"), "{logs:?}");
        // "First seen" in a sentence without a date is prose.
        assert!(timed_logs("The error was first seen by the night shift.\n").is_empty());
    }

    #[test]
    fn events_tables_copied_from_web_consoles_are_events_of_the_captioned_object() {
        let lens = "Copied from Lens, sorry for the layout.\nPods\nName Namespace Status\nweb-0 shop Pending\nEvents (web-0)\nType Reason Message Source First seen Last seen Count\nWarning FailedScheduling 0/3 nodes are available: 3 Insufficient cpu. default-scheduler 2h 41s 38\n";
        assert_eq!(events(lens), ["pod web-0 · FailedScheduling · 0/3 nodes are available: 3 Insufficient cpu."]);
        let rancher = "From the Rancher UI, formatting is off.\nEvents (pod api-6f9d4c7b8-2hxkq)\nType Reason Age From Message\nWarning Unhealthy 4m (x31 over 3h) kubelet Readiness probe failed: context deadline exceeded\nNormal Killing 4m (x11 over 3h) kubelet Container api failed liveness probe, will be restarted\nThe app itself looks fine.\n";
        assert_eq!(events(rancher), [
            "pod api-6f9d4c7b8-2hxkq · Unhealthy · Readiness probe failed: context deadline exceeded",
            "pod api-6f9d4c7b8-2hxkq · Killing · Container api failed liveness probe, will be restarted"
        ]);
    }

    #[test]
    fn event_rows_without_their_header_name_their_object() {
        let rancher = "State: Updating\nRecent Events\n  Warning  Unhealthy  api-6f9d4c7b8-2hxkq  Readiness probe failed: HTTP probe failed with statuscode: 404   (x212 over 38m)\n  Normal   Killing    pod/api-6f9d4c7b8-2hxkq  Container app failed liveness probe, will be restarted\nWarning signs were everywhere that night.\n";
        assert_eq!(events(rancher), [
            "pod api-6f9d4c7b8-2hxkq · Unhealthy · Readiness probe failed: HTTP probe failed with statuscode: 404",
            "pod api-6f9d4c7b8-2hxkq · Killing · Container app failed liveness probe, will be restarted"
        ]);
        // An event stream leads each row with the time of day (or age) it was seen.
        let stream = "Event stream, newest first\n  04:10  Warning FailedScheduling  pod/align-7-0031   0/3 nodes are available: 3 Insufficient cpu.\n  5m  Normal  SuccessfulCreate  job/align-7  Created pod: align-7-0031\n  04:09  Warning signs were everywhere.\n";
        assert_eq!(events(stream), ["pod align-7-0031 · FailedScheduling · 0/3 nodes are available: 3 Insufficient cpu.", "job align-7 · SuccessfulCreate · Created pod: align-7-0031"]);
    }

    #[test]
    fn describe_event_rows_quoted_in_prose_are_about_the_object_named_before() {
        let rows = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\napi-6f9d4c7b8-2hxkq 0/1 Running 31 (2m ago) 3h\n\n\
                    Events from it:\n  Warning  Unhealthy  4m (x212 over 3h)  kubelet  Liveness probe failed: HTTP probe failed with statuscode: 404\n";
        assert_eq!(events(rows), ["pod shop/api-6f9d4c7b8-2hxkq · Unhealthy · Liveness probe failed: HTTP probe failed with statuscode: 404"]);
        // Under describe's header and its dashes, with only a bare `Events:` caption.
        let table = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\napi-6f9d4c7b8-2hxkq 0/1 Pending 0 3h\n\n\
                     Pod events:\n  Type     Reason            Age   From               Message\n  ----     ------            ----  ----               -------\n  Warning  FailedScheduling  4m    default-scheduler  0/3 nodes are available: 3 Insufficient cpu.\n";
        assert_eq!(events(table), ["pod shop/api-6f9d4c7b8-2hxkq · FailedScheduling · 0/3 nodes are available: 3 Insufficient cpu."]);
        // With no object named, or a sentence that starts with "Warning", nothing is read.
        assert!(events("Warning  Unhealthy  4m  kubelet  Liveness probe failed\n").is_empty());
        // An autoscaler's or node controller's rows are about other objects.
        let others = rows.replace("Warning  Unhealthy  4m (x212 over 3h)  kubelet", "Warning  NodeNotReady  3d  node-controller");
        assert!(events(&others).is_empty(), "{:?}", events(&others));
        assert!(events("$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\napi-6f9d4c7b8-2hxkq 0/1 Running 31 3h\n\nWarning Unhealthy pods everywhere.\n").is_empty());
    }

    #[test]
    fn events_captions_name_their_object() {
        assert_eq!(events_caption("Events (pod web-7c9f-x2k4q)"), Some((EntityKind::Pod, "web-7c9f-x2k4q")));
        assert_eq!(events_caption("Events for deployment/web:"), Some((EntityKind::Deployment, "web")));
        assert_eq!(events_caption("Events (web-0)"), Some((EntityKind::Pod, "web-0")));
        assert_eq!(events_caption("Events"), None);
        assert_eq!(events_caption("Events were quiet until the deploy"), None);
    }
}
