#!/usr/bin/env python3
"""Every page `make lessons` writes, an exercise page with a wrong rule and a `tracegrad eval`
page, opened as a student would at 1280×800 in real headless Chromium (Debian's chromium,
chromium-driver, python3-selenium). From the DOM (page_audit.js), at step 0 and at a later
step of every run of every page: no text under 11 px, no two text boxes overlapping, no edge
through a box it does not connect. Then the pictures' numbers against the traces' (slide 23's
line, the contours' path and levels, the sweeps, slide 33's candidates, …), the graph's
opening view (whole when it fits at text ≥ 11 px, else from its inputs with "more to the
right" and a fit button; fitted again on a resize unless zoomed by hand), zoom and renderTraces. Screenshots of both steps of each run are kept under WORK_DIR/screenshots.
A missing browser is a FAILURE.

usage: test_viewer_pages.py TRACEGRAD_BINARY LESSONS_DIR WORK_DIR"""
import base64
import json
import math
import pathlib
import shutil
import subprocess
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import v2_locals  # noqa: E402

tracegrad, lessons, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
source = pathlib.Path(__file__).resolve().parents[2]
import browser  # noqa: E402 (FAILs when the browser is missing)
from browser import ActionChains, By  # noqa: E402

shutil.rmtree(work, ignore_errors=True)
(work / "traces").mkdir(parents=True)
(work / "screenshots").mkdir()
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def view(traces, page):
    subprocess.run([tracegrad, "view", *map(str, traces), "-o", str(page)], check=True, capture_output=True, timeout=60)
    return page


# every lesson's default run and its page, as scripts/run-lessons.sh writes them
pages = {}
for exe in sorted(p for p in lessons.iterdir() if p.is_file() and p.stat().st_mode & 0o111):
    subprocess.run([str(exe), "--no-pause", "--trace-dir", str(work / "traces")], check=True, capture_output=True,
                   stdin=subprocess.DEVNULL, timeout=120)
    traces = sorted(work.glob(f"traces/{exe.name}.json")) + sorted(work.glob(f"traces/{exe.name}-*.json"))
    pages[exe.name] = view(traces, work / f"{exe.name}.html")


# the deck's biggest graph with every edge's local derivative, as a v2 trace will have them
big = v2_locals.add_locals(json.loads((work / "traces/logistic_two_features.json").read_text()))
(work / "logistic_two_features_v2.json").write_text(json.dumps(big))
pages["logistic_two_features_v2"] = view([work / "logistic_two_features_v2.json"], work / "logistic_two_features_v2.html")


def sigmoid(z):
    return 1 / (1 + math.exp(-z))


# Exercise 4 as a student who wrote σ′(z) as σ(z) would run it: every op node carries the local
# derivative that run multiplied in (trace v2's "local"), and the gradients follow from it.
exercise = json.loads((source / "traces/exercises/exercises-sigmoid.json").read_text())
nodes = exercise["steps"][0]["nodes"]
v = [n["value"] for n in nodes]
rules = {3: [v[2], v[0]], 4: [1, 1], 5: [sigmoid(v[4])], 7: [1, -1], 8: [1 / v[7]], 9: [-1]}  # 5: the wrong rule
grad = {n["id"]: 1.0 if n["id"] == 9 else 0.0 for n in nodes}
for n in nodes:
    if n["id"] in rules:
        n["local"] = rules[n["id"]]
for n in reversed(nodes):
    for k, i in enumerate(n["inputs"]):
        grad[i] += grad[n["id"]] * n["local"][k]
for n in nodes:
    if n["role"] != "const":  # trace v2: a constant carries no gradient
        n["grad"] = grad[n["id"]]
wrong_z_grad = nodes[4]["grad"]
(work / "traces/exercise-wrong-sigmoid.json").write_text(json.dumps(exercise))
pages["exercise_wrong_sigmoid"] = view([work / "traces/exercise-wrong-sigmoid.json"], work / "exercise_wrong_sigmoid.html")
# every exercise's reference trace, one page of seven runs as an exercise's check writes them
pages["exercises"] = view(sorted((source / "traces/exercises").glob("*.json")), work / "exercises.html")
subprocess.run([tracegrad, "eval", "log(1 - sigmoid(w*x + b))", "x=1.4", "w=-0.1", "b=0.1", "--html", str(work / "eval.html")],
               check=True, capture_output=True, timeout=60)
