"""Routing 1,000 tickets over 200 engineers against a bare SQL pass reading the same candidate rows.

Run from the bench's sites folder with the bench's Python:

	cd ~/frappe-bench/sites && B2B_BENCH_SITE=SITE \\
		~/frappe-bench/env/bin/python /path/to/b2b_helpdesk/benchmarks/routing.py

In one transaction that is rolled back (the shared harness, `site_harness.py`), bulk-loads a
territory tree (4 regions × 5 territories), 12 ticket categories in a tree, 50 service locations,
200 Service Engineers (skills, tiers, home territory, travel zone), 1,000 open tickets, 1,500 open
assignments (ToDo) and 300 planned visits. Then, best of 3:
- (a) routing: `load_engineers()` (skills, tiers, territories, calendars, load in business hours)
  + `jobs_of()` for the 1,000 tickets + the engine's `rank()` of the 200 engineers for each ticket;
- (b) a bare SQL pass reading the same rows: the engineers, their skills and tiers, the open
  assignments with their tickets, the planned visits, the tickets with their location's territory,
  the two trees — fetched as tuples, nothing computed.
Prints both times and `ratio: <a / b>`; checks the row counts are as found afterwards.
"""

import os
import sys
from datetime import timedelta

import site_harness

import frappe
from frappe.utils import now_datetime

from b2b_helpdesk.engine.routing import rank
from b2b_helpdesk.field_service.routing_data import jobs_of, load_engineers

SITE = os.environ.get("B2B_BENCH_SITE") or sys.exit("set B2B_BENCH_SITE to the site to measure on")
BENCH = os.environ.get("B2B_BENCH", "~/frappe-bench")
ENGINEERS, TICKETS, ASSIGNMENTS, VISITS, LOCATIONS = 200, 1000, 1500, 300, 50
MARK = "ZZRT"
COUNTED = ("Service Ticket", "Service Engineer", "ToDo", "Service Visit", "Territory", "Address")


def build() -> list[str]:
	now = now_datetime()
	common = {"owner": "Administrator", "modified_by": "Administrator", "creation": now, "modified": now}
	regions = [f"{MARK} Region {r}" for r in range(4)]
	territories = [f"{MARK} T{r}-{t}" for r in range(4) for t in range(5)]
	_tree(
		"Territory", "parent_territory", "territory_name", "All Territories", regions, territories, 5, common
	)
	root = frappe.db.get_value(
		"Service Ticket Category", {"is_group": 1, "parent_service_ticket_category": ("is", "not set")}
	)
	groups = [f"{MARK} Group {g}" for g in range(3)]
	leaves = [f"{MARK} Cat {g}-{c}" for g in range(3) for c in range(3)]
	_tree(
		"Service Ticket Category",
		"parent_service_ticket_category",
		"category_name",
		root,
		groups,
		leaves,
		3,
		common,
	)
	frappe.db.bulk_insert(
		"Address",
		["name", "address_title", "address_line1", "city", "country", "b2b_territory", *common],
		[
			(
				f"{MARK}-A{i}",
				f"{MARK} A{i}",
				"1 Street",
				"City",
				"United States",
				territories[i % 20],
				*common.values(),
			)
			for i in range(LOCATIONS)
		],
	)
	models = [f"{MARK}-M{m}" for m in range(10)]
	engineers = [f"{MARK}-E{e:03d}" for e in range(ENGINEERS)]
	frappe.db.bulk_insert(
		"Service Engineer",
		["name", "employee", "employee_name", "user", "active", "territory", "travel_zone", *common],
		[
			(e, e, e, f"{e.lower()}@bench.example", 1, territories[i % 20], regions[i % 4], *common.values())
			for i, e in enumerate(engineers)
		],
	)
	skills = [
		(
			f"{e}-s{k}",
			e,
			"skills",
			"Service Engineer",
			k,
			leaves[(i + k) % 9] if k < 2 else None,
			models[i % 10] if k == 2 else None,
			*common.values(),
		)
		for i, e in enumerate(engineers)
		for k in range(3)
	]
	frappe.db.bulk_insert(
		"Service Engineer Skill",
		["name", "parent", "parentfield", "parenttype", "idx", "category", "item", *common],
		skills,
	)
	frappe.db.bulk_insert(
		"Service Engineer Tier",
		["name", "parent", "parentfield", "parenttype", "idx", "tier", *common],
		[
			(
				f"{e}-t",
				e,
				"tiers",
				"Service Engineer",
				1,
				("Gold", "Silver", "Standard")[i % 3],
				*common.values(),
			)
			for i, e in enumerate(engineers)
			if i % 4
		],
	)
	tickets = [f"{MARK}-T{t:04d}" for t in range(TICKETS)]
	frappe.db.bulk_insert(
		"Service Ticket",
		[
			"name",
			"subject",
			"status",
			"priority",
			"opened_on",
			"category",
			"item_code",
			"service_location",
			"service_tier",
			"sla_state",
			*common,
		],
		[
			(
				name,
				"Bench",
				"Open",
				("Low", "Medium", "High", "Urgent")[t % 4],
				now,
				leaves[t % 9],
				models[t % 10],
				f"{MARK}-A{t % LOCATIONS}",
				("Gold", "Silver", "Standard")[t % 3],
				("On Track", "At Risk")[t % 7 == 0],
				*common.values(),
			)
			for t, name in enumerate(tickets)
		],
	)
	frappe.db.bulk_insert(
		"ToDo",
		["name", "status", "allocated_to", "reference_type", "reference_name", "description", *common],
		[
			(
				f"{MARK}-TD{i}",
				"Open",
				f"{engineers[i % ENGINEERS].lower()}@bench.example",
				"Service Ticket",
				tickets[i % TICKETS],
				"bench",
				*common.values(),
			)
			for i in range(ASSIGNMENTS)
		],
	)
	frappe.db.bulk_insert(
		"Service Visit",
		[
			"name",
			"naming_series",
			"service_ticket",
			"engineer",
			"planned_start",
			"planned_end",
			"confirmation",
			*common,
		],
		[
			(
				f"{MARK}-V{i}",
				"SV-.YYYY.-",
				tickets[i * 3],
				engineers[i % ENGINEERS],
				now + timedelta(days=1 + i % 5, hours=i % 8),
				now + timedelta(days=1 + i % 5, hours=i % 8 + 2),
				"Proposed",
				*common.values(),
			)
			for i in range(VISITS)
		],
	)
	frappe.db.sql("update `tabToDo` set allocated_to = lower(allocated_to) where name like %s", f"{MARK}-TD%")
	return tickets


