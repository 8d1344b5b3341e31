# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from b2b_helpdesk.field_service.work_access import check_ticket_access
from b2b_helpdesk.service_billing.billed_guard import refuse_if_billed
from b2b_helpdesk.service_billing.work_rules import plan_of, ticket_for_work

TRACKED = ("service_ticket", "departed_on", "travel_zone", "billable", "distance_km")


class ServiceVisit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		b2b_billed_in: DF.Data | None
		billable: DF.Check
		cost: DF.Currency
		customer: DF.Link | None
		departed_on: DF.Datetime
		distance_km: DF.Float
		engineer: DF.Link
		engineer_name: DF.Data | None
		naming_series: DF.Literal["SV-.YYYY.-"]
		notes: DF.SmallText | None
		returned_on: DF.Datetime | None
		service_location: DF.Link | None
		service_ticket: DF.Link
		travel_zone: DF.Data | None

	# end: auto-generated types
	def validate(self) -> None:
		self.check_not_billed()
		if self.is_new() or self.has_value_changed("service_ticket"):
			check_ticket_access(self.service_ticket)  # a trip on a ticket he may work on
		self.check_times()
		self.check_cost()
		ticket = ticket_for_work(self.service_ticket, self.departed_on, billed_in=self.b2b_billed_in)
		self.check_trip_fee(ticket)

	def on_trash(self) -> None:
		refuse_if_billed("Service Visit", self.name, self.b2b_billed_in)

	def check_not_billed(self) -> None:
		before = self.get_doc_before_save()
		if before and before.b2b_billed_in and any(self.has_value_changed(f) for f in TRACKED):
			refuse_if_billed("Service Visit", self.name, before.b2b_billed_in)

	def check_times(self) -> None:
		if self.returned_on and self.returned_on < self.departed_on:
			frappe.throw(_("The engineer cannot return before departing"), title=_("Invalid Times"))

	def check_cost(self) -> None:
		if (self.cost or 0) < 0 or (self.distance_km or 0) < 0:
			frappe.throw(_("Cost and distance cannot be negative"), title=_("Invalid Trip"))

	def check_trip_fee(self, ticket) -> None:
		plan = plan_of(ticket)
		if not (plan and self.billable):
			return
		zones = {row.travel_zone for row in plan.trip_fees}
		if self.travel_zone not in zones:
			frappe.throw(
				_("Travel zone {0} has no trip fee in billing plan {1}; choose one of: {2}").format(
					frappe.bold(self.travel_zone or _("(empty)")),
					frappe.bold(plan.name),
					", ".join(sorted(zones)) or "–",
				),
				title=_("No Trip Fee"),
			)
