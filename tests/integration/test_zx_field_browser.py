"""The engineer's phone in headless Chromium at 390×844 (issue 14), against the served site.

He signs in through the login form and lands on /field (not the desk), opens his job, ticks the
checklist and starts the trip; the network is then cut through the DevTools protocol, and the time,
the part and the second checklist item he enters are queued on the phone ("waiting to sync"),
also across a reload served by the service worker; back online, they are sent and applied once
(the same key sent again changes nothing). The client signs on the canvas, the ticket is resolved
and the signed report's PDF is attached. No page scrolls sideways. Screenshots: test-artifacts/field/.
"""

import json
import os
import shutil
import time
from pathlib import Path

import pytest
import requests

import frappe

from tests.integration import field_world
from tests.site_under_test import SITE

BASE = os.environ.get("B2B_SITE_URL") or f"http://{SITE}:8000"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "field"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
SEAL = "B2B-SEAL"


def site_is_served() -> bool:
	try:
		return requests.get(f"{BASE}/api/method/ping", timeout=5).ok
	except requests.RequestException:
		return False


pytestmark = pytest.mark.skipif(
	not (CHROMIUM and CHROMEDRIVER and site_is_served()),
	reason=f"!!! FIELD BROWSER TEST SKIPPED: needs Debian chromium + chromedriver and {BASE} served !!!",
)


@pytest.fixture
def world(erp):
	built = field_world.build(erp)
	yield built
	frappe.db.rollback()
	left = field_world.destroy(built)
	assert left == [], left


