"""Asset as the customer's serviced equipment: where it is serviced, and its repair history."""

import frappe
from frappe import _

from b2b_helpdesk.service_contracts.customer_records import check_address


def validate(doc, method=None) -> None:
	if doc.asset_owner != "Customer" or not doc.customer:
		doc.b2b_service_location = None
		return
	if doc.b2b_service_location:
		check_address(doc.b2b_service_location, doc.customer)


def get_dashboard_data(data):
	data = frappe._dict(data)
	data.setdefault("non_standard_fieldnames", {})["Service Ticket"] = "asset"
	data.transactions = [*data.get("transactions", []), {"label": _("Service"), "items": ["Service Ticket"]}]
	return data
