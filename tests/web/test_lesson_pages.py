#!/usr/bin/env python3
"""Every lesson's page of build/web/ (make web), in a real headless Chromium: two leaves and
the learning rate set through the page's controls give what the native lesson gives with the
same --set/--lr — a control for exactly the flags the native --help lists (--lr, --steps and
the lesson's own), labelled with what --help says they mean in this lesson; the stage text the terminal prints, the viewer's page `tracegrad view`
writes of the native traces (byte for byte), and a downloaded trace whose every value,
gradient, local derivative and update is within 1e-12 relative of the native one, which
`tracegrad validate` accepts and `tracegrad grade` passes against the native trace; prev /
next step through the stages; "slide's values" brings the deck's run back; no console
message, no network request; each page at most 1.5 MB. The lesson runs in a Web Worker: during
a long run of demo (2·10⁵ steps) "running…" shows and a click handler of the page runs, Stop
ends it leaving the last complete run; a run of 10⁴ steps prints what the native lesson does. Prints each page's size and its
first-render time (navigation to the first run drawn), and keeps its screenshot.

usage: test_lesson_pages.py WEB_DIR NATIVE_LESSONS_DIR TRACEGRAD WORK_DIR [LESSON…]"""
import json
import pathlib
import re
import subprocess
import sys
import time

web, lessons, tracegrad, work = (pathlib.Path(p).resolve() for p in sys.argv[1:5])
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import page_driver  # noqa: E402 (FAILs when the browser is missing)

page_driver.pages_or_skip(web, "index.html")
names = sys.argv[5:] or sorted(p.stem for p in web.glob("*.html") if p.stem not in ("index", "sandbox"))
page_driver.empty_folder(work)
check = page_driver.check


def native(name, args, out):
    out.mkdir(parents=True)
    run = subprocess.run([str(lessons / name), *args, "--no-pause", "--trace-dir", str(out)], capture_output=True,
                         text=True, timeout=120, stdin=subprocess.DEVNULL)
    check(run.returncode == 0, f"{name}: native {args} exit {run.returncode}: {run.stderr}")
    return run.stdout


def help_flags(name):
    """The flags the native --help lists beside the common ones: {flag: what it means}."""
    text = subprocess.run([str(lessons / name), "--help"], capture_output=True, text=True, timeout=60).stdout
    found = re.findall(r"^  --(lr|steps|\w+(?= V)) \S+ +(.*?)(?: \(default.*\))?$", text, re.M)
    return dict(found)


def new_value(v, k):
    """A value near the slide's, not equal to it, short to type: v + 0.25 (k = 0), v − 0.5 (k = 1)."""
    return repr(round(v + (0.25 if k == 0 else -0.5), 6))


def set_steps(steps):
    """--steps typed at once (typing it digit by digit would run 1, 10, … first)."""
    driver.execute_script("const b = document.querySelector('.setting[data-flag=steps] input[type=number]');"
                          f"b.value = '{steps}'; b.dispatchEvent(new Event('input'))")


