"""The QR label and the page it opens, in a real browser on a phone-sized window; a client's REST calls.

Like test_zx_portal_browser: headless Debian Chromium against the served test site, a
small world committed here and removed afterwards. Screenshots go to test-artifacts/:
the machine's page at 390 px (no sideways scrolling) and the label PDF rendered by pdftoppm.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

import frappe

from b2b_helpdesk.demo.clients import make_address, make_customer
from b2b_helpdesk.demo.erp_setup import make_customer_equipment
from tests.integration.access_world import _delete_movements, _remove
from tests.integration.test_zx_portal_browser import (
	ARTIFACTS,
	BASE,
	CHROMEDRIVER,
	CHROMIUM,
	PASSWORD,
	make_login,
)
from tests.integration.test_zx_portal_browser import pytestmark as served_site_only

pytestmark = served_site_only
PHONE = (390, 844)


@pytest.fixture(scope="module")
def world(erp):
	tag = frappe.generate_hash(length=6)
	customer = make_customer(f"Label Client {tag}")
	store = make_address(customer, f"Label {tag} Store", "1 Market Street", "Boston")
	client = make_login(f"label-{tag}@client.example", "Store Admin", "Service Customer", "Website User")
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Store Admin",
			"last_name": tag,
			"user": client,
			"b2b_portal_access": "Whole Company",
			"email_ids": [{"email_id": client, "is_primary": 1}],
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	).insert(ignore_permissions=True)
	engineer = make_login(f"label-eng-{tag}@staff.example", "Engineer", "Service Engineer", "System User")
	asset = make_customer_equipment(
		erp.kit, customer, erp.model, f"Display case with a long name {tag}", store
	)
	frappe.db.set_value("Asset", asset.name, "b2b_serial_no", f"SN-{tag}")
	articles = {
		key: frappe.get_doc(
			{
				"doctype": "Knowledge Article",
				"title": f"{key} article {tag}",
				"published": 1,
				"for_clients": int(key == "client"),
				"equipment_models": [{"item": erp.model}],
			}
		)
		.insert()
		.name
		for key in ("client", "internal")
	}
	frappe.db.commit()
	yield frappe._dict(
		tag=tag, asset=asset.name, client=client, engineer=engineer, articles=articles, customer=customer
	)
	frappe.db.rollback()
	frappe.set_user("Administrator")
	for article in articles.values():
		frappe.delete_doc("Knowledge Article", article, force=True, ignore_permissions=True)
	_delete_movements(frappe._dict(swept=[]), [asset.name])
	_remove("Asset", asset.name)
	frappe.delete_doc("Contact", contact.name, force=True, ignore_permissions=True)
	for user in (client, engineer):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.delete_doc("Address", store, force=True, ignore_permissions=True)
	frappe.delete_doc("Customer", customer, force=True, ignore_permissions=True)
	frappe.db.commit()


def session(user: str) -> requests.Session:
	http = requests.Session()
	assert http.post(f"{BASE}/api/method/login", data={"usr": user, "pwd": PASSWORD}).ok
	return http


@pytest.fixture(scope="module")
def phone():
	from selenium import webdriver
	from selenium.webdriver.chrome.service import Service

	options = webdriver.ChromeOptions()
	options.binary_location = CHROMIUM
	for argument in (
		"--headless=new",
		"--no-sandbox",
		"--disable-dev-shm-usage",
		f"--window-size={PHONE[0]},{PHONE[1]}",
	):
		options.add_argument(argument)
	driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
	driver.set_page_load_timeout(60)
	# a headless window is at least 500 px wide: the phone's width is set as the device's
	driver.execute_cdp_cmd(
		"Emulation.setDeviceMetricsOverride",
		{"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True},
	)
	yield driver
	driver.quit()


def test_a_client_scans_the_label_and_sees_its_machine_on_a_phone(world, phone):
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support import expected_conditions as ec
	from selenium.webdriver.support.ui import WebDriverWait

	ARTIFACTS.mkdir(exist_ok=True)
	route = f"/equipment/{quote(world.asset, safe='')}"
	phone.get(f"{BASE}{route}")  # not signed in: the login page, then back
	WebDriverWait(phone, 30).until(ec.visibility_of_element_located((By.ID, "login_email"))).send_keys(
		world.client
	)
	phone.find_element(By.ID, "login_password").send_keys(PASSWORD)
	phone.find_element(By.CSS_SELECTOR, ".form-login .btn-login").click()
	WebDriverWait(phone, 30).until(ec.presence_of_element_located((By.ID, "b2b-machine")))
	assert phone.current_url.endswith(route)
	button = phone.find_element(By.ID, "b2b-report-problem")
	assert button.get_attribute("href").endswith(f"/tickets/new?asset={quote(world.asset, safe='')}")
	assert f"SN-{world.tag}" in phone.page_source
	assert (
		world.articles["client"] in phone.page_source and world.articles["internal"] not in phone.page_source
	)
	widths = phone.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
	assert widths[1] == PHONE[0] and widths[0] <= widths[1], widths  # no sideways scrolling at 390 px
	phone.save_screenshot(str(ARTIFACTS / "equipment-page-390.png"))
	button.click()
	WebDriverWait(phone, 30).until(ec.presence_of_element_located((By.ID, "b2b-asset")))
	WebDriverWait(phone, 10).until(
		lambda d: d.find_element(By.ID, "b2b-asset").get_attribute("value") == world.asset
	)


def test_a_client_reads_a_client_article_but_not_an_internal_one_over_rest(world):
	http = session(world.client)
	url = f"{BASE}/api/resource/Knowledge Article"
	assert http.get(f"{url}/{world.articles['client']}").status_code == 200
	assert http.get(f"{url}/{world.articles['internal']}").status_code == 403
	listed = http.get(url, params={"filters": f'[["title", "like", "%{world.tag}%"]]'}).json()["data"]
	assert [row["name"] for row in listed] == [world.articles["client"]]
	found = http.get(
		f"{BASE}/api/method/b2b_helpdesk.knowledge.search.search_articles", params={"query": world.tag}
	).json()["message"]
	assert [row["name"] for row in found] == [world.articles["client"]]


def test_an_engineer_scanning_the_label_lands_on_his_job_page(world):
	response = session(world.engineer).get(f"{BASE}/equipment/{world.asset}", allow_redirects=False)
	assert (response.status_code, response.headers["Location"]) == (302, f"/field/asset/{world.asset}")


@pytest.mark.skipif(
	not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is needed for the label picture"
)
def test_the_label_pdf_as_a_picture(world):
	http = session(world.engineer)
	pdf = http.get(
		f"{BASE}/api/method/frappe.utils.print_format.download_pdf",
		params={"doctype": "Asset", "name": world.asset, "format": "Equipment Label"},
	)
	assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
	with tempfile.TemporaryDirectory() as tmp:
		Path(tmp, "label.pdf").write_bytes(pdf.content)
		subprocess.run(
			["pdftoppm", "-r", "200", "-png", "-singlefile", "label.pdf", "label"], cwd=tmp, check=True
		)
		shutil.copy(Path(tmp, "label.png"), ARTIFACTS / "equipment-label.png")
	assert (ARTIFACTS / "equipment-label.png").stat().st_size > 2_000
