#!/usr/bin/env python3
"""Writes one self-contained page of build/web/ from its template (web/*.html): the style
(web/page.css), the template's own script (web/NAME.js beside NAME.html, after web/page_common.js) and the module
emscripten built and its WebAssembly (M.wasm beside M.js, in base64, in a
<script type="application/octet-stream" id="wasm"> block the page's script decodes) go into the page, so it needs nothing
else: no server, no network.

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
    """The name, title and slides of a lesson, from the LessonInfo its main() gives run_lesson."""
    m = re.search(r'LessonInfo info\{"(\w+)", "([^"]*)", "([^"]*)"', pathlib.Path(source).read_text())
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--template", required=True)
    ap.add_argument("--module")
    ap.add_argument("--source")
    ap.add_argument("--lessons", nargs="+")
    ap.add_argument("-o", dest="out", required=True)
    a = ap.parse_args()
    template = pathlib.Path(a.template)
    page = template.read_text()
    page = fill(page, "/*web:style*/", (template.parent / "page.css").read_text())
    script = template.with_suffix(".js")
    if script.exists():  # after what every page's script uses (web/page_common.js)
        page = fill(page, "/*web:script*/", script_safe((template.parent / "page_common.js").read_text() + script.read_text()))
    if a.module:
        module = pathlib.Path(a.module)
        page = fill(page, "/*web:module*/", script_safe(module.read_text()))
        page = fill(page, "/*web:wasm*/", base64.b64encode(module.with_suffix(".wasm").read_bytes()).decode())
    if a.source:
        info = lesson_info(a.source)
        page = fill(page, "<!--web:title-->", html.escape(info["title"]))
        page = fill(page, "<!--web:lesson-->", html.escape(f'{info["name"]}, slides {info["slides"]}'))
    if a.lessons:
        folder, names = pathlib.Path(a.lessons[0]), a.lessons[1:]
        rows = []
        for name in names:
            info = lesson_info(folder / f"{name}.cpp")
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
