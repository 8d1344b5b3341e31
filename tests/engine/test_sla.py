"""The SLA clock of one ticket, rebuilt from its history."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from b2b_helpdesk.engine.business_time import ServiceCalendar, Window
from b2b_helpdesk.engine.sla import (
	SlaState,
	StageOverstay,
	StatusPeriod,
	TargetRow,
	Targets,
	TicketFacts,
	clock_for,
	pick_target,
)

TZ = ZoneInfo("Europe/Berlin")
HOUR = 3600
OFFICE = ServiceCalendar(tuple(Window(day, time(9), time(18)) for day in range(5)), timezone="Europe/Berlin")
TARGETS = Targets(first_response=4 * HOUR, resolution=24 * HOUR)


def t(day: int, hour: int, minute: int = 0) -> datetime:
	"""2026-05-<day> hh:mm in Berlin (18 May 2026 is a Monday)."""
	return datetime(2026, 5, day, hour, minute, tzinfo=TZ)


def facts(*changes, responded=None, resolved=None, opened=None) -> TicketFacts:
	"""changes: (status, start) pairs; each period ends where the next starts."""
	periods = tuple(
		StatusPeriod(status, start, changes[i + 1][1] if i + 1 < len(changes) else None)
		for i, (status, start) in enumerate(changes)
	)
	return TicketFacts(opened or changes[0][1], periods, responded, resolved)


def test_no_calendar_or_targets_is_no_sla():
	assert clock_for(None, TARGETS, facts(("Open", t(18, 9))), t(18, 10)).state is SlaState.NO_SLA
	assert clock_for(OFFICE, None, facts(("Open", t(18, 9))), t(18, 10)).state is SlaState.NO_SLA


def test_deadlines_in_business_time():
	clock = clock_for(OFFICE, TARGETS, facts(("Open", t(18, 9))), t(18, 10))
	assert (clock.response_by, clock.resolution_by) == (t(18, 13), t(20, 15))
	assert (clock.state, clock.business_seconds_used, clock.at_risk_on) == (
		SlaState.ON_TRACK,
		HOUR,
		t(18, 12),
	)


def test_pause_moves_deadlines_by_its_working_length():
	history = facts(("Open", t(18, 9)), ("Waiting for Customer", t(18, 10)), ("In Progress", t(18, 12)))
	clock = clock_for(OFFICE, TARGETS, history, t(18, 13))
	assert (clock.response_by, clock.resolution_by) == (t(18, 15), t(20, 17))
	assert (clock.business_seconds_paused, clock.business_seconds_used) == (2 * HOUR, 2 * HOUR)


def test_paused_now_is_paused_unless_already_breached():
	history = facts(("Open", t(18, 9)), ("Waiting for Customer", t(18, 10)))
	assert clock_for(OFFICE, TARGETS, history, t(18, 11)).state is SlaState.PAUSED
	late = facts(("Open", t(18, 9)), ("Waiting for Customer", t(18, 14)))
	assert clock_for(OFFICE, TARGETS, late, t(18, 15)).state is SlaState.BREACHED


def test_first_response_met_then_resolution_met():
	history = facts(("Open", t(18, 9)), ("Resolved", t(18, 16)), responded=t(18, 9, 30), resolved=t(18, 16))
	clock = clock_for(OFFICE, TARGETS, history, t(19, 9))
	assert (clock.state, clock.response_met, clock.resolution_met) == (SlaState.MET, True, True)
	assert (clock.first_response_seconds, clock.resolution_seconds) == (30 * 60, 7 * HOUR)


def test_resolution_without_reply_answers_the_response_target_only_in_time():
	history = facts(("Open", t(18, 9)), ("Resolved", t(18, 14)), resolved=t(18, 14))
	clock = clock_for(OFFICE, TARGETS, history, t(18, 15))
	assert (clock.response_met, clock.resolution_met, clock.state) == (False, True, SlaState.BREACHED)


def test_reopen_continues_the_clock_without_the_resolved_time():
	history = facts(("Open", t(18, 9)), ("Resolved", t(18, 11)), ("Open", t(19, 9)), responded=t(18, 9, 30))
	clock = clock_for(OFFICE, TARGETS, history, t(19, 10))
	assert clock.business_seconds_used == 3 * HOUR
	assert clock.resolution_by == t(21, 13)  # 22 h left from Tue 09:00: Tue 9 h, Wed 9 h, Thu 4 h


def test_stage_limit_deadline():
	targets = Targets(4 * HOUR, 24 * HOUR, stage_limits=(("In Progress", 2 * HOUR),))
	history = facts(("Open", t(18, 9)), ("In Progress", t(18, 17)))
	assert clock_for(OFFICE, targets, history, t(18, 17, 30)).stage_due_by == t(19, 10)


def test_pick_target_prefers_the_nearest_category():
	rows = [
		TargetRow("High", None, HOUR, 8 * HOUR),
		TargetRow("High", "Refrigeration", 900, 2 * HOUR, "Fast"),
		TargetRow("High", "Leak", 600, HOUR, "Fast"),
		TargetRow("Low", "Refrigeration", 1, 1),
	]
	assert pick_target(rows, "High", ["Leak", "Refrigeration", "All"]).first_response == 600
	assert pick_target(rows, "High", ["Compressor", "Refrigeration", "All"]).first_response == 900
	assert pick_target(rows, "High", []).first_response == HOUR
	assert pick_target(rows, "Medium", ["Refrigeration"]) is None


# --- properties ---------------------------------------------------------------------------

minutes = st.integers(min_value=1, max_value=3 * 24 * 60)


@settings(max_examples=100, deadline=None)
@given(minutes, st.sampled_from([1, 2, 4, 8, 24]), st.sampled_from([1, 2, 4, 8, 24]))
def test_priority_change_keeps_time_used(elapsed, hours_a, hours_b):
	now = t(18, 9) + timedelta(minutes=elapsed)
	history = facts(("Open", t(18, 9)))
	a = clock_for(OFFICE, Targets(hours_a * HOUR, 48 * HOUR), history, now)
	b = clock_for(OFFICE, Targets(hours_b * HOUR, 48 * HOUR), history, now)
	assert a.business_seconds_used == b.business_seconds_used
	assert (a.response_by <= b.response_by) == (hours_a <= hours_b)


@settings(max_examples=100, deadline=None)
@given(minutes, minutes)
def test_a_pause_never_shortens_a_deadline(pause_at, pause_for):
	start = t(18, 9)
	paused = start + timedelta(minutes=pause_at)
	resumed = paused + timedelta(minutes=pause_for)
	plain = clock_for(OFFICE, TARGETS, facts(("Open", start)), resumed)
	with_pause = clock_for(
		OFFICE, TARGETS, facts(("Open", start), ("Waiting for Customer", paused), ("Open", resumed)), resumed
	)
	assert with_pause.resolution_by >= plain.resolution_by
	assert (
		with_pause.business_seconds_used + with_pause.business_seconds_paused == plain.business_seconds_used
	)


# --- stage limits act like targets ----------------------------------------------------------

STAGED = Targets(8 * HOUR, 24 * HOUR, stage_limits=(("In Progress", 4 * HOUR),))


def test_a_stage_limit_joins_the_breach_and_at_risk_instants():
	history = facts(("Open", t(18, 9)), ("In Progress", t(18, 9, 30)))
	clock = clock_for(OFFICE, STAGED, history, t(18, 10))
	assert (clock.stage_due_by, clock.breach_on, clock.at_risk_on) == (
		t(18, 13, 30),
		t(18, 13, 30),
		t(18, 12, 30),
	)
	assert (clock.state, clock.stage_overstay) == (SlaState.ON_TRACK, None)
	assert clock_for(OFFICE, STAGED, history, t(18, 12, 45)).state is SlaState.AT_RISK


def test_an_overstayed_stage_breaches_and_stays_breached_after_the_move():
	history = facts(("Open", t(18, 9)), ("In Progress", t(18, 9, 30)))
	clock = clock_for(OFFICE, STAGED, history, t(18, 14))
	assert clock.state is SlaState.BREACHED
	assert clock.stage_overstay == StageOverstay("In Progress", 4 * HOUR, t(18, 13, 30))
	moved = facts(("Open", t(18, 9)), ("In Progress", t(18, 9, 30)), ("Waiting for Customer", t(18, 14)))
	after = clock_for(OFFICE, STAGED, moved, t(18, 15))
	assert (after.state, after.stage_overstay.status, after.stage_due_by) == (
		SlaState.BREACHED,
		"In Progress",
		None,
	)


def test_leaving_a_stage_in_time_is_no_overstay():
	history = facts(("Open", t(18, 9)), ("In Progress", t(18, 9, 30)), ("Resolved", t(18, 13, 30)))
	history = TicketFacts(history.opened_on, history.periods, t(18, 10), t(18, 13, 30))
	clock = clock_for(OFFICE, STAGED, history, t(18, 17))
	assert (clock.state, clock.stage_overstay, clock.stage_due_by) == (SlaState.MET, None, None)


def test_a_stage_limit_acts_while_paused():
	targets = Targets(8 * HOUR, 24 * HOUR, stage_limits=(("Waiting for Customer", 2 * HOUR),))
	history = facts(("Open", t(18, 9)), ("Waiting for Customer", t(18, 10)))
	assert clock_for(OFFICE, targets, history, t(18, 11)).state is SlaState.PAUSED
	late = clock_for(OFFICE, targets, history, t(18, 12, 1))
	assert (late.state, late.stage_overstay.due) == (SlaState.BREACHED, t(18, 12))


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=2 * 24 * 60), st.integers(min_value=1, max_value=16))
def test_overstay_exactly_when_the_stage_outlasts_its_limit(minutes_in_stage, limit_hours):
	targets = Targets(None, None, stage_limits=(("In Progress", limit_hours * HOUR),))
	start = t(18, 9)
	now = start + timedelta(minutes=minutes_in_stage)
	clock = clock_for(OFFICE, targets, facts(("In Progress", start)), now)
	assert (clock.stage_overstay is not None) == (now > clock.stage_due_by)
	assert (clock.state is SlaState.BREACHED) == (clock.stage_overstay is not None)
