#!/usr/bin/env python3
"""The hostile-input corpus (issue 12): every case a command line, the exit status it must
give and a fragment its output must hold; no case may crash, hang (60 s), print invalid
UTF-8 or replace a file tracegrad did not write (how a case runs: corpus.py). Some cases check more after the run (the
file left alone, the trace valid, stderr one line); some run on a disk that fills
(RLIMIT_FSIZE) or with standard output a pipe nobody reads.

usage: run_corpus.py BUILD_DIR SOURCE_DIR WORK_DIR"""
import json
import os
import shutil

from corpus import (B, CLOSED_PIPE, LEAF, LONGLEY, T, absent, build, case, fifo, fits, small_disk, summary, trace_with,
                    unchanged, validates, write)

# ---- wrong output, silently -------------------------------------------------------------
train_longley = [T, "train", "--data", LONGLEY, "--target", "employed", "--model", "linear", "--features", "gnp",
                 "--standardize", "--lr", "0.2", "--epochs", "50", "--batch", "4", "--seed", "3"]
case("train --trace output validates", train_longley + ["--trace", "l.json"], 0, "trace: l.json", after=validates("l.json"))
big = "x,y\n" + "".join(f"{k}e200,{k}\n" for k in range(1, 9))
case("standardize near 1e200", [T, "train", "--data", write("big.csv", big), "--target", "y", "--model", "linear",
                                "--standardize", "--lr", "0.5", "--epochs", "300"], 0, "w_x = 1e-200")
tiny = "x,y\n" + "".join(f"{k}e-200,{k}\n" for k in range(1, 9))
case("standardize near 1e-200 is not constant", [T, "train", "--data", write("tiny.csv", tiny), "--target", "y",
                                                 "--model", "linear", "--standardize", "--lr", "0.5", "--epochs", "300"],
     0, "w_x = 1e+200")
case("standardize a constant column", [T, "train", "--data", write("const.csv", "x,y\n3,1\n3,2\n"), "--target", "y",
                                       "--model", "linear", "--standardize"], 2, "is constant")
case("training --set X[0] (a data batch) is refused", [B / "training", "--no-pause", "--set", "X[0]=1e308"], 2,
     "no leaf named 'X[0]'")
case("grade --points 1e308", [T, "grade", "--points", "1e308", "l.json", "l.json"], 2, "--points: expected at most")
case("train --lr 1e10 diverges", [T, "train", "--data", LONGLEY, "--target", "employed", "--model", "linear",
                                  "--features", "gnp", "--lr", "1e10", "--epochs", "50"], 2, "diverged")
case("eval >/dev/full", [T, "eval", "x*x", "x=3"], 1, "cannot write standard output", stdout="/dev/full")
case("dot >/dev/full", [T, "dot", "l.json"], 1, "cannot write standard output", stdout="/dev/full")
case("validate >/dev/full", [T, "validate", "l.json"], 1, "cannot write standard output", stdout="/dev/full")
case("a lesson >/dev/full", [B / "linear_regression", "--no-pause"], 1, "cannot write standard output", stdout="/dev/full")
case("grade >/dev/full", [T, "grade", "l.json", "l.json"], 1, "cannot write standard output", stdout="/dev/full")
case("train >/dev/full", train_longley, 1, "tracegrad train: cannot write standard output: No space left", stdout="/dev/full",
     one_line=True)
case("view -o /dev/full (a device)", [T, "view", "l.json", "-o", "/dev/full"], 2, "it is not a regular file", one_line=True)

# ---- issue 12, second round: write errors, closed pipes, traces past what the readers read ----
# A lesson's trace that cannot be written (the disk fills) is exit status 1, one line.
case("a lesson's --trace on a full disk", [B / "linear_regression", "--no-pause", "--trace", "full.json"], 1,
     "linear_regression: cannot write full.json: File too large", disk=small_disk(1000),
     one_line=True, after=lambda: "a half-written trace is left" if os.path.exists("full.json") else None)
case("eval --trace on a full disk", [T, "eval", "x*x", "x=3", "--trace", "full.json"], 1,
     "tracegrad eval: cannot write full.json: File too large", disk=small_disk(100), one_line=True)
