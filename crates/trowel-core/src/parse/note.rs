//! Parser for `note` artifacts: prose (titles, descriptions, ticket text, questions).
//!
//! Prose states few facts outright, but it names things: a version ("released as 2.8.0 on
//! Monday"), an image, a digest, a commit, an address, a Kubernetes object, a date, a
//! duration, a percentage or a large count. Each becomes a `Mentions` fact quoting its
//! sentence. The subject is the one image or Kubernetes object the sentence names, when it
//! names exactly one (so "deployment/web was bumped to v2.5.0" is about deployment/web);
//! otherwise a `LogSource` entity called `note`, which stands for the paste's prose as a
//! whole. Headings name sections, not things, and produce no facts.

use crate::extract::{is_count_noun, scan, Found, What};
use crate::fact::{Build, EntityId, EntityKind, Predicate, Value};
use crate::ingest::Cx;
use crate::lines::Line;
use crate::segment::heading;

/// The entity prose mentions hang on when no single object is named.
const NOTE_SUBJECT: &str = "note";

pub fn parse(cx: &mut Cx<'_>) {
    let mut after_blank = true;
    for line in cx.lines() {
        let text = line.text.trim();
        let is_heading = heading(text, after_blank).is_some();
        after_blank = text.is_empty();
        if text.is_empty() || is_heading || text.starts_with("```") {
            continue;
        }
        for sentence in sentences(line) {
            mentions(cx, sentence);
        }
    }
}

/// The sentences of a line: cut after `.`, `?` or `!` followed by a space.
fn sentences(line: Line<'_>) -> impl Iterator<Item = Line<'_>> {
    let text = line.text;
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < text.len() {
            let rest = &text[start..];
            let end = rest.match_indices([' ']).find(|(i, _)| rest[..*i].ends_with(['.', '?', '!'])).map_or(rest.len(), |(i, _)| i);
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
