"""Intake hints on the ticket form (R14, R20, R24): contact authority, contract and SLA, equipment history."""

import pytest

import frappe

from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.service_desk.intake_hints import get_intake_hints
from tests.integration.factories import at_local, make_client, make_contract, make_user, new_ticket

HOUR = 3600
TODAY = "2026-05-20 10:00:00"


@pytest.fixture
def client(erp):
	return make_client(erp, "Intake")


@pytest.fixture
def policy():
	name = f"Intake SLA {frappe.generate_hash(length=6)}"
	return make_policy(
		name,
		response_hours={"Low": 8, "Medium": 4, "High": 2, "Urgent": 0.5},
		resolution_hours={"Low": 40, "Medium": 24, "High": 8, "Urgent": 4},
	).name


@pytest.fixture(autouse=True)
def no_default_policy():
	frappe.db.set_single_value("Service Desk Settings", "default_service_level_policy", None)


def hints(client, **kwargs):
	with at_local(TODAY):
		return get_intake_hints(client.customer, **kwargs)


def set_scope(contact, access, may_raise=1, may_accept=0, locations=(), territory=None):
	doc = frappe.get_doc("Contact", contact)
	doc.b2b_portal_access = access
	doc.b2b_may_raise_tickets = may_raise
	doc.b2b_may_accept_acts = may_accept
	doc.b2b_territory = territory
	doc.set("b2b_locations", [{"address": address} for address in locations])
	doc.save(ignore_permissions=True)


def ticket_on(client, asset, opened_on, status="Open"):
	return new_ticket(client, asset=asset, opened_on=opened_on, status=status).insert().name


def refusal(call):
	"""The exception a call raises, with the HTTP status the desk would get."""
	with pytest.raises(Exception) as caught:
		call()
	return caught.value, getattr(caught.value, "http_status_code", 500)


# --- contract, SLA and covered equipment --------------------------------------------------------


