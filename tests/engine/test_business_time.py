"""The SLA clock: hand-checked deadlines, and DST days in real zones.

Elsewhere: calendar problems (test_service_calendar), properties against a slow independent
reference (test_clock_properties), the very results of the day-by-day walk (test_clock_is_the_walk),
naive datetimes in the ERP's zone (test_naive_clock), wall times across offset changes
(test_zoned_time)."""

from datetime import date, datetime, time, timedelta

import pytest

from b2b_helpdesk.engine.business_time import (
	CalendarError,
	ServiceCalendar,
	Window,
	add_business_minutes,
	add_business_seconds,
	business_minutes_between,
	business_seconds_between,
	find_problems,
	next_working_instant,
)
from tests.engine.clock_cases import BERLIN, HOUR, MONDAY, MOSCOW, NEW_YORK, UTC, at, office, utc, weekdays

# ---------------------------------------------------------------------------
# hand-checked deadlines


def test_friday_evening_rolls_over_the_weekend():
	deadline = add_business_minutes(office(), at(MOSCOW, 2026, 1, 16, 17, 50), 30)
	assert deadline == at(MOSCOW, 2026, 1, 19, 9, 20)
	assert deadline.tzinfo == MOSCOW


def test_result_is_in_the_calendar_zone_whatever_the_input_zone():
	deadline = add_business_minutes(office(), datetime(2026, 1, 16, 14, 50, tzinfo=UTC), 30)
	assert deadline.tzinfo == MOSCOW
	assert deadline == at(MOSCOW, 2026, 1, 19, 9, 20)


def test_overnight_window_across_midnight():
	night = ServiceCalendar(weekdays(time(22), time(6), range(7)), "Europe/Moscow")
	assert add_business_minutes(night, at(MOSCOW, 2026, 1, 16, 23), 120) == at(MOSCOW, 2026, 1, 17, 1)
	assert add_business_minutes(night, at(MOSCOW, 2026, 1, 16, 12), 60) == at(MOSCOW, 2026, 1, 16, 23)
	assert business_minutes_between(night, at(MOSCOW, 2026, 1, 16, 21), at(MOSCOW, 2026, 1, 17, 7)) == 8 * 60
	assert business_minutes_between(night, at(MOSCOW, 2026, 1, 16, 23), at(MOSCOW, 2026, 1, 17, 2)) == 3 * 60


def test_overnight_tail_on_a_holiday_does_not_count():
	night = ServiceCalendar(
		weekdays(time(22), time(6), range(7)), "Europe/Moscow", frozenset({date(2026, 1, 17)})
	)
	# Friday 22:00-24:00 counts, Saturday (holiday) 00:00-06:00 and 22:00-24:00 do not
	assert (
		business_seconds_between(night, at(MOSCOW, 2026, 1, 16, 20), at(MOSCOW, 2026, 1, 18, 3)) == 5 * HOUR
	)
	assert add_business_minutes(night, at(MOSCOW, 2026, 1, 16, 23), 90) == at(MOSCOW, 2026, 1, 18, 0, 30)


def test_monday_holiday_pushes_to_tuesday():
	calendar = office(holidays={MONDAY})
	assert add_business_minutes(calendar, at(MOSCOW, 2026, 1, 16, 17, 50), 30) == at(
		MOSCOW, 2026, 1, 20, 9, 20
	)
	assert next_working_instant(calendar, at(MOSCOW, 2026, 1, 17, 12)) == at(MOSCOW, 2026, 1, 20, 9)


def test_pause_inside_the_window_extends_the_deadline_by_its_length():
	start = at(MOSCOW, 2026, 1, 19, 10)
	pause = (at(MOSCOW, 2026, 1, 19, 10, 30), at(MOSCOW, 2026, 1, 19, 11, 15))
	assert add_business_minutes(office(), start, 120) == at(MOSCOW, 2026, 1, 19, 12)
	assert add_business_minutes(office(), start, 120, [pause]) == at(MOSCOW, 2026, 1, 19, 12, 45)
	assert business_minutes_between(office(), start, at(MOSCOW, 2026, 1, 19, 12, 45), [pause]) == 120