pages["eval"] = work / "eval.html"
# x used by every node of a chain of 40 products: its edges run along lanes under the graph
subprocess.run([tracegrad, "eval", "*".join(["x"] * 40), "x=1.01", "--html", str(work / "eval_long.html")],
               check=True, capture_output=True, timeout=60)
pages["eval_long"] = work / "eval_long.html"

driver = browser.start(work / "profile", "1280,800", "--headless", "--hide-scrollbars", "--force-device-scale-factor=1",
                       logs=("browser",))
driver.set_script_timeout(180)  # the audit of the biggest page, on a machine busy with other builds, took over 30 s
audit = (source / "tests/browser/page_audit.js").read_text()
shots = []


def text(element_id):
    return driver.execute_script(f"return document.getElementById('{element_id}').textContent")


# At load, every input box inside the graph's visible panel (it opens where the computation
# starts); the loss box (the one backward started from) and the "loss" heading too when the
# graph fits, else "more to the right" shown; and at every step no cell of "This step" cut off
# by its panel.
IN_VIEW = """const scroll = document.getElementById('graph-scroll'), box = scroll.getBoundingClientRect();
    const inside = (e) => { const r = e.getBoundingClientRect();
      return r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1; };
    const inputs = [...document.querySelectorAll('#graph .node rect.role-input')];
    const loss = [...document.querySelectorAll('#graph .node rect.role-loss')].pop();
    const head = [...document.querySelectorAll('#graph text.heading')].find((t) => t.textContent === 'loss');
    return {inputs: inputs.length, cut: inputs.filter((r) => !inside(r)).length, loss: loss ? inside(loss) : null,
            head: head ? inside(head) : null, fits: scroll.scrollWidth <= scroll.clientWidth,
            more: !document.getElementById('graph-more').hidden, zoom: document.getElementById('zoom-level').textContent}"""
UNCLIPPED = """const panel = document.getElementById('updates').parentElement, p = panel.getBoundingClientRect();
    return [...document.querySelectorAll('#updates th, #updates td')].filter((c) => {
      const r = c.getBoundingClientRect();
      return r.right > p.right - 8 + 1 || r.left < p.left + 8 - 1 || c.scrollWidth > c.clientWidth;
    }).map((c) => c.textContent).concat(panel.scrollWidth > panel.clientWidth ? ['the panel scrolls'] : [])"""


def inspect(name, when):
    if when == "step0" and driver.find_element(By.ID, "graph").is_displayed():
        seen = driver.execute_script(IN_VIEW)
        check(seen["cut"] == 0, f"{name} at load: {seen['cut']} of {seen['inputs']} input boxes cut off ({seen})")
        if seen["fits"]:
            check(seen["loss"] is not False and seen["head"] is not False and not seen["more"], f"{name} at load, fitted: {seen}")
        else:
            check(seen["more"] and seen["zoom"] == f"{round(100 * 11 / 12)}%", f"{name} at load, wider than its panel: {seen}")
    clipped = driver.execute_script(UNCLIPPED)
    check(not clipped, f"{name} {when}: 'This step' cut off in its panel: {clipped}")
    found = driver.execute_script(audit)
    check(found["texts"] > 10, f"{name} {when}: only {found['texts']} texts on the page")
    for kind in ("small", "overlaps", "crossings", "clipped"):
        for what in found[kind][:8]:
            failures.append(f"{name} {when}: {kind}: {what}")
    # the whole page as audited, below the window too (the pictures are under the graph)
    shot = work / "screenshots" / f"{name}-{when}.png"
    width, height = driver.execute_script("return [innerWidth, document.documentElement.scrollHeight]")
    png = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    shot.write_bytes(base64.b64decode(png["data"]))
    shots.append(shot)


