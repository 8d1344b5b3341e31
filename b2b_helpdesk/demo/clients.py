"""Build a client company the way a user does in the desk: Customer, its Contacts and Addresses, a Contract."""

import frappe
from frappe.utils import getdate


def make_customer(name: str, tier: str = "Standard", account_manager: str | None = None) -> str:
	if frappe.db.exists("Customer", name):
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Customer",
				"customer_name": name,
				"customer_type": "Company",
				"b2b_service_tier": tier,
				"account_manager": account_manager,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_contact(customer: str, first_name: str, last_name: str, email: str, phone: str | None = None) -> str:
	contact = frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": first_name,
			"last_name": last_name,
			"email_ids": [{"email_id": email, "is_primary": 1}],
			"phone_nos": [{"phone": phone, "is_primary_mobile_no": 1}] if phone else [],
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	)
	return contact.insert(ignore_permissions=True).name


def make_address(customer: str, title: str, line1: str, city: str, country: str = "United States") -> str:
	address = frappe.get_doc(
		{
			"doctype": "Address",
			"address_title": title,
			"address_type": "Shop",
			"address_line1": line1,
			"city": city,
			"country": country,
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	)
	return address.insert(ignore_permissions=True).name


def make_contract(
	customer: str,
	start: str,
	end: str | None = None,
	assets: tuple[str, ...] = (),
	locations: tuple[str, ...] = (),
	signed: bool = True,
	submit: bool = True,
	policy: str | None = None,
	billing_plan: str | None = None,
	terms: str = "Equipment maintenance and repair under the service schedule.",
):
	contract = frappe.get_doc(
		{
			"doctype": "Contract",
			"party_type": "Customer",
			"party_name": customer,
			"start_date": getdate(start),
			"end_date": getdate(end) if end else None,
			"is_signed": int(signed),
			"signee": "Client representative" if signed else None,
			"signed_on": f"{start} 10:00:00" if signed else None,
			"contract_terms": terms,
			"b2b_service_level_policy": policy,
			"b2b_billing_plan": billing_plan,
			"b2b_covered_assets": [{"asset": asset} for asset in assets],
			"b2b_covered_locations": [{"address": address} for address in locations],
		}
	).insert(ignore_permissions=True)
	if submit:
		contract.submit()
	return contract
