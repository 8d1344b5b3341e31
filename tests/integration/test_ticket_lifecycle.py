"""Status lifecycle, reopen on the same ticket (R1), sub-tickets of a multi-specialist job."""

import pytest

import frappe

from tests.integration.factories import make_client, new_ticket
from tests.integration.stage_factories import make_supplier


@pytest.fixture
def ticket(erp):
	return new_ticket(make_client(erp)).insert()


def move(ticket, status):
	ticket.status = status
	ticket.save()
	return ticket


def test_full_lifecycle_records_its_dates(ticket):
	ticket.third_party = make_supplier()  # Waiting for Third Party names the third party
	for status in ("In Progress", "Waiting for Customer", "In Progress", "Waiting for Third Party"):
		move(ticket, status)
	assert not ticket.resolved_on
	move(ticket, "Resolved")
	assert ticket.resolved_on and not ticket.closed_on
	move(ticket, "Closed")
	assert ticket.closed_on and ticket.resolved_on <= ticket.closed_on


def test_reopen_counts_on_the_same_ticket(ticket):
	move(ticket, "Resolved")
	ticket.reopen("Door seal still leaks")
	ticket.reload()
	assert (ticket.status, ticket.reopen_count, ticket.resolved_on) == ("Open", 1, None)
	assert ticket.last_reopened_on
	comment = frappe.get_last_doc(
		"Comment", filters={"reference_doctype": "Service Ticket", "reference_name": ticket.name}
	)
	assert comment.content == "Reopened: Door seal still leaks"

	move(ticket, "Closed")
	move(ticket, "In Progress")  # reopening by changing the status counts too
	assert ticket.reopen_count == 2
	assert frappe.db.count("Service Ticket", {"customer": ticket.customer}) == 1


def test_reopen_of_an_open_ticket_is_refused(ticket):
	with pytest.raises(frappe.ValidationError, match="Only a resolved or closed ticket can be reopened"):
		ticket.reopen("why not")
	assert frappe.db.get_value("Service Ticket", ticket.name, "reopen_count") == 0


def test_a_forbidden_move_names_the_allowed_ones(ticket):
	move(ticket, "Closed")
	ticket.status = "Resolved"
	with pytest.raises(
		frappe.ValidationError, match=r"cannot move to Resolved\. It can move to: Open, In Progress"
	):
		ticket.save()
	assert frappe.db.get_value("Service Ticket", ticket.name, "status") == "Closed"


def test_sub_tickets_hang_under_the_parent(erp, ticket):
	electrician = new_ticket_for(ticket, "Replace compressor relay")
	fitter = new_ticket_for(ticket, "Refill refrigerant")
	children = frappe.get_all("Service Ticket", {"parent_ticket": ticket.name}, pluck="name")
	assert sorted(children) == sorted([electrician.name, fitter.name])

	from tests.integration.test_erp_extensions import external_counts

	assert external_counts("Service Ticket", ticket.name)["Service Ticket"] == 2


def new_ticket_for(parent, subject):
	return frappe.get_doc(
		{
			"doctype": "Service Ticket",
			"subject": subject,
			"customer": parent.customer,
			"opened_on": parent.opened_on,
			"parent_ticket": parent.name,
		}
	).insert()


def test_parent_of_another_customer_or_a_loop_is_refused(erp, ticket):
	other = new_ticket(make_client(erp, "Other")).insert()
	child = new_ticket_for(ticket, "Sub-job")
	with pytest.raises(frappe.ValidationError, match="belongs to another customer"):
		new_ticket_for(other, "x").update({"customer": ticket.customer}).insert()
	ticket.parent_ticket = child.name
	with pytest.raises(frappe.ValidationError, match="cannot be its own parent"):
		ticket.save()
