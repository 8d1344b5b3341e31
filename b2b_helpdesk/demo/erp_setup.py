"""What a site needs before customer equipment can be registered.

A fresh ERPNext site has no Company, fiscal year or accounts until the setup
wizard runs. The demo and the integration tests call `ensure_erp_ready()`,
which completes the wizard the way ERPNext's own `before_tests` does, but
only when the site has no Company yet: an existing company is never touched.

Customer-owned equipment and the company's own assets
-----------------------------------------------------
Equipment is an ERPNext Asset with `asset_owner = Customer`, `is_existing_asset = 1`
and no depreciation, in the Asset Category "Customer Equipment" (marked
non-depreciable). Submitting such an asset posts no GL entry, so the books —
balance sheet, depreciation, asset value reports built on the GL — never count it.
ERPNext's Fixed Asset Register lists every submitted Asset; filter it by
another Asset Category to see only the company's own. The gross purchase
amount (which the ERP requires above zero) holds the equipment's declared
replacement value, useful for service pricing, never a book value.
"""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from b2b_helpdesk.setup.company import default_company

CUSTOMER_EQUIPMENT_CATEGORY = "Customer Equipment"
CUSTOMER_SITES_LOCATION = "Customer Sites"


def ensure_erp_ready() -> str:
	"""Return the default company, completing the ERP's setup wizard on a bare site."""
	if not frappe.db.a_row_exists("Company"):
		from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

		year = now_datetime().year
		setup_complete(
			{
				"currency": "USD",
				"full_name": "Service Desk Admin",
				"company_name": "B2B Demo Services",
				"timezone": "America/New_York",
				"company_abbr": "BDS",
				"industry": "Services",
				"country": "United States",
				"fy_start_date": f"{year}-01-01",
				"fy_end_date": f"{year}-12-31",
				"language": "english",
				"company_tagline": "Service under contract",
				"email": "service-admin@example.com",
				"password": "admin",
				"chart_of_accounts": "Standard",
			}
		)
		frappe.db.commit()  # the wizard's own records; the site is set up once
	return default_company()


@dataclass(frozen=True)
class EquipmentKit:
	company: str
	category: str
	location: str


def ensure_equipment_kit(company: str) -> EquipmentKit:
	"""The Asset Category and Location every piece of customer equipment uses."""
	return EquipmentKit(company, _ensure_category(company), _ensure_location())


def _ensure_category(company: str) -> str:
	category = (
		frappe.get_doc("Asset Category", CUSTOMER_EQUIPMENT_CATEGORY)
		if frappe.db.exists("Asset Category", CUSTOMER_EQUIPMENT_CATEGORY)
		else frappe.new_doc("Asset Category")
	)
	if category.is_new():
		category.asset_category_name = CUSTOMER_EQUIPMENT_CATEGORY
		category.non_depreciable_category = 1
	if not any(row.company_name == company for row in category.accounts):
		category.append(
			"accounts", {"company_name": company, "fixed_asset_account": _fixed_asset_account(company)}
		)
		category.save(ignore_permissions=True)
	return category.name


def _fixed_asset_account(company: str) -> str:
	account = frappe.db.get_value(
		"Account", {"company": company, "account_type": "Fixed Asset", "is_group": 0}, "name"
	)
	if not account:
		frappe.throw(
			_("Company {0} has no Fixed Asset account to register customer equipment under").format(company)
		)
	return account


def _ensure_location() -> str:
	if not frappe.db.exists("Location", CUSTOMER_SITES_LOCATION):
		frappe.get_doc({"doctype": "Location", "location_name": CUSTOMER_SITES_LOCATION}).insert(
			ignore_permissions=True
		)
	return CUSTOMER_SITES_LOCATION


def ensure_equipment_model(item_code: str, item_name: str | None = None) -> str:
	"""A fixed-asset Item: the equipment model, the unit of per-model statistics (R4)."""
	if not frappe.db.exists("Item", item_code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": item_code,
				"item_name": item_name or item_code,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name") or "All Item Groups",
				"stock_uom": "Nos",
				"is_stock_item": 0,
				"is_fixed_asset": 1,
				"asset_category": CUSTOMER_EQUIPMENT_CATEGORY,
			}
		).insert(ignore_permissions=True)
	return item_code


def make_customer_equipment(
	kit: EquipmentKit,
	customer: str,
	item_code: str,
	asset_name: str,
	service_location: str | None = None,
	declared_value: float = 1000,
	since: str = "2024-01-01",
	submit: bool = True,
):
	asset = frappe.get_doc(
		{
			"doctype": "Asset",
			"company": kit.company,
			"item_code": item_code,
			"asset_name": asset_name,
			"asset_category": kit.category,
			"location": kit.location,
			"asset_owner": "Customer",
			"customer": customer,
			"b2b_service_location": service_location,
			"is_existing_asset": 1,
			"calculate_depreciation": 0,
			"purchase_date": getdate(since),
			"available_for_use_date": getdate(since),
			"gross_purchase_amount": declared_value,
		}
	).insert(ignore_permissions=True)
	if submit:
		asset.submit()
	return asset
