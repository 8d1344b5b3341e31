"""Twenty generations of one contract's act at once give one act (commits; runs near the end).

Each thread has its own database connection, like twenty workers or twenty
accountants clicking at the same time. The database's unique key on the
period claim decides; nothing is checked-then-written.
"""

import threading
import time

import pytest

import frappe

from b2b_helpdesk.service_billing.acts import build_act
from tests.integration.billing_factories import make_billing_plan, make_item
from tests.integration.factories import make_contract
from tests.site_under_test import BENCH, SITE

LABEL = "Concurrent"
RACERS = 20


def generate(contract: str, barrier: threading.Barrier, results: list) -> None:
	frappe.init(site=SITE, sites_path=str(BENCH / "sites"))
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		barrier.wait()
		name = build_act(contract, "2026-05-10").name
		frappe.db.commit()
		results.append(("made", name))
	except Exception as error:
		frappe.db.rollback()
		results.append((type(error).__name__, frappe.utils.strip_html(str(error))))
	finally:
		frappe.destroy()


@pytest.fixture
def fee_only_contract(erp):
	plan = make_billing_plan(
		LABEL,
		billing_unit="Hours",
		allowance_unit="Hours",
		subscription_fee=700,
		fee_item=make_item("B2B-SERVICE-FEE", stock=False),
	)
	customer = frappe.get_doc(
		{"doctype": "Customer", "customer_name": f"{LABEL} {frappe.generate_hash(length=6)}"}
	).insert()
	contract = make_contract(customer.name, "2026-01-01", "2026-12-31", billing_plan=plan.name)
	frappe.db.commit()
	yield contract.name
	frappe.db.rollback()
	for act in frappe.get_all("Service Act", {"contract": contract.name}, pluck="name"):
		frappe.delete_doc("Service Act", act, force=True, ignore_permissions=True)
	frappe.db.delete("Service Billing Claim", {"source": ("like", f"Period:{contract.name}:%")})
	frappe.db.set_value("Contract", contract.name, "docstatus", 2)
	frappe.delete_doc("Contract", contract.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Customer", customer.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Service Billing Plan", plan.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_twenty_concurrent_generations_give_one_act(fee_only_contract, frappe_site):
	barrier, results = threading.Barrier(RACERS), []
	threads = [
		threading.Thread(target=generate, args=(fee_only_contract, barrier, results)) for _i in range(RACERS)
	]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=300)

	frappe.db.rollback()
	made = [detail for outcome, detail in results if outcome == "made"]
	refused = [(outcome, detail) for outcome, detail in results if outcome != "made"]
	assert len(results) == RACERS
	assert len(made) == 1, results
	assert all(outcome == "ValidationError" and "already" in detail for outcome, detail in refused), refused
	assert frappe.get_all("Service Act", {"contract": fee_only_contract}, pluck="name") == made
	assert frappe.db.get_value("Service Act", made[0], "grand_total") == 700


def test_the_period_job_bills_every_contract_once_and_reports(fee_only_contract):
	from b2b_helpdesk.service_billing.acts_batch import generate_acts_for_period

	def ours(summary: dict) -> tuple[list, list, list]:
		"""This contract's part of a run (contracts other tests committed are billed the same way)."""
		made = [
			a
			for a in summary["made"]
			if frappe.db.get_value("Service Act", a, "contract") == fee_only_contract
		]
		skipped = [act for contract, act in summary["skipped"] if contract == fee_only_contract]
		failed = [why for contract, why in summary["failed"] if contract == fee_only_contract]
		return made, skipped, failed

	first = generate_acts_for_period("2026-05-10", user="Administrator")
	made, skipped, failed = ours(first)
	assert (len(made), skipped, failed) == (1, [], [])
	second = generate_acts_for_period("2026-05-10", user="Administrator")
	assert ours(second) == ([], made, [])
	assert second["made"] == []  # nothing is billed twice, this contract or another
	log = frappe.get_last_doc("Notification Log", filters={"for_user": "Administrator"})
	assert log.subject == (
		f"0 act(s) made, {len(second['skipped'])} already billed, {len(second['failed'])} contract(s) not billed"
	)


def test_two_workers_closing_the_period_at_once_make_each_act_once(fee_only_contract):
	"""Two RQ workers pick the period-closing job at the same moment (each its own connection)."""
	from b2b_helpdesk.service_billing.acts_batch import generate_acts_for_period

	barrier, results = threading.Barrier(2), []

	def close_period() -> None:
		frappe.init(site=SITE, sites_path=str(BENCH / "sites"))
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			barrier.wait(timeout=60)
			results.append(generate_acts_for_period("2026-05-10"))
		finally:
			frappe.db.rollback()
			frappe.destroy()

	workers = [threading.Thread(target=close_period) for _i in range(2)]
	for worker in workers:
		worker.start()
	for worker in workers:
		worker.join(timeout=300)

	frappe.db.rollback()
	acts = frappe.get_all("Service Act", {"contract": fee_only_contract}, pluck="name")
	assert len(acts) == 1 and len(results) == 2
	ours = [
		(summary["made"], summary["skipped"], summary["failed"])
		for summary in results
		if fee_only_contract in summary["made"] or any(c == fee_only_contract for c, _a in summary["skipped"])
	]
	# the other contracts of the site are billed (or not) the same way; this one: made once, skipped once
	made = [m for summary in results for m in summary["made"] if m in acts]
	skipped = [a for summary in results for c, a in summary["skipped"] if c == fee_only_contract]
	failed = [c for summary in results for c, _why in summary["failed"] if c == fee_only_contract]
	# made once, and the other worker, which waited for the contract's lock, skipped it as already
	# billed: it never reports the act the first one just made as a failure
	assert made == acts, ours
	assert (skipped, failed) == (acts, []), ours


def test_a_worker_waiting_for_the_lock_skips_the_act_the_other_commits_meanwhile(fee_only_contract):
	"""Worker B lists the contracts while worker A holds this contract's lock and is making its act;
	A commits while B waits for the lock: B must see A's act (skipped), not bill it again (failed)."""
	from b2b_helpdesk.service_billing.acts_batch import generate_acts_for_period, lock_and_find_act

	locked, results = threading.Event(), []

	def first_worker() -> None:
		frappe.init(site=SITE, sites_path=str(BENCH / "sites"))
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			assert lock_and_find_act(fee_only_contract, "2026-05-10") is None
			act = build_act(fee_only_contract, "2026-05-10").name
			locked.set()
			time.sleep(3)  # the other worker lists the contracts and waits for this one's lock
			frappe.db.commit()
			results.append(("made", act))
		finally:
			frappe.db.rollback()
			frappe.destroy()

	def second_worker() -> None:
		frappe.init(site=SITE, sites_path=str(BENCH / "sites"))
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			locked.wait(timeout=120)
			results.append(("closed", generate_acts_for_period("2026-05-10")))
		finally:
			frappe.db.rollback()
			frappe.destroy()

	workers = [threading.Thread(target=first_worker), threading.Thread(target=second_worker)]
	for worker in workers:
		worker.start()
	for worker in workers:
		worker.join(timeout=300)

	frappe.db.rollback()
	made = [detail for what, detail in results if what == "made"]
	summary = next(detail for what, detail in results if what == "closed")
	assert frappe.get_all("Service Act", {"contract": fee_only_contract}, pluck="name") == made
	assert [a for c, a in summary["skipped"] if c == fee_only_contract] == made
	assert [c for c, _why in summary["failed"] if c == fee_only_contract] == []
	assert fee_only_contract not in [
		frappe.db.get_value("Service Act", a, "contract") for a in summary["made"]
	]
