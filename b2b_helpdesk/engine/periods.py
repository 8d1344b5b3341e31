"""Billing periods: calendar months or quarters."""

from datetime import date, timedelta

MONTHS_IN = {"Monthly": 1, "Quarterly": 3}


def period_of(day: date, billing_period: str) -> tuple[date, date]:
	"""The billing period containing `day`: (first day, last day), both inclusive."""
	months = _months(billing_period)
	first_month = (day.month - 1) // months * months + 1
	start = date(day.year, first_month, 1)
	return start, _add_months(start, months) - timedelta(days=1)


def previous_period(start: date, billing_period: str) -> tuple[date, date]:
	return period_of(start - timedelta(days=1), billing_period)


def _months(billing_period: str) -> int:
	if billing_period not in MONTHS_IN:
		raise ValueError(f"unknown billing period {billing_period!r}")
	return MONTHS_IN[billing_period]


def _add_months(day: date, months: int) -> date:
	month = day.month - 1 + months
	return date(day.year + month // 12, month % 12 + 1, 1)
