"""The knowledge base search page: engineers on the phone, staff from the desk, clients on the portal."""

import frappe
from frappe import _

from b2b_helpdesk.knowledge.search import search_articles
from b2b_helpdesk.portal.access import portal_page

no_cache = 1


@portal_page("Knowledge Article")
def get_context(context):
	query = frappe.form_dict.get("q")
	query = query.strip()[:140] if isinstance(query, str) else ""
	context.update(
		title=_("Knowledge Base"),
		query=query,
		results=search_articles(query) if query else [],
		no_breadcrumbs=True,
	)
