"""The SLA clock: hand-checked deadlines, DST days in real zones, calendar problems, and properties
checked against a slow, independent reference implementation."""

import functools
import operator
import pickle
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from b2b_helpdesk.engine import business_time
from b2b_helpdesk.engine.business_time import (
	CalendarError,
	Problem,
	ServiceCalendar,
	Window,
	add_business_minutes,
	add_business_seconds,
	business_minutes_between,
	business_seconds_between,
	find_problems,
	next_working_instant,
	validate_calendar,
)

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MOSCOW = ZoneInfo("Europe/Moscow")
HOUR = 3600


def weekdays(start: time, end: time, days=range(5)) -> tuple[Window, ...]:
	return tuple(Window(day, start, end) for day in days)


def office(zone: str = "Europe/Moscow", holidays=()) -> ServiceCalendar:
	"""Mon-Fri 09:00-18:00."""
	return ServiceCalendar(weekdays(time(9), time(18)), zone, frozenset(holidays))


def at(zone: ZoneInfo, *parts: int, fold: int = 0) -> datetime:
	return datetime(*parts, tzinfo=zone, fold=fold)


def utc(moment: datetime) -> datetime:
	"""Compare instants in UTC: within one zone `==` and `<` look at wall time only, ignoring fold,
	and across zones `==` is always False for a time in a repeated hour (PEP 495)."""
	return moment.astimezone(UTC)


def codes(calendar: ServiceCalendar) -> list[str]:
	return [problem.code for problem in find_problems(calendar)]


# 2026-01-16 is a Friday, 2026-01-19 a Monday
FRIDAY = date(2026, 1, 16)
MONDAY = date(2026, 1, 19)


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


# ---------------------------------------------------------------------------
# calendar problems


def test_a_good_calendar_has_no_problems():
	assert find_problems(office()) == []
	assert find_problems(ServiceCalendar.always("America/New_York")) == []
	validate_calendar(office())


def test_overlapping_windows_are_named():
	nine_to_six, noon_to_eight = Window(0, time(9), time(18)), Window(0, time(12), time(20))
	problems = find_problems(ServiceCalendar((nine_to_six, noon_to_eight, Window(1, time(9), time(18)))))
	assert problems == [Problem("overlap", (nine_to_six, noon_to_eight))]


def test_an_overnight_window_overlapping_the_next_morning():
	night, morning = Window(0, time(22), time(6)), Window(1, time(5), time(9))
	assert find_problems(ServiceCalendar((night, morning))) == [Problem("overlap", (night, morning))]
	assert find_problems(ServiceCalendar((night, Window(1, time(6), time(9))))) == []


def test_sunday_night_running_into_monday():
	sunday_night, monday = Window(6, time(22), time(2)), Window(0, time(1), time(9))
	assert codes(ServiceCalendar((monday, sunday_night))) == ["overlap"]
	assert codes(ServiceCalendar((Window(0, time(2), time(9)), sunday_night))) == []
	assert codes(ServiceCalendar((Window(6, time(0), time(0)), Window(0, time(0), time(1))))) == []
	assert codes(ServiceCalendar((Window(6, time(12), time(12, 1)), Window(6, time(12), time(12, 1))))) == [
		"overlap"
	]


def test_empty_window():
	empty = Window(2, time(9), time(9))
	assert find_problems(ServiceCalendar((Window(0, time(9), time(18)), empty))) == [
		Problem("empty_window", (empty,))
	]
	assert codes(ServiceCalendar((Window(2, time(0), time(0)),))) == []


def test_no_windows():
	assert codes(ServiceCalendar(())) == ["no_windows"]


def test_bad_timezone():
	assert codes(office("Mars/Olympus_Mons")) == ["bad_timezone"]
	assert codes(office("")) == ["bad_timezone"]
	assert codes(office("../etc/passwd")) == ["bad_timezone"]


