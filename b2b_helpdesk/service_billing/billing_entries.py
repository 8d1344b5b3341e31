"""Collect what a contract's tickets consumed in a billing period, as engine entries.

Three set-based queries (labour, trips, materials) over all the contract's
tickets; each row also carries its cost for the profitability report.
Sources are named "<doctype>:<row name>", the key an act claims them by.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import get_datetime

from b2b_helpdesk.engine.billing import BillingClass, MaterialEntry, TripEntry, WorkEntry
from b2b_helpdesk.service_billing.plan_terms import dec
from b2b_helpdesk.service_contracts.service_level import calendar_of, system_clock


@dataclass
class PeriodData:
	work: list[WorkEntry] = field(default_factory=list)
	trips: list[TripEntry] = field(default_factory=list)
	materials: list[MaterialEntry] = field(default_factory=list)
	cost: dict[str, Decimal] = field(default_factory=dict)  # source -> cost to the company
	ticket_of: dict[str, str] = field(default_factory=dict)  # source -> ticket
	engineer_of: dict[str, str] = field(default_factory=dict)  # source -> employee who logged it


def billing_class_of(ticket) -> BillingClass:
	if ticket.billing_class:
		return BillingClass(ticket.billing_class)
	return BillingClass.SUBSCRIPTION if ticket.coverage == "Covered" else BillingClass.EXTRA


def collect(contract: str, plan, start: date, end: date) -> PeriodData:
	tickets = {
		t.name: t
		for t in frappe.get_all(
			"Service Ticket",
			filters={"contract": contract},
			fields=["name", "billing_class", "coverage", "category"],
		)
	}
	data = PeriodData()
	if not tickets:
		return data
	bounds = {"tickets": list(tickets), "start": start, "end": end + timedelta(days=1)}
	_labour(data, tickets, bounds, _calendar(contract, plan))
	_trips(data, tickets, bounds)
	_materials(data, tickets, bounds, plan)
	return data


def _calendar(contract: str, plan):
	policy = plan.out_of_hours_calendar or frappe.db.get_value(
		"Contract", contract, "b2b_service_level_policy"
	)
	return calendar_of(frappe.get_cached_doc("Service Level Policy", policy)) if policy else None


def _labour(data: PeriodData, tickets, bounds, calendar) -> None:
	rows = frappe.db.sql(
		"""
		select td.name, td.b2b_service_ticket as ticket, td.from_time, td.hours, td.activity_type,
			td.is_billable, td.costing_amount, ts.employee
		from `tabTimesheet Detail` td
		join `tabTimesheet` ts on ts.name = td.parent
		where ts.docstatus = 1 and td.b2b_service_ticket in %(tickets)s
			and td.from_time >= %(start)s and td.from_time < %(end)s
		""",
		bounds,
		as_dict=True,
	)
	for row in rows:
		ticket = tickets[row.ticket]
		minutes = round(float(row.hours) * 60)
		source = f"Timesheet Detail:{row.name}"
		data.work.append(
			WorkEntry(
				source=source,
				ticket=row.ticket,
				when=row.from_time,
				minutes=minutes,
				activity_type=row.activity_type,
				billing_class=billing_class_of(ticket) if row.is_billable else BillingClass.NON_BILLABLE,
				out_of_hours_minutes=_out_of_hours(calendar, row.from_time, minutes),
				category=ticket.category,
			)
		)
		data.cost[source] = dec(row.costing_amount)
		data.ticket_of[source] = row.ticket
		data.engineer_of[source] = row.employee


def _out_of_hours(calendar, start, minutes: int) -> int:
	if calendar is None or minutes <= 0:
		return 0
	begin = get_datetime(start)  # naive, in the system time zone, as the ERP stores it
	inside = system_clock(calendar).seconds_between(begin, begin + timedelta(minutes=minutes))
	return max(0, minutes - round(inside / 60))


def _trips(data: PeriodData, tickets, bounds) -> None:
	rows = frappe.db.sql(
		"""
		select name, service_ticket as ticket, departed_on, travel_zone, billable, cost, engineer
		from `tabService Visit`
		where service_ticket in %(tickets)s and departed_on >= %(start)s and departed_on < %(end)s
		""",
		bounds,
		as_dict=True,
	)
	for row in rows:
		source = f"Service Visit:{row.name}"
		data.trips.append(
			TripEntry(
				source=source,
				ticket=row.ticket,
				when=row.departed_on,
				zone=row.travel_zone or "",
				billing_class=billing_class_of(tickets[row.ticket])
				if row.billable
				else BillingClass.NON_BILLABLE,
			)
		)
		data.cost[source] = dec(row.cost)
		data.ticket_of[source] = row.ticket
		data.engineer_of[source] = row.engineer


def _materials(data: PeriodData, tickets, bounds, plan) -> None:
	rows = frappe.db.sql(
		"""
		select sed.name, se.b2b_service_ticket as ticket, se.posting_date, se.posting_time,
			sed.item_code, sed.transfer_qty as qty, sed.amount
		from `tabStock Entry Detail` sed
		join `tabStock Entry` se on se.name = sed.parent
		where se.docstatus = 1 and se.purpose = 'Material Issue' and se.b2b_service_ticket in %(tickets)s
			and se.posting_date >= %(start)s and se.posting_date < %(end)s
		""",
		bounds,
		as_dict=True,
	)
	prices = material_prices(plan, {row.item_code for row in rows})
	for row in rows:
		source = f"Stock Entry Detail:{row.name}"
		klass = billing_class_of(tickets[row.ticket])
		if klass is not BillingClass.NON_BILLABLE and row.item_code not in prices:
			frappe.throw(
				_("Item {0} has no price in billing plan {1} nor in its price list").format(
					frappe.bold(row.item_code), frappe.bold(plan.name)
				),
				title=_("Missing Material Price"),
			)
		data.materials.append(
			MaterialEntry(
				source=source,
				ticket=row.ticket,
				when=_at(row.posting_date, row.posting_time),
				item_code=row.item_code,
				qty=dec(row.qty),
				rate=prices.get(row.item_code, Decimal(0)),
				billing_class=klass,
			)
		)
		data.cost[source] = dec(row.amount)
		data.ticket_of[source] = row.ticket


def material_prices(plan, items: set[str]) -> dict[str, Decimal]:
	"""The contract's own price first, else the plan's selling price list."""
	prices = {}
	if plan.price_list and items:
		for item_code, rate in frappe.get_all(
			"Item Price",
			filters={"price_list": plan.price_list, "item_code": ("in", list(items)), "selling": 1},
			fields=["item_code", "price_list_rate"],
			as_list=True,
		):
			prices[item_code] = dec(rate)
	prices.update({row.item_code: dec(row.rate) for row in plan.material_prices})
	return prices


def _at(posting_date, posting_time):
	return get_datetime(f"{posting_date} {posting_time or '00:00:00'}")
