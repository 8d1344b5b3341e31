"""Portal: raise a service request at one of the contact's own locations, for one of its machines."""

import frappe
from frappe import _

from b2b_helpdesk.api.portal import raise_options
from b2b_helpdesk.portal.scope import require_signed_in

no_cache = 1


def get_context(context):
	require_signed_in()
	options = raise_options()
	asset = frappe.form_dict.get("asset")
	context.update(
		title=_("New Service Request"),
		options=options,
		chosen_asset=asset if isinstance(asset, str) else "",
	)
