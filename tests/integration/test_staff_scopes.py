"""Staff rows: an engineer sees his and his team's tickets; dispatchers see all, within User Permissions."""

import pytest

import frappe
from frappe.desk.form.assign_to import add as assign_to

from tests.integration.factories import make_client, make_user, new_ticket


@pytest.fixture
def desk(erp):
	a, b = make_client(erp, "Retail"), make_client(erp, "Other")
	engineer, teammate, outsider = (make_user("Service Engineer") for _ in range(3))
	frappe.get_doc(
		{
			"doctype": "User Group",
			"name": f"Field Team {frappe.generate_hash(length=4)}",
			"user_group_members": [{"user": engineer}, {"user": teammate}],
		}
	).insert()
	tickets = {
		key: new_ticket(client).insert().name for key, client in (("mine", a), ("team", a), ("other", b))
	}
	assign_to({"doctype": "Service Ticket", "name": tickets["mine"], "assign_to": [engineer]})
	assign_to({"doctype": "Service Ticket", "name": tickets["team"], "assign_to": [teammate]})
	assign_to({"doctype": "Service Ticket", "name": tickets["other"], "assign_to": [outsider]})
	return frappe._dict(a=a, b=b, engineer=engineer, outsider=outsider, tickets=tickets)


def visible(user: str, tickets: dict) -> set[str]:
	frappe.set_user(user)
	listed = set(
		frappe.get_list("Service Ticket", filters={"name": ("in", list(tickets.values()))}, pluck="name")
	)
	opened = {
		key for key, name in tickets.items() if frappe.has_permission("Service Ticket", "read", doc=name)
	}
	frappe.set_user("Administrator")
	assert listed == {tickets[k] for k in opened}, "the list and the form must agree"
	return opened


def test_an_engineer_sees_his_own_and_his_teams_assignments_only(desk):
	assert visible(desk.engineer, desk.tickets) == {"mine", "team"}
	assert visible(desk.outsider, desk.tickets) == {"other"}


def test_an_engineer_sees_what_he_raised_and_keeps_seeing_finished_work(desk):
	frappe.set_user(desk.outsider)
	raised = new_ticket(desk.a, subject="Found on site").insert().name
	frappe.set_user("Administrator")
	frappe.db.set_value("ToDo", {"reference_name": desk.tickets["mine"]}, "status", "Closed")
	assert visible(desk.outsider, {"raised": raised}) == {"raised"}
	assert "mine" in visible(desk.engineer, desk.tickets)


def test_unassigning_takes_the_ticket_away_from_the_engineer(desk):
	frappe.db.set_value("ToDo", {"reference_name": desk.tickets["mine"]}, "status", "Cancelled")
	assert visible(desk.engineer, desk.tickets) == {"team"}


def test_dispatchers_see_all_and_a_user_permission_still_limits_them(desk):
	dispatcher, limited = make_user("Service Dispatcher"), make_user("Service Dispatcher")
	frappe.get_doc(
		{"doctype": "User Permission", "user": limited, "allow": "Customer", "for_value": desk.a.customer}
	).insert()
	assert visible(dispatcher, desk.tickets) == {"mine", "team", "other"}
	assert visible(limited, desk.tickets) == {"mine", "team"}
