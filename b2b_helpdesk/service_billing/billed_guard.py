"""A billed line is never billed again nor silently changed (the acts build on this).

When an act claims a source row it writes the act's name into `b2b_billed_in`;
from then on editing, cancelling or deleting that row is refused with a message
that names the act. The act must be cancelled first, which releases its rows.
"""

import frappe
from frappe import _


def refuse_if_billed(label: str, name: str, act: str | None) -> None:
	if act:
		frappe.throw(
			_("{0} {1} is billed in {2}: cancel that act first").format(
				_(label), frappe.bold(name), frappe.bold(act)
			),
			title=_("Already Billed"),
		)


def guard_timesheet(doc, method=None) -> None:
	"""before_cancel and on_trash of Timesheet: a submitted log can change no other way."""
	for row in doc.time_logs:
		refuse_if_billed("Time log", f"{doc.name} #{row.idx}", row.get("b2b_billed_in"))


def guard_stock_entry(doc, method=None) -> None:
	"""before_cancel and on_trash of Stock Entry."""
	refuse_if_billed("Stock Entry", doc.name, doc.get("b2b_billed_in"))
