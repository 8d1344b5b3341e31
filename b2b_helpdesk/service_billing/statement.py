"""A contract's billing statement for a period: what would be billed, live, before any act.

The billing plan's carry-over comes from the acts of the earlier periods it reaches back to
(see `carried_in`); periods without an act yet are priced live, oldest first.
"""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import getdate

from b2b_helpdesk.engine.billing import BillingError, LineKind, Statement, price_period
from b2b_helpdesk.engine.periods import period_of, previous_period
from b2b_helpdesk.service_billing.act_text import line_text
from b2b_helpdesk.service_billing.billing_entries import PeriodData, collect
from b2b_helpdesk.service_billing.plan_terms import billing_plan_of, plan_for_contract

LOW_ALLOWANCE_SHARE = Decimal("0.2")


@dataclass
class ContractStatement:
	contract: str
	plan: object
	start: date
	end: date
	data: PeriodData
	statement: Statement


def statement_for(contract: str, day=None) -> ContractStatement:
	plan_name = plan_for_contract(contract)
	if not plan_name:
		frappe.throw(
			_("Contract {0} has no billing plan").format(frappe.bold(contract)), title=_("No Billing Plan")
		)
	plan = frappe.get_doc("Service Billing Plan", plan_name)
	terms = billing_plan_of(plan)
	start, end = period_of(getdate(day), plan.billing_period)

	carried = carried_in(contract, plan, terms, start)
	data = collect(contract, plan, start, end)
	return ContractStatement(contract, plan, start, end, data, _price(terms, data, carried))


def carried_in(contract: str, plan, terms, start: date) -> tuple[Decimal, ...]:
	"""Unused allowance of the earlier periods the plan's carry-over reaches.

	It comes from the acts as submitted: the latest earlier period with a submitted act hands on
	what that act fixed (an amended act moves it, a later change of the plan or the logs does
	not); only the periods after it that have no act yet are priced from today's data.
	"""
	earlier: list[tuple[date, date]] = []
	for _step in range(terms.carry_over_periods):
		earlier.insert(0, previous_period(earlier[0][0] if earlier else start, plan.billing_period))
	carried: tuple = ()
	fixed = acts_carry_out(contract, [p_start for p_start, _end in earlier])
	for index in range(len(earlier) - 1, -1, -1):
		if earlier[index][0] in fixed:
			carried, earlier = fixed[earlier[index][0]], earlier[index + 1 :]
			break
	for p_start, p_end in earlier:
		carried = _price(terms, collect(contract, plan, p_start, p_end), carried).carry_out
	return carried


def acts_carry_out(contract: str, starts: list[date]) -> dict[date, tuple[Decimal, ...]]:
	"""period start -> the carry-out its submitted act fixed."""
	if not starts:
		return {}
	rows = frappe.get_all(
		"Service Act",
		filters={"contract": contract, "docstatus": 1, "from_date": ("in", starts)},
		fields=["from_date", "allowance_carry_out"],
	)
	return {getdate(row.from_date): decode_carry(row.allowance_carry_out) for row in rows}


def encode_carry(amounts: tuple[Decimal, ...]) -> str:
	return json.dumps([str(amount) for amount in amounts])


def decode_carry(text: str | None) -> tuple[Decimal, ...]:
	return tuple(Decimal(amount) for amount in json.loads(text or "[]"))


def _price(terms, data: PeriodData, carried) -> Statement:
	try:
		return price_period(terms, data.work, data.trips, data.materials, carried_in=carried)
	except BillingError as error:
		frappe.throw(billing_error_message(error), title=_("Cannot Price the Period"))


def billing_error_message(error: BillingError) -> str:
	source = error.source or ""
	messages = {
		"bad_minutes": _("{0}: the logged time must be above zero").format(source),
		"no_rate": _(
			"{0}: billable extra work, but its activity has no rate and the plan no default rate"
		).format(source),
		"no_conversion": _(
			"{0}: the plan bills in units, but this activity has no conversion to units"
		).format(source),
		"no_points": _("{0}: the plan bills in points, but this ticket's category has no points").format(
			source
		),
		"no_trip_fee": _("{0}: the plan has no trip fee for this travel zone").format(source),
		"duplicate_source": _("{0} is listed twice").format(source),
		"negative_qty": _("{0}: the quantity must be above zero").format(source),
		"negative_rate": _("{0}: the price cannot be negative").format(source),
		"category_conflict": _("{0}: the ticket's work is logged under two categories").format(source),
		"bad_plan": _("The billing plan is not valid: {0}").format(error.detail or source),
		"bad_carry": _("The allowance carried over cannot be negative"),
	}
	return messages.get(error.code, str(error))


@frappe.whitelist()
def get_billing_preview(contract: str, day: str | None = None) -> dict:
	"""Live preview for the Contract form: lines, allowance used and left, overage, total."""
	frappe.has_permission("Contract", "read", doc=contract, throw=True)
	result = statement_for(contract, day)
	s = result.statement
	return {
		"contract": contract,
		"plan": result.plan.name,
		"currency": result.plan.currency,
		"unit": result.plan.billing_unit,
		"from_date": result.start,
		"to_date": result.end,
		"allowance": float(s.allowance),
		"allowance_used": float(s.allowance_used),
		"allowance_left": float(s.allowance_left),
		"overage": float(s.overage),
		"total": float(s.total),
		"warning": allowance_warning(s, result.plan.billing_unit),
		"lines": [
			{
				"kind": line.kind.value,
				"source": line.source,
				"ticket": line.ticket,
				"description": line_text(line, line.subject if line.kind is LineKind.MATERIAL else None),
				"qty": float(line.qty),
				"uom": line.uom,
				"rate": float(line.rate),
				"amount": float(line.amount),
				"allowance_used": float(line.allowance_used),
			}
			for line in s.lines
		],
	}


def allowance_warning(s: Statement, unit: str) -> str | None:
	if not s.allowance:
		return None
	if s.overage:
		return _("The allowance is used up: {0} {1} beyond it are billed as overage").format(
			_fmt(s.overage), _(unit).lower()
		)
	if s.allowance_left <= s.allowance * LOW_ALLOWANCE_SHARE:
		return _("Only {0} of {1} {2} left in the allowance").format(
			_fmt(s.allowance_left), _fmt(s.allowance), _(unit).lower()
		)
	return None


def _fmt(value) -> str:
	return f"{value.normalize():f}" if value == value.to_integral() else f"{value.quantize(Decimal('0.01'))}"
