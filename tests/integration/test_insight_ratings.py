"""Client satisfaction (R13, R15): the rating asked by e-mail at resolution, the signed link, the portal box,
one answer per ticket changeable for the window, the follow-up of a low rating."""

import email
from urllib.parse import parse_qs, urlparse

import pytest

import frappe
from frappe.utils import set_request
from frappe.website.serve import get_response

from b2b_helpdesk.insight import ratings
from tests.integration.factories import at_local, make_client, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact
from tests.integration.test_email_channel import mailbox  # noqa: F401 (an outgoing account for tickets)


def page(path: str, user: str) -> tuple[int, str]:
	frappe.set_user(user)
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict(frappe.local.request.args.to_dict())
	response = get_response(path.split("?")[0])
	return response.status_code, response.get_data(as_text=True)


@pytest.fixture
def resolved(erp, mailbox):  # noqa: F811
	"""Two clients' tickets resolved on 2026-05-20 10:00 with a rating window of 7 days, low at <= 2."""
	manager = make_user("Service Manager")
	a, b = make_client(erp, "Rated"), make_client(erp, "Other")
	frappe.db.set_value("Customer", a.customer, "account_manager", manager)
	settings = frappe.get_single("Service Desk Settings")
	settings.rating_window_days, settings.low_rating_threshold = 7, 2
	settings.save()
	tickets = {}
	for key, client in (("a", a), ("b", b)):
		with at_local("2026-05-20 09:00:00"):
			ticket = new_ticket(client, contact=client.contact).insert()
		with at_local("2026-05-20 10:00:00"):
			ticket = frappe.get_doc("Service Ticket", ticket.name)
			ticket.status = "Resolved"
			ticket.save()
		tickets[key] = ticket
	return frappe._dict(a=a, b=b, manager=manager, tickets=tickets)


def sent_link(ticket) -> str:
	"""The rating link in the e-mail queued to the ticket's contact when it was resolved."""
	queue = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Service Ticket", "reference_name": ticket.name},
		fields=["name", "message"],
	)
	assert len(queue) == 1
	recipients = frappe.get_all("Email Queue Recipient", filters={"parent": queue[0].name}, pluck="recipient")
	assert recipients == [ticket.contact_email]
	message = email.message_from_string(queue[0].message)
	html = next(
		p.get_payload(decode=True).decode() for p in message.walk() if p.get_content_type() == "text/html"
	)
	start = html.index('href="') + len('href="')
	return html[start : html.index('"', start)].replace("&amp;", "&")


def link_args(link: str) -> dict:
	query = parse_qs(urlparse(link).query)
	return {key: values[0] for key, values in query.items()}


def rate_as_guest(args: dict, rating, comment=None):
	frappe.set_user("Guest")
	try:
		return ratings.rate_by_link(**args, rating=rating, comment=comment)
	finally:
		frappe.set_user("Administrator")


RATING_BOX = "b2b_helpdesk/templates/includes/b2b_ticket_rating.html"  # included by www/tickets/ticket.html


def the_rating(ticket: str) -> frappe._dict:
	rows = frappe.get_all(
		"Service Ticket Rating",
		filters={"service_ticket": ticket},
		fields=["service_ticket", "customer", "contact", "rating", "comment", "rated_by", "follow_up"],
	)
	assert len(rows) == 1
	return rows[0]


def test_the_resolved_ticket_asks_its_contact_by_a_link_that_rates_without_sign_in(resolved):
	ticket = resolved.tickets["a"]
	link = sent_link(ticket)
	args = link_args(link)
	assert urlparse(link).path == "/rate" and set(args) == {"ticket", "expires", "sig"}
	assert args["ticket"] == ticket.name and args["expires"] == "20260527100000"
	with at_local("2026-05-21 09:00:00"):
		status, html = page(urlparse(link).path + "?" + urlparse(link).query, "Guest")
		assert status == 200 and ticket.name in html and 'id="b2b-rating-send"' in html
		assert rate_as_guest(args, "4", "Quick and clean") == {"ticket": ticket.name, "rating": 4}
	row = the_rating(ticket.name)
	assert (row.customer, row.contact, row.rating, row.comment, row.follow_up) == (
		resolved.a.customer,
		resolved.a.contact,
		4,
		"Quick and clean",
		None,
	)
	assert row.rated_by == f"e-mail link of {ticket.contact_email}"


