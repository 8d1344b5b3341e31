"""Roles and their permissions come from the ERP's permission layer (DocPerm / Custom DocPerm)."""

import pytest

import frappe

from b2b_helpdesk.setup.roles import ALL_ROLES
from tests.integration.factories import make_client, make_user, new_ticket


def test_roles_exist_and_only_the_portal_role_lacks_desk_access():
	desk = dict(frappe.get_all("Role", {"name": ("in", ALL_ROLES)}, ["name", "desk_access"], as_list=True))
	assert desk == {
		"Service Dispatcher": 1,
		"Service Engineer": 1,
		"Service Manager": 1,
		"Service Accountant": 1,
		"Service Customer": 0,
	}


@pytest.mark.parametrize(
	("role", "can_create", "can_delete"),
	[
		("Service Dispatcher", True, False),
		("Service Engineer", True, False),
		("Service Manager", True, True),
		("Service Accountant", False, False),
	],
)
def test_staff_rights_on_tickets(erp, role, can_create, can_delete):
	client = make_client(erp)
	user = make_user(role)
	frappe.set_user(user)
	assert frappe.has_permission("Service Ticket", "read")
	assert bool(frappe.has_permission("Service Ticket", "create")) is can_create
	assert bool(frappe.has_permission("Service Ticket", "delete")) is can_delete
	for doctype in ("Customer", "Contact", "Address", "Contract", "Asset"):
		assert frappe.has_permission(doctype, "read"), (role, doctype)
	if can_create:
		ticket = new_ticket(client, asset=client.fridge).insert()
		assert ticket.owner == user


def test_dispatcher_cannot_change_a_contract(erp):
	frappe.set_user(make_user("Service Dispatcher"))
	assert not frappe.has_permission("Contract", "write")
	assert not frappe.has_permission("Contract", "submit")


def test_portal_customer_sees_only_its_own_tickets(erp):
	client = make_client(erp)
	staff_ticket = new_ticket(client).insert()
	user = make_user("Service Customer")
	contact = frappe.get_doc("Contact", client.contact)
	contact.user = user
	contact.b2b_portal_access = "Own Tickets"
	contact.save()
	frappe.set_user(user)
	own = new_ticket(client, subject="Raised on the portal", channel="Portal").insert()
	visible = frappe.get_list("Service Ticket", filters={"customer": client.customer}, pluck="name")
	assert visible == [own.name]
	assert not frappe.has_permission("Service Ticket", "read", doc=staff_ticket.name)
