"""The Connections tab (issue 16): a ticket lists its time, trips and parts; a contract its acts, trips and time.

What the desk's Connections tab calls is `frappe.desk.notifications.get_open_count`; it is called here as the
people who open those tabs (the dispatcher on a ticket, the accountant on a contract), and every count is exact.
The Timesheet is linked by its own header (`b2b_service_ticket`, `b2b_contract`), filled from its rows: a
Timesheet whose rows are on two tickets of one contract counts for the contract and for neither ticket.
"""

import frappe
from frappe.desk.form.assign_to import add as assign_to
from frappe.desk.notifications import get_open_count

from b2b_helpdesk.patches.v0_4.link_work_to_ticket_and_contract import (
	fill_timesheet_links,
	fill_visit_contracts,
)
from b2b_helpdesk.service_billing.acts import make_act
from b2b_helpdesk.service_billing.log_work import issue_materials, log_time
from tests.integration.billing_factories import REPAIR
from tests.integration.factories import make_user
from tests.integration.test_role_jobs import SEAL, field  # noqa: F401 (fixture)


def counts(doctype: str, name: str, user: str) -> dict[str, int]:
	frappe.set_user(user)
	try:
		found = get_open_count(doctype, name)["count"]
	finally:
		frappe.set_user("Administrator")
	assert found["internal_links_found"] == []
	return {row["doctype"]: row["count"] for row in found["external_links_found"]}


def visit(ticket: str, engineer: str, departed_on: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Service Visit",
				"service_ticket": ticket,
				"engineer": engineer,
				"departed_on": departed_on,
				"travel_zone": "City",
			}
		)
		.insert()
		.name
	)


def two_ticket_timesheet(employee: str, first: str, second: str) -> str:
	"""One Timesheet with a row on each ticket (the desk lets an engineer log a day this way)."""
	rows = [
		{
			"activity_type": REPAIR,
			"from_time": f"2026-05-21 {hour}:00:00",
			"hours": 1,
			"b2b_service_ticket": t,
		}
		for hour, t in (("09", first), ("11", second))
	]
	sheet = frappe.get_doc({"doctype": "Timesheet", "employee": employee, "time_logs": rows}).insert()
	sheet.submit()
	return sheet.name


def links(sheets: list[str], visits: list[str]) -> tuple[dict, list]:
	headers = frappe.get_all(
		"Timesheet",
		filters={"name": ("in", sheets)},
		fields=["name", "b2b_service_ticket", "b2b_contract"],
	)
	return (
		{s.name: (s.b2b_service_ticket, s.b2b_contract) for s in headers},
		[frappe.db.get_value("Service Visit", v, "contract") for v in visits],
	)


def test_the_ticket_and_the_contract_list_their_work(field):  # noqa: F811
	covered, extra = field.covered.name, field.extra.name
	assign_to({"assign_to": [field.user], "doctype": "Service Ticket", "name": extra})
	frappe.set_user(field.user)
	on_covered = [log_time(covered, REPAIR, 1.5, f"2026-05-{day} 10:00:00") for day in (18, 19)]
	on_extra = log_time(extra, REPAIR, 2, "2026-05-20 10:00:00")
	mixed = two_ticket_timesheet(field.engineer, covered, extra)
	visits = [visit(covered, field.engineer, f"2026-05-{day} 08:00:00") for day in (18, 19)]
	visits.append(visit(extra, field.engineer, "2026-05-20 08:00:00"))
	issue_materials(covered, [{"item_code": SEAL, "qty": 2, "warehouse": field.van}])
	accountant = make_user("Service Accountant")
	frappe.set_user(accountant)
	act = frappe.get_doc("Service Act", make_act(field.contract, "2026-05-10"))
	act.submit()
	frappe.set_user("Administrator")

	sheets = frappe.get_all("Timesheet", filters={"employee": field.engineer}, pluck="name")
	expected = {
		on_covered[0]: (covered, field.contract),
		on_covered[1]: (covered, field.contract),
		on_extra: (extra, field.contract),
		mixed: (None, field.contract),
	}
	assert links(sheets, visits) == (expected, [field.contract] * 3)

	# the patch fills the same links on work logged before they existed
	frappe.db.sql("update `tabService Visit` set contract = null where name in %s", [visits])
	frappe.db.sql(
		"update tabTimesheet set b2b_service_ticket = null, b2b_contract = null where name in %s", [sheets]
	)
	fill_visit_contracts()
	fill_timesheet_links()
	assert links(sheets, visits) == (expected, [field.contract] * 3)

	dispatcher = make_user("Service Dispatcher")
	# the Connections tab lists only what the user may read: the dispatcher reads time and parts
	for doctype in ("Timesheet", "Stock Entry", "Service Visit"):
		assert frappe.has_permission(doctype, "read", user=dispatcher), doctype
	assert counts("Service Ticket", covered, dispatcher) == {
		"Service Ticket": 0,  # sub-tickets
		"Timesheet": 2,
		"Service Visit": 2,
		"Stock Entry": 1,
	}
	assert counts("Service Ticket", extra, dispatcher) == {
		"Service Ticket": 0,
		"Timesheet": 1,
		"Service Visit": 1,
		"Stock Entry": 0,
	}
	assert counts("Contract", field.contract, accountant) == {
		"Service Ticket": 2,
		"Service Visit": 3,
		"Timesheet": 4,  # the two-ticket one too: both tickets are under this contract
		"Service Act": 1,
	}


def test_a_timesheet_moved_to_other_tickets_follows_them(field):  # noqa: F811
	"""The header follows the rows while the Timesheet is a draft; empty when no row is on a ticket."""
	assign_to({"assign_to": [field.user], "doctype": "Service Ticket", "name": field.extra.name})
	frappe.set_user(field.user)
	sheet = frappe.get_doc(
		{
			"doctype": "Timesheet",
			"employee": field.engineer,
			"time_logs": [
				{
					"activity_type": REPAIR,
					"from_time": "2026-05-21 09:00:00",
					"hours": 1,
					"b2b_service_ticket": field.covered.name,
				}
			],
		}
	).insert()
	assert (sheet.b2b_service_ticket, sheet.b2b_contract) == (field.covered.name, field.contract)
	sheet.time_logs[0].b2b_service_ticket = field.extra.name
	sheet.save()
	assert (sheet.b2b_service_ticket, sheet.b2b_contract) == (field.extra.name, field.contract)
	sheet.time_logs[0].b2b_service_ticket = None
	sheet.save()
	assert (sheet.b2b_service_ticket, sheet.b2b_contract) == (None, None)
