"""Portal: the SLA compliance of the requests the contact may see, per location, over a period (R30)."""

import datetime
import re

import frappe
from frappe import _
from frappe.utils import get_first_day, getdate, nowdate

from b2b_helpdesk.portal.access import portal_page
from b2b_helpdesk.service_desk.report.sla_compliance import sla_compliance

no_cache = 1


@portal_page("Service Ticket")
def get_context(context):
	from_date, to_date = period(frappe.form_dict.get("from_date"), frappe.form_dict.get("to_date"))
	filters = {"from_date": from_date, "to_date": to_date, "group_by": "Service Location"}
	_columns, rows, _message, _chart = sla_compliance.execute(filters)
	titles = dict(
		frappe.get_all(
			"Address",
			filters={"name": ("in", [row["group"] for row in rows] or [""])},
			fields=["name", "address_title"],
			as_list=True,
		)
	)
	for row in rows:
		row["group"] = titles.get(row["group"]) or row["group"]  # the location as the client knows it
	context.update(title=_("Service Level Report"), rows=rows, from_date=from_date, to_date=to_date)


def period(from_date, to_date) -> tuple:
	"""The requested period, or this month so far; anything but a YYYY-MM-DD date falls back to that."""
	start = as_date(from_date) or get_first_day(nowdate())
	end = as_date(to_date) or getdate(nowdate())
	return (start, end) if start <= end else (end, start)


def as_date(value):
	if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
		return None
	try:
		return datetime.date.fromisoformat(value)
	except ValueError:
		return None
