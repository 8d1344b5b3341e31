"""The billing side of `scale.py`'s world, and its two billing reports against bare SQL.

On top of `ticket_scale.build_world()` (tickets of 200 clients over a year), bulk-inserted as test
data inside the same rolled-back transaction:
- one Service Billing Plan (monthly, fee 500, allowance 20 h, overage 90/h, rate 120/h) made the
  normal way, with its items and an Activity Type;
- a submitted contract on that plan for every client (all its tickets point at it);
- a submitted Timesheet per engineer and one labour line per ticket (15 min to 3 h, at the ticket's
  opening, 9 in 10 billable, costing 50/h), and a Service Visit (cost 30, not billable) for every
  fourth ticket;
- acts: every contract's months from a year ago to two months ago Invoiced; last month's act
  Accepted, Submitted, Disputed, Draft or not made yet (one contract in six); every line of an
  acted month claimed (`b2b_billed_in` and a Service Billing Claim) except one in a hundred, which
  the Period Closing report lists as late.
"""

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

import ticket_scale
from ticket_scale import TAG

import frappe
from frappe.utils import add_days, add_months, get_first_day, get_last_day, getdate

PLAN = {
	"billing_unit": "Hours",
	"allowance_unit": "Hours",
	"billing_period": "Monthly",
	"subscription_fee": 500,
	"allowance": 20,
	"overage_rate": 90,
	"default_rate": 120,
	"rounding_minutes": 15,
	"minimum_minutes": 0,
}
COSTING_RATE = 50.0
VISIT_COST = 30.0
LAST_MONTH_STATUSES = ("Accepted", "Accepted", "Submitted", "Disputed", "Draft", None)
rng = random.Random(1212)


def build(w) -> frappe._dict:
	"""Plan, contracts, timesheets, visits, acts and claims for the world's tickets."""
	from b2b_helpdesk.setup.company import default_company
	from tests.integration.billing_factories import make_activity_type, make_item

	now = ticket_scale.NOW
	company = default_company()
	currency = frappe.get_cached_value("Company", company, "default_currency")
	activity = make_activity_type(f"{TAG} Repair")
	items = {
		"fee_item": make_item(f"{TAG}-fee", stock=False),
		"labour_item": make_item(f"{TAG}-labour", stock=False, uom="Hour"),
		"trip_item": make_item(f"{TAG}-trip", stock=False),
	}
	plan = frappe.get_doc(
		{
			"doctype": "Service Billing Plan",
			"plan_name": f"{TAG} Monthly Hours",
			"currency": currency,
			**PLAN,
			**items,
		}
	).insert()
	contract_of = {customer: f"{TAG}-K{c:03}" for c, customer in enumerate(w.customers)}
	insert(
		"Contract",
		[
			{
				"name": contract,
				"docstatus": 1,
				"party_type": "Customer",
				"party_name": customer,
				"status": "Active",
				"start_date": add_days(now, -400).date(),
				"end_date": add_days(now, 365).date(),
				"contract_terms": "Scale benchmark",
				"b2b_billing_plan": plan.name,
			}
			for customer, contract in contract_of.items()
		],
	)
	frappe.db.sql(
		"""update `tabService Ticket` t join `tabContract` k on k.party_name = t.customer
		set t.contract = k.name where t.name like %s and k.name like %s""",
		(f"{TAG}-T%", f"{TAG}-K%"),
	)
	timesheets = [f"{TAG}-TS{e:03}" for e in range(len(w.engineers))]
	insert(
		"Timesheet",
		[
			{
				"name": name,
				"docstatus": 1,
				"naming_series": "TS-.YYYY.-",
				"company": company,
				"status": "Submitted",
				"start_date": add_days(now, -366).date(),
				"end_date": now.date(),
			}
			for name in timesheets
		],
	)
	tickets = frappe.db.sql(
		"select name, contract, opened_on from `tabService Ticket` where name like %s order by name",
		f"{TAG}-T%",
	)
	lines, visits = [], []
	for index, (ticket, contract, opened) in enumerate(tickets):
		minutes = 15 * rng.randint(1, 12)
		start = opened + timedelta(hours=1)
		lines.append(
			{
				"name": f"{TAG}-TD{index:06}",
				"docstatus": 1,
				"parent": timesheets[index % len(timesheets)],
				"parenttype": "Timesheet",
				"parentfield": "time_logs",
				"idx": index // len(timesheets) + 1,
				"activity_type": activity,
				"from_time": start,
				"to_time": start + timedelta(minutes=minutes),
				"hours": minutes / 60,
				"billing_hours": minutes / 60,
				"is_billable": int(rng.random() < 0.9),
				"costing_rate": COSTING_RATE,
				"costing_amount": round(minutes / 60 * COSTING_RATE, 2),
				"b2b_service_ticket": ticket,
				"b2b_contract": contract,  # not a column: dropped below
			}
		)
		if index % 4 == 0:
			visits.append(
				{
					"name": f"{TAG}-SV{index:06}",
					"naming_series": "SV-.YYYY.-",
					"service_ticket": ticket,
					"contract": contract,
					"departed_on": opened + timedelta(minutes=30),
					"returned_on": opened + timedelta(hours=2),
					"billable": 0,
					"cost": VISIT_COST,
				}
			)
	acts, claims, billed = make_acts(contract_of, lines, visits, company, currency, plan.name, now)
	for line in lines:
		line.pop("b2b_contract")
		line["b2b_billed_in"] = billed.get(f"Timesheet Detail:{line['name']}")
	for visit in visits:
		visit["b2b_billed_in"] = billed.get(f"Service Visit:{visit['name']}")
	insert("Timesheet Detail", lines)
	insert("Service Visit", visits)
	insert("Service Act", acts)
	insert("Service Billing Claim", claims)
	return frappe._dict(
		plan=plan.name,
		contracts=sorted(contract_of.values()),
		lines=len(lines),
		visits=len(visits),
		acts=len(acts),
		claims=len(claims),
	)