def long_runs():
    driver.get((web / "demo.html").as_uri())
    if not page_driver.wait_for(driver, lambda: driver.execute_script("return document.body.dataset.ready"), 30):
        return check(False, "demo: not ready in 30 s")
    driver.execute_script("window.clicks = []; document.getElementById('all-stages')"
                          ".addEventListener('click', () => clicks.push(document.body.dataset.running))")
    set_steps(200000)
    running = lambda: driver.execute_script("return document.body.dataset.running") == "true"
    if not check(page_driver.wait_for(driver, running, 10), "demo --steps 200000: no 'running' state"):
        return
    check(driver.find_element(page_driver.By.ID, "running").is_displayed(), "demo --steps 200000: 'running…' not shown")
    driver.find_element(page_driver.By.ID, "all-stages").click()  # the page's own handler, while the worker runs
    check(driver.execute_script("return clicks") == ["true"] and running(),
          f"demo --steps 200000: a click during the run gave {driver.execute_script('return clicks')}")
    driver.find_element(page_driver.By.ID, "stop").click()
    check(page_driver.wait_for(driver, lambda: not running(), 10), "demo: stop did not end the run in 10 s")
    check(page_driver.text(driver, "error").startswith("stopped") and driver.execute_script("return document.body.dataset.args") == "[]",
          f"demo after stop: {page_driver.text(driver, 'error')!r}, the run shown {driver.execute_script('return document.body.dataset.args')}")
    set_steps(10000)  # a new worker runs it: as the native lesson does
    started = time.time()
    if check(page_driver.wait_for(driver, lambda: driver.execute_script("return document.body.dataset.args") == '["--steps","10000"]', 180),
             "demo --steps 10000: not run in 180 s"):
        print(f"demo --steps 10000 in the worker: {time.time() - started:.1f} s")
        text = driver.execute_script("return shown.stages.map((s) => s.lines.join('\\n')).join('\\n')")
        check(text == native("demo", ["--steps", "10000"], work / "demo-long").rstrip("\n"),
              "demo --steps 10000: the stage text is not the native lesson's")
        check(page_driver.text(driver, "error") == "" or driver.find_element(page_driver.By.ID, "error").get_attribute("hidden"),
              f"demo --steps 10000: error shown {page_driver.text(driver, 'error')!r}")
    for problem in page_driver.errors_and_requests(driver, (web / "demo.html").as_uri()):
        check(False, f"demo, long runs: {problem}")


