"""Routing, the dispatcher's board and the client's answer to a planned visit (issue 13, goals 2-3).

A hand-built team on a real site, acted on as the users who do the job: the dispatcher (Service
Dispatcher) ranks and assigns, plans and moves visits; the client's designated contact confirms
or asks for another time on the portal; a contact who is not designated is refused.
"""

import pytest

import frappe
from frappe.cache_manager import clear_doctype_map
from frappe.desk.form import assign_to

from b2b_helpdesk.api import portal
from b2b_helpdesk.field_service import board, dispatch, visit_agreement
from tests.integration.factories import make_client, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact, territory

WEEK = "2026-12-07"  # a Monday


def category(name: str, parent: str | None = None) -> str:
	doc = {
		"doctype": "Service Ticket Category",
		"category_name": f"{name} {frappe.generate_hash(length=4)}",
		"is_group": 1,
	}
	if parent:
		doc["parent_service_ticket_category"] = parent
	return frappe.get_doc(doc).insert().name


def field_engineer(erp, label: str, territory=None, zone=None, categories=(), models=(), tiers=()):
	"""An Employee with a User (Service Engineer role) and his Service Engineer record."""
	user = make_user("Service Engineer")
	employee = frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": label,
			"company": erp.company,
			"status": "Active",
			"gender": frappe.db.get_value("Gender", {}, "name"),
			"date_of_birth": "1990-01-01",
			"date_of_joining": "2020-01-01",
			"user_id": user,
		}
	).insert()
	frappe.get_doc(
		{
			"doctype": "Service Engineer",
			"employee": employee.name,
			"territory": territory,
			"travel_zone": zone,
			"skills": [{"category": c} for c in categories] + [{"item": m} for m in models],
			"tiers": [{"tier": t} for t in tiers],
		}
	).insert()
	return frappe._dict(name=employee.name, user=user, label=label)


def as_user(user: str, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


@pytest.fixture
def team(erp):
	"""Five engineers around a client whose store A1 lies in North-East (under North)."""
	frappe.db.set_single_value(
		"Service Desk Settings", "default_service_level_policy", None
	)  # round the clock
	frappe.db.set_single_value("Service Desk Settings", "routing_job_hours", 2)
	frappe.db.set_single_value("Service Desk Settings", "auto_assign_new_tickets", 0)
	north = territory("North")
	north_east = territory("North-East", north)
	client = make_client(erp, "Routed")
	frappe.db.set_value("Address", client.store_a1, "b2b_territory", north_east)
	refrigeration = category("Refrigeration")
	display_cases = category("Display Cases", refrigeration)
	pos = category("POS")
	t = frappe._dict(erp=erp, client=client, north=north, north_east=north_east)
	t.refrigeration, t.display_cases = refrigeration, display_cases
	t.anna = field_engineer(erp, "Anna", north_east, categories=[refrigeration])
	t.ben = field_engineer(erp, "Ben", zone=north, models=[erp.model])
	t.carl = field_engineer(erp, "Carl", north_east, categories=[pos])
	t.dora = field_engineer(erp, "Dora", north_east, categories=[refrigeration], tiers=["Silver"])
	t.eve = field_engineer(erp, "Eve", north_east, categories=[refrigeration], tiers=["Gold"])
	t.dispatcher = make_user("Service Dispatcher")
	t.ticket = fridge_ticket(t, "Display case not cooling")
	# Ben has one open ticket (2 h); Eve a planned visit of 3 h on hers, counted once
	t.bens = fridge_ticket(t, "Seal torn")
	assign_to.add({"assign_to": [t.ben.user], "doctype": "Service Ticket", "name": t.bens})
	t.eves = fridge_ticket(t, "Compressor noise")
	assign_to.add({"assign_to": [t.eve.user], "doctype": "Service Ticket", "name": t.eves})
	t.eves_visit = frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": t.eves,
			"engineer": t.eve.name,
			"planned_start": "2030-01-08 10:00:00",
			"planned_end": "2030-01-08 13:00:00",
		}
	).insert()
	return t


def fridge_ticket(t, subject: str) -> str:
	return (
		new_ticket(
			t.client,
			subject=subject,
			category=t.display_cases,
			asset=t.client.fridge,
			service_location=t.client.store_a1,
		)
		.insert()
		.name
	)


# --- routing -------------------------------------------------------------------------------------


