#!/usr/bin/env python3
"""Fair grading end to end: students' rewrites of linear_regression and the README's loss
(built with this build's compiler and with clang++) graded against the golden traces.
Correct rewrites PASS whatever their node order; wrong ones FAIL naming the named node where
they first differ, with a diagnosis that is true of the program.
usage: test_fair_grading.py TRACEGRAD REWRITES SOURCE_DIR BUILD_DIR WORK_DIR"""
import copy
import glob
import json
import os
import shutil
import subprocess
import sys

tg, rewrites, src, build, work = sys.argv[1:6]
os.makedirs(work, exist_ok=True)
linear = os.path.join(src, "traces", "linear_regression.json")
logistic = os.path.join(src, "traces", "logistic_one_feature.json")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def trace_of(exe, rewrite):
    out = os.path.join(work, f"{os.path.basename(exe)}-{rewrite}.json")
    env = dict(os.environ, TRACEGRAD_REWRITE=rewrite)
    subprocess.run([exe, "--no-pause", "--trace", out], env=env, check=True, stdout=subprocess.DEVNULL)
    return out


def grade(expected, actual, *flags):
    r = subprocess.run([tg, "grade", *flags, expected, actual], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


# ---- correct rewrites: PASS ----
for rewrite in ["slide", "b_plus_wx", "x_times_w", "unnamed_y_hat", "error_times_error", "pow_2",
                "square_y_minus_y_hat", "params_first"]:
    status, text = grade(linear, trace_of(rewrites, rewrite))
    check(status == 0 and text.startswith("PASS"), f"{rewrite} passes: {text}")

# A structural difference is advice, not a penalty.
status, text = grade(linear, trace_of(rewrites, "pow_2"))
check("advice (no points lost): step 0: your graph is built differently" in text, f"pow_2 gets advice: {text}")
# The strict mode is still there: b + w·x creates its nodes in another order.
status, text = grade(linear, trace_of(rewrites, "b_plus_wx"), "--match", "ids")
check(status == 1, f"--match ids fails b + w*x: {text}")

# ---- the README's loss under both compilers ----
clang = shutil.which("clang++-14") or shutil.which("clang++")
check(clang is not None, "clang++ is installed (scripts/setup.sh)")
if clang:
    exe = os.path.join(work, "rewrites_clang")
    includes = [f"-I{d}" for d in sorted(glob.glob(os.path.join(src, "lib", "*", "include")))]
    libs = sorted(glob.glob(os.path.join(build, "lib", "*", "libtracegrad_*.a")))
    subprocess.run([clang, "-std=c++20", "-O1", "-Wall", "-Wextra", "-Wpedantic", "-Werror", *includes,
                    os.path.join(src, "tests", "grading", "rewrites.cpp"), "-Wl,--start-group", *libs,
                    "-Wl,--end-group", "-lfmt", "-o", exe], check=True)
    orders = []
    for program in [rewrites, exe]:
        t = trace_of(program, "readme_loss")
        orders.append([n["op"] for n in json.load(open(t))["steps"][0]["nodes"]])
        status, text = grade(logistic, t)
        check(status == 0 and text.startswith("PASS"), f"the README's loss built by {program} passes: {text}")
    print("node orders (this compiler, clang++):", orders)

# ---- wrong programs: FAIL at the named node, with a true diagnosis ----
status, text = grade(linear, trace_of(rewrites, "half_square"), "--all")
check(status == 1, "0.5*square(ŷ−y) fails")
first = text.splitlines()[1]
check(first.strip().startswith('step 0, node 9 "L" (mul), value: expected 128.550244, actual 64.275122'), f"names L: {first}")
check('forward error: the value of node 9 "L" (mul) already differs' in text, f"gradients diagnosed forward: {text}")

golden = json.load(open(linear))


def edited(name, grads):
    """The golden trace with some gradients replaced (a student engine's backward pass)."""
    t = copy.deepcopy(golden)
    for k, g in grads.items():
        t["steps"][0]["nodes"][k]["grad"] = g
    path = os.path.join(work, name)
    json.dump(t, open(path, "w"))
    return path


# A sign error in mul's rule, ∂(w·x)/∂w = −x: w's gradient flips; its user (node 4) is right.
status, text = grade(linear, edited("sign_error.json", {2: 151.9292}))
check(status == 1, "a sign error fails")
check('step 0, node 2 "w" (param), grad: expected -151.92919999999998, actual 151.9292' in text, f"names w: {text}")
check('backward error: every forward value matches and so do the gradients of its users (node 4): look at the local '
      'derivatives on the edges into node 2 "w"' in text, f"sign error diagnosed: {text}")
# A missing chain factor: each gradient is the local derivative alone, 1 for ŷ of ŷ − y.
status, text = grade(linear, edited("no_chain.json", {5: 1.0, 4: 1.0, 3: 1.0, 2: 6.7, 0: -0.34}))
check(status == 1, "a missing chain factor fails")
check('step 0, node 5 "y_hat" (add), grad: expected -22.676, actual 1' in text, f"names y_hat: {text}")
check('edges into node 5 "y_hat"' in text, f"missing chain diagnosed at y_hat: {text}")
check("forward error" not in text, f"a correct forward pass is not called wrong: {text}")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
