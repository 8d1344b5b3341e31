"""Occurrences of a preventive-maintenance task, and the slipped-visit rule both ways."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.maintenance_schedule import (
	Completion,
	Occurrence,
	Periodicity,
	SlipRule,
	TaskSchedule,
	add_periods,
	due_occurrences,
	occurrence_day,
	replanned,
)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
periodicities = st.sampled_from(list(Periodicity))
rules = st.sampled_from(list(SlipRule))


def test_monthly_on_the_31st_keeps_the_31st_where_the_month_has_one():
	schedule = TaskSchedule(date(2026, 1, 31), Periodicity.MONTHLY)
	assert [occurrence_day(schedule, n) for n in (1, 2, 3)] == [
		date(2026, 2, 28),
		date(2026, 3, 31),
		date(2026, 4, 30),
	]


def test_a_late_visit_moves_the_next_one_only_when_counted_from_completion():
	done = Completion(index=1, day=date(2026, 2, 10))  # due 1 Feb, done 9 days late
	fixed = TaskSchedule(date(2026, 1, 1), Periodicity.MONTHLY, SlipRule.FROM_PLANNED)
	sliding = TaskSchedule(date(2026, 1, 1), Periodicity.MONTHLY, SlipRule.FROM_COMPLETION)
	assert occurrence_day(fixed, 2, done) == date(2026, 3, 1)
	assert occurrence_day(sliding, 2, done) == date(2026, 3, 10)
	assert replanned(fixed, {2: date(2026, 3, 1)}, done) == {}
	assert replanned(sliding, {2: date(2026, 3, 1)}, done) == {2: date(2026, 3, 10)}


def test_first_generation_starts_today_and_stops_at_the_end_date():
	schedule = TaskSchedule(date(2025, 1, 5), Periodicity.WEEKLY, end=date(2026, 1, 20))
	found = due_occurrences(schedule, 0, None, today=date(2026, 1, 1), horizon=date(2026, 1, 31))
	assert [o.day for o in found] == [date(2026, 1, 4), date(2026, 1, 11), date(2026, 1, 18)]
	assert [o.index for o in found] == [52, 53, 54]


@given(days, periodicities, rules, st.integers(1, 40))
def test_occurrences_strictly_increase(start, periodicity, rule, n):
	schedule = TaskSchedule(start, periodicity, rule)
	assert occurrence_day(schedule, n) < occurrence_day(schedule, n + 1)


@given(days, periodicities, st.integers(0, 30), st.integers(-20, 60))
def test_from_completion_the_next_visit_is_one_period_after_the_completion(start, periodicity, j, late):
	schedule = TaskSchedule(start, periodicity, SlipRule.FROM_COMPLETION)
	done_on = occurrence_day(schedule, j + 1) + timedelta(days=late)
	done = Completion(j + 1, done_on)
	assert occurrence_day(schedule, j + 2, done) == add_periods(done_on, periodicity, 1)


@given(days, periodicities, st.integers(0, 30), st.integers(-20, 60), st.integers(1, 10))
def test_from_planned_a_completion_never_moves_anything(start, periodicity, j, late, ahead):
	schedule = TaskSchedule(start, periodicity, SlipRule.FROM_PLANNED)
	done = Completion(j + 1, occurrence_day(schedule, j + 1) + timedelta(days=late))
	assert occurrence_day(schedule, j + 1 + ahead, done) == occurrence_day(schedule, j + 1 + ahead)


@given(days, periodicities, rules, days, st.integers(1, 90), st.integers(1, 90))
def test_generating_in_two_runs_gives_what_one_run_gives(start, periodicity, rule, today, first, second):
	"""Retries and later runs never repeat or skip an occurrence (the job's idempotency)."""
	schedule = TaskSchedule(start, periodicity, rule)
	middle, horizon = today + timedelta(days=first), today + timedelta(days=first + second)
	once = due_occurrences(schedule, 0, None, today, horizon)
	part = due_occurrences(schedule, 0, None, today, middle)
	last = part[-1].index if part else 0
	rest = due_occurrences(schedule, last, None, today, horizon) if part else once
	together = part + rest if part else rest
	assert together == once
	assert len({o.index for o in once}) == len(once)
	assert all(today <= o.day <= horizon for o in once)
	assert all(isinstance(o, Occurrence) for o in once)
