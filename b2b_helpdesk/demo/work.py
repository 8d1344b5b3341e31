"""Demo billing: plans on the demo contracts, engineers with labour cost, work logged this month."""

import frappe
from frappe.utils import add_to_date, get_datetime, getdate, nowdate

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


def ensure_fiscal_years(company: str, since) -> None:
	"""The ERP posts stock and invoices only inside a Fiscal Year: the demo's year may start in the last one."""
	for year in range(getdate(since).year, getdate(nowdate()).year + 1):
		if frappe.db.exists("Fiscal Year", {"year_start_date": f"{year}-01-01"}):
			continue
		frappe.get_doc(
			{
				"doctype": "Fiscal Year",
				"year": str(year),
				"year_start_date": f"{year}-01-01",
				"year_end_date": f"{year}-12-31",
				"companies": [{"company": company}],
			}
		).insert(ignore_permissions=True)


def stock_vans(company: str, vans: list[str], day) -> None:
	"""Door seals into each van (and the central store) before the year starts."""
	central = frappe.db.get_value(
		"Warehouse", {"company": company, "is_group": 0, "warehouse_name": "Stores"}
	)
	receipt = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"company": company,
			"set_posting_time": 1,
			"posting_date": getdate(day),
			"items": [
				{"item_code": "SEAL-X200", "qty": 40, "t_warehouse": warehouse, "basic_rate": 14}
				for warehouse in (*vans, central)
			],
		}
	).insert(ignore_permissions=True)
	receipt.submit()


def free_start(busy: list[tuple], start, hours: float):
	"""The first moment from `start` the engineer is free for `hours` (one job at a time)."""
	start = get_datetime(start)
	while clash := [end for begin, end in busy if begin < add_to_date(start, hours=hours) and start < end]:
		start = add_to_date(max(clash), minutes=15)
	busy.append((start, add_to_date(start, hours=hours)))
	return start


def log_ticket_work(
	ticket: str, engineer: str, van: str, index: int, trip: bool, parts: bool, busy: list | None = None
) -> None:
	"""What the engineer logs on a ticket he fixed: his time, his trip, the parts from his van."""
	responded = frappe.db.get_value("Service Ticket", ticket, "first_responded_on")
	hours = (1.5, 2, 2.5, 3)[index % 4]
	start = free_start(busy if busy is not None else [], add_to_date(responded, minutes=20), hours)
	log_time(ticket, REPAIR if index % 3 else MAINTENANCE, hours, str(start), employee=engineer)
	if trip:
		frappe.get_doc(
			{
				"doctype": "Service Visit",
				"service_ticket": ticket,
				"engineer": engineer,
				"departed_on": start,
				"returned_on": add_to_date(start, hours=hours + 1),
				"travel_zone": "City" if index % 2 else "Region",
				"distance_km": 18 if index % 2 else 64,
				"cost": 22 if index % 2 else 58,
			}
		).insert(ignore_permissions=True)
	if parts:
		issue_materials(ticket, [{"item_code": "SEAL-X200", "qty": 2, "warehouse": van}], str(getdate(start)))
