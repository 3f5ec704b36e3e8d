//! The `trowel` command's library half: reading input and rendering the core's output (a
//! report, facts, a redacted paste) for a terminal or as JSON. Kept apart from `main.rs` so tests render exactly what users see.
//!
//! ```
//! let paste = "$ kubectl get pods -n shop\nNAME READY STATUS RESTARTS AGE\nweb-1 1/1 Running 0 2d\n";
//! let text = trowel_cli::facts_output::text(paste, &trowel_core::ingest(paste));
//! assert!(text.contains("artifact 0 · table · L2-3"));
//! ```

pub mod facts_output;
pub mod input;
pub mod redact_output;
pub mod report_output;
