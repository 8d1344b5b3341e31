"""A calendar's working time laid out in real time, block by block, with running totals: how the
SLA clock (`business_time`) answers in a few look-ups.

Pure rules, no Frappe (standard library only).

The local days are cut into blocks of BLOCK_DAYS days (days since the epoch, from 1970-01-01).
A block holds the working pieces of its days in real time, in order, with the working time done
before each piece, so that

- the working time between two instants is the difference of two running totals, and
- the instant at which an amount of working time is done is a search in the running totals.

A question that runs past a block goes on in the next one; blocks are laid out when first asked
for and kept. Instants are exact timedeltas since the epoch (see `zoned_time`).

Which pieces count (the rules the tests check against a day-by-day walk):

- from a start, the pieces of the start's local day and of later days, from the start on
  (a start read with fold=1 into the evening before still counts from its own date);
- when measuring, the pieces of the start's local day up to the end's local day, within
  [start, end);
- pauses are spans of real time that never count;
- a search forward gives up with `no_working_time` after SEARCH_LIMIT_DAYS days in a row
  without any working time (pauses included), measuring never gives up.
"""

from bisect import bisect_left, bisect_right
from datetime import timedelta
from zoneinfo import ZoneInfo

from b2b_helpdesk.engine.service_calendar import (
	NO_WORKING_TIME,
	OVERLAP,
	CalendarError,
	Problem,
	ServiceCalendar,
	find_problems,
	wall_pieces,
	weekday,
)
from b2b_helpdesk.engine.zoned_time import (
	EPOCH_ORDINAL,
	US,
	Pieces,
	lay_out_day,
	load_zone,
	offset_at,
	wall_to_instant,
	zone_epoch,
)

SEARCH_LIMIT_DAYS = 3660
"""How far (about ten years) a search for working time goes before giving up with `no_working_time`."""

BLOCK_DAYS = 128
_BLOCKS_KEPT = 256  # per calendar: about ninety years
_ZERO = timedelta(0)

Spans = list[tuple[timedelta, timedelta]]
"""Sorted, disjoint spans [start, end) of instants (the pauses)."""


class Block:
	"""The working pieces of the local days first_day .. stop_day - 1 (days since the epoch).

	Piece k runs from starts[k] to ends[k] and belongs to the local day day_of[k]; before[k] is
	the block's working time before it and through[k] that at its end (before[count] is the
	total); shift[k] = starts[k] - before[k] turns an amount done within piece k into its instant.
	first_of_day[d] is the first piece of the block's d-th day or later (first_of_day[-1] = count).
	offset[k] is the zone's UTC offset all through piece k, its end included (a local time in the
	piece is its instant plus offset[k]), or None when the offset changes within the piece. Its two
	ends tell: a piece lies within one local day, and in the IANA data no zone changes its offset
	twice within four days.
	Every piece of a later block starts at or after `stop`, the instant the block's days end.

	Near the end of the datetime range a day cannot be laid out: the block then ends before that
	day (`stop_day`), and `failure` is the error the day gave, to be raised when a question gets
	there.
	"""

	__slots__ = (
		"before",
		"count",
		"day_of",
		"ends",
		"failure",
		"first_day",
		"first_of_day",
		"offset",
		"shift",
		"starts",
		"stop",
		"stop_day",
		"through",
		"total",
	)

	def __init__(self, working: "WorkingTime", number: int) -> None:
		self.first_day, self.stop_day = number * BLOCK_DAYS, (number + 1) * BLOCK_DAYS
		self.starts: list[timedelta] = []
		self.ends: list[timedelta] = []
		self.shift: list[timedelta] = []
		self.day_of: list[int] = []
		self.first_of_day: list[int] = []
		self.offset: list[timedelta | None] = []
		self.before = [_ZERO]
		self.failure: Exception | None = None
		done = 0
		for day in range(self.first_day, self.stop_day):
			try:
				pieces = working.day_pieces(day + EPOCH_ORDINAL) if day + EPOCH_ORDINAL > 0 else ()
			except (OverflowError, ValueError) as error:
				self.failure, self.stop_day = error, day
				break
			self.first_of_day.append(len(self.starts))
			for start, end in pieces:
				self.starts.append(US * start)
				self.ends.append(US * end)
				self.shift.append(US * start - self.before[-1])
				self.day_of.append(day)
				self.offset.append(working.steady_offset(start, end))
				done += end - start
				self.before.append(US * done)
		self.count = len(self.starts)
		self.first_of_day.append(self.count)
		self.through = self.before[1:]
		self.total = self.before[-1]
		self.stop = timedelta.max if self.failure else working.day_start(self.stop_day)

	def first_piece(self, day: int) -> int:
		"""The first piece of the local day `day` or later (0 for a day before the block)."""
		if day <= self.first_day:
			return 0
		if day >= self.stop_day:
			return self.count
		return self.first_of_day[day - self.first_day]

	def done_at(self, moment: timedelta, lo: int, hi: int) -> timedelta:
		"""The block's working time done by `moment`, counting only the pieces lo .. hi - 1 (and
		before[lo] for the ones before them): differences of two such amounts are working time."""
		k = bisect_right(self.ends, moment, lo, hi)
		if k < hi and moment > self.starts[k]:
			return moment - self.shift[k]
		return self.before[k]


