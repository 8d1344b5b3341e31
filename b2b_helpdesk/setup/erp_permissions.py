"""Role permissions the service roles need on the ERP's own doctypes, granted once and recorded.

A dispatcher must be able to pick the customer, contact, address, contract and
equipment on a ticket; an engineer logs his time (Timesheet, Activity Type),
and issues materials (Stock Entry from the warehouses his User Permissions
allow: his van); an accountant turns accepted acts into Sales Invoices. The
roles get these rights through the ERP's permission layer (Custom DocPerm, as
Role Permissions Manager does), never through checks in code. Which rows of
a doctype a user reaches stays the business of User Permissions (an engineer's
own Employee, his van's Warehouse) and of the app's row rules.

Applied ONCE: by `after_install` on a new site and by a numbered patch on an
existing one, never on `migrate`, so an administrator's later change (a right
taken away, a row deleted) stays. What the app added is recorded in a global
default (`RECORD_KEY`): the rows it created, the flags it set on rows it found,
the standard rows it had to copy (a doctype's first Custom DocPerm makes
Frappe ignore its standard DocPerms, so they are copied first) and every grant
it ever applied (a later patch applies only grants that are new). Uninstall
removes exactly that and nothing an administrator made.
"""

import json

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
PICK = ("select", "read")
# an engineer logs his own work: creates and submits, never cancels (a wrong log goes to the office)
LOG = ("select", "read", "write", "create", "submit")

RIGHTS = (
	"select",
	"read",
	"write",
	"create",
	"delete",
	"submit",
	"cancel",
	"amend",
	"report",
	"export",
	"import",
	"share",
	"print",
	"email",
)
RECORD_KEY = "b2b_helpdesk_erp_permissions"

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
	# the engineer's own time: which Employee is his is the ERP's User Permission on Employee
	# (Employee › Create User Permission), so he logs for himself only
	# the dispatcher reads the work done on his tickets (their Connections: time and parts)
	"Timesheet": {
		SERVICE_ENGINEER: LOG,
		SERVICE_DISPATCHER: READ,
		SERVICE_MANAGER: READ,
		SERVICE_ACCOUNTANT: READ,
	},
	"Activity Type": {role: PICK for role in STAFF_ROLES},
	# materials: a Material Issue from the warehouses his User Permissions on Warehouse allow
	"Stock Entry": {
		SERVICE_ENGINEER: LOG,
		SERVICE_DISPATCHER: READ,
		SERVICE_MANAGER: READ,
		SERVICE_ACCOUNTANT: READ,
	},
	"Warehouse": {SERVICE_ENGINEER: PICK},
	# the accountant invoices accepted acts and cancels such an invoice when the act is reopened
	"Sales Invoice": {SERVICE_ACCOUNTANT: SUBMIT, SERVICE_MANAGER: READ},
	# preventive maintenance plans on the customer's equipment (field_service/planned_maintenance.py)
	"Asset Maintenance": {SERVICE_DISPATCHER: EDIT, SERVICE_MANAGER: EDIT, SERVICE_ENGINEER: READ},
	"Asset Maintenance Team": {SERVICE_DISPATCHER: READ, SERVICE_MANAGER: EDIT},
	# saving a plan makes the ERP write its own Asset Maintenance Log per task
	"Asset Maintenance Log": {SERVICE_DISPATCHER: EDIT, SERVICE_MANAGER: EDIT},
}


# --- the record of what the app added --------------------------------------------------------


def load_record() -> dict:
	raw = frappe.db.get_global(RECORD_KEY)
	record = json.loads(raw) if raw else {}
	record.setdefault("applied", [])  # "doctype|role|right" ever granted: never granted again
	record.setdefault("rows", [])  # Custom DocPerm rows the app created
	record.setdefault("flags", {})  # Custom DocPerm name -> rights the app switched on in it
	record.setdefault("copies", {})  # doctype -> {row name: rights} of the standard rows copied
	return record


def save_record(record: dict) -> None:
	frappe.db.set_global(RECORD_KEY, json.dumps(record, sort_keys=True))


def forget_record() -> None:
	frappe.defaults.clear_default(key=RECORD_KEY, parent="__global")


def is_recorded() -> bool:
	return frappe.db.get_global(RECORD_KEY) is not None


def grant_key(doctype: str, role: str, right: str) -> str:
	return f"{doctype}|{role}|{right}"


# --- grant -----------------------------------------------------------------------------------


def grant_erp_permissions(grants: dict[str, dict[str, tuple[str, ...]]] | None = None) -> dict:
	"""Apply every grant not applied before; record what was added. Returns the record."""
	record = load_record()
	applied = set(record["applied"])
	for doctype, by_role in (grants or ERP_GRANTS).items():
		pending = {
			role: tuple(r for r in rights if grant_key(doctype, role, r) not in applied)
			for role, rights in by_role.items()
		}
		pending = {role: rights for role, rights in pending.items() if rights}
		if not pending:
			continue
		copy_standard_perms(doctype, record)
		for role, rights in pending.items():
			_grant(doctype, role, rights, record)
			applied.update(grant_key(doctype, role, r) for r in rights)
		frappe.clear_cache(doctype=doctype)
	record["applied"] = sorted(applied)
	save_record(record)
	return record


