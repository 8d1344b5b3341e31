"""Which contract a ticket gets, and its coverage verdict: hand-checked cases and properties."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.contract_match import (
	ContractTerms,
	Coverage,
	Inactivity,
	MatchRule,
	TicketSubject,
	evaluate_chosen,
	resolve_contract,
)

JAN = date(2026, 1, 1)
DEC = date(2026, 12, 31)
MAY = date(2026, 5, 15)

blanket = ContractTerms("CON-BLANKET", JAN, DEC)
store_a1 = ContractTerms("CON-A1", JAN, DEC, locations=frozenset({"ADDR-A1"}))
fridge = ContractTerms("CON-FRIDGE", JAN, DEC, assets=frozenset({"EQ-FRIDGE"}))


def test_listed_asset_beats_location_and_blanket():
	match = resolve_contract(
		[blanket, store_a1, fridge], TicketSubject(MAY, asset="EQ-FRIDGE", location="ADDR-A1")
	)
	assert (match.contract, match.rule, match.coverage) == (
		"CON-FRIDGE",
		MatchRule.ASSET_LISTED,
		Coverage.COVERED,
	)


def test_location_of_the_asset_counts_when_the_ticket_names_none():
	match = resolve_contract(
		[blanket, store_a1], TicketSubject(MAY, asset="EQ-POS", asset_location="ADDR-A1")
	)
	assert (match.contract, match.rule) == ("CON-A1", MatchRule.LOCATION_LISTED)


def test_blanket_contract_covers_everything_of_the_customer():
	match = resolve_contract([blanket], TicketSubject(MAY, asset="EQ-ANY", location="ADDR-ANY"))
	assert (match.contract, match.rule, match.coverage) == (
		"CON-BLANKET",
		MatchRule.CUSTOMER_WIDE,
		Coverage.COVERED,
	)


def test_equipment_not_covered_keeps_the_contract_and_warns():
	match = resolve_contract([fridge], TicketSubject(MAY, asset="EQ-POS"))
	assert (match.contract, match.rule, match.coverage) == (
		"CON-FRIDGE",
		MatchRule.NOT_COVERING,
		Coverage.EQUIPMENT_NOT_COVERED,
	)


def test_location_not_covered_without_equipment():
	match = resolve_contract([store_a1], TicketSubject(MAY, location="ADDR-A2"))
	assert match.coverage is Coverage.LOCATION_NOT_COVERED


def test_general_request_is_covered_by_a_restricted_contract():
	match = resolve_contract([fridge], TicketSubject(MAY))
	assert (match.rule, match.coverage) == (MatchRule.GENERAL_REQUEST, Coverage.COVERED)


def test_equipment_only_contract_serves_any_location_without_equipment():
	match = resolve_contract([fridge], TicketSubject(MAY, location="ADDR-A2"))
	assert (match.rule, match.coverage) == (MatchRule.CUSTOMER_WIDE, Coverage.COVERED)


def test_no_contract_in_force():
	expired = ContractTerms("CON-OLD", date(2025, 1, 1), date(2025, 12, 31))
	future = ContractTerms("CON-NEXT", date(2027, 1, 1))
	match = resolve_contract([expired, future], TicketSubject(MAY, asset="EQ-FRIDGE"))
	assert (match.contract, match.coverage) == (None, Coverage.NO_ACTIVE_CONTRACT)


def test_contract_dates_are_inclusive():
	assert blanket.is_active_on(JAN) and blanket.is_active_on(DEC)
	assert blanket.inactivity_on(JAN - timedelta(days=1)) is Inactivity.NOT_STARTED
	assert blanket.inactivity_on(DEC + timedelta(days=1)) is Inactivity.EXPIRED
	assert ContractTerms("OPEN-ENDED", JAN).is_active_on(date(2099, 1, 1))


def test_tie_goes_to_the_newest_contract_and_names_the_other():
	older = ContractTerms("CON-2025", date(2025, 6, 1), DEC)
	newer = ContractTerms("CON-2026", JAN, DEC)
	match = resolve_contract([older, newer], TicketSubject(MAY))
	assert (match.contract, match.others) == ("CON-2026", ("CON-2025",))


def test_chosen_contract_gets_its_own_verdict():
	assert (
		evaluate_chosen(fridge, TicketSubject(MAY, asset="EQ-POS")).coverage is Coverage.EQUIPMENT_NOT_COVERED
	)
	assert evaluate_chosen(store_a1, TicketSubject(MAY, location="ADDR-A1")).coverage is Coverage.COVERED


# --- properties -------------------------------------------------------------------------

NAMES = st.sampled_from(["A", "B", "C", "D"])
ASSETS = st.sampled_from(["EQ1", "EQ2", "EQ3"])
PLACES = st.sampled_from(["L1", "L2", "L3"])
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def contracts(draw):
	start = draw(st.none() | DAYS)
	end = draw(st.none() | DAYS)
	if start and end and end < start:
		start, end = end, start
	return ContractTerms(
		draw(NAMES),
		start,
		end,
		frozenset(draw(st.sets(ASSETS, max_size=2))),
		frozenset(draw(st.sets(PLACES, max_size=2))),
	)


def unique_by_name(items):
	return list({c.name: c for c in items}.values())


subjects = st.builds(TicketSubject, DAYS, st.none() | ASSETS, st.none() | PLACES, st.none() | PLACES)


@given(st.lists(contracts(), max_size=5).map(unique_by_name), subjects, st.randoms())
def test_order_of_contracts_never_changes_the_answer(candidates, subject, rnd):
	shuffled = list(candidates)
	rnd.shuffle(shuffled)
	assert resolve_contract(candidates, subject) == resolve_contract(shuffled, subject)


@given(st.lists(contracts(), max_size=5).map(unique_by_name), subjects)
def test_the_winner_is_in_force_and_nothing_in_force_is_more_specific(candidates, subject):
	match = resolve_contract(candidates, subject)
	in_force = [c for c in candidates if c.is_active_on(subject.day)]
	if not in_force:
		assert match.coverage is Coverage.NO_ACTIVE_CONTRACT and match.contract is None
		return
	winner = next(c for c in in_force if c.name == match.contract)
	assert evaluate_chosen(winner, subject).coverage is match.coverage
	if match.coverage is not Coverage.COVERED:
		assert all(c.rule_for(subject) is MatchRule.NOT_COVERING for c in in_force)


@given(st.lists(contracts(), max_size=5).map(unique_by_name), subjects)
def test_an_asset_listed_on_a_contract_in_force_is_always_covered(candidates, subject):
	listing = [c for c in candidates if c.is_active_on(subject.day) and subject.asset in c.assets]
	if subject.asset and listing:
		match = resolve_contract(candidates, subject)
		assert match.rule is MatchRule.ASSET_LISTED and match.coverage is Coverage.COVERED


def test_covered_equipment_follows_the_matching_rule():
	from b2b_helpdesk.engine.contract_match import covered_equipment

	machines = [("A1", "store-1"), ("A2", "store-2"), ("A3", None)]
	listed = ContractTerms("C1", assets=frozenset({"A2"}))
	at_store = ContractTerms("C2", locations=frozenset({"store-1"}))
	both = ContractTerms("C3", assets=frozenset({"A3"}), locations=frozenset({"store-1"}))
	wide = ContractTerms("C4")
	assert covered_equipment(listed, machines) == ["A2"]
	assert covered_equipment(at_store, machines) == ["A1"]
	assert covered_equipment(both, machines) == ["A1", "A3"]
	assert covered_equipment(wide, machines) == ["A1", "A2", "A3"] and wide.is_customer_wide


@given(
	assets=st.frozensets(st.sampled_from(["A1", "A2", "A3"])),
	locations=st.frozensets(st.sampled_from(["L1", "L2"])),
	asset=st.sampled_from(["A1", "A2", "A3"]),
	location=st.sampled_from(["L1", "L2", None]),
)
def test_a_covered_machine_gets_a_covered_ticket(assets, locations, asset, location):
	from b2b_helpdesk.engine.contract_match import covers_equipment

	terms = ContractTerms("C", assets=assets, locations=locations)
	subject = TicketSubject(day=date(2026, 5, 1), asset=asset, asset_location=location)
	verdict = resolve_contract([terms], subject).coverage
	assert covers_equipment(terms, asset, location) == (verdict is Coverage.COVERED)
