"""The ticket list for triage: the dispatcher's "My Team" filter (the ERP's User Groups = teams)."""

import frappe

from b2b_helpdesk.field_service.routing_data import OPEN_WORK_EXCLUDES
from b2b_helpdesk.permissions import team_of

LIMIT = 1000


@frappe.whitelist()
def my_team_tickets() -> list[str]:
	"""Open tickets assigned to the user or to anyone in a User Group the user belongs to."""
	frappe.has_permission("Service Ticket", "read", throw=True)
	names = frappe.db.sql(
		"""
		select distinct td.reference_name
		from `tabToDo` td join `tabService Ticket` st on st.name = td.reference_name
		where td.reference_type = 'Service Ticket' and td.status = 'Open'
			and td.allocated_to in %(team)s and st.status not in %(done)s
		order by td.reference_name
		limit %(limit)s
		""",
		{"team": tuple(team_of(frappe.session.user)), "done": OPEN_WORK_EXCLUDES, "limit": LIMIT},
	)
	return [name for (name,) in names]
