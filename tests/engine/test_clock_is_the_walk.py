"""The clock gives exactly what the day-by-day walk (`reference_clock`) gives: the same datetimes
(wall time, fold and zone object), numbers and errors, on any calendar, near DST changes, across
decades and at the ten-year search limit."""

import pickle
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2b_helpdesk.engine.business_time import (
	ServiceCalendar,
	Window,
	add_business_minutes,
	add_business_seconds,
	business_seconds_between,
	clock_of,
	next_working_instant,
)
from tests.engine.clock_cases import (
	BERLIN,
	CHANGES,
	HOUR,
	MONDAY,
	MOSCOW,
	UTC,
	at,
	engine_amounts,
	engine_cases,
	office,
	utc,
	weekdays,
)
from tests.engine.reference_clock import (
	assert_add_is_the_walk,
	assert_between_is_the_walk,
	assert_next_is_the_walk,
)


@settings(max_examples=400, deadline=None)
@given(engine_cases(), engine_amounts)
def test_add_is_the_walk_exactly(case, seconds):
	calendar, start, pauses = case
	assert_add_is_the_walk(calendar, start, seconds, pauses)
	# again without pauses, on a fresh but equal calendar
	fresh = ServiceCalendar(calendar.windows, calendar.timezone, calendar.holidays)
	assert_add_is_the_walk(fresh, start, seconds)
	assert_add_is_the_walk(fresh, start, seconds, [])


@settings(max_examples=300, deadline=None)
@given(
	engine_cases(), st.one_of(st.integers(-86400, 20 * 86400), st.integers(0, 3 * 365 * 86400)), st.booleans()
)
def test_between_is_the_walk_exactly(case, span, other_end):
	calendar, start, pauses = case
	end = start + timedelta(seconds=span)
	if other_end:  # an end given some other way: another zone, a wall time with a fold
		end = pauses[0][1] if pauses else end.astimezone(UTC)
	assert_between_is_the_walk(calendar, start, end, pauses)
	assert_between_is_the_walk(calendar, start, end)


@settings(max_examples=200, deadline=None)
@given(engine_cases())
def test_next_working_instant_is_the_walk_exactly(case):
	calendar, start, _ = case
	assert_next_is_the_walk(calendar, start)


def _dst_calendars(name: str) -> list[ServiceCalendar]:
	every_day = range(7)
	return [
		ServiceCalendar(weekdays(time(22), time(2), every_day), name),
		ServiceCalendar(weekdays(time(23), time(0), every_day), name),
		ServiceCalendar(weekdays(time(0), time(6), every_day), name),
		ServiceCalendar(weekdays(time(1), time(3), every_day), name),
		ServiceCalendar(weekdays(time(9), time(18)), name, frozenset({date(2026, 4, 6), date(2026, 10, 26)})),
		ServiceCalendar.always(name),
	]


@pytest.mark.parametrize(
	"name", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago"]
)
def test_every_wall_time_around_each_dst_change_is_the_walk_exactly(name):
	"""Every 20 minutes of wall time for three hours either side of each 2026 change, both folds
	(so gap and repeated-hour readings too), the same instants in UTC."""
	zone = ZoneInfo(name)
	for calendar in _dst_calendars(name):
		for change in CHANGES[name]:
			wall = change.astimezone(zone).replace(tzinfo=None)
			for step in range(-9, 10):
				for fold in (0, 1):
					local = (wall + timedelta(minutes=20 * step)).replace(tzinfo=zone, fold=fold)
					for start in (local, local.astimezone(UTC)):
						for seconds in (0, 1, 1800, 86_400):
							assert_add_is_the_walk(calendar, start, seconds)
						for hours in (1, 30):
							assert_between_is_the_walk(calendar, start, local + timedelta(hours=hours))
							before = wall.replace(tzinfo=zone) - timedelta(hours=hours)
							assert_between_is_the_walk(calendar, before, start)
						assert_next_is_the_walk(calendar, start)


SANTIAGO = ZoneInfo("America/Santiago")


def test_a_start_read_into_the_day_before_still_counts_from_its_own_date():
	"""Santiago skips 2026-09-06 00:00-01:00. 00:30 read with fold=1 is the instant 23:30 of the
	evening before, inside Saturday's 23:00-24:00 window; the clock counts from the start's own
	date (Sunday), as it always has."""
	calendar = ServiceCalendar(
		(Window(5, time(23), time(0)), Window(6, time(9), time(10))), "America/Santiago"
	)
	start = datetime(2026, 9, 6, 0, 30, tzinfo=SANTIAGO, fold=1)
	assert utc(start) == datetime(2026, 9, 6, 3, 30, tzinfo=UTC)
	for seconds in (0, 60, HOUR):
		expected = datetime(2026, 9, 6, 9, 0, tzinfo=SANTIAGO) + timedelta(seconds=seconds)
		assert add_business_seconds(calendar, start, seconds) == expected
		assert add_business_seconds(calendar, start, seconds, [(start, start)]) == expected
	assert next_working_instant(calendar, start) == datetime(2026, 9, 6, 9, 0, tzinfo=SANTIAGO)
	# measured up to that start, Saturday's window counts half an hour
	assert business_seconds_between(calendar, datetime(2026, 9, 5, 22, tzinfo=SANTIAGO), start) == 1800
	assert business_seconds_between(calendar, start, datetime(2026, 9, 6, 20, tzinfo=SANTIAGO)) == HOUR


