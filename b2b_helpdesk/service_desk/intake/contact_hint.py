"""Who is calling: the contact's portal scope and its authority to raise tickets and accept acts."""

import frappe
from frappe import _

from b2b_helpdesk.engine.contact_scope import Access
from b2b_helpdesk.permissions import territory_and_below


def contact_hint(contact: str) -> dict:
	row = frappe.db.get_value(
		"Contact",
		contact,
		[
			"name",
			"full_name",
			"user",
			"b2b_portal_access",
			"b2b_territory",
			"b2b_may_raise_tickets",
			"b2b_may_accept_acts",
		],
		as_dict=True,
	)
	access = Access(row.b2b_portal_access or Access.OWN.value)
	locations = frappe.get_all(
		"Contact Service Location",
		filters={"parenttype": "Contact", "parent": contact},
		pluck="address",
		order_by="idx",
	)
	territory = row.b2b_territory if access is Access.TERRITORY else None
	locations = locations if access is Access.LOCATIONS else []
	return {
		"name": row.name,
		"full_name": row.full_name or row.name,
		"portal_user": row.user,
		"portal_access": access.value,
		"locations": locations,
		"territory": territory,
		"territories": territory_and_below(territory) if territory else [],
		"scope_text": scope_text(access, locations, territory),
		"scope_is_empty": scope_is_empty(access, locations, territory),
		"may_raise_tickets": bool(row.b2b_may_raise_tickets),
		"may_accept_acts": bool(row.b2b_may_accept_acts),
	}


def scope_text(access: Access, locations: list[str], territory: str | None) -> str:
	if access is Access.NONE:
		return _("Sees nothing on the portal")
	if access is Access.OWN:
		return _("Sees only its own tickets")
	if access is Access.COMPANY:
		return _("Sees all tickets of the company")
	if access is Access.LOCATIONS:
		if not locations:
			return _("Listed locations, but none are listed: sees only its own tickets")
		return _("Sees the tickets of the listed locations: {0}").format(", ".join(locations))
	if not territory:
		return _("Territory, but none is set: sees only its own tickets")
	return _("Sees the tickets of territory {0} and the territories below it").format(territory)


def scope_is_empty(access: Access, locations: list[str], territory: str | None) -> bool:
	"""True when the scope the contact was given lets it see nothing beyond what it raised, or nothing."""
	return (
		access is Access.NONE
		or (access is Access.LOCATIONS and not locations)
		or (access is Access.TERRITORY and not territory)
	)


def contact_warnings(contact: dict) -> list[str]:
	name = contact["full_name"]
	warnings = []
	if not contact["may_raise_tickets"]:
		warnings.append(
			_("{0} may NOT raise tickets. Confirm the request with a contact who may.").format(name)
		)
	if contact["portal_access"] == Access.NONE.value:
		warnings.append(
			_("{0} has no portal scope: it sees nothing on the portal, not even this ticket.").format(name)
		)
	elif contact["scope_is_empty"]:
		warnings.append(_("{0} has an empty portal scope: it sees only its own tickets.").format(name))
	return warnings
