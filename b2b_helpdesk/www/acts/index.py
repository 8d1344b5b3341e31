"""Portal: the acts of completed work of the client companies the signed-in contact may accept for."""

import frappe
from frappe import _

from b2b_helpdesk.portal.access import portal_page

no_cache = 1


@portal_page("Service Act")
def get_context(context):
	context.title = _("Acts of Completed Work")
	context.acts = frappe.get_list(
		"Service Act",
		filters={"docstatus": 1},
		fields=["name", "customer_name", "from_date", "to_date", "grand_total", "currency", "act_status"],
		order_by="from_date desc",
	)
