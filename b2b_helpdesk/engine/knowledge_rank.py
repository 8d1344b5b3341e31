"""Which knowledge articles a ticket is offered, best first (R18). Plain Python, no database.

An article is offered when it is linked to the equipment's model, or to the ticket's
category or any category above it (the category tree: a "Refrigeration" manual helps
with a "Refrigeration > Compressor" ticket). Order:
1. articles about the model come first — the machine's own manual beats a general one;
2. then the closer the category the better: the ticket's own category, then its parent,
   then the grandparent …; an article with no matching category after every category match;
3. ties by title, then by name, so the order never depends on how the rows were read.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

NO_CATEGORY_MATCH = 10**6


@dataclass(frozen=True)
class ArticleLinks:
	name: str
	title: str
	models: frozenset[str] = frozenset()
	categories: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Suggestion:
	name: str
	title: str
	model_match: bool
	category: str | None  # the closest of the ticket's categories the article is linked to


def rank_articles(
	articles: Iterable[ArticleLinks], model: str | None, category_path: Sequence[str]
) -> list[Suggestion]:
	"""The articles offered for `model` and `category_path` (the ticket's category first, then its
	ancestors up to the root), best first; articles linked to neither are left out."""
	distance = {category: index for index, category in reversed(list(enumerate(category_path)))}
	offered = []
	for article in articles:
		model_match = bool(model) and model in article.models
		closest = min((distance[c] for c in article.categories if c in distance), default=NO_CATEGORY_MATCH)
		if not model_match and closest == NO_CATEGORY_MATCH:
			continue
		key = (not model_match, closest, article.title, article.name)
		category = category_path[closest] if closest != NO_CATEGORY_MATCH else None
		offered.append((key, Suggestion(article.name, article.title, model_match, category)))
	return [suggestion for _key, suggestion in sorted(offered, key=lambda pair: pair[0])]
