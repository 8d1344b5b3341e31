"""What a client's contact may see (R2): its own tickets, listed locations, a territory, or the company.

The rule is one `Scope` per portal user; the ERP side turns it into a single
SQL condition that serves both the list query and the document check.
"""

from dataclasses import dataclass, field
from enum import Enum


class Access(str, Enum):
	NONE = "None"
	OWN = "Own Tickets"
	LOCATIONS = "Listed Locations"
	TERRITORY = "Territory"
	COMPANY = "Whole Company"


@dataclass(frozen=True)
class ContactGrant:
	"""One Contact of the user: its customer and what it may see there."""

	contact: str
	customer: str | None
	access: Access
	locations: frozenset[str] = field(default_factory=frozenset)
	territories: frozenset[str] = field(default_factory=frozenset)  # the territory and all below it
	may_raise: bool = False


@dataclass(frozen=True)
class TicketFacts:
	customer: str
	owner: str
	contact: str | None = None
	location: str | None = None
	location_territory: str | None = None


def grant_sees(grant: ContactGrant, user: str, ticket: TicketFacts) -> bool:
	if grant.access is Access.NONE:
		return False
	if ticket.owner == user or (ticket.contact and ticket.contact == grant.contact):
		return True  # what one raised, or was named the contact of, is always visible to them
	if grant.access is Access.OWN or ticket.customer != grant.customer:
		return False
	return covers_location(grant, ticket.location, ticket.location_territory)


def covers_location(grant: ContactGrant, location: str | None, location_territory: str | None) -> bool:
	"""Whether a service location of the grant's own customer lies inside the grant's scope."""
	if grant.access is Access.COMPANY:
		return True
	if grant.access is Access.LOCATIONS:
		return location in grant.locations
	if grant.access is Access.TERRITORY:
		return location_territory in grant.territories
	return False


def sees_equipment(
	grants: tuple[ContactGrant, ...], customer: str, location: str | None, location_territory: str | None
) -> bool:
	"""Equipment is seen where the contact's scope reaches: own-ticket contacts see none (R2, R34)."""
	return any(
		grant.customer == customer and covers_location(grant, location, location_territory)
		for grant in grants
		if grant.access not in (Access.NONE, Access.OWN)
	)


def may_raise(
	grants: tuple[ContactGrant, ...], customer: str, location: str | None, location_territory: str | None
) -> bool:
	"""A contact raises tickets for its own customer, at a location inside its scope.

	"Own tickets" and "whole company" contacts may name any location of their
	customer (or none); store and territory contacts must name one of theirs.
	"""
	for grant in grants:
		if not grant.may_raise or grant.access is Access.NONE or grant.customer != customer:
			continue
		if grant.access in (Access.OWN, Access.COMPANY):
			return True
		if covers_location(grant, location, location_territory):
			return True
	return False


def sees(grants: tuple[ContactGrant, ...], user: str, ticket: TicketFacts) -> bool:
	"""A user with several contacts sees the union of what each of them may see."""
	return any(grant_sees(grant, user, ticket) for grant in grants)
