"""Customer: the company view of its service (R22, R24)."""

import frappe
from frappe import _


def get_dashboard_data(data):
	data = frappe._dict(data)
	data.setdefault("non_standard_fieldnames", {})["Contract"] = "party_name"
	data.transactions = [
		*data.get("transactions", []),
		{"label": _("Service Desk"), "items": ["Service Ticket", "Contract", "Asset"]},
	]
	return data
