"""Generating one act of completed work (`build_act`) against a bare SQL aggregate of the same lines.

Run from the bench's sites folder with the bench's Python:

	cd ~/frappe-bench/sites && B2B_BENCH_SITE=dev.localhost \\
		~/frappe-bench/env/bin/python /path/to/b2b_helpdesk/benchmarks/act_generation.py

Everything happens in one process and one database transaction on the site (the harness of
`site_harness.py`): a customer, a contract with an hours billing plan, four tickets, an engineer
and one submitted Timesheet are created the normal way (the integration tests' billing
factories); the timesheet's other labour lines are bulk-inserted as test data. The transaction is
rolled back at the end (a commit is refused while the benchmark runs) and the row counts are
checked against the ones taken before.

For N = 1,000 and N = 10,000 billable labour lines in one month, best of 3:
- (a) `build_act(contract, day)` end to end; every repetition runs inside a savepoint that is
  rolled back afterwards, so each one starts with no act, no claims and no line marked as billed
  (checked before and after each one); one untimed act first loads Frappe's metadata;
- the same steps one by one (load the plan, collect, price_period, build the document, insert),
  and inside them the parts that grow with N, timed by calling the same functions again on the
  same act (link validation, the child rows, the claim); the app's code is not changed;
- (b) a bare SQL aggregate of the same lines (sum of hours and cost per ticket and activity);
- (c) collect's labour step alone: its query and one engine entry per line (a floor for any act
  that prices line by line);
- build_act again with an office-hours calendar on the plan (in turn with (a));
- what-ifs that are not the app's code: the act's rows as multi-row
  INSERTs.

The last two lines are `vs_sql_aggregate_10k: <x>` and `scaling_1k_to_10k: <x>`.
"""

import sys
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta
from time import perf_counter

import site_harness
from act_report import (
	COUNTED_ASKED,
	COUNTED_OTHER,
	load,
	print_header,
	print_results,
	print_verdict,
	report_site,
)
from act_setup import BENCH, PERIOD_DAY, ROW_PREFIX, RUNS, SITE, SIZES, Setup

import frappe
from frappe.utils import getdate

from b2b_helpdesk.engine.billing import price_period
from b2b_helpdesk.engine.periods import period_of
from b2b_helpdesk.service_billing.acts import build_act, draft_act
from b2b_helpdesk.service_billing.billing_entries import PeriodData, _labour, collect
from b2b_helpdesk.service_billing.plan_terms import billing_plan_of, plan_for_contract
from b2b_helpdesk.service_billing.statement import ContractStatement, statement_for

SAVEPOINT = "b2b_act_bench"

SQL_AGGREGATE = """
	select SQL_NO_CACHE td.b2b_service_ticket, td.activity_type,
		sum(td.hours), sum(td.costing_amount), count(*)
	from `tabTimesheet Detail` td
	join `tabTimesheet` ts on ts.name = td.parent
	join `tabService Ticket` st on st.name = td.b2b_service_ticket
	where ts.docstatus = 1 and td.is_billable = 1 and st.contract = %(contract)s
		and td.from_time >= %(start)s and td.from_time < %(end)s
	group by td.b2b_service_ticket, td.activity_type
"""


# ---------------------------------------------------------------------------
# measuring


@contextmanager
def in_savepoint():
	"""Run a block on a clean slate and undo it: no act, no claim, no mark survives the block."""
	frappe.db.savepoint(SAVEPOINT)
	frappe.db.value_cache.clear()  # Frappe's per-request value cache: a new request starts empty
	try:
		yield
	finally:
		frappe.db.rollback(save_point=SAVEPOINT)
		frappe.db.value_cache.clear()


