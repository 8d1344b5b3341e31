"""The contract's SLA on its tickets: targets, pauses, priority changes, first response, reopen (R11, R16, R28)."""

import pytest

import frappe
from frappe.utils import get_datetime

from b2b_helpdesk.demo.service_levels import HOUR, make_holiday_list, make_policy
from tests.integration.factories import at_local, make_client, make_contract, new_ticket

# The test site runs in America/New_York (setup wizard); policies below use the same zone.


@pytest.fixture
def client(erp):
	return make_client(erp)


def policy(name="Office", **kw):
	return make_policy(f"{name} {frappe.generate_hash(length=6)}", **kw).name


def at(ticket, when: str, **changes):
	"""Save the ticket as a user would at wall-clock time `when`."""
	with at_local(when):
		ticket.reload()
		ticket.update(changes)
		ticket.save()
	return ticket


def dt(value: str):
	return get_datetime(value)


def test_targets_come_from_the_contracts_policy(client):
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy(always_on=True))
	with at_local("2026-05-15 09:30:00"):
		ticket = new_ticket(client, opened_on="2026-05-15 09:30:00", priority="High").insert()
	assert ticket.service_level_policy
	assert (ticket.response_by, ticket.resolution_by) == (
		dt("2026-05-15 11:30:00"),
		dt("2026-05-15 17:30:00"),
	)
	assert (ticket.sla_state, ticket.response_sla, ticket.resolution_sla) == (
		"On Track",
		"Pending",
		"Pending",
	)


def test_friday_evening_plus_thirty_business_minutes_is_monday_morning(client):
	name = policy(response_hours={"Low": 0.5, "Medium": 0.5, "High": 0.5, "Urgent": 0.5})
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=name)
	with at_local("2026-05-15 17:50:00"):  # a Friday
		ticket = new_ticket(client, opened_on="2026-05-15 17:50:00").insert()
	assert ticket.response_by == dt("2026-05-18 09:20:00")


def test_holiday_on_monday_is_skipped(client):
	holidays = make_holiday_list(f"Test {frappe.generate_hash(length=5)}", 2026, ("2026-05-18",))
	name = policy(holiday_list=holidays, response_hours={"Low": 1, "Medium": 1, "High": 1, "Urgent": 1})
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=name)
	with at_local("2026-05-15 17:30:00"):
		ticket = new_ticket(client, opened_on="2026-05-15 17:30:00").insert()
	assert ticket.response_by == dt("2026-05-19 09:30:00")


def test_waiting_for_customer_pauses_the_clock(client):
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy())
	with at_local("2026-05-18 09:00:00"):  # Monday; Medium: 4 h response, 24 h resolution
		ticket = new_ticket(client, opened_on="2026-05-18 09:00:00").insert()
	assert ticket.resolution_by == dt("2026-05-20 15:00:00")
	at(ticket, "2026-05-18 10:00:00", status="Waiting for Customer")
	assert ticket.sla_state == "Paused"
	at(ticket, "2026-05-18 12:00:00", status="In Progress")
	assert ticket.resolution_by == dt("2026-05-20 17:00:00")  # two hours later
	assert ticket.business_time_paused == 2 * HOUR
	assert [p.status for p in ticket.status_periods] == ["Open", "Waiting for Customer", "In Progress"]


def test_priority_change_keeps_the_time_already_used(client):
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy())
	with at_local("2026-05-18 09:00:00"):
		ticket = new_ticket(client, opened_on="2026-05-18 09:00:00", priority="Low").insert()
	at(ticket, "2026-05-18 12:00:00", priority="Urgent")  # 3 h used; Urgent resolution is 4 h
	assert ticket.business_time_used == 3 * HOUR
	assert ticket.resolution_by == dt("2026-05-18 13:00:00")
	assert ticket.response_by == dt("2026-05-18 10:00:00")
	assert (ticket.sla_state, ticket.response_sla) == ("Breached", "Missed")


def test_a_public_reply_is_the_first_response_and_an_internal_note_is_not(client):
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy())
	with at_local("2026-05-18 09:00:00"):
		ticket = new_ticket(client, opened_on="2026-05-18 09:00:00", contact=client.contact).insert()
	with at_local("2026-05-18 09:40:00"):
		ticket.add_internal_note("Checking the spare parts first")
	assert not frappe.db.get_value("Service Ticket", ticket.name, "first_responded_on")
	with at_local("2026-05-18 10:15:00"):
		ticket.reply_to_customer("An engineer comes at 14:00.")
	ticket.reload()
	assert ticket.first_responded_on == dt("2026-05-18 10:15:00")
	assert (ticket.response_sla, ticket.first_response_time) == ("Met", 75 * 60)


