"""A month of planned maintenance work for 10,000 tasks against a bare SQL pass over the same tasks.

Run from the bench's sites folder with the bench's Python:

	cd ~/frappe-bench/sites && B2B_BENCH_SITE=b2b-h3.localhost \\
		~/frappe-bench/env/bin/python /path/to/b2b_helpdesk/benchmarks/planned_maintenance.py

Everything happens in one transaction that is rolled back at the end (`site_harness`): 200
customers, 10,000 pieces of their equipment, one signed customer-wide contract for 180 of the
customers (the other 20 have none: their visits are flagged), and 10,000 Asset Maintenance plans
with one monthly task each (3-item checklist, an assignee) are BULK-INSERTED as test data; one real
Service Level Policy is made the normal way.

Timed, best of 3, each run in a savepoint rolled back afterwards:
- (a) the scheduled job `planned_maintenance.run` for a 30-day lead time: every ticket with its
  contract, coverage, SLA clock, checklist, status history, the assignee's ToDo, the flags for
  uncovered equipment and the ERP's next due dates;
- (b) the bare SQL pass over the same tasks: the same SELECT of the tasks, then the very rows (a)
  wrote — tickets, checklist items, status periods, ToDos — written with multi-row INSERTs, nothing
  computed; the floor of any job that writes this month's planned work;
- (c) for reference only, the SELECT of the tasks alone.
The goal is (a) <= 3 x (b). Last line: `vs_bare_sql_pass: <x>`.
"""

import os
import sys
from datetime import date
from time import perf_counter

import site_harness

import frappe

from b2b_helpdesk.bulk_sql import insert_dicts as bulk_insert
from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.field_service import planned_maintenance

SITE = os.environ.get("B2B_BENCH_SITE", "b2b-h3.localhost")
BENCH = os.environ.get("B2B_BENCH", "~/frappe-bench")
TASKS, CUSTOMERS, UNCOVERED = 10_000, 200, 20
TODAY = date(2026, 6, 1)
RUNS = 3
GOAL = 3.0
WRITTEN = ("Service Ticket", "Service Ticket Checklist Item", "Service Ticket Status Period", "ToDo")
COUNTED = ("Customer", "Asset", "Contract", "Asset Maintenance", "Asset Maintenance Task", *WRITTEN)


def stamp(name: str) -> dict:
	now = frappe.utils.now_datetime()
	return {
		"name": name,
		"creation": now,
		"modified": now,
		"owner": "Administrator",
		"modified_by": "Administrator",
	}


def build_world(tag: str) -> None:
	company = frappe.db.get_value("Company", {}, "name")
	policy = make_policy(f"PM bench {tag}", always_on=True).name
	customers = [f"PMB {tag} {c:03d}" for c in range(CUSTOMERS)]
	bulk_insert(
		"Customer",
		[
			{
				**stamp(c),
				"customer_name": c,
				"customer_type": "Company",
				"b2b_service_tier": "Gold",
				"docstatus": 0,
			}
			for c in customers
		],
	)
	bulk_insert(
		"Contract",
		[
			{
				**stamp(f"PMB-{tag}-CON-{i:03d}"),
				"party_type": "Customer",
				"party_name": c,
				"start_date": date(2026, 1, 1),
				"end_date": date(2027, 12, 31),
				"is_signed": 1,
				"docstatus": 1,
				"status": "Active",
				"contract_terms": "Preventive maintenance",
				"b2b_service_level_policy": policy,
			}
			for i, c in enumerate(customers[UNCOVERED:])
		],
	)
	assets, plans, tasks = [], [], []
	for i in range(TASKS):
		asset, plan = f"PMB-{tag}-AS-{i:05d}", f"PMB-{tag}-AM-{i:05d}"
		assets.append(
			{
				**stamp(asset),
				"asset_name": f"Lift {i}",
				"item_code": "PMB-MODEL",
				"company": company,
				"asset_owner": "Customer",
				"customer": customers[i % CUSTOMERS],
				"is_existing_asset": 1,
				"docstatus": 1,
				"status": "Submitted",
			}
		)
		plans.append(
			{
				**stamp(plan),
				"asset_name": asset,
				"company": company,
				"maintenance_team": f"PMB {tag}",
				"maintenance_manager": "Administrator",
				"b2b_next_from": "Planned Date",
				"b2b_ticket_priority": "Medium",
				"b2b_visit_time": "09:00",
				"b2b_visit_hours": 2,
			}
		)
		tasks.append(
			{
				**stamp(f"PMB-{tag}-T-{i:05d}"),
				"parent": plan,
				"parenttype": "Asset Maintenance",
				"parentfield": "asset_maintenance_tasks",
				"idx": 1,
				"maintenance_task": "Monthly lift service",
				"maintenance_type": "Preventive Maintenance",
				"maintenance_status": "Planned",
				"periodicity": "Monthly",
				"start_date": date(2026, 5, 1 + i % 28),
				"assign_to": "Administrator",
				"b2b_checklist": "Check the brakes\nLubricate the guide rails\nPhoto of the log book (optional)",
			}
		)
	bulk_insert("Asset", assets)
	bulk_insert("Asset Maintenance", plans)
	bulk_insert("Asset Maintenance Task", tasks)