def test_overlapping_and_unordered_pauses_count_once():
	start = at(MOSCOW, 2026, 1, 19, 10)
	pauses = [
		(at(MOSCOW, 2026, 1, 19, 11), at(MOSCOW, 2026, 1, 19, 11, 30)),
		(at(MOSCOW, 2026, 1, 19, 10, 30), at(MOSCOW, 2026, 1, 19, 11, 15)),
		(at(MOSCOW, 2026, 1, 19, 11), at(MOSCOW, 2026, 1, 19, 11)),
	]
	assert add_business_minutes(office(), start, 120, pauses) == at(MOSCOW, 2026, 1, 19, 13)


def test_pause_over_the_start_moves_the_first_working_instant():
	pause = (at(MOSCOW, 2026, 1, 19, 8), at(MOSCOW, 2026, 1, 19, 9, 30))
	assert add_business_seconds(office(), at(MOSCOW, 2026, 1, 19, 8), 0, [pause]) == at(
		MOSCOW, 2026, 1, 19, 9, 30
	)


def test_round_the_clock_adds_plain_time():
	always = ServiceCalendar.always()
	start = datetime(2026, 2, 27, 13, 14, 15, tzinfo=UTC)
	assert add_business_seconds(always, start, 123_457) == start + timedelta(seconds=123_457)
	assert business_seconds_between(always, start, start + timedelta(days=40, seconds=5)) == 40 * 86_400 + 5


def test_round_the_clock_counts_real_time_across_a_dst_change():
	always = ServiceCalendar.always("Europe/Berlin")
	deadline = add_business_seconds(always, at(BERLIN, 2026, 3, 28, 12), 24 * HOUR)
	assert deadline == at(BERLIN, 2026, 3, 29, 13)  # a day of real time; the clock jumped an hour


def test_deadline_exactly_at_the_window_end_is_the_window_end():
	assert add_business_minutes(office(), at(MOSCOW, 2026, 1, 19, 17), 60) == at(MOSCOW, 2026, 1, 19, 18)
	assert add_business_minutes(office(), at(MOSCOW, 2026, 1, 16, 9), 9 * 60) == at(MOSCOW, 2026, 1, 16, 18)


def test_nothing_counts_over_the_weekend():
	assert business_minutes_between(office(), at(MOSCOW, 2026, 1, 17, 0), at(MOSCOW, 2026, 1, 19, 0)) == 0
	assert business_minutes_between(office(), at(MOSCOW, 2026, 1, 16, 18), at(MOSCOW, 2026, 1, 19, 9)) == 0


def test_measuring_backwards_or_empty_is_zero():
	assert business_seconds_between(office(), at(MOSCOW, 2026, 1, 19, 12), at(MOSCOW, 2026, 1, 19, 10)) == 0
	assert business_seconds_between(office(), at(MOSCOW, 2026, 1, 19, 12), at(MOSCOW, 2026, 1, 19, 12)) == 0


def test_minutes_are_rounded_down():
	assert (
		business_minutes_between(office(), at(MOSCOW, 2026, 1, 19, 9), at(MOSCOW, 2026, 1, 19, 9, 1, 59)) == 1
	)


def test_zero_seconds_is_the_first_working_instant():
	inside = at(MOSCOW, 2026, 1, 19, 12)
	assert add_business_seconds(office(), inside, 0) == inside
	assert add_business_seconds(office(), at(MOSCOW, 2026, 1, 16, 18), 0) == at(MOSCOW, 2026, 1, 19, 9)


def test_next_working_instant_takes_window_start_but_not_window_end():
	assert next_working_instant(office(), at(MOSCOW, 2026, 1, 19, 9)) == at(MOSCOW, 2026, 1, 19, 9)
	assert next_working_instant(office(), at(MOSCOW, 2026, 1, 19, 18)) == at(MOSCOW, 2026, 1, 20, 9)
	assert next_working_instant(office(), at(MOSCOW, 2026, 1, 19, 17, 59, 59)) == at(
		MOSCOW, 2026, 1, 19, 17, 59, 59
	)


