#!/usr/bin/env python3
"""How long the viewer page takes to draw a `tracegrad eval` graph of N nodes (x + x + … + x:
one leaf used by every add), in real headless Chromium: the CPU time of the page's main
thread (Chromium's ThreadTime metric, which a machine busy with other jobs does not inflate
as it does wall-clock time) to open the page, its first drawing included, and to redraw it
(render() and the layout it forces, best of 3), with the redraw's layout time;
at each N, and the ratio per doubling (2 is linear, 4 quadratic). It reports figures and
asserts nothing.

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


def metrics():
    return {m["name"]: m["value"] for m in driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]}


def redraw():
    """CPU and layout seconds of one render() and the layout it forces."""
    before = metrics()
    driver.execute_script("render(); document.body.offsetHeight;")
    after = metrics()
    return [after[k] - before[k] for k in ("ThreadTime", "LayoutDuration")]


try:
    driver.execute_cdp_cmd("Performance.enable", {})
    print(f"viewer: {ref or 'this tree'}; eval x + x + … + x in headless Chromium at 1280×800; main-thread CPU ms")
    print(f"{'nodes':>6} {'open':>7} {'ratio':>6} {'redraw':>7} {'ratio':>6} {'of it layout':>12}")
    previous = None
    for n in sizes:
        html = page(n)
        driver.get(html.as_uri())
        opened = metrics()["ThreadTime"] * 1000  # a new document's metrics start from 0
        cpu, layout = (1000 * x for x in min((redraw() for _ in range(3)), key=lambda r: r[0]))
        ratios = ("", "") if previous is None else (f"{opened / previous[0]:.2f}", f"{cpu / previous[1]:.2f}")
        print(f"{n:>6} {opened:>7.0f} {ratios[0]:>6} {cpu:>7.0f} {ratios[1]:>6} {layout:>12.0f}", flush=True)
        previous = (opened, cpu)
finally:
    driver.quit()
