"""What the accountant is warned of when an act is made (never a silent "rendered in full and on time").

An act made before its period has ended, or billing tickets that are still open or whose SLA
was breached, carries these warnings: shown when it is made, kept on the act, and the print
then leaves out the sentence that the services were rendered in full and on time.
"""

import frappe
from frappe import _
from frappe.utils import format_date, getdate, nowdate

DONE = ("Resolved", "Closed")


def closing_warnings(act) -> list[str]:
	warnings = []
	if getdate(nowdate()) <= getdate(act.to_date):
		warnings.append(
			_(
				"The period runs until {0}: work logged in it after this act is made will be refused "
				"until the act is cancelled and amended"
			).format(format_date(act.to_date))
		)
	tickets = sorted({row.service_ticket for row in act.items if row.service_ticket})
	if not tickets:
		return warnings
	rows = frappe.get_all(
		"Service Ticket", filters={"name": ("in", tickets)}, fields=["name", "status", "sla_state"]
	)
	still_open = [row.name for row in rows if row.status not in DONE]
	breached = [row.name for row in rows if row.sla_state == "Breached"]
	if still_open:
		warnings.append(_("Tickets billed here are still open: {0}").format(", ".join(sorted(still_open))))
	if breached:
		warnings.append(_("Tickets billed here breached their SLA: {0}").format(", ".join(sorted(breached))))
	return warnings


def show_warnings(act) -> None:
	for warning in (act.closing_warnings or "").splitlines():
		frappe.msgprint(warning, title=_("Check Before Submitting"), indicator="orange")
