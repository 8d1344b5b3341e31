"""E-mail into tickets through the ERP's Email Account (append to Service Ticket).

Frappe's `InboundMail` turns each e-mail into a received Communication. For a new
thread it first creates the Service Ticket with only the subject and the sender
(`raised_by`) set, skipping the mandatory checks. This module finishes the job:

- `identify_sender` (from the ticket's `before_insert`): sender address → Contact
  (its Contact Email rows) → Customer. Exactly one contact with the authority to
  raise tickets (`b2b_may_raise_tickets`) of one enabled customer sets contact and
  customer, and the ticket finds its contract and SLA as usual. An unknown,
  unauthorised or ambiguous sender leaves the customer empty and flags
  `unidentified_sender` for a dispatcher: a mail is never pinned on a guess.
- `on_communication` (Communication `after_insert`): a client's reply that lost
  its threading headers but carries our "[ST-…]" subject tag lands on that
  ticket instead of opening a new one; a client's answer wakes a ticket that
  was waiting for the customer; the first mail of a ticket becomes its
  description.
"""

import re

import frappe
from frappe.model.delete_doc import delete_doc
from frappe.query_builder import DocType
from frappe.utils import escape_html, parse_addr
from frappe.utils.html_utils import sanitize_html
from frappe.utils.user import is_system_user

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle

TICKET = "Service Ticket"
E_MAIL = "E-mail"
# the tag our replies carry in the subject: "Re: <subject> [ST-2026-00042]"
SUBJECT_TAG = re.compile(r"\[\s*([^\[\]\s]+)\s*\]")


# --- who wrote: address → contact → customer ------------------------------------------------


def address_of(sender: str | None) -> str:
	"""The bare, lower-case address of "Name <a@b.c>"."""
	return (parse_addr(sender or "")[1] or "").strip().lower()


def authorised_senders(email: str) -> list[frappe._dict]:
	"""(contact, customer) pairs behind an address that may raise tickets, one query.

	A contact counts when one of its e-mail rows is the address, it may raise
	tickets and it is linked to an enabled customer. A contact of two customers
	yields two pairs: the caller must not choose between them.
	"""
	if not email:
		return []
	row, contact, link, customer = (
		DocType("Contact Email"),
		DocType("Contact"),
		DocType("Dynamic Link"),
		DocType("Customer"),
	)
	return (
		frappe.qb.from_(row)
		.join(contact)
		.on(contact.name == row.parent)
		.join(link)
		.on((link.parent == contact.name) & (link.parenttype == "Contact"))
		.join(customer)
		.on(customer.name == link.link_name)
		.select(contact.name.as_("contact"), customer.name.as_("customer"))
		.distinct()
		.where(
			(row.parenttype == "Contact")
			& (row.email_id == email)
			& (contact.b2b_may_raise_tickets == 1)
			& (link.link_doctype == "Customer")
			& (customer.disabled == 0)
		)
		.orderby(contact.name)
		.orderby(customer.name)
		.run(as_dict=True)
	)


def identify_sender(ticket) -> None:
	"""Set contact and customer of an e-mailed ticket, or flag it for a dispatcher."""
	ticket.channel = E_MAIL
	senders = authorised_senders(address_of(ticket.raised_by))
	if len(senders) == 1:
		ticket.contact, ticket.customer = senders[0].contact, senders[0].customer
		ticket.unidentified_sender = 0
		# Frappe checks links and copies their fetched fields (contact e-mail, names)
		# before `before_insert`; do it again for the links just set
		ticket._validate_links()
	else:
		ticket.unidentified_sender = 1


def is_email_intake(ticket) -> bool:
	"""A ticket being created by Frappe's inbound mail: a sender, no customer, mandatory checks off."""
	return bool(
		ticket.is_new() and ticket.raised_by and not ticket.customer and ticket.flags.ignore_mandatory
	)


# --- the Communication hook -----------------------------------------------------------------


def on_communication(communication, method=None) -> None:
	"""Thread, wake or describe the ticket a received e-mail was filed on."""
	if not is_received_mail_on_ticket(communication):
		return
	ticket = frappe.get_doc(TICKET, communication.reference_name)
	if opened_by(communication, ticket):
		tagged = tagged_ticket(communication, ticket)
		if not tagged:
			describe(ticket, communication)
			return
		ticket = move_to(communication, ticket, tagged)
	wake_if_waiting(ticket, communication)


