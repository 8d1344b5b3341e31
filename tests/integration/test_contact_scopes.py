"""Client contacts see tickets by scope through the ERP's permission layer (R2): list and form agree."""

import pytest

import frappe

from b2b_helpdesk.engine.contact_scope import TicketFacts, sees
from b2b_helpdesk.permissions import grants_of
from tests.integration.factories import make_client, make_user, new_ticket


def territory(name: str, parent: str | None = None) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Territory",
				"territory_name": f"{name} {frappe.generate_hash(length=4)}",
				"parent_territory": parent or "All Territories",
				"is_group": 1,
			}
		)
		.insert()
		.name
	)


def portal_contact(customer: str, access: str, locations=(), territory_name=None) -> str:
	user = make_user("Service Customer")
	frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": access,
			"last_name": frappe.generate_hash(length=4),
			"user": user,
			"b2b_portal_access": access,
			"b2b_territory": territory_name,
			"b2b_locations": [{"address": a} for a in locations],
			"email_ids": [{"email_id": user, "is_primary": 1}],
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	).insert(ignore_permissions=True)
	return user


@pytest.fixture
def world(erp):
	north = territory("North")
	north_east = territory("North-East", north)
	south = territory("South")
	a, b = make_client(erp, "Retail"), make_client(erp, "Other")
	frappe.db.set_value("Address", a.store_a1, "b2b_territory", north_east)
	frappe.db.set_value("Address", a.store_a2, "b2b_territory", south)
	tickets = {
		"a1": new_ticket(a, service_location=a.store_a1).insert().name,
		"a2": new_ticket(a, service_location=a.store_a2).insert().name,
		"b1": new_ticket(b, service_location=b.store_a1).insert().name,
	}
	users = {
		"store_admin": portal_contact(a.customer, "Listed Locations", locations=(a.store_a1,)),
		"territory_manager": portal_contact(a.customer, "Territory", territory_name=north),
		"head_office": portal_contact(a.customer, "Whole Company"),
		"other_company": portal_contact(b.customer, "Whole Company"),
		"no_access": portal_contact(a.customer, "None"),
	}
	return frappe._dict(tickets=tickets, users=users, a=a, b=b)


EXPECTED = {
	"store_admin": {"a1"},
	"territory_manager": {"a1"},
	"head_office": {"a1", "a2"},
	"other_company": {"b1"},
	"no_access": set(),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_contact_sees_exactly_its_scope_in_list_and_form(world, who):
	user = world.users[who]
	names = {key: name for key, name in world.tickets.items()}
	frappe.set_user(user)
	listed = set(frappe.get_list("Service Ticket", pluck="name"))
	assert listed == {names[k] for k in EXPECTED[who]}
	for key, name in names.items():
		allowed = frappe.has_permission("Service Ticket", "read", doc=name)
		assert bool(allowed) == (key in EXPECTED[who]), (who, key)
		if key not in EXPECTED[who]:
			with pytest.raises(frappe.PermissionError):
				frappe.get_doc("Service Ticket", name).check_permission("read")


def test_the_sql_condition_and_the_engine_rule_agree(world):
	rows = frappe.get_all(
		"Service Ticket",
		filters={"name": ("in", list(world.tickets.values()))},
		fields=["name", "customer", "owner", "contact", "service_location"],
	)
	for user in world.users.values():
		grants = grants_of(user)
		for row in rows:
			facts = TicketFacts(
				row.customer,
				row.owner,
				row.contact,
				row.service_location,
				frappe.db.get_value("Address", row.service_location, "b2b_territory"),
			)
			frappe.set_user(user)
			allowed = bool(frappe.has_permission("Service Ticket", "read", doc=row.name))
			frappe.set_user("Administrator")
			assert allowed == sees(grants, user, facts), (user, row.name)


def test_a_contact_sees_what_it_raised_itself(world):
	frappe.set_user(world.users["head_office"])
	raised = new_ticket(world.a, subject="Raised on the portal", service_location=world.a.store_a2).insert()
	frappe.set_user(world.users["store_admin"])
	mine = new_ticket(world.a, subject="Raised at my store", service_location=world.a.store_a1).insert()
	assert mine.name in frappe.get_list("Service Ticket", pluck="name")
	frappe.set_user(world.users["head_office"])
	assert raised.name in frappe.get_list("Service Ticket", pluck="name")


def test_a_store_admin_raises_tickets_only_for_its_own_store(world):
	frappe.set_user(world.users["store_admin"])
	with pytest.raises(frappe.PermissionError):
		new_ticket(world.a, service_location=world.a.store_a2).insert()
	with pytest.raises(frappe.PermissionError):
		new_ticket(world.b, service_location=world.b.store_a1).insert()
	frappe.set_user("Administrator")
	assert not frappe.db.exists(
		"Service Ticket", {"customer": world.b.customer, "owner": world.users["store_admin"]}
	)


def test_without_the_authority_to_raise_tickets_a_contact_only_reads(world):
	user = world.users["head_office"]
	frappe.db.set_value(
		"Contact", {"user": user, "b2b_portal_access": "Whole Company"}, "b2b_may_raise_tickets", 0
	)
	frappe.set_user(user)
	assert world.tickets["a2"] in frappe.get_list("Service Ticket", pluck="name")
	with pytest.raises(frappe.PermissionError):
		new_ticket(world.a, service_location=world.a.store_a1).insert()


EQUIPMENT = {
	"store_admin": {"fridge", "pos"},
	"territory_manager": {"fridge", "pos"},
	"head_office": {"fridge", "pos", "lift"},
	"other_company": set(),
	"no_access": set(),
}


@pytest.mark.parametrize("who", sorted(EQUIPMENT))
def test_each_contact_sees_the_equipment_its_scope_reaches_in_list_and_form(world, who):
	assets = {key: getattr(world.a, key) for key in ("fridge", "pos", "lift")}
	frappe.set_user(world.users[who])
	listed = set(frappe.get_list("Asset", filters={"name": ("in", list(assets.values()))}, pluck="name"))
	assert listed == {assets[k] for k in EQUIPMENT[who]}
	for key, name in assets.items():
		assert bool(frappe.has_permission("Asset", "read", doc=name)) == (key in EQUIPMENT[who]), key
		assert not frappe.has_permission("Asset", "write", doc=name)
