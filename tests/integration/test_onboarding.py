"""A client's contact comes on board through the ERP's own path (issue 10, item 7).

The office opens the client's Contact and clicks ERPNext's "Invite as User"
(`frappe.contacts.doctype.contact.contact.invite_user`): the new website user lands on the
service portal and sees what its Contact grants, or the office is told exactly what is
missing. A signed-in user the portal has nothing for gets a page that says why, never the
"Not Permitted — Login" page meant for visitors who are not signed in.
"""

import pytest

import frappe
from frappe.contacts.doctype.contact.contact import invite_user
from frappe.website.utils import get_home_page

from tests.integration.factories import make_client, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact
from tests.integration.test_portal import page

LOGIN_BUTTON = "/login?redirect-to="


def invite(contact: str) -> str:
	"""What the office's "Invite as User" button does, clicked by a System Manager."""
	frappe.flags.setting_role = False  # ERPNext's per-request flag: a new request starts without it
	frappe.set_user(make_user("System Manager"))
	frappe.local.message_log = []
	try:
		return invite_user(contact)
	finally:
		frappe.set_user("Administrator")


def messages() -> str:
	return " ".join(frappe.utils.strip_html(str(m)) for m in frappe.get_message_log())


@pytest.fixture
def client(erp):
	client = make_client(erp, "Invited")
	client.ticket = new_ticket(client, contact=client.contact, asset=client.fridge).insert().name
	client.other_ticket = new_ticket(client, asset=client.lift, subject="Lift noisy").insert().name
	return client


def test_an_invited_contact_lands_on_its_requests(client):
	user = invite(client.contact)
	told = messages()
	assert frappe.db.get_value("Contact", client.contact, "user") == user
	assert {"Customer", "Service Customer"} <= set(frappe.get_roles(user))
	assert "can sign in to the service portal" in told, told
	frappe.set_user(user)
	assert get_home_page() == "tickets"
	assert frappe.get_list("Service Ticket", pluck="name") == [client.ticket]  # "Own Tickets" by default
	status, html = page("/tickets", user)
	assert status == 200
	assert client.ticket in html and client.other_ticket not in html
	assert LOGIN_BUTTON not in html


def test_inviting_a_contact_that_may_see_nothing_tells_the_office_what_is_missing(client):
	frappe.db.set_value("Contact", client.contact, "b2b_portal_access", "None")
	invite(client.contact)
	told = messages()
	assert "sees nothing on the service portal" in told, told
	assert "Sees on the Portal" in told and "None" in told, told


def test_inviting_a_contact_of_no_client_company_tells_the_office_to_link_it(erp):
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Loose",
			"last_name": frappe.generate_hash(length=5),
			"email_ids": [
				{"email_id": f"loose-{frappe.generate_hash(length=6)}@client.example", "is_primary": 1}
			],
		}
	).insert()
	user = invite(contact.name)
	told = messages()
	assert "is not linked to a customer" in told, told
	assert "Service Customer" not in frappe.get_roles(user)


def test_linking_the_contact_afterwards_opens_the_portal(client):
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Late",
			"last_name": frappe.generate_hash(length=5),
			"email_ids": [
				{"email_id": f"late-{frappe.generate_hash(length=6)}@client.example", "is_primary": 1}
			],
		}
	).insert()
	user = invite(contact.name)
	contact.reload()
	contact.append("links", {"link_doctype": "Customer", "link_name": client.customer})
	contact.save()
	assert "Service Customer" in frappe.get_roles(user)


# --- signed in, but nothing to see -------------------------------------------------------------


def website_user(*roles: str) -> str:
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"{frappe.generate_hash(length=8)}@elsewhere.example",
			"first_name": "Visitor",
			"send_welcome_email": 0,
			"user_type": "Website User",
		}
	).insert(ignore_permissions=True)
	if roles:
		user.add_roles(*roles)
	return user.name


@pytest.mark.parametrize("path", ["/tickets", "/tickets/new", "/equipment", "/sla", "/acts"])
def test_a_signed_in_user_without_portal_access_is_told_why(erp, path):
	user = website_user("Customer")  # e.g. a shop customer of the ERP, not a service client
	status, html = page(path, user)
	assert LOGIN_BUTTON not in html
	assert status == 403
	assert "Your account has no access to the service portal" in html


def test_a_contact_with_no_scope_is_told_why_its_list_is_empty(client):
	user = portal_contact(client.customer, "None")
	status, html = page("/tickets", user)
	assert status == 200
	assert "Your contact may not see service requests" in html
	assert client.ticket not in html


def test_another_companys_request_is_refused_with_a_reason_not_a_login_button(client, erp):
	other = make_client(erp, "Other")
	user = portal_contact(other.customer, "Whole Company")
	status, html = page(f"/tickets/{client.ticket}", user)
	assert status == 403
	assert LOGIN_BUTTON not in html
	assert "This service request is not among those you may see" in html


def test_a_visitor_who_is_not_signed_in_is_still_asked_to_log_in(erp):
	status, html = page("/tickets", "Guest")
	assert status == 403
	assert LOGIN_BUTTON in html