def _tree(doctype, parent_field, title_field, root, groups, leaves, per_group, common) -> None:
	values = [(g, g, root, 1, *common.values()) for g in groups]
	values += [(leaf, leaf, groups[i // per_group], 0, *common.values()) for i, leaf in enumerate(leaves)]
	frappe.db.bulk_insert(doctype, ["name", title_field, parent_field, "is_group", *common], values)
	from frappe.utils.nestedset import rebuild_tree

	rebuild_tree(doctype)


def route(tickets: list[str]) -> int:
	engineers = [row.engine for row in load_engineers()]
	jobs = jobs_of(tickets)
	return sum(len(rank(jobs[name], engineers, limit=5)) for name in tickets)


def bare_sql(tickets: list[str]) -> int:
	sql, rows = frappe.db.sql, 0
	rows += len(
		sql(
			"select name, user, employee_name, territory, travel_zone, working_calendar, holiday_list from `tabService Engineer` where active = 1 and user is not null"
		)
	)
	rows += len(
		sql(
			"select parent, category, item from `tabService Engineer Skill` where parenttype = 'Service Engineer'"
		)
	)
	rows += len(
		sql("select parent, tier from `tabService Engineer Tier` where parenttype = 'Service Engineer'")
	)
	rows += len(
		sql(
			"select td.allocated_to, td.reference_name from `tabToDo` td join `tabService Ticket` st on st.name = td.reference_name where td.reference_type = 'Service Ticket' and td.status = 'Open' and st.status not in ('Resolved', 'Closed')"
		)
	)
	rows += len(
		sql(
			"select engineer, service_ticket, planned_start, planned_end from `tabService Visit` where departed_on is null and planned_start is not null"
		)
	)
	rows += len(
		sql(
			"select st.name, st.category, coalesce(st.item_code, eq.item_code), st.service_tier, st.sla_state, st.priority, ad.b2b_territory from `tabService Ticket` st left join `tabAddress` ad on ad.name = st.service_location left join `tabAsset` eq on eq.name = st.asset where st.name in %(t)s",
			{"t": tuple(tickets)},
		)
	)
	rows += len(sql("select name, lft, rgt from `tabTerritory`")) + len(
		sql("select name, lft, rgt from `tabService Ticket Category`")
	)
	return rows


def main() -> None:
	site_harness.connect(SITE, BENCH)
	before = site_harness.row_counts(COUNTED)
	with site_harness.rolled_back("routing.py", []):
		tickets = build()
		routed = route(tickets)
		ours, reference = site_harness.best_of_each([lambda: route(tickets), lambda: bare_sql(tickets)])
		print(
			f"routed {len(tickets)} tickets over {ENGINEERS} engineers, {routed} candidates listed (top 5 each)"
		)
		print(f"routing (load engineers + jobs + rank): {ours * 1000:.0f} ms")
		print(f"bare SQL pass over the same rows:      {reference * 1000:.0f} ms")
		print(f"ratio: {ours / reference:.1f}")
	after = site_harness.row_counts(COUNTED)
	assert before == after, f"the site was not left as found: {before} != {after}"
	print("site left as found:", after)
	frappe.destroy()


if __name__ == "__main__":
	main()