def test_the_dispatcher_sees_the_team_ranked_with_reasons(team):
	t = team
	rows = as_user(t.dispatcher, dispatch.get_candidates, t.ticket)
	assert [(r["engineer_name"], r["skilled"], r["load_hours"], r["assigned"]) for r in rows] == [
		("Anna", True, 0.0, False),
		("Eve", True, 3.0, False),
		("Dora", True, 0.0, False),
		("Ben", True, 2.0, False),
		("Carl", False, 0.0, False),
	]
	refr, ne, north = t.refrigeration, t.north_east, t.north
	assert [r["reasons"] for r in rows] == [
		[f"knows {refr}", f"based in {ne}", "serves Gold clients", "0 h of open work"],
		[f"knows {refr}", f"based in {ne}", "serves Gold clients", "3 h of open work"],
		[f"knows {refr}", f"based in {ne}", "does not serve Gold clients", "0 h of open work"],
		[f"trained on model {t.erp.model}", f"travels to {north}", "serves Gold clients", "2 h of open work"],
		["lacks the skill", f"based in {ne}", "serves Gold clients", "0 h of open work"],
	]


def test_an_urgent_ticket_puts_the_engineers_on_duty_first(team):
	t = team
	frappe.db.set_value("Service Ticket", t.ticket, "priority", "Urgent")
	rows = as_user(t.dispatcher, dispatch.get_candidates, t.ticket, limit=2)
	assert [r["reasons"][1] for r in rows] == ["on duty now", "on duty now"]  # a 24 x 7 calendar
	assert [r["engineer_name"] for r in rows] == ["Anna", "Eve"]


def test_one_click_assign_creates_the_todo_as_the_dispatcher(team):
	t = team
	assert as_user(t.dispatcher, dispatch.assign, t.ticket, t.anna.user) == [t.anna.user]
	todos = frappe.get_all(
		"ToDo",
		filters={"reference_type": "Service Ticket", "reference_name": t.ticket},
		fields=["allocated_to", "assigned_by", "status"],
	)
	assert todos == [{"allocated_to": t.anna.user, "assigned_by": t.dispatcher, "status": "Open"}]
	assert [r["assigned"] for r in as_user(t.dispatcher, dispatch.get_candidates, t.ticket)][:1] == [True]
	# Anna now carries it in her load
	assert as_user(t.dispatcher, dispatch.get_candidates, t.ticket)[0]["load_hours"] == 2.0


def test_only_a_dispatcher_assigns_and_only_to_an_engineer(team):
	t = team
	with pytest.raises(frappe.PermissionError):
		as_user(t.anna.user, dispatch.assign, t.ticket, t.anna.user)
	with pytest.raises(frappe.ValidationError, match="not an engineer"):
		as_user(t.dispatcher, dispatch.assign, t.ticket, t.dispatcher)


def test_auto_assign_off_leaves_a_new_ticket_alone(team):
	name = as_user(team.dispatcher, fridge_ticket, team, "Door seal")
	assert dispatch.open_assignees(name) == []


def test_auto_assign_on_gives_a_new_ticket_to_the_best_engineer(team):
	t = team
	frappe.db.set_single_value("Service Desk Settings", "auto_assign_new_tickets", 1)
	name = as_user(t.dispatcher, fridge_ticket, t, "Door seal")
	todo = frappe.get_all(
		"ToDo",
		filters={"reference_type": "Service Ticket", "reference_name": name},
		fields=["allocated_to", "description"],
	)
	assert todo == [
		{
			"allocated_to": t.anna.user,
			"description": f"Auto-assigned: knows {t.refrigeration}, based in {t.north_east}, "
			"serves Gold clients, 0 h of open work",
		}
	]


def test_auto_assign_works_for_a_request_raised_on_the_portal(team):
	t = team
	frappe.db.set_single_value("Service Desk Settings", "auto_assign_new_tickets", 1)
	contact_user = portal_contact(t.client.customer, "Whole Company")
	frappe.db.set_value("Contact", {"user": contact_user}, "b2b_may_raise_tickets", 1)
	name = as_user(
		contact_user,
		portal.create_ticket,
		subject="Shelf light off",
		priority="Medium",
		service_location=t.client.store_a1,
		asset=t.client.fridge,
	)["name"]
	# no category: the only one trained on the equipment's model (the Asset's Item)
	assert dispatch.open_assignees(name) == [t.ben.user]


