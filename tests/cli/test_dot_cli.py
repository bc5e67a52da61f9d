#!/usr/bin/env python3
"""tracegrad dot | dot -Tsvg: Graphviz accepts the output and the SVG shows every node's
label, values and gradients and the edges' local derivatives; -o replaces only its own files;
bad input to dot and view exits 2 with one line.

usage: test_dot_cli.py TRACEGRAD_BINARY SOURCE_DIR"""
import html
import pathlib
import shutil
import tempfile
import subprocess
import sys

tracegrad, source = sys.argv[1], pathlib.Path(sys.argv[2])
if shutil.which("dot") is None:
    sys.exit("FAIL: graphviz's dot is not installed (scripts/setup.sh installs it)")
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def svg_of(*args):
    r = subprocess.run([tracegrad, *args], capture_output=True, text=True, timeout=60)
    check(r.returncode == 0, f"tracegrad {args}: {r.returncode} {r.stderr}")
    svg = subprocess.run(["dot", "-Tsvg"], input=r.stdout, capture_output=True, text=True, timeout=60)
    check(svg.returncode == 0 and svg.stderr == "", f"dot rejected the output of {args}: {svg.stderr}")
    return html.unescape(svg.stdout).replace("\xa0", " ")  # dot writes - as &#45;, spaces as &#160;


def svg_of_file(*args):
    with tempfile.TemporaryDirectory() as tmp:
        out = pathlib.Path(tmp) / "graph.dot"
        r = subprocess.run([tracegrad, *args, "--dot", str(out)], capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, f"tracegrad {args}: {r.returncode} {r.stderr}")
        svg = subprocess.run(["dot", "-Tsvg", str(out)], capture_output=True, text=True, timeout=60)
        check(svg.returncode == 0 and svg.stderr == "", f"dot rejected the output of {args}: {svg.stderr}")
        return html.unescape(svg.stdout).replace("\xa0", " ")


svg = svg_of("dot", str(source / "traces" / "linear_regression.json"))
for text in ["y_hat   add", "value -2.238", "grad -151.9292", "w   param", "L   square", "value 128.550244",
             "local 6.7", "local -22.676", "linear_regression — step 0"]:
    check(text in svg, f"the SVG lacks {text!r}")
check(svg.count('class="node"') == 8 and svg.count('class="edge"') == 7, "not 8 nodes and 7 edges")

svg = svg_of_file("eval", "log(1 - sigmoid(w*x + b))", "x=1.4", "w=-0.1", "b=0.1")
for text in ["sigmoid", "value 0.4900013331", "f   log", "grad -0.6860018664", "local 1.4"]:
    check(text in svg, f"eval --dot: the SVG lacks {text!r}")

for args in (["dot"], ["dot", "/nonexistent.json"], ["dot", str(source / "traces" / "linear_regression.json"), "--step", "3"],
             ["dot", str(source / "traces" / "linear_regression.json"), "--step", "x"], ["dot", str(source / "README.md")]):
    r = subprocess.run([tracegrad, *args], capture_output=True, text=True, timeout=60)
    check(r.returncode == 2 and len(r.stderr.splitlines()) == 1, f"{args}: {r.returncode} {r.stderr!r}")

lr = str(source / "traces" / "linear_regression.json")
with tempfile.TemporaryDirectory() as tmp:
    out, mine = pathlib.Path(tmp) / "lr.dot", pathlib.Path(tmp) / "mine.txt"
    for _ in range(2):  # the second time it replaces its own file
        r = subprocess.run([tracegrad, "dot", lr, "-o", str(out)], capture_output=True, text=True, timeout=60)
        check(r.returncode == 0 and out.read_text().startswith("digraph tracegrad"), f"dot -o: {r.stderr}")
    mine.write_text("keep me\n")
    for args in (["dot", lr, "-o", str(mine)], ["view", lr, "-o", str(mine)], ["view", lr, "-o", lr]):
        r = subprocess.run([tracegrad, *args], capture_output=True, text=True, timeout=60)
        check(r.returncode == 2 and "refusing to overwrite" in r.stderr, f"{args}: {r.returncode} {r.stderr}")
    check(mine.read_text() == "keep me\n" and lr.endswith(".json") and "tracegrad-trace" in pathlib.Path(lr).read_text(),
          "a file that was not ours changed")
    for args in (["view", lr], ["view", "-o", str(pathlib.Path(tmp) / "p.html")], ["view", "/nonexistent.json", "-o", "x.html"],
                 ["view", lr, "--bogus", "-o", "x.html"]):
        r = subprocess.run([tracegrad, *args], capture_output=True, text=True, timeout=60)
        check(r.returncode == 2 and len(r.stderr.splitlines()) == 1, f"{args}: {r.returncode} {r.stderr!r}")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
