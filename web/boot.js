// Starts Trowel and wires up the error panel of index.html.
//
// The panel is shown by Rust's panic hook (crates/trowel-web/src/fatal.rs) or, below, when the
// wasm cannot load at all. After a panic no Rust code runs again, so the panel's buttons are
// plain JavaScript. In dist/trowel.html `cargo xtask dist` rewrites the two marked lines (the
// glue is inlined above this script and the wasm bytes replace the URL): keep them verbatim.
import trowelInit from "./trowel.js";
const trowelWasm = new URL("trowel_bg.wasm", import.meta.url);

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

trowelInit({ module_or_path: trowelWasm }).catch(showFatal);
