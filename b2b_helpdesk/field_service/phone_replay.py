"""Exactly once: an action sent from the phone carries a key; the server keeps the key and the answer.

The phone queues what the engineer does offline and sends it again until it gets an answer,
so the same action may arrive twice (a lost answer, a retry, two tabs). The first arrival claims
the key by inserting a Field Action Log row (the key column is unique) in the same transaction
as the action itself: either both are committed or neither. A later arrival finds the row and
gets the first answer back; a concurrent one waits on the unique index, then finds it.
"""

import json

import frappe
from frappe import _
from frappe.utils import get_datetime

LOG = "Field Action Log"
MAX_KEY_LENGTH = 140


def first_result(key: str, latest: bool = False) -> dict | None:
	"""The answer already given for `key`, or None; a key of another user is refused.

	`latest` reads the newest committed row (a locking read), not the transaction's snapshot:
	after a duplicate key the row the other arrival committed is otherwise invisible.
	"""
	row = frappe.db.get_value(
		LOG, {"idempotency_key": key}, ["user", "result"], as_dict=True, for_update=latest
	)
	if not row:
		return None
	if row.user != frappe.session.user:
		frappe.throw(_("This action key belongs to another user"), frappe.PermissionError)
	return {**json.loads(row.result or "{}"), "replayed": True}


def check_key(key: str | None) -> str:
	key = (key or "").strip()
	if not key or len(key) > MAX_KEY_LENGTH:
		frappe.throw(
			_("Every action from the phone needs a key of 1 to {0} characters").format(MAX_KEY_LENGTH)
		)
	return key


def claim(key: str, action: str, ticket: str | None, taken_on: str | None) -> str:
	"""Insert the log row as the engineer (his own right on Field Action Log)."""
	doc = frappe.get_doc(
		{
			"doctype": LOG,
			"idempotency_key": key,
			"user": frappe.session.user,
			"action": action,
			"service_ticket": ticket,
			"taken_on": get_datetime(taken_on) if taken_on else None,
		}
	).insert()
	return doc.name


def record(log: str, result: dict) -> None:
	frappe.db.set_value(LOG, log, "result", json.dumps(result, default=str), update_modified=False)


def once(key: str | None, action: str, ticket: str | None, taken_on: str | None, run) -> dict:
	"""Run `run()` the first time `key` arrives; return its answer every time."""
	key = check_key(key)
	if (answer := first_result(key)) is not None:
		return answer
	savepoint = f"field_action_{frappe.generate_hash(length=8)}"
	frappe.db.savepoint(savepoint)
	try:
		log = claim(key, action, ticket, taken_on)
	except frappe.UniqueValidationError:
		# the same key arrived at the same time: the other arrival has committed it by now
		frappe.db.rollback(save_point=savepoint)
		if (answer := first_result(key, latest=True)) is not None:
			return answer
		raise
	try:
		result = {"ok": True, "action": action, "ticket": ticket, **(run() or {})}
	except Exception:
		# a refused action leaves no claim behind: the phone may send the key again once it is fixed
		release(savepoint)
		raise
	record(log, result)
	return {**result, "replayed": False}


def release(savepoint: str) -> None:
	"""Undo the claim and the action's writes; a commit inside the action (the ERP's mail queue
	commits before it sends) has already ended the savepoint, and the request's rollback does it."""
	try:
		frappe.db.rollback(save_point=savepoint)
	except Exception:
		frappe.db.rollback()
