"""Contract as the hub of service: its covered equipment and locations, its tickets, work and acts."""

import frappe
from frappe import _

from b2b_helpdesk.service_contracts.customer_records import check_address, check_asset


def validate(doc, method=None) -> None:
	"""Runs on save and on update after submit (covered lists are allow-on-submit)."""
	if doc.party_type != "Customer":
		doc.b2b_covered_assets = []
		doc.b2b_covered_locations = []
		return
	set_account_manager(doc)
	check_covered_rows(doc.b2b_covered_assets, "asset", lambda asset: check_asset(asset, doc.party_name))
	check_covered_rows(
		doc.b2b_covered_locations,
		"address",
		lambda address: check_address(address, doc.party_name, _("Covered location")),
	)


def set_account_manager(doc) -> None:
	if not doc.b2b_account_manager:
		doc.b2b_account_manager = frappe.db.get_value("Customer", doc.party_name, "account_manager")


def check_covered_rows(rows, fieldname: str, check) -> None:
	seen = set()
	for row in rows:
		value = row.get(fieldname)
		if value in seen:
			frappe.throw(
				_("Row {0}: {1} is listed twice").format(row.idx, frappe.bold(value)),
				title=_("Duplicate Row"),
			)
		seen.add(value)
		check(value)


def get_dashboard_data(data):
	data = frappe._dict(data)
	data.fieldname = data.fieldname or "contract"
	data.non_standard_fieldnames = {
		**(data.get("non_standard_fieldnames") or {}),
		"Timesheet": "b2b_contract",
	}
	data.transactions = [
		*data.get("transactions", []),
		{"label": _("Service"), "items": ["Service Ticket", "Service Visit", "Timesheet"]},
		{"label": _("Billing"), "items": ["Service Act"]},
	]
	return data