@pytest.fixture
def phone():
	from selenium import webdriver
	from selenium.webdriver.chrome.service import Service

	options = webdriver.ChromeOptions()
	options.binary_location = CHROMIUM
	for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844"):
		options.add_argument(argument)
	options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
	driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
	driver.execute_cdp_cmd(
		"Emulation.setDeviceMetricsOverride",
		{"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
	)
	driver.execute_cdp_cmd("Network.enable", {})
	driver.set_page_load_timeout(60)
	yield driver
	driver.quit()


def wait_for(driver, condition, timeout=40):
	from selenium.webdriver.support.ui import WebDriverWait

	return WebDriverWait(driver, timeout, poll_frequency=0.3).until(condition)


def network(driver, online: bool) -> None:
	"""The phone's network on or off, for the page and for its service worker: DevTools' offline
	mode of the page does not cover the worker, whose requests (and the page's requests it lets
	fall through) would otherwise still reach the server. The worker's session is kept and closed
	when back online: another session's conditions would stay on, and the worker answer from its
	cache for ever."""
	conditions = {"offline": not online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
	driver.execute_cdp_cmd("Network.emulateNetworkConditions", conditions)
	sessions = driver.__dict__.setdefault("worker_sessions", {})
	if not online:
		for target in driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]:
			if target["type"] == "service_worker" and target["targetId"] not in sessions:
				attached = driver.execute_cdp_cmd(
					"Target.attachToTarget", {"targetId": target["targetId"], "flatten": False}
				)
				sessions[target["targetId"]] = attached["sessionId"]
				worker_command(driver, attached["sessionId"], "Network.enable", {})
		assert sessions, "the field pages' service worker is not running"
	for target, session in list(sessions.items()):
		worker_command(driver, session, "Network.emulateNetworkConditions", conditions)
		if online:
			driver.execute_cdp_cmd("Target.detachFromTarget", {"sessionId": session})
			del sessions[target]


def worker_command(driver, session: str, method: str, params: dict) -> None:
	"""A DevTools command to the service worker, through the page's DevTools connection."""
	number = driver.__dict__["worker_messages"] = driver.__dict__.get("worker_messages", 0) + 1
	message = json.dumps({"id": number, "method": method, "params": params})  # a 32-bit id
	driver.execute_cdp_cmd("Target.sendMessageToTarget", {"sessionId": session, "message": message})


def sync_state(driver) -> tuple[int, int]:
	state = driver.find_element("id", "sync-state")
	waiting, conflicts = (
		int(state.get_attribute("data-waiting") or 0),
		int(state.get_attribute("data-conflicts") or 0),
	)
	assert not conflicts, driver.find_element("id", "queue-list").text  # a refusal is shown, never dropped
	return waiting, conflicts


def shoot(driver, name: str) -> None:
	"""A full-height screenshot, and the proof that nothing is wider than the screen."""
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	width, inner = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
	assert width <= inner, f"{name}: the page scrolls sideways ({width} > {inner})"
	height = driver.execute_script("return document.documentElement.scrollHeight")
	driver.set_window_size(390, min(max(height, 844), 6000))
	driver.execute_cdp_cmd(
		"Emulation.setDeviceMetricsOverride",
		{"width": 390, "height": min(max(height, 844), 6000), "deviceScaleFactor": 1, "mobile": True},
	)
	time.sleep(0.5)
	driver.save_screenshot(str(ARTIFACTS / name))
	driver.execute_cdp_cmd(
		"Emulation.setDeviceMetricsOverride",
		{"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
	)


def tap(driver, element) -> None:
	"""Scroll the element to the middle of the screen and tap it, as a thumb would."""
	driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
	element.click()


def page_state(driver) -> dict:
	"""What the phone shows and logged, for a wait that timed out."""
	text = lambda element_id: driver.execute_script(  # noqa: E731
		"const el = document.getElementById(arguments[0]); return el ? el.textContent : null", element_id
	)
	return {
		"report-result": text("report-result"),
		"sync-state": text("sync-state"),
		"queue-list": text("queue-list"),
		"url": driver.current_url,
		"console": [entry["message"] for entry in driver.get_log("browser")][-20:],
	}


def committed(doctype: str, filters: dict) -> int:
	frappe.db.rollback()  # a fresh snapshot: see what the web server committed
	return frappe.db.count(doctype, filters)


def test_the_engineer_does_his_job_on_a_phone_offline_for_part_of_it(world, phone):
	from selenium.webdriver.common.action_chains import ActionChains
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support import expected_conditions as ec

	# sign in through the form: an engineer lands on his jobs, not on the desk
	phone.get(f"{BASE}/login")
	wait_for(phone, ec.visibility_of_element_located((By.ID, "login_email"))).send_keys(world.user)
	phone.find_element(By.ID, "login_password").send_keys(field_world.PASSWORD)
	phone.find_element(By.CSS_SELECTOR, ".form-login .btn-login").click()
	wait_for(phone, lambda d: d.current_url.rstrip("/").endswith("/field"))
	card = wait_for(
		phone, ec.presence_of_element_located((By.CSS_SELECTOR, f"[data-ticket='{world.ticket}']"))
	)
	assert len(phone.find_elements(By.CSS_SELECTOR, "[data-ticket]")) == 1
	assert "geo:0,0?q=" in card.get_attribute("innerHTML")
	wait_for(
		phone,
		lambda d: d.execute_script(
			"return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
		),
	)
	time.sleep(2)  # the worker keeps today's job pages for later
	shoot(phone, "01-todays-jobs.png")

	# the job: checklist and trip online
	card.find_element(By.CSS_SELECTOR, "a.job").click()
	wait_for(phone, ec.presence_of_element_located((By.ID, "checklist")))
	shoot(phone, "02-job.png")
	boxes = phone.find_elements(By.CSS_SELECTOR, ".check input[type=checkbox]")
	results = phone.find_elements(By.CSS_SELECTOR, ".check .check-result")
	phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", results[0])
	results[0].send_keys("Pressure 7.5 bar")
	tap(phone, boxes[0])
	tap(phone, phone.find_element(By.ID, "start-trip"))
	wait_for(
		phone,
		lambda d: sync_state(d) == (0, 0) and not d.find_element(By.ID, "stop-trip").get_attribute("hidden"),
	)
	assert committed("Service Visit", {"service_ticket": world.ticket}) == 1

	# the cellar: no network; time, a part and the second checklist item wait on the phone
	network(phone, online=False)
	wait_for(phone, lambda d: d.execute_script("return navigator.onLine") is False)
	phone.find_element(By.ID, "hours").clear()
	phone.find_element(By.ID, "hours").send_keys("1.5")
	phone.find_element(By.ID, "time-note").send_keys("Replaced the door seal")
	tap(phone, phone.find_element(By.ID, "log-time"))
	phone.find_element(By.ID, "part-qty").clear()
	phone.find_element(By.ID, "part-qty").send_keys("2")
	tap(phone, phone.find_element(By.ID, "issue-part"))
	tap(phone, phone.find_elements(By.CSS_SELECTOR, ".check input[type=checkbox]")[1])
	wait_for(phone, lambda d: sync_state(d) == (3, 0))
	# the job page, its equipment page and the list are in the worker's cache for the cellar
	cached = phone.execute_async_script(
		"""const done = arguments[arguments.length - 1];
		Promise.all(arguments[0].map((u) => caches.match(u).then((r) => !!r))).then(done);""",
		["/field", f"/field/job/{world.ticket}", f"/field/asset/{world.assets[0]}"],
	)
	assert cached == [True, True, True]
	assert "waiting" in phone.find_element(By.ID, "sync-state").get_attribute("class")
	shoot(phone, "03-offline-waiting.png")
	assert committed("Timesheet Detail", {"b2b_service_ticket": world.ticket}) == 0
	# a reload in the cellar: the worker, offline too, serves the cached page; the page keeps its
	# queue and sends nothing
	phone.refresh()
	wait_for(phone, ec.presence_of_element_located((By.ID, "checklist")))
	assert phone.execute_script(
		"return performance.getEntriesByType('navigation')[0].workerStart > 0 && !navigator.onLine"
	)
	probe = phone.execute_async_script(  # the worker itself is cut off too: an uncached page is refused
		"""const done = arguments[arguments.length - 1];
		fetch(arguments[0]).then((r) => done(r.status), () => done('failed'));""",
		f"/field/job/{world.ticket}?probe=1",
	)
	assert probe == 503, probe
	wait_for(phone, lambda d: sync_state(d) == (3, 0))
	time.sleep(2)
	assert sync_state(phone) == (3, 0)
	# DevTools' offline emulation may still let the reload's first replay reach the server (seen once on
	# a loaded machine); its answer never reaches the phone, which keeps the action queued, and the
	# replay after reconnecting must then change nothing: exactly one Timesheet is checked below
	assert committed("Timesheet Detail", {"b2b_service_ticket": world.ticket}) <= 1

	# back online: sent once
	network(phone, online=True)
	try:
		wait_for(phone, lambda d: sync_state(d) == (0, 0), timeout=60)
	except Exception:
		state = phone.find_element(By.ID, "sync-state")
		raise AssertionError(
			(
				state.text,
				phone.find_element(By.ID, "queue-list").text,
				phone.execute_script("return navigator.onLine"),
			)
		) from None
	assert committed("Timesheet Detail", {"b2b_service_ticket": world.ticket, "docstatus": 1}) == 1
	assert committed("Stock Entry", {"b2b_service_ticket": world.ticket, "docstatus": 1}) == 1
	assert committed("Field Action Log", {"user": world.user}) == 5
	key = frappe.get_all(
		"Field Action Log", {"user": world.user, "action": "log_time"}, pluck="idempotency_key"
	)[0]
	replay = phone.execute_script(
		"""return fetch('/api/method/b2b_helpdesk.api.field.perform', {method: 'POST', credentials: 'same-origin',
			headers: {'Content-Type': 'application/json', 'X-Frappe-CSRF-Token': window.FIELD.csrf},
			body: JSON.stringify({key: arguments[0], action: 'log_time', ticket: arguments[1],
				payload: {activity_type: 'B2B Repair', hours: 1.5}})}).then(r => r.json())""",
		key,
		world.ticket,
	)
	assert replay["message"]["replayed"] is True
	assert committed("Timesheet Detail", {"b2b_service_ticket": world.ticket, "docstatus": 1}) == 1
	done = frappe.get_all(
		"Service Ticket Checklist Item", {"parent": world.ticket}, ["item", "done", "result"], order_by="idx"
	)
	assert [(r.item, r.done, r.result or "") for r in done] == [
		("Check the compressor", 1, "Pressure 7.5 bar"),
		("Clean the condenser", 1, ""),
	]

	# the client signs on the canvas and types his name
	phone.get(f"{BASE}/field/job/{world.ticket}")
	pad = wait_for(phone, ec.presence_of_element_located((By.ID, "signature")))
	# the page comes from the server again, not the worker's cache: it shows what was synced
	boxes = phone.find_elements(By.CSS_SELECTOR, ".check input[type=checkbox]")
	assert [box.is_selected() for box in boxes] == [True, True]
	assert not phone.find_element(By.ID, "stop-trip").get_attribute("hidden")
	phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", pad)
	phone.find_element(By.ID, "work-done").send_keys("Seal replaced, cooling back to 4 °C")
	phone.find_element(By.ID, "signer").send_keys("Olga Signer")
	strokes = ActionChains(phone).move_to_element_with_offset(pad, -120, 10).click_and_hold()
	for dx, dy in ((40, -30), (40, 40), (40, -40), (40, 30), (30, -20)):
		strokes = strokes.move_by_offset(dx, dy)
	strokes.release().perform()
	tap(phone, phone.find_element(By.ID, "sign"))
	try:  # a refusal shows at once as a conflict (sync_state): no waiting out the clock for it
		wait_for(phone, lambda d: sync_state(d) and d.find_elements(By.ID, "report-link"), timeout=90)
	except Exception as error:
		raise AssertionError(page_state(phone), str(error)) from None
	link = phone.find_element(By.ID, "report-link")
	shoot(phone, "04-signed.png")
	frappe.db.rollback()
	report = frappe.get_doc("Service Work Report", link.text)
	assert (report.owner, report.signed_by_name, report.hours) == (world.user, "Olga Signer", 1.5)
	assert report.signature.startswith("data:image/png;base64,") and len(report.signature) > 1000
	assert frappe.db.get_value("Service Ticket", world.ticket, "status") == "Resolved"
	assert (
		frappe.db.get_value(
			"File",
			{"file_url": report.report_file, "attached_to_doctype": "Service Ticket"},
			"attached_to_name",
		)
		== world.ticket
	)
