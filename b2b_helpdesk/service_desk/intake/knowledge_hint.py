"""What to read: knowledge articles for the ticket's equipment model and category (R18)."""

import frappe

from b2b_helpdesk.knowledge.suggest import suggested_articles

MAX_ARTICLES = 8


def knowledge_hint(asset: str | None, category: str | None) -> dict:
	"""The articles `knowledge.suggest` offers for the machine's model and the category (and above)."""
	model = frappe.db.get_value("Asset", asset, "item_code") if asset else None
	articles = suggested_articles(model, category) if (model or category) else []
	return {
		"model": model,
		"category": category,
		"articles": articles[:MAX_ARTICLES],
		"more": max(0, len(articles) - MAX_ARTICLES),
	}
