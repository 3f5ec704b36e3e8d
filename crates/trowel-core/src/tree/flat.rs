//! Rebuilding YAML whose indentation was lost. Web copies put every line at column 0:
//!
//! ```text
//! metadata:
//! name: orders-env
//! data:
//! DB_HOST: "analytics-db"
//! ```
//!
//! Indentation says nothing here, so the nesting comes from what Kubernetes objects look like
//! (`schema.rs`): a stack of open mappings and sequences, where each `key:` line goes to the
//! innermost open mapping that knows the key (free-form mappings such as `labels` and `data`
//! take any key no enclosing mapping knows), an empty `key:` opens the mapping or sequence
//! its schema says, and a `- item` line goes to the open sequence whose items best fit its
//! first keys. Documents without a kind (Helm values) are rebuilt one level deep per empty
//! key, which is all that can be told.

use crate::ascii::Set;
use super::schema::{self, Shape};
use super::yaml::{Inline, LineKind, Yaml};
use super::{note_duplicates, Entry, Issue, Node, MAX_DEPTH};
use crate::span::Span;
use std::borrow::Cow;

/// A mapping or sequence still being filled.
struct Frame<'a> {
    shape: Shape,
    /// For a mapping of unknown shape: how many such mappings it sits in directly (an empty
    /// key inside one that is itself nested in another is read as a sibling, not a child).
    generic: usize,
    entries: Vec<Entry<'a>>,
    items: Vec<Node<'a>>,
    slot: Slot<'a>,
    /// Where the node sits if it stays empty.
    at: usize,
    anchor: Option<&'a str>,
}

/// Where a finished frame goes in its parent.
enum Slot<'a> {
    Root,
    Key(Cow<'a, str>, Span),
    Item,
}

impl<'a> Frame<'a> {
    fn new(shape: Shape, generic: usize, slot: Slot<'a>, at: usize, anchor: Option<&'a str>) -> Frame<'a> {
        Frame { shape, generic, entries: Vec::new(), items: Vec::new(), slot, at, anchor }
    }

    fn finish(self, issues: &mut Vec<Issue>) -> (Slot<'a>, Node<'a>) {
        let empty = Span::new(self.at, self.at);
        let mut node = if self.shape.is_seq() {
            let span = match (self.items.first(), self.items.last()) {
                (Some(first), Some(last)) => first.span.cover(last.span),
                _ => empty,
            };
            Node::seq(self.items, span)
        } else {
            note_duplicates(&self.entries, issues);
            let span = match (self.entries.first(), self.entries.last()) {
                (Some(first), Some(last)) => first.span().cover(last.span()),
                _ => empty,
            };
            Node::map(self.entries, span)
        };
        node.anchor = self.anchor;
        (self.slot, node)
    }
}

/// Builds the document on lines `start..end` of `y`, all of which sit at column 0.
pub(super) fn build<'a>(y: &mut Yaml<'a>, start: usize, end: usize) -> Node<'a> {
    let shape = root_shape(y, start, end);
    let at = y.lines[start].content;
    let mut frames = Frames { stack: vec![Frame::new(shape, 0, Slot::Root, at, None)] };
    y.pos = start;
    while let Some(i) = y.next_structural(y.pos) {
        match y.classify(i) {
            LineKind::Item { rest } => frames.item(y, i, rest),
            LineKind::Key { key, key_span, after } => {
                let empty = y.empty_after(after, y.lines[i].end);
                let target = frames.target(&key, empty);
                frames.pop_to(target, &mut y.issues);
                frames.entry(y, i, key, key_span, after);
            }
            LineKind::Other => {
                let line = y.lines[i];
                y.issues.push(Issue::unparsed(Span::new(line.content, line.end), "a line that is neither `key: value` nor `- item`"));
                y.pos = i + 1;
            }
        }
    }
    frames.pop_to(0, &mut y.issues);
    match frames.stack.pop() {
        Some(root) => root.finish(&mut y.issues).1,
        None => Node::null(Span::new(at, at)),
    }
}

/// The document's shape, from its `kind:` and `apiVersion:` lines (the first of each) or,
/// without a kind, its keys.
fn root_shape(y: &Yaml<'_>, start: usize, end: usize) -> Shape {
    let mut kind = None;
    let mut api = None;
    let mut keys = Vec::new();
    for i in start..end {
        if let LineKind::Key { key, after, .. } = y.classify(i) {
            let value = || y.src[after..y.lines[i].end].trim().trim_of(b"\"'");
            match key.as_ref() {
                "kind" if kind.is_none() => kind = Some(value()),
                "apiVersion" if api.is_none() => api = Some(value()),
                _ => {}
            }
            keys.push(key);
        }
    }
    schema::root(kind, api, keys.iter().map(|k| k.as_ref()))
}

struct Frames<'a> {
    stack: Vec<Frame<'a>>,
}

impl<'a> Frames<'a> {
    /// The frame a `key:` line belongs to: the innermost mapping that knows the key; a
    /// free-form mapping takes keys no mapping below it knows; otherwise the innermost one.
    fn target(&self, key: &str, empty: bool) -> usize {
        let top = self.stack.len() - 1;
        for idx in (0..=top).rev() {
            let frame = &self.stack[idx];
            match frame.shape {
                Shape::Map(_) if frame.shape.knows(key) => return idx,
                Shape::Strings | Shape::Any => {
                    let sibling = matches!(frame.shape, Shape::Any) && idx == top && empty && frame.generic >= 1;
                    if !sibling && !self.stack[..idx].iter().any(|below| below.shape.knows(key)) {
                        return idx;
                    }
                }
                _ => {}
            }
        }
        (0..=top).rev().find(|&i| !self.stack[i].shape.is_seq()).unwrap_or(0)
    }