class WorkingTime:
	"""A calendar compiled for the clock: its zone, wall pieces per weekday, holidays, and the
	blocks laid out so far. Raises CalendarError for a calendar that cannot be read at all (no
	windows, unknown timezone, empty windows); overlapping windows count as their union."""

	__slots__ = ("_blocks", "epoch", "holidays", "wall", "zone")

	def __init__(self, calendar: ServiceCalendar) -> None:
		problems = [p for p in find_problems(calendar, horizon_days=0) if p.code != OVERLAP]
		if problems:
			raise CalendarError(problems)
		self.zone: ZoneInfo = load_zone(calendar.timezone)
		self.epoch = zone_epoch(self.zone)
		self.wall = wall_pieces(calendar.windows)
		self.holidays = frozenset(day.toordinal() for day in calendar.holidays)
		self._blocks: dict[int, Block] = {}

	def day_pieces(self, ordinal: int) -> Pieces:
		"""The working pieces of the local date with this ordinal, as real-time microseconds."""
		wall = self.wall[weekday(ordinal)]
		if not wall or ordinal in self.holidays:
			return ()
		return lay_out_day(self.zone, wall, ordinal)

	def day_start(self, day: int) -> timedelta:
		"""The instant at which the local day `day` (days since the epoch) begins."""
		try:
			return US * wall_to_instant(self.zone, day + EPOCH_ORDINAL, 0)
		except (OverflowError, ValueError):
			return timedelta.max if day > 0 else timedelta.min

	def steady_offset(self, start: int, end: int) -> timedelta | None:
		"""The zone's UTC offset at the instants `start` and `end` (microseconds) when it is the same."""
		try:
			first = offset_at(self.zone, start)
			return first if offset_at(self.zone, end) == first else None
		except (OverflowError, ValueError):  # at the ends of the datetime range
			return None

	def day_of(self, instant: timedelta) -> int:
		"""The local date of an instant, as days since the epoch."""
		return (self.zone.fromutc(self.epoch + instant) - self.epoch).days

	def block(self, number: int) -> Block:
		found = self._blocks.get(number)
		if found is None:
			found = Block(self, number)
			if len(self._blocks) >= _BLOCKS_KEPT:
				self._blocks.pop(next(iter(self._blocks), None), None)
			self._blocks[number] = found
		return found

	# -----------------------------------------------------------------------
	# the questions

	def add(
		self, instant: timedelta, day: int, need: timedelta, pauses: Spans
	) -> tuple[timedelta, timedelta | None]:
		"""The instant at which `need` of working time is done, counting from `instant` on the pieces
		of the local day `day` and later, outside the pauses; `need` 0 gives the first working instant.
		When the amount runs out exactly at the end of a piece (or where a pause begins), that is the
		answer. With it, the zone's UTC offset there when its piece knows it (else None).
		Raises CalendarError(no_working_time) as the search gives up."""
		idle_since = day  # the last local day that had working time
		number = day // BLOCK_DAYS  # the block to look in
		pause, pause_count, until = 0, len(pauses), None  # the next pause, and where it begins
		while True:
			if until is None and pause < pause_count:  # the next pause: passed, around the instant, or ahead
				pause_start, pause_end = pauses[pause]
				if pause_end <= instant:
					pause += 1
				elif pause_start <= instant:  # go on from its end (no piece of an earlier day ends later)
					instant, pause = pause_end, pause + 1
					number = max(day, self.day_of(instant) - 1) // BLOCK_DAYS
				else:
					until = pause_start
				continue
			block = self._blocks.get(number) or self.block(number)
			lo = block.first_of_day[day - block.first_day] if day > block.first_day else 0
			k = bisect_right(block.ends, instant, lo)  # the first piece that ends after the instant
			done = (
				instant - block.shift[k] if k < block.count and instant > block.starts[k] else block.before[k]
			)
			limit = block.total
			if until is not None and until < block.stop:
				limit = block.done_at(until, lo, block.count)
			if block.stop_day - idle_since > SEARCH_LIMIT_DAYS:  # rare: look closer
				_give_up_if_idle(block, lo, done, limit, idle_since)
			target = done + need
			if need and target <= limit:
				j = bisect_left(block.through, target, k)
				return target + block.shift[j], block.offset[j]
			if limit > done:
				if not need:  # the first working instant
					j = bisect_right(block.through, done, lo)
					return done + block.shift[j], block.offset[j]
				need -= limit - done
				idle_since = block.day_of[bisect_left(block.through, limit, lo)]
			if until is not None and until <= block.stop:  # the pause begins: go on from its end
				instant, until = until, None
			elif block.failure is None:
				number += 1
			else:  # the next day cannot be laid out: give up first when the search has run long
				if block.stop_day - idle_since > SEARCH_LIMIT_DAYS:
					raise CalendarError([Problem(NO_WORKING_TIME)])
				raise block.failure

	def measure(
		self, first: timedelta, last: timedelta, first_day: int, last_day: int, pauses: Spans
	) -> timedelta:
		"""Working time in [first, last) on the pieces of the local days first_day to last_day,
		pauses taken off."""
		total = _ZERO
		for number in range(first_day // BLOCK_DAYS, last_day // BLOCK_DAYS + 1):
			block = self.block(number)
			if block.failure is not None and block.stop_day <= last_day:
				raise block.failure
			lo, hi = block.first_piece(first_day), block.first_piece(last_day + 1)
			if lo >= hi:
				continue
			total += block.done_at(last, lo, hi) - block.done_at(first, lo, hi)
			for pause_start, pause_end in pauses:
				if pause_end <= first:
					continue
				if pause_start >= last:
					break
				paused_from, paused_to = max(pause_start, first), min(pause_end, last)
				total -= block.done_at(paused_to, lo, hi) - block.done_at(paused_from, lo, hi)
		return total


def _give_up_if_idle(block: Block, lo: int, done: timedelta, limit: timedelta, idle_since: int) -> None:
	"""Raise CalendarError(no_working_time) when the next working time lies more than
	SEARCH_LIMIT_DAYS days after `idle_since`: the block's working time from `done` on, or when
	there is none up to `limit`, any later one (on the block's first day at the earliest)."""
	if limit > done:
		next_day = block.day_of[bisect_right(block.through, done, lo)]
	else:
		next_day = block.first_day
	if next_day - idle_since > SEARCH_LIMIT_DAYS:
		raise CalendarError([Problem(NO_WORKING_TIME)])
