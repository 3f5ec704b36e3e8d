//! Trowel in the browser: paste ops text, get the diagnosis with its evidence, graph and
//! timeline. A Yew app (function components, `csr`) over `trowel_core::analyze`.
//!
//! The crate splits along what needs a browser. On every target it is plain Rust, tested on
//! the host by `cargo test`: the app state and its reducer ([`state`]), the paste as the editor
//! sees it ([`source`]), report prose split at its `code` marks ([`code_spans`]), the bundled
//! examples ([`examples`]), the paste's secrets ([`secrets`]), the share link's format
//! ([`share`]) and the exports ([`exports`]); the evidence graph's layout is
//! `trowel_export::layout`, shared with the exported SVG. Only the wasm build adds the
//! components, which render the core's report and hold no analysis logic, and the start
//! function that mounts them:
//!
//! ```text
//! cargo xtask serve    # build and serve on http://127.0.0.1:8080
//! ```

pub mod code_spans;
pub mod examples;
pub mod exports;
pub mod packed;
pub mod secrets;
pub mod share;
pub mod source;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod fatal;
#[cfg(target_arch = "wasm32")]
mod keep;
#[cfg(target_arch = "wasm32")]
mod offload;
