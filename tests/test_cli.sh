#!/usr/bin/env bash
# tracegrad grade / validate and exercise_check as a user runs them: exit statuses, messages,
# the broken-trace corpus (tests/data/broken/expected.txt), hostile sizes, results.json.
# usage: test_cli.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$1 src=$2
tg=$build/tracegrad
check=$build/lessons/exercises/exercise_check
golden=$src/traces/linear_regression.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0 checks=0

# expect STATUS TEXT CMD…: CMD exits with STATUS and prints TEXT (stdout or stderr)
expect() {
  local status=$1 text=$2
  shift 2
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  checks=$((checks + 1))
  if [[ $rc != "$status" || "$out" != *"$text"* ]]; then
    failures=$((failures + 1))
    echo "FAILED: $* → exit $rc (expected $status), output must contain: $text"
    echo "$out" | head -5
  fi
}

# One line on stderr for unusable input.
expect_one_line() {
  local lines
  lines=$("$@" 2>&1 >/dev/null | wc -l)
  checks=$((checks + 1))
  [[ $lines == 1 ]] || { failures=$((failures + 1)); echo "FAILED: $* wrote $lines lines on stderr, expected 1"; }
}

# ---- the corpus of broken traces: validate and grade both exit 2 with the message ----
while IFS='|' read -r file message; do
  [[ -z $file || $file == \#* ]] && continue
  expect 2 "$message" "$tg" validate "$src/tests/data/broken/$file"
  expect 2 "$message" "$tg" grade "$golden" "$src/tests/data/broken/$file"
  expect_one_line "$tg" grade "$golden" "$src/tests/data/broken/$file"
done <"$src/tests/data/broken/expected.txt"

# ---- hostile sizes, generated here ----
truncate -s 100M "$tmp/huge.json"
expect 2 "huge.json: 104857600 bytes, more than the 16777216 a trace may have" "$tg" validate "$tmp/huge.json"
head -c 100000 /dev/zero | tr '\0' '[' >"$tmp/deep.json"
expect 2 "deep.json: nested deeper than 64 levels at byte 64" "$tg" validate "$tmp/deep.json"
expect 2 "deep.json: nested deeper than 64 levels" "$tg" grade "$golden" "$tmp/deep.json"
expect 2 "nowhere.json: not a file" "$tg" validate "$tmp/nowhere.json"
expect 2 "not a file" "$tg" grade "$golden" "$tmp"

# ---- grade: pass, mismatch, flags ----
expect 0 "valid trace v2 (lesson linear_regression" "$tg" validate "$golden"
# an old submission: the version 1 golden trace from before version 2 validates as v1 and grades
v1=$src/tests/data/v1/linear_regression.json
expect 0 "valid trace v1 (lesson linear_regression" "$tg" validate "$v1"
v2=$src/tests/data/v1/linear_regression-v2.json  # its regeneration when version 2 came (the golden has moved on since)
expect 0 "PASS linear_regression.json: compared 1 step, 8 nodes, 52 numbers" "$tg" grade --match ids "$v2" "$v1"
expect 0 "PASS linear_regression-v2.json: compared 1 step, 8 nodes, 52 numbers" "$tg" grade --match ids "$v1" "$v2"
sed 's/"value":128.550244,"grad":1.0,"local":\[-22.676\]/"value":128.550244,"grad":1,"local":[-11.338]/' "$golden" >"$tmp/own_rule.json"
expect 1 'step 0, node 7 "L" (square), local/0: expected -22.676, actual -11.338' "$tg" grade --match ids "$golden" "$tmp/own_rule.json"
expect 0 "PASS linear_regression.json: compared 1 step, 6 named nodes" "$tg" grade "$golden" "$golden"
sed 's/"grad":7.70984/"grad":7.7/' "$golden" >"$tmp/x_grad.json"
expect 1 'step 0, node 0 "x" (input), grad: expected 7.70984, actual 7.7' "$tg" grade "$golden" "$tmp/x_grad.json"
expect 0 "PASS" "$tg" grade --rtol 1e-2 "$golden" "$tmp/x_grad.json"
sed 's/"value":-2.278,"grad":-22.676/"value":-2.3,"grad":-23.0/' "$golden" >"$tmp/forward.json"
expect 1 "node 4 (mul), value: expected -2.278, actual -2.3" "$tg" grade "$golden" "$tmp/forward.json"
expect 1 "every difference (2)" "$tg" grade --match ids --all "$golden" "$tmp/forward.json"
expect 1 "forward error: the value of node 4 itself already differs" "$tg" grade --match ids --all "$golden" "$tmp/forward.json"
expect 1 "1 difference in all" "$tg" grade "$golden" "$tmp/forward.json"  # by structure: an unnamed node's gradient is not graded
expect 2 "--match: 'id' is not structure or ids" "$tg" grade --match id "$golden" "$golden"
expect 2 "--rtol: " "$tg" grade --rtol abc "$golden" "$golden"
expect 2 "--atol: expected a number ≥ 0, got -1" "$tg" grade --atol -1 "$golden" "$golden"
expect 2 "unknown flag --color" "$tg" grade --color "$golden" "$golden"
expect 2 "got 1 paths" "$tg" grade "$golden"
expect 0 "usage: tracegrad grade" "$tg" grade --help
expect 0 "usage: tracegrad validate" "$tg" validate --help

# ---- directories: a missing, an extra and an unusable file; results.json ----
mkdir -p "$tmp/ref" "$tmp/sub"
cp "$golden" "$tmp/ref/a.json"; cp "$golden" "$tmp/ref/b.json"; cp "$golden" "$tmp/ref/c.json"
cp "$golden" "$tmp/sub/a.json"; cp "$src/tests/data/broken/cycle.json" "$tmp/sub/b.json"; cp "$golden" "$tmp/sub/extra.json"
expect 1 "linear_regression      1/3 traces pass" "$tg" grade --gradescope "$tmp/results.json" --points 2 "$tmp/ref" "$tmp/sub"
expect 1 "MISSING" "$tg" grade "$tmp/ref" "$tmp/sub"
expect 1 "EXTRA extra.json" "$tg" grade "$tmp/ref" "$tmp/sub"
expect 0 "score 2.0 of 6.0; a.json passed 2.0; b.json failed 0.0 True; c.json failed 0.0 True" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
parts = ["score %s of %s" % (r["score"], r["max_score"])]
for t in r["tests"]:
    assert t["visibility"] == "visible" and t["max_score"] == 2.0, t
    hit = {"a.json": "PASS", "b.json": "/steps/0/nodes/4/inputs/1", "c.json": "missing"}[t["name"]] in t["output"]
    parts.append("%s %s %s%s" % (t["name"], t["status"], t["score"], "" if t["status"] == "passed" else " %s" % hit))
print("; ".join(parts))' "$tmp/results.json"

# ---- the exercises: reference passes and reproduces traces/exercises, the stubs fail ----
expect 0 "7/7 exercises pass" "$check" --reference --trace-dir "$tmp/ex-ref"
expect 0 "exercises              7/7 traces pass" "$tg" grade "$src/traces/exercises" "$tmp/ex-ref"
for f in "$src"/traces/exercises/*.json; do
  checks=$((checks + 1))
  cmp -s "$f" "$tmp/ex-ref/$(basename "$f")" || { failures=$((failures + 1)); echo "FAILED: $(basename "$f") differs from the shipped reference trace"; }
done
expect 1 "0/7 exercises pass" "$check" --trace-dir "$tmp/ex-stub"
expect 1 "exercises              0/7 traces pass" "$tg" grade "$src/traces/exercises" "$tmp/ex-stub"
expect 2 "unknown or incomplete flag '--trace-dir'" "$check" --trace-dir

echo "$checks checks, $failures failed"
[[ $failures == 0 ]]
