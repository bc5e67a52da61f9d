#!/usr/bin/env bash
# The main job: run every lesson straight through and write its traces into BUILD/traces/.
set -euo pipefail
build=${1:-build}
mkdir -p "$build/traces"
rm -f "$build"/traces/*.json  # only this run's traces: `make golden` copies them all
shopt -s nullglob
lessons=("$build"/lessons/*)
ran=0
for exe in "${lessons[@]}"; do
  [ -f "$exe" ] && [ -x "$exe" ] || continue
  name=$(basename "$exe")
  echo "=== lesson $name"
  "$exe" --no-pause --trace-dir "$build/traces" </dev/null
  ran=$((ran + 1))
done
echo "ran $ran lessons; traces in $build/traces/"
for exe in "${lessons[@]}"; do  # one page per lesson beside its traces: LESSON.json and LESSON-RUN.json
  name=$(basename "$exe") traces=()
  for t in "$build/traces/$name.json" "$build/traces/$name"-*.json; do [ -f "$t" ] && traces+=("$t"); done
  [ ${#traces[@]} -eq 0 ] || "$build/tracegrad" view "${traces[@]}" -o "$build/traces/$name.html"
done
