//! Paths into objects as commands write them — jq (`.status.sync.status`), kubectl jsonpath
//! (`{.status.containerStatuses[0].imageID}`) and custom-columns (`.spec.containers[*].image`)
//! — and the inverse of a projection: [`place`] puts values printed under other names back
//! where they came from, so the printed fragment reads like the object itself.
//!
//! `argocd app get x -o json | jq '{sync: .status.sync.status}'` prints `{"sync": "Synced"}`;
//! placing `"Synced"` at `.status.sync.status` gives `{status: {sync: {status: "Synced"}}}`,
//! which the object reader understands like any Application.

use crate::ascii::Set;
use super::{Entry, Kind, Node, MAX_DEPTH};
use crate::span::Span;
use std::borrow::Cow;

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
    /// `[*]` or `[]`: every item.
    All,
}

/// A path from an object's root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Step>);

impl Path {
    /// Reads `.a.b[0].c`, `.a["b.c"]`, `.a['b']`, `.metadata.labels.app\.kubernetes\.io/name`,
    /// `{.a.b}`, `.items[*]`, `.[]`, a filter `[?(…)]` read as the items it printed. None for
    /// anything else (functions) and for paths
    /// longer than [`MAX_DEPTH`].
    pub fn parse(text: &str) -> Option<Path> {
        let t = text.trim();
        let t = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(t).trim();
        let t = t.strip_prefix('$').unwrap_or(t);
        let bytes = t.as_bytes();
        if bytes.first() != Some(&b'.') && bytes.first() != Some(&b'[') {
            return None;
        }
        let mut steps = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'.' => {
                    i += 1;
                    let mut key = String::new();
                    while i < bytes.len() && !matches!(bytes[i], b'.' | b'[') {
                        let escaped = bytes[i] == b'\\' && i + 1 < bytes.len();
                        if escaped {
                            i += 1;
                        }
                        let c = t[i..].chars().next()?;
                        if !(escaped || c.is_alphanumeric() || "_-/:".contains(c)) {
                            return None;
                        }
                        key.push(c);
                        i += c.len_utf8();
                    }
                    if !key.is_empty() {
                        steps.push(Step::Key(key));
                    }
                }
                b'[' => {
                    let close = t[i..].find(']')? + i;
                    let inner = t[i + 1..close].trim();
                    let step = match inner {
                        "" | "*" => Step::All,
                        // `[?(@.manager=="x")]`: the items a filter keeps are the ones printed.
                        _ if inner.starts_with("?(") => Step::All,
                        _ if inner.starts_with_of(b"\"'") => Step::Key(inner.trim_of(b"\"'").to_string()),
                        _ => Step::Index(inner.parse().ok()?),
                    };
                    steps.push(step);
                    i = close + 1;
                }
                _ => return None,
            }
            if steps.len() > MAX_DEPTH {
                return None;
            }
        }
        Some(Path(steps))
    }

    /// The path without a leading `.items[*]` (each printed value is then one list item).
    pub fn without_items(&self) -> &[Step] {
        match self.0.as_slice() {
            // `.items[0]`: the one item printed stands for the items like `.items[]`'s.
            [Step::Key(items), Step::All | Step::Index(_), rest @ ..] if items == "items" => rest,
            steps => steps,
        }
    }

    /// This path followed by `more`.
    pub fn join(&self, more: &[Step]) -> Path {
        Path(self.0.iter().chain(more).cloned().collect())
    }
}

/// How a jq filter reshaped objects: each output value sits at `prefix` in the input
/// object, and, when the filter builds an object, each of its keys comes from below that
/// prefix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Projection {
    pub prefix: Path,
    pub fields: Option<Vec<(String, Field)>>,
    /// What `select(.path == "value")` stages say every printed item has, below `prefix`
    /// (`involvedObject.name` of the events a filter kept), even when the output leaves it out.
    pub selected: Vec<(Path, String)>,
    /// The other paths of a filter of several (`.spec, .status`): yq prints their values one
    /// after the other, two maps reading as one, so a printed value is put back at each.
    pub also: Vec<Path>,
}

