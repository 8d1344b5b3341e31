# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class ServiceEngineer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from b2b_helpdesk.field_service.doctype.service_engineer_skill.service_engineer_skill import (
			ServiceEngineerSkill,
		)
		from b2b_helpdesk.field_service.doctype.service_engineer_tier.service_engineer_tier import (
			ServiceEngineerTier,
		)

		active: DF.Check
		employee: DF.Link
		employee_name: DF.Data | None
		holiday_list: DF.Link | None
		skills: DF.Table[ServiceEngineerSkill]
		territory: DF.Link | None
		tiers: DF.Table[ServiceEngineerTier]
		travel_zone: DF.Link | None
		user: DF.Link | None
		working_calendar: DF.Link | None
	# end: auto-generated types

	def validate(self) -> None:
		self.check_user()
		self.check_skills()

	def check_user(self) -> None:
		"""Jobs are assigned to a user: an engineer without one cannot take any."""
		if self.active and not self.user:
			frappe.throw(
				_("Employee {0} has no User ID: set it on the Employee before he takes jobs").format(
					frappe.bold(self.employee)
				),
				title=_("No User"),
			)

	def check_skills(self) -> None:
		for row in self.skills:
			if not (row.category or row.item):
				frappe.throw(
					_("Skill row {0} names neither a ticket category nor an equipment model").format(row.idx),
					title=_("Empty Skill"),
				)
