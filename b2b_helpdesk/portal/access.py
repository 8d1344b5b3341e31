"""What a signed-in user the portal has nothing for is shown: the reason, never a "Login" button.

Frappe answers a `PermissionError` raised by a web page with its "Not Permitted" page and a
"Login" button, which is right for a visitor who is not signed in and wrong for everybody
else: a client's contact whose account was never opened for the portal would log in again
and again. `portal_page` wraps a page's `get_context`: a visitor still gets Frappe's login
page; a signed-in user without the right to the page's doctype, or refused one record, gets
the page `REFUSAL_TEMPLATE` (HTTP 403) saying why and what to do. A page refuses one record
with `PortalRefusal`, or any `PermissionError` with a message.
"""

from collections.abc import Callable
from functools import wraps

import frappe
from frappe import _

from b2b_helpdesk.engine.contact_scope import Access
from b2b_helpdesk.permissions import grants_of, is_portal_user
from b2b_helpdesk.setup.roles import SERVICE_CUSTOMER

REFUSAL_TEMPLATE = "b2b_helpdesk/templates/includes/b2b_refusal.html"


class PortalRefusal(frappe.PermissionError):
	"""A refusal of one record, with the sentence the user reads."""


def portal_page(doctype: str, ptype: str = "read") -> Callable:
	"""Decorate a portal page's `get_context`; the page needs `ptype` on `doctype`."""

	def decorate(get_context: Callable) -> Callable:
		@wraps(get_context)
		def wrapper(context):
			user = frappe.session.user
			if user == "Guest":
				frappe.throw(_("Log in to see your service requests"), frappe.PermissionError)
			if not frappe.has_permission(doctype, ptype, user=user):
				return refuse(context, no_access_reason(user, doctype))
			try:
				return get_context(context)
			except frappe.PermissionError as refusal:
				reason = frappe.utils.strip_html(str(refusal)) or _("You may not see this page.")
				return refuse(context, reason, back=("/tickets", _("My Service Requests")))

		return wrapper

	return decorate


def refuse(context, reason: str, back: tuple[str, str] | None = None):
	"""Render the refusal page instead of the page's own template."""
	frappe.local.message_log = []
	context.update(
		template=REFUSAL_TEMPLATE,
		http_status_code=403,
		title=_("No Access"),
		reason=reason,
		back=back,
		signed_in_as=frappe.session.user,
	)
	return context


def no_access_reason(user: str, doctype: str) -> str:
	"""Why `user` may not use a portal page about `doctype`, in words the user can act on."""
	if not is_portal_user(user):
		return _("Your account has no access to this page: none of your roles may read {0}.").format(
			_(doctype)
		)
	if SERVICE_CUSTOMER not in frappe.get_roles(user):
		if customer_contacts(user):
			return _(
				"Your account has no access to the service portal yet: your service provider has not "
				"opened it for your account. Ask them to invite you again from your contact."
			)
		return _(
			"Your account has no access to the service portal: it is not linked to a contact of a "
			"client company. Ask your service provider to invite you from your company's contact."
		)
	return _("Your account has no access to the service portal's {0}. Ask your service provider.").format(
		_(doctype)
	)


def customer_contacts(user: str) -> list[str]:
	"""The user's Contacts that belong to a Customer (the ERP's links)."""
	email = frappe.db.get_value("User", user, "email") or user
	contacts = frappe.get_all(
		"Contact", or_filters={"user": user, "email_id": email}, pluck="name", distinct=True
	)
	if not contacts:
		return []
	return frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "parent": ("in", contacts), "link_doctype": "Customer"},
		pluck="parent",
		distinct=True,
	)


def scope_notice(user: str) -> str | None:
	"""Why a client's contact sees an empty or short list, when its Contact is the reason."""
	if not is_portal_user(user):
		return None
	grants = [grant for grant in grants_of(user) if grant.customer]  # Frappe adds a bare Contact per user
	if not grants:
		return _(
			"Your account is not linked to a contact of a client company, so you see only the requests "
			"you raised yourself. Ask your service provider to link it."
		)
	if all(grant.access is Access.NONE for grant in grants):
		return _(
			"Your contact may not see service requests. Ask your company's administrator or your "
			"service provider to change what your contact sees."
		)
	return None
