"""Contact scopes: store administrator, territory manager, head office, another company (R2)."""

from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.contact_scope import (
	Access,
	ContactGrant,
	TicketFacts,
	grant_sees,
	may_raise,
	sees,
	sees_equipment,
)

A1, A2, B1 = "Store A1", "Store A2", "Store B1"
store_admin = ContactGrant("C-A1", "Client A", Access.LOCATIONS, locations=frozenset({A1}))
territory = ContactGrant(
	"C-NORTH", "Client A", Access.TERRITORY, territories=frozenset({"North", "North-East"})
)
head_office = ContactGrant("C-HQ", "Client A", Access.COMPANY)
stranger = ContactGrant("C-B", "Client B", Access.COMPANY)


def ticket(
	customer="Client A", location=A1, territory_of_location="North-East", owner="dispatcher", contact=None
):
	return TicketFacts(customer, owner, contact, location, territory_of_location)


def test_store_admin_sees_only_its_store():
	assert grant_sees(store_admin, "anna", ticket(location=A1))
	assert not grant_sees(store_admin, "anna", ticket(location=A2))


def test_territory_manager_sees_every_store_below_its_territory():
	assert grant_sees(territory, "tom", ticket(location=A2, territory_of_location="North-East"))
	assert not grant_sees(territory, "tom", ticket(location=A2, territory_of_location="South"))


def test_head_office_sees_the_company_and_nothing_of_another():
	assert grant_sees(head_office, "hq", ticket(location=A2, territory_of_location="South"))
	assert not grant_sees(head_office, "hq", ticket(customer="Client B", location=B1))
	assert not grant_sees(stranger, "bob", ticket())


def test_own_tickets_are_always_visible_but_none_means_none():
	own = ContactGrant("C-OWN", "Client A", Access.OWN)
	assert grant_sees(own, "olga", ticket(owner="olga"))
	assert grant_sees(own, "olga", ticket(contact="C-OWN"))
	assert not grant_sees(own, "olga", ticket())
	assert not grant_sees(ContactGrant("C-X", "Client A", Access.NONE), "x", ticket(owner="x"))


@given(
	st.sampled_from(list(Access)), st.sampled_from([A1, A2, B1]), st.sampled_from(["Client A", "Client B"])
)
def test_nobody_sees_another_companys_tickets_they_did_not_raise(access, location, customer):
	grant = ContactGrant("C", "Client A", access, frozenset({A1, A2}), frozenset({"North"}))
	facts = ticket(customer=customer, location=location, territory_of_location="North")
	if customer == "Client B":
		assert not grant_sees(grant, "u", facts)


def test_several_contacts_see_the_union():
	assert sees((store_admin, stranger), "x", ticket(customer="Client B", location=B1))
	assert not sees((), "x", ticket())


# --- raising tickets and seeing equipment -----------------------------------------------------


def raiser(grant: ContactGrant) -> ContactGrant:
	return ContactGrant(
		grant.contact, grant.customer, grant.access, grant.locations, grant.territories, may_raise=True
	)


def test_a_store_admin_raises_tickets_only_for_its_own_store():
	assert may_raise((raiser(store_admin),), "Client A", A1, "North-East")
	assert not may_raise((raiser(store_admin),), "Client A", A2, "North-East")
	assert not may_raise((raiser(store_admin),), "Client A", None, None)


def test_without_the_authority_nobody_raises_tickets():
	assert not may_raise((head_office,), "Client A", A1, "North-East")
	assert not may_raise((raiser(ContactGrant("C-X", "Client A", Access.NONE)),), "Client A", A1, None)


def test_head_office_and_own_ticket_contacts_raise_anywhere_in_their_company_only():
	own = raiser(ContactGrant("C-OWN", "Client A", Access.OWN))
	for grant in (own, raiser(head_office)):
		assert may_raise((grant,), "Client A", A2, "South")
		assert may_raise((grant,), "Client A", None, None)
		assert not may_raise((grant,), "Client B", B1, "South")


def test_equipment_follows_the_location_scope_and_own_ticket_contacts_see_none():
	assert sees_equipment((store_admin,), "Client A", A1, "South")
	assert not sees_equipment((store_admin,), "Client A", A2, "South")
	assert sees_equipment((territory,), "Client A", A2, "North")
	assert not sees_equipment((territory,), "Client A", A2, "South")
	assert sees_equipment((head_office,), "Client A", None, None)
	assert not sees_equipment((head_office,), "Client B", B1, None)
	assert not sees_equipment((ContactGrant("C-OWN", "Client A", Access.OWN),), "Client A", A1, None)


@given(
	st.lists(
		st.builds(
			ContactGrant,
			st.just("C"),
			st.sampled_from(["Client A", "Client B", None]),
			st.sampled_from(list(Access)),
			st.frozensets(st.sampled_from([A1, A2, B1])),
			st.frozensets(st.sampled_from(["North", "South"])),
			st.booleans(),
		),
		max_size=3,
	),
	st.sampled_from(["Client A", "Client B"]),
	st.sampled_from([A1, A2, B1, None]),
	st.sampled_from(["North", "South", None]),
)
def test_raising_and_equipment_never_reach_beyond_the_contacts_own_customers(
	grants, customer, location, location_territory
):
	grants = tuple(grants)
	own_customers = {g.customer for g in grants if g.access is not Access.NONE}
	if may_raise(grants, customer, location, location_territory):
		assert customer in own_customers and any(g.may_raise for g in grants)
	if sees_equipment(grants, customer, location, location_territory):
		assert customer in own_customers
