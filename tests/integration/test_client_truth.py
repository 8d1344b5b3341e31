"""A client sets none of our fields; what the client and the engineer are told is true (issue 10, item 11)."""

import pytest

import frappe
from frappe.desk.form.assign_to import add as assign_to

from b2b_helpdesk.service_desk.client_tickets import get_client_open_tickets
from tests.integration.factories import at_local, make_client, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact
from tests.integration.test_portal import page

# every field of ours a client might try to set on a ticket it raises, with a forged value
FORGED = {
	"opened_on": "2020-01-01 00:00:00",
	"sla_state": "Met",
	"handling_path": "fast",
	"response_by": "2030-01-01 00:00:00",
	"first_responded_on": "2026-01-01 00:00:00",
	"response_sla": "Met",
	"resolution_by": "2030-01-01 00:00:00",
	"resolution_sla": "Met",
	"stage_due_by": "2030-01-01 00:00:00",
	"business_time_used": 1,
	"business_time_paused": 99999,
	"first_response_time": 1,
	"resolution_time": 1,
	"at_risk_on": "2030-01-01 00:00:00",
	"breach_on": "2030-01-01 00:00:00",
	"breached_on": "2026-01-01 00:00:00",
	"escalation_level": 3,
	"billing_class": "Warranty / Non-billable",
	"billing_class_reason": "The client says so",
	"resolved_on": "2026-01-01 00:00:00",
	"closed_on": "2026-01-01 00:00:00",
	"reopen_count": 7,
	"last_reopened_on": "2026-01-01 00:00:00",
	"unidentified_sender": 1,
	"contract_set_manually": 1,
	"contract_match_reason": "Forged",
	"account_manager": "Administrator",
	"service_tier": "Platinum",
}


@pytest.fixture
def shop(erp):
	a = make_client(erp, "Retail")
	store_admin = portal_contact(a.customer, "Listed Locations", locations=(a.store_a1,))
	return frappe._dict(a=a, store_admin=store_admin)


def test_a_client_sets_none_of_our_fields_on_a_ticket_it_raises(shop):
	from b2b_helpdesk.demo.service_levels import make_policy

	policy = make_policy(f"Forged {frappe.generate_hash(length=6)}", always_on=True).name
	frappe.set_user(shop.store_admin)
	ticket = new_ticket(
		shop.a,
		service_location=shop.a.store_a1,
		**FORGED,
		service_level_policy=policy,
		status_periods=[
			{"status": "Resolved", "started_on": "2026-01-01 00:00:00", "ended_on": "2026-01-02 00:00:00"}
		],
	).insert()
	frappe.set_user("Administrator")
	ticket.reload()
	assert (ticket.sla_state, ticket.escalation_level, ticket.reopen_count) == ("No SLA", 0, 0)
	forged_left = {
		field: ticket.get(field)
		for field, value in FORGED.items()
		if str(ticket.get(field)) == str(value) and field not in ("opened_on",)
	}
	assert not forged_left
	assert ticket.service_level_policy != policy
	assert str(ticket.opened_on) > "2026-01-01"
	assert [(p.status, p.ended_on) for p in ticket.status_periods] == [("Open", None)]
	assert (ticket.billing_class, ticket.billing_class_reason, ticket.unidentified_sender) == (None, None, 0)
	assert ticket.account_manager != "Administrator" and ticket.service_tier != "Platinum"


def test_the_engineer_is_told_of_open_tickets_he_cannot_see(shop):
	a = shop.a
	engineer = make_user("Service Engineer")
	mine = new_ticket(a, subject="Mine").insert()
	new_ticket(a, subject="Someone else's").insert()
	new_ticket(a, subject="Unassigned").insert()
	assign_to({"doctype": "Service Ticket", "name": mine.name, "assign_to": [engineer]})
	frappe.set_user(engineer)
	seen = get_client_open_tickets(a.customer, exclude=mine.name)
	assert (seen["total"], seen["hidden"], seen["tickets"]) == (0, 2, [])
	frappe.set_user("Administrator")
	assert get_client_open_tickets(a.customer, exclude=mine.name)["hidden"] == 0


def test_a_client_is_never_told_about_tickets_outside_its_scope(shop):
	new_ticket(shop.a, service_location=shop.a.store_a2).insert()
	frappe.set_user(shop.store_admin)
	answer = get_client_open_tickets(shop.a.customer)
	assert (answer["total"], answer["hidden"]) == (0, None)


def test_a_deadline_that_has_passed_reads_overdue_never_a_promise_in_the_past(shop, erp):
	from b2b_helpdesk.demo.service_levels import make_policy
	from tests.integration.factories import make_contract

	policy = make_policy(f"Truth {frappe.generate_hash(length=6)}", always_on=True)  # High: 2 h / 8 h
	make_contract(shop.a.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	with at_local("2026-05-18 09:00:00"):
		ticket = new_ticket(
			shop.a, opened_on="2026-05-18 09:00:00", priority="High", service_location=shop.a.store_a1
		).insert()
	with at_local("2026-05-18 10:00:00"):
		_status, html = page("/tickets", shop.store_admin)
		assert "by 05-18-2026 11:00" in html or ", by " in html
		assert "overdue since" not in html
	with at_local("2026-05-18 12:00:00"):
		_status, html = page("/tickets", shop.store_admin)
		assert ", our answer overdue since" in html
		assert ", by " not in html
	frappe.set_user("Administrator")
	ticket.reload()
	ticket.reply_to_customer("On our way")
	with at_local("2026-05-18 20:00:00"):
		_status, listing = page("/tickets", shop.store_admin)
		_status, detail = page(f"/tickets/{ticket.name}", shop.store_admin)
	assert ", resolution overdue since" in listing and "to be resolved by" not in listing
	assert "Resolution overdue since" in detail and "To be resolved by" not in detail
