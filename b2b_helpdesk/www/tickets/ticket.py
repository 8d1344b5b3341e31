"""Portal: one service request — its exact status and next step, the public conversation, a reply box."""

import frappe
from frappe import _
from frappe.utils.html_utils import sanitize_html

from b2b_helpdesk.engine.ticket_journey import journey
from b2b_helpdesk.portal.journey import next_step_text
from b2b_helpdesk.portal.scope import require_portal_user

no_cache = 1


def get_context(context):
	require_portal_user()
	name = frappe.form_dict.name
	if not isinstance(name, str) or not name or not frappe.db.exists("Service Ticket", name):
		raise frappe.DoesNotExistError(_("Service request not found"))
	ticket = frappe.get_doc("Service Ticket", name)
	ticket.check_permission("read")
	context.update(
		title=ticket.subject,
		ticket=ticket,
		location=frappe.db.get_value("Address", ticket.service_location, "address_title")
		if ticket.service_location
		else "",
		next_step=next_step_text(ticket),
		may_reply=journey(
			ticket.status, bool(ticket.get("_assign")), bool(ticket.first_responded_on)
		).client_may_reply,
		conversation=conversation(ticket.name),
		description=sanitize_html(ticket.description or ""),
	)


def conversation(ticket: str) -> list:
	"""The messages exchanged with the client; internal notes (Comments) are never part of it."""
	rows = frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": "Service Ticket",
			"reference_name": ticket,
			"communication_type": "Communication",
			"sent_or_received": ("in", ("Sent", "Received")),
		},
		fields=["name", "sender_full_name", "sender", "sent_or_received", "communication_date", "content"],
		order_by="communication_date asc, creation asc",
	)
	for row in rows:
		row.content = sanitize_html(row.content or "")
		row.ours = row.sent_or_received == "Sent"
	return rows