/// Where one key of a built object comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A value at a path (`name: .metadata.name`, or `name` alone).
    Path(Path),
    /// A list collected from items, each reshaped on its own (`cs: [.status.containerStatuses[]
    /// | {name, lastState}]`).
    Each(Box<Projection>),
    /// One value reshaped on its own (`last: .status.containerStatuses[0].lastState.terminated
    /// | {reason, exitCode}`, `spec: (.spec | {schedule})`): each of its keys goes back below
    /// the path it was taken from, as the outer object's keys do.
    Nested(Box<Projection>),
    /// Anything else (`n: (.items | length)`): the printed value cannot be put back, so it
    /// stays under its key where it was printed rather than losing the other keys.
    Opaque,
}

/// The one alternative of `length, (.[0] | {…})` that prints objects, without its
/// parentheses, when the others only count (`length`) what the stage's input holds. An
/// alternative without parentheses (`.spec, length`) is left alone: the count is not
/// clearly of the same input.
fn objects_beside_counts(stage: &str) -> Option<&str> {
    let alternatives = split_top(stage, b',');
    if alternatives.len() < 2 {
        return None;
    }
    let (counts, objects): (Vec<&str>, Vec<&str>) = alternatives.iter().map(|a| a.trim()).partition(|a| *a == "length");
    match (counts.is_empty(), objects.as_slice()) {
        (false, [only]) => only.strip_prefix('(').and_then(|o| o.strip_suffix(')')).map(str::trim),
        _ => None,
    }
}

/// `.path == "value"` (either side first) as the path and the string it must equal.
fn equality(test: &str) -> Option<(Path, String)> {
    let (left, right) = test.split_once("==")?;
    let (left, right) = (left.trim(), right.trim());
    let (path, value) = if left.starts_with('.') { (left, right) } else { (right, left) };
    let value = value.strip_prefix('"')?.strip_suffix('"')?;
    Some((Path::parse(path)?, value.to_string()))
}

