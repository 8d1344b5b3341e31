"""The work done on a ticket shows on its timeline: time logged, trips, parts issued — and their undoing.

One Info line per document and ticket, written when the ERP document is submitted (or a trip is
recorded) and when it is cancelled, so the dispatcher reads the ticket's story in one place.
"""

import frappe
from frappe import _
from frappe.utils import flt, format_datetime


def on_timesheet_submit(doc, method=None) -> None:
	for ticket, lines in _timesheet_lines(doc).items():
		work = ", ".join(
			_("{0} h {1}").format(flt(hours, 2), activity or _("work")) for activity, hours in lines.items()
		)
		_note(
			ticket,
			_("Time logged by {0}: {1} ({2})").format(doc.employee_name or doc.employee, work, doc.name),
		)


def on_timesheet_cancel(doc, method=None) -> None:
	for ticket in _timesheet_lines(doc):
		_note(ticket, _("Time log {0} cancelled").format(doc.name))


def on_stock_entry_submit(doc, method=None) -> None:
	if not doc.get("b2b_service_ticket"):
		return
	parts = ", ".join(f"{flt(row.qty, 3):g} × {row.item_name or row.item_code}" for row in doc.items)
	_note(doc.b2b_service_ticket, _("Parts issued: {0} ({1})").format(parts, doc.name))


def on_stock_entry_cancel(doc, method=None) -> None:
	if doc.get("b2b_service_ticket"):
		_note(doc.b2b_service_ticket, _("Parts issue {0} cancelled").format(doc.name))


def on_visit_update(doc, method=None) -> None:
	"""A trip on the timeline once its departure, then its return, is recorded."""
	if not doc.service_ticket:
		return
	before = doc.get_doc_before_save()
	if doc.departed_on and (not before or not before.departed_on):
		_note(
			doc.service_ticket,
			_("{0} left for the site at {1} ({2})").format(
				doc.engineer_name or doc.engineer or _("The engineer"),
				format_datetime(doc.departed_on),
				doc.name,
			),
		)
	if doc.returned_on and (not before or not before.returned_on):
		_note(
			doc.service_ticket,
			_("{0} back from the site at {1} ({2})").format(
				doc.engineer_name or doc.engineer or _("The engineer"),
				format_datetime(doc.returned_on),
				doc.name,
			),
		)


def _timesheet_lines(doc) -> dict[str, dict[str, float]]:
	lines: dict[str, dict[str, float]] = {}
	for row in doc.time_logs:
		if row.get("b2b_service_ticket"):
			per_activity = lines.setdefault(row.b2b_service_ticket, {})
			per_activity[row.activity_type] = per_activity.get(row.activity_type, 0) + flt(row.hours)
	return lines


def _note(ticket: str, text: str) -> None:
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": "Service Ticket",
			"reference_name": ticket,
			"content": text,
		}
	).insert(ignore_permissions=True)  # a record of what the ERP did, written whoever submitted it
