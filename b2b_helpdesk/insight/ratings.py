"""A client's rating of a resolved ticket (R13, R15): asked by e-mail, given on the portal or by the link.

One answer per ticket (the rating's `service_ticket` is unique), changeable until the rating window of
Service Desk Settings has passed since the ticket was resolved. A rating at or below the low threshold gives
the client's account manager a follow-up ToDo (once per rating, not per change).
"""

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from b2b_helpdesk.engine.satisfaction import is_low, may_rate, rating_deadline, valid_rating
from b2b_helpdesk.insight import rating_token
from b2b_helpdesk.insight.settings import int_setting
from b2b_helpdesk.permissions import is_portal_user
from b2b_helpdesk.service_contracts.customer_records import is_linked_to_customer

DONE = ("Resolved", "Closed")


def settings() -> frappe._dict:
	return frappe._dict(
		window_days=int_setting("rating_window_days"), low_threshold=int_setting("low_rating_threshold")
	)


def ticket_facts(ticket: str) -> frappe._dict | None:
	return frappe.db.get_value(
		"Service Ticket",
		ticket,
		[
			"name",
			"subject",
			"status",
			"resolved_on",
			"customer",
			"contact",
			"contact_email",
			"account_manager",
		],
		as_dict=True,
	)


def deadline_of(facts) -> object:
	return rating_deadline(get_datetime(facts.resolved_on), settings().window_days)


def open_for_rating(facts) -> bool:
	if not facts or facts.status not in DONE or not facts.resolved_on:
		return False
	return may_rate(get_datetime(facts.resolved_on), now_datetime(), settings().window_days)


def existing_rating(ticket: str) -> frappe._dict | None:
	return frappe.db.get_value(
		"Service Ticket Rating",
		{"service_ticket": ticket},
		["name", "rating", "comment", "rated_on", "follow_up"],
		as_dict=True,
	)


def save_rating(facts, rating: int, comment: str | None, rated_by: str) -> str:
	"""Store (or change) the one rating of the ticket; the follow-up of a low one. Returns the rating's name."""
	if not valid_rating(rating):
		frappe.throw(_("Give a rating from 1 to 5."), frappe.ValidationError, title=_("Rating"))
	if not open_for_rating(facts):
		frappe.throw(
			_(
				"Ticket {0} can no longer be rated: the time to rate it has passed or it is not resolved."
			).format(facts.name),
			frappe.ValidationError,
			title=_("Rating"),
		)
	values = {
		"rating": rating,
		"comment": (comment or "").strip()[:2000],
		"rated_on": now_datetime(),
		"rated_by": rated_by,
		"customer": facts.customer,
		"contact": facts.contact,
	}
	found = existing_rating(facts.name)
	if found:
		doc = frappe.get_doc("Service Ticket Rating", found.name)
		doc.update(values)
		doc.save(ignore_permissions=True)
	else:
		doc = frappe.get_doc({"doctype": "Service Ticket Rating", "service_ticket": facts.name, **values})
		doc.insert(ignore_permissions=True)
	if is_low(rating, settings().low_threshold) and not doc.follow_up:
		doc.db_set("follow_up", follow_up(facts, doc), update_modified=False)
	return doc.name


def follow_up(facts, rating) -> str | None:
	"""A ToDo for the account manager of the ticket (or of its customer) about a low rating."""
	manager = facts.account_manager or frappe.db.get_value("Customer", facts.customer, "account_manager")
	if not manager:
		return None
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": manager,
			"reference_type": "Service Ticket Rating",
			"reference_name": rating.name,
			"priority": "High",
			"description": _("Low rating {0}/5 from {1} on ticket {2}: {3}").format(
				rating.rating, facts.customer, facts.name, rating.comment or _("(no comment)")
			),
		}
	)
	todo.insert(ignore_permissions=True)
	return todo.name


def save_rating_value(facts, rating, comment, rated_by: str) -> int:
	"""`rating` as the request gave it (a number or its text); anything else is refused by `save_rating`."""
	value = int(rating) if isinstance(rating, str) and rating.strip().isdigit() else rating
	save_rating(facts, value, comment if isinstance(comment, str) else None, rated_by)
	return value


# --- by the e-mail link (no sign-in) -------------------------------------------------------------


def check_link(ticket: str, expires: str, sig: str) -> frappe._dict:
	"""The ticket the link is for, or a refusal saying why (forged, expired)."""
	facts = ticket_facts(ticket) if isinstance(ticket, str) and ticket else None
	if not facts or not rating_token.signature_matches(ticket, facts.contact, expires, sig):
		frappe.throw(_("This rating link is not valid."), frappe.PermissionError, title=_("Rating"))
	deadline = rating_token.parse_expiry(expires)
	if deadline is None or now_datetime() > deadline or not open_for_rating(facts):
		frappe.throw(
			_("This rating link has expired. Thank you all the same."),
			frappe.ValidationError,
			title=_("Rating"),
		)
	return facts


@frappe.whitelist(allow_guest=True, methods=["POST"])
def rate_by_link(ticket: str, expires: str, sig: str, rating: int | str, comment: str | None = None) -> dict:
	facts = check_link(ticket, expires, sig)
	return {"ticket": facts.name, "rating": save_rating_value(facts, rating, comment, _link_rater(facts))}


def _link_rater(facts) -> str:
	return _("e-mail link of {0}").format(facts.contact_email or facts.contact or "")


# --- on the portal -------------------------------------------------------------------------------


def portal_contact_may_rate(facts, user: str) -> bool:
	"""A signed-in contact of the ticket's own customer who may read the ticket."""
	if not facts or not is_portal_user(user) or user == "Guest":
		return False
	if not frappe.has_permission("Service Ticket", "read", doc=facts.name, user=user):
		return False
	contacts = frappe.get_all("Contact", filters={"user": user}, pluck="name")
	return any(is_linked_to_customer("Contact", c, facts.customer) for c in contacts)


@frappe.whitelist()
def portal_rating_state(ticket: str) -> dict:
	"""What the portal's ticket page shows: whether the user may rate, the rating given, until when."""
	facts = ticket_facts(ticket) if isinstance(ticket, str) else None
	if not portal_contact_may_rate(facts, frappe.session.user):
		return {"may_rate": False}
	found = existing_rating(facts.name) or {}
	return {
		"may_rate": open_for_rating(facts),
		"resolved": facts.status in DONE,
		"rating": found.get("rating"),
		"comment": found.get("comment"),
		"until": deadline_of(facts) if facts.resolved_on else None,
	}


@frappe.whitelist(methods=["POST"])
def rate_on_portal(ticket: str, rating: int | str, comment: str | None = None) -> dict:
	facts = ticket_facts(ticket) if isinstance(ticket, str) else None
	if not portal_contact_may_rate(facts, frappe.session.user):
		frappe.throw(_("You may not rate this service request."), frappe.PermissionError, title=_("Rating"))
	return {"ticket": facts.name, "rating": save_rating_value(facts, rating, comment, frappe.session.user)}
