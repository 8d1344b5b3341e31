"""The portal as the client's own service: its header, the request's history in steps, photos and files."""

import base64

import pytest

import frappe

from b2b_helpdesk.api import portal
from b2b_helpdesk.portal import attachments
from tests.integration.factories import new_ticket
from tests.integration.test_portal import page, shop  # noqa: F401 (fixture)

PNG = base64.b64encode(
	base64.b64decode(
		"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
	)
).decode()


def as_user(user: str, call, *args, **kwargs):
	frappe.set_user(user)
	try:
		return call(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


@pytest.mark.parametrize("path", ["/tickets", "/tickets/new", "/equipment", "/sla", "/acts"])
def test_every_page_has_the_portals_own_frame_and_none_of_the_websites(shop, path):  # noqa: F811
	status, html = page(path, shop.users["store_admin"])
	assert status == 200
	assert 'class="b2b-portal-header"' in html and 'class="b2b-portal-nav' in html
	assert html.count('class="b2b-portal-nav') == 1
	assert "/?cmd=web_logout" in html
	for stock in ("Powered by", "footer-subscribe", "Get Updates", 'class="navbar '):
		assert stock not in html, (path, stock)


def test_the_history_reads_as_the_steps_the_client_noticed(shop):  # noqa: F811
	ticket = new_ticket(shop.a, service_location=shop.a.store_a1).insert()
	for status in ("In Progress", "Waiting for Customer", "In Progress", "Resolved", "In Progress"):
		ticket.reload()
		ticket.status = status
		ticket.save()
	_status, html = page(f"/tickets/{ticket.name}", shop.users["store_admin"])
	history = html[html.index('class="b2b-steps') :].split("</ol>")[0]
	labels = [part.split("</b>")[0] for part in history.split("<b>")[1:]]
	assert labels == [
		"Request received",
		"An engineer is on it",
		"Waiting for your answer",
		"An engineer is on it",
		"Fixed: for you to check",
		"Reopened",
	]


def test_the_client_adds_a_photo_to_its_request_and_sees_it_listed(shop):  # noqa: F811
	ticket = new_ticket(shop.a, service_location=shop.a.store_a1).insert()
	user = shop.users["store_admin"]
	added = as_user(user, portal.attach_file, ticket.name, "warm fridge.png", "data:image/png;base64," + PNG)
	file = frappe.get_doc("File", added["name"])
	assert (file.attached_to_doctype, file.attached_to_name, file.is_private, file.file_name) == (
		"Service Ticket",
		ticket.name,
		1,
		"warm fridge.png",
	)
	assert file.file_size == 70
	assert file.owner == user
	_status, html = page(f"/tickets/{ticket.name}", user)
	assert f'href="{file.file_url}"' in html and "warm fridge.png" in html


@pytest.mark.parametrize(
	"filename, content, message",
	[
		("script.exe", PNG, "script.exe cannot be attached: photos, videos, PDF, text and office files only"),
		("photo.png", "not base64 !!", "The file photo.png arrived damaged: please try again"),
		("photo.png", "", "The file photo.png is empty"),
		(
			"huge.pdf",
			base64.b64encode(b"x" * (attachments.MAX_BYTES + 1)).decode(),
			"huge.pdf is larger than 10 MB",
		),
	],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_saved(shop, filename, content, message):  # noqa: F811
	ticket = new_ticket(shop.a, service_location=shop.a.store_a1).insert()
	with pytest.raises(frappe.ValidationError) as refused:
		as_user(shop.users["store_admin"], portal.attach_file, ticket.name, filename, content)
	assert message in str(refused.value)
	assert not attachments.files_of(ticket.name)


def test_nobody_attaches_to_a_request_outside_its_scope_or_a_closed_one(shop):  # noqa: F811
	elsewhere = new_ticket(shop.a, service_location=shop.a.store_a2).insert()
	with pytest.raises(frappe.PermissionError):
		as_user(shop.users["store_admin"], portal.attach_file, elsewhere.name, "a.png", PNG)
	with pytest.raises(frappe.PermissionError):
		as_user(shop.users["other_company"], portal.attach_file, elsewhere.name, "a.png", PNG)
	frappe.db.set_value("Service Ticket", elsewhere.name, "status", "Closed")
	with pytest.raises(frappe.ValidationError, match="closed"):
		as_user(shop.users["head_office"], portal.attach_file, elsewhere.name, "a.png", PNG)
	assert not attachments.files_of(elsewhere.name)
