"""The locations and equipment a signed-in contact may raise tickets for."""

from dataclasses import dataclass

import frappe
from frappe import _

from b2b_helpdesk.engine.contact_scope import Access, ContactGrant, covers_location, sees_equipment
from b2b_helpdesk.permissions import grants_of, is_portal_user


@dataclass(frozen=True)
class Place:
	name: str
	title: str
	customer: str
	contact: str
	territory: str | None = None


def require_signed_in() -> str:
	"""Any signed-in account may open the pages: what each shows is permission-checked."""
	user = frappe.session.user
	if user == "Guest":
		frappe.throw(_("Log in to see your service requests"), frappe.PermissionError)
	return user


def require_portal_user() -> str:
	"""Acting as the client (raising, answering) is for the client's own accounts, never for staff."""
	user = require_signed_in()
	if not is_portal_user(user):
		frappe.throw(
			_("Only the client's contacts raise and answer requests here; staff work on tickets in the desk"),
			frappe.PermissionError,
		)
	return user


def raising_grants(user: str) -> list[ContactGrant]:
	return [g for g in grants_of(user) if g.may_raise and g.customer and g.access is not Access.NONE]


def raise_places(user: str) -> list[Place]:
	"""Service locations the user may raise tickets for, each with the customer and contact it raises as."""
	places: dict[str, Place] = {}
	for grant in raising_grants(user):
		for address in customer_addresses(grant.customer):
			anywhere = grant.access in (Access.OWN, Access.COMPANY)
			if anywhere or covers_location(grant, address.name, address.b2b_territory):
				places.setdefault(
					address.name,
					Place(
						address.name,
						place_title(address),
						grant.customer,
						grant.contact,
						address.b2b_territory,
					),
				)
	return sorted(places.values(), key=lambda p: p.title)


def customer_addresses(customer: str) -> list:
	return frappe.db.sql(
		"""
		select a.name, a.address_title, a.address_line1, a.city, a.b2b_territory
		from `tabAddress` a
		join `tabDynamic Link` dl on dl.parent = a.name and dl.parenttype = 'Address'
		where dl.link_doctype = 'Customer' and dl.link_name = %s and a.disabled = 0
		order by a.address_title
		""",
		customer,
		as_dict=True,
	)


def place_title(address) -> str:
	return ", ".join(part for part in (address.address_title, address.address_line1, address.city) if part)


def raise_equipment(user: str, places: list[Place]) -> list[dict]:
	"""Equipment at the user's raising locations that its scope lets it see (own-ticket contacts: none)."""
	if not places or not is_portal_user(user):
		return []
	grants = grants_of(user)
	rows = frappe.get_all(
		"Asset",
		filters={
			"b2b_service_location": ("in", [p.name for p in places]),
			"customer": ("in", sorted({p.customer for p in places})),
			"docstatus": ("<", 2),
		},
		fields=["name", "asset_name", "customer", "b2b_service_location as location"],
		order_by="asset_name",
	)
	territory = {p.name: p.territory for p in places}
	return [r for r in rows if sees_equipment(grants, r.customer, r.location, territory.get(r.location))]


def place_for(user: str, location: str | None, asset: str | None) -> tuple[str, str, str | None]:
	"""(customer, contact, location) a new ticket is raised as; refuse anything outside the scope."""
	places = {p.name: p for p in raise_places(user)}
	if not places and not location and not asset:
		return no_location_place(user)  # a company without service addresses yet
	if not places:
		frappe.throw(
			_("Your contact may not raise service requests. Ask your company's administrator."),
			frappe.PermissionError,
		)
	if asset:
		equipment = {row.name: row for row in raise_equipment(user, list(places.values()))}
		if asset not in equipment:
			frappe.throw(
				_("Equipment {0} is not among the equipment you can report on").format(asset),
				frappe.PermissionError,
			)
		if location and location != equipment[asset].location:
			frappe.throw(_("Equipment {0} is at another location").format(asset))
		location = equipment[asset].location
	if location:
		if location not in places:
			frappe.throw(
				_("You may not raise requests for location {0}").format(location), frappe.PermissionError
			)
		return places[location].customer, places[location].contact, location
	return no_location_place(user)


def no_location_place(user: str) -> tuple[str, str, None]:
	"""Without a location: only a contact of one company whose scope is not location-bound."""
	grants = [g for g in raising_grants(user) if g.access in (Access.OWN, Access.COMPANY)]
	if not grants:
		frappe.throw(
			_("Your contact may not raise service requests. Ask your company's administrator."),
			frappe.PermissionError,
		)
	if len({g.customer for g in grants}) != 1:
		frappe.throw(_("Choose the location the request is about"), title=_("Location Needed"))
	return grants[0].customer, grants[0].contact, None
