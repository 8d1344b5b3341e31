"""The client's other open tickets, shown on the ticket form (R23: no duplicated effort)."""

import frappe

from b2b_helpdesk.engine.ticket_lifecycle import ACTIVE
from b2b_helpdesk.permissions import is_portal_user
from b2b_helpdesk.service_desk.colours import STATUS_COLOURS

TEMPLATE = "b2b_helpdesk/templates/intake_hints/open_tickets.html"
RELATED_FIELDS = ["name", "subject", "status", "priority", "service_location", "asset", "opened_on"]


@frappe.whitelist()
def get_client_open_tickets(customer: str, exclude: str | None = None, limit: int = 20) -> dict:
	"""Open tickets of `customer` the user may read, newest first, with the total count."""
	filters = {"customer": customer, "status": ("in", sorted(ACTIVE))}
	if exclude:
		filters["name"] = ("!=", exclude)
	limit = max(1, min(int(limit), 100))
	visible = frappe.get_list("Service Ticket", filters=filters, fields=["count(name) as total"])[0].total
	answer = {
		"tickets": frappe.get_list(
			"Service Ticket", filters=filters, fields=RELATED_FIELDS, order_by="opened_on desc", limit=limit
		),
		"total": visible,
		# "none" only when there are none: staff are told how many they cannot open; a client's
		# contact is only ever told about what it may see
		"hidden": None
		if is_portal_user(frappe.session.user)
		else frappe.db.count("Service Ticket", filters) - visible,
	}
	answer["html"] = frappe.render_template(TEMPLATE, {**answer, "status_colours": STATUS_COLOURS})
	return answer
