//! JSON documents: one or several top-level values in an artifact (`kubectl -o json`, JSON
//! lines, concatenated `jq` output), read into [`Node`](super::Node) trees.
//!
//! Numbers, `true`, `false` and `null` are plain scalars holding their text, so a number too
//! large for any machine type is kept exactly as written. Text between values that is not
//! JSON is reported unparsed line by line; an input cut short keeps what was read.

use super::flow::Flow;
use super::{Document, Issue, Parsed};
use crate::span::Span;

/// Reads every JSON value in `src[span]`.
pub fn parse(src: &str, span: Span) -> Parsed<'_> {
    let mut issues = Vec::new();
    let mut docs = Vec::new();
    let mut flow = Flow::new(src, span.start as usize, span.end as usize, true, &mut issues);
    loop {
        flow.skip_ws();
        let Some(&b) = src.as_bytes().get(flow.pos).filter(|_| flow.pos < flow.end) else { break };
        if starts_value(b, &src[flow.pos..flow.end]) {
            let root = flow.value(0);
            docs.push(Document { span: root.span, root, path: None, excerpt: false });
            // Values pasted as array elements, one per line, end in a comma.
            while flow.pos < flow.end && matches!(src.as_bytes()[flow.pos], b',' | b' ' | b'\t') {
                flow.pos += 1;
            }
        } else {
            // Not JSON: skip to the next line and say so.
            let line_end = memchr::memchr(b'\n', &src.as_bytes()[flow.pos..flow.end]).map_or(flow.end, |i| flow.pos + i);
            let text = src[flow.pos..line_end].trim_end();
            flow.issues.push(Issue::unparsed(Span::new(flow.pos, flow.pos + text.len()), "not JSON"));
            flow.pos = line_end;
        }
    }
    Parsed { docs, issues }
}

/// True when a top-level value can start here: a bracket, a string, a number or a literal.
fn starts_value(b: u8, rest: &str) -> bool {
    matches!(b, b'{' | b'[' | b'"' | b'-' | b'0'..=b'9')
        || ["true", "false", "null"].iter().any(|w| {
            rest.starts_with(w) && rest.as_bytes().get(w.len()).is_none_or(|c| !c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{Kind, Node, MAX_DEPTH};

    fn parse_all(src: &str) -> Parsed<'_> {
        parse(src, Span::new(0, src.len()))
    }

    #[test]
    fn objects_arrays_and_scalars_with_spans() {
        let src = r#"{"kind": "Pod", "spec": {"containers": [{"name": "web", "ports": [8080, 9090]}]}, "big": 123456789012345678901234567890, "ok": true, "none": null}"#;
        let parsed = parse_all(src);
        assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
        let root = &parsed.docs[0].root;
        assert_eq!(root.get("kind").and_then(Node::str), Some("Pod"));
        let container = &root.at(&["spec", "containers"]).unwrap().items()[0];
        assert_eq!(container.get("ports").unwrap().items()[1].str(), Some("9090"));
        assert_eq!(root.get("big").and_then(Node::str), Some("123456789012345678901234567890"));
        assert_eq!(root.get("ok").and_then(Node::str), Some("true"));
        assert!(root.get("none").unwrap().is_null());
        assert_eq!(root.entry("kind").unwrap().span().text(src), r#""kind": "Pod""#);
        assert_eq!(root.span.text(src), src);
    }

    #[test]
    fn several_values_and_junk_between_them() {
        let src = "{\"a\": 1}\n{\"a\": 2},\nnot json here\n[3]\n\"text\"\n";
        let parsed = parse_all(src);
        assert_eq!(parsed.docs.len(), 4);
        assert_eq!(parsed.docs[1].root.get("a").and_then(Node::str), Some("2"));
        assert_eq!(parsed.docs[3].root.str(), Some("text"));
        assert_eq!(parsed.issues.len(), 1);
        assert_eq!(parsed.issues[0].span.text(src), "not json here");
    }

    #[test]
    fn truncated_input_keeps_what_was_read() {
        let src = "{\"metadata\": {\"name\": \"web\"}, \"spec\": {\"image\": \"registry.corp.io/we";
        let parsed = parse_all(src);
        let root = &parsed.docs[0].root;
        assert_eq!(root.at(&["metadata", "name"]).and_then(Node::str), Some("web"));
        // The cut-off value is reported, not kept half-read; its object stays.
        assert!(root.get("spec").is_some_and(|spec| spec.get("image").is_none()));
        assert!(parsed.issues.iter().any(|i| i.unparsed && i.span.text(src) == "\"registry.corp.io/we"));
        assert_eq!(parsed.issues.iter().filter(|i| !i.unparsed && i.message.contains("truncated")).count(), 1);
        let cut = parse_all("{\"a\": ");
        assert!(cut.issues.iter().any(|i| i.unparsed));
    }

    #[test]
    fn unterminated_string_mid_input_reads_to_the_line_end() {
        let src = "{\"a\": \"open\n, \"b\": \"x\"}";
        let parsed = parse_all(src);
        let root = &parsed.docs[0].root;
        assert_eq!(root.get("a").and_then(Node::str), Some("open"));
        assert_eq!(root.get("b").and_then(Node::str), Some("x"));
    }

    #[test]
    fn hostile_nesting_is_skipped_not_recursed() {
        let src = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let parsed = parse_all(&src);
        assert_eq!(parsed.docs.len(), 1);
        assert!(parsed.issues.iter().any(|i| i.unparsed && i.message.contains(&MAX_DEPTH.to_string())));
        // The skipped part is exactly the innermost collections below the limit.
        let mut node = &parsed.docs[0].root;
        let mut depth = 0;
        while let Kind::Seq(items) = &node.kind {
            match items.first() {
                Some(first) => node = first,
                None => break,
            }
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
        let unclosed = "{\"a\":".repeat(10_000);
        let parsed = parse_all(&unclosed);
        assert_eq!(parsed.docs.len(), 1);
    }

    #[test]
    fn garbage_never_panics() {
        for src in ["}", "]]]", "{,,,}", "[:]", "{\"a\" \"b\"}", "{\"\\u12", "\"\\", "{\"a\":tru}", "-", "{é:ü}", "[\"é"] {
            let parsed = parse_all(src);
            for issue in &parsed.issues {
                assert!(issue.span.end as usize <= src.len());
            }
        }
    }
}
