"""The Timesheet's own link to the ticket and contract its rows are logged on.

Time is logged per row (Timesheet Detail carries the ticket), but the desk's
Connections tab, list filters and reports count documents by a field of the
document itself. Like the ERP's `parent_project`, the header names the ticket
when every row is on one ticket, and the contract when all those tickets are
under one contract; it is left empty when the rows are spread over several.
"""

import frappe


def set_ticket_links(doc, method=None) -> None:
	"""Doc event Timesheet `validate`: fill `b2b_service_ticket` and `b2b_contract` from the rows."""
	tickets = tickets_of(doc)
	doc.b2b_service_ticket = only_one(tickets)
	doc.b2b_contract = only_one(contracts_of(tickets)) if tickets else None


def tickets_of(doc) -> set[str]:
	return {row.b2b_service_ticket for row in doc.get("time_logs") or [] if row.b2b_service_ticket}


def contracts_of(tickets: set[str]) -> set[str | None]:
	"""The tickets' contracts; None stands for a ticket under no contract."""
	rows = frappe.get_all("Service Ticket", filters={"name": ("in", sorted(tickets))}, pluck="contract")
	return {contract or None for contract in rows}


def only_one(values: set) -> str | None:
	return next(iter(values)) if len(values) == 1 else None
