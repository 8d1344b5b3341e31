"""Preventive maintenance: the planned Service Tickets of the ERP's Asset Maintenance plans (R17, R19).

The plan is ERPNext's own Asset Maintenance (one per piece of the customer's equipment) with its
tasks (periodicity, start/end, assignee); the app adds to it whether a slipped visit moves the next
one, the visit's time and length, the tickets' category and priority, and a checklist per task.

`run` (hourly, and on demand) is set-based: a few SELECTs read every task, every task's last
generated and last completed occurrence; the engine (`engine.maintenance_schedule`) says which
occurrences fall within the lead time (Service Desk Settings) and which planned visits a late
completion moves; `planned_tickets` writes all new tickets with their checklists in multi-row
INSERTs. Exactly one ticket per occurrence: the occurrence key (task + occurrence number) is a
unique index on Service Ticket, and a run holds a named database lock until its transaction ends,
so a second worker's run skips and a retry re-reads what the first one committed.
"""

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import add_days, cstr, get_datetime, getdate, nowdate

from b2b_helpdesk.engine import maintenance_schedule as schedule
from b2b_helpdesk.engine.ticket_lifecycle import ACTIVE
from b2b_helpdesk.field_service.planned_tickets import (
	DueVisit,
	move_visit,
	write_planned_tickets,
)

DONE = ("Resolved", "Closed")


def run(today=None) -> dict:
	"""Generate the planned tickets due within the lead time; move visits a late completion moves."""
	if not hold_lock():
		return {"skipped": 1}  # another worker's run is under way
	today = getdate(today or nowdate())
	horizon = getdate(add_days(today, lead_days()))
	tasks = load_tasks(today, horizon)
	generated, done, pending = load_progress()
	report(5, _("{0} maintenance tasks read").format(len(tasks)))
	moved = move_slipped_visits(tasks, done, pending)
	due = due_visits(tasks, generated, done, today, horizon)
	written = write_planned_tickets(due, progress=report)
	sync_next_due_dates()
	report(100, _("{0} planned tickets generated").format(len(written.tickets)))
	return {
		"created": len(written.tickets),
		"moved": len(moved),
		"uncovered": written.uncovered,
		"tickets": written.tickets,
	}


@frappe.whitelist()
def generate_now() -> str:
	"""A dispatcher starts a run now (e.g. after adding plans); progress comes as realtime messages."""
	frappe.only_for(("Service Dispatcher", "Service Manager", "System Manager"))
	job = frappe.enqueue(
		"b2b_helpdesk.field_service.planned_maintenance.run",
		queue="long",
		job_id="b2b_planned_maintenance",
		deduplicate=True,
	)
	return job.id if job else ""


def hold_lock() -> bool:
	"""The generator's named lock for this transaction (released at commit or rollback), per site."""
	lock = f"b2b_helpdesk:planned_maintenance:{frappe.conf.db_name}"
	if not frappe.db.sql("select get_lock(%s, 0)", lock)[0][0]:
		return False
	release = lambda: frappe.db.sql("select release_lock(%s)", lock)  # noqa: E731
	frappe.db.after_commit.add(release)
	frappe.db.after_rollback.add(release)
	return True


def lead_days() -> int:
	"""The settings' lead time; 30 days until someone sets it (a field added by migrate has no value yet)."""
	stored = frappe.db.sql(
		"select value from `tabSingles` where doctype = 'Service Desk Settings' and field = 'planned_lead_days'"
	)
	return 30 if not stored or stored[0][0] in (None, "") else int(stored[0][0])


def report(percent: float, description: str) -> None:
	frappe.publish_progress(percent, title=_("Planned Maintenance"), description=description)


# --- reading the plans ----------------------------------------------------------------------------


