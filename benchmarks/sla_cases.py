"""The calendars and cases `sla_vs_erpnext.py` compares: five policies (four ERPNext can store),
2,000 random starts over 2026, starts on the edges of the windows, starts in the weeks around the
DST changes, and targets from 15 minutes to five business days."""

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from b2b_helpdesk.engine.business_time import ServiceCalendar, Window

SEED = 2026
RANDOM_CASES = 2000
DST_CASES = 300

OTHER_TIMEZONE = "Asia/Kolkata"
WORKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOLIDAYS = tuple(
	date.fromisoformat(day)
	for day in (
		"2026-01-01 2026-01-19 2026-02-16 2026-05-25 2026-06-19 2026-07-03 2026-09-07 2026-11-26 "
		"2026-11-27 2026-12-25 2026-12-26 2027-01-01"
	).split()
)
EDGE_DATES = (date(2026, 4, 15), date(2026, 5, 22), date(2026, 3, 7), date(2026, 10, 31))


@dataclass(frozen=True)
class Policy:
	key: str
	title: str
	calendar: ServiceCalendar
	erp_rows: tuple[tuple[str, str, str], ...]
	day_seconds: int


@dataclass(frozen=True)
class Case:
	start: datetime  # naive, in the system timezone, as ERPNext stores Issue.creation
	seconds: int


@dataclass
class Outcome:
	case: Case
	erp: datetime | None  # naive, as ERPNext returns it
	ours: datetime  # aware
	category: str | None = None
	naive_agrees: bool = True  # the app's naive clock gives `ours` as a naive system time


@dataclass
class Suite:
	label: str
	policy: Policy
	cases: list[Case]
	edge: list[Case]
	sla: str | None = None
	outcomes: list[Outcome] | None = None
	edge_outcomes: list[Outcome] | None = None


# ---------------------------------------------------------------------------
# policies and cases


def build_policies(system_tz: str) -> list[Policy]:
	holidays = frozenset(HOLIDAYS)
	other_tz = OTHER_TIMEZONE if system_tz != OTHER_TIMEZONE else "Europe/Berlin"
	return [
		weekly_policy("a", "Mon-Fri 09:00-18:00 + holidays", range(5), "09:00", "18:00", system_tz, holidays),
		weekly_policy("b", "Mon-Sat 08:00-20:00 + holidays", range(6), "08:00", "20:00", system_tz, holidays),
		Policy(
			"c",
			"24x7 + holidays (ERPNext: 00:00-23:59:59)",
			ServiceCalendar.always(system_tz, holidays),
			rows(range(7), "00:00:00", "23:59:59"),
			86_400,
		),
		weekly_policy("d", "Mon-Fri 22:00-06:00 overnight", range(5), "22:00", "06:00", system_tz, holidays),
		weekly_policy("e", f"Mon-Fri 09:00-18:00 {other_tz}", range(5), "09:00", "18:00", other_tz, holidays),
	]


def weekly_policy(key, title, days, start, end, tz, holidays) -> Policy:
	first, last = time.fromisoformat(start), time.fromisoformat(end)
	windows = tuple(Window(day, first, last) for day in days)
	length = (datetime.combine(date.min, last) - datetime.combine(date.min, first)).seconds
	return Policy(key, title, ServiceCalendar(windows, tz, holidays), rows(days, start, end), length)


def rows(days: Iterable[int], start: str, end: str) -> tuple[tuple[str, str, str], ...]:
	return tuple((WORKDAYS[day], start, end) for day in days)


def random_starts(rng: random.Random, zone: ZoneInfo, count: int) -> list[datetime]:
	first = datetime(2026, 1, 1, tzinfo=zone).astimezone(timezone.utc)
	span = int((datetime(2027, 1, 1, tzinfo=zone) - datetime(2026, 1, 1, tzinfo=zone)).total_seconds())
	return [naive_local(first + random_offset(rng, span), zone) for _ in range(count)]


