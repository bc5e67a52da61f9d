#!/usr/bin/env python3
"""Grades a whole class with the autograder: CLASS_DIR holds one sub-folder per student, each
with its student.cpp. Each goes through run_autograder (an autograder directory set up by
setup.sh, so weights and visibility come from its assignment file), and OUT.csv gets one row
per student — every test's score, the total, the maximum, why it was not graded — then a
mean row and a passed row; the summary is printed too. Run as root, like run_autograder.
A class folder is untrusted: a student folder or student.cpp that is a symbolic link, or a
student.cpp over MAX_SOURCE_BYTES, is not graded (its row scores 0 and says why); a folder
name that is not UTF-8 (or holds a control character) is written with \\xNN escapes.
usage: grade_class.py AUTOGRADER_DIR CLASS_DIR OUT.csv"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys

HEADER = "student"
MAX_SOURCE_BYTES = 1 << 20  # 1 MiB: far more than any answer file, and no disk filled by a copy


def cell(text):
    """A CSV cell a spreadsheet will not run: a leading =, +, - or @ is quoted with '."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def printable(name):
    """A folder name as the CSV shows it: a byte that is not UTF-8 (a surrogate escape, as
    os.listdir gives it) or a control character is written \\xNN."""
    return "".join(f"\\x{ord(c) - 0xDC00 if 0xDC80 <= ord(c) <= 0xDCFF else ord(c):02X}"
                   if 0xDC80 <= ord(c) <= 0xDCFF or ord(c) < 0x20 or ord(c) == 0x7F else c for c in name)


def refusal(folder):
    """Why a student's folder is not graded, or None: links would grade (and copy) files
    outside the class folder, a huge file would fill the disk."""
    source = os.path.join(folder, "student.cpp")
    if os.path.islink(folder):
        return "the student folder is a symbolic link: not graded"
    if os.path.islink(source):
        return "student.cpp is a symbolic link: not graded"
    if os.path.lexists(source) and not os.path.isfile(source):
        return "student.cpp is not a regular file: not graded"
    if os.path.isfile(source) and os.path.getsize(source) > MAX_SOURCE_BYTES:
        return f"student.cpp is {os.path.getsize(source)} bytes, more than {MAX_SOURCE_BYTES}: not graded"
    return None


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    root, class_dir, out = argv[1:4]
    here = os.path.dirname(os.path.abspath(__file__))
    if not os.path.isdir(class_dir):
        print(f"grade_class: {class_dir}: not a directory", file=sys.stderr)
        return 2
    if os.path.exists(out):
        with open(out, encoding="utf-8", errors="replace") as f:
            if not f.readline().startswith(HEADER + ","):
                print(f"grade_class: refusing to overwrite {out}: it is not a class CSV", file=sys.stderr)
                return 2
    students = sorted(d for d in os.listdir(class_dir) if os.path.isdir(os.path.join(class_dir, d)))
    rows, names = [], []
    for student in students:
        error = refusal(os.path.join(class_dir, student))
        if error:
            rows.append((student, {}, 0, "", error))
            continue
        submission = os.path.join(root, "submission")
        shutil.rmtree(submission, ignore_errors=True)
        os.makedirs(submission)
        source = os.path.join(class_dir, student, "student.cpp")
        if os.path.isfile(source):
            shutil.copyfile(source, os.path.join(submission, "student.cpp"))
        env = dict(os.environ, AUTOGRADER=root)
        subprocess.run(["bash", os.path.join(here, "run_autograder")], env=env, check=True)
        with open(os.path.join(root, "results", "results.json"), encoding="utf-8") as f:
            results = json.load(f)
        scores = {t["name"]: t["score"] for t in results.get("tests", [])}
        for t in results.get("tests", []):
            if t["name"] not in names:
                names.append(t["name"])
        rows.append((student, scores, results["score"], results.get("max_score", ""), ""))
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow([HEADER, *names, "total", "max", "error"])
    for student, scores, total, top, error in rows:
        w.writerow([cell(printable(student)), *[scores.get(n, 0) for n in names], total, top, error])
    count = max(len(rows), 1)
    w.writerow(["(mean)", *[round(sum(r[1].get(n, 0) for r in rows) / count, 3) for n in names],
                round(sum(r[2] for r in rows) / count, 3), "", ""])
    w.writerow(["(passed)", *[sum(1 for r in rows if r[1].get(n, 0) > 0) for n in names], "", "", ""])
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text.getvalue())
    os.replace(tmp, out)
    print(f"{len(rows)} students graded into {out}")
    for n in names:
        print(f"  {n}: {sum(1 for r in rows if r[1].get(n, 0) > 0)}/{len(rows)} pass")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
