"""A visit's planned time agreed with the client's designated contact (R2, R20) on the portal.

The dispatcher plans a Service Visit (planned start/end: state *Proposed*). On the portal's ticket
page the client's **designated contact** — a Contact of the user, linked to the ticket's customer,
with *Agrees Visit Times* ticked, whose scope lets it see the ticket — confirms the time or asks
for another one with a comment. Any other contact sees the planned visit but cannot answer. The
answer shows on the dispatcher's board; moving the visit makes it *Proposed* again.
"""

import frappe
from frappe import _
from frappe.utils import format_datetime, now_datetime

PROPOSED = "Proposed"
CONFIRMED = "Confirmed by Client"
OTHER_TIME = "Other Time Asked"


def next_planned_visit(ticket: str) -> frappe._dict | None:
	"""The ticket's planned visit not yet made: the next one to come, else the last one planned."""
	visits = frappe.get_all(
		"Service Visit",
		filters={"service_ticket": ticket, "departed_on": ("is", "not set"), "planned_start": ("is", "set")},
		fields=[
			"name",
			"engineer_name",
			"planned_start",
			"planned_end",
			"confirmation",
			"client_answer",
			"answered_on",
		],
		order_by="planned_start",
	)
	now = now_datetime()
	upcoming = [v for v in visits if (v.planned_end or v.planned_start) >= now]
	return (upcoming or visits[-1:] or [None])[0]


def designated_contact(user: str, ticket: str) -> str | None:
	"""The user's Contact that agrees visit times for this ticket's client, if the user may see it."""
	customer = frappe.db.get_value("Service Ticket", ticket, "customer")
	if not customer or not frappe.has_permission("Service Ticket", "read", doc=ticket, user=user):
		return None
	contacts = frappe.get_all("Contact", filters={"user": user, "b2b_agrees_visit_times": 1}, pluck="name")
	if not contacts:
		return None
	linked = frappe.get_all(
		"Dynamic Link",
		filters={
			"parenttype": "Contact",
			"parent": ("in", contacts),
			"link_doctype": "Customer",
			"link_name": customer,
		},
		pluck="parent",
		order_by="parent",
	)
	return linked[0] if linked else None


def planned_visit_for_portal(ticket: str) -> dict | None:
	"""Jinja method for the portal's ticket page: the planned visit, and whether this user answers it."""
	user = frappe.session.user
	if not frappe.has_permission("Service Ticket", "read", doc=ticket, user=user):
		return None
	visit = next_planned_visit(ticket)
	if visit is None:
		return None
	return {
		"name": visit.name,
		"engineer_name": visit.engineer_name,
		"start": format_datetime(visit.planned_start),
		"end": format_datetime(visit.planned_end) if visit.planned_end else None,
		"confirmation": visit.confirmation or PROPOSED,
		"client_answer": visit.client_answer,
		"may_answer": bool(designated_contact(user, ticket)),
	}


@frappe.whitelist(methods=["POST"])
def confirm_visit(visit: str) -> str:
	"""The client's designated contact confirms the planned time."""
	return answer(visit, CONFIRMED, None)


@frappe.whitelist(methods=["POST"])
def ask_other_time(visit: str, comment: str) -> str:
	"""The client's designated contact asks for another time, saying which."""
	comment = (comment or "").strip()
	if not comment:
		frappe.throw(_("Say which time would suit you"), title=_("Comment Needed"))
	return answer(visit, OTHER_TIME, comment)


def answer(visit_name: str, state: str, comment: str | None) -> str:
	visit = planned_visit_to_answer(visit_name)
	contact = designated_contact(frappe.session.user, visit.service_ticket)
	if not contact:
		frappe.throw(
			_("Only the contact your company designated to agree visit times may answer this visit."),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	visit.confirmation = state
	visit.client_answer = comment
	visit.answered_by = contact
	visit.answered_on = now_datetime()
	visit.save(ignore_permissions=True)  # the contact's right is checked above; it has no desk rights
	frappe.get_doc("Service Ticket", visit.service_ticket).add_comment(
		"Info",
		_("Visit {0}: {1} ({2})").format(visit.name, _(state), contact) + (f": {comment}" if comment else ""),
	)
	return state


def planned_visit_to_answer(visit_name: str):
	ticket = frappe.db.get_value("Service Visit", visit_name, "service_ticket")
	if not ticket or not frappe.has_permission("Service Ticket", "read", doc=ticket):
		frappe.throw(_("Visit {0} not found").format(visit_name), frappe.PermissionError)
	visit = frappe.get_doc("Service Visit", visit_name)
	if visit.departed_on or not visit.planned_start:
		frappe.throw(
			_("This visit is no longer planned: it has already taken place."), title=_("Not Planned")
		)
	return visit
