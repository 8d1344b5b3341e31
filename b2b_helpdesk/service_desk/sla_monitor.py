"""Scheduled SLA monitoring: set-based, one pass over all open tickets.

Between saves, a ticket's state only moves forward in time: On Track → At
Risk at `at_risk_on`, → Breached at `breach_on`. Both instants were computed
by the engine on the last save, so the monitor needs no calendar: a few
UPDATE statements move every ticket at once. Escalation then goes one level
at a time, each level exactly once (`escalation_level` remembers it):
1 — At Risk: the assignees are warned;
2 — Breached: the client's account manager gets a ToDo;
3 — still open `escalate_to_manager_after` past the breach: every Service Manager gets a ToDo.

Several workers: a run takes a named database lock, held until its transaction ends, so two runs
never overlap (the second one skips); the tickets it escalates are read `FOR UPDATE`, so even a
run that got past the lock re-reads the escalation level another run has just committed. After an
outage one pass catches up every level due, and writes in bulk (`escalation_writes`).
"""

import json
from datetime import timedelta

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce
from frappe.utils import get_datetime, now_datetime

from b2b_helpdesk.engine.ticket_lifecycle import ACTIVE
from b2b_helpdesk.service_desk.escalation_writes import Escalation, write_escalations
from b2b_helpdesk.setup.roles import SERVICE_MANAGER


def run(now=None) -> dict[str, int]:
	if not hold_lock():
		return {"skipped": 1}  # another worker's run is under way
	now = get_datetime(now or now_datetime())
	moved = advance_states(now)
	escalated = escalate(now)
	return {**moved, **escalated}


def hold_lock() -> bool:
	"""The monitor's named lock for this transaction: released when it commits or rolls back.

	MariaDB's named locks are server-wide: the name carries the site's database, so sites on one
	server never make each other's monitor skip."""
	lock = f"b2b_helpdesk:sla_monitor:{frappe.conf.db_name}"
	if not frappe.db.sql("select get_lock(%s, 0)", lock)[0][0]:
		return False
	release = lambda: frappe.db.sql("select release_lock(%s)", lock)  # noqa: E731
	frappe.db.after_commit.add(release)
	frappe.db.after_rollback.add(release)
	return True


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
		.for_update()
		.run(as_dict=True)
	)
	managers = _service_managers() if rows else []
	raised: dict[int, list[str]] = {1: [], 2: [], 3: []}
	reached: dict[int, list[str]] = {}
	escalations = []
	for row in rows:
		target = level_due(row, now)
		for level in range((row.escalation_level or 0) + 1, target + 1):
			escalations.append(
				Escalation(row.name, row.subject, level, tuple(_recipients(row, level, managers)))
			)
			raised[level].append(row.name)
		if target > (row.escalation_level or 0):
			reached.setdefault(target, []).append(row.name)
	write_escalations(escalations)
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
