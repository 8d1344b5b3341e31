"""Internal notes written before the Comment doc event existed leave the records' `_comments` cache."""

from b2b_helpdesk.access_guards import scrub_all_comment_caches


def execute() -> None:
	scrub_all_comment_caches()
