"""The "Act of Completed Works" print format of a Service Act, as PDF in English and in Russian.

The Russian act speaks Russian: its lines are built from their codes at print time (the work
type, the travel zone and the item's own name translated through the ERP's Translation
records), its dates and the amount in words are Russian, and it names both parties' legal
details and the allowance used and left (issue 10, item 4).
"""

import io

import pytest
from markupsafe import escape
from pypdf import PdfReader

import frappe
from frappe.translate import USER_TRANSLATION_KEY, print_language

from b2b_helpdesk.service_billing.acts import build_act
from b2b_helpdesk.service_billing.log_work import issue_materials, log_time
from tests.integration.billing_factories import (
	billed_client,
	extra_ticket,
	hours_plan,
	make_activity_type,
	make_engineer,
	receive_stock,
	stores,
)
from tests.integration.factories import make_user, new_ticket

PRINT_FORMAT = "Act of Completed Works"
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
REPAIR = "B2B Repair"


@pytest.fixture(autouse=True)
def print_setup():
	"""Drafts may be printed; the print language and translations are fresh and restored afterwards."""
	frappe.db.set_single_value("Print Settings", "allow_print_for_draft", 1)
	forget_translations()  # this app's ru.csv may be newer than the cache
	lang = frappe.local.lang
	yield
	frappe.local.lang = lang
	frappe.local.jenv = None
	frappe.db.value_cache.pop("Print Settings", None)  # not to outlive the rollback
	forget_translations()  # the test's Translation records are rolled back


def forget_translations() -> None:
	for key in ("merged_translations", USER_TRANSLATION_KEY):
		frappe.cache.hdel(key, "ru")


@pytest.fixture
def act(erp):
	"""A draft act of May 2026, VAT 20%, both parties' legal details, and every kind of line: the
	fee, covered labour (part of it out of hours, part beyond the allowance), extra labour, a trip,
	a material and an SLA credit."""
	frappe.db.set_value("Company", erp.company, "tax_id", "CONTRACTOR-TAX-7701")
	add_address("Company", erp.company, "10 Service Avenue", "Springfield")
	make_activity_type(REPAIR)
	seal = make_named_item(f"B2B-SEAL-{frappe.generate_hash(length=5)}", "Door seal")
	plan = hours_plan(
		erp,
		taxes_and_charges=vat_template(erp.company),
		material_prices=[{"item_code": seal, "rate": 12.5}],
		sla_credit_per_breach=25,
	)
	client, contract = billed_client(erp, plan)
	frappe.db.set_value("Customer", client.customer, "tax_id", "CUSTOMER-TAX-5029")
	add_address("Customer", client.customer, "7 Head Office Square", "Boston")
	engineer = make_engineer(erp.company, costing_rate=50, activity_types=(REPAIR,))
	ticket = new_ticket(client, opened_on="2026-05-18 08:00:00", asset=client.fridge).insert()
	extra = extra_ticket(client)
	log_time(ticket.name, REPAIR, 2, "2026-05-18 10:00:00", employee=engineer)
	# 08:00–17:30: 1 h before the office opens (× 1.5), 8.5 h inside: 10 h of allowance, 8 h left
	log_time(ticket.name, REPAIR, 9.5, "2026-05-19 08:00:00", employee=engineer)
	log_time(extra.name, REPAIR, 1, "2026-05-20 10:00:00", employee=engineer)
	frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": ticket.name,
			"engineer": engineer,
			"departed_on": "2026-05-18 09:00:00",
			"travel_zone": "City",
		}
	).insert()
	receive_stock(erp.company, seal, 10, 5)
	issue_materials(
		ticket.name, [{"item_code": seal, "qty": 2, "warehouse": stores(erp.company)}], "2026-05-21"
	)
	breached = new_ticket(client, opened_on="2026-05-02 08:00:00").insert()
	frappe.db.set_value(
		"Service Ticket", breached.name, {"sla_state": "Breached", "resolved_on": "2026-05-05 10:00:00"}
	)
	for done in (ticket.name, extra.name):  # the month's work is finished: nothing to warn of
		frappe.db.set_value("Service Ticket", done, {"status": "Resolved", "sla_state": "Met"})
	doc = build_act(contract, "2026-05-10")
	return frappe._dict(doc=doc, client=client, ticket=ticket.name, seal=seal)