def dst_week_starts(rng: random.Random, zone: ZoneInfo, count: int) -> list[datetime]:
	"""Starts in the week around each 2026 DST change of the zone (none when it has no DST)."""
	changes = dst_changes(zone, 2026)
	starts = []
	for index in range(count if changes else 0):
		week_start = datetime.combine(changes[index % len(changes)] - timedelta(days=3), time(0), zone)
		starts.append(naive_local(week_start.astimezone(timezone.utc) + random_offset(rng, 7 * 86_400), zone))
	return starts


def dst_changes(zone: ZoneInfo, year: int) -> list[date]:
	day, changes = date(year, 1, 1), []
	while day.year == year:
		if offset_on(zone, day) != offset_on(zone, day + timedelta(days=1)):
			changes.append(day)
		day += timedelta(days=1)
	return changes


def offset_on(zone: ZoneInfo, day: date) -> timedelta:
	return datetime.combine(day, time(0), zone).utcoffset()


def random_offset(rng: random.Random, span_seconds: int) -> timedelta:
	return timedelta(seconds=rng.randrange(span_seconds), microseconds=rng.randrange(1_000_000))


def naive_local(instant: datetime, zone: ZoneInfo) -> datetime:
	return instant.astimezone(zone).replace(tzinfo=None)


def random_targets(rng: random.Random, count: int) -> list[float]:
	"""Uniform fractions in [0, 1); `target_seconds` turns them into log-uniform targets per calendar."""
	return [rng.random() for _ in range(count)]


def target_seconds(fraction: float, day_seconds: int) -> int:
	"""15 minutes to 5 business days of the calendar, log-uniform, in whole minutes."""
	low, high = math.log(900), math.log(5 * day_seconds)
	return max(900, round(math.exp(low + fraction * (high - low)) / 60) * 60)


def edge_cases(policy: Policy, system_zone: ZoneInfo) -> list[Case]:
	"""Starts on and around the window edges (the policy's own local time) on a few dates."""
	window = policy.calendar.windows[0]
	zone = ZoneInfo(policy.calendar.timezone)
	cases = []
	for day in EDGE_DATES:
		opens = datetime.combine(day, window.start)
		closes = datetime.combine(day + timedelta(days=window.end <= window.start), window.end)
		for wall in edge_walls(opens, closes):
			start = naive_local(wall.replace(tzinfo=zone), system_zone)
			targets = (900, 3600, policy.day_seconds, 5 * policy.day_seconds)
			cases.extend(Case(start, seconds) for seconds in targets)
	return cases


def edge_walls(opens: datetime, closes: datetime) -> list[datetime]:
	micro, second = timedelta(microseconds=1), timedelta(seconds=1)
	return [
		opens - micro,
		opens,
		opens + 0.4 * second,
		opens + second,
		closes - second,
		closes - 0.4 * second,
		closes,
	]


def build_suites(policies: list[Policy], system_zone: ZoneInfo) -> list[Suite]:
	rng = random.Random(SEED)
	starts = random_starts(rng, system_zone, RANDOM_CASES)
	fractions = random_targets(rng, RANDOM_CASES)
	dst_starts = dst_week_starts(rng, system_zone, DST_CASES)  # none when the zone has no DST
	dst_fractions = random_targets(rng, DST_CASES)[: len(dst_starts)]
	suites = [
		Suite(
			f"({p.key})",
			p,
			make_cases(starts, fractions, p.day_seconds),
			edge_cases(p, system_zone),
		)
		for p in policies
	]
	for policy in (p for p in policies if p.key in ("a", "c") and dst_starts):
		cases = make_cases(dst_starts, dst_fractions, policy.day_seconds)
		suites.append(Suite(f"(f) on ({policy.key})", policy, cases, []))
	return suites


def make_cases(starts: list[datetime], fractions: list[float], day_seconds: int) -> list[Case]:
	return [Case(start, target_seconds(f, day_seconds)) for start, f in zip(starts, fractions, strict=True)]


def describe_case(case: Case) -> str:
	return f"start {case.start.isoformat(' ')} (naive system time), target {case.seconds} s"
