"""Scheduled SLA monitoring: set-based, one pass over all open tickets.

Between saves, a ticket's state only moves forward in time: On Track → At
Risk at `at_risk_on`, → Breached at `breach_on`. Both instants were computed
by the engine on the last save, so the monitor needs no calendar: a few
UPDATE statements move every ticket at once. Escalation then goes one level
at a time, each level exactly once (`escalation_level` remembers it):
1 — At Risk: the assignees are warned;
2 — Breached: the client's account manager gets a ToDo;
3 — still open `escalate_to_manager_after` past the breach: every Service Manager gets a ToDo.
A stage limit acts the same way: its deadline (`stage_due_by`) is part of `breach_on` and its
at-risk share part of `at_risk_on`, so the same UPDATEs move the ticket; a paused stage that
overstays breaches too. The message then names the stage ("In Progress for longer than 4 h"),
read from the policy's stage limit joined into the same query.
A third party's hand-off (OLA) past its `third_party_due_by` goes once to the assignees and the
account manager (dispatcher), with a ToDo (`escalate_third_parties`).

Several workers: a run takes a named database lock, held until its transaction ends, so two runs
never overlap (the second one skips); the tickets it escalates are read `FOR UPDATE`, so even a
run that got past the lock re-reads the escalation level another run has just committed. After an
outage one pass catches up every level due, and writes in bulk (`escalation_writes`).
"""

import json
from datetime import timedelta

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Coalesce
from frappe.utils import get_datetime, now_datetime

from b2b_helpdesk.engine.ticket_lifecycle import ACTIVE, WAITING_FOR_THIRD_PARTY
from b2b_helpdesk.service_desk.escalation_writes import Escalation, write_escalations
from b2b_helpdesk.service_desk.sla_messages import stage_reason
from b2b_helpdesk.setup.roles import SERVICE_MANAGER


def run(now=None) -> dict[str, int]:
	if not hold_lock():
		return {"skipped": 1}  # another worker's run is under way
	now = get_datetime(now or now_datetime())
	moved = advance_states(now)
	escalated = escalate(now)
	return {**moved, **escalated, **escalate_third_parties(now)}


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
	# a stage that overstays breaches even while the SLA clock is paused (and catches up
	# tickets whose `breach_on` was stored before stage limits counted)
	frappe.qb.update(TICKET).set(TICKET.sla_state, "Breached").set(
		TICKET.breached_on, Coalesce(TICKET.breached_on, TICKET.stage_due_by)
	).where(
		open_tickets & TICKET.sla_state.isin(["On Track", "At Risk", "Paused"]) & (TICKET.stage_due_by <= now)
	).run()
	breached += _rows_changed()
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
	STAGE = DocType("Service Level Stage Limit")
	rows = (
		frappe.qb.from_(TICKET)
		.left_join(POLICY)
		.on(POLICY.name == TICKET.service_level_policy)
		.left_join(STAGE)  # one row at most: a policy sets each status's limit once
		.on(
			(STAGE.parent == TICKET.service_level_policy)
			& (STAGE.parenttype == "Service Level Policy")
			& (STAGE.status == TICKET.status)
		)
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
			TICKET.status,
			TICKET.breach_on,
			TICKET.stage_due_by,
			STAGE.max_time.as_("stage_limit"),
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
				Escalation(
					row.name,
					row.subject,
					level,
					tuple(_recipients(row, level, managers)),
					reason=_stage_reason(row, level),
				)
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


def _stage_reason(row, level: int) -> str:
	"""The stage's words when the stage's deadline is the one at risk or missed, else none."""
	deadline = row.breach_on if level == 1 else row.breached_on
	if not (row.stage_limit and row.stage_due_by and deadline):
		return ""
	if get_datetime(row.stage_due_by) != get_datetime(deadline):
		return ""
	return stage_reason(level, row.status, int(row.stage_limit))


def escalate_third_parties(now) -> dict[str, int]:
	"""Hand-offs past their OLA, once each: the assignees and the account manager get a ToDo."""
	TICKET = DocType("Service Ticket")
	rows = (
		frappe.qb.from_(TICKET)
		.select(TICKET.name, TICKET.subject, TICKET.third_party, TICKET.account_manager, TICKET._assign)
		.where(
			(TICKET.status == WAITING_FOR_THIRD_PARTY)
			& (TICKET.third_party_escalated == 0)
			& (TICKET.third_party_due_by <= now)
		)
		.for_update()
		.run(as_dict=True)
	)
	if not rows:
		return {"third_party_overdue": 0}
	managers = None
	escalations = []
	for row in rows:
		users = _third_party_recipients(row)
		if not users:
			managers = _service_managers() if managers is None else managers
			users = managers
		escalations.append(
			Escalation(
				row.name, row.subject, 2, tuple(users), third_party=row.third_party or _("(not named)")
			)
		)
	write_escalations(escalations)
	frappe.qb.update(TICKET).set(TICKET.third_party_escalated, 1).where(
		TICKET.name.isin([row.name for row in rows])
	).run()
	return {"third_party_overdue": len(rows)}


def _third_party_recipients(row) -> list[str]:
	users = json.loads(row._assign or "[]")
	if row.account_manager and row.account_manager not in users:
		users.append(row.account_manager)
	return users


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
