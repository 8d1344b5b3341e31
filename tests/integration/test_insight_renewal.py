"""Contract health before renewal (R31): the score of a hand-counted contract, each part shown, and the account
manager reminded 60 and 30 days before the end, once per threshold."""

import pytest

import frappe
from frappe.desk.query_report import run

from b2b_helpdesk.insight.renewal import notify_renewals
from tests.integration.factories import make_client, make_contract, make_user, new_ticket


def ticket(client, opened_on, status, sla_state, reopen=0, rated=None):
	name = new_ticket(client, opened_on=opened_on).insert().name
	frappe.db.set_value(
		"Service Ticket",
		name,
		{"status": status, "sla_state": sla_state, "reopen_count": reopen},
		update_modified=False,
	)
	if rated:
		value, on = rated
		frappe.get_doc(
			{
				"doctype": "Service Ticket Rating",
				"service_ticket": name,
				"customer": client.customer,
				"rating": value,
				"rated_on": on,
			}
		).insert()
	return name


@pytest.fixture
def world(erp):
	manager = make_user("Service Manager")
	client = make_client(erp, "Renewal")
	frappe.db.set_value("Customer", client.customer, "account_manager", manager)
	contract = make_contract(client.customer, "2025-06-01", "2026-07-15").name
	ticket(client, "2025-09-10 10:00:00", "Closed", "Met", rated=(5, "2025-09-20 10:00:00"))
	ticket(client, "2025-10-10 10:00:00", "Closed", "Breached", reopen=1, rated=(4, "2025-10-20 10:00:00"))
	ticket(client, "2026-02-10 10:00:00", "Resolved", "Met", rated=(3, "2026-02-20 10:00:00"))
	ticket(client, "2026-03-10 10:00:00", "Resolved", "Met", rated=(2, "2026-03-20 10:00:00"))
	ticket(client, "2026-04-10 10:00:00", "Open", "On Track")
	return frappe._dict(client=client, contract=contract, manager=manager)


def test_the_health_of_a_contract_ending_soon_every_part(world):
	frappe.set_user(world.manager)
	rows = run("Contract Health", {"days": 30, "as_of": "2026-06-30"})["result"]
	frappe.set_user("Administrator")
	mine = [r for r in rows if r["contract"] == world.contract]
	assert mine == [
		{
			"contract": world.contract,
			"customer": world.client.customer,
			"end_date": frappe.utils.getdate("2026-07-15"),
			"days_left": 15,
			"account_manager": world.manager,  # from the customer
			"sla_met_percent": 75.0,  # 3 met, 1 breached
			"recent_rating": 2.5,  # 3 and 2 since 30 Dec 2025
			"earlier_rating": 4.5,  # 5 and 4 before
			"margin_percent": None,  # no billing plan
			"reopen_percent": 25.0,  # 1 of the 4 resolved
			"recent_tickets": 3,
			"earlier_tickets": 2,
			"sla": 75.0,
			"satisfaction": 12.5,  # 37.5 for 2.5/5, 25 off for falling 2 points
			"margin": None,
			"reopen": 0.0,  # 100 - 5 x 25
			"ticket_trend": 75.0,  # 1.5 x the earlier volume
			"score": 41.4,  # (30 x 75 + 25 x 12.5 + 15 x 0 + 10 x 75) / 80
			"verdict": "At Risk",
			"verdict_key": "At Risk",
		}
	]


def reminders(contract: str) -> list:
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": "Contract", "reference_name": contract},
		fields=["allocated_to", "description", "priority"],
		order_by="creation asc",
	)


def test_the_account_manager_is_reminded_once_at_60_and_once_at_30_days(world):
	notify_renewals("2026-05-15")  # 61 days left: nothing yet
	assert reminders(world.contract) == []
	notify_renewals("2026-05-16")
	notify_renewals("2026-05-16")
	notify_renewals("2026-06-01")
	assert [(r.allocated_to, r.priority) for r in reminders(world.contract)] == [(world.manager, "Medium")]
	assert reminders(world.contract)[0].description.endswith(
		"(in 60 days): review its health and prepare the renewal. [renewal:60]"
	)
	notify_renewals("2026-06-15")
	notify_renewals("2026-06-20")
	found = reminders(world.contract)
	assert len(found) == 2 and found[1].priority == "High" and found[1].description.endswith("[renewal:30]")


def test_a_contract_first_seen_inside_30_days_gets_one_reminder(world):
	notify_renewals("2026-06-25")
	notify_renewals("2026-06-26")
	found = reminders(world.contract)
	assert len(found) == 1 and found[0].description.endswith("[renewal:60][renewal:30]")


def test_the_satisfaction_trend_of_the_client_month_by_month(world):
	frappe.set_user(world.manager)
	rows = run(
		"Client Satisfaction Trend",
		{"from_date": "2025-01-01", "to_date": "2026-06-30", "customer": world.client.customer},
	)["result"]
	c = world.client.customer
	assert rows == [
		{"customer": c, "month": "2025-09", "ratings": 1, "average": 5.0, "low": 0, "change": None},
		{"customer": c, "month": "2025-10", "ratings": 1, "average": 4.0, "low": 0, "change": -1.0},
		{"customer": c, "month": "2026-02", "ratings": 1, "average": 3.0, "low": 0, "change": -1.0},
		{"customer": c, "month": "2026-03", "ratings": 1, "average": 2.0, "low": 1, "change": -1.0},
	]
