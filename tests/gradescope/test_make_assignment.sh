#!/usr/bin/env bash
# One assignment file to everything a course needs, as docs/teaching.md shows it:
# make_assignment.sh makes the template, the reference traces, the handout and the
# autograder from the teacher's guide's example (assignments/example/assignment.cpp); the
# handout, unzipped alone, builds and its check fails the template with hints and passes a
# correct solution; the deck's handout does the same; as root, the example's autograder zip
# sets up in a fresh directory and grades a correct and a wrong submission.
# usage: test_make_assignment.sh SOURCE_DIR WORK_DIR TRACEGRAD   (WORK_DIR is kept: its builds are reused)
set -uo pipefail
src=$1 work=$2 tg=$3
mkdir -p "$work"
checks=0 failures=0
source "$(dirname "$0")/student_user.sh"
student_user "$work"
ok() { checks=$((checks + 1)); if eval "$2"; then echo "ok: $1"; else failures=$((failures + 1)); echo "FAILED: $1"; return 1; fi; }

# A badly laid out assignment file: one line naming the file and the line, exit 2.
bad() {
  printf '%b' "$1" >"$work/bad.cpp"
  out=$(bash "$src/scripts/gradescope/make_assignment.sh" "$work/bad.cpp" "$work/bad" 2>&1)
  local rc=$? expected=$2
  ok "bad assignment file: $2" '[ "$rc" = 2 ] && [ "$(printf "%s\n" "$out" | wc -l)" = 1 ] && [[ "$out" == *"$expected"* ]]' || echo "$rc: $out"
}
bad "//@ template\n//@ types\n//@ modle\n" "bad.cpp:3: unknown section '//@ modle'"
bad "//@ template\n//@ types\n//@ model\n//@ mistakes\n" "bad.cpp: no '//@ answer' section"
bad "//@ template\n//@ types\n//@ answer\ndouble f(double) {\n  return 1;\n}\n//@ model\n//@ mistakes\n" \
  "bad.cpp:4: every parameter needs a name: 'double'"
bad "//@ template\n//@ types\n//@ answer\n// no body\n//@ model\n//@ mistakes\n" "expected the answer's signature ending in"

made=$work/example
bash "$src/scripts/gradescope/make_assignment.sh" "$src/assignments/example/assignment.cpp" "$made" "$work/build-example" >/dev/null
ok "make_assignment.sh made the four outputs" '[ -f "$made/student.cpp" ] && [ -f "$made/handout.zip" ] && [ -f "$made/autograder.zip" ] && [ "$(ls "$made/reference-traces")" = "$(printf "exercises-div.json\nexercises-squared_error.json")" ]'
ok "the template has each answer's doc and signature with a stub body, no reference" \
  'grep -q "^// ── Exercise 1: div. out = a / b" "$made/student.cpp" && grep -q "^Partials squared_error_gradient(double x, double y, double w, double b) {$" "$made/student.cpp" && grep -q "return {};" "$made/student.cpp" && ! grep -q "b \* b" "$made/student.cpp"'
ok "the reference traces validate" '"$tg" validate "$made"/reference-traces/*.json >/dev/null'
ok "the handout holds no reference answer, no mistakes, no reference trace" \
  '! unzip -p "$made/handout.zip" | grep -q -e "-a / (b \* b)" -e "define_mistakes" -e "2 \* error" && ! unzip -l "$made/handout.zip" | grep -q -e reference -e mistakes -e "\.json"'
ok "the handout's hints are the visible test's (div), not the after-due-date one's" \
  'unzip -p "$made/handout.zip" hints.tsv | grep -q "^div	" && ! unzip -p "$made/handout.zip" hints.tsv | grep -q "^squared_error"'

# handout NAME ZIP: unzips ZIP alone into WORK/handout-NAME and builds it; then check FILE
# STATUS TEXT… puts FILE in as student.cpp, rebuilds, and expects the status and the texts.
handout() {
  hand=$work/handout-$1
  rm -rf "$hand" && mkdir -p "$hand" && (cd "$hand" && unzip -q "$2")
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  ok "the $1 handout builds alone" '(cmake -S "$hand" -B "$hand/build" "${launcher[@]}" && cmake --build "$hand/build" -j2) >"$hand/build.log" 2>&1 && ! grep -q "warning:" "$hand/build.log"'
}
check() {
  local file=$1 status=$2 name=$3
  shift 3
  [ "$file" = "$hand/student.cpp" ] || cp "$file" "$hand/student.cpp"
  cmake --build "$hand/build" -j2 >/dev/null 2>&1
  out=$("$hand/build/check" 2>&1)
  local rc=$? all=1
  for text in "$@"; do [[ "$out" == *"$text"* ]] || all=0; done
  ok "$name" '[ "$rc" = "$status" ] && [ "$all" = 1 ]' || printf '%s\n' "$out" | head -20
}

