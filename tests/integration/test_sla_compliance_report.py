"""SLA Compliance report figures against hand counts (R28, R30)."""

import frappe

from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.service_desk.report.sla_compliance.sla_compliance import execute
from tests.integration.factories import at_local, make_client, make_contract, new_ticket


def save_at(ticket, when, **changes):
	with at_local(when):
		ticket.reload()
		ticket.update(changes)
		ticket.save()


def test_report_matches_hand_counts(erp):
	client = make_client(erp)
	policy = make_policy(f"Report {frappe.generate_hash(length=6)}", always_on=True)  # High: 2 h / 8 h
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	with at_local("2026-05-18 09:00:00"):
		met = new_ticket(
			client, opened_on="2026-05-18 09:00:00", priority="High", contact=client.contact
		).insert()
		late = new_ticket(client, opened_on="2026-05-18 09:00:00", priority="High").insert()
		still_open = new_ticket(client, opened_on="2026-05-18 09:00:00", priority="High").insert()
	with at_local("2026-05-18 09:30:00"):
		met.reply_to_customer("On our way")
	met.reload()
	save_at(met, "2026-05-18 12:00:00", status="Resolved")  # 3 h, first response 30 min: Met
	save_at(late, "2026-05-18 20:00:00", status="Resolved")  # 11 h > 8 h: Breached
	assert (met.sla_state, late.sla_state) == ("Met", "Breached")

	with at_local("2026-05-18 21:00:00"):
		columns, data, _message, chart = execute(
			{
				"from_date": "2026-05-01",
				"to_date": "2026-05-31",
				"group_by": "Customer",
				"customer": client.customer,
			}
		)
	assert len(data) == 1
	row = data[0]
	assert {
		k: row[k] for k in ("group", "tickets", "still_open", "met", "breached", "no_sla", "met_percent")
	} == {
		"group": client.customer,
		"tickets": 3,
		"still_open": 1,
		"met": 1,
		"breached": 1,
		"no_sla": 0,
		"met_percent": 50.0,
	}
	assert (row["median_first_response"], row["median_resolution"]) == (0.5, 7.0)
	assert still_open.sla_state == "On Track"
	assert row["hours_in_progress"] == 0.0
	assert row["hours_open"] == round((3 + 11 + 12) / 3, 2)  # wall-clock hours in Open, per ticket
	assert chart["data"]["datasets"][1]["values"] == [1]
	assert [c["fieldname"] for c in columns][:7] == [
		"group",
		"tickets",
		"still_open",
		"met",
		"breached",
		"no_sla",
		"met_percent",
	]
