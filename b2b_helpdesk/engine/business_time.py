"""The SLA clock: how much business time lies between two instants, and when a given amount runs out.

Pure rules, no Frappe (standard library only). The ERP side turns a Service Level
Agreement into a `ServiceCalendar` and asks for deadlines and elapsed working time.

Working time is the union of the calendar's weekly windows, laid out on concrete local
days in the calendar's timezone, minus holidays, minus pauses:

- A window belongs to the weekday it starts on. `end <= start` means it runs past local
  midnight into the next day; `00:00-00:00` is the whole day (24 wall-clock hours);
  any other `start == end` is an invalid, empty window.
- Every window is cut at local midnight, and each piece belongs to its own local date:
  on a holiday no time counts at all, including the after-midnight tail of a window that
  started the evening before (while the evening part before a holiday still counts).
- Windows are wall-clock times, so on a DST-change day a window lasts the real time that
  elapses between its wall-clock start and end: 00:00-06:00 is 5 real hours on a
  spring-forward day in Europe/Berlin and 7 on the fall-back day. A wall time inside a
  spring-forward gap means the instant right after the gap (a window lying wholly inside
  the gap vanishes); an ambiguous wall time (fall-back) means its first occurrence
  (fold=0). Start and end follow the same rule, so windows that touch on the wall clock
  still touch in real time, and a day's windows never overlap or go backwards.
- Pauses (e.g. "waiting for the customer") are spans of real time that never count.
- A working piece includes its start and excludes its end.

Instants are counted internally in whole microseconds since the Unix epoch (as integers, or
as the equivalent, exact `timedelta`s), so every result is exact: adding N business seconds
and then measuring from the same start gives back exactly N, and `add(add(t, x), y) ==
add(t, x + y)` for every y > 0.

Results are aware datetimes in the calendar's zone. Compare them as instants (e.g. after
`.astimezone(timezone.utc)`): Python compares two datetimes of the same zone by wall time,
ignoring `fold`, and `==` across zones is always False for a time in a repeated hour (PEP 495).

Each calendar is compiled once (cached by value; `ServiceCalendar` is frozen and hashable) and
the calendar object keeps its compiled form. A compiled calendar lays its working pieces out
for a few years around the instants asked about, as a timeline with the working time accumulated
before each piece (see `_fast`): a deadline is a couple of look-ups, elapsed time the difference
of two accumulated amounts. The rules are those of the day-by-day walk (`_walk`), which the
timeline reproduces exactly, and which answers what the timeline does not hold (instants many
years apart, amounts of years).
"""

import functools
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Interval = tuple[datetime, datetime]
"""A span of real time between two aware datetimes, start < end (a pause)."""

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

NO_WINDOWS = "no_windows"
BAD_TIMEZONE = "bad_timezone"
EMPTY_WINDOW = "empty_window"
OVERLAP = "overlap"
NO_WORKING_TIME = "no_working_time"

SEARCH_LIMIT_DAYS = 3660
"""How far (about ten years) a search for working time goes before giving up with `no_working_time`."""

_US = timedelta(microseconds=1)
_SECOND_US = 1_000_000
_DAY_US = 86_400 * _SECOND_US
_WEEK_US = 7 * _DAY_US
_UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_NAIVE_EPOCH = datetime(1970, 1, 1)
_ZONE_EPOCHS: dict[ZoneInfo, datetime] = {}  # 1970-01-01 00:00 on each zone's wall clock
_DAY_CACHE_LIMIT = 4096  # local days kept per compiled calendar (about eleven years)
_SECOND = timedelta(seconds=1)
_CALENDAR_CACHE_LIMIT = 128  # compiled calendars kept by value
_TIMELINE_DAYS = 3000  # most local days a timeline spans: far below SEARCH_LIMIT_DAYS, see _Compiled.grow
_TIMELINE_BEFORE, _TIMELINE_AFTER = 183, 550  # a new timeline's days before and after the first question
_TIMELINE_STEP = 366  # least days a timeline grows by at either end
_TIMELINE_GROWTH = (None, 400, 1500, _TIMELINE_DAYS)  # days to reach past the instant on each try
_AMOUNT_LIMIT = 86_400 * _TIMELINE_DAYS  # larger amounts go straight to the day-by-day walk
_AMOUNT_CACHE_LIMIT = 16_384  # amounts of seconds kept as timedeltas (whole minutes up to 11 days)
_MORE = object()  # "the timeline does not reach far enough": grow it, or walk

