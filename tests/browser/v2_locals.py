"""Trace v2's "local" (∂node/∂input[k], the derivative the run multiplied in), added to a v1
trace's scalar op nodes so the browser tests can show pages as v2 traces will look before the
v2 writer lands. A test fixture: the page itself never works a local derivative out."""
import math

RULES = {
    "add": lambda a, b: [1, 1],
    "sub": lambda a, b: [1, -1],
    "mul": lambda a, b: [b, a],
    "div": lambda a, b: [1 / b, -a / b / b],
    "neg": lambda a: [-1],
    "square": lambda a: [2 * a],
    "exp": lambda a: [math.exp(a)],
    "log": lambda a: [1 / a],
    "sigmoid": lambda a: [1 / (1 + math.exp(-a)) * (1 - 1 / (1 + math.exp(-a)))],
}


def add_locals(trace):
    for step in trace["steps"]:
        nodes = step.get("nodes", [])
        for n in nodes:
            ins = [nodes[i]["value"] for i in n["inputs"]]
            if n["op"] in RULES and all(isinstance(v, (int, float)) for v in ins):
                n["local"] = RULES[n["op"]](*ins)
    return trace
