"""The client always knows whose move it is and what comes next (R33)."""

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.ticket_journey import ClientStep, NextStep, Turn, client_steps, journey
from b2b_helpdesk.engine.ticket_lifecycle import STATUSES, UnknownStatus


def test_a_new_ticket_waits_for_our_first_response_then_for_an_engineer():
	assert journey("Open", assigned=False, responded=False).step is NextStep.FIRST_RESPONSE
	assert journey("Open", assigned=False, responded=True).step is NextStep.ASSIGN_ENGINEER
	assert journey("Open", assigned=True, responded=True).step is NextStep.ENGINEER_WORKING


def test_waiting_for_the_client_is_the_clients_move():
	waiting = journey("Waiting for Customer", assigned=True, responded=True)
	assert (waiting.step, waiting.turn, waiting.client_may_reply) == (
		NextStep.CLIENT_ANSWER,
		Turn.CLIENT,
		True,
	)


def test_a_resolved_ticket_asks_the_client_to_check_and_a_closed_one_takes_no_replies():
	assert journey("Resolved", True, True).step is NextStep.CLIENT_CHECKS_FIX
	closed = journey("Closed", True, True)
	assert (closed.step, closed.turn, closed.client_may_reply) == (NextStep.NONE, Turn.NOBODY, False)


def test_an_unknown_status_is_refused():
	with pytest.raises(UnknownStatus):
		journey("Lost", True, True)


@given(st.sampled_from(STATUSES), st.booleans(), st.booleans())
def test_every_status_has_a_next_step_and_only_closed_ends_the_conversation(status, assigned, responded):
	step = journey(status, assigned, responded)
	assert (step.step is NextStep.NONE) == (status == "Closed") == (not step.client_may_reply)


# --- the history the client reads -----------------------------------------------------------------


def test_a_plain_ticket_reads_received_working_fixed_closed():
	periods = [("Open", 1), ("In Progress", 2), ("Resolved", 3), ("Closed", 4)]
	assert client_steps(periods) == [
		(ClientStep.RECEIVED, 1),
		(ClientStep.WORKING, 2),
		(ClientStep.FIXED, 3),
		(ClientStep.CLOSED, 4),
	]


def test_work_after_the_fix_is_a_reopen_and_repeats_read_once():
	periods = [
		("Open", 1),
		("Waiting for Customer", 2),
		("Waiting for Customer", 3),
		("In Progress", 4),
		("Resolved", 5),
		("In Progress", 6),
		("Waiting for Third Party", 7),
		("Resolved", 8),
	]
	assert client_steps(periods) == [
		(ClientStep.RECEIVED, 1),
		(ClientStep.WAITING_FOR_CLIENT, 2),
		(ClientStep.WORKING, 4),
		(ClientStep.FIXED, 5),
		(ClientStep.REOPENED, 6),
		(ClientStep.WAITING_FOR_SUPPLIER, 7),
		(ClientStep.FIXED, 8),
	]


def test_an_unknown_status_has_no_client_step():
	with pytest.raises(UnknownStatus):
		client_steps([("Lost", 1)])


@given(st.lists(st.sampled_from(STATUSES), max_size=30))
def test_steps_keep_order_never_repeat_and_reopen_only_after_a_fix(statuses):
	steps = client_steps([(s, i) for i, s in enumerate(statuses)])
	times = [t for _, t in steps]
	assert times == sorted(times)
	assert all(a[0] != b[0] for a, b in pairwise(steps))
	for before, (step, _) in pairwise(steps):
		if step == ClientStep.REOPENED:
			assert before[0] in (ClientStep.FIXED, ClientStep.CLOSED)
	assert bool(steps) == bool(statuses)
