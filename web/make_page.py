#!/usr/bin/env python3
"""Writes one self-contained page of build/web/ from its template (web/*.html): the policy and
the style (web/page.css) into its head, and for a page with a module the module emscripten
built, its WebAssembly (M.wasm beside M.js, base64, in a <script type="application/octet-stream"
id="wasm"> block the page's script decodes) and the page's script at its end, so it needs
nothing else: no server, no network.

usage: make_page.py --template web/lesson.html --module build-web/lessons/L.js --source lessons/L.cpp -o OUT
       make_page.py --template web/sandbox.html --module build-web/web/sandbox.js -o OUT
       make_page.py --template web/index.html --lessons LESSONS_DIR NAME… -o OUT"""
import argparse
import base64
import html
import os
import pathlib
import re
import tempfile


def lesson_info(source):
    """The name, title and slides of a lesson, from the LessonInfo its main() gives run_lesson
    (its first three members, designated or not: info{.name = "NAME", .title = …)."""
    m = re.search(r'LessonInfo info\{(?:\.name = )?"(\w+)",\s*(?:\.title = )?"([^"]*)",\s*(?:\.slides = )?"([^"]*)"',
                  pathlib.Path(source).read_text())
    if not m:
        raise SystemExit(f"make_page.py: {source}: no LessonInfo info{{\"NAME\", \"TITLE\", \"SLIDES\" …")
    return {"name": m[1], "title": m[2], "slides": m[3]}


def fill(page, marker, text):
    if marker not in page:
        raise SystemExit(f"make_page.py: no {marker} in the template")
    return page.replace(marker, text)


def script_safe(js):
    """Inside <script> nothing may read as its end tag: "<\\/script" means the same in JS."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.I)


def head(folder, runs_wasm):
    """What every page's <head> holds: its policy (no fetch, no connection, nothing from
    elsewhere: inline scripts and styles and, for a page with a module, WebAssembly compiled from
    the bytes inlined in it, a worker made from the page's own scripts (a blob: URL), the
    viewer's page drawn in a frame of its own) and the style."""
    policy = "default-src 'none'; style-src 'unsafe-inline'"
    if runs_wasm:
        policy += "; script-src 'unsafe-inline' 'wasm-unsafe-eval'; worker-src blob:; frame-src 'self'"
    return (f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            f'<style>\n{(folder / "page.css").read_text()}</style>')


def scripts(template, module):
    """The module's WebAssembly (base64, for the script to decode), the module (its text also
    what a lesson's worker runs), and the page's script (web/NAME.js beside NAME.html, after
    web/page_common.js)."""
    wasm = base64.b64encode(module.with_suffix(".wasm").read_bytes()).decode()
    script = (template.parent / "page_common.js").read_text() + template.with_suffix(".js").read_text()
    return (f'<script type="application/octet-stream" id="wasm">{wasm}</script>\n'
            f'<script id="module">\n{script_safe(module.read_text())}</script>\n'
            f'<script>\n"use strict";\n{script_safe(script)}</script>')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--template", required=True)
    ap.add_argument("--module")
    ap.add_argument("--source")
    ap.add_argument("--lessons", nargs="+")
    ap.add_argument("-o", dest="out", required=True)
    a = ap.parse_args()
    template = pathlib.Path(a.template)
    page = fill(template.read_text(), "<!--web:head-->", head(template.parent, bool(a.module)))
    if a.module:
        page = fill(page, "<!--web:scripts-->", scripts(template, pathlib.Path(a.module)))
    if a.source:
        info = lesson_info(a.source)
        page = fill(page, "<!--web:title-->", html.escape(info["title"]))
        page = fill(page, "<!--web:lesson-->", html.escape(f'{info["name"]}, slides {info["slides"]}'))
    if a.lessons:
        folder, names = pathlib.Path(a.lessons[0]), a.lessons[1:]
        rows = []
        infos = [lesson_info(folder / f"{name}.cpp") for name in names]
        for info in sorted(infos, key=lambda i: int(re.match(r"\d+", i["slides"])[0])):  # in the deck's order
            name = info["name"]
            rows.append(f'<li><a href="{name}.html">{html.escape(info["title"])}</a> '
                        f'<small>{name}, slides {html.escape(info["slides"])}</small></li>')
        page = fill(page, "<!--web:lessons-->", "\n".join(rows))
    out = pathlib.Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    with os.fdopen(fd, "w") as f:
        f.write(page)
    os.chmod(temp, 0o644)
    os.replace(temp, out)


main()
