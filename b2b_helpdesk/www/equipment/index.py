"""Portal: the client's equipment within the contact's scope (R34)."""

from frappe import _

from b2b_helpdesk.portal.equipment import equipment_rows
from b2b_helpdesk.portal.scope import require_portal_user

no_cache = 1


def get_context(context):
	require_portal_user()
	context.title = _("My Equipment")
	context.equipment = equipment_rows()
