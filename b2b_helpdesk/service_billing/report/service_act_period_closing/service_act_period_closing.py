# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""Period closing for accountants: which contracts still need their act, its signature or its invoice."""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from b2b_helpdesk.service_billing.acts_batch import contracts_to_bill
from b2b_helpdesk.service_billing.period_lock import unclaimed_late_lines

LATE_LINES = "Unbilled Earlier Lines"

TODO = {
	None: "No act yet",
	"Draft": "Act not submitted",
	"Submitted": "Waiting for the client",
	"Disputed": "Disputed by the client",
	"Accepted": "Accepted, not invoiced",
	"Invoiced": "Done",
}


@frappe.read_only()
def execute(filters=None):
	"""Read-only: Frappe runs it on the read replica when the site has one (`read_from_replica`)."""
	filters = frappe._dict(filters or {})
	if filters.view == LATE_LINES:
		return late_columns(), late_rows(), None, None, None
	if not filters.day:
		frappe.throw(_("Choose a day of the period to close"))
	contracts = contracts_to_bill(filters.day)
	customers, acts = customers_of(contracts), acts_on(contracts, filters.day)
	rows = [row_for(contract, customers.get(contract), acts.get(contract)) for contract in contracts]
	return columns(), rows, None, None, summary(rows, len(unclaimed_late_lines()))


def customers_of(contracts: list[str]) -> dict[str, str]:
	"""Each contract's customer, in one query."""
	if not contracts:
		return {}
	return dict(
		frappe.get_all(
			"Contract", filters={"name": ("in", contracts)}, fields=["name", "party_name"], as_list=True
		)
	)


def acts_on(contracts: list[str], day) -> dict[str, frappe._dict]:
	"""The live act of each contract whose period holds `day`, in one query (the last modified when
	there are several, as a lookup per contract gave: it wins by coming last)."""
	if not contracts:
		return {}
	rows = frappe.get_all(
		"Service Act",
		filters={
			"contract": ("in", contracts),
			"docstatus": ("<", 2),
			"from_date": ("<=", getdate(day)),
			"to_date": (">=", getdate(day)),
		},
		fields=["contract", "name", "act_status", "grand_total", "sales_invoice", "from_date", "to_date"],
		order_by="modified asc",
	)
	return {row.contract: row for row in rows}


def row_for(contract: str, customer: str | None, act: frappe._dict | None) -> dict:
	act = act or frappe._dict()
	return {
		"contract": contract,
		"customer": customer,
		"act": act.name,
		"from_date": act.from_date,
		"to_date": act.to_date,
		"act_status": act.act_status,
		"grand_total": flt(act.grand_total),
		"sales_invoice": act.sales_invoice,
		"to_do": _(TODO[act.act_status]),
	}


def contract_column() -> dict:
	return {
		"fieldname": "contract",
		"label": _("Contract"),
		"fieldtype": "Link",
		"options": "Contract",
		"width": 150,
	}


def columns() -> list[dict]:
	return [
		contract_column(),
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 180,
		},
		{"fieldname": "act", "label": _("Act"), "fieldtype": "Link", "options": "Service Act", "width": 150},
		{"fieldname": "from_date", "label": _("From"), "fieldtype": "Date", "width": 100},
		{"fieldname": "to_date", "label": _("To"), "fieldtype": "Date", "width": 100},
		{"fieldname": "act_status", "label": _("Act Status"), "fieldtype": "Data", "width": 110},
		{"fieldname": "grand_total", "label": _("Grand Total"), "fieldtype": "Currency", "width": 120},
		{
			"fieldname": "sales_invoice",
			"label": _("Sales Invoice"),
			"fieldtype": "Link",
			"options": "Sales Invoice",
			"width": 150,
		},
		{"fieldname": "to_do", "label": _("To Do"), "fieldtype": "Data", "width": 180},
	]


def summary(rows: list[dict], late: int = 0) -> list[dict]:
	def count(statuses):
		return sum(1 for row in rows if row["act_status"] in statuses)

	return [
		{"label": _("Contracts"), "value": len(rows), "indicator": "Blue"},
		{"label": _("No Act Yet"), "value": count((None,)), "indicator": "Red"},
		{
			"label": _("Not Accepted"),
			"value": count(("Draft", "Submitted", "Disputed")),
			"indicator": "Orange",
		},
		{"label": _("Accepted, Not Invoiced"), "value": count(("Accepted",)), "indicator": "Orange"},
		{
			"label": _("Invoiced Total"),
			"value": sum(row["grand_total"] for row in rows if row["act_status"] == "Invoiced"),
			"datatype": "Currency",
			"indicator": "Green",
		},
		{"label": _(LATE_LINES), "value": late, "indicator": "Red" if late else "Green"},
	]


def late_rows() -> list[dict]:
	"""Billable lines no act claimed, older than the last act of their contract (see period_lock)."""
	return [
		{
			"contract": row.contract,
			"day": row.day,
			"document_type": row.document_type,
			"document": row.document,
			"service_ticket": row.ticket,
			"to_do": _("Cancel and amend the act of its period, or make the act of a period without one"),
		}
		for row in unclaimed_late_lines()
	]


def late_columns() -> list[dict]:
	return [
		contract_column(),
		{"fieldname": "day", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{"fieldname": "document_type", "label": _("Document Type"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "document",
			"label": _("Document"),
			"fieldtype": "Dynamic Link",
			"options": "document_type",
			"width": 160,
		},
		{
			"fieldname": "service_ticket",
			"label": _("Service Ticket"),
			"fieldtype": "Link",
			"options": "Service Ticket",
			"width": 140,
		},
		{"fieldname": "to_do", "label": _("To Do"), "fieldtype": "Data", "width": 300},
	]
