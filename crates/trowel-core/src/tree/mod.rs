//! Document trees: the one span-carrying model that YAML and JSON are read into, so that one
//! walker (`parse/k8s_object.rs`) reads Kubernetes objects whatever syntax they came in.
//!
//! A [`Node`] is a mapping (ordered entries, each with its key text and key span), a
//! sequence, a scalar (its text with quotes removed and escapes resolved) or an alias. Every
//! node knows the bytes of the paste it was read from, so a fact can quote exactly the
//! `key: value` that states it.
//!
//! The parsers ([`yaml::parse`], [`json::parse`]) are hand-written because we need spans,
//! tolerance of broken web copies and a small wasm: they never fail and never panic, they
//! return what they understood plus [`Issue`]s for what they could not read. Nesting deeper
//! than [`MAX_DEPTH`] is skipped (not recursed into) and reported. YAML aliases are kept as
//! [`Kind::Alias`] and never expanded, so an alias bomb costs what its text costs.
//!
//! ```
//! use trowel_core::span::Span;
//! let paste = "metadata:\n  name: web\n  labels: {app: web}\n";
//! let parsed = trowel_core::tree::yaml::parse(paste, Span::new(0, paste.len()));
//! let root = &parsed.docs[0].root;
//! assert_eq!(root.at(&["metadata", "labels", "app"]).and_then(|n| n.str()), Some("web"));
//! let name = root.get("metadata").and_then(|m| m.entry("name")).unwrap();
//! assert_eq!(name.span().text(paste), "name: web");
//! ```

use crate::span::Span;
use std::borrow::Cow;

mod flat;
mod flow;
pub mod json;
pub mod path;
mod scalar;
mod schema;
pub mod yaml;

/// Deepest nesting the parsers build. Kubernetes objects nest about 20 levels (managedFields
/// and CRD schemas up to about 40); anything deeper is skipped as unparsed with a warning, which
/// also bounds the recursion of every reader of the tree.
pub const MAX_DEPTH: usize = 100;

/// One value of a document, with the span of the paste it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub span: Span,
    /// The YAML anchor (`&name`) set on this node, if any.
    pub anchor: Option<&'a str>,
    pub kind: Kind<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind<'a> {
    /// Entries in document order. Duplicate keys are kept; lookups return the first.
    Map(Vec<Entry<'a>>),
    Seq(Vec<Node<'a>>),
    Scalar(Scalar<'a>),
    /// A YAML alias (`*name`), recorded and never expanded.
    Alias(&'a str),
}

/// A scalar's text as the document means it: quotes removed, escapes and folding resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar<'a> {
    pub text: Cow<'a, str>,
    pub style: Style,
}

/// How a scalar was written; plain scalars are the only ones that can mean null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// A YAML block scalar, `|` or `>`.
    Block,
}

/// A mapping entry: the key's text and span, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub value: Node<'a>,
}

impl Entry<'_> {
    /// From the key to the end of the value: `name: web`, `"sync": "Synced"`.
    pub fn span(&self) -> Span {
        self.key_span.cover(self.value.span)
    }
}

/// One document of a stream (`---`-separated YAML, or one top-level JSON value).
#[derive(Debug, Clone, PartialEq)]
pub struct Document<'a> {
    pub root: Node<'a>,
    pub span: Span,
    /// A file path named by a comment alone on the document's first line
    /// (`# apps/web/deployment.yaml`), as pasted files often start.
    pub path: Option<&'a str>,
    /// Lines `grep -n` cut out of a file (`path` is that file): the object's head, its
    /// `kind:` and `metadata:` among it, may be missing.
    pub excerpt: bool,
}

/// Something a parser could not read, or read only by guessing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub span: Span,
    pub message: String,
    /// True when the text was skipped (it becomes an unparsed entry); false when it was read
    /// and the user should still know something (a warning).
    pub unparsed: bool,
}

/// What a parser returns: the documents it read and what it could not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed<'a> {
    pub docs: Vec<Document<'a>>,
    pub issues: Vec<Issue>,
}

impl<'a> Node<'a> {
    pub fn scalar(text: impl Into<Cow<'a, str>>, style: Style, span: Span) -> Node<'a> {
        Node { span, anchor: None, kind: Kind::Scalar(Scalar { text: text.into(), style }) }
    }

    /// An empty plain scalar: what `key:` with nothing after it means.
    pub fn null(span: Span) -> Node<'a> {
        Node::scalar("", Style::Plain, span)
    }

    pub fn map(entries: Vec<Entry<'a>>, span: Span) -> Node<'a> {
        Node { span, anchor: None, kind: Kind::Map(entries) }
    }

    pub fn seq(items: Vec<Node<'a>>, span: Span) -> Node<'a> {
        Node { span, anchor: None, kind: Kind::Seq(items) }
    }

    /// The value of the first entry with this key.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.entry(key).map(|e| &e.value)
    }

    /// The first entry with this key.
    pub fn entry(&self, key: &str) -> Option<&Entry<'a>> {
        self.entries().iter().find(|e| e.key == key)
    }

