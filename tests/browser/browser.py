"""What every browser test needs first: Debian's chromium, chromedriver and python3-selenium,
or a FAIL naming what is missing (scripts/setup.sh installs them)."""
import pathlib
import sys

missing = [p for p in ("/usr/bin/chromium", "/usr/bin/chromedriver") if not pathlib.Path(p).exists()]
try:
    from selenium import webdriver  # noqa: F401
    from selenium.webdriver.chrome.service import Service  # noqa: F401
    from selenium.webdriver.common.action_chains import ActionChains  # noqa: F401
    from selenium.webdriver.common.by import By  # noqa: F401
except ImportError:
    missing.append("python3-selenium")
if missing:
    sys.exit(f"FAIL: {', '.join(missing)} missing: scripts/setup.sh installs chromium, chromium-driver, python3-selenium")


def start(profile, window, *extra, logs=("browser", "performance")):
    """Chromium under chromedriver, headless, with nothing of its own on the network; `extra`
    flags after the common ones (the headless mode among them)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--window-size={window}", *extra):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {kind: "ALL" for kind in logs})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
