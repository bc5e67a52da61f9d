#!/usr/bin/env python3
"""The lessons as a student runs them: bad flags give one line and exit status 2, --help exits
0, stdin from a pipe runs straight through, a terminal pauses and q quits cleanly, and
--set w=60 on the logistic lessons never gives a silent NaN.

usage: check_lesson_cli.py LESSONS_DIR"""
import json
import math
import os
import pty
import select
import subprocess
import sys
import tempfile
import time

LESSONS = ["gd_square", "gd_2d", "chain_rule", "linear_regression", "logistic_one_feature",
           "logistic_two_features", "vectorized", "training"]
MULTI_RUN = ["gd_square", "gd_2d", "vectorized"]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def run(exe, *args, stdin=subprocess.DEVNULL):
    return subprocess.run([exe, *args], stdin=stdin, capture_output=True, text=True, timeout=300)


def bad_flags(exe, name, tmp):
    cases = [(["--lr", "abc"], "--lr"), (["--lr", "-1"], "--lr"), (["--steps", "-1"], "--steps"),
             (["--steps", "x"], "--steps"), (["--set", "q=1"], "'q'"), (["--set", "w"], "--set"),
             (["--set", "x=abc"], "--set x"), (["--frobnicate"], "--frobnicate"), (["--trace"], "--trace"),
             (["--trace-nodes", "every:0"], "--trace-nodes"),
             (["--trace", os.path.join(tmp, "a.json"), "--trace-dir", tmp], "--trace")]
    if name in MULTI_RUN:
        cases.append((["--trace", os.path.join(tmp, f"{name}.json")], "--trace FILE"))
    if name.startswith("logistic") or name in ("vectorized", "training"):
        cases.append((["--loss", "exp"], "--loss"))
    if name == "training":
        cases += [(["--batch", "3"], "--batch"), (["--batch", "x"], "--batch")]
    for args, named in cases:
        r = run(exe, "--no-pause", *args)
        lines = r.stderr.splitlines()
        check(r.returncode == 2, f"{name} {args}: exit status {r.returncode}, expected 2")
        check(len(lines) == 1 and named in r.stderr, f"{name} {args}: stderr {r.stderr!r} is not one line naming {named}")


def refuses_to_overwrite(exe, name, tmp):
    keep = os.path.join(tmp, "notes.txt")
    with open(keep, "w") as f:
        f.write("my notes\n")
    r = run(exe, "--no-pause", "--steps", "1", "--lr", "0.1", "--trace", keep) if name == "gd_square" else None
    if r is None:
        return
    check(r.returncode == 2 and "refusing to overwrite" in r.stderr, f"{name}: overwrote a file that is not a trace")
    check(open(keep).read() == "my notes\n", f"{name}: notes.txt changed")


def straight_through_from_a_pipe(exe, name):
    r = run(exe, stdin=subprocess.PIPE)  # no --no-pause: stdin is not a terminal
    check(r.returncode == 0, f"{name}: exit status {r.returncode} with stdin from a pipe: {r.stderr.strip()}")
    check("[Enter]" not in r.stdout, f"{name}: paused with stdin from a pipe")


