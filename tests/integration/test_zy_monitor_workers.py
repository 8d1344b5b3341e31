"""Two workers run the breach monitor at once: one run at a time, each level escalated once (issue 12).

Commits a small world (a ticket already past its at-risk and breach instants) and removes it.
Each thread has its own database connection, like two RQ workers picking the scheduled job.
"""

import threading

import pytest

import frappe
from frappe.desk.form.assign_to import add as assign

from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.service_desk.sla_monitor import _service_managers, run
from tests.integration.factories import at_local, make_client, make_contract, make_user, new_ticket
from tests.site_under_test import BENCH, SITE

NOW = "2026-05-18 18:00:00"  # response due 13:00, escalate to managers 2 h after: every level is due


def worker(job, *args) -> None:
	frappe.init(site=SITE, sites_path=str(BENCH / "sites"))
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		job(*args)
	finally:
		frappe.db.rollback()
		frappe.destroy()


@pytest.fixture
def due_ticket(erp):
	client = make_client(erp, "Monitored")
	engineer, manager = make_user("Service Engineer"), make_user("Service Manager")
	policy = make_policy(
		f"Workers {frappe.generate_hash(length=6)}", always_on=True, escalate_to_manager_after=2 * 3600
	)
	contract = make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	with at_local("2026-05-18 09:00:00"):
		ticket = new_ticket(client, opened_on="2026-05-18 09:00:00").insert().name
		assign({"assign_to": [engineer], "doctype": "Service Ticket", "name": ticket})
	frappe.db.commit()
	yield frappe._dict(ticket=ticket, engineer=engineer, manager=manager)
	frappe.db.rollback()
	for doctype, field in (
		("Comment", "reference_name"),
		("ToDo", "reference_name"),
		("Notification Log", "document_name"),
	):
		frappe.db.delete(doctype, {field: ticket})
	frappe.delete_doc("Service Ticket", ticket, force=True, ignore_permissions=True)
	frappe.db.set_value("Contract", contract.name, "docstatus", 2)
	frappe.delete_doc("Contract", contract.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Service Level Policy", policy.name, force=True, ignore_permissions=True)
	for user in (engineer, manager):
		frappe.delete_doc("User", user, force=True, ignore_permissions=True)
	frappe.db.commit()


def expected() -> dict[str, int]:
	"""Level 1 warns the assignee; levels 2 and 3 (no account manager) every Service Manager."""
	managers = len(_service_managers())
	return {"comments": 3, "notifications": 1 + 2 * managers, "todos": 2 * managers}


def escalations(ticket: str) -> dict[str, int]:
	return {
		"comments": frappe.db.count(
			"Comment", {"reference_name": ticket, "content": ("like", "Escalation level%")}
		),
		"notifications": frappe.db.count(
			"Notification Log", {"document_name": ticket, "subject": ("like", "SLA %")}
		),
		"todos": frappe.db.count("ToDo", {"reference_name": ticket, "description": ("like", "SLA %")}),
	}


def test_a_second_run_skips_while_the_first_is_under_way(due_ticket):
	first_ran, second_done, results = threading.Event(), threading.Event(), {}

	def first():
		results["first"] = run(NOW)
		first_ran.set()
		second_done.wait(timeout=60)  # still inside its transaction: the lock is held
		frappe.db.commit()

	def second():
		first_ran.wait(timeout=60)
		results["second"] = run(NOW)
		frappe.db.commit()
		second_done.set()

	threads = [threading.Thread(target=worker, args=(job,)) for job in (first, second)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=120)
	assert results["second"] == {"skipped": 1}
	# the first run escalated (this ticket, and any due ticket other tests left committed on the site)
	assert results["first"]["escalated_to_1"] >= 1 and results["first"]["escalated_to_3"] >= 1
	frappe.db.rollback()
	assert escalations(due_ticket.ticket) == expected()


def test_two_workers_at_once_escalate_each_level_once(due_ticket):
	barrier, results = threading.Barrier(2), []

	def race():
		barrier.wait(timeout=60)
		results.append(run(NOW))
		frappe.db.commit()

	threads = [threading.Thread(target=worker, args=(race,)) for _i in range(2)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=120)
	assert len(results) == 2
	frappe.db.rollback()
	assert frappe.db.get_value("Service Ticket", due_ticket.ticket, ["sla_state", "escalation_level"]) == (
		"Breached",
		3,
	)
	assert escalations(due_ticket.ticket) == expected()
	assert frappe.db.get_value("Service Ticket", due_ticket.ticket, "_assign").count(due_ticket.manager) == 1
