"""Time-zone arithmetic for the SLA clock: wall-clock times on local dates as real instants
(daylight-saving gaps and folds), and datetimes as instants and back.

Pure rules, no Frappe (standard library only).

An instant is counted from the Unix epoch, in whole microseconds: as an integer where days are
laid out, and as the equal, exact `timedelta` in the clock's arithmetic (what subtracting two
datetimes gives, with no conversion).

- A wall time inside a spring-forward gap means the instant right after the gap; an ambiguous
  wall time (fall-back) means its first occurrence (fold=0). Every window boundary is read so.
- A datetime given to the clock keeps its own reading: an aware one is the instant it names
  (its `fold` decides in a repeated hour); a naive one, where a clock takes naive datetimes, is
  read as `naive.replace(tzinfo=zone)` would be, without building that aware datetime.
"""

import functools
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

US = timedelta(microseconds=1)
SECOND_US = 1_000_000
DAY_US = 86_400 * SECOND_US
UTC = timezone.utc
UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NAIVE_EPOCH = datetime(1970, 1, 1)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

Pieces = tuple[tuple[int, int], ...]
"""Ordered, disjoint spans [start, end) of microseconds: wall time within a day, or real instants."""


def load_zone(name: str) -> ZoneInfo | None:
	"""The IANA zone of that name; None for anything else (an unknown name, a path, not a string)."""
	if not isinstance(name, str) or not name:
		return None
	try:
		return ZoneInfo(name)
	except (ZoneInfoNotFoundError, ValueError, OSError):
		return None


@functools.lru_cache(maxsize=128)
def zone_epoch(zone: ZoneInfo) -> datetime:
	"""1970-01-01 00:00 on the zone's wall clock: `moment - zone_epoch` is a moment's wall time as a
	timedelta, and `zone.fromutc(zone_epoch + instant)` the local datetime of an instant."""
	return datetime(1970, 1, 1, tzinfo=zone)


# ---------------------------------------------------------------------------
# wall-clock times on local dates


def lay_out_day(zone: ZoneInfo, wall: Pieces, ordinal: int) -> Pieces:
	"""The real instants of a local date's wall-clock pieces (microseconds within the day, 24:00 the
	next midnight): a piece lying wholly inside a spring-forward gap vanishes, touching ones join."""
	laid: list[tuple[int, int]] = []
	for wall_start, wall_end in wall:
		start = wall_to_instant(zone, ordinal, wall_start)
		end = wall_to_instant(zone, ordinal, wall_end)
		if end <= start:
			continue
		if laid and laid[-1][1] >= start:
			laid[-1] = (laid[-1][0], end)
		else:
			laid.append((start, end))
	return tuple(laid)


def wall_to_instant(zone: ZoneInfo, ordinal: int, offset_us: int) -> int:
	"""The real instant (epoch microseconds) of wall-clock time `offset_us` into local date `ordinal`
	(24:00 is the next midnight): in a gap the instant right after it, in a fold the first occurrence.
	"""
	ordinal += offset_us // DAY_US
	offset_us %= DAY_US
	wall = (ordinal - EPOCH_ORDINAL) * DAY_US + offset_us
	try:
		# Read the wall time with fold=0 and go there and back: when that gives the same wall time,
		# it exists (once, or twice and this is its first occurrence) and the reading is the answer.
		# Otherwise it lies in a gap (or near the ends of the datetime range).
		wall_delta = US * wall
		first = zone.utcoffset(NAIVE_EPOCH + wall_delta)
		epoch = zone_epoch(zone)
		if zone.fromutc(epoch + (wall_delta - first)) - epoch == wall_delta:
			return wall - first // US
	except (OverflowError, ValueError):
		pass
	naive = datetime.fromordinal(ordinal) + timedelta(microseconds=offset_us)
	first_offset = naive.replace(tzinfo=zone).utcoffset() // US
	second_offset = naive.replace(tzinfo=zone, fold=1).utcoffset() // US
	if first_offset >= second_offset:  # unambiguous (equal), or ambiguous: fold=0 is the earlier
		return wall - first_offset
	return _gap_end(zone, wall - second_offset, wall - first_offset)


def _gap_end(zone: ZoneInfo, before: int, after: int) -> int:
	"""The first instant in (before, after] whose UTC offset is the one at `after`: the end of a gap."""
	target = offset_at(zone, after)
	while after - before > 1:
		middle = (before + after) // 2
		if offset_at(zone, middle) == target:
			after = middle
		else:
			before = middle
	return after


def offset_at(zone: ZoneInfo, instant: int) -> timedelta:
	"""The zone's UTC offset at an instant (epoch microseconds)."""
	return (UTC_EPOCH + timedelta(microseconds=instant)).astimezone(zone).utcoffset()


# ---------------------------------------------------------------------------
# datetimes as instants and back