impl Projection {
    /// Reads the simple jq filters people paste: paths, `a | b` chains of them, `select(…)`
    /// (which keeps shapes) and a final object construction `{k: .path, k2, "k3": .p}`.
    /// None for anything else.
    pub fn from_jq(filter: &str) -> Option<Projection> {
        let alternatives = split_top(filter, b',');
        if alternatives.len() > 1 {
            if let Some(paths) = alternatives.iter().map(|a| Path::parse(a)).collect::<Option<Vec<Path>>>() {
                let mut paths = paths.into_iter();
                let prefix = paths.next()?;
                return Some(Projection { prefix, also: paths.collect(), ..Projection::default() });
            }
        }
        let mut prefix = Path::default();
        let mut fields = None;
        let mut selected = Vec::new();
        let stages = split_top(filter, b'|');
        let last = stages.len().saturating_sub(1);
        for (n, stage) in stages.iter().enumerate() {
            let stage = stage.trim();
            if let Some(test) = stage.strip_prefix("select(").and_then(|s| s.strip_suffix(')')) {
                selected.extend(equality(test));
                continue;
            }
            if stage == "." {
                continue;
            }
            // `.items | length, (.[0] | {…})`: a count printed before the objects is no
            // object; the one alternative that prints objects is read in its place.
            if let Some(objects) = objects_beside_counts(stage) {
                if n != last {
                    return None;
                }
                let inner = Projection::from_jq(objects)?;
                prefix = prefix.join(&inner.prefix.0);
                if prefix.0.len() > MAX_DEPTH {
                    return None;
                }
                selected.extend(inner.selected);
                fields = inner.fields;
                continue;
            }
            if let Some(body) = stage.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                if n != last {
                    return None;
                }
                let mut out = Vec::new();
                for field in split_top(body, b',') {
                    let field = field.trim();
                    let (key, source) = match field.split_once(':') {
                        Some((key, source)) => (key.trim().trim_matches('"'), Field::parse(source).unwrap_or(Field::Opaque)),
                        None => {
                            let key = field.trim_matches('"');
                            (key, Field::Path(Path(vec![Step::Key(key.to_string())])))
                        }
                    };
                    out.push((key.to_string(), source));
                }
                // Nothing that can be put back: not a projection this reader inverts.
                if out.iter().all(|(_, field)| *field == Field::Opaque) {
                    return None;
                }
                fields = Some(out);
            } else {
                let path = Path::parse(stage)?;
                prefix = prefix.join(&path.0);
                if prefix.0.len() > MAX_DEPTH {
                    return None;
                }
            }
        }
        Some(Projection { prefix, fields, selected, also: Vec::new() })
    }

    /// The value a `select` stage requires at `path` (below the prefix), if one does.
    pub fn selected(&self, path: &[&str]) -> Option<&str> {
        let wanted: Vec<Step> = path.iter().map(|k| Step::Key((*k).to_string())).collect();
        self.selected.iter().find(|(p, _)| p.0 == wanted).map(|(_, v)| v.as_str())
    }

    /// Rebuilds the object a value printed through this projection came from. With a
    /// leading `.items[]`, each value is one item and is rebuilt on its own.
    /// Rebuilt from nothing (jq printed only nulls), it is an empty object where the printed
    /// one was.
    pub fn place<'a>(&self, value: Node<'a>) -> Node<'a> {
        let span = value.span;
        match self.placements(value) {
            Ok(values) => place(values).unwrap_or_else(|| Node::map(Vec::new(), span)),
            Err(value) => value,
        }
    }

    /// Each printed value with the path it came from (below the items of a leading `.items[]`)
    /// and the key that printed it; the value itself back when the filter builds an object and
    /// jq printed something else.
    #[allow(clippy::type_complexity)]
    fn placements<'a>(&self, value: Node<'a>) -> Result<Vec<(Vec<Step>, Node<'a>, Option<Span>)>, Node<'a>> {
        let prefix = self.prefix.without_items();
        let Some(fields) = &self.fields else {
            let also = self.also.iter().map(|path| (path.without_items().to_vec(), value.clone(), None));
            let mut values: Vec<_> = also.collect();
            values.insert(0, (prefix.to_vec(), value, None));
            return Ok(values);
        };
        let Kind::Map(entries) = value.kind else { return Err(value) };
        let below = |path: &[Step]| -> Vec<Step> { prefix.iter().chain(path).cloned().collect() };
        let mut placed = Vec::new();
        // jq prints `null` for what the input did not have: nothing to put back.
        for entry in entries.into_iter().filter(|entry| !entry.value.is_null()) {
            let field = fields.iter().find(|(key, _)| *key == entry.key).map(|(_, field)| field);
            let key_span = Some(entry.key_span);
            match field {
                Some(Field::Path(path)) => placed.push((below(&path.0), entry.value, key_span)),
                Some(Field::Each(each)) => placed.push((below(&each.prefix.0), each.place_items(entry.value), key_span)),
                Some(Field::Nested(nested)) => match nested.placements(entry.value) {
                    Ok(inner) => placed.extend(inner.into_iter().map(|(path, value, span)| (below(&path), value, span.or(key_span)))),
                    Err(value) => placed.push((below(&nested.prefix.0), value, key_span)),
                },
                Some(Field::Opaque) | None => placed.push((below(&[Step::Key(entry.key.into_owned())]), entry.value, key_span)),
            }
        }
        Ok(placed)
    }
}

impl Projection {
    /// Reads an AWS CLI `--query` (JMESPath) of the shapes people paste — paths
    /// (`services[0].deployments`), and multiselect hashes (`tasks[].{t:taskArn,
    /// d:containers[0].imageDigest}`, nested `deployments[].{s:status}`) — as the jq filter
    /// that reshapes the same way. None for anything else (functions, filters, lists).
    pub fn from_jmespath(query: &str) -> Option<Projection> {
        Projection::from_jq(&jmespath_as_jq(query.trim(), false)?)
    }
}

