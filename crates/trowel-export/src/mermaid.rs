//! The evidence graph as a Mermaid `flowchart LR`, which GitHub, GitLab, Confluence and
//! MkDocs render from a fenced ```` ```mermaid ```` block.
//!
//! Columns follow the app's drawing: one subgraph per node kind, artifacts → facts → claims →
//! diagnoses → actions. Mermaid ranks a link's source left of its target, so every link is
//! written from the left column to the right one; it keeps an arrowhead only where the
//! relation points that way too (`supports`, `explains`), and colour and dashes tell the
//! relations apart. Node ids are `n<index>` (never a Mermaid keyword, never an arrow
//! fragment); labels are quoted with every character Mermaid reads as syntax written as an
//! entity code.
//!
//! Limits: at most [`MAX_NODES`] nodes and [`MAX_EDGES`] links (Mermaid's own default cap is
//! 500 links). Past them, facts go first, then artifacts, actions and claims; diagnoses stay,
//! and a node in the chart says what was left out.

use crate::visible::{layer_of, Visible, KINDS};
use std::fmt::Write;
use trowel_core::report::Graph;

/// The most nodes a chart shows; bigger charts are unreadable and slow to lay out.
pub const MAX_NODES: usize = 150;
/// The most links a chart shows: Mermaid's default `maxEdges`.
pub const MAX_EDGES: usize = 500;

/// Node fill, stroke and stroke width per kind, in [`KINDS`] order (the app's light colours).
const KIND_STYLE: [(&str, &str, &str); 5] = [
    ("#ffffff", "#475569", "1.5px"),
    ("#ffffff", "#0f766e", "1.5px"),
    ("#ffffff", "#4f46e5", "1.5px"),
    ("#fff1f2", "#be123c", "2.5px"),
    ("#ffffff", "#15803d", "1.5px"),
];

/// Subgraph titles, in [`KINDS`] order.
const LAYER_TITLES: [&str; 5] = ["artifacts", "facts", "claims", "diagnoses", "actions"];

/// How a relation is drawn: the link with an arrowhead, without one, and its `linkStyle`.
struct Link {
    relation: &'static str,
    arrow: &'static str,
    plain: &'static str,
    style: &'static str,
}

const LINKS: [Link; 6] = [
    Link { relation: "supports", arrow: "-->", plain: "---", style: "stroke:#15803d,stroke-width:1.6px" },
    Link { relation: "contradicts", arrow: "-. contradicts .->", plain: "-. contradicts .-", style: "stroke:#c2410c,stroke-width:1.6px" },
    Link { relation: "explains", arrow: "== explains ==>", plain: "== explains ===", style: "stroke:#7e22ce,stroke-width:2.2px" },
    Link { relation: "fixes", arrow: "-->", plain: "---", style: "stroke:#1d4ed8,stroke-width:1.6px" },
    Link { relation: "checks", arrow: "-.->", plain: "-.-", style: "stroke:#1d4ed8,stroke-width:1.4px" },
    Link { relation: "derived-from", arrow: "---", plain: "---", style: "stroke:#a3acb9,stroke-width:1.1px" },
];
/// Relations the report does not name are drawn like `supports` links in grey.
const OTHER_LINK: Link = Link { relation: "", arrow: "-->", plain: "---", style: "stroke:#8a93a0,stroke-width:1.2px" };

/// Which kinds are left out first when the chart is over [`MAX_NODES`]: lower goes first.
fn keep_rank(kind: &str) -> usize {
    match kind {
        "fact" => 0,
        "artifact" => 1,
        "action" => 2,
        "diagnosis" => 4,
        _ => 3,
    }
}

