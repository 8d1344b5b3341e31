"""What a ticket raised by a client's account may say: the client decides the problem, we the rest.

Whichever way a client's account creates a ticket (the portal page, REST), the
channel, status, contract, billing class and opening time are ours; the contact
is one of the account's own contacts for that customer; equipment must be one
the account can see.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle
from b2b_helpdesk.permissions import grants_of


def normalise_client_ticket(ticket, user: str) -> None:
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
