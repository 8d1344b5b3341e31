"""The forms of the row rules that let a scope's newest tickets be read off an index (issue 12)
change nobody's rows: what a contact raised or is named on outside its locations, what an engineer
raised outside his team's assignments, a dispatcher limited by a User Permission on Customer."""

import pytest

import frappe
from frappe.desk.form.assign_to import add as assign_to

from b2b_helpdesk import permissions
from b2b_helpdesk.engine.contact_scope import TicketFacts, sees
from b2b_helpdesk.permissions import grants_of, service_ticket_query
from tests.integration.factories import make_client, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact, territory

SCOPES = ("store_admin", "territory_manager", "head_office")


@pytest.fixture
def world(erp):
	north = territory("North")
	a, b = make_client(erp, "Retail"), make_client(erp, "Other")
	frappe.db.set_value("Address", a.store_a1, "b2b_territory", north)
	users = {
		"store_admin": portal_contact(a.customer, "Listed Locations", locations=(a.store_a1,)),
		"territory_manager": portal_contact(a.customer, "Territory", territory_name=north),
		"head_office": portal_contact(a.customer, "Whole Company"),
	}
	tickets = {
		"a1": new_ticket(a, service_location=a.store_a1).insert().name,
		"a2": new_ticket(a, service_location=a.store_a2).insert().name,
		"b1": new_ticket(b, service_location=b.store_a1).insert().name,
	}
	for key, user in users.items():
		contact = frappe.db.get_value("Contact", {"user": user})
		tickets[f"{key} named at a2"] = (
			new_ticket(a, service_location=a.store_a2, contact=contact).insert().name
		)
		named_at_b = new_ticket(b, service_location=b.store_a1).insert().name
		frappe.db.set_value("Service Ticket", named_at_b, "contact", contact)  # a staff's slip
		tickets[f"{key} named at b"] = named_at_b
		frappe.set_user(user)
		raised = new_ticket(a, service_location=a.store_a1).insert().name
		frappe.set_user("Administrator")
		frappe.db.set_value("Service Ticket", raised, "customer", b.customer)  # moved to client B
		tickets[f"{key} raised, now at b"] = raised
	return frappe._dict(a=a, b=b, users=users, tickets=tickets)


def seen(user: str, tickets: dict) -> set[str]:
	"""The keys of the tickets the user's list shows, checked equal to what his form opens."""
	frappe.set_user(user)
	listed = set(
		frappe.get_list("Service Ticket", filters={"name": ("in", list(tickets.values()))}, pluck="name")
	)
	opened = {
		key for key, name in tickets.items() if frappe.has_permission("Service Ticket", "read", doc=name)
	}
	frappe.set_user("Administrator")
	assert listed == {tickets[key] for key in opened}, "the list and the form must agree"
	return opened


def truth(user: str, tickets: dict) -> set[str]:
	"""The keys `engine.contact_scope.sees` grants the user."""
	grants = grants_of(user)
	found = set()
	for key, name in tickets.items():
		row = frappe.db.get_value(
			"Service Ticket", name, ["customer", "owner", "contact", "service_location"], as_dict=True
		)
		territory_of = frappe.db.get_value("Address", row.service_location, "b2b_territory")
		if sees(
			grants,
			user,
			TicketFacts(row.customer, row.owner, row.contact, row.service_location, territory_of),
		):
			found.add(key)
	return found


@pytest.mark.parametrize("who", SCOPES)
def test_what_a_contact_raised_or_is_named_on_outside_its_locations_stays_visible(world, who):
	user = world.users[who]
	expected = {"a1", f"{who} named at a2", f"{who} named at b", f"{who} raised, now at b"}
	if who == "head_office":
		expected |= {"a2"} | {f"{key} named at a2" for key in SCOPES}
	assert seen(user, world.tickets) == expected == truth(user, world.tickets)
	frappe.set_user(user)
	condition = service_ticket_query(user)
	frappe.set_user("Administrator")
	outside = {world.tickets[f"{who} named at b"], world.tickets[f"{who} raised, now at b"]}
	assert all(name in condition for name in outside), "outside his locations: named one by one"
	assert "`owner` =" not in condition and "`contact` =" not in condition


