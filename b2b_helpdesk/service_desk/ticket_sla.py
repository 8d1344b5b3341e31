"""Keep a ticket's SLA clock: status periods, deadlines, state, first response.

The clock is recomputed from the ticket's history by `engine.sla.clock_for`
every time the ticket is saved; the scheduler (`sla_monitor`) only moves the
state forward between saves with set-based updates on the stored instants.
"""

import frappe
from frappe.utils import get_datetime, now_datetime

from b2b_helpdesk.engine.sla import SlaClock, SlaState, StatusPeriod, TicketFacts, clock_for
from b2b_helpdesk.service_contracts.service_level import (
	calendar_of,
	pause_statuses,
	policy_name_for,
	targets_for,
	to_aware,
	to_naive,
)


def track_status_period(ticket, now=None) -> None:
	"""Close the running period and open one for the new status, when the status changed."""
	periods = ticket.get("status_periods") or []
	running = periods[-1] if periods else None
	if running and running.status == ticket.status and not running.ended_on:
		return
	now = now or now_datetime()
	start = ticket.opened_on if not periods else now
	if running and not running.ended_on:
		running.ended_on = now
	ticket.append("status_periods", {"status": ticket.status, "started_on": start})


def update_sla(ticket, now=None) -> SlaClock:
	now = get_datetime(now or now_datetime())
	policy_name = policy_name_for(ticket.contract)
	ticket.service_level_policy = policy_name
	clock, handling_path = _clock(ticket, policy_name, now)
	_store(ticket, clock, handling_path, now)
	return clock


def _clock(ticket, policy_name: str | None, now) -> tuple[SlaClock, str | None]:
	if not policy_name:
		return SlaClock(SlaState.NO_SLA), None
	policy = frappe.get_cached_doc("Service Level Policy", policy_name)
	targets, row = targets_for(policy, ticket.priority, ticket.category)
	if targets is None:
		return SlaClock(SlaState.NO_SLA), None
	clock = clock_for(calendar_of(policy), targets, facts_of(ticket), to_aware(now), pause_statuses(policy))
	return clock, row.handling_path


def facts_of(ticket) -> TicketFacts:
	return TicketFacts(
		opened_on=to_aware(ticket.opened_on),
		periods=tuple(
			StatusPeriod(p.status, to_aware(p.started_on), to_aware(p.ended_on))
			for p in ticket.status_periods
		),
		first_responded_on=to_aware(ticket.first_responded_on),
		resolved_on=to_aware(ticket.resolved_on),
	)


def _verdict(met: bool | None, deadline) -> str | None:
	if deadline is None and met is None:
		return None
	return {True: "Met", False: "Missed", None: "Pending"}[met]


def _store(ticket, clock: SlaClock, handling_path: str | None, now) -> None:
	ticket.sla_state = clock.state.value
	ticket.handling_path = handling_path
	ticket.response_by = to_naive(clock.response_by)
	ticket.resolution_by = to_naive(clock.resolution_by)
	ticket.at_risk_on = to_naive(clock.at_risk_on)
	ticket.breach_on = to_naive(clock.breach_on)
	ticket.stage_due_by = to_naive(clock.stage_due_by)
	ticket.business_time_used = clock.business_seconds_used
	ticket.business_time_paused = clock.business_seconds_paused
	ticket.first_response_time = clock.first_response_seconds
	ticket.resolution_time = clock.resolution_seconds
	ticket.response_sla = _verdict(clock.response_met, clock.response_by)
	ticket.resolution_sla = _verdict(clock.resolution_met, clock.resolution_by)
	if clock.state is SlaState.BREACHED and not ticket.breached_on:
		missed = [
			d
			for d, met in (
				(clock.response_by, clock.response_met),
				(clock.resolution_by, clock.resolution_met),
			)
			if met is False and d
		]
		if clock.stage_overstay:
			missed.append(clock.stage_overstay.due)
		ticket.breached_on = to_naive(min(missed)) if missed else now


def on_communication(communication, method=None) -> None:
	"""The first reply the customer can see sets the first response; an internal note never does."""
	if (
		communication.reference_doctype != "Service Ticket"
		or communication.communication_type != "Communication"
		or communication.sent_or_received != "Sent"
		or not communication.reference_name
	):
		return
	ticket = frappe.get_doc("Service Ticket", communication.reference_name)
	if ticket.first_responded_on:
		return
	ticket.first_responded_on = communication.communication_date or communication.creation or now_datetime()
	update_sla(ticket)
	# written without a new `modified`: an agent with the form open can still save it
	ticket.db_update()
	ticket.notify_update()
