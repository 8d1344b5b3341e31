"""Ask the client's contact for a rating when a ticket is resolved (R13): an e-mail with the signed link."""

import frappe
from frappe import _
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.utils import get_datetime

from b2b_helpdesk.insight import rating_token
from b2b_helpdesk.insight.ratings import deadline_of, ticket_facts


def on_ticket_update(doc, method=None) -> None:
	"""Doc event Service Ticket `on_update`: the move to Resolved sends the request once per resolution."""
	if doc.status != "Resolved" or not doc.has_value_changed("status"):
		return
	if not doc.contact_email or not doc.resolved_on or not can_send_mail():
		return
	send_request(ticket_facts(doc.name))


def can_send_mail() -> bool:
	"""As for replies: the request goes out when an outgoing Email Account serves tickets."""
	return bool(EmailAccount.find_outgoing(match_by_doctype="Service Ticket"))


def send_request(facts) -> None:
	deadline = deadline_of(facts)
	link = rating_token.rating_link(facts.name, facts.contact, deadline)
	frappe.sendmail(
		recipients=[facts.contact_email],
		subject=_("How did we do? Rate service request {0}").format(facts.name),
		template="b2b_rating_request",
		args={
			"ticket": facts.name,
			"subject": facts.subject,
			"link": link,
			"until": frappe.utils.format_datetime(get_datetime(deadline)),
		},
		reference_doctype="Service Ticket",
		reference_name=facts.name,
		now=False,
	)
