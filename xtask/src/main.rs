//! `cargo xtask`: builds, serves and tests Trowel's browser app with nothing but cargo and npm.
//!
//! ```text
//! cargo xtask serve [--port 8080]   build dist/ and serve it on http://127.0.0.1:8080
//! cargo xtask dist                  build dist/: the app, the single-file trowel.html, pkg/ for embedders
//! cargo xtask test                  cargo test --workspace, then dist/, then the browser tests
//! cargo xtask bench FILE...         analyze's time on each file natively and in the browser
//! ```
//!
//! The bindgen step runs in-process through `wasm-bindgen-cli-support` (pinned to the exact
//! version of `wasm-bindgen`), so no `trunk` and no separately installed `wasm-bindgen` binary
//! is needed; see `/work/shared/BUILD-NOTES.md` for the dead ends this avoids.

mod dist;
mod serve;
mod single_file;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "usage: cargo xtask <serve [--port N] | dist | test | bench FILE...>";

fn main() -> std::process::ExitCode {
    match xtask() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn xtask() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("dist") => {
            dist::build(&root)?;
        }
        Some("serve") => {
            let port = match args.get(1).map(String::as_str) {
                None => 8080,
                Some("--port") => args.get(2).context("--port needs a number")?.parse().context("--port needs a number")?,
                Some(other) => bail!("unknown argument {other:?}\n{USAGE}"),
            };
            dist::build(&root)?;
            let listener = std::net::TcpListener::bind(("127.0.0.1", port))
                .with_context(|| format!("cannot listen on 127.0.0.1:{port} (is another server running?)"))?;
            println!("Trowel is served on http://127.0.0.1:{port}/ (the single file: http://127.0.0.1:{port}/trowel.html); Ctrl-C stops it.");
            serve::run(listener, root.join("dist"));
        }
        Some("test") => test(&root)?,
        Some("bench") if args.len() > 1 => bench(&root, &args[1..])?,
        _ => bail!("{USAGE}"),
    }
    Ok(())
}

/// The workspace root: this crate lives in `<root>/xtask`.
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The manifest directory always has a parent: it is `<root>/xtask`.
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or_else(|| manifest_dir.to_path_buf())
}

/// Runs a command in `dir`, failing with the command line when it does not succeed.
fn run(dir: &Path, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<()> {
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(dir)
        .status()
        .with_context(|| format!("cannot start `{program}`: is it installed?"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// The cargo that runs us, so the same toolchain builds the wasm.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Every test: native unit and snapshot tests, then the browser tests against a fresh build.
fn test(root: &Path) -> Result<()> {
    run(root, &cargo(), &["test", "--workspace"], &[])?;
    dist::build(root)?;
    ensure_node_modules(root)?;
    let server = serve::spawn(root.join("dist"))?;
    let mut tests: Vec<String> = std::fs::read_dir(root.join("web/tests"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    tests.sort();
    let mut args = vec!["--test", "--test-concurrency=1"];
    args.extend(tests.iter().map(String::as_str));
    run(root, "node", &args, &browser_env(root, &server).iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
}

/// `analyze`'s time on each file: natively (release build) and inside the app in Chromium.
fn bench(root: &Path, files: &[String]) -> Result<()> {
    let files: Vec<String> = files
        .iter()
        .map(|f| std::fs::canonicalize(f).map(|p| p.to_string_lossy().into_owned()).with_context(|| format!("cannot read {f}")))
        .collect::<Result<_>>()?;
    let file_args: Vec<&str> = files.iter().map(String::as_str).collect();
    println!("== native (release build of trowel-core)");
    let mut native = vec!["run", "--quiet", "--release", "--package", "trowel-wasm", "--example", "analyze_time", "--"];
    native.extend(&file_args);
    run(root, &cargo(), &native, &[])?;
    dist::build(root)?;
    ensure_node_modules(root)?;
    let server = serve::spawn(root.join("dist"))?;
    println!("== in Chromium (the app's own timing of trowel_core::analyze in wasm)");
    let mut browser = vec!["web/tests/bench.mjs"];
    browser.extend(&file_args);
    run(root, "node", &browser, &browser_env(root, &server).iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
}

/// What the browser scripts need to know: where the app is served, where dist/ is, where to
/// put screenshots.
fn browser_env(root: &Path, server: &std::net::SocketAddr) -> Vec<(&'static str, String)> {
    vec![
        ("TROWEL_URL", format!("http://{server}/")),
        ("TROWEL_DIST", root.join("dist").to_string_lossy().into_owned()),
        ("TROWEL_OUT", root.join("web/test-output").to_string_lossy().into_owned()),
    ]
}

/// Installs the browser-test packages from `package-lock.json` when they are missing.
fn ensure_node_modules(root: &Path) -> Result<()> {
    if !root.join("node_modules/playwright-core").is_dir() {
        run(root, "npm", &["ci", "--no-audit", "--no-fund"], &[])?;
    }
    Ok(())
}
