"""Client companies for tests, built with the same helpers as the demo, under unique names."""

from dataclasses import dataclass
from datetime import timezone
from zoneinfo import ZoneInfo

from freezegun import freeze_time

import frappe
from frappe.utils import get_datetime, get_system_timezone

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


def make_user(role: str) -> str:
	email = f"{frappe.generate_hash(length=8)}@staff.example"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": role,
			"send_welcome_email": 0,
			"user_type": "System User" if role != "Service Customer" else "Website User",
		}
	).insert(ignore_permissions=True)
	user.add_roles(role)
	return email


def at_local(when: str):
	"""Freeze the clock at `when`, a wall-clock time of the site's time zone (as users see it)."""
	local = get_datetime(when).replace(tzinfo=ZoneInfo(get_system_timezone()))
	return freeze_time(local.astimezone(timezone.utc).replace(tzinfo=None))


__all__ = ["Client", "at_local", "make_client", "make_contract", "make_user", "new_ticket"]
