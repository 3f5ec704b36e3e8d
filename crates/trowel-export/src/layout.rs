//! Where the evidence graph's nodes and edges go: one column per node kind, left to right
//! (artifacts → facts → claims → diagnoses → actions), each column ordered to cross few edges.
//!
//! This is the classic layered ("Sugiyama") drawing, kept small: the layer of a node is fixed
//! by its kind, the order inside each layer comes from barycenter sweeps (a node moves to the
//! mean position of its neighbours in the next layer), keeping the order with the fewest
//! crossings, and nodes are then pulled level with their neighbours. With facts folded into
//! their artifacts, a graph of hundreds of facts becomes a handful of artifact nodes.
//! Pure data in, pure data out: the app's graph component and [`crate::svg`] only draw what
//! this returns.

use crate::visible::{layer_of, Visible, KINDS};
use trowel_core::hash::HashMap;
use trowel_core::report::Graph;

pub const NODE_HEIGHT: f64 = 38.0;
const ROW_GAP: f64 = 10.0;
const LAYER_GAP: f64 = 64.0;
const MARGIN: f64 = 12.0;
/// Average width of a label character at the graph's font size, for cutting labels to fit.
const CHAR_WIDTH: f64 = 6.2;
const SWEEPS: usize = 6;

/// Column widths, per kind in [`KINDS`] order.
const WIDTHS: [f64; 5] = [180.0, 210.0, 220.0, 180.0, 200.0];

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub nodes: Vec<Placed>,
    pub edges: Vec<Route>,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Index of the node in `graph.nodes`.
    pub node: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    /// The label cut into at most two lines that fit the node.
    pub lines: Vec<String>,
    /// Facts folded into this artifact.
    pub folded: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// Indices in `graph.nodes`; with folded facts an edge may run to the fact's artifact.
    pub from: usize,
    pub to: usize,
    pub relation: String,
    /// SVG path data.
    pub path: String,
}

/// Lays the graph out; with `fold_facts`, facts are drawn as part of their artifact.
pub fn layout(graph: &Graph, fold_facts: bool) -> Layout {
    let Visible { nodes: shown, folded, edges } = Visible::of(graph, fold_facts);

    // Layers: the kinds present, in column order.
    let mut kinds_present = [false; KINDS.len()];
    for &i in &shown {
        kinds_present[layer_of(&graph.nodes[i].kind)] = true;
    }
    let columns: Vec<usize> = (0..KINDS.len()).filter(|k| kinds_present[*k]).collect();
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); columns.len()];
    let mut layer = vec![usize::MAX; graph.nodes.len()];
    for &i in &shown {
        let l = columns.iter().position(|c| *c == layer_of(&graph.nodes[i].kind)).unwrap_or(0);
        layer[i] = l;
        layers[l].push(i);
    }

    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); graph.nodes.len()];
    for edge in &edges {
        neighbours[edge.from].push(edge.to);
        neighbours[edge.to].push(edge.from);
    }
    let layers = order(layers, &layer, &neighbours);

    // Columns left to right.
    let mut x = Vec::with_capacity(columns.len());
    let mut next_x = MARGIN;
    for column in &columns {
        x.push(next_x);
        next_x += WIDTHS[*column] + LAYER_GAP;
    }
    let width = next_x - LAYER_GAP + MARGIN;
    let y = rows(&layers, &neighbours);
    let height = layers.iter().flatten().map(|&i| y[i] + NODE_HEIGHT).fold(0.0, f64::max) + MARGIN;

    let nodes: Vec<Placed> = layers
        .iter()
        .enumerate()
        .flat_map(|(l, members)| {
            let node_width = WIDTHS[columns[l]];
            let (x, y, graph, folded) = (&x, &y, graph, &folded);
            members.iter().map(move |&i| Placed {
                node: i,
                x: x[l],
                y: y[i],
                width: node_width,
                lines: fit_label(&graph.nodes[i].label, ((node_width - 16.0) / CHAR_WIDTH) as usize),
                folded: folded[i],
            })
        })
        .collect();
    let place: HashMap<usize, &Placed> = nodes.iter().map(|p| (p.node, p)).collect();
    let edges = edges
        .iter()
        .filter_map(|edge| {
            let (from, to) = (edge.from, edge.to);
            let (a, b) = (place.get(&from)?, place.get(&to)?);
            Some(Route { from, to, relation: edge.relation.to_string(), path: route(a, layer[from], b, layer[to]) })
        })
        .collect();
    Layout { nodes, edges, width, height }
}

