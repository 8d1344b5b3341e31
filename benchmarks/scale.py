"""Issue 12 in one run: every goal's ratio at 100,000 tickets, printed one line per goal.

Run from the bench's sites folder with the bench's Python:

	cd ~/frappe-bench/sites && ~/frappe-bench/env/bin/python /path/to/b2b_helpdesk/benchmarks/scale.py \\
		--site SITE [--tickets 100000] [--act-lines 1000,10000] [--act-runs 3]

It builds, in one transaction that is rolled back at the end (`site_harness.rolled_back`: a commit is
refused meanwhile; row counts, Redis keys and queued jobs are checked afterwards):
- the tickets of `ticket_scale.build_world()` (20 % open, a year of history, 200 clients with five
  locations in a territory tree, 200 engineers, assignments, status periods, one user per scope);
- their billing (`scale_billing.build`): a contract per client on a monthly hours plan, a labour
  line per ticket, a visit for every fourth, a year of acts with their claims;
- the act benchmark's own contract and its 1,000 / 10,000 labour lines (`act_generation.run`).
Then, best of several runs against a bare SQL reference in the same process, one line per goal:
1. the breach monitor in steady state and after a 3-hour outage, vs the bare SELECT of the due tickets;
2. the act of 10,000 lines vs its floor, and the 1,000 -> 10,000 scaling;
3. the list of 20 and the count for each scope vs the Administrator's, the two taking turns
   (`ticket_scale.scoped_lists`: best of 9 for the list, of 3 for the count), with the EXPLAINs;
4. SLA Compliance, Contract Profitability, Service Act Period Closing, Service KPIs and the Client
   Overview vs bare SQL GROUP BYs of the same figures.
The last lines repeat every goal line. Exit code 0 when the site was left as found.
"""

import argparse
import math
import os
import sys
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import act_generation  # noqa: E402
import act_report  # noqa: E402
import insight  # noqa: E402
import scale_billing  # noqa: E402
import site_harness  # noqa: E402
import ticket_scale  # noqa: E402
from act_setup import MARK, Setup  # noqa: E402

import frappe  # noqa: E402
from frappe.utils import now_datetime  # noqa: E402

REPORT_GOAL = 1.5
COUNTED = (
	*ticket_scale.COUNTED,
	*act_report.COUNTED_ASKED,
	*act_report.COUNTED_OTHER,
	"Service Visit",
	"Service Act Item",
	"Territory",
	"User Permission",
	"User Group",
)
GOAL_LINES: list[str] = []
current_goal = [""]


def goal_line(label: str, ours: float, reference: float, goal: float) -> None:
	"""`<goal>: ours X ms, reference Y ms, ratio Z× (goal ≤ G×) goal met / not met`, printed and kept."""
	ratio = ours / reference if reference else math.inf
	verdict = "goal met" if ratio <= goal else "goal NOT met"
	line = (
		f"{current_goal[0]}{label}: ours {ours * 1000:,.1f} ms, reference {reference * 1000:,.1f} ms, "
		f"ratio {ratio:.2f}× (goal ≤ {goal:g}×) {verdict}"
	)
	print(line, flush=True)
	GOAL_LINES.append(line)


def goal(number: int, title: str) -> None:
	current_goal[0] = f"goal {number} — "
	print(f"\n== goal {number}: {title} ==", flush=True)


def arguments() -> argparse.Namespace:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", default=os.environ.get("B2B_BENCH_SITE", "dev.localhost"))
	parser.add_argument("--bench", default=os.environ.get("B2B_BENCH", "~/frappe-bench"))
	parser.add_argument("--tickets", type=int, default=100_000)
	parser.add_argument("--act-lines", default="1000,10000", help="the act's sizes, smallest first")
	parser.add_argument("--act-runs", type=int, default=3, help="best of how many acts per size")
	return parser.parse_args()


