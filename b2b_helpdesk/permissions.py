"""Row-level access of the client's contacts (portal users) through the ERP's permission hooks.

Staff are governed by their roles alone. A portal user sees a record only
through its Contact: for acts, the contact must be linked to the act's
customer and be allowed to accept acts. `acceptor_customers` is the single
rule behind both the list condition and the document check, so list and
form cannot disagree. (The contact scopes of the portal issue extend this.)
"""

import frappe

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
