//! The evidence graph as it is drawn: which nodes show and which edges join them, with facts
//! optionally folded into the artifacts they were read from.
//!
//! Every drawing of the graph (the app's SVG, the standalone SVG, Mermaid) goes through this
//! one step, so a folded graph looks the same everywhere: a fact's edges move to its artifact,
//! duplicates and self-loops that folding creates are dropped, and the artifact counts how
//! many facts it stands for.

use trowel_core::hash::HashMap;
use trowel_core::report::Graph;

/// The node kinds in drawing order, left to right; other kinds are drawn with the claims.
pub const KINDS: [&str; 5] = ["artifact", "fact", "claim", "diagnosis", "action"];

/// Graphs with more facts than this are drawn with facts folded into their artifacts unless
/// the reader asks otherwise: the drawing then shows the chain artifact → claim → diagnosis at
/// a readable size (the app keeps the facts one click away, and quotes them in its cards).
pub const FOLD_FACTS_ABOVE: usize = 24;

/// The column of a node kind in [`KINDS`].
pub fn layer_of(kind: &str) -> usize {
    KINDS.iter().position(|k| *k == kind).unwrap_or(2)
}

/// Whether a graph is big enough to be drawn folded by default.
pub fn folds_by_default(graph: &Graph) -> bool {
    graph.nodes.iter().filter(|n| n.kind == "fact").count() > FOLD_FACTS_ABOVE
}

/// The drawn part of a graph; node numbers are indices into `graph.nodes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Visible<'g> {
    /// Drawn nodes, in graph order.
    pub nodes: Vec<usize>,
    /// Per node of the graph: how many facts were folded into it.
    pub folded: Vec<usize>,
    /// Drawn edges, each once, between drawn nodes.
    pub edges: Vec<VisibleEdge<'g>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisibleEdge<'g> {
    pub from: usize,
    pub to: usize,
    pub relation: &'g str,
}

impl<'g> Visible<'g> {
    /// The drawn part of `graph`; with `fold_facts`, facts are drawn as part of their artifact.
    /// Edges naming a node the graph does not have are left out.
    pub fn of(graph: &'g Graph, fold_facts: bool) -> Self {
        let index: HashMap<&str, usize> = graph.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
        let endpoints = |from: &str, to: &str| Some((*index.get(from)?, *index.get(to)?));
        let is_fact = |i: usize| graph.nodes[i].kind == "fact";

        // With facts folded, every fact stands for the (first) artifact it was derived from.
        let mut stands_for: Vec<usize> = (0..graph.nodes.len()).collect();
        let mut folded = vec![0usize; graph.nodes.len()];
        if fold_facts {
            for edge in &graph.edges {
                if let Some((from, to)) = endpoints(&edge.from, &edge.to) {
                    if is_fact(from) && graph.nodes[to].kind == "artifact" && stands_for[from] == from {
                        stands_for[from] = to;
                        folded[to] += 1;
                    }
                }
            }
        }
        let shown = |i: usize| !(fold_facts && is_fact(i));

        let mut edges: Vec<VisibleEdge<'g>> = Vec::new();
        for edge in &graph.edges {
            let Some((from, to)) = endpoints(&edge.from, &edge.to) else { continue };
            let drawn = VisibleEdge { from: stands_for[from], to: stands_for[to], relation: edge.relation.as_str() };
            if drawn.from != drawn.to && shown(drawn.from) && shown(drawn.to) && !edges.contains(&drawn) {
                edges.push(drawn);
            }
        }
        let nodes = (0..graph.nodes.len()).filter(|&i| shown(i)).collect();
        Visible { nodes, folded, edges }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;

    #[test]
    fn folding_moves_fact_edges_to_their_artifact_once() {
        let graph = sample::report().graph;
        let open = Visible::of(&graph, false);
        assert_eq!(open.nodes.len(), graph.nodes.len());
        assert_eq!(open.edges.len(), graph.edges.len());

        let folded = Visible::of(&graph, true);
        let id = |i: usize| graph.nodes[i].id.as_str();
        assert!(folded.nodes.iter().all(|&i| graph.nodes[i].kind != "fact"));
        let pods = graph.nodes.iter().position(|n| n.id == "artifact:2").expect("the sample has artifact:2");
        assert_eq!(folded.folded[pods], 3);
        let from_claim: Vec<_> = folded.edges.iter().filter(|e| id(e.from) == "claim:0").map(|e| (id(e.to), e.relation)).collect();
        assert_eq!(from_claim, [("artifact:2", "derived-from"), ("artifact:7", "derived-from"), ("diagnosis:stale-image-mutable-tag", "supports")]);
        assert!(folded.edges.iter().all(|e| e.from != e.to));
    }

    #[test]
    fn edges_to_unknown_nodes_are_left_out() {
        let mut graph = sample::report().graph;
        graph.edges.push(trowel_core::report::Edge { from: "claim:0".into(), to: "nowhere".into(), relation: "supports".into() });
        assert_eq!(Visible::of(&graph, false).edges.len(), graph.edges.len() - 1);
    }

    #[test]
    fn big_graphs_fold_by_default() {
        let mut graph = sample::report().graph;
        assert!(!folds_by_default(&graph));
        let fact = graph.nodes.iter().find(|n| n.kind == "fact").expect("the sample has facts").clone();
        graph.nodes.extend((0..FOLD_FACTS_ABOVE).map(|i| trowel_core::report::Node { id: format!("fact:extra{i}"), ..fact.clone() }));
        assert!(folds_by_default(&graph));
    }
}
