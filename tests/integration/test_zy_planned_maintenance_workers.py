"""Two real RQ worker processes started at once generate a plan's tickets: one ticket per occurrence
(issue 12 goal 5, issue 13 goal 1).

Commits a small world (a plan on covered equipment), queues the scheduled job twice on a queue of
its own, starts two `rq` workers in burst mode as separate processes, and removes the world after.
"""

import subprocess
import sys

import pytest
from rq import Queue

import frappe
from frappe.utils.background_jobs import execute_job, get_bench_id, get_redis_conn

from b2b_helpdesk.demo.service_levels import make_policy
from tests.integration.factories import make_client, make_contract, make_user
from tests.integration.test_planned_maintenance import make_plan, make_team, monthly
from tests.site_under_test import BENCH, SITE

JOB = "b2b_helpdesk.field_service.planned_maintenance.run"
WORKER = """
import sys
import frappe
from rq import Queue, Worker
from frappe.utils.background_jobs import get_redis_conn
with frappe.init_site():
	connection = get_redis_conn()
Worker([Queue(sys.argv[1], connection=connection)], connection=connection).work(burst=True)
"""


@pytest.fixture
def committed_plan(erp):
	client = make_client(erp, "Workers")
	policy = make_policy(f"PPM workers {frappe.generate_hash(length=6)}", always_on=True)
	contract = make_contract(
		client.customer, "2026-01-01", "2027-12-31", assets=(client.fridge,), policy=policy.name
	)
	world = frappe._dict(
		dispatcher=make_user("Service Dispatcher"),
		engineer=make_user("Service Engineer"),
		manager=make_user("Service Manager"),
	)
	world.team = make_team(erp, world.manager, world.engineer)
	frappe.db.set_single_value("Service Desk Settings", "planned_lead_days", 30)
	world.plan = make_plan(erp, world, client.fridge, [monthly("2026-05-01")])
	world.task = frappe.db.get_value("Asset Maintenance Task", {"parent": world.plan})
	frappe.db.commit()
	yield world
	frappe.db.rollback()
	tickets = frappe.get_all("Service Ticket", {"maintenance_plan": world.plan}, pluck="name")
	for name in [*tickets, world.plan]:
		frappe.db.delete("ToDo", {"reference_name": name})
	for name in tickets:
		frappe.delete_doc("Service Ticket", name, force=True, ignore_permissions=True)
	frappe.db.delete("Asset Maintenance Log", {"asset_maintenance": world.plan})
	frappe.delete_doc("Asset Maintenance", world.plan, force=True, ignore_permissions=True)
	frappe.delete_doc("Asset Maintenance Team", world.team, force=True, ignore_permissions=True)
	frappe.db.set_value("Contract", contract.name, "docstatus", 2)
	frappe.delete_doc("Contract", contract.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Service Level Policy", policy.name, force=True, ignore_permissions=True)
	for user in (world.dispatcher, world.engineer, world.manager):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_two_rq_workers_started_at_once_make_one_ticket_per_occurrence(committed_plan):
	connection = get_redis_conn()
	queue = Queue(f"{get_bench_id()}:b2b-planned-{frappe.generate_hash(length=8)}", connection=connection)
	jobs = [
		queue.enqueue_call(
			execute_job,
			kwargs={
				"site": SITE,
				"user": "Administrator",
				"method": JOB,
				"event": None,
				"job_name": JOB,
				"is_async": True,
				"kwargs": {"today": "2026-06-01"},
			},
			timeout=300,
		)
		for _run in range(2)
	]
	workers = [
		subprocess.Popen([sys.executable, "-c", WORKER, queue.name], cwd=BENCH / "sites")
		for _worker in range(2)
	]
	for worker in workers:
		assert worker.wait(timeout=300) == 0
	for job in jobs:
		job.refresh()
	assert [job.get_status() for job in jobs] == ["finished", "finished"]
	print("planned-maintenance jobs:", [(job.started_at, job.ended_at, job.return_value()) for job in jobs])
	results = sorted((job.return_value() for job in jobs), key=lambda r: r.get("created", -1))
	# the second either found the first one's lock (skipped) or ran after its commit and found nothing to do
	assert results[0] in ({"skipped": 1}, {"created": 0, "moved": 0, "uncovered": [], "tickets": []})
	assert (results[1]["created"], results[1]["moved"], results[1]["uncovered"]) == (2, 0, [])
	frappe.db.rollback()
	occurrences = frappe.get_all(
		"Service Ticket", {"maintenance_plan": committed_plan.plan}, pluck="maintenance_occurrence"
	)
	assert sorted(occurrences) == [f"{committed_plan.task}:1", f"{committed_plan.task}:2"]
	assert sorted(results[1]["tickets"]) == sorted(
		frappe.get_all("Service Ticket", {"maintenance_plan": committed_plan.plan}, pluck="name")
	)
	queue.delete(delete_jobs=True)
