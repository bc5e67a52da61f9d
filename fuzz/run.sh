#!/usr/bin/env bash
# Builds the libFuzzer target for the trace reader and validator with clang++-14
# (ASan + UBSan) and fuzzes it for SECONDS (default 60) from a seed corpus of every trace
# in traces/ and the broken traces of tests/data/broken/. Fails on any crash.
# usage: fuzz/run.sh [SECONDS]     (make fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
out=build-fuzz
mkdir -p "$out/corpus" "$out/crashes"
clang++-14 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -Ilib/include fuzz/fuzz_trace.cpp lib/src/trace_read.cpp lib/src/trace_validate.cpp \
  lib/src/trace_compare.cpp lib/src/trace.cpp lib/src/tape.cpp lib/src/tape_tensor.cpp -lfmt -o "$out/fuzz_trace"
cp traces/*.json traces/exercises/*.json tests/data/broken/*.json "$out/corpus/"
"$out/fuzz_trace" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$out/crashes/" -print_final_stats=1 "$out/corpus" 2>&1 | tee "$out/fuzz.log" | grep -E "^#|ERROR|stat::" | tail -12
# libFuzzer exits non-zero on a crash, a leak, a timeout or an out-of-memory: set -o pipefail fails this script
