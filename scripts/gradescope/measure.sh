#!/usr/bin/env bash
# Per-submission cost of the autograder: wall time and peak memory (the largest process,
# GNU time's maximum resident set size) of run_autograder on a correct submission, as root.
#   scripts/gradescope/measure.sh BUILD_DIR [RUNS]   (BUILD_DIR: a build of this source, the deck's assignment)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 runs=${2:-3}
tmp=$(mktemp -d /tmp/tracegrad-measure.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
chmod 711 "$tmp"
root=$tmp/ag
mkdir -p "$root/source/lib/engine" "$root/submission"
cp -r "$src/lib/engine/include" "$root/source/lib/engine/"
cp "$src/assignments/deck/assignment.cpp" "$root/source/assignment.cpp"
AUTOGRADER=$root TRACEGRAD_BUILD=$build bash "$src/scripts/gradescope/setup.sh"
cp "$src/tests/gradescope/correct_student.cpp" "$root/submission/student.cpp"
for i in $(seq "$runs"); do
  AUTOGRADER=$root /usr/bin/time -f "submission $i: %e s wall, peak memory %M KB" bash "$src/scripts/gradescope/run_autograder"
  python3 -c 'import json, sys; print("  score", json.load(open(sys.argv[1]))["score"])' "$root/results/results.json"
done