def test_auto_assign_leaves_a_ticket_the_assignment_rule_assigned(team):
	t = team
	frappe.db.set_single_value("Service Desk Settings", "auto_assign_new_tickets", 1)
	rule = frappe.get_doc(
		{
			"doctype": "Assignment Rule",
			"name": f"Field Team {frappe.generate_hash(length=5)}",
			"document_type": "Service Ticket",
			"priority": 99,
			"description": "New service request {{ name }}",
			"assign_condition": "status == 'Open'",
			"rule": "Round Robin",
			"users": [{"user": t.carl.user}],
			"assignment_days": [
				{"day": d}
				for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
			],
		}
	).insert()
	try:
		name = as_user(t.dispatcher, fridge_ticket, t, "Door seal")
		assert [
			(r.allocated_to, r.assignment_rule)
			for r in frappe.get_all(
				"ToDo",
				filters={"reference_type": "Service Ticket", "reference_name": name},
				fields=["allocated_to", "assignment_rule"],
			)
		] == [(t.carl.user, rule.name)]
	finally:
		frappe.db.rollback()
		clear_doctype_map("Assignment Rule", "Service Ticket")


# --- the board -----------------------------------------------------------------------------------


def test_board_data_for_a_week(team):
	t = team
	frappe.db.set_value("Service Ticket", t.bens, "resolution_by", "2026-12-09 17:00:00")
	frappe.db.set_value("Service Ticket", t.eves, "sla_state", "At Risk")
	visit = as_user(
		t.dispatcher, board.plan_visit, t.ticket, t.anna.name, "2026-12-08 10:00:00", "2026-12-08 12:00:00"
	)
	data = as_user(t.dispatcher, board.get_board, WEEK)
	assert data["days"] == [
		"2026-12-07",
		"2026-12-08",
		"2026-12-09",
		"2026-12-10",
		"2026-12-11",
		"2026-12-12",
		"2026-12-13",
	]
	rows = {row["engineer_name"]: row for row in data["engineers"]}
	assert [row["engineer_name"] for row in data["engineers"]] == ["Anna", "Ben", "Carl", "Dora", "Eve"]
	assert [(n, rows[n]["load_hours"], rows[n]["on_duty"]) for n in rows] == [
		("Anna", 2.0, True),
		("Ben", 2.0, True),
		("Carl", 0.0, True),
		("Dora", 0.0, True),
		("Eve", 3.0, True),
	]
	filled = {
		(name, day): items for name, row in rows.items() for day, items in row["cells"].items() if items
	}
	assert filled == {
		("Anna", "2026-12-08"): [
			{
				"kind": "visit",
				"name": visit,
				"ticket": t.ticket,
				"subject": "Display case not cooling",
				"customer_name": frappe.db.get_value("Customer", t.client.customer, "customer_name"),
				"at": "2026-12-08 10:00:00",
				"until": "2026-12-08 12:00:00",
				"resolution_by": None,
				"confirmation": "Proposed",
				"client_answer": None,
				"made": False,
			}
		],
		("Ben", "2026-12-09"): [
			{
				"kind": "ticket",
				"name": t.bens,
				"ticket": t.bens,
				"subject": "Seal torn",
				"customer_name": frappe.db.get_value("Customer", t.client.customer, "customer_name"),
				"at": "2026-12-09 17:00:00",
				"resolution_by": "2026-12-09 17:00:00",
				"sla_state": "No SLA",
				"priority": "Medium",
			}
		],
	}
	assert ours(data["unassigned"], t) == []  # Anna took the ticket with her planned visit
	assert [(r["name"], r["sla_state"], r["assignees"]) for r in ours(data["at_risk"], t)] == [
		(t.eves, "At Risk", [t.eve.user])
	]


def test_unassigned_tickets_wait_beside_the_board(team):
	data = as_user(team.dispatcher, board.get_board, WEEK)
	assert [(r["name"], r["subject"], r["assignees"]) for r in ours(data["unassigned"], team)] == [
		(team.ticket, "Display case not cooling", [])
	]


def ours(side_list: list[dict], team) -> list[dict]:
	"""The board's side lists are the whole site's: the rows of this test's client (the site may
	hold other tests' committed tickets)."""
	customer = team.client.customer
	return [r for r in side_list if frappe.db.get_value("Service Ticket", r["name"], "customer") == customer]


