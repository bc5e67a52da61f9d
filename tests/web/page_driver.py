"""Headless Chromium for the pages of build/web/ (tests/browser/browser.py checks it is
there): start it, type into a control, wait, list what a page must never do — a console
message, a request for anything but the page itself — and compare traces within 1e-12."""
import json
import math
import re
import os
import pathlib
import shutil
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "browser"))
import browser  # noqa: E402 (FAILs when the browser is missing)
from browser import By  # noqa: E402,F401
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402,F401


failures = []


def check(ok, what):
    """Notes a failure (the test goes on, to report them all); ok, for `if check(…):`."""
    if not ok:
        failures.append(what)
    return ok


def finish(what):
    """Exit 1 listing every failure, or 0 saying what passed."""
    if failures:
        print("\n".join(f"FAIL {f}" for f in failures))
        sys.exit(1)
    print(f"ok: {what}")


def empty_folder(path):
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


def start(profile, downloads):
    driver = browser.start(profile, "1500,1000", "--headless=new")
    pathlib.Path(downloads).mkdir(parents=True, exist_ok=True)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def text(driver, element_id):
    return driver.execute_script(f"const e = document.getElementById('{element_id}'); return e ? e.textContent : null")


def wait_for(driver, condition, seconds):
    """condition()'s first true value within `seconds`, else None."""
    end = time.time() + seconds
    while time.time() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    return None


def type_into(driver, box, value):
    """As a student types: select what is there, type the new text."""
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(value)


def errors_and_requests(driver, url):
    """Console messages, and requests for anything but the page itself (about:srcdoc, the
    viewer's frame, and blob: downloads the page makes itself are not requests to elsewhere)."""
    problems = [f"console: {e['message']}" for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        target, document = message["params"]["request"]["url"], message["params"].get("documentURL", "")
        # anything the page or its frame asked for beyond itself, and anything off the machine
        # (Chromium's own new-tab page loads chrome:// resources of its own: not ours)
        if target == url or target.startswith("blob:"):  # the page itself, a download it makes
            continue
        if document in (url, "about:srcdoc") or target.split(":")[0] in ("http", "https", "ws", "wss", "ftp"):
            problems.append(f"network request {target[:120]}")
    return problems


def pages_or_skip(web, page):
    """The pages are built by `make web` (emscripten): without them the test is skipped
    (status 77, CTest's SKIP_RETURN_CODE), unless TRACEGRAD_REQUIRE_WEB is set (CI)."""
    if (pathlib.Path(web) / page).exists():
        return
    if os.environ.get("TRACEGRAD_REQUIRE_WEB"):
        sys.exit(f"FAIL: no {web}/{page}: `make web` builds the pages (TRACEGRAD_REQUIRE_WEB is set)")
    print(f"SKIP: no {web}/{page}: `make web` builds the pages (needs emscripten)")
    sys.exit(77)


NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def same_text(a, b):
    """Two texts (pages, printed stages) alike but for numbers within 1e-12 relative: the
    browser's libm (musl's exp and log) may differ from glibc's in the last bit."""
    words_a, words_b = NUMBER.split(a), NUMBER.split(b)
    return words_a == words_b and close([float(x) for x in NUMBER.findall(a)], [float(x) for x in NUMBER.findall(b)])


def close(a, b):
    """Trace numbers (or arrays, summaries, "nan"/"inf" text) within 1e-12 relative."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b)) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    return a == b