/// The jq spelling of a JMESPath expression: `a[0].{k:b.c}` → `.a[0] | {k: .b.c}`; a hash
/// below a key is a list collected from items (`[.a[] | {…}]`) when its path spreads them.
fn jmespath_as_jq(expr: &str, nested: bool) -> Option<String> {
    let Some(open) = expr.find('{') else {
        return (!expr.is_empty() && !expr.contains_of(b"(?|@`")).then(|| format!(".{expr}"));
    };
    let body = expr[open + 1..].strip_suffix('}')?;
    let prefix = expr[..open].strip_suffix('.').unwrap_or(&expr[..open]);
    let mut fields = Vec::new();
    for field in split_top(body, b',') {
        let (key, source) = field.split_once(':')?;
        fields.push(format!("{}: {}", key.trim(), jmespath_as_jq(source.trim(), true)?));
    }
    let hash = format!("{{{}}}", fields.join(", "));
    Some(match (prefix.is_empty(), nested) {
        (true, _) => hash,
        (false, false) => format!(".{prefix} | {hash}"),
        (false, true) => format!("[.{prefix} | {hash}]"),
    })
}

impl Projection {
    /// Rebuilds each item of a collected list as it was before this projection's object
    /// construction reshaped it; the list's place is `prefix`, so only the fields move.
    fn place_items<'a>(&self, list: Node<'a>) -> Node<'a> {
        let span = list.span;
        let Kind::Seq(items) = list.kind else { return list };
        let fields = Projection { fields: self.fields.clone(), ..Projection::default() };
        Node::seq(items.into_iter().map(|item| fields.place(item)).collect(), span)
    }
}

impl Field {
    /// A key's source: a path, `[path | {…}]`, a list collected from the items at a path
    /// (which must end in `[]` so that every item is one printed item), or `path | {…}`, one
    /// value reshaped.
    fn parse(source: &str) -> Option<Field> {
        let source = source.trim();
        match source.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            Some(inner) => {
                let each = Projection::from_jq(inner)?;
                (each.prefix.0.last() == Some(&Step::All)).then(|| Field::Each(Box::new(each)))
            }
            None => Path::parse(source).map(Field::Path).or_else(|| {
                let inner = source.strip_prefix('(').and_then(|s| s.strip_suffix(')')).unwrap_or(source);
                // Only one value reshaped: a path that spreads items prints several.
                let nested = Projection::from_jq(inner)?;
                (nested.fields.is_some() && nested.also.is_empty() && !nested.prefix.0.contains(&Step::All))
                    .then(|| Field::Nested(Box::new(nested)))
            }),
        }
    }
}

/// Splits at `sep` outside brackets, parentheses and quotes.
fn split_top(text: &str, sep: u8) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'{' | b'[' | b'(' if !quoted => depth += 1,
            b'}' | b']' | b')' if !quoted => depth -= 1,
            _ if b == sep && depth == 0 && !quoted => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Builds a tree holding each value at its path. The entries created along a path take
/// `key_span` (the text that named the value: a jq key, a table row) or, without one, the
/// value's own span; `[*]` spreads a sequence value over items, index by index. No values,
/// no tree: there would be no text for it to span.
pub fn place<'a>(values: Vec<(Vec<Step>, Node<'a>, Option<Span>)>) -> Option<Node<'a>> {
    let mut root: Option<Node<'a>> = None;
    for (steps, value, key_span) in values {
        let key_span = key_span.unwrap_or(value.span);
        match root.as_mut() {
            None if steps.is_empty() => root = Some(value),
            None => {
                let mut node = Node::map(Vec::new(), key_span);
                insert(&mut node, &steps, value, key_span);
                root = Some(node);
            }
            Some(node) => insert(node, &steps, value, key_span),
        }
    }
    root
}

