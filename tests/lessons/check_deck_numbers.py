#!/usr/bin/env python3
"""Every number ../shared/deck.md says the deck prints is in the golden traces, within one unit
of its last printed digit (slides round and truncate), and every erratum deck.md names has its
note in the trace; and training's mean loss goes down epoch after epoch. A number is found among the trace's numbers (config, node values and
gradients, losses, updates) or, for one computed outside the traced graph (slide 13's line),
as "computed N" in a note.

usage: check_deck_numbers.py TRACES_DIR"""
import json
import os
import re
import sys

# (trace file, what, the number as printed) — transcribed from deck.md.
PRINTED = [
    ("gd_square-lr0.1", "slide 4 iterates", ["99", "79.2", "63.36", "50.688"]),
    ("gd_square-lr0.001", "slide 5 iterates", ["99", "98.802", "98.604"]),
    ("gd_square-lr0.8", "slide 6 iterates", ["99", "-59.4", "35.64"]),
    ("gd_square-lr1.1", "slide 7 iterates", ["99", "-118.8", "142.56", "-171.07"]),
    ("gd_2d-sign_steps", "slide 9 x", ["3.0", "2.0", "1.0", "0.0"]),
    ("gd_2d-sign_steps", "slide 9 y", ["4.0", "3.0", "2.0", "1.0", "0.0"]),
    ("gd_2d-sign_steps", "slide 9 ∂f/∂x", ["6.0", "4.0", "2.0", "0.0"]),
    ("gd_2d-sign_steps", "slide 9 ∂f/∂y", ["8.0", "6.0", "4.0"]),
    ("gd_2d-plain_gd", "§1.3 plain gradient descent x1 = 3 − 6", ["-3"]),
    ("linear_regression", "slides 21-23", ["-2.238", "128.5", "128.55", "-151.9292", "-22.676", "1.17929",
                                           "1.179292", "0.26676", "0.868"]),
    ("linear_regression", "slide 13 line at area 6.0", ["7.28"]),
    ("logistic_one_feature", "slides 44-46", ["-0.04", "0.49", "0.6733", "0.686", "0.095", "-0.1068",
                                              "-0.0545", "0.486", "0.666"]),
    ("logistic_two_features", "slides 47-51", ["0.78", "0.6856", "1.1573", "0.9599", "0.1371", "0.0931",
                                               "0.4904", "-0.1013", "0.75", "0.6812", "1.1432"]),
    ("vectorized-logistic", "slide 60", ["0.1", "0.5", "-0.1", "1", "1.4", "0.2", "0.6856", "1.1573", "0.9599",
                                         "0.1371", "0.093", "-0.101"]),
    ("vectorized-logistic", "slides 52-53 review: [1 2]·[2 3], 2·[1 2 3]", ["8", "2", "4", "6"]),
    ("lines_and_loss-lines", "slides 13-15 lines, slide 23 loss", ["-0.34", "0.04", "1.17", "0.26", "7.28", "128.55"]),
    ("lines_and_loss-loss_of_b", "slides 16, 22: the slope at b = 0.04", ["-0.34", "0.04", "-22.676"]),
    ("lines_and_loss-loss_of_w", "slides 17, 22: the slope at w = -0.34", ["-0.34", "0.04", "-151.9292"]),
    ("lines_and_loss-first_update", "slides 22-23", ["-2.238", "128.55", "1.179292", "0.26676", "0.868"]),
    ("why_sigmoid-fit_1", "slide 30's fit", ["0.535", "-0.654"]),
    ("why_sigmoid-fit_2", "slide 31's fit", ["2.331", "-5.156"]),
    ("choosing_the_loss-cross_entropy", "slide 48's z, L, ∂L/∂z", ["0.78", "1.1573", "0.6856"]),
    ("cross_entropy_origin", "slides 47-51", ["0.78", "0.6856", "1.1573", "0.9599", "0.1371", "1.1432"]),
    ("vector_review", "slides 52-53: 2·[1 2 3], [1 2]·[2 3]", ["2", "4", "6", "8"]),
    ("demo", "slide 61's sample, slides 48-51's losses", ["1", "1.4", "0.2", "0.1", "0.5", "-0.1", "1.1573", "1.1432"]),
]

