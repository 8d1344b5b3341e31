"""Billing set-ups for tests: engineers with labour cost, activity types, items in stock, a billing plan."""

import frappe
from frappe.utils import getdate

from b2b_helpdesk.demo.service_levels import make_policy
from tests.integration.factories import make_client, make_contract, new_ticket

STORES = "Stores - {abbr}"
REPAIR = "B2B Repair"


def make_activity_type(name: str) -> str:
	if not frappe.db.exists("Activity Type", name):
		frappe.get_doc({"doctype": "Activity Type", "activity_type": name}).insert()
	return name


def make_engineer(company: str, costing_rate: float, activity_types: tuple[str, ...]) -> str:
	employee = frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": f"Engineer {frappe.generate_hash(length=5)}",
			"company": company,
			"status": "Active",
			"gender": frappe.db.get_value("Gender", {}, "name"),
			"date_of_birth": getdate("1990-01-01"),
			"date_of_joining": getdate("2020-01-01"),
		}
	).insert()
	for activity_type in activity_types:
		frappe.get_doc(
			{
				"doctype": "Activity Cost",
				"employee": employee.name,
				"activity_type": activity_type,
				"costing_rate": costing_rate,
				"billing_rate": 0,
			}
		).insert()
	return employee.name


def make_item(code: str, stock: bool, uom: str = "Nos") -> str:
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": "Consumable" if stock else "Services",
				"stock_uom": uom,
				"is_stock_item": int(stock),
			}
		).insert()
	return code


def stores(company: str) -> str:
	return STORES.format(abbr=frappe.get_cached_value("Company", company, "abbr"))


def receive_stock(
	company: str, item_code: str, qty: float, rate: float, posting_date: str = "2026-05-01"
) -> str:
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"company": company,
			"set_posting_time": 1,
			"posting_date": posting_date,
			"items": [
				{"item_code": item_code, "qty": qty, "t_warehouse": stores(company), "basic_rate": rate}
			],
		}
	)
	entry.insert()
	entry.submit()
	return entry.name


def make_billing_plan(name: str, **fields):
	return frappe.get_doc(
		{
			"doctype": "Service Billing Plan",
			"plan_name": f"{name} {frappe.generate_hash(length=5)}",
			"currency": "USD",
			"billing_period": "Monthly",
			**fields,
		}
	).insert()


def hours_plan(erp, **overrides):
	"""10 h a month in the fee, 15-minute increments, 1-hour minimum, overage 90/h, ×1.5 out of hours."""
	fields = {
		"billing_unit": "Hours",
		"allowance_unit": "Hours",
		"subscription_fee": 1000,
		"fee_item": make_item("B2B-SERVICE-FEE", stock=False),
		"labour_item": make_item("B2B-LABOUR", stock=False, uom="Hour"),
		"trip_item": make_item("B2B-TRIP", stock=False),
		"allowance": 10,
		"overage_rate": 90,
		"default_rate": 120,
		"rounding_minutes": 15,
		"minimum_minutes": 60,
		"out_of_hours_multiplier": 1.5,
		"trip_fees": [{"travel_zone": "City", "fee": 45}, {"travel_zone": "Region", "fee": 120}],
		"material_prices": [{"item_code": make_item("B2B-SEAL", stock=True), "rate": 12.5}],
		**overrides,
	}
	return make_billing_plan("Hours", **fields)


def billed_client(erp, plan, policy=None):
	"""A client whose 2026 contract bills by `plan` on an office-hours calendar (Mon–Fri 09–18)."""
	client = make_client(erp)
	policy = policy or make_policy(f"Office {frappe.generate_hash(length=5)}").name
	contract = make_contract(
		client.customer, "2026-01-01", "2026-12-31", policy=policy, billing_plan=plan.name
	)
	return client, contract.name


def extra_ticket(client):
	"""A ticket whose work is billed as extra (a relocation the contract does not cover)."""
	return new_ticket(
		client,
		opened_on="2026-05-18 08:00:00",
		subject="Move the display case",
		billing_class="Billable Extra",
		billing_class_reason="Relocation is not in the contract",
	).insert()


def billing_setup(erp, **plan_fields) -> frappe._dict:
	"""A client on an hours plan, an engineer costing 50/h, a covered ticket and a billable-extra one."""
	make_activity_type(REPAIR)
	plan = hours_plan(erp, **plan_fields)
	client, contract = billed_client(erp, plan)
	engineer = make_engineer(erp.company, costing_rate=50, activity_types=(REPAIR,))
	covered = new_ticket(client, opened_on="2026-05-18 08:00:00", asset=client.fridge).insert()
	extra = extra_ticket(client)
	return frappe._dict(
		plan=plan, client=client, contract=contract, engineer=engineer, covered=covered, extra=extra
	)
