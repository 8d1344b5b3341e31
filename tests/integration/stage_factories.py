"""Contractors and status rules for the stage tests, under unique names."""

import frappe


def make_supplier(label: str = "Lift Contractor") -> str:
	doc = frappe.get_doc(
		{"doctype": "Supplier", "supplier_name": f"{label} {frappe.generate_hash(length=6)}"}
	).insert(ignore_permissions=True)
	return doc.name


def make_status_rule(to_status: str, fields=(), checklist_complete=False, **scope) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Service Status Rule",
			"to_status": to_status,
			"required_fields": [{"fieldname": f} for f in fields],
			"checklist_complete": int(checklist_complete),
			**scope,
		}
	).insert()
	return doc.name
