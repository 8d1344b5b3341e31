"""Which knowledge articles a ticket is offered, in which order (engine/knowledge_rank.py)."""

from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.knowledge_rank import ArticleLinks, rank_articles

PATH = ["Compressor", "Refrigeration", "All"]  # the ticket's category, then its ancestors


def article(name, title=None, models=(), categories=()):
	return ArticleLinks(name, title or name, frozenset(models), frozenset(categories))


def test_model_first_then_the_closest_category_then_title():
	articles = [
		article("parent", "A parent-category article", categories=["Refrigeration"]),
		article("exact", "Compressor repair", categories=["Compressor"]),
		article("model", "Z model manual", models=["M1"]),
		article("both", "Y wiring", models=["M1"], categories=["Compressor"]),
		article("other", "Other model", models=["M2"], categories=["Lifts"]),
		article("root", "General safety", categories=["All"]),
	]
	ranked = rank_articles(articles, "M1", PATH)
	assert [s.name for s in ranked] == ["both", "model", "exact", "parent", "root"]
	assert [(s.model_match, s.category) for s in ranked] == [
		(True, "Compressor"),
		(True, None),
		(False, "Compressor"),
		(False, "Refrigeration"),
		(False, "All"),
	]


def test_an_article_counts_its_closest_category():
	ranked = rank_articles([article("a", categories=["All", "Compressor"])], None, PATH)
	assert [(s.name, s.category) for s in ranked] == [("a", "Compressor")]


def test_nothing_without_model_or_category():
	assert rank_articles([article("a", models=["M1"], categories=["Compressor"])], None, []) == []


names = st.text(alphabet="abc", min_size=1, max_size=3)
links = st.builds(
	article,
	names,
	st.sampled_from(["t1", "t2", "t3"]),
	st.frozensets(st.sampled_from(["M1", "M2"])),
	st.frozensets(st.sampled_from(["Compressor", "Refrigeration", "All", "Lifts"])),
)


@given(st.lists(links, unique_by=lambda a: a.name), st.sampled_from([None, "M1", "M2"]))
def test_order_does_not_depend_on_the_input_order_and_offers_only_linked_articles(articles, model):
	ranked = rank_articles(articles, model, PATH)
	assert ranked == rank_articles(list(reversed(articles)), model, PATH)
	offered = {s.name for s in ranked}
	assert offered == {a.name for a in articles if (model in a.models) or (a.categories & set(PATH))}
	flags = [not s.model_match for s in ranked]
	assert flags == sorted(flags)  # every model match before every other