    /// Closes every frame above `idx`, attaching each to its parent.
    fn pop_to(&mut self, idx: usize, issues: &mut Vec<Issue>) {
        while self.stack.len() > idx + 1 {
            let Some(frame) = self.stack.pop() else { return };
            let (slot, node) = frame.finish(issues);
            let Some(parent) = self.stack.last_mut() else { return };
            match slot {
                Slot::Key(key, key_span) => parent.entries.push(Entry { key, key_span, value: node }),
                Slot::Item => parent.items.push(node),
                Slot::Root => {}
            }
        }
    }

    /// Adds `key:` on line `i` to the top frame; an empty value opens a frame when the next
    /// line shows the value continues below.
    fn entry(&mut self, y: &mut Yaml<'a>, i: usize, key: Cow<'a, str>, key_span: Span, after: usize) {
        let depth = self.stack.len();
        let Some(top) = self.stack.last() else { return };
        let child = top.shape.child(&key);
        let parent_generic = matches!(top.shape, Shape::Any).then_some(top.generic);
        let value = y.inline(i, after, 1, depth, true);
        let (anchor, at) = match value {
            Inline::Value(node) => {
                self.push_entry(Entry { key, key_span, value: node });
                return;
            }
            Inline::Empty { anchor, at } => (anchor, at),
        };
        let next = y.next_structural(y.pos).map(|j| y.classify(j));
        let shape = match next {
            Some(LineKind::Item { .. }) => Some(child.filter(|s| s.is_seq()).unwrap_or(Shape::SeqAny)),
            Some(LineKind::Key { .. }) => match child {
                Some(Shape::Scalar | Shape::SeqOf(_) | Shape::SeqAny | Shape::Scalars) => None,
                Some(shape) => Some(shape),
                None => Some(Shape::Any),
            },
            _ => None,
        };
        match shape {
            Some(_) if depth >= MAX_DEPTH => {
                y.issues.push(Issue::warning(key_span, format!("nested deeper than {MAX_DEPTH} levels: not rebuilt further")));
                self.push_entry(Entry { key, key_span, value: Node::null(Span::new(at, at)) });
            }
            Some(shape) => {
                let generic = match (shape, parent_generic) {
                    (Shape::Any, Some(g)) => g + 1,
                    _ => 0,
                };
                self.stack.push(Frame::new(shape, generic, Slot::Key(key, key_span), at, anchor));
            }
            None => {
                let mut value = Node::null(Span::new(at, at));
                value.anchor = anchor;
                self.push_entry(Entry { key, key_span, value });
            }
        }
    }

    fn push_entry(&mut self, entry: Entry<'a>) {
        if let Some(top) = self.stack.last_mut() {
            top.entries.push(entry);
        }
    }

    /// A `- …` line: a new item of the open sequence whose items best fit it (by its first
    /// key and the key on the next line), else of the innermost open sequence.
    fn item(&mut self, y: &mut Yaml<'a>, i: usize, rest: usize) {
        let line_end = y.lines[i].end;
        let first = y.split_key(rest, line_end);
        let next_key = y.next_structural(i + 1).and_then(|j| match y.classify(j) {
            LineKind::Key { key, .. } => Some(key),
            _ => None,
        });
        let mut best: Option<(usize, u8)> = None;
        for idx in (0..self.stack.len()).rev() {
            let Some(item) = self.stack[idx].shape.item() else { continue };
            let score = match (&first, item) {
                (Some((key, ..)), Shape::Map(_)) if item.knows(key) => 2 + u8::from(next_key.as_deref().is_some_and(|k| item.knows(k))),
                (Some(_), Shape::Any) | (None, Shape::Scalar | Shape::Any) => 2,
                _ => 1,
            };
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((idx, score));
            }
        }
        let Some((seq, _)) = best else {
            y.issues.push(Issue::unparsed(Span::new(y.lines[i].content, line_end), "a `- item` with no list to belong to"));
            y.pos = i + 1;
            return;
        };
        self.pop_to(seq, &mut y.issues);
        let item_shape = self.stack[seq].shape.item().unwrap_or(Shape::Any);
        match first {
            Some((key, key_span, after)) if self.stack.len() < MAX_DEPTH => {
                self.stack.push(Frame::new(item_shape, 0, Slot::Item, rest, None));
                self.entry(y, i, key, key_span, after);
            }
            _ => {
                let node = match y.inline(i, rest, 1, self.stack.len(), true) {
                    Inline::Value(node) => node,
                    Inline::Empty { at, .. } if matches!(item_shape, Shape::Map(_) | Shape::Any) => {
                        self.stack.push(Frame::new(item_shape, 0, Slot::Item, at, None));
                        return;
                    }
                    Inline::Empty { at, .. } => Node::null(Span::new(at, at)),
                };
                if let Some(top) = self.stack.last_mut() {
                    top.items.push(node);
                }
            }
        }
    }
}
