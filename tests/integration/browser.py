"""What the browser tests share: the served site, headless Debian Chromium, signing in, the width check.

The browser is a separate process that talks to the site over HTTP, so a browser test runs only
when the site under test is served (`B2B_SITE_URL`, else http://<site>:8000, which
scripts/run_tests.sh serves) and Debian's chromium + chromedriver are installed; otherwise its
module is skipped with one line saying so (`served_site_only`).
"""

import os
import shutil
import time
from pathlib import Path

import pytest
import requests

from tests.site_under_test import SITE

BASE = os.environ.get("B2B_SITE_URL") or f"http://{SITE}:8000"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
DESK = (1440, 900)


def site_is_served() -> bool:
	try:
		return requests.get(f"{BASE}/api/method/ping", timeout=5).ok
	except requests.RequestException:
		return False


def served_site_only(what: str):
	"""A module's `pytestmark`: skip it, with one clear line, when there is no browser or no served site."""
	return pytest.mark.skipif(
		not (CHROMIUM and CHROMEDRIVER and site_is_served()),
		reason=f"!!! {what} BROWSER TEST SKIPPED: needs Debian chromium + chromedriver and {BASE} served !!!",
	)


def chromium(width: int, height: int, mobile: bool = False):
	"""A headless Chromium window of `width` × `height` CSS pixels (a phone's when `mobile`)."""
	from selenium import webdriver
	from selenium.webdriver.chrome.service import Service

	options = webdriver.ChromeOptions()
	options.binary_location = CHROMIUM
	for argument in (
		"--headless=new",
		"--no-sandbox",
		"--disable-dev-shm-usage",
		"--hide-scrollbars",
		f"--window-size={width},{height}",
	):
		options.add_argument(argument)
	options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
	driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
	set_viewport(driver, width, height, mobile)
	driver.set_page_load_timeout(60)
	return driver


def set_viewport(driver, width: int, height: int, mobile: bool = False) -> None:
	driver.execute_cdp_cmd(
		"Emulation.setDeviceMetricsOverride",
		{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
	)


def wait_for(driver, condition, timeout: float = 40):
	from selenium.webdriver.support.ui import WebDriverWait

	return WebDriverWait(driver, timeout, poll_frequency=0.3).until(condition)


def sign_in(driver, user: str, password: str, lands_on: str = "/app") -> None:
	"""Sign in through the login form as `user` (signing out whoever was signed in)."""
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support import expected_conditions as ec

	driver.get(f"{BASE}/api/method/logout")  # leaves the desk page (and its unsaved-changes prompt)
	driver.delete_all_cookies()
	driver.get(f"{BASE}/login")
	wait_for(driver, ec.visibility_of_element_located((By.ID, "login_email"))).send_keys(user)
	driver.find_element(By.ID, "login_password").send_keys(password)
	driver.find_element(By.CSS_SELECTOR, ".form-login .btn-login").click()
	wait_for(driver, ec.url_contains(lands_on))


def page_width(driver) -> tuple[int, int]:
	"""The document's scroll width and the window's inner width."""
	return tuple(driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]"))


def assert_fits(driver, name: str) -> None:
	width, inner = page_width(driver)
	assert width <= inner, f"{name}: the page scrolls sideways ({width} > {inner})"


def shoot(
	driver,
	path: Path,
	width: int,
	height: int,
	max_height: int = 2400,
	mobile: bool = False,
	min_height: int = 0,
) -> None:
	"""A screenshot as tall as the page (between `min_height` and `max_height`), after checking nothing
	is wider than the window. A page whose content scrolls inside it needs `min_height` to show more."""
	assert_fits(driver, path.name)
	path.parent.mkdir(parents=True, exist_ok=True)
	full = driver.execute_script("return document.documentElement.scrollHeight")
	tall = min(max(full, height, min_height), max_height)
	set_viewport(driver, width, tall, mobile)
	time.sleep(1.5 if tall > height else 0.3)  # charts redraw to the new size
	driver.save_screenshot(str(path))
	set_viewport(driver, width, height, mobile)


def console_errors(driver) -> list[str]:
	"""The page's SEVERE console messages since the last call (Chromium's log is read once)."""
	return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
