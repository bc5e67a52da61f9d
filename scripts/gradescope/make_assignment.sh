#!/usr/bin/env bash
# Everything a course needs from ONE assignment file (docs/teaching.md, "Writing assignments"):
#   scripts/gradescope/make_assignment.sh ASSIGNMENT_FILE OUT_DIR [BUILD_DIR]
#   OUT_DIR/student.cpp        the student's template: each answer's comment, signature, a stub
#   OUT_DIR/handout.zip        for students: the template, the exercises, the engine's source,
#                              a CMakeLists.txt and `check` (pass/fail and hints at the slides'
#                              points); no reference answer, no reference trace
#   OUT_DIR/autograder.zip     upload to Gradescope: setup.sh, run_autograder, the source it
#                              builds once, the assignment file
#   OUT_DIR/reference-traces/  the reference's trace of every exercise
# BUILD_DIR (default OUT_DIR/build) is a build of this source, configured here for that
# assignment (-DTRACEGRAD_ASSIGNMENT=ASSIGNMENT_FILE; a new one without tests); only the
# exercises' targets are built.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 2 ] && [ $# -le 3 ] || { echo "usage: make_assignment.sh ASSIGNMENT_FILE OUT_DIR [BUILD_DIR]" >&2; exit 2; }
[ -f "$1" ] || { echo "make_assignment: $1: no such file" >&2; exit 2; }
assignment=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mkdir -p "$2" && out=$(cd "$2" && pwd)
build=${3:-$out/build}
stage=$(mktemp -d "$out/.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# A badly laid out file: one line naming FILE:LINE, exit 2, before anything is built.
/usr/bin/env python3 "$src/lessons/exercises/split_assignment.py" "$assignment" "$stage/split" || exit 2
fresh=()  # a new build needs no tests; an existing one keeps its settings but the assignment
[ -f "$build/CMakeCache.txt" ] || fresh=(-DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF)
cmake -S "$src" -B "$build" "${fresh[@]}" -DTRACEGRAD_ASSIGNMENT="$assignment" >/dev/null
cmake --build "$build" -j2 --target exercise_check exercise_grade exercise_list exercise_answers_main >/dev/null
tools=$build/lessons/exercises
generated=$tools/assignment
"$tools/exercise_grade" check >/dev/null  # a bad exercise list: one line, exit 2
"$tools/exercise_check" --reference --trace-dir "$stage/reference-traces" >/dev/null

# The handout: what the student's build needs, and hints for the visible tests.
hand=$stage/handout
mkdir -p "$hand/exercises" "$hand/engine"
cp "$generated/student.cpp" "$src/lessons/exercises/handout/CMakeLists.txt" "$src/lessons/exercises/handout/README.txt" "$hand/"
cp "$generated/exercise.hpp" "$generated/model.cpp" "$hand/exercises/"
(cd "$src/lessons/exercises" && cp exercise_list.hpp exercise_list.cpp answers.cpp checker.hpp checker.cpp check_main.cpp "$hand/exercises/")
cp -r "$src/lib/engine/include" "$src/lib/engine/src" "$hand/engine/"
"$tools/exercise_grade" hints --results "$hand/hints.tsv"
(cd "$hand" && zip -qr "$stage/handout.zip" .)

# The autograder: the source setup.sh builds once, the assignment file, the two scripts.
mkdir -p "$stage/zip"
(cd "$src" && cp -r CMakeLists.txt cmake lib lessons cli bench "$stage/zip/")
cp "$assignment" "$stage/zip/assignment.cpp"
cp "$src/scripts/gradescope/setup.sh" "$src/scripts/gradescope/run_autograder" "$stage/zip/"
(cd "$stage/zip" && zip -qr "$stage/autograder.zip" .)

rm -rf "$out/reference-traces"
mv "$stage/reference-traces" "$out/"
cp "$generated/student.cpp" "$out/student.cpp"
mv "$stage/handout.zip" "$stage/autograder.zip" "$out/"
echo "made $out/student.cpp, $out/handout.zip, $out/autograder.zip and $out/reference-traces/"
