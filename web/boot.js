// Starts Trowel: loads the wasm app and, if that fails, says so on the page instead of leaving
// it blank. In dist/trowel.html the two marked lines are rewritten by `cargo xtask dist` (the
// glue is inlined above this script and the wasm bytes replace the URL); keep them verbatim.
import trowelInit from "./trowel.js";
const trowelWasm = new URL("trowel_bg.wasm", import.meta.url);

trowelInit({ module_or_path: trowelWasm }).catch((error) => {
  const panel = document.getElementById("boot-error");
  const details = document.getElementById("boot-error-details");
  if (panel && details) {
    details.textContent = `${error && error.stack ? error.stack : error}\n\n${navigator.userAgent}`;
    panel.hidden = false;
  }
  document.getElementById("app")?.remove();
});