def clean_slate(setup: Setup) -> tuple[int, int, int]:
	"""(acts of the contract, claims naming the contract's lines or period, lines marked billed)."""
	acts = frappe.db.count("Service Act", {"contract": setup.contract})
	claims = frappe.db.sql(
		"select count(*) from `tabService Billing Claim` where name like %s or name like %s",
		(f"Timesheet Detail:{ROW_PREFIX}%", f"Period:{setup.contract}:%"),
	)[0][0]
	marked = frappe.db.count("Timesheet Detail", {"parent": setup.timesheet, "b2b_billed_in": ("is", "set")})
	return acts, claims, marked


def time_act(setup: Setup, day: str) -> tuple[float, dict]:
	"""build_act once inside a savepoint; (seconds, what it wrote)."""
	if clean_slate(setup) != (0, 0, 0):
		raise RuntimeError(f"not a clean slate before the act: {clean_slate(setup)}")
	with in_savepoint():
		began = perf_counter()
		act = build_act(setup.contract, day)
		seconds = perf_counter() - began
		wrote = {
			"act": act.name,
			"items": frappe.db.count("Service Act Item", {"parent": act.name}),
			"claims": frappe.db.count("Service Billing Claim", {"service_act": act.name}),
			"marked": frappe.db.count("Timesheet Detail", {"b2b_billed_in": act.name}),
			"labour": sum(1 for row in act.items if row.kind == "Labour"),
			"overage": sum(1 for row in act.items if row.kind == "Overage"),
			"net_total": act.net_total,
			"allowance_used": act.allowance_used,
			"overage_hours": act.overage,
		}
	frappe.clear_document_cache("Service Act", wrote["act"])
	if clean_slate(setup) != (0, 0, 0):
		raise RuntimeError(f"the savepoint did not release the act: {clean_slate(setup)}")
	return seconds, wrote


def time_parts(setup: Setup, day: str) -> dict[str, float]:
	"""build_act's steps one by one, then the floor on the same act: its rows and claims written
	again as plain multi-row INSERTs (after deleting them)."""
	t: dict[str, float] = {}
	with in_savepoint():
		with timer(t, "load plan"):
			plan = frappe.get_doc("Service Billing Plan", plan_for_contract(setup.contract))
			terms = billing_plan_of(plan)
			start, end = period_of(getdate(day), plan.billing_period)
			if terms.carry_over_periods:
				raise RuntimeError("the parts assume a plan without carry-over")
		with timer(t, "collect"):
			data = collect(setup.contract, plan, start, end)
		with timer(t, "price_period"):
			statement = price_period(terms, data.work, data.trips, data.materials, carried_in=())
		result = ContractStatement(setup.contract, plan, start, end, data, statement)
		with timer(t, "build doc"):
			act = draft_act(setup.contract, result)
		with timer(t, "insert"):
			act.insert()
		t["lines"] = len(act.items)
		t["net_total"] = act.net_total

		# the floor's writing part: the same rows and claims, as bare multi-row INSERTs
		children = act.get_all_children()
		claims = frappe.db.sql(
			"select * from `tabService Billing Claim` where service_act = %s", act.name, as_dict=True
		)
		delete_rows(act)
		frappe.db.sql("delete from `tabService Billing Claim` where service_act = %s", act.name)
		with timer(t, "floor: write rows and claims (multi-row INSERTs)"):
			multi_row_insert(children)
			fields = list(claims[0])
			insert_rows("Service Billing Claim", fields, [[c[f] for f in fields] for c in claims])
		t["claims"] = len(claims)
		if frappe.db.count("Service Act Item", {"parent": act.name}) != len(act.items):
			raise RuntimeError("the act's rows were not put back")
	frappe.clear_document_cache("Service Act", act.name)
	return t


def delete_rows(act) -> None:
	frappe.db.sql("delete from `tabService Act Item` where parent = %s", act.name)
	frappe.db.sql("delete from `tabService Act Tax` where parent = %s", act.name)


