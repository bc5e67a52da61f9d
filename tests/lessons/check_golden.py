#!/usr/bin/env python3
"""Each lesson's fresh trace equals its golden trace in traces/: the same files, the same
structure (keys, strings, ids), every number within 1e-12 relative.

usage: check_golden.py LESSONS_DIR TRACES_DIR"""
import json
import math
import os
import subprocess
import sys
import tempfile

REL = 1e-12


def number(x):
    """A trace number: a JSON number, or "nan" / "inf" / "-inf"."""
    if isinstance(x, str) and x in ("nan", "inf", "-inf"):
        return float(x)
    return x


def is_number(x):
    return isinstance(x, (int, float)) or x in ("nan", "inf", "-inf")


def same(fresh, golden, where, problems):
    if isinstance(golden, dict):
        if not isinstance(fresh, dict) or list(fresh) != list(golden):
            problems.append(f"{where}: keys {list(fresh) if isinstance(fresh, dict) else fresh} != {list(golden)}")
            return
        for k in golden:
            same(fresh[k], golden[k], f"{where}/{k}", problems)
    elif isinstance(golden, list):
        if not isinstance(fresh, list) or len(fresh) != len(golden):
            problems.append(f"{where}: length {len(fresh) if isinstance(fresh, list) else fresh} != {len(golden)}")
            return
        for i, (f, g) in enumerate(zip(fresh, golden)):
            same(f, g, f"{where}/{i}", problems)
    elif is_number(golden) and not isinstance(golden, bool):
        f, g = number(fresh), number(golden)
        if not is_number(fresh) or isinstance(fresh, bool):
            problems.append(f"{where}: {fresh!r} is not a number (golden {golden!r})")
        elif not (math.isfinite(f) and math.isfinite(g)):
            if repr(float(f)) != repr(float(g)):
                problems.append(f"{where}: {fresh!r} != {golden!r}")
        elif abs(f - g) > REL * max(abs(f), abs(g)):
            problems.append(f"{where}: {f!r} != {g!r} (relative difference above {REL})")
    elif fresh != golden:
        problems.append(f"{where}: {fresh!r} != {golden!r}")


def main():
    lessons_dir, traces_dir = sys.argv[1], sys.argv[2]
    lessons = sorted(n for n in os.listdir(lessons_dir)
                     if os.path.isfile(os.path.join(lessons_dir, n)) and os.access(os.path.join(lessons_dir, n), os.X_OK))
    assert lessons, f"no lesson executables in {lessons_dir}"
    problems = []
    with tempfile.TemporaryDirectory() as out:
        for name in lessons:
            run = subprocess.run([os.path.join(lessons_dir, name), "--no-pause", "--trace-dir", out],
                                 stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
            if run.returncode != 0:
                problems.append(f"{name}: exit status {run.returncode}: {run.stderr.strip()}")
        fresh_files = sorted(os.listdir(out))
        golden_files = sorted(f for f in os.listdir(traces_dir) if f.endswith(".json") and not f.endswith(".schema.json"))
        if fresh_files != golden_files:
            problems.append(f"trace files differ: fresh {fresh_files}, golden {golden_files}")
        for f in sorted(set(fresh_files) & set(golden_files)):
            with open(os.path.join(out, f)) as a, open(os.path.join(traces_dir, f)) as b:
                same(json.load(a), json.load(b), f, problems)
    for p in problems[:40]:
        print("MISMATCH", p)
    print(f"{len(golden_files)} golden traces, {len(problems)} mismatches")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
