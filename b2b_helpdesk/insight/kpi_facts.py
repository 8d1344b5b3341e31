"""The stored facts the KPI scheme is computed from, read set-based (one query each, never per ticket).

Tickets come through `frappe.get_list`, so the reader's permissions (roles, User Permissions, the
app's row rules) decide which tickets count; the other facts are keyed by those tickets' names.
"""

from collections import defaultdict
from datetime import date, timedelta

import frappe
from frappe.utils import add_days, cint, flt, getdate

from b2b_helpdesk.engine.kpi import DONE

OPEN = ("Open", "In Progress", "Waiting for Customer", "Waiting for Third Party")
TICKET_FIELDS = [
	"name",
	"customer",
	"category",
	"status",
	"sla_state",
	"first_response_time",
	"resolution_time",
	"reopen_count",
	"opened_on",
]


def period_filters(filters) -> list:
	conditions = [
		["opened_on", ">=", getdate(filters.from_date)],
		["opened_on", "<", add_days(getdate(filters.to_date), 1)],
	]
	for field in ("customer", "category"):
		if filters.get(field):
			conditions.append([field, "=", filters.get(field)])
	return conditions


def tickets(filters) -> list:
	return frappe.get_list(
		"Service Ticket",
		filters=period_filters(filters),
		fields=TICKET_FIELDS,
		limit_page_length=0,
		order_by=None,
	)


def backlog(filters) -> list:
	"""Tickets still open, opened up to the period's end (in any period)."""
	conditions = [["status", "in", OPEN], ["opened_on", "<", add_days(getdate(filters.to_date), 1)]]
	conditions += [c for c in period_filters(filters)[2:]]
	return frappe.get_list(
		"Service Ticket", filters=conditions, fields=TICKET_FIELDS, limit_page_length=0, order_by=None
	)


def _by_ticket(sql: str, values: dict) -> dict:
	return {row[0]: row[1] for row in frappe.db.sql(sql, values)}


def visits(filters) -> dict[str, int]:
	return _by_ticket(
		"""select v.service_ticket, count(*) from `tabService Visit` v
		join `tabService Ticket` t on t.name = v.service_ticket
		where t.opened_on >= %(start)s and t.opened_on < %(end)s and v.docstatus < 2
		group by v.service_ticket""",
		_range(filters),
	)


def ratings(filters) -> dict[str, int]:
	return _by_ticket(
		"""select r.service_ticket, r.rating from `tabService Ticket Rating` r
		join `tabService Ticket` t on t.name = r.service_ticket
		where t.opened_on >= %(start)s and t.opened_on < %(end)s""",
		_range(filters),
	)


def engineers(names: set[str], since) -> dict[str, list[str]]:
	"""The users each ticket is (or was) assigned to: the ERP's Assign To (ToDo), cancelled ones excluded."""
	rows = frappe.db.sql(
		"""select d.reference_name, d.allocated_to from `tabToDo` d
		join `tabService Ticket` t on t.name = d.reference_name
		where d.reference_type = 'Service Ticket' and d.status != 'Cancelled' and t.opened_on < %(end)s
		and (t.opened_on >= %(start)s or t.status in %(open)s)""",
		{**since, "open": OPEN},
	)
	out: dict[str, list[str]] = defaultdict(list)
	for ticket, user in rows:
		if ticket in names and user not in out[ticket]:
			out[ticket].append(user)
	return out


def teams_of(users: set[str]) -> dict[str, list[str]]:
	"""The ERP's User Groups each user is in (a team)."""
	if not users:
		return {}
	out: dict[str, list[str]] = defaultdict(list)
	for group, user in frappe.db.sql(
		"select parent, user from `tabUser Group Member` where user in %(users)s", {"users": list(users)}
	):
		out[user].append(group)
	return out


def logged_hours(users: set[str], filters) -> dict[str, float]:
	"""Hours on submitted Timesheets of each user's Employee, logged in the period."""
	if not users:
		return {}
	rows = frappe.db.sql(
		"""select e.user_id, sum(d.hours) from `tabTimesheet Detail` d
		join `tabTimesheet` ts on ts.name = d.parent
		join `tabEmployee` e on e.name = ts.employee
		where ts.docstatus = 1 and e.user_id in %(users)s and d.from_time >= %(start)s and d.from_time < %(end)s
		group by e.user_id""",
		{**_range(filters), "users": list(users)},
	)
	return {user: flt(hours) for user, hours in rows}


def working_hours(users: set[str], filters) -> dict[str, float]:
	"""Working days of the user's calendar (the Employee's Holiday List, else the company's) x hours a day."""
	per_day = flt(frappe.db.get_single_value("Service Desk Settings", "kpi_hours_per_day")) or 8.0
	start, end = getdate(filters.from_date), getdate(filters.to_date)
	out = {}
	for user in users:
		employee = frappe.db.get_value(
			"Employee", {"user_id": user}, ["holiday_list", "company"], as_dict=True
		)
		if not employee:
			continue
		holiday_list = employee.holiday_list or frappe.get_cached_value(
			"Company", employee.company, "default_holiday_list"
		)
		out[user] = working_days(start, end, holiday_list) * per_day
	return out


def working_days(start: date, end: date, holiday_list: str | None) -> int:
	days = [start + timedelta(n) for n in range((end - start).days + 1)]
	if not holiday_list:
		return sum(1 for d in days if d.weekday() < 5)
	holidays = set(
		frappe.get_all(
			"Holiday",
			filters={"parent": holiday_list, "holiday_date": ("between", (start, end))},
			pluck="holiday_date",
		)
	)
	return sum(1 for d in days if d not in holidays)


def targets() -> dict[str, float]:
	from b2b_helpdesk.engine.kpi import KPI_LABELS

	by_label = {label: kpi for kpi, label in KPI_LABELS.items()}
	rows = frappe.get_all(
		"Service KPI Target",
		filters={"parent": "Service Desk Settings", "parenttype": "Service Desk Settings"},
		fields=["kpi", "target"],
	)
	return {by_label[r.kpi]: flt(r.target) for r in rows if r.kpi in by_label}


def _range(filters) -> dict:
	return {"start": getdate(filters.from_date), "end": add_days(getdate(filters.to_date), 1)}


__all__ = ["DONE", "cint"]