def test_resolved_in_time_is_met_and_reopen_continues_the_clock(client):
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy())
	with at_local("2026-05-18 09:00:00"):
		ticket = new_ticket(client, opened_on="2026-05-18 09:00:00", priority="Urgent").insert()
	at(ticket, "2026-05-18 09:30:00", status="In Progress")
	with at_local("2026-05-18 09:45:00"):
		ticket.reply_to_customer("Replacing the relay now.")
	at(ticket, "2026-05-18 11:00:00", status="Resolved")
	assert (ticket.sla_state, ticket.resolution_sla, ticket.resolution_time) == ("Met", "Met", 2 * HOUR)
	with at_local("2026-05-19 09:00:00"):
		ticket.reload()
		ticket.reopen("Compressor noise is back")
	ticket.reload()
	# 2 h were used before; the resolved night does not count; Urgent allows 4 h → 2 h left
	assert ticket.resolution_by == dt("2026-05-19 11:00:00")
	assert (ticket.sla_state, ticket.resolution_sla, ticket.reopen_count) == ("On Track", "Pending", 1)


def test_new_contract_policy_gives_new_targets(client):
	contract = make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy())
	with at_local("2026-05-18 09:00:00"):
		ticket = new_ticket(client, opened_on="2026-05-18 09:00:00").insert()
	assert ticket.response_by == dt("2026-05-18 13:00:00")
	contract.b2b_service_level_policy = policy(
		always_on=True, response_hours={"Low": 1, "Medium": 1, "High": 1, "Urgent": 1}
	)
	contract.save()
	at(ticket, "2026-05-18 09:10:00", subject="Display case still not cooling")
	assert ticket.response_by == dt("2026-05-18 10:00:00")


def test_no_policy_is_a_visible_state(client):
	make_contract(client.customer, "2026-01-01", "2026-12-31")
	frappe.db.set_single_value("Service Desk Settings", "default_service_level_policy", None)
	ticket = new_ticket(client).insert()
	assert (ticket.sla_state, ticket.response_by, ticket.service_level_policy) == ("No SLA", None, None)


def test_default_policy_applies_without_contract_policy(client):
	frappe.db.set_single_value(
		"Service Desk Settings", "default_service_level_policy", policy(always_on=True)
	)
	ticket = new_ticket(client, opened_on="2026-05-18 09:00:00").insert()
	assert ticket.sla_state in ("On Track", "Breached") and ticket.response_by == dt("2026-05-18 13:00:00")


def test_category_override_gives_a_fast_path(client):
	root = frappe.get_doc(
		{
			"doctype": "Service Ticket Category",
			"category_name": f"Refrigeration {frappe.generate_hash(length=4)}",
			"is_group": 1,
		}
	).insert()
	leaf = frappe.get_doc(
		{
			"doctype": "Service Ticket Category",
			"category_name": f"Leak {frappe.generate_hash(length=4)}",
			"parent_service_ticket_category": root.name,
		}
	).insert()
	name = make_policy(f"Fast {frappe.generate_hash(length=5)}", always_on=True).name
	doc = frappe.get_doc("Service Level Policy", name)
	doc.append(
		"targets",
		{
			"priority": "Medium",
			"category": root.name,
			"handling_path": "Fast",
			"first_response_time": 15 * 60,
			"resolution_time": 2 * HOUR,
		},
	)
	doc.save()
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=name)
	ticket = new_ticket(client, opened_on="2026-05-18 09:00:00", category=leaf.name).insert()
	assert (ticket.handling_path, ticket.response_by) == ("Fast", dt("2026-05-18 09:15:00"))


def test_stage_limit_sets_the_stage_deadline(client):
	name = policy(stage_limits=[{"status": "Open", "max_time": HOUR}])
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=name)
	with at_local("2026-05-18 09:00:00"):
		ticket = new_ticket(client, opened_on="2026-05-18 09:00:00").insert()
	assert ticket.stage_due_by == dt("2026-05-18 10:00:00")
	at(ticket, "2026-05-18 09:20:00", status="In Progress")
	assert ticket.stage_due_by is None
