//! The yardstick for Trowel's YAML ingest: loading the same multi-document YAML into
//! `serde_yaml::Value`s, as a program that reads Kubernetes manifests generically would.
//!
//! ```sh
//! python3 ../shared/bench/gen_incident.py --mb 50 --seed 1 --kind yaml > /tmp/k8s.yaml
//! cargo run --release -p trowel-core --example serde_yaml_load -- /tmp/k8s.yaml
//! ```
//!
//! `scripts/compare-tools.sh` times this process (CPU and wall) against
//! `ingest_speed --once ingest` on the same file. Documents serde_yaml rejects are counted and
//! skipped, as Trowel lists what it cannot read and carries on.

use serde::Deserialize;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: serde_yaml_load FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let (mut documents, mut rejected) = (0usize, 0usize);
    for document in serde_yaml::Deserializer::from_str(&text) {
        match serde_yaml::Value::deserialize(document) {
            Ok(_) => documents += 1,
            Err(_) => rejected += 1,
        }
    }
    println!("{documents} documents, {rejected} rejected");
}
