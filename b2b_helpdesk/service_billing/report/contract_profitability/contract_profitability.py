# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""Does the contract make money? Revenue against labour, trip and material cost (R5, R4).

Per contract and billing period: revenue is what the billing engine prices
(fee + extras + overage, the same figures as the billing preview); labour cost
is the Timesheet's costing amount (the ERP's Activity Cost), trip cost the
Service Visit's cost, material cost the Stock Entry's valuation. Grouping by
ticket, location or equipment shows where the money goes; the subscription
fee belongs to no ticket and appears on its own row there.

Set-based: the contracts, their tickets and the lines of the whole filter window are read once per
billing plan and calendar (`billing_entries`' own queries, over all the contracts' tickets), split
per contract and billing period in Python, and each period priced by the engine as the billing
preview prices it (`statement_for`); only a plan that carries unused allowance over reads the
earlier periods per contract (`carried_in`).
"""

from collections import defaultdict
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import add_days, flt, getdate

from b2b_helpdesk.engine.billing import LineKind
from b2b_helpdesk.engine.periods import period_of
from b2b_helpdesk.service_billing.billing_entries import (
	PeriodData,
	_calendar,
	_labour,
	_materials,
	_trips,
)
from b2b_helpdesk.service_billing.plan_terms import billing_plan_of
from b2b_helpdesk.service_billing.statement import ContractStatement, _price, carried_in

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
	chosen = contracts(filters)
	tickets = contract_tickets([row.name for row in chosen])
	for result in statements(filters, chosen, tickets):
		add_statement(totals, result, filters.group_by, tickets)
	return columns(filters), rows(totals)


def validate(filters) -> None:
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Set the period: From Date and To Date"))
	if getdate(filters.from_date) > getdate(filters.to_date):
		frappe.throw(_("From Date must be on or before To Date"))
	filters.group_by = filters.group_by or "Contract"
	if filters.group_by not in GROUPS:
		frappe.throw(_("Cannot group by {0}").format(filters.group_by))


def contracts(filters) -> list[frappe._dict]:
	"""The contracts the user may read, by name: name, billing plan, service level policy."""
	conditions = {"docstatus": 1, "party_type": "Customer", "b2b_billing_plan": ("is", "set")}
	if filters.contract:
		conditions["name"] = filters.contract
	if filters.customer:
		conditions["party_name"] = filters.customer
	return frappe.get_list(
		"Contract",
		filters=conditions,
		fields=["name", "b2b_billing_plan", "b2b_service_level_policy"],
		order_by="name",
	)


def contract_tickets(names: list[str]) -> dict[str, frappe._dict]:
	"""Every ticket of the contracts, in one query, with what billing and the grouping read."""
	if not names:
		return {}
	rows = frappe.get_all(
		"Service Ticket",
		filters={"contract": ("in", names)},
		fields=["name", "contract", "billing_class", "coverage", "category", "service_location", "asset"],
	)
	return {row.name: row for row in rows}


def statements(filters, chosen: list[frappe._dict], tickets: dict) -> list[ContractStatement]:
	"""Each contract's statement for each billing period overlapping the filter's dates, contract
	by contract in name order: the lines of all contracts on one plan and calendar read at once."""
	plans = {
		name: frappe.get_doc("Service Billing Plan", name) for name in {c.b2b_billing_plan for c in chosen}
	}
	split: dict[tuple[str, object], PeriodData] = defaultdict(PeriodData)
	for (plan_name, _policy), group in groups(chosen, plans).items():
		plan = plans[plan_name]
		starts = periods(filters, plan.billing_period)
		window_end = period_of(starts[-1], plan.billing_period)[1]
		read = read_lines(group, plan, tickets, starts[0], window_end)
		split_by_period(read, tickets, plan.billing_period, split)
	terms_of = {name: billing_plan_of(plan) for name, plan in plans.items()}
	results = []
	for contract in chosen:
		plan, terms = plans[contract.b2b_billing_plan], terms_of[contract.b2b_billing_plan]
		for start in periods(filters, plan.billing_period):
			end = period_of(start, plan.billing_period)[1]
			data = split.get((contract.name, start)) or PeriodData()
			carried = carried_in(contract.name, plan, terms, start) if terms.carry_over_periods else ()
			results.append(
				ContractStatement(contract.name, plan, start, end, data, _price(terms, data, carried))
			)
	return results


def groups(chosen: list[frappe._dict], plans: dict) -> dict[tuple[str, str | None], list[str]]:
	"""The contracts by (plan, calendar of their out-of-hours time: the plan's, else the contract's
	service level policy), the key `billing_entries._calendar` decides by."""
	out: dict[tuple[str, str | None], list[str]] = defaultdict(list)
	for contract in chosen:
		plan = plans[contract.b2b_billing_plan]
		policy = plan.out_of_hours_calendar or contract.b2b_service_level_policy or None
		out[(plan.name, policy)].append(contract.name)
	return out


def read_lines(contracts: list[str], plan, tickets: dict, start, end) -> PeriodData:
	"""The labour, trips and materials of the contracts' tickets from `start` to `end` (inclusive),
	read by `billing_entries`' own queries, as `collect` reads one contract's period."""
	data = PeriodData()
	names = set(contracts)
	mine = {name: ticket for name, ticket in tickets.items() if ticket.contract in names}
	if not mine:
		return data
	bounds = {"tickets": list(mine), "start": start, "end": add_days(end, 1)}
	_labour(data, mine, bounds, _calendar(contracts[0], plan))
	_trips(data, mine, bounds)
	_materials(data, mine, bounds, plan)
	return data


def split_by_period(read: PeriodData, tickets: dict, billing_period: str, into: dict) -> None:
	"""Deal the lines out to (contract, first day of their billing period)."""

	def target(entry) -> PeriodData:
		start = period_of(getdate(entry.when), billing_period)[0]
		data = into[(tickets[entry.ticket].contract, start)]
		data.cost[entry.source] = read.cost[entry.source]
		data.ticket_of[entry.source] = read.ticket_of[entry.source]
		if entry.source in read.engineer_of:
			data.engineer_of[entry.source] = read.engineer_of[entry.source]
		return data

	for entry in read.work:
		target(entry).work.append(entry)
	for entry in read.trips:
		target(entry).trips.append(entry)
	for entry in read.materials:
		target(entry).materials.append(entry)


def periods(filters, billing_period: str) -> list:
	"""The first day of every billing period that overlaps the filter's dates."""
	starts, day, end = [], getdate(filters.from_date), getdate(filters.to_date)
	while day <= end:
		start, last = period_of(day, billing_period)
		starts.append(start)
		day = add_days(last, 1)
	return starts


def add_statement(totals, result, group_by: str, tickets: dict) -> None:
	for line in result.statement.lines:
		key = group_key(group_by, result.contract, line.ticket, tickets, line.kind)
		totals[key]["revenue"] += line.amount
		totals[key]["fee_revenue" if line.kind is LineKind.FEE else "work_revenue"] += line.amount
	for source, cost in result.data.cost.items():
		ticket = result.data.ticket_of[source]
		key = group_key(group_by, result.contract, ticket, tickets, None)
		totals[key][COSTS[source.split(":", 1)[0]]] += cost


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
