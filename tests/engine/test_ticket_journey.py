"""The client always knows whose move it is and what comes next (R33)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.ticket_journey import NextStep, Turn, journey
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
