"""The act and its Sales Invoice agree to the cent, whatever the tax template (issue 10, item 3).

The act's taxes are ERPNext's own: per item, with ERPNext's rounding, several rows, "On Previous
Row Total", taxes included in the rate, the SLA credit as a discount. A Service Accountant makes
the act, records the signed paper and invoices it; the submitted invoice must say what the act
says, row by row.
"""

import pytest

import frappe

from b2b_helpdesk.service_billing.act_lifecycle import make_sales_invoice, record_paper_acceptance
from b2b_helpdesk.service_billing.acts import build_act
from b2b_helpdesk.service_billing.log_work import log_time
from tests.integration.billing_factories import (
	REPAIR,
	billed_client,
	extra_ticket,
	hours_plan,
	make_activity_type,
	make_engineer,
)
from tests.integration.factories import make_user, new_ticket
from tests.integration.test_act_print import make_tax_account

ODD = 33.33
# the contract's preview prices each log: fee 33.33; extra labour 1.25 h × 33.33 = 41.6625 -> 41.66
# and 0.5 h × 33.33 = 16.665 -> 16.66 (half to even, as the site rounds); two trips at 33.33
PREVIEW_LINES = [33.33, 41.66, 16.66, 33.33, 33.33]
# the act has one line per ticket and work type, and its invoice one item per act line, each priced
# once: the fee; the labour 1.75 h × 33.33 = 58.3275 -> 58.33; the trips 2 × 33.33: net 158.32
ACT_LINES = [33.33, 58.33, 66.66]
LINES = ACT_LINES


def on_net(rate: float, **extra) -> dict:
	return {"charge_type": "On Net Total", "rate": rate, **extra}


TEMPLATES = {
	"one row": [on_net(18)],
	"two rows on the net total": [on_net(20), on_net(3.333)],
	"on the previous row's total": [
		on_net(10),
		{"charge_type": "On Previous Row Total", "row_id": "1", "rate": 2.5},
	],
	"on the previous row's amount": [
		on_net(7.125),
		{"charge_type": "On Previous Row Amount", "row_id": "1", "rate": 50},
	],
	"included in the rate": [on_net(20, included_in_print_rate=1)],
}

# (net total, [(tax amount, running total)], total taxes, grand total), worked out by hand:
EXPECTED = {
	# 158.32 × 18% = 28.4976
	"one row": (158.32, [(28.50, 186.82)], 28.50, 186.82),
	# 158.32 × 20% = 31.664; 158.32 × 3.333% = 5.2768056
	"two rows on the net total": (158.32, [(31.66, 189.98), (5.28, 195.26)], 36.94, 195.26),
	# 15.832; 2.5% of each item's total with the first row (158.32 × 1.1 × 2.5% = 4.3538)
	"on the previous row's total": (158.32, [(15.83, 174.15), (4.35, 178.50)], 20.18, 178.50),
	# 158.32 × 7.125% = 11.2803; half of it, item by item = 5.64015
	"on the previous row's amount": (158.32, [(11.28, 169.60), (5.64, 175.24)], 16.92, 175.24),
	# each item's net = amount / 1.2, rounded: 27.78 + 48.61 + 55.55 = 131.94; VAT 20% of each
	# item's net 26.388; 131.94 + 26.39 = 158.33 is 0.01 over the lines' 158.32, which ERPNext
	# takes off the grand total: the client pays what the lines say, VAT included
	"included in the rate": (131.94, [(26.39, 158.33)], 26.39, 158.32),
}


@pytest.fixture(autouse=True)
def bankers_rounding():
	"""ERPNext v15's setup wizard makes a site round half to even; the figures here assume it."""
	assert frappe.get_system_settings("rounding_method") == "Banker's Rounding"


@pytest.fixture
def world(erp):
	"""A client on an hours plan with odd amounts, work in May 2026, and a Service Accountant."""
	make_activity_type(REPAIR)
	plan = hours_plan(
		erp,
		subscription_fee=ODD,
		default_rate=ODD,
		minimum_minutes=0,
		trip_fees=[{"travel_zone": "City", "fee": ODD}],
	)
	client, contract = billed_client(erp, plan)
	frappe.db.set_value("Contact", client.contact, "b2b_may_accept_acts", 1)
	engineer = make_engineer(erp.company, costing_rate=20, activity_types=(REPAIR,))
	extra = extra_ticket(client)
	log_time(extra.name, REPAIR, 1.25, "2026-05-18 10:00:00", employee=engineer)
	log_time(extra.name, REPAIR, 0.5, "2026-05-19 10:00:00", employee=engineer)
	for day in ("2026-05-18", "2026-05-19"):
		frappe.get_doc(
			{
				"doctype": "Service Visit",
				"service_ticket": extra.name,
				"engineer": engineer,
				"departed_on": f"{day} 09:00:00",
				"travel_zone": "City",
			}
		).insert()
	accountant = make_user("Service Accountant")
	frappe.get_doc("User", accountant).add_roles("Accounts User")
	return frappe._dict(erp=erp, plan=plan, client=client, contract=contract, accountant=accountant)


