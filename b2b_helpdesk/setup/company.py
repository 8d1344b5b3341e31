"""The company service documents are made for when nothing more specific names one."""

import frappe


def default_company() -> str:
	return frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {}, "name")