def make_named_item(code: str, name: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": code,
				"item_name": name,
				"item_group": "Consumable",
				"stock_uom": "Nos",
				"is_stock_item": 1,
			}
		)
		.insert()
		.name
	)


def translate_data(pairs: dict[str, str]) -> None:
	"""The ERP's own way to give data (a work type, an item's name, a tax) a Russian name."""
	for source, russian in pairs.items():
		frappe.get_doc(
			{"doctype": "Translation", "language": "ru", "source_text": source, "translated_text": russian}
		).insert()
	forget_translations()


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


def as_accountant() -> None:
	"""The one who prints acts and sends them to the client."""
	user = make_user("Service Accountant")
	frappe.set_user(user)


def test_act_of_completed_works_is_the_default_print_format():
	assert frappe.get_meta("Service Act").default_print_format == PRINT_FORMAT


def test_the_act_prints_in_english(act):
	doc = act.doc
	as_accountant()
	text = pdf_text(render(doc.name, "en"))
	assert f"Act of Completed Works (Services Rendered) No. {doc.name} of May 31, 2026" in text
	assert doc.customer_name in text
	assert frappe.db.get_value("Company", doc.company, "company_name") in text
	assert "CONTRACTOR-TAX-7701" in text and "CUSTOMER-TAX-5029" in text
	assert "10 Service Avenue" in text and "7 Head Office Square" in text
	assert f"Under contract {doc.contract} of January 1, 2026" in text
	assert "For the period from May 1, 2026 to May 31, 2026" in text
	assert act.ticket in text and "5/18/2026" in text
	assert doc.get_formatted("net_total") in text
	assert "VAT 20%" in text and doc.taxes[0].get_formatted("tax_amount", doc) in text
	assert f"Total incl. VAT: {doc.get_formatted('grand_total')}" in text
	assert (doc.net_total, doc.grand_total) == (1345, 1614)
	assert "Allowance for the period: 10 h; used: 10 h; left: 0 h. Beyond the allowance: 2 h." in text
	assert "Amount in words: One thousand, six hundred and fourteen US dollars and 00 cents The above" in text
	assert " only" not in text
	assert "rendered in full and on time" in text
	assert "Contractor" in text and "Customer" in text


def test_the_act_prints_in_russian(act):
	doc = act.doc
	as_accountant()
	text = pdf_text(render(doc.name, "ru"))
	assert f"Акт выполненных работ (оказанных услуг) № {doc.name} от" in text
	assert doc.customer_name in text
	assert f"По договору № {doc.contract} от" in text
	assert "За период с" in text
	assert f"Всего с учётом НДС: {doc.get_formatted('grand_total')}" in text
	assert "Вышеперечисленные услуги выполнены полностью и в срок." in text
	assert "Исполнитель" in text and "Заказчик" in text
	assert "Act of Completed Works" not in text


def test_the_russian_act_has_no_english_line(act):
	"""Work type, zone and item name in Russian (the item's name, never its code), units too."""
	translate_data({REPAIR: "Ремонт оборудования", "Door seal": "Уплотнитель двери"})
	as_accountant()
	text = pdf_text(render(act.doc.name, "ru"))
	for line in (
		"Абонентская плата 1 период",
		# the covered ticket's two labour logs (2 h and 9.5 h) are one line of the act
		"Работы по договору: Ремонт оборудования (11.5 ч, из них 1 ч в нерабочее время) 11.5 ч",
		"Работы сверх лимита: Ремонт оборудования (2 ч сверх лимита) 2 ч",
		"Дополнительные работы: Ремонт оборудования (1 ч) 1 ч",
		"Выезд: Город 1 выезд",
		"Материалы: Уплотнитель двери 2 шт.",
		"Скидка за нарушение SLA: заявок с нарушенным SLA — 1 1 период",
	):
		assert line in text
	for english in (
		"Subscription fee",
		"Labour",
		"labour",
		"Overage",
		"out of hours",
		"beyond allowance",
		"Trip",
		"City",
		"Material",
		"Door seal",
		act.seal,
		REPAIR,
		"SLA credit",
		"Hour",
		"Piece",
		"Period",
	):
		assert english not in text


