"""The SLA clock of one ticket, recomputed from facts: never patched incrementally.

Inputs are what happened (when the ticket was opened, which status it was in
and when, when it was first answered, when it was resolved) and the targets
its contract's policy gives for its priority and category. The output is the
clock: deadlines, time used and paused, and the SLA state. Because the clock
is always rebuilt from the whole history, a priority change keeps the time
already used (it is measured from the opening, not restarted), a pause
extends every deadline by exactly its working length, a reopen continues the
clock where it stopped (the resolved period does not count), and a new
contract simply means new targets.

A stage limit (the longest a ticket may stay in one status) acts like a target: its deadline
joins `breach_on`, the same share of it joins `at_risk_on`, and a stage that overstayed its
limit, now or earlier in the ticket's history, makes the ticket Breached (`stage_overstay`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum

from b2b_helpdesk.engine.business_time import (
	ServiceCalendar,
	add_business_seconds,
	business_seconds_between,
)


class SlaState(str, Enum):
	NO_SLA = "No SLA"
	ON_TRACK = "On Track"
	AT_RISK = "At Risk"
	PAUSED = "Paused"
	MET = "Met"
	BREACHED = "Breached"


DONE_STATUSES = frozenset({"Resolved", "Closed"})


@dataclass(frozen=True)
class Targets:
	"""Business seconds allowed; None means the policy sets no such target."""

	first_response: int | None
	resolution: int | None
	at_risk_share: float = 0.75  # share of a target used up at which a ticket turns At Risk
	stage_limits: tuple[tuple[str, int], ...] = ()  # (status, business seconds a ticket may stay in it)

	def stage_limit(self, status: str) -> int | None:
		return next((limit for s, limit in self.stage_limits if s == status), None)


@dataclass(frozen=True)
class StatusPeriod:
	status: str
	start: datetime
	end: datetime | None  # None: the ticket is still in this status


@dataclass(frozen=True)
class TicketFacts:
	opened_on: datetime
	periods: tuple[StatusPeriod, ...]  # in time order, the last one open
	first_responded_on: datetime | None = None
	resolved_on: datetime | None = None


@dataclass(frozen=True)
class StageOverstay:
	status: str
	limit: int  # business seconds the stage allowed
	due: datetime  # when the stage ran out of time


@dataclass(frozen=True)
class SlaClock:
	state: SlaState
	response_by: datetime | None = None
	resolution_by: datetime | None = None
	at_risk_on: datetime | None = None  # when the ticket turns At Risk if nothing changes
	breach_on: datetime | None = None  # when it breaches if nothing changes (the earliest missed deadline)
	stage_due_by: datetime | None = None
	stage_overstay: StageOverstay | None = None  # the first stage that outstayed its limit
	business_seconds_used: int = 0
	business_seconds_paused: int = 0
	first_response_seconds: int | None = None  # business time the first response took, once given
	resolution_seconds: int | None = None  # business time the resolution took, while resolved
	response_met: bool | None = None  # None: not decided yet
	resolution_met: bool | None = None


def clock_for(
	calendar: ServiceCalendar | None,
	targets: Targets | None,
	facts: TicketFacts,
	now: datetime,
	pause_statuses: frozenset[str] = frozenset({"Waiting for Customer"}),
) -> SlaClock:
	if calendar is None or targets is None:
		return SlaClock(SlaState.NO_SLA)
	# Everything in UTC: datetimes of one zone compare by wall clock, which is wrong in the
	# repeated hour of a daylight-saving change.
	facts, now = _in_utc(facts), _utc(now)

	stopped = frozenset(pause_statuses) | DONE_STATUSES
	stops = _intervals(facts.periods, stopped, now)
	pauses = _intervals(facts.periods, frozenset(pause_statuses), now)
	current = facts.periods[-1].status if facts.periods else "Open"
	done = current in DONE_STATUSES
	until = facts.resolved_on if done and facts.resolved_on else now

	response_by = _deadline(calendar, facts.opened_on, targets.first_response, stops)
	resolution_by = _deadline(calendar, facts.opened_on, targets.resolution, stops)
	used = business_seconds_between(calendar, facts.opened_on, until, stops)
	paused = sum(business_seconds_between(calendar, start, end) for start, end in pauses)

	response_met = _met(facts.first_responded_on or (facts.resolved_on if done else None), response_by)
	resolution_met = _met(facts.resolved_on if done else None, resolution_by)
	if response_met is None and response_by and now > response_by:
		response_met = False
	if resolution_met is None and resolution_by and now > resolution_by:
		resolution_met = False

	open_deadlines = [
		deadline
		for deadline, met in ((response_by, response_met), (resolution_by, resolution_met))
		if deadline and met is None
	]
	stage_due_by = None if done else _stage_due_by(calendar, targets, facts.periods)
	if stage_due_by:
		open_deadlines.append(stage_due_by)
	breach_on = min(open_deadlines, default=None)
	at_risk_on = _at_risk_on(calendar, facts.opened_on, targets, stops, response_met, resolution_met)
	if not done:
		stage_at_risk_on = _stage_at_risk_on(calendar, targets, facts.periods)
		at_risk_on = min((d for d in (at_risk_on, stage_at_risk_on) if d), default=None)
	overstay = stage_overstay(calendar, targets, facts.periods, now)

	state = _state(done, current in pause_statuses, response_met, resolution_met, at_risk_on, now)
	if overstay:
		state = SlaState.BREACHED
	return SlaClock(
		state=state,
		response_by=response_by,
		resolution_by=resolution_by,
		at_risk_on=at_risk_on,
		breach_on=breach_on if not done else None,
		stage_due_by=stage_due_by,
		stage_overstay=overstay,
		business_seconds_used=used,
		business_seconds_paused=paused,
		first_response_seconds=(
			business_seconds_between(calendar, facts.opened_on, facts.first_responded_on, stops)
			if facts.first_responded_on
			else None
		),
		resolution_seconds=used if done and facts.resolved_on else None,
		response_met=response_met,
		resolution_met=resolution_met,
	)


def _intervals(
	periods: Sequence[StatusPeriod], statuses: frozenset[str], now: datetime
) -> list[tuple[datetime, datetime]]:
	out = []
	for period in periods:
		end = period.end or now
		if period.status in statuses and end > period.start:
			out.append((period.start, end))
	return out


def _utc(value: datetime | None) -> datetime | None:
	return value.astimezone(timezone.utc) if value else None


def _in_utc(facts: TicketFacts) -> TicketFacts:
	return TicketFacts(
		opened_on=_utc(facts.opened_on),
		periods=tuple(StatusPeriod(p.status, _utc(p.start), _utc(p.end)) for p in facts.periods),
		first_responded_on=_utc(facts.first_responded_on),
		resolved_on=_utc(facts.resolved_on),
	)


def _deadline(calendar, start, seconds, stops) -> datetime | None:
	if seconds is None:
		return None
	return _utc(add_business_seconds(calendar, start, seconds, stops))


def _met(when: datetime | None, deadline: datetime | None) -> bool | None:
	if deadline is None:
		return True if when else None
	if when is None:
		return None
	return when <= deadline


def _at_risk_on(calendar, start, targets: Targets, stops, response_met, resolution_met) -> datetime | None:
	candidates = []
	for seconds, met in ((targets.first_response, response_met), (targets.resolution, resolution_met)):
		if seconds is not None and met is None:
			candidates.append(
				add_business_seconds(calendar, start, int(seconds * targets.at_risk_share), stops)
			)
	return min(candidates, default=None)


def _stage_due_by(calendar, targets: Targets, periods: Sequence[StatusPeriod]) -> datetime | None:
	if not periods:
		return None
	current = periods[-1]
	limit = targets.stage_limit(current.status)
	if limit is None:
		return None
	return _utc(add_business_seconds(calendar, current.start, limit))


def _stage_at_risk_on(calendar, targets: Targets, periods: Sequence[StatusPeriod]) -> datetime | None:
	if not periods:
		return None
	current = periods[-1]
	limit = targets.stage_limit(current.status)
	if limit is None:
		return None
	return _utc(add_business_seconds(calendar, current.start, int(limit * targets.at_risk_share)))


def stage_overstay(
	calendar, targets: Targets, periods: Sequence[StatusPeriod], now: datetime
) -> StageOverstay | None:
	"""The first stage of the history that lasted longer than its limit (the current one: until now)."""
	first = None
	for period in periods:
		limit = targets.stage_limit(period.status)
		if limit is None:
			continue
		due = _utc(add_business_seconds(calendar, period.start, limit))
		if due < (period.end or now) and (first is None or due < first.due):
			first = StageOverstay(period.status, limit, due)
	return first


def _state(done, paused, response_met, resolution_met, at_risk_on, now) -> SlaState:
	if response_met is False or resolution_met is False:
		return SlaState.BREACHED
	if done:
		return SlaState.MET
	if paused:
		return SlaState.PAUSED
	if at_risk_on and now >= at_risk_on:
		return SlaState.AT_RISK
	return SlaState.ON_TRACK


@dataclass(frozen=True)
class TargetRow:
	priority: str
	category: str | None
	first_response: int | None
	resolution: int | None
	handling_path: str | None = None


def pick_target(rows: Sequence[TargetRow], priority: str, lineage: Sequence[str]) -> TargetRow | None:
	"""The row for a ticket: its category's own row (nearest ancestor first), else the priority's default.

	`lineage` is the ticket's category followed by its ancestors, nearest first.
	"""
	for category in lineage:
		for row in rows:
			if row.category == category and row.priority == priority:
				return row
	return next((row for row in rows if row.category is None and row.priority == priority), None)
