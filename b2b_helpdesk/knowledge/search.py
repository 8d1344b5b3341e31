"""Search the knowledge base: title, content and the linked models, for the desk and the phone.

One whitelisted method answers JSON (the phone) and feeds the `/knowledge` page (the desk links
to it, clients use it on the portal). It reads with the caller's rights (`knowledge/access.py`).
"""

import frappe
from frappe import _
from frappe.utils import strip_html

from b2b_helpdesk.knowledge.access import ARTICLE
from b2b_helpdesk.knowledge.suggest import article_url, attachments_of

MAX_RESULTS = 50
SNIPPET = 160


@frappe.whitelist()
def search_articles(query: str, limit: int = 20) -> list[dict]:
	"""Published articles whose title, content or equipment model contains every word of `query`."""
	words = search_words(query)
	if not words:
		return []
	limit = max(1, min(int(limit or 20), MAX_RESULTS))
	filters = [[ARTICLE, "published", "=", 1]]
	for word in words:
		filters.append([ARTICLE, "name", "in", matching_names(word) or [""]])
	rows = frappe.get_list(
		ARTICLE,
		filters=filters,
		fields=["name", "title", "content", "for_clients"],
		order_by="title asc, name asc",
		limit_page_length=limit,
	)
	files = attachments_of([row.name for row in rows])
	return [
		{
			"name": row.name,
			"title": row.title,
			"url": article_url(row.name),
			"snippet": snippet(row.content),
			"for_clients": bool(row.for_clients),
			"attachments": files.get(row.name, []),
		}
		for row in rows
	]


def search_words(query) -> list[str]:
	if query is None:
		return []
	if not isinstance(query, str):
		frappe.throw(_("Search for a text"), frappe.ValidationError)
	return [word for word in query.split()[:8] if word][:8]


def matching_names(word: str) -> list[str]:
	"""Articles with `word` in the title, the content or a linked model's code or name (LIKE, escaped)."""
	pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
	return [
		row[0]
		for row in frappe.db.sql(
			"""
			select a.name from `tabKnowledge Article` a where a.title like %(p)s or a.content like %(p)s
			union
			select m.parent from `tabKnowledge Article Model` m left join `tabItem` i on i.name = m.item
			where m.item like %(p)s or i.item_name like %(p)s
			""",
			{"p": pattern},
		)
	]


def snippet(content: str | None) -> str:
	text = " ".join(strip_html(content or "").split())
	return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "…"
