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
	if grant.access is Access.COMPANY:
		return True
	if grant.access is Access.LOCATIONS:
		return ticket.location in grant.locations
	return ticket.location_territory in grant.territories


def sees(grants: tuple[ContactGrant, ...], user: str, ticket: TicketFacts) -> bool:
	"""A user with several contacts sees the union of what each of them may see."""
	return any(grant_sees(grant, user, ticket) for grant in grants)
