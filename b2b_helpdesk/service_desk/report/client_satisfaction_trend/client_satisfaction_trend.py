# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""Client Satisfaction Trend (R13, R15): each client's ratings month by month — count, mean, low ones —
and the change of the mean against the client's month before, so a falling client stands out. Read-only."""

from collections import defaultdict
from statistics import mean

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from b2b_helpdesk.insight.settings import int_setting


@frappe.read_only()
def execute(filters=None):
	"""Read-only: Frappe runs it on the read replica when the site has one (`read_from_replica`)."""
	filters = frappe._dict(filters or {})
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Set the period: From Date and To Date"))
	rows = trend_rows(ratings(filters), low_threshold())
	return columns(), rows, None, chart(rows)


def ratings(filters) -> list:
	conditions = [
		["rated_on", ">=", getdate(filters.from_date)],
		["rated_on", "<", add_days(getdate(filters.to_date), 1)],
	]
	if filters.customer:
		conditions.append(["customer", "=", filters.customer])
	return frappe.get_list(
		"Service Ticket Rating",
		filters=conditions,
		fields=["customer", "rating", "rated_on"],
		limit_page_length=0,
	)


def low_threshold() -> int:
	return int_setting("low_rating_threshold")


def trend_rows(rated: list, low: int) -> list[dict]:
	months: dict[tuple[str, str], list[int]] = defaultdict(list)
	for r in rated:
		months[(r.customer or "", getdate(r.rated_on).strftime("%Y-%m"))].append(r.rating)
	rows, before = [], {}
	for (customer, month), values in sorted(months.items()):
		average = round(mean(values), 2)
		previous = before.get(customer)
		rows.append(
			{
				"customer": customer,
				"month": month,
				"ratings": len(values),
				"average": average,
				"low": sum(1 for v in values if v <= low),
				"change": round(average - previous, 2) if previous is not None else None,
			}
		)
		before[customer] = average
	return rows


def columns() -> list[dict]:
	return [
		{
			"fieldname": "customer",
			"label": _("Customer"),
			"fieldtype": "Link",
			"options": "Customer",
			"width": 220,
		},
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "ratings", "label": _("Ratings"), "fieldtype": "Int", "width": 80},
		{"fieldname": "average", "label": _("Average (1-5)"), "fieldtype": "Float", "width": 110},
		{"fieldname": "low", "label": _("Low Ratings"), "fieldtype": "Int", "width": 100},
		{"fieldname": "change", "label": _("Change vs Previous Month"), "fieldtype": "Float", "width": 150},
	]


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	months = sorted({r["month"] for r in rows})
	by_customer: dict[str, dict] = defaultdict(dict)
	for r in rows:
		by_customer[r["customer"]][r["month"]] = r["average"]
	return {
		"data": {
			"labels": months,
			"datasets": [
				{"name": customer, "values": [values.get(m, 0) for m in months]}
				for customer, values in sorted(by_customer.items())[:10]
			],
		},
		"type": "line",
	}
