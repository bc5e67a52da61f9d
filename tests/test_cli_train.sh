#!/usr/bin/env bash
# tracegrad train from the outside: exit statuses, one-line errors, determinism, traces.
#   test_cli_train.sh BUILD/tracegrad lessons/data traces/trace.schema.json
set -uo pipefail
tg=$1
data=$2
schema=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_error STATUS 'stderr text' ARGS…: the exit status and the one line on stderr.
expect_error() {
  local want_status=$1 want_text=$2
  shift 2
  "$tg" train "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  [ "$status" -eq "$want_status" ] || fail "train $*: status $status, expected $want_status"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "train $*: stderr is not one line: $(cat "$tmp/err")"
  grep -qF -- "$want_text" "$tmp/err" || fail "train $*: stderr '$(cat "$tmp/err")' lacks '$want_text'"
}

printf 'x,y\n1,0\n2,abc\n' >"$tmp/word.csv"
printf 'x,y\n1,0\n2,1,5\n' >"$tmp/ragged.csv"
: >"$tmp/empty.csv"
printf 'x,c,y\n1,7,0\n2,7,1\n3,7,2\n' >"$tmp/three.csv"

expect_error 2 "no column 'nope'" --data "$data/longley.csv" --target nope --model linear
expect_error 2 "word.csv:3: column 2 (y): not a number: 'abc'" --data "$tmp/word.csv" --target y --model linear
expect_error 2 "ragged.csv:3: 3 cells, the header has 2 columns" --data "$tmp/ragged.csv" --target y --model linear
expect_error 2 "empty.csv: empty file" --data "$tmp/empty.csv" --target y --model linear
expect_error 2 "three.csv:4: column 3 (y): logistic regression needs a target of 0 or 1, got 2" \
  --data "$tmp/three.csv" --target y --model logistic
expect_error 2 "column 2 (c) is constant (7)" --data "$tmp/three.csv" --target y --model linear --standardize
expect_error 2 "cannot open" --data "$tmp/missing.csv" --target y --model linear
expect_error 2 "--model must be linear or logistic" --data "$data/longley.csv" --target employed --model tree
expect_error 2 "--target is required" --data "$data/longley.csv" --model linear
expect_error 2 "unknown flag '--bogus'" --bogus 1
expect_error 2 "--batch must be a whole number" --data "$data/longley.csv" --target employed --model linear --batch 0
expect_error 2 "--lr needs a value" --data "$data/longley.csv" --target employed --model linear --lr
expect_error 2 "diverged: the loss grew from" --data "$data/longley.csv" --target employed --model linear --lr 10 --epochs 500

# A run: a summary, and the same bytes twice for one seed.
args=(--data "$data/iris_versicolor_virginica.csv" --target virginica --model logistic
      --features petal_length,petal_width --standardize --lr 0.5 --epochs 3 --batch 10 --seed 7)
"$tg" train "${args[@]}" --trace "$tmp/a.json" >"$tmp/a.out" 2>&1 || fail "run: status $?"
"$tg" train "${args[@]}" --trace "$tmp/b.json" >"$tmp/b.out" 2>&1 || fail "second run: status $?"
grep -q "^final: loss .* accuracy" "$tmp/a.out" || fail "no final summary: $(cat "$tmp/a.out")"
[ "$(grep -c '^epoch' "$tmp/a.out")" -eq 3 ] || fail "expected three epoch lines"
cmp -s "$tmp/a.json" "$tmp/b.json" || fail "two runs with --seed 7 wrote different traces"
diff <(grep -v '^trace:' "$tmp/a.out") <(grep -v '^trace:' "$tmp/b.out") >/dev/null || fail "two runs printed differently"
/usr/bin/python3 -c "
import json, sys, jsonschema
t = json.load(open(sys.argv[1]))
jsonschema.validate(t, json.load(open(sys.argv[2])))
assert t['lesson'] == 'train' and t['version'] == 2
assert len(t['steps']) == 30 == t['config']['steps'], len(t['steps'])
assert [u['param'] for u in t['steps'][0]['updates']] == ['theta']  # the graph's one param node, [b, w1, w2]
u = t['steps'][0]['updates'][0]
assert u['before'] == [0, 0, 0] and all(abs(a - (b - 0.5 * g)) < 1e-15 for a, b, g in zip(u['after'], u['before'], u['grad']))
assert list(t['config']['set']) == ['theta[0]', 'theta[1]', 'theta[2]']
assert t['final']['loss'] < 0.69
" "$tmp/a.json" "$schema" || fail "the trace does not hold the run"
# The project's own validator accepts what train writes (issue 12: step 0 named b, w_… once).
"$tg" validate "$tmp/a.json" >/dev/null || fail "tracegrad validate rejects the trace train wrote"

# A file that is not a trace is not overwritten.
echo "keep me" >"$tmp/notes.txt"
expect_error 2 "notes.txt" "${args[@]}" --trace "$tmp/notes.txt"
grep -q "keep me" "$tmp/notes.txt" || fail "--trace overwrote a file that is not a trace"

[ "$failures" -eq 0 ] && echo "all train CLI checks passed"
exit $((failures > 0))
