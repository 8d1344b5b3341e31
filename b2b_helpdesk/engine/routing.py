"""Who should take a ticket (R6, R10): engineers ranked by skill, place, client tier and load, with reasons.

No single queue: a ticket goes to someone who knows the equipment or the kind of problem, near
the service location, from the team that serves the client's tier, with the least open work —
and when the SLA is about to breach, someone who is on duty now comes first.

Ranking, most important first (a lexicographic key, so no weight can let a weaker point buy a
stronger one):
1. skill — the engineer has the ticket's category (or one above it in the category tree) or its
   equipment model among his skills; a job that names neither needs no skill;
2. on duty — urgent jobs only (`Urgency.URGENT`): an engineer who is working now first;
3. place — his home territory is the location's territory (or above it), else the location lies
   in his travel zone (the job's zone or one of its wider `zones`), else elsewhere;
4. tier — his team serves the client's tier (an engineer with no tiers serves every tier);
5. load — fewer hours of open assigned work first;
6. then his user name, so equal candidates always come in the same order.
Every candidate carries the reasons of his place in the list (`Reason` codes with their values);
the ERP side turns them into words.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, IntEnum
from heapq import nsmallest


class Urgency(str, Enum):
	URGENT = "urgent"  # the SLA breaches soon (or has): who can go now matters more than place
	NORMAL = "normal"


class Place(IntEnum):
	ELSEWHERE = 0
	SAME_ZONE = 1
	SAME_TERRITORY = 2


class ReasonCode(str, Enum):
	SKILL_CATEGORY = "skill_category"  # value: the category he knows
	SKILL_MODEL = "skill_model"  # value: the equipment model he knows
	NO_SKILL_NEEDED = "no_skill_needed"
	NO_SKILL = "no_skill"
	ON_DUTY = "on_duty"
	OFF_DUTY = "off_duty"
	SAME_TERRITORY = "same_territory"  # value: his territory
	SAME_ZONE = "same_zone"  # value: the zone
	ELSEWHERE = "elsewhere"
	SERVES_TIER = "serves_tier"  # value: the tier
	OTHER_TIER = "other_tier"
	LOAD = "load"  # value: his open hours


@dataclass(frozen=True)
class Reason:
	code: ReasonCode
	value: str | Decimal | None = None


@dataclass(frozen=True)
class Engineer:
	user: str
	categories: frozenset[str] = field(default_factory=frozenset)  # ticket categories he knows
	models: frozenset[str] = field(default_factory=frozenset)  # equipment models (Item) he knows
	territories: frozenset[str] = field(default_factory=frozenset)  # his home territory and below it
	zone: str | None = None
	tiers: frozenset[str] = field(default_factory=frozenset)  # client tiers his team serves; empty: all
	load_hours: Decimal = Decimal(0)  # open assigned work, in business hours
	on_duty: bool = True  # working now by his calendar


@dataclass(frozen=True)
class Job:
	categories: tuple[str, ...] = ()  # the ticket's category and every category above it
	model: str | None = None
	territory: str | None = None
	zone: str | None = None
	zones: tuple[str, ...] = ()  # wider areas the location lies in (its territory and those above it)
	tier: str | None = None
	urgency: Urgency = Urgency.NORMAL


@dataclass(frozen=True)
class Candidate:
	user: str
	skilled: bool
	place: Place
	reasons: tuple[Reason, ...]
	key: tuple


def rank(job: Job, engineers: Iterable[Engineer], limit: int | None = None) -> list[Candidate]:
	"""The engineers in the order a dispatcher should consider them, each with his reasons.

	Everyone is ordered by a cheap key; reasons are written only for the `limit` shown."""
	keyed = _Keys(job)
	pairs = ((keyed.of(engineer), engineer) for engineer in engineers)
	first = nsmallest(limit, pairs, key=_first) if limit is not None else sorted(pairs, key=_first)
	return [_candidate(job, engineer, key) for key, engineer in first]


def _first(pair: tuple) -> tuple:
	return pair[0]


class _Keys:
	"""The ranking key of an engineer for one job (the job's sets built once)."""

	__slots__ = ("categories", "job", "urgent", "zones")

	def __init__(self, job: Job) -> None:
		self.job = job
		self.categories = frozenset(job.categories)
		self.zones = frozenset(z for z in (job.zone, *job.zones) if z)
		self.urgent = job.urgency is Urgency.URGENT

	def of(self, engineer: Engineer) -> tuple:
		job = self.job
		if job.model and job.model in engineer.models:
			skilled = True
		elif self.categories:
			skilled = not self.categories.isdisjoint(engineer.categories)
		else:
			skilled = not job.model
		if job.territory and job.territory in engineer.territories:
			place = Place.SAME_TERRITORY
		elif engineer.zone and engineer.zone in self.zones:
			place = Place.SAME_ZONE
		else:
			place = Place.ELSEWHERE
		serves = not engineer.tiers or job.tier in engineer.tiers
		return (
			not skilled,
			self.urgent and not engineer.on_duty,
			-place,
			not serves,
			engineer.load_hours,
			engineer.user,
		)


def best(job: Job, engineers: Iterable[Engineer]) -> Candidate | None:
	"""The first candidate with the skill the job needs (None: nobody can do it)."""
	first = next(iter(rank(job, engineers, limit=1)), None)
	return first if first is not None and first.skilled else None


def _candidate(job: Job, engineer: Engineer, key: tuple) -> Candidate:
	skill = _skill(job, engineer)
	place, place_reason = _place(job, engineer)
	serves = not key[3]
	reasons = (
		skill,
		*(
			(Reason(ReasonCode.ON_DUTY if engineer.on_duty else ReasonCode.OFF_DUTY),)
			if job.urgency is Urgency.URGENT
			else ()
		),
		place_reason,
		Reason(ReasonCode.SERVES_TIER, job.tier) if serves else Reason(ReasonCode.OTHER_TIER, job.tier),
		Reason(ReasonCode.LOAD, engineer.load_hours),
	)
	return Candidate(engineer.user, not key[0], place, reasons, key)


def _skill(job: Job, engineer: Engineer) -> Reason:
	if job.model and job.model in engineer.models:
		return Reason(ReasonCode.SKILL_MODEL, job.model)
	known = next((category for category in job.categories if category in engineer.categories), None)
	if known is not None:
		return Reason(ReasonCode.SKILL_CATEGORY, known)
	if not job.categories and not job.model:
		return Reason(ReasonCode.NO_SKILL_NEEDED)
	return Reason(ReasonCode.NO_SKILL)


def _place(job: Job, engineer: Engineer) -> tuple[Place, Reason]:
	if job.territory and job.territory in engineer.territories:
		return Place.SAME_TERRITORY, Reason(ReasonCode.SAME_TERRITORY, job.territory)
	if engineer.zone and engineer.zone in (job.zone, *job.zones):
		return Place.SAME_ZONE, Reason(ReasonCode.SAME_ZONE, engineer.zone)
	return Place.ELSEWHERE, Reason(ReasonCode.ELSEWHERE)
