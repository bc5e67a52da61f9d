#!/usr/bin/env bash
# The autograder as Gradescope runs it, as root (the student's part unprivileged): a correct
# submission scores 7/7, the stubs 0, and each cheat, hang, flood and crash of issue 10
# fails only what it should, with results.json always written.
# usage: test_autograder.sh SOURCE_DIR BUILD_DIR
set -uo pipefail
src=$1 build=$2
[ "$(id -u)" -eq 0 ] || { echo "SKIPPED: needs root (useradd, setpriv)"; exit 77; }
source "$(dirname "$0")/student_user.sh"
student_user "$build"
tmp=$(mktemp -d /tmp/tracegrad-ag-test.XXXXXX)
trap 'rm -rf "$tmp"; remove_student_user' EXIT
chmod 711 "$tmp"
root=$tmp/ag
mkdir -p "$root/source/lib/engine" "$root/source/traces" "$root/submission"
cp -r "$src/lib/engine/include" "$root/source/lib/engine/"
cp "$src/assignments/deck/assignment.cpp" "$root/source/assignment.cpp"
cp -r "$src/traces/exercises" "$root/source/traces/"
AUTOGRADER=$root TRACEGRAD_BUILD=$build bash "$src/scripts/gradescope/setup.sh" || { echo "FAILED: setup.sh"; exit 1; }
grader_sum=$(sha256sum "$root/grader/exercise_grade")

checks=0 failures=0
correct=$src/tests/gradescope/correct_student.cpp
stub=$build/lessons/exercises/assignment/student.cpp  # the template, as split_assignment.py made it

# grade NAME FILE EXPECTED_SCORE PYTHON_CONDITION (on r = results.json, t = {test name: test})
grade() {
  local name=$1 file=$2 score=$3 condition=${4:-True}
  cp "$file" "$root/submission/student.cpp"
  local start=$SECONDS
  AUTOGRADER=$root TRACEGRAD_TIME_LIMIT=${LIMIT:-10} bash "$src/scripts/gradescope/run_autograder"
  checks=$((checks + 1))
  if ! /usr/bin/python3 - "$root/results/results.json" "$score" "$condition" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = {x["name"]: x for x in r.get("tests", [])}
ok = r["score"] == float(sys.argv[2]) and eval(sys.argv[3])
if not ok:
    print("score", r["score"], "output", r["output"][:2000])
    for x in r.get("tests", []): print(x["name"], x["status"], x["output"][:600])
sys.exit(0 if ok else 1)
PY
  then failures=$((failures + 1)); echo "FAILED: $name"; else echo "ok: $name ($((SECONDS - start)) s)"; fi
}
edit() { sed "$2" "$1" >"$tmp/$3.cpp"; echo "$tmp/$3.cpp"; }
passed() { echo "t['exercise $1']['status'] == 'passed'"; }
failed() { echo "t['exercise $1']['status'] == 'failed'"; }

grade correct "$correct" 7 "len(t) == 7"
grade stubs "$stub" 0 "'not written yet' in t['exercise 1 square']['output']"

# The reference is not in the student's build: declared or not, it does not link.
grade reference_call "$(edit "$stub" 's/return Solution{[^}]*};/return reference_solution();/' ref)" 0 \
  "'does not compile' in r['output'] and 'reference_solution' in r['output']"
grade reference_declared "$(edit "$stub" 's/^Solution student_solution() {/Solution reference_solution();\nSolution student_solution() {/; s/return Solution{[^}]*};/return reference_solution();/' ref2)" 0 \
  "'undefined reference' in r['output']"

# A static destructor that reads the reference and writes results.json; a constructor that
# replaces the grader: neither can (permissions), so the stubs still score 0.
cat "$stub" - >"$tmp/thief.cpp" <<THIEF
#include <cstdlib>
namespace {
struct Thief {
  Thief() { std::system("printf '#!/bin/sh\\\\necho' > $root/grader/exercise_grade; cp /bin/true $root/grader/exercise_grade"); }
  ~Thief() { std::system("cat $root/source/assignment.cpp; cp -r $root/source/traces/exercises .; echo '{\"score\": 7}' > $root/results/results.json"); }
} thief;
}
THIEF
grade thief "$tmp/thief.cpp" 0 "'Permission denied' in t['exercise 1 square']['output'] and 'return 2 * a;' not in r['output']"
checks=$((checks + 1))
[ "$(sha256sum "$root/grader/exercise_grade")" = "$grader_sum" ] || { failures=$((failures + 1)); echo "FAILED: the grader was replaced"; }

# Pasting the slide's numbers into exercise 6: the hidden points (other params, inputs and labels) fail it.
pasted=$(/usr/bin/python3 -c 'import math; e = 1 / (1 + math.exp(-(0.5 * 1.4 - 0.1 * 0.2 + 0.1))); print("%.17g, %.17g, %.17g" % (e, e * 1.4, e * 0.2))')
grade pasted "$(edit "$correct" "/^Theta logistic_gradient/,/^}/c\\Theta logistic_gradient(const Sample\&, const Theta\&) { return {$pasted}; }" pasted)" 6 \
  "$(failed '6 logistic_gradient') and 'slide\\'s point only' in t['exercise 6 logistic_gradient']['output'] and $(passed '7 backward') and ', x1 = ' in t['exercise 6 logistic_gradient']['output']"

