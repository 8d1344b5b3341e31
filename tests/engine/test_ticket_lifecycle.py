"""The ticket status lifecycle: allowed moves, reopen, refusals."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine import ticket_lifecycle as lc


@pytest.mark.parametrize(
	("old", "new", "expected"),
	[
		(lc.OPEN, lc.IN_PROGRESS, lc.Step.MOVE),
		(lc.IN_PROGRESS, lc.WAITING_FOR_CUSTOMER, lc.Step.MOVE),
		(lc.WAITING_FOR_THIRD_PARTY, lc.IN_PROGRESS, lc.Step.MOVE),
		(lc.IN_PROGRESS, lc.RESOLVED, lc.Step.RESOLVE),
		(lc.RESOLVED, lc.CLOSED, lc.Step.CLOSE),
		(lc.RESOLVED, lc.OPEN, lc.Step.REOPEN),
		(lc.CLOSED, lc.IN_PROGRESS, lc.Step.REOPEN),
		(lc.OPEN, lc.OPEN, lc.Step.NONE),
		(None, lc.RESOLVED, lc.Step.NONE),
	],
)
def test_allowed_steps(old, new, expected):
	assert lc.step(old, new) is expected


@pytest.mark.parametrize(
	("old", "new"),
	[
		(lc.CLOSED, lc.RESOLVED),
		(lc.RESOLVED, lc.WAITING_FOR_CUSTOMER),
		(lc.CLOSED, lc.WAITING_FOR_THIRD_PARTY),
	],
)
def test_forbidden_steps_name_what_is_allowed(old, new):
	with pytest.raises(lc.TransitionError) as error:
		lc.step(old, new)
	assert error.value.allowed == lc.allowed_next(old)
	assert new not in error.value.allowed


def test_unknown_status_is_refused():
	with pytest.raises(lc.UnknownStatus):
		lc.step(lc.OPEN, "Pending")


def test_only_done_tickets_can_be_reopened():
	assert [s for s in lc.STATUSES if lc.can_reopen(s)] == [lc.RESOLVED, lc.CLOSED]


@given(st.sampled_from(lc.STATUSES), st.sampled_from(lc.STATUSES))
def test_step_is_reopen_exactly_when_leaving_done_for_active(old, new):
	try:
		what = lc.step(old, new)
	except lc.TransitionError:
		assert new not in lc.allowed_next(old)
		return
	assert (what is lc.Step.REOPEN) == (old in lc.DONE and new in lc.ACTIVE)


@given(st.sampled_from(lc.STATUSES))
def test_every_status_reaches_closed_and_open_within_two_steps(start):
	reachable = set(lc.allowed_next(start))
	for status in list(reachable):
		reachable |= set(lc.allowed_next(status))
	assert {lc.CLOSED, lc.OPEN} <= reachable | {start}
