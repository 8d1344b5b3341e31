"""Portal: one service request — its exact status and next step, the public conversation, a reply box."""

import frappe
from frappe import _
from frappe.utils import parse_addr, split_emails
from frappe.utils.html_utils import sanitize_html

from b2b_helpdesk.permissions import is_portal_user
from b2b_helpdesk.portal.access import PortalRefusal, portal_page
from b2b_helpdesk.portal.attachments import files_of
from b2b_helpdesk.portal.journey import history_steps, next_step_text, ticket_journey

no_cache = 1


@portal_page("Service Ticket")
def get_context(context):
	name = frappe.form_dict.name
	if not isinstance(name, str) or not name or not frappe.db.exists("Service Ticket", name):
		raise frappe.DoesNotExistError(_("Service request not found"))
	ticket = frappe.get_doc("Service Ticket", name)
	if not frappe.has_permission("Service Ticket", "read", doc=ticket):
		raise PortalRefusal(_("This service request is not among those you may see."))
	context.update(
		title=ticket.subject,
		ticket=ticket,
		location=frappe.db.get_value("Address", ticket.service_location, "address_title")
		if ticket.service_location
		else "",
		next_step=next_step_text(ticket),
		may_reply=is_portal_user(frappe.session.user) and ticket_journey(ticket).client_may_reply,
		conversation=conversation(ticket),
		description=sanitize_html(ticket.description or ""),
		history_steps=history_steps(ticket),
		ticket_files=files_of(ticket.name),
	)


def conversation(ticket) -> list:
	"""The messages exchanged with the client: from its people, or sent to them.

	Internal notes (Comments) are never part of it, nor are e-mails our staff
	exchanged on the ticket with suppliers or other third parties.
	"""
	rows = frappe.get_all(
		"Communication",
		filters={
			"reference_doctype": "Service Ticket",
			"reference_name": ticket.name,
			"communication_type": "Communication",
			"sent_or_received": ("in", ("Sent", "Received")),
		},
		fields=[
			"name",
			"sender_full_name",
			"sender",
			"recipients",
			"cc",
			"sent_or_received",
			"communication_date",
			"content",
		],
		order_by="communication_date asc, creation asc",
	)
	client = client_addresses(ticket)
	shown = []
	for row in rows:
		row.ours = row.sent_or_received == "Sent"
		to = {parse_addr(a)[1].lower() for a in split_emails(f"{row.recipients or ''},{row.cc or ''}") if a}
		# a reply logged for the client without e-mail has no recipients and is the client's too
		if (not to or to & client) if row.ours else parse_addr(row.sender or "")[1].lower() in client:
			row.content = sanitize_html(row.content or "")
			shown.append(row)
	return shown


def client_addresses(ticket) -> set[str]:
	"""The e-mail addresses of the client's people: the ticket's sender and the customer's contacts."""
	addresses = {ticket.contact_email, ticket.raised_by}
	if ticket.customer:
		rows = frappe.db.sql(
			"""
			select ce.email_id, c.user
			from `tabDynamic Link` dl
			join `tabContact` c on c.name = dl.parent
			left join `tabContact Email` ce on ce.parent = c.name and ce.parenttype = 'Contact'
			where dl.parenttype = 'Contact' and dl.link_doctype = 'Customer' and dl.link_name = %s
			""",
			ticket.customer,
		)
		addresses.update(value for row in rows for value in row)
	return {a.lower() for a in addresses if a}
