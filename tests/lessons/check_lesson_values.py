#!/usr/bin/env python3
"""The golden traces of lines_and_loss, why_sigmoid, choosing_the_loss, cross_entropy_origin,
vector_review and demo hold the numbers their maths says, recomputed here from the formulas
(relative tolerance 1e-12, absolute 1e-12 near 0): every point of a sweep and its slope, slide
41's factors, the vector review's tensors, the demo's losses step by step. (check_golden.py
checks that a fresh run equals these traces.)

usage: check_lesson_values.py TRACES_DIR"""
import json
import math
import os
import sys

failures = []
checked = 0


def check(ok, what):
    global checked
    checked += 1
    if not ok:
        failures.append(what)


def close(a, b, what, tol=1e-12):
    check(isinstance(a, (int, float)) and math.isclose(a, b, rel_tol=tol, abs_tol=tol), f"{what}: {a!r}, expected {b!r}")


def name_of(node):
    """A node's name in trace format 1 ("label") and 2 ("name")."""
    return node.get("name", node.get("label"))


def nodes(step):
    return {name_of(n): n for n in step["nodes"] if name_of(n)}


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


def sweep_points(trace):
    s = trace["config"]["sweep"]
    return s, list(zip(s["at"], s["value"], s["slope"]))


def lines_and_loss(load):
    x, y, w, b = 6.7, 9.1, -0.34, 0.04
    lines = load("lines_and_loss-lines")
    close(lines["steps"][0]["loss"], (w * x + b - y) ** 2, "lines: L of w = -0.34, b = 0.04")
    close(lines["steps"][1]["loss"], (1.17 * x + 0.26 - y) ** 2, "lines: L of w = 1.17, b = 0.26")
    check(any("price = 7.28" in n for n in lines["steps"][1]["notes"]), "lines: no note of price 7.28 at area 6.0")
    check([(c["w"], c["b"]) for c in lines["config"]["lines"]] == [(w, b), (1.17, 0.26)], "lines: config.lines")
    for c in lines["config"]["lines"]:
        close(c["price_at_area_6"], c["w"] * 6.0 + c["b"], f"lines: price at area 6.0 of {c}")
        close(c["loss"], (c["w"] * x + c["b"] - y) ** 2, f"lines: loss of {c}")

    for run, over in (("loss_of_b", "b"), ("loss_of_w", "w")):
        t = load(f"lines_and_loss-{run}")
        s, points = sweep_points(t)
        check(s["over"] == over and len(points) == t["config"]["steps"], f"{run}: sweeps {s['over']}, {len(points)} points")
        for at, value, slope in points:
            wv, bv = (w, at) if over == "b" else (at, b)
            r = wv * x + bv - y  # ŷ − y
            close(value, r * r, f"{run}: L at {over} = {at}")
            close(slope, 2 * r if over == "b" else 2 * x * r, f"{run}: slope at {over} = {at}")
        lowest = y - w * x if over == "b" else (y - b) / x
        close(s["lowest"], lowest, f"{run}: lowest point")
        middle = points[len(points) // 2]
        close(middle[0], lowest, f"{run}: the middle point is the lowest")
        close(middle[2], 0.0, f"{run}: the slope at the lowest point")
        check(all(v >= middle[1] for _, v, _ in points), f"{run}: a point below the lowest")
        check(points[0][0] <= s["current"]["at"] <= points[-1][0], f"{run}: the current point is outside the sweep")
        close(s["current"]["slope"], -22.676 if over == "b" else -151.9292, f"{run}: slope at the current point")

    t = load("lines_and_loss-first_update")
    after = {u["param"]: u["after"] for u in t["steps"][0]["updates"]}
    close(after["w"], w - 0.01 * 2 * x * (w * x + b - y), "first_update: w after")
    close(after["b"], b - 0.01 * 2 * (w * x + b - y), "first_update: b after")
    close(t["final"]["loss"], (after["w"] * x + after["b"] - y) ** 2, "first_update: L after")


def why_sigmoid(load):
    for run, w, b in (("sigmoid", 1.0, 0.0), ("fit_1", 0.535, -0.654), ("fit_2", 2.331, -5.156)):
        s, points = sweep_points(load(f"why_sigmoid-{run}"))
        for at, value, slope in points:
            p = sigmoid(w * at + b)
            close(value, p, f"{run}: ŷ at x = {at}")
            close(slope, w * p * (1 - p), f"{run}: ∂ŷ/∂x at x = {at}")
        values = [v for _, v, _ in points]
        check(all(0 < v < 1 for v in values), f"{run}: a ŷ outside (0, 1)")
        check(all(a < c for a, c in zip(values, values[1:])), f"{run}: ŷ does not increase with x")
        close(s["current"]["at"], -b / w, f"{run}: starts at the boundary")
        close(s["current"]["value"], 0.5, f"{run}: ŷ at the boundary")
    close(load("why_sigmoid-fit_1")["config"]["sweep"]["current"]["at"], 1.222, "fit_1 boundary", tol=5e-4)
    close(load("why_sigmoid-fit_2")["config"]["sweep"]["current"]["at"], 2.212, "fit_2 boundary", tol=5e-4)


def choosing_the_loss(load):
    t = load("choosing_the_loss-candidates")
    table = t["config"]["candidates"]
    lo, hi = table["y_hat"]
    close(lo, sigmoid(-7), "candidates: ŷ near 0")
    fits = {f["f"]: f["fits"] for f in table["functions"]}
    check(len(fits) == 9, f"candidates: {len(fits)} functions, slide 33 lists 9")
    check(fits.pop("−log x") == "a loss for y = 1" and fits.pop("−log(1 − x)") == "a loss for y = 0",
          "candidates: −log x and −log(1 − x) are not the losses for y = 1 and y = 0")
    check(all(v == "neither" for v in fits.values()), f"candidates: others fit: {fits}")
    exact = {"eˣ": math.exp, "x²": lambda v: v * v, "−log x": lambda v: -math.log(v), "log(1 − x)": lambda v: math.log(1 - v)}
    for f in table["functions"]:
        if f["f"] in exact:
            close(f["near_0"], exact[f["f"]](lo), f"candidates: {f['f']} near 0")
            close(f["near_1"], exact[f["f"]](hi), f"candidates: {f['f']} near 1")
    for step, (y, z) in zip(t["steps"], [(1, -7), (1, 7), (0, -7), (0, 7)]):
        p = sigmoid(z)
        close(step["loss"], -math.log(p) if y == 1 else -math.log(1 - p), f"candidates: L at y = {y}, z = {z}")

    _, squared = sweep_points(load("choosing_the_loss-squared"))
    _, entropy = sweep_points(load("choosing_the_loss-cross_entropy"))
    for (z, ls, gs), (z2, le, ge) in zip(squared, entropy):
        p = sigmoid(z)  # y = 0
        close(gs, 2 * p * p * (1 - p), f"squared: ∂L/∂z at z = {z}")
        close(ge, p, f"cross_entropy: ∂L/∂z at z = {z2}")
        close(le, -math.log(1 - p), f"cross_entropy: L at z = {z2}")
    check(squared[-1][0] == 8 and entropy[-1][2] / squared[-1][2] > 1000,
          "at z = 8 (confidently wrong) cross-entropy's gradient is not 1000 times the squared error's")


def cross_entropy_origin(load):
    t = load("cross_entropy_origin")
    n = nodes(t["steps"][0])
    p = sigmoid(0.78)
    close(n["P"]["value"], 1 - p, "P = ŷ^0 (1 − ŷ)^1")
    close(n["P"]["value"], 0.31432, "P = 0.31432…", tol=1e-5)
    close(t["steps"][0]["loss"], -math.log(1 - p), "L = −log P")
    close(n["y_hat"]["grad"], 1 / (1 - p), "∂L/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ))")
    for name, x in (("b", 1.0), ("w1", 1.4), ("w2", 0.2)):
        close(n[name]["grad"], x * p, f"∂L/∂{name} = x(ŷ − y)")
    notes = t["steps"][0]["notes"]
    check(sum(s.startswith("∂z/∂") and s.endswith(": equal") for s in notes) == 3, "slide 41's three products are not all equal to backward")
    check(any("mean" in s and s.endswith("equal") for s in notes), "the mean over N samples")


def vector_review(load):
    n = nodes(load("vector_review")["steps"][0])
    check(n["two_a"]["value"] == [2, 4, 6], f"2·[1 2 3] = {n['two_a']['value']}")
    check(n["A_T"]["value"] == [1, 3, 2, 4] and n["A_T"]["shape"] == [2, 2], f"Aᵀ = {n['A_T']}")
    check(n["v_T"]["value"] == [1, 2] and n["v_T"]["shape"] == [1, 2], f"vᵀ = {n['v_T']}")
    check(n["v_dot_u"]["value"] == 8, "[1 2]·[2 3]")
    check(n["v"]["grad"] == [2, 3] and n["u"]["grad"] == [1, 2], "∂(v·u)/∂v = u, ∂(v·u)/∂u = v")


def demo(load):
    t = load("demo")
    theta, x = [0.1, 0.5, -0.1], [1.0, 1.4, 0.2]
    for k, step in enumerate(t["steps"]):
        p = sigmoid(sum(a * b for a, b in zip(theta, x)))
        close(step["loss"], -math.log(1 - p), f"demo: L at step {k}")
        theta = [th - 0.01 * xi * p for th, xi in zip(theta, x)]
        for a, b in zip(step["updates"][0]["after"], theta):
            close(a, b, f"demo: θ after step {k}")
    losses = [s["loss"] for s in t["steps"]] + [t["final"]["loss"]]
    check(len(losses) == 11 and all(b < a for a, b in zip(losses, losses[1:])), f"demo: the loss does not go down: {losses}")


def main():
    traces_dir = sys.argv[1]
    load = lambda name: json.load(open(os.path.join(traces_dir, name + ".json")))
    for lesson in (lines_and_loss, why_sigmoid, choosing_the_loss, cross_entropy_origin, vector_review, demo):
        try:
            lesson(load)
        except (KeyError, IndexError, TypeError, ValueError, OSError) as e:
            failures.append(f"{lesson.__name__}: {type(e).__name__} {e}")
    for f in failures:
        print("FAIL", f)
    print(f"{checked} values checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
