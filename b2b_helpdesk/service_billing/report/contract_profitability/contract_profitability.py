# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""Does the contract make money? Revenue against labour, trip and material cost (R5, R4).

Per contract and billing period: revenue is what the billing engine prices
(fee + extras + overage, the same figures as the billing preview); labour cost
is the Timesheet's costing amount (the ERP's Activity Cost), trip cost the
Service Visit's cost, material cost the Stock Entry's valuation. Grouping by
ticket, location or equipment shows where the money goes; the subscription
fee belongs to no ticket and appears on its own row there.
"""

from collections import defaultdict
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate

from b2b_helpdesk.engine.billing import LineKind
from b2b_helpdesk.engine.periods import period_of
from b2b_helpdesk.service_billing.statement import statement_for

GROUPS = {
	"Contract": ("Link", "Contract"),
	"Service Ticket": ("Link", "Service Ticket"),
	"Service Location": ("Link", "Address"),
	"Equipment": ("Link", "Asset"),
}
COSTS = {
	"Timesheet Detail": "labour_cost",
	"Service Visit": "trip_cost",
	"Stock Entry Detail": "material_cost",
}


@frappe.read_only()
def execute(filters=None):
	"""Read-only: Frappe runs it on the read replica when the site has one (`read_from_replica`)."""
	filters = frappe._dict(filters or {})
	validate(filters)
	totals: dict[str, dict] = defaultdict(lambda: defaultdict(Decimal))
	for contract, plan_period in contracts(filters):
		for start in periods(filters, plan_period):
			add_statement(totals, statement_for(contract, start), filters.group_by)
	return columns(filters), rows(totals)


def validate(filters) -> None:
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Set the period: From Date and To Date"))
	if getdate(filters.from_date) > getdate(filters.to_date):
		frappe.throw(_("From Date must be on or before To Date"))
	filters.group_by = filters.group_by or "Contract"
	if filters.group_by not in GROUPS:
		frappe.throw(_("Cannot group by {0}").format(filters.group_by))


def contracts(filters) -> list[tuple[str, str]]:
	conditions = {"docstatus": 1, "party_type": "Customer", "b2b_billing_plan": ("is", "set")}
	if filters.contract:
		conditions["name"] = filters.contract
	if filters.customer:
		conditions["party_name"] = filters.customer
	rows = frappe.get_list(
		"Contract", filters=conditions, fields=["name", "b2b_billing_plan"], order_by="name"
	)
	periods_by_plan = dict(
		frappe.get_all(
			"Service Billing Plan",
			filters={"name": ("in", [r.b2b_billing_plan for r in rows] or [""])},
			fields=["name", "billing_period"],
			as_list=True,
		)
	)
	return [(row.name, periods_by_plan[row.b2b_billing_plan]) for row in rows]


def periods(filters, billing_period: str) -> list:
	"""The first day of every billing period that overlaps the filter's dates."""
	starts, day, end = [], getdate(filters.from_date), getdate(filters.to_date)
	while day <= end:
		start, last = period_of(day, billing_period)
		starts.append(start)
		day = add_days(last, 1)
	return starts


def add_statement(totals, result, group_by: str) -> None:
	tickets = ticket_places(
		set(result.data.ticket_of.values()) | {line.ticket for line in result.statement.lines if line.ticket}
	)
	for line in result.statement.lines:
		key = group_key(group_by, result.contract, line.ticket, tickets, line.kind)
		totals[key]["revenue"] += line.amount
		totals[key]["fee_revenue" if line.kind is LineKind.FEE else "work_revenue"] += line.amount
	for source, cost in result.data.cost.items():
		ticket = result.data.ticket_of[source]
		key = group_key(group_by, result.contract, ticket, tickets, None)
		totals[key][COSTS[source.split(":", 1)[0]]] += cost


def ticket_places(names: set) -> dict[str, frappe._dict]:
	if not names:
		return {}
	rows = frappe.get_all(
		"Service Ticket", filters={"name": ("in", list(names))}, fields=["name", "service_location", "asset"]
	)
	return {row.name: row for row in rows}


def group_key(group_by: str, contract: str, ticket: str | None, tickets, kind) -> str:
	if group_by == "Contract":
		return contract
	if not ticket:
		return _("(subscription fee)") if kind is LineKind.FEE else _("(not set)")
	if group_by == "Service Ticket":
		return ticket
	place = tickets.get(ticket)
	value = place and (place.service_location if group_by == "Service Location" else place.asset)
	return value or _("(not set)")


def rows(totals) -> list[dict]:
	out = []
	for key in sorted(totals):
		t = totals[key]
		cost = t["labour_cost"] + t["trip_cost"] + t["material_cost"]
		margin = t["revenue"] - cost
		out.append(
			{
				"group": key,
				"fee_revenue": flt(t["fee_revenue"], 2),
				"work_revenue": flt(t["work_revenue"], 2),
				"revenue": flt(t["revenue"], 2),
				"labour_cost": flt(t["labour_cost"], 2),
				"trip_cost": flt(t["trip_cost"], 2),
				"material_cost": flt(t["material_cost"], 2),
				"cost": flt(cost, 2),
				"margin": flt(margin, 2),
				"margin_percent": flt(100 * margin / t["revenue"], 1) if t["revenue"] else None,
			}
		)
	return out


def columns(filters) -> list[dict]:
	fieldtype, options = GROUPS[filters.group_by]
	money = [
		("fee_revenue", _("Fee Revenue")),
		("work_revenue", _("Work Revenue")),
		("revenue", _("Revenue")),
		("labour_cost", _("Labour Cost")),
		("trip_cost", _("Trip Cost")),
		("material_cost", _("Material Cost")),
		("cost", _("Total Cost")),
		("margin", _("Margin")),
	]
	return [
		{
			"fieldname": "group",
			"label": _(filters.group_by),
			"fieldtype": fieldtype,
			"options": options,
			"width": 200,
		},
		*({"fieldname": f, "label": label, "fieldtype": "Currency", "width": 120} for f, label in money),
		{"fieldname": "margin_percent", "label": _("Margin %"), "fieldtype": "Percent", "width": 90},
	]