class AwareTime:
	"""Aware datetimes in, aware datetimes in the calendar's zone out; naive ones are refused.

	`read` gives an instant and its local day (days since the epoch) in the calendar's zone: the
	datetime's own wall date when it is in that zone (even one read with fold=1 into the evening
	before), else the local date of the instant there.

	The form's own datetimes (here: aware ones in the calendar's zone) are read without any
	conversion: a datetime with tzinfo `own_tzinfo` is `own_epoch` plus its wall time, and
	`own_zone.utcoffset` gives its offset; its wall date is its local day when `own_day`.
	`wall_out` says whether a result is its instant plus the calendar zone's UTC offset there
	(false here: an aware result needs its fold).
	"""

	__slots__ = ("epoch", "own_day", "own_epoch", "own_tzinfo", "own_zone", "wall_out", "zone")

	def __init__(self, zone: ZoneInfo) -> None:
		self.zone = zone
		self.epoch = zone_epoch(zone)
		self.own_tzinfo, self.own_epoch, self.own_zone, self.own_day = zone, self.epoch, zone, True
		self.wall_out = False

	def read(self, moment: datetime, name: str) -> tuple[timedelta, int]:
		if moment.__class__ is datetime and moment.tzinfo is self.own_tzinfo:
			wall = moment - self.own_epoch
			instant = wall - self.own_zone.utcoffset(moment)
			return instant, wall.days if self.own_day else self.day_of(instant)
		return self.read_other(moment, name)

	def read_other(self, moment: datetime, name: str) -> tuple[timedelta, int]:
		"""`read` for any datetime, the slow way; anything else is refused."""
		instant = instant_of(moment, name)
		return instant, moment.astimezone(self.zone).toordinal() - EPOCH_ORDINAL

	def read_pauses(self, pauses: Sequence[tuple[datetime, datetime]]) -> list[tuple[timedelta, timedelta]]:
		"""Pauses as sorted, disjoint spans of instants; empty ones dropped, inverted ones refused."""
		spans = []
		for pause in pauses:
			start, end = pause
			first, _ = self.read(start, "pause start")
			last, _ = self.read(end, "pause end")
			if last < first:
				raise ValueError(f"pause ends before it starts: {start.isoformat()} .. {end.isoformat()}")
			if last > first:
				spans.append((first, last))
		return merge_spans(spans)

	def write(self, instant: timedelta) -> datetime:
		return self.zone.fromutc(self.epoch + instant)

	def day_of(self, instant: timedelta) -> int:
		"""The local date of an instant in the calendar's zone, as days since the epoch."""
		return (self.zone.fromutc(self.epoch + instant) - self.epoch).days


class NaiveTime(AwareTime):
	"""Naive datetimes in and out, as wall times of `wall_zone` (the ERP's system time zone): what
	`AwareTime` gives for `naive.replace(tzinfo=wall_zone)`, and its result `.astimezone(wall_zone)`
	without the tzinfo (and without a fold: a naive datetime compares by its wall time alone).
	Aware datetimes are read as the instants they name."""

	__slots__ = ("wall_epoch", "wall_zone")

	def __init__(self, zone: ZoneInfo, wall_zone: ZoneInfo) -> None:
		super().__init__(zone)
		self.wall_zone = wall_zone
		self.wall_epoch = zone_epoch(wall_zone)
		self.own_tzinfo, self.own_epoch, self.own_zone = None, NAIVE_EPOCH, wall_zone
		self.own_day = self.wall_out = wall_zone is zone

	def read_other(self, moment: datetime, name: str) -> tuple[timedelta, int]:
		if isinstance(moment, datetime) and moment.tzinfo is None:  # a subclass of datetime
			moment = moment.replace(tzinfo=self.wall_zone)
		return super().read_other(moment, name)

	def write(self, instant: timedelta) -> datetime:
		return NAIVE_EPOCH + (self.wall_zone.fromutc(self.wall_epoch + instant) - self.wall_epoch)


def instant_of(moment: datetime, name: str) -> timedelta:
	"""An aware datetime as the exact timedelta since the epoch; anything else is refused."""
	if not isinstance(moment, datetime):
		raise TypeError(f"{name} must be a datetime, got {type(moment).__name__}")
	if moment.tzinfo is None or moment.utcoffset() is None:
		raise ValueError(f"{name} must be timezone-aware, got naive datetime {moment.isoformat()}")
	return US * ((moment - UTC_EPOCH) // US)


def merge_spans(spans: Sequence[tuple]) -> list[tuple]:
	"""Sort spans and join those that overlap or touch."""
	merged: list[tuple] = []
	for start, end in sorted(spans):
		if merged and start <= merged[-1][1]:
			if end > merged[-1][1]:
				merged[-1] = (merged[-1][0], end)
		else:
			merged.append((start, end))
	return merged
