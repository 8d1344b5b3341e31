"""The knowledge articles offered for a machine or a ticket: by the equipment's model and the category tree.

`articles_for_asset` serves the engineer's phone (the job page), `articles_for_ticket` the desk
(the intake hints) and the phone alike. Both read with the caller's rights: the asset or ticket
must be readable, and only the articles the user may read are offered (staff: published ones;
a client's contact: the published ones marked for clients — `knowledge/access.py`).
"""

import frappe
from frappe.query_builder import DocType

from b2b_helpdesk.engine.knowledge_rank import ArticleLinks, rank_articles
from b2b_helpdesk.knowledge.access import ARTICLE


@frappe.whitelist()
def articles_for_asset(asset: str, category: str | None = None) -> list[dict]:
	"""Articles for a machine (by its model, Asset.item_code) and, if given, a ticket category."""
	frappe.has_permission("Asset", "read", doc=asset, throw=True)
	model = frappe.db.get_value("Asset", asset, "item_code")
	return suggested_articles(model, category or None)


@frappe.whitelist()
def articles_for_ticket(ticket: str) -> list[dict]:
	"""Articles for a ticket: its equipment's model (the ticket's item_code, else its asset's) and category."""
	frappe.has_permission("Service Ticket", "read", doc=ticket, throw=True)
	row = frappe.db.get_value("Service Ticket", ticket, ["item_code", "asset", "category"], as_dict=True)
	model = row.item_code or (frappe.db.get_value("Asset", row.asset, "item_code") if row.asset else None)
	return suggested_articles(model, row.category)


def suggested_articles(model: str | None, category: str | None) -> list[dict]:
	if not frappe.has_permission(ARTICLE, "read"):
		return []
	path = category_path(category) if category else []
	candidates = linked_articles(model, path)
	if not candidates:
		return []
	readable = {
		row.name: row.title
		for row in frappe.get_list(
			ARTICLE,
			filters={"name": ("in", candidates), "published": 1},
			fields=["name", "title"],
			limit_page_length=0,
		)
	}
	ranked = rank_articles(article_links(readable), model, path)
	files = attachments_of([s.name for s in ranked])
	return [
		{
			"name": s.name,
			"title": s.title,
			"url": article_url(s.name),
			"attachments": files.get(s.name, []),
			"model_match": s.model_match,
			"category": s.category,
		}
		for s in ranked
	]


def category_path(category: str) -> list[str]:
	"""The category and every category above it, nearest first (the tree's nested set)."""
	bounds = frappe.db.get_value("Service Ticket Category", category, ["lft", "rgt"])
	if not bounds:
		return []
	lft, rgt = bounds
	return frappe.get_all(
		"Service Ticket Category",
		filters={"lft": ("<=", lft), "rgt": (">=", rgt)},
		order_by="lft desc",
		pluck="name",
	)


def linked_articles(model: str | None, path: list[str]) -> list[str]:
	"""Names of the articles linked to the model or to one of the categories (rights not applied yet)."""
	names: set[str] = set()
	if model:
		m = DocType("Knowledge Article Model")
		names.update(row[0] for row in frappe.qb.from_(m).select(m.parent).where(m.item == model).run())
	if path:
		c = DocType("Knowledge Article Category")
		names.update(row[0] for row in frappe.qb.from_(c).select(c.parent).where(c.category.isin(path)).run())
	return sorted(names)


def article_links(titles: dict[str, str]) -> list[ArticleLinks]:
	if not titles:
		return []
	models: dict[str, set[str]] = {}
	categories: dict[str, set[str]] = {}
	for table, field, into in (
		("Knowledge Article Model", "item", models),
		("Knowledge Article Category", "category", categories),
	):
		for row in frappe.get_all(
			table, filters={"parent": ("in", list(titles)), "parenttype": ARTICLE}, fields=["parent", field]
		):
			into.setdefault(row.parent, set()).add(row[field])
	return [
		ArticleLinks(name, title, frozenset(models.get(name, ())), frozenset(categories.get(name, ())))
		for name, title in titles.items()
	]


def attachments_of(articles: list[str]) -> dict[str, list[dict]]:
	"""The files attached to each article (read only for articles the user may read)."""
	if not articles:
		return {}
	files: dict[str, list[dict]] = {}
	for row in frappe.get_all(
		"File",
		filters={"attached_to_doctype": ARTICLE, "attached_to_name": ("in", articles), "is_folder": 0},
		fields=["attached_to_name", "file_name", "file_url"],
		order_by="file_name asc, name asc",
	):
		files.setdefault(row.attached_to_name, []).append(
			{"file_name": row.file_name, "file_url": row.file_url}
		)
	return files


def article_url(name: str) -> str:
	"""The article's page for the phone and the portal (www/knowledge)."""
	return f"/knowledge/{name}"
