"""Internal notes and customer-visible replies on a ticket, through the ERP's timeline.

An internal note is a Comment (staff only); a reply to the customer is a sent
Communication, e-mailed to the contact when an outgoing Email Account exists.
The split is the ERP's own: portal users see Communications, never Comments.
"""

import frappe
from frappe import _
from frappe.core.doctype.communication.email import make
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.utils import strip_html


def _require_text(content: str | None) -> str:
	if not content or not strip_html(content).strip():
		frappe.throw(_("Write something first: the message is empty"), title=_("Empty Message"))
	return content


def add_internal_note(ticket, content: str):
	ticket.check_permission("write")
	return ticket.add_comment("Comment", _require_text(content))


def reply_to_customer(ticket, content: str) -> str:
	"""Create the sent Communication; return its name."""
	ticket.check_permission("email")
	content = _require_text(content)
	recipient = ticket.contact_email or ticket.raised_by  # an unidentified sender can be asked who it is
	result = make(
		doctype=ticket.doctype,
		name=ticket.name,
		subject=reply_subject(ticket),
		content=content,
		recipients=recipient or None,
		communication_medium="Email" if recipient else "Other",
		sent_or_received="Sent",
		send_email=bool(recipient) and _can_send_mail(),
	)
	return result["name"]


def reply_subject(ticket) -> str:
	"""Every message on a ticket carries its name in brackets: replies thread by it (`email_intake`)."""
	return _("Re: {0} [{1}]").format(ticket.subject, ticket.name)


def _can_send_mail() -> bool:
	return bool(EmailAccount.find_outgoing(match_by_doctype="Service Ticket"))