# pieces of one local day in real time: ((start_us, end_us), ...), ordered, disjoint
Pieces = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Window:
	"""A weekly stretch of working time, in local wall-clock time.

	`weekday` (0 = Monday ... 6 = Sunday) is the day the window starts on; `end <= start`
	runs past midnight into the next day; `00:00-00:00` is the whole day.
	"""

	weekday: int
	start: time
	end: time

	def __post_init__(self) -> None:
		if isinstance(self.weekday, bool) or not isinstance(self.weekday, int) or not 0 <= self.weekday <= 6:
			raise ValueError(
				f"Window weekday must be an integer 0 (Monday) to 6 (Sunday), got {self.weekday!r}"
			)
		for name in ("start", "end"):
			value = getattr(self, name)
			if not isinstance(value, time) or value.tzinfo is not None:
				raise ValueError(
					f"Window {name} must be a naive datetime.time (local wall clock), got {value!r}"
				)

	@property
	def is_whole_day(self) -> bool:
		return self.start == self.end == time(0)

	@property
	def is_empty(self) -> bool:
		return self.start == self.end and not self.is_whole_day

	@property
	def runs_past_midnight(self) -> bool:
		return self.end <= self.start and not self.is_whole_day

	def describe(self) -> str:
		return f"{WEEKDAY_NAMES[self.weekday]} {_clock(self.start)}-{_clock(self.end)}"


@dataclass(frozen=True)
class ServiceCalendar:
	"""Weekly windows in a timezone, with holidays (local dates on which no time counts)."""

	windows: tuple[Window, ...]
	timezone: str = "UTC"
	holidays: frozenset[date] = frozenset()

	# not a field: the compiled calendar, found by value on first use and then kept here
	_compiled = None

	def __post_init__(self) -> None:
		# keep the calendar hashable (it is the cache key) even when given a list or a set
		if not isinstance(self.windows, tuple):
			object.__setattr__(self, "windows", tuple(self.windows))
		if not isinstance(self.holidays, frozenset):
			object.__setattr__(self, "holidays", frozenset(self.holidays))

	def __getstate__(self) -> dict:
		# pickle the fields only, as before
		state = dict(self.__dict__)
		state.pop("_compiled", None)
		return state

	@classmethod
	def always(cls, timezone: str = "UTC", holidays: frozenset[date] = frozenset()) -> "ServiceCalendar":
		"""Round the clock, every day (24x7), except the holidays."""
		return cls(tuple(Window(day, time(0), time(0)) for day in range(7)), timezone, frozenset(holidays))


@dataclass(frozen=True)
class Problem:
	"""One thing wrong with a calendar: a code from the module constants and the windows concerned."""

	code: str
	windows: tuple[Window, ...] = ()

	def describe(self) -> str:
		names = " and ".join(window.describe() for window in self.windows)
		if self.code == NO_WINDOWS:
			return "the calendar has no working windows"
		if self.code == BAD_TIMEZONE:
			return "the calendar's timezone is not a known IANA timezone"
		if self.code == EMPTY_WINDOW:
			return f"window {names} is empty (start equals end; use 00:00-00:00 for a whole day)"
		if self.code == OVERLAP:
			return f"windows {names} overlap"
		if self.code == NO_WORKING_TIME:
			return "the calendar has no working time (every working day is a holiday)"
		return f"{self.code} {names}".strip()


class CalendarError(ValueError):
	"""A calendar that cannot be used; `problems` lists everything wrong with it."""

	def __init__(self, problems: Sequence[Problem]) -> None:
		self.problems: list[Problem] = list(problems)
		super().__init__("; ".join(problem.describe() for problem in self.problems) or "invalid calendar")

	def __reduce__(self):
		return (type(self), (self.problems,))


# ---------------------------------------------------------------------------
# validation


def find_problems(calendar: ServiceCalendar, horizon_days: int = 366) -> list[Problem]:
	"""Every problem of the calendar, in this order:

	- `no_windows`: the calendar has no windows at all;
	- `bad_timezone`: the timezone is not a known IANA name;
	- `empty_window`: a window with start == end (other than 00:00-00:00, the whole day);
	- `overlap`: two windows share working time, one problem per pair; overnight windows
	  count on the next day too, and Sunday-night windows run into Monday;
	- `no_working_time`: from today (date.today()) for horizon_days days, no day has any
	  working time left once holidays are taken off (e.g. every working day is a holiday).
	  Not reported together with `no_windows`.
	"""
	problems: list[Problem] = []
	if not calendar.windows:
		problems.append(Problem(NO_WINDOWS))
	zone = _load_zone(calendar.timezone)
	if zone is None:
		problems.append(Problem(BAD_TIMEZONE))
	usable = [window for window in calendar.windows if not window.is_empty]
	problems.extend(Problem(EMPTY_WINDOW, (window,)) for window in calendar.windows if window.is_empty)
	problems.extend(_overlaps(usable))
	if calendar.windows and horizon_days > 0:
		if not _has_working_time(usable, zone, calendar.holidays, date.today(), horizon_days):
			problems.append(Problem(NO_WORKING_TIME))
	return problems


def validate_calendar(calendar: ServiceCalendar, horizon_days: int = 366) -> None:
	"""Raise CalendarError listing every problem `find_problems` reports; return None when there is none."""
	problems = find_problems(calendar, horizon_days)
	if problems:
		raise CalendarError(problems)


