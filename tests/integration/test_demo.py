"""The demo a newcomer runs fills a site with two clients, their equipment, contracts and tickets."""

import frappe

from b2b_helpdesk import demo


def test_demo_builds_two_clients_with_covered_and_uncovered_tickets(erp):
	assert not frappe.db.exists("Customer", demo.RETAIL), "the test site must not hold the demo data"
	summary = demo.build()
	assert summary["customers"] == [demo.RETAIL, demo.LOGISTICS]
	tickets = frappe.get_all(
		"Service Ticket",
		filters={"name": ("in", summary["tickets"])},
		fields=["subject", "coverage", "status"],
		order_by="subject",
	)
	by_subject = {t.subject: (t.coverage, t.status) for t in tickets}
	assert by_subject == {
		"Display case door seal worn": ("Covered", "Resolved"),
		"Display case not cooling": ("Covered", "In Progress"),
		"Forklift 12 battery drains overnight": ("Covered", "Open"),
		"POS terminal freezes at checkout": ("Covered", "Open"),
		"Quarterly safety inspection": ("Covered", "Closed"),
		"Shelf lighting flickers": ("Location Not Covered", "Waiting for Customer"),
	}


def test_demo_contract_shows_allowance_preview_and_profit(erp):
	from frappe.utils import nowdate

	from b2b_helpdesk.service_billing.report.contract_profitability.contract_profitability import execute
	from b2b_helpdesk.service_billing.statement import get_billing_preview

	demo.build()
	contract = frappe.db.get_value("Contract", {"party_name": demo.RETAIL, "docstatus": 1}, "name")
	preview = get_billing_preview(contract)
	# 12 h of its own plus 12 h unused last month, carried over (the plan carries one period)
	assert preview["plan"] == "Retail Gold Hours" and preview["allowance"] == 24
	assert preview["allowance_used"] > 0 and preview["total"] >= 1500
	_columns, rows = execute({"from_date": nowdate(), "to_date": nowdate(), "contract": contract})
	assert rows[0]["revenue"] == preview["total"]
	assert rows[0]["labour_cost"] > 0 and rows[0]["trip_cost"] == 22 and rows[0]["material_cost"] == 28


def test_an_accountant_closes_the_demo_month(erp):
	"""Generate, submit, accept (signed paper) and invoice the retail contract's act."""
	from frappe.utils import nowdate

	from b2b_helpdesk.service_billing.act_lifecycle import make_sales_invoice, record_paper_acceptance
	from b2b_helpdesk.service_billing.report.service_act_period_closing.service_act_period_closing import (
		execute,
	)

	demo.build()
	contract = frappe.db.get_value("Contract", {"party_name": demo.RETAIL, "docstatus": 1}, "name")
	from b2b_helpdesk.service_billing.acts import build_act

	act = build_act(contract, nowdate())
	act.submit()
	signer = frappe.db.get_value("Contact", {"email_id": "erik.lund@nordic-retail.example"}, "name")
	assert record_paper_acceptance(act.name, signer, "/files/act-signed.pdf") == "Accepted"
	invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(act.name))
	invoice.submit()
	assert invoice.grand_total == act.grand_total
	rows = {row["contract"]: row for row in execute({"day": nowdate()})[1]}
	assert rows[contract]["act_status"] == "Invoiced" and rows[contract]["to_do"] == "Done"
