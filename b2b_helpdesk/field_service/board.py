"""The dispatcher's board (R20): engineers as rows, the days of a week as columns.

A cell holds the engineer's planned visits that day (with the client's answer to the proposed
time) and the tickets assigned to him that are due that day (SLA resolution deadline) or planned
that day (planned maintenance, when the ticket has `planned_for`). Beside the grid: open tickets
nobody is assigned to, and open tickets At Risk or Breached. The dispatcher assigns, plans and
moves visits with the methods below (drag and drop or a dialog on the page), each checked by
role and by the right to edit the ticket and the visit.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import add_to_date, get_datetime, get_fullname, getdate

from b2b_helpdesk.field_service.dispatch import assign, check_dispatcher, open_assignees
from b2b_helpdesk.field_service.routing_data import OPEN_WORK_EXCLUDES, URGENT_SLA_STATES, load_engineers

DAYS = 7
SIDE_LIMIT = 50


def week_of(start) -> list[date]:
	first = getdate(start)
	return [first + timedelta(days=i) for i in range(DAYS)]


def has_planned_date() -> bool:
	"""Planned maintenance puts `planned_for` on the ticket; the board shows it once it exists."""
	return frappe.get_meta("Service Ticket").has_field("planned_for")


@frappe.whitelist()
def get_board(week_start: str) -> dict:
	check_dispatcher()
	days = week_of(moment(week_start, _("Week")))
	since, until = (
		datetime.combine(days[0], datetime.min.time()),
		datetime.combine(days[-1] + timedelta(days=1), datetime.min.time()),
	)
	engineers = load_engineers()
	cells = defaultdict(list)  # (engineer, day) -> items
	for visit in visits_between([e.name for e in engineers], since, until):
		cells[(visit.engineer, str(getdate(visit.planned_start)))].append(visit_item(visit))
	by_user = {e.user: e.name for e in engineers}
	for ticket in assigned_tickets(list(by_user), since, until):
		day = ticket.planned_for if ticket.get("planned_for") else ticket.resolution_by
		if day and since <= get_datetime(day) < until:
			cells[(by_user[ticket.user], str(getdate(day)))].append(ticket_item(ticket))
	return {
		"days": [str(day) for day in days],
		"engineers": [
			{
				"engineer": e.name,
				"user": e.user,
				"engineer_name": e.employee_name,
				"load_hours": float(e.engine.load_hours),
				"on_duty": e.engine.on_duty,
				"cells": {str(day): sorted_items(cells[(e.name, str(day))]) for day in days},
			}
			for e in engineers
		],
		"unassigned": [side_item(t) for t in unassigned_tickets()],
		"at_risk": [side_item(t) for t in at_risk_tickets()],
	}


def sorted_items(items: list[dict]) -> list[dict]:
	return sorted(items, key=lambda item: (item["at"], item["kind"], item["name"]))


def visits_between(engineers: list[str], since: datetime, until: datetime) -> list:
	if not engineers:
		return []
	return frappe.get_all(
		"Service Visit",
		filters={
			"engineer": ("in", engineers),
			"planned_start": ("between", (since, until - timedelta(microseconds=1))),
		},
		fields=[
			"name",
			"engineer",
			"service_ticket",
			"planned_start",
			"planned_end",
			"departed_on",
			"confirmation",
			"client_answer",
		],
		order_by="planned_start, name",
	)


def visit_item(visit) -> dict:
	subject, customer_name, resolution_by = frappe.db.get_value(
		"Service Ticket", visit.service_ticket, ["subject", "customer_name", "resolution_by"]
	)
	return {
		"kind": "visit",
		"name": visit.name,
		"ticket": visit.service_ticket,
		"subject": subject,
		"customer_name": customer_name,
		"at": str(visit.planned_start),
		"until": str(visit.planned_end) if visit.planned_end else None,
		"resolution_by": str(resolution_by) if resolution_by else None,
		"confirmation": visit.confirmation,
		"client_answer": visit.client_answer,
		"made": bool(visit.departed_on),
	}


def assigned_tickets(users: list[str], since: datetime, until: datetime) -> list:
	if not users:
		return []
	planned = ", st.planned_for" if has_planned_date() else ""
	return frappe.db.sql(
		f"""
		select td.allocated_to as user, st.name, st.subject, st.customer_name, st.status, st.sla_state,
			st.resolution_by, st.priority{planned}
		from `tabToDo` td join `tabService Ticket` st on st.name = td.reference_name
		where td.reference_type = 'Service Ticket' and td.status = 'Open' and td.allocated_to in %(users)s
			and st.status not in %(done)s
		order by st.name
		""",
		{"users": tuple(users), "done": OPEN_WORK_EXCLUDES},
		as_dict=True,
	)


def ticket_item(ticket) -> dict:
	planned = ticket.get("planned_for")
	return {
		"kind": "planned" if planned else "ticket",
		"name": ticket.name,
		"ticket": ticket.name,
		"subject": ticket.subject,
		"customer_name": ticket.customer_name,
		"at": str(planned or ticket.resolution_by),
		"resolution_by": str(ticket.resolution_by) if ticket.resolution_by else None,
		"sla_state": ticket.sla_state,
		"priority": ticket.priority,
	}


def _side_fields() -> list[str]:
	fields = ["name", "subject", "customer_name", "priority", "sla_state", "resolution_by", "status"]
	return [*fields, "planned_for"] if has_planned_date() else fields


def unassigned_tickets() -> list:
	return frappe.db.sql(
		f"""
		select {", ".join(f"st.{f}" for f in _side_fields())}
		from `tabService Ticket` st
		where st.status not in %(done)s and not exists (
			select 1 from `tabToDo` td where td.reference_type = 'Service Ticket'
				and td.reference_name = st.name and td.status = 'Open')
		order by st.resolution_by is null, st.resolution_by, st.name
		limit {SIDE_LIMIT}
		""",
		{"done": OPEN_WORK_EXCLUDES},
		as_dict=True,
	)


def at_risk_tickets() -> list:
	return frappe.get_all(
		"Service Ticket",
		filters={"status": ("not in", OPEN_WORK_EXCLUDES), "sla_state": ("in", URGENT_SLA_STATES)},
		fields=_side_fields(),
		order_by="resolution_by asc, name asc",
		limit=SIDE_LIMIT,
	)


def side_item(ticket) -> dict:
	assignees = open_assignees(ticket.name)
	return {
		"name": ticket.name,
		"subject": ticket.subject,
		"customer_name": ticket.customer_name,
		"priority": ticket.priority,
		"sla_state": ticket.sla_state,
		"resolution_by": str(ticket.resolution_by) if ticket.resolution_by else None,
		"planned_for": str(ticket.planned_for) if ticket.get("planned_for") else None,
		"assignees": assignees,
		"assignee_names": [get_fullname(user) for user in assignees],  # people, not e-mails
	}


# --- actions -------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def plan_visit(ticket: str, engineer: str, planned_start: str, planned_end: str | None = None) -> str:
	"""Plan a visit of `engineer` (a Service Engineer) on `ticket`; he is assigned the ticket if not yet."""
	check_dispatcher(ticket)
	user = engineer_user(engineer)
	if user not in open_assignees(ticket):
		assign(ticket, user)
	visit = frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": ticket,
			"engineer": engineer,
			"planned_start": moment(planned_start, _("Planned Start")),
			"planned_end": moment(planned_end, _("Planned End")) if planned_end else None,
			"confirmation": "Proposed",
		}
	).insert()
	return visit.name


@frappe.whitelist(methods=["POST"])
def reschedule_visit(
	visit: str, planned_start: str, planned_end: str | None = None, engineer: str | None = None
) -> dict:
	"""Move a planned visit (another time, another engineer): it is Proposed to the client again."""
	doc = frappe.get_doc("Service Visit", visit)
	check_dispatcher(doc.service_ticket)
	doc.check_permission("write")
	if doc.departed_on:
		frappe.throw(_("Visit {0} has already taken place").format(visit), title=_("Not Planned"))
	if engineer and engineer != doc.engineer:
		user = engineer_user(engineer)
		if user not in open_assignees(doc.service_ticket):
			assign(doc.service_ticket, user)
		doc.engineer = engineer
	length = (get_datetime(doc.planned_end) - get_datetime(doc.planned_start)) if doc.planned_end else None
	doc.planned_start = moment(planned_start, _("Planned Start"))
	doc.planned_end = (
		moment(planned_end, _("Planned End"))
		if planned_end
		else (add_to_date(doc.planned_start, seconds=length.total_seconds()) if length else None)
	)
	doc.save()
	return {
		"name": doc.name,
		"engineer": doc.engineer,
		"planned_start": str(doc.planned_start),
		"planned_end": str(doc.planned_end) if doc.planned_end else None,
		"confirmation": doc.confirmation,
	}


def moment(value: str, label: str):
	"""A datetime the dispatcher typed, or a readable refusal."""
	try:
		return get_datetime(value)
	except (ValueError, OverflowError, TypeError):
		frappe.throw(_("{0} is not a valid date and time: {1}").format(label, value), title=_("Invalid Time"))


def engineer_user(engineer: str) -> str:
	user = frappe.db.get_value("Service Engineer", {"name": engineer, "active": 1}, "user")
	if not user:
		frappe.throw(
			_("{0} is not an engineer who takes jobs").format(frappe.bold(engineer)),
			title=_("Not an Engineer"),
		)
	return user
