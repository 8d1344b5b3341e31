"""Portal: the client's equipment within the contact's scope (R34)."""

from frappe import _

from b2b_helpdesk.portal.access import portal_page
from b2b_helpdesk.portal.equipment import equipment_rows

no_cache = 1


@portal_page("Asset")
def get_context(context):
	context.title = _("My Equipment")
	context.equipment = equipment_rows()
