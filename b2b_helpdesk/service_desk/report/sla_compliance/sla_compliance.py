# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""SLA compliance per contract, customer, location, category or priority over a period (R28, R30).

Counts the tickets opened in the period. Met % is over the tickets whose SLA is
decided (Met or Breached); tickets without SLA are counted but not rated.
Response and resolution medians are business hours (the policy's calendar,
pauses excluded, as stored on each ticket); time in stage is wall-clock hours
per ticket, averaged.
"""

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery
from frappe.utils import add_days, flt, getdate, now_datetime

from b2b_helpdesk.service_contracts.service_level import calendar_of, system_clock
from b2b_helpdesk.service_desk.report_filters import check_period_and_group

GROUPS = {
	"Contract": ("contract", "Link", "Contract"),
	"Customer": ("customer", "Link", "Customer"),
	"Service Location": ("service_location", "Link", "Address"),
	"Category": ("category", "Link", "Service Ticket Category"),
	"Priority": ("priority", "Data", None),
}
DONE = ("Resolved", "Closed")
STAGES = ("Open", "In Progress", "Waiting for Customer", "Waiting for Third Party")
THIRD_PARTY = "Waiting for Third Party"
T = "`tabService Ticket`"


@frappe.read_only()
def execute(filters=None):
	"""Read-only: Frappe runs it on the read replica when the site has one (`read_from_replica`)."""
	filters = frappe._dict(filters or {})
	validate(filters)
	data = summarise(ticket_conditions(filters), GROUPS[filters.group_by][0])
	return columns(filters), data, None, chart(data)


def validate(filters) -> None:
	check_period_and_group(filters, GROUPS, "Customer")


def ticket_conditions(filters) -> str:
	"""The tickets opened in the period that the user may read: the filters, then the user's row
	rules and User Permissions as Frappe's list would apply them (one SQL condition)."""
	frappe.has_permission("Service Ticket", "read", throw=True)

	def esc(value) -> str:
		return frappe.db.escape(str(value), percent=False)

	conditions = [
		f"{T}.`opened_on` >= {esc(getdate(filters.from_date))}",
		f"{T}.`opened_on` < {esc(add_days(getdate(filters.to_date), 1))}",
	]
	for field in ("customer", "contract", "priority", "service_location"):
		if filters.get(field):
			conditions.append(f"{T}.`{field}` = {esc(filters.get(field))}")
	if match := DatabaseQuery("Service Ticket").build_match_conditions(as_condition=True):
		conditions.append(f"({match})")
	return " and ".join(conditions)


def summarise(where: str, field: str) -> list[dict]:
	"""One GROUP BY for the counts, one ordered pass for the medians, one GROUP BY of the status
	periods for the stage hours, and the third-party waits on their own calendar."""
	medians = medians_by_group(where, field)
	stages = stage_seconds(where, field)
	waits = third_party_seconds(where, field)
	return [
		row_for(key, counts, medians, stages.get(key, {}), waits.get(key, 0))
		for key, counts in sorted(group_counts(where, field).items())
	]


def group_counts(where: str, field: str) -> dict[str, frappe._dict]:
	rows = frappe.db.sql(
		f"""
		select ifnull({T}.`{field}`, '') as grp, count(*) as tickets,
			sum({T}.`status` not in {DONE}) as still_open,
			sum(ifnull({T}.`sla_state`, '') = 'Met') as met,
			sum(ifnull({T}.`sla_state`, '') = 'Breached') as breached,
			sum(ifnull({T}.`sla_state`, '') in ('', 'No SLA')) as no_sla
		from {T} where {where} group by grp
		""",
		as_dict=True,
	)
	return {row.grp: row for row in rows}


def medians_by_group(where: str, field: str) -> dict[tuple[str, str], float]:
	"""The median first response and resolution per group, in hours, from the values read in order."""
	medians = {}
	for column in ("first_response_time", "resolution_time"):
		values = frappe.db.sql(
			f"""
			select ifnull({T}.`{field}`, ''), {T}.`{column}` from {T}
			where {where} and {T}.`{column}` is not null
			order by 1, 2
			""",
		)
		for key, ordered in runs_of(values):
			medians[key, column] = median_of_sorted(ordered)
	return medians


def runs_of(rows) -> list[tuple[str, list]]:
	"""(key, values) pairs of rows already ordered by key; the keys compared as Python strings."""
	runs: dict[str, list] = {}
	for key, value in rows:
		runs.setdefault(key, []).append(value)
	return list(runs.items())


def median_of_sorted(values: list) -> float:
	"""`statistics.median` of the values in hours, for values already sorted."""
	middle = len(values) // 2
	if len(values) % 2:
		return values[middle] / 3600
	return (values[middle - 1] / 3600 + values[middle] / 3600) / 2


