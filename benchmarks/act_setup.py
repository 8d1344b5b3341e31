"""The world `act_generation.py` builds on the site, inside its rolled-back transaction: a customer,
a 2026 contract on an hours billing plan, four tickets, an engineer and one submitted Timesheet,
made the normal way (the integration tests' billing factories), and its other labour lines
bulk-inserted as test data."""

import os
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

import frappe
from frappe.utils import flt, now_datetime

APP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(APP))  # the integration tests' factories, from the checkout this script is in

from b2b_helpdesk.demo.clients import make_contract, make_customer  # noqa: E402
from b2b_helpdesk.demo.service_levels import make_policy  # noqa: E402
from b2b_helpdesk.engine.periods import period_of  # noqa: E402
from b2b_helpdesk.service_billing.log_work import log_time  # noqa: E402
from b2b_helpdesk.setup.company import default_company  # noqa: E402
from tests.integration.billing_factories import make_activity_type, make_engineer, make_item  # noqa: E402

SITE = os.environ.get("B2B_BENCH_SITE", "dev.localhost")
BENCH = os.environ.get("B2B_BENCH", "~/frappe-bench")

SIZES = (1_000, 10_000)
RUNS = 3
SEED = 2026
MARK = "B2B Act Bench"
ROW_PREFIX = "b2b-act-bench-"

CONTRACT_START, CONTRACT_END = "2026-01-01", "2026-12-31"
PERIOD_DAY = date(2026, 9, 15)  # September 2026: 22 working days
TICKETS_OPENED = "2026-08-24 09:30:00"
ACTIVITY = f"{MARK} Repair"
COSTING_RATE = 50.0
PLAN = {
	"billing_unit": "Hours",
	"allowance_unit": "Hours",
	"billing_period": "Monthly",
	"subscription_fee": 1000,
	"allowance": 100,
	"overage_rate": 90,
	"default_rate": 120,
	"rounding_minutes": 15,
	"minimum_minutes": 0,
	"out_of_hours_multiplier": 1.5,
}
TICKETS = (  # subject, billing class ("" = from the contract's coverage)
	("Display case not cooling", ""),
	("Till printer jams", ""),
	("Freezer door seal", ""),
	("Move the display case", "Billable Extra"),
)

BULK_FIELDS = (
	"name",
	"creation",
	"modified",
	"modified_by",
	"owner",
	"docstatus",
	"idx",
	"parent",
	"parentfield",
	"parenttype",
	"activity_type",
	"from_time",
	"to_time",
	"hours",
	"billing_hours",
	"is_billable",
	"costing_rate",
	"costing_amount",
	"base_costing_rate",
	"base_costing_amount",
	"b2b_service_ticket",
	"description",
)