case("train --trace on a full disk", train_longley + ["--trace", "full.json"], 1,
     "tracegrad train: cannot write full.json: File too large", disk=small_disk(10000), one_line=True)
case("grade --gradescope on a full disk", [T, "grade", "--gradescope", "full.json", "l.json", "l.json"], 1,
     "tracegrad grade: cannot write full.json: File too large", disk=small_disk(100), one_line=True)
# A closed pipe on stdout: exit status 1 and one line, for lessons and every command alike.
for lesson in ["linear_regression", "gd_2d", "training"]:
    case(f"{lesson} | a closed pipe", [B / lesson, "--no-pause"], 1, f"{lesson}: cannot write standard output: Broken pipe",
         stdout=CLOSED_PIPE, one_line=True)
case("gd_2d --steps 1000000 | a closed pipe stops at once", [B / "gd_2d", "--no-pause", "--steps", "200000"], 1,
     "gd_2d: cannot write standard output: Broken pipe", stdout=CLOSED_PIPE, one_line=True)
for argv in [["eval", "x*x", "x=3"], ["eval", "+".join(["x"] * 20000), "x=1"], ["dot", "l.json"], ["validate", "l.json"],
             ["grade", "l.json", "l.json"], train_longley[1:], ["help"], ["train", "--help"]]:
    case(f"tracegrad {' '.join(argv)[:40]} | a closed pipe", [T] + argv, 1,
         f"tracegrad {argv[0]}: cannot write standard output: Broken pipe", stdout=CLOSED_PIPE, one_line=True)
# A trace larger than the 16 MiB validate and grade read is refused, naming the flag to change.
case("gd_2d --steps 100000: a 21 MiB trace", [B / "gd_2d", "--no-pause", "--steps", "100000", "--trace-dir", "big"], 2,
     "more than the 16 MiB that tracegrad validate, grade, dot and view read; lower --steps", stdout="gd.out", one_line=True,
     after=lambda: "the trace was written" if os.path.exists("big/gd_2d-plain_gd.json") else None)
# The sizes are the demo's and train's own (docs/lessons.md): 33404 steps make a trace of 16776770 bytes, 33405 one
# just over 16 MiB, refused when written; past that, once the steps so far are over 16 MiB, the run stops there.
case("demo --steps 33404: a trace just under 16 MiB", [B / "demo", "--no-pause", "--steps", "33404", "--trace",
                                                       "d1.json"], 0, "step 33403: L =", after=fits("d1.json"))
case("demo --steps 33405: a trace just over 16 MiB", [B / "demo", "--no-pause", "--steps", "33405", "--trace", "d2.json"],
     2, "the trace is 16.0 MiB, more than the 16 MiB", stdout="d2.out", one_line=True, after=absent("d2.json"))
case("demo --steps 100000: refused once the steps so far are over 16 MiB", [B / "demo", "--no-pause", "--steps", "100000",
     "--trace", "d3.json"], 2, "would be, by step 33451 of 100000, at least 16.0 MiB, more than the 16 MiB that tracegrad "
     "validate, grade, dot and view read; lower --steps", stdout="d3.out", one_line=True,
     after=lambda: absent("d3.json")() or ("ran past step 33451" if "step 33451:" in open("d3.out").read() else None))
train_long = train_longley[:-6] + ["--batch", "1", "--seed", "3", "--trace"]
case("train, 3719 epochs of 16 updates: a trace just under 16 MiB", train_long + ["t1.json", "--epochs", "3719"], 0,
     "trace: t1.json", after=fits("t1.json"))
case("train, 3720 epochs: a trace just over 16 MiB", train_long + ["t2.json", "--epochs", "3720"], 2,
     "the trace is 16.0 MiB, more than the 16 MiB that tracegrad validate, grade, dot and view read; lower --epochs",
     one_line=True, after=absent("t2.json"))
case("train, 6359 epochs: refused at the first update", train_long + ["t3.json", "--epochs", "6359"], 2,
     "would be, with its 101744 updates, at least 16.0 MiB", stdout="t3.out", one_line=True,
     after=lambda: absent("t3.json")() or ("trained" if "\nepoch " in open("t3.out").read() else None))
