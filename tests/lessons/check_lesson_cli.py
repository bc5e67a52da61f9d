#!/usr/bin/env python3
"""The lessons as a student runs them: bad flags give one line and exit status 2, --help exits
0, stdin from a pipe runs straight through, a terminal pauses and q quits cleanly, and
--set w=60 on the logistic lessons never gives a silent NaN, and logistic_two_features in
an 80×24 terminal: no screen overflows and the backward stage's edges add up to its totals.

usage: check_lesson_cli.py LESSONS_DIR"""
import json
import math
import os
import pty
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import fcntl
import time

LESSONS = ["gd_square", "gd_2d", "chain_rule", "linear_regression", "logistic_one_feature",
           "logistic_two_features", "vectorized", "training", "lines_and_loss", "why_sigmoid", "choosing_the_loss",
           "cross_entropy_origin", "vector_review", "demo"]
MULTI_RUN = ["gd_square", "gd_2d", "vectorized", "lines_and_loss", "why_sigmoid", "choosing_the_loss"]
ONE_STEP = ["cross_entropy_origin", "vector_review"]  # --steps is refused
SWEEPS = ["lines_and_loss", "why_sigmoid", "choosing_the_loss"]  # --steps points per sweep, at least 2
NO_UPDATE = ["chain_rule", "why_sigmoid", "choosing_the_loss", "vector_review"]  # --lr is refused, no config lr
failures = []



def name_of(node):
    """A node's name: "name" in trace v2, "label" in v1."""
    return node.get("name", node.get("label", ""))

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
    if name in ONE_STEP:
        cases += [(["--steps", "3"], "--steps"), (["--steps", "1"], f"--steps: {name} makes one step")]
    if name in SWEEPS:
        cases.append((["--steps", "1"], "--steps"))
    if name in NO_UPDATE:
        cases.append((["--lr", "0.1"], f"--lr: {name} makes no update, so it has no learning rate"))
    if name.startswith("logistic") or name in ("vectorized", "training", "demo"):
        cases.append((["--loss", "exp"], "--loss"))
    if name == "training":
        cases += [(["--batch", "3"], "--batch"), (["--batch", "x"], "--batch")]
    for args, named in cases:
        r = run(exe, "--no-pause", *args)
        lines = r.stderr.splitlines()
        check(r.returncode == 2, f"{name} {args}: exit status {r.returncode}, expected 2")
        check(len(lines) == 1 and named in r.stderr, f"{name} {args}: stderr {r.stderr!r} is not one line naming {named}")


# What --help says --steps is, where it is not "number of updates"; its default the config's steps.
STEPS_MEAN = {"chain_rule": "points x, x + 1", "lines_and_loss": "points of b", "why_sigmoid": "points of each sweep",
              "choosing_the_loss": "points z from", "training": "samples seen", "gd_square": "most updates of a run",
              "gd_2d": "most updates of a run", "vectorized": "updates in each run"}