def valid_rows(children) -> dict[str, tuple[list[str], list[list]]]:
	"""The rows as db_insert writes them (get_valid_dict), per child doctype: (fields, values)."""
	by_doctype: dict[str, list[dict]] = {}
	for row in children:
		by_doctype.setdefault(row.doctype, []).append(row.get_valid_dict(convert_dates_to_str=True))
	return {
		doctype: (list(rows[0]), [[r.get(f) for f in rows[0]] for r in rows])
		for doctype, rows in by_doctype.items()
	}


def bulk_insert_rows(children) -> None:
	"""The same rows through frappe.db.bulk_insert (pypika builds one statement per 10,000 rows)."""
	for doctype, (fields, values) in valid_rows(children).items():
		frappe.db.bulk_insert(doctype, fields=fields, values=values)


def multi_row_insert(children) -> None:
	"""The same rows as plain multi-row INSERT statements through frappe.db.sql."""
	for doctype, (fields, values) in valid_rows(children).items():
		insert_rows(doctype, fields, values)


def insert_rows(doctype: str, fields: list[str], values: list[list], per_statement: int = 1000) -> None:
	columns = ", ".join(f"`{f}`" for f in fields)
	one = "(" + ", ".join(["%s"] * len(fields)) + ")"
	for first in range(0, len(values), per_statement):
		chunk = values[first : first + per_statement]
		frappe.db.sql(
			f"insert into `tab{doctype}` ({columns}) values {', '.join([one] * len(chunk))}",
			[value for row in chunk for value in row],
		)


@contextmanager
def timer(into: dict[str, float], key: str):
	began = perf_counter()
	yield
	into[key] = perf_counter() - began


def time_fetch(setup: Setup) -> float:
	"""The floor of a per-line act: collect's labour step alone (its query, an engine entry a line)."""
	tickets = {
		t.name: t
		for t in frappe.get_all(
			"Service Ticket",
			filters={"name": ("in", setup.tickets)},
			fields=["name", "billing_class", "coverage", "category"],
		)
	}
	bounds = {"tickets": setup.tickets, "start": setup.start, "end": setup.end + timedelta(days=1)}
	return best_of(lambda: _labour(PeriodData(), tickets, bounds, None))


SOURCE_ROWS = """
	select SQL_NO_CACHE td.name, td.b2b_service_ticket, td.from_time, td.hours, td.activity_type,
		td.is_billable, td.costing_amount, ts.employee
	from `tabTimesheet Detail` td
	join `tabTimesheet` ts on ts.name = td.parent
	where ts.docstatus = 1 and td.b2b_service_ticket in %(tickets)s
		and td.from_time >= %(start)s and td.from_time < %(end)s
"""


def time_read(setup: Setup) -> float:
	"""The floor's reading part: the period's source rows into Python, nothing else."""
	bounds = {"tickets": setup.tickets, "start": setup.start, "end": setup.end + timedelta(days=1)}
	frappe.db.sql(SOURCE_ROWS, bounds)  # warm-up
	return best_of(lambda: frappe.db.sql(SOURCE_ROWS, bounds))


def time_sql(setup: Setup) -> tuple[float, int, int]:
	"""(best seconds after a warm-up, lines counted, groups) of the bare SQL aggregate."""
	bounds = {"contract": setup.contract, "start": setup.start, "end": setup.end + timedelta(days=1)}
	rows = frappe.db.sql(SQL_AGGREGATE, bounds)  # warm-up
	best = best_of(lambda: frappe.db.sql(SQL_AGGREGATE, bounds))
	return best, sum(row[4] for row in rows), len(rows)


def time_statement(setup: Setup, day: str) -> float:
	return best_of(lambda: statement_for(setup.contract, day))


def best_of(job: Callable[[], object]) -> float:
	return site_harness.best_of(job, RUNS, warm_up=False)


# ---------------------------------------------------------------------------


