"""Read a Service Level Policy from the ERP as the engine's calendar and targets.

Datetimes: Frappe stores naive datetimes in the system time zone. `system_clock`
gives a calendar's clock that takes and gives exactly those (no conversion per
call); the engine's SLA (`engine.sla`) works with aware ones, and `to_aware` /
`to_naive` convert at this boundary only.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import get_datetime, get_system_timezone, getdate

from b2b_helpdesk.engine.business_time import BusinessClock, ServiceCalendar, Window, clock_of
from b2b_helpdesk.engine.sla import TargetRow, Targets, pick_target

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def to_aware(value) -> datetime | None:
	if not value:
		return None
	return get_datetime(value).replace(tzinfo=ZoneInfo(get_system_timezone()))


def to_naive(value: datetime | None) -> datetime | None:
	if value is None:
		return None
	return value.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)


def system_clock(calendar: ServiceCalendar) -> BusinessClock:
	"""The calendar's clock for the ERP's own datetimes: naive wall times in the system time zone,
	in and out (what `to_aware` in and `to_naive` out of the aware clock give, at a fraction of the cost)."""
	return clock_of(calendar, get_system_timezone())


def as_time(value) -> time:
	"""Frappe hands Time fields back as timedelta (from the database) or 'HH:MM:SS' strings."""
	if isinstance(value, timedelta):
		seconds = int(value.total_seconds())
		return time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
	if isinstance(value, time):
		return value
	parts = [int(float(p)) for p in str(value).split(":")] + [0, 0]
	return time(parts[0] % 24, parts[1], parts[2])


def calendar_of(policy) -> ServiceCalendar:
	holidays = frozenset(_holidays(policy.holiday_list)) if policy.holiday_list else frozenset()
	if policy.always_on:
		return ServiceCalendar.always(policy.timezone, holidays)
	return ServiceCalendar(
		windows=tuple(window_of(row) for row in policy.working_hours),
		timezone=policy.timezone,
		holidays=holidays,
	)


def window_of(row) -> Window:
	return Window(WEEKDAYS.index(row.weekday), as_time(row.start_time), as_time(row.end_time))


def _holidays(holiday_list: str) -> list:
	return [
		getdate(day)
		for day in frappe.get_all(
			"Holiday", filters={"parent": holiday_list, "parenttype": "Holiday List"}, pluck="holiday_date"
		)
	]


def target_rows(policy) -> list[TargetRow]:
	return [
		TargetRow(
			priority=row.priority,
			category=row.category or None,
			first_response=int(row.first_response_time) if row.first_response_time else None,
			resolution=int(row.resolution_time) if row.resolution_time else None,
			handling_path=row.handling_path or None,
		)
		for row in policy.targets
	]


def targets_for(policy, priority: str, category: str | None) -> tuple[Targets | None, TargetRow | None]:
	row = pick_target(target_rows(policy), priority, category_lineage(category))
	if row is None:
		return None, None
	targets = Targets(
		first_response=row.first_response,
		resolution=row.resolution,
		at_risk_share=(policy.at_risk_percent or 75) / 100,
		stage_limits=tuple((limit.status, int(limit.max_time)) for limit in policy.stage_limits),
	)
	return targets, row


def category_lineage(category: str | None) -> list[str]:
	"""The category and its ancestors, nearest first (the ERP's nested set)."""
	if not category:
		return []
	lft, rgt = frappe.db.get_value("Service Ticket Category", category, ["lft", "rgt"]) or (None, None)
	if lft is None:
		return [category]
	return frappe.get_all(
		"Service Ticket Category",
		filters={"lft": ("<=", lft), "rgt": (">=", rgt)},
		order_by="lft desc",
		pluck="name",
	)


def pause_statuses(policy) -> frozenset[str]:
	statuses = set()
	if policy.pause_on_waiting_for_customer:
		statuses.add("Waiting for Customer")
	if policy.pause_on_waiting_for_third_party:
		statuses.add("Waiting for Third Party")
	return frozenset(statuses)


def policy_name_for(contract: str | None) -> str | None:
	"""The contract's policy, else the default in Service Desk Settings; only enabled ones."""
	name = frappe.db.get_value("Contract", contract, "b2b_service_level_policy") if contract else None
	name = name or frappe.db.get_single_value("Service Desk Settings", "default_service_level_policy")
	if name and frappe.db.get_value("Service Level Policy", name, "enabled"):
		return name
	return None
