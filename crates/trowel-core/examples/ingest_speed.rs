//! Times `ingest` over files, for the throughput budget (≥150 MB/s on 50 MB pastes), and
//! `redact` beside it (budget: at most twice ingest's time).
//!
//! ```sh
//! python3 /work/shared/bench/gen_incident.py --mb 50 --kind metrics > /tmp/m.prom
//! cargo run --release -p trowel-core --example ingest_speed -- /tmp/m.prom
//! ```
//!
//! `--once segment FILE` / `--once ingest FILE` run one stage once, for
//! `perf stat -e instructions:u,cycles:u` (steadier than any clock on a busy machine).
//!
//! Reports CPU time (this thread's, from `/proc`, when available) as well as wall time: on a
//! shared machine the wall clock mostly measures the neighbours. Each figure is the best of
//! three runs; segmentation is timed on its own so the parsers' share can be told apart.

use std::collections::BTreeMap;
use std::time::Instant;

/// This thread's CPU time in seconds (user + system), if `/proc` says.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Best (wall, cpu) seconds of three runs of `f`.
fn best_of_three(mut f: impl FnMut()) -> (f64, f64) {
    let (mut wall, mut cpu) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..3 {
        let (start, cpu_start) = (Instant::now(), cpu_seconds());
        f();
        wall = wall.min(start.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu_start, cpu_seconds()) {
            cpu = cpu.min(b - a);
        }
    }
    (wall, cpu)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--once segment|ingest FILE`: one pass of one stage, for `perf stat` to count.
    if let [flag, stage, path] = args.as_slice() {
        if flag == "--once" {
            let paste = std::fs::read_to_string(path).expect("readable file");
            match stage.as_str() {
                "segment" => println!("{} artifacts", trowel_core::segment::segment(&paste).len()),
                _ => println!("{} facts", trowel_core::ingest(&paste).facts.len()),
            }
            return;
        }
    }
    for path in args {
        let paste = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let mb = paste.len() as f64 / 1e6;
        let (seg_wall, seg_cpu) = best_of_three(|| drop(trowel_core::segment::segment(&paste)));
        let mut ingest = trowel_core::Ingest::default();
        let (wall, cpu) = best_of_three(|| {
            drop(std::mem::take(&mut ingest));
            ingest = trowel_core::ingest(&paste);
        });
        println!("{path}: {mb:.1} MB");
        println!("  ingest        wall {wall:.3} s = {:>4.0} MB/s   cpu {cpu:.2} s = {:>4.0} MB/s", mb / wall, mb / cpu);
        println!("  segmentation  wall {seg_wall:.3} s = {:>4.0} MB/s   cpu {seg_cpu:.2} s = {:>4.0} MB/s", mb / seg_wall, mb / seg_cpu);
        let (parse_wall, parse_cpu) = (wall - seg_wall, cpu - seg_cpu);
        println!("  parsing       wall {parse_wall:.3} s = {:>4.0} MB/s   cpu {parse_cpu:.2} s = {:>4.0} MB/s", mb / parse_wall, mb / parse_cpu);
        let mut by_predicate: BTreeMap<String, usize> = BTreeMap::new();
        for fact in ingest.facts.all() {
            *by_predicate.entry(format!("{:?}", fact.predicate)).or_default() += 1;
        }
        let mut redactions = 0;
        let (redact_wall, redact_cpu) = best_of_three(|| redactions = trowel_core::redact::redact(&paste).redactions.len());
        println!(
            "  redact        wall {redact_wall:.3} s = {:>4.0} MB/s   cpu {redact_cpu:.2} s = {:>4.0} MB/s   {:.2}× ingest (cpu), {redactions} redactions",
            mb / redact_wall,
            mb / redact_cpu,
            redact_cpu / cpu
        );
        println!(
            "  {} artifacts, {} facts, {} entities, {} unparsed; {by_predicate:?}",
            ingest.artifacts.len(),
            ingest.facts.len(),
            ingest.facts.entities().len(),
            ingest.unparsed.len()
        );
    }
}
