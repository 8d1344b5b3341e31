# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt
"""One client answer per resolved ticket (R13, R15): written only by `insight/ratings.py`."""

from frappe.model.document import Document


class ServiceTicketRating(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		comment: DF.SmallText | None
		contact: DF.Link | None
		customer: DF.Link | None
		follow_up: DF.Link | None
		rated_by: DF.Data | None
		rated_on: DF.Datetime | None
		rating: DF.Int
		service_ticket: DF.Link
	# end: auto-generated types
	pass
