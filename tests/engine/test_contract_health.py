"""The contract health score (R31): hand-counted cases and properties."""

from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.contract_health import HealthFacts, health, renewal_thresholds_due

percent = st.one_of(st.none(), st.floats(0, 100))
rating = st.one_of(st.none(), st.floats(1, 5))
facts = st.builds(
	HealthFacts,
	sla_met_percent=percent,
	recent_rating=rating,
	earlier_rating=rating,
	margin_percent=st.one_of(st.none(), st.floats(-200, 200)),
	reopen_percent=percent,
	recent_tickets=st.integers(0, 500),
	earlier_tickets=st.integers(0, 500),
)


def test_a_hand_counted_contract():
	h = health(HealthFacts(80, 3.5, 4.0, 10, 10, 12, 8))
	# sla 80; satisfaction 62.5 - 12.5 = 50; margin 75; reopen 50; trend 100 - 50 x 0.5 = 75
	assert h.parts == {
		"sla": 80.0,
		"satisfaction": 50.0,
		"margin": 75.0,
		"reopen": 50.0,
		"ticket_trend": 75.0,
	}
	assert h.score == 66.5  # (2400 + 1250 + 1500 + 750 + 750) / 100
	assert h.verdict == "Watch"


def test_missing_parts_are_left_out_not_counted_as_zero():
	h = health(HealthFacts(sla_met_percent=90, margin_percent=20))
	assert h.parts == {
		"sla": 90.0,
		"satisfaction": None,
		"margin": 100.0,
		"reopen": None,
		"ticket_trend": None,
	}
	assert (h.score, h.verdict) == (94.0, "Healthy")  # (2700 + 2000) / 50
	assert health(HealthFacts()).score is None and health(HealthFacts()).verdict == "No Data"


@given(facts)
def test_the_score_is_between_0_and_100_and_matches_its_verdict(f):
	h = health(f)
	assert all(v is None or 0 <= v <= 100 for v in h.parts.values())
	if h.score is not None:
		assert 0 <= h.score <= 100
		assert h.verdict == ("Healthy" if h.score >= 70 else "Watch" if h.score >= 50 else "At Risk")


@given(facts, st.floats(0, 100), st.floats(0, 100))
def test_better_sla_never_lowers_the_score(f, a, b):
	low, high = sorted((a, b))
	worse = health(HealthFacts(**{**f.__dict__, "sla_met_percent": low})).score
	better = health(HealthFacts(**{**f.__dict__, "sla_met_percent": high})).score
	assert better >= worse


@given(st.integers(-5, 120), st.sets(st.sampled_from([60, 30])))
def test_each_notice_threshold_is_due_once(days_left, already):
	due = renewal_thresholds_due(days_left, (60, 30), already)
	assert not set(due) & already
	assert all(days_left <= t for t in due)
	assert set(due) | already >= {t for t in (60, 30) if 0 <= days_left <= t}
