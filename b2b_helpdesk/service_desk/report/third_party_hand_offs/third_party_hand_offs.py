# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""Every hand-off of a ticket to a contractor or vendor in a period, with its OLA verdict (R16).

One row per hand-off (a row of the ticket's `third_party_handoffs`): who, which ticket, when it
was handed over, its own due time, when the ticket came back, the business hours the third party
had it (on the ticket's SLA calendar; none without a policy) and Met / Missed / Pending. Met:
back by the due time; Missed: back later, or still out past it; Pending: still out, not due yet.
The tickets are the ones the user may read (the same row rules as the list).
"""

import frappe
from frappe import _
from frappe.desk.reportview import build_match_conditions
from frappe.utils import add_days, flt, get_datetime, getdate, now_datetime

from b2b_helpdesk.service_contracts.service_level import calendar_of, system_clock

T = "`tabService Ticket`"


@frappe.read_only()
def execute(filters=None):
	filters = frappe._dict(filters or {})
	validate(filters)
	return columns(), rows(handoffs(filters))


def validate(filters) -> None:
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Set the period: From Date and To Date"))
	if getdate(filters.from_date) > getdate(filters.to_date):
		frappe.throw(_("From Date must be on or before To Date"))


def columns() -> list[dict]:
	return [
		{
			"fieldname": "supplier",
			"label": _("Third Party"),
			"fieldtype": "Link",
			"options": "Supplier",
			"width": 180,
		},
		{
			"fieldname": "ticket",
			"label": _("Ticket"),
			"fieldtype": "Link",
			"options": "Service Ticket",
			"width": 150,
		},
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 160,
		},
		{"fieldname": "reference", "label": _("Their Reference"), "fieldtype": "Data", "width": 120},
		{"fieldname": "handed_over_on", "label": _("Handed Over On"), "fieldtype": "Datetime", "width": 160},
		{"fieldname": "due_by", "label": _("Due By"), "fieldtype": "Datetime", "width": 160},
		{"fieldname": "returned_on", "label": _("Returned On"), "fieldtype": "Datetime", "width": 160},
		{
			"fieldname": "business_hours",
			"label": _("Business Hours"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
		{"fieldname": "result", "label": _("OLA"), "fieldtype": "Data", "width": 90},
	]


def handoffs(filters) -> list[dict]:
	"""One query: the hand-offs of the period on the tickets the user may read."""
	frappe.has_permission("Service Ticket", "read", throw=True)
	conditions = [
		"h.`parenttype` = 'Service Ticket'",
		"h.`handed_over_on` >= %(from)s",
		"h.`handed_over_on` < %(to)s",
	]
	values = {"from": getdate(filters.from_date), "to": add_days(getdate(filters.to_date), 1)}
	if filters.supplier:
		conditions.append("h.`supplier` = %(supplier)s")
		values["supplier"] = filters.supplier
	if filters.customer:
		conditions.append(f"{T}.`customer` = %(customer)s")
		values["customer"] = filters.customer
	if match := build_match_conditions("Service Ticket", as_condition=False):
		conditions.append(f"({match})".replace("%", "%%"))
	return frappe.db.sql(
		f"""
		select h.`supplier`, h.`parent` as ticket, {T}.`customer`, h.`reference`, h.`handed_over_on`,
			h.`due_by`, h.`returned_on`, {T}.`service_level_policy` as policy
		from `tabService Ticket Handoff` h join {T} on {T}.`name` = h.`parent`
		where {" and ".join(conditions)}
		order by h.`handed_over_on`, h.`parent`, h.`idx`
		""",
		values,
		as_dict=True,
	)


def rows(data: list[dict]) -> list[dict]:
	clocks, now = {}, now_datetime()
	out = []
	for row in data:
		end = row.returned_on or now
		hours = None
		if row.policy:
			if row.policy not in clocks:
				clocks[row.policy] = system_clock(
					calendar_of(frappe.get_cached_doc("Service Level Policy", row.policy))
				)
			hours = flt(clocks[row.policy].seconds_between(row.handed_over_on, end) / 3600, 2)
		out.append(
			{
				"supplier": row.supplier,
				"ticket": row.ticket,
				"customer": row.customer,
				"reference": row.reference,
				"handed_over_on": row.handed_over_on,
				"due_by": row.due_by,
				"returned_on": row.returned_on,
				"business_hours": hours,
				"result": verdict(row.due_by, row.returned_on, now),
			}
		)
	return out


def verdict(due_by, returned_on, now) -> str:
	if not due_by:
		return ""
	due = get_datetime(due_by)
	if returned_on:
		return _("Met") if get_datetime(returned_on) <= due else _("Missed")
	return _("Missed") if now > due else _("Pending")