case("eval of 65000 products: a 20 MiB trace", [T, "eval", "*".join(["x"] * 65000), "x=1.00000000123456789", "--trace",
                                                "e20.json"], 2, "a shorter expression", stdout="e20.out", one_line=True)

# ---- crashes ------------------------------------------------------------------------------
case("eval 8000 nested parentheses", [T, "eval", "(" * 8000 + "x" + ")" * 8000, "x=1"], 2, "nested deeper than 500")
case("eval 50000 unary minuses", [T, "eval", "(" + "-" * 50000 + "x)", "x=1"], 2, "nested deeper than 500")
case("eval a flat sum of 60000 terms", [T, "eval", "+".join(["x"] * 60000), "x=1"], 0, "gradient check passed")
write("h.csv", b"a\xff,y\n1,0\n2,1\n")
case("a non-UTF-8 CSV header", [T, "train", "--data", "h.csv", "--target", "y", "--model", "linear", "--trace", "t.json"],
     2, "not valid UTF-8: 'a\\xFF'")
write(b"n\xff.csv".decode("utf-8", "surrogateescape"), "a,y\n1,0\n2,1\n")
case("a non-UTF-8 file name with --trace",
     [T, "train", "--data", b"n\xff.csv".decode("utf-8", "surrogateescape"), "--target", "y", "--model", "linear",
      "--trace", "t.json"], 2, "n\\xFF.csv")
case("gd_2d --steps 10000000", [B / "gd_2d", "--no-pause", "--steps", "10000000"], 2, "lower --steps")
case("gd_2d --steps 10000000 --trace-nodes all", [B / "gd_2d", "--no-pause", "--steps", "10000000", "--trace-nodes", "all"],
     2, "--trace-nodes first or every:K")
case("train --epochs 1e9 --trace", [T, "train", "--data", LONGLEY, "--target", "employed", "--model", "linear",
                                    "--epochs", "1e9", "--trace", "x.json"], 2, "--epochs 1000000000: at most")
case("train --trace of too many updates", [T, "train", "--data", LONGLEY, "--target", "employed", "--model", "linear",
                                           "--epochs", "100000", "--batch", "1", "--trace", "x.json"], 2, "lower --epochs")

# ---- quadratic time (each must finish well inside the 60 s limit) ------------------------------
case("train --trace with 20000 updates validates", [T, "train", "--data", LONGLEY, "--target", "employed", "--model",
                                                   "linear", "--features", "gnp", "--standardize", "--lr", "0.01",
                                                   "--epochs", "1250", "--batch", "1", "--trace", "u20k.json"],
     0, "trace: u20k.json", after=validates("u20k.json"))
many = [dict(LEAF, id=k, label=f"p{k}") for k in range(60000)]
write("u60k.json", json.dumps(dict(json.loads(trace_with(many)), steps=[
    {"step": 0, "nodes": many, "loss": 1, "notes": [],
     "updates": [{"param": f"p{k}", "before": 2, "grad": 1, "after": 1.9} for k in range(60000)]}])))
case("validate 60000 updates against 60000 nodes", [T, "validate", "u60k.json"], 0, "valid trace")
case("eval 60000 terms with every output", [T, "eval", "+".join(["x"] * 60000), "x=1", "--trace", "s.json", "--dot",
                                            "s.dot", "--html", "s.html"], 0, "wrote s.html")
case("dot of 120000 nodes", [T, "dot", "s.json", "-o", "s2.dot"], 0, "wrote s2.dot")
case("view of 120000 nodes", [T, "view", "s.json", "-o", "s2.html"], 0, "wrote s2.html")
case("grade of 120000 nodes", [T, "grade", "s.json", "s.json"], 0, "PASS")
case("grade of 60000 updates", [T, "grade", "u60k.json", "u60k.json"], 0, "60000 updates")

# ---- hangs and overwrites ----------------------------------------------------------------------
case("a FIFO as --data", [T, "train", "--data", fifo("f.csv"), "--target", "y", "--model", "linear"], 2,
     "not a regular file")
case("a FIFO as --trace", train_longley + ["--trace", fifo("f.json")], 2, "not a regular file")
case("a FIFO as view -o", [T, "view", "l.json", "-o", fifo("f.html")], 2, "not a regular file")
case("/dev/zero as --data", [T, "train", "--data", "/dev/zero", "--target", "y", "--model", "linear"], 2,
     "not a regular file")