def test_holidays_covering_every_day():
	today = date.today()
	every_day = frozenset(today + timedelta(days=n) for n in range(400))
	assert codes(ServiceCalendar.always("Europe/Berlin", every_day)) == ["no_working_time"]
	workdays = frozenset(day for day in every_day if day.weekday() < 5)
	assert codes(office(holidays=workdays)) == ["no_working_time"]
	assert codes(office(holidays=workdays - {min(workdays)})) == []


def test_validate_collects_every_problem():
	bad = ServiceCalendar(
		(Window(0, time(9), time(9)), Window(1, time(9), time(18)), Window(1, time(8), time(10))), "Nowhere"
	)
	with pytest.raises(CalendarError) as error:
		validate_calendar(bad)
	assert [p.code for p in error.value.problems] == ["bad_timezone", "empty_window", "overlap"]
	assert "Tue 09:00-18:00 and Tue 08:00-10:00 overlap" in str(error.value)
	assert pickle.loads(pickle.dumps(error.value)).problems == error.value.problems


def test_lists_and_sets_are_accepted_and_kept_hashable():
	calendar = ServiceCalendar(list(weekdays(time(9), time(18))), "Europe/Moscow", {MONDAY})
	assert calendar == office(holidays={MONDAY})
	assert hash(calendar) == hash(office(holidays={MONDAY}))


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