def _overlaps(windows: Sequence[Window]) -> list[Problem]:
	"""Pairs of windows sharing working time, comparing them as spans on the weekly circle."""
	spans = [_week_span(window) for window in windows]
	found = []
	for i, (start_a, end_a) in enumerate(spans):
		for j in range(i + 1, len(spans)):
			start_b, end_b = spans[j]
			if any(start_a < end_b + shift and start_b + shift < end_a for shift in (-_WEEK_US, 0, _WEEK_US)):
				found.append(Problem(OVERLAP, (windows[i], windows[j])))
	return found


def _week_span(window: Window) -> tuple[int, int]:
	"""The window as [start, end) in wall microseconds from Monday 00:00 (end may pass the week's end)."""
	start = window.weekday * _DAY_US + _time_us(window.start)
	length = _DAY_US if window.is_whole_day else (_time_us(window.end) - _time_us(window.start)) % _DAY_US
	return start, start + length


def _has_working_time(
	windows: Sequence[Window], zone: ZoneInfo | None, holidays: frozenset[date], first: date, days: int
) -> bool:
	"""Whether any day in [first, first + days) keeps some working time after holidays (and DST gaps)."""
	wall = _wall_pieces(windows)
	holiday_ordinals = frozenset(day.toordinal() for day in holidays)
	compiled = _Compiled(wall, zone, holiday_ordinals) if zone is not None else None
	for ordinal in range(first.toordinal(), first.toordinal() + days):
		if compiled is not None:
			if compiled.pieces(ordinal):
				return True
		elif wall[_weekday(ordinal)] and ordinal not in holiday_ordinals:
			return True
	return False


# ---------------------------------------------------------------------------
# the clock