def stage_seconds(where: str, field: str) -> dict[str, dict[str, float]]:
	"""Wall-clock seconds the group's tickets spent in each status, from their status periods."""
	rows = frappe.db.sql(
		f"""
		select ifnull({T}.`{field}`, ''), p.`status`,
			sum(timestampdiff(second, p.`started_on`, coalesce(p.`ended_on`, {now()})))
		from `tabService Ticket Status Period` p join {T} on {T}.`name` = p.`parent`
		where p.`parenttype` = 'Service Ticket' and {where}
		group by 1, 2
		""",
	)
	seconds: dict[str, dict[str, float]] = {}
	for key, status, total in rows:
		seconds.setdefault(key, {})[status] = flt(total)
	return seconds


def third_party_seconds(where: str, field: str) -> dict[str, int]:
	"""Business seconds the group's tickets waited for a third party, on each ticket's SLA calendar
	(a ticket without a policy has no business hours to count)."""
	rows = frappe.db.sql(
		f"""
		select ifnull({T}.`{field}`, ''), {T}.`service_level_policy`, p.`started_on`, p.`ended_on`
		from `tabService Ticket Status Period` p join {T} on {T}.`name` = p.`parent`
		where p.`parenttype` = 'Service Ticket' and p.`status` = '{THIRD_PARTY}'
			and ifnull({T}.`service_level_policy`, '') != '' and {where}
		""",
	)
	clocks, seconds, until = {}, {}, now_datetime()
	for key, policy, started_on, ended_on in rows:
		if policy not in clocks:
			clocks[policy] = system_clock(calendar_of(frappe.get_cached_doc("Service Level Policy", policy)))
		seconds[key] = seconds.get(key, 0) + clocks[policy].seconds_between(started_on, ended_on or until)
	return seconds


def now() -> str:
	"""The current instant as an SQL literal (the queries take no parameters: the row rules may hold a `%`)."""
	return frappe.db.escape(str(now_datetime()), percent=False)


def row_for(key: str, counts, medians, stages: dict[str, float], third_party: int) -> dict:
	met, breached, tickets = int(counts.met), int(counts.breached), int(counts.tickets)
	response = medians.get((key, "first_response_time"))
	resolution = medians.get((key, "resolution_time"))
	row = {
		"group": key or _("(not set)"),
		"tickets": tickets,
		"still_open": int(counts.still_open),
		"met": met,
		"breached": breached,
		"no_sla": int(counts.no_sla),
		"met_percent": flt(100 * met / (met + breached), 1) if met + breached else None,
		"median_first_response": flt(response, 2) if response is not None else None,
		"median_resolution": flt(resolution, 2) if resolution is not None else None,
	}
	for stage in STAGES:
		row[stage_key(stage)] = flt(stages.get(stage, 0) / 3600 / tickets, 2)
	row["business_hours_third_party"] = flt(third_party / 3600 / tickets, 2)
	return row


def stage_key(stage: str) -> str:
	return f"hours_{frappe.scrub(stage)}"


def columns(filters) -> list[dict]:
	_fieldname, fieldtype, options = GROUPS[filters.group_by]
	cols = [
		{
			"fieldname": "group",
			"label": _(filters.group_by),
			"fieldtype": fieldtype,
			"options": options,
			"width": 200,
		},
		{"fieldname": "tickets", "label": _("Tickets"), "fieldtype": "Int", "width": 80},
		{"fieldname": "still_open", "label": _("Still Open"), "fieldtype": "Int", "width": 90},
		{"fieldname": "met", "label": _("Met"), "fieldtype": "Int", "width": 70},
		{"fieldname": "breached", "label": _("Breached"), "fieldtype": "Int", "width": 90},
		{"fieldname": "no_sla", "label": _("No SLA"), "fieldtype": "Int", "width": 80},
		{"fieldname": "met_percent", "label": _("Met %"), "fieldtype": "Percent", "width": 80},
		{
			"fieldname": "median_first_response",
			"label": _("Median First Response (business h)"),
			"fieldtype": "Float",
			"width": 140,
		},
		{
			"fieldname": "median_resolution",
			"label": _("Median Resolution (business h)"),
			"fieldtype": "Float",
			"width": 140,
		},
	]
	cols += [
		{
			"fieldname": stage_key(stage),
			"label": _("Avg h in {0}").format(_(stage)),
			"fieldtype": "Float",
			"width": 120,
		}
		for stage in STAGES
	]
	cols.append(
		{
			"fieldname": "business_hours_third_party",
			"label": _("Avg business h waiting for third party"),
			"fieldtype": "Float",
			"width": 140,
		}
	)
	return cols


def chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	return {
		"data": {
			"labels": [row["group"] for row in data],
			"datasets": [
				{"name": _("Met"), "values": [row["met"] for row in data]},
				{"name": _("Breached"), "values": [row["breached"] for row in data]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#29cd42", "#e24c4c"],
	}
