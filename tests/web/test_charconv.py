#!/usr/bin/env python3
"""web/compat/charconv (the double overloads of std::to_chars and std::from_chars that
emscripten 3.1.6's libc++ lacks, which --set values and every number a lesson formats in a
page go through) prints, for tests/web/charconv_check.cpp's thousands of inputs, exactly what
the native standard library prints. Skipped (77) without the WebAssembly build or node,
unless TRACEGRAD_REQUIRE_WEB is set.

usage: test_charconv.py NATIVE_CHARCONV_CHECK WASM_CHARCONV_CHECK_JS"""
import difflib
import os
import pathlib
import shutil
import subprocess
import sys

native, wasm = sys.argv[1], pathlib.Path(sys.argv[2])
node = shutil.which("node")
if not wasm.exists() or not node:
    what = f"no {wasm} (make web builds it)" if not wasm.exists() else "no node (it comes with emscripten)"
    if os.environ.get("TRACEGRAD_REQUIRE_WEB"):
        sys.exit(f"FAIL: {what}; TRACEGRAD_REQUIRE_WEB is set")
    print(f"SKIP: {what}")
    sys.exit(77)
expected = subprocess.run([native], capture_output=True, text=True, timeout=60, check=True).stdout
got = subprocess.run([node, str(wasm)], capture_output=True, text=True, timeout=60, check=True).stdout
if got != expected:
    diff = list(difflib.unified_diff(expected.splitlines(), got.splitlines(), "native", "wasm", lineterm="", n=0))
    print("\n".join(diff[:40]))
    sys.exit(f"FAIL: {sum(1 for d in diff if d.startswith('+') and not d.startswith('+++'))} lines differ")
print(f"ok: {len(expected.splitlines())} conversions the same")
