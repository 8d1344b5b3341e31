"""Contact scopes: store administrator, territory manager, head office, another company (R2)."""

from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.contact_scope import Access, ContactGrant, TicketFacts, grant_sees, sees

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