def quits_at_a_pause(exe, name):
    """On a terminal the lesson waits for Enter; Enter goes on, q then Enter quits with status 0."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(exe, [exe])
    out, sent, deadline = b"", 0, time.time() + 60
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if out.count(b"[Enter]") > sent:
            sent += 1
            os.write(fd, b"\n" if sent == 1 else b"q\n")
    _, status = os.waitpid(pid, 0)
    text = out.decode(errors="replace")
    check(os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, f"{name}: q at a pause: status {status}")
    check(sent == 2 and "bye" in text, f"{name}: expected two pauses then 'bye', got {sent} pauses")


def no_silent_nan(lessons_dir, tmp):
    for name in ["logistic_one_feature", "logistic_two_features"]:
        exe = os.path.join(lessons_dir, name)
        path = os.path.join(tmp, f"{name}-w60.json")
        w = "w" if name == "logistic_one_feature" else "w1"
        r = run(exe, "--no-pause", "--set", f"{w}=60", "--trace", path)
        check(r.returncode == 0, f"{name} --set {w}=60: status {r.returncode}")
        trace = json.load(open(path))
        step_notes = trace["steps"][0]["notes"]
        warned = [n for n in step_notes if "non-finite" in n and "softplus" in n]
        check(warned and "(log)" in warned[0], f"{name} --set {w}=60: no warning naming the log node: {step_notes}")
        check("warning: non-finite" in r.stdout, f"{name} --set {w}=60: no warning on screen")
        check(any("non-finite" in n for n in trace["final"].get("notes", [])) or
              all(isinstance(n["value"], float) for n in trace["final"]["nodes"]),
              f"{name} --set {w}=60: non-finite numbers after the update without a warning")

        r = run(exe, "--no-pause", "--set", f"{w}=60", "--loss", "softplus", "--trace", path)
        trace = json.load(open(path))
        nodes = {n["name"]: n for n in trace["steps"][0]["nodes"] if n["name"]}
        z = nodes["z"]["value"]
        check(r.returncode == 0 and "non-finite" not in r.stdout, f"{name} --loss softplus: status or warning")
        # y = 0: L = softplus(z) ≈ z, ∂L/∂w = x·(σ(z) − 0) = x, ∂L/∂b = σ(z) = 1
        check(math.isclose(trace["steps"][0]["loss"], z, rel_tol=1e-15), f"{name} --loss softplus: L != z")
        x = nodes["x" if w == "w" else "x1"]["value"]
        check(math.isclose(nodes[w]["grad"], x, rel_tol=1e-15), f"{name} --loss softplus: ∂L/∂{w} != x")
        check(math.isclose(nodes["b"]["grad"], 1.0, rel_tol=1e-15), f"{name} --loss softplus: ∂L/∂b != 1")

        # At the slide's values both forms agree.
        a, b = os.path.join(tmp, "log.json"), os.path.join(tmp, "softplus.json")
        run(exe, "--no-pause", "--trace", a)
        run(exe, "--no-pause", "--loss", "softplus", "--trace", b)
        la, lb = json.load(open(a))["steps"][0]["loss"], json.load(open(b))["steps"][0]["loss"]
        check(math.isclose(la, lb, rel_tol=1e-14), f"{name}: log form {la} and softplus form {lb} differ")


def batches(lessons_dir, tmp):
    """training --batch 1, 2, 4, all: one update per batch, theta's gradient the mean of the
    batch's x(ŷ − y), and the mean loss per epoch going down."""
    for batch, rows in [("1", 1), ("2", 2), ("4", 4), ("all", 8)]:
        path = os.path.join(tmp, f"training-{batch}.json")
        r = run(os.path.join(lessons_dir, "training"), "--no-pause", "--batch", batch, "--trace", path)
        if not check(r.returncode == 0, f"training --batch {batch}: exit status {r.returncode}: {r.stderr.strip()}"):
            continue
        t = json.load(open(path))
        check(len(t["steps"]) == 200 // rows, f"training --batch {batch}: {len(t['steps'])} updates, expected {200 // rows}")
        nodes = {n["name"]: n for n in t["steps"][0]["nodes"] if n["name"]}
        check(nodes["X"]["shape"] == [rows, 2], f"training --batch {batch}: X has shape {nodes['X']['shape']}")
        y_hat = [1 / (1 + math.exp(-z)) for z in nodes["z"]["value"]]
        X, y = nodes["X"]["value"], nodes["y"]["value"]
        for j in range(2):  # ∇θL = Xᵀ(ŷ − y)/B
            expected = sum(X[2 * i + j] * (y_hat[i] - y[i]) for i in range(rows)) / rows
            check(math.isclose(nodes["theta"]["grad"][j], expected, rel_tol=1e-12),
                  f"training --batch {batch}: ∂L/∂theta[{j}] = {nodes['theta']['grad'][j]}, expected {expected}")
        losses = [float(n.split()[4]) for s in t["steps"] for n in s["notes"] if n.startswith("epoch ")]
        check(len(losses) == 25 and all(b < a for a, b in zip(losses, losses[1:])),
              f"training --batch {batch}: the mean loss per epoch does not go down: {losses}")


def main():
    lessons_dir = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        for name in LESSONS:
            exe = os.path.join(lessons_dir, name)
            r = run(exe, "--help")
            check(r.returncode == 0 and "--trace-dir" in r.stdout and "--set" in r.stdout, f"{name} --help")
            bad_flags(exe, name, tmp)
            refuses_to_overwrite(exe, name, tmp)
            straight_through_from_a_pipe(exe, name)
            quits_at_a_pause(exe, name)
        no_silent_nan(lessons_dir, tmp)
        batches(lessons_dir, tmp)
    for f in failures:
        print("FAIL", f)
    print(f"{len(LESSONS)} lessons, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
