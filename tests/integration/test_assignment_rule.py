"""The ERP's own routing: an Assignment Rule on Service Ticket assigns new tickets (issue 10, item 8).

Frappe's Assignment Rule runs on the ticket's `on_update` in the session of whoever saved it:
the client's contact for a request raised on the portal, the e-mail job's user for a mail.
The ToDo guard must let the rule's assignment through there, and still refuse a ToDo a client
makes up by itself.
"""

import pytest

import frappe
from frappe.cache_manager import clear_doctype_map

from b2b_helpdesk.api import portal
from tests.integration.factories import make_client, make_user
from tests.integration.test_contact_scopes import portal_contact
from tests.integration.test_email_channel import mailbox, receive, ticket_of  # noqa: F401 (fixture)

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.fixture
def routing(erp):
	"""A client with a whole-company contact, two engineers and a round-robin rule over them."""
	client = make_client(erp, "Routed")
	engineers = [make_user("Service Engineer"), make_user("Service Engineer")]
	rule = frappe.get_doc(
		{
			"doctype": "Assignment Rule",
			"name": f"Field Team {frappe.generate_hash(length=5)}",
			"document_type": "Service Ticket",
			"priority": 99,  # above any rule the site may already have
			"description": "New service request {{ name }}: {{ subject }}",
			"assign_condition": "status == 'Open'",
			"rule": "Round Robin",
			"users": [{"user": user} for user in engineers],
			"assignment_days": [{"day": day} for day in DAYS],
		}
	).insert()
	contact_user = portal_contact(client.customer, "Whole Company")
	yield frappe._dict(client=client, engineers=engineers, rule=rule.name, contact_user=contact_user)
	# Frappe keeps the doctype's rules in the cache, which the test's rollback does not reach
	frappe.db.rollback()
	clear_doctype_map("Assignment Rule", "Service Ticket")


def assignments(ticket: str) -> list[tuple[str, str]]:
	return [
		(row.allocated_to, row.assignment_rule)
		for row in frappe.get_all(
			"ToDo",
			filters={"reference_type": "Service Ticket", "reference_name": ticket, "status": "Open"},
			fields=["allocated_to", "assignment_rule"],
		)
	]


def raise_on_portal(routing, subject: str) -> str:
	frappe.set_user(routing.contact_user)
	try:
		return portal.create_ticket(
			subject=subject, priority="High", service_location=routing.client.store_a1
		)["name"]
	finally:
		frappe.set_user("Administrator")


def test_a_request_raised_on_the_portal_is_assigned_by_the_rule(routing):
	name = raise_on_portal(routing, "Fridge is warm")
	assert assignments(name) == [(routing.engineers[0], routing.rule)]
	assert frappe.has_permission("Service Ticket", "write", doc=name, user=routing.engineers[0])


def test_a_request_received_by_e_mail_is_assigned_by_the_rule(routing, mailbox):  # noqa: F811
	"""As the e-mail job runs it (the scheduler's user); the round robin goes on after the portal's."""
	on_portal = raise_on_portal(routing, "POS frozen")
	email = frappe.db.get_value("Contact", routing.client.contact, "email_id")
	by_mail = ticket_of(receive(mailbox, f"Store Admin <{email}>", "Lift stuck at store A2"))
	assert (by_mail.customer, by_mail.channel) == (routing.client.customer, "E-mail")
	assert assignments(on_portal) == [(routing.engineers[0], routing.rule)]
	assert assignments(by_mail.name) == [(routing.engineers[1], routing.rule)]


def test_a_client_still_cannot_assign_a_ticket_by_itself(routing):
	name = raise_on_portal(routing, "Door jammed")
	frappe.set_user(routing.contact_user)
	engineer = make_user("Service Engineer")
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": engineer,
				"reference_type": "Service Ticket",
				"reference_name": name,
				"description": "Me first",
			}
		).insert()
	with pytest.raises(frappe.PermissionError):  # naming the rule does not make it the rule's
		frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": engineer,
				"reference_type": "Service Ticket",
				"reference_name": name,
				"description": "Me first",
				"assignment_rule": routing.rule,
			}
		).insert()