class Reference:
	"""Working time laid out the slow way: every window on every day, converted with a
	round-trip test for wall times, then cut by holidays and pauses."""

	def __init__(self, calendar: ServiceCalendar, pauses) -> None:
		self.calendar = calendar
		self.zone = ZoneInfo(calendar.timezone)
		self.pauses = [(a.astimezone(UTC), b.astimezone(UTC)) for a, b in pauses]

	def instant(self, day: date, offset: timedelta) -> datetime:
		wall = datetime.combine(day, time(0)) + offset
		while True:
			real = [
				candidate.astimezone(UTC)
				for candidate in (
					wall.replace(tzinfo=self.zone, fold=0),
					wall.replace(tzinfo=self.zone, fold=1),
				)
				if candidate.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) == wall
			]
			if real:
				return min(real)
			wall += timedelta(minutes=1)  # inside a gap: the first wall minute that exists

	def day_pieces(self, day: date) -> list[tuple[datetime, datetime]]:
		if day in self.calendar.holidays:
			return []
		spans = []
		for window in self.calendar.windows:
			start = timedelta(hours=window.start.hour, minutes=window.start.minute)
			end = timedelta(hours=window.end.hour, minutes=window.end.minute)
			if window.weekday == day.weekday():
				spans.append((start, end if end > start else timedelta(days=1)))
			if end <= start and end and (window.weekday + 1) % 7 == day.weekday():
				spans.append((timedelta(0), end))
		pieces = [(self.instant(day, a), self.instant(day, b)) for a, b in sorted(spans)]
		return [piece for piece in pieces if piece[0] < piece[1]]

	def pieces_from(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
		day = moment.astimezone(self.zone).date() - timedelta(days=1)
		while True:
			for start, end in self.day_pieces(day):
				yield from self.cut(max(start, moment), end)
			day += timedelta(days=1)

	def cut(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
		if start >= end:
			return
		for pause_start, pause_end in self.pauses:
			if pause_start < end and start < pause_end:
				yield from self.cut(start, pause_start)
				yield from self.cut(pause_end, end)
				return
		yield start, end

	def add(self, start: datetime, seconds: int) -> datetime:
		remaining = timedelta(seconds=seconds)
		for piece_start, piece_end in self.pieces_from(start):
			if remaining <= piece_end - piece_start:
				return piece_start + remaining
			remaining -= piece_end - piece_start
		raise AssertionError

	def measure(self, start: datetime, end: datetime) -> int:
		total = timedelta(0)
		for piece_start, piece_end in self.pieces_from(start):
			if piece_start >= end:
				return int(total.total_seconds())
			total += min(piece_end, end) - piece_start
		raise AssertionError


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


# ---------------------------------------------------------------------------
# the fast engine against the original day-by-day walk
#
# `business_time` answers from a precomputed timeline of working pieces and walks day by day
# only for what the timeline does not hold. The functions below are the walk exactly as the
# engine had it before the timeline (kept here as the executable specification): every result
# of the engine must be the very same datetime (same wall time, fold and zone object) or number,
# or the same error, as theirs.

_REF_US = timedelta(microseconds=1)
_REF_DAY_US = 86_400 * 1_000_000
_REF_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_REF_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class _ReferenceCompiled:
	def __init__(self, calendar: ServiceCalendar) -> None:
		per_day: list[list[tuple[int, int]]] = [[] for _ in range(7)]
		for window in calendar.windows:
			start, end = _reference_time_us(window.start), _reference_time_us(window.end)
			if window.is_whole_day:
				per_day[window.weekday].append((0, _REF_DAY_US))
			elif end > start:
				per_day[window.weekday].append((start, end))
			elif end < start:
				per_day[window.weekday].append((start, _REF_DAY_US))
				if end > 0:
					per_day[(window.weekday + 1) % 7].append((0, end))
		self.wall = tuple(_reference_merge_spans(pieces) for pieces in per_day)
		self.zone = ZoneInfo(calendar.timezone)
		self.holidays = frozenset(day.toordinal() for day in calendar.holidays)
		self.days: dict[int, tuple[tuple[int, int], ...]] = {}

	def pieces(self, ordinal: int) -> tuple[tuple[int, int], ...]:
		if ordinal not in self.days:
			self.days[ordinal] = self.lay_out(ordinal)
		return self.days[ordinal]

	def lay_out(self, ordinal: int) -> tuple[tuple[int, int], ...]:
		wall = self.wall[(ordinal - 1) % 7]
		if not wall or ordinal in self.holidays:
			return ()
		laid: list[tuple[int, int]] = []
		for wall_start, wall_end in wall:
			start = _reference_wall_to_instant(self.zone, ordinal, wall_start)
			end = _reference_wall_to_instant(self.zone, ordinal, wall_end)
			if end <= start:
				continue
			if laid and laid[-1][1] >= start:
				laid[-1] = (laid[-1][0], end)
			else:
				laid.append((start, end))
		return tuple(laid)

	def local_ordinal(self, moment: datetime) -> int:
		return moment.astimezone(self.zone).toordinal()

	def to_datetime(self, instant: int) -> datetime:
		return (_REF_EPOCH + timedelta(microseconds=instant)).astimezone(self.zone)


@functools.lru_cache(maxsize=64)
def _reference_compile(calendar: ServiceCalendar) -> _ReferenceCompiled:
	return _ReferenceCompiled(calendar)


def _reference_time_us(moment: time) -> int:
	return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond


def _reference_merge_spans(spans):
	merged: list[tuple] = []
	for start, end in sorted(spans):
		if merged and start <= merged[-1][1]:
			if end > merged[-1][1]:
				merged[-1] = (merged[-1][0], end)
		else:
			merged.append((start, end))
	return tuple(merged)


def _reference_wall_to_instant(zone: ZoneInfo, ordinal: int, offset_us: int) -> int:
	ordinal += offset_us // _REF_DAY_US
	offset_us %= _REF_DAY_US
	naive = datetime.fromordinal(ordinal) + timedelta(microseconds=offset_us)
	wall = (ordinal - _REF_EPOCH_ORDINAL) * _REF_DAY_US + offset_us
	first = naive.replace(tzinfo=zone).utcoffset() // _REF_US
	second = naive.replace(tzinfo=zone, fold=1).utcoffset() // _REF_US
	if first >= second:
		return wall - first
	before, after = wall - second, wall - first
	target = _reference_offset_at(zone, after)
	while after - before > 1:
		middle = (before + after) // 2
		if _reference_offset_at(zone, middle) == target:
			after = middle
		else:
			before = middle
	return after


def _reference_offset_at(zone: ZoneInfo, instant: int) -> timedelta:
	return (_REF_EPOCH + timedelta(microseconds=instant)).astimezone(zone).utcoffset()


def _reference_micros(moment: datetime, name: str) -> int:
	if not isinstance(moment, datetime):
		raise TypeError(f"{name} must be a datetime, got {type(moment).__name__}")
	if moment.tzinfo is None or moment.utcoffset() is None:
		raise ValueError(f"{name} must be timezone-aware, got naive datetime {moment.isoformat()}")
	return (moment - _REF_EPOCH) // _REF_US


def _reference_merge(pauses) -> list[tuple[int, int]]:
	spans = []
	for pause in pauses:
		start, end = pause
		first, last = _reference_micros(start, "pause start"), _reference_micros(end, "pause end")
		if last < first:
			raise ValueError(f"pause ends before it starts: {start.isoformat()} .. {end.isoformat()}")
		if last > first:
			spans.append((first, last))
	return list(_reference_merge_spans(spans)) if len(spans) > 1 else spans


def _reference_walk(compiled, instant, first_day, pauses, last_day=None):
	pause_index, pause_count = 0, len(pauses)
	day, idle_since = first_day, first_day
	while last_day is None or day <= last_day:
		for start, end in compiled.pieces(day):
			if end <= instant:
				continue
			start = max(start, instant)
			while pause_index < pause_count and pauses[pause_index][1] <= start:
				pause_index += 1
			while pause_index < pause_count and pauses[pause_index][0] < end:
				pause_start, pause_end = pauses[pause_index]
				if pause_start > start:
					idle_since = day
					yield start, pause_start
				if pause_end >= end:
					start = end
					break
				start = pause_end
				pause_index += 1
			if start < end:
				idle_since = day
				yield start, end
		day += 1
		if last_day is None and day - idle_since > 3660:
			raise CalendarError([Problem("no_working_time")])


def _reference_amount(value, name: str) -> int:
	if isinstance(value, bool):
		raise TypeError(f"{name} must be an integer, got {value!r}")
	number = operator.index(value)
	if number < 0:
		raise ValueError(f"{name} must not be negative, got {number}")
	return number


def _reference_add(calendar: ServiceCalendar, start: datetime, seconds: int, pauses=()) -> datetime:
	compiled = _reference_compile(calendar)
	remaining = _reference_amount(seconds, "seconds") * 1_000_000
	instant = _reference_micros(start, "start")
	walk = _reference_walk(compiled, instant, compiled.local_ordinal(start), _reference_merge(pauses))
	for piece_start, piece_end in walk:
		length = piece_end - piece_start
		if remaining <= length:
			return compiled.to_datetime(piece_start + remaining)
		remaining -= length
	raise AssertionError


def _reference_between(calendar: ServiceCalendar, start: datetime, end: datetime, pauses=()) -> int:
	compiled = _reference_compile(calendar)
	first, last = _reference_micros(start, "start"), _reference_micros(end, "end")
	if last <= first:
		return 0
	total = 0
	first_day = compiled.local_ordinal(start)
	spans = _reference_merge(pauses)
	for piece_start, piece_end in _reference_walk(
		compiled, first, first_day, spans, compiled.local_ordinal(end)
	):
		if piece_start >= last:
			break
		total += min(piece_end, last) - piece_start
	return total // 1_000_000


def _reference_next(calendar: ServiceCalendar, at_: datetime) -> datetime:
	compiled = _reference_compile(calendar)
	instant = _reference_micros(at_, "at")
	start, _ = next(_reference_walk(compiled, instant, compiled.local_ordinal(at_), ()))
	return compiled.to_datetime(start)


def _outcome(function, args):
	"""What a call gives: ("ok", result) or ("error", type, message)."""
	try:
		return ("ok", function(*args))
	except (CalendarError, TypeError, ValueError) as error:
		return ("error", type(error), str(error))


def assert_identical(engine, reference, *args) -> None:
	"""engine(*args) and reference(*args) have the same outcome; a datetime must match wall time,
	fold and zone object too."""
	got, expected = _outcome(engine, args), _outcome(reference, args)
	assert got[0] == expected[0], (got, expected)
	if got[0] == "ok" and isinstance(expected[1], datetime):
		got_dt, expected_dt = got[1], expected[1]
		assert type(got_dt) is type(expected_dt)
		assert got_dt.tzinfo is expected_dt.tzinfo
		assert (got_dt.replace(tzinfo=None), got_dt.fold) == (
			expected_dt.replace(tzinfo=None),
			expected_dt.fold,
		)
	else:
		assert got == expected


def assert_add_is_the_walk(*args) -> None:
	assert_identical(add_business_seconds, _reference_add, *args)


def assert_between_is_the_walk(*args) -> None:
	assert_identical(business_seconds_between, _reference_between, *args)


def assert_next_is_the_walk(*args) -> None:
	assert_identical(next_working_instant, _reference_next, *args)


ENGINE_ZONES = [
	"Europe/Berlin",
	"America/New_York",
	"Australia/Lord_Howe",  # half-hour DST shifts
	"America/Santiago",  # springs forward and falls back at midnight
	"Asia/Beirut",  # falls back from midnight into the day before
	"UTC",
]
OTHER_ZONES = [
	UTC,
	ZoneInfo("UTC"),
	ZoneInfo("Asia/Tokyo"),
	timezone(timedelta(hours=-3, minutes=-30)),
	BERLIN,
]


def _offset_changes(zone: ZoneInfo, year: int) -> list[datetime]:
	"""The instants (UTC, to the second) at which the zone's UTC offset changes during the year."""
	found = []
	moment = datetime(year, 1, 1, tzinfo=UTC)
	offset = moment.astimezone(zone).utcoffset()
	while moment.year == year:
		later = moment + timedelta(hours=6)
		if later.astimezone(zone).utcoffset() != offset:
			before, after = moment, later
			while after - before > timedelta(seconds=1):
				middle = before + (after - before) / 2
				if middle.astimezone(zone).utcoffset() == offset:
					before = middle
				else:
					after = middle
			found.append(after)
			offset = later.astimezone(zone).utcoffset()
		moment = later
	return found


CHANGES = {
	name: _offset_changes(ZoneInfo(name), 2026) or [datetime(2026, 3, 29, 1, tzinfo=UTC)]
	for name in ENGINE_ZONES
}


@st.composite
def clock_times(draw) -> time:
	if draw(st.booleans()):
		return time(draw(st.sampled_from([0, 1, 2, 3, 9, 12, 18, 22, 23])), draw(st.sampled_from([0, 30])))
	return time(
		draw(st.integers(0, 23)),
		draw(st.integers(0, 59)),
		draw(st.integers(0, 59)),
		draw(st.sampled_from([0, 0, 1, 999_999])),
	)


@st.composite
def any_calendars(draw) -> ServiceCalendar:
	"""1-4 windows of any length, overlapping or not (the clock reads them as their union)."""
	windows = []
	for day, start, end in draw(
		st.lists(st.tuples(st.integers(0, 6), clock_times(), clock_times()), min_size=1, max_size=4)
	):
		if start != end or start == time(0):
			windows.append(Window(day, start, end))
	if not windows:
		windows.append(Window(0, time(9), time(18)))
	name = draw(st.sampled_from(ENGINE_ZONES))
	anchor = draw(st.sampled_from(CHANGES[name])).date()
	holidays = frozenset(anchor + timedelta(days=n) for n in draw(st.sets(st.integers(-10, 30), max_size=10)))
	return ServiceCalendar(tuple(windows), name, holidays)


@st.composite
def moments(draw, name: str) -> datetime:
	"""Near a DST change of the zone (or up to a couple of years off): as a normalised local time,
	as a wall time read with either fold (possibly inside a gap), or in another zone."""
	zone = ZoneInfo(name)
	change = draw(st.sampled_from(CHANGES[name]))
	shift = timedelta(
		seconds=draw(
			st.one_of(
				st.integers(-4 * HOUR, 4 * HOUR),
				st.integers(-10 * 86400, 10 * 86400),
				st.integers(-800 * 86400, 800 * 86400),
			)
		),
		microseconds=draw(st.sampled_from([0, 0, 1, 999_999, 250_000])),
	)
	kind = draw(st.integers(0, 2))
	if kind == 0:
		return (change + shift).astimezone(zone)
	if kind == 1:
		wall = change.astimezone(zone).replace(tzinfo=None) + shift
		return wall.replace(tzinfo=zone, fold=draw(st.integers(0, 1)))
	return (change + shift).astimezone(draw(st.sampled_from(OTHER_ZONES)))


@st.composite
def engine_cases(draw):
	calendar = draw(any_calendars())
	start = draw(moments(calendar.timezone))
	pauses = []
	for _ in range(draw(st.integers(0, 3))):
		pause_start = draw(st.one_of(moments(calendar.timezone), st.just(start)))
		pause_start += timedelta(seconds=draw(st.integers(-HOUR, 2 * 86400)))
		pauses.append((pause_start, pause_start + timedelta(seconds=draw(st.integers(0, 3 * 86400)))))
	if draw(st.booleans()):
		pauses = tuple(pauses)
	return calendar, start, pauses


engine_amounts = st.one_of(
	st.sampled_from([0, 1, 60, 1800, 3600, 28_800, 86_400]),
	st.integers(0, 4 * HOUR),
	st.integers(0, 20 * 86400),
	st.integers(0, 4 * 365 * 86400),  # past the timeline: grown, or the walk
)


@settings(max_examples=400, deadline=None)
@given(engine_cases(), engine_amounts)
def test_add_is_the_walk_exactly(case, seconds):
	calendar, start, pauses = case
	assert_add_is_the_walk(calendar, start, seconds, pauses)
	# again without pauses, on a fresh but equal calendar: the inline fast path
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


@pytest.mark.parametrize(
	("name", "year"),
	[
		("Europe/Berlin", 2026),
		("America/New_York", 2026),
		("Australia/Lord_Howe", 2026),  # half-hour shifts
		("America/Santiago", 2026),  # at midnight
		("Asia/Beirut", 2026),  # back from midnight into the day before
		("Europe/Dublin", 2026),  # "negative" summer time
		("Africa/Casablanca", 2026),  # suspended for Ramadan
		("Antarctica/Troll", 2026),  # two hours at once
		("Pacific/Apia", 2011),  # a whole day skipped
		("Pacific/Kiritimati", 1994),  # a whole day skipped westwards
	],
)
def test_wall_times_become_the_same_instants(name, year):
	"""The engine's wall-clock reading (what every window boundary goes through) against the
	original, every 10 minutes for four hours either side of each change, and at the change
	to the microsecond."""
	zone = ZoneInfo(name)
	changes = _offset_changes(zone, year)
	assert changes
	for change in changes:
		for side in (-1, 0):
			wall = (change + timedelta(microseconds=side)).astimezone(zone).replace(tzinfo=None)
			wall_us = (wall - datetime(1970, 1, 1)) // _REF_US
			for shift in [step * 600_000_000 for step in range(-24, 25)] + [-1_000_000, -1, 1, 1_000_000]:
				ordinal, offset = divmod(wall_us + shift, _REF_DAY_US)
				ordinal += _REF_EPOCH_ORDINAL
				assert business_time._wall_to_instant(zone, ordinal, offset) == _reference_wall_to_instant(
					zone, ordinal, offset
				)
				if offset == 0:  # 24:00 of the day before
					assert business_time._wall_to_instant(
						zone, ordinal - 1, _REF_DAY_US
					) == _reference_wall_to_instant(zone, ordinal - 1, _REF_DAY_US)


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
	assert first._compiled is not None and first._compiled is second._compiled
	assert first == second and hash(first) == hash(second)
	assert pickle.dumps(second) == before  # the compiled form is never pickled
	restored = pickle.loads(before)
	assert restored == second and add_business_minutes(restored, start, 120) == at(BERLIN, 2026, 1, 20, 10)
