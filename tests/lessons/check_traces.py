#!/usr/bin/env python3
"""Every golden trace validates against traces/trace.schema.json and follows the rules of
traces/README.md that a schema cannot say: node ids 0, 1, … in order, every input id smaller
than its node's, step == its index, as many tensor elements as the shape's product, config.lr
in a trace that makes updates and only there (a recorded setting is a used one), and the file named LESSON.json or LESSON-RUN.json.

usage: check_traces.py TRACES_DIR"""
import json
import math
import os
import sys

import jsonschema


def rule_problems(trace, filename):
    problems = []
    run = trace.get("run")
    expected = f"{trace['lesson']}-{run}.json" if run else f"{trace['lesson']}.json"
    if filename != expected:
        problems.append(f"named {filename}, its lesson and run say {expected}")
    graphs = [(f"/steps/{i}/nodes", s.get("nodes")) for i, s in enumerate(trace["steps"])]
    graphs.append(("/final/nodes", trace["final"].get("nodes")))
    if any(s["updates"] for s in trace["steps"]) and "lr" not in trace["config"]:
        problems.append("/config has no lr, yet the trace makes updates")  # η: what reproduces them
    if not any(s["updates"] for s in trace["steps"]) and "lr" in trace["config"]:
        problems.append("/config has an lr, yet the trace makes no update")
    for i, step in enumerate(trace["steps"]):
        if step["step"] != i:
            problems.append(f"/steps/{i}/step is {step['step']}")
    for where, nodes in graphs:
        for k, node in enumerate(nodes or []):
            if node["id"] != k:
                problems.append(f"{where}/{k}: id {node['id']}, expected {k}")
            if any(i >= node["id"] for i in node["inputs"]):
                problems.append(f"{where}/{k}: an input id is not smaller than {node['id']}")
            if "shape" in node and isinstance(node["value"], list):
                if len(node["value"]) != math.prod(node["shape"]):
                    problems.append(f"{where}/{k}: {len(node['value'])} elements for shape {node['shape']}")
    return problems


def main():
    traces_dir = sys.argv[1]
    with open(os.path.join(traces_dir, "trace.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(f for f in os.listdir(traces_dir) if f.endswith(".json") and not f.endswith(".schema.json"))
    assert files, f"no traces in {traces_dir}"
    bad = 0
    for name in files:
        with open(os.path.join(traces_dir, name)) as f:
            trace = json.load(f)
        problems = [f"schema: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(trace)]
        if not problems:
            problems = rule_problems(trace, name)
        for p in problems[:10]:
            print(f"{name}: {p}")
        bad += bool(problems)
    print(f"{len(files)} traces, {bad} invalid")

    # The checks themselves catch a broken trace.
    with open(os.path.join(traces_dir, files[0])) as f:
        broken = json.load(f)
    broken["steps"][0]["step"] = 5
    broken["steps"][0]["nodes"][1]["id"] = 0
    broken["steps"][0]["nodes"][-1]["inputs"] = [broken["steps"][0]["nodes"][-1]["id"]]
    found = rule_problems(broken, files[0])
    if len(found) != 3:
        print(f"self-test: the rules found {found} in a trace broken three ways")
        bad += 1
    del broken["version"]
    if validator.is_valid(broken):
        print("self-test: the schema accepted a trace without its version")
        bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