notes = write("notes.json", b'{"mine": "tracegrad-trace"}\n')
case("eval --trace over a notes file naming tracegrad-trace", [T, "eval", "x*x", "x=3", "--trace", notes], 2,
     "refusing to overwrite notes.json", after=unchanged(notes, b'{"mine": "tracegrad-trace"}\n'))
mine = write("results.json", b"my own results\n")
case("grade --gradescope over a file not ours", [T, "grade", "--gradescope", mine, "l.json", "l.json"], 2,
     "refusing to overwrite results.json", after=unchanged(mine, b"my own results\n"))
os.symlink("results.json", "link.json")
case("grade --gradescope through a symlink", [T, "grade", "--gradescope", "link.json", "l.json", "l.json"], 2,
     "symbolic link", after=unchanged(mine, b"my own results\n"))
os.symlink("nowhere.json", "dangling.json")
case("eval --trace to a dangling symlink", [T, "eval", "x", "x=1", "--trace", "dangling.json"], 2, "symbolic link",
     after=lambda: "the link's target was created" if os.path.exists("nowhere.json") else None)
case("grade --gradescope writes a new file", [T, "grade", "--gradescope", "ours.json", "l.json", "l.json"], 0, "PASS")
case("grade --gradescope replaces its own file", [T, "grade", "--gradescope", "ours.json", "l.json", "l.json"], 0, "PASS",
     after=lambda: None if json.load(open("ours.json")).get("generator") == "tracegrad grade" else "no generator key")
case("eval --dot over a DOT file not ours", [T, "eval", "x", "x=1", "--dot", write("g.dot", "digraph mine {}\n")], 2,
     "refusing to overwrite g.dot")

# ---- messages ----------------------------------------------------------------------------------
case("eval error on a UTF-8 character", [T, "eval", "x ü", "x=1"], 2, "unexpected 'ü'")
neg = write("neg.json", trace_with([dict(LEAF, shape=[-2], value=[1, 2], grad=[1, 1])]))
case("dot of a negative shape", [T, "dot", neg], 2, "neg.json: /steps/0/nodes/0/shape/0")
case("view of a negative shape", [T, "view", neg, "-o", "neg.html"], 2, "neg.json: /steps/0/nodes/0/shape/0")
huge = write("huge.json", trace_with([dict(LEAF, shape=[10000000], value=[1, 2, 3], grad=[1, 1, 1])]))
case("dot of 10^7 elements declared, 3 given", [T, "dot", huge], 2, "huge.json: /steps/0/nodes/0/value")
bad_type = write("type.json", trace_with([dict(LEAF, op=5)]))
case("dot of a number as op", [T, "dot", bad_type], 2, "type.json: /steps/0/nodes/0/op")
floats = write("floats.json", trace_with([LEAF, {"id": 1.0, "op": "square", "label": "", "role": "loss",
                                                 "inputs": [0.0], "value": 4, "grad": 1}]))
case("validate accepts inputs written 0.0", [T, "validate", floats], 0, "valid trace")
case("dot accepts what validate accepts", [T, "dot", floats], 0, "n0 -> n1")
case("eval: a flag of 100000 bytes is cut", [T, "eval", "--" + "x" * 100000], 2, "unknown flag")
odd = b"t\xff.json".decode("utf-8", "surrogateescape")
shutil.copy("l.json", odd)
case("validate names a non-UTF-8 file in UTF-8", [T, "validate", odd], 0, "t\\xFF.json: valid trace")
case("dot of a non-UTF-8 file name", [T, "dot", odd, "--step", "999"], 2, "t\\xFF.json: no step 999")
case("an unknown non-UTF-8 subcommand", [T, b"\xff".decode("utf-8", "surrogateescape")], 2, "unknown subcommand '\\xFF'")
case("train: a missing file", [T, "train", "--data", "no.csv", "--target", "y", "--model", "linear"], 2,
     "no.csv: cannot open")

# ---- issue 12, second round: found by hunting -------------------------------------------------
case("eval: a non-UTF-8 NAME=VALUE", [T, "eval", "x", b"x\xff=1".decode("utf-8", "surrogateescape")], 2,
     "x\\xFF=1: there is no x\\xFF in the expression", one_line=True)