/// Orders each layer by barycenter sweeps and keeps the order with the fewest crossings.
fn order(mut layers: Vec<Vec<usize>>, layer: &[usize], neighbours: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut position = positions(&layers, layer.len());
    let mut best = (crossings(&layers, layer, neighbours), layers.clone());
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let sequence: Vec<usize> =
            if downward { (1..layers.len()).collect() } else { (0..layers.len().saturating_sub(1)).rev().collect() };
        for l in sequence {
            let reference = if downward { l - 1 } else { l + 1 };
            let mut keyed: Vec<(f64, usize)> = layers[l]
                .iter()
                .map(|&i| {
                    let near: Vec<f64> = neighbours[i].iter().filter(|&&n| layer[n] == reference).map(|&n| position[n] as f64).collect();
                    let key = if near.is_empty() { position[i] as f64 } else { near.iter().sum::<f64>() / near.len() as f64 };
                    (key, i)
                })
                .collect();
            // A stable sort keeps ties (and unconnected nodes) in their current order.
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[l] = keyed.into_iter().map(|(_, i)| i).collect();
            for (p, &i) in layers[l].iter().enumerate() {
                position[i] = p;
            }
        }
        let count = crossings(&layers, layer, neighbours);
        if count < best.0 {
            best = (count, layers.clone());
        }
    }
    best.1
}

/// Edge crossings between adjacent layers, counted as inversions (O(E log E) per layer pair).
fn crossings(layers: &[Vec<usize>], layer: &[usize], neighbours: &[Vec<usize>]) -> usize {
    let position = positions(layers, layer.len());
    let mut total = 0;
    for l in 0..layers.len().saturating_sub(1) {
        let mut pairs: Vec<(usize, usize)> = layers[l]
            .iter()
            .flat_map(|&i| neighbours[i].iter().filter(|&&n| layer[n] == l + 1).map(move |&n| (i, n)))
            .map(|(i, n)| (position[i], position[n]))
            .collect();
        pairs.sort_unstable();
        let mut lower: Vec<usize> = pairs.into_iter().map(|(_, b)| b).collect();
        total += inversions(&mut lower);
    }
    total
}

/// Each node's index within its layer (0 for nodes in no layer).
fn positions(layers: &[Vec<usize>], nodes: usize) -> Vec<usize> {
    let mut position = vec![0; nodes];
    for members in layers {
        for (p, &i) in members.iter().enumerate() {
            position[i] = p;
        }
    }
    position
}

