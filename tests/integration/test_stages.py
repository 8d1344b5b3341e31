"""Stages that act (R16, R32): stage limits escalate, moves need their fields and checklist,
hand-offs to a contractor carry their own due time (OLA) and show in a report."""

import pytest

import frappe
from frappe.desk.form.assign_to import add as assign
from frappe.utils import get_datetime

from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.service_desk.report.third_party_hand_offs.third_party_hand_offs import execute
from b2b_helpdesk.service_desk.sla_monitor import run
from tests.integration.factories import at_local, make_client, make_contract, make_user, new_ticket
from tests.integration.stage_factories import make_status_rule, make_supplier

HOUR = 3600
SUBJECT = "Display case not cooling"
# targets far away: what happens here is the stage's and the third party's doing
LONG = {
	"response_hours": dict.fromkeys(("Low", "Medium", "High", "Urgent"), 40),
	"resolution_hours": dict.fromkeys(("Low", "Medium", "High", "Urgent"), 80),
}


def dt(value: str):
	return get_datetime(value)


def state(ticket):
	return frappe.db.get_value("Service Ticket", ticket, ["sla_state", "escalation_level"])


def alerts(user, ticket) -> list[str]:
	return frappe.get_all(
		"Notification Log",
		{"for_user": user, "document_name": ticket, "type": "Alert"},
		pluck="subject",
		order_by="creation asc",
	)


def todos(user, ticket) -> list[str]:
	return frappe.get_all(
		"ToDo",
		{
			"allocated_to": user,
			"reference_name": ticket,
			"status": "Open",
			"description": ("not like", "Assignment for%"),  # the escalations, not the job itself
		},
		pluck="description",
		order_by="creation asc",
	)


def move(user: str, ticket: str, status: str, **fields):
	"""`user` opens the ticket and moves it, as on the form."""
	frappe.set_user(user)
	try:
		doc = frappe.get_doc("Service Ticket", ticket)
		doc.update(fields)
		doc.status = status
		doc.save()
		return doc
	finally:
		frappe.set_user("Administrator")


@pytest.fixture
def staff(erp):
	client = make_client(erp)
	people = frappe._dict(
		client=client,
		engineer=make_user("Service Engineer"),
		dispatcher=make_user("Service Dispatcher"),
		manager=make_user("Service Manager"),
	)
	frappe.db.set_value("Customer", client.customer, "account_manager", people.dispatcher)
	return people


def open_ticket(staff, when: str, **fields) -> str:
	with at_local(when):
		ticket = new_ticket(staff.client, opened_on=when, **fields).insert().name
		assign({"assign_to": [staff.engineer], "doctype": "Service Ticket", "name": ticket})
	return ticket


# --- stage limits ---------------------------------------------------------------------------