case("eval: square(x, x)", [T, "eval", "square(x, x)", "x=1"], 2, "square takes one argument")
case("eval: pow(x, 2, 3)", [T, "eval", "pow(x, 2, 3)", "x=1"], 2, "pow takes two arguments")
ff = b"\xff".decode("utf-8", "surrogateescape")
case("a lesson's unknown non-UTF-8 flag", [B / "linear_regression", "--no-pause", "--" + ff], 2, "unknown flag '--\\xFF'",
     one_line=True)
case("a lesson's --set of a non-UTF-8 name", [B / "linear_regression", "--no-pause", "--set", ff + "=1"], 2,
     "no leaf named '\\xFF'", one_line=True)
case("a lesson's --set of a non-UTF-8 value", [B / "linear_regression", "--no-pause", "--set", "w=" + ff], 2,
     "--set w: '\\xFF' is not a number", one_line=True)
case("a lesson's --loss of a non-UTF-8 value", [B / "logistic_one_feature", "--no-pause", "--loss", ff], 2,
     "--loss: '\\xFF' is not log or softplus", one_line=True)
case("a lesson's --lr of 10000 bytes is cut", [B / "linear_regression", "--no-pause", "--lr", "9" * 10000 + "x"], 2,
     "is not a number", one_line=True, after=None)
case("view of three 13 MiB traces (a page of 40 MiB)", [T, "view", "s.json", "s.json", "s.json", "-o", "s3.html"], 2,
     "more than the 32 MiB one page holds", one_line=True)
case("eval --trace to a 250-byte file name", [T, "eval", "x", "x=1", "--trace", "a" * 245 + ".json"], 0, "wrote aaa")
case("eval --trace to a 300-byte file name", [T, "eval", "x", "x=1", "--trace", "a" * 295 + ".json"], 2,
     "File name too long", one_line=True)
# Names that would break a report's lines or drive the teacher's terminal (a fake PASS line, an escape).
evil = [dict(LEAF, label="w\nPASS everything\u001b[2J")]
case("validate: a node name with a newline and an escape", [T, "validate", write("evil.json", trace_with(evil))], 2,
     "evil.json: /steps/0/nodes/0/label: expected a name without control characters")
case("grade: a node name with a newline and an escape", [T, "grade", "evil.json", "evil.json"], 2,
     "expected a name without control characters", one_line=True)
evil_update = json.loads(trace_with([LEAF]))
evil_update["steps"][0]["updates"] = [{"param": "x\u009b31m", "before": 2, "grad": 1, "after": 1}]
case("validate: an update's param with a C1 control (CSI)", [T, "validate", write("evil2.json", json.dumps(evil_update))],
     2, "/steps/0/updates/0/param: expected a name without control characters")
# Non-finite numbers named by the node where they began, not "the loss grew to inf".
case("train on values near 1e300: the data set's loss overflows", [T, "train", "--data",
     write("huge300.csv", "x,y\n1e300,0\n2e300,1\n"), "--target", "y", "--model", "linear", "--epochs", "3"], 2,
     "non-finite number at node 3 (matvec \"z\"): value inf", one_line=True)
case("train: the update overflows theta", [T, "train", "--data", write("bigy.csv", "x,y\n1,1e150\n2,1e150\n"), "--target",
                                           "y", "--model", "linear", "--epochs", "3", "--lr", "1e160"], 2,
     "update 1 (epoch 1) made theta[0] = θ − η·∂L/∂θ = inf", one_line=True)
# A newline or tab in a file name is shown escaped: the message stays one line.
shutil.copy("l.json", "n\nl.json")
case("validate a file name with a newline", [T, "validate", "n\nl.json"], 0, "n\\x0Al.json: valid trace")
case("dot of a missing file name with a newline", [T, "dot", "x\ny.json"], 2, "x\\x0Ay.json: not a file", one_line=True)
case("a lesson's --trace-dir with a newline", [B / "linear_regression", "--no-pause", "--trace-dir", "/dev/null/a\nb"], 2,
     "a\\x0Ab/linear_regression.json", one_line=True)