def is_received_mail_on_ticket(communication) -> bool:
	return bool(
		communication.reference_doctype == TICKET
		and communication.reference_name
		and communication.communication_type == "Communication"
		and communication.sent_or_received == "Received"
	)


def opened_by(communication, ticket) -> bool:
	"""Was the ticket created for this very mail?

	An e-mailed ticket from this sender, untouched since it was inserted, with
	no other message on it.
	"""
	if ticket.channel != E_MAIL or ticket.modified != ticket.creation:
		return False
	if address_of(ticket.raised_by) != address_of(communication.sender):
		return False
	return not frappe.db.exists(
		"Communication",
		{
			"reference_doctype": TICKET,
			"reference_name": ticket.name,
			"communication_type": "Communication",
			"name": ("!=", communication.name),
		},
	)


# --- threading by the subject tag -----------------------------------------------------------


def tagged_ticket(communication, opened):
	"""The other ticket named by "[ST-…]" in the subject, when the sender may write into it."""
	for name in SUBJECT_TAG.findall(communication.subject or ""):
		if name == opened.name or not frappe.db.exists(TICKET, name):
			continue
		ticket = frappe.get_doc(TICKET, name)
		if may_write_into(address_of(communication.sender), ticket):
			return ticket
	return None


def may_write_into(email: str, ticket) -> bool:
	"""The ticket's own sender or contact, a colleague at its customer, or our staff.

	The subject tag is easy to type, so it alone never files a stranger's mail
	on a client's ticket (whose portal users would read it).
	"""
	if not email:
		return False
	if email in {address_of(ticket.raised_by), address_of(ticket.contact_email)}:
		return True
	if ticket.customer and email in customer_addresses(ticket.customer):
		return True
	return bool(is_system_user(email))


def customer_addresses(customer: str) -> set[str]:
	"""Every e-mail address of the customer's contacts."""
	row, link = DocType("Contact Email"), DocType("Dynamic Link")
	emails = (
		frappe.qb.from_(row)
		.join(link)
		.on((link.parent == row.parent) & (link.parenttype == "Contact"))
		.select(row.email_id)
		.where(
			(row.parenttype == "Contact") & (link.link_doctype == "Customer") & (link.link_name == customer)
		)
		.run(pluck=True)
	)
	return {address_of(email) for email in emails}


def move_to(communication, opened, tagged):
	"""File the mail on the tagged ticket and drop the ticket Frappe opened for it.

	The dropped ticket never held anything but this mail; it goes without a
	Deleted Document trace, and its number is handed back when it was the last.
	"""
	communication.reference_name = tagged.name
	communication.db_set("reference_name", tagged.name, update_modified=False)
	delete_doc(TICKET, opened.name, ignore_permissions=True, force=True, delete_permanently=True)
	return tagged


# --- what the mail does to the ticket -------------------------------------------------------


def describe(ticket, communication) -> None:
	"""The first mail of a ticket is its description, unless one was written."""
	if ticket.description:
		return
	body = mail_body(communication)
	if body:
		ticket.db_set("description", body, update_modified=False)


def mail_body(communication) -> str:
	"""The mail as safe HTML: Frappe's cleaned HTML part, else the plain text."""
	if communication.content:
		return sanitize_html(communication.content, always_sanitize=True)
	text = (communication.text_content or "").strip()
	if not text:
		return ""
	return "<p>" + escape_html(text).replace("\n", "<br>") + "</p>"


def wake_if_waiting(ticket, communication) -> None:
	"""A client's answer moves a ticket waiting for the customer back to work."""
	if ticket.status != lifecycle.WAITING_FOR_CUSTOMER:
		return
	if is_system_user(address_of(communication.sender)):
		return
	ticket.status = lifecycle.IN_PROGRESS
	ticket.flags.skip_status_rules = True  # the client's answer is not a move our rules may refuse
	# an e-mailed ticket may still wait for a dispatcher to name its customer
	ticket.flags.ignore_mandatory = bool(ticket.unidentified_sender and not ticket.customer)
	ticket.save(ignore_permissions=True)
