"""Portal: the client's equipment within the contact's scope (R34)."""

from frappe import _

from b2b_helpdesk.portal.equipment import equipment_rows
from b2b_helpdesk.portal.scope import require_signed_in

no_cache = 1


def get_context(context):
	require_signed_in()
	context.title = _("My Equipment")
	context.equipment = equipment_rows()
