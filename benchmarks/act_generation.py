"""Generating one act of completed work (`build_act`) against a bare SQL aggregate of the same lines.

Run from the bench's sites folder with the bench's Python:

	cd ~/frappe-bench/sites && B2B_BENCH_SITE=dev.localhost \\
		~/frappe-bench/env/bin/python /path/to/b2b_helpdesk/benchmarks/act_generation.py

Everything happens in one process and one database transaction on the site: a customer, a
contract with an hours billing plan, four tickets, an engineer and one submitted Timesheet are
created the normal way; the timesheet's other labour lines are bulk-inserted as test data. The
transaction is rolled back at the end (a commit is refused while the benchmark runs) and the row
counts are checked against the ones taken before.

For N = 1,000 and N = 10,000 billable labour lines in one month, best of 3:
- (a) `build_act(contract, day)` end to end; every repetition runs inside a savepoint that is
  rolled back afterwards, so each one starts with no act, no claims and no line marked as billed
  (checked before and after each one); one untimed act first loads Frappe's metadata;
- the same steps one by one (load the plan, collect, price_period, build the document, insert),
  and inside them the parts that grow with N, timed by calling the same functions again on the
  same act (link validation, the child rows, the claim); the app's code is not changed;
- (b) a bare SQL aggregate of the same lines (sum of hours and cost per ticket and activity);
- (c) fetching the same lines into Python with collect's own labour query (a floor for any act
  that prices line by line);
- build_act again with an office-hours calendar on the plan (in turn with (a));
- what-ifs that are not the app's code: the act's rows as multi-row
  INSERTs.

The last two lines are `vs_sql_aggregate_10k: <x>` and `scaling_1k_to_10k: <x>`.
"""

import os
import random
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

import frappe
from frappe.utils import flt, getdate, now_datetime

import erpnext

from b2b_helpdesk.demo.clients import make_contract, make_customer
from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.engine.billing import price_period
from b2b_helpdesk.engine.periods import period_of
from b2b_helpdesk.service_billing import act_claims
from b2b_helpdesk.service_billing.acts import build_act, draft_act
from b2b_helpdesk.service_billing.billing_entries import collect
from b2b_helpdesk.service_billing.log_work import log_time
from b2b_helpdesk.service_billing.plan_terms import billing_plan_of, plan_for_contract
from b2b_helpdesk.service_billing.statement import ContractStatement, statement_for
from b2b_helpdesk.setup.company import default_company

SITE = os.environ.get("B2B_BENCH_SITE", "dev.localhost")
BENCH = os.path.expanduser(os.environ.get("B2B_BENCH", "~/frappe-bench"))
APP = Path(__file__).resolve().parent.parent

SIZES = (1_000, 10_000)
RUNS = 3
SEED = 2026
MARK = "B2B Act Bench"
ROW_PREFIX = "b2b-act-bench-"
SAVEPOINT = "b2b_act_bench"

CONTRACT_START, CONTRACT_END = "2026-01-01", "2026-12-31"
PERIOD_DAY = date(2026, 9, 15)  # September 2026: 22 working days
TICKETS_OPENED = "2026-08-24 09:30:00"
ACTIVITY = f"{MARK} Repair"
COSTING_RATE = 50.0
PLAN = {
	"billing_unit": "Hours",
	"allowance_unit": "Hours",
	"billing_period": "Monthly",
	"subscription_fee": 1000,
	"allowance": 100,
	"overage_rate": 90,
	"default_rate": 120,
	"rounding_minutes": 15,
	"minimum_minutes": 0,
	"out_of_hours_multiplier": 1.5,
}
TICKETS = (  # subject, billing class ("" = from the contract's coverage)
	("Display case not cooling", ""),
	("Till printer jams", ""),
	("Freezer door seal", ""),
	("Move the display case", "Billable Extra"),
)

STEPS = ("load plan", "collect", "price_period", "build doc", "insert")
INSIDE_INSERT = ("link validation", "child rows one by one", "claim")

TARGET_VS_SQL = 3.0
TARGET_SCALING = 11.0

COUNTED_ASKED = ("Service Act", "Service Billing Claim", "Timesheet", "Timesheet Detail")
COUNTED_OTHER = (
	"Service Act Item",
	"Customer",
	"Contract",
	"Service Ticket",
	"Service Billing Plan",
	"Service Level Policy",
	"Employee",
	"Activity Type",
	"Activity Cost",
	"Item",
	"Comment",
	"Version",
	"Email Queue",
)

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

