//! The evidence graph as a standalone SVG file: the app's drawing (same [`crate::layout`],
//! colours and shapes, light theme) with every style inline, no external reference and no
//! script, so it opens in any browser or image viewer and pastes into documents.
//!
//! Each node is one `<g data-node="…">` whose `<title>` holds the node's full label and quote
//! (shown as a tooltip); a legend under the drawing names the kinds and relations. All pasted
//! text is escaped, and characters XML cannot carry (most control characters) become U+FFFD.

use crate::layout::{layout, NODE_HEIGHT};
use crate::visible::{layer_of, KINDS};
use std::fmt::Write;
use trowel_core::report::Graph;

/// Stroke colour per kind, in [`KINDS`] order (the app's light theme).
const KIND_COLOURS: [&str; 5] = ["#475569", "#0f766e", "#4f46e5", "#be123c", "#15803d"];
const TEXT: &str = "#1b222c";
const MUTED: &str = "#5b6573";
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
/// Height of the legend strip under the drawing.
const LEGEND_HEIGHT: f64 = 28.0;

/// How an edge of a relation is drawn: words for the legend, colour, width, dashes.
struct Stroke {
    relation: &'static str,
    words: &'static str,
    colour: &'static str,
    width: f64,
    dashes: Option<&'static str>,
}

const STROKES: [Stroke; 6] = [
    Stroke { relation: "supports", words: "supports", colour: "#15803d", width: 1.6, dashes: None },
    Stroke { relation: "contradicts", words: "contradicts", colour: "#c2410c", width: 1.6, dashes: Some("6 4") },
    Stroke { relation: "explains", words: "explains", colour: "#7e22ce", width: 2.2, dashes: Some("2 4") },
    Stroke { relation: "fixes", words: "fixes", colour: "#1d4ed8", width: 1.6, dashes: None },
    Stroke { relation: "checks", words: "checks", colour: "#1d4ed8", width: 1.6, dashes: Some("5 3") },
    Stroke { relation: "derived-from", words: "derived from", colour: "#a3acb9", width: 1.1, dashes: None },
];

fn stroke_of(relation: &str) -> &'static Stroke {
    // `derived-from` (the last) is the quiet default for relations the report does not name.
    STROKES.iter().find(|s| s.relation == relation).unwrap_or(&STROKES[STROKES.len() - 1])
}

/// The stroke attributes of an edge of `stroke`.
fn stroke_attributes(stroke: &Stroke) -> String {
    let dashes = stroke.dashes.map(|d| format!(" stroke-dasharray=\"{d}\"")).unwrap_or_default();
    format!("fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"{dashes}", stroke.colour, stroke.width)
}

/// The graph as a standalone SVG document; with `fold_facts`, facts are drawn inside their
/// artifact.
pub fn render(graph: &Graph, fold_facts: bool) -> String {
    let placed = layout(graph, fold_facts);
    let (width, height) = (placed.width.max(LEGEND_WIDTH), placed.height + LEGEND_HEIGHT);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.1} {height:.1}\" font-family=\"{FONT}\" font-size=\"12\">"
    );
    let _ = writeln!(out, "<title>Trowel evidence graph</title>");
    let _ = writeln!(
        out,
        "<desc>{} nodes and {} edges, left to right: artifacts, facts, claims, diagnoses, actions.{}</desc>",
        placed.nodes.len(),
        placed.edges.len(),
        if fold_facts { " Facts are folded into the artifacts they were read from." } else { "" }
    );
    let _ = writeln!(out, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    out.push_str("<defs>\n");
    for stroke in STROKES.iter().filter(|s| s.relation != "derived-from") {
        let _ = writeln!(
            out,
            "<marker id=\"arrow-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
            stroke.relation, stroke.colour
        );
    }
    out.push_str("</defs>\n<g class=\"edges\">\n");
    for edge in &placed.edges {
        let stroke = stroke_of(&edge.relation);
        let marker = if stroke.relation == "derived-from" { String::new() } else { format!(" marker-end=\"url(#arrow-{})\"", stroke.relation) };
        let (from, to) = (&graph.nodes[edge.from], &graph.nodes[edge.to]);
        let _ = writeln!(
            out,
            "<path d=\"{}\" {}{marker} data-relation=\"{}\"><title>{} {} {}</title></path>",
            edge.path,
            stroke_attributes(stroke),
            escape(&edge.relation),
            escape(&from.label),
            escape(stroke.words),
            escape(&to.label)
        );
    }
    out.push_str("</g>\n<g class=\"nodes\">\n");
    for p in &placed.nodes {
        let node = &graph.nodes[p.node];
        let layer = layer_of(&node.kind);
        let colour = KIND_COLOURS[layer];
        let (fill, stroke_width, rx) = match KINDS[layer] {
            "diagnosis" => ("#fff1f2", 2.5, 6),
            "claim" => ("#ffffff", 1.5, 14),
            _ => ("#ffffff", 1.5, 6),
        };
        let mut tooltip = format!("{}: {}", node.kind, node.label);
        if let Some(quote) = &node.quote {
            let _ = write!(tooltip, "\n{quote}");
        }
        let _ = writeln!(
            out,
            "<g data-node=\"{}\" data-kind=\"{}\" transform=\"translate({:.1},{:.1})\"><title>{}</title>",
            escape(&node.id),
            escape(&node.kind),
            p.x,
            p.y,
            escape(&tooltip)
        );
        let _ = writeln!(
            out,
            "<rect width=\"{:.1}\" height=\"{NODE_HEIGHT}\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"{colour}\" stroke-width=\"{stroke_width}\"/>",
            p.width
        );
        let lines = p.lines.len() as f64;
        for (i, line) in p.lines.iter().enumerate() {
            let y = NODE_HEIGHT / 2.0 + 4.0 + (i as f64 - (lines - 1.0) / 2.0) * 14.0;
            let _ = writeln!(out, "<text x=\"10\" y=\"{y:.1}\" fill=\"{TEXT}\">{}</text>", escape(line));
        }
        if p.folded > 0 {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"-4\" text-anchor=\"end\" font-size=\"10.5\" fill=\"{MUTED}\">+{} facts</text>",
                p.width - 8.0,
                p.folded
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    legend(&mut out, placed.height);
    out.push_str("</svg>\n");
    out
}

/// Width the legend needs; the drawing is at least this wide.
const LEGEND_WIDTH: f64 = 12.0 + KINDS.len() as f64 * KIND_STEP + STROKES.len() as f64 * RELATION_STEP;
/// Legend spacing per kind swatch and per relation sample.
const KIND_STEP: f64 = 90.0;
const RELATION_STEP: f64 = 100.0;

/// One row under the drawing: a swatch per kind, a line sample per relation.
fn legend(out: &mut String, top: f64) {
    let y = top + LEGEND_HEIGHT / 2.0;
    let _ = writeln!(out, "<g class=\"legend\" font-size=\"11\" fill=\"{MUTED}\">");
    let mut x = 12.0;
    for (kind, colour) in KINDS.iter().zip(KIND_COLOURS) {
        let _ = writeln!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"11\" height=\"11\" rx=\"3\" fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"2\"/><text x=\"{:.1}\" y=\"{:.1}\">{kind}</text>",
            y - 6.5,
            x + 16.0,
            y + 4.0
        );
        x += KIND_STEP;
    }
    for stroke in &STROKES {
        let _ = writeln!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" {}/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 22.0,
            stroke_attributes(stroke),
            x + 27.0,
            y + 4.0,
            stroke.words
        );
        x += RELATION_STEP;
    }
    out.push_str("</g>\n");
}

