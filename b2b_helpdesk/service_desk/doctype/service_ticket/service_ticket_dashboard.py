from frappe import _


def get_data():
	return {
		"fieldname": "parent_ticket",
		"non_standard_fieldnames": {
			"Service Visit": "service_ticket",
			"Timesheet": "b2b_service_ticket",
			"Stock Entry": "b2b_service_ticket",
		},
		"transactions": [
			{"label": _("Sub-tickets"), "items": ["Service Ticket"]},
			{"label": _("Work"), "items": ["Timesheet", "Service Visit", "Stock Entry"]},
		],
	}
