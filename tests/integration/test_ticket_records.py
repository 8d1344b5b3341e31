"""Contact, location and equipment on a ticket must be the customer's own (R2, R4)."""

import pytest

import frappe

from tests.integration.factories import make_client, new_ticket


@pytest.fixture
def client(erp):
	return make_client(erp)


@pytest.fixture
def stranger(erp):
	return make_client(erp, "Stranger")


@pytest.mark.parametrize(
	("field", "attribute", "message"),
	[
		("contact", "contact", "is not a contact of customer"),
		("service_location", "store_a1", "is not an address of customer"),
		("asset", "fridge", "is not registered to customer"),
	],
)
def test_another_customers_record_is_refused(client, stranger, field, attribute, message):
	with pytest.raises(frappe.ValidationError, match=message):
		new_ticket(client, **{field: getattr(stranger, attribute)}).insert()
	assert frappe.db.count("Service Ticket", {"customer": client.customer}) == 0


def test_equipment_fills_its_service_location(client):
	ticket = new_ticket(client, asset=client.lift, contact=client.contact).insert()
	assert ticket.service_location == client.store_a2
	assert ticket.contact_email.startswith("admin-")


def test_equipment_at_another_location_than_the_ticket_is_refused(client):
	with pytest.raises(frappe.ValidationError, match="is registered at service location"):
		new_ticket(client, asset=client.fridge, service_location=client.store_a2).insert()


def test_cancelled_equipment_is_refused(client):
	asset = frappe.get_doc("Asset", client.pos)
	asset.cancel()
	with pytest.raises(frappe.ValidationError, match="is cancelled"):
		new_ticket(client, asset=client.pos).insert()


def test_ticket_fetches_client_context(client):
	frappe.db.set_value("Customer", client.customer, "account_manager", "Administrator")
	ticket = new_ticket(client, asset=client.fridge).insert()
	assert ticket.name.startswith("ST-")
	assert (ticket.customer_name, ticket.service_tier, ticket.account_manager) == (
		client.customer,
		"Gold",
		"Administrator",
	)
	assert ticket.item_code == "B2B-TEST-MODEL"
