"""Calendars, datetimes and hypothesis strategies shared by the clock's tests."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from b2b_helpdesk.engine.business_time import ServiceCalendar, Window

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


# 2026-01-16 is a Friday, 2026-01-19 a Monday
FRIDAY = date(2026, 1, 16)
MONDAY = date(2026, 1, 19)

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


def offset_changes(zone: ZoneInfo, year: int) -> list[datetime]:
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
	name: offset_changes(ZoneInfo(name), 2026) or [datetime(2026, 3, 29, 1, tzinfo=UTC)]
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
	st.integers(0, 4 * 365 * 86400),  # across many blocks
)
