"""About what: the equipment the contract covers (the engine's rule), each with its last few tickets."""

from pypika.analytics import RowNumber

import frappe
from frappe.query_builder import DocType, Order

from b2b_helpdesk.engine.contract_match import covered_equipment
from b2b_helpdesk.service_contracts.contract_terms import load_contract

RECENT_TICKETS = 5
"""Tickets shown per piece of equipment, newest first."""
MAX_ASSETS = 30
"""Equipment rows shown; a customer-wide contract of a large client says how many more there are."""
TICKET_FIELDS = ["name", "subject", "status", "priority", "asset", "opened_on"]


def equipment_hint(customer: str, contract: str | None, asset: str | None, ticket: str | None) -> dict:
	covered, covers_all = covered_asset_names(customer, contract)
	shown = covered[:MAX_ASSETS]
	if asset and asset not in shown:
		shown.append(asset)  # the equipment on the ticket is shown even when not covered
	assets = asset_rows(shown)
	recent = recent_tickets(shown, ticket)
	counts = ticket_counts(shown, ticket)
	return {
		"covers_all_equipment": covers_all,
		"covered_assets": [
			{
				**assets[name],
				"covered": name in covered,
				"selected": name == asset,
				"recent_tickets": recent.get(name, []),
				"ticket_count": counts.get(name, 0),
			}
			for name in shown
			if name in assets
		],
		"more_assets": max(0, len(covered) - MAX_ASSETS),
	}


def covered_asset_names(customer: str, contract: str | None) -> tuple[list[str], bool]:
	"""The customer's equipment the contract covers, by `engine.contract_match` (as a ticket would find)."""
	if not contract:
		return [], False
	terms = load_contract(contract)
	machines = frappe.get_all(
		"Asset",
		filters={"asset_owner": "Customer", "customer": customer, "docstatus": ("!=", 2)},
		fields=["name", "b2b_service_location"],
		order_by="asset_name asc, name asc",
		as_list=True,
	)
	return covered_equipment(terms, machines), terms.is_customer_wide


def asset_rows(names: list[str]) -> dict[str, dict]:
	if not names:
		return {}
	rows = frappe.get_all(
		"Asset",
		filters={"name": ("in", names)},
		fields=["name", "asset_name", "item_code", "b2b_service_location as service_location", "docstatus"],
	)
	return {
		row.name: {**{k: v for k, v in row.items() if k != "docstatus"}, "cancelled": row.docstatus == 2}
		for row in rows
	}


def recent_tickets(assets: list[str], exclude: str | None) -> dict[str, list[dict]]:
	"""The last few tickets of each asset: one ranked query, then read back with the user's permissions."""
	if not assets:
		return {}
	t = DocType("Service Ticket")
	rank = RowNumber().over(t.asset).orderby(t.opened_on, order=Order.desc).orderby(t.name, order=Order.desc)
	condition = t.asset.isin(assets)
	if exclude:
		condition &= t.name != exclude
	ranked = frappe.qb.from_(t).select(t.name, rank.as_("rank")).where(condition)
	names = [
		row[0]
		for row in frappe.qb.from_(ranked).select(ranked.name).where(ranked.rank <= RECENT_TICKETS).run()
	]
	if not names:
		return {}
	readable = frappe.get_list(
		"Service Ticket",
		filters={"name": ("in", names)},
		fields=TICKET_FIELDS,
		order_by="opened_on desc, name desc",
		limit_page_length=0,
	)
	recent: dict[str, list[dict]] = {}
	for row in readable:
		recent.setdefault(row.pop("asset"), []).append(row)
	return recent


def ticket_counts(assets: list[str], exclude: str | None) -> dict[str, int]:
	if not assets:
		return {}
	filters = {"asset": ("in", assets)}
	if exclude:
		filters["name"] = ("!=", exclude)
	rows = frappe.get_list(
		"Service Ticket", filters=filters, fields=["asset", "count(name) as total"], group_by="asset"
	)
	return {row.asset: row.total for row in rows}
