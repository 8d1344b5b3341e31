"""Demo data: `bench --site SITE execute b2b_helpdesk.demo.create`, then `... execute b2b_helpdesk.demo.logins`.

Two client companies with contacts, service locations, equipment and contracts; a signed-in
user for each role (`people.py`); a year of tickets with their history (`history.py`), the
engineers' time, trips and parts on them (`work.py`) and the retail contract's monthly acts
(`billing.py`), so every report has something to show. Safe to run twice: a second run finds
the demo customers and does nothing. It refuses a site that has tickets or contracts of its own.
"""

import frappe
from frappe import _
from frappe.utils import add_days, add_months, get_first_day, nowdate

from b2b_helpdesk.demo import extras, people
from b2b_helpdesk.demo.billing import monthly_acts
from b2b_helpdesk.demo.clients import make_address, make_contact, make_contract, make_customer
from b2b_helpdesk.demo.erp_setup import (
	ensure_equipment_kit,
	ensure_equipment_model,
	ensure_erp_ready,
	make_customer_equipment,
)
from b2b_helpdesk.demo.history import MONTH, MONTHS, close_ticket, current_tickets, year_of_tickets
from b2b_helpdesk.demo.service_levels import HOUR, make_holiday_list, make_policy
from b2b_helpdesk.demo.work import (
	ensure_fiscal_years,
	log_ticket_work,
	make_engineer,
	retail_plan,
	stock_vans,
)

RETAIL = "Nordic Retail Group"
LOGISTICS = "Atlas Logistics"
DEMO_CUSTOMERS = (RETAIL, LOGISTICS)
LOGISTICS_MONTHS = 9  # the logistics contract began nine months ago: older tickets had none
TERRITORY = "Boston Harbour"
# slots of `history.MONTH` the engineers log work on: slot → (trip, parts)
WORKED_SLOTS = {0: (True, False), 3: (False, True), 5: (True, False)}


def create() -> dict:
	"""Entry point of `bench execute`: build the demo and commit it."""
	if frappe.db.exists("Customer", RETAIL):
		print(_("Demo data is already there (customer {0}).").format(RETAIL))
		return {"created": False}
	own = own_records()
	if own:
		print(_("This site has records of its own ({0}): the demo leaves it alone.").format(own))
		return {"created": False, "refused": own}
	summary = build()
	frappe.db.commit()
	print(
		_("Demo data created: {0} tickets, {1} acts.").format(len(summary["tickets"]), len(summary["acts"]))
	)
	logins()
	return {"created": True, "tickets": len(summary["tickets"]), "acts": len(summary["acts"])}


def own_records() -> str:
	"""What the site holds that is not the demo's: tickets, contracts or acts of other customers."""
	found = []
	for doctype, field in (
		("Service Ticket", "customer"),
		("Contract", "party_name"),
		("Service Act", "customer"),
	):
		count = frappe.db.count(doctype, {field: ("not in", DEMO_CUSTOMERS)})
		if count:
			found.append(f"{count} {doctype}")
	return ", ".join(found)


def logins() -> None:
	"""Print who signs in where (`bench --site SITE execute b2b_helpdesk.demo.logins`)."""
	rows = login_rows()
	width = max((len(row.role) for row in rows), default=10)
	login_width = max((len(row.user) for row in rows), default=10)
	print(_("Demo logins (password {0}):").format(people.DEMO_PASSWORD))
	for row in rows:
		print(f"  {row.role:<{width}}  {row.user:<{login_width}}  {row.where}")


def login_rows() -> list[people.Login]:
	"""The demo's users that exist on this site, in the order of the README's table."""
	return [row for row in people.login_table(demo_users()) if frappe.db.exists("User", row.user)]


def demo_users() -> dict[str, str]:
	staff = {
		key: f"{mail}@{people.STAFF_DOMAIN}"
		for key, mail in (
			("dispatcher", "dispatcher"),
			("ivan", "ivan.petrov"),
			("ana", "ana.costa"),
			("accountant", "accountant"),
			("manager", "manager"),
		)
	}
	return {
		**staff,
		"store_admin": "anna.berg@nordic-retail.example",
		"territory_manager": "olga.strand@nordic-retail.example",
		"head_office": "erik.lund@nordic-retail.example",
	}


