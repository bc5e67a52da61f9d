#!/usr/bin/python3
"""One full-batch logistic-regression step (loss and ∇θ), tracegrad against NumPy.

Both compute, on the same N × d data (written once to a temporary file):
    z = Xθ,  ŷ = σ(z),  L = mean(−y log ŷ − (1 − y) log(1 − ŷ)),  ∇θL = Xᵀ(ŷ − y)/N
NumPy in this process, tracegrad's fused logistic_loss in build/bench/bench_logistic_step.
Prints the median of each (≥ 7 runs), the ratio, GB/s against the machine's read
bandwidth, tracegrad's peak memory against the data set's size, and checks that both
computed the same numbers.

    bench/numpy_step.py [--binary build/bench/bench_logistic_step] [--rows N] [--cols D] [--repeats R]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np


def numpy_step(X, y, theta):
    z = X @ theta
    y_hat = 1.0 / (1.0 + np.exp(-z))
    loss = -np.mean(y * np.log(y_hat) + (1.0 - y) * np.log(1.0 - y_hat))
    grad = X.T @ (y_hat - y) / len(y)
    return loss, grad


def numpy_gradient_only(X, y, theta):  # the step without the loss: a stricter peer
    y_hat = 1.0 / (1.0 + np.exp(-(X @ theta)))
    return X.T @ (y_hat - y) / len(y)


def median_seconds(f, repeats):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def run_tracegrad(binary, path, rows, cols, repeats):
    out = subprocess.run([binary, "--rows", str(rows), "--cols", str(cols), "--repeats", str(repeats),
                          "--data", path], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(" ", 1) for line in out.strip().splitlines())
    return fields


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(here, "..", "build", "bench", "bench_logistic_step"))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    if args.repeats < 7:
        sys.exit("numpy_step.py: --repeats must be at least 7")

    rng = np.random.default_rng(7)
    X = rng.standard_normal((args.rows, args.cols))
    theta = 0.1 * rng.standard_normal(args.cols)
    y = (rng.random(args.rows) < 1.0 / (1.0 + np.exp(-(X[:, 0] - X[:, -1])))).astype(np.float64)

    with tempfile.NamedTemporaryFile(suffix=".f64") as f:
        for a in (X, y, theta):
            f.write(np.ascontiguousarray(a, dtype="<f8").tobytes())
        f.flush()
        tg = run_tracegrad(args.binary, f.name, args.rows, args.cols, args.repeats)

    np_loss, np_grad = numpy_step(X, y, theta)
    np_time = median_seconds(lambda: numpy_step(X, y, theta), args.repeats)
    np_grad_time = median_seconds(lambda: numpy_gradient_only(X, y, theta), args.repeats)

    tg_time = float(tg["step_median"])
    tg_loss = float(tg["loss"])
    tg_grad = np.array([float(v) for v in tg["grad"].split()])
    data_bytes = float(tg["data_bytes"])
    rss = float(tg["peak_rss_bytes"])
    same = abs(tg_loss - np_loss) <= 1e-12 * abs(np_loss) and np.allclose(tg_grad, np_grad, rtol=1e-10, atol=1e-14)

    print(f"full-batch logistic step, N = {args.rows:,} x d = {args.cols} doubles "
          f"({data_bytes / 1e6:.0f} MB), median of {args.repeats} runs each")
    print(f"  NumPy {np.__version__}  (z = X @ θ, ŷ = σ(z), loss, Xᵀ(ŷ − y)/N):  {np_time * 1e3:8.2f} ms")
    print(f"  NumPy, gradient only (no loss):                       {np_grad_time * 1e3:8.2f} ms")
    print(f"  tracegrad logistic_loss + backward ({tg['threads']} threads):       {tg_time * 1e3:8.2f} ms")
    print(f"  ratio tracegrad / NumPy:                 {tg_time / np_time:.2f}   (target <= 0.6)")
    print(f"  ratio tracegrad / NumPy gradient only:   {tg_time / np_grad_time:.2f}")
    print(f"  tracegrad reads the data at {float(tg['step_gb_per_s']):.1f} GB/s; "
          f"the machine reads it at {float(tg['read_gb_per_s']):.1f} GB/s (a plain sum, same threads)")
    print(f"  tracegrad's tape holds {tg['tape_nodes']} nodes per step (X, y, θ, the loss): no per-sample node")
    print(f"  tracegrad peak memory {rss / 1e6:.0f} MB = {rss / data_bytes:.2f} x the data set (target <= 1.2)")
    print(f"  same numbers: loss {tg_loss:.15g} vs {np_loss:.15g}, gradients {'agree' if same else 'DIFFER'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
