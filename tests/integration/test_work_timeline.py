"""The work on a ticket reads on its timeline: the engineer's time, his trip and his parts, and their undoing."""

import frappe

from b2b_helpdesk.service_billing.log_work import issue_materials, log_time
from tests.integration.billing_factories import REPAIR
from tests.integration.test_role_jobs import SEAL, field  # noqa: F401 (fixture)


def timeline(ticket: str) -> list[str]:
	return frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Service Ticket", "reference_name": ticket, "comment_type": "Info"},
		pluck="content",
		order_by="creation asc, name asc",
	)


def test_time_a_trip_and_parts_logged_by_the_engineer_read_on_the_ticket(field):  # noqa: F811
	ticket = field.covered.name
	employee_name = frappe.db.get_value("Employee", field.engineer, "employee_name")
	frappe.set_user(field.user)
	sheet = log_time(ticket, REPAIR, 1.5, "2026-05-18 10:00:00")
	visit = frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": ticket,
			"engineer": field.engineer,
			"departed_on": "2026-05-18 09:00:00",
			"travel_zone": "City",
		}
	).insert()
	visit.returned_on = "2026-05-18 11:40:00"
	visit.save()
	entry = issue_materials(ticket, [{"item_code": SEAL, "qty": 2, "warehouse": field.van}])
	frappe.set_user("Administrator")
	item_name = frappe.db.get_value("Item", SEAL, "item_name")

	assert timeline(ticket) == [
		f"Time logged by {employee_name}: 1.5 h {REPAIR} ({sheet})",
		f"{employee_name} left for the site at 05-18-2026 09:00:00 ({visit.name})",
		f"{employee_name} back from the site at 05-18-2026 11:40:00 ({visit.name})",
		f"Parts issued: 2 × {item_name} ({entry})",
	]

	frappe.get_doc("Timesheet", sheet).cancel()
	frappe.get_doc("Stock Entry", entry).cancel()
	assert timeline(ticket)[-2:] == [f"Time log {sheet} cancelled", f"Parts issue {entry} cancelled"]


def test_a_trip_saved_again_is_not_told_twice(field):  # noqa: F811
	frappe.set_user(field.user)
	visit = frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": field.covered.name,
			"engineer": field.engineer,
			"departed_on": "2026-05-18 09:00:00",
			"travel_zone": "City",
		}
	).insert()
	visit.notes = "Parking behind the store"
	visit.save()
	frappe.set_user("Administrator")
	assert len(timeline(field.covered.name)) == 1
