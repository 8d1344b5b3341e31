"""The context every /field page shares: who may open it, its CSRF token and the phone script's words."""

import frappe
from frappe import _

from b2b_helpdesk.setup.roles import SERVICE_ENGINEER


def labels() -> dict[str, str]:
	"""The words of phone.js, translated server-side (the page has no desk translation boot)."""
	return {
		key: _(key)
		for key in (
			"1 conflict",
			"{0} conflicts",
			"1 waiting to sync",
			"{0} waiting to sync",
			"Offline",
			"Synced",
			"Conflict",
			"Waiting to sync",
			"Try again",
			"Dismiss",
			"Done",
			"Saved on the phone: waiting to sync",
			"The server refused this action",
			"This page was not saved on the phone",
			"Trip started",
			"Trip ended",
			"Sign first: draw the signature and type the name",
			"Signed: the report is being sent",
			"Time logged",
			"Part issued",
			"Photo added",
			"Status set",
			"Checklist",
			"Start trip",
			"End trip",
			"Log time",
			"Issue part",
			"Add photo",
			"Set status",
			"Client's signature",
		)
	}


def field_page(context, title: str) -> None:
	"""Refuse guests (to the login, back here) and users without the engineer role; fill the shared context."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?redirect-to=" + frappe.request.path
		raise frappe.Redirect
	if SERVICE_ENGINEER not in frappe.get_roles():
		frappe.throw(_("The field pages are for service engineers"), frappe.PermissionError)
	context.no_cache = 1
	context.show_sidebar = False
	context.title = title
	context.user = frappe.session.user
	context.csrf_token = frappe.sessions.get_csrf_token()
	context.labels = labels()
	context.lang = frappe.local.lang
	context.precache = []
