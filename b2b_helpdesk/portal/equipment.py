"""The client's equipment as the portal shows it (R34): age, working status, coverage, next maintenance, open tickets."""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, nowdate

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle
from b2b_helpdesk.engine.contract_match import Coverage, TicketSubject, resolve_contract
from b2b_helpdesk.field_service.planned_maintenance import next_planned_visits
from b2b_helpdesk.service_contracts.contract_terms import load_customer_contracts

OUT_OF_SERVICE = {
	"Out of Order": "Out of Order",
	"In Maintenance": "In Maintenance",
	"Scrapped": "Retired",
	"Sold": "Retired",
}


def equipment_rows() -> list:
	"""The equipment the signed-in user may see (the Asset permission hooks decide), one row each."""
	assets = frappe.get_list(
		"Asset",
		filters={"docstatus": ("<", 2)},
		fields=[
			"name",
			"asset_name",
			"item_code",
			"customer",
			"b2b_service_location as location",
			"available_for_use_date",
			"purchase_date",
			"status",
		],
		order_by="asset_name asc",
		limit_page_length=500,
	)
	open_tickets = open_ticket_counts([a.name for a in assets])
	next_visits = next_maintenance([a.name for a in assets])
	titles = dict(
		frappe.get_all(
			"Address",
			filters={"name": ("in", sorted({a.location for a in assets if a.location}) or [""])},
			fields=["name", "address_title"],
			as_list=True,
		)
	)
	contracts: dict = {}
	for asset in assets:
		asset.open_tickets = open_tickets.get(asset.name, 0)
		asset.age = age_text(asset.available_for_use_date or asset.purchase_date)
		asset.working_status = working_status(asset.status, asset.open_tickets)
		asset.coverage, asset.contract = coverage(asset, contracts)
		asset.next_maintenance = next_visits.get(asset.name)
		asset.location_title = titles.get(asset.location) or asset.location or ""
	return assets


def open_ticket_counts(assets: list[str]) -> dict[str, int]:
	if not assets:
		return {}
	rows = frappe.get_list(
		"Service Ticket",
		filters={"asset": ("in", assets), "status": ("in", sorted(lifecycle.ACTIVE))},
		fields=["asset", "count(name) as open_tickets"],
		group_by="asset",
	)
	return {row.asset: row.open_tickets for row in rows}


def next_maintenance(assets: list[str]) -> dict:
	"""The next planned visit of each machine: the same planned tickets the desk's calendar shows."""
	return next_planned_visits(assets)


def age_text(since) -> str:
	if not since:
		return ""
	months = max(0, date_diff(nowdate(), getdate(since)) // 30)
	years, months = divmod(months, 12)
	if years:
		return _("{0} y {1} m").format(years, months)
	return _("{0} m").format(months)


def working_status(asset_status: str | None, open_tickets: int) -> str:
	if asset_status in OUT_OF_SERVICE:
		return _(OUT_OF_SERVICE[asset_status])
	if open_tickets:
		return _("Working, under service")
	return _("Working")


def coverage(asset, contracts: dict) -> tuple[str, str | None]:
	"""Today's contract verdict for the machine, as a ticket raised now would get it.

	`contracts` caches each customer's contracts: one load per customer, not per machine.
	"""
	if asset.customer not in contracts:
		contracts[asset.customer] = load_customer_contracts(asset.customer)
	subject = TicketSubject(
		day=getdate(nowdate()), asset=asset.name, location=asset.location, asset_location=asset.location
	)
	match = resolve_contract(contracts[asset.customer], subject)
	return _(match.coverage.value), match.contract if match.coverage is Coverage.COVERED else None