@pytest.mark.parametrize("who", SCOPES)
def test_beyond_the_named_limit_the_owner_and_contact_branches_come_back(world, who, monkeypatch):
	monkeypatch.setattr(permissions, "MAX_NAMED_OUTSIDE", 1)
	user = world.users[who]
	assert seen(user, world.tickets) == truth(user, world.tickets)
	assert "`owner` =" in service_ticket_query(user)


def test_a_contact_with_nothing_outside_its_locations_gets_one_index_range(world):
	frappe.db.delete("Service Ticket", {"owner": world.users["head_office"]})
	frappe.db.set_value("Service Ticket", world.tickets["head_office named at b"], "contact", None)
	condition = service_ticket_query(world.users["head_office"])
	assert condition == f"(`tabService Ticket`.`customer` = {frappe.db.escape(world.a.customer)})"


@pytest.fixture
def desk(world):
	engineer, outsider = make_user("Service Engineer"), make_user("Service Engineer")
	assign_to({"doctype": "Service Ticket", "name": world.tickets["a1"], "assign_to": [engineer]})
	assign_to({"doctype": "Service Ticket", "name": world.tickets["b1"], "assign_to": [outsider]})
	frappe.set_user(engineer)
	raised = new_ticket(world.b, service_location=world.b.store_a2).insert().name
	frappe.set_user("Administrator")
	return frappe._dict(engineer=engineer, outsider=outsider, tickets={**world.tickets, "raised": raised})


def test_an_engineer_sees_what_he_raised_outside_his_teams_assignments_by_name(desk):
	assert seen(desk.engineer, desk.tickets) == {"a1", "raised"}
	assert desk.tickets["raised"] in service_ticket_query(desk.engineer)
	assert seen(desk.outsider, desk.tickets) == {"b1"}


def test_beyond_the_named_limit_the_engineers_owner_branch_comes_back(desk, monkeypatch):
	monkeypatch.setattr(permissions, "MAX_NAMED_OUTSIDE", 0)
	assert "`owner` =" in service_ticket_query(desk.engineer)
	assert seen(desk.engineer, desk.tickets) == {"a1", "raised"}


def test_a_dispatchers_user_permission_on_customer_reads_as_one_index_range(world):
	limited = make_user("Service Dispatcher")
	frappe.get_doc(
		{"doctype": "User Permission", "user": limited, "allow": "Customer", "for_value": world.a.customer}
	).insert()
	of_a = {
		key
		for key, name in world.tickets.items()
		if frappe.db.get_value("Service Ticket", name, "customer") == world.a.customer
	}
	frappe.db.sql("delete from `tabService Ticket` where ifnull(`customer`, '') = ''")  # rolled back
	assert (
		service_ticket_query(limited)
		== f"`tabService Ticket`.`customer` in ({frappe.db.escape(world.a.customer)})"
	)
	assert seen(limited, world.tickets) == of_a


def test_a_ticket_without_a_customer_keeps_frappes_own_rule_for_the_dispatcher(world):
	limited = make_user("Service Dispatcher")
	frappe.get_doc(
		{"doctype": "User Permission", "user": limited, "allow": "Customer", "for_value": world.a.customer}
	).insert()
	frappe.db.set_value("Service Ticket", world.tickets["b1"], "customer", "")  # left empty by a script
	assert service_ticket_query(limited) == ""
	assert {"a1", "a2", "b1"} <= seen(limited, world.tickets)
	assert "head_office named at b" not in seen(limited, world.tickets)
	unlimited = make_user("Service Dispatcher")
	assert service_ticket_query(unlimited) == ""
	assert seen(unlimited, world.tickets) == set(world.tickets)
