"""The "Act of Completed Works" print format of a Service Act, as PDF in English and in Russian."""

import io

import pytest
from markupsafe import escape
from pypdf import PdfReader

import frappe
from frappe.translate import print_language

from b2b_helpdesk.service_billing.acts import build_act
from b2b_helpdesk.service_billing.log_work import log_time
from tests.integration.billing_factories import (
	billed_client,
	hours_plan,
	make_activity_type,
	make_engineer,
)
from tests.integration.factories import new_ticket

PRINT_FORMAT = "Act of Completed Works"
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
REPAIR = "B2B Repair"


@pytest.fixture(autouse=True)
def print_setup():
	"""Drafts may be printed; the print language and translations are fresh and restored afterwards."""
	frappe.db.set_single_value("Print Settings", "allow_print_for_draft", 1)
	frappe.cache.hdel("merged_translations", "ru")  # this app's ru.csv may be newer than the cache
	lang = frappe.local.lang
	yield
	frappe.local.lang = lang
	frappe.local.jenv = None
	frappe.db.value_cache.pop("Print Settings", None)  # not to outlive the rollback


@pytest.fixture
def act(erp):
	"""A draft act of May 2026 with the fee, labour on a ticket and a trip, VAT 20%, both parties' details."""
	frappe.db.set_value("Company", erp.company, "tax_id", "CONTRACTOR-TAX-7701")
	add_address("Company", erp.company, "10 Service Avenue", "Springfield")
	make_activity_type(REPAIR)
	plan = hours_plan(erp, taxes_and_charges=vat_template(erp.company))
	client, contract = billed_client(erp, plan)
	frappe.db.set_value("Customer", client.customer, "tax_id", "CUSTOMER-TAX-5029")
	add_address("Customer", client.customer, "7 Head Office Square", "Boston")
	engineer = make_engineer(erp.company, costing_rate=50, activity_types=(REPAIR,))
	ticket = new_ticket(client, opened_on="2026-05-18 08:00:00", asset=client.fridge).insert()
	log_time(ticket.name, REPAIR, 2, "2026-05-18 10:00:00", employee=engineer)
	frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": ticket.name,
			"engineer": engineer,
			"departed_on": "2026-05-18 09:00:00",
			"travel_zone": "City",
		}
	).insert()
	doc = build_act(contract, "2026-05-10")
	return frappe._dict(doc=doc, client=client, ticket=ticket.name)


def vat_template(company: str) -> str:
	account = frappe.db.get_value(
		"Account", {"company": company, "account_type": "Tax", "is_group": 0}, "name"
	) or make_tax_account(company)
	return (
		frappe.get_doc(
			{
				"doctype": "Sales Taxes and Charges Template",
				"title": f"Act VAT {frappe.generate_hash(length=5)}",
				"company": company,
				"taxes": [
					{
						"charge_type": "On Net Total",
						"account_head": account,
						"description": "VAT 20%",
						"rate": 20,
					}
				],
			}
		)
		.insert()
		.name
	)


def make_tax_account(company: str) -> str:
	parent = frappe.db.get_value(
		"Account", {"company": company, "root_type": "Liability", "is_group": 1}, "name"
	)
	return (
		frappe.get_doc(
			{
				"doctype": "Account",
				"account_name": f"Act VAT {frappe.generate_hash(length=5)}",
				"parent_account": parent,
				"company": company,
				"account_type": "Tax",
			}
		)
		.insert()
		.name
	)


def add_address(link_doctype: str, link_name: str, line1: str, city: str) -> str:
	"""The party's primary billing address: the one the act prints (the others stop being primary)."""
	others = frappe.get_all(
		"Address",
		filters=[
			["Dynamic Link", "link_doctype", "=", link_doctype],
			["Dynamic Link", "link_name", "=", link_name],
		],
		pluck="name",
	)
	for name in others:
		frappe.db.set_value("Address", name, "is_primary_address", 0)
	return (
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": f"{link_name} Legal",
				"address_type": "Billing",
				"address_line1": line1,
				"city": city,
				"country": "United States",
				"is_primary_address": 1,
				"is_your_company_address": int(link_doctype == "Company"),
				"links": [{"link_doctype": link_doctype, "link_name": link_name}],
			}
		)
		.insert()
		.name
	)


def render(name: str, lang: str, as_pdf: bool = True):
	"""The act printed in `lang`, as the print view's language selector does (download_pdf's `language`)."""
	with print_language(lang):
		return frappe.get_print("Service Act", name, print_format=PRINT_FORMAT, as_pdf=as_pdf)


def pdf_text(pdf: bytes) -> str:
	"""The PDF's text: ligatures (ﬁ) as letters, runs of white space (tabs, line breaks) as one space."""
	assert pdf.startswith(b"%PDF")
	text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
	return " ".join(text.translate(LIGATURES).split())


def test_the_act_prints_in_english(act):
	doc = act.doc
	text = pdf_text(render(doc.name, "en"))
	assert f"Act of Completed Works (Services Rendered) No. {doc.name} of" in text
	assert doc.customer_name in text
	assert frappe.db.get_value("Company", doc.company, "company_name") in text
	assert "CONTRACTOR-TAX-7701" in text and "CUSTOMER-TAX-5029" in text
	assert "10 Service Avenue" in text and "7 Head Office Square" in text
	assert f"Under contract {doc.contract} of" in text
	assert "For the period from" in text
	assert act.ticket in text
	assert doc.get_formatted("net_total") in text
	assert "VAT 20%" in text and doc.taxes[0].get_formatted("tax_amount", doc) in text
	assert f"Total incl. VAT: {doc.get_formatted('grand_total')}" in text
	assert "rendered in full and on time" in text
	assert "Contractor" in text and "Customer" in text


def test_the_act_prints_in_russian(act):
	doc = act.doc
	text = pdf_text(render(doc.name, "ru"))
	assert f"Акт выполненных работ (оказанных услуг) № {doc.name} от" in text
	assert doc.customer_name in text
	assert f"По договору № {doc.contract} от" in text
	assert "За период с" in text
	assert f"Всего с учётом НДС: {doc.get_formatted('grand_total')}" in text
	assert "Вышеперечисленные услуги выполнены полностью и в срок." in text
	assert "Исполнитель" in text and "Заказчик" in text
	assert "Act of Completed Works" not in text


def test_the_html_lists_every_line(act):
	doc = act.doc
	html = render(doc.name, "en", as_pdf=False)
	assert len(doc.items) >= 3  # the fee, the labour and the trip
	for row in doc.items:
		assert str(escape(row.description)) in html
		assert row.get_formatted("amount", doc) in html
	assert "Accepted electronically" not in html


def test_an_accepted_act_says_who_accepted_it(act):
	doc = act.doc
	doc.submit()
	doc.db_set(
		{"act_status": "Accepted", "accepted_by": act.client.contact, "accepted_on": "2026-06-02 11:30:00"}
	)
	html = render(doc.name, "en", as_pdf=False)
	full_name = frappe.db.get_value("Contact", act.client.contact, "full_name")
	assert f"Accepted electronically by {full_name} on" in html
	assert "Draft" not in html.split('class="act-print"', 1)[1]