def make_acts(contract_of, lines, visits, company, currency, plan, now):
	"""The acts of the past months and the claims of their lines: (acts, claims, source -> act)."""
	this_month = get_first_day(now)
	last_month = add_months(this_month, -1)
	first_month = add_months(this_month, -12)
	by_month: dict[tuple[str, date], list[tuple[str, datetime, str, float]]] = defaultdict(list)
	contract_of_ticket = {line["b2b_service_ticket"]: line["b2b_contract"] for line in lines}
	for line in lines:
		month = get_first_day(line["from_time"])
		source = f"Timesheet Detail:{line['name']}"
		by_month[(line["b2b_contract"], month)].append(
			(source, line["from_time"], line["b2b_service_ticket"], line["hours"])
		)
	for visit in visits:
		month = get_first_day(visit["departed_on"])
		by_month[(contract_of_ticket[visit["service_ticket"]], month)].append(
			(f"Service Visit:{visit['name']}", visit["departed_on"], visit["service_ticket"], 0.0)
		)
	acts, claims, billed = [], [], {}
	customer_of = {contract: customer for customer, contract in contract_of.items()}
	for c, contract in enumerate(sorted(customer_of)):
		month = first_month
		while month <= last_month:
			status = "Invoiced" if month < last_month else LAST_MONTH_STATUSES[c % len(LAST_MONTH_STATUSES)]
			if status:
				name = f"{TAG}-A{c:03}-{month:%Y%m}"
				rows = by_month.get((contract, getdate(month)), [])
				hours = sum(r[3] for r in rows)
				total = PLAN["subscription_fee"] + max(0, hours - PLAN["allowance"]) * PLAN["overage_rate"]
				acts.append(
					{
						"name": name,
						"naming_series": "SA-.YYYY.-",
						"docstatus": 0 if status == "Draft" else 1,
						"contract": contract,
						"customer": customer_of[contract],
						"company": company,
						"from_date": getdate(month),
						"to_date": get_last_day(month),
						"act_date": add_days(get_last_day(month), 1),
						"act_status": status,
						"billing_plan": plan,
						"currency": currency,
						"net_total": total,
						"grand_total": total,
					}
				)
				for source, when, ticket, qty in rows:
					if rng.random() < 0.01:
						continue  # left unclaimed: a late line
					billed[source] = name
					claims.append(
						{
							"name": source,
							"source": source,
							"service_act": name,
							"date": getdate(when),
							"service_ticket": ticket,
							"kind": "Labour" if source.startswith("Timesheet") else "Trip",
							"qty": qty,
						}
					)
			month = add_months(month, 1)
	return acts, claims, billed


