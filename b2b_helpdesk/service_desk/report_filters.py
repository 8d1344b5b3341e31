"""The period and grouping filters the service reports share, checked one way."""

import frappe
from frappe import _
from frappe.utils import getdate


def check_period_and_group(filters, groups, default: str) -> None:
	"""A period is set and in order; `filters.group_by` is one of `groups` (else `default`)."""
	if not filters.from_date or not filters.to_date:
		frappe.throw(_("Set the period: From Date and To Date"))
	if getdate(filters.from_date) > getdate(filters.to_date):
		frappe.throw(_("From Date must be on or before To Date"))
	filters.group_by = filters.group_by or default
	if filters.group_by not in groups:
		frappe.throw(_("Cannot group by {0}").format(filters.group_by))
