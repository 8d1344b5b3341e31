"""Portal: one act — its lines and totals, the PDF, and accept or dispute it."""

import frappe
from frappe import _

from b2b_helpdesk.portal.access import PortalRefusal, portal_page

no_cache = 1


@portal_page("Service Act")
def get_context(context):
	name = frappe.form_dict.name
	if not name or not frappe.db.exists("Service Act", name):
		raise frappe.DoesNotExistError(_("Act not found"))
	act = frappe.get_doc("Service Act", name)
	if not frappe.has_permission("Service Act", "read", doc=act):
		raise PortalRefusal(_("This act is not among those you may see."))
	context.act = act
	context.title = _("Act {0}").format(act.name)
	context.can_answer = act.act_status == "Submitted"
	context.pdf_url = (
		"/api/method/frappe.utils.print_format.download_pdf?doctype=Service%20Act"
		f"&name={frappe.utils.quote(act.name)}&format=Act%20of%20Completed%20Works"
	)
