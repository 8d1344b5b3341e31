"""Assignment through ToDo, internal notes vs customer replies (R26), the client's other open tickets (R23)."""

import json

import pytest

import frappe
from frappe.desk.form.assign_to import add as assign

from b2b_helpdesk.service_desk.client_tickets import get_client_open_tickets
from tests.integration.factories import make_client, new_ticket


@pytest.fixture
def client(erp):
	return make_client(erp)


@pytest.fixture
def ticket(client):
	return new_ticket(client, contact=client.contact).insert()


def test_assignment_is_the_erps_todo(ticket):
	assign(
		{
			"assign_to": ["Administrator"],
			"doctype": "Service Ticket",
			"name": ticket.name,
			"description": "Go",
		}
	)
	todo = frappe.get_all(
		"ToDo",
		filters={"reference_type": "Service Ticket", "reference_name": ticket.name, "status": "Open"},
		fields=["allocated_to"],
	)
	assert [t.allocated_to for t in todo] == ["Administrator"]
	assert json.loads(frappe.db.get_value("Service Ticket", ticket.name, "_assign")) == ["Administrator"]


def test_internal_note_is_a_comment_and_reply_is_a_sent_communication(ticket):
	note = ticket.add_internal_note("<p>Customer is a VIP, call before visiting</p>")
	reply = ticket.reply_to_customer("<p>An engineer is on the way.</p>")

	comment = frappe.get_doc("Comment", note)
	assert (comment.comment_type, comment.reference_name) == ("Comment", ticket.name)
	communication = frappe.get_doc("Communication", reply)
	assert (communication.communication_type, communication.sent_or_received) == ("Communication", "Sent")
	assert (communication.reference_doctype, communication.reference_name) == ("Service Ticket", ticket.name)
	assert communication.recipients == ticket.contact_email
	assert "An engineer is on the way." in communication.content
	assert (
		frappe.db.count("Communication", {"reference_name": ticket.name, "communication_type": "Comment"})
		== 0
	)


@pytest.mark.parametrize("content", ["", "   ", "<p> </p>"])
def test_empty_messages_are_refused(ticket, content):
	with pytest.raises(frappe.ValidationError, match="message is empty"):
		ticket.add_internal_note(content)
	with pytest.raises(frappe.ValidationError, match="message is empty"):
		ticket.reply_to_customer(content)
	assert frappe.db.count("Communication", {"reference_name": ticket.name}) == 0


def test_the_clients_other_open_tickets(client, ticket):
	second = new_ticket(client, subject="Lights flicker", asset=client.lift).insert()
	done = new_ticket(client, subject="Old issue", status="Closed").insert()
	result = get_client_open_tickets(client.customer, exclude=ticket.name)
	assert result["total"] == 1
	assert [t.name for t in result["tickets"]] == [second.name]
	assert done.name not in [t.name for t in get_client_open_tickets(client.customer)["tickets"]]
