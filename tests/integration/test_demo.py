"""The demo a newcomer runs: a year of history, a user for each role, each able to do his job.

The demo is built once per test (each test is rolled back); building it takes a while, so the
figures, the users and the pages are checked in one test. What each month holds is fixed
(`demo.history.MONTH`), so every figure below is exact whatever day the test runs.
"""

from collections import Counter

import frappe
from frappe.desk.query_report import run as run_report
from frappe.utils import add_months, get_first_day, getdate, nowdate
from frappe.utils.password import check_password

from b2b_helpdesk import demo
from b2b_helpdesk.demo.people import DEMO_PASSWORD


def counts(doctype: str, field: str, filters=None) -> dict:
	rows = frappe.get_all(doctype, filters=filters or {}, fields=[field], limit_page_length=0)
	return dict(Counter(row[field] for row in rows))


def portal_page(module: str, user: str, **args) -> frappe._dict:
	"""Open a portal page as `user` (its get_context, the way the web server calls it)."""
	page = frappe.get_module(f"b2b_helpdesk.www.{module}")
	frappe.set_user(user)
	frappe.local.form_dict = frappe._dict(args)
	context = frappe._dict()
	try:
		page.get_context(context)
		assert "reason" not in context, context.reason  # not refused
		return context
	finally:
		frappe.set_user("Administrator")


def as_user(user: str, call):
	frappe.set_user(user)
	try:
		return call()
	finally:
		frappe.set_user("Administrator")


