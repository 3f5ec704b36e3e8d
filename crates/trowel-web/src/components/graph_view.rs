//! The evidence graph as SVG: artifacts → facts → claims → diagnoses → actions, laid out by
//! [`trowel_export::layout`], with pan (drag, arrow keys), zoom (buttons, +/−, Ctrl+wheel) and facts
//! foldable into their artifacts. Hovering or focusing a node shows its quote; clicking it (or
//! Enter) shows its lines in the paste. Every node is reachable with Tab.

use trowel_export::layout::{layout, Placed, NODE_HEIGHT};
use crate::state::{quotes_of_node, Action, ReportRef};
use web_sys::{Element, SvgElement};
use yew::prelude::*;

/// Zoom factor of one step (buttons, keys, a wheel notch).
const ZOOM_STEP: f64 = 1.25;
/// Viewport units an arrow key pans, as a share of the visible width or height.
const PAN_SHARE: f64 = 0.15;
/// Pointer travel (pixels) past which a press is a drag, not a click.
const DRAG_THRESHOLD: f64 = 4.0;
const RELATIONS: [(&str, &str); 6] = [
    ("supports", "supports"),
    ("contradicts", "contradicts"),
    ("explains", "explains"),
    ("fixes", "fixes"),
    ("checks", "checks"),
    ("derived-from", "derived from"),
];
const KINDS: [&str; 5] = ["artifact", "fact", "claim", "diagnosis", "action"];

#[derive(Properties, PartialEq)]
pub struct GraphViewProps {
    pub report: ReportRef,
    /// Facts folded into their artifacts.
    pub collapsed: bool,
    pub selected_node: Option<String>,
    /// Nodes that came from the line selected in the paste.
    pub related: Vec<String>,
    pub dispatch: Callback<Action>,
}

/// The part of the drawing in view, in layout units.
#[derive(Clone, Copy, PartialEq, Debug)]
struct ViewBox {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl ViewBox {
    fn zoom(self, factor: f64, (cx, cy): (f64, f64)) -> ViewBox {
        ViewBox { x: cx - (cx - self.x) / factor, y: cy - (cy - self.y) / factor, w: self.w / factor, h: self.h / factor }
    }

