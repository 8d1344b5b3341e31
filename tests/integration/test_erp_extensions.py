"""Customer, Contract and Asset extended, not replaced: fields, checks and connections (R4, R9, R22, R27)."""

import pytest

import frappe
from frappe.desk.notifications import get_open_count

from b2b_helpdesk.setup.custom_fields import iter_custom_field_keys
from tests.integration.factories import make_client, make_contract, new_ticket


@pytest.fixture
def client(erp):
	return make_client(erp)


def test_custom_fields_exist_with_the_b2b_prefix():
	for doctype, fieldname in iter_custom_field_keys():
		assert fieldname.startswith("b2b_")
		assert frappe.get_meta(doctype).has_field(fieldname), (doctype, fieldname)


def test_contract_takes_the_customers_account_manager(client):
	frappe.db.set_value("Customer", client.customer, "account_manager", "Administrator")
	contract = make_contract(client.customer, "2026-01-01", "2026-12-31", submit=False)
	assert contract.b2b_account_manager == "Administrator"


def test_covered_equipment_can_be_added_to_a_submitted_contract(client):
	contract = make_contract(client.customer, "2026-01-01", "2026-12-31", assets=(client.fridge,))
	contract.append("b2b_covered_assets", {"asset": client.pos})
	contract.save()  # update after submit: the covered lists are allow-on-submit
	assert [row.asset for row in frappe.get_doc("Contract", contract.name).b2b_covered_assets] == [
		client.fridge,
		client.pos,
	]
	assert contract.b2b_covered_assets[1].service_location == client.store_a1


@pytest.mark.parametrize(
	("table", "row", "message"),
	[
		("b2b_covered_assets", lambda s: {"asset": s.fridge}, "is not registered to customer"),
		("b2b_covered_locations", lambda s: {"address": s.store_a1}, "is not an address of customer"),
	],
)
def test_contract_refuses_another_customers_equipment_or_location(erp, client, table, row, message):
	stranger = make_client(erp, "Stranger")
	contract = make_contract(client.customer, "2026-01-01", "2026-12-31", submit=False)
	contract.append(table, row(stranger))
	with pytest.raises(frappe.ValidationError, match=message):
		contract.save()


def test_contract_refuses_a_row_listed_twice(client):
	with pytest.raises(frappe.ValidationError, match="is listed twice"):
		make_contract(
			client.customer, "2026-01-01", None, assets=(client.fridge, client.fridge), submit=False
		)


def test_asset_service_location_must_be_the_customers(erp, client):
	stranger = make_client(erp, "Stranger")
	asset = frappe.get_doc("Asset", client.fridge)
	asset.b2b_service_location = stranger.store_a1
	with pytest.raises(frappe.ValidationError, match="is not an address of customer"):
		asset.save()


def external_counts(doctype, name):
	counts = get_open_count(doctype, name)["count"]["external_links_found"]
	return {c["doctype"]: c["count"] for c in counts}


def test_connections_on_customer_contract_and_asset(client):
	contract = make_contract(client.customer, "2026-01-01", "2026-12-31")
	new_ticket(client, asset=client.fridge).insert()
	new_ticket(client, asset=client.lift).insert()

	customer = external_counts("Customer", client.customer)
	assert (customer["Service Ticket"], customer["Contract"], customer["Asset"]) == (2, 1, 3)
	assert external_counts("Contract", contract.name)["Service Ticket"] == 2
	assert external_counts("Asset", client.fridge)["Service Ticket"] == 1


def test_customer_timeline_shows_its_tickets():
	assert frappe.get_meta("Service Ticket").timeline_field == "customer"
