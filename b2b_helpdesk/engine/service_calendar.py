"""A service calendar: weekly working windows in a time zone, with holidays, and its validation.

Pure rules, no Frappe (standard library only). The ERP side turns a Service Level Policy into a
`ServiceCalendar`; `business_time` counts working time on it.

- A window belongs to the weekday it starts on. `end <= start` means it runs past local
  midnight into the next day; `00:00-00:00` is the whole day (24 wall-clock hours);
  any other `start == end` is an invalid, empty window.
- Every window is cut at local midnight, and each piece belongs to its own local date: on a
  holiday no time counts at all, including the after-midnight tail of a window that started the
  evening before (while the evening part before a holiday still counts).
- Windows are wall-clock times (see `zoned_time` for daylight-saving gaps and folds).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from b2b_helpdesk.engine.zoned_time import DAY_US, SECOND_US, Pieces, lay_out_day, load_zone, merge_spans

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

NO_WINDOWS = "no_windows"
BAD_TIMEZONE = "bad_timezone"
EMPTY_WINDOW = "empty_window"
OVERLAP = "overlap"
NO_WORKING_TIME = "no_working_time"

_WEEK_US = 7 * DAY_US


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
	"""Weekly windows in a timezone, with holidays (local dates on which no time counts).

	Frozen and hashable: the clock compiles each distinct calendar once (see `business_time`)."""

	windows: tuple[Window, ...]
	timezone: str = "UTC"
	holidays: frozenset[date] = frozenset()

	def __post_init__(self) -> None:
		# keep the calendar hashable even when given a list or a set
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
	zone = load_zone(calendar.timezone)
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
	start = window.weekday * DAY_US + _time_us(window.start)
	length = DAY_US if window.is_whole_day else (_time_us(window.end) - _time_us(window.start)) % DAY_US
	return start, start + length


def _has_working_time(
	windows: Sequence[Window], zone, holidays: frozenset[date], first: date, days: int
) -> bool:
	"""Whether any day in [first, first + days) keeps some working time after holidays (and DST gaps)."""
	wall = wall_pieces(windows)
	holiday_ordinals = frozenset(day.toordinal() for day in holidays)
	for ordinal in range(first.toordinal(), first.toordinal() + days):
		pieces = wall[weekday(ordinal)]
		if pieces and ordinal not in holiday_ordinals:
			if zone is None or lay_out_day(zone, pieces, ordinal):
				return True
	return False


# ---------------------------------------------------------------------------
# the week on the wall clock


def wall_pieces(windows: Sequence[Window]) -> tuple[Pieces, ...]:
	"""Per weekday, the merged wall-clock pieces [start_us, end_us) within the day (0 .. 24h):
	an overnight window gives its evening to its own weekday and its morning to the next."""
	per_day: list[list[tuple[int, int]]] = [[] for _ in range(7)]
	for window in windows:
		start, end = _time_us(window.start), _time_us(window.end)
		if window.is_whole_day:
			per_day[window.weekday].append((0, DAY_US))
		elif end > start:
			per_day[window.weekday].append((start, end))
		elif end < start:
			per_day[window.weekday].append((start, DAY_US))
			if end > 0:
				per_day[(window.weekday + 1) % 7].append((0, end))
	return tuple(tuple(merge_spans(pieces)) for pieces in per_day)


def weekday(ordinal: int) -> int:
	"""0 = Monday for a proleptic Gregorian ordinal (ordinal 1, 0001-01-01, was a Monday)."""
	return (ordinal - 1) % 7


def _time_us(moment: time) -> int:
	return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * SECOND_US + moment.microsecond


def _clock(moment: time) -> str:
	text = moment.strftime("%H:%M")
	if moment.second or moment.microsecond:
		text = moment.strftime("%H:%M:%S")
	return text
