//! `dist/trowel.html`: the app as one self-contained file that works from `file://` offline.
//!
//! The page is `index.html` with its stylesheet inlined, and its module script replaced by the
//! bindgen glue followed by `web/boot.js`, whose two marked lines are rewritten: the glue's
//! import becomes a reference to the glue's own initialiser, and the wasm URL becomes the wasm
//! bytes decoded from base64. The large-paste worker (`web/worker.js`, which imports the glue)
//! becomes one string — the glue followed by the worker with its import rewritten the same
//! way — that `boot.js` starts from a `data:` URL: Chromium refuses module workers from Blob
//! URLs made by a `file://` page (their origin is opaque), but runs `data:` ones. Every replacement must find its marker exactly once, so a changed
//! `index.html` or `boot.js` fails the build instead of producing a page that does not start.

use anyhow::{bail, Result};
use base64::Engine;

const STYLESHEET: &str = r#"<link rel="stylesheet" href="style.css">"#;
/// The single file is not installed from a host, and loads no manifest.
const MANIFEST: &str = "<link rel=\"manifest\" href=\"manifest.webmanifest\">\n";
const SCRIPT: &str = r#"<script type="module" src="boot.js"></script>"#;
const GLUE_IMPORT: &str = r#"import trowelInit from "./trowel.js";"#;
const WASM_URL: &str = r#"const trowelWasm = new URL("trowel_bg.wasm", import.meta.url);"#;
const WORKER_URL: &str = r#"const trowelWorkerScript = new URL("worker.js", import.meta.url);"#;
const WORKER_IMPORT: &str = r#"import trowelInit, { analysis_ms, analyze_packed, warm_up } from "./trowel.js";"#;
const CSP_START: &str = r#"<meta http-equiv="Content-Security-Policy" content=""#;
/// The served page may load its own files (`'self'`); the single file has none to load, so it
/// may run only its inline script and styles, start its worker from a `data:` URL it made
/// itself, and fetch nothing at all.
const SINGLE_FILE_CSP: &str = "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; worker-src data:; \
     style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// Builds the single-file page from the served page's parts.
pub fn inline(index: &str, css: &str, boot: &str, worker: &str, glue: &str, wasm: &[u8]) -> Result<String> {
    for (what, text, closing) in
        [("style.css", css, "</style"), ("the JS glue", glue, "</script"), ("boot.js", boot, "</script"), ("worker.js", worker, "</script")]
    {
        if text.to_ascii_lowercase().contains(closing) {
            bail!("{what} contains {closing:?} and cannot be inlined");
        }
    }
    let glue_init = glue_initialiser(glue)?;
    let bytes = base64::engine::general_purpose::STANDARD.encode(wasm);
    let init = format!("const trowelInit = {glue_init};");
    let worker = format!("{glue}\n{}", replace_once(worker, WORKER_IMPORT, &init, "worker.js")?);
    let boot = replace_once(boot, GLUE_IMPORT, &init, "boot.js")?;
    let boot = replace_once(
        &boot,
        WORKER_URL,
        &format!(r#"const trowelWorkerScript = `data:text/javascript;charset=utf-8,${{encodeURIComponent({})}}`;"#, serde_json::to_string(&worker)?),
        "boot.js",
    )?;
    let boot = replace_once(
        &boot,
        WASM_URL,
        &format!(r#"const trowelWasm = Uint8Array.from(atob("{bytes}"), (c) => c.charCodeAt(0));"#),
        "boot.js",
    )?;
    let page = replace_once(index, MANIFEST, "", "index.html")?;
    let page = replace_once(&page, STYLESHEET, &format!("<style>\n{css}</style>"), "index.html")?;
    let page = replace_once(&page, SCRIPT, &format!("<script type=\"module\">\n{glue}\n{boot}</script>"), "index.html")?;
    replace_csp(&page)
}

/// The name of the glue's default export (its `init` function).
fn glue_initialiser(glue: &str) -> Result<&str> {
    const EXPORT: &str = " as default";
    let Some(at) = glue.rfind(EXPORT) else { bail!("the JS glue has no default export") };
    let before = &glue[..at];
    let name_start = before.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).map_or(0, |i| i + 1);
    match &before[name_start..] {
        "" => bail!("the JS glue's default export has no name"),
        name => Ok(name),
    }
}

fn replace_once(text: &str, marker: &str, with: &str, file: &str) -> Result<String> {
    match text.matches(marker).count() {
        1 => Ok(text.replacen(marker, with, 1)),
        n => bail!("{file} must contain {marker:?} exactly once (found {n} times)"),
    }
}

fn replace_csp(page: &str) -> Result<String> {
    let Some(start) = page.find(CSP_START).map(|i| i + CSP_START.len()) else {
        bail!("index.html has no Content-Security-Policy meta tag");
    };
    let Some(len) = page[start..].find('"') else { bail!("index.html's Content-Security-Policy is not closed") };
    Ok(format!("{}{SINGLE_FILE_CSP}{}", &page[..start], &page[start + len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = concat!(
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'">"#,
        "<link rel=\"manifest\" href=\"manifest.webmanifest\">\n",
        r#"<link rel="stylesheet" href="style.css">"#,
        r#"<script type="module" src="boot.js"></script>"#
    );
    const BOOT: &str = concat!(
        "import trowelInit from \"./trowel.js\";\n",
        "const trowelWasm = new URL(\"trowel_bg.wasm\", import.meta.url);\n",
        "const trowelWorkerScript = new URL(\"worker.js\", import.meta.url);\n",
        "trowelInit({ module_or_path: trowelWasm });\n"
    );
    const WORKER: &str = "import trowelInit, { analysis_ms, analyze_packed, warm_up } from \"./trowel.js\";\nonmessage = () => \"x\";\n";
    const GLUE: &str = "async function __wbg_init(x) {}\nexport { initSync, __wbg_init as default };\n";

    #[test]
    fn inlines_everything_and_locks_the_page_down() {
        let page = inline(INDEX, "body{}", BOOT, WORKER, GLUE, &[0, 97, 115, 109]).unwrap();
        assert!(page.contains("<style>\nbody{}</style>"));
        assert!(page.contains("const trowelInit = __wbg_init;"));
        // The worker is the glue and the rewritten worker script, as one JSON string (valid JavaScript).
        assert!(page.contains(r#"encodeURIComponent("async function __wbg_init(x) {}\nexport { initSync, __wbg_init as default };\n\nconst trowelInit = __wbg_init;\nonmessage = () => \"x\";\n")"#));
        assert!(page.contains("worker-src data:"));
        assert!(page.contains(r#"atob("AGFzbQ==")"#));
        assert!(page.contains("default-src 'none'"));
        assert!(!page.contains("src=\"boot.js\"") && !page.contains("style.css") && !page.contains("manifest") && !page.contains("import.meta.url"));
    }

    #[test]
    fn a_missing_marker_fails_the_build() {
        let error = inline(INDEX, "", "init();", WORKER, GLUE, &[]).unwrap_err();
        assert!(error.to_string().contains("boot.js must contain"), "{error}");
    }

    #[test]
    fn text_that_would_close_the_inline_element_fails_the_build() {
        let error = inline(INDEX, "a{content:'</style>'}", BOOT, WORKER, GLUE, &[]).unwrap_err();
        assert!(error.to_string().contains("style.css"), "{error}");
    }
}
