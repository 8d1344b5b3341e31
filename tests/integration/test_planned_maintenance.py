"""Preventive maintenance plans → planned tickets generated ahead, exactly once (issue 13 goal 1).

A dispatcher keeps the plan (the ERP's Asset Maintenance) on the client's equipment; the job runs
as the scheduler does (Administrator). Each test runs in a transaction rolled back afterwards.
"""

from datetime import datetime

import pytest

import frappe

from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.field_service.planned_maintenance import (
	calendar_events,
	next_planned_visits,
	plan_warnings,
	run,
)
from tests.integration.factories import at_local, make_client, make_contract, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact
from tests.integration.test_portal import page

CHECKLIST = "Check refrigerant pressure\nClean the condenser coil\n\nPhoto of the rating plate (optional)"


def make_team(erp, manager: str, engineer: str) -> str:
	frappe.set_user(manager)
	team = frappe.get_doc(
		{
			"doctype": "Asset Maintenance Team",
			"maintenance_team_name": f"PPM {frappe.generate_hash(length=6)}",
			"company": erp.company,
			"maintenance_manager": manager,
			"maintenance_team_members": [{"team_member": engineer, "maintenance_role": "Service Engineer"}],
		}
	).insert()
	frappe.set_user("Administrator")
	return team.name


def make_plan(erp, world, asset: str, tasks: list[dict], next_from: str = "Planned Date") -> str:
	"""The dispatcher writes the plan in the desk, as himself."""
	frappe.set_user(world.dispatcher)
	plan = frappe.get_doc(
		{
			"doctype": "Asset Maintenance",
			"asset_name": asset,
			"company": erp.company,
			"maintenance_team": world.team,
			"b2b_next_from": next_from,
			"b2b_ticket_priority": "Medium",
			"asset_maintenance_tasks": [
				{
					"maintenance_type": "Preventive Maintenance",
					"maintenance_status": "Planned",
					"assign_to": world.engineer,
					**task,
				}
				for task in tasks
			],
		}
	).insert()
	frappe.set_user("Administrator")
	return plan.name


@pytest.fixture
def world(erp):
	client = make_client(erp, "Planned")
	policy = make_policy(f"PPM {frappe.generate_hash(length=6)}", always_on=True)
	contract = make_contract(
		client.customer, "2026-01-01", "2027-12-31", assets=(client.fridge,), policy=policy.name
	)
	dispatcher, engineer, manager = (
		make_user(r) for r in ("Service Dispatcher", "Service Engineer", "Service Manager")
	)
	frappe.db.set_single_value("Service Desk Settings", "planned_lead_days", 30)
	w = frappe._dict(
		client=client,
		policy=policy.name,
		contract=contract.name,
		dispatcher=dispatcher,
		engineer=engineer,
		manager=manager,
	)
	w.team = make_team(erp, manager, engineer)
	return w


def planned(plan: str) -> list[frappe._dict]:
	return frappe.get_all(
		"Service Ticket",
		filters={"maintenance_plan": plan},
		fields=[
			"name",
			"maintenance_occurrence",
			"occurrence_index",
			"planned_for",
			"planned_until",
			"channel",
			"status",
		],
		order_by="planned_for asc, maintenance_occurrence asc",
	)


def monthly(start: str, **extra) -> dict:
	return {
		"maintenance_task": "Monthly service",
		"periodicity": "Monthly",
		"start_date": start,
		"b2b_checklist": CHECKLIST,
		**extra,
	}


def test_a_plan_becomes_planned_tickets_exactly_once_with_checklist_contract_sla_and_assignee(erp, world):
	plan = make_plan(
		erp,
		world,
		world.client.fridge,
		[
			monthly("2026-05-01"),
			{"maintenance_task": "Weekly check", "periodicity": "Weekly", "start_date": "2026-05-25"},
		],
	)
	monthly_task, weekly_task = frappe.get_all(
		"Asset Maintenance Task", {"parent": plan}, pluck="name", order_by="idx asc"
	)
	first = run(today="2026-06-01")
	second = run(today="2026-06-01")  # a retry, or the next hour's run
	assert (first["created"], first["moved"], first["uncovered"]) == (7, 0, [])
	assert (second["created"], second["moved"], second["tickets"]) == (0, 0, [])
	rows = planned(plan)
	assert [
		(r.maintenance_occurrence, r.planned_for, r.planned_until, r.channel, r.status) for r in rows
	] == sorted(
		[
			(f"{monthly_task}:1", datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 11), "Planned", "Open"),
			(f"{weekly_task}:1", datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 11), "Planned", "Open"),
			(f"{weekly_task}:2", datetime(2026, 6, 8, 9), datetime(2026, 6, 8, 11), "Planned", "Open"),
			(f"{weekly_task}:3", datetime(2026, 6, 15, 9), datetime(2026, 6, 15, 11), "Planned", "Open"),
			(f"{weekly_task}:4", datetime(2026, 6, 22, 9), datetime(2026, 6, 22, 11), "Planned", "Open"),
			(f"{weekly_task}:5", datetime(2026, 6, 29, 9), datetime(2026, 6, 29, 11), "Planned", "Open"),
			(f"{monthly_task}:2", datetime(2026, 7, 1, 9), datetime(2026, 7, 1, 11), "Planned", "Open"),
		],
		key=lambda row: (row[1], row[0]),
	)
	ticket = frappe.get_doc(
		"Service Ticket",
		frappe.db.get_value("Service Ticket", {"maintenance_occurrence": f"{monthly_task}:1"}),
	)
	assert [(c.idx, c.item, c.mandatory, c.done) for c in ticket.checklist] == [
		(1, "Check refrigerant pressure", 1, 0),
		(2, "Clean the condenser coil", 1, 0),
		(3, "Photo of the rating plate", 0, 0),
	]
	assert [(p.status, p.started_on, p.ended_on) for p in ticket.status_periods] == [
		("Open", datetime(2026, 6, 1, 9), None)
	]
	assert frappe.get_all(
		"ToDo", {"reference_name": ticket.name, "status": "Open"}, pluck="allocated_to"
	) == [world.engineer]
	assert frappe.parse_json(ticket._assign) == [world.engineer]
	assert frappe.get_all("Asset Maintenance Task", {"name": monthly_task}, pluck="next_due_date") == [
		frappe.utils.getdate("2026-06-01")
	]

	# the same ticket raised through the ticket's own validate at the planned start gets the same verdict and clock
	with at_local("2026-06-01 09:00:00"):
		by_hand = new_ticket(
			world.client, asset=world.client.fridge, opened_on="2026-06-01 09:00:00", priority="Medium"
		).insert()
	compared = (
		"customer_name",
		"service_location",
		"asset_name",
		"item_code",
		"contract",
		"coverage",
		"contract_match_reason",
		"service_level_policy",
		"sla_state",
		"response_by",
		"resolution_by",
		"at_risk_on",
		"breach_on",
		"response_sla",
		"resolution_sla",
	)
	assert {f: ticket.get(f) for f in compared} == {f: by_hand.get(f) for f in compared}
	assert (ticket.contract, ticket.coverage, ticket.service_level_policy, ticket.sla_state) == (
		world.contract,
		"Covered",
		world.policy,
		"On Track",
	)
	assert (ticket.response_by, ticket.resolution_by) == (datetime(2026, 6, 1, 13), datetime(2026, 6, 2, 9))