# (trace file, the printed text the erratum note must quote) — the errata deck.md names.
ERRATA = [
    ("gd_2d-sign_steps", "∂f/∂y (t = 3) = 0.0"),          # slide 9 at (0, 1): the true value is 2.0
    ("linear_regression", "beside the updated w, b = -2.238"),  # slide 22 after the update: ŷ = 8.1680164
    ("logistic_two_features", "0.5 − η·0.9598\" = 0.9598"),  # slides 49–50: the gradient is 0.959952…
    ("logistic_two_features", "w1 = 0.4990"),             # slides 49–50; 0.4904 on slide 50's diagram
    ("logistic_two_features", "w2 = −0.1 + η·0.1371"),   # slides 49–50's sign: the update subtracts
    ("vectorized-logistic", "= 0.499"),                   # slide 60's θ1 after the update: 0.4904
    ("lines_and_loss-first_update", "ŷ after the update = -2.238"),  # slide 22 after the update: 8.1680164
]


# (trace file, text a note must hold, text no note may hold): what deck.md says is not an erratum
# or not printed at all.
WORDING = [
    ("logistic_one_feature", "z = -0.0399; computed -0.03999999999999998 (truncated, not rounded)", "z = -0.0399; computed -0.04"),
    ("gd_square-lr0.1", "x1 = 79.2: computed", "prints x1"),                   # slides 4–7 print x0 and η only
    ("gd_square-lr1.1", "x3 = -171.072: computed", "prints x3"),
    ("linear_regression", "slide 13 does not print its line", "with w = 1.17, b = 0.26"),
    ("vectorized-logistic", "0.5 − 0.01·0.959952 = 0.4904", "0.5 − 0.01·0.9599 ="),  # slide 60: the true gradient
    ("vectorized-logistic", "the deck (slides 52–53) prints [1 2]·[2 3] = 8", "slides 52–59"),  # the review's slides
    ("vectorized-squared", "slide 56 writes ∇θL = 2x(ŷ − y)", "slide 56 prints ∇θL"),  # a reading, not a printed value
]


def unit(printed):
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return 10.0 ** -decimals


def numbers(j):
    if isinstance(j, bool):
        return
    if isinstance(j, (int, float)):
        yield float(j)
    elif isinstance(j, dict):
        for v in j.values():
            yield from numbers(v)
    elif isinstance(j, list):
        for v in j:
            yield from numbers(v)


def notes(trace):
    for step in trace["steps"]:
        yield from step["notes"]
    yield from trace["final"].get("notes", [])


def main():
    traces_dir = sys.argv[1]
    load = lambda name: json.load(open(os.path.join(traces_dir, name + ".json")))
    missing, checked = [], 0
    for name, what, printed in PRINTED:
        trace = load(name)
        found = list(numbers(trace))
        found += [float(m) for n in notes(trace) for m in re.findall(r"computed (-?[0-9.e+-]+)", n)]
        for p in printed:
            checked += 1
            if not any(abs(x - float(p)) <= unit(p) * (1 + 1e-9) for x in found):
                missing.append(f"{name}: {what}: {p} not found within {unit(p):g}")
    for name, quoted in ERRATA:
        checked += 1
        if not any("erratum" in n and quoted in n for n in notes(load(name))):
            missing.append(f"{name}: no erratum note quoting '{quoted}'")
    for name, wanted, unwanted in WORDING:
        checked += 1
        said = list(notes(load(name)))
        if not any(wanted in n for n in said) or any(unwanted in n for n in said):
            missing.append(f"{name}: no note saying '{wanted}', or one saying '{unwanted}'")
    # §6: "a demo training run over a data set, sample by sample, with the loss going down".
    epochs = [float(m) for n in notes(load("training")) for m in re.findall(r"^epoch \d+: mean loss ([0-9.e+-]+)", n)]
    checked += 1
    if len(epochs) < 2 or any(b >= a for a, b in zip(epochs, epochs[1:])):
        missing.append(f"training: the mean loss per epoch does not go down: {epochs}")
    for m in missing:
        print("MISSING", m)
    print(f"{checked} printed numbers and errata checked, {len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
