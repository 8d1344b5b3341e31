"""Closed periods (issue 10, item 1): every billable line ends up claimed by one live act or listed.

A state machine plays any sequence of logs, acts, cancellations and amendments by the rule of
`engine.period_closing` — the one the ERP side enforces on Timesheet, Service Visit and Stock
Entry — and checks after every step that each line is in exactly one state: claimed by exactly
one live act, listed as late by the closing report, or waiting for the act of its own period.
Closing every period at the end leaves no line waiting.
"""

from datetime import date, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from b2b_helpdesk.engine.period_closing import (
	ActPeriod,
	BillableLine,
	LineState,
	closing_act,
	late_lines,
	state_of,
)
from b2b_helpdesk.engine.periods import period_of

CONTRACTS = ("C1", "C2")
FIRST = date(2026, 1, 1)
DAYS = st.integers(min_value=0, max_value=150).map(lambda n: FIRST + timedelta(days=n))


def test_a_day_inside_a_live_act_is_closed_and_names_the_act():
	acts = [ActPeriod("ACT-1", "C1", date(2026, 1, 1), date(2026, 1, 31))]
	assert closing_act("C1", date(2026, 1, 31), acts).act == "ACT-1"
	assert closing_act("C1", date(2026, 2, 1), acts) is None
	assert closing_act("C2", date(2026, 1, 15), acts) is None


def test_an_unclaimed_line_before_the_last_act_is_late_and_after_it_waits():
	acts = [ActPeriod("ACT-2", "C1", date(2026, 2, 1), date(2026, 2, 28))]
	january = BillableLine("Timesheet Detail:a", "C1", date(2026, 1, 20))
	march = BillableLine("Timesheet Detail:b", "C1", date(2026, 3, 2))
	claimed = BillableLine("Timesheet Detail:c", "C1", date(2026, 2, 2), claimed_by="ACT-2")
	other = BillableLine("Service Visit:d", "C2", date(2026, 1, 5))
	assert late_lines([march, claimed, january, other], acts) == [january]
	assert [state_of(line, acts) for line in (january, march, claimed, other)] == [
		LineState.LATE,
		LineState.WAITING,
		LineState.CLAIMED,
		LineState.WAITING,
	]


def test_a_line_claimed_by_a_cancelled_act_is_unclaimed_again():
	live = [ActPeriod("ACT-3", "C1", date(2026, 3, 1), date(2026, 3, 31))]
	line = BillableLine("Stock Entry Detail:e", "C1", date(2026, 1, 9), claimed_by="ACT-1")
	assert late_lines([line], live) == [line]


class Billing(RuleBasedStateMachine):
	"""The ERP's behaviour by the rule: logs refused in closed periods, acts claim their period."""

	def __init__(self):
		super().__init__()
		self.lines: dict[str, BillableLine] = {}
		self.acts: dict[str, ActPeriod] = {}  # live acts
		self.claims: dict[str, str] = {}  # source -> act (the unique key of Service Billing Claim)
		self.counter = 0

	def _name(self, prefix: str) -> str:
		self.counter += 1
		return f"{prefix}-{self.counter}"

	@rule(contract=st.sampled_from(CONTRACTS), day=DAYS)
	def log_work(self, contract, day):
		act = closing_act(contract, day, self.acts.values())
		if act is not None:
			assert act.act in self.acts and act.covers(day)  # refused, naming a live act of that period
			return
		source = self._name("Timesheet Detail")
		self.lines[source] = BillableLine(source, contract, day)

	@rule(contract=st.sampled_from(CONTRACTS), day=DAYS)
	def make_act(self, contract, day):
		self._make_act(contract, *period_of(day, "Monthly"))

	def _make_act(self, contract, start, end):
		if any(a.contract == contract and a.start == start for a in self.acts.values()):
			return  # the period key is claimed: "already has act"
		name = self._name("ACT")
		mine = [
			line
			for line in self.lines.values()
			if line.contract == contract and start <= line.day <= end and line.source not in self.claims
		]
		self.acts[name] = ActPeriod(name, contract, start, end)
		for line in mine:
			self.claims[line.source] = name
			self.lines[line.source] = BillableLine(line.source, contract, line.day, claimed_by=name)

	@precondition(lambda self: self.acts)
	@rule(data=st.data())
	def cancel(self, data):
		self._cancel(data.draw(st.sampled_from(sorted(self.acts))))

	def _cancel(self, name):
		del self.acts[name]
		for source, act in list(self.claims.items()):
			if act == name:
				del self.claims[source]
				line = self.lines[source]
				self.lines[source] = BillableLine(source, line.contract, line.day)

	@precondition(lambda self: self.acts)
	@rule(data=st.data())
	def amend(self, data):
		act = self.acts[data.draw(st.sampled_from(sorted(self.acts)))]
		self._cancel(act.act)
		self._make_act(act.contract, act.start, act.end)

	@invariant()
	def every_line_is_in_exactly_one_state(self):
		late = {line.source for line in late_lines(self.lines.values(), self.acts.values())}
		for line in self.lines.values():
			claimed = line.claimed_by is not None and line.claimed_by in self.acts
			assert claimed == (line.source in self.claims)
			if claimed:
				act = self.acts[line.claimed_by]
				assert act.contract == line.contract and act.covers(line.day)
			state = state_of(line, self.acts.values())
			assert (state == LineState.LATE) == (line.source in late)
			assert not (claimed and line.source in late)  # never both
			assert claimed == (state == LineState.CLAIMED)  # never neither

	def teardown(self):
		# the accountant closes every period up to the last line: nothing may stay waiting
		for line in list(self.lines.values()):
			self._make_act(line.contract, *period_of(line.day, "Monthly"))
		for line in self.lines.values():
			assert state_of(line, self.acts.values()) == LineState.CLAIMED


TestBilling = Billing.TestCase
TestBilling.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
