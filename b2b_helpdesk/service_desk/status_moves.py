"""A ticket's status move, checked and recorded: required fields and checklist, ticked items, hand-offs.

Called at the end of the ticket's validate, so the desk form, the API, the portal and the phone
all pass through it. The rules themselves are plain Python (`engine.status_rules`); here they are
read from the Service Status Rule records and the refusal names every missing item. With no rule
configured a move changes nothing, except the built-in one: Waiting for Third Party needs the
third party. A hand-off to a third party is recorded as a row of `third_party_handoffs` (who,
when, due by, returned on); its due time (OLA) comes from the policy's `third_party_ola` in
business time unless someone entered one.
"""

import frappe
from frappe import _
from frappe.utils import cstr, get_datetime, now_datetime, strip_html

from b2b_helpdesk.engine.business_time import add_business_seconds
from b2b_helpdesk.engine.status_rules import (
	WAITING_FOR_THIRD_PARTY,
	ChecklistItem,
	Missing,
	Move,
	StatusRule,
	missing_for,
	with_built_in,
)
from b2b_helpdesk.service_contracts.service_level import calendar_of, category_lineage, to_aware, to_naive


def apply(ticket, now=None) -> None:
	now = get_datetime(now or now_datetime())
	stamp_checklist(ticket, now)
	refuse_incomplete_move(ticket)
	track_handoff(ticket, now)


# --- checklist ------------------------------------------------------------------------------


def stamp_checklist(ticket, now) -> None:
	"""Who ticked an item and when; unticking forgets it."""
	for row in ticket.get("checklist") or []:
		if row.done and not row.done_on:
			row.done_by, row.done_on = frappe.session.user, now
		elif not row.done and (row.done_on or row.done_by):
			row.done_by = row.done_on = None


# --- required before a move -----------------------------------------------------------------


def refuse_incomplete_move(ticket) -> None:
	before = ticket.get_doc_before_save()
	if ticket.is_new() or not before or before.status == ticket.status:
		return
	if ticket.flags.skip_status_rules:  # a move the system makes on its own (a client's e-mail answer)
		return
	rules = with_built_in(configured_rules(ticket.status))
	missing = missing_for(rules, move_of(ticket, rules))
	if missing:
		frappe.throw(refusal(ticket.status, missing), title=_("Not Ready for {0}").format(_(ticket.status)))


def configured_rules(status: str) -> list[StatusRule]:
	rows = frappe.get_all(
		"Service Status Rule",
		filters={"to_status": status, "enabled": 1},
		fields=["name", "category", "handling_path", "checklist_complete"],
		order_by="creation asc, name asc",
	)
	if not rows:
		return []
	fields: dict[str, list[str]] = {row.name: [] for row in rows}
	for f in frappe.get_all(
		"Service Status Rule Field",
		filters={"parenttype": "Service Status Rule", "parent": ("in", list(fields))},
		fields=["parent", "fieldname"],
		order_by="idx asc",
	):
		fields[f.parent].append(f.fieldname)
	return [
		StatusRule(
			to_status=status,
			required_fields=tuple(fields[row.name]),
			checklist_complete=bool(row.checklist_complete),
			category=row.category or None,
			handling_path=row.handling_path or None,
		)
		for row in rows
	]


def move_of(ticket, rules) -> Move:
	asked = {f for rule in rules for f in rule.required_fields}
	return Move(
		to_status=ticket.status,
		category_lineage=tuple(category_lineage(ticket.category)),
		handling_path=ticket.handling_path or None,
		filled=frozenset(f for f in asked if is_filled(ticket.get(f))),
		checklist=tuple(
			ChecklistItem(row.item, bool(row.mandatory), bool(row.done))
			for row in ticket.get("checklist") or []
		),
	)


def is_filled(value) -> bool:
	if isinstance(value, str):
		return bool(strip_html(value).strip())
	return value not in (None, 0, 0.0) and bool(cstr(value).strip())


def refusal(status: str, missing: Missing) -> str:
	""" "To set Resolved, fill in: Resolution Summary; complete the checklist: Check the brake pads"."""
	meta = frappe.get_meta("Service Ticket")
	parts = []
	if missing.fields:
		parts.append(_("fill in: {0}").format(", ".join(_(meta.get_label(f)) for f in missing.fields)))
	if missing.checklist:
		parts.append(_("complete the checklist: {0}").format(", ".join(missing.checklist)))
	return _("To set {0}, {1}").format(_(status), "; ".join(parts))


# --- hand-off to a third party --------------------------------------------------------------


def track_handoff(ticket, now) -> None:
	before = ticket.get_doc_before_save()
	was = before.status if before else None
	if ticket.status == WAITING_FOR_THIRD_PARTY and was != WAITING_FOR_THIRD_PARTY:
		hand_over(ticket, before, now)
	elif ticket.status == WAITING_FOR_THIRD_PARTY:
		keep_handoff_in_step(ticket, before)
	elif was == WAITING_FOR_THIRD_PARTY:
		row = open_handoff(ticket)
		if row:
			row.returned_on = now


def hand_over(ticket, before, now) -> None:
	ticket.third_party_due_by = entered_due(ticket, before) or ola_due(ticket, now)
	ticket.third_party_escalated = 0
	ticket.append(
		"third_party_handoffs",
		{
			"supplier": ticket.third_party,
			"reference": ticket.third_party_reference,
			"handed_over_on": now,
			"handed_over_by": frappe.session.user,
			"due_by": ticket.third_party_due_by,
		},
	)


def keep_handoff_in_step(ticket, before) -> None:
	if before and _instant(before.third_party_due_by) != _instant(ticket.third_party_due_by):
		ticket.third_party_escalated = 0  # a new due time: a new chance, and a new escalation if missed
	row = open_handoff(ticket)
	if row:
		row.supplier = ticket.third_party
		row.reference = ticket.third_party_reference
		row.due_by = ticket.third_party_due_by


def open_handoff(ticket):
	rows = [row for row in ticket.get("third_party_handoffs") or [] if not row.returned_on]
	return rows[-1] if rows else None


def entered_due(ticket, before):
	"""A due time typed in with this move (an unchanged one belongs to an earlier hand-off)."""
	due = _instant(ticket.third_party_due_by)
	if due and (before is None or due != _instant(before.third_party_due_by)):
		return due
	return None


def ola_due(ticket, now):
	"""Now plus the policy's OLA in business time on the policy's calendar; none without an OLA."""
	if not ticket.service_level_policy:
		return None
	policy = frappe.get_cached_doc("Service Level Policy", ticket.service_level_policy)
	seconds = int(policy.get("third_party_ola") or 0)
	if not seconds:
		return None
	return to_naive(add_business_seconds(calendar_of(policy), to_aware(now), seconds))


def _instant(value):
	return get_datetime(value) if value else None
