"""Demo data: `bench --site SITE execute b2b_helpdesk.demo.create`.

Two client companies with contacts, service locations, equipment, contracts and
tickets, so a newcomer sees the desk working. Safe to run twice: a second run
finds the demo customers and does nothing.
"""

import frappe
from frappe.utils import add_days, add_months, add_to_date, get_first_day, now_datetime, nowdate

from b2b_helpdesk.demo.clients import make_address, make_contact, make_contract, make_customer
from b2b_helpdesk.demo.erp_setup import (
	ensure_equipment_kit,
	ensure_equipment_model,
	ensure_erp_ready,
	make_customer_equipment,
)
from b2b_helpdesk.demo.service_levels import HOUR, make_holiday_list, make_policy
from b2b_helpdesk.demo.work import log_demo_work, retail_plan

RETAIL = "Nordic Retail Group"
LOGISTICS = "Atlas Logistics"


def create() -> dict:
	"""Entry point of `bench execute`: build the demo and commit it."""
	if frappe.db.exists("Customer", RETAIL):
		print(f"Demo data is already there (customer {RETAIL}).")
		return {"created": False}
	summary = build()
	frappe.db.commit()
	print(f"Demo data created: {summary}")
	return summary


def build() -> dict:
	"""Create the demo records in the current transaction."""
	company = ensure_erp_ready()
	kit = ensure_equipment_kit(company)
	models = {
		"FRIDGE-X200": ensure_equipment_model("FRIDGE-X200", "Refrigerated display case X200"),
		"POS-T5": ensure_equipment_model("POS-T5", "POS terminal T5"),
		"FORKLIFT-E25": ensure_equipment_model("FORKLIFT-E25", "Electric forklift E25"),
	}
	start = str(get_first_day(add_months(nowdate(), -3)))
	policies = _policies()

	retail = _retail_client(kit, models, start, policies["retail"], retail_plan())
	logistics = _logistics_client(kit, models, start, policies["logistics"])
	log_demo_work(company, retail)
	return {"created": True, "customers": [RETAIL, LOGISTICS], "tickets": retail + logistics}


def _policies() -> dict[str, str]:
	year = int(nowdate()[:4])
	holidays = make_holiday_list(
		f"US Holidays {year}",
		year,
		(
			f"{year}-01-01",
			f"{year}-05-25",
			f"{year}-07-03",
			f"{year}-09-07",
			f"{year}-11-26",
			f"{year}-12-25",
		),
	)
	retail = make_policy(
		"Retail Gold 8-20",
		working_hours=[
			{"weekday": day, "start_time": "08:00", "end_time": "20:00"}
			for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
		],
		holiday_list=holidays,
		stage_limits=[{"status": "Open", "max_time": 1 * HOUR}],
	)
	logistics = make_policy(
		"Logistics 24x7", always_on=True, response_hours={"Low": 8, "Medium": 2, "High": 1, "Urgent": 0.5}
	)
	return {"retail": retail.name, "logistics": logistics.name}


def _retail_client(kit, models, start, policy, billing_plan) -> list[str]:
	customer = make_customer(RETAIL, tier="Gold", account_manager="Administrator")
	store_a1 = make_address(customer, "Store A1 Downtown", "1 Market Street", "Boston")
	store_a2 = make_address(customer, "Store A2 Harbour", "40 Harbour Road", "Boston")
	make_address(customer, "Head Office", "100 Main Street", "Boston")
	admin_a1 = make_contact(customer, "Anna", "Berg", "anna.berg@nordic-retail.example", "+1 617 555 0101")
	head_office = make_contact(customer, "Erik", "Lund", "erik.lund@nordic-retail.example", "+1 617 555 0102")
	frappe.db.set_value("Contact", head_office, "b2b_may_accept_acts", 1)  # signs the acts

	fridge_a1 = make_customer_equipment(
		kit, customer, models["FRIDGE-X200"], "Display case A1-01", store_a1, 4800
	)
	pos_a1 = make_customer_equipment(kit, customer, models["POS-T5"], "POS terminal A1-03", store_a1, 900)
	fridge_a2 = make_customer_equipment(
		kit, customer, models["FRIDGE-X200"], "Display case A2-01", store_a2, 4800
	)
	# Store A1 is under contract; at Store A2 only the display case is.
	make_contract(
		customer,
		start,
		locations=(store_a1,),
		assets=(fridge_a2.name,),
		policy=policy,
		billing_plan=billing_plan,
	)

	return [
		_ticket(
			customer,
			"Display case not cooling",
			admin_a1,
			asset=fridge_a1.name,
			priority="High",
			channel="Phone",
			status="In Progress",
		),
		_ticket(customer, "POS terminal freezes at checkout", admin_a1, asset=pos_a1.name, channel="Portal"),
		_ticket(
			customer,
			"Display case door seal worn",
			None,
			asset=fridge_a2.name,
			channel="E-mail",
			status="Resolved",
		),
		_ticket(
			customer,
			"Shelf lighting flickers",
			None,
			location=store_a2,
			channel="Phone",
			status="Waiting for Customer",
		),
	]


def _logistics_client(kit, models, start, policy) -> list[str]:
	customer = make_customer(LOGISTICS, tier="Silver")
	depot = make_address(customer, "Depot North", "7 Freight Way", "Worcester")
	dispatcher = make_contact(customer, "Maria", "Santos", "maria.santos@atlas-logistics.example")
	forklift = make_customer_equipment(kit, customer, models["FORKLIFT-E25"], "Forklift 12", depot, 18000)
	make_contract(
		customer, start, end=str(add_days(add_months(start, 12), -1)), policy=policy
	)  # customer-wide
	return [
		_ticket(
			customer,
			"Forklift 12 battery drains overnight",
			dispatcher,
			asset=forklift.name,
			priority="Urgent",
			channel="Mobile",
		),
		_ticket(
			customer,
			"Quarterly safety inspection",
			dispatcher,
			location=depot,
			channel="Planned",
			status="Closed",
		),
	]


def _ticket(
	customer, subject, contact, asset=None, location=None, priority="Medium", channel="Phone", status="Open"
) -> str:
	ticket = frappe.get_doc(
		{
			"doctype": "Service Ticket",
			"subject": subject,
			"opened_on": add_to_date(now_datetime(), days=-21),
			"customer": customer,
			"contact": contact,
			"asset": asset,
			"service_location": location,
			"priority": priority,
			"channel": channel,
			"status": status,
			"description": subject,
		}
	).insert(ignore_permissions=True)
	return ticket.name
