//! YAML documents, the subset real manifests use, read into [`Node`] trees.
//!
//! Supported: `---`-separated documents, comments, block mappings and sequences (also the
//! compact `key:\n- item` form), `- key: v` items, plain, single- and double-quoted scalars
//! (also across lines), block scalars `|`/`>` with chomping and indentation indicators, flow
//! collections (read by the shared flow reader), anchors, aliases (never expanded) and tags
//! (skipped), tabs in indentation, CRLF.
//!
//! The reader is line based and tolerant: a line it cannot place is reported unparsed and
//! reading goes on with the next line; an over-indented key joins the mapping it sits in.
//! Documents whose indentation was lost in a web copy (every line at column 0, with keys that
//! only make sense nested) are rebuilt with knowledge of Kubernetes objects (`flat.rs`).

use crate::ascii::Set;
use super::flat;
use super::flow::Flow;
use super::scalar::{quoted, Stop};
use super::{note_duplicates, Document, Entry, Issue, Kind, Node, Parsed, Style, MAX_DEPTH};
use crate::span::Span;
use std::borrow::Cow;

/// Columns a tab counts for in indentation. YAML forbids tabs there, but pasted files have
/// them; any consistent width works, mixed tabs and spaces are a guess either way.
const TAB_WIDTH: usize = 4;

/// Reads every document in `src[span]`.
pub fn parse(src: &str, span: Span) -> Parsed<'_> {
    let mut yaml = Yaml::new(src, span);
    let mut docs = Vec::new();
    for (start, end) in yaml.documents() {
        if yaml.next_structural_in(start, end).is_none() {
            continue;
        }
        yaml.end = end;
        let root = if yaml.looks_flattened(start, end) {
            let root = flat::build(&mut yaml, start, end);
            yaml.issues.push(Issue::warning(
                root.span,
                "this YAML lost its indentation (a web copy?): its structure was rebuilt from what Kubernetes objects look like",
            ));
            root
        } else {
            yaml.pos = start;
            yaml.root()
        };
        let doc_span = Span::new(yaml.lines[start].start, yaml.lines[end - 1].end);
        let excerpt = yaml.gutters.get(start).copied().flatten();
        let path = excerpt.or_else(|| yaml.comment_path(start));
        docs.push(Document { root, span: doc_span, path, excerpt: excerpt.is_some() });
    }
    Parsed { docs, issues: yaml.issues }
}

/// One line of the input. `content` and `indent` start at the first non-blank character and
/// move right when the reader takes a `- ` item marker off the front.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub start: usize,
    pub end: usize,
    pub content: usize,
    pub indent: usize,
}

/// What a line holds, as far as structure goes.
pub(super) enum LineKind<'a> {
    /// `- …`: `rest` is where the item's content starts (the line end for a bare `-`).
    Item { rest: usize },
    /// `key: …`: `after` is just past the colon.
    Key { key: Cow<'a, str>, key_span: Span, after: usize },
    Other,
}

/// A value found on a line after `key:` or `- `.
pub(super) enum Inline<'a> {
    /// Nothing on the line (the value, if any, is on the lines below); `at` is where it would be.
    Empty { anchor: Option<&'a str>, at: usize },
    Value(Node<'a>),
}

pub(super) struct Yaml<'a> {
    pub src: &'a str,
    pub lines: Vec<Line>,
    /// For `grep -n` output, the file each line came from (its gutter's path); else empty.
    /// A `--` separator line has none.
    gutters: Vec<Option<&'a str>>,
    /// The next line to read.
    pub pos: usize,
    /// One past the last line of the current document.
    pub end: usize,
    pub issues: Vec<Issue>,
}