def run(setup: Setup, sizes: tuple[int, ...] = SIZES, calendar: bool = True) -> dict[int, dict]:
	"""The measurements for each number of lines in `sizes`; without `calendar`, the runs with the
	office-hours calendar on the plan are left out (their keys hold the plain runs' figures)."""
	setup.build()
	print(setup.describe())
	day = str(PERIOD_DAY)
	results = {}
	for n in sizes:
		inserted, bulk = setup.grow_to(n)
		sql, sql_lines, groups = time_sql(setup)
		if sql_lines != n:
			raise RuntimeError(f"the period holds {sql_lines} labour lines, not {n}")
		fetch = time_fetch(setup)
		read = time_read(setup)
		if n == sizes[0]:
			time_act(setup, day)  # warm-up: the first act in the process loads Frappe's metadata
		acts, acts_ooh = [], []
		for _ in range(RUNS):  # with and without the calendar in turn, so that load on the machine hits both
			setup.use_calendar(False)
			acts.append(time_act(setup, day))
			if calendar:
				setup.use_calendar(True)
				acts_ooh.append(time_act(setup, day))
		setup.use_calendar(False)
		wrote = acts[0][1]
		if wrote["marked"] != n or wrote["claims"] != n + 1:
			raise RuntimeError(f"the act claimed {wrote['claims']} and marked {wrote['marked']} of {n} lines")
		parts = [time_parts(setup, day) for _ in range(RUNS)]
		if {p["lines"] for p in parts} != {wrote["items"]} or parts[0]["net_total"] != wrote["net_total"]:
			raise RuntimeError("the step-by-step act differs from build_act's")
		statement = time_statement(setup, day)
		statement_ooh = statement
		if calendar:
			setup.use_calendar(True)
			statement_ooh = time_statement(setup, day)
			setup.use_calendar(False)
		acts_ooh = acts_ooh or acts
		best_parts = {k: min(p[k] for p in parts) for k in parts[0]}
		results[n] = {
			"read": read,
			"floor": read + best_parts["floor: write rows and claims (multi-row INSERTs)"],
			"sql": sql,
			"sql_lines": sql_lines,
			"fetch": fetch,
			"runs": [s for s, _ in acts],
			"runs_ooh": [s for s, _ in acts_ooh],
			"groups": groups,
			"act": min(s for s, _ in acts),
			"wrote": wrote,
			"parts": best_parts,
			"statement": statement,
			"statement_ooh": statement_ooh,
			"act_ooh": min(s for s, _ in acts_ooh),
		}
		print(
			f"N={n:,}: {inserted:,} lines bulk-inserted in {bulk:.2f} s; SQL groups {groups}; "
			f"act {wrote['labour']:,} Labour + {wrote['overage']:,} Overage lines; "
			f"build_act runs: {', '.join(f'{s:.2f}' for s, _ in acts)} s, "
			f"with the calendar: {', '.join(f'{s:.2f}' for s, _ in acts_ooh)} s; load {load()}",
			flush=True,
		)
	return results


def main() -> int:
	site_harness.connect(SITE, BENCH)
	frappe.set_user("Administrator")
	before, before_other = site_harness.row_counts(COUNTED_ASKED), site_harness.row_counts(COUNTED_OTHER)
	print_header(before)
	jobs_before = site_harness.queued_jobs(SITE)
	setup = Setup()
	print(
		"\nOne Timesheet is inserted and submitted through the ERP (log_time); the other labour lines are "
		"BULK-INSERTED\nas test data with frappe.db.bulk_insert('Timesheet Detail') into that timesheet: "
		"ERPNext never validated them,\nthey overlap in time, and the timesheet's totals do not include them. "
		"Everything is rolled back at the end."
	)
	with site_harness.rolled_back("act_generation", setup.created):
		results = run(setup)
	print_results(results)
	vs_floor, scaling = print_verdict(results)
	clean = report_site(before, before_other, jobs_before, setup.created)
	print(f"vs_floor_10k: {vs_floor:.2f}")
	print(f"scaling_1k_to_10k: {scaling:.2f}")
	return 0 if clean else 1


if __name__ == "__main__":
	sys.exit(main())
