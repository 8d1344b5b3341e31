"""Auto-assign of a request raised on the portal, in the client's own session (no impersonation).

The desk's auto-assign goes through the ToDo guard's own, narrow allowance for the one ticket
and engineer it chose: the ToDo, the engineer's notification and the ticket's timeline name who
really saved the ticket (the client), never Administrator; the client still cannot assign anything.
"""

import pytest

import frappe
from frappe.client import set_value
from frappe.desk.form import assign_to

from b2b_helpdesk.api import portal
from b2b_helpdesk.field_service import dispatch
from b2b_helpdesk.overrides.client_records import AUTO_ASSIGNMENT
from tests.integration.test_contact_scopes import portal_contact
from tests.integration.test_dispatch import as_user, team  # noqa: F401 (pytest fixture)


@pytest.fixture
def raised(team):  # noqa: F811
	"""A client's contact raises a request on the portal, auto-assign on."""
	t = team
	frappe.db.set_single_value("Service Desk Settings", "auto_assign_new_tickets", 1)
	t.contact_user = portal_contact(t.client.customer, "Whole Company")
	frappe.db.set_value("Contact", {"user": t.contact_user}, "b2b_may_raise_tickets", 1)
	t.raised = as_user(
		t.contact_user,
		portal.create_ticket,
		subject="Shelf light off",
		priority="Medium",
		service_location=t.client.store_a1,
		asset=t.client.fridge,
	)["name"]
	return t


def test_the_todo_and_the_timeline_name_the_client_not_administrator(raised):
	t = raised
	reasons = (
		f"Auto-assigned: trained on model {t.erp.model}, travels to {t.north}, "
		"serves every client tier, 2 h of open work"
	)
	todos = frappe.get_all(
		"ToDo",
		filters={"reference_type": "Service Ticket", "reference_name": t.raised},
		fields=["allocated_to", "owner", "assigned_by", "assignment_rule", "status", "description"],
	)
	assert todos == [
		{
			"allocated_to": t.ben.user,
			"owner": t.contact_user,
			"assigned_by": t.contact_user,
			"assignment_rule": None,
			"status": "Open",
			"description": reasons,
		}
	]
	assert frappe.db.get_value("Service Ticket", t.raised, "_assign") == f'["{t.ben.user}"]'
	client_name = frappe.utils.get_fullname(t.contact_user)
	ben_name = frappe.utils.get_fullname(t.ben.user)
	timeline = frappe.get_all(
		"Comment",
		filters={
			"reference_doctype": "Service Ticket",
			"reference_name": t.raised,
			"comment_type": "Assigned",
		},
		fields=["owner", "comment_email", "content"],
	)
	assert timeline == [
		{
			"owner": t.contact_user,
			"comment_email": t.contact_user,
			"content": f"{client_name} assigned {ben_name}: {reasons}",
		}
	]
	# nothing of this request was written in Administrator's name
	for doctype, field in (("Comment", "reference_name"), ("ToDo", "reference_name"), ("Version", "docname")):
		assert frappe.get_all(doctype, filters={field: t.raised, "owner": "Administrator"}) == []
	assert frappe.flags.get(AUTO_ASSIGNMENT) is None  # the allowance ends with the assignment


def test_the_client_cannot_move_close_or_delete_the_assignment(raised):
	"""Frappe lets whoever `assigned_by` names edit a ToDo; the guard does not, for a client's request."""
	t = raised
	todo = frappe.get_all("ToDo", filters={"reference_name": t.raised}, pluck="name")[0]
	for field, value in (("allocated_to", t.anna.user), ("status", "Cancelled"), ("description", "x")):
		with pytest.raises(frappe.PermissionError):
			as_user(t.contact_user, set_value, "ToDo", todo, field, value)
	with pytest.raises(frappe.PermissionError):
		as_user(t.contact_user, frappe.delete_doc, "ToDo", todo)
	assert frappe.db.get_value("ToDo", todo, ["allocated_to", "status"]) == (t.ben.user, "Open")
	# the engineer closes his own assignment as before
	as_user(t.ben.user, set_value, "ToDo", todo, "status", "Closed")
	assert frappe.db.get_value("ToDo", todo, "status") == "Closed"


def test_the_client_still_cannot_assign(raised):
	t = raised
	mine = t.raised
	frappe.db.set_value("ToDo", {"reference_name": mine}, "status", "Cancelled")  # unassigned again

	def insert_todo(ticket: str, user: str, **extra):
		return frappe.get_doc(
			{
				"doctype": "ToDo",
				"allocated_to": user,
				"reference_type": "Service Ticket",
				"reference_name": ticket,
				"description": "Auto-assigned: me",
				**extra,
			}
		).insert()

	for who in (t.ben.user, t.anna.user, t.contact_user):
		with pytest.raises(frappe.PermissionError):
			as_user(t.contact_user, insert_todo, mine, who)
		with pytest.raises(frappe.PermissionError):
			as_user(
				t.contact_user,
				assign_to.add,
				{"assign_to": [who], "doctype": "Service Ticket", "name": mine},
				ignore_permissions=True,
			)
	# an announcement for one ticket and engineer lets nothing else through
	from b2b_helpdesk.overrides.client_records import auto_assignment

	with auto_assignment(mine, t.ben.user):
		with pytest.raises(frappe.PermissionError):
			as_user(t.contact_user, insert_todo, mine, t.anna.user)
		with pytest.raises(frappe.PermissionError):
			as_user(t.contact_user, insert_todo, t.ticket, t.ben.user)
	assert dispatch.open_assignees(mine) == []
