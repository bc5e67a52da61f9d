#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/CMakeLists.txt) with clang++-14, ASan + UBSan, and fuzzes
# them for SECONDS in all (default 60): half on the trace reader and validator, from a seed
# corpus of every trace in traces/, the broken traces of tests/data/broken/ and the version 1
# trace of tests/data/v1/ (the upgrade on read; a valid v1 trace must upgrade to a valid v2
# one); a quarter each on the CSV reader (seeds: lessons/data/*.csv) and the expression parser
# (seeds: a few expressions). Fails on any crash.
# usage: fuzz/run.sh [SECONDS]     (make fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus" "$out/crashes"
# configured every time (quick): a build directory from before a new fuzz target still finds it
cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DTRACEGRAD_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$out" -j "$(nproc)" --target fuzz_trace fuzz_csv fuzz_expr >/dev/null
mkdir -p "$out/corpus-csv" "$out/corpus-expr"
cp traces/*.json traces/exercises/*.json tests/data/broken/*.json "$out/corpus/"
for f in tests/data/v1/*.json; do cp "$f" "$out/corpus/v1-$(basename "$f")"; done  # beside the v2 file of that name
cp lessons/data/*.csv "$out/corpus-csv/"
printf '%s' 'log(1 - sigmoid(w*x + b))' >"$out/corpus-expr/logistic"
printf '%s' '-x^2 / 2 + pow(exp(a), 0.5) + softplus(-z)' >"$out/corpus-expr/mixed"
printf '%s' 'square((f - 3)) * (2*x - 1)' >"$out/corpus-expr/chain"

fuzz() {  # TARGET CORPUS SECONDS
  "$out/fuzz/$1" -max_total_time="$3" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out/crashes/$1-" -print_final_stats=1 "$2" 2>&1 | tee "$out/$1.log" | grep -E "^#|ERROR|stat::" | tail -6
}
fuzz fuzz_trace "$out/corpus" $((seconds / 2))
fuzz fuzz_csv "$out/corpus-csv" $((seconds / 4))
fuzz fuzz_expr "$out/corpus-expr" $((seconds / 4))
# libFuzzer exits non-zero on a crash, a leak, a timeout or an out-of-memory: set -o pipefail fails this script
