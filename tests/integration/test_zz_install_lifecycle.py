"""Install, migrate, uninstall and reinstall on the real site (runs last: it commits).

`bench migrate` twice in a row succeeds; `uninstall-app` removes the custom
fields (and their columns) but keeps every Customer, Contract and Asset; a
reinstall brings the fields back. The records this test commits are deleted
at the end, so the site is left as it was found.
"""

import subprocess

import pytest

import frappe

from b2b_helpdesk.setup.custom_fields import iter_custom_field_keys
from tests.integration.factories import make_client, make_contract, new_ticket
from tests.site_under_test import BENCH, SITE


def frappe_cli(*args: str) -> str:
	frappe.db.rollback()  # release our metadata locks, or the subprocess's ALTER TABLE waits for us forever
	result = subprocess.run(
		[str(BENCH / "env/bin/python"), "-m", "frappe.utils.bench_helper", "frappe", "--site", SITE, *args],
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
		timeout=1800,
	)
	assert result.returncode == 0, f"{args} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
	return result.stdout


def custom_fields_present() -> set[tuple[str, str]]:
	return {
		key
		for key in iter_custom_field_keys()
		if frappe.db.exists("Custom Field", {"dt": key[0], "fieldname": key[1]})
	}


LABEL = "Lifecycle"


@pytest.fixture
def committed_client(erp):
	delete_lifecycle_clients()  # leftovers of a run that was cut off
	client = make_client(erp, LABEL)
	contract = make_contract(client.customer, "2026-01-01", "2026-12-31", assets=(client.fridge,))
	new_ticket(client, asset=client.fridge).insert()
	frappe.db.commit()  # the bench subprocesses must see these records
	yield client, contract
	delete_lifecycle_clients()
	# this process cached the hooks while the app was uninstalled; a fresh process clears them
	frappe_cli("clear-cache")


def delete_lifecycle_clients() -> None:
	"""Delete every record this test commits, found by the customer's name."""
	frappe.db.rollback()
	customers = frappe.get_all("Customer", {"name": ("like", f"{LABEL} %")}, pluck="name")
	if not customers:
		return
	assets = frappe.get_all("Asset", {"customer": ("in", customers)}, pluck="name")
	contracts = frappe.get_all("Contract", {"party_name": ("in", customers)}, pluck="name")
	links = {"link_doctype": "Customer", "link_name": ("in", customers)}
	addresses = frappe.get_all("Dynamic Link", {**links, "parenttype": "Address"}, pluck="parent")
	contacts = frappe.get_all("Dynamic Link", {**links, "parenttype": "Contact"}, pluck="parent")
	if frappe.db.table_exists("Service Ticket"):
		frappe.db.delete("Service Ticket", {"customer": ("in", customers)})
	if assets:
		movements = frappe.get_all("Asset Movement Item", {"asset": ("in", assets)}, pluck="parent")
		frappe.db.delete("Asset Movement Item", {"asset": ("in", assets)})
		frappe.db.delete("Asset Movement", {"name": ("in", movements or [""])})
		frappe.db.delete("Asset Activity", {"asset": ("in", assets)})
	for doctype, names in (
		("Contract", contracts),
		("Asset", assets),
		("Address", addresses),
		("Contact", contacts),
		("Customer", customers),
	):
		for name in names:
			if frappe.db.get_value(doctype, name, "docstatus") == 1:
				frappe.db.set_value(doctype, name, "docstatus", 2)  # test clean-up, not a business cancel
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, ignore_on_trash=True)
	frappe.db.commit()


def test_migrate_twice_uninstall_keeps_erp_records_and_reinstall_restores(committed_client):
	client, contract = committed_client
	frappe_cli("migrate")
	frappe_cli("migrate")

	frappe_cli("uninstall-app", "b2b_helpdesk", "--yes", "--no-backup")
	frappe.clear_cache()
	try:
		assert custom_fields_present() == set()
		for doctype, fieldname in iter_custom_field_keys():
			assert not frappe.db.has_column(doctype, fieldname), (doctype, fieldname)
		assert not frappe.db.table_exists("Service Ticket")
		assert frappe.db.exists("Customer", client.customer)
		assert frappe.db.get_value("Contract", contract.name, "docstatus") == 1
		for asset in (client.fridge, client.pos, client.lift):
			assert frappe.db.get_value("Asset", asset, "customer") == client.customer
	finally:
		frappe_cli("install-app", "b2b_helpdesk")
		frappe.clear_cache()

	assert custom_fields_present() == set(iter_custom_field_keys())
	assert frappe.db.table_exists("Service Ticket")
	assert frappe.get_meta("Contract").has_field("b2b_covered_assets")
