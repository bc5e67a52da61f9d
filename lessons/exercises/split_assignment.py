#!/usr/bin/env python3
"""Cuts an assignment file (assignments/deck/assignment.cpp says how it is laid out) at its
//@ lines into the C++ files the exercises are built from:

  exercise.hpp   the types, and Solution: one function pointer per answer (student side)
  student.cpp    the student's template: the banner, each answer's comment, signature and a stub
  model.cpp      the graphs and the exercises' list (student side)
  reference.cpp  the answers' bodies as written: reference_solution() (grader only)
  mistakes.cpp   the known mistakes (grader only)

A bad file is one line naming FILE:LINE and what is wrong, exit status 2.
usage: split_assignment.py ASSIGNMENT_FILE OUT_DIR"""
import os
import re
import sys

SECTIONS = ("template", "types", "answer", "model", "mistakes")
ALWAYS = ["#include <cmath>", "#include <tracegrad/ops.hpp>"]  # in the reference, the model and the mistakes
GENERATED = "// Generated from {source} by lessons/exercises/split_assignment.py: edit that file, not this one.\n"
SIGNATURE = re.compile(r"^(?P<result>[\w:<>,\s&*]+?)\s*\b(?P<name>\w+)\s*\((?P<params>.*)\)\s*\{$", re.S)


class Bad(Exception):
    pass


def sections(path, lines):
    """[(kind, first line number, lines)] in file order; what precedes the first //@ is the file's own header."""
    found, current = [], None
    for number, line in enumerate(lines, 1):
        if line.startswith("//@"):
            kind = line[3:].strip()
            if kind not in SECTIONS:
                raise Bad(f"{path}:{number}: unknown section '//@ {kind}' (expected one of {', '.join(SECTIONS)})")
            current = (kind, number + 1, [])
            found.append(current)
        elif current is not None:
            current[2].append(line)
    for kind in SECTIONS:
        if kind != "answer" and sum(1 for s in found if s[0] == kind) != 1:
            raise Bad(f"{path}: expected one '//@ {kind}' section")
    if not any(s[0] == "answer" for s in found):
        raise Bad(f"{path}: no '//@ answer' section: the student has nothing to write")
    return found


def split_includes(lines):
    """The #include lines, and the rest."""
    includes = [l for l in lines if l.startswith("#include")]
    return includes, [l for l in lines if not l.startswith("#include")]


def parameter_names(params, where):
    names, depth, part = [], 0, ""
    for c in params + ",":
        if c in "<(":
            depth += 1
        elif c in ">)":
            depth -= 1
        if c == "," and depth == 0:
            if part.strip() and part.strip() != "void":
                m = re.search(r"(\w+)\s*(=.*)?$", part.strip())
                if not m or m.group(1) in ("int", "double", "float", "bool") or part.strip().endswith(("&", "*")):
                    raise Bad(f"{where}: every parameter needs a name: '{part.strip()}'")
                names.append(m.group(1))
            part = ""
        else:
            part += c
    return names


def answer(path, start, lines):
    """One answer: its includes, doc comment, signature, result type, name, parameter names, body."""
    includes, lines = split_includes(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    doc = []
    i = 0
    while i < len(lines) and (lines[i].startswith("//") or not lines[i].strip()):
        if lines[i].strip():
            doc.append(lines[i])
        i += 1
    head = i
    while i < len(lines) and not lines[i].rstrip().endswith("{"):
        i += 1
    where = f"{path}:{start + head}"
    if i == len(lines) or not lines or lines[-1].rstrip() != "}":
        raise Bad(f"{where}: expected the answer's signature ending in '{{', its body and a '}}' alone on the last line")
    signature = "\n".join(lines[head:i + 1])
    m = SIGNATURE.match(signature.strip())
    if not m:
        raise Bad(f"{where}: not a function signature: {signature.strip()[:80]}")
    result = m.group("result").strip()
    params = " ".join(m.group("params").split())
    return {"includes": includes, "doc": doc, "signature": signature[:-1].rstrip(), "result": result,
            "name": m.group("name"), "params": params, "names": parameter_names(params, where),
            "body": lines[i + 1:-1]}


def stub(a):
    body = []
    if a["names"]:
        body.append("  " + ", ".join(f"(void){n}" for n in a["names"]) + ";")
    if a["result"] != "void":
        body.append("  return {};")
    return body


def text(lines):
    return "\n".join(lines).strip("\n") + "\n"


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    path, out = argv[1], argv[2]
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as e:
        print(f"split_assignment: {path}: {e}", file=sys.stderr)
        return 2
    try:
        found = sections(path, lines)
        answers = [answer(path, start, body) for kind, start, body in found if kind == "answer"]
        names = [a["name"] for a in answers]
        for n in names:
            if names.count(n) > 1:
                raise Bad(f"{path}: two answers are named '{n}'")
    except Bad as e:
        print(f"split_assignment: {e}", file=sys.stderr)
        return 2
    part = {kind: body for kind, _, body in found if kind != "answer"}
    header = GENERATED.format(source=os.path.basename(path))
    members = [f"  {a['result']} (*{a['name']})({a['params']});" for a in answers]
    solution = f"Solution{{{', '.join(names)}}}"
    types_includes, types = split_includes(part["types"])
    files = {
        "exercise.hpp": [header + "// What you write (student.cpp) and what the exercises call.", "#pragma once",
                         "#include <span>", "#include <vector>", "", "#include <tracegrad/tape.hpp>", *types_includes,
                         "", "namespace exercise {", "", text(types), "// One complete set of answers: yours "
                         "(student.cpp), or the reference (the grader's alone).", "struct Solution {", *members, "};",
                         "", "Solution student_solution();  // student.cpp", "", "}  // namespace exercise"],
        "student.cpp": [text(part["template"]), '#include "exercise.hpp"', "", "namespace exercise {", ""],
        "reference.cpp": [header + "// The reference answers (the grader's alone).", '#include "teacher.hpp"', *ALWAYS,
                          *sorted({i for a in answers for i in a["includes"]} - set(ALWAYS)), "", "namespace exercise {", "",
                          "namespace {", ""],
    }
    for a in answers:
        files["student.cpp"] += [*a["doc"], a["signature"] + " {", *stub(a), "}", ""]
        files["reference.cpp"] += [a["signature"] + " {", *a["body"], "}", ""]
    files["student.cpp"] += ["// ── (nothing to write below this line) " + "─" * 50,
                             f"Solution student_solution() {{ return {solution}; }}", "", "}  // namespace exercise"]
    files["reference.cpp"] += ["}  // namespace", "", f"Solution reference_solution() {{ return {solution}; }}", "",
                               "}  // namespace exercise"]
    for kind, include, what in (("model", "exercise_list.hpp", "The exercises' graphs and list (student side)."),
                                ("mistakes", "teacher.hpp", "The known mistakes (the grader's alone).")):
        includes, body = split_includes(part[kind])
        files[kind + ".cpp"] = [header + "// " + what, f'#include "{include}"', *ALWAYS,
                                *[i for i in includes if i not in ALWAYS], "", "namespace exercise {",
                                "", text(body), "}  // namespace exercise"]
    os.makedirs(out, exist_ok=True)
    for name, content in files.items():
        target = os.path.join(out, name)
        new = "\n".join(content).rstrip("\n") + "\n"
        try:
            with open(target, encoding="utf-8") as f:
                if f.read() == new:
                    continue  # unchanged: nothing rebuilds
        except OSError:
            pass
        with open(target + ".tmp", "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(target + ".tmp", target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
