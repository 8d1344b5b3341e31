"""Writing planned Service Tickets in bulk, each as the ticket's own validate would leave it.

A ticket's contract, coverage verdict and reason come from the same engine and phrasing as the
ticket's `set_contract` (`engine.contract_match.resolve_contract`, `ticket_contract.explain`), its
SLA clock from the ticket's own `ticket_sla.update_sla`, run as of the planned start (the clock of
a planned visit starts when the visit does). Contracts are loaded once per customer and the clock
computed once per (policy, priority, category, start): a month of planned work for thousands of
tasks needs a few hundred computations, not one `get_doc` per ticket. Rows go in with multi-row
INSERTs: tickets, their checklists, status history and the assignees' ToDos.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import frappe
from frappe import _
from frappe.model.naming import NamingSeries
from frappe.utils import get_datetime, get_time, now_datetime

from b2b_helpdesk.bulk_sql import insert_dicts
from b2b_helpdesk.engine.contract_match import TicketSubject, resolve_contract
from b2b_helpdesk.service_contracts.contract_terms import load_customer_contracts
from b2b_helpdesk.service_contracts.service_level import policy_name_for
from b2b_helpdesk.service_desk.ticket_contract import explain
from b2b_helpdesk.service_desk.ticket_sla import update_sla

CHANNEL = "Planned"
COVERED = "Covered"
OPTIONAL = "(optional)"
SLA_FIELDS = (
	"service_level_policy",
	"sla_state",
	"handling_path",
	"response_by",
	"resolution_by",
	"at_risk_on",
	"breach_on",
	"stage_due_by",
	"business_time_used",
	"business_time_paused",
	"first_response_time",
	"resolution_time",
	"response_sla",
	"resolution_sla",
	"breached_on",
)


@dataclass(frozen=True)
class DueVisit:
	task: frappe._dict  # a row of `planned_maintenance.load_tasks`
	index: int
	day: date


def occurrence_key(task: str, index: int) -> str:
	return f"{task}:{index}"


def visit_window(task, day: date) -> tuple[datetime, datetime]:
	start = datetime.combine(day, time_of_day(task.visit_time))
	return start, start + timedelta(hours=float(task.visit_hours or 2))


def time_of_day(value) -> time:
	"""A Time field as MariaDB returns it (a timedelta since midnight) or as a string; 09:00 if unset."""
	if isinstance(value, timedelta):
		return (datetime.min + value).time()
	return get_time(value) if value else time(9, 0)


def checklist_items(text: str | None) -> list[tuple[str, int]]:
	"""(item, mandatory) per non-empty line; a line ending in "(optional)" is not mandatory."""
	items = []
	for line in (text or "").splitlines():
		line = line.strip()
		if not line:
			continue
		optional = line.lower().endswith(OPTIONAL)
		items.append((line[: -len(OPTIONAL)].strip() if optional else line, 0 if optional else 1))
	return items


# --- the tickets ---------------------------------------------------------------------------------


class TicketBuilder:
	"""Builds planned tickets as rows, caching contracts per customer and clocks per key."""

	def __init__(self) -> None:
		self.now = now_datetime()
		self.user = frappe.session.user
		self.template = frappe.new_doc("Service Ticket").get_valid_dict(convert_dates_to_str=False)
		self.contracts: dict[str, list] = {}
		self.policies: dict[str | None, str | None] = {}
		self.customers: dict[str, frappe._dict] = {}
		self.clocks: dict[tuple, dict] = {}

	def ticket(self, visit: DueVisit, name: str) -> frappe._dict:
		task = visit.task
		start, until = visit_window(task, visit.day)
		ticket = frappe._dict(self.template)
		ticket.update(self.stamp(name))
		ticket.update(
			naming_series="ST-.YYYY.-",
			subject=_("{0}: {1}").format(task.maintenance_task, task.asset_name or task.asset)[:140],
			description=task.description,
			status="Open",
			priority=task.priority or "Medium",
			category=task.category,
			channel=CHANNEL,
			opened_on=start,
			planned_for=start,
			planned_until=until,
			maintenance_plan=task.plan,
			maintenance_task=task.task,
			occurrence_index=visit.index,
			maintenance_occurrence=occurrence_key(task.task, visit.index),
			asset=task.asset,
			asset_name=task.asset_name,
			item_code=task.item_code,
			service_location=task.service_location,
			_assign=json.dumps([task.assign_to]) if task.assign_to else None,
			**self.customer(task.customer),
		)
		self.set_contract(ticket)
		ticket.update(self.clock(ticket))
		return ticket

	def stamp(self, name: str) -> dict:
		return {
			"name": name,
			"owner": self.user,
			"modified_by": self.user,
			"creation": self.now,
			"modified": self.now,
			"docstatus": 0,
		}

	def customer(self, customer: str) -> dict:
		if customer not in self.customers:
			row = frappe.db.get_value(
				"Customer", customer, ["customer_name", "b2b_service_tier", "account_manager"], as_dict=True
			)
			self.customers[customer] = {
				"customer": customer,
				"customer_name": row.customer_name,
				"service_tier": row.b2b_service_tier,
				"account_manager": row.account_manager,
			}
		return self.customers[customer]

	def set_contract(self, ticket) -> None:
		"""As `ServiceTicket.set_contract` does for a ticket nobody picked a contract for."""
		if ticket.customer not in self.contracts:
			self.contracts[ticket.customer] = load_customer_contracts(ticket.customer)
		subject = TicketSubject(
			day=ticket.opened_on.date(),
			asset=ticket.asset,
			location=ticket.service_location or None,
			asset_location=ticket.service_location or None,
		)
		match = resolve_contract(self.contracts[ticket.customer], subject)
		ticket.contract = match.contract
		ticket.contract_set_manually = 0
		ticket.coverage = match.coverage.value
		ticket.contract_match_reason = explain(ticket, match, False)

	def clock(self, ticket) -> dict:
		"""The SLA fields the ticket's `update_sla` gives, as of the planned start."""
		if ticket.contract not in self.policies:
			self.policies[ticket.contract] = policy_name_for(ticket.contract)
		key = (self.policies[ticket.contract], ticket.priority, ticket.category, ticket.opened_on)
		if key not in self.clocks:
			probe = frappe._dict(
				contract=ticket.contract,
				priority=ticket.priority,
				category=ticket.category,
				opened_on=ticket.opened_on,
				status="Open",
				status_periods=[frappe._dict(status="Open", started_on=ticket.opened_on, ended_on=None)],
			)
			update_sla(probe, now=ticket.opened_on)
			self.clocks[key] = {field: probe.get(field) for field in SLA_FIELDS}
		return self.clocks[key]

	def child(self, parent: str, parentfield: str, idx: int, **values) -> dict:
		return {
			**self.stamp(frappe.generate_hash(length=10)),
			"parent": parent,
			"parenttype": "Service Ticket",
			"parentfield": parentfield,
			"idx": idx,
			**values,
		}


