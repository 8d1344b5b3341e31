"""Portal: the acts of completed work of the client companies the signed-in contact may accept for."""

import frappe
from frappe import _

no_cache = 1


def get_context(context):
	if frappe.session.user == "Guest":
		frappe.throw(_("Log in to see your acts"), frappe.PermissionError)
	context.title = _("Acts of Completed Work")
	context.acts = frappe.get_list(
		"Service Act",
		filters={"docstatus": 1},
		fields=["name", "customer_name", "from_date", "to_date", "grand_total", "currency", "act_status"],
		order_by="from_date desc",
	)
