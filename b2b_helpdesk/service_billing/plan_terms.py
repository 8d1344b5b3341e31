"""Read a Service Billing Plan from the ERP as the billing engine's `BillingPlan`."""

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import frappe
from frappe.utils import cint

from b2b_helpdesk.engine.billing import ActivityRule, BillingPlan, BillingUnit


def dec(value) -> Decimal:
	"""Decimal from a stored number, through its text so 0.1 stays 0.1."""
	return Decimal(str(value or 0))


def billing_plan_of(plan) -> BillingPlan:
	return BillingPlan(
		unit=BillingUnit(plan.billing_unit),
		fee=dec(plan.subscription_fee),
		allowance=dec(plan.allowance),
		default_rate=dec(plan.default_rate),
		overage_rate=dec(plan.overage_rate),
		rounding_minutes=int(plan.rounding_minutes or 0),
		minimum_minutes=int(plan.minimum_minutes or 0),
		out_of_hours_multiplier=dec(plan.out_of_hours_multiplier or 1),
		activity_rules=tuple(
			ActivityRule(
				activity_type=row.activity_type,
				rate=dec(row.rate) if row.rate else None,
				units_per_hour=dec(row.units_per_hour) if row.units_per_hour else None,
				units_per_job=dec(row.units_per_job) if row.units_per_job else None,
			)
			for row in plan.activity_rules
		),
		points_per_category=tuple((row.category, dec(row.points)) for row in plan.category_points),
		default_points=dec(plan.default_points) if plan.default_points else None,
		trip_fees=tuple((row.travel_zone, dec(row.fee)) for row in plan.trip_fees),
		carry_over_periods=int(plan.carry_over_periods or 0),
		precision=currency_precision(plan.currency),
		rounding=money_rounding(),
	)


def money_rounding() -> str:
	"""The ERP's rounding method as a `decimal` rounding, so the act's lines equal the invoice's."""
	method = frappe.get_system_settings("rounding_method") or "Banker's Rounding (legacy)"
	return ROUND_HALF_UP if method == "Commercial Rounding" else ROUND_HALF_EVEN


def currency_precision(currency: str | None) -> int:
	fraction = (
		frappe.db.get_value("Currency", currency, "smallest_currency_fraction_value") if currency else None
	)
	if fraction:
		return max(0, -Decimal(str(fraction)).normalize().as_tuple().exponent)
	return cint(frappe.db.get_default("currency_precision")) or 2


def plan_for_contract(contract: str) -> str | None:
	return frappe.db.get_value("Contract", contract, "b2b_billing_plan")