/// Text safe in XML content and attribute values; characters XML 1.0 cannot carry become
/// U+FFFD (tab and line breaks are kept).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use trowel_core::report::Node;

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(escape(r#"<b>"x" & 'y'</b>"#), "&lt;b&gt;&quot;x&quot; &amp; &apos;y&apos;&lt;/b&gt;");
        assert_eq!(escape("bell\u{7} esc\u{1b}[0m tab\tline\n"), "bell\u{FFFD} esc\u{FFFD}[0m tab\tline\n");
        assert_eq!(escape("\u{FFFF}ok"), "\u{FFFD}ok");
    }

    #[test]
    fn the_drawing_is_well_formed_with_one_group_per_node() {
        let mut graph = sample::report().graph;
        graph.nodes[0].label = "<script>alert(\"x\")</script> & \u{1b}[31m".into();
        let svg = render(&graph, false);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
        let nodes: Vec<_> = doc.descendants().filter(|n| n.has_attribute("data-node")).collect();
        assert_eq!(nodes.len(), graph.nodes.len());
        assert!(doc.descendants().all(|n| n.tag_name().name() != "script"));
        let first = nodes.iter().find(|n| n.attribute("data-node") == Some(graph.nodes[0].id.as_str())).expect("first node drawn");
        let title = first.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).expect("node title");
        assert!(title.contains("<script>alert(\"x\")</script> & \u{FFFD}[31m"), "{title}");
        assert!(!svg.contains("href") && !svg.contains("url(http"), "no external references");
    }

    #[test]
    fn folded_artifacts_carry_their_fact_count() {
        let graph = sample::report().graph;
        let svg = render(&graph, true);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        let pods = doc.descendants().find(|n| n.attribute("data-node") == Some("artifact:2")).expect("artifact drawn");
        assert!(pods.descendants().any(|t| t.text() == Some("+3 facts")));
        assert!(doc.descendants().all(|n| n.attribute("data-kind") != Some("fact")));
    }

    #[test]
    fn an_empty_graph_is_still_a_document() {
        let svg = render(&Graph::default(), false);
        let doc = roxmltree::Document::parse(&svg).expect("well-formed XML");
        assert_eq!(doc.descendants().filter(|n| n.has_attribute("data-node")).count(), 0);
        let one = Graph { nodes: vec![Node { id: "x".into(), kind: "mystery".into(), label: "odd kind".into(), quote: None, line: None, line_end: None }], edges: vec![] };
        assert!(render(&one, false).contains("odd kind"));
    }
}
