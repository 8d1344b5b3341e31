"""A client's account cannot widen its own access, and staff cannot reach past their rows (issue 6 review)."""

import json

import pytest

import frappe
from frappe.desk.form.assign_to import add as assign_to

from b2b_helpdesk.api import portal
from tests.integration.factories import make_client, make_contract, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact
from tests.integration.test_portal import page


@pytest.fixture
def two(erp):
	a, b = make_client(erp, "Retail"), make_client(erp, "Other")
	store_admin = portal_contact(a.customer, "Listed Locations", locations=(a.store_a1,))
	return frappe._dict(a=a, b=b, store_admin=store_admin)


def as_user(user: str):
	frappe.set_user(user)


def test_a_client_cannot_link_itself_to_another_company(two):
	as_user(two.store_admin)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Intruder",
				"user": two.store_admin,
				"b2b_portal_access": "Whole Company",
				"links": [{"link_doctype": "Customer", "link_name": two.b.customer}],
			}
		).insert()
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": 'Fake" onmouseover="alert(1)',
				"address_line1": "1 Nowhere",
				"city": "Boston",
				"country": "United States",
				"links": [{"link_doctype": "Customer", "link_name": two.b.customer}],
			}
		).insert()
	b_ticket = new_ticket(two.b, service_location=two.b.store_a1)
	as_user("Administrator")
	b_ticket.insert()
	as_user(two.store_admin)
	assert b_ticket.name not in frappe.get_list("Service Ticket", pluck="name")


def test_a_client_cannot_widen_its_own_contacts_scope(two):
	contact = frappe.get_doc("Contact", {"user": two.store_admin, "b2b_portal_access": "Listed Locations"})
	as_user(two.store_admin)
	for field, value in (("b2b_portal_access", "Whole Company"), ("b2b_may_accept_acts", 1)):
		doc = frappe.get_doc("Contact", contact.name)
		doc.set(field, value)
		with pytest.raises(frappe.PermissionError):
			doc.run_method("validate")
	doc = frappe.get_doc("Contact", contact.name)
	doc.append("b2b_locations", {"address": two.a.store_a2})
	with pytest.raises(frappe.PermissionError):
		doc.run_method("validate")


def test_nobody_assigns_a_ticket_they_may_not_edit(two):
	ticket = new_ticket(two.a, service_location=two.a.store_a2).insert().name
	engineer, dispatcher = make_user("Service Engineer"), make_user("Service Dispatcher")
	for user in (engineer, two.store_admin):
		as_user(user)
		with pytest.raises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": user,
					"reference_type": "Service Ticket",
					"reference_name": ticket,
				}
			).insert()
		as_user("Administrator")
	as_user(engineer)
	assert not frappe.has_permission("Service Ticket", "read", doc=ticket)
	as_user(dispatcher)
	assign_to({"doctype": "Service Ticket", "name": ticket, "assign_to": [engineer]})
	as_user(engineer)
	assert frappe.has_permission("Service Ticket", "read", doc=ticket)


def test_a_website_user_with_another_erp_role_stays_inside_its_scope(two):
	frappe.get_doc("User", two.store_admin).add_roles("Supplier")
	b_ticket = new_ticket(two.b, service_location=two.b.store_a1).insert().name
	as_user(two.store_admin)
	assert b_ticket not in frappe.get_list("Service Ticket", pluck="name")
	assert not frappe.has_permission("Service Ticket", "read", doc=b_ticket)


def test_a_ticket_a_client_creates_directly_carries_only_what_the_client_decides(two):
	contract = make_contract(two.a.customer, "2026-01-01", assets=(two.a.fridge,))
	b_contact = two.b.contact
	as_user(two.store_admin)
	ticket = new_ticket(
		two.a,
		service_location=two.a.store_a1,
		status="Resolved",
		channel="Phone",
		raised_by="ceo@elsewhere.example",
		contact=b_contact,
		contract=contract.name,
		billing_class="Warranty / Non-billable",
	).insert()
	own = frappe.db.get_value("Contact", {"user": two.store_admin, "b2b_portal_access": "Listed Locations"})
	assert (ticket.status, ticket.channel, ticket.raised_by, ticket.contact) == (
		"Open",
		"Portal",
		two.store_admin,
		own,
	)
	assert (ticket.contract_set_manually, ticket.billing_class) == (0, None)


def test_an_answer_on_a_resolved_ticket_reopens_it(two):
	ticket = new_ticket(two.a, service_location=two.a.store_a1).insert()
	ticket.status = "Resolved"
	ticket.save()
	as_user(two.store_admin)
	result = portal.reply(ticket.name, "Still warm this morning")
	as_user("Administrator")
	ticket.reload()
	assert (result["status"], ticket.status, ticket.reopen_count) == ("Open", "Open", 1)


def test_staff_cannot_post_as_the_client(two):
	dispatcher = make_user("Service Dispatcher")
	ticket = new_ticket(two.a, service_location=two.a.store_a1).insert().name
	as_user(dispatcher)
	with pytest.raises(frappe.PermissionError):
		portal.reply(ticket, "Pretending to be the client")


def test_the_portal_conversation_leaves_out_mail_with_third_parties(two):
	from frappe.core.doctype.communication.email import make

	ticket = new_ticket(two.a, service_location=two.a.store_a1, contact=two.a.contact).insert()
	make(
		doctype="Service Ticket",
		name=ticket.name,
		subject="Spare part order",
		content="Supplier: we need a compressor, our price is 120",
		recipients="orders@supplier.example",
		communication_medium="Email",
		sent_or_received="Sent",
		send_email=False,
	)
	ticket.reply_to_customer("An engineer is on the way")
	_status, html = page(f"/tickets/{ticket.name}", two.store_admin)
	assert "An engineer is on the way" in html
	assert "compressor" not in html


def test_an_engineer_lists_files_without_error_popups(two):
	engineer = make_user("Service Engineer")
	as_user(engineer)
	frappe.local.message_log = []
	frappe.get_list("File", fields=["name"], limit_page_length=5)
	assert frappe.local.message_log == []


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_refusal_never_names_the_protected_customer_in_any_script_or_language(lang):
	from werkzeug.wrappers import Response

	from b2b_helpdesk.access_guards import after_request

	frappe.local.lang = lang
	try:
		name = "ООО «Ромашка» & Söhne"
		message = frappe._(
			"You are not allowed to access this {0} record because it is linked to {1} '{2}' in field {3}"
		).format(frappe._("Service Ticket"), frappe._("Customer"), name, "customer")
		body = {
			"exc_type": "PermissionError",
			"_server_messages": frappe.as_json([frappe.as_json({"message": message})]),
		}
		response = Response(json.dumps(body), status=403, mimetype="application/json")
		after_request(response)
		text = json.loads(response.get_data(as_text=True))
		messages = [json.loads(m)["message"] for m in json.loads(text["_server_messages"])]
		assert "Ромашка" not in messages[0] and "…" in messages[0]
	finally:
		frappe.local.lang = "en"
