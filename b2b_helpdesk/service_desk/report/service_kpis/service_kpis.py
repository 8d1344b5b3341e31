# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""Service KPIs (R12) per engineer, team, category or client for a period, against the targets of
Service Desk Settings (on target green, off target red). Definitions: `engine/kpi.py`. Read-only.

A ticket assigned to two engineers counts for both (and for each of their teams); an unassigned one
for "(not assigned)". Utilisation is shown for engineers and teams only.
"""

from collections import defaultdict
from datetime import datetime, time

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from b2b_helpdesk.engine.kpi import KPI_LABELS, TicketFacts, group_kpis, judge, utilisation
from b2b_helpdesk.insight import kpi_facts
from b2b_helpdesk.service_desk.report_filters import check_period_and_group

GROUPS = {
	"Engineer": ("Link", "User"),
	"Team": ("Link", "User Group"),
	"Category": ("Link", "Service Ticket Category"),
	"Client": ("Link", "Customer"),
}
NOT_SET = "(not set)"


@frappe.read_only()
def execute(filters=None):
	"""Read-only: Frappe runs it on the read replica when the site has one (`read_from_replica`)."""
	filters = frappe._dict(filters or {})
	validate(filters)
	rows = kpi_rows(filters)
	return columns(filters), rows, None, chart(rows)


def validate(filters) -> None:
	check_period_and_group(filters, GROUPS, "Engineer")


def kpi_rows(filters) -> list[dict]:
	period, open_now = kpi_facts.tickets(filters), kpi_facts.backlog(filters)
	visits, ratings = kpi_facts.visits(filters), kpi_facts.ratings(filters)
	keys_of = group_keys(filters, period + open_now)
	members, backlog = defaultdict(list), defaultdict(list)
	for t in period:
		facts = ticket_facts(t, visits, ratings)
		for key in keys_of(t):
			members[key].append(facts)
	for t in open_now:
		for key in keys_of(t):
			backlog[key].append(t.opened_on)
	as_of = min(now_datetime(), datetime.combine(getdate(filters.to_date), time.max))
	targets = kpi_facts.targets()
	hours = people_hours(filters, set(members) | set(backlog))
	rows = []
	for key in sorted(set(members) | set(backlog), key=lambda k: (k == NOT_SET, k)):
		kpis = group_kpis(members.get(key, []), backlog.get(key, []), as_of)
		if key in hours:
			kpis.utilisation_percent = utilisation(*hours[key])
		rows.append(as_row(key, judge(kpis, targets)))
	return rows


def ticket_facts(t, visits: dict, ratings: dict) -> TicketFacts:
	return TicketFacts(
		status=t.status,
		sla_state=t.sla_state,
		first_response_seconds=t.first_response_time,
		resolution_seconds=t.resolution_time,
		reopen_count=t.reopen_count or 0,
		visits=visits.get(t.name, 0),
		rating=ratings.get(t.name),
	)


def group_keys(filters, tickets: list):
	"""A function giving the group keys of a ticket (several for a shared assignment)."""
	if filters.group_by == "Client":
		return lambda t: [t.customer or NOT_SET]
	if filters.group_by == "Category":
		return lambda t: [t.category or NOT_SET]
	assigned = kpi_facts.engineers({t.name for t in tickets}, kpi_facts._range(filters))
	if filters.group_by == "Engineer":
		return lambda t: assigned.get(t.name) or [NOT_SET]
	teams = kpi_facts.teams_of({u for users in assigned.values() for u in users})
	return lambda t: sorted({g for u in assigned.get(t.name, []) for g in teams.get(u, [])}) or [NOT_SET]


def people_hours(filters, keys: set) -> dict[str, tuple[float, float]]:
	"""(logged, working) hours of each engineer or team among `keys`."""
	if filters.group_by not in ("Engineer", "Team"):
		return {}
	if filters.group_by == "Engineer":
		people = {k: [k] for k in keys if k != NOT_SET}
	else:
		people = defaultdict(list)
		for group, user in frappe.get_all(
			"User Group Member",
			filters={"parent": ("in", list(keys))},
			fields=["parent", "user"],
			as_list=True,
		):
			people[group].append(user)
	users = {u for members in people.values() for u in members}
	logged, working = kpi_facts.logged_hours(users, filters), kpi_facts.working_hours(users, filters)
	return {
		key: (sum(logged.get(u, 0.0) for u in members), sum(working.get(u, 0.0) for u in members))
		for key, members in people.items()
		if any(u in working for u in members)
	}


def as_row(key: str, kpis) -> dict:
	row = {"group": _(NOT_SET) if key == NOT_SET else key, "tickets": kpis.tickets, "ratings": kpis.ratings}
	for kpi in KPI_LABELS:
		row[kpi] = getattr(kpis, kpi)
		if kpi in kpis.on_target:
			row[f"{kpi}_on_target"] = int(kpis.on_target[kpi])
	return row


def columns(filters) -> list[dict]:
	fieldtype, options = GROUPS[filters.group_by]
	cols = [
		{
			"fieldname": "group",
			"label": _(filters.group_by),
			"fieldtype": fieldtype,
			"options": options,
			"width": 200,
		},
		{"fieldname": "tickets", "label": _("Tickets"), "fieldtype": "Int", "width": 80},
	]
	types = {"backlog": "Int"}
	for kpi, label in KPI_LABELS.items():
		cols.append({"fieldname": kpi, "label": _(label), "fieldtype": types.get(kpi, "Float"), "width": 120})
	cols.append({"fieldname": "ratings", "label": _("Ratings"), "fieldtype": "Int", "width": 80})
	return cols


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	return {
		"data": {
			"labels": [r["group"] for r in rows],
			"datasets": [
				{"name": _("SLA Met %"), "values": [r["sla_met_percent"] or 0 for r in rows]},
				{"name": _("First-Time Fix %"), "values": [r["first_time_fix_percent"] or 0 for r in rows]},
			],
		},
		"type": "bar",
	}