def help_lists_what_it_takes(exe, name, tmp):
    """--help lists --lr only where --lr is taken, --steps only where it is, each with its meaning
    in this lesson and the default the default run records."""
    text = run(exe, "--help").stdout
    lines = {m.group(1): m.group(2) for m in re.finditer(r"^  --(lr|steps) \S+ +(.*)$", text, re.M)}
    check(("lr" in lines) == (name not in NO_UPDATE), f"{name} --help: --lr {'listed' if 'lr' in lines else 'missing'}")
    check(("steps" in lines) == (name not in ONE_STEP), f"{name} --help: --steps {'listed' if 'steps' in lines else 'missing'}")
    out = os.path.join(tmp, f"help-{name}")
    os.makedirs(out, exist_ok=True)
    run(exe, "--no-pause", "--trace-dir", out)
    configs = [json.load(open(os.path.join(out, f)))["config"] for f in sorted(os.listdir(out))]
    if "steps" in lines:  # every run that records steps (lines_and_loss's lines and first_update record none)
        steps = {c["steps"] for c in configs if "steps" in c}
        check(lines["steps"].startswith(STEPS_MEAN.get(name, "number of updates")), f"{name} --help: --steps {lines['steps']!r}")
        check(len(steps) == 1 and lines["steps"].endswith(f"(default {min(steps)})"),
              f"{name} --help: --steps {lines['steps']!r}, the default runs have {sorted(steps)}")
    if "lr" in lines and name != "gd_square":  # gd_square: one run per slide's η by default
        lrs = {c["lr"] for c in configs if "lr" in c}
        default = re.search(r"\(default ([^)]*)\)$", lines["lr"])
        check(len(lrs) == 1 and default and float(default.group(1)) == lrs.pop(), f"{name} --help: --lr {lines['lr']!r}")


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
    text, sent, status = in_a_terminal(exe, answer=lambda n: b"\n" if n == 1 else b"q\n")
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
        # The run stops at that step: no update, the parameters keep their (finite) values.
        check(len(trace["steps"]) == 1 and trace["steps"][0]["updates"] == [],
              f"{name} --set {w}=60: {len(trace['steps'])} steps, updates {trace['steps'][0]['updates']}")
        params = {name_of(n): n["value"] for n in trace["final"]["nodes"] if n["role"] == "param"}
        start = {"b": 0.1, w: 60.0, **({"w2": -0.1} if w == "w1" else {})}
        check(params == start, f"{name} --set {w}=60: the parameters after the stop are {params}, not {start}")
        check(any(n.startswith("stopped at step 0") for n in trace["final"].get("notes", [])),
              f"{name} --set {w}=60: the trace does not say the run stopped: {trace['final'].get('notes')}")
        check("The run stops here" in r.stdout and "log of 0" in r.stdout and "--loss softplus" in r.stdout,
              f"{name} --set {w}=60: the screen does not say why the run stops")

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


PROMPT = re.compile(r"  \[Enter\] (?:next|more)   \[q Enter\] quit ")
EDGE = re.compile(r"^  (.+) → (.+?):  (\S+) × (\S+) = (\S+)$")
TOTAL = re.compile(r"^  ∂L/∂(.+?) = (.+) = (\S+)$")