def test_contract_and_its_sla_targets_for_the_tickets_priority(client, policy):
	contract = make_contract(client.customer, "2026-01-01", assets=(client.fridge, client.pos), policy=policy)

	result = hints(client, contact=client.contact, asset=client.fridge, priority="High")

	assert result["customer"]["name"] == client.customer
	assert result["contract"]["name"] == contract.name
	assert result["contract"]["coverage"] == "Covered"
	assert result["contract"]["reason"] == f"Equipment {client.fridge} is listed on contract {contract.name}."
	assert result["contract"]["chosen_by_hand"] is False
	sla = result["sla"]
	assert (sla["policy"], sla["from_contract"]) == (policy, True)
	assert sla["calendar"] == "Monday, Tuesday, Wednesday, Thursday, Friday 09:00–18:00"
	assert sla["target"] == {
		"priority": "High",
		"category": None,
		"handling_path": None,
		"first_response_seconds": 2 * HOUR,
		"resolution_seconds": 8 * HOUR,
		"first_response": "2 h",
		"resolution": "8 h",
		"is_current": True,
	}
	targets = {
		row["priority"]: (row["first_response_seconds"], row["resolution_seconds"]) for row in sla["targets"]
	}
	assert targets == {
		"Low": (8 * HOUR, 40 * HOUR),
		"Medium": (4 * HOUR, 24 * HOUR),
		"High": (2 * HOUR, 8 * HOUR),
		"Urgent": (HOUR // 2, 4 * HOUR),
	}
	assert [row["priority"] for row in sla["targets"] if row["is_current"]] == ["High"]
	assert next(row for row in sla["targets"] if row["priority"] == "Urgent")["first_response"] == "30 min"
	assert result["warnings"] == []


def test_covered_equipment_with_its_last_tickets_newest_first(client, policy):
	make_contract(client.customer, "2026-01-01", assets=(client.fridge, client.pos), policy=policy)
	days = ["2026-03-01", "2026-03-05", "2026-03-09", "2026-04-01", "2026-04-15", "2026-05-02", "2026-05-10"]
	statuses = ["Closed", "Closed", "Resolved", "Closed", "Resolved", "In Progress", "Open"]
	fridge_tickets = [
		ticket_on(client, client.fridge, f"{day} 09:00:00", status)
		for day, status in zip(days, statuses, strict=True)
	]
	pos_ticket = ticket_on(client, client.pos, "2026-05-12 11:00:00", "Waiting for Customer")
	ticket_on(client, client.lift, "2026-05-13 11:00:00")  # not covered: not listed

	result = hints(client, asset=client.fridge, priority="Medium")

	assert result["covers_all_equipment"] is False
	assets = {row["name"]: row for row in result["covered_assets"]}
	assert list(assets) == [client.fridge, client.pos]
	fridge = assets[client.fridge]
	assert (fridge["covered"], fridge["selected"], fridge["ticket_count"]) == (True, True, 7)
	assert fridge["service_location"] == client.store_a1
	assert [(t["name"], t["status"]) for t in fridge["recent_tickets"]] == list(
		zip(reversed(fridge_tickets[2:]), reversed(statuses[2:]), strict=True)
	)
	pos = assets[client.pos]
	assert (pos["selected"], pos["ticket_count"]) == (False, 1)
	assert [(t["name"], t["status"]) for t in pos["recent_tickets"]] == [(pos_ticket, "Waiting for Customer")]

	# on the form of the newest fridge ticket, that ticket is not its own history
	current = fridge_tickets[-1]
	on_form = hints(client, asset=client.fridge, priority="Medium", ticket=current)
	fridge = next(row for row in on_form["covered_assets"] if row["name"] == client.fridge)
	assert fridge["ticket_count"] == 6
	assert [t["name"] for t in fridge["recent_tickets"]] == list(reversed(fridge_tickets[1:6]))


def test_customer_wide_contract_covers_all_equipment(client, policy):
	make_contract(client.customer, "2026-01-01", policy=policy)
	result = hints(client)
	assert result["contract"]["rule"] == "customer_wide"
	assert result["covers_all_equipment"] is True
	assert {row["name"] for row in result["covered_assets"]} == {client.fridge, client.pos, client.lift}
	assert all(row["covered"] for row in result["covered_assets"])
	assert result["sla"]["target"] is None  # no priority given: all targets, none marked
	assert len(result["sla"]["targets"]) == 4


def test_location_contract_flags_equipment_elsewhere(client, policy):
	contract = make_contract(client.customer, "2026-01-01", locations=(client.store_a1,), policy=policy)
	result = hints(client, asset=client.lift, priority="Low")
	assert (result["contract"]["name"], result["contract"]["coverage"]) == (
		contract.name,
		"Equipment Not Covered",
	)
	rows = {row["name"]: (row["covered"], row["selected"]) for row in result["covered_assets"]}
	assert rows == {client.fridge: (True, False), client.pos: (True, False), client.lift: (False, True)}
	assert result["warnings"] == ["The contract does not cover this: Equipment Not Covered"]


def test_no_contract_in_force(client):
	make_contract(client.customer, "2025-01-01", "2025-12-31")
	result = hints(client, asset=client.lift)
	assert result["contract"]["name"] is None
	assert result["contract"]["coverage"] == "No Active Contract"
	assert result["sla"] is None
	assert [(row["name"], row["covered"]) for row in result["covered_assets"]] == [(client.lift, False)]
	assert result["warnings"] == ["No contract is in force: the work will be billed as extra."]


def test_hand_picked_contract_of_the_ticket_is_shown(client, policy):
	make_contract(client.customer, "2026-01-01", assets=(client.fridge,))
	picked = make_contract(client.customer, "2026-01-01", locations=(client.store_a2,), policy=policy)
	ticket = new_ticket(client, asset=client.fridge, contract=picked.name).insert()
	result = get_intake_hints(client.customer, asset=client.fridge, priority="Medium", ticket=ticket.name)
	assert (result["contract"]["name"], result["contract"]["chosen_by_hand"]) == (picked.name, True)
	assert result["contract"]["reason"].startswith("Chosen by hand.")
	assert result["sla"]["target"]["first_response_seconds"] == 4 * HOUR


# --- the contact's authority --------------------------------------------------------------------


def test_contact_scope_listed_locations_and_authority(client):
	set_scope(client.contact, "Listed Locations", may_accept=1, locations=(client.store_a1, client.store_a2))
	contact = hints(client, contact=client.contact)["contact"]
	assert contact["portal_access"] == "Listed Locations"
	assert contact["locations"] == [client.store_a1, client.store_a2]
	assert contact["scope_text"] == (
		f"Sees the tickets of the listed locations: {client.store_a1}, {client.store_a2}"
	)
	assert (contact["may_raise_tickets"], contact["may_accept_acts"]) == (True, True)


def test_contact_scope_territory_and_whole_company(client):
	set_scope(client.contact, "Territory", territory="All Territories")
	contact = hints(client, contact=client.contact)["contact"]
	assert contact["territory"] == "All Territories"
	assert "All Territories" in contact["territories"]
	assert (
		contact["scope_text"] == "Sees the tickets of territory All Territories and the territories below it"
	)

	set_scope(client.contact, "Whole Company")
	result = hints(client, contact=client.contact)
	assert result["contact"]["scope_text"] == "Sees all tickets of the company"
	assert result["contact"]["may_accept_acts"] is False


def test_warns_when_the_contact_may_not_raise_tickets_and_has_no_scope(client):
	set_scope(client.contact, "None", may_raise=0)
	result = hints(client, contact=client.contact)
	name = result["contact"]["full_name"]
	assert result["contact"]["scope_text"] == "Sees nothing on the portal"
	assert result["warnings"] == [
		f"{name} may NOT raise tickets. Confirm the request with a contact who may.",
		f"{name} has no portal scope: it sees nothing on the portal, not even this ticket.",
		"No contract is in force: the work will be billed as extra.",
	]


def test_warns_when_listed_locations_lists_none(client):
	set_scope(client.contact, "Listed Locations")
	result = hints(client, contact=client.contact)
	assert result["contact"]["scope_text"] == (
		"Listed locations, but none are listed: sees only its own tickets"
	)
	assert (
		result["warnings"][0]
		== f"{result['contact']['full_name']} has an empty portal scope: it sees only its own tickets."
	)


# --- who may ask, and junk input ---------------------------------------------------------------


def test_a_dispatcher_gets_the_hints(client):
	frappe.set_user(make_user("Service Dispatcher"))
	assert hints(client, contact=client.contact)["customer"]["name"] == client.customer


def test_refused_without_service_ticket_read(client):
	frappe.set_user(make_user("Stock User"))
	error, status = refusal(lambda: get_intake_hints(client.customer))
	assert isinstance(error, frappe.PermissionError)
	assert status == 403


def test_refused_without_customer_read(client):
	frappe.set_user(make_user("Service Customer"))
	assert frappe.has_permission("Service Ticket", "read")
	error, status = refusal(lambda: get_intake_hints(client.customer))
	assert isinstance(error, frappe.PermissionError)
	assert status == 403


@pytest.mark.parametrize(
	"kwargs, message",
	[
		({"customer": None}, "Pick a customer to see the intake hints."),
		({"customer": "  "}, "Pick a customer to see the intake hints."),
		({"customer": "No Such Customer"}, "Customer <strong>No Such Customer</strong> does not exist"),
		({"customer": "x" * 500}, "Customer is not a valid name: it is longer than 140 characters"),
		(
			{"priority": "Whenever"},
			"Priority <strong>Whenever</strong> is unknown. Use one of: Low, Medium, High, Urgent",
		),
		({"ticket": "ST-NOPE"}, "Service Ticket <strong>ST-NOPE</strong> does not exist"),
	],
)
def test_junk_arguments_are_refused_with_a_message(client, kwargs, message):
	args = {"customer": client.customer, **kwargs}
	error, status = refusal(lambda: get_intake_hints(**args))
	assert isinstance(error, frappe.ValidationError)
	assert status == 417
	assert str(error) == message


def test_records_of_another_customer_are_refused(client, erp):
	other = make_client(erp, "Other")
	for kwargs, message in (
		(
			{"contact": other.contact},
			f"Contact <strong>{other.contact}</strong> is not a contact of customer",
		),
		({"asset": other.fridge}, f"Equipment <strong>{other.fridge}</strong> is not registered to customer"),
		(
			{"service_location": other.store_a1},
			f"Service location <strong>{other.store_a1}</strong> is not an address of customer",
		),
	):
		error, status = refusal(lambda kwargs=kwargs: get_intake_hints(client.customer, **kwargs))
		assert (type(error), status) == (frappe.ValidationError, 417)
		assert str(error).startswith(message)


def test_wrong_types_never_give_a_server_error(client):
	for kwargs in (
		{"customer": ["a list"]},
		{"customer": client.customer, "contact": {"a": 1}},
		{"customer": 42},
	):
		_error, status = refusal(lambda kwargs=kwargs: get_intake_hints(**kwargs))
		assert status == 417


def test_the_hints_come_rendered_escaped_and_in_the_users_language(client, policy):
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy, assets=(client.fridge,))
	new_ticket(
		client, asset=client.fridge, opened_on="2026-05-10 09:00:00", subject="Temp < 5 & rising"
	).insert()
	frappe.db.set_value(
		"Contact", client.contact, "full_name", "Ann <b>Bold</b>"
	)  # as an import may write it
	english = hints(client, contact=client.contact, asset=client.fridge, priority="High")["html"]
	assert "Contact and Authority" in english and "Covered Equipment" in english
	assert "Temp < 5" not in english and "Temp &lt; 5 &amp; rising" in english
	assert "<b>Bold</b>" not in english and "&lt;b&gt;Bold&lt;/b&gt;" in english
	assert 'indicator-pill red">Open' in english  # the status colour from service_desk/colours.py
	frappe.local.lang = "ru"
	try:
		russian = hints(client, contact=client.contact, asset=client.fridge, priority="High")["html"]
	finally:
		frappe.local.lang = "en"
	assert "Contact and Authority" not in russian
	assert _ru("Contact and Authority") in russian and _ru("Covered Equipment") in russian


def _ru(text: str) -> str:
	import csv
	from pathlib import Path

	rows = csv.reader(
		Path(frappe.get_app_path("b2b_helpdesk", "translations", "ru.csv")).open(encoding="utf-8")
	)
	return next(row[1] for row in rows if row and row[0] == text)
