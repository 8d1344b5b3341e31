"""Client ratings (R13, R15): when a rating may be given or changed, what counts as low. No frappe."""

from datetime import datetime, timedelta

LOWEST, HIGHEST = 1, 5


def rating_deadline(resolved_on: datetime, window_days: int) -> datetime:
	"""The last moment a resolved ticket may be rated or its rating changed."""
	return resolved_on + timedelta(days=max(window_days, 0))


def may_rate(resolved_on: datetime | None, now: datetime, window_days: int) -> bool:
	return resolved_on is not None and resolved_on <= now <= rating_deadline(resolved_on, window_days)


def valid_rating(value: object) -> bool:
	return isinstance(value, int) and not isinstance(value, bool) and LOWEST <= value <= HIGHEST


def is_low(rating: int, threshold: int) -> bool:
	return rating <= threshold
