"""Issue 15 at scale: the Service KPIs report and the Client Overview page over 100,000 tickets.

Run from the bench's sites folder with the bench's Python:

	cd ~/frappe-bench/sites && B2B_BENCH_SITE=SITE B2B_SCALE_TICKETS=100000 \\
		~/frappe-bench/env/bin/python /path/to/b2b_helpdesk/benchmarks/insight.py

It loads the world of `ticket_scale.py` (its loader, imported: 200 clients, a year of tickets, 200
engineers, assignments) inside one transaction that is rolled back (`site_harness.rolled_back`), then
times, best of 3, as the Administrator:
- Service KPIs, 12 months by client, against a bare SQL aggregate of the same figures (one GROUP BY of
  the tickets with the medians from the concatenated values, the backlog GROUP BY, the visits and
  ratings joins);
- the Client Overview of one client against bare SQL reads of the same figures;
and prints each ratio with `goal met` or `goal NOT met` (goal: within 3x).
"""

import sys
from pathlib import Path

import frappe
from frappe.utils import add_days, add_months, getdate, now_datetime

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ticket_scale
from site_harness import best_of, connect, rolled_back, row_counts

GOAL = 3.0


def kpi_report(now) -> None:
	from b2b_helpdesk.service_desk.report.service_kpis.service_kpis import execute

	filters = {"from_date": add_days(now, -365).date(), "to_date": now.date(), "group_by": "Client"}
	window = (filters["from_date"], add_days(filters["to_date"], 1))

	def bare():
		frappe.db.sql("set session group_concat_max_len = 100000000")
		rows = frappe.db.sql(
			"""select ifnull(t.customer, ''), count(*), sum(t.sla_state = 'Met'), sum(t.sla_state = 'Breached'),
				sum(t.status in ('Resolved', 'Closed')), sum(t.reopen_count > 0),
				group_concat(t.first_response_time), group_concat(t.resolution_time)
			from `tabService Ticket` t where t.opened_on >= %s and t.opened_on < %s group by 1""",
			window,
		)
		backlog = frappe.db.sql(
			"""select customer, count(*), avg(timestampdiff(second, opened_on, %s)) from `tabService Ticket`
			where status in ('Open', 'In Progress', 'Waiting for Customer', 'Waiting for Third Party')
			and opened_on < %s group by 1""",
			(now, window[1]),
		)
		visits = frappe.db.sql(
			"""select v.service_ticket, count(*) from `tabService Visit` v join `tabService Ticket` t
			on t.name = v.service_ticket where t.opened_on >= %s and t.opened_on < %s group by 1""",
			window,
		)
		ratings = frappe.db.sql(
			"""select t.customer, avg(r.rating) from `tabService Ticket Rating` r join `tabService Ticket` t
			on t.name = r.service_ticket where t.opened_on >= %s and t.opened_on < %s group by 1""",
			window,
		)
		medians = {r[0]: (r[1], ticket_scale.median_of(r[6]), ticket_scale.median_of(r[7])) for r in rows}
		return medians, backlog, visits, ratings

	figures, *_rest = bare()
	_columns, data, *_ = execute(filters)
	same = {r["group"]: r["tickets"] for r in data if r["tickets"]} == {k: v[0] for k, v in figures.items()}
	medians = all(
		r["median_first_response"] == round(figures[r["group"]][1] / 3600, 2)
		for r in data
		if r["group"] in figures
	)
	print(
		f"  Service KPIs: {len(data)} clients, ticket counts {'equal' if same else 'DIFFER from'} the bare SQL, "
		f"medians {'equal' if medians else 'DIFFER'}"
	)
	ticket_scale.report(
		"Service KPIs, 12 months by client",
		best_of(lambda: execute(filters), runs=3),
		best_of(bare, runs=3),
		GOAL,
	)


def client_page(now, customer: str) -> None:
	from b2b_helpdesk.insight.client_overview import get_client_overview

	start = add_months(getdate(now).replace(day=1), -11)

	def bare():
		return (
			frappe.db.sql(
				"""select status, sla_state, count(*) from `tabService Ticket` where customer = %s
				and status in ('Open', 'In Progress', 'Waiting for Customer', 'Waiting for Third Party') group by 1, 2""",
				customer,
			),
			frappe.db.sql(
				"""select date_format(opened_on, '%%Y-%%m'), count(*), sum(sla_state = 'Met'),
				sum(sla_state in ('Met', 'Breached')) from `tabService Ticket` where customer = %s and opened_on >= %s
				group by 1""",
				(customer, start),
			),
			frappe.db.sql(
				"""select date_format(rated_on, '%%Y-%%m'), avg(rating) from `tabService Ticket Rating`
				where customer = %s and rated_on >= %s group by 1""",
				(customer, start),
			),
			frappe.db.sql(
				"select name, end_date from `tabContract` where party_name = %s and docstatus = 1", customer
			),
			frappe.db.sql(
				"""select name, act_status from `tabService Act` where customer = %s and docstatus = 1
				and act_status in ('Submitted', 'Disputed')""",
				customer,
			),
			frappe.db.sql(
				"""select sum(outstanding_amount), sum(if(due_date < curdate(), outstanding_amount, 0))
				from `tabSales Invoice` where customer = %s and docstatus = 1 and outstanding_amount > 0""",
				customer,
			),
			frappe.db.sql(
				"""select a.name, count(t.name) from `tabAsset` a left join `tabService Ticket` t on t.asset = a.name
				and t.opened_on >= %s where a.customer = %s group by 1""",
				(add_days(now, -365), customer),
			),
			frappe.db.sql(
				"""select name from `tabService Ticket` where customer = %s and escalation_level > 0
				and status in ('Open', 'In Progress', 'Waiting for Customer', 'Waiting for Third Party')""",
				customer,
			),
			frappe.db.sql(
				"""select c.name, c.b2b_portal_access from `tabContact` c join `tabDynamic Link` l on l.parent = c.name
				and l.parenttype = 'Contact' where l.link_doctype = 'Customer' and l.link_name = %s""",
				customer,
			),
		)

	overview = get_client_overview(customer)
	open_total = sum(r[2] for r in bare()[0])
	print(
		f"  Client Overview of {customer}: {overview['open_tickets']['total']} open tickets "
		f"({'equal' if open_total == overview['open_tickets']['total'] else 'DIFFER from'} the bare SQL)"
	)
	ticket_scale.report(
		"Client Overview, one client",
		best_of(lambda: get_client_overview(customer), runs=3),
		best_of(bare, runs=3),
		GOAL,
	)


def main() -> None:
	connect(ticket_scale.SITE, ticket_scale.BENCH)
	ticket_scale.NOW = now_datetime().replace(microsecond=0)
	before = row_counts(ticket_scale.COUNTED)
	with rolled_back("insight", []):
		frappe.set_user("Administrator")
		print(f"building {ticket_scale.TICKETS:,} tickets on {ticket_scale.SITE} …", flush=True)
		w = ticket_scale.build_world()
		kpi_report(ticket_scale.NOW)
		client_page(ticket_scale.NOW, w.customers[0])
	after = row_counts(ticket_scale.COUNTED)
	print("site left as found" if before == after else f"ROW COUNTS CHANGED: {before} -> {after}")


if __name__ == "__main__":
	main()
