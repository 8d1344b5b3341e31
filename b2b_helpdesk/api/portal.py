"""Whitelisted endpoints of the client portal: raise a ticket, answer on a ticket, the raising choices.

Every call runs as the signed-in contact; the ERP's permission hooks decide
what it may read and create (`b2b_helpdesk.permissions`).
"""

import frappe
from frappe import _
from frappe.utils import cstr, escape_html, strip_html

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle
from b2b_helpdesk.portal import attachments
from b2b_helpdesk.portal.scope import (
	place_for,
	raise_equipment,
	raise_places,
	raising_grants,
	require_portal_user,
	require_signed_in,
)
from b2b_helpdesk.service_desk.ticket_timeline import reply_subject

PRIORITIES = ("Low", "Medium", "High", "Urgent")
MAX_SUBJECT = 140
MAX_TEXT = 20000


@frappe.whitelist(methods=["GET", "POST"])
def raise_options() -> dict:
	"""The locations and equipment the contact may raise tickets for."""
	user = require_signed_in()
	places = raise_places(user)
	return {
		"may_raise": bool(raising_grants(user)),
		"locations": [{"name": p.name, "title": p.title} for p in places],
		"equipment": [
			{"name": row.name, "title": row.asset_name, "location": row.location}
			for row in raise_equipment(user, places)
		],
		"priorities": [{"value": p, "label": _(p)} for p in PRIORITIES],
	}


@frappe.whitelist(methods=["POST"])
def create_ticket(
	subject: str,
	description: str | None = None,
	service_location: str | None = None,
	asset: str | None = None,
	priority: str = "Medium",
) -> dict:
	"""Raise a ticket as the signed-in contact, inside its scope."""
	user = require_portal_user()
	subject = _text(subject, _("Subject"), MAX_SUBJECT, required=True)
	description = _text(description, _("Description"), MAX_TEXT)
	priority = cstr(priority) or "Medium"
	if priority not in PRIORITIES:
		frappe.throw(_("Priority must be one of: {0}").format(", ".join(_(p) for p in PRIORITIES)))
	customer, contact, location = place_for(user, _name(service_location), _name(asset))
	ticket = frappe.get_doc(
		{
			"doctype": "Service Ticket",
			"subject": subject,
			"description": _as_html(description),
			"customer": customer,
			"contact": contact,
			"service_location": location,
			"asset": _name(asset),
			"priority": priority,
			"channel": "Portal",
			"raised_by": frappe.db.get_value("User", user, "email"),
		}
	).insert()
	return {"name": ticket.name, "route": f"/tickets/{ticket.name}"}


@frappe.whitelist(methods=["POST"])
def reply(ticket: str, message: str) -> dict:
	"""The client's answer on a ticket: a received Communication; a ticket waiting for it moves on."""
	user = require_portal_user()
	name = _name(ticket)
	if not name or not frappe.db.exists("Service Ticket", name):
		frappe.throw(_("Ticket {0} not found").format(escape_html(cstr(ticket))), frappe.DoesNotExistError)
	doc = frappe.get_doc("Service Ticket", name)
	doc.check_permission("read")
	if doc.status == lifecycle.CLOSED:
		frappe.throw(
			_("This request is closed. Raise a new one if you need us again."), title=_("Request Closed")
		)
	message = _text(message, _("Message"), MAX_TEXT, required=True)
	communication = frappe.get_doc(
		{
			"doctype": "Communication",
			"communication_type": "Communication",
			"communication_medium": "Other",
			"sent_or_received": "Received",
			"sender": frappe.db.get_value("User", user, "email"),
			"sender_full_name": frappe.utils.get_fullname(user),
			"subject": reply_subject(doc),
			"content": _as_html(message),
			"reference_doctype": "Service Ticket",
			"reference_name": doc.name,
		}
	).insert(ignore_permissions=True)
	_answered(doc)
	return {
		"communication": communication.name,
		"status": frappe.db.get_value("Service Ticket", name, "status"),
	}


def _answered(ticket) -> None:
	"""An answer on a resolved ticket says the problem is still there: the ticket is reopened (R1).

	An answer on a ticket waiting for the client hands it back to us through the
	inbound-message rule every received message follows (`email_intake.on_communication`).
	"""
	ticket.reload()
	if ticket.status == lifecycle.RESOLVED:
		ticket.flags.ignore_permissions = True
		ticket.flags.skip_status_rules = True  # the client's word reopens it, whatever the move rules say
		ticket.reopen(_("The client wrote that the problem is still there"))


def _text(value, label: str, limit: int, required: bool = False) -> str:
	value = cstr(value).strip()
	if required and not strip_html(value).strip():
		frappe.throw(_("{0} is required").format(label), title=_("Missing Value"))
	if len(value) > limit:
		frappe.throw(_("{0} is too long: at most {1} characters").format(label, limit))
	return value


def _name(value) -> str | None:
	if value in (None, ""):
		return None
	if len(value) > 140:
		frappe.throw(_("Not a valid name: {0}").format(escape_html(cstr(value)[:40])))
	return value


def _as_html(text: str) -> str:
	return "<br>".join(escape_html(line) for line in text.splitlines()) if text else ""


@frappe.whitelist(methods=["POST"])
def attach_file(ticket: str, filename: str, content: str) -> dict:
	"""A photo or document the client adds to its request (base64 `content`)."""
	require_portal_user()
	name = _name(ticket)
	if not name or not frappe.db.exists("Service Ticket", name):
		frappe.throw(_("Ticket {0} not found").format(escape_html(cstr(ticket))), frappe.DoesNotExistError)
	return attachments.attach(name, filename, content)
