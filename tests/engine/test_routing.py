"""Routing (R6, R10): hand-built teams and properties of the ranking."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.routing import (
	Engineer,
	Job,
	Place,
	Reason,
	ReasonCode,
	Urgency,
	best,
	rank,
)

D = Decimal
FRIDGE_JOB = Job(
	categories=("Refrigeration", "Equipment Repair"),
	model="FRIDGE-X200",
	territory="Boston",
	zone="City",
	tier="Gold",
)


def test_a_hand_built_team():
	team = [
		Engineer(
			"anna@x",
			categories=frozenset({"Refrigeration"}),
			territories=frozenset({"Boston"}),
			load_hours=D(6),
		),
		Engineer("ben@x", models=frozenset({"FRIDGE-X200"}), zone="City", load_hours=D(1)),
		Engineer("carl@x", categories=frozenset({"POS"}), territories=frozenset({"Boston"}), load_hours=D(0)),
		Engineer(
			"dora@x",
			categories=frozenset({"Equipment Repair"}),
			territories=frozenset({"Boston"}),
			tiers=frozenset({"Silver"}),
			load_hours=D(0),
		),
	]
	ranked = rank(FRIDGE_JOB, team)
	assert [c.user for c in ranked] == ["anna@x", "dora@x", "ben@x", "carl@x"]
	assert ranked[0].reasons == (
		Reason(ReasonCode.SKILL_CATEGORY, "Refrigeration"),
		Reason(ReasonCode.SAME_TERRITORY, "Boston"),
		Reason(ReasonCode.SERVES_TIER, "Gold"),
		Reason(ReasonCode.LOAD, D(6)),
	)
	assert ranked[1].reasons[0] == Reason(ReasonCode.SKILL_CATEGORY, "Equipment Repair")  # a parent category
	assert ranked[1].reasons[2] == Reason(ReasonCode.OTHER_TIER, "Gold")
	assert ranked[2].reasons[:2] == (
		Reason(ReasonCode.SKILL_MODEL, "FRIDGE-X200"),
		Reason(ReasonCode.SAME_ZONE, "City"),
	)
	assert (ranked[3].skilled, ranked[3].reasons[0]) == (False, Reason(ReasonCode.NO_SKILL))
	assert best(FRIDGE_JOB, team).user == "anna@x"


def test_urgent_jobs_go_to_whoever_is_on_duty_first():
	team = [
		Engineer(
			"near@x",
			categories=frozenset({"Refrigeration"}),
			territories=frozenset({"Boston"}),
			on_duty=False,
		),
		Engineer("far@x", categories=frozenset({"Refrigeration"}), on_duty=True),
	]
	assert [c.user for c in rank(FRIDGE_JOB, team)] == ["near@x", "far@x"]
	urgent = Job(**{**FRIDGE_JOB.__dict__, "urgency": Urgency.URGENT})
	ranked = rank(urgent, team)
	assert [c.user for c in ranked] == ["far@x", "near@x"]
	assert Reason(ReasonCode.OFF_DUTY) in ranked[1].reasons


def test_nobody_with_the_skill_means_no_best_candidate():
	assert best(FRIDGE_JOB, [Engineer("carl@x", categories=frozenset({"POS"}))]) is None
	assert best(Job(), [Engineer("carl@x")]).reasons[0] == Reason(ReasonCode.NO_SKILL_NEEDED)


# --- properties ---------------------------------------------------------------------------------

CATEGORIES = ["Refrigeration", "Equipment Repair", "POS", "Lifts"]
engineers = st.builds(
	Engineer,
	user=st.sampled_from([f"e{i}@x" for i in range(12)]),
	categories=st.frozensets(st.sampled_from(CATEGORIES), max_size=2),
	models=st.frozensets(st.sampled_from(["FRIDGE-X200", "POS-T5"]), max_size=1),
	territories=st.frozensets(st.sampled_from(["Boston", "North", "South"]), max_size=2),
	zone=st.sampled_from([None, "City", "Region"]),
	tiers=st.frozensets(st.sampled_from(["Gold", "Silver"]), max_size=1),
	load_hours=st.decimals(min_value=0, max_value=80, places=1),
	on_duty=st.booleans(),
)
teams = st.lists(engineers, max_size=10, unique_by=lambda e: e.user)
jobs = st.builds(
	Job,
	categories=st.sampled_from([(), ("Refrigeration", "Equipment Repair"), ("POS",), ("Lifts",)]),
	model=st.sampled_from([None, "FRIDGE-X200", "POS-T5"]),
	territory=st.sampled_from([None, "Boston", "North"]),
	zone=st.sampled_from([None, "City", "Region"]),
	tier=st.sampled_from([None, "Gold", "Silver"]),
	urgency=st.sampled_from(list(Urgency)),
)


@given(jobs, teams)
def test_nobody_without_the_skill_outranks_someone_with_it(job, team):
	skilled = [c.skilled for c in rank(job, team)]
	assert skilled == sorted(skilled, reverse=True)


@given(jobs, teams, st.randoms())
def test_the_order_never_depends_on_the_order_engineers_come_in(job, team, rnd):
	shuffled = list(team)
	rnd.shuffle(shuffled)
	assert [c.user for c in rank(job, team)] == [c.user for c in rank(job, shuffled)]


@given(jobs, engineers, st.decimals(min_value=0, max_value=40, places=1))
def test_less_load_wins_when_all_else_is_equal_and_ties_go_by_name(job, engineer, extra):
	twin = Engineer(**{**engineer.__dict__, "user": "zz-twin@x", "load_hours": engineer.load_hours + extra})
	ranked = [c.user for c in rank(job, [twin, engineer])]
	assert ranked == [engineer.user, twin.user]  # fewer hours first; equal hours: by user name


@given(jobs, teams)
def test_a_nearer_skilled_engineer_comes_first_when_urgency_and_tier_are_equal(job, team):
	ranked = rank(Job(**{**job.__dict__, "urgency": Urgency.NORMAL, "tier": None}), team)
	places = [(not c.skilled, -c.place) for c in ranked]
	assert places == sorted(places)
	assert all(isinstance(c.place, Place) for c in ranked)


def test_a_travel_zone_reaches_every_territory_below_it():
	job = Job(categories=("Refrigeration",), territory="Back Bay", zones=("Back Bay", "Boston", "East"))
	team = [
		Engineer("east@x", categories=frozenset({"Refrigeration"}), zone="East"),
		Engineer("west@x", categories=frozenset({"Refrigeration"}), zone="West"),
	]
	ranked = rank(job, team)
	assert [c.user for c in ranked] == ["east@x", "west@x"]
	assert ranked[0].reasons[1] == Reason(ReasonCode.SAME_ZONE, "East")
	assert ranked[1].reasons[1] == Reason(ReasonCode.ELSEWHERE)


@given(jobs, teams)
def test_everyone_is_listed_once_with_a_reason_for_each_point(job, team):
	ranked = rank(job, team)
	assert sorted(c.user for c in ranked) == sorted(e.user for e in team)
	urgent = job.urgency is Urgency.URGENT
	assert all(len(c.reasons) == (5 if urgent else 4) for c in ranked)
	assert all(c.reasons[-1].code is ReasonCode.LOAD for c in ranked)


@given(jobs, teams, st.sampled_from([None, 1, 3]))
def test_the_top_few_are_the_head_of_the_whole_list_and_skill_agrees_with_its_reason(job, team, limit):
	whole = rank(job, team)
	assert rank(job, team, limit) == (whole[:limit] if limit is not None else whole)
	assert all(c.skilled == (c.reasons[0].code is not ReasonCode.NO_SKILL) for c in whole)
