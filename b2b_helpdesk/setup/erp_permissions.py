"""Role permissions the service roles need on the ERP's own doctypes.

A dispatcher must be able to pick the customer, contact, address, contract and
equipment on a ticket, so the roles get rights on those doctypes through the
ERP's permission layer (Custom DocPerm, as Role Permissions Manager does),
not through checks in code. Granted on install and migrate, revoked on uninstall.
"""

import frappe
from frappe.permissions import setup_custom_perms

from b2b_helpdesk.setup.roles import (
	ALL_ROLES,
	SERVICE_ACCOUNTANT,
	SERVICE_CUSTOMER,
	SERVICE_DISPATCHER,
	SERVICE_ENGINEER,
	SERVICE_MANAGER,
	STAFF_ROLES,
)

READ = ("select", "read", "report", "print")
EDIT = (*READ, "write", "create")
SUBMIT = (*EDIT, "submit", "cancel", "amend")

ERP_GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
	"Customer": {
		SERVICE_DISPATCHER: READ,
		SERVICE_ENGINEER: READ,
		SERVICE_MANAGER: EDIT,
		SERVICE_ACCOUNTANT: READ,
	},
	"Contact": {
		SERVICE_DISPATCHER: EDIT,
		SERVICE_ENGINEER: READ,
		SERVICE_MANAGER: EDIT,
		SERVICE_ACCOUNTANT: READ,
	},
	"Address": {
		SERVICE_DISPATCHER: EDIT,
		SERVICE_ENGINEER: READ,
		SERVICE_MANAGER: EDIT,
		SERVICE_ACCOUNTANT: READ,
	},
	"Contract": {
		SERVICE_DISPATCHER: READ,
		SERVICE_ENGINEER: READ,
		SERVICE_MANAGER: SUBMIT,
		SERVICE_ACCOUNTANT: READ,
	},
	"Asset": {
		SERVICE_DISPATCHER: READ,
		SERVICE_ENGINEER: READ,
		SERVICE_MANAGER: READ,
		SERVICE_ACCOUNTANT: READ,
		# a client's contacts read their own equipment; which rows is `permissions.asset_query`
		SERVICE_CUSTOMER: ("select", "read"),
	},
	"Item": {role: READ for role in STAFF_ROLES},
	"Location": {role: READ for role in STAFF_ROLES},
}


def grant_erp_permissions() -> None:
	for doctype, grants in ERP_GRANTS.items():
		setup_custom_perms(doctype)
		for role, ptypes in grants.items():
			_grant(doctype, role, ptypes)
		frappe.clear_cache(doctype=doctype)


def _grant(doctype: str, role: str, ptypes: tuple[str, ...]) -> None:
	filters = {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}
	name = frappe.db.get_value("Custom DocPerm", filters)
	perm = frappe.get_doc("Custom DocPerm", name) if name else frappe.new_doc("Custom DocPerm")
	if not name:
		perm.update({**filters, "parenttype": "DocType", "parentfield": "permissions"})
	perm.update({ptype: 1 for ptype in ptypes})
	perm.save(ignore_permissions=True)


def revoke_erp_permissions() -> None:
	for doctype in ERP_GRANTS:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": ("in", ALL_ROLES)})
		frappe.clear_cache(doctype=doctype)
