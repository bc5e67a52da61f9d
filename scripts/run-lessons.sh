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
