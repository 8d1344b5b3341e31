"""Closed billing periods on the ERP side (the rule is `engine.period_closing`).

A new billable line (time, trip or material, from the desk, the API or the phone) dated in a
period that a live act of its contract covers is refused with a message naming the act; the
Service Act Period Closing report lists the lines no act has claimed that are older than the
last act of their contract.
"""

from datetime import date

import frappe
from frappe import _
from frappe.utils import format_date, getdate

from b2b_helpdesk.engine.period_closing import ActPeriod, BillableLine, closing_act, late_lines


def live_acts(contracts: list[str] | None = None, day: date | None = None) -> list[ActPeriod]:
	"""Acts that close a period (draft or submitted), optionally of some contracts / covering a day."""
	filters: dict = {"docstatus": ("<", 2)}
	if contracts is not None:
		filters["contract"] = ("in", contracts)
	if day is not None:
		filters.update({"from_date": ("<=", day), "to_date": (">=", day)})
	rows = frappe.get_all("Service Act", filters=filters, fields=["name", "contract", "from_date", "to_date"])
	return [ActPeriod(r.name, r.contract, getdate(r.from_date), getdate(r.to_date)) for r in rows]


def refuse_in_closed_period(contract: str | None, day: date, acts: list[ActPeriod] | None = None) -> None:
	"""`acts`: the live acts of the document's contracts, loaded once (`live_acts`) for all its rows."""
	if not contract:
		return
	act = closing_act(contract, day, live_acts([contract], day) if acts is None else acts)
	if act is None:
		return
	frappe.throw(
		_(
			"{0} falls in the period {1} to {2} of contract {3}, already closed by act {4}. "
			"Log the work on a day of an open period, or ask the accountant to cancel and amend the act."
		).format(
			format_date(day),
			format_date(act.start),
			format_date(act.end),
			frappe.bold(contract),
			frappe.bold(act.act),
		),
		title=_("Period Closed"),
	)


# the billable lines of every contract's tickets that no live act claimed (set-based: the lines a live
# act claimed, nearly all of them, stay in the database; `late_lines` applies the rule to the rest)
_LINES_SQL = """
	select concat('Timesheet Detail:', td.name) as source, td.parent as document, 'Timesheet' as document_type,
		st.contract, date(td.from_time) as day, td.b2b_service_ticket as ticket, td.b2b_billed_in as claimed_by
	from `tabTimesheet Detail` td
	join `tabTimesheet` ts on ts.name = td.parent and ts.docstatus = 1
	join `tabService Ticket` st on st.name = td.b2b_service_ticket
	left join `tabService Act` claim on claim.name = td.b2b_billed_in and claim.docstatus < 2
	where st.contract in %(contracts)s and date(td.from_time) <= %(until)s and claim.name is null
	union all
	select concat('Service Visit:', sv.name), sv.name, 'Service Visit',
		st.contract, date(sv.departed_on), sv.service_ticket, sv.b2b_billed_in
	from `tabService Visit` sv
	join `tabService Ticket` st on st.name = sv.service_ticket
	left join `tabService Act` claim on claim.name = sv.b2b_billed_in and claim.docstatus < 2
	where st.contract in %(contracts)s and date(sv.departed_on) <= %(until)s and claim.name is null
	union all
	select concat('Stock Entry Detail:', sed.name), se.name, 'Stock Entry',
		st.contract, se.posting_date, se.b2b_service_ticket, se.b2b_billed_in
	from `tabStock Entry Detail` sed
	join `tabStock Entry` se on se.name = sed.parent and se.docstatus = 1 and se.purpose = 'Material Issue'
	join `tabService Ticket` st on st.name = se.b2b_service_ticket
	left join `tabService Act` claim on claim.name = se.b2b_billed_in and claim.docstatus < 2
	where st.contract in %(contracts)s and se.posting_date <= %(until)s and claim.name is null
"""


def unclaimed_late_lines(contracts: list[str] | None = None) -> list[frappe._dict]:
	"""Lines no live act claimed, dated on or before the end of their contract's last live act."""
	acts = live_acts(contracts)
	if not acts:
		return []
	until = max(act.end for act in acts)
	rows = frappe.db.sql(
		_LINES_SQL, {"contracts": sorted({a.contract for a in acts}), "until": until}, as_dict=True
	)
	by_source = {row.source: row for row in rows}
	lines = [BillableLine(row.source, row.contract, getdate(row.day), row.claimed_by or None) for row in rows]
	return [by_source[line.source] for line in late_lines(lines, acts)]