@pytest.mark.parametrize("idle_days", [3659, 3660, 3661])
def test_the_ten_year_search_limit_is_unchanged(idle_days):
	"""A daily window and a run of holidays idle_days long right from the start: the search gives up
	after SEARCH_LIMIT_DAYS (3660) days without working time, not a day earlier or later."""
	first = date(2026, 1, 5)
	holidays = frozenset(first + timedelta(days=n) for n in range(idle_days))
	calendar = ServiceCalendar(weekdays(time(9), time(10), range(7)), "UTC", holidays)
	start = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
	for seconds in (0, 1, 3600, 3601):
		assert_add_is_the_walk(calendar, start, seconds)
	assert_next_is_the_walk(calendar, start)
	pause = (start - timedelta(days=1), start + timedelta(days=idle_days + 2))
	assert_add_is_the_walk(ServiceCalendar.always("UTC"), start, 5, [pause])


def test_far_apart_questions_and_long_amounts_are_the_walk_exactly():
	"""Questions decades apart, in turn, on one calendar (the timeline is laid out anew around
	them), and amounts larger than the timeline holds."""
	calendar = office("Europe/Berlin", holidays={date(2026, 12, 24), date(2041, 1, 1)})
	for year in (2026, 1999, 2041, 2026, 2070):
		for month in (1, 10):
			start = datetime(year, month, 15, 10, 17, 3, 5, tzinfo=BERLIN)
			for seconds in (1, 9 * HOUR, 40 * 86_400, 5 * 365 * 86_400, 12 * 365 * 86_400):
				assert_add_is_the_walk(calendar, start, seconds)
			assert_between_is_the_walk(calendar, start, start + timedelta(days=4000))


def test_the_ends_of_the_datetime_range_are_the_walks():
	"""Near 0001-01-01 and 9999-12-31 some days cannot be laid out (their 24:00 or their instants
	lie outside the datetime range): the clock answers, or fails with the same error, as the walk."""
	calendars = (
		ServiceCalendar.always("UTC"),
		office("Europe/Berlin"),
		ServiceCalendar(weekdays(time(22), time(2), range(7)), "Asia/Tokyo"),
	)
	starts = (
		datetime(9999, 12, 31, 12, tzinfo=UTC),
		datetime(9999, 12, 30, 10, tzinfo=BERLIN),
		datetime(9999, 12, 20, 10, tzinfo=UTC),
		datetime(1, 1, 2, 10, tzinfo=UTC),
		datetime(1, 1, 1, 0, tzinfo=UTC),
	)
	for calendar in calendars:
		for start in starts:
			for seconds in (0, HOUR, 86_400, 30 * 86_400):
				assert_add_is_the_walk(calendar, start, seconds)
			assert_next_is_the_walk(calendar, start)
			assert_between_is_the_walk(calendar, start, start + timedelta(minutes=1))


def test_argument_errors_are_the_walks():
	naive = datetime(2026, 1, 19, 10)
	start = at(MOSCOW, 2026, 1, 19, 10)
	for seconds in (-1, 1.5, True, "60", None):
		assert_add_is_the_walk(office(), start, seconds)
	for bad in (naive, date(2026, 1, 19), "2026-01-19", None):
		assert_add_is_the_walk(office(), bad, 5)
		assert_next_is_the_walk(office(), bad)
		assert_between_is_the_walk(office(), start, bad)
		assert_add_is_the_walk(office(), start, 5, [(start, bad)])
	assert_add_is_the_walk(office(), start, 5, [(start + timedelta(hours=1), start)])
	# an end before the start is 0 before the pauses are even looked at, as before
	assert business_seconds_between(office(), start, start - timedelta(hours=1), [(naive, naive)]) == 0


def test_equal_calendars_share_one_compiled_form_and_pickle_as_before():
	first = office("Europe/Berlin", holidays={MONDAY})
	second = ServiceCalendar(list(weekdays(time(9), time(18))), "Europe/Berlin", {MONDAY})
	before = pickle.dumps(second)
	start = at(BERLIN, 2026, 1, 16, 17)
	assert add_business_minutes(first, start, 120) == add_business_minutes(second, start, 120)
	assert clock_of(first).working is not None and clock_of(first).working is clock_of(second).working
	assert first == second and hash(first) == hash(second)
	assert pickle.dumps(second) == before  # the compiled form is never pickled
	restored = pickle.loads(before)
	assert restored == second and add_business_minutes(restored, start, 120) == at(BERLIN, 2026, 1, 20, 10)
