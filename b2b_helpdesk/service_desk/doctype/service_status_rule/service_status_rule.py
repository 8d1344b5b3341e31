# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model import no_value_fields
from frappe.model.document import Document


class ServiceStatusRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from b2b_helpdesk.service_desk.doctype.service_status_rule_field.service_status_rule_field import (
			ServiceStatusRuleField,
		)
		from frappe.types import DF

		category: DF.Link | None
		checklist_complete: DF.Check
		enabled: DF.Check
		handling_path: DF.Literal["", "Fast", "Standard", "Advanced"]
		required_fields: DF.Table[ServiceStatusRuleField]
		to_status: DF.Literal[
			"Open", "In Progress", "Waiting for Customer", "Waiting for Third Party", "Resolved", "Closed"
		]

	# end: auto-generated types
	def validate(self) -> None:
		self.check_required_fields()
		self.check_something_required()

	def check_required_fields(self) -> None:
		"""Each row names a field of the ticket that can hold a value; its label is filled in."""
		meta = frappe.get_meta("Service Ticket")
		seen = set()
		for row in self.required_fields:
			row.fieldname = (row.fieldname or "").strip()
			field = meta.get_field(row.fieldname)
			if not field or field.fieldtype in no_value_fields:
				frappe.throw(
					_("Row {0}: the Service Ticket has no field {1} that can be filled in").format(
						row.idx, frappe.bold(row.fieldname)
					),
					title=_("Unknown Field"),
				)
			if row.fieldname in seen:
				frappe.throw(
					_("Row {0}: {1} is listed twice").format(row.idx, _(field.label)),
					title=_("Duplicate Field"),
				)
			seen.add(row.fieldname)
			row.label = field.label

	def check_something_required(self) -> None:
		if not (self.required_fields or self.checklist_complete):
			frappe.throw(
				_("Name the fields to fill in or require a complete checklist"), title=_("Empty Rule")
			)
