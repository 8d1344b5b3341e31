"""The desk at 1440 px in headless Chromium (issue 16), against the served site, as the people who use it.

The dispatcher opens a ticket (the headline: coverage verdict, SLA state and its next deadline, who has
it; the Connections tab with its time, trips and parts), the triage list (the SLA column's "overdue …"
in full) and the Dispatch Board (people's names, not e-mails); the manager the Service Management
workspace and the Client Overview; the accountant an act and a contract's Connections (acts, trips,
time); the dispatcher a customer's machine (no asset value or depreciation). No page scrolls
sideways. Screenshots: test-artifacts/desk/ (the README's desk pictures are reduced copies of them).
"""

from dataclasses import dataclass

import pytest

import frappe
from frappe.utils import add_to_date, get_datetime, now_datetime, nowdate
from frappe.utils.password import update_password

from b2b_helpdesk.service_billing.acts import make_act
from b2b_helpdesk.service_billing.log_work import issue_materials, log_time
from tests.integration import field_world
from tests.integration.billing_factories import REPAIR
from tests.integration.browser import (
	ARTIFACTS,
	BASE,
	DESK,
	chromium,
	console_errors,
	served_site_only,
	shoot,
	sign_in,
	wait_for,
)
from tests.integration.test_role_jobs import SEAL

pytestmark = served_site_only("DESK")
PASSWORD = "Dk-desk-7!Quartz"
SHOTS = ARTIFACTS / "desk"


@dataclass
class DeskWorld:
	field: field_world.FieldWorld
	dispatcher: str
	manager: str
	accountant: str
	service_engineer: str
	fresh_ticket: str
	act: str


def staff(tag: str, first: str, last: str, role: str) -> str:
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"{tag}-{last.lower()}@staff.example",
			"first_name": first,
			"last_name": last,
			"send_welcome_email": 0,
			"user_type": "System User",
		}
	).insert(ignore_permissions=True)
	user.add_roles(role)
	update_password(user.name, PASSWORD)
	return user.name


def build(erp) -> DeskWorld:
	"""The phone tests' committed world (client, contract, covered ticket, engineer, van), plus the
	office: a dispatcher, a manager and an accountant who can sign in, the engineer on the board with a
	visit planned today, time and parts logged on the ticket, a new unassigned ticket, a submitted act."""
	field = field_world.build(erp)
	tag = field.user.split("-")[0]
	frappe.set_user("Administrator")
	frappe.db.set_value(
		"Service Ticket",
		field.ticket,
		"description",
		"<p>The display case in aisle 3 is at +9 °C since this morning; the compressor starts and stops.</p>",
	)
	engineer = frappe.get_doc(
		{"doctype": "Service Engineer", "employee": field.engineer, "user": field.user, "active": 1}
	).insert(ignore_permissions=True)
	fresh = frappe.get_doc(
		{
			"doctype": "Service Ticket",
			"subject": "Freezer alarm keeps ringing",
			"customer": field.customer,
			"service_location": field.addresses[0],
			"asset": field.assets[0],
			"priority": "High",
			"opened_on": add_to_date(now_datetime(), hours=-1),
		}
	).insert(ignore_permissions=True)
	frappe.set_user(field.user)
	log_time(field.ticket, REPAIR, 1.5, "2026-05-18 10:00:00", description="Compressor relay replaced")
	issue_materials(field.ticket, [{"item_code": SEAL, "qty": 2, "warehouse": field.van}])
	frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": field.ticket,
			"engineer": field.engineer,
			"departed_on": "2026-05-18 09:00:00",
			"returned_on": "2026-05-18 11:40:00",
			"travel_zone": "City",
		}
	).insert()
	today = get_datetime(f"{nowdate()} 14:00:00")
	frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": field.ticket,
			"engineer": field.engineer,
			"planned_start": today,
			"planned_end": add_to_date(today, hours=2),
		}
	).insert()
	frappe.set_user("Administrator")
	accountant = staff(tag, "Alex", "Accountant", "Service Accountant")
	frappe.set_user(accountant)
	act = frappe.get_doc("Service Act", make_act(field.contract, "2026-05-10"))
	act.submit()
	frappe.set_user("Administrator")
	world = DeskWorld(
		field=field,
		dispatcher=staff(tag, "Dana", "Dispatcher", "Service Dispatcher"),
		manager=staff(tag, "Morgan", "Manager", "Service Manager"),
		accountant=accountant,
		service_engineer=engineer.name,
		fresh_ticket=fresh.name,
		act=act.name,
	)
	frappe.db.commit()
	return world


