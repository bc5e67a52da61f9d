#!/usr/bin/env bash
# Everything a course needs for the exercises, by one command:
#   scripts/gradescope/make_assignment.sh BUILD_DIR OUT_DIR [ASSIGNMENT_JSON]
# BUILD_DIR is a build of this source (exercise_check is built there if it is not yet).
#   OUT_DIR/autograder.zip     upload to Gradescope: setup.sh, run_autograder, the source it
#                              builds once, the reference traces, ASSIGNMENT_JSON (per-test
#                              weights and visibility) as assignment.json
#   OUT_DIR/handout/           for students: student.cpp (the template), exercise.hpp;
#                              no reference solution
#   OUT_DIR/reference-traces/  the reference's trace of every exercise (exercise_check --reference)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 out=$2 assignment=${3:-}
[ -z "$assignment" ] || [ -f "$assignment" ] || { echo "make_assignment: $assignment: no such file" >&2; exit 2; }
mkdir -p "$out"
stage=$(mktemp -d "$out/.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

cmake --build "$build" -j2 --target exercise_check >/dev/null
"$build/lessons/exercises/exercise_check" --reference --trace-dir "$stage/reference-traces" >/dev/null

mkdir -p "$stage/zip/traces" "$stage/handout"
(cd "$src" && cp -r CMakeLists.txt cmake lib lessons cli bench "$stage/zip/")
cp -r "$stage/reference-traces" "$stage/zip/traces/exercises"
cp "$src/scripts/gradescope/setup.sh" "$src/scripts/gradescope/run_autograder" "$stage/zip/"
[ -z "$assignment" ] || cp "$assignment" "$stage/zip/assignment.json"
(cd "$stage/zip" && zip -qr "$stage/autograder.zip" .)
cp "$src/lessons/exercises/student.cpp" "$src/lessons/exercises/exercise.hpp" "$stage/handout/"

rm -rf "$out/handout" "$out/reference-traces"
mv "$stage/handout" "$stage/reference-traces" "$out/"
mv "$stage/autograder.zip" "$out/autograder.zip"
echo "made $out/autograder.zip, $out/handout/ and $out/reference-traces/"
