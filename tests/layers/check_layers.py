#!/usr/bin/env python3
"""The library's layers stay layered: each file in lib/LAYER/ includes only the standard
library, the headers of LAYER and of the layers below it (and fmt / nlohmann_json where the
layer links them); the engine includes the standard library alone; no file over 300 lines.

usage: check_layers.py SOURCE_DIR"""
import os
import re
import sys

# What each layer may include besides the standard library: its own headers, those of the
# layers below, and third-party headers it links.
BELOW = {
    "engine": [],
    "fast": ["engine"],
    "train": ["engine", "fast"],
    "trace": ["engine"],
    "lesson": ["engine", "trace"],
    "grade": ["engine", "trace"],
    "view": ["engine", "trace"],
}
THIRD_PARTY = {"engine": [], "fast": [], "train": ["fmt/"]}  # any other layer: fmt and nlohmann
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def headers_of(lib, layer):
    d = os.path.join(lib, layer, "include", "tracegrad")
    return {f"tracegrad/{h}" for h in os.listdir(d)} if os.path.isdir(d) else set()


def main(source):
    lib = os.path.join(source, "lib")
    owned = {layer: headers_of(lib, layer) for layer in BELOW}
    problems = []
    for layer, below in BELOW.items():
        allowed = set(owned[layer]).union(*(owned[b] for b in below))
        third = THIRD_PARTY.get(layer, ["fmt/", "nlohmann/"])
        for root, _, files in os.walk(os.path.join(lib, layer)):
            for f in files:
                path = os.path.join(root, f)
                if not f.endswith((".cpp", ".hpp", ".js", ".css", ".html")):
                    continue
                text = open(path, encoding="utf-8").read()
                lines = text.count("\n")
                if lines > 300:
                    problems.append(f"{path}: {lines} lines (at most 300)")
                for inc in INCLUDE.findall(text):
                    if inc.startswith("tracegrad/"):
                        ok = inc in allowed  # the layer's own header, or a lower layer's
                    elif inc.startswith("sys/"):
                        ok = True  # POSIX (sys/stat.h: reading only regular files, writing atomically)
                    elif "/" in inc:
                        ok = any(inc.startswith(t) for t in third)  # fmt/, nlohmann/ where linked
                    else:
                        ok = True  # the standard library, POSIX, a private or generated header
                    if not ok:
                        problems.append(f"{path}: includes {inc}, outside {layer} and the layers below it")
    for p in problems:
        print(p)
    print(f"{len(problems)} problems in {sum(len(v) for v in owned.values())} headers of {len(BELOW)} layers")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