def in_savepoint(job) -> tuple[float, object]:
	frappe.db.savepoint("pm_bench")
	try:
		began = perf_counter()
		result = job()
		return perf_counter() - began, result
	finally:
		frappe.db.rollback(save_point="pm_bench")


def written_rows(names: list[str]) -> dict[str, list[dict]]:
	"""The rows the job wrote, as stored (captured before its savepoint is rolled back)."""
	rows = {
		"Service Ticket": frappe.db.sql(
			"select * from `tabService Ticket` where name in %s", [names], as_dict=True
		)
	}
	for child in ("Service Ticket Checklist Item", "Service Ticket Status Period"):
		rows[child] = frappe.db.sql(f"select * from `tab{child}` where parent in %s", [names], as_dict=True)
	rows["ToDo"] = frappe.db.sql(
		"select * from `tabToDo` where reference_name in %s or reference_type = 'Asset Maintenance' and creation >= %s",
		[names, rows["Service Ticket"][0].creation],
		as_dict=True,
	)
	return rows


def generate():
	return planned_maintenance.run(today=TODAY)


def bare_pass(rows: dict[str, list[dict]]):
	def job():
		planned_maintenance.load_tasks(TODAY, frappe.utils.getdate(frappe.utils.add_days(TODAY, 30)))
		for doctype in WRITTEN:
			bulk_insert(doctype, rows[doctype])

	return job


def select_only():
	return planned_maintenance.load_tasks(TODAY, frappe.utils.getdate(frappe.utils.add_days(TODAY, 30)))


def main() -> int:
	site_harness.connect(SITE, BENCH)
	frappe.set_user("Administrator")
	tag = frappe.generate_hash(length=5)
	before = site_harness.row_counts(COUNTED)
	jobs_before = site_harness.queued_jobs(SITE)
	print(
		f"site {SITE}: {TASKS:,} monthly tasks on {TASKS:,} assets of {CUSTOMERS} customers ({UNCOVERED} without contract), test data bulk-inserted, rolled back at the end"
	)
	frappe.db.set_single_value("Service Desk Settings", "planned_lead_days", 30)
	with site_harness.rolled_back("planned_maintenance", []):
		began = perf_counter()
		build_world(tag)
		print(f"world built in {perf_counter() - began:.1f} s")
		frappe.db.savepoint("pm_first")
		first = generate()
		rows = written_rows(first["tickets"])
		again = generate()
		frappe.db.rollback(save_point="pm_first")
		print(
			f"job: {first['created']:,} tickets, {len(rows['Service Ticket Checklist Item']):,} checklist items, "
			f"{len(rows['ToDo']):,} ToDos, {len(first['uncovered']):,} flagged uncovered; a second run created {again['created']}"
		)
		job_times, bare_times, select_times = [], [], []
		for _run in range(RUNS):
			job_times.append(in_savepoint(generate)[0])
			bare_times.append(in_savepoint(bare_pass(rows))[0])
			select_times.append(in_savepoint(select_only)[0])
	job, bare, select = min(job_times), min(bare_times), min(select_times)
	ratio = job / bare
	print(
		f"(a) planned_maintenance.run, month ahead : {job * 1000:9.0f} ms  (runs {', '.join(f'{t:.2f}' for t in job_times)} s)"
	)
	print(
		f"(b) bare SQL pass (SELECT + same rows)   : {bare * 1000:9.0f} ms  (runs {', '.join(f'{t:.2f}' for t in bare_times)} s)"
	)
	print(f"(c) SELECT of the tasks alone (reference): {select * 1000:9.0f} ms")
	print(
		f"generation vs bare SQL pass: {ratio:.2f}x (goal <= {GOAL:.0f}x): goal {'met' if ratio <= GOAL else 'NOT met'}"
	)
	after = site_harness.row_counts(COUNTED)
	clean = after == before and site_harness.queued_jobs(SITE) == jobs_before
	print(f"site left as found: {'yes' if clean else f'NO: {before} -> {after}'}")
	print(f"vs_bare_sql_pass: {ratio:.2f}")
	return 0 if clean else 1


if __name__ == "__main__":
	sys.exit(main())
