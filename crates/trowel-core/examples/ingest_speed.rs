//! Times `ingest` over files, for the throughput budget (≥150 MB/s on 50 MB pastes).
//!
//! ```sh
//! python3 /work/shared/bench/gen_incident.py --mb 50 --kind metrics > /tmp/m.prom
//! cargo run --release -p trowel-core --example ingest_speed -- /tmp/m.prom
//! ```

use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    for path in std::env::args().skip(1) {
        let paste = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        // The best of three runs: the machine is shared, the minimum is the least disturbed.
        let (mut segment_seconds, mut seconds) = (f64::INFINITY, f64::INFINITY);
        let mut ingest = trowel_core::Ingest::default();
        for _ in 0..3 {
            let start = Instant::now();
            drop(trowel_core::segment::segment(&paste));
            segment_seconds = segment_seconds.min(start.elapsed().as_secs_f64());
            drop(std::mem::take(&mut ingest));
            let start = Instant::now();
            ingest = trowel_core::ingest(&paste);
            seconds = seconds.min(start.elapsed().as_secs_f64());
        }
        let mb = paste.len() as f64 / 1e6;
        let mut by_predicate: BTreeMap<String, usize> = BTreeMap::new();
        for fact in ingest.facts.all() {
            *by_predicate.entry(format!("{:?}", fact.predicate)).or_default() += 1;
        }
        println!(
            "{path}: {mb:.1} MB in {seconds:.3} s = {:.0} MB/s; segmentation {segment_seconds:.3} s, parsing {:.3} s = {:.0} MB/s; {} artifacts, {} facts, {} entities, {} unparsed",
            mb / seconds,
            seconds - segment_seconds,
            mb / (seconds - segment_seconds),
            ingest.artifacts.len(),
            ingest.facts.len(),
            ingest.facts.entities().len(),
            ingest.unparsed.len()
        );
        println!("  {by_predicate:?}");
    }
}
