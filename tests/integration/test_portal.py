"""The client portal: a contact raises, follows and answers its requests, sees its equipment and SLA (R21, R33, R34)."""

import pytest

import frappe
from frappe.utils import set_request
from frappe.website.serve import get_response

from b2b_helpdesk.api import portal
from tests.integration.factories import make_client, make_contract, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact, territory


def page(path: str, user: str) -> tuple[int, str]:
	"""Render a portal page in-process as `user` (the data is this test's uncommitted transaction)."""
	frappe.set_user(user)
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict(frappe.local.request.args.to_dict())
	response = get_response(path.split("?")[0])
	return response.status_code, response.get_data(as_text=True)


@pytest.fixture
def shop(erp):
	a, b = make_client(erp, "Retail"), make_client(erp, "Other")
	north = territory("North")
	frappe.db.set_value("Address", a.store_a1, "b2b_territory", north)
	make_contract(a.customer, start="2026-01-01", assets=[a.fridge])
	users = {
		"store_admin": portal_contact(a.customer, "Listed Locations", locations=(a.store_a1,)),
		"head_office": portal_contact(a.customer, "Whole Company"),
		"other_company": portal_contact(b.customer, "Whole Company"),
	}
	return frappe._dict(a=a, b=b, users=users)


def raise_as(user: str, **args):
	frappe.set_user(user)
	try:
		return portal.create_ticket(**{"subject": "Fridge is warm", "priority": "High", **args})
	finally:
		frappe.set_user("Administrator")


def test_a_store_admin_is_offered_only_its_store_and_its_machines(shop):
	frappe.set_user(shop.users["store_admin"])
	options = portal.raise_options()
	assert [place["name"] for place in options["locations"]] == [shop.a.store_a1]
	assert {e["name"] for e in options["equipment"]} == {shop.a.fridge, shop.a.pos}


def test_a_request_raised_on_the_portal_is_the_clients_ticket_for_the_dispatcher(shop):
	result = raise_as(
		shop.users["store_admin"], asset=shop.a.fridge, description="Since this morning\n<b>12 °C</b>"
	)
	ticket = frappe.get_doc("Service Ticket", result["name"])
	contact = frappe.db.get_value(
		"Contact", {"user": shop.users["store_admin"], "b2b_portal_access": "Listed Locations"}
	)
	assert (ticket.customer, ticket.contact, ticket.service_location, ticket.asset) == (
		shop.a.customer,
		contact,
		shop.a.store_a1,
		shop.a.fridge,
	)
	assert (ticket.channel, ticket.priority, ticket.coverage, ticket.raised_by) == (
		"Portal",
		"High",
		"Covered",
		shop.users["store_admin"],
	)
	assert ticket.description == "Since this morning<br>&lt;b&gt;12 °C&lt;/b&gt;"
	assert result["route"] == f"/tickets/{ticket.name}"


@pytest.mark.parametrize(
	"who, args",
	[
		("store_admin", {"service_location": "A2"}),
		("store_admin", {"asset": "lift"}),
		("other_company", {"service_location": "A1"}),
		("other_company", {"asset": "fridge"}),
	],
)
def test_nobody_raises_a_request_outside_its_scope(shop, who, args):
	args = {
		key: getattr(shop.a, {"A1": "store_a1", "A2": "store_a2"}.get(value, value))
		for key, value in args.items()
	}
	before = frappe.db.count("Service Ticket")
	with pytest.raises(frappe.PermissionError):
		raise_as(shop.users[who], **args)
	assert frappe.db.count("Service Ticket") == before


def test_a_contact_without_the_authority_gets_a_clear_refusal_and_an_explaining_page(shop):
	user = shop.users["head_office"]
	frappe.db.set_value(
		"Contact", {"user": user, "b2b_portal_access": "Whole Company"}, "b2b_may_raise_tickets", 0
	)
	with pytest.raises(frappe.PermissionError, match="may not raise"):
		raise_as(user, service_location=shop.a.store_a1)
	status, html = page("/tickets/new", user)
	assert status == 200 and "b2b-cannot-raise" in html


