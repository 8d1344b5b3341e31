"""Where a ticket stands for the client and what happens next (R33).

Each status says whose move it is and which step comes next, so the portal can
answer "what is going on with my request?" in one line.
"""

from dataclasses import dataclass
from enum import Enum

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle


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