cat >"$work/example_correct.cpp" <<'CPP'
#include "exercise.hpp"
namespace exercise {
Partials d_div(double a, double b) { return {1 / b, -a / (b * b)}; }
Partials squared_error_gradient(double x, double y, double w, double b) {
  double e = w * x + b - y;
  return {2 * e * x, 2 * e};
}
Solution student_solution() { return {d_div, squared_error_gradient}; }
}  // namespace exercise
CPP
sed 's|-a / (b \* b)|a / (b * b)|; s|return {2 \* e \* x, 2 \* e};|return {e * x, e};|' "$work/example_correct.cpp" >"$work/example_wrong.cpp"

handout example "$made/handout.zip"
check "$hand/student.cpp" 1 "the example's template fails with hints" "0/2 exercises pass" "hint: not written yet"
check "$work/example_wrong.cpp" 1 "a known mistake gets its hint (visible test)" "FAIL exercise 1 div" \
  "hint: sign error in ∂(a/b)/∂b" "FAIL exercise 2 squared_error"
check "$work/example_correct.cpp" 0 "a correct solution passes" "PASS exercise 1 div" "PASS exercise 2 squared_error" "2/2 exercises pass"

deck=$work/deck
bash "$src/scripts/gradescope/make_assignment.sh" "$src/assignments/deck/assignment.cpp" "$deck" "$work/build-deck" >/dev/null
ok "the deck's reference traces are the golden traces/exercises" 'diff -r "$deck/reference-traces" "$src/traces/exercises" >/dev/null'
handout deck "$deck/handout.zip"
check "$hand/student.cpp" 1 "the deck's template fails with hints" "0/7 exercises pass" "hint: not written yet"
sed 's|^  return a + a;|  return a;|' "$src/tests/gradescope/correct_student.cpp" >"$work/deck_square_once.cpp"
check "$work/deck_square_once.cpp" 1 "the deck's x·x mistake gets its hint" "FAIL exercise 1 square" "hint: the duplicate input of x·x counted once" "6/7 exercises pass"
check "$src/tests/gradescope/correct_student.cpp" 0 "a correct deck solution passes" "7/7 exercises pass"

# The example's autograder, set up from its zip alone, grades (as root: the student unprivileged).
if [ "$(id -u)" -eq 0 ]; then
  tmp=$(mktemp -d /tmp/tracegrad-assignment-test.XXXXXX)
  trap 'rm -rf "$tmp"; remove_student_user' EXIT
  chmod 711 "$tmp"
  root=$tmp/ag
  mkdir -p "$root/source" "$root/submission"
  (cd "$root/source" && unzip -q "$made/autograder.zip")
  AUTOGRADER=$root TRACEGRAD_BUILD=$work/build-example bash "$root/source/setup.sh" >/dev/null
  grade() {
    cp "$1" "$root/submission/student.cpp"
    AUTOGRADER=$root bash "$root/source/run_autograder"
    ok "$2" "/usr/bin/python3 -c '$3' \"$root/results/results.json\""
  }
  grade "$work/example_correct.cpp" "the example's autograder: a correct submission scores 5/5" 'import json, sys
r = json.load(open(sys.argv[1])); t = {x["name"]: x for x in r["tests"]}
assert r["score"] == 5 and r["max_score"] == 5, r
assert t["exercise 1 div"]["max_score"] == 2 and t["exercise 2 squared_error"]["visibility"] == "after_due_date", t'
  grade "$work/example_wrong.cpp" "the example's autograder: the wrong submission scores 0/5 with hints" 'import json, sys
r = json.load(open(sys.argv[1])); t = {x["name"]: x for x in r["tests"]}
assert r["score"] == 0, r
assert "sign error in ∂(a/b)/∂b" in t["exercise 1 div"]["output"], t["exercise 1 div"]["output"]
assert "missing factor 2" in t["exercise 2 squared_error"]["output"], t["exercise 2 squared_error"]["output"]
assert "hidden point 3 (w = " in t["exercise 2 squared_error"]["output"] and ", x = " in t["exercise 2 squared_error"]["output"]'
  sed 's|a / (b \* b)|-a / (b * b)|' "$work/example_wrong.cpp" >"$work/example_half.cpp"
  grade "$work/example_half.cpp" "the example's autograder: div right, the by-hand gradient wrong: 2/5" 'import json, sys
r = json.load(open(sys.argv[1])); assert r["score"] == 2, r'
  checks=$((checks + 1))
  remove_student_user || failures=$((failures + 1))
else
  echo "(not root: the autograder part is tests/gradescope/test_autograder.sh's and skipped here too)"
fi

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