def test_touching_windows_are_one_stretch():
	split = ServiceCalendar(
		weekdays(time(9), time(12)) + weekdays(time(12), time(18)), "Europe/Moscow", frozenset()
	)
	assert find_problems(split) == []
	assert add_business_minutes(split, at(MOSCOW, 2026, 1, 19, 11), 120) == at(MOSCOW, 2026, 1, 19, 13)


def test_sub_second_inputs_round_trip():
	start = at(MOSCOW, 2026, 1, 19, 17, 59, 59) + timedelta(microseconds=250_000)
	deadline = add_business_seconds(office(), start, 10)
	assert deadline == at(MOSCOW, 2026, 1, 20, 9, 0, 9) + timedelta(microseconds=250_000)
	assert business_seconds_between(office(), start, deadline) == 10


def test_bad_arguments_are_refused():
	naive = datetime(2026, 1, 19, 10)
	with pytest.raises(ValueError, match="timezone-aware"):
		add_business_minutes(office(), naive, 5)
	with pytest.raises(ValueError, match="timezone-aware"):
		business_seconds_between(office(), at(MOSCOW, 2026, 1, 19, 10), naive)
	with pytest.raises(ValueError, match="timezone-aware"):
		add_business_minutes(office(), at(MOSCOW, 2026, 1, 19, 10), 5, [(naive, naive)])
	with pytest.raises(ValueError, match="negative"):
		add_business_seconds(office(), at(MOSCOW, 2026, 1, 19, 10), -1)
	with pytest.raises(ValueError, match="before it starts"):
		add_business_minutes(
			office(),
			at(MOSCOW, 2026, 1, 19, 10),
			5,
			[(at(MOSCOW, 2026, 1, 19, 11), at(MOSCOW, 2026, 1, 19, 10))],
		)
	with pytest.raises(TypeError):
		add_business_seconds(office(), at(MOSCOW, 2026, 1, 19, 10), 1.5)
	with pytest.raises(ValueError):
		Window(7, time(9), time(18))


def test_a_calendar_with_no_working_time_for_ten_years_gives_up():
	mondays_only = ServiceCalendar(
		(Window(0, time(9), time(18)),),
		"UTC",
		frozenset(MONDAY + timedelta(weeks=n) for n in range(600)),
	)
	with pytest.raises(CalendarError) as error:
		next_working_instant(mondays_only, at(UTC, 2026, 1, 17))
	assert [p.code for p in error.value.problems] == ["no_working_time"]
	# measuring never gives up: it only walks to the end
	assert business_seconds_between(mondays_only, at(UTC, 2026, 1, 17), at(UTC, 2037, 1, 1)) == 0


def test_unusable_calendars_are_refused_by_the_clock():
	with pytest.raises(CalendarError):
		add_business_minutes(ServiceCalendar((), "UTC"), at(UTC, 2026, 1, 19), 5)
	with pytest.raises(CalendarError):
		add_business_minutes(office("Mars/Olympus_Mons"), at(UTC, 2026, 1, 19), 5)


def test_overlapping_windows_count_as_their_union():
	calendar = ServiceCalendar(
		(Window(0, time(9), time(14)), Window(0, time(12), time(18))), "Europe/Moscow", frozenset()
	)
	assert (
		business_minutes_between(calendar, at(MOSCOW, 2026, 1, 19, 0), at(MOSCOW, 2026, 1, 20, 0)) == 9 * 60
	)


# ---------------------------------------------------------------------------
# DST days


def early_hours(zone: str) -> ServiceCalendar:
	return ServiceCalendar(weekdays(time(0), time(6), range(7)), zone)


