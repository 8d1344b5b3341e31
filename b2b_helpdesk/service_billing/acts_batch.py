"""Generate the acts of every active contract for a period, as a background job.

One act per contract, each in its own transaction: a contract that fails (no
work and no fee, a plan error, an act already there) is reported in the
summary and does not stop the others; a contract whose period another worker (or an earlier run)
has already billed is skipped. Progress shows in the desk.
"""

import frappe
from frappe import _
from frappe.utils import getdate

from b2b_helpdesk.engine.periods import period_of
from b2b_helpdesk.service_billing.acts import build_act


@frappe.whitelist()
def enqueue_acts_for_period(day: str) -> str:
	frappe.has_permission("Service Act", "create", throw=True)
	job = frappe.enqueue(
		"b2b_helpdesk.service_billing.acts_batch.generate_acts_for_period",
		day=day,
		user=frappe.session.user,
		queue="long",
		timeout=3600,
		job_id=f"b2b-acts-{getdate(day)}",
		deduplicate=True,
	)
	return getattr(job, "id", None) or "queued"


def contracts_to_bill(day) -> list[str]:
	"""Submitted customer contracts with a billing plan, in force at some point of the month of `day`."""
	rows = frappe.get_all(
		"Contract",
		filters={"docstatus": 1, "party_type": "Customer", "b2b_billing_plan": ("is", "set")},
		fields=["name", "start_date", "end_date", "b2b_billing_plan"],
		order_by="name",
	)
	periods = dict(frappe.get_all("Service Billing Plan", fields=["name", "billing_period"], as_list=True))
	chosen = []
	for row in rows:
		start, end = period_of(getdate(day), periods[row.b2b_billing_plan])
		if (not row.start_date or getdate(row.start_date) <= end) and (
			not row.end_date or getdate(row.end_date) >= start
		):
			chosen.append(row.name)
	return chosen


def generate_acts_for_period(day, user: str | None = None) -> dict:
	"""Each contract's act once, however many workers run this at the same time: a worker takes the
	contract's row lock, and a period that already has a live act is skipped, not billed again."""
	contracts = contracts_to_bill(day)
	made, skipped, failed = [], [], []
	for index, contract in enumerate(contracts, start=1):
		# each contract in a transaction of its own, begun here: a snapshot taken earlier (listing the
		# contracts) would hide the act another worker commits while this one waits for the lock
		frappe.db.rollback()
		try:
			existing = lock_and_find_act(contract, day)
			if existing:
				skipped.append((contract, existing))
				frappe.db.rollback()
			else:
				made.append(build_act(contract, day).name)
				frappe.db.commit()
		except Exception as error:
			frappe.db.rollback()
			frappe.clear_messages()
			# the period's claim refused the act: another worker billed it first (e.g. it was still
			# making it when this one's lock wait ran out); what is billed is skipped, not failed
			existing = live_act(contract, day)
			if existing:
				skipped.append((contract, existing))
			else:
				failed.append((contract, frappe.utils.strip_html(str(error))))
		frappe.publish_progress(
			index * 100 / len(contracts),
			title=_("Generating acts"),
			description=_("{0} of {1}: {2}").format(index, len(contracts), contract),
			doctype="Service Act",
		)
	summary = {"made": made, "skipped": skipped, "failed": failed}
	if user:
		notify(user, summary)
	return summary


def lock_and_find_act(contract: str, day) -> str | None:
	"""The live act of the contract's period containing `day`, after waiting for any other worker
	that bills this contract (the contract's row lock, held until this act is committed)."""
	frappe.db.sql("select name from `tabContract` where name = %s for update", contract)
	return live_act(contract, day)


def live_act(contract: str, day) -> str | None:
	"""The contract's draft or submitted act of the period containing `day` (read in the current
	transaction's snapshot: call it first thing in a transaction to see what others committed)."""
	plan = frappe.db.get_value("Contract", contract, "b2b_billing_plan")
	period = frappe.db.get_value("Service Billing Plan", plan, "billing_period")
	start, end = period_of(getdate(day), period)
	return frappe.db.get_value(
		"Service Act",
		{"contract": contract, "docstatus": ("<", 2), "from_date": ("<=", end), "to_date": (">=", start)},
		"name",
	)


def notify(user: str, summary: dict) -> None:
	failed = "".join(f"<li>{contract}: {why}</li>" for contract, why in summary["failed"])
	message = _("{0} act(s) made, {1} already billed, {2} contract(s) not billed").format(
		len(summary["made"]), len(summary.get("skipped") or []), len(summary["failed"])
	)
	frappe.publish_realtime(
		"msgprint", {"message": message + (f"<ul>{failed}</ul>" if failed else "")}, user=user
	)
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"subject": message,
			"email_content": failed,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
