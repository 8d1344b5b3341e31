"""When a preventive-maintenance task falls due: its occurrences, and what a slipped visit moves.

Plain Python (no Frappe). A task repeats every period (ERPNext's Asset Maintenance Task
periodicities) from its start date; occurrence 1 is one period after the start, as ERPNext's own
`next_due_date` is. Occurrences are numbered, so a ticket generated for occurrence n stays the
ticket of occurrence n when its date moves.

A visit done late (or early) moves the next ones or not, as the plan says:
- FROM_PLANNED: the calendar is fixed, occurrence n is always start + n periods;
- FROM_COMPLETION: after the last completed occurrence j (done on day c), occurrence n > j is
  c + (n - j) periods; before any completion it is start + n periods.
Months are added from the anchor each time (never step by step), so the 31st stays the 31st
where the month has one.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum


class Periodicity(Enum):
	DAILY = "Daily"
	WEEKLY = "Weekly"
	MONTHLY = "Monthly"
	QUARTERLY = "Quarterly"
	HALF_YEARLY = "Half-yearly"
	YEARLY = "Yearly"
	TWO_YEARLY = "2 Yearly"
	THREE_YEARLY = "3 Yearly"


class SlipRule(Enum):
	FROM_PLANNED = "Planned Date"
	FROM_COMPLETION = "Completion Date"


_DAYS = {Periodicity.DAILY: 1, Periodicity.WEEKLY: 7}
_MONTHS = {
	Periodicity.MONTHLY: 1,
	Periodicity.QUARTERLY: 3,
	Periodicity.HALF_YEARLY: 6,
	Periodicity.YEARLY: 12,
	Periodicity.TWO_YEARLY: 24,
	Periodicity.THREE_YEARLY: 36,
}


@dataclass(frozen=True)
class TaskSchedule:
	start: date
	periodicity: Periodicity
	rule: SlipRule = SlipRule.FROM_PLANNED
	end: date | None = None  # last day an occurrence may fall on (inclusive)


@dataclass(frozen=True)
class Completion:
	index: int  # the occurrence that was done
	day: date  # the day it was done


@dataclass(frozen=True)
class Occurrence:
	index: int
	day: date


def add_periods(anchor: date, periodicity: Periodicity, count: int) -> date:
	if periodicity in _DAYS:
		return anchor + timedelta(days=_DAYS[periodicity] * count)
	months = anchor.month - 1 + _MONTHS[periodicity] * count
	year, month = anchor.year + months // 12, months % 12 + 1
	return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def occurrence_day(schedule: TaskSchedule, index: int, last_done: Completion | None = None) -> date:
	"""The day occurrence `index` (>= 1) falls on, given the last completed occurrence."""
	if schedule.rule is SlipRule.FROM_COMPLETION and last_done is not None and index > last_done.index:
		return add_periods(last_done.day, schedule.periodicity, index - last_done.index)
	return add_periods(schedule.start, schedule.periodicity, index)


def in_force(schedule: TaskSchedule, day: date) -> bool:
	return schedule.end is None or day <= schedule.end


def due_occurrences(
	schedule: TaskSchedule,
	last_generated: int,
	last_done: Completion | None,
	today: date,
	horizon: date,
) -> list[Occurrence]:
	"""The occurrences to generate now: after the last one generated, up to the horizon.

	A task never generated before starts at its first occurrence on or after today (no backlog
	of visits from before the plan existed); after that every occurrence is generated, even one
	whose day has passed while the scheduler was down.
	"""
	found: list[Occurrence] = []
	index = last_generated + 1
	if last_generated == 0:
		index = first_index_from(schedule, today)
	while True:
		day = occurrence_day(schedule, index, last_done)
		if day > horizon or not in_force(schedule, day):
			return found
		found.append(Occurrence(index, day))
		index += 1


def first_index_from(schedule: TaskSchedule, today: date) -> int:
	index = 1
	while add_periods(schedule.start, schedule.periodicity, index) < today:
		index += 1
	return index


def replanned(
	schedule: TaskSchedule, pending: dict[int, date], last_done: Completion | None
) -> dict[int, date]:
	"""Generated occurrences not yet done whose day the rule now moves: {index: new day}."""
	moved = {}
	for index, day in pending.items():
		new_day = occurrence_day(schedule, index, last_done)
		if new_day != day:
			moved[index] = new_day
	return moved
