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
	timed("(c) collect's labour step alone (its query, an entry a line)", "fetch", "", share=False)
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
			f"N={n:,}: build_act / SQL aggregate {r['act'] / r['sql']:,.0f}, / collect's labour step "
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
