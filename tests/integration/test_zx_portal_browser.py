"""The portal in a real browser: a store administrator raises a request, the dispatcher sees it.

Headless Debian Chromium driven by selenium against the test site served on
port 8000 (scripts/run_tests.sh serves it). The browser is a separate process
with its own database connection, so this module commits a small world of
its own and removes it afterwards. Screenshots are kept in test-artifacts/.
"""

import os
import shutil
from pathlib import Path

import pytest
import requests

import frappe

from b2b_helpdesk.demo.clients import make_address, make_customer
from tests.site_under_test import SITE

BASE = os.environ.get("B2B_SITE_URL") or f"http://{SITE}:8000"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Portal-Test-2026!"
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def site_is_served() -> bool:
	try:
		return requests.get(f"{BASE}/api/method/ping", timeout=5).ok
	except requests.RequestException:
		return False


pytestmark = pytest.mark.skipif(
	not (CHROMIUM and CHROMEDRIVER and site_is_served()),
	reason=f"!!! PORTAL BROWSER TEST SKIPPED: needs Debian chromium + chromedriver and {BASE} served !!!",
)


def make_login(email: str, first_name: str, role: str, user_type: str) -> str:
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name,
			"send_welcome_email": 0,
			"user_type": user_type,
		}
	).insert(ignore_permissions=True)
	user.add_roles(role)
	user.new_password = PASSWORD
	user.save(ignore_permissions=True)
	return email


@pytest.fixture(scope="module")
def world(erp):
	tag = frappe.generate_hash(length=6)
	customer = make_customer(f"Browser Client {tag}")
	store = make_address(customer, f"Browser {tag} Store A1", "1 Market Street", "Boston")
	other_store = make_address(customer, f"Browser {tag} Store A2", "2 Harbour Road", "Boston")
	store_admin = make_login(f"store-{tag}@client.example", "Store Admin", "Service Customer", "Website User")
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Store Admin",
			"last_name": tag,
			"user": store_admin,
			"b2b_portal_access": "Listed Locations",
			"b2b_locations": [{"address": store}],
			"email_ids": [{"email_id": store_admin, "is_primary": 1}],
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	).insert(ignore_permissions=True)
	dispatcher = make_login(
		f"dispatch-{tag}@staff.example", "Dispatcher", "Service Dispatcher", "System User"
	)
	frappe.db.commit()
	yield frappe._dict(
		customer=customer,
		store=store,
		other_store=other_store,
		store_admin=store_admin,
		dispatcher=dispatcher,
	)
	remove_world(customer, [store, other_store], contact.name, [store_admin, dispatcher])


def remove_world(customer: str, addresses: list[str], contact: str, users: list[str]) -> None:
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for ticket in frappe.get_all("Service Ticket", filters={"customer": customer}, pluck="name"):
		frappe.db.delete("Communication", {"reference_doctype": "Service Ticket", "reference_name": ticket})
		frappe.delete_doc("Service Ticket", ticket, force=True, ignore_permissions=True)
	frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
	for user in users:
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	for address in addresses:
		frappe.delete_doc("Address", address, force=True, ignore_permissions=True)
	frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture(scope="module")
def browser():
	from selenium import webdriver
	from selenium.webdriver.chrome.service import Service

	options = webdriver.ChromeOptions()
	options.binary_location = CHROMIUM
	for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,915"):
		options.add_argument(argument)  # a phone-sized window: the portal must work on a phone
	driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
	driver.set_page_load_timeout(60)
	yield driver
	driver.quit()


def wait_for(driver, condition, timeout=30):
	from selenium.webdriver.support.ui import WebDriverWait

	return WebDriverWait(driver, timeout).until(condition)


def test_a_request_submitted_on_the_portal_reaches_the_dispatcher(world, browser):
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support import expected_conditions as ec
	from selenium.webdriver.support.ui import Select

	ARTIFACTS.mkdir(exist_ok=True)
	browser.get(f"{BASE}/login")
	wait_for(browser, ec.visibility_of_element_located((By.ID, "login_email"))).send_keys(world.store_admin)
	browser.find_element(By.ID, "login_password").send_keys(PASSWORD)
	browser.find_element(By.CSS_SELECTOR, ".form-login .btn-login").click()
	wait_for(browser, ec.url_contains("/tickets"))  # the contact's home page after login

	browser.get(f"{BASE}/tickets/new")
	location = Select(wait_for(browser, ec.presence_of_element_located((By.ID, "b2b-location"))))
	assert [o.get_attribute("value") for o in location.options] == [world.store]  # only its own store
	browser.find_element(By.ID, "b2b-subject").send_keys("Freezer alarm keeps ringing")
	browser.find_element(By.ID, "b2b-description").send_keys("Display freezer 3, since 07:40")
	Select(browser.find_element(By.ID, "b2b-priority")).select_by_value("Urgent")
	browser.save_screenshot(str(ARTIFACTS / "portal-new-request-form.png"))
	browser.find_element(By.ID, "b2b-submit").click()
	wait_for(browser, ec.url_matches(r"/tickets/ST-"))
	wait_for(browser, ec.presence_of_element_located((By.ID, "b2b-next-step")))
	name = browser.current_url.rstrip("/").rsplit("/", 1)[-1]
	assert "Freezer alarm keeps ringing" in browser.page_source
	browser.save_screenshot(str(ARTIFACTS / "portal-request-submitted.png"))

	dispatcher = requests.Session()
	login = dispatcher.post(f"{BASE}/api/method/login", data={"usr": world.dispatcher, "pwd": PASSWORD})
	assert login.ok, login.text
	found = dispatcher.get(
		f"{BASE}/api/resource/Service Ticket/{name}",
	).json()["data"]
	assert (found["customer"], found["service_location"], found["channel"], found["priority"]) == (
		world.customer,
		world.store,
		"Portal",
		"Urgent",
	)
	assert found["subject"] == "Freezer alarm keeps ringing"
	assert (ARTIFACTS / "portal-request-submitted.png").stat().st_size > 10_000


