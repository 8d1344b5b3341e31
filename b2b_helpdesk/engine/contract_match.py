"""Which contract governs a service ticket, and does it cover what the ticket is about.

Pure rules, no Frappe: the ERP side loads the customer's service contracts and
hands them here as `ContractTerms`; the answer is a `ContractMatch` that says
which contract wins, why, and the coverage verdict shown on the ticket.

Specificity, most specific first:
1. the ticket's asset is listed on the contract;
2. the ticket's service location (or the asset's) is listed on the contract;
3. the contract is customer-wide (lists neither assets nor locations), or the
   ticket names no equipment and no location (a general request).
Ties go to the contract that started last (the newest agreement), then to the
name, so the answer never depends on the order contracts were loaded in.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum, IntEnum


class Coverage(str, Enum):
	COVERED = "Covered"
	EQUIPMENT_NOT_COVERED = "Equipment Not Covered"
	LOCATION_NOT_COVERED = "Location Not Covered"
	NO_ACTIVE_CONTRACT = "No Active Contract"


class MatchRule(str, Enum):
	ASSET_LISTED = "asset_listed"
	LOCATION_LISTED = "location_listed"
	CUSTOMER_WIDE = "customer_wide"
	GENERAL_REQUEST = "general_request"
	NOT_COVERING = "not_covering"
	NO_CONTRACT = "no_contract"


class Specificity(IntEnum):
	NONE = 0
	CUSTOMER = 1
	LOCATION = 2
	ASSET = 3


class Inactivity(str, Enum):
	NOT_STARTED = "not_started"
	EXPIRED = "expired"


@dataclass(frozen=True)
class ContractTerms:
	name: str
	start: date | None = None
	end: date | None = None
	assets: frozenset[str] = field(default_factory=frozenset)
	locations: frozenset[str] = field(default_factory=frozenset)

	def inactivity_on(self, day: date) -> Inactivity | None:
		"""None when the contract is in force on `day`, else why not."""
		if self.start and day < self.start:
			return Inactivity.NOT_STARTED
		if self.end and day > self.end:
			return Inactivity.EXPIRED
		return None

	def is_active_on(self, day: date) -> bool:
		return self.inactivity_on(day) is None

	@property
	def is_customer_wide(self) -> bool:
		"""Lists neither equipment nor locations: covers all of the customer's."""
		return not self.assets and not self.locations

	def rule_for(self, subject: "TicketSubject") -> MatchRule:
		if subject.asset and subject.asset in self.assets:
			return MatchRule.ASSET_LISTED
		for location in subject.locations():
			if location in self.locations:
				return MatchRule.LOCATION_LISTED
		if not self.assets and not self.locations:
			return MatchRule.CUSTOMER_WIDE
		if not subject.asset and not subject.locations():
			return MatchRule.GENERAL_REQUEST
		if not subject.asset and not self.locations:
			# the contract restricts equipment only; any of the customer's places is served
			return MatchRule.CUSTOMER_WIDE
		return MatchRule.NOT_COVERING


SPECIFICITY = {
	MatchRule.ASSET_LISTED: Specificity.ASSET,
	MatchRule.LOCATION_LISTED: Specificity.LOCATION,
	MatchRule.CUSTOMER_WIDE: Specificity.CUSTOMER,
	MatchRule.GENERAL_REQUEST: Specificity.CUSTOMER,
	MatchRule.NOT_COVERING: Specificity.NONE,
}


@dataclass(frozen=True)
class TicketSubject:
	"""What a ticket is about: the day it was opened, its equipment and place."""

	day: date
	asset: str | None = None
	location: str | None = None
	asset_location: str | None = None

	def locations(self) -> tuple[str, ...]:
		return tuple(dict.fromkeys(loc for loc in (self.asset_location, self.location) if loc))


@dataclass(frozen=True)
class ContractMatch:
	contract: str | None
	rule: MatchRule
	coverage: Coverage
	others: tuple[str, ...] = ()
	"""Other contracts in force that matched as specifically (shown, not chosen)."""


def _rank_key(terms: ContractTerms, rule: MatchRule) -> tuple:
	start = terms.start.toordinal() if terms.start else 0
	return (-SPECIFICITY[rule], -start, terms.name)


def _uncovered(subject: TicketSubject) -> Coverage:
	return Coverage.EQUIPMENT_NOT_COVERED if subject.asset else Coverage.LOCATION_NOT_COVERED


def resolve_contract(candidates: Iterable[ContractTerms], subject: TicketSubject) -> ContractMatch:
	"""The most specific contract in force on the ticket's day, with its verdict."""
	ranked = sorted(
		(
			(_rank_key(terms, rule), terms, rule)
			for terms in candidates
			if terms.is_active_on(subject.day)
			for rule in [terms.rule_for(subject)]
		),
		key=lambda item: item[0],
	)
	if not ranked:
		return ContractMatch(None, MatchRule.NO_CONTRACT, Coverage.NO_ACTIVE_CONTRACT)

	_key, best, rule = ranked[0]
	if rule is MatchRule.NOT_COVERING:
		# in force but covering none of it: the ticket still belongs to that contract
		# (billable extra work), and the verdict warns before anyone drives out
		return ContractMatch(best.name, rule, _uncovered(subject))

	others = tuple(terms.name for _k, terms, r in ranked[1:] if SPECIFICITY[r] == SPECIFICITY[rule])
	return ContractMatch(best.name, rule, Coverage.COVERED, others)


def covers_equipment(terms: ContractTerms, asset: str, asset_location: str | None) -> bool:
	"""Whether a ticket about this machine would be covered by the contract (any day it is in force)."""
	rule = terms.rule_for(TicketSubject(day=date.min, asset=asset, asset_location=asset_location))
	return rule is not MatchRule.NOT_COVERING


def covered_equipment(terms: ContractTerms, equipment: Iterable[tuple[str, str | None]]) -> list[str]:
	"""The machines (name, its service location) the contract covers, in the order given."""
	return [asset for asset, location in equipment if covers_equipment(terms, asset, location)]


def evaluate_chosen(terms: ContractTerms, subject: TicketSubject) -> ContractMatch:
	"""The verdict under a contract picked by hand. The caller checks it is in force."""
	rule = terms.rule_for(subject)
	coverage = Coverage.COVERED if rule is not MatchRule.NOT_COVERING else _uncovered(subject)
	return ContractMatch(terms.name, rule, coverage)
