# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

from frappe.utils.nestedset import NestedSet, get_root_of


class ServiceTicketCategory(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category_name: DF.Data
		description: DF.SmallText | None
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_service_ticket_category: DF.Link | None
		rgt: DF.Int
	# end: auto-generated types
	nsm_parent_field = "parent_service_ticket_category"

	def validate(self) -> None:
		if not self.parent_service_ticket_category and not self.is_new_root():
			self.parent_service_ticket_category = get_root_of(self.doctype)

	def is_new_root(self) -> bool:
		return not get_root_of(self.doctype)

	def on_update(self) -> None:
		super().on_update()
		self.validate_one_root()
