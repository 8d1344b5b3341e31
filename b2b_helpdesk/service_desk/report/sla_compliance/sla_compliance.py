# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""SLA compliance per contract, customer, location, category or priority over a period (R28, R30).

Counts the tickets opened in the period. Met % is over the tickets whose SLA is
decided (Met or Breached); tickets without SLA are counted but not rated.
Response and resolution medians are business hours (the policy's calendar,
pauses excluded, as stored on each ticket); time in stage is wall-clock hours
per ticket, averaged.
"""

from statistics import median

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate, now_datetime

GROUPS = {
	"Contract": ("contract", "Link", "Contract"),
	"Customer": ("customer", "Link", "Customer"),
	"Service Location": ("service_location", "Link", "Address"),
	"Category": ("category", "Link", "Service Ticket Category"),
	"Priority": ("priority", "Data", None),
}
DONE = ("Resolved", "Closed")
STAGES = ("Open", "In Progress", "Waiting for Customer", "Waiting for Third Party")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	validate(filters)
	tickets = fetch_tickets(filters)
	stage_hours = fetch_stage_hours([t.name for t in tickets])
	data = summarise(tickets, stage_hours, GROUPS[filters.group_by][0])
	return columns(filters), data, None, chart(data)


def validate(filters) -> None:
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Set the period: From Date and To Date"))
	if getdate(filters.from_date) > getdate(filters.to_date):
		frappe.throw(_("From Date must be on or before To Date"))
	filters.group_by = filters.group_by or "Customer"
	if filters.group_by not in GROUPS:
		frappe.throw(_("Cannot group by {0}").format(filters.group_by))


def fetch_tickets(filters) -> list:
	filters_list = [
		["opened_on", ">=", getdate(filters.from_date)],
		["opened_on", "<", add_days(getdate(filters.to_date), 1)],
	]
	for field in ("customer", "contract", "priority", "service_location"):
		if filters.get(field):
			filters_list.append([field, "=", filters.get(field)])
	return frappe.get_list(
		"Service Ticket",
		filters=filters_list,
		fields=[
			"name",
			"contract",
			"customer",
			"service_location",
			"category",
			"priority",
			"status",
			"sla_state",
			"first_response_time",
			"resolution_time",
		],
		limit_page_length=0,
	)


def fetch_stage_hours(tickets: list[str]) -> dict[str, dict[str, float]]:
	"""Wall-clock hours each ticket spent in each status: one query over the status periods."""
	if not tickets:
		return {}
	rows = frappe.db.sql(
		"""
		select parent, status,
			sum(timestampdiff(second, started_on, coalesce(ended_on, %(now)s))) as seconds
		from `tabService Ticket Status Period`
		where parenttype = 'Service Ticket' and parent in %(tickets)s
		group by parent, status
		""",
		{"now": now_datetime(), "tickets": tickets},
		as_dict=True,
	)
	hours: dict[str, dict[str, float]] = {}
	for row in rows:
		hours.setdefault(row.parent, {})[row.status] = flt(row.seconds) / 3600
	return hours


def summarise(tickets, stage_hours, field: str) -> list[dict]:
	groups: dict[str, list] = {}
	for ticket in tickets:
		groups.setdefault(ticket.get(field) or "", []).append(ticket)
	return [row_for(key, members, stage_hours) for key, members in sorted(groups.items())]


def row_for(key: str, tickets: list, stage_hours) -> dict:
	met = sum(1 for t in tickets if t.sla_state == "Met")
	breached = sum(1 for t in tickets if t.sla_state == "Breached")
	responses = [t.first_response_time / 3600 for t in tickets if t.first_response_time is not None]
	resolutions = [t.resolution_time / 3600 for t in tickets if t.resolution_time is not None]
	row = {
		"group": key or _("(not set)"),
		"tickets": len(tickets),
		"still_open": sum(1 for t in tickets if t.status not in DONE),
		"met": met,
		"breached": breached,
		"no_sla": sum(1 for t in tickets if t.sla_state in (None, "", "No SLA")),
		"met_percent": flt(100 * met / (met + breached), 1) if met + breached else None,
		"median_first_response": flt(median(responses), 2) if responses else None,
		"median_resolution": flt(median(resolutions), 2) if resolutions else None,
	}
	for stage in STAGES:
		spent = [stage_hours.get(t.name, {}).get(stage, 0.0) for t in tickets]
		row[stage_key(stage)] = flt(sum(spent) / len(spent), 2) if spent else None
	return row


def stage_key(stage: str) -> str:
	return f"hours_{frappe.scrub(stage)}"


def columns(filters) -> list[dict]:
	_fieldname, fieldtype, options = GROUPS[filters.group_by]
	cols = [
		{
			"fieldname": "group",
			"label": _(filters.group_by),
			"fieldtype": fieldtype,
			"options": options,
			"width": 200,
		},
		{"fieldname": "tickets", "label": _("Tickets"), "fieldtype": "Int", "width": 80},
		{"fieldname": "still_open", "label": _("Still Open"), "fieldtype": "Int", "width": 90},
		{"fieldname": "met", "label": _("Met"), "fieldtype": "Int", "width": 70},
		{"fieldname": "breached", "label": _("Breached"), "fieldtype": "Int", "width": 90},
		{"fieldname": "no_sla", "label": _("No SLA"), "fieldtype": "Int", "width": 80},
		{"fieldname": "met_percent", "label": _("Met %"), "fieldtype": "Percent", "width": 80},
		{
			"fieldname": "median_first_response",
			"label": _("Median First Response (business h)"),
			"fieldtype": "Float",
			"width": 140,
		},
		{
			"fieldname": "median_resolution",
			"label": _("Median Resolution (business h)"),
			"fieldtype": "Float",
			"width": 140,
		},
	]
	cols += [
		{
			"fieldname": stage_key(stage),
			"label": _("Avg h in {0}").format(_(stage)),
			"fieldtype": "Float",
			"width": 120,
		}
		for stage in STAGES
	]
	return cols


def chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [row["group"] for row in data],
			"datasets": [
				{"name": _("Met"), "values": [row["met"] for row in data]},
				{"name": _("Breached"), "values": [row["breached"] for row in data]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#29cd42", "#e24c4c"],
	}
