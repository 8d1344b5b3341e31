"""The status lifecycle of a service ticket.

Open → In Progress → Waiting for Customer / Waiting for Third Party → Resolved → Closed.
A resolved or closed ticket is reopened on the same ticket (R1: rework stays visible),
never by opening a new one; each reopen is counted.
"""

from enum import Enum

OPEN = "Open"
IN_PROGRESS = "In Progress"
WAITING_FOR_CUSTOMER = "Waiting for Customer"
WAITING_FOR_THIRD_PARTY = "Waiting for Third Party"
RESOLVED = "Resolved"
CLOSED = "Closed"

STATUSES = (OPEN, IN_PROGRESS, WAITING_FOR_CUSTOMER, WAITING_FOR_THIRD_PARTY, RESOLVED, CLOSED)
ACTIVE = frozenset({OPEN, IN_PROGRESS, WAITING_FOR_CUSTOMER, WAITING_FOR_THIRD_PARTY})
DONE = frozenset({RESOLVED, CLOSED})
REOPEN_TARGETS = frozenset({OPEN, IN_PROGRESS})


class Step(str, Enum):
	NONE = "none"
	MOVE = "move"
	RESOLVE = "resolve"
	CLOSE = "close"
	REOPEN = "reopen"


class TransitionError(ValueError):
	def __init__(self, old: str, new: str, allowed: tuple[str, ...]):
		super().__init__(f"{old} -> {new}")
		self.old, self.new, self.allowed = old, new, allowed


class UnknownStatus(ValueError):
	pass


def allowed_next(old: str) -> tuple[str, ...]:
	"""Statuses a ticket in `old` may move to, in lifecycle order."""
	if old in ACTIVE:
		targets = ACTIVE | DONE
	elif old == RESOLVED:
		targets = REOPEN_TARGETS | {CLOSED}
	else:
		targets = REOPEN_TARGETS
	return tuple(s for s in STATUSES if s in targets and s != old)


def step(old: str | None, new: str) -> Step:
	"""Classify a status change; raise if the lifecycle forbids it."""
	for status in (old, new):
		if status is not None and status not in STATUSES:
			raise UnknownStatus(status)
	if old is None or old == new:
		return Step.NONE
	allowed = allowed_next(old)
	if new not in allowed:
		raise TransitionError(old, new, allowed)
	if old in DONE and new in ACTIVE:
		return Step.REOPEN
	if new == RESOLVED:
		return Step.RESOLVE
	if new == CLOSED:
		return Step.CLOSE
	return Step.MOVE


def can_reopen(status: str) -> bool:
	return status in DONE
