#!/usr/bin/python3
"""tracegrad beside its peers, in one run: ratios measured side by side, each target met or not.

Per node, on the deck's logistic loss (slides 47–51, 15 nodes a step) and on its mean over 500
samples (8,001 nodes, the graph size issue 15 timed PyTorch on):
    tracegrad (bench_engine: record + backward, and replay + backward),
    PyTorch's scalar autograd (one 0-d tensor per number), a micrograd-style Python engine.
The full-batch logistic step (loss and ∇θ) at N × d:
    tracegrad's fused step (bench_logistic_step), NumPy with OpenBLAS, PyTorch vectorized.

    bench/peers.py [--build build] [--rows N] [--cols D] [--repeats R] [--rounds K]

The scalar peers run in K rounds (default 5), each tracegrad's benchmark then the peers, and
each ratio is the median of the rounds' own ratios, so that it compares runs seconds apart.

A peer that is not installed (python3-torch, python3-numpy) is reported as missing, and its
targets as not measured. OpenBLAS runs on as many threads as tracegrad (2): the script sets
OPENBLAS_NUM_THREADS and drops the other OPENBLAS_* variables before NumPy loads it.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

THREADS = min(2, os.cpu_count() or 1)
sys.setrecursionlimit(10_000)  # the micrograd-style backward's depth-first walk
BLAS_ENV_FOUND = {k: v for k, v in os.environ.items() if "BLAS" in k.upper()}
for key in list(os.environ):
    if key.startswith("OPENBLAS_"):
        del os.environ[key]
os.environ["OPENBLAS_NUM_THREADS"] = str(THREADS)
os.environ["OMP_NUM_THREADS"] = str(THREADS)

try:
    import numpy as np
except ImportError:
    np = None
try:
    import torch
    torch.set_num_threads(THREADS)
except ImportError:
    torch = None

SAMPLE = dict(x1=1.4, x2=0.2, y=0.0, w1=0.5, w2=-0.1, b=0.1)  # slides 47–51


# ---- a micrograd-style engine: a Python object per node, a topological sort per backward ----
class Value:
    def __init__(self, data, parents=(), partials=()):
        self.data, self.grad, self.parents, self.partials = data, 0.0, parents, partials

    def __add__(self, o):
        o = o if isinstance(o, Value) else Value(o)
        return Value(self.data + o.data, (self, o), (1.0, 1.0))
    __radd__ = __add__

    def __mul__(self, o):
        o = o if isinstance(o, Value) else Value(o)
        return Value(self.data * o.data, (self, o), (o.data, self.data))
    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, o):
        return self + (-o)

    def __rsub__(self, o):
        return (-self) + o

    def sigmoid(self):
        s = 1.0 / (1.0 + math.exp(-self.data))
        return Value(s, (self,), (s * (1.0 - s),))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def backward(self):  # recursive, as micrograd's: the 500-sample graph's sum is ~520 calls deep
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v.parents:
                    visit(p)
                order.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            for p, d in zip(v.parents, v.partials):
                p.grad += d * v.grad


def sample_loss(x1, x2, y, w1, w2, b, sigmoid, log):
    """The deck's −y log ŷ − (1 − y) log(1 − ŷ) of ŷ = σ(w1·x1 + w2·x2 + b), on any engine: 15 nodes."""
    y_hat = sigmoid(w1 * x1 + w2 * x2 + b)
    return -y * log(y_hat) - (1 - y) * log(1 - y_hat)


def data_loss(samples, leaf, sigmoid, log):
    """L = (L₀ + … + Lₙ₋₁)·(1/n) over `samples` (x1, x2, y), or the one sample's Lᵢ: the graphs
    bench_engine's logistic (the deck's sample) and logistic_500 record, node for node."""
    w = {k: leaf(k, SAMPLE[k]) for k in ("w1", "w2", "b")}
    total = None
    for x1, x2, y in samples:
        term = sample_loss(leaf("x1", x1), leaf("x2", x2), leaf("y", y), w["w1"], w["w2"], w["b"], sigmoid, log)
        total = term if total is None else total + term
    return (total if len(samples) == 1 else total * (1.0 / len(samples))), w


