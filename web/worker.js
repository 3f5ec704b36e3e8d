// The Web Worker that analyses large pastes off the page's thread (see
// crates/trowel-web/src/offload.rs). It runs the app's own wasm, compiled once by boot.js and
// sent as the first message; every later message is a paste, answered with the report as
// packed bytes (transferred, not copied) and the time `trowel_core::analyze` took (timed inside
// the wasm, like the native figure), or with an error.
// In dist/trowel.html `cargo xtask dist` inlines the glue above this script and rewrites the
// marked import: keep it verbatim.
import trowelInit, { analysis_ms, analyze_packed, warm_up } from "./trowel.js";

let ready = Promise.reject(new Error("the worker got a paste before the wasm"));
ready.catch(() => {});

self.onmessage = ({ data }) => {
  if (data.module) {
    // Warm up first: the first large analysis of a fresh instance otherwise runs unoptimised.
    ready = trowelInit({ module_or_path: data.module }).then(() => warm_up());
    return;
  }
  ready.then(
    () => {
      const bytes = analyze_packed(data.text);
      self.postMessage({ bytes, millis: analysis_ms() }, [bytes.buffer]);
    },
  ).catch((error) => self.postMessage({ error: String(error?.message ?? error) }));
};
