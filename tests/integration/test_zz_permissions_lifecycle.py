"""The role permissions the app grants on ERP doctypes: applied once, the admin's later word stands
(issue 10, item 9). Runs last: it commits, migrates, uninstalls and reinstalls the app.

An administrator takes a right away from a service role (Role Permissions Manager) and adds a
row of his own; `bench migrate` must not grant the right again; `uninstall-app` must remove
exactly the rows the app added (its own grants, and the standard rows it had to copy where
nobody changed them since), never the administrator's.
"""

import pytest

import frappe
from frappe.permissions import add_permission, update_permission_property

from b2b_helpdesk.patches.v0_2 import grant_erp_permissions_once
from b2b_helpdesk.setup.erp_permissions import (
	ERP_GRANTS,
	LEGACY_DOCTYPES,
	forget_record,
	grant_erp_permissions,
	load_record,
	revoke_erp_permissions,
)
from tests.integration.test_zz_install_lifecycle import frappe_cli

ADMIN_ROW = {"parent": "Customer", "role": "Service Engineer", "permlevel": 1}
TAKEN = {"parent": "Contact", "role": "Service Dispatcher", "permlevel": 0, "if_owner": 0}


def custom_perm(filters: dict) -> frappe._dict | None:
	rows = frappe.get_all("Custom DocPerm", filters=filters, fields=["name", "read", "write", "create"])
	return rows[0] if rows else None


@pytest.fixture
def admin_changes(erp):
	"""The administrator's changes, committed (the bench subprocesses must see them); undone after."""
	frappe.db.rollback()
	undo_admin_changes()
	update_permission_property("Contact", "Service Dispatcher", 0, "write", 0)
	add_permission("Customer", "Service Engineer", permlevel=1)
	frappe.db.commit()
	yield
	undo_admin_changes()
	frappe_cli("clear-cache")


def undo_admin_changes() -> None:
	frappe.db.rollback()
	frappe.db.delete("Custom DocPerm", ADMIN_ROW)
	if custom_perm(TAKEN):
		update_permission_property("Contact", "Service Dispatcher", 0, "write", 1)
	frappe.db.commit()
	frappe.clear_cache()


def test_migrate_keeps_the_admins_change(admin_changes):
	assert (custom_perm(TAKEN).read, custom_perm(TAKEN).write) == (1, 0)
	frappe_cli("migrate")
	frappe.clear_cache()
	assert custom_perm(TAKEN).write == 0, "migrate granted again a right the administrator took away"


def test_uninstall_removes_only_the_rows_the_app_added(admin_changes):
	app_row = custom_perm(TAKEN)
	frappe_cli("uninstall-app", "b2b_helpdesk", "--yes", "--no-backup")
	frappe.clear_cache()
	try:
		admin_row = custom_perm(ADMIN_ROW)
		assert admin_row, "uninstall removed the administrator's own row"
		assert not frappe.db.exists("Custom DocPerm", {"name": app_row.name}), "the app's row stayed"
		assert not frappe.get_all(
			"Custom DocPerm",
			filters={"role": ("like", "Service %"), "name": ("!=", admin_row.name)},
			pluck="name",
		), "rows the app granted stayed after uninstall"
		# a doctype whose standard rows the app copied and nobody touched is back to its standard rows
		for doctype in ("Item", "Location", "Address"):
			assert not frappe.db.exists("Custom DocPerm", {"parent": doctype}), doctype
		# where the administrator added a row, his row and the copies it relies on stay
		standard = frappe.get_all("DocPerm", filters={"parent": "Customer"}, pluck="role")
		kept = frappe.get_all("Custom DocPerm", filters={"parent": "Customer"}, pluck="role")
		assert sorted(kept) == sorted([*standard, "Service Engineer"])
	finally:
		frappe_cli("install-app", "b2b_helpdesk")
		frappe.clear_cache()
	assert custom_perm(TAKEN).write == 1  # a new install grants afresh


@pytest.fixture
def legacy_site(erp):
	"""The site as earlier versions left it: their rows, no record. Rolled back afterwards."""
	revoke_erp_permissions()
	grant_erp_permissions({doctype: ERP_GRANTS[doctype] for doctype in LEGACY_DOCTYPES})
	forget_record()
	yield
	frappe.db.rollback()
	frappe.clear_cache()


def test_the_patch_adopts_the_rows_of_earlier_versions_and_adds_the_new_grants(legacy_site):
	legacy = frappe.get_all("Custom DocPerm", filters={"role": ("like", "Service %")}, pluck="name")
	update_permission_property("Contact", "Service Dispatcher", 0, "write", 0)
	assert not custom_perm({"parent": "Timesheet"})

	grant_erp_permissions_once.execute()

	assert custom_perm(TAKEN).write == 0, "the patch granted again a right the administrator took away"
	engineer = custom_perm({"parent": "Timesheet", "role": "Service Engineer", "permlevel": 0})
	assert engineer and (engineer.read, engineer.write, engineer.create) == (1, 1, 1)
	assert set(legacy) <= set(load_record()["rows"])
	grant_erp_permissions_once.execute()  # run again (a re-run patch): nothing changes
	assert custom_perm(TAKEN).write == 0

	revoke_erp_permissions()
	assert not frappe.get_all("Custom DocPerm", filters={"role": ("like", "Service %")}, pluck="name")
	for doctype in (*LEGACY_DOCTYPES, "Timesheet", "Stock Entry", "Sales Invoice"):
		assert not frappe.db.exists("Custom DocPerm", {"parent": doctype}), doctype