def insert(doctype: str, rows: list[dict]) -> None:
	"""Bulk-insert test rows; a row's own values (e.g. docstatus) win over the standard ones."""
	if not rows:
		return
	now = ticket_scale.NOW
	std = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator"}
	full = [{"docstatus": 0, **std, **row} for row in rows]
	frappe.db.bulk_insert(doctype, list(full[0]), [tuple(row.values()) for row in full], chunk_size=5000)


# --- Contract Profitability ----------------------------------------------------------------------


def profitability_filters(now) -> dict:
	return {
		"from_date": get_first_day(add_months(now, -12)),
		"to_date": get_last_day(add_months(now, -1)),
		"group_by": "Contract",
	}


def profitability_bare(filters: dict, contracts: list[str]):
	"""The same figures' sources in bare SQL: per contract and month, the labour lines' hours and
	cost by billable or not, the visits' cost, the materials' value (it does not price)."""
	bounds = {
		"contracts": contracts,
		"start": filters["from_date"],
		"end": add_days(filters["to_date"], 1),
	}
	labour = frappe.db.sql(
		"""select st.contract, date_format(td.from_time, '%%Y-%%m'), td.is_billable, td.activity_type,
			count(*), sum(td.hours), sum(td.costing_amount)
		from `tabTimesheet Detail` td join `tabTimesheet` ts on ts.name = td.parent
		join `tabService Ticket` st on st.name = td.b2b_service_ticket
		where ts.docstatus = 1 and st.contract in %(contracts)s
			and td.from_time >= %(start)s and td.from_time < %(end)s
		group by 1, 2, 3, 4""",
		bounds,
	)
	trips = frappe.db.sql(
		"""select st.contract, date_format(sv.departed_on, '%%Y-%%m'), count(*), sum(sv.cost)
		from `tabService Visit` sv join `tabService Ticket` st on st.name = sv.service_ticket
		where st.contract in %(contracts)s and sv.departed_on >= %(start)s and sv.departed_on < %(end)s
		group by 1, 2""",
		bounds,
	)
	materials = frappe.db.sql(
		"""select st.contract, se.posting_date, count(*), sum(sed.amount)
		from `tabStock Entry Detail` sed join `tabStock Entry` se on se.name = sed.parent
		join `tabService Ticket` st on st.name = se.b2b_service_ticket
		where se.docstatus = 1 and se.purpose = 'Material Issue' and st.contract in %(contracts)s
			and se.posting_date >= %(start)s and se.posting_date < %(end)s
		group by 1, 2""",
		bounds,
	)
	return labour, trips, materials


