# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime

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

		answered_by: DF.Link | None
		answered_on: DF.Datetime | None
		b2b_billed_in: DF.Data | None
		billable: DF.Check
		client_answer: DF.SmallText | None
		confirmation: DF.Literal["Proposed", "Confirmed by Client", "Other Time Asked"]
		contract: DF.Link | None
		cost: DF.Currency
		customer: DF.Link | None
		departed_on: DF.Datetime | None
		distance_km: DF.Float
		engineer: DF.Link
		engineer_name: DF.Data | None
		naming_series: DF.Literal["SV-.YYYY.-"]
		notes: DF.SmallText | None
		planned_end: DF.Datetime | None
		planned_start: DF.Datetime | None
		returned_on: DF.Datetime | None
		service_location: DF.Link | None
		service_ticket: DF.Link
		travel_zone: DF.Data | None

	# end: auto-generated types
	def validate(self) -> None:
		self.check_not_billed()
		if self.is_new() or self.has_value_changed("service_ticket"):
			check_ticket_access(self.service_ticket)  # a trip on a ticket he may work on
		self.check_planned_times()
		self.ask_again_when_moved()
		if not self.departed_on:
			return  # only planned: not a trip yet, nothing to bill or to check against the contract
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

	def check_planned_times(self) -> None:
		if not (self.planned_start or self.departed_on):
			frappe.throw(_("Give the planned start or the departure of the visit"), title=_("No Time"))
		if self.planned_end and not self.planned_start:
			frappe.throw(_("A planned end needs a planned start"), title=_("Invalid Times"))
		if self.planned_start and self.planned_end and self.planned_end <= self.planned_start:
			frappe.throw(_("The planned visit must end after it starts"), title=_("Invalid Times"))

	def ask_again_when_moved(self) -> None:
		"""A new time is a new proposal: the client's earlier answer was about the old one."""
		before = self.get_doc_before_save()
		if not before or all(
			_moment(before.get(f)) == _moment(self.get(f)) for f in ("planned_start", "planned_end")
		):
			return
		self.confirmation = "Proposed"
		self.answered_by = self.answered_on = None

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


def _moment(value):
	return get_datetime(value) if value else None
