//! `dist/`: the wasm build, the bindgen step, static assets and the single-file page.
//!
//! ```text
//! dist/index.html, style.css, boot.js     the app's page and assets (from index.html and web/)
//! dist/worker.js                          the Web Worker that analyses large pastes
//! dist/sw.js, manifest.webmanifest, icon.svg  offline and installable (sw.js names its cache for the build)
//! dist/embed.js, embed-test.html          the runbook embed and its example page (filled from fixtures/)
//! dist/trowel.js, trowel_bg.wasm          the app (crates/trowel-web) after bindgen
//! dist/trowel.html                        the same app in one file that works from file://
//! dist/pkg/trowel_wasm.{js,d.ts}, _bg.wasm  the embedder API (crates/trowel-wasm)
//! ```

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::time::Instant;
use wasm_bindgen_cli_support::Bindgen;

/// The cargo profile of the wasm build (see the workspace `Cargo.toml`).
const PROFILE: &str = "wasm-release";
const TARGET: &str = "wasm32-unknown-unknown";
/// The static assets copied from `web/` next to `index.html`.
const ASSETS: [&str; 6] = ["style.css", "boot.js", "worker.js", "manifest.webmanifest", "icon.svg", "embed.js"];
/// The service worker's marked line, rewritten with the build's hash to name its cache.
const SW_BUILD: &str = r#"const BUILD = "dev";"#;
/// The wasm build's compiler flags. These replace `.cargo/config.toml`'s for the target, so
/// they repeat its SIMD flag. `-Zlocation-detail=none` drops the file/line/column of every
/// panic site from the binary (~10 KB gzip of the app's 500 KB budget); panics still carry
/// their message to the error panel. `-Zfmt-debug=none` compiles every `Debug` impl to
/// nothing (5 KB gzip): nothing the app shows may come from `{:?}` (levels and predicates
/// are named explicitly for that). They are unstable flags: the stable toolchain accepts them
/// with `RUSTC_BOOTSTRAP=1`, set for this one cargo invocation only.
const WASM_RUSTFLAGS: [(&str, &str); 2] = [
    ("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", "-C target-feature=+simd128 -Zlocation-detail=none -Zfmt-debug=none"),
    ("RUSTC_BOOTSTRAP", "1"),
];
/// The standard library is rebuilt for the wasm build (from the `rust-src` component) with its
/// `optimize_for_size` feature: smaller sorting, formatting and float printing code, 12 KB gzip
/// off the app (512.9 → 501.0 KB measured). Panics keep their messages (`panic_abort`, not
/// `panic_immediate_abort`), so the error panel still says what went wrong.
const BUILD_STD: [&str; 2] = ["-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size"];

/// Builds `dist/` from scratch.
pub fn build(root: &Path) -> Result<()> {
    let started = Instant::now();
    ensure_toolchain(root)?;
    let mut cargo_args = vec!["build", "--target", TARGET, "--profile", PROFILE, "--package", "trowel-web", "--package", "trowel-wasm"];
    cargo_args.extend(BUILD_STD);
    crate::run(root, &crate::cargo(), &cargo_args, &WASM_RUSTFLAGS)?;
    let compiled = started.elapsed();

    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map(Into::into).unwrap_or_else(|| root.join("target"));
    let wasm_dir = target_dir.join(TARGET).join(PROFILE);
    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).with_context(|| format!("cannot clear {}", dist.display()))?;
    }

    let app = bindgen(&wasm_dir.join("trowel_web.wasm"), "trowel", false)?;
    app.write(&dist)?;
    bindgen(&wasm_dir.join("trowel_wasm.wasm"), "trowel_wasm", true)?.write(&dist.join("pkg"))?;

    let index = read(&root.join("index.html"))?;
    std::fs::write(dist.join("index.html"), &index)?;
    for asset in ASSETS {
        std::fs::copy(root.join("web").join(asset), dist.join(asset)).with_context(|| format!("cannot copy web/{asset}"))?;
    }
    std::fs::write(dist.join("sw.js"), service_worker(&read(&root.join("web/sw.js"))?, &dist)?)?;
    std::fs::write(dist.join("embed-test.html"), fill_fixtures(&read(&root.join("web/embed-test.html"))?, root)?)?;
    let page = crate::single_file::inline(
        &index,
        &read(&root.join("web/style.css"))?,
        &read(&root.join("web/boot.js"))?,
        &read(&root.join("web/worker.js"))?,
        &app.js,
        &app.wasm,
    )?;
    std::fs::write(dist.join("trowel.html"), page)?;

    println!(
        "dist/ built in {:.1} s (cargo {:.1} s): app wasm {} bytes raw, {} gzip; trowel.html {} bytes",
        started.elapsed().as_secs_f64(),
        compiled.as_secs_f64(),
        app.wasm.len(),
        gzip_len(&dist.join("trowel_bg.wasm")).map_or_else(|| "?".to_string(), |n| n.to_string()),
        std::fs::metadata(dist.join("trowel.html"))?.len(),
    );
    Ok(())
}