# A hang fails its exercise within its limit; a flood is capped; a crash keeps the others' hints.
start=$SECONDS
LIMIT=3 grade hang "$(edit "$correct" '/^double d_log(double a) {/a\  for (;;) {}' hang)" 6 \
  "$(failed '5 log') and 'time limit' in t['exercise 5 log']['output'] and $(passed '6 logistic_gradient')"
checks=$((checks + 1))
[ $((SECONDS - start)) -lt 60 ] || { failures=$((failures + 1)); echo "FAILED: the hang took $((SECONDS - start)) s"; }
edit "$correct" '/^Partials d_add(/a\  static bool once = [] { std::string s(1 << 20, '"'x'"'); for (int i = 0; i < 200; ++i) std::fwrite(s.data(), 1, s.size(), stdout); return true; }(); (void)once;
s/#include <cmath>/#include <cmath>\n#include <cstdio>\n#include <string>/' flood >/dev/null
grade flood "$tmp/flood.cpp" 6 "$(failed '2 add') and 'more than 64 KB' in t['exercise 2 add']['output'] and $(passed '3 mul')"
checks=$((checks + 1))
size=$(stat -c %s "$root/results/results.json")
[ "$size" -lt 1000000 ] || { failures=$((failures + 1)); echo "FAILED: results.json is $size bytes"; }
grade crash "$(edit "$correct" '/^Partials d_mul(double a, double b) {/a\  if (a != 0.5) { volatile int* p = nullptr; *p = 1; }
s/  return s - s \* s;/  return s;/' crash)" 5 \
  "$(failed '3 mul') and 'signal 11' in t['exercise 3 mul']['output'] and 'σ(z)(1 − σ(z))' in t['exercise 4 sigmoid']['output']"

# One autograder directory, reused: an older submission is still built afresh.
grade again_correct "$correct" 7
cp "$stub" "$tmp/old.cpp"
touch -d 2000-01-01 "$tmp/old.cpp"
grade again_old_stubs "$tmp/old.cpp" 0

# A whole class to a CSV.
mkdir -p "$tmp/class/ada" "$tmp/class/=cmd()" "$tmp/class/bob" "$tmp/class/empty"
cp "$correct" "$tmp/class/ada/student.cpp"
cp "$stub" "$tmp/class/bob/student.cpp"
cp "$tmp/crash.cpp" "$tmp/class/=cmd()/student.cpp"
# Hostile folders: links (a folder, a student.cpp) to another student's answers, 2 MiB of
# source, a name that is not UTF-8. None is graded from what it links to; the CSV stays UTF-8.
ln -s "$tmp/class/ada" "$tmp/class/linked_folder"
mkdir -p "$tmp/class/linked_file" "$tmp/class/huge" "$tmp/class/$(printf 'x\377y')"
ln -s "$tmp/class/ada/student.cpp" "$tmp/class/linked_file/student.cpp"
head -c 2097152 /dev/zero >"$tmp/class/huge/student.cpp"
cp "$correct" "$tmp/class/$(printf 'x\377y')/student.cpp"
checks=$((checks + 1))
/usr/bin/python3 "$src/scripts/gradescope/grade_class.py" "$root" "$tmp/class" "$tmp/class.csv" >/dev/null &&
  /usr/bin/python3 - "$tmp/class.csv" <<'PY' || { failures=$((failures + 1)); echo "FAILED: class CSV"; cat "$tmp/class.csv"; }
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
assert rows[0][:3] == ["student", "exercise 1 square", "exercise 2 add"], rows[0]
assert rows[0][-3:] == ["total", "max", "error"], rows[0]
by = {r[0]: r for r in rows[1:]}
assert by["ada"][-3:] == ["7.0", "7.0", ""], by["ada"]
assert by["bob"][-3] == "0.0" and by["empty"][-3] == "0", (by["bob"], by["empty"])
assert by["'=cmd()"][1] == "1.0" and by["'=cmd()"][3] == "0.0", by["'=cmd()"]  # no formula; mul crashed
assert by["linked_folder"][-3:] == ["0", "", "the student folder is a symbolic link: not graded"], by["linked_folder"]
assert by["linked_file"][-3:] == ["0", "", "student.cpp is a symbolic link: not graded"], by["linked_file"]
assert by["huge"][-1] == "student.cpp is 2097152 bytes, more than 1048576: not graded", by["huge"]
assert by["x\\xFFy"][-3:] == ["7.0", "7.0", ""], by["x\\xFFy"]  # graded, its name escaped
assert rows[-1][0] == "(passed)" and rows[-1][1] == "3", rows[-1]
PY
echo "ok: class CSV"
checks=$((checks + 1))
remove_student_user || failures=$((failures + 1))
echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