/// Pairs `i < j` with `v[i] > v[j]`, by merge sort (sorts `v`).
fn inversions(v: &mut [usize]) -> usize {
    if v.len() < 2 {
        return 0;
    }
    let mid = v.len() / 2;
    let mut count = inversions(&mut v[..mid]) + inversions(&mut v[mid..]);
    let mut merged = Vec::with_capacity(v.len());
    let (mut i, mut j) = (0, mid);
    while i < mid && j < v.len() {
        if v[j] < v[i] {
            count += mid - i;
            merged.push(v[j]);
            j += 1;
        } else {
            merged.push(v[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&v[i..mid]);
    merged.extend_from_slice(&v[j..]);
    v.copy_from_slice(&merged);
    count
}

/// Vertical positions: the largest layer is stacked evenly, and every other layer, moving
/// outwards from it, is pulled level with its neighbours without overlapping or reordering.
fn rows(layers: &[Vec<usize>], neighbours: &[Vec<usize>]) -> Vec<f64> {
    let step = NODE_HEIGHT + ROW_GAP;
    let mut y = vec![f64::NAN; neighbours.len()];
    let Some(widest) = (0..layers.len()).max_by_key(|&l| (layers[l].len(), usize::MAX - l)) else { return y };
    for (p, &i) in layers[widest].iter().enumerate() {
        y[i] = MARGIN + p as f64 * step;
    }
    let outwards = (widest + 1..layers.len()).chain((0..widest).rev());
    for l in outwards {
        let members = &layers[l];
        let desired: Vec<Option<f64>> = members
            .iter()
            .map(|&i| {
                let near: Vec<f64> = neighbours[i].iter().map(|&n| y[n]).filter(|v| !v.is_nan()).collect();
                (!near.is_empty()).then(|| near.iter().sum::<f64>() / near.len() as f64)
            })
            .collect();
        // Forward: each node at its wish, or just below the one before it.
        let mut placed: Vec<f64> = Vec::with_capacity(members.len());
        for wish in &desired {
            let floor = placed.last().map_or(MARGIN, |prev| prev + step);
            placed.push(wish.unwrap_or(floor).max(floor));
        }
        // Pushing down only ever moves nodes below their wish; lift the layer by the mean
        // overshoot, as far as the top margin allows.
        let overshoot: Vec<f64> = desired.iter().zip(&placed).filter_map(|(w, p)| w.map(|w| p - w)).collect();
        if !overshoot.is_empty() {
            // Not empty, so the layer has members and `placed[0]` exists.
            let lift = (overshoot.iter().sum::<f64>() / overshoot.len() as f64).min(placed[0] - MARGIN).max(0.0);
            placed.iter_mut().for_each(|p| *p -= lift);
        }
        for (&i, p) in members.iter().zip(placed) {
            y[i] = p;
        }
    }
    y
}

/// An SVG path between two placed nodes: a horizontal S-curve between columns, or a loop on
/// the right for nodes in the same column (one diagnosis explaining another).
fn route(a: &Placed, la: usize, b: &Placed, lb: usize) -> String {
    let (ay, by) = (a.y + NODE_HEIGHT / 2.0, b.y + NODE_HEIGHT / 2.0);
    if la == lb {
        let (sx, ex) = (a.x + a.width, b.x + b.width);
        let bulge = 36.0 + (by - ay).abs() / 4.0;
        return format!("M{sx:.1},{ay:.1} C{:.1},{ay:.1} {:.1},{by:.1} {ex:.1},{by:.1}", sx + bulge, ex + bulge);
    }
    let (sx, ex) = if la < lb { (a.x + a.width, b.x) } else { (a.x, b.x + b.width) };
    let mid = (sx + ex) / 2.0;
    format!("M{sx:.1},{ay:.1} C{mid:.1},{ay:.1} {mid:.1},{by:.1} {ex:.1},{by:.1}")
}

/// A label in at most two lines of `width` characters, wrapped at spaces (a longer word is
/// broken), the second line ending in an ellipsis when the label goes on.
fn fit_label(label: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let (mut current, mut current_len) = (String::new(), 0);
    for word in label.split_whitespace() {
        let mut rest = word;
        loop {
            let len = rest.chars().count();
            if current_len > 0 && current_len + 1 + len > width {
                lines.push(std::mem::take(&mut current));
                current_len = 0;
            } else if current_len == 0 && len > width {
                let cut = rest.char_indices().nth(width).map_or(rest.len(), |(at, _)| at);
                lines.push(rest[..cut].to_string());
                rest = &rest[cut..];
            } else {
                if current_len > 0 {
                    current.push(' ');
                    current_len += 1;
                }
                current.push_str(rest);
                current_len += len;
                break;
            }
        }
    }
    if current_len > 0 {
        lines.push(current);
    }
    if lines.len() > 2 {
        let mut second: String = lines[1].chars().take(width - 1).collect();
        second.push('…');
        lines.truncate(1);
        lines.push(second);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use trowel_core::report::{Edge, Node};

    fn placed<'a>(layout: &'a Layout, graph: &Graph, id: &str) -> &'a Placed {
        layout.nodes.iter().find(|p| graph.nodes[p.node].id == id).unwrap_or_else(|| panic!("{id} not placed"))
    }

    fn assert_no_overlap(layout: &Layout) {
        for a in &layout.nodes {
            for b in &layout.nodes {
                if a.node != b.node && a.x == b.x {
                    assert!((a.y - b.y).abs() >= NODE_HEIGHT, "nodes {} and {} overlap", a.node, b.node);
                }
            }
        }
    }

    #[test]
    fn columns_run_from_artifacts_to_actions() {
        let graph = sample::report().graph;
        let layout = layout(&graph, false);
        assert_eq!(layout.nodes.len(), graph.nodes.len());
        let x = |id| placed(&layout, &graph, id).x;
        assert!(x("artifact:2") < x("fact:4"));
        assert!(x("fact:4") < x("claim:0"));
        assert!(x("claim:0") < x("diagnosis:stale-image-mutable-tag"));
        assert!(x("diagnosis:stale-image-mutable-tag") < x("action:stale-image-mutable-tag:fix:0"));
        assert_no_overlap(&layout);
        assert!(layout.nodes.iter().all(|p| p.x + p.width <= layout.width && p.y + NODE_HEIGHT <= layout.height));
        assert_eq!(layout.edges.len(), graph.edges.len(), "every edge is drawn");
    }

    #[test]
    fn ordering_untangles_crossed_edges() {
        // Two artifacts listed in one order, their facts in the other: drawn as listed, the
        // two derived-from edges cross; ordered, they do not.
        let node = |id: &str, kind: &str| Node { id: id.into(), kind: kind.into(), label: id.into(), quote: None, line: None, line_end: None };
        let edge = |from: &str, to: &str| Edge { from: from.into(), to: to.into(), relation: "derived-from".into() };
        let graph = Graph {
            nodes: vec![node("artifact:0", "artifact"), node("artifact:1", "artifact"), node("fact:0", "fact"), node("fact:1", "fact")],
            edges: vec![edge("fact:0", "artifact:1"), edge("fact:1", "artifact:0")],
        };
        let layout = layout(&graph, false);
        let y = |id| placed(&layout, &graph, id).y;
        assert_eq!(y("fact:0") < y("fact:1"), y("artifact:1") < y("artifact:0"));
    }

    #[test]
    fn folding_facts_routes_their_claims_to_the_artifacts() {
        let graph = sample::report().graph;
        let layout = layout(&graph, true);
        assert!(layout.nodes.iter().all(|p| graph.nodes[p.node].kind != "fact"));
        let pods = placed(&layout, &graph, "artifact:2");
        assert_eq!(pods.folded, 3);
        let id = |i: usize| graph.nodes[i].id.as_str();
        let claim_edges: Vec<_> = layout.edges.iter().filter(|e| id(e.from) == "claim:0" && e.relation == "derived-from").map(|e| id(e.to)).collect();
        assert_eq!(claim_edges, vec!["artifact:2", "artifact:7"], "one edge per artifact, no duplicates");
        assert_no_overlap(&layout);
    }

    #[test]
    fn hundreds_of_nodes_lay_out_without_overlap() {
        let mut graph = sample::report().graph;
        for i in 0..400 {
            let artifact = ["artifact:1", "artifact:2", "artifact:4", "artifact:6", "artifact:7"][i % 5];
            graph.nodes.push(Node { id: format!("fact:x{i}"), kind: "fact".into(), label: format!("fact {i}"), quote: None, line: Some(1), line_end: Some(1) });
            graph.edges.push(Edge { from: format!("fact:x{i}"), to: artifact.into(), relation: "derived-from".into() });
            graph.edges.push(Edge { from: format!("claim:{}", i % 5), to: format!("fact:x{i}"), relation: "derived-from".into() });
        }
        let open = layout(&graph, false);
        assert_eq!(open.nodes.len(), graph.nodes.len());
        assert_no_overlap(&open);
        let folded = layout(&graph, true);
        assert!(folded.nodes.len() < 30 && folded.height < open.height / 10.0);
    }

    #[test]
    fn labels_fit_in_two_lines() {
        assert_eq!(fit_label("short", 20), vec!["short"]);
        assert_eq!(fit_label("the pods run an old digest behind a mutable tag", 20), vec!["the pods run an old", "digest behind a…"]);
        assert_eq!(fit_label("sha256:4f1e0d2a0123456789abcdef0123456789", 12), vec!["sha256:4f1e0", "d2a01234567…"]);
    }
}