/// Adds what the wasm build needs to the Rust toolchain when it is missing: the wasm target and
/// the standard library's source (for `-Zbuild-std`). Both come from rustup's own server, like
/// the toolchain itself; on a toolchain without rustup they must be installed by hand.
fn ensure_toolchain(root: &Path) -> Result<()> {
    let sysroot = std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--print", "sysroot"])
        .output()
        .context("cannot run rustc")?;
    let sysroot = std::path::PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    let rustlib = sysroot.join("lib/rustlib");
    if !rustlib.join(TARGET).is_dir() {
        crate::run(root, "rustup", &["target", "add", TARGET], &[])?;
    }
    if !rustlib.join("src/rust/library/std").is_dir() {
        crate::run(root, "rustup", &["component", "add", "rust-src"], &[])?;
    }
    Ok(())
}

/// `web/sw.js` with its cache named for this build: a hash of every file it precaches, so any
/// change to the app installs a fresh cache.
fn service_worker(sw: &str, dist: &Path) -> Result<String> {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    for file in ["index.html", "trowel.js", "trowel_bg.wasm"].iter().chain(&ASSETS) {
        hasher.write(&std::fs::read(dist.join(file)).with_context(|| format!("cannot read dist/{file}"))?);
    }
    match sw.matches(SW_BUILD).count() {
        1 => Ok(sw.replacen(SW_BUILD, &format!("const BUILD = \"{:016x}\";", hasher.finish()), 1)),
        n => bail!("web/sw.js must contain {SW_BUILD:?} exactly once (found {n} times)"),
    }
}

/// The embed example page with each `data-fixture="PATH">{{fixture}}` block filled with that
/// fixture's text, escaped as HTML text: one copy of the text, in `fixtures/`.
fn fill_fixtures(page: &str, root: &Path) -> Result<String> {
    const PATH: &str = "data-fixture=\"";
    const SLOT: &str = "{{fixture}}";
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(slot) = rest.find(SLOT) {
        let before = &rest[..slot];
        let Some(path) = before.rfind(PATH).map(|i| &before[i + PATH.len()..]).and_then(|p| p.split('"').next()) else {
            bail!("web/embed-test.html has a {SLOT} without a data-fixture path before it");
        };
        let text = read(&root.join(path))?;
        out.push_str(before);
        out.push_str(&text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
        rest = &rest[slot + SLOT.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// One wasm module after bindgen: the JS glue and the final wasm bytes.
pub struct Bound {
    name: String,
    pub js: String,
    pub wasm: Vec<u8>,
    ts: Option<String>,
}

impl Bound {
    /// Writes `<name>.js`, `<name>_bg.wasm` and, for embedders, `<name>.d.ts` into `dir`.
    fn write(&self, dir: &Path) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        std::fs::write(dir.join(format!("{}.js", self.name)), &self.js)?;
        std::fs::write(dir.join(format!("{}_bg.wasm", self.name)), &self.wasm)?;
        if let Some(ts) = &self.ts {
            std::fs::write(dir.join(format!("{}.d.ts", self.name)), ts)?;
        }
        Ok(())
    }
}

/// Runs wasm-bindgen's "web" target on a wasm file produced by cargo.
fn bindgen(wasm: &Path, name: &str, typescript: bool) -> Result<Bound> {
    let mut bindgen = Bindgen::new();
    bindgen
        .input_path(wasm)
        .out_name(name)
        .web(true)?
        .typescript(typescript)
        // Function names only help debugging; the page's error panel reports Rust's own
        // panic message and location, which do not need them. `TROWEL_KEEP_NAMES=1` keeps
        // them, for measuring what takes space (`twiggy top dist/trowel_bg.wasm`).
        .remove_name_section(std::env::var_os("TROWEL_KEEP_NAMES").is_none())
        .remove_producers_section(true)
        // The CLI's default: without it the glue's `init()` needs the wasm passed explicitly.
        .omit_default_module_path(false);
    let mut output = bindgen.generate_output().with_context(|| format!("bindgen failed on {}", wasm.display()))?;
    // Snippets would be extra JS files imported by the glue, which the single-file page
    // cannot inline; none of our dependencies has any today, and this keeps it that way.
    if !output.snippets().values().all(Vec::is_empty) || !output.local_modules().is_empty() {
        bail!("{} needs JS snippets; the single-file build does not support them", wasm.display());
    }
    Ok(Bound {
        name: name.to_string(),
        js: output.js().to_string(),
        ts: output.ts().map(str::to_string),
        wasm: output.wasm_mut().emit_wasm(),
    })
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Size after `gzip -9`, as a server would send it; `None` when gzip is not installed.
fn gzip_len(path: &Path) -> Option<usize> {
    let out = std::process::Command::new("gzip").arg("-9c").arg(path).output().ok()?;
    out.status.success().then_some(out.stdout.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embed_page_gets_each_fixture_as_escaped_text() {
        let dir = std::env::temp_dir().join(format!("trowel-xtask-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("f")).unwrap();
        std::fs::write(dir.join("f/a.txt"), "<b>&x</b>").unwrap();
        std::fs::write(dir.join("f/b.txt"), "plain").unwrap();
        let page = r#"<pre data-fixture="f/a.txt">{{fixture}}</pre><pre data-trowel data-fixture="f/b.txt">{{fixture}}</pre>"#;
        let filled = fill_fixtures(page, &dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(filled, r#"<pre data-fixture="f/a.txt">&lt;b&gt;&amp;x&lt;/b&gt;</pre><pre data-trowel data-fixture="f/b.txt">plain</pre>"#);
        assert!(fill_fixtures("<pre>{{fixture}}</pre>", Path::new("/")).is_err());
    }
}
