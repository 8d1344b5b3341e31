"""Where a ticket stands for the client and what happens next (R33).

Each status says whose move it is and which step comes next, so the portal can
answer "what is going on with my request?" in one line.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle

T = TypeVar("T")


class Turn(str, Enum):
	SUPPLIER = "supplier"
	CLIENT = "client"
	NOBODY = "nobody"


class NextStep(str, Enum):
	ASSIGN_ENGINEER = "assign engineer"
	FIRST_RESPONSE = "first response"
	ENGINEER_WORKING = "engineer working"
	CLIENT_ANSWER = "client answer"
	THIRD_PARTY = "third party"
	CLIENT_CHECKS_FIX = "client checks fix"
	NONE = "none"


@dataclass(frozen=True)
class Journey:
	step: NextStep
	turn: Turn
	client_may_reply: bool


def journey(status: str, assigned: bool, responded: bool) -> Journey:
	"""The next step of a ticket in `status`; `assigned`: an engineer has it; `responded`: we answered."""
	if status not in lifecycle.STATUSES:
		raise lifecycle.UnknownStatus(status)
	if status == lifecycle.OPEN:
		if assigned:
			return Journey(NextStep.ENGINEER_WORKING, Turn.SUPPLIER, True)
		return Journey(
			NextStep.ASSIGN_ENGINEER if responded else NextStep.FIRST_RESPONSE, Turn.SUPPLIER, True
		)
	if status == lifecycle.IN_PROGRESS:
		return Journey(NextStep.ENGINEER_WORKING, Turn.SUPPLIER, True)
	if status == lifecycle.WAITING_FOR_CUSTOMER:
		return Journey(NextStep.CLIENT_ANSWER, Turn.CLIENT, True)
	if status == lifecycle.WAITING_FOR_THIRD_PARTY:
		return Journey(NextStep.THIRD_PARTY, Turn.SUPPLIER, True)
	if status == lifecycle.RESOLVED:
		return Journey(NextStep.CLIENT_CHECKS_FIX, Turn.CLIENT, True)
	return Journey(NextStep.NONE, Turn.NOBODY, False)


class ClientStep(str, Enum):
	"""A step of the ticket's history as the client reads it on the portal."""

	RECEIVED = "received"
	WORKING = "working"
	WAITING_FOR_CLIENT = "waiting for client"
	WAITING_FOR_SUPPLIER = "waiting for supplier"
	FIXED = "fixed"
	REOPENED = "reopened"
	CLOSED = "closed"


_STEP_OF_STATUS = {
	lifecycle.OPEN: ClientStep.RECEIVED,
	lifecycle.IN_PROGRESS: ClientStep.WORKING,
	lifecycle.WAITING_FOR_CUSTOMER: ClientStep.WAITING_FOR_CLIENT,
	lifecycle.WAITING_FOR_THIRD_PARTY: ClientStep.WAITING_FOR_SUPPLIER,
	lifecycle.RESOLVED: ClientStep.FIXED,
	lifecycle.CLOSED: ClientStep.CLOSED,
}


def client_steps(periods: Iterable[tuple[str, T]]) -> list[tuple[ClientStep, T]]:
	"""The ticket's status periods (status, started on; oldest first) as the steps a client notices.

	A period that reads like the one before it adds nothing; work that starts again after the fix or
	after closing is a reopen, whatever status it starts in.
	"""
	steps: list[tuple[ClientStep, T]] = []
	for status, started_on in periods:
		if status not in _STEP_OF_STATUS:
			raise lifecycle.UnknownStatus(status)
		step = _STEP_OF_STATUS[status]
		done = steps and steps[-1][0] in (ClientStep.FIXED, ClientStep.CLOSED)
		if done and step not in (ClientStep.FIXED, ClientStep.CLOSED):
			step = ClientStep.REOPENED
		if steps and steps[-1][0] == step:
			continue
		steps.append((step, started_on))
	return steps
