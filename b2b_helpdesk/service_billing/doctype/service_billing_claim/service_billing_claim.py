# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceBillingClaim(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		act_item: DF.Data | None
		allowance_used: DF.Float
		amount: DF.Currency
		date: DF.Date | None
		description: DF.SmallText | None
		engineer: DF.Link | None
		item_code: DF.Link | None
		kind: DF.Data | None
		qty: DF.Float
		rate: DF.Currency
		service_act: DF.Link
		service_ticket: DF.Link | None
		source: DF.Data
		uom: DF.Data | None
	# end: auto-generated types

	pass