def profitability(goal_line, best_of, now, contracts: list[str]) -> None:
	from b2b_helpdesk.service_billing.report.contract_profitability.contract_profitability import execute

	filters = profitability_filters(now)
	labour, trips, _materials = profitability_bare(filters, contracts)
	_columns, data = execute(filters)
	ours = {row["group"]: row for row in data if row["group"] in contracts}
	cost = defaultdict(float)
	for contract, _month, _billable, _activity, _n, _hours, amount in labour:
		cost[contract] += float(amount)
	trip = defaultdict(float)
	for contract, _month, _n, amount in trips:
		trip[contract] += float(amount)
	same = len(ours) == len(contracts) and all(
		abs(ours[k]["labour_cost"] - cost[k]) < 0.01 and abs(ours[k]["trip_cost"] - trip[k]) < 0.01
		for k in contracts
	)
	revenue = sum(row["revenue"] for row in ours.values())
	print(
		f"  Contract Profitability: {len(ours)} contracts x {len({r[1] for r in labour})} months, "
		f"revenue {revenue:,.2f}, labour and trip cost per contract "
		f"{'equal to' if same else 'DIFFER from'} the bare SQL",
		flush=True,
	)
	goal_line(
		"Contract Profitability, 12 months by contract",
		best_of(lambda: execute(filters), runs=2),
		best_of(lambda: profitability_bare(filters, contracts), runs=2),
		1.5,
	)


# --- Service Act Period Closing ------------------------------------------------------------------

LATE_SQL = """
	select count(*) from (
		select st.contract, date(td.from_time) as day, td.b2b_billed_in as claimed_by
		from `tabTimesheet Detail` td
		join `tabTimesheet` ts on ts.name = td.parent and ts.docstatus = 1
		join `tabService Ticket` st on st.name = td.b2b_service_ticket
		union all
		select st.contract, date(sv.departed_on), sv.b2b_billed_in
		from `tabService Visit` sv join `tabService Ticket` st on st.name = sv.service_ticket
		union all
		select st.contract, se.posting_date, se.b2b_billed_in
		from `tabStock Entry Detail` sed
		join `tabStock Entry` se on se.name = sed.parent and se.docstatus = 1 and se.purpose = 'Material Issue'
		join `tabService Ticket` st on st.name = se.b2b_service_ticket
	) line join (
		select contract, max(to_date) as until from `tabService Act` where docstatus < 2 group by contract
	) act on act.contract = line.contract
	where ifnull(line.claimed_by, '') = '' and line.day <= act.until
"""


def closing_bare(day: date):
	"""The same figures in bare SQL: each contract to bill with its customer and the act of the
	period, and the count of late lines."""
	rows = frappe.db.sql(
		"""select k.name, k.party_name, a.name, a.act_status, a.grand_total, a.sales_invoice
		from `tabContract` k left join `tabService Act` a on a.contract = k.name and a.docstatus < 2
			and a.from_date <= %(day)s and a.to_date >= %(day)s
		where k.docstatus = 1 and k.party_type = 'Customer' and ifnull(k.b2b_billing_plan, '') != ''
			and ifnull(k.start_date, %(day)s) <= last_day(%(day)s)
			and ifnull(k.end_date, %(day)s) >= %(day)s - interval (day(%(day)s) - 1) day""",
		{"day": day},
	)
	return rows, frappe.db.sql(LATE_SQL)[0][0]


def period_closing(goal_line, best_of, now) -> None:
	from b2b_helpdesk.service_billing.report.service_act_period_closing.service_act_period_closing import (
		execute,
	)

	day = add_months(getdate(now), -1)
	filters = {"day": day}
	rows, late = closing_bare(day)
	_columns, data, _message, _chart, summary = execute(filters)
	by_contract = {row[0]: row for row in rows}
	same = len(data) == len(rows) and all(
		(by_contract[r["contract"]][2], by_contract[r["contract"]][3]) == (r["act"], r["act_status"])
		for r in data
		if r["contract"] in by_contract
	)
	their_late = next(s["value"] for s in summary if s["label"] == "Unbilled Earlier Lines")
	print(
		f"  Service Act Period Closing of {day}: {len(data)} contracts, acts and statuses "
		f"{'equal to' if same else 'DIFFER from'} the bare SQL; late lines {their_late:,} "
		f"(bare SQL {late:,})",
		flush=True,
	)
	goal_line(
		"Service Act Period Closing, last month",
		best_of(lambda: execute(filters), runs=2),
		best_of(lambda: closing_bare(day), runs=2),
		1.5,
	)