/// The graph as a Mermaid flowchart; with `fold_facts`, facts are drawn inside their artifact.
pub fn render(graph: &Graph, fold_facts: bool) -> String {
    let visible = Visible::of(graph, fold_facts);
    let mut kept = visible.nodes.clone();
    // A stable sort: within a kind, the graph's own order (diagnoses ranked first) decides.
    kept.sort_by_key(|&i| std::cmp::Reverse(keep_rank(&graph.nodes[i].kind)));
    kept.truncate(MAX_NODES);
    let mut shown = vec![false; graph.nodes.len()];
    kept.iter().for_each(|&i| shown[i] = true);
    let edges: Vec<_> = visible.edges.iter().filter(|e| shown[e.from] && shown[e.to]).collect();
    let dropped_nodes = visible.nodes.len() - kept.len();
    let dropped_edges = visible.edges.len() - edges.len().min(MAX_EDGES);

    let mut out = String::from("flowchart LR\n");
    let _ = writeln!(out, "%% Trowel evidence graph: artifacts → facts → claims → diagnoses → actions");
    if fold_facts {
        let facts: usize = visible.folded.iter().sum();
        let _ = writeln!(out, "%% {facts} facts are folded into the artifacts they were read from");
    }
    for (layer, (kind, title)) in KINDS.iter().zip(LAYER_TITLES).enumerate() {
        let members: Vec<usize> = visible.nodes.iter().copied().filter(|&i| shown[i] && layer_of(&graph.nodes[i].kind) == layer).collect();
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  subgraph layer_{kind} [\"{title}\"]");
        for &i in &members {
            let node = &graph.nodes[i];
            let mut text = escape(&node.label);
            if visible.folded[i] > 0 {
                let _ = write!(text, " · +{} facts", visible.folded[i]);
            }
            let (open, close) = if layer == layer_of("claim") { ("(\"", "\")") } else { ("[\"", "\"]") };
            let _ = writeln!(out, "    n{i}{open}{text}{close}");
        }
        out.push_str("  end\n");
    }
    if visible.nodes.is_empty() {
        out.push_str("  empty[\"no evidence graph: nothing was diagnosed\"]\n");
    }
    if dropped_nodes > 0 || dropped_edges > 0 {
        let _ = writeln!(
            out,
            "  omitted[\"{dropped_nodes} nodes and {dropped_edges} links left out (this chart shows at most {MAX_NODES} nodes and {MAX_EDGES} links)\"]"
        );
        out.push_str("  style omitted fill:#fff7ed,stroke:#b45309,stroke-dasharray:4 3\n");
    }

    // Links, each from the left column to the right one, and their styles by position.
    let mut styled: Vec<(&Link, Vec<usize>)> = Vec::new();
    for (n, edge) in edges.iter().take(MAX_EDGES).enumerate() {
        let link = LINKS.iter().find(|l| l.relation == edge.relation).unwrap_or(&OTHER_LINK);
        let (from_layer, to_layer) = (layer_of(&graph.nodes[edge.from].kind), layer_of(&graph.nodes[edge.to].kind));
        let _ = if from_layer <= to_layer {
            writeln!(out, "  n{} {} n{}", edge.from, link.arrow, edge.to)
        } else {
            writeln!(out, "  n{} {} n{}", edge.to, link.plain, edge.from)
        };
        match styled.iter_mut().find(|(l, _)| l.relation == link.relation) {
            Some((_, positions)) => positions.push(n),
            None => styled.push((link, vec![n])),
        }
    }
    for (link, positions) in &styled {
        let list: Vec<String> = positions.iter().map(usize::to_string).collect();
        let _ = writeln!(out, "  linkStyle {} {}", list.join(","), link.style);
    }

    for (layer, (kind, (fill, stroke, width))) in KINDS.iter().zip(KIND_STYLE).enumerate() {
        let members: Vec<String> = kept.iter().filter(|&&i| layer_of(&graph.nodes[i].kind) == layer).map(|i| format!("n{i}")).collect();
        if !members.is_empty() {
            let _ = writeln!(out, "  classDef {kind} fill:{fill},stroke:{stroke},stroke-width:{width},color:#1b222c");
            let _ = writeln!(out, "  class {} {kind}", members.join(","));
        }
    }
    out
}

