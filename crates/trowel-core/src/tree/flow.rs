//! Bracketed values: JSON documents and YAML flow collections (`{cpu: 250m}`, `[a, b]`) are
//! the same grammar up to small differences (YAML allows unquoted scalars with spaces,
//! anchors and aliases, comments, and quoted scalars across lines), so one reader serves both.
//!
//! The reader never fails: a missing comma is assumed, stray characters are skipped and
//! reported, an input that ends inside a collection keeps what was read, and nesting deeper
//! than [`MAX_DEPTH`] is skipped without recursion.

use crate::ascii::Set;
use super::scalar::{quoted, Stop};
use super::{note_duplicates, Entry, Issue, Kind, Node, Style, MAX_DEPTH};
use crate::span::Span;
use std::borrow::Cow;

pub(super) struct Flow<'a, 'i> {
    pub src: &'a str,
    pub pos: usize,
    /// Reading never goes past this offset.
    pub end: usize,
    /// JSON rules (strings stop at line ends, bare words stop at whitespace, no comments).
    pub json: bool,
    pub issues: &'i mut Vec<Issue>,
    /// The last value read was cut off by the end of the text (and is not kept).
    cut: bool,
    /// The end of the text inside a collection was already reported.
    truncation_reported: bool,
}

impl<'a, 'i> Flow<'a, 'i> {
    pub fn new(src: &'a str, pos: usize, end: usize, json: bool, issues: &'i mut Vec<Issue>) -> Flow<'a, 'i> {
        Flow { src, pos, end, json, issues, cut: false, truncation_reported: false }
    }
}