def next_working_instant(calendar: ServiceCalendar, at: datetime) -> datetime:
	"""`at` itself when it lies in working time (a window's start counts, its end does not),
	else the start of the next working piece. Raises CalendarError when there is none within
	about ten years."""
	compiled = calendar._compiled
	if compiled is None:
		compiled = _compiled_for(calendar)
	instant, day = _instant(compiled, at, "at")
	if day is None:
		day = _local_day(compiled, at, instant)
	found = _add_on(compiled.timeline, instant, day, None, ())
	if found is _MORE:
		found = _fast(compiled, instant, instant, _add_on, instant, day, None, ())
	if found is None:
		start, _ = next(_walk(compiled, instant // _US, day + _EPOCH_ORDINAL, ()))
		return compiled.to_datetime(start)
	return compiled.zone.fromutc(compiled.epoch + found)


def add_business_seconds(
	calendar: ServiceCalendar, start: datetime, seconds: int, pauses: Sequence[Interval] = ()
) -> datetime:
	"""The instant at which exactly `seconds` of working time have elapsed since `start`.

	- `seconds == 0` gives the first working instant at or after `start` (outside pauses):
	  a deadline of no business time is "as soon as work can begin".
	- When the amount runs out exactly at the end of a working piece, that end is the
	  answer, not the start of the next piece.
	- `seconds` must be a non-negative integer (ValueError / TypeError otherwise).
	- Raises CalendarError when the search runs about ten years without working time.
	"""
	compiled = calendar._compiled
	if compiled is None:
		compiled = _compiled_for(calendar)
	# the common case inline (`_add_on` does the same, and everything else): a start in the
	# calendar's zone or in UTC, a positive amount, no pauses
	if (
		start.__class__ is datetime
		and seconds.__class__ is int
		and (pauses.__class__ is tuple or pauses.__class__ is list)
		and not pauses
	):
		need = _AMOUNTS.get(seconds)
		if need is None and 0 < seconds <= _AMOUNT_LIMIT:
			need = _need(seconds)
		if need is not None:
			zone, epoch, first, days, index, count, starts, ends, shift, cum, cumend, reach, _ = (
				compiled.timeline
			)
			if start.tzinfo is zone:
				wall = start - epoch
				instant = wall - zone.utcoffset(start)
				day = wall.days - first
			elif start.tzinfo is _UTC:
				instant = start - _EPOCH
				day = (zone.fromutc(epoch + instant) - epoch).days - first
			else:
				return _add(compiled, start, seconds, pauses)
			if 0 <= day < days:
				i = index[day]
				while ends[i] <= instant:
					i += 1
				if i < count:
					target = (instant - shift[i] if instant > starts[i] else cum[i]) + need
					j = reach[target.days]
					while cumend[j] < target:
						j += 1
					if j < count:
						return zone.fromutc(epoch + (target + shift[j]))
	return _add(compiled, start, seconds, pauses)


def _add(compiled: "_Compiled", start: datetime, seconds: int, pauses: Sequence[Interval]) -> datetime:
	"""`add_business_seconds` in general: any zone, any amount, pauses."""
	amount = _amount(seconds, "seconds")
	instant, day = _instant(compiled, start, "start")
	if day is None:
		day = _local_day(compiled, start, instant)
	spans = _merge_pauses(compiled, pauses)
	found = None
	if amount <= _AMOUNT_LIMIT:
		need = _need(amount) if amount else None
		found = _add_on(compiled.timeline, instant, day, need, spans)
		if found is _MORE:
			found = _fast(compiled, instant, instant, _add_on, instant, day, need, spans)
	if found is None:
		remaining = amount * _SECOND_US
		walk = _walk(compiled, instant // _US, day + _EPOCH_ORDINAL, [(a // _US, b // _US) for a, b in spans])
		for piece_start, piece_end in walk:
			length = piece_end - piece_start
			if remaining <= length:
				return compiled.to_datetime(piece_start + remaining)
			remaining -= length
		raise AssertionError("unreachable: _walk never ends without raising")  # pragma: no cover
	return compiled.zone.fromutc(compiled.epoch + found)


def add_business_minutes(
	calendar: ServiceCalendar, start: datetime, minutes: int, pauses: Sequence[Interval] = ()
) -> datetime:
	"""`add_business_seconds` with minutes * 60 seconds."""
	return add_business_seconds(calendar, start, _amount(minutes, "minutes") * 60, pauses)


def business_seconds_between(
	calendar: ServiceCalendar, start: datetime, end: datetime, pauses: Sequence[Interval] = ()
) -> int:
	"""Whole seconds of working time in [start, end) (rounded down); 0 when end <= start."""
	compiled = calendar._compiled
	if compiled is None:
		compiled = _compiled_for(calendar)
	# the common case inline (`_measure_on` does the same, and everything else): both ends in
	# the calendar's zone, no pauses
	zone, epoch, first_day, days, index, _, starts, ends, shift, cum, _, _, _ = compiled.timeline
	if (
		start.__class__ is datetime
		and end.__class__ is datetime
		and start.tzinfo is zone
		and end.tzinfo is zone
		and (pauses.__class__ is tuple or pauses.__class__ is list)
		and not pauses
	):
		wall_start, wall_end = start - epoch, end - epoch
		first, last = wall_start - zone.utcoffset(start), wall_end - zone.utcoffset(end)
		if last <= first:
			return 0
		day, last_day = wall_start.days - first_day, wall_end.days - first_day
		if 0 <= day <= last_day < days:
			i = index[day]
			while ends[i] <= first:
				i += 1
			stop = index[last_day + 1]
			if stop <= i:
				return 0
			k = bisect_right(ends, last, i, stop)
			total = (last - shift[k] if k < stop and last > starts[k] else cum[k]) - (
				first - shift[i] if first > starts[i] else cum[i]
			)
			return total.days * 86_400 + total.seconds
	return _between(compiled, start, end, pauses)


def _between(compiled: "_Compiled", start: datetime, end: datetime, pauses: Sequence[Interval]) -> int:
	"""`business_seconds_between` in general: any zones, pauses."""
	first, first_day = _instant(compiled, start, "start")
	last, last_day = _instant(compiled, end, "end")
	if last <= first:
		return 0
	if first_day is None:
		first_day = _local_day(compiled, start, first)
	spans = _merge_pauses(compiled, pauses)
	if last_day is None:
		last_day = _local_day(compiled, end, last)
	found = _measure_on(compiled.timeline, first, last, first_day, last_day, spans)
	if found is _MORE:
		found = _fast(compiled, first, last, _measure_on, first, last, first_day, last_day, spans)
	if found is None:
		total, last_us = 0, last // _US
		pauses_us = [(a // _US, b // _US) for a, b in spans]
		walk = _walk(compiled, first // _US, first_day + _EPOCH_ORDINAL, pauses_us, last_day + _EPOCH_ORDINAL)
		for piece_start, piece_end in walk:
			if piece_start >= last_us:
				break
			total += min(piece_end, last_us) - piece_start
		return total // _SECOND_US
	return found.days * 86_400 + found.seconds


def business_minutes_between(
	calendar: ServiceCalendar, start: datetime, end: datetime, pauses: Sequence[Interval] = ()
) -> int:
	"""Whole minutes of working time in [start, end) (business seconds // 60)."""
	return business_seconds_between(calendar, start, end, pauses) // 60


# ---------------------------------------------------------------------------
# the timeline: the walk's answers in a few look-ups
#
# A timeline is a tuple (zone, epoch, first, days, index, count, starts, ends, shift, cum,
# cumend, reach, stop) for the local days first .. first + days - 1 (= stop - 1; days since the
# epoch): their working pieces in order, piece k running from starts[k] to ends[k] (instants as
# timedeltas since the epoch, exact and what datetime arithmetic gives without conversions),
# with cum[k] working time before it and cumend[k] at its end, shift[k] = starts[k] - cum[k],
# cum[count] the total, ends[count] and cumend[count] sentinels; index[d] is the first piece of
# local day first + d or later (index[days] = count), reach[n] the first piece with n days of
# working time done by its end.
#
# The walk (`_walk`) looks at the pieces of the start's local date and later days (up to the end's
# local date when measuring), skipping those over before the start. The timeline looks at exactly
# those: the pieces from index[start's day] on (up to index[end's day + 1]). And it spans far
# fewer days than SEARCH_LIMIT_DAYS, so an answer it holds is one the walk finds without giving up.


def _fast(compiled: "_Compiled", first: timedelta, last: timedelta, answer, *args) -> timedelta | None:
	"""`answer(timeline, *args)` about instants from `first` to `last` and beyond, growing the
	timeline while the answer is _MORE; None when the walk has to decide."""
	for extra in _TIMELINE_GROWTH:
		if extra is not None and not compiled.grow(first, last + timedelta(days=extra)):
			continue
		found = answer(compiled.timeline, *args)
		if found is not _MORE:
			return found
	return None


def _add_on(timeline: tuple, instant: timedelta, day: int, need: timedelta | None, pauses: list):
	"""The instant `need` of working time after `instant` (None: the first working instant),
	counting from the local day `day` (days since the epoch) on, skipping pauses."""
	_, _, first, days, index, count, starts, ends, shift, cum, cumend, _, _ = timeline
	day -= first
	if not 0 <= day < days:
		return _MORE
	i = index[day]
	while ends[i] <= instant:
		i += 1
	if i == count:
		return _MORE
	if need is None:
		found = instant if instant > starts[i] else starts[i]
		for pause_start, pause_end in pauses:
			if pause_end <= found:
				continue
			if pause_start > found:
				break
			i = bisect_right(ends, pause_end, i)
			if i == count:
				return _MORE
			found = pause_end if pause_end > starts[i] else starts[i]
		return found
	# `at`: working time up to `instant`; the pauses after `instant` take the working time they
	# cover off `need`, in order, until it runs out before one
	at = instant - shift[i] if instant > starts[i] else cum[i]
	for pause_start, pause_end in pauses:
		if pause_end <= instant:
			continue
		if pause_start > instant:
			k = bisect_right(ends, pause_start, i)
			available = (pause_start - shift[k] if k < count and pause_start > starts[k] else cum[k]) - at
			if available >= need:
				break
			if k == count:  # the pause starts after the timeline's last piece
				return _MORE
			need -= available
		i = bisect_right(ends, pause_end, i)
		if i == count:
			return _MORE
		instant = pause_end
		at = pause_end - shift[i] if pause_end > starts[i] else cum[i]
	target = at + need
	j = bisect_left(cumend, target, i)
	if j == count:
		return _MORE
	return target + shift[j]


def _measure_on(
	timeline: tuple, first: timedelta, last: timedelta, first_day: int, last_day: int, pauses: list
):
	"""Working time in [first, last) (first < last) on the local days first_day to last_day,
	pauses taken off."""
	_, _, start_day, days, index, _, starts, ends, shift, cum, _, _, _ = timeline
	first_day -= start_day
	last_day -= start_day
	if first_day < 0 or last_day >= days:
		return _MORE
	i = index[first_day]
	while ends[i] <= first:
		i += 1
	stop = index[last_day + 1] if last_day >= -1 else 0  # the pieces counted: i .. stop - 1
	if stop <= i:
		return timedelta(0)

	def at(moment: timedelta) -> timedelta:  # working time up to a moment in [first, last]
		k = bisect_right(ends, moment, i, stop)
		return moment - shift[k] if k < stop and moment > starts[k] else cum[k]

	total = at(last) - at(first)
	for pause_start, pause_end in pauses:  # take off the working time each pause covers
		if pause_end <= first:
			continue
		if pause_start >= last:
			break
		total -= at(min(pause_end, last)) - at(max(pause_start, first))
	return total


def _walk(
	compiled: "_Compiled",
	instant: int,
	first_day: int,
	pauses: Sequence[tuple[int, int]],
	last_day: int | None = None,
) -> Iterator[tuple[int, int]]:
	"""Working pieces from `instant` on, in order: clipped to start no earlier than `instant`,
	with the pauses cut out, day by day from the local day `first_day`.

	Stops after `last_day` when given; otherwise raises CalendarError(no_working_time) after
	SEARCH_LIMIT_DAYS days in a row without any working time (pauses included).
	"""
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
		if last_day is None and day - idle_since > SEARCH_LIMIT_DAYS:
			raise CalendarError([Problem(NO_WORKING_TIME)])


# ---------------------------------------------------------------------------
# the compiled calendar


class _Compiled:
	"""A calendar ready for the clock: wall pieces per weekday, holiday ordinals, the zone,
	a cache of each local day's pieces in real time, and the timeline (see `_fast`)."""

	__slots__ = ("_days", "epoch", "holidays", "timeline", "wall", "zone")

	def __init__(self, wall: tuple[Pieces, ...], zone: ZoneInfo, holidays: frozenset[int]) -> None:
		self.wall = wall
		self.zone = zone
		self.holidays = holidays
		self._days: dict[int, Pieces] = {}
		# 1970-01-01 00:00 on the zone's wall clock: `moment - epoch` is a moment's wall time,
		# and zone.fromutc(epoch + instant) the local datetime of an instant
		self.epoch = datetime(1970, 1, 1, tzinfo=zone)
		self.timeline = (
			zone,
			self.epoch,
			0,
			0,
			[0],
			0,
			[],
			[timedelta.max],
			[],
			[timedelta(0)],
			[timedelta.max],
			[],
			0,
		)

	def grow(self, first: timedelta, last: timedelta) -> bool:
		"""Lay the timeline out over the local days around the instants `first` to `last`: the
		present one extended by a year or more at either end, when it stays within
		_TIMELINE_DAYS, else afresh (cut at _TIMELINE_DAYS). False when nothing changes."""
		low = _EPOCH_ORDINAL + first.days - 2  # a local date is within a day of the UTC one
		high = _EPOCH_ORDINAL + last.days + 3
		old_first, old_stop = self.timeline[2] + _EPOCH_ORDINAL, self.timeline[-1] + _EPOCH_ORDINAL
		if old_first <= low and high <= old_stop:
			return False
		try:
			new_first = old_first if low >= old_first else min(low, old_first - _TIMELINE_STEP)
			new_stop = old_stop if high <= old_stop else max(high, old_stop + _TIMELINE_STEP)
			if old_first >= old_stop or new_stop - new_first > _TIMELINE_DAYS:
				new_first, new_stop = low - _TIMELINE_BEFORE, max(high, low + _TIMELINE_AFTER)
			new_stop = min(new_stop, new_first + _TIMELINE_DAYS)
			if (new_first, new_stop) == (old_first, old_stop):
				return False
			self.timeline = self._lay_out_timeline(new_first, new_stop)
		except (OverflowError, ValueError):  # near the ends of the datetime range: walk
			return False
		return True

	def _lay_out_timeline(self, first: int, stop: int) -> tuple:
		"""The timeline (see `_fast`) of the local dates with ordinals first .. stop - 1."""
		starts: list[timedelta] = []
		ends: list[timedelta] = []
		shift: list[timedelta] = []
		cumend: list[timedelta] = []
		cum = [timedelta(0)]
		index = []
		total = 0
		for ordinal in range(first, stop):
			index.append(len(starts))
			for start, end in self.pieces(ordinal):
				piece_start = _US * start
				total += end - start
				starts.append(piece_start)
				ends.append(_US * end)
				shift.append(piece_start - cum[-1])
				cumend.append(_US * total)
				cum.append(cumend[-1])
		count = len(starts)
		index.append(count)
		ends.append(timedelta.max)
		cumend.append(timedelta.max)
		# reach[n]: the first piece by whose end n days of working time are done; padded so that
		# any total plus any amount up to _AMOUNT_LIMIT has an entry
		reach = [bisect_left(cumend, timedelta(days=n)) for n in range(cum[-1].days + 1)]
		reach.extend([count] * (_AMOUNT_LIMIT // 86_400 + 2))
		first_day, stop_day = first - _EPOCH_ORDINAL, stop - _EPOCH_ORDINAL
		return (
			self.zone,
			self.epoch,
			first_day,
			stop - first,
			index,
			count,
			starts,
			ends,
			shift,
			cum,
			cumend,
			reach,
			stop_day,
		)

	def pieces(self, ordinal: int) -> Pieces:
		"""The working pieces of the local date with this ordinal, as real-time microseconds."""
		found = self._days.get(ordinal)
		if found is None:
			found = self._lay_out(ordinal)
			if len(self._days) >= _DAY_CACHE_LIMIT:
				self._days.clear()
			self._days[ordinal] = found
		return found

	def _lay_out(self, ordinal: int) -> Pieces:
		wall = self.wall[_weekday(ordinal)]
		if not wall or ordinal in self.holidays:
			return ()
		laid: list[tuple[int, int]] = []
		for wall_start, wall_end in wall:
			start = _wall_to_instant(self.zone, ordinal, wall_start)
			end = _wall_to_instant(self.zone, ordinal, wall_end)
			if end <= start:
				continue  # wholly inside a spring-forward gap
			if laid and laid[-1][1] >= start:
				laid[-1] = (laid[-1][0], end)
			else:
				laid.append((start, end))
		return tuple(laid)

	def local_ordinal(self, moment: datetime) -> int:
		"""The local date (as an ordinal) of an aware datetime in the calendar's zone."""
		return moment.astimezone(self.zone).toordinal()

	def to_datetime(self, instant: int) -> datetime:
		return (_EPOCH + timedelta(microseconds=instant)).astimezone(self.zone)


_COMPILED: dict[tuple, _Compiled] = {}
_AMOUNTS: dict[int, timedelta] = {}
_WINDOW_FIELDS = operator.attrgetter("__class__", "weekday", "start", "end")


def _compiled_for(calendar: ServiceCalendar) -> _Compiled:
	"""The compiled calendar, found by value and then kept on the calendar object."""
	key = _calendar_key(calendar)
	if key is None:
		return _compile(calendar)
	compiled = _COMPILED.get(key)
	if compiled is None:
		compiled = _compile(calendar)
		if len(_COMPILED) >= _CALENDAR_CACHE_LIMIT:
			_COMPILED.pop(next(iter(_COMPILED), None), None)
		_COMPILED[key] = compiled
	object.__setattr__(calendar, "_compiled", compiled)
	return compiled


def _calendar_key(calendar: ServiceCalendar) -> tuple | None:
	"""All the compiled calendar depends on, as plain hashable values; None for anything unusual
	(which then goes through `_compile` and its cache every time, as before)."""
	try:
		key = (tuple(map(_WINDOW_FIELDS, calendar.windows)), calendar.timezone, calendar.holidays)
		hash(key)
	except Exception:
		return None
	return key


@functools.lru_cache(maxsize=128)
def _compile(calendar: ServiceCalendar) -> _Compiled:
	"""Compile a calendar for the clock; raise CalendarError when it cannot be interpreted at all
	(no windows, unknown timezone, empty windows). Overlapping windows are read as their union
	(`validate_calendar` still reports them)."""
	problems = [p for p in find_problems(calendar, horizon_days=0) if p.code != OVERLAP]
	if problems:
		raise CalendarError(problems)
	zone = _load_zone(calendar.timezone)
	assert zone is not None
	holidays = frozenset(day.toordinal() for day in calendar.holidays)
	return _Compiled(_wall_pieces(calendar.windows), zone, holidays)


def _wall_pieces(windows: Sequence[Window]) -> tuple[Pieces, ...]:
	"""Per weekday, the merged wall-clock pieces [start_us, end_us) within the day (0 .. 24h):
	an overnight window gives its evening to its own weekday and its morning to the next."""
	per_day: list[list[tuple[int, int]]] = [[] for _ in range(7)]
	for window in windows:
		start, end = _time_us(window.start), _time_us(window.end)
		if window.is_whole_day:
			per_day[window.weekday].append((0, _DAY_US))
		elif end > start:
			per_day[window.weekday].append((start, end))
		elif end < start:
			per_day[window.weekday].append((start, _DAY_US))
			if end > 0:
				per_day[(window.weekday + 1) % 7].append((0, end))
	return tuple(_merge_spans(pieces) for pieces in per_day)


def _merge_spans(spans: Sequence[tuple[int, int]]) -> Pieces:
	"""Sort spans and join those that overlap or touch."""
	merged: list[tuple[int, int]] = []
	for start, end in sorted(spans):
		if merged and start <= merged[-1][1]:
			if end > merged[-1][1]:
				merged[-1] = (merged[-1][0], end)
		else:
			merged.append((start, end))
	return tuple(merged)


# ---------------------------------------------------------------------------
# time arithmetic


def _wall_to_instant(zone: ZoneInfo, ordinal: int, offset_us: int) -> int:
	"""The real instant (epoch microseconds) of wall-clock time `offset_us` into local date `ordinal`
	(24:00 is the next midnight).

	Ambiguous wall times (fall-back) take their first occurrence (fold=0); wall times inside a
	spring-forward gap take the instant right after the gap.
	"""
	ordinal += offset_us // _DAY_US
	offset_us %= _DAY_US
	wall = (ordinal - _EPOCH_ORDINAL) * _DAY_US + offset_us
	try:
		# Read the wall time with fold=0 and go there and back: when that gives the same wall
		# time, it exists (once, or twice and this is its first occurrence) and the answer is that
		# reading, exactly as the comparison with fold=1 below finds, only without building
		# aware datetimes. Otherwise it lies in a gap (or at the ends of the datetime range).
		wall_delta = _US * wall
		first_delta = zone.utcoffset(_NAIVE_EPOCH + wall_delta)
		epoch = _ZONE_EPOCHS.get(zone)
		if epoch is None:
			if len(_ZONE_EPOCHS) >= _CALENDAR_CACHE_LIMIT:
				_ZONE_EPOCHS.clear()
			epoch = _ZONE_EPOCHS[zone] = datetime(1970, 1, 1, tzinfo=zone)
		if zone.fromutc(epoch + (wall_delta - first_delta)) - epoch == wall_delta:
			return wall - first_delta // _US
	except (OverflowError, ValueError):
		pass
	naive = datetime.fromordinal(ordinal) + timedelta(microseconds=offset_us)
	first = naive.replace(tzinfo=zone).utcoffset() // _US
	second = naive.replace(tzinfo=zone, fold=1).utcoffset() // _US
	if first >= second:  # unambiguous (equal), or ambiguous: fold=0 is the earlier instant
		return wall - first
	return _transition(zone, wall - second, wall - first)


def _transition(zone: ZoneInfo, before: int, after: int) -> int:
	"""The first instant in (before, after] whose UTC offset is the one at `after`: the end of a gap."""
	target = _offset_at(zone, after)
	while after - before > 1:
		middle = (before + after) // 2
		if _offset_at(zone, middle) == target:
			after = middle
		else:
			before = middle
	return after


def _offset_at(zone: ZoneInfo, instant: int) -> timedelta:
	return (_EPOCH + timedelta(microseconds=instant)).astimezone(zone).utcoffset()


def _micros(moment: datetime, name: str) -> int:
	"""An aware datetime as integer microseconds since the epoch; naive ones are refused."""
	if not isinstance(moment, datetime):
		raise TypeError(f"{name} must be a datetime, got {type(moment).__name__}")
	if moment.tzinfo is None or moment.utcoffset() is None:
		raise ValueError(f"{name} must be timezone-aware, got naive datetime {moment.isoformat()}")
	return (moment - _EPOCH) // _US


def _instant(compiled: _Compiled, moment: datetime, name: str) -> tuple[timedelta, int | None]:
	"""An aware datetime as the exact timedelta since the epoch (as `_micros`, naive ones are
	refused), with its local date as days since the epoch when that comes for free (a datetime
	in the calendar's zone: its own wall date, as `local_ordinal` reads it), else None."""
	if moment.__class__ is datetime:
		zone = moment.tzinfo
		if zone is compiled.zone:
			wall = moment - compiled.epoch
			return wall - zone.utcoffset(moment), wall.days
		if zone is _UTC:
			return moment - _EPOCH, None
		if zone is not None:
			try:
				return moment - _EPOCH, None
			except TypeError:  # no UTC offset: _micros says why
				pass
	return _US * _micros(moment, name), None


def _local_day(compiled: _Compiled, moment: datetime, instant: timedelta) -> int:
	"""`compiled.local_ordinal(moment)` as days since the epoch, for a moment `_instant` gave no day."""
	if moment.__class__ is datetime:  # in another zone: astimezone is fromutc of the instant
		return (compiled.zone.fromutc(compiled.epoch + instant) - compiled.epoch).days
	return compiled.local_ordinal(moment) - _EPOCH_ORDINAL


def _merge_pauses(compiled: _Compiled, pauses: Sequence[Interval]) -> list[tuple[timedelta, timedelta]]:
	"""Pauses as sorted, disjoint spans of instants; empty ones are dropped, inverted ones refused."""
	spans = []
	zone, epoch = compiled.zone, compiled.epoch
	for pause in pauses:
		start, end = pause
		# `_instant` inline for the usual datetimes
		if start.__class__ is datetime and start.tzinfo is zone:
			first = start - epoch - zone.utcoffset(start)
		elif start.__class__ is datetime and start.tzinfo is _UTC:
			first = start - _EPOCH
		else:
			first, _ = _instant(compiled, start, "pause start")
		if end.__class__ is datetime and end.tzinfo is zone:
			last = end - epoch - zone.utcoffset(end)
		elif end.__class__ is datetime and end.tzinfo is _UTC:
			last = end - _EPOCH
		else:
			last, _ = _instant(compiled, end, "pause end")
		if last < first:
			raise ValueError(f"pause ends before it starts: {start.isoformat()} .. {end.isoformat()}")
		if last > first:
			spans.append((first, last))
	if len(spans) > 1:
		spans.sort()
		merged = [spans[0]]
		for first, last in spans:
			if first <= merged[-1][1]:
				if last > merged[-1][1]:
					merged[-1] = (merged[-1][0], last)
			else:
				merged.append((first, last))
		return merged
	return spans


def _need(amount: int) -> timedelta:
	"""`amount` seconds as a timedelta, remembered: targets repeat, and making one is slow."""
	need = _AMOUNTS.get(amount)
	if need is None:
		need = _SECOND * amount
		if len(_AMOUNTS) >= _AMOUNT_CACHE_LIMIT:
			_AMOUNTS.clear()
		_AMOUNTS[amount] = need
	return need


def _amount(value: int, name: str) -> int:
	if isinstance(value, bool):
		raise TypeError(f"{name} must be an integer, got {value!r}")
	number = operator.index(value)
	if number < 0:
		raise ValueError(f"{name} must not be negative, got {number}")
	return number


def _time_us(moment: time) -> int:
	return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * _SECOND_US + moment.microsecond


def _weekday(ordinal: int) -> int:
	"""0 = Monday for a proleptic Gregorian ordinal (ordinal 1, 0001-01-01, was a Monday)."""
	return (ordinal - 1) % 7


def _load_zone(name: str) -> ZoneInfo | None:
	if not isinstance(name, str) or not name:
		return None
	try:
		return ZoneInfo(name)
	except (ZoneInfoNotFoundError, ValueError, OSError):
		return None


def _clock(moment: time) -> str:
	text = moment.strftime("%H:%M")
	if moment.second or moment.microsecond:
		text = moment.strftime("%H:%M:%S")
	return text
