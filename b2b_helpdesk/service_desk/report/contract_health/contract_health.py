# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""Contract Health (R31): contracts ending within N days with a health score and each of its parts.

Over the 12 months before the as-of date: SLA met % and reopen % of the contract's tickets, the mean
rating of the last 6 months against the 6 before, ticket counts of the same halves, and the margin %
of Contract Profitability (its own code, reused). The score rule is `engine/contract_health.py`. Read-only.
"""

from statistics import mean

import frappe
from frappe import _
from frappe.utils import add_days, add_months, cint, getdate, nowdate

from b2b_helpdesk.engine.contract_health import HealthFacts, health
from b2b_helpdesk.engine.kpi import DONE, percent
from b2b_helpdesk.service_billing.report.contract_profitability import contract_profitability

PARTS = (
	("sla", "SLA Part"),
	("satisfaction", "Satisfaction Part"),
	("margin", "Margin Part"),
	("reopen", "Reopen Part"),
	("ticket_trend", "Ticket Trend Part"),
)


@frappe.read_only()
def execute(filters=None):
	"""Read-only: Frappe runs it on the read replica when the site has one (`read_from_replica`)."""
	filters = frappe._dict(filters or {})
	as_of = getdate(filters.as_of or nowdate())
	days = cint(filters.days) if filters.days not in (None, "") else 90
	contracts = frappe.get_list(
		"Contract",
		filters=[
			["docstatus", "=", 1],
			["party_type", "=", "Customer"],
			["end_date", "between", (as_of, add_days(as_of, days))],
		],
		fields=["name", "party_name", "end_date", "b2b_account_manager"],
		order_by="end_date asc",
		limit_page_length=0,
	)
	return columns(), [row_for(c, as_of) for c in contracts]


def row_for(contract, as_of) -> dict:
	facts = facts_of(contract.name, as_of)
	result = health(facts)
	row = {
		"contract": contract.name,
		"customer": contract.party_name,
		"end_date": contract.end_date,
		"days_left": (getdate(contract.end_date) - as_of).days,
		"account_manager": contract.b2b_account_manager,
		"sla_met_percent": facts.sla_met_percent,
		"recent_rating": facts.recent_rating,
		"earlier_rating": facts.earlier_rating,
		"margin_percent": facts.margin_percent,
		"reopen_percent": facts.reopen_percent,
		"recent_tickets": facts.recent_tickets,
		"earlier_tickets": facts.earlier_tickets,
		"score": result.score,
		"verdict": _(result.verdict),
		"verdict_key": result.verdict,
	}
	row.update({key: result.parts[key] for key, _label in PARTS})
	return row


def facts_of(contract: str, as_of) -> HealthFacts:
	start, middle, end = add_months(as_of, -12), add_months(as_of, -6), add_days(as_of, 1)
	tickets = frappe.get_all(
		"Service Ticket",
		filters=[["contract", "=", contract], ["opened_on", ">=", start], ["opened_on", "<", end]],
		fields=["name", "opened_on", "status", "sla_state", "reopen_count"],
	)
	met = sum(1 for t in tickets if t.sla_state == "Met")
	breached = sum(1 for t in tickets if t.sla_state == "Breached")
	ever_resolved = [t for t in tickets if t.status in DONE or t.reopen_count]
	ratings = frappe.get_all(
		"Service Ticket Rating",
		filters={"service_ticket": ("in", [t.name for t in tickets] or [""])},
		fields=["rating", "rated_on"],
	)
	recent = [r.rating for r in ratings if getdate(r.rated_on) >= middle]
	earlier = [r.rating for r in ratings if getdate(r.rated_on) < middle]
	return HealthFacts(
		sla_met_percent=percent(met, met + breached),
		recent_rating=round(mean(recent), 2) if recent else None,
		earlier_rating=round(mean(earlier), 2) if earlier else None,
		margin_percent=margin_percent(contract, start, as_of),
		reopen_percent=percent(sum(1 for t in ever_resolved if t.reopen_count), len(ever_resolved)),
		recent_tickets=sum(1 for t in tickets if getdate(t.opened_on) >= middle),
		earlier_tickets=sum(1 for t in tickets if getdate(t.opened_on) < middle),
	)


def margin_percent(contract: str, start, end) -> float | None:
	"""Margin % of the contract over the window, as Contract Profitability computes it (None without a plan)."""
	_columns, rows = contract_profitability.execute(
		{"from_date": start, "to_date": end, "contract": contract, "group_by": "Contract"}
	)
	return rows[0].get("margin_percent") if rows else None


def columns() -> list[dict]:
	cols = [
		{
			"fieldname": "contract",
			"label": _("Contract"),
			"fieldtype": "Link",
			"options": "Contract",
			"width": 140,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 180,
		},
		{"fieldname": "end_date", "label": _("End Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_left", "label": _("Days Left"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "account_manager",
			"label": _("Account Manager"),
			"fieldtype": "Link",
			"options": "User",
			"width": 150,
		},
		{"fieldname": "score", "label": _("Health Score"), "fieldtype": "Float", "width": 100},
		{"fieldname": "verdict", "label": _("Health"), "fieldtype": "Data", "width": 90},
	]
	cols += [
		{"fieldname": key, "label": _(label), "fieldtype": "Float", "width": 100} for key, label in PARTS
	]
	facts = (
		("sla_met_percent", "SLA Met %"),
		("recent_rating", "Rating, Last 6 Months"),
		("earlier_rating", "Rating, 6 Months Before"),
		("margin_percent", "Margin %"),
		("reopen_percent", "Reopen %"),
		("recent_tickets", "Tickets, Last 6 Months"),
		("earlier_tickets", "Tickets, 6 Months Before"),
	)
	cols += [
		{
			"fieldname": key,
			"label": _(label),
			"fieldtype": "Int" if "tickets" in key else "Float",
			"width": 110,
		}
		for key, label in facts
	]
	return cols
