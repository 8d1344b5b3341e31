"""The SLA clock: how much business time lies between two instants, and when a given amount runs out.

Pure rules, no Frappe (standard library only). The ERP side turns a Service Level Policy into a
`ServiceCalendar` (see `service_calendar` for windows, holidays and their validation) and asks
for deadlines and elapsed working time.

Working time is the union of the calendar's weekly windows, laid out on concrete local days in
the calendar's timezone, minus holidays, minus pauses:

- Windows are wall-clock times, so on a DST-change day a window lasts the real time that
  elapses between its wall-clock start and end: 00:00-06:00 is 5 real hours on a
  spring-forward day in Europe/Berlin and 7 on the fall-back day (see `zoned_time` for gaps
  and folds). Windows that touch on the wall clock still touch in real time.
- Pauses (e.g. "waiting for the customer") are spans of real time that never count.
- A working piece includes its start and excludes its end.

Every result is exact (instants are counted in whole microseconds): adding N business seconds and
then measuring from the same start gives back exactly N, and `add(add(t, x), y) == add(t, x + y)`
for every y > 0.

Two forms of datetime:

- the module functions (`add_business_seconds(calendar, ...)` and the rest) take aware datetimes
  and give aware ones in the calendar's zone. Compare those as instants (e.g. after
  `.astimezone(timezone.utc)`): Python compares two datetimes of one zone by wall time, ignoring
  `fold`, and `==` across zones is always False for a time in a repeated hour (PEP 495);
- `clock_of(calendar, naive_zone)` gives a clock that takes and gives naive datetimes as wall
  times of `naive_zone`, the way the ERP stores them: the same answers as
  `naive.replace(tzinfo=zone)` in and `.astimezone(zone).replace(tzinfo=None)` out, without the
  cost of building those datetimes.

Each distinct calendar is compiled once (cached by value; `ServiceCalendar` is frozen and
hashable) into its working time laid out in real time (`working_time`).
"""

import functools
import operator
from collections.abc import Sequence
from datetime import datetime, timedelta

from b2b_helpdesk.engine.service_calendar import (
	BAD_TIMEZONE,
	EMPTY_WINDOW,
	NO_WINDOWS,
	NO_WORKING_TIME,
	OVERLAP,
	WEEKDAY_NAMES,
	CalendarError,
	Problem,
	ServiceCalendar,
	Window,
	find_problems,
	validate_calendar,
)
from b2b_helpdesk.engine.working_time import SEARCH_LIMIT_DAYS, WorkingTime
from b2b_helpdesk.engine.zoned_time import NAIVE_EPOCH, AwareTime, NaiveTime, load_zone

__all__ = [
	"BAD_TIMEZONE",
	"EMPTY_WINDOW",
	"NO_WINDOWS",
	"NO_WORKING_TIME",
	"OVERLAP",
	"SEARCH_LIMIT_DAYS",
	"WEEKDAY_NAMES",
	"BusinessClock",
	"CalendarError",
	"Interval",
	"Problem",
	"ServiceCalendar",
	"Window",
	"add_business_minutes",
	"add_business_seconds",
	"business_minutes_between",
	"business_seconds_between",
	"clock_of",
	"find_problems",
	"next_working_instant",
	"validate_calendar",
]

Interval = tuple[datetime, datetime]
"""A span of real time between two datetimes, start < end (a pause)."""

_CLOCKS_KEPT = 256


class BusinessClock:
	"""The clock of one calendar, for one form of datetime (see the module's docstring)."""

	__slots__ = ("calendar", "form", "working")

	def __init__(self, calendar: ServiceCalendar, naive_zone: str | None = None) -> None:
		self.calendar = calendar
		self.working = _compile(calendar)
		if naive_zone is None:
			self.form = AwareTime(self.working.zone)
		else:
			wall_zone = load_zone(naive_zone)
			if wall_zone is None:
				raise ValueError(f"naive_zone must be a known IANA timezone, got {naive_zone!r}")
			self.form = NaiveTime(self.working.zone, wall_zone)

	def add_seconds(self, start: datetime, seconds: int, pauses: Sequence[Interval] = ()) -> datetime:
		"""The instant at which exactly `seconds` of working time have elapsed since `start`.

		- `seconds == 0` gives the first working instant at or after `start` (outside pauses):
		  a deadline of no business time is "as soon as work can begin".
		- When the amount runs out exactly at the end of a working piece, that end is the
		  answer, not the start of the next piece.
		- `seconds` must be a non-negative integer (ValueError / TypeError otherwise).
		- Raises CalendarError when the search runs about ten years without working time.
		"""
		need = _SECONDS.get(seconds) if seconds.__class__ is int else None
		if need is None:
			need = _duration(seconds, "seconds")
		form = self.form
		if start.__class__ is datetime and start.tzinfo is form.own_tzinfo:
			# `form.read` in place: every deadline the ERP asks for comes this way
			wall = start - form.own_epoch
			instant = wall - form.own_zone.utcoffset(start)
			day = wall.days if form.own_day else form.day_of(instant)
		else:
			instant, day = form.read_other(start, "start")
		spans = form.read_pauses(pauses) if pauses else ()
		found, offset = self.working.add(instant, day, need, spans)
		if offset is not None and form.wall_out:  # the wall time, with no conversion
			return NAIVE_EPOCH + (found + offset)
		return form.write(found)

	def add_minutes(self, start: datetime, minutes: int, pauses: Sequence[Interval] = ()) -> datetime:
		"""`add_seconds` with minutes * 60 seconds."""
		return self.add_seconds(start, _amount(minutes, "minutes") * 60, pauses)

	def seconds_between(self, start: datetime, end: datetime, pauses: Sequence[Interval] = ()) -> int:
		"""Whole seconds of working time in [start, end) (rounded down); 0 when end <= start."""
		first, first_day = self.form.read(start, "start")
		last, last_day = self.form.read(end, "end")
		if last <= first:
			return 0
		spans = self.form.read_pauses(pauses) if pauses else ()
		total = self.working.measure(first, last, first_day, last_day, spans)
		return total.days * 86_400 + total.seconds

	def minutes_between(self, start: datetime, end: datetime, pauses: Sequence[Interval] = ()) -> int:
		"""Whole minutes of working time in [start, end) (business seconds // 60)."""
		return self.seconds_between(start, end, pauses) // 60

	def next_working_instant(self, at: datetime) -> datetime:
		"""`at` itself when it lies in working time (a window's start counts, its end does not),
		else the start of the next working piece. Raises CalendarError when there is none within
		about ten years."""
		self.form.read(at, "at")  # refused as `at`, not as `start`
		return self.add_seconds(at, 0)