def load_tasks(today, horizon) -> list[frappe._dict]:
	"""Every live task of a plan on a customer's equipment, with what its tickets need."""
	return frappe.db.sql(
		"""
		select task.name as task, task.parent as plan, task.maintenance_task, task.description,
			task.start_date, task.end_date, task.periodicity, task.assign_to, task.b2b_checklist as checklist,
			plan.b2b_next_from as next_from, plan.b2b_ticket_category as category,
			plan.b2b_ticket_priority as priority, plan.b2b_visit_time as visit_time,
			plan.b2b_visit_hours as visit_hours, plan.maintenance_manager,
			asset.name as asset, asset.asset_name, asset.item_code, asset.customer,
			asset.b2b_service_location as service_location
		from `tabAsset Maintenance Task` task
		join `tabAsset Maintenance` plan on plan.name = task.parent and task.parenttype = 'Asset Maintenance'
		join `tabAsset` asset on asset.name = plan.asset_name
		where task.maintenance_status != 'Cancelled' and ifnull(task.periodicity, '') != ''
			and task.start_date <= %(horizon)s and (task.end_date is null or task.end_date >= %(today)s)
			and asset.asset_owner = 'Customer' and ifnull(asset.customer, '') != '' and asset.docstatus < 2
		order by task.name
		""",
		{"today": today, "horizon": horizon},
		as_dict=True,
	)


def load_progress() -> tuple[dict, dict, dict]:
	"""Per task: the last occurrence generated, the last one done, the open visits not yet done."""
	generated = dict(
		frappe.db.sql(
			"""select maintenance_task, max(occurrence_index) from `tabService Ticket`
			where maintenance_task is not null group by maintenance_task"""
		)
	)
	done = {}
	for task, index, resolved_on in frappe.db.sql(
		"""select t.maintenance_task, t.occurrence_index, t.resolved_on from `tabService Ticket` t
		join (select maintenance_task, max(occurrence_index) as idx from `tabService Ticket`
			where maintenance_task is not null and status in %(done)s group by maintenance_task) last
			on last.maintenance_task = t.maintenance_task and last.idx = t.occurrence_index""",
		{"done": DONE},
	):
		done[task] = schedule.Completion(index, getdate(resolved_on))
	pending: dict[str, dict[int, tuple[str, datetime]]] = {}
	for name, task, index, planned_for in frappe.db.sql(
		"""select name, maintenance_task, occurrence_index, planned_for from `tabService Ticket`
		where maintenance_task is not null and status = 'Open' and planned_for is not null"""
	):
		pending.setdefault(task, {})[index] = (name, planned_for)
	return generated, done, pending


def task_schedule(task) -> schedule.TaskSchedule:
	return schedule.TaskSchedule(
		start=getdate(task.start_date),
		periodicity=schedule.Periodicity(task.periodicity),
		rule=schedule.SlipRule(task.next_from or schedule.SlipRule.FROM_PLANNED.value),
		end=getdate(task.end_date) if task.end_date else None,
	)


# --- what is due, what moves -------------------------------------------------------------------


def due_visits(tasks, generated: dict, done: dict, today, horizon) -> list[DueVisit]:
	visits = []
	for task in tasks:
		occurrences = schedule.due_occurrences(
			task_schedule(task), int(generated.get(task.task) or 0), done.get(task.task), today, horizon
		)
		visits.extend(DueVisit(task, o.index, o.day) for o in occurrences)
	return visits


def move_slipped_visits(tasks, done: dict, pending: dict) -> list[str]:
	"""Visits counted from the completion date move when the visit before them was done late or early."""
	moved = []
	for task in tasks:
		if task.task not in pending or task.task not in done:
			continue
		plan = task_schedule(task)
		if plan.rule is not schedule.SlipRule.FROM_COMPLETION:
			continue
		visits = pending[task.task]
		days = {index: getdate(planned_for) for index, (_name, planned_for) in visits.items()}
		for index, day in schedule.replanned(plan, days, done[task.task]).items():
			moved.append(move_visit(visits[index][0], task, day))
	return moved


# --- for other pages: the portal, the asset page, the engineer's phone ----------------------------


