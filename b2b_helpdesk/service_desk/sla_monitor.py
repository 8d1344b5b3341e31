"""Scheduled SLA monitoring: set-based, one pass over all open tickets.

Between saves, a ticket's state only moves forward in time: On Track → At
Risk at `at_risk_on`, → Breached at `breach_on`. Both instants were computed
by the engine on the last save, so the monitor needs no calendar: a few
UPDATE statements move every ticket at once. Escalation then goes one level
at a time, each level exactly once (`escalation_level` remembers it):
1 — At Risk: the assignees are warned;
2 — Breached: the client's account manager gets a ToDo;
3 — still open `escalate_to_manager_after` past the breach: every Service Manager gets a ToDo.
"""

import json
from datetime import timedelta

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce
from frappe.utils import get_datetime, now_datetime

from b2b_helpdesk.engine.ticket_lifecycle import ACTIVE
from b2b_helpdesk.setup.roles import SERVICE_MANAGER


def run(now=None) -> dict[str, int]:
	now = get_datetime(now or now_datetime())
	moved = advance_states(now)
	escalated = escalate(now)
	return {**moved, **escalated}


def advance_states(now) -> dict[str, int]:
	TICKET = DocType("Service Ticket")
	open_tickets = TICKET.status.isin(sorted(ACTIVE))
	frappe.qb.update(TICKET).set(TICKET.sla_state, "Breached").set(
		TICKET.breached_on, Coalesce(TICKET.breached_on, TICKET.breach_on)
	).where(open_tickets & TICKET.sla_state.isin(["On Track", "At Risk"]) & (TICKET.breach_on <= now)).run()
	breached = _rows_changed()
	frappe.qb.update(TICKET).set(TICKET.response_sla, "Missed").where(
		open_tickets & (TICKET.response_sla == "Pending") & (TICKET.response_by <= now)
	).run()
	frappe.qb.update(TICKET).set(TICKET.resolution_sla, "Missed").where(
		open_tickets & (TICKET.resolution_sla == "Pending") & (TICKET.resolution_by <= now)
	).run()
	frappe.qb.update(TICKET).set(TICKET.sla_state, "At Risk").where(
		open_tickets & (TICKET.sla_state == "On Track") & (TICKET.at_risk_on <= now)
	).run()
	return {"breached": breached, "at_risk": _rows_changed()}


def _rows_changed() -> int:
	return frappe.db.sql("select row_count()")[0][0]


def escalate(now) -> dict[str, int]:
	TICKET, POLICY = DocType("Service Ticket"), DocType("Service Level Policy")
	rows = (
		frappe.qb.from_(TICKET)
		.left_join(POLICY)
		.on(POLICY.name == TICKET.service_level_policy)
		.select(
			TICKET.name,
			TICKET.subject,
			TICKET.customer,
			TICKET.sla_state,
			TICKET.escalation_level,
			TICKET.breached_on,
			TICKET.account_manager,
			TICKET._assign,
			POLICY.escalate_to_manager_after,
		)
		.where(
			TICKET.status.isin(sorted(ACTIVE))
			& (
				((TICKET.sla_state == "At Risk") & (TICKET.escalation_level < 1))
				| ((TICKET.sla_state == "Breached") & (TICKET.escalation_level < 3))
			)
		)
		.run(as_dict=True)
	)
	managers = _service_managers() if rows else []
	raised: dict[int, list[str]] = {1: [], 2: [], 3: []}
	reached: dict[int, list[str]] = {}
	for row in rows:
		target = level_due(row, now)
		for level in range((row.escalation_level or 0) + 1, target + 1):
			_notify(row, level, _recipients(row, level, managers))
			raised[level].append(row.name)
		if target > (row.escalation_level or 0):
			reached.setdefault(target, []).append(row.name)
	for level, names in reached.items():
		frappe.qb.update(TICKET).set(TICKET.escalation_level, level).where(TICKET.name.isin(names)).run()
	return {f"escalated_to_{level}": len(names) for level, names in raised.items()}


def level_due(row, now) -> int:
	if row.sla_state == "At Risk":
		return 1
	level = 2
	delay = timedelta(seconds=int(row.escalate_to_manager_after or 0))
	if row.breached_on and get_datetime(row.breached_on) + delay <= now:
		level = 3
	return max(level, row.escalation_level or 0)


def _recipients(row, level: int, managers: list[str]) -> list[str]:
	if level == 1:
		return json.loads(row._assign or "[]")
	if level == 2:
		return [row.account_manager] if row.account_manager else managers
	return managers


def _service_managers() -> list[str]:
	has_role = DocType("Has Role")
	user = DocType("User")
	return (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where(
			(has_role.role == SERVICE_MANAGER)
			& (has_role.parenttype == "User")
			& (user.enabled == 1)
			& (user.name.notin(["Administrator", "Guest"]))
		)
		.run(pluck=True)
	)


MESSAGES = {
	1: "SLA at risk on {0}: {1}",
	2: "SLA breached on {0}: {1}",
	3: "SLA breached and still open on {0}: {1}",
}


def _notify(row, level: int, users: list[str]) -> None:
	subject = _(MESSAGES[level]).format(row.name, row.subject)
	frappe.get_doc(
		{
			"doctype": "Comment",
			"comment_type": "Info",
			"reference_doctype": "Service Ticket",
			"reference_name": row.name,
			"content": _("Escalation level {0}: {1}").format(
				level, ", ".join(users) or _("nobody to notify")
			),
		}
	).insert(ignore_permissions=True)
	for user in users:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": "Service Ticket",
				"document_name": row.name,
				"subject": subject,
			}
		).insert(ignore_permissions=True)
		if level >= 2:
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": user,
					"reference_type": "Service Ticket",
					"reference_name": row.name,
					"description": subject,
					"priority": "High",
					"assigned_by": "Administrator",
				}
			).insert(ignore_permissions=True)
