"""Closed billing periods: no billable line is ever lost, none is billed twice.

The rule (one for time, trips and materials, whatever screen they come from):
- A contract's period is **closed** while a live act (draft or submitted, not cancelled) covers
  it. A new billable line dated inside a closed period is refused, naming the act: the work is
  logged in an open period, or the accountant cancels and amends the act (which releases its
  lines and claims them again). A line the act already claimed may be saved again (its act
  guards what may change).
- An act claims every line of its period that exists when it is made.
- So a line can only stay unclaimed in a period that no live act covers: a period skipped by
  the accountant, or one whose act was cancelled and not amended. Such a line, dated on or
  before the end of the contract's last live act, is **late**: the period closing report lists
  it. A line after the last act simply waits for the act of its own period.

Pure Python: the ERP side loads the acts and lines and asks these functions.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ActPeriod:
	"""A live act of a contract and the period it closes (both days inclusive)."""

	act: str
	contract: str
	start: date
	end: date

	def covers(self, day: date) -> bool:
		return self.start <= day <= self.end


@dataclass(frozen=True)
class BillableLine:
	source: str  # "<doctype>:<name>", the key an act claims it by
	contract: str
	day: date
	claimed_by: str | None = None  # the live act that claimed it


class LineState:
	CLAIMED = "claimed"
	LATE = "late"  # unclaimed, in a period some later act has passed: listed by the report
	WAITING = "waiting"  # unclaimed, after the contract's last act: its period's act will claim it


def closing_act(contract: str, day: date, acts: Iterable[ActPeriod]) -> ActPeriod | None:
	"""The live act that closes `day` for `contract`, or None when the period is open."""
	return next((act for act in acts if act.contract == contract and act.covers(day)), None)


def last_closed_day(acts: Iterable[ActPeriod]) -> dict[str, date]:
	"""contract -> the end of its latest live act."""
	last: dict[str, date] = {}
	for act in acts:
		if act.contract not in last or act.end > last[act.contract]:
			last[act.contract] = act.end
	return last


def state_of(line: BillableLine, acts: Iterable[ActPeriod]) -> str:
	acts = tuple(acts)
	live = {act.act for act in acts}
	if line.claimed_by in live:
		return LineState.CLAIMED
	last = last_closed_day(acts).get(line.contract)
	return LineState.LATE if last is not None and line.day <= last else LineState.WAITING


def late_lines(lines: Iterable[BillableLine], acts: Iterable[ActPeriod]) -> list[BillableLine]:
	"""Unclaimed lines dated on or before their contract's last live act, by (contract, day, source)."""
	acts = tuple(acts)
	live = {act.act for act in acts}
	last = last_closed_day(acts)
	late = [
		line
		for line in lines
		if line.claimed_by not in live and line.contract in last and line.day <= last[line.contract]
	]
	return sorted(late, key=lambda line: (line.contract, line.day, line.source))
