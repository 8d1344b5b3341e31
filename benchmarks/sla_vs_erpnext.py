"""Our SLA clock (`b2b_helpdesk.engine.business_time`) against ERPNext's `get_expected_time_for`.

Run from the bench's sites folder with the bench's Python:

	cd ~/frappe-bench/sites && B2B_TEST_SITE=b2b-test.localhost \\
		~/frappe-bench/env/bin/python /path/to/b2b_helpdesk/benchmarks/sla_vs_erpnext.py

Everything happens in one process and one database transaction on the test site (the harness of
`site_harness.py`): a Holiday List and (disabled) ERPNext Service Level Agreements are created,
compared and timed, then the transaction is rolled back (a commit is refused while the benchmark
runs), the Redis entries the inserts touched are put back, and the row counts are checked against
the ones taken before.

Correctness: every case is computed by both; a differing case is explained by re-running our
engine with ERPNext's limitations switched on one at a time (its stored 23:59:59 day end, the
system timezone instead of the policy's, naive wall-clock arithmetic, whole-second start
comparison). A brute-force walk over real minutes, written here independently of the engine,
checks our deadline for every category example and for a seeded sample of every calendar.

Speed: the same cases on the calendars ERPNext can express, in CPU time of this process (both
sides are pure computation): a warm-up pass, then the best of 15 runs each, ERPNext and ours
taking turns, ours repeated within a run to last as long as ERPNext's (`site_harness.best_of_each`).
The last line is `speedup_vs_erpnext: <x>`: our deadlines per second / ERPNext's, both asked the
way the ERP side asks, naive datetimes in the system timezone in and out (ours through the app's
`service_level.system_clock`). The engine's aware API, with and without a naive<->aware
conversion around every call, is printed above it.
"""

import os
import signal
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from time import process_time
from zoneinfo import ZoneInfo

import site_harness
from sla_cases import HOLIDAYS, SEED, WORKDAYS, Case, Outcome, Policy, Suite, build_policies, build_suites
from sla_correctness import erp_instant, explain, naive_agrees, our_deadline, report_correctness, to_utc

import frappe
from frappe.utils import get_system_timezone

import erpnext
from erpnext.support.doctype.service_level_agreement.service_level_agreement import (
	get_expected_time_for,
	get_response_and_resolution_duration,
)

from b2b_helpdesk.engine.business_time import add_business_seconds
from b2b_helpdesk.service_contracts.service_level import system_clock

SITE = os.environ.get("B2B_TEST_SITE", "b2b-test.localhost")
BENCH = os.environ.get("B2B_BENCH", "~/frappe-bench")

TIMING_RUNS = 15
OVERNIGHT_PROBE_SECONDS = 1.0

MARK = "B2B SLA Bench"
PRIORITY = "Medium"
COUNTED_DOCTYPES = (
	"Service Level Agreement",
	"Service Level Priority",
	"Service Day",
	"SLA Fulfilled On Status",
	"Holiday List",
	"Holiday",
	"Issue Priority",
)
ACTIVE_SLA_CACHE_KEY = "doctypes_with_active_sla"


# ---------------------------------------------------------------------------
# the ERPNext side (all inside the rolled-back transaction)


def create_holiday_list() -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Holiday List",
			"holiday_list_name": f"{MARK} Holidays",
			"from_date": "2026-01-01",
			"to_date": "2027-12-31",
			"holidays": [{"holiday_date": str(day), "description": f"{MARK} holiday"} for day in HOLIDAYS],
		}
	)
	return doc.insert(ignore_permissions=True).name


def ensure_priority(name: str) -> None:
	if not frappe.db.exists("Issue Priority", name):
		frappe.get_doc({"doctype": "Issue Priority", "name": name}).insert(ignore_permissions=True)


def create_sla(policy: Policy, holiday_list: str) -> str:
	"""Insert the policy as an ERPNext SLA (disabled: no Issue may pick it up); its name, or raise."""
	doc = frappe.get_doc(
		{
			"doctype": "Service Level Agreement",
			"enabled": 0,
			"document_type": "Issue",
			"service_level": f"{MARK} ({policy.key})",
			"default_priority": PRIORITY,
			"holiday_list": holiday_list,
			"apply_sla_for_resolution": 1,
			"priorities": [
				{"priority": PRIORITY, "response_time": 900, "resolution_time": 3600, "default_priority": 1}
			],
			"sla_fulfilled_on": [{"status": "Resolved"}, {"status": "Closed"}],
			"support_and_resolution": [
				{"workday": day, "start_time": start, "end_time": end} for day, start, end in policy.erp_rows
			],
		}
	)
	return doc.insert(ignore_permissions=True).name