def copy_standard_perms(doctype: str, record: dict) -> None:
	"""Before a doctype's first Custom DocPerm, copy its standard rows (Frappe then reads only these)."""
	if setup_custom_perms(doctype):
		record["copies"][doctype] = {row.name: rights_of(row) for row in custom_rows(doctype)}


def _grant(doctype: str, role: str, rights: tuple[str, ...], record: dict) -> None:
	filters = {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}
	name = frappe.db.get_value("Custom DocPerm", filters)
	if name:
		perm = frappe.get_doc("Custom DocPerm", name)
		added = [r for r in rights if not perm.get(r)]
		if not added:
			return
		perm.update({r: 1 for r in added})
		perm.save(ignore_permissions=True)
		if name not in record["rows"]:
			record["flags"][name] = sorted({*record["flags"].get(name, []), *added})
		return
	perm = frappe.new_doc("Custom DocPerm")
	perm.update({**filters, "parenttype": "DocType", "parentfield": "permissions"})
	perm.update({r: 1 for r in rights})
	perm.insert(ignore_permissions=True)
	record["rows"].append(perm.name)


def custom_rows(doctype: str) -> list:
	return frappe.get_all(
		"Custom DocPerm",
		filters={"parent": doctype},
		fields=["name", "role", "permlevel", "if_owner", *RIGHTS],
	)


def rights_of(row) -> dict:
	"""What a row grants, to tell later whether an administrator changed it."""
	return {"role": row.role, **{key: int(row.get(key) or 0) for key in ("permlevel", "if_owner", *RIGHTS)}}


# --- revoke ----------------------------------------------------------------------------------


def revoke_erp_permissions() -> None:
	"""Remove only what the record says the app added; leave every administrator's row and right."""
	if not is_recorded():  # a site upgraded without `migrate`: its rows are still the old ones
		adopt_legacy_rows()
	record = load_record()
	touched = set()
	for name in record["rows"]:
		doctype = frappe.db.get_value("Custom DocPerm", name, "parent")
		if doctype:
			frappe.db.delete("Custom DocPerm", {"name": name})
			touched.add(doctype)
	for name, rights in record["flags"].items():
		doctype = frappe.db.get_value("Custom DocPerm", name, "parent")
		if doctype:
			frappe.db.set_value("Custom DocPerm", name, {r: 0 for r in rights}, update_modified=False)
			touched.add(doctype)
	for doctype, copies in record["copies"].items():
		remove_untouched_copies(doctype, copies)
		touched.add(doctype)
	for doctype in touched:
		frappe.clear_cache(doctype=doctype)
	forget_record()


def remove_untouched_copies(doctype: str, copies: dict) -> None:
	"""Back to the doctype's standard permissions, when what is left is exactly the rows copied.

	If an administrator changed, added or removed any of them, the doctype's permissions are his
	now: deleting some copies would silently take standard rights away, so all of them stay.
	"""
	left = {row.name: rights_of(row) for row in custom_rows(doctype)}
	if left == copies:
		frappe.db.delete("Custom DocPerm", {"parent": doctype, "name": ("in", list(copies))})


# --- sites set up before the record existed --------------------------------------------------

# what versions before the record granted on every migrate, to the app's own roles
LEGACY_DOCTYPES = ("Customer", "Contact", "Address", "Contract", "Asset", "Item", "Location")


def adopt_legacy_rows() -> None:
	"""Record the rows earlier versions made, so that uninstall still removes them.

	Their uninstall removed every row of the app's roles on these doctypes: those rows are the
	app's, and their grants count as applied (not granted again over an administrator's change).
	The other rows identical to the doctype's standard ones are the copies the app made first.
	"""
	if is_recorded():
		return
	record = load_record()
	for doctype in LEGACY_DOCTYPES:
		rows = custom_rows(doctype)
		ours = [row for row in rows if row.role in ALL_ROLES]
		if not ours:
			continue
		for row in ours:
			record["rows"].append(row.name)
			for right in ERP_GRANTS.get(doctype, {}).get(row.role, ()):
				record["applied"].append(grant_key(doctype, row.role, right))
		standard = [rights_of(row) for row in frappe.get_all("DocPerm", {"parent": doctype}, ["*"])]
		record["copies"][doctype] = {
			row.name: rights_of(row)
			for row in rows
			if row.role not in ALL_ROLES and rights_of(row) in standard
		}
	record["applied"] = sorted(set(record["applied"]))
	save_record(record)
