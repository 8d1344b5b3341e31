"""Row-level access of the client's contacts (portal users) through the ERP's permission hooks.

Staff are governed by their roles alone. A portal user sees a record only
through its Contact(s):
- tickets by the contact's scope (`engine.contact_scope`): its own, its listed
  locations, its territory (and below), or the whole company;
- acts when the contact is linked to the act's customer and may accept acts.
Each doctype has ONE SQL condition; `has_permission` runs that same condition
for the single document, so the list and the form cannot disagree.
"""

import frappe

from b2b_helpdesk.engine.contact_scope import Access, ContactGrant
from b2b_helpdesk.setup.roles import SERVICE_CUSTOMER

PORTAL_ONLY_ROLES = {SERVICE_CUSTOMER, "Customer", "Guest", "All"}


def is_portal_user(user: str) -> bool:
	if user == "Administrator":
		return False
	return set(frappe.get_roles(user)) <= PORTAL_ONLY_ROLES | {"Website User"}


def acceptor_customers(user: str) -> list[str]:
	"""Customers whose acts `user` may see and accept, through their Contact."""
	contacts = frappe.get_all("Contact", filters={"user": user, "b2b_may_accept_acts": 1}, pluck="name")
	if not contacts:
		return []
	return frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "parent": ("in", contacts), "link_doctype": "Customer"},
		pluck="link_name",
		distinct=True,
	)


def service_act_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_portal_user(user):
		return ""
	customers = acceptor_customers(user)
	if not customers:
		return "1 = 0"
	return "`tabService Act`.`customer` in ({})".format(", ".join(frappe.db.escape(c) for c in customers))


def service_act_has_permission(doc, ptype=None, user=None) -> bool:
	user = user or frappe.session.user
	if not is_portal_user(user):
		return True
	return doc.customer in acceptor_customers(user) and doc.docstatus == 1


# --- tickets ----------------------------------------------------------------------------------


def grants_of(user: str) -> tuple[ContactGrant, ...]:
	"""The user's contacts as scopes; a portal user without a contact sees only what it raised."""
	contacts = frappe.get_all(
		"Contact", filters={"user": user}, fields=["name", "b2b_portal_access", "b2b_territory"]
	)
	if not contacts:
		return (ContactGrant(contact="", customer=None, access=Access.OWN),)
	return tuple(_grant(row) for row in contacts)


def _grant(row) -> ContactGrant:
	customer = frappe.db.get_value(
		"Dynamic Link", {"parenttype": "Contact", "parent": row.name, "link_doctype": "Customer"}, "link_name"
	)
	territories = frozenset(territory_and_below(row.b2b_territory)) if row.b2b_territory else frozenset()
	locations = frozenset(
		frappe.get_all(
			"Contact Service Location", filters={"parenttype": "Contact", "parent": row.name}, pluck="address"
		)
	)
	return ContactGrant(
		row.name, customer, Access(row.b2b_portal_access or Access.OWN.value), locations, territories
	)


def territory_and_below(territory: str) -> list[str]:
	"""The ERP's Territory tree (nested set), read without the portal user's permissions."""
	lft, rgt = frappe.db.get_value("Territory", territory, ["lft", "rgt"]) or (0, 0)
	return frappe.get_all("Territory", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")


def ticket_condition(grants: tuple[ContactGrant, ...], user: str) -> str:
	"""The SQL form of `engine.contact_scope.sees` over `tabService Ticket`."""
	esc, t = frappe.db.escape, "`tabService Ticket`"
	parts = []
	for grant in grants:
		if grant.access is Access.NONE:
			continue
		parts.append(f"{t}.`owner` = {esc(user)}")
		if grant.contact:
			parts.append(f"{t}.`contact` = {esc(grant.contact)}")
		if grant.access is Access.OWN or not grant.customer:
			continue
		customer = f"{t}.`customer` = {esc(grant.customer)}"
		if grant.access is Access.COMPANY:
			parts.append(customer)
		elif grant.access is Access.LOCATIONS and grant.locations:
			parts.append(f"({customer} and {t}.`service_location` in ({_in(grant.locations)}))")
		elif grant.access is Access.TERRITORY and grant.territories:
			parts.append(
				f"({customer} and {t}.`service_location` in "
				f"(select `name` from `tabAddress` where `b2b_territory` in ({_in(grant.territories)})))"
			)
	return "(" + " or ".join(dict.fromkeys(parts)) + ")" if parts else "1 = 0"


def _in(values) -> str:
	return ", ".join(frappe.db.escape(v) for v in sorted(values))


def service_ticket_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_portal_user(user):
		return ""
	return ticket_condition(grants_of(user), user)


def service_ticket_has_permission(doc, ptype=None, user=None) -> bool:
	user = user or frappe.session.user
	if not is_portal_user(user):
		return True
	if doc.is_new() or not frappe.db.exists("Service Ticket", doc.name):
		return True  # creating: the role's create right decides (the portal issue adds "may raise tickets")
	condition = ticket_condition(grants_of(user), user)
	return bool(frappe.db.sql(f"select 1 from `tabService Ticket` where name = %s and {condition}", doc.name))