class Setup:
	def __init__(self) -> None:
		self.created: list[tuple[str, str]] = []
		self.rng = random.Random(SEED)
		self.lines = 0  # labour lines of the contract in the period
		self.timesheet = ""

	def keep(self, doctype: str, name: str) -> str:
		self.created.append((doctype, name))
		return name

	def build(self) -> None:
		company = default_company()
		self.start, self.end = period_of(PERIOD_DAY, PLAN["billing_period"])
		self.workdays = [
			self.start + timedelta(days=d)
			for d in range((self.end - self.start).days + 1)
			if (self.start + timedelta(days=d)).weekday() < 5
		]
		self.activity = self.keep("Activity Type", make_activity_type(ACTIVITY))
		items = {
			"fee_item": make_item(f"{ROW_PREFIX}fee", stock=False),
			"labour_item": make_item(f"{ROW_PREFIX}labour", stock=False, uom="Hour"),
			"trip_item": make_item(f"{ROW_PREFIX}trip", stock=False),
		}
		for code in items.values():
			self.keep("Item", code)
		plan = frappe.get_doc(
			{
				"doctype": "Service Billing Plan",
				"plan_name": f"{MARK} Hours",
				"currency": frappe.get_cached_value("Company", company, "default_currency"),
				**PLAN,
				**items,
			}
		).insert()
		self.plan = self.keep("Service Billing Plan", plan.name)
		self.customer = self.keep("Customer", make_customer(f"{MARK} Client", tier="Gold"))
		contract = make_contract(self.customer, CONTRACT_START, CONTRACT_END, billing_plan=self.plan)
		self.contract = self.keep("Contract", contract.name)
		self.tickets = []
		for subject, billing_class in TICKETS:
			ticket = frappe.get_doc(
				{
					"doctype": "Service Ticket",
					"subject": f"{MARK}: {subject}",
					"customer": self.customer,
					"opened_on": TICKETS_OPENED,
					"billing_class": billing_class,
					"billing_class_reason": "Not in the contract" if billing_class else None,
				}
			).insert()
			self.tickets.append(self.keep("Service Ticket", ticket.name))
		self.ticket_classes = [
			frappe.db.get_value("Service Ticket", t, ["contract", "coverage", "billing_class"])
			for t in self.tickets
		]
		self.employee = self.keep("Employee", make_engineer(company, COSTING_RATE, (self.activity,)))
		first = datetime.combine(self.workdays[0], time(10, 0))
		self.timesheet = self.keep(
			"Timesheet", log_time(self.tickets[0], self.activity, 1.5, str(first), employee=self.employee)
		)
		self.lines = frappe.db.count("Timesheet Detail", {"parent": self.timesheet})
		self.policy = self.keep("Service Level Policy", make_policy(f"{MARK} Office Hours").name)

	def grow_to(self, total: int) -> tuple[int, float]:
		"""Bulk-insert labour lines into the submitted timesheet until the period holds `total`;
		(lines inserted, seconds taken)."""
		began, inserted = perf_counter(), total - self.lines
		now, user = now_datetime(), frappe.session.user
		rows = []
		for idx in range(self.lines + 1, total + 1):
			day = self.rng.choice(self.workdays)
			start = datetime.combine(day, time(9, 0)) + timedelta(minutes=self.rng.randrange(0, 8 * 60 + 1))
			minutes = self.rng.randint(15, 180)
			hours = minutes / 60
			cost = flt(hours * COSTING_RATE, 2)
			rows.append(
				(
					f"{ROW_PREFIX}{idx:06d}",
					now,
					now,
					user,
					user,
					1,
					idx,
					self.timesheet,
					"time_logs",
					"Timesheet",
					self.activity,
					start,
					start + timedelta(minutes=minutes),
					hours,
					hours,
					1,
					COSTING_RATE,
					cost,
					COSTING_RATE,
					cost,
					self.rng.choice(self.tickets),
					f"{MARK} test line {idx}",
				)
			)
		frappe.db.bulk_insert("Timesheet Detail", fields=list(BULK_FIELDS), values=rows)
		self.lines = total
		return inserted, perf_counter() - began

	def use_calendar(self, on: bool) -> None:
		"""The out-of-hours calendar on the plan (set in the database; the plan is read with get_doc)."""
		frappe.db.set_value(
			"Service Billing Plan", self.plan, "out_of_hours_calendar", self.policy if on else None
		)
		frappe.clear_document_cache("Service Billing Plan", self.plan)

	def describe(self) -> str:
		classes = ", ".join(
			f"{t} ({billing_class or coverage})"
			for t, (_contract, coverage, billing_class) in zip(self.tickets, self.ticket_classes, strict=True)
		)
		plan = ", ".join(f"{k} {v}" for k, v in PLAN.items() if k not in ("allowance_unit",))
		return (
			f"customer '{self.customer}', contract {self.contract} ({CONTRACT_START} to {CONTRACT_END}), "
			f"plan '{self.plan}': {plan}; fee, labour (stock UOM Hour) and trip items\n"
			f"tickets opened {TICKETS_OPENED}: {classes}\n"
			f"engineer {self.employee} (Activity Cost {COSTING_RATE:g}/h for '{self.activity}'); "
			f"period {self.start} to {self.end}"
		)