def next_planned_visits(assets: list[str]) -> dict[str, datetime]:
	"""The next planned visit (start) of each asset: its earliest planned ticket not yet done.

	Reads no permission: pass only the assets the caller may see."""
	if not assets:
		return {}
	rows = frappe.db.sql(
		"""select asset, min(planned_for) from `tabService Ticket`
		where asset in %(assets)s and planned_for is not null and status in %(active)s
		group by asset""",
		{"assets": list(assets), "active": sorted(ACTIVE)},
	)
	visits = {asset: get_datetime(planned_for) for asset, planned_for in rows}
	beyond_lead_time = [asset for asset in assets if asset not in visits]
	if beyond_lead_time:
		visits.update(plans_next_due(beyond_lead_time))
	return visits


def plans_next_due(assets: list[str]) -> dict[str, datetime]:
	"""Assets whose next visit is not generated yet: their plan's next due date (the ERP's field,
	kept in step with the generated tickets by `sync_next_due_dates`)."""
	rows = frappe.db.sql(
		"""select plan.asset_name, min(task.next_due_date) from `tabAsset Maintenance` plan
		join `tabAsset Maintenance Task` task on task.parent = plan.name and task.parenttype = 'Asset Maintenance'
		where plan.asset_name in %(assets)s and task.maintenance_status in ('Planned', 'Overdue')
			and task.next_due_date is not null
		group by plan.asset_name""",
		{"assets": assets},
	)
	return {asset: get_datetime(due) for asset, due in rows}


def sync_next_due_dates() -> None:
	"""The ERP's `next_due_date` of each task: the day of its earliest planned visit not yet done."""
	frappe.db.sql(
		"""update `tabAsset Maintenance Task` task
		join (select maintenance_task, date(min(planned_for)) as due from `tabService Ticket`
			where maintenance_task is not null and status in %(active)s group by maintenance_task) visit
			on visit.maintenance_task = task.name
		set task.next_due_date = visit.due""",
		{"active": sorted(ACTIVE)},
	)


@frappe.whitelist()
def calendar_events(
	start: str,
	end: str,
	filters: str | None = None,
	field_map: str | None = None,
	doctype: str | None = None,
	fields: str | None = None,
) -> list:
	"""The desk's maintenance calendar: planned tickets only (the user's own list permissions apply).

	Called by the Calendar view with its usual arguments; it always reads Service Ticket, with the
	columns the calendar colours by (coverage, status)."""
	from frappe.desk.calendar import get_events

	for value in (start, end):
		try:
			getdate(value)
		except Exception:
			frappe.throw(_("{0} is not a date").format(frappe.bold(cstr(value)[:40])))
	rules = calendar_rules(filters)
	rules.append(["Service Ticket", "planned_for", "is", "set"])
	columns = ["name", "subject", "planned_for", "planned_until", "coverage", "status", "service_location"]
	return get_events(
		"Service Ticket",
		start,
		end,
		frappe.as_json({"start": "planned_for", "end": "planned_until", "title": "subject"}),
		frappe.as_json(rules),
		frappe.as_json(columns),
	)


def calendar_rules(filters) -> list:
	"""The Calendar view's filters as a list of [doctype, field, operator, value] rows; anything else
	is refused with a message."""
	try:
		rules = frappe.parse_json(filters) if filters else []
	except Exception:
		rules = None
	if isinstance(rules, dict):
		rules = [["Service Ticket", field, "=", value] for field, value in rules.items()]
	if not isinstance(rules, list) or not all(isinstance(rule, list | tuple) for rule in rules):
		frappe.throw(_("The calendar's filters must be a list of conditions"))
	return [list(rule) for rule in rules]


@frappe.whitelist()
def plan_warnings(plan: str) -> list[dict]:
	"""The plan's open planned visits whose equipment no contract covers (shown on the plan's form)."""
	frappe.has_permission("Asset Maintenance", "read", plan, throw=True)
	return frappe.get_all(
		"Service Ticket",
		filters={
			"maintenance_plan": plan,
			"status": ("in", sorted(ACTIVE)),
			"coverage": ("not in", ("Covered", "")),
		},
		fields=["name", "planned_for", "coverage", "contract_match_reason"],
		order_by="planned_for asc",
	)
