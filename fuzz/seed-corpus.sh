#!/bin/sh
# Seeds fuzz/corpus/<target>/ from fixtures/: every fixture whole, and every blank-line block
# of every fixture on its own (parser-sized pieces). The corpus is not committed; run this
# before the first `cargo fuzz run`. Usage: fuzz/seed-corpus.sh [target...] (default: all).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
targets=${*:-$(cd "$root/fuzz/fuzz_targets" && ls | sed 's/\.rs$//')}
for target in $targets; do
    dir="$root/fuzz/corpus/$target"
    mkdir -p "$dir"
    find "$root/fixtures" -name '*.txt' | sort | while read -r file; do
        name=$(echo "${file#"$root/fixtures/"}" | tr / _)
        cp "$file" "$dir/$name"
        awk -v out="$dir/${name%.txt}" 'BEGIN { RS = ""; ORS = "\n" } { f = out "-block" NR ".txt"; print > f; close(f) }' "$file"
    done
done
