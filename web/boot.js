// Starts Trowel, offers it a Web Worker for large pastes, and wires up the error panel of
// index.html.
//
// The panel is shown by Rust's panic hook (crates/trowel-web/src/fatal.rs) or, below, when the
// wasm cannot load at all. After a panic no Rust code runs again, so the panel's buttons are
// plain JavaScript. In dist/trowel.html `cargo xtask dist` rewrites the three marked lines (the
// glue is inlined above this script, the wasm bytes replace its URL and the worker script
// becomes a Blob URL): keep them verbatim.
import trowelInit from "./trowel.js";
const trowelWasm = new URL("trowel_bg.wasm", import.meta.url);
const trowelWorkerScript = new URL("worker.js", import.meta.url);

/** The local-storage key of the kept paste (crates/trowel-web/src/keep.rs). */
const PASTE_KEY = "trowel.paste";

function showFatal(error) {
  const details = document.getElementById("fatal-details");
  details.textContent = `${error && error.stack ? error.stack : error}\n\n${navigator.userAgent}`;
  document.getElementById("fatal").hidden = false;
  document.getElementById("app").hidden = true;
}

document.getElementById("fatal-copy").addEventListener("click", (event) => {
  const text = document.getElementById("fatal-details").textContent;
  navigator.clipboard.writeText(text).then(
    () => { event.target.textContent = "Copied ✓"; },
    () => { getSelection().selectAllChildren(document.getElementById("fatal-details")); },
  );
});
document.getElementById("fatal-reload").addEventListener("click", () => location.reload());
document.getElementById("fatal-reset").addEventListener("click", () => {
  try { localStorage.removeItem(PASTE_KEY); } catch { /* storage may be off; reload anyway */ }
  location.reload();
});

/** The app's wasm compiled once: this page instantiates it, and so does the worker. */
async function compile(source) {
  if (!(source instanceof URL)) return WebAssembly.compile(source);
  const response = await fetch(source);
  // Streaming compilation needs the server to say `application/wasm`; not every host does.
  return WebAssembly.compileStreaming(response.clone()).catch(async () => WebAssembly.compile(await response.arrayBuffer()));
}
const compiled = compile(trowelWasm);

/**
 * `trowelWorker.analyze(text)`, which the app calls for large pastes
 * (crates/trowel-web/src/offload.rs): resolves to `{bytes, millis}` from web/worker.js, to
 * `null` when a newer paste replaced this one (the busy worker is stopped: its answer would be
 * stale), and rejects when no worker can do it (the app then analyses on this thread).
 */
globalThis.trowelWorker = (() => {
  let worker = null;
  let ready = null;
  let pending = null;
  function settle(how, value) {
    const waiting = pending;
    pending = null;
    waiting?.[how](value);
  }
  function stop() {
    worker?.terminate();
    worker = null;
  }
  function start() {
    worker = new Worker(trowelWorkerScript, { type: "module" });
    worker.onmessage = ({ data }) => {
      if (data.error) {
        stop();
        settle("reject", new Error(data.error));
      } else {
        settle("resolve", data);
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      stop();
      settle("reject", new Error(`the worker failed: ${event.message || "it could not start"}`));
    };
    const started = worker;
    ready = compiled.then((module) => started.postMessage({ module }));
  }
  return {
    analyze(text) {
      if (pending) {
        stop();
        settle("resolve", null);
      }
      if (!worker) start();
      const to = worker;
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        ready.then(() => to.postMessage({ text }), reject);
      });
    },
  };
})();

compiled.then((module) => trowelInit({ module_or_path: module })).catch(showFatal);

// Offline after the first visit (web/sw.js), when served as separate files; the single file
// (whose wasm is inlined) has nothing to fetch.
if (trowelWasm instanceof URL && /^https?:$/.test(location.protocol) && "serviceWorker" in navigator) {
  navigator.serviceWorker.register(new URL("sw.js", import.meta.url)).catch((error) => {
    console.warn("Trowel will not work offline:", error);
  });
}
