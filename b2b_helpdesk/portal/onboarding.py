"""A client's contact comes on board through the ERP's own "Invite as User".

The office opens the client's Contact and clicks *Invite as User*
(`frappe.contacts...contact.invite_user`): Frappe makes a Website User, links the Contact to
it, and ERPNext gives it the role Customer because the Contact belongs to a Customer
(`erpnext.portal.utils.set_default_role`, the hooks' `default_roles`).

Why the portal role Service Customer is granted here rather than treating Customer like it:
ERPNext hands Customer to every website user whose Contact belongs to a customer, including
web-shop sign-ups for whom ERPNext creates that customer on first login
(`create_customer_or_supplier`); treating Customer as a service client would let any such
sign-up raise service tickets. The service portal opens instead by the same rule ERPNext
uses, but only when the office does it: a staff session saves a Website User (the invite) or
links the user's Contact to a Customer. The role then gives the portal pages, the sidebar and
the landing page (`role_home_page`), and what the user sees is its Contact's scope.

Either way the office is told what the contact will see, or exactly what is missing.
"""

import frappe
from frappe import _

from b2b_helpdesk.permissions import is_portal_user
from b2b_helpdesk.setup.roles import SERVICE_CUSTOMER

WEBSITE_USER = "Website User"
SCOPE_FIELD = "b2b_portal_access"


def on_user_update(doc, method=None) -> None:
	"""Doc event User `on_update` (after ERPNext's `set_default_role`)."""
	if doc.user_type != WEBSITE_USER or not office_session(doc.name):
		return
	contacts = contacts_of(doc.name, doc.email)
	clients = [c for c in contacts if customers_of(c)]
	if clients:
		open_portal(doc)
	if doc.flags.in_insert and not told(doc.name):
		tell_office(doc.name, clients, contacts)


def on_contact_update(doc, method=None) -> None:
	"""Doc event Contact `on_update`: the office links an invited user's contact to its client.

	Only a newly added Customer link counts: the invite itself saves the contact several times
	while the user is being made, and the user's own `on_update` decides then.
	"""
	if not doc.user or not new_customer_links(doc):
		return
	if frappe.db.get_value("User", doc.user, "user_type") != WEBSITE_USER or not office_session(doc.user):
		return
	if SERVICE_CUSTOMER in frappe.get_roles(doc.user):
		return
	if not frappe.has_permission("User", "write", doc=doc.user):
		frappe.msgprint(
			_("Ask an administrator to open the service portal for {0}: invite the contact again.").format(
				frappe.bold(doc.user)
			),
			title=_("Service Portal"),
			indicator="orange",
		)
		return
	open_portal(frappe.get_doc("User", doc.user))
	tell_office(doc.user, [doc.name], [doc.name])


def new_customer_links(doc) -> set[str]:
	before = doc.get_doc_before_save()
	old = {row.link_name for row in before.get("links")} if before else set()
	return {row.link_name for row in doc.get("links") if row.link_doctype == "Customer"} - old


def office_session(user: str) -> bool:
	"""The service provider's staff acting on someone else's account (not a sign-up, not the user)."""
	session = frappe.session.user
	return session not in ("Guest", user) and not is_portal_user(session)


def open_portal(user_doc) -> None:
	if SERVICE_CUSTOMER not in [row.role for row in user_doc.get("roles")]:
		user_doc.add_roles(SERVICE_CUSTOMER)


def contacts_of(user: str, email: str | None) -> list[str]:
	return frappe.get_all(
		"Contact", or_filters={"user": user, "email_id": email or user}, pluck="name", distinct=True
	)


def customers_of(contact: str) -> list[str]:
	return frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "parent": contact, "link_doctype": "Customer"},
		pluck="link_name",
	)


def told(user: str) -> bool:
	"""One message per user and request, however often the invite saves the user."""
	seen = frappe.flags.setdefault("b2b_onboarding_told", set())
	if user in seen:
		return True
	seen.add(user)
	return False


def tell_office(user: str, clients: list[str], contacts: list[str]) -> None:
	if not clients:
		if not any(has_other_party(c) for c in contacts):  # a supplier's contact is not ours to judge
			frappe.msgprint(
				_(
					"Contact {0} is not linked to a customer, so {1} has no service portal. Add the client "
					"company to the contact's Links table and save the contact: the portal then opens."
				).format(frappe.bold(", ".join(contacts) or user), frappe.bold(user)),
				title=_("Service Portal"),
				indicator="orange",
			)
		return
	for contact in clients:
		problem = scope_problem(contact)
		frappe.msgprint(
			problem or what_it_sees(contact, user),
			title=_("Service Portal"),
			indicator="orange" if problem else "green",
		)


def has_other_party(contact: str) -> bool:
	return bool(
		frappe.db.exists(
			"Dynamic Link", {"parenttype": "Contact", "parent": contact, "link_doctype": ("!=", "Customer")}
		)
	)


def scope_problem(contact: str) -> str | None:
	"""What keeps a client's contact from seeing anything, in the office's words; None if nothing."""
	row = frappe.db.get_value("Contact", contact, [SCOPE_FIELD, "b2b_territory"], as_dict=True)
	access = row.get(SCOPE_FIELD) or "Own Tickets"
	args = (frappe.bold(contact), frappe.bold(_("Sees on the Portal")), frappe.bold(_(access)))
	if access == "None":
		return _(
			"{0} can sign in, but sees nothing on the service portal: its {1} is {2}. "
			"Set it in the contact's Service Portal section."
		).format(*args)
	if access == "Listed Locations" and not frappe.db.exists(
		"Contact Service Location", {"parenttype": "Contact", "parent": contact}
	):
		return _(
			"{0} can sign in, but sees nothing on the service portal: its {1} is {2}, but no location "
			"is listed. List the locations in the contact's Service Portal section."
		).format(*args)
	if access == "Territory" and not row.b2b_territory:
		return _(
			"{0} can sign in, but sees nothing on the service portal: its {1} is {2}, but no territory "
			"is set. Set the territory in the contact's Service Portal section."
		).format(*args)
	return None


def what_it_sees(contact: str, user: str) -> str:
	"""What the office has just opened, in whole sentences."""
	row = frappe.db.get_value(
		"Contact",
		contact,
		[SCOPE_FIELD, "b2b_territory", "b2b_may_raise_tickets", "b2b_may_accept_acts"],
		as_dict=True,
	)
	access = row.get(SCOPE_FIELD) or "Own Tickets"
	if access == "Own Tickets":
		sees = _("It sees the requests it raised or is the contact of.")
	elif access == "Listed Locations":
		sees = _("It sees the requests at its listed locations.")
	elif access == "Territory":
		sees = _("It sees the requests in territory {0}.").format(row.b2b_territory)
	else:
		sees = _("It sees every request of {0}.").format(", ".join(customers_of(contact)))
	sentences = [
		_("{0} can sign in to the service portal as contact {1}.").format(
			frappe.bold(user), frappe.bold(contact)
		),
		sees,
		_("It may raise requests.") if row.b2b_may_raise_tickets else _("It may not raise requests."),
	]
	if row.b2b_may_accept_acts:
		sentences.append(_("It may accept acts of completed work."))
	return " ".join(sentences)
