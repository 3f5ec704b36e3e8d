//! What sharing and exporting need from the browser (wasm only): compression streams, the
//! page's address, the clipboard and downloads.
//!
//! `CompressionStream`/`DecompressionStream` are declared here because web-sys only has them
//! behind `--cfg=web_sys_unstable_apis`, which would change the build flags of every crate.
//! They are in every current browser (Chromium 80, Firefox 113, Safari 16.4).

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableWritablePair, Response};

/// The compression format of share links (raw DEFLATE, no zlib or gzip header).
const FORMAT: &str = "deflate-raw";
/// How long a download's object URL lives: long enough for the browser to start the download.
const DOWNLOAD_URL_MS: u32 = 60_000;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(extends = js_sys::Object)]
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;

    #[wasm_bindgen(extends = js_sys::Object)]
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// `bytes` compressed as share links carry them.
pub async fn compress(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let stream = CompressionStream::new(FORMAT).map_err(message)?;
    through(bytes, stream.unchecked_ref()).await
}

/// A share link's payload decompressed; the error is the browser's word for what was wrong.
pub async fn decompress(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let stream = DecompressionStream::new(FORMAT).map_err(message)?;
    through(bytes, stream.unchecked_ref()).await
}

/// `bytes` piped through a transform stream (both kinds have the `readable`/`writable` pair
/// `pipeThrough` takes), read back whole.
async fn through(bytes: &[u8], transform: &ReadableWritablePair) -> Result<Vec<u8>, String> {
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes))).map_err(message)?;
    let piped = blob.stream().pipe_through(transform);
    let response = Response::new_with_opt_readable_stream(Some(&piped)).map_err(message)?;
    let buffer = JsFuture::from(response.array_buffer().map_err(message)?).await.map_err(message)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// A JavaScript error as one line of text.
fn message(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => error.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}

/// The page's address, fragment included.
pub fn href() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

/// The page's fragment, `#` included (empty when there is none).
pub fn hash() -> String {
    gloo::utils::window().location().hash().unwrap_or_default()
}

/// Sets the address's fragment without a reload or a history entry (empty removes it).
pub fn replace_fragment(fragment: &str) {
    let page = crate::share::page(&href()).to_string();
    if let Ok(history) = gloo::utils::window().history() {
        // Refused only for another origin, which this address never is.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{page}{fragment}")));
    }
}

/// Puts `text` on the clipboard. The outcome is not awaited: a refused clipboard leaves the
/// text on screen to select by hand.
pub fn copy(text: &str) {
    let _ = gloo::utils::window().navigator().clipboard().write_text(text);
}

/// Offers `text` as a file to save.
pub fn download(file_name: &str, media_type: &str, text: &str) {
    let url = gloo::file::ObjectUrl::from(gloo::file::Blob::new_with_options(text, Some(media_type)));
    let document = gloo::utils::document();
    let Ok(anchor) = document.create_element("a").map(JsCast::unchecked_into::<web_sys::HtmlAnchorElement>) else { return };
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The URL is revoked when dropped: after the browser has taken the download.
    gloo::timers::callback::Timeout::new(DOWNLOAD_URL_MS, move || drop(url)).forget();
}
