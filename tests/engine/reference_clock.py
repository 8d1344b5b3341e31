"""Two slow reference implementations of the SLA clock, for the tests only.

- `Reference`: working time laid out the slow way, independently of the engine (minute by minute
  through DST gaps, every window on every day);
- the day-by-day walk (`_reference_add`, `_reference_between`, `_reference_next`): the engine as
  it was before it laid working time out in blocks, with `assert_identical` and friends to check
  that the engine gives the very same results and errors.
"""

import functools
import operator
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from b2b_helpdesk.engine.business_time import (
	CalendarError,
	Problem,
	ServiceCalendar,
	add_business_seconds,
	business_seconds_between,
	next_working_instant,
)
from tests.engine.clock_cases import UTC


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


# ---------------------------------------------------------------------------
# the day-by-day walk
#
# The clock answers from blocks of working pieces with running totals (`working_time`). The
# functions below are the walk exactly as the engine had it before (kept here as the executable
# specification): every result of the engine must be the very same datetime (same wall time, fold
# and zone object) or number, or the same error, as theirs.

_REF_US = timedelta(microseconds=1)
_REF_DAY_US = 86_400 * 1_000_000
_REF_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_REF_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class _ReferenceCompiled:
	def __init__(self, calendar: ServiceCalendar) -> None:
		spans = [span for window in calendar.windows for span in _reference_day_spans(window)]
		self.wall = tuple(
			_reference_merge_spans((start, end) for day, start, end in spans if day == weekday)
			for weekday in range(7)
		)
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
		instants = [
			(
				_reference_wall_to_instant(self.zone, ordinal, start),
				_reference_wall_to_instant(self.zone, ordinal, end),
			)
			for start, end in wall
		]
		# a piece wholly inside a spring-forward gap vanishes; pieces that now touch are one
		return _reference_merge_spans((start, end) for start, end in instants if start < end)

	def local_ordinal(self, moment: datetime) -> int:
		return moment.astimezone(self.zone).toordinal()

	def to_datetime(self, instant: int) -> datetime:
		return (_REF_EPOCH + timedelta(microseconds=instant)).astimezone(self.zone)


@functools.lru_cache(maxsize=64)
def _reference_compile(calendar: ServiceCalendar) -> _ReferenceCompiled:
	return _ReferenceCompiled(calendar)


def _reference_day_spans(window) -> Iterator[tuple[int, int, int]]:
	"""(weekday, start, end) in wall microseconds of each day the window covers: an overnight
	window's evening on its own weekday and its morning on the next; 00:00-00:00 the whole day."""
	start, end = _reference_time_us(window.start), _reference_time_us(window.end)
	if window.is_whole_day or end > start:
		yield window.weekday, start, end if end > start else _REF_DAY_US
	elif end < start:
		yield window.weekday, start, _REF_DAY_US
		if end:
			yield (window.weekday + 1) % 7, 0, end


def _reference_time_us(moment: time) -> int:
	return ((moment.hour * 60 + moment.minute) * 60 + moment.second) * 1_000_000 + moment.microsecond


def _reference_merge_spans(spans):
	"""The spans in order, those that overlap or touch joined into one."""
	joined: list[list] = []
	for start, end in sorted(spans):
		if not joined or start > joined[-1][1]:
			joined.append([start, end])
		else:
			joined[-1][1] = max(joined[-1][1], end)
	return tuple(tuple(span) for span in joined)


def _reference_wall_to_instant(zone: ZoneInfo, ordinal: int, offset_us: int) -> int:
	ordinal += offset_us // _REF_DAY_US
	offset_us %= _REF_DAY_US
	naive = datetime.fromordinal(ordinal) + timedelta(microseconds=offset_us)
	wall = (ordinal - _REF_EPOCH_ORDINAL) * _REF_DAY_US + offset_us
	# read with fold=0 and fold=1: the same instant (the wall time exists once) or fold=0 the earlier
	# one (it exists twice: its first occurrence), else the wall time lies in a gap between them
	fold0, fold1 = (wall - naive.replace(tzinfo=zone, fold=fold).utcoffset() // _REF_US for fold in (0, 1))
	if fold0 <= fold1:
		return fold0
	return _reference_gap_end(zone, fold1, fold0)


def _reference_gap_end(zone: ZoneInfo, before: int, after: int) -> int:
	"""The first instant in (before, after] that already has the offset of `after`."""
	if after - before <= 1:
		return after
	middle = (before + after) // 2
	if _reference_offset_at(zone, middle) == _reference_offset_at(zone, after):
		return _reference_gap_end(zone, before, middle)
	return _reference_gap_end(zone, middle, after)


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
	"""No bools, whole numbers only (`operator.index` says why not), none below zero."""
	if type(value) is bool:
		raise TypeError(f"{name} must be an integer, got {value!r}")
	if operator.index(value) >= 0:
		return operator.index(value)
	raise ValueError(f"{name} must not be negative, got {operator.index(value)}")


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