    fn centre(self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    fn shows(self, node: &Placed) -> bool {
        node.x >= self.x && node.y >= self.y && node.x + node.width <= self.x + self.w && node.y + NODE_HEIGHT <= self.y + self.h
    }
}

/// A press on the drawing: where it started, to pan by how far the pointer has moved, and
/// whether it moved far enough to be a drag (then the click that ends it selects nothing).
struct Drag {
    start: (f64, f64),
    from: ViewBox,
    moved: bool,
    pressed: bool,
}

/// Layout units per screen pixel, and the letterbox offsets, of an SVG showing `view` with
/// `preserveAspectRatio="xMidYMid meet"`.
fn scale_of(svg: &Element, view: ViewBox) -> (f64, f64, f64) {
    let rect = svg.get_bounding_client_rect();
    let (width, height) = (rect.width().max(1.0), rect.height().max(1.0));
    let scale = (view.w / width).max(view.h / height);
    (scale, (width - view.w / scale) / 2.0, (height - view.h / scale) / 2.0)
}

#[component]
pub fn GraphView(props: &GraphViewProps) -> Html {
    let placed = use_memo((props.report.clone(), props.collapsed), |(report, collapsed)| layout(&report.graph, *collapsed));
    let fit = ViewBox { x: 0.0, y: 0.0, w: placed.width, h: placed.height };
    let view = use_state_eq(|| fit);
    let hovered = use_state_eq(|| None::<usize>);
    // The graph can take the whole window, where big graphs are readable.
    let expanded = use_state_eq(|| false);
    let drag = use_mut_ref(|| None::<Drag>);
    let svg_ref = use_node_ref();

    // A new drawing starts fitted to the box.
    {
        let view = view.clone();
        use_effect_with((props.report.clone(), props.collapsed), move |_| view.set(fit));
    }

    let graph = &props.report.graph;
    let selected = props.selected_node.as_deref().and_then(|id| graph.nodes.iter().position(|n| n.id == id));
    let active = (*hovered).or(selected);
    let is_related = |i: usize| props.related.iter().any(|id| *id == graph.nodes[i].id);

    let zoom_by = {
        let view = view.clone();
        move |factor: f64| {
            let view = view.clone();
            Callback::from(move |_: MouseEvent| view.set(view.zoom(factor, view.centre())))
        }
    };
    let onclick_fit = {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(fit))
    };
    let toggle_expanded = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    let onkeydown = {
        let (view, expanded) = (view.clone(), expanded.clone());
        Callback::from(move |e: KeyboardEvent| {
            let v = *view;
            let next = match e.key().as_str() {
                "Escape" if *expanded => {
                    e.stop_propagation();
                    expanded.set(false);
                    return;
                }
                "ArrowLeft" => ViewBox { x: v.x - v.w * PAN_SHARE, ..v },
                "ArrowRight" => ViewBox { x: v.x + v.w * PAN_SHARE, ..v },
                "ArrowUp" => ViewBox { y: v.y - v.h * PAN_SHARE, ..v },
                "ArrowDown" => ViewBox { y: v.y + v.h * PAN_SHARE, ..v },
                "+" | "=" => v.zoom(ZOOM_STEP, v.centre()),
                "-" | "_" => v.zoom(1.0 / ZOOM_STEP, v.centre()),
                "0" => fit,
                _ => return,
            };
            e.prevent_default();
            view.set(next);
        })
    };
    let onwheel = {
        let view = view.clone();
        Callback::from(move |e: WheelEvent| {
            // Plain wheel scrolls the page; Ctrl/⌘ + wheel (and pinch) zooms the graph.
            if !(e.ctrl_key() || e.meta_key()) {
                return;
            }
            e.prevent_default();
            let Some(svg) = e.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<Element>(t).ok()) else { return };
            let v = *view;
            let (scale, off_x, off_y) = scale_of(&svg, v);
            let rect = svg.get_bounding_client_rect();
            let at = (v.x + (f64::from(e.client_x()) - rect.left() - off_x) * scale, v.y + (f64::from(e.client_y()) - rect.top() - off_y) * scale);
            let factor = if e.delta_y() < 0.0 { ZOOM_STEP } else { 1.0 / ZOOM_STEP };
            view.set(v.zoom(factor, at));
        })
    };
    let onpointerdown = {
        let (view, drag) = (view.clone(), drag.clone());
        Callback::from(move |e: PointerEvent| {
            if e.button() == 0 {
                *drag.borrow_mut() = Some(Drag { start: (f64::from(e.client_x()), f64::from(e.client_y())), from: *view, moved: false, pressed: true });
            }
        })
    };
    let onpointermove = {
        let (view, drag, svg_ref) = (view.clone(), drag.clone(), svg_ref.clone());
        Callback::from(move |e: PointerEvent| {
            let mut drag = drag.borrow_mut();
            let (Some(d), Some(svg)) = (drag.as_mut().filter(|d| d.pressed), svg_ref.cast::<SvgElement>()) else { return };
            let (dx, dy) = (f64::from(e.client_x()) - d.start.0, f64::from(e.client_y()) - d.start.1);
            if !d.moved && dx.hypot(dy) < DRAG_THRESHOLD {
                return;
            }
            d.moved = true;
            let (scale, _, _) = scale_of(&svg, d.from);
            view.set(ViewBox { x: d.from.x - dx * scale, y: d.from.y - dy * scale, ..d.from });
        })
    };
    let end_drag = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| {
            // The drag stays recorded (released) so the click that follows knows it was one.
            if let Some(d) = drag.borrow_mut().as_mut() {
                d.pressed = false;
            }
        })
    };

    let v = *view;
    let edges = placed.edges.iter().map(|edge| {
        let (from, to) = (&graph.nodes[edge.from], &graph.nodes[edge.to]);
        let lit = active.is_some_and(|a| a == edge.from || a == edge.to);
        let marker = (edge.relation != "derived-from").then(|| format!("url(#arrow-{})", edge.relation));
        html! {
            <path class={classes!("edge", edge.relation.clone(), lit.then_some("lit"))} d={edge.path.clone()}
                data-edge={format!("{}->{}", from.id, to.id)} data-from={from.id.clone()} data-to={to.id.clone()}
                data-relation={edge.relation.clone()} marker-end={marker} />
        }
    });
    let nodes = placed.nodes.iter().map(|p| {
        let node = &graph.nodes[p.node];
        let index = p.node;
        let select = {
            let (dispatch, id, drag) = (props.dispatch.clone(), node.id.clone(), drag.clone());
            Callback::from(move |_: MouseEvent| {
                let dragged = drag.borrow().as_ref().is_some_and(|d| d.moved);
                if !dragged {
                    dispatch.emit(Action::SelectNode(id.clone()));
                }
            })
        };
        let onkeydown = {
            let (dispatch, id) = (props.dispatch.clone(), node.id.clone());
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    e.stop_propagation();
                    dispatch.emit(Action::SelectNode(id.clone()));
                }
            })
        };
        let onfocus = {
            let (hovered, view, p) = (hovered.clone(), view.clone(), p.clone());
            Callback::from(move |_: FocusEvent| {
                hovered.set(Some(index));
                // A node reached with Tab comes into view.
                let v = *view;
                if !v.shows(&p) {
                    view.set(ViewBox { x: p.x + p.width / 2.0 - v.w / 2.0, y: p.y + NODE_HEIGHT / 2.0 - v.h / 2.0, ..v });
                }
            })
        };
        let onmouseenter = {
            let hovered = hovered.clone();
            Callback::from(move |_: MouseEvent| hovered.set(Some(index)))
        };
        let leave = {
            let hovered = hovered.clone();
            move || hovered.set(None)
        };
        let (onmouseleave, onblur) = {
            let again = leave.clone();
            (Callback::from(move |_: MouseEvent| leave()), Callback::from(move |_: FocusEvent| again()))
        };
        let line_y = |i: usize| {
            let lines = p.lines.len() as f64;
            NODE_HEIGHT / 2.0 + 4.0 + (i as f64 - (lines - 1.0) / 2.0) * 14.0
        };
        html! {
            <g class={classes!("node", node.kind.clone(), (selected == Some(index)).then_some("selected"), is_related(index).then_some("related"))}
                data-node={node.id.clone()} data-kind={node.kind.clone()}
                transform={format!("translate({:.1},{:.1})", p.x, p.y)}
                tabindex="0" role="button" aria-label={format!("{}: {}", node.kind, node.label)}
                onclick={select} {onkeydown} {onfocus} {onblur} {onmouseenter} {onmouseleave}>
                <rect width={format!("{:.1}", p.width)} height={NODE_HEIGHT.to_string()} rx="6" />
                { for p.lines.iter().enumerate().map(|(i, line)| html! {
                    <text x="10" y={format!("{:.1}", line_y(i))}>{ line }</text>
                }) }
                if p.folded > 0 {
                    <text class="badge" x={format!("{:.1}", p.width - 8.0)} y="-4" text-anchor="end">{ format!("+{} facts", p.folded) }</text>
                }
            </g>
        }
    });

    let has_facts = graph.nodes.iter().any(|n| n.kind == "fact");
    let onchange_fold = {
        let (dispatch, collapsed) = (props.dispatch.clone(), props.collapsed);
        Callback::from(move |_: Event| dispatch.emit(Action::SetCollapseFacts(!collapsed)))
    };

    html! {
        <div class={classes!("graph-view", expanded.then_some("expanded"))} {onkeydown}>
            <div class="graph-toolbar">
                <ul class="legend" aria-label="Legend">
                    { for KINDS.iter().map(|kind| html! { <li class={classes!("kind", *kind)}><span class="swatch"></span>{ *kind }</li> }) }
                    { for RELATIONS.iter().map(|(relation, words)| html! {
                        <li class={classes!("relation", *relation)}>
                            <svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4" class={classes!("edge", *relation)} /></svg>
                            { *words }
                        </li>
                    }) }
                </ul>
                <div class="graph-controls">
                    if has_facts {
                        <label class="fold"><input type="checkbox" checked={props.collapsed} onchange={onchange_fold} />{ " fold facts into artifacts" }</label>
                    }
                    <button type="button" class="control button small" onclick={zoom_by(1.0 / ZOOM_STEP)} aria-label="Zoom out">{ "−" }</button>
                    <button type="button" class="control button small" onclick={zoom_by(ZOOM_STEP)} aria-label="Zoom in">{ "+" }</button>
                    <button type="button" class="control button small" onclick={onclick_fit}>{ "Fit" }</button>
                    <button type="button" class="control button small" onclick={toggle_expanded} aria-pressed={expanded.to_string()}>
                        { if *expanded { "Close ✕" } else { "Expand ⤢" } }
                    </button>
                </div>
            </div>
            <div class="graph-box" tabindex="0"
                aria-label="Evidence graph. Tab moves between nodes, Enter shows a node's lines in the paste, arrows pan, + and − zoom, 0 fits.">
                <svg data-testid="graph" ref={svg_ref} viewBox={format!("{:.1} {:.1} {:.1} {:.1}", v.x, v.y, v.w, v.h)}
                    style={format!("aspect-ratio:{:.0}/{:.0}", placed.width, placed.height)}
                    preserveAspectRatio="xMidYMid meet" role="group" aria-label="Evidence graph"
                    {onwheel} {onpointerdown} {onpointermove} onpointerup={end_drag.clone()} onpointerleave={end_drag}>
                    <defs>
                        { for RELATIONS.iter().filter(|(r, _)| *r != "derived-from").map(|(relation, _)| html! {
                            <marker id={format!("arrow-{relation}")} class={classes!("arrow", *relation)} viewBox="0 0 10 10" refX="9" refY="5"
                                markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
                                <path d="M0,0 L10,5 L0,10 z" />
                            </marker>
                        }) }
                    </defs>
                    <g class="edges">{ for edges }</g>
                    <g class="nodes">{ for nodes }</g>
                </svg>
                { detail(props, active) }
            </div>
        </div>
    }
}

/// The strip under the drawing: the hovered, focused or selected node in full, with its quote.
fn detail(props: &GraphViewProps, active: Option<usize>) -> Html {
    let Some(node) = active.and_then(|i| props.report.graph.nodes.get(i)) else {
        return html! { <p class="graph-detail muted">{ "Hover or focus a node to read it; click it to see its lines in the paste. Drag to pan, Ctrl + wheel to zoom." }</p> };
    };
    let lines = match (node.line, node.line_end) {
        (Some(a), Some(b)) if a != b => format!("lines {a}–{b}"),
        (Some(a), _) => format!("line {a}"),
        _ => String::new(),
    };
    let quotes = quotes_of_node(&props.report, &node.id);
    html! {
        <div class="graph-detail" data-testid="graph-detail">
            <span class={classes!("kind-badge", node.kind.clone())}>{ &node.kind }</span>
            <span class="label">{ &node.label }</span>
            if !lines.is_empty() { <span class="muted">{ format!(" · {lines}") }</span> }
            if !quotes.is_empty() { <pre class="quote-text">{ quotes.join("\n") }</pre> }
        </div>
    }
}