    /// Follows keys from this node: `at(&["metadata", "name"])`.
    pub fn at(&self, keys: &[&str]) -> Option<&Node<'a>> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// The entries of a mapping (none for other nodes).
    pub fn entries(&self) -> &[Entry<'a>] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence (none for other nodes).
    pub fn items(&self) -> &[Node<'a>] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, Kind::Map(_))
    }

    pub fn is_seq(&self) -> bool {
        matches!(self.kind, Kind::Seq(_))
    }

    /// A scalar's text, unless the scalar means null (`~`, `null`, or nothing).
    pub fn str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s) if !self.is_null() => Some(&s.text),
            _ => None,
        }
    }

    /// True for plain `null`, `~`, `Null`, `NULL` and an empty plain scalar.
    pub fn is_null(&self) -> bool {
        match &self.kind {
            Kind::Scalar(Scalar { text, style: Style::Plain }) => matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL"),
            _ => false,
        }
    }
}

impl Issue {
    pub(crate) fn unparsed(span: Span, message: impl Into<String>) -> Issue {
        Issue { span, message: message.into(), unparsed: true }
    }

    pub(crate) fn warning(span: Span, message: impl Into<String>) -> Issue {
        Issue { span, message: message.into(), unparsed: false }
    }

    /// A YAML alias, which the tree keeps as written: what it stands for is not read there.
    pub(crate) fn alias(span: Span) -> Issue {
        Issue::warning(span, "a YAML alias (`*name`) is not expanded: the value it stands for is not read at that place")
    }
}

/// Notes duplicate keys of a finished mapping as warnings (the first value is the one
/// lookups see). Small mappings are checked pairwise; large ones through a set, so a
/// hostile mapping with many keys stays linear.
pub(crate) fn note_duplicates(entries: &[Entry<'_>], issues: &mut Vec<Issue>) {
    let mut report = |entry: &Entry<'_>| {
        issues.push(Issue::warning(entry.key_span, format!("duplicate key `{}`: the first value is the one read", entry.key)));
    };
    if entries.len() <= 16 {
        for (i, entry) in entries.iter().enumerate() {
            if entries[..i].iter().any(|e| e.key == entry.key) {
                report(entry);
            }
        }
    } else {
        let mut seen = crate::hash::HashSet::with_capacity_and_hasher(entries.len(), Default::default());
        for entry in entries {
            if !seen.insert(entry.key.as_ref()) {
                report(entry);
            }
        }
    }
}

/// A compact rendering for tests: `{key: value, list: [a, b]}`, aliases as `*name`.
#[cfg(test)]
pub(crate) fn show(node: &Node<'_>) -> String {
    match &node.kind {
        Kind::Map(entries) => {
            let inner: Vec<String> = entries.iter().map(|e| format!("{}: {}", e.key, show(&e.value))).collect();
            format!("{{{}}}", inner.join(", "))
        }
        Kind::Seq(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")),
        Kind::Scalar(_) if node.is_null() => "~".to_string(),
        Kind::Scalar(s) => format!("{:?}", s.text),
        Kind::Alias(name) => format!("*{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every span of a tree and its issues lies inside the parsed range, on char boundaries.
    fn check_spans(src: &str, parsed: &Parsed<'_>) {
        fn walk(src: &str, node: &Node<'_>) {
            assert!(node.span.end as usize <= src.len() && node.span.start <= node.span.end);
            assert!(src.is_char_boundary(node.span.start as usize) && src.is_char_boundary(node.span.end as usize));
            for entry in node.entries() {
                assert!(src.is_char_boundary(entry.key_span.start as usize) && src.is_char_boundary(entry.key_span.end as usize));
                walk(src, &entry.value);
            }
            node.items().iter().for_each(|item| walk(src, item));
        }
        for doc in &parsed.docs {
            walk(src, &doc.root);
        }
        for issue in &parsed.issues {
            assert!(issue.span.end as usize <= src.len(), "{issue:?}");
            let _ = issue.span.text(src);
        }
    }

    proptest! {
        #[test]
        fn yaml_never_panics(src in r#"([ \t\-:#{}\[\],"'|>&*!\\a-z0-9é\n\r]|---\n|\.\.\.){0,120}"#) {
            let parsed = yaml::parse(&src, Span::new(0, src.len()));
            check_spans(&src, &parsed);
        }

        #[test]
        fn json_never_panics(src in r#"([ \t{}\[\],:"\\a-z0-9éu\n]|true|null|\\u[0-9a-fA-F]{0,4}){0,120}"#) {
            let parsed = json::parse(&src, Span::new(0, src.len()));
            check_spans(&src, &parsed);
        }
    }
}