def erp_priorities(sla: str, cases: list[Case]) -> dict[int, frappe._dict]:
	"""What ERPNext passes to get_expected_time_for, one per target (its Duration comes as a float)."""
	base = get_response_and_resolution_duration(frappe._dict(service_level_agreement=sla, priority=PRIORITY))
	return {
		seconds: frappe._dict(base, resolution_time=float(seconds)) for seconds in {c.seconds for c in cases}
	}


def erp_deadline(priority: frappe._dict, case: Case) -> datetime:
	return get_expected_time_for("resolution", priority, case.start)


class _Stopped(Exception):
	pass


def probe_overnight(holiday_list: str) -> bool:
	"""Whether ERPNext's day walk returns within the time limit for 22:00-06:00 rows (bypassing validation)."""
	rows_ = [
		frappe._dict(workday=day, start_time=timedelta(hours=22), end_time=timedelta(hours=6))
		for day in WORKDAYS[:5]
	]
	level = frappe._dict(resolution_time=3600.0, support_and_resolution=rows_, holiday_list=holiday_list)

	def stop(signum, frame):
		raise _Stopped

	previous = signal.signal(signal.SIGALRM, stop)
	signal.setitimer(signal.ITIMER_REAL, OVERNIGHT_PROBE_SECONDS)
	try:
		get_expected_time_for("resolution", level, datetime(2026, 4, 15, 23, 0))
		return True
	except _Stopped:
		return False
	finally:
		signal.setitimer(signal.ITIMER_REAL, 0)
		signal.signal(signal.SIGALRM, previous)


def compare(suite: Suite, system_zone: ZoneInfo, cases: list[Case]) -> list[Outcome]:
	priorities = erp_priorities(suite.sla, cases) if suite.sla else {}
	clock = system_clock(suite.policy.calendar)
	outcomes = []
	for case in cases:
		erp = erp_deadline(priorities[case.seconds], case) if suite.sla else None
		outcome = Outcome(case, erp, our_deadline(suite.policy.calendar, case, system_zone))
		outcome.naive_agrees = naive_agrees(clock, outcome, system_zone)
		if erp is not None and erp_instant(erp, system_zone) != to_utc(outcome.ours):
			outcome.category = explain(suite.policy, outcome, system_zone)
		outcomes.append(outcome)
	return outcomes


# ---------------------------------------------------------------------------
# timing


@dataclass(frozen=True)
class Timings:
	"""Best seconds for the same deadlines: ERPNext's, and ours three ways."""

	count: int
	erp: float
	naive: float  # the app's system clock: naive system time in and out, as the ERP side asks
	aware: float  # the engine's aware API
	converted: float  # the aware API with a naive<->aware conversion around every call


def time_both(suites: list[Suite], system_zone: ZoneInfo) -> Timings:
	erp_inputs, naive_inputs, calendar_inputs, aware_inputs = [], [], [], []
	for suite in suites:
		priorities = erp_priorities(suite.sla, suite.cases)
		clock, calendar = system_clock(suite.policy.calendar), suite.policy.calendar
		for case in suite.cases:
			erp_inputs.append((priorities[case.seconds], case.start))
			naive_inputs.append((clock, case.start, case.seconds))
			calendar_inputs.append((calendar, case.start, case.seconds))
			aware_inputs.append((calendar, case.start.replace(tzinfo=system_zone), case.seconds))

	def erp_job():
		for priority, start in erp_inputs:
			get_expected_time_for("resolution", priority, start)

	def naive_job():  # as the app asks: the policy's system clock, naive in and out
		for clock, start, seconds in naive_inputs:
			clock.add_seconds(start, seconds)

	def aware_job():  # the engine's aware API
		for calendar, start, seconds in aware_inputs:
			add_business_seconds(calendar, start, seconds)

	def converted_job():  # the aware API with the conversion around it the ERP side used to do
		for calendar, start, seconds in calendar_inputs:
			add_business_seconds(calendar, start.replace(tzinfo=system_zone), seconds).astimezone(
				system_zone
			).replace(tzinfo=None)

	jobs = (erp_job, naive_job, aware_job, converted_job)
	best = site_harness.best_of_each(jobs, TIMING_RUNS, timer=process_time)  # all CPU, no database
	return Timings(len(naive_inputs), *best)


# ---------------------------------------------------------------------------
# site hygiene and report


def restore_active_sla(active_sla_before) -> None:
	"""Put back the Redis entry that inserting an SLA rewrites."""
	if active_sla_before is None:
		frappe.cache.delete_value(ACTIVE_SLA_CACHE_KEY)
	else:
		frappe.cache.set_value(ACTIVE_SLA_CACHE_KEY, active_sla_before)


def print_header(system_tz: str, counts: dict[str, int]) -> None:
	print(
		f"site {SITE} | system timezone {system_tz} | frappe {frappe.__version__} | erpnext {erpnext.__version__}"
	)
	print(
		f"python {sys.version.split()[0]} | seed {SEED} | rows before: "
		+ ", ".join(f"{k} {v}" for k, v in counts.items())
	)


