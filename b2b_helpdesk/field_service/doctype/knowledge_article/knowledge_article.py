# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

from frappe.model.document import Document


class KnowledgeArticle(Document):
	"""A manual, schematic or how-to; who reads it is the row rule in `knowledge/access.py`."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from b2b_helpdesk.field_service.doctype.knowledge_article_category.knowledge_article_category import (
			KnowledgeArticleCategory,
		)
		from b2b_helpdesk.field_service.doctype.knowledge_article_model.knowledge_article_model import (
			KnowledgeArticleModel,
		)

		categories: DF.TableMultiSelect[KnowledgeArticleCategory]
		content: DF.TextEditor | None
		equipment_models: DF.TableMultiSelect[KnowledgeArticleModel]
		for_clients: DF.Check
		published: DF.Check
		title: DF.Data
	# end: auto-generated types

	def validate(self):
		self.title = (self.title or "").strip()
		self.drop_duplicate_links()

	def drop_duplicate_links(self):
		"""A model or a category listed twice would suggest nothing more; keep the first."""
		for table, field in (("equipment_models", "item"), ("categories", "category")):
			seen, kept = set(), []
			for row in self.get(table):
				if row.get(field) not in seen:
					seen.add(row.get(field))
					kept.append(row)
			self.set(table, kept)