def in_a_terminal(exe, *args, answer=lambda n: b"\n"):
    """Runs exe in an 80×24 pty, typing answer(n) at its n-th pause (Enter by default).
    Returns the output (prompts included), the number of pauses answered, the exit status."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(exe, [exe, *args])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
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
        prompts = len(PROMPT.findall(out.decode(errors="replace")))
        while sent < prompts:
            sent += 1
            os.write(fd, answer(sent))
    _, status = os.waitpid(pid, 0)
    return out.decode(errors="replace").replace("\r\n", "\n"), sent, status


def number(text):
    return float(text.strip("()"))


def screens_fit(name, text):
    """Between two pauses at most 24 rows (the prompt's included) of at most 80 columns."""
    screens = PROMPT.split(text)
    for i, screen in enumerate(screens):
        rows = screen.split("\n")
        if i > 0:
            rows = rows[1:]  # the Enter typed at the prompt ends the prompt's row
        # the rows printed, then the next prompt's row (the last screen has none)
        height = len(rows) if i + 1 < len(screens) else len(rows) - 1
        check(height <= 24, f"{name}: screen {i} is {height} rows tall")
        for row in rows:
            check(len(row) <= 80, f"{name}: a row of {len(row)} columns: {row!r}")


def fits_80x24(lessons_dir, tmp):
    """Every screen between two pauses fits 80×24; each edge line is upstream × local =
    passed; where several edges reach a node a total line adds exactly those; each
    parameter's line agrees with the trace's gradient."""
    exe = os.path.join(lessons_dir, "logistic_two_features")
    for extra in ([], ["--all-grads"]):
        name = f"logistic_two_features {' '.join(extra)}".strip()
        path = os.path.join(tmp, "two.json")
        text, pauses, _ = in_a_terminal(exe, "--trace", path, *extra)
        check(pauses >= 5, f"{name}: {pauses} pauses in a terminal")
        screens_fit(name, text)
        lines = text.split("\n")
        start = next(i for i, l in enumerate(lines) if l.startswith("── Backward"))
        end = next(i for i in range(start + 1, len(lines)) if "slide 41" in lines[i])
        check("∂L/∂z = ŷ − y" in lines[end], f"{name}: no slide-41 summary at the end of the backward stage")
        passed, totals = {}, {}
        for line in lines[start:end]:
            if m := EDGE.match(line):
                up, local, out = number(m[3]), number(m[4]), number(m[5])
                check(math.isclose(up * local, out, rel_tol=1e-9, abs_tol=1e-12), f"{name}: {line!r}: {up} × {local} != {out}")
                passed.setdefault(m[2], []).append(out)
            elif m := TOTAL.match(line):
                totals[m[1]] = ([number(t) for t in m[2].split(" + ")], number(m[3]))
        trace = json.load(open(path))
        grads = {name_of(n): n.get("grad") for n in trace["steps"][0]["nodes"] if name_of(n)}
        check(set(totals) == {k for k, v in passed.items() if len(v) > 1},
              f"{name}: total lines {sorted(totals)} but several edges reach {sorted(k for k, v in passed.items() if len(v) > 1)}")
        for node, (parts, total) in totals.items():
            check(parts == passed.get(node), f"{name}: total of {node} adds {parts}, its edges passed {passed.get(node)}")
            check(math.isclose(sum(parts), total, rel_tol=1e-9, abs_tol=1e-12), f"{name}: ∂L/∂{node}: {parts} do not sum to {total}")
        for p in ["b", "w1", "w2", "y_hat", "z"]:
            got = sum(passed.get(p, [math.nan]))
            check(math.isclose(got, grads[p], rel_tol=1e-9), f"{name}: the edges into {p} pass {got}, the trace has {grads[p]}")
        shown = set(passed)
        data = {"x1", "x2", "y"}
        check((data <= shown) if extra else not (data & shown), f"{name}: edges to data and labels: {sorted(data & shown)}")


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


def sets_move_the_sweeps(lessons_dir, tmp):
    """--set moves a sweep: lines_and_loss --set w=1 sweeps b around y − w·x = 2.4 with slope 2(ŷ − y);
    why_sigmoid --set w=2 --set b=-3 starts every run at its boundary x = 1.5, where ŷ = 0.5."""
    out = os.path.join(tmp, "sets")
    os.makedirs(out, exist_ok=True)
    r = run(os.path.join(lessons_dir, "lines_and_loss"), "--no-pause", "--set", "w=1", "--trace-dir", out)
    if check(r.returncode == 0, f"lines_and_loss --set w=1: exit status {r.returncode}: {r.stderr.strip()}"):
        sweep = json.load(open(os.path.join(out, "lines_and_loss-loss_of_b.json")))["config"]["sweep"]
        check(math.isclose(sweep["lowest"], 9.1 - 6.7, rel_tol=1e-12), f"lines_and_loss --set w=1: lowest {sweep['lowest']}")
        check(all(math.isclose(g, 2 * (6.7 + b - 9.1), rel_tol=1e-12, abs_tol=1e-12) for b, g in zip(sweep["at"], sweep["slope"])),
              "lines_and_loss --set w=1: a slope is not 2(ŷ − y)")
    r = run(os.path.join(lessons_dir, "why_sigmoid"), "--no-pause", "--set", "w=2", "--set", "b=-3", "--trace-dir", out)
    if check(r.returncode == 0, f"why_sigmoid --set: exit status {r.returncode}: {r.stderr.strip()}"):
        for run_name in ("sigmoid", "fit_1", "fit_2"):
            current = json.load(open(os.path.join(out, f"why_sigmoid-{run_name}.json")))["config"]["sweep"]["current"]
            check(math.isclose(current["at"], 1.5, rel_tol=1e-12) and math.isclose(current["value"], 0.5, rel_tol=1e-12),
                  f"why_sigmoid --set w=2 --set b=-3, {run_name}: starts at {current}")


def long_training(lessons_dir, tmp):
    """training --steps 10000 (1,250 epochs): epochs 1–20, 30, …, 100, 200, … and 1250 on the
    screen, every epoch's note in the trace."""
    path = os.path.join(tmp, "training-long.json")
    r = run(os.path.join(lessons_dir, "training"), "--no-pause", "--steps", "10000", "--trace", path)
    if not check(r.returncode == 0, f"training --steps 10000: exit status {r.returncode}: {r.stderr.strip()}"):
        return
    shown = [int(m) for m in re.findall(r"▸ epoch (\d+):", r.stdout)]
    expected = list(range(1, 21)) + list(range(30, 100, 10)) + list(range(100, 1000, 100)) + [1000, 1250]
    check(shown == expected, f"training --steps 10000: epochs shown {shown}")
    check(len(r.stdout.splitlines()) <= 120, f"training --steps 10000: {len(r.stdout.splitlines())} lines")
    notes = [n for s in json.load(open(path))["steps"] for n in s["notes"] if n.startswith("epoch ")]
    check(len(notes) == 1250 and notes[-1].startswith("epoch 1250: "), f"training --steps 10000: {len(notes)} epoch notes")
    # each epoch's line fits one row of the screen and compares with the epoch before it
    one_row = re.findall(r"▸ epoch \d+: mean loss \S+ \(w = \S+, b = \S+\), (?:down|up|the same)\n", r.stdout)
    check(len(one_row) == len(expected) - 1, f"training --steps 10000: {len(one_row)} epoch lines on one row")
    losses = [float(re.match(r"epoch \d+: mean loss (\S+) ", n).group(1)) for n in notes]
    ups = sum(b > a for a, b in zip(losses, losses[1:]))
    check(ups == sum(n.endswith(", up") for n in notes) and ups > 0, f"training --steps 10000: {ups} epochs up")
    # SGD's mean loss creeps up at the end; the note says why and gives the data set's loss, which went down
    why = re.search(r"went up in (\d+) of the 1249 epochs after the first\. It is\s+measured along the way.*?"
                    r"from\s+(\S+)\s+at the start to\s+(\S+)\s+now", r.stdout, re.S)
    check(why is not None and int(why.group(1)) == ups and float(why.group(3)) < float(why.group(2)),
          f"training --steps 10000: the note on the epochs that went up: {why and why.groups()}")
    if why:
        check(abs(float(why.group(3)) - 0.312936697) < 1e-8, f"training --steps 10000: data set loss {why.group(3)}")
    r = run(os.path.join(lessons_dir, "training"), "--no-pause", "--steps", "400", "--batch", "all")
    check(r.returncode == 0 and r.stdout.count(", down\n") == 49 and "went up" not in r.stdout,
          f"training --batch all: every epoch down, no note: {r.stdout.count(', down')}")


def main():
    lessons_dir = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        for name in LESSONS:
            exe = os.path.join(lessons_dir, name)
            r = run(exe, "--help")
            check(r.returncode == 0 and "--trace-dir" in r.stdout and "--set" in r.stdout, f"{name} --help")
            bad_flags(exe, name, tmp)
            help_lists_what_it_takes(exe, name, tmp)
            refuses_to_overwrite(exe, name, tmp)
            straight_through_from_a_pipe(exe, name)
            quits_at_a_pause(exe, name)
            screens_fit(name, in_a_terminal(exe)[0])
        no_silent_nan(lessons_dir, tmp)
        fits_80x24(lessons_dir, tmp)
        batches(lessons_dir, tmp)
        long_training(lessons_dir, tmp)
        sets_move_the_sweeps(lessons_dir, tmp)
    for f in failures:
        print("FAIL", f)
    print(f"{len(LESSONS)} lessons, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