impl<'a> Yaml<'a> {
    fn new(src: &'a str, span: Span) -> Yaml<'a> {
        // `grep -n` output: each line starts past its gutter, so indentation counts from the
        // file's own column 0 and every span stays a slice of the paste.
        let excerpt = crate::grep::Excerpt::of(crate::lines::Lines::new(src, span).map(|l| l.text));
        let mut gutters = Vec::new();
        let lines = crate::lines::Lines::new(src, span)
            .map(|mut line| {
                if let Some(excerpt) = &excerpt {
                    let gutter = excerpt.gutter(line.text);
                    if let Some(g) = gutter {
                        line = crate::lines::Line { text: &line.text[g.width..], span: line.span.sub(g.width, line.text.len()) };
                    } else if crate::grep::is_separator(line.text) {
                        line.span = Span::new(line.span.end as usize, line.span.end as usize);
                        line.text = "";
                    }
                    gutters.push(gutter.map(|g| g.path));
                }
                let start = line.span.start as usize;
                let (mut indent, mut content) = (0, start);
                for b in line.text.bytes() {
                    match b {
                        b' ' => indent += 1,
                        b'\t' => indent = (indent / TAB_WIDTH + 1) * TAB_WIDTH,
                        _ => break,
                    }
                    content += 1;
                }
                Line { start, end: line.span.end as usize, content, indent }
            })
            .collect::<Vec<Line>>();
        let tabbed = lines.iter().find(|l| l.content < l.end && src.as_bytes()[l.start..l.content].contains(&b'\t'));
        let issues = tabbed
            .map(|l| Issue::warning(Span::new(l.start, l.content), format!("tabs in indentation (YAML forbids them): read as {TAB_WIDTH} columns each")))
            .into_iter()
            .collect();
        Yaml { src, lines, gutters, pos: 0, end: 0, issues }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.src.as_bytes().get(at).copied()
    }

    /// A line with something on it other than a comment.
    fn is_structural(&self, i: usize) -> bool {
        let line = self.lines[i];
        line.content < line.end && self.byte(line.content) != Some(b'#')
    }

    pub(super) fn next_structural(&self, from: usize) -> Option<usize> {
        self.next_structural_in(from, self.end)
    }

    fn next_structural_in(&self, from: usize, end: usize) -> Option<usize> {
        (from..end).find(|&i| self.is_structural(i))
    }

    /// Line ranges of the documents: split at `---` and `...` lines at column 0. Text after
    /// `--- ` on the marker line belongs to the document it opens.
    fn documents(&mut self) -> Vec<(usize, usize)> {
        let mut docs = Vec::new();
        let mut start = 0;
        for i in 0..self.lines.len() {
            let line = self.lines[i];
            let text = &self.src[line.content..line.end];
            // In `grep -n` output a `--` separator or a change of file ends a document.
            if !self.gutters.is_empty() && i > start {
                let file = self.gutters[i];
                if file.is_none() || file != self.gutters[i - 1] && self.gutters[i - 1].is_some() {
                    docs.push((start, i));
                    start = if file.is_none() { i + 1 } else { i };
                    continue;
                }
            }
            if line.indent != 0 {
                continue;
            }
            let marker = ["---", "..."].iter().find(|m| {
                text.starts_with(**m) && text.as_bytes().get(3).is_none_or(|b| *b == b' ' || *b == b'\t')
            });
            if text.starts_with('%') && docs.is_empty() && self.next_structural_in(start, i).is_none() {
                // A directive (`%YAML 1.2`) before the first document.
                self.lines[i].content = line.end;
                continue;
            }
            let Some(marker) = marker else { continue };
            docs.push((start, i));
            start = i;
            let rest = line.content + 3;
            let after = rest + self.src[rest..line.end].len() - self.src[rest..line.end].trim_start().len();
            if *marker == "---" && after < line.end && self.byte(after) != Some(b'#') {
                self.lines[i].content = after;
                self.lines[i].indent = self.column(line, after);
            } else {
                self.lines[i].content = line.end;
                start = i + 1;
            }
        }
        docs.push((start, self.lines.len()));
        docs.retain(|(s, e)| s < e);
        docs
    }

    /// The column of byte `at` in `line`, tabs expanded.
    fn column(&self, line: Line, at: usize) -> usize {
        self.src.as_bytes()[line.start..at].iter().fold(0, |col, b| match b {
            b'\t' => (col / TAB_WIDTH + 1) * TAB_WIDTH,
            _ => col + 1,
        })
    }

    /// The byte offset of column `col` in `line` (or the first non-blank byte before it).
    fn offset_of_column(&self, line: Line, col: usize) -> usize {
        let mut at = line.start;
        let mut c = 0;
        while at < line.end && c < col {
            match self.src.as_bytes()[at] {
                b' ' => c += 1,
                b'\t' => c = (c / TAB_WIDTH + 1) * TAB_WIDTH,
                _ => break,
            }
            at += 1;
        }
        at
    }

    pub(super) fn classify(&self, i: usize) -> LineKind<'a> {
        let line = self.lines[i];
        if !self.is_structural(i) {
            return LineKind::Other;
        }
        if self.byte(line.content) == Some(b'-') && self.byte(line.content + 1).is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
            let rest = self.skip_blanks(line.content + 1, line.end);
            return LineKind::Item { rest };
        }
        match self.split_key(line.content, line.end) {
            Some((key, key_span, after)) => LineKind::Key { key, key_span, after },
            None => LineKind::Other,
        }
    }

    fn skip_blanks(&self, mut at: usize, end: usize) -> usize {
        while at < end && matches!(self.src.as_bytes()[at], b' ' | b'\t') {
            at += 1;
        }
        at
    }

    /// `key:` at `start`: the key's text and span, and the offset past the colon.
    pub(super) fn split_key(&self, start: usize, end: usize) -> Option<(Cow<'a, str>, Span, usize)> {
        let bytes = self.src.as_bytes();
        let colon_ok = |at: usize| bytes.get(at) == Some(&b':') && (at + 1 >= end || matches!(bytes[at + 1], b' ' | b'\t'));
        match *bytes.get(start)? {
            b'"' | b'\'' => {
                let q = quoted(self.src, start, end, false);
                let colon = self.skip_blanks(q.end, end);
                (q.stop == Stop::Closed && colon_ok(colon)).then(|| (q.text, Span::new(start, q.end), colon + 1))
            }
            b'[' | b'{' | b'|' | b'>' | b'*' | b'&' | b'!' | b'%' | b'@' | b'`' | b'#' | b'?' | b':' => None,
            _ => {
                let mut i = start;
                while i < end {
                    match bytes[i] {
                        b'#' if matches!(bytes[i - 1], b' ' | b'\t') => return None,
                        b':' if colon_ok(i) => {
                            let key = self.src[start..i].trim_end_of(b" \t");
                            return Some((Cow::Borrowed(key), Span::new(start, start + key.len()), i + 1));
                        }
                        _ => i += 1,
                    }
                }
                None
            }
        }
    }

    /// Reads the value on line `li` from offset `at` (after a key's colon or an item's dash).
    /// Continuation lines (of plain, quoted and flow values) must be indented at least
    /// `cont_min`. In `flat` mode indentation says nothing, so values stay on their line
    /// and block scalars end at the next line that looks like structure.
    pub(super) fn inline(&mut self, li: usize, at: usize, cont_min: usize, depth: usize, flat: bool) -> Inline<'a> {
        let line = self.lines[li];
        self.pos = li + 1;
        let mut p = self.skip_blanks(at, line.end);
        let mut anchor = None;
        loop {
            match self.byte(p).filter(|_| p < line.end) {
                Some(b'&') => {
                    let name_end = self.word_end(p + 1, line.end);
                    anchor = Some(&self.src[p + 1..name_end]);
                    p = self.skip_blanks(name_end, line.end);
                }
                Some(b'!') => {
                    // Tags are skipped: the tree keeps text as written.
                    p = self.skip_blanks(self.word_end(p + 1, line.end), line.end);
                }
                _ => break,
            }
        }
        if p >= line.end || self.byte(p) == Some(b'#') {
            return Inline::Empty { anchor, at: p.min(line.end) };
        }
        let mut node = match self.src.as_bytes()[p] {
            b'*' => {
                let name_end = self.word_end(p + 1, line.end);
                self.rest_of_line(name_end, line.end);
                self.issues.push(Issue::alias(Span::new(p, name_end)));
                Node { span: Span::new(p, name_end), anchor: None, kind: Kind::Alias(&self.src[p + 1..name_end]) }
            }
            b'|' | b'>' => self.block_scalar(li, p, cont_min, flat),
            b'[' | b'{' => {
                let end = if flat { line.end } else { self.region_end(li, cont_min) };
                let mut flow = Flow::new(self.src, p, end, false, &mut self.issues);
                let node = flow.value(depth);
                let after = flow.pos;
                self.finish_at(after);
                node
            }
            b'"' | b'\'' => {
                let end = if flat { line.end } else { self.region_end(li, cont_min) };
                let q = quoted(self.src, p, end, true);
                let style = if self.src.as_bytes()[p] == b'"' { Style::DoubleQuoted } else { Style::SingleQuoted };
                if q.stop == Stop::Closed {
                    self.finish_at(q.end);
                    Node::scalar(q.text, style, Span::new(p, q.end))
                } else {
                    // No closing quote: take the rest of the line, and say so.
                    let text_end = p + self.src[p..line.end].trim_end().len();
                    let q = quoted(self.src, p, text_end, false);
                    self.issues.push(Issue::warning(Span::new(p, text_end), "unterminated quote: read to the end of the line"));
                    self.pos = li + 1;
                    Node::scalar(q.text, style, Span::new(p, text_end))
                }
            }
            _ => self.plain(li, p, cont_min, flat),
        };
        node.anchor = anchor;
        Inline::Value(node)
    }

    fn word_end(&self, mut at: usize, end: usize) -> usize {
        while at < end && !matches!(self.src.as_bytes()[at], b' ' | b'\t' | b',' | b'[' | b']' | b'{' | b'}') {
            at += 1;
        }
        at
    }

    /// After a value that ended at `at`: continue on the next line, reporting anything but a
    /// comment left on this one.
    fn finish_at(&mut self, at: usize) {
        let li = self.line_of(at);
        self.rest_of_line(at, self.lines[li].end);
        self.pos = li + 1;
    }

    fn rest_of_line(&mut self, at: usize, end: usize) {
        let rest = self.skip_blanks(at, end);
        if rest < end && self.byte(rest) != Some(b'#') {
            let text = self.src[rest..end].trim_end();
            self.issues.push(Issue::unparsed(Span::new(rest, rest + text.len()), "unexpected text after a value"));
        }
    }

    /// The index of the line holding offset `at` (within the current document).
    fn line_of(&self, at: usize) -> usize {
        let first = self.pos.saturating_sub(1);
        (first..self.end).find(|&i| at <= self.lines[i].end).unwrap_or(self.end.saturating_sub(1))
    }

    /// End offset of the lines that continue a value begun on line `li`: following lines
    /// indented at least `cont_min` (or starting with a closing bracket). A blank line ends
    /// the region: multi-line flow and quoted values do not contain one in practice, and
    /// stopping there keeps the scan linear however the lines nest.
    fn region_end(&self, li: usize, cont_min: usize) -> usize {
        let mut end = self.lines[li].end;
        for i in li + 1..self.end {
            let line = self.lines[i];
            if line.content == line.end {
                break;
            }
            if line.indent >= cont_min || matches!(self.byte(line.content), Some(b']' | b'}')) {
                end = line.end;
            } else {
                break;
            }
        }
        end
    }

    /// A plain scalar from `p`, with its continuation lines (block mode only).
    fn plain(&mut self, li: usize, p: usize, cont_min: usize, flat: bool) -> Node<'a> {
        let line = self.lines[li];
        let text = self.plain_text(p, line.end);
        let mut end = p + text.len();
        let mut joined: Option<String> = None;
        if !flat {
            let mut blank_run = 0;
            let mut i = li + 1;
            while i < self.end {
                let next = self.lines[i];
                if next.content == next.end {
                    blank_run += 1;
                    i += 1;
                    continue;
                }
                let continues = next.indent >= cont_min
                    && self.byte(next.content) != Some(b'#')
                    && matches!(self.classify(i), LineKind::Other);
                if !continues {
                    break;
                }
                let more = self.plain_text(next.content, next.end);
                let out = joined.get_or_insert_with(|| text.to_string());
                if blank_run == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', blank_run));
                }
                out.push_str(more);
                end = next.content + more.len();
                blank_run = 0;
                i += 1;
                self.pos = i;
            }
        }
        let text: Cow<'a, str> = joined.map_or(Cow::Borrowed(text), Cow::Owned);
        Node::scalar(text, Style::Plain, Span::new(p, end))
    }

    /// Plain text from `p` to a ` #` comment or the line end, trailing blanks dropped.
    fn plain_text(&self, p: usize, end: usize) -> &'a str {
        let bytes = self.src.as_bytes();
        let mut stop = end;
        for i in p + 1..end {
            if bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t') {
                stop = i;
                break;
            }
        }
        self.src[p..stop].trim_end_of(b" \t")
    }

    /// `|` or `>` at `p` on line `li`, with optional chomping (`-`, `+`) and indentation
    /// (a digit) indicators, and the lines below it.
    fn block_scalar(&mut self, li: usize, p: usize, cont_min: usize, flat: bool) -> Node<'a> {
        let line = self.lines[li];
        let folded = self.src.as_bytes()[p] == b'>';
        let mut chomp = b' ';
        let mut explicit = None;
        let mut h = p + 1;
        while h < line.end {
            match self.src.as_bytes()[h] {
                c @ (b'-' | b'+') => chomp = c,
                c @ b'1'..=b'9' => explicit = Some(usize::from(c - b'0')),
                _ => break,
            }
            h += 1;
        }
        self.rest_of_line(h, line.end);
        // Which lines are content, and at what indentation: an explicit indicator counts from
        // the parent's column; otherwise the first content line sets it.
        let mut last = li;
        let mut content_indent = explicit.filter(|_| !flat).map(|d| cont_min.saturating_sub(1) + d);
        for i in li + 1..self.end {
            let next = self.lines[i];
            if next.content == next.end {
                continue;
            }
            let inside = if flat {
                !matches!(self.classify(i), LineKind::Key { .. } | LineKind::Item { .. })
            } else {
                let need = *content_indent.get_or_insert(next.indent);
                next.indent >= need && next.indent >= cont_min
            };
            if !inside {
                break;
            }
            if flat {
                content_indent = Some(content_indent.map_or(next.indent, |c| c.min(next.indent)));
            }
            last = i;
        }
        let content_indent = content_indent.unwrap_or(0);
        self.pos = last + 1;
        if last == li {
            let text = if chomp == b'+' { "\n" } else { "" };
            return Node::scalar(text, Style::Block, Span::new(p, h));
        }
        let mut pieces: Vec<&str> = Vec::with_capacity(last - li);
        for i in li + 1..=last {
            let l = self.lines[i];
            let from = self.offset_of_column(l, content_indent);
            pieces.push(if l.content == l.end { "" } else { &self.src[from..l.end] });
        }
        // Trailing blank lines inside the range cannot exist (the range ends on content), but
        // blank lines right after it count for `+`.
        let trailing = (last + 1..self.end).take_while(|&i| self.lines[i].content == self.lines[i].end).count();
        let mut text = if folded { fold(&pieces) } else { pieces.join("\n") };
        match chomp {
            b'-' => {}
            b'+' => text.extend(std::iter::repeat_n('\n', trailing + 1)),
            _ => text.push('\n'),
        }
        let end = self.lines[last].end;
        Node::scalar(text, Style::Block, Span::new(p, end))
    }

    /// Reads the document root: block nodes until the document ends. Extra top-level
    /// mappings (lines less indented than the first) join the first one.
    fn root(&mut self) -> Node<'a> {
        let mut root: Option<Node<'a>> = None;
        while let Some(i) = self.next_structural(self.pos) {
            let Some(node) = self.block(0, 0) else { break };
            if self.pos <= i {
                self.pos = i + 1;
            }
            match (&mut root, node) {
                (None, node) => root = Some(node),
                (Some(Node { kind: Kind::Map(entries), span, .. }), Node { kind: Kind::Map(more), span: more_span, .. }) => {
                    entries.extend(more);
                    *span = span.cover(more_span);
                }
                (Some(_), node) => self.issues.push(Issue::unparsed(node.span, "a second top-level value in one document")),
            }
        }
        root.unwrap_or_else(|| Node::null(Span::default()))
    }

    /// A block node whose lines are indented at least `min`, or None when the next line is
    /// less indented (the node is absent).
    fn block(&mut self, min: usize, depth: usize) -> Option<Node<'a>> {
        let i = self.next_structural(self.pos)?;
        let line = self.lines[i];
        if line.indent < min {
            return None;
        }
        if depth >= MAX_DEPTH {
            return Some(self.skip_too_deep(i, min));
        }
        self.pos = i;
        Some(match self.classify(i) {
            LineKind::Item { .. } => self.seq(line.indent, depth),
            LineKind::Key { .. } => self.map(line.indent, depth),
            LineKind::Other => match self.inline(i, line.content, min, depth, false) {
                Inline::Value(node) => node,
                Inline::Empty { at, .. } => Node::null(Span::new(at, at)),
            },
        })
    }

    /// Skips the lines of a node nested too deep, without recursing into them.
    fn skip_too_deep(&mut self, i: usize, min: usize) -> Node<'a> {
        let mut last = i;
        for j in i + 1..self.end {
            let line = self.lines[j];
            if line.content != line.end && line.indent < min {
                break;
            }
            last = j;
        }
        self.pos = last + 1;
        let span = Span::new(self.lines[i].content, self.lines[last].end);
        let message = format!("nested deeper than {MAX_DEPTH} levels: skipped");
        self.issues.push(Issue::unparsed(span, message.clone()));
        self.issues.push(Issue::warning(span, message));
        Node::null(Span { start: span.start, end: span.start })
    }

    fn map(&mut self, indent: usize, depth: usize) -> Node<'a> {
        let mut entries: Vec<Entry<'a>> = Vec::new();
        while let Some(i) = self.next_structural(self.pos) {
            let line = self.lines[i];
            if line.indent < indent {
                break;
            }
            match self.classify(i) {
                LineKind::Key { key, key_span, after } => {
                    let value = self.value_after_key(i, after, line.indent, depth + 1);
                    entries.push(Entry { key, key_span, value });
                }
                LineKind::Item { .. } if line.indent == indent => break,
                _ => {
                    self.issues.push(Issue::unparsed(Span::new(line.content, line.end), "a line that is neither `key: value` nor `- item` inside a mapping"));
                    self.pos = i + 1;
                }
            }
        }
        note_duplicates(&entries, &mut self.issues);
        let span = match (entries.first(), entries.last()) {
            (Some(first), Some(last)) => first.span().cover(last.span()),
            _ => Span::new(self.lines[self.pos.saturating_sub(1)].content, self.lines[self.pos.saturating_sub(1)].content),
        };
        Node::map(entries, span)
    }

    /// The value of `key:` on line `li` whose key sits at column `indent`: on the same line,
    /// or the block below (more indented, or a `- ` sequence at the same column).
    fn value_after_key(&mut self, li: usize, after: usize, indent: usize, depth: usize) -> Node<'a> {
        match self.inline(li, after, indent + 1, depth, false) {
            Inline::Value(node) => node,
            Inline::Empty { anchor, at } => {
                let below = self.next_structural(self.pos).map(|j| (j, self.lines[j].indent));
                let mut node = match below {
                    Some((_, next)) if next > indent => self.block(indent + 1, depth),
                    Some((j, next)) if next == indent && matches!(self.classify(j), LineKind::Item { .. }) => {
                        self.pos = j;
                        Some(self.seq(indent, depth))
                    }
                    _ => None,
                }
                .unwrap_or_else(|| Node::null(Span::new(at, at)));
                node.anchor = anchor.or(node.anchor);
                node
            }
        }
    }

    fn seq(&mut self, indent: usize, depth: usize) -> Node<'a> {
        let mut items = Vec::new();
        let mut span: Option<Span> = None;
        while let Some(i) = self.next_structural(self.pos) {
            let line = self.lines[i];
            if line.indent < indent {
                break;
            }
            let LineKind::Item { rest } = self.classify(i) else {
                if line.indent == indent {
                    break;
                }
                self.issues.push(Issue::unparsed(Span::new(line.content, line.end), "a line that is not a `- item` inside a sequence"));
                self.pos = i + 1;
                continue;
            };
            if line.indent > indent {
                self.issues.push(Issue::unparsed(Span::new(line.content, line.end), "an item indented deeper than its sequence"));
                self.pos = i + 1;
                continue;
            }
            let dash = Span::new(line.content, line.content + 1);
            let item = if rest >= line.end || self.byte(rest) == Some(b'#') {
                self.pos = i + 1;
                self.block(indent + 1, depth + 1).unwrap_or_else(|| Node::null(Span { start: dash.end, end: dash.end }))
            } else {
                // Take the dash off the line: its content is now a node at the rest's column.
                self.lines[i].indent = self.column(line, rest);
                self.lines[i].content = rest;
                self.pos = i;
                self.block(indent + 1, depth + 1).unwrap_or_else(|| Node::null(Span::new(rest, rest)))
            };
            span = Some(span.map_or(dash.cover(item.span), |s| s.cover(item.span)));
            items.push(item);
        }
        let span = span.unwrap_or_default();
        Node::seq(items, span)
    }

    /// True for a document whose every line sits at column 0 and whose keys show that
    /// nesting was lost: `key:` with nothing after it followed by another key, or a
    /// `- key: v` item followed by a plain key line.
    fn looks_flattened(&self, start: usize, end: usize) -> bool {
        let mut structural = (start..end).filter(|&i| self.is_structural(i));
        if structural.clone().any(|i| self.lines[i].indent != 0) {
            return false;
        }
        let Some(first) = structural.next() else { return false };
        // Whether a line leaves a value open: `key:` with nothing after it, or `- key: v`.
        let opens = |i: usize| match self.classify(i) {
            LineKind::Key { after, .. } => self.empty_after(after, self.lines[i].end),
            LineKind::Item { rest } => self.split_key(rest, self.lines[i].end).is_some(),
            LineKind::Other => false,
        };
        let mut previous_opens = opens(first);
        for line in structural {
            if previous_opens && matches!(self.classify(line), LineKind::Key { .. }) {
                return true;
            }
            previous_opens = opens(line);
        }
        false
    }

    /// The path in a `# dir/file.yaml` comment on the document's first line, if that is all
    /// the comment says.
    fn comment_path(&self, start: usize) -> Option<&'a str> {
        let line = self.lines[start];
        let text = self.src[line.content..line.end].strip_prefix('#')?.trim();
        let is_path = !text.contains(char::is_whitespace)
            && [".yaml", ".yml", ".json"].iter().any(|ext| text.ends_with(ext))
            && text.len() > 5;
        is_path.then_some(text)
    }

    /// True when nothing but anchors, tags or a comment follow `at` on the line.
    pub(super) fn empty_after(&self, at: usize, end: usize) -> bool {
        let mut p = self.skip_blanks(at, end);
        while matches!(self.byte(p).filter(|_| p < end), Some(b'&' | b'!')) {
            p = self.skip_blanks(self.word_end(p + 1, end), end);
        }
        p >= end || self.byte(p) == Some(b'#')
    }
}