def test_the_board_is_the_dispatchers(team):
	with pytest.raises(frappe.PermissionError):
		as_user(team.anna.user, board.get_board, WEEK)


def test_reschedule_moves_the_visit_and_asks_the_client_again(team):
	t = team
	visit = as_user(
		t.dispatcher, board.plan_visit, t.ticket, t.anna.name, "2026-12-08 10:00:00", "2026-12-08 12:00:00"
	)
	frappe.db.set_value("Service Visit", visit, "confirmation", "Confirmed by Client")
	moved = as_user(t.dispatcher, board.reschedule_visit, visit, "2026-12-10 14:00:00", engineer=t.eve.name)
	assert moved == {
		"name": visit,
		"engineer": t.eve.name,
		"planned_start": "2026-12-10 14:00:00",
		"planned_end": "2026-12-10 16:00:00",
		"confirmation": "Proposed",
	}
	assert dispatch.open_assignees(t.ticket) == [t.anna.user, t.eve.user]
	cells = {
		r["engineer_name"]: r["cells"] for r in as_user(t.dispatcher, board.get_board, WEEK)["engineers"]
	}
	assert [i["name"] for i in cells["Eve"]["2026-12-10"]] == [visit]
	assert cells["Anna"]["2026-12-08"] == []


# --- the client's answer on the portal -----------------------------------------------------------


@pytest.fixture
def planned(team):
	t = team
	t.visit = as_user(
		t.dispatcher, board.plan_visit, t.ticket, t.anna.name, "2030-01-08 10:00:00", "2030-01-08 12:00:00"
	)
	t.manager = portal_contact(t.client.customer, "Whole Company")
	frappe.db.set_value("Contact", {"user": t.manager}, "b2b_agrees_visit_times", 1)
	t.store_admin = portal_contact(t.client.customer, "Whole Company")  # sees it, not designated
	return t


def test_the_portal_shows_the_planned_visit(planned):
	t = planned
	shown = as_user(t.manager, visit_agreement.planned_visit_for_portal, t.ticket)
	assert {
		k: shown[k] for k in ("name", "engineer_name", "confirmation", "client_answer", "may_answer")
	} == {
		"name": t.visit,
		"engineer_name": "Anna",
		"confirmation": "Proposed",
		"client_answer": None,
		"may_answer": True,
	}
	assert as_user(t.store_admin, visit_agreement.planned_visit_for_portal, t.ticket)["may_answer"] is False


def test_the_designated_contact_confirms_the_visit(planned):
	t = planned
	assert as_user(t.manager, visit_agreement.confirm_visit, t.visit) == "Confirmed by Client"
	contact = frappe.db.get_value("Contact", {"user": t.manager})
	assert frappe.db.get_value(
		"Service Visit", t.visit, ["confirmation", "client_answer", "answered_by"], as_dict=True
	) == {"confirmation": "Confirmed by Client", "client_answer": None, "answered_by": contact}


def test_the_designated_contact_asks_another_time_and_the_board_shows_it(planned):
	t = planned
	as_user(t.manager, visit_agreement.ask_other_time, t.visit, "Tuesday afternoon, please")
	data = as_user(t.dispatcher, board.get_board, "2030-01-07")
	anna = next(r for r in data["engineers"] if r["engineer_name"] == "Anna")
	item = anna["cells"]["2030-01-08"][0]
	assert (item["confirmation"], item["client_answer"]) == ("Other Time Asked", "Tuesday afternoon, please")
	with pytest.raises(frappe.ValidationError, match="Say which time"):
		as_user(t.manager, visit_agreement.ask_other_time, t.visit, "  ")


def test_a_contact_who_is_not_designated_is_refused(planned):
	t = planned
	with pytest.raises(frappe.PermissionError):
		as_user(t.store_admin, visit_agreement.confirm_visit, t.visit)
	other = make_client(t.erp, "Other")
	outsider = portal_contact(other.customer, "Whole Company")
	frappe.db.set_value("Contact", {"user": outsider}, "b2b_agrees_visit_times", 1)
	with pytest.raises(frappe.PermissionError):
		as_user(outsider, visit_agreement.confirm_visit, t.visit)
	assert frappe.db.get_value("Service Visit", t.visit, "confirmation") == "Proposed"
