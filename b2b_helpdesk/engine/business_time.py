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

Instants are counted internally as integer microseconds since the Unix epoch, so every
result is exact: adding N business seconds and then measuring from the same start gives
back exactly N, and `add(add(t, x), y) == add(t, x + y)` for every y > 0.

Results are aware datetimes in the calendar's zone. Compare them as instants (e.g. after
`.astimezone(timezone.utc)`): Python compares two datetimes of the same zone by wall time,
ignoring `fold`, and `==` across zones is always False for a time in a repeated hour (PEP 495).

Each calendar is compiled once (cached by value; `ServiceCalendar` is frozen and hashable)
and each local day is turned into real-time pieces once per compiled calendar, so a typical
deadline costs a handful of dictionary look-ups plus the datetime conversions at either end.
"""

import functools
import operator
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
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY_CACHE_LIMIT = 4096  # local days kept per compiled calendar (about eleven years)

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

	def __post_init__(self) -> None:
		# keep the calendar hashable (it is the cache key) even when given a list or a set
		if not isinstance(self.windows, tuple):
			object.__setattr__(self, "windows", tuple(self.windows))
		if not isinstance(self.holidays, frozenset):
			object.__setattr__(self, "holidays", frozenset(self.holidays))

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
	compiled = _compile(calendar)
	instant = _micros(at, "at")
	start, _ = next(_walk(compiled, instant, compiled.local_ordinal(at), ()))
	return compiled.to_datetime(start)


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
	compiled = _compile(calendar)
	remaining = _amount(seconds, "seconds") * _SECOND_US
	instant = _micros(start, "start")
	for piece_start, piece_end in _walk(compiled, instant, compiled.local_ordinal(start), _merge(pauses)):
		length = piece_end - piece_start
		if remaining <= length:
			return compiled.to_datetime(piece_start + remaining)
		remaining -= length
	raise AssertionError("unreachable: _walk never ends without raising")  # pragma: no cover


def add_business_minutes(
	calendar: ServiceCalendar, start: datetime, minutes: int, pauses: Sequence[Interval] = ()
) -> datetime:
	"""`add_business_seconds` with minutes * 60 seconds."""
	return add_business_seconds(calendar, start, _amount(minutes, "minutes") * 60, pauses)


def business_seconds_between(
	calendar: ServiceCalendar, start: datetime, end: datetime, pauses: Sequence[Interval] = ()
) -> int:
	"""Whole seconds of working time in [start, end) (rounded down); 0 when end <= start."""
	compiled = _compile(calendar)
	first, last = _micros(start, "start"), _micros(end, "end")
	if last <= first:
		return 0
	total = 0
	walk = _walk(compiled, first, compiled.local_ordinal(start), _merge(pauses), compiled.local_ordinal(end))
	for piece_start, piece_end in walk:
		if piece_start >= last:
			break
		total += min(piece_end, last) - piece_start
	return total // _SECOND_US


def business_minutes_between(
	calendar: ServiceCalendar, start: datetime, end: datetime, pauses: Sequence[Interval] = ()
) -> int:
	"""Whole minutes of working time in [start, end) (business seconds // 60)."""
	return business_seconds_between(calendar, start, end, pauses) // 60


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
	and a cache of each local day's pieces in real time."""

	__slots__ = ("_days", "holidays", "wall", "zone")

	def __init__(self, wall: tuple[Pieces, ...], zone: ZoneInfo, holidays: frozenset[int]) -> None:
		self.wall = wall
		self.zone = zone
		self.holidays = holidays
		self._days: dict[int, Pieces] = {}

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
	naive = datetime.fromordinal(ordinal) + timedelta(microseconds=offset_us)
	wall = (ordinal - _EPOCH_ORDINAL) * _DAY_US + offset_us
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


def _merge(pauses: Sequence[Interval]) -> list[tuple[int, int]]:
	"""Pauses as sorted, disjoint epoch-microsecond spans; empty ones are dropped, inverted ones refused."""
	spans = []
	for pause in pauses:
		start, end = pause
		first, last = _micros(start, "pause start"), _micros(end, "pause end")
		if last < first:
			raise ValueError(f"pause ends before it starts: {start.isoformat()} .. {end.isoformat()}")
		if last > first:
			spans.append((first, last))
	return list(_merge_spans(spans)) if len(spans) > 1 else spans


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
