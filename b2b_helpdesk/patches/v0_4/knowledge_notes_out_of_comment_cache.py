"""Internal notes on Knowledge Articles, written before the articles joined the staff-only list,
leave the articles' `_comments` cache (a client reads a published article with that column)."""

from b2b_helpdesk.access_guards import scrub_all_comment_caches


def execute() -> None:
	scrub_all_comment_caches(("Knowledge Article",))