/// Folds block-scalar lines (`>`): lines join with a space, an empty line becomes a line
/// break, and more-indented lines keep their breaks.
fn fold(pieces: &[&str]) -> String {
    let mut out = String::new();
    let mut prev_normal = false;
    let mut pending_breaks = 0;
    for piece in pieces {
        if piece.is_empty() {
            pending_breaks += 1;
            continue;
        }
        let normal = !piece.starts_with_of(b" \t");
        if !out.is_empty() {
            if pending_breaks > 0 {
                let extra = usize::from(!(prev_normal && normal));
                out.extend(std::iter::repeat_n('\n', pending_breaks + extra));
            } else if prev_normal && normal {
                out.push(' ');
            } else {
                out.push('\n');
            }
        }
        pending_breaks = 0;
        out.push_str(piece);
        prev_normal = normal;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::show;

    fn parse_all(src: &str) -> Parsed<'_> {
        parse(src, Span::new(0, src.len()))
    }

    fn docs(src: &str) -> Vec<String> {
        parse_all(src).docs.iter().map(|d| show(&d.root)).collect()
    }

    fn one(src: &str) -> String {
        let parsed = parse_all(src);
        assert!(parsed.issues.iter().all(|i| !i.unparsed), "{:?}", parsed.issues);
        docs(src).join(" --- ")
    }

    #[test]
    fn block_mappings_sequences_and_comments() {
        let src = "# a comment\napiVersion: apps/v1\nkind: Deployment # trailing\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: \"registry.corp.io/web:1.2\"\n        args: ['--port', \"8080\"]\n        ports:\n          - containerPort: 8080\n            protocol: TCP\n      - name: sidecar\n        image: envoy\n";
        assert_eq!(
            one(src),
            r#"{apiVersion: "apps/v1", kind: "Deployment", metadata: {name: "web", labels: {app: "web"}}, spec: {template: {spec: {containers: [{name: "web", image: "registry.corp.io/web:1.2", args: ["--port", "8080"], ports: [{containerPort: "8080", protocol: "TCP"}]}, {name: "sidecar", image: "envoy"}]}}}}"#
        );
    }

    #[test]
    fn grep_n_output_reads_each_files_lines_as_its_own_document() {
        let src = "a/cm.yaml:4:  name: web\na/cm.yaml-5-data:\na/cm.yaml-6-  URL: \"x\"\n--\nb/uat.yaml:4:  name: web\nb/uat.yaml-5-data:\nc/other.yaml:2:  name: api\n";
        let parsed = parse_all(src);
        let paths: Vec<_> = parsed.docs.iter().map(|d| (d.path, d.excerpt)).collect();
        assert_eq!(paths, [(Some("a/cm.yaml"), true), (Some("b/uat.yaml"), true), (Some("c/other.yaml"), true)]);
        assert_eq!(show(&parsed.docs[0].root), r#"{name: "web", data: {URL: "x"}}"#);
        // What is quoted is the line past its gutter, a slice of the paste.
        let data = parsed.docs[0].root.get("data").unwrap();
        assert_eq!(data.entry("URL").unwrap().span().text(src), "URL: \"x\"");
    }

    #[test]
    fn entry_spans_quote_the_key_and_value() {
        let src = "data:\n  DB_NAME: \"warehouse\"  # the db\n  url: http://x:80/a\n";
        let parsed = parse_all(src);
        let data = parsed.docs[0].root.get("data").unwrap();
        assert_eq!(data.entry("DB_NAME").unwrap().span().text(src), "DB_NAME: \"warehouse\"");
        assert_eq!(data.entry("url").unwrap().span().text(src), "url: http://x:80/a");
        assert_eq!(parsed.docs[0].root.entry("data").unwrap().span().text(src), "data:\n  DB_NAME: \"warehouse\"  # the db\n  url: http://x:80/a");
    }

    #[test]
    fn multi_document_streams() {
        let src = "%YAML 1.2\n---\na: 1\n---\n# only a comment\n---\nb: 2\n...\n--- {c: 3}\n";
        assert_eq!(docs(src), [r#"{a: "1"}"#, r#"{b: "2"}"#, r#"{c: "3"}"#]);
    }

    #[test]
    fn block_scalars_with_chomping() {
        let src = "lit: |\n  line one\n    indented\n\n  last\nfold: >-\n  folded\n  text\n\n  para\nkeep: |+\n  kept\n\nstrip: |-\n  s\nexplicit: |2\n    two extra\nempty: |\nnext: x\n";
        assert_eq!(
            one(src),
            r#"{lit: "line one\n  indented\n\nlast\n", fold: "folded text\npara", keep: "kept\n\n", strip: "s", explicit: "  two extra\n", empty: "", next: "x"}"#
        );
    }

    #[test]
    fn flow_collections_quotes_and_plain_multiline() {
        let src = "limits: {cpu: 250m, memory: 1Gi}\nlist: [a, \"b c\", 'it''s']\nmulti: [\n  x,\n  y\n]\nnested: {a: [1, {b: 2}], c: }\nplain: first\n  second\nquoted: \"one\n  two\"\nkey with spaces: v\n\"quoted key\": w\nurl: http://h:80\n";
        assert_eq!(
            one(src),
            r#"{limits: {cpu: "250m", memory: "1Gi"}, list: ["a", "b c", "it's"], multi: ["x", "y"], nested: {a: ["1", {b: "2"}], c: ~}, plain: "first second", quoted: "one two", key with spaces: "v", quoted key: "w", url: "http://h:80"}"#
        );
    }

    #[test]
    fn anchors_and_aliases_are_recorded_never_expanded() {
        let src = "base: &base {a: 1}\nuse: *base\nmerge:\n  <<: *base\n  b: 2\n";
        let parsed = parse_all(src);
        let root = &parsed.docs[0].root;
        assert_eq!(root.get("base").unwrap().anchor, Some("base"));
        assert_eq!(show(root), r#"{base: {a: "1"}, use: *base, merge: {<<: *base, b: "2"}}"#);
    }

    #[test]
    fn an_alias_bomb_is_harmless() {
        let mut src = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"]) {
            src.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        let parsed = parse_all(&src);
        let root = &parsed.docs[0].root;
        assert_eq!(root.get("i").unwrap().items().len(), 9);
        assert!(matches!(root.get("i").unwrap().items()[0].kind, Kind::Alias("h")));
    }

    #[test]
    fn duplicate_keys_keep_the_first_and_say_so() {
        let src = "name: first\nname: second\n";
        let parsed = parse_all(src);
        assert_eq!(parsed.docs[0].root.get("name").and_then(Node::str), Some("first"));
        assert_eq!(parsed.docs[0].root.entries().len(), 2);
        assert!(parsed.issues.iter().any(|i| !i.unparsed && i.message.contains("duplicate key `name`")));
    }

    #[test]
    fn tabs_and_crlf() {
        let src = "a:\r\n\tb: 1\r\n\tc:\r\n\t\t- x\r\nd:\t2\r\n";
        assert_eq!(one(src), r#"{a: {b: "1", c: ["x"]}, d: "2"}"#);
        let parsed = parse_all(src);
        let b = parsed.docs[0].root.at(&["a"]).unwrap().entry("b").unwrap();
        assert_eq!(b.span().text(src), "b: 1");
    }

    #[test]
    fn broken_lines_are_reported_and_reading_goes_on() {
        let src = "a: 1\n  - stray\nthis line is prose\nb: \"open quote\nc: 3\n";
        let parsed = parse_all(src);
        assert_eq!(show(&parsed.docs[0].root), r#"{a: "1", b: "open quote", c: "3"}"#);
        let unparsed: Vec<&str> = parsed.issues.iter().filter(|i| i.unparsed).map(|i| i.span.text(src)).collect();
        assert_eq!(unparsed, ["- stray", "this line is prose"]);
        assert!(parsed.issues.iter().any(|i| !i.unparsed && i.message.contains("unterminated quote")));
    }

    #[test]
    fn truncated_documents_keep_what_was_read() {
        let src = "metadata:\n  name: web\nspec:\n  args: [--a, --b\n";
        let parsed = parse_all(src);
        assert_eq!(show(&parsed.docs[0].root), r#"{metadata: {name: "web"}, spec: {args: ["--a", "--b"]}}"#);
        assert!(parsed.issues.iter().any(|i| i.message.contains("truncated")));
        let src = "script: |\n  echo one\n  ech";
        assert_eq!(one(src), r#"{script: "echo one\nech\n"}"#);
    }

    #[test]
    fn hostile_nesting_stops_at_the_limit() {
        let dashes = "- ".repeat(10_000) + "x\n";
        let parsed = parse_all(&dashes);
        assert!(parsed.issues.iter().any(|i| i.unparsed && i.message.contains("nested deeper")));
        let flow = "a: ".to_string() + &"[".repeat(10_000) + &"]".repeat(10_000) + "\nb: 1\n";
        let parsed = parse_all(&flow);
        assert_eq!(parsed.docs[0].root.get("b").and_then(Node::str), Some("1"));
        let mut indented = String::new();
        for depth in 0..2_000 {
            indented.push_str(&" ".repeat(depth));
            indented.push_str("k:\n");
        }
        indented.push_str("after: 1\n");
        let parsed = parse_all(&indented);
        assert_eq!(parsed.docs[0].root.get("after").and_then(Node::str), Some("1"));
        assert!(parsed.issues.iter().any(|i| i.unparsed && i.message.contains("nested deeper")));
    }

    #[test]
    fn flattened_configmap_is_rebuilt() {
        let src = "apiVersion: v1\nkind: ConfigMap\nmetadata:\nname: orders-env\nnamespace: analytics\nlabels:\napp: rollup\ndata:\nDB_HOST: \"analytics-db\"\nDB_PORT: \"5432\"\n";
        let parsed = parse_all(src);
        assert_eq!(
            show(&parsed.docs[0].root),
            r#"{apiVersion: "v1", kind: "ConfigMap", metadata: {name: "orders-env", namespace: "analytics", labels: {app: "rollup"}}, data: {DB_HOST: "analytics-db", DB_PORT: "5432"}}"#
        );
        assert!(parsed.issues.iter().any(|i| i.message.contains("lost its indentation")));
    }

    #[test]
    fn flattened_kustomization_is_rebuilt() {
        let src = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: comms\nresources:\n- ../../base\n- service.yaml\nimages:\n- name: registry.corp.io/web\nnewTag: latest\n- name: busybox\nnewName: mirror.corp.io/busybox\ndigest: sha256:abcd\n";
        assert_eq!(
            docs(src)[0],
            r#"{apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", namespace: "comms", resources: ["../../base", "service.yaml"], images: [{name: "registry.corp.io/web", newTag: "latest"}, {name: "busybox", newName: "mirror.corp.io/busybox", digest: "sha256:abcd"}]}"#
        );
        // Without the kind, the keys still say kustomization.
        let src = "resources:\n- base\nimages:\n- name: web\nnewTag: v2\n";
        assert_eq!(docs(src)[0], r#"{resources: ["base"], images: [{name: "web", newTag: "v2"}]}"#);
    }

    #[test]
    fn flattened_deployment_is_rebuilt_as_far_as_keys_tell() {
        let src = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\nname: web\nlabels:\napp: web\nspec:\nreplicas: 3\nselector:\nmatchLabels:\napp: web\ntemplate:\nmetadata:\nlabels:\napp: web\nspec:\ncontainers:\n- name: web\nimage: registry.corp.io/web:1.4\nenv:\n- name: DB_HOST\nvalue: db\n- name: DB_PASSWORD\nvalueFrom:\nsecretKeyRef:\nname: db-creds\nkey: password\nports:\n- containerPort: 8080\nresources:\nlimits:\nmemory: 512Mi\nrequests:\ncpu: 250m\n- name: sidecar\nimage: envoy:1.29\nvolumes:\n- name: cfg\nconfigMap:\nname: web-config\n";
        assert_eq!(
            docs(src)[0],
            r#"{apiVersion: "apps/v1", kind: "Deployment", metadata: {name: "web", labels: {app: "web"}}, spec: {replicas: "3", selector: {matchLabels: {app: "web"}}, template: {metadata: {labels: {app: "web"}}, spec: {containers: [{name: "web", image: "registry.corp.io/web:1.4", env: [{name: "DB_HOST", value: "db"}, {name: "DB_PASSWORD", valueFrom: {secretKeyRef: {name: "db-creds", key: "password"}}}], ports: [{containerPort: "8080"}], resources: {limits: {memory: "512Mi"}, requests: {cpu: "250m"}}}, {name: "sidecar", image: "envoy:1.29"}], volumes: [{name: "cfg", configMap: {name: "web-config"}}]}}}}"#
        );
    }

    #[test]
    fn flattened_pod_status_alone_is_rebuilt() {
        let src = "conditions:\n- status: \"True\"\ntype: PodScheduled\ncontainerStatuses:\n- name: sync\nready: false\nstate:\nwaiting:\nreason: ErrImagePull\nphase: Pending\n";
        assert_eq!(
            docs(src)[0],
            r#"{conditions: [{status: "True", type: "PodScheduled"}], containerStatuses: [{name: "sync", ready: "false", state: {waiting: {reason: "ErrImagePull"}}}], phase: "Pending"}"#
        );
    }

    #[test]
    fn flat_but_valid_yaml_is_left_alone() {
        // Column 0 everywhere, yet nothing shows lost nesting: read as written.
        let src = "resources:\n- a.yaml\n- b.yaml\nnamespace: x\n";
        let parsed = parse_all(src);
        assert_eq!(show(&parsed.docs[0].root), r#"{resources: ["a.yaml", "b.yaml"], namespace: "x"}"#);
        assert!(parsed.issues.is_empty());
    }

    #[test]
    fn flattened_helm_values_nest_one_level_per_empty_key() {
        let src = "replicaCount: 2\nimage:\nrepository: registry.corp.io/api\ntag: \"2.0.1\"\nservice:\ntype: ClusterIP\nport: 80\n";
        assert_eq!(
            docs(src)[0],
            r#"{replicaCount: "2", image: {repository: "registry.corp.io/api", tag: "2.0.1"}, service: {type: "ClusterIP", port: "80"}}"#
        );
    }
}
