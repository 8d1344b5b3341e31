"""Who reads which Knowledge Article: the row rule (one SQL condition for the list and the document).

- editors (System Manager, Service Manager, Frappe's Knowledge Base Editor) read every article,
  drafts included;
- other staff read the published ones;
- a client's contact (a portal user) reads the published articles marked "Visible to Clients".
Role permissions decide who may read the doctype at all; this rule only takes rows away.
Files attached to an article follow it (Frappe's File permission and `access_guards.file_query`).
"""

import frappe

ARTICLE = "Knowledge Article"
EDITOR_ROLES = frozenset({"System Manager", "Service Manager", "Knowledge Base Editor"})


def may_edit_articles(user: str) -> bool:
	return user == "Administrator" or bool(EDITOR_ROLES & set(frappe.get_roles(user)))


def knowledge_article_query(user: str | None = None) -> str:
	"""Hook `permission_query_conditions` for Knowledge Article ("" = every row)."""
	from b2b_helpdesk.permissions import is_portal_user  # permissions.py imports this module

	user = user or frappe.session.user
	t = f"`tab{ARTICLE}`"
	if is_portal_user(user):
		return f"({t}.`published` = 1 and {t}.`for_clients` = 1)"
	if may_edit_articles(user):
		return ""
	return f"({t}.`published` = 1)"


def knowledge_article_has_permission(doc, ptype=None, user=None) -> bool:
	"""Hook `has_permission`: the same condition for one article. Only editors may make one."""
	user = user or frappe.session.user
	condition = knowledge_article_query(user)
	if not condition:
		return True
	if doc.is_new():
		return False
	return _matches(doc.name, condition)


def _matches(name: str, condition: str) -> bool:
	return bool(frappe.db.sql(f"select 1 from `tab{ARTICLE}` where name = %s and {condition}", name))