def build() -> dict:
	"""Create the demo records in the current transaction (nothing when they are there already)."""
	if frappe.db.exists("Customer", RETAIL):
		return {"created": False, "tickets": [], "acts": []}
	company = ensure_erp_ready()
	kit = ensure_equipment_kit(company)
	models = {
		"FRIDGE-X200": ensure_equipment_model("FRIDGE-X200", "Refrigerated display case X200"),
		"POS-T5": ensure_equipment_model("POS-T5", "POS terminal T5"),
		"FORKLIFT-E25": ensure_equipment_model("FORKLIFT-E25", "Electric forklift E25"),
	}
	start = get_first_day(add_months(nowdate(), -MONTHS))
	ensure_fiscal_years(company, add_days(start, -1))
	policies = _policies()
	retail = _retail_client(kit, models, str(start), policies["retail"], retail_plan())
	logistics = _logistics_client(kit, models, policies["logistics"])
	crew = _crew(company, retail)
	stock_vans(company, list(crew["vans"].values()), add_days(start, -1))

	targets = {**retail["targets"], **logistics["targets"]}
	held = year_of_tickets(targets, WORKED_SLOTS)
	history = [name for name, _closing in held]
	_log_year_work(history, crew)
	for name, closing in held:
		if closing:
			close_ticket(name, closing)
	today = current_tickets(targets)
	_work_on_today(today, crew)
	ratings = extras.rate_history(history)
	planned = extras.plan_visit(today["pos"], crew["employees"]["ana"])
	article = extras.knowledge_article("FRIDGE-X200")
	employees, users = crew["employees"], crew["users"]
	routed = extras.routing_profiles(
		{
			"ivan": (employees["ivan"], users["ivan"], ("FRIDGE-X200", "POS-T5"), None),
			"ana": (employees["ana"], users["ana"], ("FRIDGE-X200", "FORKLIFT-E25"), TERRITORY),
		}
	)
	acts = monthly_acts(retail["contract"], MONTHS, users["accountant"], users["head_office"])
	maintenance = extras.maintenance_plan(
		company, logistics["targets"]["forklift"]["asset"], users["manager"], users["ana"]
	)
	return {
		"created": True,
		"customers": list(DEMO_CUSTOMERS),
		"tickets": history + list(today.values()),
		"today": today,
		"acts": acts,
		"contract": retail["contract"],
		"users": users,
		"ratings": ratings,
		"planned_visit": planned,
		"article": article,
		"routed_engineers": routed,
		"planned_maintenance": maintenance,
	}


def _policies() -> dict[str, str]:
	year = int(nowdate()[:4])
	holidays = [
		make_holiday_list(
			f"US Holidays {y}",
			y,
			(f"{y}-01-01", f"{y}-05-25", f"{y}-07-03", f"{y}-09-07", f"{y}-11-26", f"{y}-12-25"),
		)
		for y in (year - 1, year)
	]
	retail = make_policy(
		"Retail Gold 8-20",
		working_hours=[
			{"weekday": day, "start_time": "08:00", "end_time": "20:00"}
			for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
		],
		holiday_list=holidays[-1],
		stage_limits=[{"status": "Open", "max_time": 1 * HOUR}],
	)
	logistics = make_policy(
		"Logistics 24x7", always_on=True, response_hours={"Low": 8, "Medium": 2, "High": 1, "Urgent": 0.5}
	)
	return {"retail": retail.name, "logistics": logistics.name}


def _retail_client(kit, models, start, policy, billing_plan) -> dict:
	customer = make_customer(RETAIL, tier="Gold", account_manager="Administrator")
	store_a1 = make_address(customer, "Store A1 Downtown", "1 Market Street", "Boston")
	store_a2 = make_address(customer, "Store A2 Harbour", "40 Harbour Road", "Boston")
	make_address(customer, "Head Office", "100 Main Street", "Boston")
	_territory_of(store_a2)
	store_admin = make_contact(customer, "Anna", "Berg", "anna.berg@nordic-retail.example", "+1 617 555 0101")
	head_office = make_contact(customer, "Erik", "Lund", "erik.lund@nordic-retail.example", "+1 617 555 0102")
	area = make_contact(customer, "Olga", "Strand", "olga.strand@nordic-retail.example", "+1 617 555 0103")

	def equipment(model, name, store, value):
		return make_customer_equipment(kit, customer, models[model], name, store, value).name

	fridge_a1 = equipment("FRIDGE-X200", "Display case A1-01", store_a1, 4800)
	pos_a1 = equipment("POS-T5", "POS terminal A1-03", store_a1, 900)
	fridge_a2 = equipment("FRIDGE-X200", "Display case A2-01", store_a2, 4800)
	pos_a2 = equipment("POS-T5", "POS terminal A2-02", store_a2, 900)
	# Store A1 is under contract; at Store A2 only the display case is.
	contract = make_contract(
		customer, start, locations=(store_a1,), assets=(fridge_a2,), policy=policy, billing_plan=billing_plan
	)
	a1 = {"customer": customer, "contact": store_admin}
	a2 = {"customer": customer, "contact": area}
	return {
		"contract": contract.name,
		"stores": {"a1": store_a1, "a2": store_a2},
		"contacts": {"store_admin": store_admin, "head_office": head_office, "territory_manager": area},
		"targets": {
			"fridge_a1": {**a1, "asset": fridge_a1},
			"pos_a1": {**a1, "asset": pos_a1},
			"fridge_a2": {**a2, "asset": fridge_a2},
			"pos_a2": {**a2, "asset": pos_a2},
			"store_a2": {**a2, "service_location": store_a2},
		},
	}