DECK = [(SAMPLE["x1"], SAMPLE["x2"], SAMPLE["y"])]
SAMPLES_500 = [(math.sin(i), math.cos(3 * i), float(i % 2)) for i in range(500)]  # as bench/logistic_graph.hpp


def median_seconds(f, repeats, inner=1):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            f()
        times.append((time.perf_counter() - t0) / inner)
    times.sort()
    return times[len(times) // 2]


def micrograd_step(samples):
    L, w = data_loss(samples, lambda k, x: Value(x), Value.sigmoid, Value.log)
    L.backward()
    return w["w1"].grad


def torch_scalar_step(samples):
    L, w = data_loss(samples, lambda k, x: torch.tensor(x, dtype=torch.float64, requires_grad=k[0] in "wb"),
                     torch.sigmoid, torch.log)
    L.backward()
    return w["w1"].grad.item()


# ---- tracegrad's figures, from its own benchmark programs ---------------------------------
def tracegrad_per_node(build, graph):
    """(nodes, record + backward ns/node, replay + backward ns/node) of bench_engine's `graph`."""
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        subprocess.run([os.path.join(build, "bench", "bench_engine"), f"--benchmark_filter=^{graph}/(gradient|replay)",
                        f"--benchmark_out={f.name}", "--benchmark_out_format=json"], check=True, capture_output=True)
        runs = {r["run_name"].split("/repeats")[0]: r for r in json.load(f)["benchmarks"]
                if r.get("aggregate_name") == "median"}
    ns = lambda name: runs[name]["cpu_time"] * {"ns": 1, "us": 1e3, "ms": 1e6}[runs[name]["time_unit"]]
    nodes = runs[f"{graph}/gradient"]["nodes"]
    return nodes, ns(f"{graph}/gradient") / nodes, ns(f"{graph}/replay") / nodes


def tracegrad_step(build, X, y, theta, repeats):
    with tempfile.NamedTemporaryFile(suffix=".f64") as f:
        for a in (X, y, theta):
            f.write(np.ascontiguousarray(a, dtype="<f8").tobytes())
        f.flush()
        out = subprocess.run([os.path.join(build, "bench", "bench_logistic_step"), "--rows", str(len(y)), "--cols",
                              str(len(theta)), "--repeats", str(repeats), "--data", f.name],
                             check=True, capture_output=True, text=True).stdout
    return dict(line.split(" ", 1) for line in out.strip().splitlines())


def numpy_step(X, y, theta):
    z = X @ theta
    loss = np.mean(np.logaddexp(0.0, z) - y * z)  # softplus(z) − y·z, the stable BCE
    grad = X.T @ (1.0 / (1.0 + np.exp(-z)) - y) / len(y)
    return loss, grad


def torch_vector_step(X, y, theta):
    th = theta.clone().requires_grad_(True)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(X @ th, y)
    loss.backward()
    return loss.item(), th.grad


def blas_in_use():
    np.ones((64, 64)) @ np.ones((64, 64))
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line.lower() and line.split()[-1].startswith("/")}
    return ", ".join(sorted(os.path.basename(p) for p in libs)) or "none found"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(here, "..", "build"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of tracegrad beside the scalar peers")
    args = parser.parse_args()
    targets = []

    def target(met, text):
        targets.append(f"  {'not measured' if met is None else 'met' if met else 'NOT met':<12} {text}")

    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; "
          f"BLAS variables found: {BLAS_ENV_FOUND or 'none'}; set OPENBLAS_NUM_THREADS={THREADS}")
    for graph, samples, what, inner in (("logistic", DECK, "the deck's logistic loss (slides 47–51)", 500),
                                        ("logistic_500", SAMPLES_500, "the mean of that loss over 500 samples", 1)):
        # Round by round, tracegrad then each peer, so that a ratio compares runs seconds apart:
        # this machine's speed wanders by up to 1.5× from one minute to the next.
        rounds = []
        for _ in range(args.rounds):
            nodes, record_ns, replay_ns = tracegrad_per_node(args.build, graph)
            micro_ns = median_seconds(lambda: micrograd_step(samples), 5, 4 * inner) * 1e9 / nodes
            torch_ns = median_seconds(lambda: torch_scalar_step(samples), 9, inner) * 1e9 / nodes if torch else None
            rounds.append(dict(record=record_ns, replay=replay_ns, micro=micro_ns, torch=torch_ns))
        mid = lambda xs: sorted(xs)[len(xs) // 2]
        col = lambda key: mid([r[key] for r in rounds])
        ratios = lambda peer, kind: sorted(r[peer] / r[kind] for r in rounds)
        span = lambda xs: f"{mid(xs):.0f}× (rounds {xs[0]:.0f}–{xs[-1]:.0f}×)"
        print(f"\nper node, {what}, {nodes:.0f} nodes a step; medians of {args.rounds} rounds, "
              f"each tracegrad then its peers:")
        print(f"  tracegrad record + backward   {col('record'):10.2f} ns/node")
        print(f"  tracegrad replay + backward   {col('replay'):10.2f} ns/node")
        print(f"  micrograd-style Python        {col('micro'):10.1f} ns/node   {span(ratios('micro', 'record'))} "
              f"tracegrad record")
        if torch is not None:
            print(f"  PyTorch {torch.__version__} scalar autograd {col('torch'):10.1f} ns/node   "
                  f"{span(ratios('torch', 'record'))} tracegrad record, {span(ratios('torch', 'replay'))} replay")
            for kind in ("record", "replay"):
                r = mid(ratios("torch", kind))
                target(r >= 1500, f"{graph}: tracegrad ({kind}) ≥ 1,500× PyTorch scalar per node: {r:.0f}× "
                                  f"(the median of {args.rounds} rounds)")
        else:
            print("  PyTorch scalar autograd       missing (apt-get install python3-torch)")
            target(None, f"{graph}: tracegrad ≥ 1,500× PyTorch scalar per node (no python3-torch)")

    if np is None:
        print("\nthe full-batch step: NumPy missing (apt-get install python3-numpy)")
        target(None, "tracegrad ≤ 0.3× the fastest vectorized peer (no python3-numpy)")
    else:
        rng = np.random.default_rng(7)
        X = rng.standard_normal((args.rows, args.cols))
        theta = 0.1 * rng.standard_normal(args.cols)
        y = (rng.random(args.rows) < 1.0 / (1.0 + np.exp(-(X[:, 0] - X[:, -1])))).astype(np.float64)
        tg = tracegrad_step(args.build, X, y, theta, args.repeats)
        tg_s = float(tg["step_median"])
        peers = {f"NumPy {np.__version__} ({blas_in_use()})": median_seconds(lambda: numpy_step(X, y, theta), args.repeats)}
        np_loss, np_grad = numpy_step(X, y, theta)
        same = abs(float(tg["loss"]) - np_loss) <= 1e-12 * abs(np_loss) and np.allclose(
            [float(g) for g in tg["grad"].split()], np_grad, rtol=1e-10, atol=1e-14)
        if torch is not None:
            Xt, yt, tht = (torch.from_numpy(a) for a in (X, y, theta))
            peers[f"PyTorch {torch.__version__} vectorized"] = median_seconds(lambda: torch_vector_step(Xt, yt, tht),
                                                                          args.repeats)
        print(f"\nthe full-batch logistic step, N = {args.rows:,} × d = {args.cols}, median of {args.repeats}:")
        print(f"  tracegrad fused ({tg['threads']} threads)      {tg_s * 1e3:9.2f} ms   reads X at "
              f"{tg['step_gb_per_s']} GB/s of {tg['read_gb_per_s']} GB/s (a plain sum, same run)")
        for name, s in peers.items():
            print(f"  {name:<32} {s * 1e3:9.2f} ms   tracegrad ÷ it = {tg_s / s:.2f}")
        fastest = min(peers, key=peers.get)
        share = float(tg["step_gb_per_s"]) / float(tg["read_gb_per_s"])
        target(tg_s / peers[fastest] <= 0.3, f"tracegrad ≤ 0.3× the fastest vectorized peer ({fastest}): "
                                             f"{tg_s / peers[fastest]:.3f}×")
        target(share >= 0.6, f"the fused step reads X at ≥ 60% of the read bandwidth: {share:.0%}")
        target(same, f"the same numbers as NumPy: loss {float(tg['loss']):.15g} vs {np_loss:.15g}")
        if torch is None:
            target(None, "PyTorch's vectorized step (no python3-torch)")

    print("\ntargets:")
    print("\n".join(targets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