LABOUR_SELECT = """
	select td.name, td.b2b_service_ticket as ticket, td.from_time, td.hours, td.activity_type,
		td.is_billable, td.costing_amount
	from `tabTimesheet Detail` td
	join `tabTimesheet` ts on ts.name = td.parent
	where ts.docstatus = 1 and td.b2b_service_ticket in %(tickets)s
		and td.from_time >= %(start)s and td.from_time < %(end)s
"""  # the labour query of billing_entries._labour, copied

BULK_FIELDS = (
	"name",
	"creation",
	"modified",
	"modified_by",
	"owner",
	"docstatus",
	"idx",
	"parent",
	"parentfield",
	"parenttype",
	"activity_type",
	"from_time",
	"to_time",
	"hours",
	"billing_hours",
	"is_billable",
	"costing_rate",
	"costing_amount",
	"base_costing_rate",
	"base_costing_amount",
	"b2b_service_ticket",
	"description",
)


# ---------------------------------------------------------------------------
# set-up (inside the transaction)


class Setup:
	def __init__(self) -> None:
		self.created: list[tuple[str, str]] = []
		self.rng = random.Random(SEED)
		self.lines = 0  # labour lines of the contract in the period
		self.timesheet = ""

	def keep(self, doctype: str, name: str) -> str:
		self.created.append((doctype, name))
		return name

	def build(self) -> None:
		company = default_company()
		self.start, self.end = period_of(PERIOD_DAY, PLAN["billing_period"])
		self.workdays = [
			self.start + timedelta(days=d)
			for d in range((self.end - self.start).days + 1)
			if (self.start + timedelta(days=d)).weekday() < 5
		]
		self.activity = self.keep("Activity Type", make_activity_type(ACTIVITY))
		items = {
			"fee_item": make_item(f"{ROW_PREFIX}fee", "Nos"),
			"labour_item": make_item(f"{ROW_PREFIX}labour", "Hour"),
			"trip_item": make_item(f"{ROW_PREFIX}trip", "Nos"),
		}
		for code in items.values():
			self.keep("Item", code)
		plan = frappe.get_doc(
			{
				"doctype": "Service Billing Plan",
				"plan_name": f"{MARK} Hours",
				"currency": frappe.get_cached_value("Company", company, "default_currency"),
				**PLAN,
				**items,
			}
		).insert()
		self.plan = self.keep("Service Billing Plan", plan.name)
		self.customer = self.keep("Customer", make_customer(f"{MARK} Client", tier="Gold"))
		contract = make_contract(self.customer, CONTRACT_START, CONTRACT_END, billing_plan=self.plan)
		self.contract = self.keep("Contract", contract.name)
		self.tickets = []
		for subject, billing_class in TICKETS:
			ticket = frappe.get_doc(
				{
					"doctype": "Service Ticket",
					"subject": f"{MARK}: {subject}",
					"customer": self.customer,
					"opened_on": TICKETS_OPENED,
					"billing_class": billing_class,
					"billing_class_reason": "Not in the contract" if billing_class else None,
				}
			).insert()
			self.tickets.append(self.keep("Service Ticket", ticket.name))
		self.ticket_classes = [
			frappe.db.get_value("Service Ticket", t, ["contract", "coverage", "billing_class"])
			for t in self.tickets
		]
		self.employee = self.keep("Employee", make_employee(company, self.activity))
		first = datetime.combine(self.workdays[0], time(10, 0))
		self.timesheet = self.keep(
			"Timesheet", log_time(self.tickets[0], self.activity, 1.5, str(first), employee=self.employee)
		)
		self.lines = frappe.db.count("Timesheet Detail", {"parent": self.timesheet})
		self.policy = self.keep("Service Level Policy", make_policy(f"{MARK} Office Hours").name)

	def grow_to(self, total: int) -> tuple[int, float]:
		"""Bulk-insert labour lines into the submitted timesheet until the period holds `total`;
		(lines inserted, seconds taken)."""
		began, inserted = perf_counter(), total - self.lines
		now, user = now_datetime(), frappe.session.user
		rows = []
		for idx in range(self.lines + 1, total + 1):
			day = self.rng.choice(self.workdays)
			start = datetime.combine(day, time(9, 0)) + timedelta(minutes=self.rng.randrange(0, 8 * 60 + 1))
			minutes = self.rng.randint(15, 180)
			hours = minutes / 60
			cost = flt(hours * COSTING_RATE, 2)
			rows.append(
				(
					f"{ROW_PREFIX}{idx:06d}",
					now,
					now,
					user,
					user,
					1,
					idx,
					self.timesheet,
					"time_logs",
					"Timesheet",
					self.activity,
					start,
					start + timedelta(minutes=minutes),
					hours,
					hours,
					1,
					COSTING_RATE,
					cost,
					COSTING_RATE,
					cost,
					self.rng.choice(self.tickets),
					f"{MARK} test line {idx}",
				)
			)
		frappe.db.bulk_insert("Timesheet Detail", fields=list(BULK_FIELDS), values=rows)
		self.lines = total
		return inserted, perf_counter() - began

	def use_calendar(self, on: bool) -> None:
		"""The out-of-hours calendar on the plan (set in the database; the plan is read with get_doc)."""
		frappe.db.set_value(
			"Service Billing Plan", self.plan, "out_of_hours_calendar", self.policy if on else None
		)
		frappe.clear_document_cache("Service Billing Plan", self.plan)

	def describe(self) -> str:
		classes = ", ".join(
			f"{t} ({billing_class or coverage})"
			for t, (_contract, coverage, billing_class) in zip(self.tickets, self.ticket_classes, strict=True)
		)
		plan = ", ".join(f"{k} {v}" for k, v in PLAN.items() if k not in ("allowance_unit",))
		return (
			f"customer '{self.customer}', contract {self.contract} ({CONTRACT_START} to {CONTRACT_END}), "
			f"plan '{self.plan}': {plan}; fee, labour (stock UOM Hour) and trip items\n"
			f"tickets opened {TICKETS_OPENED}: {classes}\n"
			f"engineer {self.employee} (Activity Cost {COSTING_RATE:g}/h for '{self.activity}'); "
			f"period {self.start} to {self.end}"
		)


