"""Mandatory fields and checklists per status move (R16, R32)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from b2b_helpdesk.engine.status_rules import (
	ChecklistItem,
	Missing,
	Move,
	StatusRule,
	missing_for,
	with_built_in,
)

RESOLVED_NEEDS_SUMMARY = StatusRule("Resolved", ("resolution_summary",), checklist_complete=True)
LIFTS = StatusRule("Resolved", ("asset", "resolution_summary"), category="Lifts")
FAST = StatusRule("Resolved", ("contact",), handling_path="Fast")


def move(to="Resolved", lineage=("Brakes", "Lifts"), path=None, filled=(), checklist=()):
	return Move(to, tuple(lineage), path, frozenset(filled), tuple(checklist))


def test_no_rules_nothing_missing():
	assert missing_for([], move()) == Missing()
	assert not missing_for([], move())


def test_names_the_missing_field_and_checklist_item():
	checklist = (
		ChecklistItem("Check the brake pads", True, False),
		ChecklistItem("Oil the rails", True, True),
		ChecklistItem("Polish the doors", False, False),
	)
	missing = missing_for([RESOLVED_NEEDS_SUMMARY], move(checklist=checklist))
	assert missing == Missing(("resolution_summary",), ("Check the brake pads",))


def test_a_category_rule_covers_the_categories_under_it_only():
	assert missing_for([LIFTS], move()).fields == ("asset", "resolution_summary")
	assert missing_for([LIFTS], move(lineage=("Fridges",))) == Missing()
	assert missing_for([LIFTS], move(lineage=())) == Missing()


def test_a_handling_path_rule_covers_that_path_only():
	assert missing_for([FAST], move(path="Fast")).fields == ("contact",)
	assert missing_for([FAST], move(path="Standard")) == Missing()


def test_rules_add_up_each_field_once_in_rule_order():
	rules = [RESOLVED_NEEDS_SUMMARY, LIFTS, FAST]
	missing = missing_for(rules, move(path="Fast", filled=("asset",)))
	assert missing.fields == ("resolution_summary", "contact")


def test_a_rule_for_another_status_does_not_apply():
	assert missing_for([RESOLVED_NEEDS_SUMMARY], move(to="Closed")) == Missing()


def test_waiting_for_a_third_party_needs_the_third_party():
	rules = with_built_in([])
	assert missing_for(rules, move(to="Waiting for Third Party")).fields == ("third_party",)
	assert missing_for(rules, move(to="Waiting for Third Party", filled=("third_party",))) == Missing()
	assert missing_for(rules, move(to="In Progress")) == Missing()


# --- properties ---------------------------------------------------------------------------

FIELDS = ("resolution_summary", "asset", "contact", "third_party", "category")
STATUSES = ("In Progress", "Resolved", "Closed", "Waiting for Third Party")
rules_st = st.lists(
	st.builds(
		StatusRule,
		to_status=st.sampled_from(STATUSES),
		required_fields=st.lists(st.sampled_from(FIELDS), max_size=3, unique=True).map(tuple),
		checklist_complete=st.booleans(),
		category=st.sampled_from([None, "Lifts", "Fridges"]),
		handling_path=st.sampled_from([None, "Fast", "Standard"]),
	),
	max_size=5,
)
checklist_st = st.lists(
	st.builds(ChecklistItem, st.sampled_from(["Pads", "Rails", "Doors"]), st.booleans(), st.booleans()),
	max_size=4,
)
move_st = st.builds(
	Move,
	to_status=st.sampled_from(STATUSES),
	category_lineage=st.sampled_from([(), ("Lifts",), ("Brakes", "Lifts"), ("Fridges",)]),
	handling_path=st.sampled_from([None, "Fast", "Standard"]),
	filled=st.frozensets(st.sampled_from(FIELDS)),
	checklist=checklist_st.map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(rules_st, move_st)
def test_missing_is_exactly_what_the_fitting_rules_ask_and_the_ticket_lacks(rules, m):
	missing = missing_for(rules, m)
	asked = {f for r in rules if r.to_status == m.to_status for f in r.required_fields}
	assert set(missing.fields) <= asked - m.filled
	assert len(missing.fields) == len(set(missing.fields))
	assert all(
		any(i.item == name and i.mandatory and not i.done for i in m.checklist) for name in missing.checklist
	)


@settings(max_examples=150, deadline=None)
@given(rules_st, move_st)
def test_filling_everything_in_clears_the_move(rules, m):
	done = Move(
		m.to_status,
		m.category_lineage,
		m.handling_path,
		frozenset(FIELDS),
		tuple(ChecklistItem(i.item, i.mandatory, True) for i in m.checklist),
	)
	assert missing_for(rules, done) == Missing()


@settings(max_examples=150, deadline=None)
@given(rules_st, rules_st, move_st)
def test_more_rules_never_ask_for_less(rules, more, m):
	few, many = missing_for(rules, m), missing_for([*rules, *more], m)
	assert set(few.fields) <= set(many.fields) and set(few.checklist) <= set(many.checklist)