def test_the_pages_a_contact_reaches_on_a_phone(world, browser):
	from selenium.webdriver.common.by import By

	for path, marker in (("/tickets", "b2b-ticket"), ("/equipment", "b2b-portal"), ("/sla", "b2b-portal")):
		browser.get(f"{BASE}{path}")
		assert browser.find_elements(By.CLASS_NAME, marker), path
		assert "Traceback" not in browser.page_source
	browser.save_screenshot(str(ARTIFACTS / "portal-my-requests.png"))


def test_a_client_with_api_keys_meets_the_same_guards_as_in_the_browser(world):
	from frappe.core.doctype.user.user import generate_keys

	frappe.set_user("Administrator")
	secret = generate_keys(world.store_admin)["api_secret"]
	key = frappe.db.get_value("User", world.store_admin, "api_key")
	frappe.db.commit()
	api = requests.Session()
	api.headers["Authorization"] = f"token {key}:{secret}"
	created = api.post(
		f"{BASE}/api/method/b2b_helpdesk.api.portal.create_ticket",
		data={"subject": "Door sensor broken", "service_location": world.store},
	)
	assert created.status_code == 200, created.text
	name = created.json()["message"]["name"]
	timeline = api.get(
		f"{BASE}/api/method/frappe.desk.form.load.getdoc", params={"doctype": "Service Ticket", "name": name}
	)
	assert timeline.status_code == 403  # the desk's form loader hands out internal notes: staff only
	other = api.post(
		f"{BASE}/api/method/frappe.desk.search.search_link",
		data={"doctype": "Service Ticket", "txt": "", "ignore_user_permissions": 1},
	)
	assert other.status_code in (200, 403)
	if other.status_code == 200:
		in_scope = frappe.get_all("Service Ticket", filters={"service_location": world.store}, pluck="name")
		assert name in in_scope
		assert {row["value"] for row in other.json()["message"]} <= set(in_scope)


# --- every portal page on a 390 px phone -----------------------------------------------------------

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}


def fits_the_phone(browser, name: str) -> None:
	"""No sideways scrolling: the page is no wider than the phone; the screenshot is kept."""
	import time

	time.sleep(1)
	scroll_width, inner_width = browser.execute_script(
		"return [document.documentElement.scrollWidth, window.innerWidth]"
	)
	browser.save_screenshot(str(ARTIFACTS / f"portal-390-{name}.png"))
	assert inner_width == 390, name
	assert scroll_width <= inner_width, f"{name}: {scroll_width} px wide on a {inner_width} px phone"


def test_every_portal_page_fits_a_390px_phone_with_the_portals_own_frame(world, browser, erp):
	from selenium.webdriver.common.by import By

	ARTIFACTS.mkdir(exist_ok=True)
	ticket = frappe.get_doc(
		{
			"doctype": "Service Ticket",
			"subject": "Cooling unit makes a loud rattling noise near the bakery counter",
			"customer": world.customer,
			"service_location": world.store,
			"priority": "High",
			"channel": "Phone",
			"description": "Since the delivery this morning; staff moved the trolley away.",
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()

	browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
	try:
		browser.get(f"{BASE}/login")
		status = browser.execute_script(
			"return fetch('/api/method/login', {method: 'POST', headers: {'Content-Type': 'application/json'},"
			" body: JSON.stringify({usr: arguments[0], pwd: arguments[1]})}).then((r) => r.status)",
			world.store_admin,
			PASSWORD,
		)
		assert status == 200
		for name, path in (
			("requests", "/tickets"),
			("new-request", "/tickets/new"),
			("request", f"/tickets/{ticket.name}"),
			("equipment", "/equipment"),
			("sla", "/sla"),
			("acts", "/acts"),
		):
			browser.get(f"{BASE}{path}")
			assert browser.find_elements(By.CLASS_NAME, "b2b-portal-header"), path
			assert "Powered by" not in browser.page_source and "Traceback" not in browser.page_source, path
			fits_the_phone(browser, name)

		# the act page, with its lines, amounts and objection boxes: rendered by the site for the
		# contact who accepts acts, then laid out by the browser at the site's own address
		html = act_page_html(erp)
		browser.get(f"{BASE}/acts")
		browser.execute_script("document.open(); document.write(arguments[0]); document.close();", html)
		assert browser.find_elements(By.CSS_SELECTOR, ".b2b-stack td[data-label]")
		assert browser.find_elements(By.CLASS_NAME, "b2b-objection")
		fits_the_phone(browser, "act")
	finally:
		browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def act_page_html(erp) -> str:
	"""The /acts/<name> page of a submitted act, as the client's contact who may accept it sees it."""
	from b2b_helpdesk.service_billing.acts import build_act
	from tests.integration.billing_factories import billing_setup
	from tests.integration.test_portal import page
	from tests.integration.test_service_acts import authorised_user
	from tests.integration.test_service_billing import worked_month

	data = billing_setup(erp)
	worked_month(data, erp)
	act = build_act(data.contract, "2026-05-10")
	act.submit()
	status, html = page(f"/acts/{act.name}", authorised_user(data.client.customer))
	frappe.set_user("Administrator")
	frappe.db.rollback()
	assert status == 200
	return html
