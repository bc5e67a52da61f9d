#!/usr/bin/env python3
"""How long the viewer page takes to draw a `tracegrad eval` graph of N nodes (x + x + … + x:
one leaf used by every add), in real headless Chromium: the page's load (to its load event,
its first drawing included) and a redraw (render(), best of 3, with the layout it forces), at
each N, and the ratio per doubling (2 is linear, 4 quadratic). It reports figures; it asserts
nothing (a machine shared with other jobs makes timings vary).

usage: viewer_speed.py TRACEGRAD_BINARY [--viewer-from GIT_REF] [N …]
  --viewer-from REF  the same pages drawn by the viewer's scripts at REF (git show
                     REF:lib/view/src/viewer/*.js), for a before/after comparison"""
import pathlib
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from browser import Service, webdriver  # noqa: E402 (FAILs when the browser is missing)

args = sys.argv[1:]
if not args:
    sys.exit(__doc__)
tracegrad, ref = args.pop(0), None
if args[:1] == ["--viewer-from"]:
    ref = args[1]
    args = args[2:]
sizes = [int(n) for n in args] or [300, 600, 1200, 2400]
source = pathlib.Path(__file__).resolve().parents[2]
work = pathlib.Path(tempfile.mkdtemp(prefix="viewer_speed."))


def scripts_at(ref):
    """The viewer's scripts at a git ref, joined in the order lib/view/CMakeLists.txt lists them there."""
    show = lambda path: subprocess.run(["git", "-C", str(source), "show", f"{ref}:{path}"], check=True,
                                       capture_output=True, text=True).stdout
    order = re.search(r"set\(viewer_scripts ([^)]*)\)", show("lib/view/CMakeLists.txt")).group(1).split()
    return "".join(f"// ---- {name}\n{show('lib/view/src/viewer/' + name)}" for name in order)


def page(n):
    html = work / f"eval{n}.html"
    subprocess.run([tracegrad, "eval", "+".join(["x"] * n), "x=1", "--html", str(html)], check=True, capture_output=True, timeout=120)
    if ref:
        text = html.read_text()
        start = text.index('<script>\n"use strict";\n') + len('<script>\n"use strict";\n')
        end = text.index("</script>", start)
        html.write_text(text[:start] + scripts_at(ref) + text[end:])
    return html


options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,800", f"--user-data-dir={work / 'profile'}"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
REDRAW = """let best = Infinity;
for (let r = 0; r < 3; r++) { const t = performance.now(); render(); document.body.offsetHeight; best = Math.min(best, performance.now() - t); }
return [performance.getEntriesByType('navigation')[0].loadEventEnd, best];"""
try:
    print(f"viewer: {ref or 'this tree'}; eval x + x + … + x in headless Chromium at 1280×800")
    print(f"{'nodes':>6} {'load ms':>9} {'ratio':>6} {'redraw ms':>10} {'ratio':>6}")
    previous = None
    for n in sizes:
        driver.get(page(n).as_uri())
        load, redraw = driver.execute_script(REDRAW)
        ratios = ("", "") if previous is None else (f"{load / previous[0]:.2f}", f"{redraw / previous[1]:.2f}")
        print(f"{n:>6} {load:>9.0f} {ratios[0]:>6} {redraw:>10.0f} {ratios[1]:>6}", flush=True)
        previous = (load, redraw)
finally:
    driver.quit()
