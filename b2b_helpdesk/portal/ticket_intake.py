"""What a ticket raised by a client's account may say: the client decides the problem, we the rest.

Whichever way a client's account creates a ticket (the portal page, REST), the
channel, status, contract, billing class and opening time are ours; the contact
is one of the account's own contacts for that customer; equipment must be one
the account can see.
"""

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.utils import now_datetime

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle
from b2b_helpdesk.permissions import grants_of

# what a client decides on a ticket it raises; every other field (SLA facts, first response,
# status history, escalation, billing class, reopen count …) starts from its default
CLIENT_FIELDS = frozenset(
	{"subject", "description", "priority", "category", "customer", "contact", "asset", "service_location"}
)
KEPT = frozenset({"name", "naming_series", "doctype", "owner", "creation", "modified", "modified_by"})


def normalise_client_ticket(ticket, user: str) -> None:
	reset_to_defaults(ticket, CLIENT_FIELDS | KEPT)
	ticket.update(
		{
			"channel": "Portal",
			"raised_by": frappe.db.get_value("User", user, "email"),
			"status": lifecycle.OPEN,
			"opened_on": now_datetime(),
			"contract": None,
			"contract_set_manually": 0,
			"billing_class": None,
			"parent_ticket": None,
		}
	)
	own_contacts = sorted(g.contact for g in grants_of(user) if g.contact and g.customer == ticket.customer)
	if ticket.contact not in own_contacts:
		ticket.contact = own_contacts[0] if own_contacts else None
	if ticket.asset and not frappe.has_permission("Asset", "read", doc=ticket.asset, user=user):
		frappe.throw(
			_("Equipment {0} is not among the equipment you can report on").format(ticket.asset),
			frappe.PermissionError,
		)


def reset_to_defaults(doc, keep: frozenset[str]) -> None:
	"""Every field of `doc` outside `keep` back to its default (tables emptied)."""
	for df in doc.meta.fields:
		if df.fieldname in keep:
			continue
		if df.fieldtype in table_fields:
			doc.set(df.fieldname, [])
		elif df.fieldtype not in no_value_fields:
			doc.set(df.fieldname, df.default if df.default and "__" not in df.default else None)
