//! Large pastes are analysed off the page's thread, in a Web Worker running this same wasm.
//!
//! `web/boot.js` compiles the app's wasm once and offers `trowelWorker.analyze(text)`: it
//! starts a module worker (`web/worker.js`; in the single-file page, the same script from a
//! Blob URL), hands it the compiled module, and resolves to `{bytes, millis}` — the report as
//! [`crate::packed`] bytes and the time `analyze` took in the worker — or to `null` when a
//! newer paste replaced this one (the busy worker is then stopped and a fresh one started). The worker calls the two
//! exports below. While it works the page stays free to scroll and type; if no worker can be
//! started (the global is missing, or the worker fails), the caller analyses on the page's
//! thread instead.

use crate::examples::EXAMPLES;
use crate::packed;
use trowel_core::report::Report;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Rounds of analysing every bundled example in [`warm_up`]: a few tens of milliseconds.
const WARM_UP_ROUNDS: usize = 12;

/// Runs the analysis on the bundled examples and drops the reports (when the page opens, and
/// when a worker starts).
///
/// Browsers first compile wasm quickly and unoptimised, then optimise the functions that run
/// often, but only for their next call: a long loop keeps running unoptimised to the end of
/// the call it started in. Without this, the first large paste of a page's life runs several
/// times slower than the ones after it (measured on a 5 MB paste: 1.2–1.5 s with 2 rounds,
/// 0.85 s with 12, then 0.25–0.45 s once optimised).
#[wasm_bindgen]
pub fn warm_up() {
    for _ in 0..WARM_UP_ROUNDS {
        for example in EXAMPLES {
            std::hint::black_box(trowel_core::analyze(example.text));
        }
    }
}

/// The worker's job: the report of `text` as [`packed`] bytes.
#[wasm_bindgen]
pub fn analyze_packed(text: &str) -> Result<Vec<u8>, JsError> {
    packed::pack(&trowel_core::analyze(text)).map_err(|e| JsError::new(&format!("cannot pack the report: {e}")))
}

#[wasm_bindgen]
extern "C" {
    /// `trowelWorker.analyze` from `web/boot.js`; throws when the global is missing.
    #[wasm_bindgen(catch, js_namespace = trowelWorker, js_name = analyze)]
    fn worker_analyze(text: &str) -> Result<js_sys::Promise, JsValue>;
}

/// Analyses `text` in the worker, calling `on_sent` once the worker has it: the report and
/// the milliseconds `analyze` took there; `None` when a newer paste took the worker first;
/// or why the worker could not do it.
pub async fn analyze(text: &str, on_sent: impl FnOnce()) -> Result<Option<(Report, f64)>, String> {
    let promise = worker_analyze(text).map_err(describe)?;
    on_sent();
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(describe)?;
    if answer.is_null() {
        return Ok(None);
    }
    let field = |name: &str| js_sys::Reflect::get(&answer, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let bytes = field("bytes").dyn_into::<js_sys::Uint8Array>().map_err(|_| "the worker sent no report".to_string())?;
    let millis = field("millis").as_f64().unwrap_or(0.0);
    let report = packed::unpack(&bytes.to_vec()).map_err(|e| format!("the worker's report is unreadable: {e}"))?;
    Ok(Some((report, millis)))
}

/// A JS error's message, for the console.
fn describe(error: JsValue) -> String {
    error.dyn_ref::<js_sys::Error>().map_or_else(|| format!("{error:?}"), |e| String::from(e.message()))
}