fn insert<'a>(node: &mut Node<'a>, steps: &[Step], value: Node<'a>, key_span: Span) {
    let Some((step, rest)) = steps.split_first() else {
        // Two values for one place: the first stays.
        if node.is_null() || node.entries().is_empty() && node.items().is_empty() && !matches!(node.kind, Kind::Scalar(_)) {
            *node = value;
        }
        return;
    };
    let here = key_span.cover(value.span);
    match step {
        Step::Key(key) => {
            if !node.is_map() {
                *node = Node::map(Vec::new(), here);
            }
            node.span = node.span.cover(here);
            let Kind::Map(entries) = &mut node.kind else { return };
            let idx = match entries.iter().position(|e| e.key == key.as_str()) {
                Some(idx) => idx,
                None => {
                    entries.push(Entry { key: Cow::Owned(key.clone()), key_span, value: Node::null(key_span) });
                    entries.len() - 1
                }
            };
            insert(&mut entries[idx].value, rest, value, key_span);
        }
        // An index written in a path far beyond what a command prints is not worth padding for.
        Step::Index(n) => insert_item(node, (*n).min(64), rest, value, key_span),
        Step::All => match value.kind {
            Kind::Seq(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    insert_item(node, i, rest, item, key_span);
                }
            }
            _ => insert_item(node, 0, rest, value, key_span),
        },
    }
}