def _territory_of(store: str) -> None:
	"""Store A2 lies in the territory the client's area manager looks after."""
	if not frappe.db.exists("Territory", TERRITORY):
		frappe.get_doc(
			{"doctype": "Territory", "territory_name": TERRITORY, "parent_territory": "All Territories"}
		).insert(ignore_permissions=True)
	frappe.db.set_value("Address", store, "b2b_territory", TERRITORY)


def _logistics_client(kit, models, policy) -> dict:
	customer = make_customer(LOGISTICS, tier="Silver")
	depot = make_address(customer, "Depot North", "7 Freight Way", "Worcester")
	dispatcher = make_contact(customer, "Maria", "Santos", "maria.santos@atlas-logistics.example")
	forklift = make_customer_equipment(kit, customer, models["FORKLIFT-E25"], "Forklift 12", depot, 18000)
	start = str(get_first_day(add_months(nowdate(), -LOGISTICS_MONTHS)))
	contract = make_contract(customer, start, end=str(add_days(add_months(start, 12), -1)), policy=policy)
	site = {"customer": customer, "contact": dispatcher}
	return {
		"contract": contract.name,
		"targets": {
			"forklift": {**site, "asset": forklift.name},
			"depot": {**site, "service_location": depot},
		},
	}


def _crew(company: str, retail: dict) -> dict:
	"""The office's users, the engineers' Employees and vans, the client's portal users."""
	users = people.staff()
	employees, vans = {}, {}
	for key, first, last, rate in (("ivan", "Ivan", "Petrov", 45), ("ana", "Ana", "Costa", 52)):
		employees[key] = make_engineer(company, first, last, rate)
		people.link_employee(employees[key], users[key])
		vans[key] = people.van_of(company, users[key], f"Van {first}")
	contacts, stores = retail["contacts"], retail["stores"]
	users["store_admin"] = people.portal_user(
		contacts["store_admin"], "Listed Locations", locations=(stores["a1"],)
	)
	users["territory_manager"] = people.portal_user(
		contacts["territory_manager"], "Territory", territory=TERRITORY
	)
	users["head_office"] = people.portal_user(contacts["head_office"], "Whole Company", may_accept=True)
	return {"users": users, "employees": employees, "vans": vans}


def _log_year_work(history: list[str], crew: dict) -> None:
	"""The engineers' time, trips and parts on the tickets they fixed over the year."""
	busy = {"ivan": [], "ana": []}
	for index, ticket in enumerate(history):
		slot = index % len(MONTH)
		if slot not in WORKED_SLOTS:
			continue
		trip, parts = WORKED_SLOTS[slot]
		key = ("ivan", "ana")[(index // len(MONTH) + slot) % 2]
		log_ticket_work(ticket, crew["employees"][key], crew["vans"][key], index, trip, parts, busy[key])


def _work_on_today(today: dict[str, str], crew: dict) -> None:
	"""Today's jobs are assigned; the fixed door seal has its time and parts logged."""
	from frappe.desk.form.assign_to import add as assign_to

	users = crew["users"]
	for key, engineer in (("cooling", "ivan"), ("seal", "ana"), ("battery", "ana"), ("dock", "ivan")):
		assign_to(
			{"assign_to": [users[engineer]], "doctype": "Service Ticket", "name": today[key]},
			ignore_permissions=True,
		)
	log_ticket_work(today["seal"], crew["employees"]["ana"], crew["vans"]["ana"], 1, False, True)
