"""A year of tickets with their final history, written through the ticket's own controller.

The controller stamps a status move with the moment it is saved; a demo ticket of last
March is saved today. So each ticket is inserted with the history it had: its status
periods, first response, resolution and closing, reopen count. The controller keeps what
it is given (a period running in the ticket's status is not restarted, a resolution moment
is not overwritten) and computes the SLA clock from that history, so deadlines, breaches
and business times are the engine's own.

What each month holds is fixed (`MONTH`), only the day and hour vary (seeded), so the
demo's figures are the same whatever day it is built.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import frappe
from frappe.utils import add_months, get_datetime, get_first_day, getdate, now_datetime, nowdate

OPEN, IN_PROGRESS, WAITING, RESOLVED, CLOSED = (
	"Open",
	"In Progress",
	"Waiting for Customer",
	"Resolved",
	"Closed",
)
MONTHS = 12
SEED = 2026


@dataclass(frozen=True)
class Slot:
	"""One ticket of every month: whose, about what, how it went (older months only for the hard cases)."""

	client: str  # retail | logistics
	target: str  # a key of the targets dict
	outcome: str  # met | paused | breached | reopened
	priority: str = "Medium"


MONTH = (
	Slot("retail", "fridge_a1", "met", "High"),
	Slot("retail", "pos_a1", "met"),
	Slot("logistics", "forklift", "met", "Urgent"),
	Slot("retail", "fridge_a2", "paused"),
	Slot("logistics", "depot", "met", "Low"),
	Slot("retail", "fridge_a1", "breached"),
	Slot("retail", "store_a2", "met"),
	Slot("logistics", "forklift", "reopened"),
	Slot("retail", "pos_a2", "met", "Low"),
	Slot("retail", "pos_a1", "met", "High"),
)

SUBJECTS = {
	"fridge_a1": ("Display case A1-01 too warm", "Compressor noise on A1-01", "Ice on the evaporator"),
	"fridge_a2": ("Door seal of A2-01 worn", "A2-01 door does not close", "Condensation on A2-01 glass"),
	"pos_a1": ("POS A1-03 freezes at checkout", "Card reader fails on A1-03", "Receipt printer jams"),
	"pos_a2": ("POS A2-02 does not boot", "Scanner of A2-02 misreads", "POS A2-02 screen flickers"),
	"store_a2": ("Shelf lighting flickers", "Entrance door sensor fault", "Backroom socket dead"),
	"forklift": ("Forklift 12 battery drains", "Forklift 12 hydraulic leak", "Forklift 12 horn dead"),
	"depot": ("Dock leveller inspection", "Quarterly safety inspection", "Charging bay check"),
}


@dataclass
class Story:
	"""A ticket's history: (status, since) steps and when the client first heard back."""

	steps: list[tuple[str, datetime]]
	responded: datetime | None = None
	reopened: list[datetime] = field(default_factory=list)


def working_moment(rng: random.Random, day) -> datetime:
	"""Mostly weekday office hours; one in five in the evening or at the weekend."""
	moment = get_datetime(f"{getdate(day)} 00:00:00")
	if rng.random() < 0.8:
		while moment.weekday() >= 5:
			moment += timedelta(days=1)
		return moment + timedelta(hours=rng.randint(8, 17), minutes=rng.randint(0, 59))
	return moment + timedelta(hours=rng.randint(18, 21), minutes=rng.randint(0, 59))


def story_of(outcome: str, opened: datetime, rng: random.Random) -> Story:
	"""Met: answered within 25 min, fixed within 3 h; paused a day for the client; breached: 12 days;
	reopened: fixed, reopened an hour later, fixed again. Closed three days after the fix."""
	answered = opened + timedelta(minutes=rng.randint(10, 25))
	steps = [(OPEN, opened), (IN_PROGRESS, answered)]
	reopened = []
	if outcome == "met":
		fixed = answered + timedelta(minutes=rng.randint(60, 150))
	elif outcome == "paused":
		asked = answered + timedelta(minutes=30)
		steps += [(WAITING, asked), (IN_PROGRESS, asked + timedelta(days=1))]
		fixed = asked + timedelta(days=1, hours=1)
	elif outcome == "breached":
		fixed = opened + timedelta(days=12)
	else:  # reopened
		first_fix = answered + timedelta(hours=2)
		again = first_fix + timedelta(hours=1)
		steps += [(RESOLVED, first_fix), (OPEN, again), (IN_PROGRESS, again + timedelta(minutes=10))]
		reopened.append(again)
		fixed = again + timedelta(hours=1)
	steps += [(RESOLVED, fixed), (CLOSED, fixed + timedelta(days=3))]
	return Story(steps, answered, reopened)