driver = page_driver.start(work / "profile", work / "downloads")
timings = {}
try:
    for name in names:
        page = web / f"{name}.html"
        started = time.time()
        driver.get(page.as_uri())
        if not page_driver.wait_for(driver, lambda: driver.execute_script("return document.body.dataset.ready"), 30):
            check(False, f"{name}: not ready in 30 s: {page_driver.text(driver, 'error')}")
            continue
        timings[name] = driver.execute_script("return performance.now()")  # ms from navigation to the first render
        listed = help_flags(name)
        controls = {d.get_attribute("data-flag"): d.find_element(page_driver.By.TAG_NAME, "label").text
                    for d in driver.find_elements(page_driver.By.CSS_SELECTOR, ".setting[data-flag]")}
        check(set(controls) == set(listed), f"{name}: controls for {sorted(controls)}, --help lists {sorted(listed)}")
        for flag in set(controls) & set(listed) & {"lr", "steps"}:
            check(controls[flag] == f"--{flag} {listed[flag]}", f"{name}: --{flag}'s control says {controls[flag]!r}, "
                                                                 f"--help {listed[flag]!r}")
        # --steps starts at the steps of a run that records them (lines_and_loss's lines records none)
        for div in driver.find_elements(page_driver.By.CSS_SELECTOR, ".setting[data-flag=steps]"):
            check(div.get_attribute("data-slide").isdigit(), f"{name}: --steps starts at {div.get_attribute('data-slide')!r}")
        # the flag's name on one line (one box, one line high), however its meaning wraps after it
        for flag, lines, height, line in driver.execute_script(
                "return [...document.querySelectorAll('.setting[data-flag] label .flag')].map((f) => [f.textContent, "
                "f.getClientRects().length, f.getBoundingClientRect().height, "
                "parseFloat(getComputedStyle(f).fontSize) * 1.5])"):
            check(lines == 1 and height <= line, f"{name}: {flag} on {lines} lines, {height:.1f} px high (a line: {line:.1f})")
        leaves = driver.find_elements(page_driver.By.CSS_SELECTOR, ".setting[data-set]")[:2]
        typed = []
        for k, div in enumerate(leaves):
            typed.append((div.get_attribute("data-set"), new_value(float(div.get_attribute("data-slide")), k)))
            page_driver.type_into(driver, div.find_element(page_driver.By.CSS_SELECTOR, "input[type=number]"), typed[-1][1])
        # η's control: only in a lesson that makes an update (one that makes none refuses --lr)
        lr_div = next(iter(driver.find_elements(page_driver.By.CSS_SELECTOR, ".setting[data-flag=lr]")), None)
        lr_args = []
        if lr_div:
            lr_args = ["--lr", repr(2 * float(lr_div.get_attribute("data-slide")))]
            page_driver.type_into(driver, lr_div.find_element(page_driver.By.CSS_SELECTOR, "input[type=number]"), lr_args[1])
        expected = [a for leaf, v in typed for a in ("--set", f"{leaf}={v}")] + lr_args
        if not page_driver.wait_for(driver, lambda: json.loads(driver.execute_script("return document.body.dataset.args") or "[]") == expected, 20):
            check(False, f"{name}: the page ran {driver.execute_script('return document.body.dataset.args')}, not {expected}")
            continue
        check(page_driver.text(driver, "error") == "" or driver.find_element(page_driver.By.ID, "error").get_attribute("hidden"),
              f"{name}: error shown {page_driver.text(driver, 'error')!r}")
        out = work / name
        stdout = native(name, expected, out)
        with_lr = any("lr" in json.loads(t.read_text())["config"] for t in out.glob("*.json"))
        check(with_lr == bool(lr_div), f"{name}: an η control {'missing' if with_lr else 'shown'}, the native traces "
                                       f"{'record' if with_lr else 'have no'} config.lr")
        # the stages: the terminal's text, one stage at a time, then all at once
        label = page_driver.text(driver, "stage-label")
        check(label.startswith("stage 1 of "), f"{name}: first stage label {label!r}")
        driver.find_element(page_driver.By.ID, "next-stage").click()
        check(page_driver.text(driver, "stage-label").startswith("stage 2 of "), f"{name}: next: {page_driver.text(driver, 'stage-label')!r}")
        driver.find_element(page_driver.By.ID, "prev-stage").click()
        check(page_driver.text(driver, "stage-label") == label, f"{name}: prev did not go back to {label!r}")
        titles = driver.execute_script("return shown.stages.map((s) => s.title)")
        for stage in ("Forward (step 0)", "Loss", "Backward: the chain rule, from the loss back to the parameters", "Update"):
            check(f"── {stage} ──" not in stdout or stage in titles, f"{name}: no stage {stage!r} among {titles}")
        driver.find_element(page_driver.By.ID, "all-stages").click()
        check(page_driver.text(driver, "stage-text") == stdout.rstrip("\n"), f"{name}: the stage text is not what the native lesson prints")
        driver.find_element(page_driver.By.ID, "all-stages").click()
        check(all(div.get_attribute("class").endswith("changed") for div in leaves), f"{name}: a changed leaf is not marked")
        # the viewer's page: what `tracegrad view` writes of the native traces, byte for byte
        files = sorted(out.glob("*.json"), key=lambda p: ("-" in p.stem, p.name))
        view = subprocess.run([str(tracegrad), "view", *map(str, files), "-o", str(out / "native.html")], capture_output=True, timeout=60)
        check(view.returncode == 0, f"{name}: tracegrad view: {view.stderr}")
        srcdoc = driver.execute_script("return document.getElementById('viewer').srcdoc")
        (out / "page.html").write_text(srcdoc)
        check(page_driver.same_text(srcdoc, (out / "native.html").read_text()),
              f"{name}: the page's viewer differs from tracegrad view of the native traces (beyond 1e-12)")
        # the frame's graph, as drawn: each typed leaf the run it shows has, with the value of
        # the native trace (a run may keep its own values: choosing_the_loss's candidates)
        driver.switch_to.frame("viewer")
        graph = driver.execute_script("const g = document.getElementById('graph'); return g ? g.textContent : ''")
        drawn = driver.execute_script("const g = graph(); return g ? g.nodes.map((n) => [n.name, n.value]) : []")
        driver.switch_to.default_content()
        for leaf, value in drawn:
            if leaf in dict(typed):
                check(f"value {value}" in graph, f"{name}: the graph does not show {leaf} = {value}")
        # the downloaded trace: the native one within 1e-12, valid, and it grades as the native one
        for f in (work / "downloads").glob("*"):
            f.unlink()
        driver.find_element(page_driver.By.ID, "download").click()
        got = page_driver.wait_for(driver, lambda: [f for f in (work / "downloads").glob("*.json")], 10)
        if check(got, f"{name}: no trace downloaded"):
            down = got[0]
            ref = out / down.name
            if check(ref.exists(), f"{name}: downloaded {down.name}, the native run wrote {[f.name for f in files]}"):
                check(page_driver.close(json.loads(down.read_text()), json.loads(ref.read_text())), f"{name}: {down.name} differs from the native trace")
                for cmd in (["validate", str(down)], ["grade", str(ref), str(down)]):
                    r = subprocess.run([str(tracegrad), *cmd], capture_output=True, text=True, timeout=60)
                    check(r.returncode == 0, f"{name}: tracegrad {cmd[0]} of the downloaded trace: {r.stdout}{r.stderr}")
        # η's slider moves in powers of ten: at its right end, twenty times the slide's η
        if lr_div:
            lr_slider = lr_div.find_element(page_driver.By.CSS_SELECTOR, "input[type=range]")
            lr_slider.click()
            lr_slider.send_keys(page_driver.Keys.END)
            top = float(f"{20 * float(lr_div.get_attribute('data-slide')):.3g}")
            check(page_driver.wait_for(driver, lambda: "--lr" in (a := json.loads(driver.execute_script("return document.body.dataset.args")))
                                       and float(a[a.index("--lr") + 1]) == top, 10),
                  f"{name}: η's slider at its end ran {driver.execute_script('return document.body.dataset.args')}, not --lr {top}")
        # a lesson's own flag with choices (--loss) is a menu: the other choice runs as natively
        for menu in driver.find_elements(page_driver.By.CSS_SELECTOR, ".setting[data-flag] select"):
            div = menu.find_element(page_driver.By.XPATH, "../..")
            flag, slide = div.get_attribute("data-flag"), div.get_attribute("data-slide")
            other = next(o.get_attribute("value") for o in menu.find_elements(page_driver.By.TAG_NAME, "option")
                         if o.get_attribute("value") != slide)
            page_driver.Select(menu).select_by_value(other)
            if check(page_driver.wait_for(driver, lambda: f"--{flag}" in (a := json.loads(driver.execute_script("return document.body.dataset.args")))
                                          and a[a.index(f"--{flag}") + 1] == other, 10), f"{name}: --{flag} {other} did not run"):
                args = json.loads(driver.execute_script("return document.body.dataset.args"))
                text = driver.execute_script("return shown.stages.map((s) => s.lines.join('\\n')).join('\\n')")
                check(text == native(name, args, work / f"{name}-{flag}").rstrip("\n"), f"{name}: {args}: the stage text is not the native lesson's")
        # a run leaves the module's stack as it found it (a session runs the lesson thousands of times)
        check(driver.execute_async_script("const done = arguments[arguments.length - 1]; inWorker({stack: true}).then((r) => done(r.stackKept))"),
              f"{name}: a run leaves something on the module's stack")
        # the slide's values again: the deck's run, nothing marked changed
        driver.find_element(page_driver.By.ID, "slide-values").click()
        page_driver.wait_for(driver, lambda: driver.execute_script("return document.body.dataset.args") == "[]", 10)
        check(driver.execute_script("return document.body.dataset.args") == "[]", f"{name}: slide's values did not restore the deck's run")
        check(not driver.find_elements(page_driver.By.CSS_SELECTOR, ".setting.changed"), f"{name}: slide's values left a setting marked changed")
        driver.save_screenshot(str(work / f"{name}.png"))
        for problem in page_driver.errors_and_requests(driver, page.as_uri()):
            check(False, f"{name}: {problem}")
    if "demo" in names:
        long_runs()
finally:
    driver.quit()

for name in names:  # the budget of a page students open on a phone
    size = (web / f"{name}.html").stat().st_size
    check(size <= 1.5e6, f"{name}.html: {size / 1e6:.2f} MB, over the 1.5 MB budget")
for name, ms in timings.items():  # reported, not asserted: a loaded machine is slower

    print(f"{name}: {(web / f'{name}.html').stat().st_size / 1e6:.2f} MB, first render {ms:.0f} ms")
page_driver.finish(f"{len(names)} lesson pages; screenshots in {work}")