impl<'a> Flow<'a, '_> {
    fn byte(&self) -> Option<u8> {
        (self.pos < self.end).then(|| self.src.as_bytes()[self.pos])
    }

    /// Skips whitespace, line breaks and (YAML) comments.
    pub fn skip_ws(&mut self) {
        let bytes = self.src.as_bytes();
        while self.pos < self.end {
            match bytes[self.pos] {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'#' if !self.json && (self.pos == 0 || bytes[self.pos - 1].is_ascii_whitespace()) => {
                    self.pos = memchr::memchr(b'\n', &bytes[self.pos..self.end]).map_or(self.end, |i| self.pos + i);
                }
                _ => break,
            }
        }
    }

    /// Reads one value at the current position (whitespace already skipped).
    pub fn value(&mut self, depth: usize) -> Node<'a> {
        match self.byte() {
            None => Node::null(Span::new(self.pos, self.pos)),
            Some(b'{' | b'[') if depth >= MAX_DEPTH => self.skip_too_deep(),
            Some(b'{') => self.map(depth),
            Some(b'[') => self.seq(depth),
            Some(b'"' | b'\'') => self.quoted(),
            Some(b'&') if !self.json => {
                let name = self.word(self.pos + 1);
                self.skip_ws();
                let mut node = self.value(depth);
                node.anchor = Some(name);
                node
            }
            Some(b'*') if !self.json => {
                let start = self.pos;
                let name = self.word(self.pos + 1);
                let span = Span::new(start, start + 1 + name.len());
                self.issues.push(Issue::alias(span));
                Node { span, anchor: None, kind: Kind::Alias(name) }
            }
            Some(b'!') if !self.json => {
                // A tag says how to read the value; the tree keeps the text as written.
                self.word(self.pos + 1);
                self.skip_ws();
                self.value(depth)
            }
            Some(_) => self.plain(),
        }
    }

    /// A name after `&`, `*` or `!`: up to whitespace or a flow indicator. Moves past it.
    fn word(&mut self, from: usize) -> &'a str {
        let bytes = self.src.as_bytes();
        let mut i = from;
        while i < self.end && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}') {
            i += 1;
        }
        self.pos = i;
        &self.src[from..i]
    }

    fn quoted(&mut self) -> Node<'a> {
        let start = self.pos;
        let q = quoted(self.src, start, self.end, !self.json);
        self.pos = q.end;
        let style = if self.src.as_bytes()[start] == b'"' { Style::DoubleQuoted } else { Style::SingleQuoted };
        match q.stop {
            Stop::Closed => Node::scalar(q.text, style, Span::new(start, q.end)),
            Stop::LineEnd => {
                self.issues.push(Issue::warning(Span::new(start, q.end), "unterminated string: read to the end of the line"));
                Node::scalar(q.text, style, Span::new(start, q.end))
            }
            Stop::Limit => {
                self.issues.push(Issue::unparsed(Span::new(start, q.end), "the text ends inside this string (truncated?)"));
                self.cut = true;
                Node::null(Span::new(start, start))
            }
        }
    }

    /// An unquoted scalar: a JSON number/true/false/null, or YAML plain text.
    fn plain(&mut self) -> Node<'a> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let mut i = start;
        while i < self.end {
            let b = bytes[i];
            let next = bytes.get(i + 1).copied().filter(|_| i + 1 < self.end);
            let stop = match b {
                b',' | b']' | b'}' | b'\n' | b'\r' => true,
                b' ' | b'\t' => self.json || next == Some(b'#'),
                b':' => self.json || next.is_none_or(|n| matches!(n, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}')),
                b'"' => self.json,
                _ => false,
            };
            if stop {
                break;
            }
            i += 1;
        }
        self.pos = i;
        let text = self.src[start..i].trim_end_of(b" \t");
        Node::scalar(text, Style::Plain, Span::new(start, start + text.len()))
    }

    fn map(&mut self, depth: usize) -> Node<'a> {
        let open = self.pos;
        self.pos += 1;
        let mut entries: Vec<Entry<'a>> = Vec::new();
        loop {
            self.skip_ws();
            let before = self.pos;
            match self.byte() {
                None => {
                    self.unclosed(open, "object");
                    break;
                }
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                Some(b']') => {
                    self.stray();
                    continue;
                }
                Some(_) => {}
            }
            let key = match self.byte() {
                Some(b'"' | b'\'') => self.quoted(),
                Some(b'{' | b'[') => {
                    // A collection as a key: keep its text as the key.
                    let node = self.value(depth + 1);
                    let text = node.span.text(self.src);
                    Node::scalar(text, Style::Plain, node.span)
                }
                _ => self.plain(),
            };
            self.skip_ws();
            let value = if self.byte() == Some(b':') {
                self.pos += 1;
                self.skip_ws();
                match self.byte() {
                    None => {
                        self.issues.push(Issue::unparsed(Span::new(before, self.end), "the text ends before this value (truncated?)"));
                        self.unclosed(open, "object");
                        break;
                    }
                    Some(b',' | b'}') => Node::null(Span::new(self.pos, self.pos)),
                    Some(_) => self.value(depth + 1),
                }
            } else {
                Node::null(Span { start: key.span.end, end: key.span.end })
            };
            let key_text = match key.kind {
                Kind::Scalar(s) => s.text,
                _ => Cow::Borrowed(""),
            };
            // A value cut off by the end of the text is reported, not kept half-read.
            if !std::mem::take(&mut self.cut) {
                entries.push(Entry { key: key_text, key_span: key.span, value });
            }
            self.skip_ws();
            match self.byte() {
                Some(b',') => self.pos += 1,
                Some(b'}') | None => {}
                Some(_) if self.pos == before => self.stray(),
                // A missing comma: read on as if it were there.
                Some(_) => {}
            }
        }
        note_duplicates(&entries, self.issues);
        Node::map(entries, Span::new(open, self.pos))
    }

    fn seq(&mut self, depth: usize) -> Node<'a> {
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            let before = self.pos;
            match self.byte() {
                None => {
                    self.unclosed(open, "array");
                    break;
                }
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(b',') => {
                    self.pos += 1;
                    continue;
                }
                Some(b'}') => {
                    self.stray();
                    continue;
                }
                Some(_) => {}
            }
            let item = self.value(depth + 1);
            // `[a: 1]` is a YAML single-pair mapping inside a sequence.
            let item = if !self.json && self.byte() == Some(b':') {
                self.pos += 1;
                self.skip_ws();
                let value = match self.byte() {
                    Some(b',' | b']') | None => Node::null(Span::new(self.pos, self.pos)),
                    Some(_) => self.value(depth + 1),
                };
                let span = item.span.cover(value.span);
                let key = match item.kind {
                    Kind::Scalar(s) => s.text,
                    _ => Cow::Borrowed(""),
                };
                Node::map(vec![Entry { key, key_span: item.span, value }], span)
            } else {
                item
            };
            if self.pos == before {
                self.stray();
                continue;
            }
            if !std::mem::take(&mut self.cut) {
                items.push(item);
            }
        }
        Node::seq(items, Span::new(open, self.pos))
    }

    /// Skips one character nothing expects, reporting it (and guaranteeing progress).
    fn stray(&mut self) {
        let start = self.pos;
        let len = self.src[start..].chars().next().map_or(1, char::len_utf8);
        self.pos = (start + len).min(self.end.max(start + 1));
        self.issues.push(Issue::unparsed(Span::new(start, self.pos), "unexpected character"));
    }

    /// Reports, once per read, that the text ended inside a collection.
    fn unclosed(&mut self, open: usize, what: &str) {
        if std::mem::replace(&mut self.truncation_reported, true) {
            return;
        }
        self.issues.push(Issue::warning(
            Span::new(open, open + 1),
            format!("the text ends before this {what} is closed (truncated?): kept what was read"),
        ));
    }

    /// Skips a collection nested too deep, counting brackets instead of recursing.
    fn skip_too_deep(&mut self) -> Node<'a> {
        let bytes = self.src.as_bytes();
        let start = self.pos;
        let mut open = 0usize;
        while self.pos < self.end {
            match bytes[self.pos] {
                b'[' | b'{' => open += 1,
                b']' | b'}' => {
                    open -= 1;
                    if open == 0 {
                        self.pos += 1;
                        break;
                    }
                }
                b'"' | b'\'' => {
                    self.pos = quoted(self.src, self.pos, self.end, !self.json).end;
                    continue;
                }
                _ => {}
            }
            self.pos += 1;
        }
        let span = Span::new(start, self.pos);
        let message = format!("nested deeper than {MAX_DEPTH} levels: skipped");
        self.issues.push(Issue::unparsed(span, message.clone()));
        self.issues.push(Issue::warning(span, message));
        Node::null(Span::new(start, start))
    }
}
