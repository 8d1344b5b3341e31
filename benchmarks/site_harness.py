"""The site harness the benchmarks share: connect to a site, do everything in one transaction that
is rolled back at the end (a commit is refused meanwhile), and check afterwards that the site was
left as found (row counts, Redis keys, queued jobs); plus best-of timing.

Imported by the scripts next to it (`sla_vs_erpnext.py`, `act_generation.py`), which run from the
bench's sites folder with the bench's Python; not part of the app.
"""

import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from time import perf_counter

import frappe


def connect(site: str, bench: str) -> None:
	"""frappe.init and connect, as a script outside the bench CLI does."""
	frappe.init(site, sites_path=os.path.join(os.path.expanduser(bench), "sites"))
	frappe.connect()


@contextmanager
def rolled_back(
	script: str, created: list[tuple[str, str]], undo: Callable[[], None] | None = None
) -> Iterator[None]:
	"""Run the block in the open transaction with `frappe.db.commit` refused; afterwards roll it
	back, put the real commit back, drop the cached documents of the records `created` (doctype,
	name) names by then, call `undo` (for what else the block cached) and empty Frappe's
	in-process cache. Refuses to start when the connection is in autocommit mode."""
	if frappe.db.sql("select @@autocommit")[0][0]:
		raise SystemExit("autocommit is on: refusing to write to the site")

	def refuse(*args, **kwargs):
		raise RuntimeError(f"{script} must never commit")

	frappe.db.commit = refuse
	try:
		yield
	finally:
		frappe.db.rollback()
		del frappe.db.commit  # the instance override goes, the real method is back
		for doctype, name in created:
			frappe.clear_document_cache(doctype, name)
		if undo is not None:
			undo()
		frappe.local.cache.clear()


def row_counts(doctypes: Iterable[str]) -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in doctypes}


def cache_keys_naming(names: Iterable[str]) -> list[str]:
	"""The Redis keys that contain any of the names (the benchmark's marker, created records)."""
	marks = [name.encode() for name in names if name]
	return [key.decode() for key in frappe.cache.get_keys("") if any(mark in key for mark in marks)]


def queued_jobs(site: str) -> set[str]:
	"""The ids of the background jobs queued for the site."""
	from frappe.utils.background_jobs import get_queues

	return {job.id for queue in get_queues() for job in queue.jobs if (job.kwargs or {}).get("site") == site}


Timer = Callable[[], float]


def best_of(job: Callable[[], object], runs: int = 3, warm_up: bool = True) -> float:
	"""The fastest of `runs` timed runs of the job, in seconds of wall-clock time (after one untimed
	run by default)."""
	return best_of_each([job], runs, warm_up)[0]


def best_of_each(
	jobs: Sequence[Callable[[], object]], runs: int = 3, warm_up: bool = True, timer: Timer = perf_counter
) -> list[float]:
	"""Each job's fastest of `runs` timed runs, in seconds by `timer`, the jobs taking turns run by
	run, so that a busy moment of a shared machine falls on all of them alike. With `warm_up`, one
	untimed run of each comes first, and it also evens the runs out: a job quicker than the slowest
	is repeated within each timed run to last about as long (the time given is still for one pass).

	`timer=time.process_time` counts this process's CPU time only, not the time it waits for a core
	while other processes run: the fair measure for jobs that never wait for the database."""
	repeats = [1] * len(jobs)
	if warm_up:
		took = [_timed(job, 1, timer) for job in jobs]
		repeats = [max(1, round(max(took) / max(seconds, 1e-9))) for seconds in took]
	best = [math.inf] * len(jobs)
	for _ in range(runs):
		for index, job in enumerate(jobs):
			best[index] = min(best[index], _timed(job, repeats[index], timer) / repeats[index])
	return best


def _timed(job: Callable[[], object], times: int, timer: Timer) -> float:
	began = timer()
	for _ in range(times):
		job()
	return timer() - began