def test_the_russian_act_writes_dates_amounts_parties_and_allowance_in_russian(act):
	doc = act.doc
	as_accountant()
	text = pdf_text(render(doc.name, "ru"))
	assert f"№ {doc.name} от 31 мая 2026 г." in text
	assert f"По договору № {doc.contract} от 1 января 2026 г." in text
	assert "За период с 1 мая 2026 г. по 31 мая 2026 г." in text
	assert "18.05.2026" in text and "21.05.2026" in text
	assert "May" not in text and "5/18/2026" not in text
	assert "Сумма прописью: Одна тысяча шестьсот четырнадцать долларов 00 центов Вышеперечисленные" in text
	assert "only" not in text and "USD" not in text
	company = frappe.db.get_value("Company", doc.company, "company_name")
	assert f"Исполнитель: {company}" in text and f"Заказчик: {doc.customer_name}" in text
	assert "ИНН CONTRACTOR-TAX-7701, Адрес: 10 Service Avenue, Springfield" in text
	assert "ИНН CUSTOMER-TAX-5029, Адрес: 7 Head Office Square, Boston" in text
	assert "Лимит на период: 10 ч; использовано: 10 ч; остаток: 0 ч. Сверх лимита: 2 ч." in text


def test_amounts_in_words_name_the_currency_and_write_the_fraction_in_digits():
	from b2b_helpdesk.service_billing.act_text import act_amount_in_words

	with print_language("ru"):
		assert act_amount_in_words(1021.21, "RUB") == "Одна тысяча двадцать один рубль 21 копейка"
		assert act_amount_in_words(22, "USD") == "Двадцать два доллара 00 центов"
	with print_language("pt"):
		assert act_amount_in_words(1590.05, "EUR") == "Mil quinhentos e noventa euros e 05 cêntimos"
	assert (
		act_amount_in_words(1590.05, "USD") == "One thousand, five hundred and ninety US dollars and 05 cents"
	)


def test_the_english_lines_are_the_generated_ones_with_the_items_name(act):
	doc = act.doc
	as_accountant()
	html = render(doc.name, "en", as_pdf=False)
	assert len(doc.items) == 7  # the covered ticket's two labour logs are one line
	for row in doc.items:
		expected = "Material: Door seal" if row.kind == "Material" else row.description
		assert str(escape(expected)) in html
		assert row.get_formatted("amount", doc) in html
	assert act.seal not in html
	assert "Accepted electronically" not in html


def test_an_accepted_act_says_who_accepted_it(act):
	doc = act.doc
	doc.submit()
	doc.db_set(
		{"act_status": "Accepted", "accepted_by": act.client.contact, "accepted_on": "2026-06-02 11:30:00"}
	)
	as_accountant()
	html = render(doc.name, "en", as_pdf=False)
	full_name = frappe.db.get_value("Contact", act.client.contact, "full_name")
	assert f"Accepted electronically by {full_name} on 6/2/2026 11:30" in html
	assert "Draft" not in html.split('class="act-print"', 1)[1]
	russian = render(doc.name, "ru", as_pdf=False)
	assert f"Принято в электронном виде: {full_name}, 02.06.2026 11:30" in russian


def test_an_act_with_warnings_does_not_claim_full_and_timely_service(act):
	"""Item 5: billing a ticket that is still open, the act says only that the services were rendered."""
	doc = act.doc
	frappe.db.set_value("Service Ticket", act.ticket, "status", "Open")
	doc.db_set("closing_warnings", f"Tickets billed here are still open: {act.ticket}")
	as_accountant()
	text = pdf_text(render(doc.name, "en"))
	assert "The services listed above have been rendered in the period." in text
	assert "rendered in full and on time" not in text and "no claims" not in text
