"""The page the rating e-mail links to (R13): rate a resolved ticket with no sign-in, by a signed link."""

import frappe
from frappe import _

from b2b_helpdesk.insight.ratings import check_link, existing_rating

no_cache = 1


def get_context(context):
	args = frappe.form_dict
	ticket, expires, sig = (
		args.get(k) if isinstance(args.get(k), str) else "" for k in ("ticket", "expires", "sig")
	)
	context.title = _("Rate our service")
	context.no_breadcrumbs = True
	try:
		facts = check_link(ticket, expires, sig)
	except (frappe.PermissionError, frappe.ValidationError) as refusal:
		frappe.local.message_log = []
		context.update(refused=frappe.utils.strip_html(str(refusal)), http_status_code=403)
		return
	found = existing_rating(facts.name) or {}
	context.update(
		refused=None,
		ticket=facts.name,
		subject=facts.subject,
		link={"ticket": ticket, "expires": expires, "sig": sig},
		rating=found.get("rating"),
		comment=found.get("comment") or "",
	)