def main() -> int:
	args = arguments()
	sizes = tuple(int(n) for n in args.act_lines.split(","))
	ticket_scale.SITE, ticket_scale.TICKETS = args.site, args.tickets
	act_generation.RUNS = act_report.RUNS = args.act_runs
	act_report.SITE = args.site
	ticket_scale.report = goal_line  # ticket_scale's and insight's measurements print goal lines
	insight.GOAL = REPORT_GOAL
	site_harness.connect(args.site, args.bench)
	frappe.set_user("Administrator")
	ticket_scale.NOW = now_datetime().replace(microsecond=0)
	before = site_harness.row_counts(COUNTED)
	jobs_before = site_harness.queued_jobs(args.site)
	act_report.print_header(before)
	setup = Setup()
	with site_harness.rolled_back("scale", setup.created):
		frappe.set_user("Administrator")
		print(f"\nbuilding {args.tickets:,} tickets on {args.site} …", flush=True)
		w = ticket_scale.build_world()
		billing = scale_billing.build(w)
		open_tickets = frappe.db.count(
			"Service Ticket",
			{"name": ("like", f"{ticket_scale.TAG}-T%"), "status": ("in", ticket_scale.OPEN_STATUSES)},
		)
		print(
			f"built: {args.tickets:,} tickets ({open_tickets:,} open), {len(w.customers)} clients, "
			f"{len(billing.contracts)} contracts, {billing.lines:,} labour lines, {billing.visits:,} visits, "
			f"{billing.acts:,} acts, {billing.claims:,} claims; load {act_report.load()}",
			flush=True,
		)
		now = ticket_scale.NOW
		goal(1, "breach monitor vs the bare SELECT of the due tickets")
		ticket_scale.monitor("breach monitor, steady state", now + timedelta(minutes=5), 20)
		ticket_scale.monitor("breach monitor after 3 h down", now + timedelta(hours=3), 50)
		goal(3, "scoped list of 20 and count vs the Administrator's")
		ticket_scale.scoped_lists(w.users)
		goal(4, f"reports vs bare SQL GROUP BYs of the same figures (goal ≤ {REPORT_GOAL:g}×)")
		ticket_scale.sla_report()
		scale_billing.profitability(goal_line, site_harness.best_of, now, billing.contracts)
		scale_billing.period_closing(goal_line, site_harness.best_of, now)
		insight.kpi_report(now)
		insight.client_page(now, w.customers[0])
		goal(2, f"the act of {sizes[-1]:,} lines vs its floor, and {sizes[0]:,} -> {sizes[-1]:,} scaling")
		results = act_generation.run(setup, sizes, calendar=False)
		act_report.print_results(results)
		small, big = results[sizes[0]], results[sizes[-1]]
		goal_line(
			f"act of {sizes[-1]:,} lines vs its floor (read the source rows + multi-row INSERTs of rows and claims)",
			big["act"],
			big["floor"],
			act_report.TARGET_VS_FLOOR,
		)
		goal_line(
			f"act scaling {sizes[0]:,} -> {sizes[-1]:,} lines (reference: the act of {sizes[0]:,})",
			big["act"],
			small["act"],
			act_report.TARGET_SCALING,
		)
	after = site_harness.row_counts(COUNTED)
	leftovers = site_harness.cache_keys_naming([MARK, *(name for _doctype, name in setup.created)])
	new_jobs = site_harness.queued_jobs(args.site) - jobs_before
	changed = {k: (before[k], v) for k, v in after.items() if before[k] != v}
	clean = not changed and not leftovers and not new_jobs
	print(f"\n== issue 12: {args.tickets:,} tickets on {args.site}, one line per goal ==")
	for line in GOAL_LINES:
		print(line)
	print(
		"site left as found"
		if clean
		else f"SITE CHANGED: rows {changed}, cache keys {leftovers[:5]}, new jobs {len(new_jobs)}"
	)
	return 0 if clean else 1


if __name__ == "__main__":
	sys.exit(main())
