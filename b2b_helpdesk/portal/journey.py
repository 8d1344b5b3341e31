"""A ticket's exact status and next step in the client's words (R33)."""

import frappe
from frappe import _
from frappe.utils import format_datetime, get_datetime, now_datetime

from b2b_helpdesk.engine.ticket_journey import ClientStep, Journey, NextStep, client_steps, journey


def ticket_journey(ticket) -> Journey:
	assigned = bool(frappe.parse_json(ticket.get("_assign") or "[]"))
	return journey(ticket.status, assigned, bool(ticket.first_responded_on))


def next_step_text(ticket) -> str:
	"""One sentence: what happens next, by when, and whose move it is."""
	step = ticket_journey(ticket).step
	due = _deadline(ticket)
	texts = {
		NextStep.FIRST_RESPONSE: _("We have your request and will answer it{0}."),
		NextStep.ASSIGN_ENGINEER: _("A dispatcher is assigning an engineer{0}."),
		NextStep.ENGINEER_WORKING: _("An engineer is working on it{0}."),
		NextStep.CLIENT_ANSWER: _("We need your answer: reply below so that we can go on."),
		NextStep.THIRD_PARTY: _("We are waiting for a supplier or a part; we will write when it arrives{0}."),
		NextStep.CLIENT_CHECKS_FIX: _(
			"We have fixed it: please check. Reply below if the problem is still there."
		),
		NextStep.NONE: _("The request is closed. Raise a new one if you need us again."),
	}
	return texts[step].format(due)


def _deadline(ticket) -> str:
	"""The next deadline, or how long it has been missed: never a promise in the past."""
	now = now_datetime()
	if not ticket.first_responded_on and ticket.response_by:
		if get_datetime(ticket.response_by) < now:
			return _(", our answer overdue since {0}").format(format_datetime(ticket.response_by))
		return _(", by {0}").format(format_datetime(ticket.response_by))
	if ticket.resolution_by:
		if get_datetime(ticket.resolution_by) < now:
			return _(", resolution overdue since {0}").format(format_datetime(ticket.resolution_by))
		return _(", to be resolved by {0}").format(format_datetime(ticket.resolution_by))
	return ""


def history_steps(ticket) -> list[dict]:
	"""The ticket's history as a short list of steps in the client's words, oldest first."""
	labels = {
		ClientStep.RECEIVED: _("Request received"),
		ClientStep.WORKING: _("An engineer is on it"),
		ClientStep.WAITING_FOR_CLIENT: _("Waiting for your answer"),
		ClientStep.WAITING_FOR_SUPPLIER: _("Waiting for a supplier or a part"),
		ClientStep.FIXED: _("Fixed: for you to check"),
		ClientStep.REOPENED: _("Reopened"),
		ClientStep.CLOSED: _("Closed"),
	}
	periods = sorted(ticket.get("status_periods") or [], key=lambda p: (get_datetime(p.started_on), p.idx))
	steps = client_steps((p.status, p.started_on) for p in periods if p.status and p.started_on)
	return [{"label": labels[step], "on": format_datetime(on)} for step, on in steps]