def reserve_names(count: int) -> list[str]:
	"""`count` consecutive names of the ticket series, taken in one UPDATE of its counter."""
	if not count:
		return []
	series = NamingSeries("ST-.YYYY.-.#####")
	prefix = series.get_prefix()
	current = frappe.db.sql("select `current` from `tabSeries` where name = %s for update", prefix)
	if not current:
		frappe.db.sql("insert into `tabSeries` (name, `current`) values (%s, 0)", prefix)
		start = 0
	else:
		start = current[0][0]
	frappe.db.sql("update `tabSeries` set `current` = %s where name = %s", (start + count, prefix))
	return [f"{prefix}{number:05d}" for number in range(start + 1, start + count + 1)]


@dataclass
class Written:
	tickets: list[str]
	uncovered: list[str]


def write_planned_tickets(
	visits: list[DueVisit], progress: Callable[[float, str], None] | None = None, chunk: int = 2000
) -> Written:
	"""Insert one ticket per visit, with its checklist, status history, the assignee's ToDo and, for
	equipment no contract covers, a ToDo for the plan's maintenance manager."""
	written = Written([], [])
	if not visits:
		return written
	builder = TicketBuilder()
	names = reserve_names(len(visits))
	for start in range(0, len(visits), chunk):
		part = list(zip(visits[start : start + chunk], names[start : start + chunk], strict=True))
		written.uncovered.extend(write_chunk(builder, part))
		if progress:
			done = start + len(part)
			progress(
				5 + 90 * done / len(visits), _("{0} of {1} planned tickets written").format(done, len(visits))
			)
	written.tickets = names
	return written


