// Trowel in a runbook or wiki page: one script tag turns every `<pre data-trowel>` into a live,
// collapsible analysis of its text.
//
//   <script type="module" src="https://your.host/trowel/embed.js"></script>
//   <pre data-trowel>$ kubectl get pods …</pre>
//
// Each block gets a widget after it: the top diagnoses with their confidence, the quoted
// evidence, fixes and first checks, and the evidence graph. It uses the embedder package
// (`pkg/trowel_wasm.js` next to this file), analyses in this page and sends nothing anywhere.
// Pasted text only ever reaches the page through `textContent`, and the widget lives in a
// shadow root, so its styles and the page's do not mix. `data-trowel="collapsed"` starts it
// folded. The host page must allow this script's origin and `'wasm-unsafe-eval'` if it sets a
// Content-Security-Policy; a widget whose analysis fails says so in place.
import init, * as trowel from "./pkg/trowel_wasm.js";

/** Diagnoses shown per block, highest confidence first. */
const TOP = 3;
/** Evidence quotes shown per diagnosis; the app shows them all. */
const QUOTES = 4;

const STYLE = `
:host { display: block; margin: 0.5em 0 1em; font: 14px/1.45 system-ui, sans-serif; color: CanvasText; }
details { border: 1px solid #d6d3d1; border-left: 4px solid #b45309; border-radius: 6px; background: Canvas; }
summary { cursor: pointer; padding: 0.5em 0.75em; font-weight: 600; }
.body { padding: 0 0.75em 0.75em; }
.diagnosis { margin: 0.75em 0 0; padding-top: 0.5em; border-top: 1px solid #e7e5e4; }
.diagnosis h3 { margin: 0; font-size: 1em; }
.confidence { font-variant-numeric: tabular-nums; color: #b45309; margin-right: 0.4em; }
.class, code { font: 12px/1.4 ui-monospace, monospace; }
.class { color: #78716c; margin-left: 0.4em; font-weight: normal; }
.summary { margin: 0.25em 0; }
h4 { margin: 0.5em 0 0.15em; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; color: #78716c; }
ul { margin: 0; padding-left: 1.2em; }
li { margin: 0.1em 0; }
.quote { display: block; white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f5f4; color: #1c1917; padding: 0.1em 0.35em; border-radius: 3px; }
.contradicts .quote { background: #fee2e2; }
.line { color: #78716c; font-size: 0.85em; }
.graph img { max-width: 100%; height: auto; }
.note { color: #78716c; font-size: 0.9em; }
`;

/** An element with a class and text (never markup) and children. */
function el(tag, className, text, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  node.append(...children);
  return node;
}

/** Report prose with its `code` marks as code elements (text all the same). */
function prose(tag, className, text) {
  const parts = text.split("`");
  return el(tag, className, null, ...parts.map((part, i) => (i % 2 ? el("code", "", part) : part)));
}

function list(title, items, render) {
  if (!items.length) return [];
  return [el("h4", "", title), el("ul", "", null, ...items.map(render))];
}

function diagnosisView(diagnosis) {
  const percent = `${Math.round(diagnosis.confidence * 100)}%`;
  const view = el("section", "diagnosis", null,
    el("h3", "", null, el("span", "confidence", percent), prose("span", "", diagnosis.title), el("span", "class", diagnosis.class)),
    prose("p", "summary", diagnosis.summary),
    ...(diagnosis.explained_by ? [el("p", "note", `A symptom of ${diagnosis.explained_by}.`)] : []),
    ...list("Evidence", diagnosis.evidence.slice(0, QUOTES), (e) => el("li", e.stance, null,
      prose("span", "", `${e.stance === "contradicts" ? "Against: " : ""}${e.claim} `),
      el("span", "line", `line ${e.line}`),
      el("code", "quote", e.quote))),
    ...list("Fix", diagnosis.fixes, (fix) => prose("li", "", fix)),
    ...list("Check first", diagnosis.checks, (check) => el("li", "", null, el("code", "", check))),
  );
  view.dataset.testid = "embed-diagnosis";
  view.dataset.class = diagnosis.class;
  view.dataset.confidence = String(diagnosis.confidence);
  return view;
}

/** The evidence graph as an image: an SVG shown by `<img>` runs no script and loads nothing. */
function graphView(text) {
  const image = el("img");
  image.dataset.testid = "embed-graph";
  image.alt = "Evidence graph: the pasted text, what was read from it, and the diagnoses it supports";
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(trowel.graph_svg(text))}`;
  return el("div", "graph", null, el("h4", "", "Evidence graph"), image);
}

function summaryLine(report) {
  const top = report.diagnoses[0];
  const count = report.diagnoses.length;
  return top
    ? `Trowel: ${top.class} (${Math.round(top.confidence * 100)}%)${count > 1 ? ` and ${count - 1} more` : ""}`
    : "Trowel: no diagnosis (nothing here matches a known failure)";
}

/** Builds the widget for one block and puts it right after the block. */
function mount(pre, analysed) {
  const host = el("div");
  host.dataset.testid = "trowel-embed";
  const root = host.attachShadow({ mode: "open" });
  const details = el("details");
  details.open = pre.dataset.trowel !== "collapsed";
  const body = el("div", "body");
  let summary;
  try {
    const text = pre.textContent;
    const report = analysed(text);
    summary = summaryLine(report);
    body.append(...report.diagnoses.slice(0, TOP).map(diagnosisView), graphView(text));
    host.dataset.state = "ready";
  } catch (error) {
    summary = "Trowel could not analyse this block";
    body.append(el("p", "note", String(error?.message ?? error)));
    host.dataset.state = "error";
  }
  details.append(el("summary", "", summary), body);
  root.append(el("style", "", STYLE), details);
  pre.after(host);
}

const blocks = [...document.querySelectorAll("pre[data-trowel]")];
if (blocks.length) {
  init().then(
    () => blocks.forEach((pre) => mount(pre, trowel.analyze)),
    (error) => blocks.forEach((pre) => mount(pre, () => { throw error; })),
  );
}
