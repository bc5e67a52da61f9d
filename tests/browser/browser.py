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
