# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

from frappe.model.document import Document


class ServiceDeskSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from b2b_helpdesk.service_desk.doctype.service_kpi_target.service_kpi_target import ServiceKPITarget

		auto_assign_new_tickets: DF.Check
		default_service_level_policy: DF.Link | None
		kpi_hours_per_day: DF.Float
		kpi_targets: DF.Table[ServiceKPITarget]
		low_rating_threshold: DF.Int
		planned_lead_days: DF.Int
		rating_window_days: DF.Int
		routing_job_hours: DF.Float
	# end: auto-generated types
	pass