def test_the_link_used_again_changes_the_one_answer_until_the_window_closes(resolved):
	ticket = resolved.tickets["a"]
	args = link_args(sent_link(ticket))
	with at_local("2026-05-21 09:00:00"):
		rate_as_guest(args, 5, "Great")
	with at_local("2026-05-27 09:59:00"):
		rate_as_guest(args, 3, "The fridge warmed up again")
	row = the_rating(ticket.name)
	assert (row.rating, row.comment) == (3, "The fridge warmed up again")
	with at_local("2026-05-27 10:01:00"):
		with pytest.raises(frappe.ValidationError, match="This rating link has expired"):
			rate_as_guest(args, 1)
		status, html = page(
			f"/rate?ticket={args['ticket']}&expires={args['expires']}&sig={args['sig']}", "Guest"
		)
	assert status == 403 and "This rating link has expired" in html and "b2b-rating-send" not in html
	assert the_rating(ticket.name).rating == 3


def test_a_link_does_not_rate_another_ticket_nor_a_stretched_date(resolved):
	args = link_args(sent_link(resolved.tickets["a"]))
	other = resolved.tickets["b"].name
	with at_local("2026-05-21 09:00:00"):
		for forged in (
			{**args, "ticket": other},
			{**args, "expires": "20270101000000"},
			{**args, "sig": "0" * 64},
		):
			with pytest.raises(frappe.PermissionError, match="This rating link is not valid"):
				rate_as_guest(forged, 5)
		status, html = page(f"/rate?ticket={other}&expires={args['expires']}&sig={args['sig']}", "Guest")
	assert status == 403 and "This rating link is not valid" in html
	assert not frappe.db.exists("Service Ticket Rating", {"service_ticket": ("in", [other, args["ticket"]])})


def test_a_low_rating_gives_the_account_manager_one_follow_up(resolved):
	ticket = resolved.tickets["a"]
	args = link_args(sent_link(ticket))
	with at_local("2026-05-21 09:00:00"):
		rate_as_guest(args, 2, "Engineer came twice")
		rate_as_guest(args, 1, "Still broken")
	row = the_rating(ticket.name)
	todos = frappe.get_all(
		"ToDo",
		filters={"reference_type": "Service Ticket Rating", "reference_name": ("is", "set")},
		fields=["name", "allocated_to", "reference_name", "description", "status"],
	)
	mine = [
		t
		for t in todos
		if t.reference_name == frappe.db.get_value("Service Ticket Rating", {"service_ticket": ticket.name})
	]
	assert len(mine) == 1 and row.follow_up == mine[0].name
	assert (mine[0].allocated_to, mine[0].status) == (resolved.manager, "Open")
	assert (
		f"Low rating 2/5 from {resolved.a.customer} on ticket {ticket.name}: Engineer came twice"
		in mine[0].description
	)


def test_a_three_gives_no_follow_up(resolved):
	with at_local("2026-05-21 09:00:00"):
		rate_as_guest(link_args(sent_link(resolved.tickets["a"])), 3)
	assert the_rating(resolved.tickets["a"].name).follow_up is None


def test_the_clients_contact_rates_on_the_portal_and_another_clients_cannot(resolved):
	ticket = resolved.tickets["a"]
	mine = portal_contact(resolved.a.customer, "Whole Company")
	theirs = portal_contact(resolved.b.customer, "Whole Company")
	with at_local("2026-05-22 12:00:00"):
		frappe.set_user(mine)
		html = frappe.render_template(RATING_BOX, {"ticket": ticket})
		assert 'id="b2b-rating-send"' in html and "You can change it until" in html
		frappe.set_user(mine)
		assert ratings.rate_on_portal(ticket.name, 5, "Thanks") == {"ticket": ticket.name, "rating": 5}
		frappe.set_user(theirs)
		with pytest.raises(frappe.PermissionError, match="You may not rate this service request"):
			ratings.rate_on_portal(ticket.name, 1)
		assert ratings.portal_rating_state(ticket.name) == {"may_rate": False}
		frappe.set_user(mine)
		with pytest.raises(frappe.ValidationError, match="Give a rating from 1 to 5"):
			ratings.rate_on_portal(ticket.name, 6)
		frappe.set_user(theirs)
		assert "b2b-rating" not in frappe.render_template(RATING_BOX, {"ticket": ticket})
	frappe.set_user("Administrator")
	row = the_rating(ticket.name)
	assert (row.rating, row.comment, row.rated_by) == (5, "Thanks", mine)


def test_an_open_ticket_cannot_be_rated(erp):
	client = make_client(erp)
	ticket = new_ticket(client, contact=client.contact).insert()
	user = portal_contact(client.customer, "Whole Company")
	frappe.set_user(user)
	assert ratings.portal_rating_state(ticket.name)["may_rate"] is False
	with pytest.raises(frappe.ValidationError, match="can no longer be rated"):
		ratings.rate_on_portal(ticket.name, 4)
