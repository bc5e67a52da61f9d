#!/usr/bin/env bash
# Builds the libFuzzer target for the trace reader and validator (fuzz/CMakeLists.txt) with
# clang++-14, ASan + UBSan, and fuzzes it for SECONDS (default 60) from a seed corpus of every trace
# in traces/, the broken traces of tests/data/broken/ and the version 1 trace of tests/data/v1/
# (the upgrade on read). Fails on any crash, and on a valid v1 trace that upgrades to an invalid v2 one.
# usage: fuzz/run.sh [SECONDS]     (make fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus" "$out/crashes"
[ -f "$out/CMakeCache.txt" ] || cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DTRACEGRAD_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$out" -j "$(nproc)" --target fuzz_trace >/dev/null
cp traces/*.json traces/exercises/*.json tests/data/broken/*.json "$out/corpus/"
for f in tests/data/v1/*.json; do cp "$f" "$out/corpus/v1-$(basename "$f")"; done  # beside the v2 file of that name
"$out/fuzz/fuzz_trace" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/crashes/" -print_final_stats=1 "$out/corpus" 2>&1 | tee "$out/fuzz.log" | grep -E "^#|ERROR|stat::" | tail -12
# libFuzzer exits non-zero on a crash, a leak, a timeout or an out-of-memory: set -o pipefail fails this script