def make_activity_type(name: str) -> str:
	if not frappe.db.exists("Activity Type", name):
		frappe.get_doc({"doctype": "Activity Type", "activity_type": name}).insert()
	return name


def make_item(code: str, uom: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": code,
				"item_group": "Services",
				"stock_uom": uom,
				"is_stock_item": 0,
			}
		)
		.insert()
		.name
	)


def make_employee(company: str, activity: str) -> str:
	employee = frappe.get_doc(
		{
			"doctype": "Employee",
			"first_name": MARK,
			"last_name": "Engineer",
			"company": company,
			"status": "Active",
			"gender": frappe.db.get_value("Gender", {}, "name"),
			"date_of_birth": getdate("1990-01-01"),
			"date_of_joining": getdate("2020-01-01"),
		}
	).insert()
	frappe.get_doc(
		{
			"doctype": "Activity Cost",
			"employee": employee.name,
			"activity_type": activity,
			"costing_rate": COSTING_RATE,
			"billing_rate": 0,
		}
	).insert()
	return employee.name


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
	"""build_act's steps one by one, then the parts inside them re-timed on the same act."""
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

		# the parts that grow with N, timed again on the same act and the same rows
		frappe.db.value_cache.clear()
		with timer(t, "link validation"):
			act._validate_links()
		children = act.get_all_children()
		delete_rows(act)
		with timer(t, "child rows one by one"):
			for row in children:
				row.db_insert()
		delete_rows(act)
		with timer(t, "child rows, frappe.db.bulk_insert (what-if)"):
			bulk_insert_rows(children)
		delete_rows(act)
		with timer(t, "child rows, multi-row INSERT (what-if)"):
			multi_row_insert(children)
		act_claims.release(act)
		with timer(t, "claim"):
			act_claims.claim(act)
		if frappe.db.count("Service Act Item", {"parent": act.name}) != len(children):
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


def multi_row_insert(children, per_statement: int = 1000) -> None:
	"""The same rows as plain multi-row INSERT statements through frappe.db.sql."""
	for doctype, (fields, values) in valid_rows(children).items():
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
	"""The floor of a per-line act: fetching the same lines into Python (collect's labour SELECT)."""
	bounds = {"tickets": setup.tickets, "start": setup.start, "end": setup.end + timedelta(days=1)}
	return best_of(lambda: frappe.db.sql(LABOUR_SELECT, bounds, as_dict=True))


