from b2b_helpdesk.setup.indexes import ensure_indexes


def execute() -> None:
	ensure_indexes()
