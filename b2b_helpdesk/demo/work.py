"""Demo billing: plans on the demo contracts, engineers with labour cost, work logged this month."""

from datetime import timedelta

import frappe
from frappe.utils import add_to_date, get_datetime, get_first_day, getdate, now_datetime, nowdate

from b2b_helpdesk.service_billing.log_work import issue_materials, log_time

REPAIR, MAINTENANCE = "Repair", "Maintenance"


def ensure_activity_type(name: str) -> str:
	if not frappe.db.exists("Activity Type", name):
		frappe.get_doc({"doctype": "Activity Type", "activity_type": name}).insert(ignore_permissions=True)
	return name


def ensure_item(code: str, name: str, stock: bool, uom: str = "Nos") -> str:
	if not frappe.db.exists("Item", code):
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": name,
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}, "name"),
				"stock_uom": uom,
				"is_stock_item": int(stock),
			}
		).insert(ignore_permissions=True)
	return code


def make_engineer(company: str, first_name: str, last_name: str, costing_rate: float) -> str:
	employee = frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": first_name,
			"last_name": last_name,
			"company": company,
			"status": "Active",
			"gender": frappe.db.get_value("Gender", {}, "name"),
			"date_of_birth": getdate("1988-04-12"),
			"date_of_joining": getdate("2021-03-01"),
		}
	).insert(ignore_permissions=True)
	for activity_type in (REPAIR, MAINTENANCE):
		frappe.get_doc(
			{
				"doctype": "Activity Cost",
				"employee": employee.name,
				"activity_type": activity_type,
				"costing_rate": costing_rate,
			}
		).insert(ignore_permissions=True)
	return employee.name


def retail_plan() -> str:
	for activity_type in (REPAIR, MAINTENANCE):
		ensure_activity_type(activity_type)
	return (
		frappe.get_doc(
			{
				"doctype": "Service Billing Plan",
				"plan_name": "Retail Gold Hours",
				"currency": frappe.db.get_default("currency") or "USD",
				"billing_period": "Monthly",
				"billing_unit": "Hours",
				"allowance_unit": "Hours",
				"subscription_fee": 1500,
				"fee_item": ensure_item("SERVICE-FEE", "Service subscription fee", stock=False),
				"allowance": 12,
				"carry_over_periods": 1,
				"overage_rate": 85,
				"default_rate": 110,
				"labour_item": ensure_item("SERVICE-LABOUR", "Service labour", stock=False, uom="Hour"),
				"rounding_minutes": 15,
				"minimum_minutes": 30,
				"out_of_hours_multiplier": 1.5,
				"activity_rules": [
					{"activity_type": REPAIR, "rate": 120},
					{"activity_type": MAINTENANCE, "rate": 95},
				],
				"trip_fees": [{"travel_zone": "City", "fee": 40}, {"travel_zone": "Region", "fee": 95}],
				"trip_item": ensure_item("SERVICE-TRIP", "Engineer trip", stock=False),
				"material_prices": [
					{"item_code": ensure_item("SEAL-X200", "Door seal X200", stock=True), "rate": 38}
				],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def log_demo_work(company: str, tickets: list[str]) -> None:
	"""Work this month on the retail tickets, so the contract shows allowance, preview and profit."""
	ivan = make_engineer(company, "Ivan", "Petrov", 45)
	ana = make_engineer(company, "Ana", "Costa", 52)
	start = max(getdate(get_first_day(nowdate())), getdate(add_to_date(now_datetime(), days=-20)))
	moments = [get_datetime(f"{start} 09:00:00") + timedelta(days=d) for d in range(0, 20, 3)]
	moments = [m for m in moments if m < now_datetime()] or [add_to_date(now_datetime(), hours=-6)]
	cooling, pos = tickets[0], tickets[1]
	for i, moment in enumerate(moments):
		log_time(
			cooling if i % 2 == 0 else pos,
			REPAIR if i % 2 == 0 else MAINTENANCE,
			2.5,
			str(moment),
			employee=ivan if i % 2 == 0 else ana,
		)
	frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": cooling,
			"engineer": ivan,
			"departed_on": moments[0],
			"returned_on": add_to_date(moments[0], hours=4),
			"travel_zone": "City",
			"distance_km": 18,
			"cost": 22,
		}
	).insert(ignore_permissions=True)
	warehouse = frappe.db.get_value(
		"Warehouse", {"company": company, "is_group": 0, "warehouse_name": "Stores"}
	)
	receipt = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"company": company,
			"set_posting_time": 1,
			"posting_date": add_to_date(start, days=-1),
			"items": [{"item_code": "SEAL-X200", "qty": 20, "t_warehouse": warehouse, "basic_rate": 14}],
		}
	).insert(ignore_permissions=True)
	receipt.submit()
	issue_materials(
		cooling, [{"item_code": "SEAL-X200", "qty": 2, "warehouse": warehouse}], str(getdate(moments[0]))
	)