def time_sql(setup: Setup) -> tuple[float, int, int]:
	"""(best seconds after a warm-up, lines counted, groups) of the bare SQL aggregate."""
	bounds = {"contract": setup.contract, "start": setup.start, "end": setup.end + timedelta(days=1)}
	rows = frappe.db.sql(SQL_AGGREGATE, bounds)  # warm-up
	best = best_of(lambda: frappe.db.sql(SQL_AGGREGATE, bounds))
	return best, sum(row[4] for row in rows), len(rows)


def time_statement(setup: Setup, day: str) -> float:
	return best_of(lambda: statement_for(setup.contract, day))


def best_of(job: Callable[[], object]) -> float:
	timings = []
	for _ in range(RUNS):
		began = perf_counter()
		job()
		timings.append(perf_counter() - began)
	return min(timings)


# ---------------------------------------------------------------------------
# site hygiene


def row_counts(doctypes: tuple[str, ...]) -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in doctypes}


def forbid_commit() -> None:
	def refuse(*args, **kwargs):
		raise RuntimeError("act_generation must never commit")

	frappe.db.commit = refuse


def restore_site(created: list[tuple[str, str]]) -> None:
	frappe.db.rollback()
	del frappe.db.commit  # the instance override goes, the real method is back
	for doctype, name in created:
		frappe.clear_document_cache(doctype, name)
	frappe.local.cache.clear()


def site_jobs() -> set[str]:
	from frappe.utils.background_jobs import get_queues

	return {job.id for queue in get_queues() for job in queue.jobs if (job.kwargs or {}).get("site") == SITE}


def leftover_cache_keys(created: list[tuple[str, str]]) -> list[str]:
	names = [name for _doctype, name in created if name] + [MARK]
	return [key.decode() for key in frappe.cache.get_keys("") if any(name.encode() in key for name in names)]


# ---------------------------------------------------------------------------
# report


def app_revision() -> str:
	def git(*args: str) -> str:
		return subprocess.run(
			["git", "-C", str(APP), *args], capture_output=True, text=True, check=False
		).stdout.strip()

	dirty = git("status", "--porcelain", "--untracked-files=no")
	return f"{git('rev-parse', '--short', 'HEAD') or '?'}{' + uncommitted changes' if dirty else ''}"


def print_header(before: dict[str, int]) -> None:
	version = frappe.db.sql("select version(), @@query_cache_type")[0]
	print(
		f"site {SITE} | frappe {frappe.__version__} | erpnext {erpnext.__version__} | "
		f"python {sys.version.split()[0]} | {os.cpu_count()} CPUs | MariaDB {version[0]} "
		f"(query cache {version[1]}) | app {app_revision()}"
	)
	print(f"load average {load()} (1, 5, 15 min)")
	print("rows before: " + ", ".join(f"{k} {v}" for k, v in before.items()))


def load() -> str:
	return " ".join(f"{x:.1f}" for x in os.getloadavg())


def seconds(value: float) -> str:
	return f"{value:.4f}" if value < 0.1 else f"{value:.3f}"