/// Label text safe inside a quoted Mermaid label: quotes, brackets, `#`, `&`, `<`, `>`, `|`
/// and backticks become entity codes (`#34;` for `"`), line breaks and other control
/// characters become spaces. In text that says `style` or `classDef`, `:` is coded too:
/// Mermaid's entity pre-pass cuts the last `;` off lines matching `style.*:\S*#.*;`.
pub fn escape(text: &str) -> String {
    let styled = text.contains("style") || text.contains("classDef");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '#' | '&' | '<' | '>' | '[' | ']' | '{' | '}' | '|' | '`' => {
                let _ = write!(out, "#{};", u32::from(c));
            }
            ':' if styled => out.push_str("#58;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use trowel_core::report::{Edge, Node};

    #[test]
    fn syntax_characters_become_entity_codes() {
        assert_eq!(escape(r#"say "hi" [x] #1 <b> a|b"#), "say #34;hi#34; #91;x#93; #35;1 #60;b#62; a#124;b");
        assert_eq!(escape("line one\nline\ttwo\r"), "line one line two ");
        assert_eq!(escape("`code` {a}: b; (c) & d"), "#96;code#96; #123;a#125;: b; (c) #38; d");
        assert_eq!(escape("lifestyle: x#y;"), "lifestyle#58; x#35;y;");
        assert_eq!(escape("plain words and ünïcode – fine"), "plain words and ünïcode – fine");
    }

    #[test]
    fn links_run_left_to_right_with_arrows_only_where_the_relation_points_right() {
        let graph = sample::report().graph;
        let chart = render(&graph, false);
        let at = |id: &str| format!("n{}", graph.nodes.iter().position(|n| n.id == id).expect("node in sample"));
        // fact → artifact (derived-from) is written artifact first, without an arrowhead.
        assert!(chart.contains(&format!("  {} --- {}\n", at("artifact:2"), at("fact:3"))), "{chart}");
        // claim → diagnosis (supports) keeps its direction and arrowhead.
        assert!(chart.contains(&format!("  {} --> {}\n", at("claim:0"), at("diagnosis:stale-image-mutable-tag"))));
        // action → diagnosis (fixes) is written diagnosis first, without an arrowhead.
        assert!(chart.contains(&format!("  {} --- {}\n", at("diagnosis:gitops-drift"), at("action:gitops-drift:fix:0"))));
        assert!(chart.contains(&format!("  {} -. contradicts .-> {}\n", at("claim:2"), at("diagnosis:gitops-drift"))));
        assert!(chart.contains("== explains ==>"));
    }

    #[test]
    fn every_link_is_styled_by_its_relation() {
        let graph = sample::report().graph;
        let chart = render(&graph, false);
        // Links are the lines indented by two spaces that start with a node id.
        let links = chart.lines().filter(|l| l.starts_with("  n") && !l.starts_with("   ")).count();
        assert_eq!(links, graph.edges.len());
        let mut styled: Vec<usize> = chart
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("linkStyle "))
            .flat_map(|l| l.split(' ').next().unwrap_or("").split(',').map(|n| n.parse::<usize>().expect("link index")).collect::<Vec<_>>())
            .collect();
        styled.sort_unstable();
        assert_eq!(styled, (0..links).collect::<Vec<_>>());
        assert!(chart.contains("linkStyle") && chart.contains("stroke:#a3acb9") && chart.contains("stroke:#15803d"));
    }

    #[test]
    fn folding_puts_facts_into_their_artifact() {
        let graph = sample::report().graph;
        let chart = render(&graph, true);
        assert!(!chart.contains("subgraph layer_fact"));
        let pods = graph.nodes.iter().position(|n| n.id == "artifact:2").expect("node in sample");
        let line = chart.lines().find(|l| l.trim_start().starts_with(&format!("n{pods}["))).expect("artifact drawn");
        assert!(line.ends_with(" · +3 facts\"]"), "{line}");
        assert!(chart.contains("%% 9 facts are folded"));
    }

    #[test]
    fn big_graphs_are_capped_with_a_note() {
        let mut graph = sample::report().graph;
        for i in 0..MAX_NODES {
            graph.nodes.push(Node { id: format!("fact:x{i}"), kind: "fact".into(), label: format!("fact {i}"), quote: None, line: None, line_end: None });
            graph.edges.push(Edge { from: format!("fact:x{i}"), to: "artifact:1".into(), relation: "derived-from".into() });
        }
        let chart = render(&graph, false);
        let declared = chart.lines().filter(|l| l.starts_with("    n")).count();
        assert_eq!(declared, MAX_NODES);
        let dropped = graph.nodes.len() - MAX_NODES;
        assert!(chart.contains(&format!("omitted[\"{dropped} nodes and ")), "{chart}");
        // Every diagnosis survives the cap.
        for (i, node) in graph.nodes.iter().enumerate().filter(|(_, n)| n.kind == "diagnosis") {
            assert!(chart.contains(&format!("    n{i}[")), "{} dropped", node.id);
        }
        assert!(!render(&sample::report().graph, false).contains("omitted"));
    }

    #[test]
    fn an_empty_graph_says_so() {
        let chart = render(&Graph::default(), false);
        assert!(chart.starts_with("flowchart LR\n") && chart.contains("empty[\"no evidence graph"));
    }
}
