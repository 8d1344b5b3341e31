# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class ServiceBillingPlan(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from b2b_helpdesk.service_billing.doctype.service_billing_activity_rule.service_billing_activity_rule import (
			ServiceBillingActivityRule,
		)
		from b2b_helpdesk.service_billing.doctype.service_billing_category_points.service_billing_category_points import (
			ServiceBillingCategoryPoints,
		)
		from b2b_helpdesk.service_billing.doctype.service_billing_material_price.service_billing_material_price import (
			ServiceBillingMaterialPrice,
		)
		from b2b_helpdesk.service_billing.doctype.service_billing_trip_fee.service_billing_trip_fee import (
			ServiceBillingTripFee,
		)
		from frappe.types import DF

		activity_rules: DF.Table[ServiceBillingActivityRule]
		allowance: DF.Float
		allowance_unit: DF.Literal["Hours", "Units", "Points"]
		billing_period: DF.Literal["Monthly", "Quarterly"]
		billing_unit: DF.Literal["Hours", "Units", "Points"]
		carry_over_periods: DF.Int
		category_points: DF.Table[ServiceBillingCategoryPoints]
		currency: DF.Link
		default_points: DF.Float
		default_rate: DF.Currency
		fee_item: DF.Link | None
		labour_item: DF.Link | None
		material_prices: DF.Table[ServiceBillingMaterialPrice]
		minimum_minutes: DF.Int
		out_of_hours_calendar: DF.Link | None
		out_of_hours_multiplier: DF.Float
		overage_rate: DF.Currency
		plan_name: DF.Data
		price_list: DF.Link | None
		rounding_minutes: DF.Int
		subscription_fee: DF.Currency
		trip_fees: DF.Table[ServiceBillingTripFee]
		trip_item: DF.Link | None

	# end: auto-generated types
	def validate(self) -> None:
		self.check_allowance()
		self.check_labour_rules()
		self.check_no_negative_money()
		self.check_unique_rows()
		self.check_fee_item()

	def check_allowance(self) -> None:
		if self.allowance and self.allowance_unit != self.billing_unit:
			frappe.throw(
				_("The allowance is in {0} but the plan bills work in {1}").format(
					_(self.allowance_unit), _(self.billing_unit)
				),
				title=_("Allowance Unit"),
			)
		self.allowance_unit = self.billing_unit
		if (self.allowance or 0) < 0:
			frappe.throw(_("The allowance cannot be negative"), title=_("Invalid Allowance"))
		if (self.carry_over_periods or 0) < 0:
			frappe.throw(_("Carry-over periods cannot be negative"), title=_("Invalid Carry-over"))
		if self.carry_over_periods and not self.allowance:
			frappe.throw(_("Carrying the allowance over needs an allowance"), title=_("Invalid Carry-over"))

	def check_labour_rules(self) -> None:
		if (self.out_of_hours_multiplier or 0) < 1:
			frappe.throw(_("The out-of-hours multiplier must be 1 or more"), title=_("Invalid Multiplier"))
		if (self.rounding_minutes or 0) < 0 or (self.minimum_minutes or 0) < 0:
			frappe.throw(_("Rounding and minimum minutes cannot be negative"), title=_("Invalid Rounding"))
		for row in self.activity_rules:
			if any((row.get(f) or 0) < 0 for f in ("rate", "units_per_hour", "units_per_job")):
				frappe.throw(
					_("Activity {0}: rates and conversions cannot be negative").format(row.activity_type)
				)
		for row in self.category_points:
			if (row.points or 0) <= 0:
				frappe.throw(_("Category {0}: points must be above zero").format(row.category))

	def check_no_negative_money(self) -> None:
		for field in ("subscription_fee", "default_rate", "overage_rate"):
			if (self.get(field) or 0) < 0:
				frappe.throw(_("{0} cannot be negative").format(_(self.meta.get_label(field))))
		for row in self.trip_fees:
			if (row.fee or 0) < 0:
				frappe.throw(_("Trip fee for {0} cannot be negative").format(row.travel_zone))
		for row in self.material_prices:
			if (row.rate or 0) < 0:
				frappe.throw(_("Price of {0} cannot be negative").format(row.item_code))

	def check_unique_rows(self) -> None:
		for table, field in (
			("activity_rules", "activity_type"),
			("category_points", "category"),
			("trip_fees", "travel_zone"),
			("material_prices", "item_code"),
		):
			seen = set()
			for row in self.get(table):
				if row.get(field) in seen:
					frappe.throw(
						_("{0} is listed twice in {1}").format(
							frappe.bold(row.get(field)), _(self.meta.get_label(table))
						),
						title=_("Duplicate Row"),
					)
				seen.add(row.get(field))

	def check_fee_item(self) -> None:
		if self.subscription_fee and not self.fee_item:
			frappe.throw(_("Choose the Fee Item the subscription fee is invoiced as"), title=_("No Fee Item"))
