"""Insight's settings on Service Desk Settings, with their defaults when a site never saved them."""

import frappe
from frappe.utils import cint

DEFAULTS = {"rating_window_days": 7, "low_rating_threshold": 2}


def int_setting(field: str) -> int:
	stored = frappe.db.sql(
		"select value from `tabSingles` where doctype = 'Service Desk Settings' and field = %s", field
	)
	return cint(stored[0][0]) if stored and stored[0][0] not in (None, "") else DEFAULTS[field]