def destroy(world: DeskWorld) -> list[str]:
	frappe.db.rollback()
	frappe.set_user("Administrator")
	left: list[str] = []
	field_world.drop("Service Act", world.act, left)
	frappe.db.delete("Service Billing Claim", {"source": ("like", f"Period:{world.field.contract}:%")})
	frappe.db.delete("ToDo", {"reference_type": "Service Ticket", "reference_name": world.fresh_ticket})
	frappe.db.delete(
		"Communication", {"reference_doctype": "Service Ticket", "reference_name": world.fresh_ticket}
	)
	field_world.drop("Service Ticket", world.fresh_ticket, left)
	field_world.drop("Service Engineer", world.service_engineer, left)
	for user in (world.dispatcher, world.manager, world.accountant):
		frappe.db.delete("Sessions", {"user": user})
		field_world.drop("User", user, left)
	frappe.db.commit()
	return left + field_world.destroy(world.field)


@pytest.fixture(scope="module")
def world(erp):
	built = build(erp)
	yield built
	left = destroy(built)
	assert left == [], left


@pytest.fixture(scope="module")
def desk():
	driver = chromium(*DESK)
	yield driver
	driver.quit()


def open_page(driver, path: str, selector: str, timeout: float = 40):
	"""Open a desk page and wait for `selector`; the element found."""
	from selenium.common.exceptions import TimeoutException
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support import expected_conditions as ec

	driver.get(f"{BASE}{path}")
	try:
		element = wait_for(driver, ec.visibility_of_element_located((By.CSS_SELECTOR, selector)), timeout)
	except TimeoutException:
		SHOTS.mkdir(parents=True, exist_ok=True)
		driver.save_screenshot(str(SHOTS / "failed-page.png"))
		raise AssertionError(
			f"{path}: no {selector} after {timeout}s; see {SHOTS / 'failed-page.png'}"
		) from None
	wait_for(
		driver,
		lambda d: d.execute_script("return !frappe.dom.freeze_count && !$('.progress-bar:visible').length"),
	)
	return element


def settle(driver, seconds: float = 1.5) -> None:
	import time

	time.sleep(seconds)  # charts and late widgets draw after the page's own ready state


def picture(driver, name: str, max_height: int = 2400, min_height: int = 0) -> None:
	dialogs = driver.execute_script(
		"return [...document.querySelectorAll('.modal.show')].map((m) => m.innerText.trim().slice(0, 200))"
	)
	assert dialogs == [], f"{name}: a dialog is open over the page: {dialogs}"  # e.g. "Not permitted"
	shoot(driver, SHOTS / name, *DESK, max_height=max_height, min_height=min_height)
	assert (SHOTS / name).stat().st_size > 20_000, name  # a page, not a blank


def show_connections(driver) -> None:
	"""The form's Connections: a tab of its own on a form with tabs, else the section on top of the form."""
	from selenium.webdriver.common.by import By
	from selenium.webdriver.support import expected_conditions as ec

	tabs = driver.find_elements(
		By.XPATH, "//ul[contains(@class,'form-tabs')]//a[normalize-space()='Connections']"
	)
	if tabs:
		driver.execute_script("arguments[0].click()", tabs[0])
	wait_for(driver, ec.visibility_of_element_located((By.CSS_SELECTOR, ".form-documents .document-link")))
	settle(driver, 2)  # the counts arrive after the links


def connections(driver) -> dict[str, str]:
	"""The Connections tab's documents and their counts, as shown."""
	return driver.execute_script(
		"""const out = {};
		document.querySelectorAll('.form-documents .document-link').forEach((el) => {
			const count = el.querySelector('.count');
			out[el.dataset.doctype] = count ? count.textContent.trim() : '';
		});
		return out;"""
	)


def test_the_dispatcher_works_on_a_ticket(world, desk):
	sign_in(desk, world.dispatcher, PASSWORD)
	headline = open_page(desk, f"/app/service-ticket/{world.field.ticket}", ".form-message", 60)
	settle(desk)
	text = headline.text
	assert "Covered" in text, text
	assert "SLA: Breached" in text and "overdue since" in text, text
	engineer = frappe.utils.get_fullname(world.field.user)
	assert f"Assigned to: {engineer}" in text, text  # who has it, by name
	overdue = desk.execute_script("return document.querySelector('.form-message .text-danger').textContent")
	assert "overdue since" in overdue  # the missed deadline in red
	picture(desk, "desk-ticket-form.png", max_height=1600)