case("eval --trace to a name with a tab", [T, "eval", "x", "x=1", "--trace", "t\tx.json"], 0, "wrote t\\x09x.json")
case("dot -o '' (no file)", [T, "dot", "l.json", "-o", ""], 2, "it names no file", one_line=True)
case("dot -o DIR/ (no file)", [T, "dot", "l.json", "-o", "newdir/"], 2, "it names no file", one_line=True)
case("grade --gradescope ''", [T, "grade", "--gradescope", "", "l.json", "l.json"], 2, "--gradescope: an empty file name")
case("train --features gnp,gnp", [T, "train", "--data", LONGLEY, "--target", "employed", "--model", "linear", "--features",
                                  "gnp,gnp"], 2, "the feature 'gnp' is named twice", one_line=True)
case("train --features ''", [T, "train", "--data", LONGLEY, "--target", "employed", "--model", "linear", "--features", ""],
     2, "--features names no column", one_line=True)
# A hostile submission directory: links (to the reference: a free PASS), a FIFO, a file over 16 MiB,
# a non-UTF-8 name. Each file is unusable or extra, none hangs, and the report is valid UTF-8.
os.makedirs("ref"), os.makedirs("sub")
for name in ["a.json", "b.json", "c.json", "d.json"]:
    shutil.copy("l.json", f"ref/{name}")
os.symlink("../ref/a.json", "sub/a.json")
os.symlink("/etc/passwd", "sub/b.json")
fifo("sub/c.json")
with open("sub/d.json", "wb") as f:
    f.truncate(20_000_000)
shutil.copy("l.json", "sub/" + b"x\xff.json".decode("utf-8", "surrogateescape"))
case("grade: a submission that links to the reference", [T, "grade", "ref", "sub"], 1,
     "sub/a.json: a symbolic link: a submission is graded from its own files")
case("grade: a submission that links outside", [T, "grade", "ref", "sub"], 1, "sub/b.json: a symbolic link")
case("grade: a FIFO in the submission", [T, "grade", "ref", "sub"], 1, "sub/c.json: not a file")
case("grade: 20 MB in the submission", [T, "grade", "ref", "sub"], 1, "sub/d.json: 20000000 bytes, more than the 16777216")
case("grade: a non-UTF-8 name in the submission", [T, "grade", "ref", "sub"], 1, "x\\xFF.json  ")
case("grade: a submission file that is a link", [T, "grade", "l.json", "sub/a.json"], 2, "a symbolic link")

# A newline in a submission's file name is shown escaped: it cannot split a report line.
os.makedirs("nlsub")
shutil.copy("l.json", "ref/a\nPASS forged.json")
shutil.copy("l.json", "nlsub/a\nPASS forged.json")
case("grade: a newline in a submission file name", [T, "grade", "ref", "nlsub"], 1, "a\\x0APASS forged.json ")
os.remove("ref/a\nPASS forged.json")

# exercise_check (lessons/exercises) follows the rule of every output: one line, exit status 1.
X = build / "lessons" / "exercises" / "exercise_check"
case("exercise_check >/dev/full", [X, "--reference", "--no-trace"], 1,
     "exercise_check: cannot write standard output: No space left", stdout="/dev/full", one_line=True)
case("exercise_check | (closed pipe)", [X, "--reference", "--no-trace"], 1,
     "exercise_check: cannot write standard output: Broken pipe", stdout=CLOSED_PIPE, one_line=True)
# The file is named once: "exercise_check: cannot write PATH: REASON".
case("exercise_check traces on a full disk", [X, "--reference", "--trace-dir", "ex-full"], 1,
     "exercise_check: cannot write ex-full/exercises-square.json: File too large", disk=small_disk(100), one_line=True)
case("exercise_check: a non-UTF-8 flag", [X, os.fsdecode(b"--\xff\nx")], 2, "unknown or incomplete flag '--\\xFF\\x0Ax'",
     one_line=True)
os.makedirs("ex-theirs")
write("ex-theirs/exercises-add.json", "my notes")
case("exercise_check over a file not ours", [X, "--reference", "--trace-dir", "ex-theirs"], 2,
     "refusing to overwrite ex-theirs/exercises-add.json: it is not a tracegrad trace", one_line=True,
     after=unchanged("ex-theirs/exercises-add.json", b"my notes"))

summary()