@pytest.mark.parametrize(
	("zone", "day", "hours"),
	[
		(BERLIN, date(2026, 3, 29), 5),
		(BERLIN, date(2026, 10, 25), 7),
		(BERLIN, date(2026, 3, 28), 6),
		(NEW_YORK, date(2026, 3, 8), 5),
		(NEW_YORK, date(2026, 11, 1), 7),
		(MOSCOW, date(2026, 3, 29), 6),
		(MOSCOW, date(2026, 10, 25), 6),
	],
)
def test_a_window_lasts_the_real_time_its_wall_clock_says(zone, day, hours):
	name = zone.key
	midnight = datetime.combine(day, time(0), zone)
	next_midnight = datetime.combine(day + timedelta(days=1), time(0), zone)
	six = datetime.combine(day, time(6), zone)
	assert business_seconds_between(early_hours(name), midnight, next_midnight) == hours * HOUR
	assert business_seconds_between(ServiceCalendar.always(name), midnight, six) == hours * HOUR
	assert utc(add_business_seconds(early_hours(name), midnight, hours * HOUR)) == utc(six)
	assert utc(add_business_seconds(ServiceCalendar.always(name), midnight, hours * HOUR)) == utc(six)
	assert utc(add_business_seconds(early_hours(name), midnight, hours * HOUR + 1)) == utc(
		datetime.combine(day + timedelta(days=1), time(0, 0, 1), zone)
	)


def test_a_window_inside_the_spring_gap_vanishes():
	gap = ServiceCalendar(weekdays(time(2), time(3), range(7)), "America/New_York")
	assert business_seconds_between(gap, at(NEW_YORK, 2026, 3, 7, 0), at(NEW_YORK, 2026, 3, 9, 0)) == HOUR
	assert business_seconds_between(gap, at(NEW_YORK, 2026, 3, 8, 0), at(NEW_YORK, 2026, 3, 9, 0)) == 0
	assert next_working_instant(gap, at(NEW_YORK, 2026, 3, 8, 0)) == at(NEW_YORK, 2026, 3, 9, 2)


def test_a_start_inside_the_gap_is_the_instant_after_it():
	calendar = ServiceCalendar(weekdays(time(2, 30), time(4), range(7)), "Europe/Berlin")
	assert next_working_instant(calendar, at(BERLIN, 2026, 3, 29, 0)) == at(BERLIN, 2026, 3, 29, 3)
	assert business_seconds_between(calendar, at(BERLIN, 2026, 3, 29, 0), at(BERLIN, 2026, 3, 30, 0)) == HOUR


def test_an_ambiguous_start_is_its_first_occurrence():
	calendar = ServiceCalendar(weekdays(time(2, 30), time(4), range(7)), "Europe/Berlin")
	first = at(BERLIN, 2026, 10, 25, 2, 30, fold=0)
	assert utc(next_working_instant(calendar, at(BERLIN, 2026, 10, 25, 0))) == utc(first)
	# 02:30 CEST .. 04:00 CET is two and a half real hours, the repeated hour included
	assert (
		business_seconds_between(calendar, at(BERLIN, 2026, 10, 25, 0), at(BERLIN, 2026, 10, 26, 0))
		== 2.5 * HOUR
	)


def test_a_deadline_in_the_repeated_hour_is_its_second_occurrence_when_that_is_the_instant():
	always = ServiceCalendar.always("Europe/Berlin")
	deadline = add_business_seconds(always, at(BERLIN, 2026, 10, 25, 0), int(3.5 * HOUR))
	assert (deadline.hour, deadline.minute, deadline.fold) == (2, 30, 1)
	assert utc(deadline) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
	# and a start given in the repeated hour is read by its fold
	second = at(BERLIN, 2026, 10, 25, 2, 30, fold=1)
	assert business_seconds_between(always, at(BERLIN, 2026, 10, 25, 0), second) == 3.5 * HOUR
	assert business_seconds_between(always, at(BERLIN, 2026, 10, 25, 2, 30, fold=0), second) == HOUR


def test_a_window_ending_after_the_repeated_hour_includes_it():
	calendar = ServiceCalendar(weekdays(time(1), time(2), range(7)), "America/New_York")
	# 01:00 EDT .. 02:00 EST
	assert (
		business_seconds_between(calendar, at(NEW_YORK, 2026, 11, 1, 0), at(NEW_YORK, 2026, 11, 2, 0))
		== 2 * HOUR
	)
