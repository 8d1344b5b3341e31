"""One knowledge article with its files, for whoever may read it (knowledge/access.py)."""

import frappe
from frappe import _
from frappe.utils.html_utils import sanitize_html

from b2b_helpdesk.knowledge.access import ARTICLE
from b2b_helpdesk.knowledge.suggest import attachments_of
from b2b_helpdesk.portal.access import PortalRefusal, portal_page

no_cache = 1


@portal_page(ARTICLE)
def get_context(context):
	name = frappe.form_dict.get("name")
	if not isinstance(name, str) or not frappe.db.exists(ARTICLE, name):
		raise frappe.DoesNotExistError(_("This article does not exist."))
	if not frappe.has_permission(ARTICLE, "read", doc=name):
		raise PortalRefusal(_("You may not read this article."))
	article = frappe.get_doc(ARTICLE, name)
	context.update(
		title=article.title,
		article=article,
		content=sanitize_html(article.content or ""),
		attachments=attachments_of([name]).get(name, []),
		no_breadcrumbs=True,
	)
