"""The act's Sales Invoice bills the act's lines, to the cent (issue 12, session 4).

One invoice item per act line (ticket and work type), with the line's quantity, rate and amount:
ERPNext prices each item once, so the invoice cannot round a log at a time and end a cent away
from the act. Billable extra labour done out of hours is its own line at the out-of-hours rate
(rate × the plan's multiplier), so its surcharge is on the act and on the invoice. A Service
Accountant makes the act, records the client's signed paper and invoices it.
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
from tests.integration.factories import make_user


@pytest.fixture(autouse=True)
def bankers_rounding():
	"""ERPNext v15's setup wizard makes a site round half to even; the figures here assume it."""
	assert frappe.get_system_settings("rounding_method") == "Banker's Rounding"


def client_world(erp, **plan_fields):
	"""A client on an hours plan (office hours Mon–Fri 09–18), an engineer, a billable-extra ticket
	and a Service Accountant who may invoice."""
	make_activity_type(REPAIR)
	plan = hours_plan(erp, minimum_minutes=0, **plan_fields)
	client, contract = billed_client(erp, plan)
	frappe.db.set_value("Contact", client.contact, "b2b_may_accept_acts", 1)
	engineer = make_engineer(erp.company, costing_rate=20, activity_types=(REPAIR,))
	accountant = make_user("Service Accountant")
	frappe.get_doc("User", accountant).add_roles("Accounts User")
	return frappe._dict(
		erp=erp,
		plan=plan,
		client=client,
		contract=contract,
		engineer=engineer,
		extra=extra_ticket(client),
		accountant=accountant,
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
	frappe.set_user("Administrator")
	return act, invoice


def lines(act) -> list[tuple]:
	return [
		(r.kind, r.service_ticket, r.qty, r.rate, r.amount, r.out_of_hours, r.log_count) for r in act.items
	]


def items(invoice) -> list[tuple]:
	return [(i.item_code, i.qty, i.rate, i.amount) for i in invoice.items]


# --- out-of-hours extra labour keeps its ×1.5 -----------------------------------------------------


def test_out_of_hours_extra_labour_is_billed_at_one_and_a_half_on_the_act_and_its_invoice(erp):
	world = client_world(erp)  # fee 1000, extra labour 120/h, ×1.5 out of hours
	ticket, engineer = world.extra.name, world.engineer
	log_time(ticket, REPAIR, 2, "2026-05-18 10:00:00", employee=engineer)  # Monday, office hours
	log_time(ticket, REPAIR, 1, "2026-05-18 19:00:00", employee=engineer)  # Monday evening
	log_time(ticket, REPAIR, 2, "2026-05-19 17:00:00", employee=engineer)  # 17–18 office, 18–19 not

	act, invoice = invoiced_act(world)

	assert lines(act) == [
		("Fee", None, 1, 1000, 1000, 0, 0),
		# 2 h + 1 h in office hours at 120
		("Labour", ticket, 3, 120, 360, 0, 2),
		# 1 h + 1 h out of hours at 120 × 1.5 = 180
		("Labour", ticket, 2, 180, 360, 2, 2),
	]
	assert act.items[2].description == "Extra labour: B2B Repair (2 h, 2 h out of hours)"
	assert (act.net_total, act.total_taxes, act.grand_total) == (1720, 0, 1720)
	assert items(invoice) == [
		("B2B-SERVICE-FEE", 1, 1000, 1000),
		("B2B-LABOUR", 3, 120, 360),
		("B2B-LABOUR", 2, 180, 360),
	]
	assert (invoice.net_total, invoice.total_taxes_and_charges, invoice.grand_total) == (1720, 0, 1720)
	assert invoice.docstatus == 1 and act.act_status == "Invoiced"

	# the claims keep each log whole, with its own surcharge
	claims = frappe.get_all(
		"Service Billing Claim",
		filters={"service_act": act.name, "source": ("like", "Timesheet Detail:%")},
		fields=["qty", "rate", "amount", "act_item"],
		order_by="idx",
	)
	office, evening = act.items[1].name, act.items[2].name
	assert [(c.qty, c.rate, c.amount, c.act_item) for c in claims] == [
		(2, 120, 240, office),
		(1, 120, 180, evening),
		(2, 120, 300, office),  # 1 h × 120 + 1 h × 180; named by its office-hours line
	]


def test_out_of_hours_rate_is_rounded_to_a_rate_an_invoice_can_carry(erp):
	"""33.33 × 1.5 = 49.995 is 50.00 an hour out of hours (half to even), on the act and the invoice."""
	world = client_world(erp, default_rate=33.33, subscription_fee=0, fee_item=None)
	log_time(world.extra.name, REPAIR, 1.25, "2026-05-18 19:00:00", employee=world.engineer)

	act, invoice = invoiced_act(world)

	assert lines(act) == [("Labour", world.extra.name, 1.25, 50, 62.5, 1.25, 1)]
	assert items(invoice) == [("B2B-LABOUR", 1.25, 50, 62.5)]
	assert (act.grand_total, invoice.grand_total) == (62.5, 62.5)


# --- one invoice item per act line, to the cent ---------------------------------------------------


def test_the_invoice_bills_each_act_line_once_and_equals_the_act_to_the_cent(erp):
	"""1.25 h and 0.5 h at 33.33: the act line is 1.75 h × 33.33 = 58.3275 -> 58.33, and so is its
	one invoice item (billed a log at a time it was 41.66 + 16.66 = 58.32)."""
	from tests.integration.test_service_acts import vat_template

	world = client_world(
		erp,
		subscription_fee=33.33,
		default_rate=33.33,
		trip_fees=[{"travel_zone": "City", "fee": 33.33}],
		taxes_and_charges=vat_template(erp.company),
	)
	ticket, engineer = world.extra.name, world.engineer
	log_time(ticket, REPAIR, 1.25, "2026-05-18 10:00:00", employee=engineer)
	log_time(ticket, REPAIR, 0.5, "2026-05-19 10:00:00", employee=engineer)
	for day in ("2026-05-18", "2026-05-19"):
		frappe.get_doc(
			{
				"doctype": "Service Visit",
				"service_ticket": ticket,
				"engineer": engineer,
				"departed_on": f"{day} 09:00:00",
				"travel_zone": "City",
			}
		).insert()

	act, invoice = invoiced_act(world)

	assert lines(act) == [
		("Fee", None, 1, 33.33, 33.33, 0, 0),
		("Labour", ticket, 1.75, 33.33, 58.33, 0, 2),
		("Trip", ticket, 2, 33.33, 66.66, 0, 2),
	]
	assert items(invoice) == [
		("B2B-SERVICE-FEE", 1, 33.33, 33.33),
		("B2B-LABOUR", 1.75, 33.33, 58.33),
		("B2B-TRIP", 2, 33.33, 66.66),
	]
	assert [i.description for i in invoice.items] == [r.description for r in act.items]
	# net 158.32; VAT 20% = 31.664 -> 31.66; grand total 189.98
	assert (act.net_total, act.total_taxes, act.grand_total) == (158.32, 31.66, 189.98)
	assert (invoice.net_total, invoice.total_taxes_and_charges, invoice.grand_total) == (
		158.32,
		31.66,
		189.98,
	)
	assert [(t.tax_amount, t.total) for t in invoice.taxes] == [(31.66, 189.98)]
	assert [(t.tax_amount, t.total) for t in act.taxes] == [(31.66, 189.98)]
	# the logs (claims, the annex) share the line's 58.33 to the cent: 41.66 + 16.67
	claims = frappe.get_all(
		"Service Billing Claim",
		filters={"service_act": act.name, "source": ("like", "Timesheet Detail:%")},
		fields=["qty", "rate", "amount", "act_item"],
		order_by="idx",
	)
	labour = act.items[1].name
	assert [(c.qty, c.rate, c.amount, c.act_item) for c in claims] == [
		(1.25, 33.33, 41.66, labour),
		(0.5, 33.33, 16.67, labour),
	]
