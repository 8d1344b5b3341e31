# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceKPITarget(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		kpi: DF.Literal[
			"Median First Response (business h)",
			"Median Resolution (business h)",
			"SLA Met %",
			"First-Time Fix %",
			"Reopen %",
			"Backlog",
			"Backlog Age (days)",
			"Utilisation %",
			"Satisfaction",
		]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		target: DF.Float
	# end: auto-generated types
	pass
