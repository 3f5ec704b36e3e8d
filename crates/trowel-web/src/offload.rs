//! Large pastes are analysed off the page's thread, in a Web Worker running this same wasm.
//!
//! `web/boot.js` compiles the app's wasm once and offers `trowelWorker.analyze(text)`: it
//! starts a module worker (`web/worker.js`; in the single-file page, the same script from a
//! Blob URL), hands it the compiled module, and resolves to `{bytes, millis}` — the report as
//! [`crate::packed`] bytes and the time `trowel_core::analyze` took in the worker — or to `null` when a
//! newer paste replaced this one (the busy worker is then stopped and a fresh one started). The worker calls the
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

thread_local! {
    /// How long the last [`analyze_packed`] spent in `trowel_core::analyze`, in milliseconds.
    static ANALYSIS_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// The worker's job: the report of `text` as [`packed`] bytes.
#[wasm_bindgen]
pub fn analyze_packed(text: &str) -> Result<Vec<u8>, JsError> {
    let started = clock_ms();
    let report = trowel_core::analyze(text);
    ANALYSIS_MS.with(|ms| ms.set(clock_ms() - started));
    packed::pack(&report).map_err(|_| JsError::new("cannot pack the report"))
}

/// The time the last [`analyze_packed`] spent in `trowel_core::analyze` alone — the figure the
/// page shows and the native benchmark measures; handing the text in and the report out is
/// the rest of the worker's round trip.
#[wasm_bindgen]
pub fn analysis_ms() -> f64 {
    ANALYSIS_MS.with(std::cell::Cell::get)
}

/// `performance.now()` of whatever global this runs in (the page or the worker).
fn clock_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

#[wasm_bindgen]
extern "C" {
    /// `trowelWorker.analyze` from `web/boot.js`; throws when the global is missing.
    #[wasm_bindgen(catch, js_namespace = trowelWorker, js_name = analyze)]
    fn worker_analyze(text: &str) -> Result<js_sys::Promise, JsValue>;
}

/// What the worker answers for one paste: the report and the milliseconds `analyze` took
/// there; `None` when a newer paste took the worker first; or why the worker could not do it.
pub type Answer = Result<Option<(Report, f64)>, String>;

/// Analyses `text` in the worker, calling `on_sent` once the worker has it and `on_answer`
/// with its [`Answer`]. Callbacks rather than a future: the app needs no async runtime for
/// this one round trip, which keeps the wasm smaller.
pub fn analyze(text: &str, on_sent: impl FnOnce(), on_answer: impl FnOnce(Answer) + 'static) {
    let promise = match worker_analyze(text) {
        Ok(promise) => promise,
        Err(error) => return on_answer(Err(describe(error))),
    };
    on_sent();
    // Exactly one of the two runs; the shared slot hands `on_answer` to whichever does.
    let slot = std::rc::Rc::new(std::cell::Cell::new(Some(on_answer)));
    let (ok_slot, err_slot) = (slot.clone(), slot);
    let ok = Closure::once(move |answer: JsValue| {
        if let Some(on_answer) = ok_slot.take() {
            on_answer(read(&answer));
        }
    });
    let err = Closure::once(move |error: JsValue| {
        if let Some(on_answer) = err_slot.take() {
            on_answer(Err(describe(error)));
        }
    });
    let _ = promise.then2(&ok, &err);
    // The promise settles once and the closures free themselves when called.
    ok.forget();
    err.forget();
}

fn read(answer: &JsValue) -> Answer {
    if answer.is_null() {
        return Ok(None);
    }
    let field = |name: &str| js_sys::Reflect::get(answer, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let bytes = field("bytes").dyn_into::<js_sys::Uint8Array>().map_err(|_| "the worker sent no report".to_string())?;
    let millis = field("millis").as_f64().unwrap_or(0.0);
    // Bytes from our own worker only fail to read after a bug; the error's wording adds nothing.
    let report = packed::unpack(&bytes.to_vec()).map_err(|_| "the worker's report is unreadable".to_string())?;
    Ok(Some((report, millis)))
}

/// A JS error's message, for the console.
fn describe(error: JsValue) -> String {
    error.dyn_ref::<js_sys::Error>().and_then(|e| e.message().as_string()).unwrap_or_else(|| "the worker failed".to_string())
}
