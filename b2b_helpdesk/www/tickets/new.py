"""Portal: raise a service request at one of the contact's own locations, for one of its machines."""

import frappe
from frappe import _

from b2b_helpdesk.api.portal import raise_options
from b2b_helpdesk.portal.access import portal_page

no_cache = 1


@portal_page("Service Ticket", "create")
def get_context(context):
	options = raise_options()
	asset = frappe.form_dict.get("asset")
	context.update(
		title=_("New Service Request"),
		options=options,
		chosen_asset=asset if isinstance(asset, str) else "",
	)
