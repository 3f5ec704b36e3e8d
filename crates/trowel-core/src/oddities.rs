//! Input-level warnings: characters that change how a paste reads without being visible in
//! it, so the report says so instead of silently reading them as text.
//!
//! - NUL bytes (binary data pasted in), U+FFFD (bytes that were not UTF-8, replaced when the
//!   paste was decoded), carriage returns not followed by a line feed (terminal progress
//!   output that overwrote itself: the text after a lone CR was hidden on screen and is not a
//!   new line here).
//! - Names of Kubernetes objects and images holding non-ASCII characters (those names are
//!   ASCII by definition, so `wеb` with a Cyrillic `е` is a look-alike), and any name holding
//!   an invisible character (zero-width space, BOM, soft hyphen, bidi controls). Such a name
//!   never matches the one it imitates, which is worth knowing when a lookup "fails".

use crate::fact::{EntityKind, Facts};
use crate::ingest::Warning;
use crate::span::Span;

/// Most suspicious names reported one by one; further ones are counted in one warning.
const MAX_NAMES_LISTED: usize = 20;

/// Warnings for NUL bytes, replacement characters and lone carriage returns, each with the
/// span of its first occurrence and a count.
pub(crate) fn characters(paste: &str) -> Vec<Warning> {
    let bytes = paste.as_bytes();
    let mut out = Vec::new();
    let mut report = |(at, count): (Option<usize>, usize), width: usize, what: &str| {
        if let Some(first) = at {
            out.push(Warning { message: format!("the paste holds {count} {what}"), span: Some(Span::new(first, first + width)) });
        }
    };
    report(first_and_count(memchr::memchr_iter(0, bytes)), 1, "NUL byte(s) (binary data pasted?); they are read as ordinary characters");
    let replacement = "\u{FFFD}";
    report(first_and_count(memchr::memmem::find_iter(bytes, replacement)), replacement.len(), "U+FFFD replacement character(s): bytes that were not UTF-8 were replaced before analysis");
    let lone_cr = memchr::memchr_iter(b'\r', bytes).filter(|&i| bytes.get(i + 1) != Some(&b'\n'));
    report(first_and_count(lone_cr), 1, "carriage return(s) not followed by a line feed (terminal output that overwrote itself?); they are not read as line breaks, and a line is read as last drawn");
    out
}

fn first_and_count(mut offsets: impl Iterator<Item = usize>) -> (Option<usize>, usize) {
    let first = offsets.next();
    (first, first.map_or(0, |_| 1 + offsets.count()))
}

/// Warnings for entity names with look-alike or invisible characters, quoting the name with
/// those characters escaped and pointing at its first occurrence in the paste.
pub(crate) fn names(paste: &str, facts: &Facts) -> Vec<Warning> {
    let suspicious: Vec<&str> = facts.entities().iter().filter(|e| is_suspicious(&e.kind, &e.name)).map(|e| e.name.as_str()).collect();
    let mut out: Vec<Warning> = suspicious
        .iter()
        .take(MAX_NAMES_LISTED)
        .map(|name| Warning {
            message: format!(
                "the name `{}` holds look-alike or invisible characters (a web copy?); it does not match the name it resembles",
                name.escape_default()
            ),
            span: paste.find(name).map(|at| Span::new(at, at + name.len())),
        })
        .collect();
    if suspicious.len() > MAX_NAMES_LISTED {
        out.push(Warning { message: format!("{} more names hold look-alike or invisible characters", suspicious.len() - MAX_NAMES_LISTED), span: None });
    }
    out
}

fn is_suspicious(kind: &EntityKind, name: &str) -> bool {
    !name.is_ascii() && (is_ascii_by_definition(kind) || name.chars().any(is_invisible))
}

/// Kinds whose names Kubernetes or a registry restricts to ASCII.
fn is_ascii_by_definition(kind: &EntityKind) -> bool {
    use EntityKind::*;
    matches!(
        kind,
        Deployment
            | StatefulSet
            | DaemonSet
            | ReplicaSet
            | Pod
            | Container
            | Job
            | CronJob
            | Service
            | Endpoints
            | Ingress
            | ConfigMap
            | Secret
            | Node
            | Namespace
            | HorizontalPodAutoscaler
            | NetworkPolicy
            | Certificate
            | ResourceQuota
            | Resource(_)
            | Image
    )
}

/// Characters that take no room on screen: zero-width spaces and joiners, the BOM, the soft
/// hyphen, word joiners and bidi controls.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_kind_of_character_once_with_its_first_place() {
        let warnings = characters("a\0b\0\r\nc\rd\u{FFFD}");
        let messages: Vec<_> = warnings.iter().map(|w| (w.message.split(' ').nth(3).unwrap_or(""), w.span)).collect();
        assert_eq!(messages, [("2", Some(Span::new(1, 2))), ("1", Some(Span::new(9, 12))), ("1", Some(Span::new(7, 8)))]);
        assert!(characters("plain\r\ntext\n").is_empty());
    }

    #[test]
    fn flags_look_alikes_in_object_names_and_invisible_characters_anywhere() {
        assert!(is_suspicious(&EntityKind::Pod, "wеb-1"));
        assert!(is_suspicious(&EntityKind::LogSource, "a\u{200B}pi"));
        assert!(!is_suspicious(&EntityKind::LogSource, "café"));
        assert!(!is_suspicious(&EntityKind::Pod, "web-1"));
    }
}
