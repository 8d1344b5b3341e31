"""/field: the engineer's jobs of today (issue 14)."""

from frappe import _

from b2b_helpdesk.field_service.phone_jobs import today_jobs
from b2b_helpdesk.field_service.phone_pages import field_page

no_cache = 1


def get_context(context):
	field_page(context, _("Today's Jobs"))
	context.jobs = today_jobs()
	# the phone keeps each job page (history, manuals inside) for the cellar without signal
	context.precache = ["/field"] + [job["route"] for job in context.jobs]
	return context