/// Puts `value` at `rest` below item `n` of the sequence `node` (made one if needed).
fn insert_item<'a>(node: &mut Node<'a>, n: usize, rest: &[Step], value: Node<'a>, key_span: Span) {
    let here = key_span.cover(value.span);
    if !node.is_seq() {
        *node = Node::seq(Vec::new(), here);
    }
    node.span = node.span.cover(here);
    let Kind::Seq(items) = &mut node.kind else { return };
    while items.len() <= n {
        items.push(Node::null(key_span));
    }
    insert(&mut items[n], rest, value, key_span);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{json, show};

    fn path(text: &str) -> Vec<Step> {
        Path::parse(text).unwrap().0
    }

    #[test]
    fn reads_paths_in_every_spelling() {
        let key = |k: &str| Step::Key(k.to_string());
        assert_eq!(path(".status.containerStatuses[0].imageID"), [key("status"), key("containerStatuses"), Step::Index(0), key("imageID")]);
        assert_eq!(path("{.items[*].metadata.name}"), [key("items"), Step::All, key("metadata"), key("name")]);
        assert_eq!(path(r".metadata.labels.app\.kubernetes\.io/name"), [key("metadata"), key("labels"), key("app.kubernetes.io/name")]);
        assert_eq!(path(r#".metadata.annotations["a.b/c"]"#), [key("metadata"), key("annotations"), key("a.b/c")]);
        assert_eq!(path(".[]"), [Step::All]);
        assert_eq!(path(r#"{.metadata.managedFields[?(@.manager=="eso")].time}"#), [key("metadata"), key("managedFields"), Step::All, key("time")]);
        assert!(Path::parse("length").is_none());
        assert!(Path::parse(".a | .b").is_none());
        assert!(Path::parse(&".a".repeat(10_000)).is_none());
    }

    #[test]
    fn a_select_on_equality_says_what_every_printed_item_has() {
        let projection = Projection::from_jq(r#".items[] | select(.involvedObject.name=="web-1") | {type, message}"#).unwrap();
        assert_eq!(projection.selected(&["involvedObject", "name"]), Some("web-1"));
        assert_eq!(projection.selected(&["metadata", "name"]), None);
        let reversed = Projection::from_jq(r#".[] | select("db" == .metadata.name)"#).unwrap();
        assert_eq!(reversed.selected(&["metadata", "name"]), Some("db"));
    }

    #[test]
    fn a_count_printed_before_the_first_item_leaves_the_item_to_be_put_back() {
        let projection = Projection::from_jq(".items | length, (.[0] | {name: .metadata.name, cond: .status.conditions[0]})").unwrap();
        assert_eq!(projection.prefix.without_items(), []);
        let src = r#"{"name":"web-1","cond":{"type":"PodScheduled","status":"False"}}"#;
        let doc = json::parse(src, Span::new(0, src.len())).docs.remove(0);
        assert_eq!(show(&projection.place(doc.root)), r#"{metadata: {name: "web-1"}, status: {conditions: [{type: "PodScheduled", status: "False"}]}}"#);
        // Two object alternatives, or no count, are not this shape.
        assert!(Projection::from_jq(".items | (.[0] | {name}), (.[1] | {name})").is_none());
    }

    #[test]
    fn a_key_built_by_a_filter_too_complex_to_invert_stays_where_printed_and_the_rest_is_put_back() {
        let projection = Projection::from_jq("{refreshTime: .status.refreshTime, spec: (.spec | {schedule})}").unwrap();
        let src = r#"{"refreshTime":"2025-06-30T03:15:00Z","spec":{"schedule":"0 6 * * *"}}"#;
        let doc = json::parse(src, Span::new(0, src.len())).docs.remove(0);
        assert_eq!(show(&projection.place(doc.root)), r#"{status: {refreshTime: "2025-06-30T03:15:00Z"}, spec: {schedule: "0 6 * * *"}}"#);
    }

    #[test]
    fn an_object_built_inside_a_key_puts_its_keys_back_below_the_keys_path() {
        let projection = Projection::from_jq(
            ".items[] | {name: .metadata.name, restarts: .status.containerStatuses[0].restartCount, last: .status.containerStatuses[0].lastState.terminated | {reason, exitCode}}",
        )
        .unwrap();
        let src = r#"{"name":"web-1","restarts":23,"last":{"reason":"OOMKilled","exitCode":137}}"#;
        let doc = json::parse(src, Span::new(0, src.len())).docs.remove(0);
        assert_eq!(
            show(&projection.place(doc.root)),
            r#"{metadata: {name: "web-1"}, status: {containerStatuses: [{restartCount: "23", lastState: {terminated: {reason: "OOMKilled", exitCode: "137"}}}]}}"#
        );
        // What jq printed for a pod that never terminated stays where it was.
        let src = r#"{"name":"web-2","last":"none"}"#;
        let doc = json::parse(src, Span::new(0, src.len())).docs.remove(0);
        assert_eq!(show(&projection.place(doc.root)), r#"{metadata: {name: "web-2"}, status: {containerStatuses: [{lastState: {terminated: "none"}}]}}"#);
    }

    #[test]
    fn jq_object_construction_maps_back_to_source_paths() {
        let projection =
            Projection::from_jq("{sync: .status.sync.status, health: .status.health.status, revision: .status.sync.revision}").unwrap();
        let src = "{\n\"sync\": \"Synced\",\n\"health\": \"Healthy\",\n\"revision\": \"91c0be77\"\n}";
        let doc = json::parse(src, Span::new(0, src.len())).docs.remove(0);
        let placed = projection.place(doc.root);
        assert_eq!(show(&placed), r#"{status: {sync: {status: "Synced", revision: "91c0be77"}, health: {status: "Healthy"}}}"#);
        let sync = placed.at(&["status", "sync"]).unwrap().entry("status").unwrap();
        assert_eq!(sync.span().text(src), "\"sync\": \"Synced\"");
    }

    #[test]
    fn lists_collected_from_items_map_back_item_by_item() {
        let projection = Projection::from_jq(
            "{ann: .metadata.annotations, cs: [.status.containerStatuses[] | {name, restarts: .restartCount}], res: [.spec.containers[] | {name, resources}]}",
        )
        .unwrap();
        let src = r#"{"ann":{"a":"b"},"cs":[{"name":"app","restarts":0},{"name":"proxy","restarts":24}],"res":[{"name":"app","resources":{"limits":{"memory":"2Gi"}}}]}"#;
        let doc = json::parse(src, Span::new(0, src.len())).docs.remove(0);
        assert_eq!(
            show(&projection.place(doc.root)),
            r#"{metadata: {annotations: {a: "b"}}, status: {containerStatuses: [{name: "app", restartCount: "0"}, {name: "proxy", restartCount: "24"}]}, spec: {containers: [{name: "app", resources: {limits: {memory: "2Gi"}}}]}}"#
        );
        // A collected list whose items are not one path's items cannot be put back.
        assert!(Projection::from_jq("{names: [.metadata.name]}").is_none());
    }

    #[test]
    fn a_projection_of_only_nulls_stays_where_it_was_printed() {
        let projection = Projection::from_jq("{spec: .spec, status: .status}").unwrap();
        let src = "$ cmd\n{\"spec\": null, \"status\": null}";
        let doc = json::parse(src, Span::new(6, src.len())).docs.remove(0);
        assert_eq!(projection.place(doc.root).span, Span::new(6, src.len()));
    }

    #[test]
    fn jq_chains_and_prefixes() {
        let p = Projection::from_jq(".items[] | select(.status.phase != \"Running\") | {name: .metadata.name, phase: .status.phase}").unwrap();
        assert_eq!(p.prefix.without_items(), []);
        assert_eq!(p.fields.as_ref().unwrap().len(), 2);
        let p = Projection::from_jq(".status.sync").unwrap();
        let src = "{\"status\": \"OutOfSync\"}";
        let doc = json::parse(src, Span::new(0, src.len())).docs.remove(0);
        assert_eq!(show(&p.place(doc.root)), r#"{status: {sync: {status: "OutOfSync"}}}"#);
        assert!(Projection::from_jq("[.items[] | .metadata.name] | length").is_none());
        assert!(Projection::from_jq("{name}").is_some());
    }

    #[test]
    fn several_paths_put_what_they_printed_back_at_each() {
        let p = Projection::from_jq(".spec, .status").unwrap();
        let src = "{\"maxReplicas\": 40, \"currentReplicas\": 40}";
        let doc = json::parse(src, Span::new(0, src.len())).docs.remove(0);
        assert_eq!(
            show(&p.place(doc.root)),
            r#"{spec: {maxReplicas: "40", currentReplicas: "40"}, status: {maxReplicas: "40", currentReplicas: "40"}}"#
        );
        assert!(Projection::from_jq(".spec, length").is_none());
    }

    #[test]
    fn star_spreads_lists_over_items() {
        let src = "web nginx:1.25,envoy:1.29";
        let name = Node::scalar(&src[..3], crate::tree::Style::Plain, Span::new(0, 3));
        let images = Node::seq(
            vec![
                Node::scalar(&src[4..14], crate::tree::Style::Plain, Span::new(4, 14)),
                Node::scalar(&src[15..], crate::tree::Style::Plain, Span::new(15, src.len())),
            ],
            Span::new(4, src.len()),
        );
        let placed = place(vec![(path(".metadata.name"), name, None), (path(".spec.containers[*].image"), images, None)]).unwrap();
        assert_eq!(show(&placed), r#"{metadata: {name: "web"}, spec: {containers: [{image: "nginx:1.25"}, {image: "envoy:1.29"}]}}"#);
        // Spreading is not capped like a written index is.
        let many = Node::seq((0..100).map(|_| Node::scalar("x", crate::tree::Style::Plain, Span::new(0, 1))).collect(), Span::new(0, 1));
        let placed = place(vec![(path(".items[*].name"), many, None)]).unwrap();
        assert_eq!(placed.get("items").unwrap().items().len(), 100);
        let far = place(vec![(path(".items[99999999].name"), Node::scalar("x", crate::tree::Style::Plain, Span::new(0, 1)), None)]).unwrap();
        assert_eq!(far.get("items").unwrap().items().len(), 65);
        assert!(place(Vec::new()).is_none());
    }
}
