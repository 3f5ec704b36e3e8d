#!/usr/bin/env bash
# Trowel's ingest against the tools people already use on each kind of text, on the same
# generated files, same machine, one run of this script:
#
#   logs (plain `ts LEVEL msg`)  lnav -n -c ';SELECT count(*), max(log_level) FROM all_logs'
#                                (the query reads every line through lnav's log format parser)
#   Prometheus exposition        promtool check metrics < file
#   JSON lines                   jq -c . file > /dev/null
#   multi-document YAML          serde_yaml into serde_yaml::Value (example serde_yaml_load)
#
# against `ingest_speed --once ingest FILE` (segmentation + every parser, as `trowel` does
# before inference). Each command runs RUNS times (default 3) under /usr/bin/time; the table
# shows the median CPU time (user + system, all threads) and median wall time, and the ratio
# tool / Trowel for each. On a shared machine CPU time is the steadier figure.
#
#   scripts/compare-tools.sh [MB]        # default 50; needs lnav, prometheus (promtool), jq
#
# Files go to ${TROWEL_COMPARE_DIR:-/tmp/trowel-compare}; the generator is
# ../shared/bench/gen_incident.py (or $TROWEL_GEN). CI does not run this script.
set -euo pipefail

mb=${1:-50}
runs=${RUNS:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
gen=${TROWEL_GEN:-$root/../shared/bench/gen_incident.py}
dir=${TROWEL_COMPARE_DIR:-/tmp/trowel-compare}
mkdir -p "$dir"

for tool in lnav promtool jq python3 bc; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install -y lnav prometheus jq)" >&2; exit 1; }
done
[ -f "$gen" ] || { echo "missing generator: $gen (set TROWEL_GEN)" >&2; exit 1; }

echo "building (release)…" >&2
cargo build -q --release --manifest-path "$root/Cargo.toml" -p trowel-core --example ingest_speed --example serde_yaml_load
bin="$root/target/release/examples"

gen_file() { # name, generator arguments…
    local name=$1; shift
    [ -s "$dir/$name" ] || python3 "$gen" --mb "$mb" --seed 1 "$@" > "$dir/$name"
}
gen_file logs-plain.txt --kind logs --log-format plain
gen_file metrics.prom --kind metrics
gen_file logs.jsonl --kind json
gen_file k8s.yaml --kind yaml

# Median "cpu wall" seconds of $runs runs of a shell command (each median taken on its own).
measure() {
    local cmd=$1 i cpus=() walls=()
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f '%U %S %e' -o "$dir/time.out" bash -c "$cmd" >/dev/null 2>&1 || true
        read -r user sys wall < <(tail -n 1 "$dir/time.out")
        cpus+=("$(echo "$user + $sys" | bc)")
        walls+=("$wall")
    done
    median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
    echo "$(median "${cpus[@]}") $(median "${walls[@]}")"
}

printf '| input (%s MB) | tool | tool CPU / wall s | Trowel ingest CPU / wall s | Trowel MB/s (CPU) | ratio CPU / wall |\n' "$mb"
printf '|---|---|---|---|---|---|\n'
row() { # label, file, tool label, tool command
    local label=$1 file=$dir/$2 name=$3 cmd=$4 size
    size=$(stat -L -c %s "$file")
    read -r tcpu twall < <(measure "$cmd")
    read -r ocpu owall < <(measure "'$bin/ingest_speed' --once ingest '$file'")
    awk -v l="$label" -v n="$name" -v tc="$tcpu" -v tw="$twall" -v oc="$ocpu" -v ow="$owall" -v s="$size" 'BEGIN {
        printf "| %s | %s | %.2f / %.2f | %.2f / %.2f | %.0f | %.1fx / %.1fx |\n", l, n, tc, tw, oc, ow, s / 1e6 / oc, tc / oc, tw / ow }'
}
row "plain logs" logs-plain.txt "lnav $(lnav -V | awk '{print $2}')" "lnav -n -c ';SELECT count(*), max(log_level) FROM all_logs' '$dir/logs-plain.txt'"
row "Prometheus exposition" metrics.prom "promtool check metrics" "promtool check metrics < '$dir/metrics.prom'"
row "JSON lines" logs.jsonl "jq $(jq --version | sed 's/^jq-//')" "jq -c . '$dir/logs.jsonl'"
row "Kubernetes YAML" k8s.yaml "serde_yaml 0.9 → Value" "'$bin/serde_yaml_load' '$dir/k8s.yaml'"