def test_the_demo_tells_a_year_of_service(erp):
	assert not frappe.db.exists("Customer", demo.RETAIL), "the test site must not hold the demo data"
	summary = demo.build()
	names = summary["tickets"]
	mine = {"name": ("in", names)}

	# --- tickets: a year of them, every status and coverage, breaches and rework --------------
	assert len(names) == 128
	assert counts("Service Ticket", "status", mine) == {
		"Closed": 120,
		"Open": 3,
		"In Progress": 2,
		"Waiting for Customer": 2,
		"Resolved": 1,
	}
	assert counts("Service Ticket", "coverage", mine) == {
		"Covered": 93,
		"Equipment Not Covered": 13,
		"Location Not Covered": 13,
		"No Active Contract": 9,
	}
	assert counts("Service Ticket", "sla_state", mine) == {
		"Met": 106,
		"Breached": 7,
		"No SLA": 9,
		"On Track": 4,
		"Paused": 2,
	}
	assert frappe.db.count("Service Ticket", {**mine, "breached_on": ("is", "set")}) == 7
	assert frappe.db.count("Service Ticket", {**mine, "reopen_count": 1}) == 11
	opened = frappe.get_all("Service Ticket", filters=mine, pluck="opened_on", limit_page_length=0)
	months = Counter(str(get_first_day(day)) for day in opened)
	for back in range(12, 0, -1):
		assert months[str(get_first_day(add_months(nowdate(), -back)))] == 10
	today = summary["today"]
	assert {key: frappe.db.get_value("Service Ticket", name, "sla_state") for key, name in today.items()} == {
		"cooling": "On Track",
		"pos": "On Track",
		"seal": "Met",
		"lighting": "Paused",
		"printer": "On Track",
		"battery": "On Track",
		"dock": "Breached",
		"yard": "Paused",
	}

	# --- the engineers' work: submitted time, trips, parts from their vans --------------------
	sheets = frappe.get_all(  # the demo's own (the site may hold other tests' timesheets)
		"Timesheet Detail", filters={"b2b_service_ticket": ("in", names), "docstatus": 1}, pluck="parent"
	)
	assert len(set(sheets)) == 37
	trips = {"service_ticket": ("in", names), "departed_on": ("is", "set")}
	assert frappe.db.count("Service Visit", trips) == 24
	issues = frappe.get_all(
		"Stock Entry Detail",
		filters={"parenttype": "Stock Entry", "docstatus": 1, "s_warehouse": ("like", "Van %")},
		pluck="parent",
	)
	demo_issues = frappe.get_all(  # the demo's own (the site may hold other tests' van issues)
		"Stock Entry",
		filters={"name": ("in", issues or [""]), "b2b_service_ticket": ("in", names)},
		pluck="name",
	)
	assert len(demo_issues) == 13

	# --- what the other features show, where the site has them ---------------------------------
	if frappe.db.exists("DocType", "Service Ticket Rating"):
		assert summary["ratings"] == 40
		assert counts("Service Ticket Rating", "rating", {"service_ticket": ("in", names)}) == {
			5: 20,
			4: 10,
			3: 5,
			2: 5,
		}
	if frappe.get_meta("Service Visit").has_field("planned_start"):
		visit = frappe.db.get_value(
			"Service Visit", summary["planned_visit"], ["service_ticket", "departed_on"], as_dict=True
		)
		assert (visit.service_ticket, visit.departed_on) == (today["pos"], None)

	if frappe.get_meta("Asset Maintenance").has_field("b2b_next_from"):
		# next month's preventive maintenance is already generated from the ERP's Asset Maintenance
		[planned] = summary["planned_maintenance"]
		ticket = frappe.get_doc("Service Ticket", planned)
		assert (ticket.channel, ticket.coverage, ticket.status, ticket.customer) == (
			"Planned",
			"Covered",
			"Open",
			demo.LOGISTICS,
		)
		assert 1 <= (getdate(ticket.planned_for) - getdate(nowdate())).days <= 3
		assert sorted((row.item, row.mandatory) for row in ticket.checklist) == [
			("Check the battery charge", 1),
			("Check the brakes", 1),
			("Grease the mast", 0),
		]
	if frappe.db.exists("DocType", "Knowledge Article"):
		models = frappe.get_all(
			"Knowledge Article Model", filters={"parent": summary["article"]}, pluck="item"
		)
		assert models == ["FRIDGE-X200"]
	if frappe.db.exists("DocType", "Service Engineer"):
		assert summary["routed_engineers"] == 2
		skills = frappe.get_all(
			"Service Engineer Skill",
			filters={"parenttype": "Service Engineer"},
			pluck="item",
			order_by="item",
		)
		assert skills == ["FORKLIFT-E25", "FRIDGE-X200", "FRIDGE-X200", "POS-T5"]

	# --- the retail contract's acts: one a month, as far as each got ----------------------------
	acts = frappe.get_all(
		"Service Act",
		filters={"name": ("in", summary["acts"])},
		fields=["from_date", "docstatus", "act_status", "sales_invoice"],
		order_by="from_date",
	)
	assert [str(act.from_date) for act in acts] == [
		str(get_first_day(add_months(nowdate(), -back))) for back in range(12, 0, -1)
	]
	assert all(act.docstatus == 1 for act in acts)
	assert [act.act_status for act in acts] == ["Invoiced"] * 9 + ["Disputed", "Accepted", "Submitted"]
	invoices = [act.sales_invoice for act in acts if act.sales_invoice]
	assert len(invoices) == 9
	assert frappe.db.count("Sales Invoice", {"name": ("in", invoices), "docstatus": 1}) == 9

	# --- people: each role, a password that signs in, the page of his job ---------------------
	users = summary["users"]
	roles = {key: set(frappe.get_roles(user)) & set(ROLES) for key, user in users.items()}
	assert roles == {
		"dispatcher": {"Service Dispatcher"},
		"ivan": {"Service Engineer"},
		"ana": {"Service Engineer"},
		"accountant": {"Service Accountant"},
		"manager": {"Service Manager"},
		"store_admin": {"Service Customer"},
		"territory_manager": {"Service Customer"},
		"head_office": {"Service Customer"},
	}
	for user in users.values():
		assert check_password(user, DEMO_PASSWORD) == user
	assert [row.user for row in demo.login_rows()] == [
		users[key]
		for key in (
			"dispatcher",
			"ivan",
			"ana",
			"accountant",
			"manager",
			"store_admin",
			"territory_manager",
			"head_office",
		)
	]
	for key in ("ivan", "ana"):
		employee = frappe.db.get_value("Employee", {"user_id": users[key]}, "name")
		assert employee
		assert frappe.db.count("Activity Cost", {"employee": employee}) == 2
		allowed = frappe.get_all(
			"User Permission", filters={"user": users[key]}, fields=["allow", "for_value"], order_by="allow"
		)
		assert [(row.allow, row.for_value) for row in allowed] == [
			("Company", frappe.db.get_value("Employee", employee, "company")),
			("Employee", employee),
			("Warehouse", frappe.db.get_value("Warehouse", {"warehouse_name": f"Van {key.title()}"})),
		]

	# the dispatcher's ticket list holds every ticket
	assert as_user(users["dispatcher"], lambda: frappe.db.count("Service Ticket")) >= 128
	assert len(
		as_user(users["dispatcher"], lambda: frappe.get_list("Service Ticket", limit_page_length=0))
	) == (frappe.db.count("Service Ticket"))
	# each engineer's /field shows his open jobs
	from b2b_helpdesk.field_service.phone_jobs import today_jobs

	for key, jobs in (("ivan", {today["cooling"], today["dock"]}), ("ana", {today["battery"]})):
		assert {job["name"] for job in as_user(users[key], lambda u=users[key]: today_jobs(u))} == jobs
	# the client's contacts each see their own scope on /tickets
	for key, seen in (("store_admin", 50), ("territory_manager", 39), ("head_office", 89)):
		context = portal_page("tickets.index", users[key], status="all")
		assert len(context.tickets) == seen, key
	# the head office, who accepts acts, sees them; the accountant and the manager do their jobs
	assert len(as_user(users["head_office"], lambda: frappe.get_list("Service Act"))) == 12
	demo_acts = {"customer": ("in", demo.DEMO_CUSTOMERS)}  # the site may hold other tests' acts
	assert len(as_user(users["accountant"], lambda: frappe.get_list("Service Act", filters=demo_acts))) == 12
	year = {"from_date": str(get_first_day(add_months(nowdate(), -12))), "to_date": nowdate()}
	sla = as_user(
		users["manager"],
		lambda: run_report(
			"SLA Compliance", filters={**year, "group_by": "Customer", "customer": demo.RETAIL}
		),
	)
	assert [
		row["tickets"] for row in sla["result"] if isinstance(row, dict) and row.get("group") == demo.RETAIL
	] == [89]

	# --- a second run creates nothing ----------------------------------------------------------
	before = {
		doctype: frappe.db.count(doctype)
		for doctype in ("Service Ticket", "Service Act", "User", "Timesheet")
	}
	assert demo.build()["created"] is False
	assert demo.create()["created"] is False
	assert {doctype: frappe.db.count(doctype) for doctype in before} == before


ROLES = (
	"Service Dispatcher",
	"Service Engineer",
	"Service Accountant",
	"Service Manager",
	"Service Customer",
)


def test_the_demo_leaves_a_site_with_data_of_its_own_alone(erp):
	from b2b_helpdesk.demo.clients import make_customer

	customer = make_customer("A Real Client Ltd")
	frappe.get_doc(
		{
			"doctype": "Service Ticket",
			"subject": "A real fault",
			"customer": customer,
			"description": "A real fault",
		}
	).insert(ignore_permissions=True)
	result = demo.create()
	assert result["created"] is False and "Service Ticket" in result["refused"]
	assert not frappe.db.exists("Customer", demo.RETAIL)
