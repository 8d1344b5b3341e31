"""A clock for naive datetimes in a given zone (`clock_of(calendar, naive_zone)`), the way the ERP
stores them: the same answers as the aware clock given `naive.replace(tzinfo=zone)`, with the
result turned back by `.astimezone(zone).replace(tzinfo=None)`."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2b_helpdesk.engine.business_time import (
	BusinessClock,
	ServiceCalendar,
	add_business_seconds,
	business_seconds_between,
	clock_of,
	next_working_instant,
)
from tests.engine.clock_cases import (
	ENGINE_ZONES,
	HOUR,
	MONDAY,
	MOSCOW,
	NEW_YORK,
	at,
	engine_amounts,
	engine_cases,
	office,
	weekdays,
)
from tests.engine.reference_clock import _outcome

NY = "America/New_York"


def naive_in(zone: ZoneInfo, moment: datetime, keep_fold: bool) -> datetime:
	"""The wall time of an instant in the zone, as the ERP would store it (fold 0) or exactly."""
	wall = moment.astimezone(zone).replace(tzinfo=None)
	return wall if keep_fold else wall.replace(fold=0)


def aware_in(zone: ZoneInfo, naive: datetime) -> datetime:
	return naive.replace(tzinfo=zone)


def assert_same(got, expected) -> None:
	"""Same outcome: a naive datetime with the same wall time (and no fold), the same number, or
	the same kind of error (its message names the datetimes as they were given)."""
	assert got[:2] == expected[:2] or got[0] == expected[0] == "ok", (got, expected)
	if got[0] == "ok" and isinstance(expected[1], datetime):
		assert got[1].tzinfo is None and got[1].fold == 0
		assert got[1].isoformat() == expected[1].isoformat()
	elif got[0] == "ok":
		assert got == expected


def as_naive(function, zone: ZoneInfo):
	"""The aware module function, with naive datetimes put in and taken out as the ERP did."""

	def call(*args):
		result = function(*args)
		return result.astimezone(zone).replace(tzinfo=None) if isinstance(result, datetime) else result

	return call


@settings(max_examples=300, deadline=None)
@given(engine_cases(), engine_amounts, st.sampled_from([None, *ENGINE_ZONES]), st.booleans())
def test_naive_add_and_measure_are_the_aware_ones(case, seconds, zone_name, keep_fold):
	calendar, start, pauses = case
	zone_name = zone_name or calendar.timezone
	zone = ZoneInfo(zone_name)
	clock = clock_of(calendar, zone_name)
	naive_start = naive_in(zone, start, keep_fold)
	naive_pauses = [(naive_in(zone, a, keep_fold), naive_in(zone, b, keep_fold)) for a, b in pauses]
	aware_start = aware_in(zone, naive_start)
	aware_pauses = [(aware_in(zone, a), aware_in(zone, b)) for a, b in naive_pauses]

	assert_same(
		_outcome(clock.add_seconds, (naive_start, seconds, naive_pauses)),
		_outcome(as_naive(add_business_seconds, zone), (calendar, aware_start, seconds, aware_pauses)),
	)
	assert_same(
		_outcome(clock.next_working_instant, (naive_start,)),
		_outcome(as_naive(next_working_instant, zone), (calendar, aware_start)),
	)
	naive_end = naive_start + timedelta(seconds=seconds)
	assert_same(
		_outcome(clock.seconds_between, (naive_start, naive_end, naive_pauses)),
		_outcome(business_seconds_between, (calendar, aware_start, aware_in(zone, naive_end), aware_pauses)),
	)


def test_the_erp_asks_in_its_own_zone():
	"""A Moscow office calendar asked by an ERP that stores New York wall times."""
	clock = clock_of(office("Europe/Moscow", holidays={MONDAY}), NY)
	# Friday 17:50 in Moscow is 09:50 in New York; 30 minutes run out on Tuesday 09:20 Moscow time
	deadline = clock.add_minutes(datetime(2026, 1, 16, 9, 50), 30)
	assert deadline == datetime(2026, 1, 20, 1, 20)
	assert deadline.tzinfo is None
	assert deadline == at(MOSCOW, 2026, 1, 20, 9, 20).astimezone(NEW_YORK).replace(tzinfo=None)
	assert clock.minutes_between(datetime(2026, 1, 16, 9, 50), deadline) == 30
	assert clock.next_working_instant(datetime(2026, 1, 17, 4)) == datetime(2026, 1, 20, 1)


def test_a_naive_clock_reads_aware_datetimes_as_their_instants():
	clock = clock_of(office(NY), NY)
	start = at(MOSCOW, 2026, 1, 19, 18)  # 10:00 in New York
	assert clock.add_seconds(start, HOUR) == datetime(2026, 1, 19, 11)
	assert clock.seconds_between(start, datetime(2026, 1, 19, 12)) == 2 * HOUR


def test_a_wall_time_the_clock_skips_or_repeats_is_read_as_the_erp_did():
	"""2026-03-08 02:30 does not exist in New York and 2026-11-01 01:30 happens twice: read with
	fold 0, as `replace(tzinfo=...)` does, the first is 03:30 EDT and the second 01:30 EDT."""
	always = ServiceCalendar.always(NY)
	clock = clock_of(always, NY)
	assert clock.add_seconds(datetime(2026, 3, 8, 2, 30), 0) == datetime(2026, 3, 8, 3, 30)
	assert clock.add_seconds(datetime(2026, 11, 1, 1, 30), HOUR) == datetime(2026, 11, 1, 1, 30)
	assert clock.seconds_between(datetime(2026, 11, 1, 0, 0), datetime(2026, 11, 1, 3, 0)) == 4 * HOUR
	repeated = clock.add_seconds(datetime(2026, 11, 1, 0, 0), 2 * HOUR)  # 01:00 EST, the second 01:00
	assert (repeated, repeated.fold) == (datetime(2026, 11, 1, 1, 0), 0)


def test_clocks_are_found_again_and_share_the_compiled_calendar():
	calendar = office(NY)
	clock = clock_of(calendar, NY)
	assert clock_of(calendar, NY) is clock
	assert isinstance(clock, BusinessClock) and clock.calendar is calendar
	equal = ServiceCalendar(weekdays(time(9), time(18)), NY)
	assert clock_of(equal).working is clock.working is clock_of(calendar, "Europe/Moscow").working


def test_naive_and_unknown_zones_are_refused():
	with pytest.raises(ValueError, match="IANA"):
		clock_of(office(), "Mars/Olympus_Mons")
	with pytest.raises(ValueError, match="timezone-aware"):
		clock_of(office()).add_seconds(datetime(2026, 1, 19, 10), 5)
	with pytest.raises(TypeError):
		clock_of(office(), NY).add_seconds(date(2026, 1, 19), 5)
	with pytest.raises(ValueError, match="negative"):
		clock_of(office(), NY).add_seconds(datetime(2026, 1, 19, 10), -1)
