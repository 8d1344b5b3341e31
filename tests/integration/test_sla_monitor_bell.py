"""The monitor's warnings light the bell of the users it notifies, and only theirs (issue 12: one
UPDATE of their Notification Settings instead of one per user)."""

import frappe
from frappe.desk.form.assign_to import add as assign

from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.service_desk.sla_monitor import run
from tests.integration.factories import at_local, make_client, make_contract, make_user, new_ticket


def seen(user: str) -> int | None:
	return frappe.db.get_value("Notification Settings", user, "seen")


def test_the_warning_marks_the_assignees_notifications_unseen(erp):
	client = make_client(erp)
	first, second, bystander = (make_user("Service Engineer") for _ in range(3))
	policy = make_policy(f"Bell {frappe.generate_hash(length=6)}", always_on=True)
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	with at_local("2026-05-18 09:00:00"):  # Medium: at risk after 3 h
		ticket = new_ticket(client, opened_on="2026-05-18 09:00:00").insert().name
		assign({"assign_to": [first, second], "doctype": "Service Ticket", "name": ticket})
	for user in (first, second, bystander):
		frappe.db.set_value("Notification Settings", user, "seen", 1, update_modified=False)
		frappe.get_cached_doc("Notification Settings", user)  # cached as seen: the run must drop it
	assert [seen(u) for u in (first, second, bystander)] == [1, 1, 1]

	run("2026-05-18 12:00:00")

	assert frappe.db.get_value("Service Ticket", ticket, "escalation_level") == 1
	assert [seen(u) for u in (first, second, bystander)] == [0, 0, 1]
	assert [frappe.get_cached_doc("Notification Settings", u).seen for u in (first, second)] == [0, 0]