def clock_of(calendar: ServiceCalendar, naive_zone: str | None = None) -> BusinessClock:
	"""The calendar's clock: aware datetimes in and out, or with `naive_zone` (an IANA name) naive
	datetimes as wall times of that zone. Found again cheaply for the same calendar object; equal
	calendars share one compiled form."""
	key = (id(calendar), naive_zone)
	found = _CLOCKS.get(key)
	if found is not None and found.calendar is calendar:
		return found
	clock = BusinessClock(calendar, naive_zone)
	if len(_CLOCKS) >= _CLOCKS_KEPT:
		_CLOCKS.pop(next(iter(_CLOCKS), None), None)
	_CLOCKS[key] = clock  # the clock keeps its calendar alive, so the id is not reused meanwhile
	return clock


_CLOCKS: dict[tuple[int, str | None], BusinessClock] = {}


@functools.lru_cache(maxsize=128)
def _compile(calendar: ServiceCalendar) -> WorkingTime:
	return WorkingTime(calendar)


# ---------------------------------------------------------------------------
# the clock as functions of a calendar (aware datetimes)


def add_business_seconds(
	calendar: ServiceCalendar, start: datetime, seconds: int, pauses: Sequence[Interval] = ()
) -> datetime:
	"""`BusinessClock.add_seconds` on the calendar's clock (aware datetimes)."""
	return clock_of(calendar).add_seconds(start, seconds, pauses)


def add_business_minutes(
	calendar: ServiceCalendar, start: datetime, minutes: int, pauses: Sequence[Interval] = ()
) -> datetime:
	"""`add_business_seconds` with minutes * 60 seconds."""
	return clock_of(calendar).add_minutes(start, minutes, pauses)


def business_seconds_between(
	calendar: ServiceCalendar, start: datetime, end: datetime, pauses: Sequence[Interval] = ()
) -> int:
	"""Whole seconds of working time in [start, end) (rounded down); 0 when end <= start."""
	return clock_of(calendar).seconds_between(start, end, pauses)


def business_minutes_between(
	calendar: ServiceCalendar, start: datetime, end: datetime, pauses: Sequence[Interval] = ()
) -> int:
	"""Whole minutes of working time in [start, end) (business seconds // 60)."""
	return clock_of(calendar).minutes_between(start, end, pauses)


def next_working_instant(calendar: ServiceCalendar, at: datetime) -> datetime:
	"""`BusinessClock.next_working_instant` on the calendar's clock (aware datetimes)."""
	return clock_of(calendar).next_working_instant(at)


# ---------------------------------------------------------------------------
# amounts


def _duration(seconds: int, name: str) -> timedelta:
	"""A non-negative whole number of seconds as a timedelta (refused otherwise), remembered in
	_SECONDS: targets repeat, and making a timedelta is slow."""
	seconds = _amount(seconds, name)
	need = _SECONDS.get(seconds)
	if need is None:
		need = timedelta(seconds=seconds)
		if len(_SECONDS) >= _SECONDS_KEPT:
			_SECONDS.clear()
		_SECONDS[seconds] = need
	return need


_SECONDS: dict[int, timedelta] = {}  # only ever looked up by plain ints
_SECONDS_KEPT = 16_384


def _amount(value: int, name: str) -> int:
	if isinstance(value, bool):
		raise TypeError(f"{name} must be an integer, got {value!r}")
	number = operator.index(value)
	if number < 0:
		raise ValueError(f"{name} must not be negative, got {number}")
	return number
