"""/field/asset/<asset>: the page a machine's QR label opens for an engineer — its history and manuals."""

import frappe

from b2b_helpdesk.field_service.phone_jobs import asset_context
from b2b_helpdesk.field_service.phone_pages import field_page

no_cache = 1


def get_context(context):
	name = frappe.form_dict.name
	field_page(context, name)
	context.update(asset_context(name))
	context.title = context.asset["asset_name"] or name
	return context
