#!/usr/bin/env python3
"""tracegrad eval end to end: the table's values and gradients against hand-derived ones,
the gradient check, the outputs (--trace validated against the schema, --dot, --html), and
every kind of bad input answered with exit status 2 and a caret under the culprit.

usage: test_eval_cli.py TRACEGRAD_BINARY SOURCE_DIR WORK_DIR"""
import json
import math
import pathlib
import subprocess
import sys

import jsonschema

tracegrad, source, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
work.mkdir(parents=True, exist_ok=True)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(*args):
    return subprocess.run([tracegrad, "eval", *args], capture_output=True, text=True, timeout=60)


def close(a, b, tol):
    return abs(a - b) <= tol * max(1.0, abs(b))


# ---- log(1 − σ(wx + b)) at x = 1.4, w = −0.1, b = 0.1, by hand -----------------------------
# z = wx + b = −0.04; f = log(1 − σ(z)); df/dz = −σ(z); ∂f/∂w = −σ(z)·x, ∂f/∂x = −σ(z)·w, ∂f/∂b = −σ(z)
z = -0.1 * 1.4 + 0.1
s = 1 / (1 + math.exp(-z))
expected = {"w": -s * 1.4, "x": -s * -0.1, "b": -s}
out_trace, out_dot, out_html = work / "eval.json", work / "eval.dot", work / "eval.html"
for p in (out_trace, out_dot, out_html):
    p.unlink(missing_ok=True)
r = run("log(1 - sigmoid(w*x + b))", "x=1.4", "w=-0.1", "b=0.1",
        "--trace", str(out_trace), "--dot", str(out_dot), "--html", str(out_html))
check(r.returncode == 0, f"eval exit status {r.returncode}: {r.stderr}")
rows = {}
for line in r.stdout.splitlines():
    cells = line.split()
    if len(cells) >= 4 and cells[0].isdigit():
        rows[int(cells[0])] = cells
for node_id, name in ((0, "w"), (1, "x"), (2, "b")):
    cells = rows.get(node_id, [])
    check(len(cells) >= 5 and cells[2] == name, f"row {node_id} is not leaf {name}: {cells}")
    if len(cells) >= 5:
        check(close(float(cells[-1]), expected[name], 1e-9), f"∂f/∂{name} = {cells[-1]}, expected {expected[name]}")
last = rows.get(max(rows) if rows else -1, [])
check(last[:3] == [str(max(rows)), "log", "f"] and close(float(last[-2]), math.log(1 - s), 1e-9),
      f"output row {last}, expected f = {math.log(1 - s)}")
check(rows.get(6, [""])[1] == "sigmoid" and close(float(rows[6][-2]), s, 1e-9), f"σ row {rows.get(6)}")
check("gradient check passed" in r.stdout, "the gradient check did not pass")
check(r.stdout.count(" ok") == 3, "not three leaves checked ok")

# the trace is a valid trace, with the same numbers
schema = json.loads((source / "traces" / "trace.schema.json").read_text())
trace = json.loads(out_trace.read_text())
jsonschema.validate(trace, schema)
grads = {n["name"]: n["grad"] for n in trace["steps"][0]["nodes"] if n["name"]}
check(all(close(grads[k], v, 1e-12) for k, v in expected.items()), f"trace gradients {grads}")
check(trace["config"]["set"] == {"w": -0.1, "x": 1.4, "b": 0.1}, f"config.set {trace['config']['set']}")
check(out_dot.read_text().startswith("digraph tracegrad"), "--dot did not write DOT")
check("tracegrad view" in out_html.read_text()[:400], "--html did not write a page")

# written again: our own files are replaced; a file of the user's is not
r = run("x*x", "x=3", "--trace", str(out_trace))
check(r.returncode == 0, f"rewriting our own trace: {r.stderr}")
mine = work / "notes.txt"
mine.write_text("the user's notes\n")
r = run("x*x", "x=3", "--html", str(mine))
check(r.returncode == 2 and "refusing to overwrite" in r.stderr, f"overwrote a user's file: {r.returncode} {r.stderr}")
check(mine.read_text() == "the user's notes\n", "the user's file changed")

# ---- more hand-derived cases ------------------------------------------------------------------
cases = [
    ("-x^2 / 2", ["x=3"], -4.5, {"x": -3.0}),                   # d/dx −x²/2 = −x
    ("softplus(a) - log(exp(a))", ["a=0.5"], math.log(1 + math.exp(0.5)) - 0.5, {"a": 1 / (1 + math.exp(-0.5)) - 1}),
    ("pow(u, 3) * v", ["u=2", "v=-1.5"], -12.0, {"u": 3 * 4 * -1.5, "v": 8.0}),
]
for text, values, f, grads in cases:
    r = run(text, *values)
    check(r.returncode == 0, f"{text}: exit status {r.returncode} {r.stderr}")
    first = r.stdout.splitlines()[0] if r.stdout else ""
    check(close(float(first.rsplit("=", 1)[-1]), f, 1e-9), f"{text}: {first}, expected {f}")
    leaf_rows = [line.split() for line in r.stdout.splitlines() if line.split()[1:2] == ["param"]]
    for cells in leaf_rows:
        check(close(float(cells[-1]), grads[cells[2]], 1e-9), f"{text}: ∂/∂{cells[2]} = {cells[-1]}, expected {grads[cells[2]]}")

# a non-finite value is named, not silent
r = run("log(x)", "x=0")
check(r.returncode == 1 and "non-finite number at node 1 (log \"f\"): value -inf" in r.stdout, f"log(0): {r.returncode} {r.stdout}")

# ---- bad input: exit 2, the message, the text and a caret under the offending character --------
bad = [
    (["log(1 - sigmoid(w*x + b)", "x=1", "w=1", "b=1"], "unbalanced '('", 3),
    (["x + 1)", "x=1"], "unbalanced ')'", 5),
    (["log(1 - sigmod(x))", "x=1"], "unknown function 'sigmod'", 8),
    (["w*x + b", "x=1", "w=2"], "no value for 'b'", 6),
    (["x * 2 y", "x=1"], "unexpected 'y'", 6),
    ([""], "empty expression", 0),
]
for args, message, col in bad:
    r = run(*args)
    lines = r.stderr.splitlines()
    check(r.returncode == 2, f"{args}: exit status {r.returncode}")
    check(len(lines) == 3 and message in lines[0], f"{args}: message {lines}")
    if len(lines) == 3:
        check(lines[1] == "  " + args[0] and lines[2] == " " * (2 + col) + "^", f"{args}: caret\n{r.stderr}")
for args, message in [(["x*w", "x=1", "x=2", "w=1"], "x is given twice"),
                      (["x*w", "x=1", "w=abc"], "w: 'abc' is not a number"),
                      (["x*w", "x=1", "w=1", "z=3"], "there is no z in the expression"),
                      (["x", "x"], "'x' is not NAME=VALUE"),
                      (["x", "x=1", "--bogus"], "unknown flag '--bogus'")]:
    r = run(*args)
    check(r.returncode == 2 and len(r.stderr.splitlines()) == 1 and message in r.stderr, f"{args}: {r.returncode} {r.stderr}")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