def test_the_manager_sees_the_work_in_the_ticket_connections(world, desk):
	"""Time and parts are the ERP's Timesheet and Stock Entry, which the manager reads (the dispatcher
	does not: the Connections tab lists only what its reader may open)."""
	sign_in(desk, world.manager, PASSWORD)
	open_page(desk, f"/app/service-ticket/{world.field.ticket}", ".form-message", 60)
	show_connections(desk)
	assert connections(desk) == {
		"Service Ticket": "",
		"Timesheet": "1",
		"Service Visit": "2",
		"Stock Entry": "1",
	}, connections(desk)
	picture(desk, "desk-ticket-connections.png", max_height=1200)


def test_the_dispatcher_triages_the_list(world, desk):
	sign_in(desk, world.dispatcher, PASSWORD)
	open_page(
		desk,
		"/app/service-ticket?customer=" + frappe.utils.quote(world.field.customer),
		".list-row-container",
	)
	settle(desk)
	cells = desk.execute_script(
		"""const shown = (selector) => [...document.querySelectorAll(`.list-row .list-row-col ${selector}`)].map((el) => {
			const cell = el.closest('.list-row-col');
			return [el.textContent.trim(), Math.ceil(el.getBoundingClientRect().width), cell.clientWidth];
		});
		return {sla: shown('.b2b-sla'), coverage: shown("[data-filter^='coverage,=']"),
			status: shown("[data-filter^='status,=']")};"""
	)
	for column, shown in cells.items():
		assert len(shown) == 3, (column, shown)  # the world's three open tickets
		for text, needed, room in shown:
			assert needed <= room, f"{column} cut: {text!r} needs {needed}px, has {room}px"
	sla = [text for text, _, _ in cells["sla"]]
	# opened in May (overdue by months, whatever day the test runs) and an hour ago (due tomorrow)
	assert sorted(text.split(" ", 2)[:2] == ["Breached", "overdue"] for text in sla) == [False, True, True], (
		sla
	)
	assert [text for text in sla if text.startswith("On Track due in ")], sla
	picture(desk, "triage-list.png", max_height=900)


def test_the_dispatcher_plans_the_week(world, desk):
	sign_in(desk, world.dispatcher, PASSWORD)
	board = open_page(desk, "/app/dispatch-board", ".b2b-board-side", 60)
	settle(desk)
	side = board.text
	assert "@" not in side, side  # people's names, not e-mails
	assert "Field Engineer" in side, side  # the assignee of the world's breached ticket
	week = desk.find_element("css selector", ".b2b-week").text
	assert world.field.ticket in week, week  # the visit planned today
	picture(desk, "dispatch-board.png", max_height=1400)


def test_the_manager_reads_the_service(world, desk):
	sign_in(desk, world.manager, PASSWORD)
	open_page(desk, "/app/service-management", ".widget.number-widget-box, .widget.chart-widget-box", 60)
	settle(desk, 4)
	picture(desk, "service-management.png", min_height=1500)

	open_page(
		desk,
		"/app/client-overview?customer=" + frappe.utils.quote(world.field.customer),
		".page-body .b2b-overview, .layout-main-section .frappe-card, .layout-main-section table",
		60,
	)
	settle(desk, 3)
	body = desk.find_element("css selector", ".layout-main-section").text
	assert "Freezer alarm keeps ringing" in body or world.field.contract in body, body[:500]
	picture(desk, "client-overview.png", max_height=2400)


def test_the_accountant_reads_an_act_and_a_contract(world, desk):
	sign_in(desk, world.accountant, PASSWORD)
	open_page(desk, f"/app/service-act/{world.act}", ".form-layout", 60)
	settle(desk)
	assert world.field.contract in desk.find_element("css selector", ".form-layout").text
	picture(desk, "service-act-form.png", max_height=2000)

	open_page(desk, f"/app/contract/{world.field.contract}", ".form-layout", 60)
	show_connections(desk)
	assert connections(desk) == {
		"Service Ticket": "3",
		"Service Visit": "2",
		"Timesheet": "1",
		"Service Act": "1",
	}, connections(desk)
	picture(desk, "contract-connections.png", max_height=1200)


def test_a_customer_machine_shows_no_company_asset_noise(world, desk):
	sign_in(desk, world.dispatcher, PASSWORD)
	form = open_page(desk, f"/app/asset/{world.field.assets[0]}", ".form-layout", 60)
	settle(desk)
	text = form.text
	assert "Depreciation" not in text, "depreciation shown on a customer's machine"
	picture(desk, "customer-asset.png", max_height=1800)
	assert not [m for m in console_errors(desk) if "b2b_helpdesk" in m]
