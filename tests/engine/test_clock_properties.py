"""Properties of the SLA clock on random calendars near DST changes, against `Reference`, a slow,
independent implementation."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from b2b_helpdesk.engine.business_time import (
	ServiceCalendar,
	Window,
	add_business_seconds,
	business_minutes_between,
	business_seconds_between,
)
from tests.engine.clock_cases import HOUR, UTC, utc
from tests.engine.reference_clock import Reference

# ---------------------------------------------------------------------------
# properties, against a reference implementation


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Europe/Moscow", "Australia/Lord_Howe"]
# DST changes: Europe spring/autumn, US spring/autumn, Lord Howe (half-hour shifts) autumn/spring
ANCHORS = [
	datetime(2026, 3, 29, 1, tzinfo=UTC),
	datetime(2026, 10, 25, 1, tzinfo=UTC),
	datetime(2026, 3, 8, 7, tzinfo=UTC),
	datetime(2026, 11, 1, 6, tzinfo=UTC),
	datetime(2026, 4, 4, 15, tzinfo=UTC),
	datetime(2026, 10, 3, 15, tzinfo=UTC),
]
SLOT = timedelta(minutes=30)
WEEK = 7 * 48  # half-hour slots in a week


def _slots(window: Window) -> tuple[int, int]:
	start = window.weekday * 48 + window.start.hour * 2 + window.start.minute // 30
	length = (
		48 if window.start == window.end else ((window.end.hour * 2 + window.end.minute // 30) - start) % 48
	)
	return start, start + length


def _overlapping(a: Window, b: Window) -> bool:
	(start_a, end_a), (start_b, end_b) = _slots(a), _slots(b)
	return any(start_a < end_b + shift and start_b + shift < end_a for shift in (-WEEK, 0, WEEK))


@st.composite
def windows(draw) -> Window:
	start = draw(st.integers(0, 47))
	length = draw(st.integers(1, 48 if start == 0 else 47))
	end = (start + length) % 48
	return Window(draw(st.integers(0, 6)), time(start // 2, 30 * (start % 2)), time(end // 2, 30 * (end % 2)))


@st.composite
def scenarios(draw):
	"""A calendar of 1-4 non-overlapping windows, a start near a DST change, and some pauses."""
	chosen: list[Window] = []
	for window in draw(st.lists(windows(), min_size=1, max_size=4)):
		if not any(_overlapping(window, other) for other in chosen):
			chosen.append(window)
	anchor = draw(st.sampled_from(ANCHORS))
	holidays = frozenset(
		anchor.date() + timedelta(days=n) for n in draw(st.sets(st.integers(-10, 20), max_size=8))
	)
	calendar = ServiceCalendar(tuple(chosen), draw(st.sampled_from(ZONES)), holidays)
	aligned = st.integers(-10 * 48, 10 * 48).map(lambda n: n * 1800)
	start = anchor + timedelta(seconds=draw(st.one_of(aligned, st.integers(-10 * 86400, 10 * 86400))))
	pauses = []
	for offset, length in draw(st.lists(st.tuples(aligned, st.integers(1, 3 * 48)), max_size=3)):
		pause_start = start + timedelta(seconds=offset // 4 + 86400)
		pauses.append((pause_start, pause_start + timedelta(seconds=length * 900)))
	return calendar, start, pauses


amounts = st.one_of(st.integers(0, 4 * HOUR), st.integers(0, 2 * 86400))


@settings(max_examples=200, deadline=None)
@given(scenarios(), amounts)
def test_add_agrees_with_the_reference(scenario, seconds):
	calendar, start, pauses = scenario
	deadline = add_business_seconds(calendar, start, seconds, pauses)
	assert utc(deadline) == Reference(calendar, pauses).add(start, seconds)
	assert deadline.tzinfo == ZoneInfo(calendar.timezone)


@settings(max_examples=100, deadline=None)
@given(scenarios(), st.integers(0, 5 * 86400))
def test_measure_agrees_with_the_reference(scenario, span):
	calendar, start, pauses = scenario
	end = start + timedelta(seconds=span)
	assert business_seconds_between(calendar, start, end, pauses) == Reference(calendar, pauses).measure(
		start, end
	)


@settings(max_examples=200, deadline=None)
@given(scenarios(), amounts)
def test_adding_then_measuring_gives_back_the_amount(scenario, seconds):
	calendar, start, pauses = scenario
	deadline = add_business_seconds(calendar, start, seconds, pauses)
	assert business_seconds_between(calendar, start, deadline, pauses) == seconds
	assert business_minutes_between(calendar, start, deadline, pauses) == seconds // 60


@settings(max_examples=200, deadline=None)
@given(scenarios(), amounts, st.integers(1, 86400))
def test_adding_in_two_steps_is_adding_the_sum(scenario, first, second):
	calendar, start, pauses = scenario
	halfway = add_business_seconds(calendar, start, first, pauses)
	assert utc(add_business_seconds(calendar, halfway, second, pauses)) == utc(
		add_business_seconds(calendar, start, first + second, pauses)
	)


@settings(max_examples=200, deadline=None)
@given(scenarios(), amounts, amounts, st.integers(0, 2 * 86400))
def test_deadlines_are_monotonic(scenario, some, more, later):
	calendar, start, pauses = scenario
	smaller, larger = sorted((some, more))
	deadline = utc(add_business_seconds(calendar, start, smaller, pauses))
	assert deadline <= utc(add_business_seconds(calendar, start, larger, pauses))
	assert deadline <= utc(add_business_seconds(calendar, start + timedelta(seconds=later), smaller, pauses))


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_holidays_and_pauses_never_count(scenario):
	calendar, _, pauses = scenario
	reference = Reference(calendar, ())
	for holiday in calendar.holidays:
		day_start = reference.instant(holiday, timedelta(0))
		day_end = reference.instant(holiday, timedelta(days=1))
		assert business_seconds_between(calendar, day_start, day_end) == 0
		assert business_seconds_between(calendar, day_start, day_end, pauses) == 0
	for pause_start, pause_end in pauses:
		assert business_seconds_between(calendar, pause_start, pause_end, pauses) == 0


@settings(max_examples=200, deadline=None)
@given(scenarios(), amounts.filter(bool))
def test_a_deadline_never_falls_inside_a_holiday_or_a_pause(scenario, seconds):
	calendar, start, pauses = scenario
	deadline = utc(add_business_seconds(calendar, start, seconds, pauses))
	last_counted = deadline - timedelta(microseconds=1)
	assert last_counted.astimezone(ZoneInfo(calendar.timezone)).date() not in calendar.holidays
	assert not any(pause_start < deadline <= pause_end for pause_start, pause_end in pauses)
	assert business_seconds_between(calendar, start, last_counted, pauses) == seconds - 1
