"""Does a contact, address or asset belong to a customer? Answered from the ERP's own links.

Contacts and addresses belong to a customer through their Dynamic Link rows
(`links` table); customer equipment is an Asset with `asset_owner = Customer`.
"""

import frappe
from frappe import _


def is_linked_to_customer(doctype: str, name: str, customer: str) -> bool:
	"""True when the Contact/Address `name` carries a link to `customer`."""
	return bool(
		frappe.db.exists(
			"Dynamic Link",
			{"parenttype": doctype, "parent": name, "link_doctype": "Customer", "link_name": customer},
		)
	)


def check_contact(contact: str, customer: str) -> None:
	if not is_linked_to_customer("Contact", contact, customer):
		frappe.throw(
			_("Contact {0} is not a contact of customer {1}").format(
				frappe.bold(contact), frappe.bold(customer)
			),
			title=_("Wrong Contact"),
		)


def check_address(address: str, customer: str, label: str | None = None) -> None:
	if not is_linked_to_customer("Address", address, customer):
		frappe.throw(
			_("{0} {1} is not an address of customer {2}").format(
				label or _("Service location"), frappe.bold(address), frappe.bold(customer)
			),
			title=_("Wrong Service Location"),
		)


def get_customer_asset(asset: str) -> frappe._dict:
	"""The fields of a customer-owned asset that service needs."""
	return frappe.db.get_value(
		"Asset",
		asset,
		["name", "asset_owner", "customer", "docstatus", "b2b_service_location"],
		as_dict=True,
	)


def check_asset(asset: str, customer: str) -> frappe._dict:
	row = get_customer_asset(asset)
	if not row or row.asset_owner != "Customer" or row.customer != customer:
		frappe.throw(
			_("Equipment {0} is not registered to customer {1}").format(
				frappe.bold(asset), frappe.bold(customer)
			),
			title=_("Wrong Equipment"),
		)
	if row.docstatus == 2:
		frappe.throw(_("Equipment {0} is cancelled").format(frappe.bold(asset)), title=_("Wrong Equipment"))
	return row
