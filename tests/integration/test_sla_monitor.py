"""The scheduled monitor marks At Risk / Breached and escalates exactly once per level (R25)."""

import frappe
from frappe.desk.form.assign_to import add as assign

from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.service_desk.sla_monitor import run
from tests.integration.factories import at_local, make_client, make_contract, make_user, new_ticket


def notifications(user, ticket):
	"""SLA warnings only (the assignment itself also notifies the assignee)."""
	return frappe.db.count(
		"Notification Log", {"for_user": user, "document_name": ticket, "subject": ("like", "SLA %")}
	)


def todos(user, ticket):
	return frappe.db.count("ToDo", {"allocated_to": user, "reference_name": ticket, "status": "Open"})


def state(ticket):
	return frappe.db.get_value("Service Ticket", ticket, ["sla_state", "escalation_level"])


def test_monitor_moves_states_and_escalates_once_per_level(erp):
	client = make_client(erp)
	engineer, account_manager, manager = (
		make_user("Service Engineer"),
		make_user("Service Dispatcher"),
		make_user("Service Manager"),
	)
	frappe.db.set_value("Customer", client.customer, "account_manager", account_manager)
	policy = make_policy(
		f"Monitored {frappe.generate_hash(length=6)}", always_on=True, escalate_to_manager_after=2 * 3600
	)
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	with at_local("2026-05-18 09:00:00"):  # Medium: response within 4 h, at risk after 3 h
		ticket = new_ticket(client, opened_on="2026-05-18 09:00:00").insert().name
		assign({"assign_to": [engineer], "doctype": "Service Ticket", "name": ticket})

	run("2026-05-18 11:59:00")
	assert state(ticket) == ("On Track", 0)

	run("2026-05-18 12:00:00")
	assert state(ticket) == ("At Risk", 1)
	assert notifications(engineer, ticket) == 1
	run("2026-05-18 12:30:00")
	assert notifications(engineer, ticket) == 1  # no repeated warning

	run("2026-05-18 13:00:00")
	assert state(ticket) == ("Breached", 2)
	assert frappe.db.get_value("Service Ticket", ticket, ["breached_on", "response_sla"]) == (
		frappe.utils.get_datetime("2026-05-18 13:00:00"),
		"Missed",
	)
	assert (todos(account_manager, ticket), notifications(account_manager, ticket)) == (1, 1)
	run("2026-05-18 14:59:00")
	assert todos(account_manager, ticket) == 1
	assert todos(manager, ticket) == 0

	run("2026-05-18 15:00:00")
	assert state(ticket) == ("Breached", 3)
	assert (todos(manager, ticket), notifications(manager, ticket)) == (1, 1)
	run("2026-05-18 18:00:00")
	assert (todos(manager, ticket), todos(account_manager, ticket), notifications(engineer, ticket)) == (
		1,
		1,
		1,
	)
	comments = frappe.get_all(
		"Comment",
		{"reference_name": ticket, "comment_type": "Info", "content": ("like", "Escalation level%")},
	)
	assert len(comments) == 3


def test_monitor_leaves_paused_and_closed_tickets_alone(erp):
	client = make_client(erp)
	policy = make_policy(f"Quiet {frappe.generate_hash(length=6)}", always_on=True)
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	with at_local("2026-05-18 09:00:00"):
		paused = new_ticket(client, opened_on="2026-05-18 09:00:00").insert()
		closed = new_ticket(client, opened_on="2026-05-18 09:00:00").insert()
	with at_local("2026-05-18 09:05:00"):
		for ticket, status in ((paused, "Waiting for Customer"), (closed, "Closed")):
			ticket.reload()  # a frozen clock has no microseconds; reload as the form would
			ticket.status = status
			ticket.save()
	run("2026-05-25 09:00:00")
	assert state(paused.name) == ("Paused", 0)
	assert state(closed.name) == ("Met", 0)