def print_results(results: dict[int, dict]) -> None:
	sizes = list(results)
	big = sizes[-1]
	act_big = results[big]["act"]

	def row(label: str, values: list[str], share: str = "") -> None:
		print(f"{label:<62}" + "".join(f"{v:>12}" for v in values) + (f"   {share}" if share else ""))

	def timed(label: str, key: str, source: str = "parts", share: bool = True) -> None:
		values = [results[n][source][key] if source else results[n][key] for n in sizes]
		row(label, [seconds(v) for v in values], f"{100 * values[-1] / act_big:5.1f}%" if share else "")

	print(f"\nTimes in seconds, best of {RUNS}; each act starts from a clean slate (savepoint rolled back)")
	row("", [f"N={n:,}" for n in sizes], f"share of build_act at N={big:,}")
	row("labour lines in the period (SQL count)", [f"{results[n]['sql_lines']:,}" for n in sizes])
	row("act lines written (Labour + Overage + Fee)", [f"{results[n]['wrote']['items']:,}" for n in sizes])
	row("claims written (one per line + the period)", [f"{results[n]['wrote']['claims']:,}" for n in sizes])
	timed("(b) bare SQL aggregate (sum per ticket and activity)", "sql", "", share=False)
	timed("(c) fetch the same lines into Python (collect's labour SELECT)", "fetch", "", share=False)
	timed("(a) build_act end to end", "act", "", share=False)
	row("    its runs, fastest to slowest", [spread(results[n]["runs"]) for n in sizes])
	print("  its steps, one by one, in build_act's order:")
	timed("    load plan + period", "load plan")
	timed("    collect (3 queries -> engine entries)", "collect")
	timed("    price_period (billing engine)", "price_period")
	timed("    build the document (act_line per line)", "build doc")
	timed("    act.insert()", "insert")
	timed("      link validation build_act skips (re-timed to show its cost)", "link validation")
	timed("      of which child rows one by one (db_insert, re-timed)", "child rows one by one")
	timed("      of which claim (after_insert, re-timed alone)", "claim")
	for n in sizes:
		parts = results[n]["parts"]
		parts["rest of insert"] = parts["insert"] - sum(
			parts[k] for k in INSIDE_INSERT if k != "link validation"
		)
		parts["sum of the steps"] = sum(parts[k] for k in STEPS)
	timed("      rest of insert (by difference)", "rest of insert")
	timed("    sum of the steps", "sum of the steps")
	timed("statement_for alone (the live preview: collect + price)", "statement", "", share=False)
	print("  plan with an office-hours calendar (out-of-hours share of every line):")
	timed("    statement_for", "statement_ooh", "", share=False)
	timed("    build_act", "act_ooh", "", share=False)
	row("    its runs, fastest to slowest", [spread(results[n]["runs_ooh"]) for n in sizes])
	print("  what-if, not the app's code (the same lines and rows, same process):")
	timed("    the act's rows through frappe.db.bulk_insert", "child rows, frappe.db.bulk_insert (what-if)")
	timed(
		"    the act's rows as multi-row INSERTs (1,000 per statement)",
		"child rows, multi-row INSERT (what-if)",
	)
	worst = max(max(results[n]["runs"]) / min(results[n]["runs"]) - 1 for n in sizes)
	print(
		f"The steps and build_act are timed in different repetitions; build_act's own runs differ by up to "
		f"{worst:.0%} here,\nso the steps need not add up to it exactly."
	)


def spread(runs: list[float]) -> str:
	return f"{min(runs):.2f}-{max(runs):.2f}"


def estimate(r: dict) -> float:
	"""build_act with its rows written as multi-row INSERTs (an estimate, not a measurement)."""
	p = r["parts"]
	return r["act"] - (p["child rows one by one"] - p["child rows, multi-row INSERT (what-if)"])


def print_verdict(results: dict[int, dict]) -> tuple[float, float]:
	small, big = (results[n] for n in SIZES)
	vs_sql = big["act"] / big["sql"]
	scaling = big["act"] / small["act"]
	print()
	for n, r in results.items():
		print(
			f"N={n:,}: build_act / SQL aggregate {r['act'] / r['sql']:,.0f}, / fetching the lines "
			f"{r['act'] / r['fetch']:,.0f}; {1000 * r['act'] / r['wrote']['items']:.2f} ms per act line; "
			f"net total {r['wrote']['net_total']:,.2f}, allowance used {r['wrote']['allowance_used']:g} h, "
			f"overage {r['wrote']['overage_hours']:g} h"
		)
	parts = big["parts"]
	named = {
		"rest of insert: Frappe's per-row field checks (_validate), naming every row, hooks": parts[
			"rest of insert"
		],
		"child rows: Frappe inserts the act's rows one by one": parts["child rows one by one"],
		"claim: bulk insert of the claims + marking the lines": parts["claim"],
		"collect": parts["collect"],
		"price_period": parts["price_period"],
	}
	print(f"\nWhere the time goes at N={SIZES[-1]:,} (build_act {seconds(big['act'])} s, steps re-timed):")
	for label, value in sorted(named.items(), key=lambda kv: -kv[1]):
		print(f"  {100 * value / big['act']:5.1f}%  {seconds(value):>7} s  {label}")
	est_small, est_big = estimate(small), estimate(big)
	print(
		"Estimate, not measured: the act's rows as multi-row "
		f"INSERTs would give about {est_small:.2f} s at {SIZES[0]:,} and {est_big:.2f} s at {SIZES[-1]:,} "
		f"({est_big / big['sql']:,.0f}x the SQL aggregate, scaling {est_big / est_small:.1f})"
	)
	print(
		f"\ntarget: build_act / SQL aggregate at 10k <= {TARGET_VS_SQL:g}: {vs_sql:,.1f} -> "
		f"{'met' if vs_sql <= TARGET_VS_SQL else 'NOT met'}"
	)
	print(
		f"target: build_act at 10k / at 1k <= {TARGET_SCALING:g}: {scaling:.1f} -> "
		f"{'met' if scaling <= TARGET_SCALING else 'NOT met'}"
	)
	return vs_sql, scaling


