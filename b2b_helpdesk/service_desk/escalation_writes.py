"""The breach monitor's writes, set-based: timeline lines, notifications and ToDos in multi-row INSERTs.

Inserting one document at a time costs a few queries and a realtime message per row; after an
outage the monitor may escalate thousands of tickets at once. Here each kind of record is written
with one INSERT per chunk (the standard fields filled as Frappe would), the tickets' `_assign`
cache is refreshed in one pass, and each user gets one realtime message, not one per entry.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import now_datetime, nowdate

from b2b_helpdesk.bulk_sql import insert_many
from b2b_helpdesk.service_desk.sla_messages import escalation_subject, third_party_subject

SYSTEM = "Administrator"


@dataclass(frozen=True)
class Escalation:
	ticket: str
	subject: str
	level: int
	users: tuple[str, ...]
	reason: str = ""  # why, when not the ticket's own targets: "In Progress for longer than 4 h"
	third_party: str = ""  # set: the supplier's hand-off (OLA) is overdue, not the SLA


def text_of(e: Escalation) -> str:
	if e.third_party:
		return third_party_subject(e.ticket, e.subject, e.third_party)
	return escalation_subject(e.level, e.ticket, e.subject, e.reason)


def comment_of(e: Escalation) -> str:
	users = ", ".join(e.users) or _("nobody to notify")
	if e.third_party:
		return _("Third party {0} overdue, escalated to: {1}").format(e.third_party, users)
	text = _("Escalation level {0}: {1}").format(e.level, users)
	return f"{text} ({e.reason})" if e.reason else text


def write_escalations(escalations: Iterable[Escalation]) -> None:
	escalations = list(escalations)
	if not escalations:
		return
	comments, notifications, todos = [], [], []
	for e in escalations:
		text = text_of(e)
		comments.append(
			{
				"comment_type": "Info",
				"reference_doctype": "Service Ticket",
				"reference_name": e.ticket,
				"content": comment_of(e),
				"comment_email": SYSTEM,
			}
		)
		for user in e.users:
			notifications.append(
				{
					"for_user": user,
					"type": "Alert",
					"document_type": "Service Ticket",
					"document_name": e.ticket,
					"subject": text,
					"from_user": SYSTEM,
				}
			)
			if e.level >= 2 or e.third_party:
				todos.append(
					{
						"allocated_to": user,
						"reference_type": "Service Ticket",
						"reference_name": e.ticket,
						"description": text,
						"priority": "High",
						"status": "Open",
						"date": nowdate(),
						"assigned_by": SYSTEM,
					}
				)
	insert_rows("Comment", comments)
	insert_rows("Notification Log", notifications)
	insert_rows("ToDo", todos)
	refresh_assignments(sorted({row["reference_name"] for row in todos}))
	users = sorted({row["for_user"] for row in notifications})
	set_notifications_as_unseen(users)
	for user in users:
		frappe.publish_realtime("notification", after_commit=True, user=user)


def set_notifications_as_unseen(users: list[str]) -> None:
	"""Frappe's `set_notifications_as_unseen` for many users at once: one UPDATE of their
	Notification Settings, their cached documents dropped now and again when the transaction ends."""
	if not users:
		return
	frappe.db.sql("update `tabNotification Settings` set seen = 0 where name in %(users)s", {"users": users})
	keys = [frappe.get_document_cache_key("Notification Settings", user) for user in users]

	def forget() -> None:
		frappe.cache.delete_value(keys)

	forget()
	frappe.db.after_commit.add(forget)
	frappe.db.after_rollback.add(forget)
	frappe.db.value_cache.pop("Notification Settings", None)


def insert_rows(doctype: str, rows: list[dict]) -> None:
	"""Multi-row INSERT of new records of `doctype`, with the standard fields Frappe fills."""
	if not rows:
		return
	now = now_datetime()
	standard = {"creation": now, "modified": now, "owner": SYSTEM, "modified_by": SYSTEM, "docstatus": 0}
	fields = ["name", *standard, *rows[0]]
	values = [(frappe.generate_hash(length=12), *standard.values(), *row.values()) for row in rows]
	insert_many(doctype, fields, values)


def refresh_assignments(tickets: list[str]) -> None:
	"""The tickets' `_assign` (who the desk shows as assigned), from their open ToDos, in one pass."""
	if not tickets:
		return
	rows = frappe.get_all(
		"ToDo",
		filters={
			"reference_type": "Service Ticket",
			"reference_name": ("in", tickets),
			"status": ("not in", ("Cancelled", "Closed")),
			"allocated_to": ("is", "set"),
		},
		fields=["reference_name", "allocated_to"],
		order_by="creation asc",
	)
	assigned: dict[str, list[str]] = {ticket: [] for ticket in tickets}
	for row in rows:
		if row.allocated_to not in assigned[row.reference_name]:
			assigned[row.reference_name].append(row.allocated_to)
	frappe.db.bulk_update(
		"Service Ticket",
		{ticket: {"_assign": json.dumps(users)} for ticket, users in assigned.items()},
		update_modified=False,
	)
