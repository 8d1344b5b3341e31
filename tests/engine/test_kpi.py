"""The KPI definitions (R12) and the rating window (R13): hand-counted cases and properties."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.kpi import TicketFacts, group_kpis, judge, meets
from b2b_helpdesk.engine.satisfaction import is_low, may_rate, valid_rating

AS_OF = datetime(2026, 5, 31, 12, 0)


def test_first_time_fix_is_one_visit_and_never_reopened():
	tickets = [
		TicketFacts("Resolved", "Met", 3600, 7200, 0, 1, 5),
		TicketFacts("Closed", "Breached", 7200, 36000, 1, 1, 2),
		TicketFacts("Resolved", "Met", 1800, 14400, 0, 2),
		TicketFacts("Open", "On Track"),
	]
	k = judge(
		group_kpis(tickets, [AS_OF - timedelta(days=10)], AS_OF),
		{"sla_met_percent": 60, "reopen_percent": 30},
	)
	assert (k.tickets, k.median_first_response, k.median_resolution) == (4, 1.0, 4.0)
	assert (k.sla_met_percent, k.first_time_fix_percent, k.reopen_percent) == (66.7, 33.3, 33.3)
	assert (k.backlog, k.backlog_age_days, k.satisfaction, k.ratings) == (1, 10.0, 3.5, 2)
	assert k.on_target == {"sla_met_percent": True, "reopen_percent": False}


def test_nothing_to_judge_gives_no_value_and_no_verdict():
	k = judge(group_kpis([], [], AS_OF), {"sla_met_percent": 90, "backlog": 0})
	assert (k.sla_met_percent, k.median_resolution, k.satisfaction) == (None, None, None)
	assert k.on_target == {"backlog": True}


@given(st.floats(0, 1000), st.floats(0, 1000))
def test_times_are_met_at_or_below_and_percentages_at_or_above(value, target):
	assert meets("median_resolution", value, target) == (value <= target)
	assert meets("sla_met_percent", value, target) == (value >= target)


@given(st.integers(0, 30), st.integers(-5, 40))
def test_the_rating_window(window, days_after):
	resolved = datetime(2026, 5, 20, 10, 0)
	assert may_rate(resolved, resolved + timedelta(days=days_after), window) == (0 <= days_after <= window)


def test_ratings_are_whole_numbers_from_1_to_5():
	assert [valid_rating(v) for v in (0, 1, 5, 6, 3.0, True, "4")] == [
		False,
		True,
		True,
		False,
		False,
		False,
		False,
	]
	assert is_low(2, 2) and not is_low(3, 2)
