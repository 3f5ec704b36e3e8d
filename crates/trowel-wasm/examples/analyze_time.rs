//! The native reference for the browser's timing: `trowel_core::analyze` on each file given,
//! median of several runs, in a release build.
//!
//! ```text
//! cargo run --release -p trowel-wasm --example analyze_time -- paste.txt ...
//! ```
//! `cargo xtask bench` runs this next to the same measurement inside the app in Chromium.

use std::time::Instant;

fn main() {
    for path in std::env::args().skip(1) {
        let paste = match std::fs::read_to_string(&path) {
            Ok(paste) => paste,
            Err(error) => {
                eprintln!("{path}: {error}");
                std::process::exit(2);
            }
        };
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(trowel_core::analyze(std::hint::black_box(&paste)));
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let mb_per_s = paste.len() as f64 / 1e6 / (median / 1000.0);
        println!("{path}: {} bytes, analyze {median:.2} ms (median of 5), {mb_per_s:.1} MB/s", paste.len());
    }
}
