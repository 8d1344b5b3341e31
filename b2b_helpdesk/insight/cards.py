"""Number cards of the Service Management workspace (R12): the KPIs of the last 30 days, through the reports'
own definitions (`engine/kpi.py`) and the reader's permissions. Read-only."""

import frappe
from frappe.utils import add_days, nowdate

from b2b_helpdesk.engine.kpi import TicketFacts, group_kpis
from b2b_helpdesk.insight import kpi_facts


def last_30_days() -> frappe._dict:
	return frappe._dict(from_date=add_days(nowdate(), -30), to_date=nowdate())


def _kpis():
	filters = last_30_days()
	tickets = kpi_facts.tickets(filters)
	ratings = kpi_facts.ratings(filters)
	facts = [
		TicketFacts(
			status=t.status,
			sla_state=t.sla_state,
			reopen_count=t.reopen_count or 0,
			rating=ratings.get(t.name),
		)
		for t in tickets
	]
	return group_kpis(facts, [], frappe.utils.now_datetime())


@frappe.whitelist()
def sla_met_percent(filters: str | dict | None = None) -> dict:
	return {"value": _kpis().sla_met_percent or 0, "fieldtype": "Percent"}


@frappe.whitelist()
def average_rating(filters: str | dict | None = None) -> dict:
	return {"value": _kpis().satisfaction or 0, "fieldtype": "Float"}


@frappe.whitelist()
def reopen_percent(filters: str | dict | None = None) -> dict:
	return {"value": _kpis().reopen_percent or 0, "fieldtype": "Percent"}
