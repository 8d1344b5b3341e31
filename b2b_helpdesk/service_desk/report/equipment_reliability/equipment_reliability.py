# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""Equipment Reliability (R4, R15): per equipment model (the Asset's Item) over a period — units, unit-years
in service, tickets per unit-year, mean time between failures, labour and parts cost per unit, the worst
units — the models that fail most on top (the ones to stop selling or supporting). Read-only.

A unit is in service from its available-for-use date (else its purchase date) to the period's end; every
ticket on the unit opened in the period is a failure. MTBF = days in service / failures. Labour is the
Timesheet costing amount logged on those tickets, parts the valuation of the Stock Entries naming them.
An optional category keeps only the tickets of that category (and below it).
"""

from collections import Counter, defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate

REVIEW_FACTOR = 2.0  # a model failing twice as often as the average is flagged for review


@frappe.read_only()
def execute(filters=None):
	"""Read-only: Frappe runs it on the read replica when the site has one (`read_from_replica`)."""
	filters = frappe._dict(filters or {})
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Set the period: From Date and To Date"))
	start, end = getdate(filters.from_date), getdate(filters.to_date)
	units = customer_units(filters)
	tickets = unit_tickets(filters, start, end)
	costs = ticket_costs([t.name for t in tickets])
	return columns(), model_rows(units, tickets, costs, start, end)


def customer_units(filters) -> list:
	conditions = {"asset_owner": "Customer", "docstatus": 1}
	if filters.item_code:
		conditions["item_code"] = filters.item_code
	if filters.customer:
		conditions["customer"] = filters.customer
	return frappe.get_list(
		"Asset",
		filters=conditions,
		fields=["name", "asset_name", "item_code", "available_for_use_date", "purchase_date"],
		limit_page_length=0,
	)


def unit_tickets(filters, start, end) -> list:
	conditions = [["opened_on", ">=", start], ["opened_on", "<", add_days(end, 1)], ["asset", "is", "set"]]
	if filters.category:
		lft, rgt = frappe.db.get_value("Service Ticket Category", filters.category, ["lft", "rgt"])
		below = frappe.get_all(
			"Service Ticket Category", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name"
		)
		conditions.append(["category", "in", below])
	if filters.customer:
		conditions.append(["customer", "=", filters.customer])
	return frappe.get_list(
		"Service Ticket", filters=conditions, fields=["name", "asset"], limit_page_length=0
	)


def ticket_costs(tickets: list[str]) -> dict[str, tuple[float, float]]:
	"""(labour, parts) cost of each ticket: submitted Timesheets and Stock Entries naming it."""
	if not tickets:
		return {}
	labour = dict(
		frappe.db.sql(
			"""select d.b2b_service_ticket, sum(d.costing_amount) from `tabTimesheet Detail` d
			join `tabTimesheet` t on t.name = d.parent
			where t.docstatus = 1 and d.b2b_service_ticket in %(tickets)s group by d.b2b_service_ticket""",
			{"tickets": tickets},
		)
	)
	parts = dict(
		frappe.db.sql(
			"""select e.b2b_service_ticket, sum(d.amount) from `tabStock Entry Detail` d
			join `tabStock Entry` e on e.name = d.parent
			where e.docstatus = 1 and e.b2b_service_ticket in %(tickets)s group by e.b2b_service_ticket""",
			{"tickets": tickets},
		)
	)
	return {t: (flt(labour.get(t)), flt(parts.get(t))) for t in tickets}


def days_in_service(unit, start, end) -> int:
	since = getdate(unit.available_for_use_date or unit.purchase_date or start)
	return max(0, (end - max(since, start)).days + 1)


def model_rows(units: list, tickets: list, costs: dict, start, end) -> list[dict]:
	unit_model = {u.name: u.item_code for u in units}
	failures = Counter(t.asset for t in tickets if t.asset in unit_model)
	cost_of_unit: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
	for t in tickets:
		if t.asset in unit_model:
			labour, parts = costs.get(t.name, (0.0, 0.0))
			cost_of_unit[t.asset][0] += labour
			cost_of_unit[t.asset][1] += parts
	by_model: dict[str, list] = defaultdict(list)
	for u in units:
		by_model[u.item_code].append(u)
	rows = [
		model_row(model, members, failures, cost_of_unit, start, end) for model, members in by_model.items()
	]
	rated = [r["tickets_per_unit_year"] for r in rows if r["tickets_per_unit_year"] is not None]
	average = sum(r["tickets"] for r in rows) / sum(r["unit_years"] for r in rows) if rated else None
	for r in rows:
		r["review"] = int(
			bool(
				average
				and r["tickets_per_unit_year"]
				and r["tickets_per_unit_year"] >= REVIEW_FACTOR * average
			)
		)
	return sorted(rows, key=lambda r: (-(r["tickets_per_unit_year"] or 0), r["item_code"]))


def model_row(model: str, members: list, failures: Counter, cost_of_unit: dict, start, end) -> dict:
	days = sum(days_in_service(u, start, end) for u in members)
	count = sum(failures[u.name] for u in members)
	labour = sum(cost_of_unit[u.name][0] for u in members if u.name in cost_of_unit)
	parts = sum(cost_of_unit[u.name][1] for u in members if u.name in cost_of_unit)
	worst = sorted((u for u in members if failures[u.name]), key=lambda u: (-failures[u.name], u.name))[:3]
	unit_years = round(days / 365, 2)
	return {
		"item_code": model,
		"units": len(members),
		"unit_years": unit_years,
		"tickets": count,
		"tickets_per_unit_year": round(count / (days / 365), 2) if days else None,
		"mtbf_days": round(days / count, 1) if count else None,
		"labour_cost_per_unit": flt(labour / len(members), 2),
		"parts_cost_per_unit": flt(parts / len(members), 2),
		"worst_units": ", ".join(f"{u.name} ({failures[u.name]})" for u in worst),
	}


def columns() -> list[dict]:
	return [
		{
			"fieldname": "item_code",
			"label": _("Equipment Model"),
			"fieldtype": "Link",
			"options": "Item",
			"width": 180,
		},
		{"fieldname": "units", "label": _("Units"), "fieldtype": "Int", "width": 70},
		{"fieldname": "unit_years", "label": _("Unit-Years in Service"), "fieldtype": "Float", "width": 110},
		{"fieldname": "tickets", "label": _("Tickets"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "tickets_per_unit_year",
			"label": _("Tickets per Unit-Year"),
			"fieldtype": "Float",
			"width": 120,
		},
		{"fieldname": "mtbf_days", "label": _("MTBF (days)"), "fieldtype": "Float", "width": 100},
		{
			"fieldname": "labour_cost_per_unit",
			"label": _("Labour Cost per Unit"),
			"fieldtype": "Currency",
			"width": 120,
		},
		{
			"fieldname": "parts_cost_per_unit",
			"label": _("Parts Cost per Unit"),
			"fieldtype": "Currency",
			"width": 120,
		},
		{
			"fieldname": "review",
			"label": _("Review (stop selling/supporting?)"),
			"fieldtype": "Check",
			"width": 120,
		},
		{"fieldname": "worst_units", "label": _("Worst Units"), "fieldtype": "Data", "width": 260},
	]
