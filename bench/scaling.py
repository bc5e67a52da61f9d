#!/usr/bin/env python3
"""How tracegrad's commands scale with the size of their input, 10^3 → 10^5 nodes: prints
the CPU time of grade, validate, dot, view and eval at each size, and the ratio per 10×
(about 10 for a linear algorithm, 100 for a quadratic one). A benchmark, not a test: the
machine is shared, so each time is the CPU time (user + system) of the best of three runs;
read the ratios, not the times.

The traces are one step: n/2 param leaves p0, p1, … and a chain of n/2 add nodes summing
them, each param with an update (so validate checks n/2 updates against n nodes).
grade compares a trace with itself (PASS) and with a copy whose gradients differ from the
middle of the chain on (the diagnosis of a mismatch). eval takes x + x + … (one add node
per term); the kernel's limit of 128 KiB per argument caps it near 6.5·10^4 nodes.

Each time is printed as soon as it is measured, then the table.

usage: bench/scaling.py [BUILD_DIR [COMMAND…]]   (default build/, every command; e.g.
       bench/scaling.py build validate dot view eval   leaves out grade)"""
import json
import os
import pathlib
import subprocess
import sys
import resource
import tempfile

build = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build")
ONLY = set(sys.argv[2:])  # command names (grade, validate, dot, view, eval); empty: all
T = str(build / "tracegrad")
SIZES = [1_000, 10_000, 100_000]


def chain_trace(n, grad_shift=0.0):
    half = n // 2
    nodes = [{"id": k, "op": "param", "label": f"p{k}", "role": "param", "inputs": [], "value": 1.0, "grad": 1.0}
             for k in range(half)]
    for k in range(half, n):
        prev = k - 1 if k > half else 0
        nodes.append({"id": k, "op": "add", "label": "", "role": "loss" if k == n - 1 else "op",
                      "inputs": [prev, k - half], "value": float(k - half + 2),
                      "grad": 1.0 + (grad_shift if k > (half + n) // 2 else 0.0)})
    updates = [{"param": f"p{k}", "before": 1.0, "grad": 1.0, "after": 0.9} for k in range(half)]
    return {"format": "tracegrad-trace", "version": 1, "lesson": "bench", "title": "chain", "slides": "",
            "config": {"lr": 0.1, "steps": 1, "set": {}},
            "steps": [{"step": 0, "nodes": nodes, "loss": float(n), "updates": updates, "notes": []}],
            "final": {"loss": float(n)}}


def timed(args, repeats=3):
    """The best of `repeats` runs, in CPU seconds (user + system) of the command: on a shared
    machine the others' load stretches wall time, much less the command's own CPU time."""
    best = float("inf")
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=3600)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if p.returncode not in (0, 1):
            sys.exit(f"{' '.join(args[:3])}…: exit status {p.returncode}: {p.stderr.decode()[:300]}")
    return best


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="tracegrad-scaling-"))
    rows = {}
    for n in SIZES:
        same, other = work / f"t{n}.json", work / f"d{n}.json"
        same.write_text(json.dumps(chain_trace(n)))
        other.write_text(json.dumps(chain_trace(n, grad_shift=0.5)))
        terms = min(n, 65_000)
        runs = {
            "grade (same)": [T, "grade", str(same), str(same)],
            "grade (differ)": [T, "grade", "--all", str(same), str(other)],
            "validate": [T, "validate", str(same)],
            "dot": [T, "dot", str(same), "-o", str(work / f"t{n}.dot")],
            "view": [T, "view", str(same), "-o", str(work / f"t{n}.html")],
            "eval": [T, "eval", "+".join(["x"] * terms), "x=1"],  # min(n, 65,000) terms
        }
        rows[n] = {}
        for name, args in runs.items():
            if ONLY and name.split()[0] not in ONLY:
                continue
            rows[n][name] = timed(args)
            print(f"{n:>8,} nodes  {name:<24} {rows[n][name]:8.3f} s CPU", flush=True)
        for f in work.iterdir():
            f.unlink()
    os.rmdir(work)
    commands = list(rows[SIZES[0]])  # eval's last column: 65,000 terms, not 10^5 (the argument limit)
    print(f"{'command':<24}" + "".join(f"{n:>12,} nodes" for n in SIZES) + "   ratio per 10×")
    for c in commands:
        times = [list(rows[n].values())[commands.index(c)] for n in SIZES]
        ratios = [times[i + 1] / times[i] for i in range(len(times) - 1)]
        print(f"{c:<24}" + "".join(f"{t:>16.3f} s" for t in times)[0:] + "   " + ", ".join(f"{r:.1f}" for r in ratios))


main()
