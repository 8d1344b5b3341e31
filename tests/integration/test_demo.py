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
