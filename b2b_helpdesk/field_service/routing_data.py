"""The routing engine's input read from the ERP, set-based: engineers with their load, and jobs.

An engineer is a *Service Engineer* (1:1 with the ERP's Employee, whose User ID takes the
assignments): skills (ticket categories and equipment models = Item), a home territory and a
travel zone (the ERP's Territory tree), the client tiers his team serves and his working calendar
(a Service Level Policy's service calendar, with the Employee's Holiday List as his days off).

His **load** is his open assigned work in business hours of his own calendar: every planned visit
not yet made counts its planned length in working time; every other open ticket assigned to him
(a ToDo) counts `routing_job_hours` of Service Desk Settings.

A **job** is read from the ticket: its category and the categories above it, its equipment model,
the territory of its service location and the territories above it (for travel zones), the
client's tier, and urgency (an SLA At Risk or Breached, or priority Urgent).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import frappe
from frappe.utils import flt, get_system_timezone, now_datetime

from b2b_helpdesk.engine.business_time import ServiceCalendar
from b2b_helpdesk.engine.routing import Engineer, Job, Urgency
from b2b_helpdesk.service_contracts.service_level import _holidays, calendar_of, system_clock

OPEN_WORK_EXCLUDES = ("Resolved", "Closed")
URGENT_SLA_STATES = ("At Risk", "Breached")
DEFAULT_JOB_HOURS = 2
HOURS = Decimal("0.01")


@dataclass(frozen=True)
class EngineerRow:
	"""A Service Engineer as the board and the words need him (the engine needs only `engine`)."""

	name: str  # the Service Engineer = the Employee
	user: str
	employee_name: str
	engine: Engineer


# --- trees (small tables, read once per call) ----------------------------------------------------


class Tree:
	"""A nested-set tree (Territory, Service Ticket Category) held in memory."""

	def __init__(self, doctype: str) -> None:
		self.bounds = {
			row.name: (row.lft, row.rgt)
			for row in frappe.get_all(doctype, fields=["name", "lft", "rgt"], order_by="lft")
		}

	def below(self, name: str | None) -> frozenset[str]:
		"""`name` and everything under it."""
		if not name or name not in self.bounds:
			return frozenset({name} if name else ())
		lft, rgt = self.bounds[name]
		return frozenset(n for n, (l2, r2) in self.bounds.items() if l2 >= lft and r2 <= rgt)

	def lineage(self, name: str | None) -> tuple[str, ...]:
		"""`name` and everything above it, nearest first."""
		if not name:
			return ()
		if name not in self.bounds:
			return (name,)
		lft, rgt = self.bounds[name]
		above = [(l2, n) for n, (l2, r2) in self.bounds.items() if l2 <= lft and r2 >= rgt]
		return tuple(n for _l, n in sorted(above, reverse=True))


# --- engineers -----------------------------------------------------------------------------------


def load_engineers(now: datetime | None = None, names: list[str] | None = None) -> list[EngineerRow]:
	"""Every active Service Engineer with a user (or the ones named), with his load and duty now."""
	now = now or now_datetime()
	filters = {"active": 1, "user": ("is", "set")}
	if names is not None:
		filters["name"] = ("in", names or [""])
	rows = frappe.get_all(
		"Service Engineer",
		filters=filters,
		fields=[
			"name",
			"user",
			"employee_name",
			"territory",
			"travel_zone",
			"working_calendar",
			"holiday_list",
		],
		order_by="name",
	)
	if not rows:
		return []
	names = [row.name for row in rows]
	skills = _children("Service Engineer Skill", names, ["category", "item"])
	tiers = _children("Service Engineer Tier", names, ["tier"])
	territories = Tree("Territory")
	calendars = Calendars()
	loads = open_load(
		{row.name: row.user for row in rows}, {row.name: calendars.of(row) for row in rows}, now
	)
	result = []
	for row in rows:
		calendar = calendars.of(row)
		engine = Engineer(
			user=row.user,
			categories=frozenset(s.category for s in skills[row.name] if s.category),
			models=frozenset(s.item for s in skills[row.name] if s.item),
			territories=territories.below(row.territory) if row.territory else frozenset(),
			zone=row.travel_zone or None,
			tiers=frozenset(t.tier for t in tiers[row.name]),
			load_hours=loads.get(row.name, Decimal(0)),
			on_duty=system_clock(calendar).next_working_instant(now) == now,
		)
		result.append(EngineerRow(row.name, row.user, row.employee_name or row.name, engine))
	return result


def _children(doctype: str, parents: list[str], fields: list[str]) -> dict[str, list]:
	grouped = defaultdict(list)
	for row in frappe.get_all(
		doctype,
		filters={"parenttype": "Service Engineer", "parent": ("in", parents)},
		fields=["parent", *fields],
		order_by="idx",
	):
		grouped[row.parent].append(row)
	return grouped


class Calendars:
	"""Working calendars by (policy, holiday list), each read once."""

	def __init__(self) -> None:
		self.default_policy = frappe.db.get_single_value(
			"Service Desk Settings", "default_service_level_policy"
		)
		self.cache: dict[tuple, ServiceCalendar] = {}

	def of(self, row) -> ServiceCalendar:
		key = (row.working_calendar or self.default_policy, row.holiday_list)
		if key not in self.cache:
			self.cache[key] = self._read(*key)
		return self.cache[key]

	def _read(self, policy_name: str | None, holiday_list: str | None) -> ServiceCalendar:
		own_days_off = frozenset(_holidays(holiday_list)) if holiday_list else None
		if not policy_name or not frappe.db.exists("Service Level Policy", policy_name):
			return ServiceCalendar.always(get_system_timezone(), own_days_off or frozenset())
		calendar = calendar_of(frappe.get_cached_doc("Service Level Policy", policy_name))
		if own_days_off is None:
			return calendar
		return ServiceCalendar(calendar.windows, calendar.timezone, own_days_off)


def open_load(
	users: dict[str, str], calendars: dict[str, ServiceCalendar], now: datetime
) -> dict[str, Decimal]:
	"""Open assigned work per engineer in business hours of his calendar (one query each for
	assignments and planned visits, over all engineers)."""
	job_hours = (
		flt(frappe.db.get_single_value("Service Desk Settings", "routing_job_hours")) or DEFAULT_JOB_HOURS
	)
	by_user = {user: name for name, user in users.items()}
	assigned = frappe.db.sql(
		"""
		select td.allocated_to as user, td.reference_name as ticket
		from `tabToDo` td
		join `tabService Ticket` st on st.name = td.reference_name
		where td.reference_type = 'Service Ticket' and td.status = 'Open'
			and st.status not in %(done)s and td.allocated_to in %(users)s
		""",
		{"done": OPEN_WORK_EXCLUDES, "users": tuple(by_user)},
		as_dict=True,
	)
	planned = frappe.db.sql(
		"""
		select sv.engineer, sv.service_ticket as ticket, sv.planned_start, sv.planned_end
		from `tabService Visit` sv
		join `tabService Ticket` st on st.name = sv.service_ticket
		where sv.engineer in %(engineers)s and sv.departed_on is null and sv.planned_start is not null
			and coalesce(sv.planned_end, sv.planned_start) >= %(now)s and st.status not in %(done)s
		""",
		{"engineers": tuple(users), "now": now, "done": OPEN_WORK_EXCLUDES},
		as_dict=True,
	)
	seconds: dict[str, int] = defaultdict(int)
	visited = set()
	for visit in planned:
		end = visit.planned_end or visit.planned_start + timedelta(hours=job_hours)
		clock = system_clock(calendars[visit.engineer])
		seconds[visit.engineer] += clock.seconds_between(max(visit.planned_start, now), end)
		visited.add((visit.engineer, visit.ticket))
	for row in assigned:
		name = by_user.get(row.user)
		if name and (name, row.ticket) not in visited:
			seconds[name] += int(job_hours * 3600)
	return {name: (Decimal(total) / 3600).quantize(HOURS) for name, total in seconds.items()}


# --- jobs ----------------------------------------------------------------------------------------


def jobs_of(tickets: list[str]) -> dict[str, Job]:
	"""The routing job of each ticket (one query for all of them)."""
	if not tickets:
		return {}
	rows = frappe.db.sql(
		"""
		select st.name, st.category, coalesce(st.item_code, eq.item_code) as item_code, st.service_tier,
			st.sla_state, st.priority, ad.b2b_territory as territory
		from `tabService Ticket` st
		left join `tabAddress` ad on ad.name = st.service_location
		left join `tabAsset` eq on eq.name = st.asset
		where st.name in %(tickets)s
		""",
		{"tickets": tuple(tickets)},
		as_dict=True,
	)
	categories, territories = Tree("Service Ticket Category"), Tree("Territory")
	return {row.name: job_of_row(row, categories, territories) for row in rows}


def job_of_row(row, categories: Tree, territories: Tree) -> Job:
	urgent = row.sla_state in URGENT_SLA_STATES or row.priority == "Urgent"
	return Job(
		categories=categories.lineage(row.category),
		model=row.item_code or None,
		territory=row.territory or None,
		zones=territories.lineage(row.territory),
		tier=row.service_tier or None,
		urgency=Urgency.URGENT if urgent else Urgency.NORMAL,
	)
