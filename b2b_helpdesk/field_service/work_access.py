"""Work is logged on the tickets the user may work on, whatever screen or API it comes from.

The roles' rights on the ERP's Timesheet and Stock Entry come from the ERP's permission
layer (`setup/erp_permissions.py`): which Employee and which Warehouse are the user's
is set by his User Permissions. Two things that layer cannot express are checked here, as
doc events, so that the desk, `log_work` and `/api/resource` behave alike:

- a log names a Service Ticket the user may write to (an engineer: the tickets assigned to
  him or his team, `permissions.service_ticket_query`);
- a user whose only Stock Entry right is the engineer's makes Material Issues for tickets
  (the materials he used), never receipts or transfers: those stay with the stores.
"""

import frappe
from frappe import _

from b2b_helpdesk.setup.roles import SERVICE_ENGINEER


def system_session() -> bool:
	return frappe.session.user == "Administrator" or bool(
		frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch
	)


def check_ticket_access(ticket: str | None) -> None:
	"""Refuse logging on a ticket the session user may not write to (the same test as `log_work`)."""
	if not ticket or system_session() or not frappe.db.exists("Service Ticket", ticket):
		return
	if not frappe.has_permission("Service Ticket", "write", doc=ticket):
		frappe.throw(
			_("You may not log work on Service Ticket {0}").format(frappe.bold(ticket)),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)


def new_tickets(doc, table: str | None = None) -> set[str]:
	"""Tickets the save links to that it did not link to before (a re-save checks nothing again)."""
	before = doc.get_doc_before_save()
	if table is None:
		old = before.get("b2b_service_ticket") if before else None
		return {doc.get("b2b_service_ticket")} - {old, None}
	old = {row.name: row.get("b2b_service_ticket") for row in before.get(table)} if before else {}
	return {
		row.b2b_service_ticket
		for row in doc.get(table)
		if row.get("b2b_service_ticket") and row.b2b_service_ticket != old.get(row.name)
	}


def guard_timesheet(doc, method=None) -> None:
	"""Doc event Timesheet `validate`."""
	for ticket in sorted(new_tickets(doc, "time_logs")):
		check_ticket_access(ticket)


def guard_stock_entry(doc, method=None) -> None:
	"""Doc event Stock Entry `validate`."""
	if engineer_stock_rights_only():
		if doc.purpose != "Material Issue" or not doc.get("b2b_service_ticket"):
			frappe.throw(
				_(
					"Your stock rights are for materials used on a service ticket: a Material Issue "
					"that names the ticket. Ask the stores for any other stock movement."
				),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)
	for ticket in sorted(new_tickets(doc)):
		check_ticket_access(ticket)


def engineer_stock_rights_only(user: str | None = None) -> bool:
	"""True when the user may make Stock Entries only through the Service Engineer role."""
	user = user or frappe.session.user
	if user == "Administrator" or system_session():
		return False
	roles = set(frappe.get_roles(user))
	if SERVICE_ENGINEER not in roles:
		return False
	makers = {
		perm.role
		for perm in frappe.get_meta("Stock Entry").permissions
		if not perm.permlevel and (perm.create or perm.write or perm.submit)
	}
	return not (roles & (makers - {SERVICE_ENGINEER}))
