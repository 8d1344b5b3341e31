"""/field/job/<ticket>: one job on the engineer's phone — the problem, the client, the equipment, the work."""

import frappe

from b2b_helpdesk.field_service.phone_jobs import job_context
from b2b_helpdesk.field_service.phone_pages import field_page

no_cache = 1


def get_context(context):
	name = frappe.form_dict.name
	field_page(context, name)
	context.update(job_context(name))
	context.precache = [
		*(article.get("url") or article.get("route") for article in context.articles),
		*(file.get("file_url") for article in context.articles for file in article.get("attachments") or []),
		*([f"/field/asset/{context.ticket['asset']}"] if context.ticket.get("asset") else []),
	]
	context.precache = [url for url in context.precache if url]
	return context
