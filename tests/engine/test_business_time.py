"""The SLA clock: hand-checked deadlines, DST days in real zones, calendar problems, and properties
checked against a slow, independent reference implementation."""

import pickle
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
