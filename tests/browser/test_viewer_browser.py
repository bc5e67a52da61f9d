#!/usr/bin/env python3
"""The page `tracegrad view` writes, in a real headless Chromium (Debian's chromium and
chromium-driver, driven by Debian's python3-selenium): it loads with no console error and no
network request, shows the trace's node values, next and play advance the step, and the
gradient-descent page draws one line per learning rate. A missing browser is a FAILURE.

usage: test_viewer_browser.py TRACEGRAD_BINARY LESSONS_DIR WORK_DIR"""
import json
import pathlib
import shutil
import subprocess
import sys
import time

tracegrad, lessons, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
import browser  # noqa: E402 (FAILs when the browser is missing)
from browser import By  # noqa: E402

shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def gd_trace(lr, steps=6, x0=99.0):
    """Gradient descent on f(x) = x², written as the gd lessons write it."""
    trace = {"format": "tracegrad-trace", "version": 2, "lesson": "gd_square", "run": f"lr{lr}",
             "title": f"Gradient descent on x², η = {lr}", "slides": "3-7",
             "config": {"lr": lr, "steps": steps, "set": {"x": x0}, "domain": [-100, 100]}, "steps": []}
    x = x0
    for i in range(steps):
        step = {"step": i, "loss": x * x, "updates": [{"param": "x", "before": x, "grad": 2 * x, "after": x - lr * 2 * x}],
                "notes": []}
        if i == 0:
            step["nodes"] = [{"id": 0, "op": "param", "name": "x", "role": "param", "inputs": [], "value": x, "grad": 2 * x},
                             {"id": 1, "op": "square", "name": "f", "role": "loss", "inputs": [0], "value": x * x, "grad": 1,
                              "local": [2 * x]}]
        trace["steps"].append(step)
        x -= lr * 2 * x
    trace["final"] = {"loss": x * x}
    path = work / f"gd_square-lr{lr}.json"
    path.write_text(json.dumps(trace))
    return str(path)


# a run of four steps, every graph kept; the gradient-descent runs of slides 4–7
subprocess.run([str(lessons / "linear_regression"), "--no-pause", "--steps", "4", "--trace-nodes", "all",
                "--trace-dir", str(work)], check=True, capture_output=True, timeout=60)
page, gd_page = work / "linear_regression.html", work / "gd_square.html"
subprocess.run([tracegrad, "view", str(work / "linear_regression.json"), "-o", str(page)], check=True, timeout=60)
subprocess.run([tracegrad, "view", *[gd_trace(lr) for lr in (0.1, 0.001, 0.8, 1.1)], "-o", str(gd_page)], check=True, timeout=60)
# as trace v2 writes it: each op node's local derivatives
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import v2_locals  # noqa: E402
lr_trace = v2_locals.add_locals(json.loads((work / "linear_regression.json").read_text()))
(work / "linear_regression.json").write_text(json.dumps(lr_trace))
subprocess.run([tracegrad, "view", str(work / "linear_regression.json"), "-o", str(page)], check=True, timeout=60)
steps = lr_trace["steps"]
# vector nodes: theta = [0.1, 0.5, -0.1] and its update as arrays (slide 60)
subprocess.run([str(lessons / "vectorized"), "--no-pause", "--trace-dir", str(work)], check=True, capture_output=True, timeout=60)
vec_page = work / "vectorized.html"
# a student's trace whose ∂(w·x)/∂w is 7, not x = 6.7: the page shows the trace's number, never the rule's
student = json.loads((work / "linear_regression.json").read_text())
student["steps"][0]["nodes"][4]["local"][0] = 7
(work / "student.json").write_text(json.dumps(student))
student_page = work / "student.html"
subprocess.run([tracegrad, "view", str(work / "student.json"), "-o", str(student_page)], check=True, timeout=60)
subprocess.run([tracegrad, "view", str(work / "vectorized-logistic.json"), "-o", str(vec_page)], check=True, timeout=60)

driver = browser.start(work / "profile", "1400,1000", "--headless")


def text(element_id):
    return driver.execute_script(f"return document.getElementById('{element_id}').textContent")


def wait_for(condition, seconds, what):
    end = time.time() + seconds
    while time.time() < end:
        if condition():
            return True
        time.sleep(0.1)
    check(False, what)
    return False


