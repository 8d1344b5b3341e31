"""Integration tests on a real ERPNext v15 site.

Each test runs inside a database transaction that is rolled back afterwards,
so the site is left as it was found. The only records kept are the ERP basics
every test needs (the setup wizard's company when the site had none, the
"Customer Equipment" asset category, a location and an equipment model):
created once, idempotently, like ERPNext's own `before_tests`.
"""

import os
from dataclasses import dataclass

import pytest

from tests.site_under_test import BENCH, SITE, WHY_NOT

if WHY_NOT:
	collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session", autouse=True)
def frappe_site():
	import frappe

	cwd = os.getcwd()
	os.chdir(BENCH / "sites")
	frappe.init(site=SITE, sites_path=str(BENCH / "sites"))
	frappe.connect()
	frappe.flags.in_test = True
	frappe.set_user("Administrator")
	yield frappe
	frappe.db.rollback()
	frappe.destroy()
	os.chdir(cwd)


@dataclass(frozen=True)
class Erp:
	company: str
	kit: object
	model: str


@pytest.fixture(scope="session")
def erp(frappe_site) -> Erp:
	from b2b_helpdesk.demo.erp_setup import ensure_equipment_kit, ensure_equipment_model, ensure_erp_ready

	company = ensure_erp_ready()
	kit = ensure_equipment_kit(company)
	model = ensure_equipment_model("B2B-TEST-MODEL", "Test equipment model")
	frappe_site.db.commit()
	return Erp(company, kit, model)


@pytest.fixture(autouse=True)
def rollback_after_test(frappe_site):
	frappe_site.set_user("Administrator")
	yield
	frappe_site.db.rollback()
	frappe_site.set_user("Administrator")
	frappe_site.local.message_log = []
