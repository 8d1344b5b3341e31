from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.periods import period_of, previous_period


def test_month_and_quarter():
	assert period_of(date(2026, 2, 14), "Monthly") == (date(2026, 2, 1), date(2026, 2, 28))
	assert period_of(date(2026, 12, 31), "Monthly") == (date(2026, 12, 1), date(2026, 12, 31))
	assert period_of(date(2026, 5, 1), "Quarterly") == (date(2026, 4, 1), date(2026, 6, 30))
	assert previous_period(date(2026, 1, 1), "Quarterly") == (date(2025, 10, 1), date(2025, 12, 31))


def test_unknown_period():
	with pytest.raises(ValueError):
		period_of(date(2026, 1, 1), "Weekly")


@given(
	st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
	st.sampled_from(["Monthly", "Quarterly"]),
)
def test_periods_tile_the_calendar(day, kind):
	start, end = period_of(day, kind)
	assert start <= day <= end
	assert period_of(end + timedelta(days=1), kind)[0] == end + timedelta(days=1)
	assert previous_period(start, kind)[1] == start - timedelta(days=1)
