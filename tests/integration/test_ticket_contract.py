"""A ticket finds its contract from customer + equipment/location + opening date (R4, R11)."""

import pytest

import frappe

from tests.integration.factories import make_client, make_contract, new_ticket


@pytest.fixture
def client(erp):
	return make_client(erp)


def ticket_count(customer):
	return frappe.db.count("Service Ticket", {"customer": customer})


def test_listed_equipment_wins_over_location_and_customer_wide(client):
	blanket = make_contract(client.customer, "2026-01-01", "2026-12-31")
	by_store = make_contract(client.customer, "2026-01-01", "2026-12-31", locations=(client.store_a1,))
	by_fridge = make_contract(client.customer, "2026-01-01", "2026-12-31", assets=(client.fridge,))

	fridge = new_ticket(client, asset=client.fridge).insert()
	pos = new_ticket(client, asset=client.pos).insert()
	lift = new_ticket(client, asset=client.lift).insert()

	assert (fridge.contract, fridge.coverage) == (by_fridge.name, "Covered")
	assert (
		fridge.contract_match_reason == f"Equipment {client.fridge} is listed on contract {by_fridge.name}."
	)
	assert fridge.service_location == client.store_a1  # filled from the equipment
	assert (pos.contract, pos.coverage) == (by_store.name, "Covered")
	assert (lift.contract, lift.coverage) == (blanket.name, "Covered")
	assert not fridge.contract_set_manually


def test_uncovered_equipment_is_flagged_but_keeps_the_customers_contract(client):
	contract = make_contract(client.customer, "2026-01-01", "2026-12-31", assets=(client.fridge,))
	ticket = new_ticket(client, asset=client.lift).insert()
	assert (ticket.contract, ticket.coverage) == (contract.name, "Equipment Not Covered")
	assert "does not cover" in ticket.contract_match_reason


def test_no_contract_in_force_on_the_opening_date(client):
	make_contract(client.customer, "2025-01-01", "2025-12-31")
	make_contract(client.customer, "2026-01-01", "2026-12-31", signed=False)  # unsigned: not a live contract
	make_contract(client.customer, "2026-01-01", "2026-12-31", submit=False)  # draft: neither
	ticket = new_ticket(client, asset=client.fridge).insert()
	assert (ticket.contract, ticket.coverage) == (None, "No Active Contract")
	assert ticket.contract_match_reason.startswith(
		f"Customer {client.customer} has no signed contract in force"
	)


def test_opening_date_decides_not_today(client):
	last_year = make_contract(client.customer, "2025-01-01", "2025-12-31")
	this_year = make_contract(client.customer, "2026-01-01", "2026-12-31")
	old = new_ticket(client, opened_on="2025-11-30 16:00:00").insert()
	new = new_ticket(client, opened_on="2026-01-01 00:05:00").insert()
	assert (old.contract, new.contract) == (last_year.name, this_year.name)


def test_contract_follows_a_change_of_equipment(client):
	make_contract(client.customer, "2026-01-01", "2026-12-31", assets=(client.fridge,))
	ticket = new_ticket(client, asset=client.lift).insert()
	assert ticket.coverage == "Equipment Not Covered"
	ticket.asset = client.fridge
	ticket.service_location = None
	ticket.save()
	assert ticket.coverage == "Covered"


def test_hand_picked_contract_of_the_same_customer_is_kept(client):
	make_contract(client.customer, "2026-01-01", "2026-12-31", assets=(client.fridge,))
	other = make_contract(client.customer, "2026-01-01", "2026-12-31", locations=(client.store_a2,))
	ticket = new_ticket(client, asset=client.fridge, contract=other.name).insert()
	assert (ticket.contract, ticket.contract_set_manually) == (other.name, 1)
	assert ticket.coverage == "Equipment Not Covered"
	assert ticket.contract_match_reason.startswith("Chosen by hand.")

	ticket.subject = "Still not cooling"
	ticket.save()
	assert ticket.contract == other.name  # a later save keeps the user's choice

	ticket.contract_set_manually = 0
	ticket.save()
	assert ticket.contract != other.name  # unticked: found again


def test_contract_of_another_customer_is_refused_and_nothing_saved(erp, client):
	stranger = make_client(erp, "Stranger")
	foreign = make_contract(stranger.customer, "2026-01-01", "2026-12-31")
	with pytest.raises(
		frappe.ValidationError, match=f"Contract .*{foreign.name}.* is not a contract of customer"
	):
		new_ticket(client, contract=foreign.name).insert()
	assert ticket_count(client.customer) == 0


@pytest.mark.parametrize(
	("start", "end", "message"),
	[
		("2025-01-01", "2025-12-31", "ended on"),
		("2026-06-01", "2026-12-31", "starts on"),
	],
)
def test_contract_not_in_force_on_the_opening_date_is_refused(client, start, end, message):
	make_contract(client.customer, "2026-01-01", "2026-12-31")
	chosen = make_contract(client.customer, start, end)
	with pytest.raises(frappe.ValidationError, match=message):
		new_ticket(client, contract=chosen.name).insert()
	assert ticket_count(client.customer) == 0


def test_unsigned_contract_cannot_be_picked(client):
	unsigned = make_contract(client.customer, "2026-01-01", "2026-12-31", signed=False)
	with pytest.raises(frappe.ValidationError, match="not signed and submitted"):
		new_ticket(client, contract=unsigned.name).insert()