def test_a_plan_on_uncovered_equipment_is_flagged_before_anyone_drives_out(erp, world):
	plan = make_plan(erp, world, world.client.lift, [monthly("2026-05-10")])
	result = run(today="2026-06-01")
	rows = planned(plan)
	assert [r.planned_for for r in rows] == [datetime(2026, 6, 10, 9)]
	assert result["uncovered"] == [rows[0].name]
	assert frappe.db.get_value("Service Ticket", rows[0].name, ["coverage", "contract"]) == (
		"Equipment Not Covered",
		world.contract,
	)
	todos = frappe.get_all(
		"ToDo",
		{"reference_type": "Asset Maintenance", "reference_name": plan, "priority": "High"},
		["allocated_to", "description", "date"],
	)
	assert [(t.allocated_to, t.date) for t in todos] == [(world.manager, frappe.utils.getdate("2026-06-10"))]
	assert rows[0].name in todos[0].description and "Equipment Not Covered" in todos[0].description
	frappe.set_user(world.dispatcher)
	assert [(w.name, w.coverage) for w in plan_warnings(plan)] == [(rows[0].name, "Equipment Not Covered")]


def finish(ticket: str, on: str) -> None:
	with at_local(on):
		doc = frappe.get_doc("Service Ticket", ticket)
		for item in doc.checklist:
			item.done = 1
		doc.status = "In Progress"
		doc.save()
		doc = frappe.get_doc("Service Ticket", ticket)  # the frozen clock gives both saves one timestamp
		doc.status = "Resolved"
		doc.save()


@pytest.mark.parametrize(
	"next_from, second_visit",
	[("Planned Date", datetime(2026, 7, 1, 9)), ("Completion Date", datetime(2026, 7, 10, 9))],
)
def test_a_late_visit_moves_the_next_one_only_when_the_plan_counts_from_completion(
	erp, world, next_from, second_visit
):
	frappe.db.set_single_value("Service Desk Settings", "planned_lead_days", 45)
	plan = make_plan(erp, world, world.client.fridge, [monthly("2026-05-01")], next_from=next_from)
	run(today="2026-06-01")
	first, second = planned(plan)
	assert (first.planned_for, second.planned_for) == (datetime(2026, 6, 1, 9), datetime(2026, 7, 1, 9))
	frappe.set_user(world.engineer)
	finish(first.name, "2026-06-10 15:00:00")  # nine days late
	frappe.set_user("Administrator")
	result = run(today="2026-06-11")
	assert (result["created"], result["moved"]) == (0, int(next_from == "Completion Date"))
	moved = frappe.get_doc("Service Ticket", second.name)
	assert (moved.planned_for, moved.opened_on, moved.planned_until) == (
		second_visit,
		second_visit,
		second_visit.replace(hour=11),
	)
	assert [p.started_on for p in moved.status_periods] == [second_visit]


def test_the_portal_and_the_calendar_show_the_next_planned_visit(erp, world):
	plan = make_plan(erp, world, world.client.fridge, [monthly("2026-05-20")])
	run(today="2026-06-01")
	(visit,) = planned(plan)
	assert next_planned_visits([world.client.fridge, world.client.pos]) == {
		world.client.fridge: datetime(2026, 6, 20, 9)
	}
	contact = portal_contact(world.client.customer, "Whole Company")
	_status, html = page("/equipment", contact)
	fridge_row = html[html.index(f'data-asset="{world.client.fridge}"') :].split("</tr>")[0]
	assert frappe.utils.global_date_format("2026-06-20") in fridge_row
	frappe.set_user(world.dispatcher)
	engineer_filter = frappe.as_json([["Service Ticket", "_assign", "like", f"%{world.engineer}%"]])
	events = calendar_events("2026-06-01 00:00:00", "2026-07-01 00:00:00", filters=engineer_filter)
	assert [(e.name, e.planned_for, e.planned_until) for e in events] == [
		(visit.name, datetime(2026, 6, 20, 9), datetime(2026, 6, 20, 11))
	]
