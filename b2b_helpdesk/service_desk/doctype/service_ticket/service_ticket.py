# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle
from b2b_helpdesk.permissions import is_portal_user
from b2b_helpdesk.portal.ticket_intake import normalise_client_ticket
from b2b_helpdesk.service_contracts.customer_records import check_address, check_asset, check_contact
from b2b_helpdesk.service_desk import email_intake, status_moves, ticket_timeline
from b2b_helpdesk.service_desk.ticket_contract import check_chosen_contract, explain, find_contract
from b2b_helpdesk.service_desk.ticket_sla import track_status_period, update_sla


class ServiceTicket(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from b2b_helpdesk.service_desk.doctype.service_ticket_checklist_item.service_ticket_checklist_item import (
			ServiceTicketChecklistItem,
		)
		from b2b_helpdesk.service_desk.doctype.service_ticket_handoff.service_ticket_handoff import (
			ServiceTicketHandoff,
		)
		from b2b_helpdesk.service_desk.doctype.service_ticket_status_period.service_ticket_status_period import (
			ServiceTicketStatusPeriod,
		)
		from frappe.types import DF

		account_manager: DF.Link | None
		asset: DF.Link | None
		asset_name: DF.Data | None
		at_risk_on: DF.Datetime | None
		billing_class: DF.Literal["", "Covered by Subscription", "Billable Extra", "Warranty / Non-billable"]
		billing_class_reason: DF.SmallText | None
		breach_on: DF.Datetime | None
		breached_on: DF.Datetime | None
		business_time_paused: DF.Duration | None
		business_time_used: DF.Duration | None
		category: DF.Link | None
		channel: DF.Literal["Phone", "E-mail", "Portal", "Mobile", "Planned"]
		checklist: DF.Table[ServiceTicketChecklistItem]
		closed_on: DF.Datetime | None
		contact: DF.Link | None
		contact_email: DF.Data | None
		contact_name: DF.Data | None
		contact_phone: DF.Data | None
		contract: DF.Link | None
		contract_match_reason: DF.SmallText | None
		contract_set_manually: DF.Check
		coverage: DF.Literal[
			"", "Covered", "Equipment Not Covered", "Location Not Covered", "No Active Contract"
		]
		customer: DF.Link
		customer_name: DF.Data | None
		description: DF.TextEditor | None
		escalation_level: DF.Int
		first_responded_on: DF.Datetime | None
		first_response_time: DF.Duration | None
		handling_path: DF.Data | None
		item_code: DF.Link | None
		last_reopened_on: DF.Datetime | None
		maintenance_occurrence: DF.Data | None
		maintenance_plan: DF.Link | None
		maintenance_task: DF.Data | None
		naming_series: DF.Literal["ST-.YYYY.-"]
		occurrence_index: DF.Int
		opened_on: DF.Datetime
		parent_ticket: DF.Link | None
		planned_for: DF.Datetime | None
		planned_until: DF.Datetime | None
		priority: DF.Literal["Low", "Medium", "High", "Urgent"]
		raised_by: DF.Data | None
		reopen_count: DF.Int
		resolution_by: DF.Datetime | None
		resolution_sla: DF.Literal["", "Pending", "Met", "Missed"]
		resolution_summary: DF.SmallText | None
		resolution_time: DF.Duration | None
		resolved_on: DF.Datetime | None
		response_by: DF.Datetime | None
		response_sla: DF.Literal["", "Pending", "Met", "Missed"]
		service_level_policy: DF.Link | None
		service_location: DF.Link | None
		service_tier: DF.Data | None
		sla_state: DF.Literal["", "No SLA", "On Track", "At Risk", "Paused", "Met", "Breached"]
		stage_due_by: DF.Datetime | None
		status: DF.Literal[
			"Open", "In Progress", "Waiting for Customer", "Waiting for Third Party", "Resolved", "Closed"
		]
		status_periods: DF.Table[ServiceTicketStatusPeriod]
		subject: DF.Data
		third_party: DF.Link | None
		third_party_due_by: DF.Datetime | None
		third_party_escalated: DF.Check
		third_party_handoffs: DF.Table[ServiceTicketHandoff]
		third_party_reference: DF.Data | None
		unidentified_sender: DF.Check

	# end: auto-generated types
	def before_insert(self) -> None:
		if email_intake.is_email_intake(self):
			email_intake.identify_sender(self)

	def validate(self) -> None:
		if self.is_new() and is_portal_user(frappe.session.user):
			normalise_client_ticket(self, frappe.session.user)
		self.clear_unidentified_sender()
		self.check_customer_records()
		self.check_parent_ticket()
		self.set_contract()
		self.apply_status_change()
		track_status_period(self)
		update_sla(self)
		status_moves.apply(self)  # required fields and checklist per move, ticked items, hand-offs

	# --- who and what the ticket is about -------------------------------------------------

	def clear_unidentified_sender(self) -> None:
		"""Once a dispatcher names the customer, the e-mail's sender is identified.

		Only an e-mail from an unidentified sender is stored without a customer
		(Frappe's inbound mail skips the mandatory check); any other save without
		one still fails on the customer being mandatory.
		"""
		if self.customer:
			self.unidentified_sender = 0

	def check_customer_records(self) -> None:
		if not self.customer:
			return
		if self.contact:
			check_contact(self.contact, self.customer)
		if self.asset:
			asset = check_asset(self.asset, self.customer)
			self.take_location_from_asset(asset.b2b_service_location)
		if self.service_location:
			check_address(self.service_location, self.customer)

	def take_location_from_asset(self, asset_location: str | None) -> None:
		if not asset_location:
			return
		if not self.service_location:
			self.service_location = asset_location
		elif self.service_location != asset_location:
			frappe.throw(
				_("Equipment {0} is registered at service location {1}, not at {2}").format(
					frappe.bold(self.asset), frappe.bold(asset_location), frappe.bold(self.service_location)
				),
				title=_("Wrong Service Location"),
			)

	def check_parent_ticket(self) -> None:
		if not self.parent_ticket:
			return
		seen = {self.name}
		parent = self.parent_ticket
		while parent:
			if parent in seen:
				frappe.throw(_("A ticket cannot be its own parent, directly or through its parents"))
			seen.add(parent)
			customer, parent_of_parent = frappe.db.get_value(
				"Service Ticket", parent, ["customer", "parent_ticket"]
			) or (None, None)
			if parent == self.parent_ticket and customer != self.customer:
				frappe.throw(
					_("Parent ticket {0} belongs to another customer").format(frappe.bold(parent)),
					title=_("Wrong Parent Ticket"),
				)
			parent = parent_of_parent

	# --- contract and coverage ------------------------------------------------------------

	def set_contract(self) -> None:
		"""Auto-resolve unless a user picked a different contract than the one found."""
		if not self.customer:
			self.forget_contract()
			return
		found = find_contract(self)
		if self.contract and (self.contract_set_manually or self.picked_other_contract(found.contract)):
			self.contract_set_manually = 1
			match = check_chosen_contract(self)
		else:
			self.contract_set_manually = 0
			match = found
		self.contract = match.contract
		self.coverage = match.coverage.value
		self.contract_match_reason = explain(self, match, bool(self.contract_set_manually))

	def forget_contract(self) -> None:
		"""No customer yet (an unidentified e-mail): no contract can govern the ticket."""
		self.contract = None
		self.contract_set_manually = 0
		self.coverage = ""
		self.contract_match_reason = _("The customer is not known yet.")

	def picked_other_contract(self, found: str | None) -> bool:
		changed = self.is_new() or self.has_value_changed("contract")
		return changed and self.contract != found

	# --- lifecycle ----------------------------------------------------------------------

	def apply_status_change(self) -> None:
		before = self.get_doc_before_save()
		old = before.status if before else None
		try:
			step = lifecycle.step(old, self.status)
		except lifecycle.TransitionError as error:
			frappe.throw(
				_("A ticket in status {0} cannot move to {1}. It can move to: {2}").format(
					_(error.old), _(error.new), ", ".join(_(s) for s in error.allowed)
				),
				title=_("Status Not Allowed"),
			)
		except lifecycle.UnknownStatus as error:
			frappe.throw(_("Unknown ticket status {0}").format(error), title=_("Status Not Allowed"))
		self.record_step(step)

	def record_step(self, step: lifecycle.Step) -> None:
		now = now_datetime()
		if step is lifecycle.Step.REOPEN:
			self.reopen_count = (self.reopen_count or 0) + 1
			self.last_reopened_on = now
			self.resolved_on = self.closed_on = None
		elif self.status == lifecycle.RESOLVED:
			self.resolved_on = self.resolved_on or now
			self.closed_on = None
		elif self.status == lifecycle.CLOSED:
			self.resolved_on = self.resolved_on or now
			self.closed_on = self.closed_on or now
		else:
			self.resolved_on = self.closed_on = None

	@frappe.whitelist()
	def reopen(self, reason: str | None = None) -> None:
		"""Reopen a resolved or closed ticket on the same ticket: rework stays visible (R1)."""
		if not lifecycle.can_reopen(self.status):
			frappe.throw(
				_("Only a resolved or closed ticket can be reopened; {0} is {1}").format(
					frappe.bold(self.name), _(self.status)
				),
				title=_("Cannot Reopen"),
			)
		self.status = lifecycle.OPEN
		self.save()
		self.add_comment("Info", _("Reopened: {0}").format(reason) if reason else _("Reopened"))

	# --- timeline -----------------------------------------------------------------------

	@frappe.whitelist()
	def add_internal_note(self, content: str) -> str:
		return ticket_timeline.add_internal_note(self, content).name

	@frappe.whitelist()
	def reply_to_customer(self, content: str) -> str:
		return ticket_timeline.reply_to_customer(self, content)

	def on_communication_update(self, communication) -> None:
		"""Replaces Frappe's own update of the parent of a Communication.

		Frappe would set `first_response_time` to wall-clock seconds since creation
		and change the status; the ticket's first response is business time on the
		SLA calendar (`ticket_sla.on_communication`) and its status follows the
		lifecycle (`email_intake.on_communication`).
		"""
		self.notify_update()
