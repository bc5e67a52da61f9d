#!/usr/bin/env python3
"""The sandbox page of build/web/ (make web), in a real headless Chromium: a new expression
typed into it, a variable typed and another's slider moved, give what native `tracegrad eval` prints for the same
expression and values (the table of values and gradients and the gradient check, to the
character), a trace within 1e-12 relative of native eval's that `tracegrad validate` accepts,
and the page native eval writes; a bad expression shows eval's message with the caret under
the offending character; no console message, no network request, from file:// and from a
static web server; at most 1.5 MB. Prints
its size and first-render time.

usage: test_sandbox.py WEB_DIR TRACEGRAD WORK_DIR"""
import functools
import http.server
import json
import pathlib
import subprocess
import sys
import threading

web, tracegrad, work = (pathlib.Path(p).resolve() for p in sys.argv[1:4])
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import page_driver  # noqa: E402 (FAILs when the browser is missing)
from page_driver import By, close  # noqa: E402

page_driver.pages_or_skip(web, "sandbox.html")
size = (web / "sandbox.html").stat().st_size
first_render = float("nan")
page_driver.empty_folder(work)
check = page_driver.check


def native_eval(args, out):
    out.mkdir(parents=True)
    return subprocess.run([str(tracegrad), "eval", *args, "--trace", str(out / "eval.json"), "--html", str(out / "eval.html")],
                          capture_output=True, text=True, timeout=60)


def page_args(driver):
    return json.loads(driver.execute_script("return document.body.dataset.args") or "[]")


driver = page_driver.start(work / "profile", work / "downloads")
try:
    url = (web / "sandbox.html").as_uri()
    driver.get(url)
    check(page_driver.wait_for(driver, lambda: driver.execute_script("return document.body.dataset.ready"), 30), "not ready in 30 s")
    first_render = driver.execute_script("return performance.now()")
    check(page_args(driver) == ["log(1 - sigmoid(w*x + b))", "w=-0.1", "x=1.4", "b=0.1"], f"first run {page_args(driver)}")
    # a new expression, typed: a slider per variable (x and w keep their values, y starts at 0.5)
    box = driver.find_element(By.ID, "expression")
    page_driver.type_into(driver, box, "x*y + exp(w*x) / square(y)")
    want = ["x*y + exp(w*x) / square(y)", "x=1.4", "y=0.5", "w=-0.1"]
    check(page_driver.wait_for(driver, lambda: page_args(driver) == want, 10), f"typed: the page ran {page_args(driver)}, not {want}")
    names = [d.get_attribute("data-name") for d in driver.find_elements(By.CSS_SELECTOR, ".setting[data-name]")]
    check(names == ["x", "y", "w"], f"sliders {names}")
    # a variable changed through its number box
    y_box = driver.find_element(By.CSS_SELECTOR, ".setting[data-name=y] input[type=number]")
    page_driver.type_into(driver, y_box, "-1.75")
    want = ["x*y + exp(w*x) / square(y)", "x=1.4", "y=-1.75", "w=-0.1"]
    check(page_driver.wait_for(driver, lambda: page_args(driver) == want, 10), f"y: the page ran {page_args(driver)}, not {want}")
    # a slider moved from the keyboard (one step to the right): the box follows, eval runs again
    w_slider = driver.find_element(By.CSS_SELECTOR, ".setting[data-name=w] input[type=range]")
    w_slider.click()
    w_slider.send_keys(page_driver.Keys.HOME)
    w_value = driver.find_element(By.CSS_SELECTOR, ".setting[data-name=w] input[type=number]").get_attribute("value")
    check(float(w_value) == float(w_slider.get_attribute("min")), f"the w box shows {w_value}, its slider {w_slider.get_attribute('value')}")
    want = ["x*y + exp(w*x) / square(y)", "x=1.4", "y=-1.75", f"w={float(w_value)!r}"]
    check(page_driver.wait_for(driver, lambda: page_args(driver)[:3] == want[:3] and float(page_args(driver)[3][2:]) == float(w_value), 10),
          f"w slider: the page ran {page_args(driver)}")
    want = page_args(driver)
    native = native_eval(want, work / "native")
    check(native.returncode == 0, f"native eval: {native.stderr}")
    check(page_driver.text(driver, "result") == native.stdout.rstrip("\n"), "the values, gradients and check differ from native eval's")
    check("∂f/∂y" in page_driver.text(driver, "result") and "gradient check passed" in page_driver.text(driver, "result"), "no gradient check shown")
    srcdoc = driver.execute_script("return document.getElementById('viewer').srcdoc")
    check(srcdoc == (work / "native" / "eval.html").read_text(), "the frame is not the page native eval writes")
    driver.find_element(By.ID, "download").click()
    got = page_driver.wait_for(driver, lambda: list((work / "downloads").glob("eval.json")), 10)
    if check(got, "no trace downloaded"):
        check(close(json.loads(got[0].read_text()), json.loads((work / "native" / "eval.json").read_text())), "the trace differs from native eval's")
        r = subprocess.run([str(tracegrad), "validate", str(got[0])], capture_output=True, text=True, timeout=60)
        check(r.returncode == 0, f"tracegrad validate: {r.stdout}{r.stderr}")
    # a bad expression: eval's message and caret, in the page; the last good run stays
    page_driver.type_into(driver, box, "log(1 - sigmod(x))")
    page_driver.wait_for(driver, lambda: not driver.find_element(By.ID, "error").get_attribute("hidden"), 10)
    bad = native_eval(["log(1 - sigmod(x))", "x=1.4"], work / "bad")
    check(bad.returncode == 2, f"native eval of a bad expression: exit {bad.returncode}")
    shown = page_driver.text(driver, "error")
    check(shown == bad.stderr.rstrip("\n"), f"the page shows {shown!r}, native eval says {bad.stderr!r}")
    lines = shown.split("\n")
    check(len(lines) >= 3 and lines[-1].index("^") == lines[-2].index("sigmod"), f"the caret is not under 'sigmod': {lines}")
    driver.save_screenshot(str(work / "sandbox-error.png"))
    page_driver.type_into(driver, box, "x*y + exp(w*x) / square(y)")
    page_driver.wait_for(driver, lambda: driver.find_element(By.ID, "error").get_attribute("hidden"), 10)
    driver.save_screenshot(str(work / "sandbox.png"))
    for problem in page_driver.errors_and_requests(driver, url):
        check(False, problem)
    # from a static web server, as a teacher publishes build/web/: the same, nothing fetched
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(web)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sandbox.html"
    driver.get(url)
    check(page_driver.wait_for(driver, lambda: driver.execute_script("return document.body.dataset.runs"), 30), "served: no evaluation")
    check("gradient check passed" in page_driver.text(driver, "result"), "served: no gradient check shown")
    for problem in page_driver.errors_and_requests(driver, url):
        check(False, f"served: {problem}")
    server.shutdown()
finally:
    driver.quit()

check(size <= 1.5e6, f"sandbox.html: {size / 1e6:.2f} MB, over the 1.5 MB budget")
print(f"sandbox: {size / 1e6:.2f} MB, first render {first_render:.0f} ms")
page_driver.finish(f"the sandbox; screenshots in {work}")
