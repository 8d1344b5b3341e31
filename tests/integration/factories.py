"""Client companies for tests, built with the same helpers as the demo, under unique names."""

from dataclasses import dataclass

import frappe

from b2b_helpdesk.demo.clients import make_address, make_contact, make_contract, make_customer
from b2b_helpdesk.demo.erp_setup import make_customer_equipment


@dataclass
class Client:
	customer: str
	store_a1: str
	store_a2: str
	contact: str
	fridge: str  # at store A1
	pos: str  # at store A1
	lift: str  # at store A2


def make_client(erp, label: str = "Client") -> Client:
	tag = frappe.generate_hash(length=6)
	customer = make_customer(f"{label} {tag}", tier="Gold")
	a1 = make_address(customer, f"{label} {tag} Store A1", "1 Market Street", "Boston")
	a2 = make_address(customer, f"{label} {tag} Store A2", "2 Harbour Road", "Boston")
	contact = make_contact(customer, "Store", f"Admin {tag}", f"admin-{tag}@client.example")
	equipment = {
		key: make_customer_equipment(erp.kit, customer, erp.model, f"{label} {tag} {key}", place).name
		for key, place in (("fridge", a1), ("pos", a1), ("lift", a2))
	}
	return Client(customer, a1, a2, contact, **equipment)


def new_ticket(client: Client, **fields):
	doc = {
		"doctype": "Service Ticket",
		"subject": "Display case not cooling",
		"customer": client.customer,
		"opened_on": "2026-05-15 09:30:00",
		**fields,
	}
	return frappe.get_doc(doc)


__all__ = ["Client", "make_client", "make_contract", "new_ticket"]