def test_a_stage_that_overstays_escalates_like_a_target(staff):
	policy = make_policy(
		f"Staged {frappe.generate_hash(length=6)}",
		always_on=True,
		escalate_to_manager_after=2 * HOUR,
		stage_limits=[{"status": "In Progress", "max_time": 4 * HOUR}],
		**LONG,
	)
	make_contract(staff.client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	ticket = open_ticket(staff, "2026-05-18 09:00:00")
	with at_local("2026-05-18 09:10:00"):
		move(staff.engineer, ticket, "In Progress")
	assert frappe.db.get_value("Service Ticket", ticket, ["stage_due_by", "at_risk_on", "breach_on"]) == (
		dt("2026-05-18 13:10:00"),
		dt("2026-05-18 12:10:00"),
		dt("2026-05-18 13:10:00"),
	)

	run("2026-05-18 12:09:00")
	assert state(ticket) == ("On Track", 0)
	run("2026-05-18 12:10:00")
	assert state(ticket) == ("At Risk", 1)
	at_risk = f"SLA at risk on {ticket}: {SUBJECT} (In Progress may last at most 4 h)"
	assert alerts(staff.engineer, ticket) == [at_risk]

	run("2026-05-18 13:10:00")
	breached = f"SLA breached on {ticket}: {SUBJECT} (In Progress for longer than 4 h)"
	assert state(ticket) == ("Breached", 2)
	assert frappe.db.get_value("Service Ticket", ticket, "breached_on") == dt("2026-05-18 13:10:00")
	assert (alerts(staff.dispatcher, ticket), todos(staff.dispatcher, ticket)) == ([breached], [breached])

	run("2026-05-18 15:09:00")
	assert todos(staff.manager, ticket) == []
	run("2026-05-18 15:10:00")
	still = f"SLA breached and still open on {ticket}: {SUBJECT} (In Progress for longer than 4 h)"
	assert state(ticket) == ("Breached", 3)
	assert (alerts(staff.manager, ticket), todos(staff.manager, ticket)) == ([still], [still])
	run("2026-05-18 18:00:00")
	assert alerts(staff.engineer, ticket) == [at_risk]  # each level once
	assert todos(staff.dispatcher, ticket) == [breached]
	comments = frappe.get_all(
		"Comment",
		{"reference_name": ticket, "comment_type": "Info", "content": ("like", "Escalation level%")},
		pluck="content",
		order_by="creation asc",
	)
	assert comments == [
		f"Escalation level 1: {staff.engineer} (In Progress may last at most 4 h)",
		f"Escalation level 2: {staff.dispatcher} (In Progress for longer than 4 h)",
		f"Escalation level 3: {', '.join(sorted_managers())} (In Progress for longer than 4 h)",
	]


def sorted_managers():
	from b2b_helpdesk.service_desk.sla_monitor import _service_managers

	return _service_managers()


def test_a_paused_stage_that_overstays_breaches_too(staff):
	policy = make_policy(
		f"Chase {frappe.generate_hash(length=6)}",
		always_on=True,
		stage_limits=[{"status": "Waiting for Customer", "max_time": 90 * 60}],
		**LONG,
	)
	make_contract(staff.client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	ticket = open_ticket(staff, "2026-05-18 09:00:00")
	with at_local("2026-05-18 09:30:00"):
		move(staff.engineer, ticket, "Waiting for Customer")
	run("2026-05-18 10:59:00")
	assert state(ticket) == ("Paused", 0)
	assert run("2026-05-18 11:00:00")["breached"] == 1
	assert state(ticket) == ("Breached", 2)
	assert todos(staff.dispatcher, ticket) == [
		f"SLA breached on {ticket}: {SUBJECT} (Waiting for Customer for longer than 1 h 30 min)"
	]


def test_a_stage_left_in_time_changes_nothing(staff):
	policy = make_policy(
		f"In time {frappe.generate_hash(length=6)}",
		always_on=True,
		stage_limits=[{"status": "In Progress", "max_time": 4 * HOUR}],
		**LONG,
	)
	make_contract(staff.client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	ticket = open_ticket(staff, "2026-05-18 09:00:00")
	with at_local("2026-05-18 09:10:00"):
		move(staff.engineer, ticket, "In Progress")
	with at_local("2026-05-18 13:00:00"):
		move(staff.engineer, ticket, "Waiting for Customer")
	run("2026-05-18 18:00:00")
	assert state(ticket) == ("Paused", 0)
	assert frappe.db.get_value("Service Ticket", ticket, "stage_due_by") is None


# --- required before a move -----------------------------------------------------------------


@pytest.fixture
def lifts():
	root = frappe.get_doc(
		{
			"doctype": "Service Ticket Category",
			"category_name": f"Lifts {frappe.generate_hash(length=4)}",
			"is_group": 1,
		}
	).insert()
	brakes = frappe.get_doc(
		{
			"doctype": "Service Ticket Category",
			"category_name": f"Brakes {frappe.generate_hash(length=4)}",
			"parent_service_ticket_category": root.name,
		}
	).insert()
	return frappe._dict(root=root.name, brakes=brakes.name)


CHECKLIST = [
	{"item": "Check the brake pads", "mandatory": 1},
	{"item": "Oil the rails", "mandatory": 1},
	{"item": "Photograph the shaft", "mandatory": 0},
]


def test_resolving_without_the_summary_and_the_checklist_is_refused_and_nothing_saved(staff, lifts):
	frappe.set_user(staff.manager)
	make_status_rule("Resolved", ["resolution_summary"], checklist_complete=True, category=lifts.root)
	frappe.set_user("Administrator")
	ticket = open_ticket(staff, "2026-05-18 09:00:00", category=lifts.brakes, checklist=CHECKLIST)
	with at_local("2026-05-18 09:10:00"):
		move(staff.engineer, ticket, "In Progress")

	with at_local("2026-05-18 11:00:00"), pytest.raises(frappe.ValidationError) as refused:
		move(staff.engineer, ticket, "Resolved", checklist=ticked(ticket, "Oil the rails"))
	assert str(refused.value) == (
		"To set Resolved, fill in: Resolution Summary; complete the checklist: Check the brake pads"
	)
	assert frappe.db.get_value("Service Ticket", ticket, "status") == "In Progress"
	assert frappe.get_all(
		"Service Ticket Checklist Item", {"parent": ticket}, ["item", "done", "done_by"], order_by="idx"
	) == [
		{"item": "Check the brake pads", "done": 0, "done_by": None},
		{"item": "Oil the rails", "done": 0, "done_by": None},
		{"item": "Photograph the shaft", "done": 0, "done_by": None},
	]
	assert frappe.db.count("Service Ticket Status Period", {"parent": ticket}) == 2

	with at_local("2026-05-18 11:05:00"):
		doc = move(
			staff.engineer,
			ticket,
			"Resolved",
			resolution_summary="Brake pads replaced, rails oiled",
			checklist=ticked(ticket, "Check the brake pads", "Oil the rails"),
		)
	assert (doc.status, doc.resolved_on) == ("Resolved", dt("2026-05-18 11:05:00"))
	assert [(row.item, row.done, row.done_by, row.done_on) for row in doc.checklist] == [
		("Check the brake pads", 1, staff.engineer, dt("2026-05-18 11:05:00")),
		("Oil the rails", 1, staff.engineer, dt("2026-05-18 11:05:00")),
		("Photograph the shaft", 0, None, None),
	]


def ticked(ticket: str, *items: str) -> list[dict]:
	rows = frappe.get_doc("Service Ticket", ticket).checklist
	return [{**row.as_dict(), "done": int(row.item in items)} for row in rows]


def test_a_rule_of_another_category_or_status_does_not_apply(staff, lifts):
	frappe.set_user(staff.manager)
	make_status_rule("Resolved", ["resolution_summary"], checklist_complete=True, category=lifts.root)
	make_status_rule("Closed", ["asset"])
	frappe.set_user("Administrator")
	ticket = open_ticket(staff, "2026-05-18 09:00:00", checklist=CHECKLIST)  # no category
	assert move(staff.engineer, ticket, "Resolved").status == "Resolved"
	with pytest.raises(frappe.ValidationError, match=r"^To set Closed, fill in: Equipment$"):
		move(staff.engineer, ticket, "Closed")


def test_a_rule_names_real_ticket_fields_only(staff):
	frappe.set_user(staff.manager)
	with pytest.raises(frappe.ValidationError, match="has no field <strong>resolution_sumary</strong>"):
		make_status_rule("Resolved", ["resolution_sumary"])
	with pytest.raises(frappe.ValidationError, match="Name the fields to fill in"):
		make_status_rule("Resolved")
	name = make_status_rule("Resolved", ["resolution_summary"])
	assert frappe.get_doc("Service Status Rule", name).required_fields[0].label == "Resolution Summary"


# --- hand-off to a third party --------------------------------------------------------------


def test_a_hand_off_carries_its_ola_escalates_once_and_shows_in_the_report(staff):
	policy = make_policy(
		f"OLA {frappe.generate_hash(length=6)}", third_party_ola=8 * HOUR, **LONG
	)  # 9-18 Mon-Fri
	make_contract(staff.client.customer, "2026-05-01", "2026-12-31", policy=policy.name)
	contractor = make_supplier()
	late = open_ticket(staff, "2026-05-18 09:00:00")

	with at_local("2026-05-18 16:00:00"), pytest.raises(frappe.ValidationError) as refused:
		move(staff.dispatcher, late, "Waiting for Third Party")
	assert str(refused.value) == "To set Waiting for Third Party, fill in: Third Party"
	with at_local("2026-05-18 16:00:00"):
		doc = move(
			staff.dispatcher,
			late,
			"Waiting for Third Party",
			third_party=contractor,
			third_party_reference="WO-77",
		)
	# 8 business hours from Monday 16:00: 2 h on Monday, 6 h on Tuesday
	assert doc.third_party_due_by == dt("2026-05-19 15:00:00")
	assert [
		(h.supplier, h.reference, h.handed_over_on, h.handed_over_by, h.due_by, h.returned_on)
		for h in doc.third_party_handoffs
	] == [(contractor, "WO-77", dt("2026-05-18 16:00:00"), staff.dispatcher, dt("2026-05-19 15:00:00"), None)]

	in_time = open_ticket(staff, "2026-05-19 09:00:00")
	with at_local("2026-05-19 10:00:00"):  # a due time agreed with the contractor, entered by hand
		move(
			staff.dispatcher,
			in_time,
			"Waiting for Third Party",
			third_party=contractor,
			third_party_due_by="2026-05-19 12:00:00",
		)
	with at_local("2026-05-19 11:00:00"):
		move(staff.engineer, in_time, "In Progress")

	assert run("2026-05-19 14:59:00")["third_party_overdue"] == 0
	assert run("2026-05-19 15:00:00")["third_party_overdue"] == 1
	overdue = f"Third party {contractor} is overdue on {late}: {SUBJECT}"
	for user in (staff.engineer, staff.dispatcher):
		assert (alerts(user, late), todos(user, late)) == ([overdue], [overdue])
	assert run("2026-05-19 16:00:00")["third_party_overdue"] == 0
	assert alerts(staff.dispatcher, late) == [overdue]
	assert (
		frappe.db.get_value(
			"Comment",
			{"reference_name": late, "comment_type": "Info", "content": ("like", "Third party%")},
			"content",
		)
		== f"Third party {contractor} overdue, escalated to: {staff.engineer}, {staff.dispatcher}"
	)

	out = open_ticket(staff, "2026-05-20 08:30:00")
	with at_local("2026-05-20 09:00:00"):
		move(staff.dispatcher, out, "Waiting for Third Party", third_party=contractor)
	with at_local("2026-05-20 10:00:00"):
		returned = move(staff.dispatcher, late, "In Progress")
		assert returned.third_party_handoffs[0].returned_on == dt("2026-05-20 10:00:00")
		frappe.set_user(staff.dispatcher)
		columns, rows = execute({"from_date": "2026-05-18", "to_date": "2026-05-20", "supplier": contractor})
		frappe.set_user("Administrator")

	assert [c["fieldname"] for c in columns] == [
		"supplier",
		"ticket",
		"customer",
		"reference",
		"handed_over_on",
		"due_by",
		"returned_on",
		"business_hours",
		"result",
	]
	customer = staff.client.customer
	assert rows == [
		{
			"supplier": contractor,
			"ticket": late,
			"customer": customer,
			"reference": "WO-77",
			"handed_over_on": dt("2026-05-18 16:00:00"),
			"due_by": dt("2026-05-19 15:00:00"),
			"returned_on": dt("2026-05-20 10:00:00"),
			"business_hours": 12.0,
			"result": "Missed",
		},
		{
			"supplier": contractor,
			"ticket": in_time,
			"customer": customer,
			"reference": None,
			"handed_over_on": dt("2026-05-19 10:00:00"),
			"due_by": dt("2026-05-19 12:00:00"),
			"returned_on": dt("2026-05-19 11:00:00"),
			"business_hours": 1.0,
			"result": "Met",
		},
		{
			"supplier": contractor,
			"ticket": out,
			"customer": customer,
			"reference": None,
			"handed_over_on": dt("2026-05-20 09:00:00"),
			"due_by": dt("2026-05-20 17:00:00"),
			"returned_on": None,
			"business_hours": 1.0,
			"result": "Pending",
		},
	]
