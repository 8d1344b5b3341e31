"""The report of `act_generation.py`: the table of timings, where the time goes, the verdict on the
project's targets, and whether the site was left as found."""

import os
import subprocess
import sys

import site_harness
from act_setup import APP, MARK, RUNS, SITE, SIZES

import frappe

import erpnext

STEPS = ("load plan", "collect", "price_period", "build doc", "insert")
FLOOR_WRITE = "floor: write rows and claims (multi-row INSERTs)"

TARGET_VS_FLOOR = 3.0
TARGET_SCALING = 10.5

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
	row(
		"act lines written (grouped per ticket and work type)",
		[f"{results[n]['wrote']['items']:,}" for n in sizes],
	)
	row("claims written (one per line + the period)", [f"{results[n]['wrote']['claims']:,}" for n in sizes])
	timed("(b) bare SQL aggregate (sum per ticket and activity)", "sql", "", share=False)
	timed("(c) collect's labour step alone (its query, an entry a line)", "fetch", "", share=False)
	timed("(a) build_act end to end", "act", "", share=False)
	row("    its runs, fastest to slowest", [spread(results[n]["runs"]) for n in sizes])
	print("  its steps, one by one, in build_act's order:")
	timed("    load plan + period", "load plan")
	timed("    collect (3 queries -> engine entries)", "collect")
	timed("    price_period (billing engine)", "price_period")
	timed("    build the document (grouped lines + per-log detail)", "build doc")
	timed("    act.insert() (rows, claims: multi-row INSERTs; ERPNext prices the invoice)", "insert")
	for n in sizes:
		parts = results[n]["parts"]
		parts["sum of the steps"] = sum(parts[k] for k in STEPS)
	timed("    sum of the steps", "sum of the steps")
	print("  the FLOOR, same process, same lines:")
	timed("    read the period's source rows into Python", "read", "", share=False)
	timed("    write the act's rows and claims as multi-row INSERTs", FLOOR_WRITE)
	timed("    floor = read + write", "floor", "", share=False)
	timed("statement_for alone (the live preview: collect + price)", "statement", "", share=False)
	print("  plan with an office-hours calendar (out-of-hours share of every line):")
	timed("    statement_for", "statement_ooh", "", share=False)
	timed("    build_act", "act_ooh", "", share=False)
	row("    its runs, fastest to slowest", [spread(results[n]["runs_ooh"]) for n in sizes])
	worst = max(max(results[n]["runs"]) / min(results[n]["runs"]) - 1 for n in sizes)
	print(
		f"The steps and build_act are timed in different repetitions; build_act's own runs differ by up to "
		f"{worst:.0%} here,\nso the steps need not add up to it exactly."
	)


def spread(runs: list[float]) -> str:
	return f"{min(runs):.2f}-{max(runs):.2f}"


def print_verdict(results: dict[int, dict]) -> tuple[float, float]:
	small, big = (results[n] for n in SIZES)
	vs_floor = big["act"] / big["floor"]
	scaling = big["act"] / small["act"]
	print()
	for n, r in results.items():
		print(
			f"N={n:,}: build_act / floor {r['act'] / r['floor']:.2f}, / SQL aggregate {r['act'] / r['sql']:,.0f}; "
			f"{r['wrote']['items']:,} act lines, {r['wrote']['claims']:,} claims; "
			f"net total {r['wrote']['net_total']:,.2f}, allowance used {r['wrote']['allowance_used']:g} h, "
			f"overage {r['wrote']['overage_hours']:g} h"
		)
	print(
		f"\ngoal: build_act at 10k <= {TARGET_VS_FLOOR:g} x the floor (read the source rows + write rows and "
		f"claims): {vs_floor:.2f} -> {'goal met' if vs_floor <= TARGET_VS_FLOOR else 'goal NOT met'}"
	)
	print(
		f"goal: build_act at 10k / at 1k <= {TARGET_SCALING:g}: {scaling:.2f} -> "
		f"{'goal met' if scaling <= TARGET_SCALING else 'goal NOT met'}"
	)
	return vs_floor, scaling


def report_site(before: dict[str, int], before_other: dict[str, int], jobs_before, created) -> bool:
	after, after_other = site_harness.row_counts(COUNTED_ASKED), site_harness.row_counts(COUNTED_OTHER)
	leftovers = site_harness.cache_keys_naming([MARK, *(name for _doctype, name in created)])
	new_jobs = site_harness.queued_jobs(SITE) - jobs_before
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