def report_site(before: dict[str, int], before_other: dict[str, int], jobs_before, created) -> bool:
	after, after_other = row_counts(COUNTED_ASKED), row_counts(COUNTED_OTHER)
	leftovers, new_jobs = leftover_cache_keys(created), site_jobs() - jobs_before
	print("\nrows after:  " + ", ".join(f"{k} {v}" for k, v in after.items()))
	changed = {k: (before_other[k], v) for k, v in after_other.items() if before_other[k] != v}
	print(
		f"other doctypes ({', '.join(COUNTED_OTHER)}): "
		+ ("unchanged" if not changed else f"CHANGED {changed}")
	)
	print(
		f"cache keys naming a created record: {len(leftovers)}; new background jobs for {SITE}: {len(new_jobs)}"
	)
	clean = after == before and not changed and not leftovers and not new_jobs
	print(f"site left as found: {'yes' if clean else 'NO'}")
	return clean


# ---------------------------------------------------------------------------


def run(setup: Setup) -> dict[int, dict]:
	setup.build()
	print(setup.describe())
	day = str(PERIOD_DAY)
	results = {}
	for n in SIZES:
		inserted, bulk = setup.grow_to(n)
		sql, sql_lines, groups = time_sql(setup)
		if sql_lines != n:
			raise RuntimeError(f"the period holds {sql_lines} labour lines, not {n}")
		fetch = time_fetch(setup)
		if n == SIZES[0]:
			time_act(setup, day)  # warm-up: the first act in the process loads Frappe's metadata
		acts, acts_ooh = [], []
		for _ in range(RUNS):  # with and without the calendar in turn, so that load on the machine hits both
			setup.use_calendar(False)
			acts.append(time_act(setup, day))
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
		setup.use_calendar(True)
		statement_ooh = time_statement(setup, day)
		setup.use_calendar(False)
		results[n] = {
			"sql": sql,
			"sql_lines": sql_lines,
			"fetch": fetch,
			"runs": [s for s, _ in acts],
			"runs_ooh": [s for s, _ in acts_ooh],
			"groups": groups,
			"act": min(s for s, _ in acts),
			"wrote": wrote,
			"parts": {k: min(p[k] for p in parts) for k in parts[0]},
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
	frappe.init(SITE, sites_path=os.path.join(BENCH, "sites"))
	frappe.connect()
	frappe.set_user("Administrator")
	before, before_other = row_counts(COUNTED_ASKED), row_counts(COUNTED_OTHER)
	print_header(before)
	if frappe.db.sql("select @@autocommit")[0][0]:
		raise SystemExit("autocommit is on: refusing to write to the site")
	jobs_before = site_jobs()
	setup = Setup()
	print(
		"\nOne Timesheet is inserted and submitted through the ERP (log_time); the other labour lines are "
		"BULK-INSERTED\nas test data with frappe.db.bulk_insert('Timesheet Detail') into that timesheet: "
		"ERPNext never validated them,\nthey overlap in time, and the timesheet's totals do not include them. "
		"Everything is rolled back at the end."
	)
	forbid_commit()
	try:
		results = run(setup)
	finally:
		restore_site(setup.created)
	print_results(results)
	vs_sql, scaling = print_verdict(results)
	clean = report_site(before, before_other, jobs_before, setup.created)
	print(f"vs_sql_aggregate_10k: {vs_sql:.1f}")
	print(f"scaling_1k_to_10k: {scaling:.1f}")
	return 0 if clean else 1


if __name__ == "__main__":
	sys.exit(main())
