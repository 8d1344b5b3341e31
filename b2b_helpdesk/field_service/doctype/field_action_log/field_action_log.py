# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

from frappe.model.document import Document


class FieldActionLog(Document):
	"""One action sent from the engineer's phone, under the key the phone gave it (see field_service/phone_replay.py)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		action: DF.Data
		idempotency_key: DF.Data
		result: DF.LongText | None
		service_ticket: DF.Link | None
		taken_on: DF.Datetime | None
		user: DF.Link

	# end: auto-generated types
	pass