def no_errors_nor_requests(url, what):
    errors = [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    check(not errors, f"{what}: console messages {errors}")
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        target, document = message["params"]["request"]["url"], message["params"].get("documentURL", "")
        # anything our page asked for beyond itself, and anything at all off the machine
        # (Chromium's own new-tab page loads chrome:// resources of its own: not ours)
        if (document == url and target != url) or target.split(":")[0] in ("http", "https", "ws", "wss", "ftp"):
            requests.append(target)
    check(not requests, f"{what}: network requests {requests}")


try:
    url = page.as_uri()
    driver.get(url)
    graph = text("graph")
    for value in ("value 6.7", "value -0.34", "value -2.238", "value 128.550244", "grad -151.9292", "grad -22.676", "y_hat"):
        check(value in graph, f"step 0's graph does not show {value!r}")
    check(text("step-label").startswith("step 0 of 3"), f"step label {text('step-label')!r}")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#graph .node")) == 8, "not 8 nodes drawn")
    check("(-22.676) × 6.7= -151.9292" in graph.replace("\n", ""), "the w edge does not show upstream × local")

    driver.find_element(By.ID, "next").click()
    check(text("step-label").startswith("step 1 of 3"), f"next: step label {text('step-label')!r}")
    w1 = next(n for n in steps[1]["nodes"] if n["name"] == "w")["value"]
    check(f"value {w1:.10g}" in text("graph"), f"next: step 1's w = {w1} not shown")

    driver.find_element(By.ID, "prev").click()
    check(text("step-label").startswith("step 0 of 3"), "prev did not go back to step 0")
    driver.find_element(By.ID, "play").click()
    wait_for(lambda: text("step-label").startswith("step 1 of 3"), 5, "play did not move to step 1")
    wait_for(lambda: "forward" in text("phase"), 5, "play: no forward animation")
    wait_for(lambda: "backward" in text("phase"), 10, "play: no backward animation")
    wait_for(lambda: text("step-label").startswith("step 2 of 3"), 15, "play did not go on to step 2")
    driver.find_element(By.ID, "play").click()  # pause
    driver.save_screenshot(str(work / "linear_regression.png"))
    no_errors_nor_requests(url, "linear_regression page")

    url = gd_page.as_uri()
    driver.get(url)
    check(driver.find_element(By.ID, "gd-panel").is_displayed(), "the gradient-descent plot is hidden")
    check("Iterates on f(x) = x²" in text("gd-title"), f"gd title {text('gd-title')!r}")
    lines = driver.find_elements(By.CSS_SELECTOR, "#gd polyline")
    check(len(lines) == 5, f"{len(lines)} lines on the parabola, expected the curve and 4 runs")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#run option")) == 4, "not 4 runs to choose from")
    driver.save_screenshot(str(work / "gd_square.png"))
    no_errors_nor_requests(url, "gd_square page")

    url = vec_page.as_uri()
    driver.get(url)
    check("value [0.1, 0.5, -0.1]" in text("graph"), "the vectorized graph does not show theta's elements")
    rows = driver.execute_script("return [...document.querySelectorAll('#updates tr')].map(r => [...r.cells].map(c => c.textContent))")
    check(rows[1:] == [["theta[0]", "0.1", "0.6856801139", "0.09314319886"], ["theta[1]", "0.5", "0.9599521595", "0.4904004784"],
                       ["theta[2]", "-0.1", "0.1371360228", "-0.1013713602"]], f"theta's update, a row per element: {rows}")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#params polyline")) == 3, "not one parameter line per element of theta")
    no_errors_nor_requests(url, "vectorized page")

    # the lessons of slides 13–61 that came after: each page loads, offers every run and shows
    # a number of the first step's graph (the pictures are the viewer's to draw)
    for name, runs, value in (("lines_and_loss", 4, "value 128.550244"), ("why_sigmoid", 3, "value 0.5"),
                              ("choosing_the_loss", 3, "value 7.000911466"), ("cross_entropy_origin", 1, "value 0.3143198861"),
                              ("vector_review", 1, "value [1, 3, 2, 4]"), ("demo", 1, "value [0.1, 0.5, -0.1]")):
        out = work / name
        out.mkdir()
        subprocess.run([str(lessons / name), "--no-pause", "--trace-dir", str(out)], check=True, capture_output=True, timeout=60)
        traces = sorted(str(t) for t in out.glob("*.json"))
        lesson_page = out / f"{name}.html"
        subprocess.run([tracegrad, "view", *traces, "-o", str(lesson_page)], check=True, timeout=60)
        url = lesson_page.as_uri()
        driver.get(url)
        check(len(traces) == runs, f"{name}: {len(traces)} traces, expected {runs}")
        if runs > 1:
            options_shown = len(driver.find_elements(By.CSS_SELECTOR, "#run option"))
            check(options_shown == runs, f"{name} page: {options_shown} runs to choose from, expected {runs}")
        check(value in text("graph"), f"{name} page: step 0's graph does not show {value!r}")
        no_errors_nor_requests(url, f"{name} page")
    url = student_page.as_uri()
    driver.get(url)
    graph = text("graph").replace("\n", "")
    check("(-22.676) × 7= -158.732" in graph, f"the student's local derivative 7 is not on the w edge: {graph[:300]!r}")
    no_errors_nor_requests(url, "student page")
finally:
    driver.quit()

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failures (screenshots in {work})")
sys.exit(1 if failures else 0)