@pytest.mark.parametrize(
	"args, message",
	[
		({"subject": "   "}, "Subject is required"),
		({"subject": "x" * 141}, "at most 140"),
		({"priority": "Extreme"}, "Priority must be one of"),
		({"subject": ["a list"]}, "should be of type"),
		({"asset": {"name": "x"}}, "should be of type"),
		({"service_location": "No Such Address"}, "may not raise requests for location"),
	],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(shop, args, message):
	before = frappe.db.count("Service Ticket")
	with pytest.raises(
		(frappe.ValidationError, frappe.PermissionError, frappe.FrappeTypeError), match=message
	):
		raise_as(shop.users["store_admin"], **{"service_location": shop.a.store_a1, **args})
	assert frappe.db.count("Service Ticket") == before


def test_my_requests_lists_the_scope_with_next_step_and_filters(shop):
	a1 = new_ticket(shop.a, service_location=shop.a.store_a1, asset=shop.a.fridge).insert().name
	a2 = new_ticket(shop.a, service_location=shop.a.store_a2).insert().name
	b1 = new_ticket(shop.b, service_location=shop.b.store_a1).insert().name
	status, html = page("/tickets", shop.users["store_admin"])
	assert status == 200
	assert a1 in html and a2 not in html and b1 not in html
	assert "We have your request and will answer it" in html
	_status, html = page("/tickets", shop.users["head_office"])
	assert a1 in html and a2 in html and b1 not in html
	_status, html = page(f"/tickets?location={shop.a.store_a2}", shop.users["head_office"])
	assert a2 in html and a1 not in html
	frappe.set_user("Administrator")
	frappe.db.set_value("Service Ticket", a2, "status", "Closed")
	_status, html = page("/tickets", shop.users["head_office"])
	assert a2 not in html
	_status, html = page("/tickets?status=Closed", shop.users["head_office"])
	assert a2 in html and a1 not in html


def test_a_ticket_page_shows_status_next_step_and_the_public_conversation_only(shop):
	ticket = new_ticket(shop.a, service_location=shop.a.store_a1).insert()
	ticket.add_internal_note("Internal: client owes us money")
	ticket.reply_to_customer("Which shelf is affected?")
	ticket.reload()
	ticket.status = "Waiting for Customer"
	ticket.save()
	status, html = page(f"/tickets/{ticket.name}", shop.users["store_admin"])
	assert status == 200
	assert "Waiting for Customer" in html and "We need your answer: reply below" in html
	assert "Which shelf is affected?" in html
	assert "client owes us money" not in html
	assert 'id="b2b-reply"' in html


def test_the_clients_answer_lands_on_the_ticket_and_hands_the_move_back(shop):
	ticket = new_ticket(shop.a, service_location=shop.a.store_a1).insert()
	ticket.status = "Waiting for Customer"
	ticket.save()
	frappe.set_user(shop.users["store_admin"])
	result = portal.reply(ticket.name, "The top shelf, since 8:00")
	frappe.set_user("Administrator")
	assert result["status"] == "In Progress"
	message = frappe.get_doc("Communication", result["communication"])
	assert (message.sent_or_received, message.reference_name, message.content) == (
		"Received",
		ticket.name,
		"The top shelf, since 8:00",
	)


def test_nobody_answers_on_a_ticket_outside_its_scope_or_a_closed_one(shop):
	a2 = new_ticket(shop.a, service_location=shop.a.store_a2).insert()
	frappe.set_user(shop.users["store_admin"])
	with pytest.raises(frappe.PermissionError):
		portal.reply(a2.name, "Let me in")
	frappe.set_user("Administrator")
	status, _html = page(f"/tickets/{a2.name}", shop.users["store_admin"])
	assert status == 403
	assert not frappe.db.exists("Communication", {"reference_name": a2.name, "sent_or_received": "Received"})
	frappe.db.set_value("Service Ticket", a2.name, "status", "Closed")
	frappe.set_user(shop.users["head_office"])
	with pytest.raises(frappe.ValidationError, match="closed"):
		portal.reply(a2.name, "Hello?")


def test_the_equipment_page_shows_the_scope_with_coverage_and_open_requests(shop):
	new_ticket(shop.a, service_location=shop.a.store_a1, asset=shop.a.fridge).insert()
	_status, html = page("/equipment", shop.users["store_admin"])
	assert shop.a.fridge in html and shop.a.pos in html and shop.a.lift not in html
	fridge_row = html[html.index(f'data-asset="{shop.a.fridge}"') :].split("</tr>")[0]
	assert (
		"Covered" in fridge_row
		and "Working, under service" in fridge_row
		and f"asset={shop.a.fridge}" in fridge_row
	)
	pos_row = html[html.index(f'data-asset="{shop.a.pos}"') :].split("</tr>")[0]
	assert "Equipment Not Covered" in pos_row
	_status, html = page("/equipment", shop.users["other_company"])
	assert shop.a.fridge not in html


def test_the_sla_page_covers_the_contacts_scope_only(shop):
	for location in (shop.a.store_a1, shop.a.store_a2):
		new_ticket(shop.a, service_location=location, opened_on=frappe.utils.now_datetime()).insert()
	_status, html = page("/sla", shop.users["store_admin"])
	assert html.count('class="b2b-sla-row"') == 1
	_status, html = page("/sla", shop.users["head_office"])
	assert html.count('class="b2b-sla-row"') == 2
	_status, html = page("/sla?from_date=junk&to_date=2026-13-40", shop.users["head_office"])
	assert _status == 200


def test_the_equipment_page_shows_the_next_planned_maintenance_from_the_erps_plan(shop, erp):
	due = frappe.utils.add_days(frappe.utils.nowdate(), 20)
	engineer = make_user("Service Engineer")
	team = frappe.get_doc(
		{
			"doctype": "Asset Maintenance Team",
			"maintenance_team_name": f"PPM {frappe.generate_hash(length=5)}",
			"company": erp.company,
			"maintenance_team_members": [{"team_member": engineer, "maintenance_role": "Service Engineer"}],
		}
	).insert()
	frappe.get_doc(
		{
			"doctype": "Asset Maintenance",
			"asset_name": shop.a.fridge,
			"company": erp.company,
			"maintenance_team": team.name,
			"asset_maintenance_tasks": [
				{
					"maintenance_task": "Clean the condenser",
					"maintenance_type": "Preventive Maintenance",
					"maintenance_status": "Planned",
					"periodicity": "Monthly",
					"start_date": frappe.utils.nowdate(),
					"next_due_date": due,
					"assign_to": engineer,
				}
			],
		}
	).insert()
	_status, html = page("/equipment", shop.users["store_admin"])
	fridge_row = html[html.index(f'data-asset="{shop.a.fridge}"') :].split("</tr>")[0]
	assert frappe.utils.global_date_format(due) in fridge_row


def test_a_company_without_service_addresses_still_raises_requests(erp):
	from b2b_helpdesk.demo.clients import make_customer

	customer = make_customer(f"No Stores {frappe.generate_hash(length=5)}")
	user = portal_contact(customer, "Whole Company")
	_status, html = page("/tickets/new", user)
	assert "b2b-cannot-raise" not in html and 'id="b2b-subject"' in html
	result = raise_as(user)
	ticket = frappe.get_doc("Service Ticket", result["name"])
	assert (ticket.customer, ticket.service_location, ticket.channel) == (customer, None, "Portal")
