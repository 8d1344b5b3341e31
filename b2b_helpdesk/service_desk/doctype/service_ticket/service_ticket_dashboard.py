from frappe import _


def get_data():
	return {
		"fieldname": "parent_ticket",
		"transactions": [{"label": _("Sub-tickets"), "items": ["Service Ticket"]}],
	}
