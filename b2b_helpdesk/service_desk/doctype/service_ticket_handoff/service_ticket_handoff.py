# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceTicketHandoff(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		due_by: DF.Datetime | None
		handed_over_by: DF.Link | None
		handed_over_on: DF.Datetime | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reference: DF.Data | None
		returned_on: DF.Datetime | None
		supplier: DF.Link | None
	# end: auto-generated types
	pass
