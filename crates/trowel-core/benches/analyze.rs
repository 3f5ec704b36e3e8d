//! Speed of the whole analysis: a seed-sized paste end to end (it must stay well under a
//! millisecond so the browser can re-analyse on every keystroke), and throughput on large
//! generated pastes from `shared/bench/gen_incident.py`.
//!
//! ```sh
//! cargo bench -p trowel-core --bench analyze
//! TROWEL_BENCH_MB=50 cargo bench -p trowel-core --bench analyze -- generated
//! ```

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::PathBuf;
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seeds(c: &mut Criterion) {
    let mut group = c.benchmark_group("seed-sized");
    for name in ["deploy-that-didnt-deploy", "job-that-succeeded-wrong"] {
        let paste = std::fs::read_to_string(repo().join(format!("fixtures/seeds/{name}.txt"))).expect("seed fixture");
        group.throughput(Throughput::Bytes(paste.len() as u64));
        group.bench_with_input(BenchmarkId::new("analyze-to-json", name), &paste, |b, paste| {
            b.iter(|| serde_json::to_string(&trowel_core::analyze(paste)).expect("report serialises"))
        });
    }
    group.finish();
}

/// A generated paste of `TROWEL_BENCH_MB` megabytes (default 5), made once per run.
fn generated_paste() -> Option<String> {
    let mb: f64 = std::env::var("TROWEL_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(5.0);
    let script = repo().join("../shared/bench/gen_incident.py");
    let out = Command::new("python3").arg(script).args(["--mb", &mb.to_string(), "--seed", "1"]).output().ok()?;
    out.status.success().then(|| String::from_utf8(out.stdout).ok()).flatten()
}

fn generated(c: &mut Criterion) {
    let Some(paste) = generated_paste() else {
        eprintln!("generated: ../shared/bench/gen_incident.py is not available; skipped");
        return;
    };
    let mut group = c.benchmark_group("generated");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(paste.len() as u64));
    group.bench_function("segment", |b| b.iter(|| trowel_core::segment::segment(&paste).len()));
    group.bench_function("ingest", |b| b.iter(|| trowel_core::ingest(&paste).facts.len()));
    group.bench_function("analyze", |b| b.iter(|| trowel_core::analyze(&paste).diagnoses.len()));
    group.finish();
}

criterion_group!(benches, seeds, generated);
criterion_main!(benches);