try:
    driver.set_window_size(1280, 800)
    for name, page in pages.items():
        driver.get(page.as_uri())
        inspect(name, "step0")
        steps = int(driver.execute_script("return Number(document.getElementById('slider').max)"))
        later = min(steps, 3)
        if later:
            driver.execute_script(f"const s = document.getElementById('slider'); s.value = {later}; s.dispatchEvent(new Event('input'))")
            check(text("step-label").startswith(f"step {later} of {steps}"), f"{name}: step label {text('step-label')!r}")
            check(driver.find_element(By.ID, "graph").is_displayed(), f"{name}: step {later} shows no graph")
            inspect(name, f"step{later}")
        else:
            updates = driver.execute_script(  # the first run's first step, as the page embeds it
                "const t = JSON.parse(document.getElementById('traces').textContent).traces[0];"
                "return (t.steps[0] || {updates: []}).updates.length")
            single = "one step (this run makes one update)" if updates else "one evaluation (nothing is updated)"
            check(text("step-label").startswith(single), f"{name}: a one-step run's label {text('step-label')!r}")
            driver.find_element(By.ID, "play").click()  # its animation, paused as soon as a phase shows
            phase, deadline = "", time.time() + 10  # polled: a loaded machine draws the frames late
            while time.time() < deadline and not ("forward" in phase or "backward" in phase):
                time.sleep(0.05)
                phase = text("phase")
            driver.find_element(By.ID, "play").click()
            check("forward" in phase or "backward" in phase, f"{name}: play shows no phase {phase!r}")
            inspect(name, "playing")
        # the page's other runs (lines_and_loss's four, gd_square's η's): each audited at step 0 and a later one
        runs = driver.execute_script("return [...document.querySelectorAll('#run option')].map(o => [o.value, o.textContent])")
        for value, run in runs[1:]:
            driver.execute_script(f"const r = document.getElementById('run'); r.value = '{value}'; r.dispatchEvent(new Event('change'))")
            inspect(run, "step0")
            steps = int(driver.execute_script("return Number(document.getElementById('slider').max)"))
            if steps:
                driver.execute_script(f"const s = document.getElementById('slider'); s.value = {min(steps, 3)}; s.dispatchEvent(new Event('input'))")
                inspect(run, f"step{min(steps, 3)}")
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        check(not errors, f"{name}: console messages {errors}")

    # slide 23: the point (6.7, 9.1) and the line after the update through (6.7, 8.168)
    driver.get(pages["linear_regression"].as_uri())
    model = driver.execute_script("""return [...document.querySelectorAll('#picture polyline[data-model]')].map(l =>
        [l.dataset.model, Number(l.dataset.slope), Number(l.dataset.intercept)])""")
    after = [m for m in model if m[0] == "after the update"]
    check(len(after) == 1 and abs(after[0][1] * 6.7 + after[0][2] - 8.1680164) < 1e-6, f"slide 23's line after the update: {model}")
    before = [m for m in model if m[0] == "before the update"]
    check(len(before) == 1 and abs(before[0][1] * 6.7 + before[0][2] - (-2.238)) < 1e-9, f"slide 23's line before the update: {model}")
    point = driver.execute_script("const c = document.querySelector('#picture .data-point'); return c && [Number(c.dataset.x), Number(c.dataset.y)]")
    check(point == [6.7, 9.1], f"slide 23's data point {point}")
    check("ŷ = 1.179x + 0.2668" in text("picture-legend"), f"slide 23's legend {text('picture-legend')!r}")
    # data carry no gradient where there are parameters to train; w does
    graph = text("graph")
    check("grad -151.9292" in graph and "grad 7.70984" not in graph and "grad 6.7" not in graph, f"linear regression's gradients: {graph!r}")
    # slides 16–17: L against w and against b through the start, the tangent's slope the trace's gradient
    curves = driver.execute_script("""return [...document.querySelectorAll('#curves svg')].map(c => [c.dataset.param,
        Number(c.querySelector('.tangent').dataset.slope), Number(c.querySelector('.tangent').dataset.at)])""")
    want = [["w", -151.9292, -0.34], ["b", -22.676, 0.04]]
    check(len(curves) == 2 and all(c[0] == w[0] and abs(c[1] - w[1]) < 1e-9 and abs(c[2] - w[2]) < 1e-12 for c, w in zip(curves, want)),
          f"slides 16–17's curves {curves}")
    # slide 22's step on the contours of L(w, b): the path from (w0, b0) to the updated (w, b),
    # the dark contours at the losses the trace holds (before and after the update)
    lr_trace = json.loads((work / "traces/linear_regression.json").read_text())
    seen = driver.execute_script("""const p = document.querySelector('#contours polyline[data-path]');
        const ring = document.querySelector('#contours circle.current');
        return {path: p && JSON.parse(p.dataset.path), ring: ring && [Number(ring.dataset.x), Number(ring.dataset.y)],
                levels: [...document.querySelectorAll('#contours path.contour:not(.faint)')].map(c => Number(c.dataset.level)),
                empty: [...document.querySelectorAll('#contours path.contour')].filter(c => !c.getAttribute('d')).length,
                title: document.getElementById('contours-title').textContent}""")
    path = seen["path"] or []
    check(len(path) == 2 and path[0] == [-0.34, 0.04] and abs(path[1][0] - 1.179292) < 1e-12 and abs(path[1][1] - 0.26676) < 1e-12,
          f"slide 22's path on the contours {path}")
    check(seen["ring"] == [-0.34, 0.04], f"the contours' current step {seen['ring']}")
    want = [lr_trace["steps"][0]["loss"], lr_trace["final"]["loss"]]
    check(len(seen["levels"]) == 2 and all(abs(a - b) <= 1e-12 * b for a, b in zip(seen["levels"], want)) and seen["empty"] == 0,
          f"the contours' levels {seen['levels']}, the trace's losses {want}, {seen['empty']} empty")
    check(seen["title"] == "Contours of L(w, b) with the path of the iterates", f"contours title {seen['title']!r}")
    # zoom: the graph opens fitted to its panel (1384 px at full size), its text at 11 px, not under;
    # 0 gives full size, + scales the graph by 1.25 (its text with it), so does the button
    size = lambda: driver.execute_script("""const g = document.getElementById('graph');
        return [g.querySelector('g.zoom').getAttribute('transform'), Number(g.getAttribute('width')), g.querySelector('text').getScreenCTM().a]""")
    opened = size()
    panel = driver.execute_script("return document.getElementById('graph-scroll').clientWidth")
    driver.find_element(By.TAG_NAME, "body").send_keys("0")
    full = size()
    check(full[0] == "scale(1)" and abs(full[2] - 1) < 1e-9 and full[1] > panel, f"0 gave {full}, wider than the panel's {panel} px")
    fit = max(11 / 12, panel / full[1])
    check(abs(opened[2] - fit) < 1e-6 and abs(opened[1] - fit * full[1]) < 1e-6, f"the graph opens at {opened}, not fitted ({fit})")
    driver.find_element(By.TAG_NAME, "body").send_keys("+")
    zoomed = size()
    check(zoomed[0] == "scale(1.25)" and abs(zoomed[1] - 1.25 * full[1]) < 1e-6 and abs(zoomed[2] - 1.25) < 1e-9, f"+ zoomed to {zoomed}")
    driver.find_element(By.TAG_NAME, "body").send_keys("0")
    check(size() == full, f"0 gave back {size()}, not {full}")
    driver.find_element(By.ID, "zoom-out").click()
    check(size()[0] == "scale(0.8)", f"the zoom-out button gave {size()}")
    driver.execute_script("""const b = document.getElementById('graph-scroll').getBoundingClientRect();
        document.getElementById('graph-scroll').dispatchEvent(new WheelEvent('wheel', {deltaY: -100, ctrlKey: true, clientX: b.left + 50, clientY: b.top + 50, bubbles: true, cancelable: true}))""")
    check(size()[0] == "scale(1)", f"Ctrl + wheel up from 0.8 gave {size()}")
    # linear_regression's graph does not fit 1280 px at 11 px text: it opens at its inputs with
    # "more to the right"; the fit button shows it whole, the loss in view; a wider window fits
    # it again at full size, the old width back at 92 %, but not after a zoom by hand
    driver.get(pages["linear_regression"].as_uri())
    opened = driver.execute_script(IN_VIEW)
    check(not opened["fits"] and opened["more"] and opened["cut"] == 0 and opened["loss"] is False,
          f"linear_regression opens {opened}, not at its inputs with the loss to the right")
    driver.find_element(By.ID, "zoom-fit").click()
    whole = driver.execute_script(IN_VIEW)
    check(whole["fits"] and whole["loss"] and whole["cut"] == 0 and not whole["more"] and abs(size()[1] - panel) <= 1,
          f"fit gave {whole}, {size()}: not the whole graph in the panel's {panel} px")

    def resized(width, height, want):
        driver.set_window_size(width, height)
        browser_seen = lambda: driver.execute_script(IN_VIEW)["zoom"] == want
        deadline = time.time() + 5
        while time.time() < deadline and not browser_seen():
            time.sleep(0.05)
        return driver.execute_script(IN_VIEW)

    driver.get(pages["linear_regression"].as_uri())
    wide = resized(1600, 900, "100%")
    check(wide["zoom"] == "100%" and wide["fits"] and wide["loss"] and wide["cut"] == 0 and not wide["more"],
          f"at 1600 px the graph is not fitted again at full size: {wide}")
    back = resized(1280, 800, "92%")
    check(back["zoom"] == "92%" and back["cut"] == 0 and back["more"], f"back at 1280 px: {back}")
    driver.find_element(By.TAG_NAME, "body").send_keys("+")
    by_hand = driver.execute_script(IN_VIEW)["zoom"]
    kept = resized(1600, 900, "100%")
    check(kept["zoom"] == by_hand == "115%", f"zoomed by hand to {by_hand}, a resize gave {kept['zoom']}")
    driver.set_window_size(1280, 800)
    # renderTraces(data), the entry point a page that re-runs a lesson calls: again is the page it opened on
    driver.get(pages["linear_regression"].as_uri())
    before = driver.execute_script("return document.getElementById('graph').outerHTML + document.getElementById('side').innerText")
    driver.execute_script("renderTraces(JSON.parse(document.getElementById('traces').textContent)); renderTraces(JSON.parse(document.getElementById('traces').textContent))")
    after = driver.execute_script("return document.getElementById('graph').outerHTML + document.getElementById('side').innerText")
    check(before == after, "renderTraces twice does not give the page it opened on")
    # and with other runs (gd_square's four, then back): their runs, their panels, nothing left over
    gd_data = json.loads(pages["gd_square"].read_text().split('id="traces">')[1].split("</script>")[0])
    driver.execute_script("renderTraces(arguments[0])", gd_data)
    seen = driver.execute_script("return [document.querySelectorAll('#run option').length, document.getElementById('gd-panel').hidden, document.getElementById('contours-panel').hidden, document.getElementById('title').textContent]")
    check(seen[:3] == [4, False, True] and seen[3].endswith("(slide 4)"), f"renderTraces with gd_square's runs: {seen}")
    driver.execute_script("renderTraces(JSON.parse(document.getElementById('traces').textContent))")
    seen = driver.execute_script("return [document.querySelectorAll('#run option').length, document.getElementById('gd-panel').hidden, document.getElementById('contours-panel').hidden]")
    check(seen == [1, True, False], f"renderTraces back to linear_regression's run: {seen}")

    # training: θ's path on the contours of the whole data set's loss, 200 updates; demo: a labelled slice
    driver.get(pages["training"].as_uri())
    seen = driver.execute_script("return [JSON.parse(document.querySelector('#contours polyline[data-path]').dataset.path).length, document.querySelectorAll('#contours path.contour:not(.faint)').length]")
    check(seen == [201, 8], f"training's contours: path of {seen[0]} points, {seen[1]} levels")
    driver.get(pages["demo"].as_uri())
    check(text("contours-title").startswith("Contours of L(theta[1], theta[2]) in the slice theta[0] = 0.1") and "shadow" in text("contours-note"),
          f"demo's slice {text('contours-title')!r}")

    # slides 30–31: the sigmoid with the deck's two fits
    driver.get(pages["logistic_one_feature"].as_uri())
    fits = driver.execute_script("return [...document.querySelectorAll('#picture polyline[data-model]')].map(l => [Number(l.dataset.slope), Number(l.dataset.intercept)])")
    check([0.535, -0.654] in fits and [2.331, -5.156] in fits, f"slides 30–31's fits {fits}")

    # training: the 8 points, the model after each epoch so far, this step's boundary x = −b/w
    driver.get(pages["training"].as_uri())
    driver.execute_script("const s = document.getElementById('slider'); s.value = 40; s.dispatchEvent(new Event('input'))")
    train = json.loads((work / "traces/training.json").read_text())
    b, w = train["steps"][40]["updates"][0]["after"]
    seen = driver.execute_script("""return {points: document.querySelectorAll('#picture .data-point').length,
        epochs: [...document.querySelectorAll('#picture polyline[data-model^="after epoch"]')].length,
        boundary: Number(document.querySelector('#picture .boundary').dataset.x)}""")
    check(seen["points"] == 8 and seen["epochs"] == 5 and abs(seen["boundary"] + b / w) < 1e-9, f"training's picture at step 40: {seen}, boundary {-b / w}")
    inspect("training", "step40")

    # θ's table at step 3 one row per element, as the parameters' plot names them
    rows = driver.execute_script("return [...document.querySelectorAll('#updates tr')].map(r => r.cells[0].textContent)")
    check(rows == ["param", "theta[0]", "theta[1]"], f"training's 'This step' rows {rows}")
    # a run that kept no graph: the message says where its numbers are, and they are there
    data = json.loads(pages["training"].read_text().split('id="traces">')[1].split("</script>")[0])
    for step in data["traces"][0]["steps"]:
        step["graph"] = None
    driver.execute_script("renderTraces(arguments[0])", data)
    message = text("no-graph")
    below = driver.execute_script("""const g = document.getElementById('graph-panel').getBoundingClientRect();
        return [...document.querySelectorAll('#side > div:not([hidden])')].every(d => d.getBoundingClientRect().top >= g.bottom)""")
    check(message.endswith("its loss and updates are in the plots and the table below.") and "right" not in message and below,
          f"no graph kept: {message!r}, the plots below the graph: {below}")

    # an evaluation updates nothing and notes nothing: no empty "This step"
    driver.get(pages["eval_long"].as_uri())
    hidden = driver.execute_script("return document.getElementById('updates').parentElement.hidden")
    check(hidden, f"eval_long's empty 'This step' shown: hidden = {hidden}")

    # the biggest graph: its boxes' tooltips and details written when asked for, not with every box
    driver.get(pages["logistic_two_features_v2"].as_uri())
    counts = driver.execute_script("return [document.querySelectorAll('#graph .node').length, document.querySelectorAll('#graph *').length, document.querySelectorAll('#graph title').length]")
    check(counts[2] == 0 and counts[1] <= 20 * counts[0], f"the big graph's elements before any hover: {counts} (nodes, elements, titles)")
    node = driver.find_element(By.CSS_SELECTOR, '#graph .node[data-id="10"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'center'})", node)
    ActionChains(driver).move_to_element(node).perform()
    tip = driver.execute_script("const t = document.querySelector('#graph .node[data-id=\"10\"] title'); return t && t.textContent")
    node.click()
    check(tip is not None and tip == text("detail") and tip.startswith("y_hat = sigmoid #10; value "), f"hover: {tip!r}, click: {text('detail')!r}")
    # dragging the canvas moves the graph with the pointer: 150 px left drags the panel 150 px right
    driver.get(pages["logistic_two_features_v2"].as_uri())
    driver.find_element(By.ID, "zoom-reset").click()  # at full size, wider than its panel
    driver.execute_script("document.getElementById('graph-scroll').scrollLeft = 0")
    panel = driver.find_element(By.ID, "graph-scroll")
    start = driver.execute_script("return [document.getElementById('graph-scroll').scrollLeft, document.getElementById('graph-scroll').scrollWidth - document.getElementById('graph-scroll').clientWidth]")
    ActionChains(driver).move_to_element_with_offset(panel, 0, 0).click_and_hold().move_by_offset(-150, 0).release().perform()
    moved = driver.execute_script("return document.getElementById('graph-scroll').scrollLeft")
    check(start[1] >= 150 and abs(moved - start[0] - 150) <= 1, f"drag 150 px left: the panel scrolled from {start[0]} to {moved} (of {start[1]})")

    # chain_rule has no parameters: x is the variable, dg/dx = -16 at x = 0 is its point; f is an operation
    driver.get(pages["chain_rule"].as_uri())
    graph = text("graph")
    check("grad -16" in graph, f"chain_rule's dg/dx not shown: {graph!r}")
    roles = driver.execute_script("return [...document.querySelectorAll('#graph .node rect')].map(r => r.getAttribute('class'))")
    check(roles.count("role-loss") == 1 and roles[-1] == "role-loss", f"chain_rule's roles {roles}")

    # gd_square opens on slide 4's run; its loss on a log axis labelled at powers of ten
    driver.get(pages["gd_square"].as_uri())
    check(text("title").endswith("η = 0.1 (slide 4)"), f"gd_square opens on {text('title')!r}")
    runs = driver.execute_script("return [...document.querySelectorAll('#run option')].map(o => o.textContent)")
    check(runs == [f"gd_square-lr{lr}" for lr in ("0.1", "0.001", "0.8", "1.1")], f"gd_square's runs in the order {runs}")
    check(text("loss-title").endswith("(log scale)"), f"loss heading {text('loss-title')!r}")
    ticks = driver.execute_script("return [...document.querySelectorAll('#loss text.y-tick')].map(t => t.textContent)")
    check(len(ticks) >= 3 and all(abs(math.log10(float(t)) - round(math.log10(float(t)))) < 1e-9 for t in ticks), f"log ticks {ticks}")
    # gd_2d's contours zoomed on its iterates (|x|, |y| ≤ 4), not the ±100 domain
    driver.get(pages["gd_2d"].as_uri())
    ticks = driver.execute_script("return [...document.querySelectorAll('#gd text.tick')].map(t => Number(t.textContent)).filter(isFinite)")
    check(ticks and max(abs(t) for t in ticks) <= 6, f"gd_2d's contour ticks {ticks}")
    # training: the epoch means go down, the per-step losses faint behind them
    driver.get(pages["training"].as_uri())
    series = driver.execute_script("return [...document.querySelectorAll('#loss polyline')].map(p => [p.classList.contains('faint'), p.getAttribute('points').split(' ').length])")
    check(series == [[True, 200], [False, 25]], f"training's loss series {series}")
    means = [float(n.split("mean loss ")[1].split(" ")[0]) for s in train["steps"] for n in s["notes"] if n.startswith("epoch ")]
    check(len(means) == 25 and means[-1] < means[0], f"training's epoch means {means[:3]}…")

    # the pictures of the lessons that compare, sweep or tabulate, from their traces' tables
    def config(name):
        return json.loads((work / f"traces/{name}.json").read_text())["config"]

    def choose_run(suffix):
        driver.execute_script(f"""const r = document.getElementById('run');
            r.value = [...r.options].find(o => o.textContent.endsWith('{suffix}')).value; r.dispatchEvent(new Event('change'))""")

    # slides 13–15, where lines_and_loss opens: the two lines, the sample, each one's price at area 6.0
    driver.get(pages["lines_and_loss"].as_uri())
    seen = driver.execute_script("""return {lines: [...document.querySelectorAll('#lines polyline[data-slope]')].map(l => [Number(l.dataset.slope), Number(l.dataset.intercept)]),
        prices: [...document.querySelectorAll('#lines circle.price')].map(c => [Number(c.dataset.x), Number(c.dataset.y)]),
        point: [...document.querySelectorAll('#lines .data-point')].map(c => [Number(c.dataset.x), Number(c.dataset.y)])}""")
    lines = config("lines_and_loss-lines")["lines"]
    check(seen["lines"] == [[l["w"], l["b"]] for l in lines] == [[-0.34, 0.04], [1.17, 0.26]], f"slide 13's lines {seen['lines']}")
    check(seen["prices"] == [[6, l["price_at_area_6"]] for l in lines] and abs(seen["prices"][1][1] - 7.28) < 1e-12, f"slide 13's prices {seen['prices']}")
    check(seen["point"] == [[6.7, 9.1]], f"slide 13's sample {seen['point']}")
    check("price at area 6.0 = 7.28" in text("deck-key"), f"slide 13's key {text('deck-key')!r}")
    # slide 17: L against w, the tangent at w = −0.34 with the slope backward gave, step 3 on its point
    choose_run("loss_of_w")
    sweep = config("lines_and_loss-loss_of_w")["sweep"]
    seen = driver.execute_script("""const t = document.querySelector('#sweep-value .tangent'), c = document.querySelector('#sweep-value .current-point');
        return [Number(t.dataset.slope), Number(t.dataset.at), Number(c.dataset.value), document.querySelector('#sweep-value polyline').getAttribute('points').split(' ').length]""")
    check(seen == [sweep["current"]["slope"], -0.34, 128.550244, len(sweep["at"])] and abs(seen[0] + 151.9292) < 1e-9, f"slide 17's parabola {seen}")
    driver.execute_script("const s = document.getElementById('slider'); s.value = 3; s.dispatchEvent(new Event('input'))")
    seen = driver.execute_script("const c = document.querySelector('#sweep-value .current-point'); return [Number(c.dataset.at), Number(c.dataset.value)]")
    check(seen == [sweep["at"][2], sweep["value"][2]], f"slide 17's step 3 at {seen}")
    # why_sigmoid: σ(z) beside the line z = 0.535x − 0.654 it maps into (0, 1)
    driver.get(pages["why_sigmoid"].as_uri())
    sweep = config("why_sigmoid-fit_1")["sweep"]
    seen = driver.execute_script("""const l = document.querySelector('#sweep-value polyline[data-slope]');
        return [Number(l.dataset.slope), Number(l.dataset.intercept), Number(document.querySelector('#sweep-value .current-point').dataset.value)]""")
    check(seen == [0.535, -0.654, 0.5] and sweep["line"] == {"slope": 0.535, "intercept": -0.654}, f"why_sigmoid's line {seen}")
    # slide 33: nine suggested functions, the two −log branches the losses
    driver.get(pages["choosing_the_loss"].as_uri())
    seen = driver.execute_script("""return [...document.querySelectorAll('#candidates polyline[data-f]')].map(l => [l.dataset.f, l.classList.contains('strong'),
        l.getAttribute('points').split(' ').length])""")
    functions = config("choosing_the_loss-candidates")["candidates"]["functions"]
    check([s[0] for s in seen] == [f["f"] for f in functions] and [s[0] for s in seen if s[1]] == ["−log x", "−log(1 − x)"]
          and all(s[2] == 26 for s in seen), f"slide 33's candidates {seen}")
    # slides 36–38: the belief P and −log P at the sample's ŷ
    driver.get(pages["cross_entropy_origin"].as_uri())
    belief = config("cross_entropy_origin")["belief"]
    seen = driver.execute_script("return [...document.querySelectorAll('#belief .data-point')].map(c => [Number(c.dataset.x), Number(c.dataset.y)])")
    check(seen == [[belief["y_hat"], belief["P"]], [belief["y_hat"], belief["L"]]] and abs(belief["L"] - 1.157344066) < 1e-9,
          f"the belief's points {seen}")
    # slides 52–53: v and u as arrows, v·u = 8
    driver.get(pages["vector_review"].as_uri())
    seen = driver.execute_script("return [...document.querySelectorAll('#vectors .arrow')].map(l => [l.dataset.name, Number(l.dataset.x), Number(l.dataset.y)])")
    check(seen == [["v", 1, 2], ["u", 2, 3]] and text("deck-title").startswith("v·u = 8 = 1·2 + 2·3"), f"vector_review's arrows {seen}, {text('deck-title')!r}")
    # demo: its loss per repetition, 10 steps and the loss after the last
    driver.get(pages["demo"].as_uri())
    points = driver.execute_script("return document.querySelector('#loss polyline').getAttribute('points').split(' ').length")
    check(points == 11, f"demo's loss per repetition: {points} points")

    # the student's wrong rule on its edge, and what flowed back with it
    driver.get(pages["exercise_wrong_sigmoid"].as_uri())
    edge = driver.execute_script("return [...document.querySelectorAll('#graph g.edge[data-from=\"4\"][data-to=\"5\"] text')].map(t => t.textContent).join(' ')")
    check(f"{float(f'{sigmoid(v[4]):.10g}'):.10g}" in edge, f"the y_hat←z edge shows {edge!r}, not the student's σ(z) = {sigmoid(v[4])}")
    check(f"{wrong_z_grad:.10g}" in text("graph"), f"z's gradient from the wrong rule ({wrong_z_grad}) not shown")
    driver.find_element(By.CSS_SELECTOR, '#graph .node[data-id="5"]').click()
    check(text("detail").startswith("y_hat = sigmoid #5; value 0.4900013331") and "z (local 0.4900013331)" in text("detail"),
          f"y_hat's detail {text('detail')!r}")
    consts = driver.execute_script("return [...document.querySelectorAll('#graph .node')].filter(n => n.querySelector('.role-const')).map(n => n.textContent)")
    check(consts and not any("grad" in c for c in consts), f"a constant shows a gradient: {consts}")
finally:
    driver.quit()

for shot in shots:
    print("screenshot:", shot)
for f in failures:
    print("FAIL:", f)
print(f"{len(pages)} pages, {len(shots)} screenshots, {len(failures)} failures")
sys.exit(1 if failures else 0)