def write_chunk(builder: TicketBuilder, part: list[tuple[DueVisit, str]]) -> list[str]:
	"""Write a chunk of tickets; return the names of those on uncovered equipment."""
	tickets, checklist, periods, todos, uncovered = [], [], [], [], []
	for visit, name in part:
		ticket = builder.ticket(visit, name)
		tickets.append(ticket)
		for idx, (item, mandatory) in enumerate(checklist_items(visit.task.checklist), start=1):
			checklist.append(builder.child(name, "checklist", idx, item=item, mandatory=mandatory, done=0))
		periods.append(builder.child(name, "status_periods", 1, status="Open", started_on=ticket.opened_on))
		if visit.task.assign_to:
			todos.append(todo_row(builder, ticket, visit.task.assign_to))
		if ticket.coverage != COVERED:
			uncovered.append(name)
			if visit.task.maintenance_manager:
				todos.append(flag_row(builder, ticket, visit.task.maintenance_manager))
	insert_dicts("Service Ticket", tickets)
	insert_dicts("Service Ticket Checklist Item", checklist)
	insert_dicts("Service Ticket Status Period", periods)
	insert_dicts("ToDo", todos)
	return uncovered


def todo_row(builder: TicketBuilder, ticket, user: str) -> dict:
	return {
		**builder.stamp(frappe.generate_hash(length=10)),
		"status": "Open",
		"priority": "Medium",
		"date": ticket.planned_for.date(),
		"allocated_to": user,
		"description": _("Planned maintenance {0} on {1}").format(ticket.subject, ticket.planned_for.date()),
		"reference_type": "Service Ticket",
		"reference_name": ticket.name,
		"assigned_by": builder.user,
	}


def flag_row(builder: TicketBuilder, ticket, manager: str) -> dict:
	"""A visit on uncovered equipment: the plan's maintenance manager is told before anyone drives out
	(a ToDo on the plan, so he does not become an assignee of the ticket)."""
	return {
		**builder.stamp(frappe.generate_hash(length=10)),
		"status": "Open",
		"priority": "High",
		"date": ticket.planned_for.date(),
		"allocated_to": manager,
		"description": _(
			"Planned visit {0} on {1}: {2}. Check the contract before anyone drives out."
		).format(ticket.name, ticket.planned_for.date(), _(ticket.coverage)),
		"reference_type": "Asset Maintenance",
		"reference_name": ticket.maintenance_plan,
		"assigned_by": builder.user,
	}


# --- after writing ------------------------------------------------------------------------------


def move_visit(name: str, task, day: date) -> str:
	"""A not-yet-started planned visit moves to its new day: its start, window and SLA clock."""
	ticket = frappe.get_doc("Service Ticket", name)
	start, until = visit_window(task, day)
	ticket.planned_for = ticket.opened_on = start
	ticket.planned_until = until
	if len(ticket.status_periods) == 1:
		ticket.status_periods[0].started_on = start
	ticket.flags.ignore_permissions = True
	ticket.save()
	ticket.add_comment(
		"Info",
		_("Planned visit moved to {0}: the previous visit was done on another day").format(
			get_datetime(start)
		),
	)
	return name
