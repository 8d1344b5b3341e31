# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceLevelTarget(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Link | None
		first_response_time: DF.Duration | None
		handling_path: DF.Literal["", "Fast", "Standard", "Advanced"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		priority: DF.Literal["Low", "Medium", "High", "Urgent"]
		resolution_time: DF.Duration | None
	# end: auto-generated types
	pass
