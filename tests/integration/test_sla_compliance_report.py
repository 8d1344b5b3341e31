"""SLA Compliance report figures against hand counts (R28, R30)."""

import frappe

from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.service_desk.report.sla_compliance.sla_compliance import execute
from tests.integration.factories import at_local, make_client, make_contract, make_user, new_ticket


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
		overdue = new_ticket(client, opened_on="2026-05-18 09:00:00", priority="High").insert()
	with at_local("2026-05-18 09:30:00"):
		met.reply_to_customer("On our way")
	met.reload()
	save_at(met, "2026-05-18 12:00:00", status="Resolved")  # 3 h, first response 30 min: Met
	save_at(late, "2026-05-18 20:00:00", status="Resolved")  # 11 h > 8 h: Breached
	save_at(overdue, "2026-05-18 18:00:00", status="In Progress")  # 9 h open: past 8 h, Breached
	save_at(overdue, "2026-05-18 20:00:00", status="Waiting for Customer")  # 2 h in progress
	assert (met.sla_state, late.sla_state, overdue.sla_state) == ("Met", "Breached", "Breached")

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
	# every column, by hand: four tickets, two still open (one of them breached while waiting)
	assert data[0] == {
		"group": client.customer,
		"tickets": 4,
		"still_open": 2,
		"met": 1,
		"breached": 2,
		"no_sla": 0,
		"met_percent": 33.3,
		"median_first_response": 0.5,  # only `met` was answered, after 30 min
		"median_resolution": 7.0,  # 3 h and 11 h
		"hours_open": round((3 + 11 + 12 + 9) / 4, 2),  # wall-clock hours in Open, per ticket
		"hours_in_progress": round(2 / 4, 2),
		"hours_waiting_for_customer": round(1 / 4, 2),
		"hours_waiting_for_third_party": 0.0,
		"business_hours_third_party": 0.0,
	}
	assert {c["fieldname"] for c in columns} == set(data[0])  # no column without its figure
	assert still_open.sla_state == "On Track"
	assert chart["data"]["datasets"][1]["values"] == [2]
	assert [c["fieldname"] for c in columns][:7] == [
		"group",
		"tickets",
		"still_open",
		"met",
		"breached",
		"no_sla",
		"met_percent",
	]


def test_third_party_wait_in_business_hours_as_a_manager(erp):
	"""A ticket waits for a supplier from Monday 16:00 to Tuesday 11:00: 19 h on the wall clock,
	4 business hours on an office calendar (09:00-18:00 on weekdays); the other ticket never waits."""
	client = make_client(erp)
	policy = make_policy(f"Office {frappe.generate_hash(length=6)}")  # Mon-Fri 09:00-18:00, New York
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	with at_local("2026-05-18 09:00:00"):  # a Monday
		waits = new_ticket(client, opened_on="2026-05-18 09:00:00", priority="Low").insert()
		new_ticket(client, opened_on="2026-05-18 09:00:00", priority="Low").insert()
	save_at(waits, "2026-05-18 16:00:00", status="Waiting for Third Party", **named_third_party())
	save_at(waits, "2026-05-19 11:00:00", status="In Progress")

	frappe.set_user(make_user("Service Manager"))
	with at_local("2026-05-19 12:00:00"):
		_columns, data, _message, _chart = execute(
			{"from_date": "2026-05-18", "to_date": "2026-05-18", "customer": client.customer}
		)
	assert [(row["group"], row["tickets"]) for row in data] == [(client.customer, 2)]
	assert data[0]["hours_waiting_for_third_party"] == 9.5  # 19 wall-clock hours over 2 tickets
	assert data[0]["business_hours_third_party"] == 2.0  # 4 business hours over 2 tickets


def named_third_party() -> dict:
	"""A supplier for the ticket's Third Party field where the site has that field (and requires it
	for the waiting status); the report itself reads only the status periods."""
	if not frappe.get_meta("Service Ticket").has_field("third_party"):
		return {}
	supplier = frappe.get_doc(
		{"doctype": "Supplier", "supplier_name": f"Lift Contractor {frappe.generate_hash(length=6)}"}
	).insert(ignore_permissions=True)
	return {"third_party": supplier.name}