def tax_template(company: str, rows: list[dict]) -> str:
	account = make_tax_account(company)
	return (
		frappe.get_doc(
			{
				"doctype": "Sales Taxes and Charges Template",
				"title": f"Act tax {frappe.generate_hash(length=6)}",
				"company": company,
				"taxes": [
					{"account_head": account, "description": f"Tax {i}", **row}
					for i, row in enumerate(rows, start=1)
				],
			}
		)
		.insert()
		.name
	)


def invoiced_act(world):
	"""The accountant makes the act, records the client's signed paper and invoices it."""
	frappe.set_user(world.accountant)
	act = build_act(world.contract, "2026-05-10")
	act.submit()
	record_paper_acceptance(act.name, world.client.contact, "/files/signed-act.pdf")
	invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(act.name))
	invoice.submit()
	act.reload()
	return act, invoice


def tax_rows(doc) -> list[tuple]:
	return [
		(t.charge_type, t.row_id or None, t.account_head, t.description, t.rate, t.tax_amount, t.total)
		for t in doc.taxes
	]


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_the_act_and_its_invoice_agree_to_the_cent(world, template):
	world.plan.db_set("taxes_and_charges", tax_template(world.erp.company, TEMPLATES[template]))
	frappe.clear_document_cache("Service Billing Plan", world.plan.name)
	act, invoice = invoiced_act(world)

	assert [r.amount for r in act.items] == ACT_LINES
	assert [i.amount for i in invoice.items] == LINES
	net, taxes, total_taxes, grand = EXPECTED[template]
	assert [(t.tax_amount, t.total) for t in act.taxes] == taxes
	assert (act.net_total, act.total_taxes, act.grand_total) == (net, total_taxes, grand)
	assert (invoice.net_total, invoice.total_taxes_and_charges, invoice.grand_total) == (
		act.net_total,
		act.total_taxes,
		act.grand_total,
	)
	assert tax_rows(act) == tax_rows(invoice)
	assert [t.included_in_print_rate for t in act.taxes] == [t.included_in_print_rate for t in invoice.taxes]
	assert invoice.rounded_total in (0, invoice.grand_total)  # the client pays the act's total


def test_the_contracts_preview_prices_each_log_as_the_site_rounds(world):
	"""The billing engine rounds money as the site does (banker's here), a log at a time."""
	from b2b_helpdesk.service_billing.statement import get_billing_preview

	preview = get_billing_preview(world.contract, "2026-05-10")
	assert [line["amount"] for line in preview["lines"]] == PREVIEW_LINES


def test_the_sla_credit_is_taken_off_before_tax_on_both(world):
	"""A discount spread over the invoice's items, taxed after it, as ERPNext does it."""
	world.plan.db_set(
		{
			"taxes_and_charges": tax_template(world.erp.company, TEMPLATES["two rows on the net total"]),
			"sla_credit_per_breach": 12.34,
		}
	)
	frappe.clear_document_cache("Service Billing Plan", world.plan.name)
	breached = new_ticket(world.client, opened_on="2026-05-02 08:00:00").insert()
	frappe.db.set_value(
		"Service Ticket", breached.name, {"sla_state": "Breached", "resolved_on": "2026-05-05 10:00:00"}
	)
	act, invoice = invoiced_act(world)

	assert act.items[-1].amount == -12.34
	assert invoice.discount_amount == 12.34
	# 158.32 - 12.34 = 145.98; × 20% = 29.196; × 3.333% = 4.8655134
	assert [(t.tax_amount, t.total) for t in act.taxes] == [(29.20, 175.18), (4.87, 180.05)]
	assert (act.net_total, act.total_taxes, act.grand_total) == (145.98, 34.07, 180.05)
	assert (invoice.net_total, invoice.total_taxes_and_charges, invoice.grand_total) == (
		145.98,
		34.07,
		180.05,
	)
	assert tax_rows(act) == tax_rows(invoice)


def test_a_draft_act_shows_the_taxes_of_a_template_with_any_charge_type(world):
	"""No refusal of 'On Previous Row Total' or inclusive taxes: the draft is priced like its invoice."""
	world.plan.db_set(
		"taxes_and_charges", tax_template(world.erp.company, TEMPLATES["on the previous row's total"])
	)
	frappe.clear_document_cache("Service Billing Plan", world.plan.name)
	frappe.set_user(world.accountant)
	act = build_act(world.contract, "2026-05-10")
	assert [(t.charge_type, t.row_id, t.rate) for t in act.taxes] == [
		("On Net Total", None, 10),
		("On Previous Row Total", "1", 2.5),
	]
	assert act.grand_total == 178.50  # as EXPECTED["on the previous row's total"]