def print_setup(holiday_list: str, refusals: dict[str, str], overnight_returns: bool) -> None:
	print(
		f"\nHoliday List '{holiday_list}': {len(HOLIDAYS)} holidays; SLAs inserted disabled, priority {PRIORITY}"
	)
	for key, message in refusals.items():
		print(f"({key}) cannot be expressed in ERPNext: insert refused: {message!r}")
	verdict = (
		"returned"
		if overnight_returns
		else f"did not return within {OVERNIGHT_PROBE_SECONDS:.0f} s (stopped)"
	)
	print(f"    get_expected_time_for on 22:00-06:00 rows with validation bypassed: {verdict}")


def print_speed(timings: Timings) -> float:
	"""ERPNext's and our deadlines per second; the ratio the way the ERP side asks (naive in and out)."""
	count = timings.count
	rate = {name: count / getattr(timings, name) for name in ("erp", "naive", "aware", "converted")}
	rows = (
		("erp", "ERPNext get_expected_time_for (naive in and out)"),
		("naive", "ours, service_level.system_clock (naive in and out)"),
		("aware", "ours, add_business_seconds (the engine's aware API)"),
		("converted", "ours, aware API + naive<->aware conversion each call"),
	)
	print(
		f"\nSpeed: {count} deadlines on (a)-(c) (the random cases), CPU time, best of {TIMING_RUNS} runs "
		"taking turns after a warm-up"
	)
	for name, label in rows:
		print(f"  {label:<54} {getattr(timings, name):.3f} s, {rate[name]:>10,.0f} deadlines/s")
	print(f"  ratio, as the app asks (naive, conversion included): {rate['naive'] / rate['erp']:.2f}")
	print(f"  ratio, engine's aware API:                           {rate['aware'] / rate['erp']:.2f}")
	print(f"  ratio, aware API + conversion around each call:      {rate['converted'] / rate['erp']:.2f}")
	return rate["naive"] / rate["erp"]


def report_site(before: dict[str, int], active_sla_before) -> bool:
	"""Print whether the site is as it was before the run; True when it is."""
	after, leftovers = site_harness.row_counts(COUNTED_DOCTYPES), site_harness.cache_keys_naming([MARK])
	restored = frappe.cache.get_value(ACTIVE_SLA_CACHE_KEY) == active_sla_before
	clean = after == before and not leftovers and restored
	print(f"\nSite after rollback: rows {'unchanged' if after == before else f'CHANGED {after}'}; ", end="")
	print(f"cache keys naming '{MARK}': {len(leftovers)}; ", end="")
	print(f"{ACTIVE_SLA_CACHE_KEY} {'restored' if restored else 'NOT restored'}; ", end="")
	print(f"site left as found: {'yes' if clean else 'NO'}")
	return clean


# ---------------------------------------------------------------------------


def run(system_tz: str, created: list[tuple[str, str]]):
	system_zone = ZoneInfo(system_tz)
	policies = build_policies(system_tz)
	suites = build_suites(policies, system_zone)
	ensure_priority(PRIORITY)
	holiday_list = create_holiday_list()
	created.append(("Holiday List", holiday_list))
	refusals, slas = {}, {}
	for policy in policies:
		try:
			slas[policy.key] = create_sla(policy, holiday_list)
			created.append(("Service Level Agreement", slas[policy.key]))
		except frappe.ValidationError as error:
			refusals[policy.key] = str(error)
	for suite in suites:
		suite.sla = slas.get(suite.policy.key)
		suite.outcomes = compare(suite, system_zone, suite.cases)
		suite.edge_outcomes = compare(suite, system_zone, suite.edge)
	overnight_returns = probe_overnight(holiday_list)
	timed = [s for s in suites if s.label in ("(a)", "(b)", "(c)")]
	speed = time_both(timed, system_zone)
	return holiday_list, refusals, overnight_returns, suites, speed


def main() -> int:
	site_harness.connect(SITE, BENCH)
	system_tz = get_system_timezone()
	before = site_harness.row_counts(COUNTED_DOCTYPES)
	print_header(system_tz, before)
	active_sla_before, created = frappe.cache.get_value(ACTIVE_SLA_CACHE_KEY), []
	with site_harness.rolled_back("sla_vs_erpnext", created, lambda: restore_active_sla(active_sla_before)):
		holiday_list, refusals, overnight_returns, suites, speed = run(system_tz, created)
	print_setup(holiday_list, refusals, overnight_returns)
	failures = report_correctness(suites, ZoneInfo(system_tz))
	speedup = print_speed(speed)
	clean = report_site(before, active_sla_before)
	print(f"speedup_vs_erpnext: {speedup:.1f}")
	return 0 if clean and not failures else 1


if __name__ == "__main__":
	sys.exit(main())
