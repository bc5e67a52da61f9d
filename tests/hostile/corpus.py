"""How a case of the hostile-input corpus runs (run_corpus.py holds the cases): a command line,
the exit status it must give and a fragment its output must hold; no case may crash, hang
(60 s), print invalid UTF-8 or replace a file tracegrad did not write.

Imported by run_corpus.py, whose command line is BUILD_DIR SOURCE_DIR WORK_DIR: the cases run
in WORK_DIR, made empty first."""
import json
import os
import pathlib
import resource
import shutil
import signal
import subprocess
import sys

# Seconds a case may take; a sanitized build is slower (TRACEGRAD_TIME_SCALE, set by CMake there).
LIMIT = 60 * float(os.environ.get("TRACEGRAD_TIME_SCALE", "1"))

build, source, work = (pathlib.Path(a).resolve() for a in sys.argv[1:4])
T, B = str(build / "tracegrad"), build / "lessons"
LONGLEY = str(source / "lessons" / "data" / "longley.csv")
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
os.chdir(work)
failures, ran = [], 0


def write(name, data):
    pathlib.Path(name).write_bytes(data if isinstance(data, bytes) else data.encode())
    return name


def fifo(name):
    os.mkfifo(name)
    return name


def trace_with(nodes):
    """A one-step trace whose graph is `nodes` (v1 keys), to feed dot/view/validate."""
    return json.dumps({"format": "tracegrad-trace", "version": 1, "lesson": "eval", "title": "t", "slides": "",
                       "config": {"lr": 0, "steps": 0, "set": {}},
                       "steps": [{"step": 0, "nodes": nodes, "loss": 1, "updates": [], "notes": []}],
                       "final": {"loss": 1}})


LEAF = {"id": 0, "op": "param", "label": "x", "role": "param", "inputs": [], "value": 2, "grad": 1}


CLOSED_PIPE = "a closed pipe"  # as stdout: a pipe whose reader has gone (`| head -1` once head has exited)


def closed_pipe():
    read_end, write_end = os.pipe()
    os.close(read_end)
    return write_end


def small_disk(limit):
    """A disk that fills after `limit` bytes per file: writing past it fails with EFBIG
    (RLIMIT_FSIZE, with SIGXFSZ ignored so that the write fails instead of killing)."""
    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limited


def case(name, argv, status, fragment, stdout=None, after=None, disk=None, one_line=False):
    """Runs argv; status and fragment (in stderr + stdout) must match; after() may add checks.
    stdout: a file name or CLOSED_PIPE; disk: small_disk(bytes); one_line: stderr is one line."""
    global ran
    ran += 1
    out = closed_pipe() if stdout == CLOSED_PIPE else open(stdout, "w") if stdout else subprocess.PIPE
    try:
        p = subprocess.run([str(a) for a in argv], stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                           timeout=LIMIT, preexec_fn=disk)
    except subprocess.TimeoutExpired:
        failures.append(f"{name}: still running after {LIMIT:g} s")
        return
    finally:
        if stdout == CLOSED_PIPE:
            os.close(out)
    text = (p.stdout or b"") + p.stderr
    try:
        text = text.decode("utf-8")
    except UnicodeDecodeError:
        failures.append(f"{name}: output is not valid UTF-8")
        return
    if p.returncode != status:
        failures.append(f"{name}: exit status {p.returncode}, expected {status}: {p.stderr.decode()[-300:]}")
    elif fragment not in text:
        failures.append(f"{name}: no '{fragment}' in: {text[-300:]}")
    elif "json.exception" in text or "terminate called" in text:
        failures.append(f"{name}: a raw exception reached the user: {text[-300:]}")
    elif one_line and p.stderr.decode().count("\n") != 1:
        failures.append(f"{name}: stderr is not one line: {p.stderr.decode()[-300:]}")
    elif after and (problem := after()):
        failures.append(f"{name}: {problem}")


def unchanged(path, content):
    return lambda: None if pathlib.Path(path).read_bytes() == content else f"{path} was changed"


def validates(path):
    def check():
        p = subprocess.run([T, "validate", path], capture_output=True, text=True, timeout=LIMIT)
        return None if p.returncode == 0 else f"tracegrad validate {path}: {p.stderr.strip()[:300]}"
    return check


def fits(path):
    return lambda: None if 16 << 19 < os.path.getsize(path) <= 16 << 20 else f"{path}: {os.path.getsize(path)} bytes"


def absent(path):
    return lambda: f"{path} was written" if os.path.exists(path) else None


def summary():
    """Prints each failure and the count, and exits 1 if any case failed."""
    for f in failures:
        print("FAIL", f)
    print(f"{ran - len(failures)} of {ran} hostile-input cases pass")
    sys.exit(1 if failures else 0)