def insert_ticket(story: Story, **fields) -> str:
	"""Insert a ticket that already lived `story`; the controller derives coverage and SLA from it."""
	steps = story.steps
	if fields.pop("hold_closing", False) and steps[-1][0] == CLOSED:
		steps = steps[:-1]  # the engineer logs his work first: no work is logged on a closed ticket
	periods = [
		{"status": status, "started_on": start, "ended_on": steps[i + 1][1] if i + 1 < len(steps) else None}
		for i, (status, start) in enumerate(steps)
	]
	status = steps[-1][0]
	resolved = next((start for s, start in reversed(steps) if s == RESOLVED), None)
	doc = frappe.get_doc(
		{
			"doctype": "Service Ticket",
			"opened_on": steps[0][1],
			"status": status,
			"status_periods": periods,
			"first_responded_on": story.responded,
			"resolved_on": resolved if status in (RESOLVED, CLOSED) else None,
			"closed_on": steps[-1][1] if status == CLOSED else None,
			"reopen_count": len(story.reopened),
			"last_reopened_on": story.reopened[-1] if story.reopened else None,
			"description": fields.get("subject"),
			**fields,
		}
	)
	return doc.insert(ignore_permissions=True).name


def close_ticket(name: str, at: datetime) -> None:
	"""The dispatcher closes a fixed ticket (once its work is logged), at the moment it was closed."""
	doc = frappe.get_doc("Service Ticket", name)
	doc.status = CLOSED
	doc.closed_on = at
	doc.status_periods[-1].ended_on = at
	doc.append("status_periods", {"status": CLOSED, "started_on": at})
	doc.save(ignore_permissions=True)


def year_of_tickets(targets: dict[str, dict], worked_slots=()) -> list[tuple[str, datetime | None]]:
	"""Ten tickets in each of the last twelve months; the hard cases only where they are long over.

	Returns (ticket, when to close it): the tickets of `worked_slots` stay Resolved until their
	work is logged; the others are inserted Closed (then `None`)."""
	rng = random.Random(SEED)
	names = []
	for months_back in range(MONTHS, 0, -1):
		month_start = get_first_day(add_months(nowdate(), -months_back))
		for index, slot in enumerate(MONTH):
			outcome = slot.outcome if months_back >= 2 else "met"
			if outcome == "breached" and months_back % 2:
				outcome = "met"  # one breach every other month
			opened = working_moment(rng, month_start + timedelta(days=rng.randint(0, 20)))
			subject = rng.choice(SUBJECTS[slot.target])
			channel = "Planned" if slot.target == "depot" else rng.choice(("Phone", "E-mail", "Portal"))
			story = story_of(outcome, opened, rng)
			held = index in worked_slots
			name = insert_ticket(
				story,
				subject=subject,
				priority=slot.priority,
				channel=channel,
				hold_closing=held,
				**targets[slot.target],
			)
			names.append((name, story.steps[-1][1] if held else None))
	return names


def current_tickets(targets: dict[str, dict]) -> dict[str, str]:
	"""What the desk has on its plate today: new, in hand, waiting, one overdue, one just fixed."""
	now = now_datetime().replace(microsecond=0)

	def ago(**delta) -> datetime:
		return now - timedelta(**delta)

	def story(*steps, responded=None) -> Story:
		return Story(list(steps), responded)

	plan = {
		"cooling": (
			story(
				(OPEN, ago(hours=3)),
				(IN_PROGRESS, ago(hours=2, minutes=45)),
				responded=ago(hours=2, minutes=45),
			),
			dict(
				subject="Display case not cooling", priority="High", channel="Phone", **targets["fridge_a1"]
			),
		),
		"pos": (
			story((OPEN, ago(minutes=20))),
			dict(subject="POS terminal freezes at checkout", channel="Portal", **targets["pos_a1"]),
		),
		"seal": (
			story(
				(OPEN, ago(days=2)),
				(IN_PROGRESS, ago(days=2) + timedelta(minutes=20)),
				(RESOLVED, ago(days=1)),
				responded=ago(days=2) + timedelta(minutes=20),
			),
			dict(subject="Display case door seal worn", channel="E-mail", **targets["fridge_a2"]),
		),
		"lighting": (
			story((OPEN, ago(days=1)), (WAITING, ago(hours=20)), responded=ago(hours=20)),
			dict(subject="Shelf lighting flickers", channel="Phone", **targets["store_a2"]),
		),
		"printer": (
			story((OPEN, ago(minutes=25))),
			dict(
				subject="POS A2-02 receipt printer jams",
				priority="Low",
				channel="Portal",
				**targets["pos_a2"],
			),
		),
		"battery": (
			story((OPEN, ago(minutes=10))),
			dict(
				subject="Forklift 12 battery drains overnight",
				priority="Urgent",
				channel="Mobile",
				**targets["forklift"],
			),
		),
		"dock": (
			story(
				(OPEN, ago(days=4)),
				(IN_PROGRESS, ago(days=4) + timedelta(minutes=30)),
				responded=ago(days=4) + timedelta(minutes=30),
			),
			dict(subject="Dock door sensor fault", priority="High", channel="Phone", **targets["depot"]),
		),
		"yard": (
			story(
				(OPEN, ago(days=1, hours=2)),
				(IN_PROGRESS, ago(days=1, hours=1, minutes=40)),
				(WAITING, ago(days=1)),
				responded=ago(days=1, hours=1, minutes=40),
			),
			dict(subject="Confirm yard access for the inspection", channel="E-mail", **targets["depot"]),
		),
	}
	return {key: insert_ticket(s, **fields) for key, (s, fields) in plan.items()}
