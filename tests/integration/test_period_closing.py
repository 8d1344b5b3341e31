"""Closed periods, carry-over from the acts and the accountant's warnings (issue 10, items 1, 2, 5)."""

import json

import pytest

import frappe
from frappe.utils import getdate

from b2b_helpdesk.service_billing.acts import build_act
from b2b_helpdesk.service_billing.log_work import issue_materials, log_time
from b2b_helpdesk.service_billing.report.service_act_period_closing.service_act_period_closing import (
	execute as closing_report,
)
from b2b_helpdesk.service_billing.statement import get_billing_preview
from tests.integration.billing_factories import REPAIR, billing_setup, receive_stock, stores
from tests.integration.test_service_billing import worked_month


@pytest.fixture
def may_closed(erp):
	data = billing_setup(erp)
	worked_month(data, erp)
	data.act = build_act(data.contract, "2026-05-10")
	return data


def counts() -> tuple[int, int, int]:
	return (
		frappe.db.count("Timesheet"),
		frappe.db.count("Service Visit"),
		frappe.db.count("Stock Entry"),
	)


def visit(setup, departed_on: str):
	return frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": setup.covered.name,
			"engineer": setup.engineer,
			"departed_on": departed_on,
			"travel_zone": "City",
			"cost": 30,
		}
	).insert()


def test_work_dated_in_a_closed_period_is_refused_naming_the_act(may_closed, erp):
	s = may_closed
	receive_stock(erp.company, "B2B-SEAL", 5, 5)
	before = counts()
	late = (
		lambda: log_time(s.covered.name, REPAIR, 1, "2026-05-28 10:00:00", employee=s.engineer),
		lambda: visit(s, "2026-05-28 09:00:00"),
		lambda: issue_materials(
			s.covered.name,
			[{"item_code": "B2B-SEAL", "qty": 1, "warehouse": stores(erp.company)}],
			"2026-05-28",
		),
	)
	for log in late:
		with pytest.raises(frappe.ValidationError) as refusal:
			log()
		assert s.act.name in str(refusal.value)
		assert "already closed by act" in str(refusal.value)
	assert counts() == before  # nothing half-saved
	# the next period is open
	log_time(s.covered.name, REPAIR, 1, "2026-06-02 10:00:00", employee=s.engineer)
	visit(s, "2026-06-02 09:00:00")
	issue_materials(
		s.covered.name, [{"item_code": "B2B-SEAL", "qty": 1, "warehouse": stores(erp.company)}], "2026-06-02"
	)
	assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)


def test_a_billed_line_is_saved_again_without_refusal(may_closed):
	billed = frappe.get_all("Service Visit", {"b2b_billed_in": may_closed.act.name}, pluck="name")
	trip = frappe.get_doc("Service Visit", billed[0])
	trip.notes = "Parking ticket attached"
	trip.save()  # its act guards what may change; notes may


def test_the_closing_report_lists_lines_no_act_claims_before_the_last_act(may_closed):
	s = may_closed
	s.act.submit()
	s.act.cancel()  # May is open again and its lines unclaimed …
	june = log_time(s.covered.name, REPAIR, 1, "2026-06-02 10:00:00", employee=s.engineer)
	june_act = build_act(s.contract, "2026-06-10")  # … and June has an act: May's lines are late
	_columns, rows, *_rest = closing_report({"day": "2026-06-10", "view": "Unbilled Earlier Lines"})
	mine = [row for row in rows if row["contract"] == s.contract]
	may_lines = frappe.db.sql(
		"""select td.parent from `tabTimesheet Detail` td join `tabTimesheet` ts on ts.name = td.parent
		where ts.docstatus = 1 and td.b2b_service_ticket in %s and date(td.from_time) between '2026-05-01' and '2026-05-31'""",
		([s.covered.name, s.extra.name],),
		pluck=True,
	)
	assert sorted((r["document_type"], str(r["day"])) for r in mine) == sorted(
		[("Timesheet", d) for d in ("2026-05-18", "2026-05-19", "2026-05-20", "2026-05-21")]
		+ [("Service Visit", "2026-05-18"), ("Stock Entry", "2026-05-19")]
	)
	assert {r["document"] for r in mine if r["document_type"] == "Timesheet"} == set(may_lines)
	assert june not in {r["document"] for r in mine}  # claimed by June's act
	assert all(r["service_ticket"] == s.covered.name for r in mine if r["document_type"] != "Timesheet")
	columns, contracts, _m, _c, summary = closing_report({"day": "2026-06-10"})
	assert next(row for row in contracts if row["contract"] == s.contract) == {  # every column
		"contract": s.contract,
		"customer": s.client.customer,
		"act": june_act.name,
		"from_date": getdate("2026-06-01"),
		"to_date": getdate("2026-06-30"),
		"act_status": "Draft",
		"grand_total": june_act.grand_total,
		"sales_invoice": None,
		"to_do": "Act not submitted",
	}
	assert [c["fieldname"] for c in columns] == list(contracts[0])
	late = next(card for card in summary if card["label"] == "Unbilled Earlier Lines")
	assert late["value"] >= 6 and late["indicator"] == "Red"


def test_an_amended_act_takes_the_lines_logged_while_its_period_was_open(may_closed):
	s = may_closed
	s.act.submit()
	s.act.cancel()
	late = log_time(s.covered.name, REPAIR, 1, "2026-05-28 10:00:00", employee=s.engineer)
	amended = frappe.copy_doc(s.act)  # what the form's Amend does
	amended.update({"amended_from": s.act.name, "docstatus": 0})
	amended.insert()
	row = frappe.db.get_value("Timesheet Detail", {"parent": late}, "name")
	assert frappe.db.get_value("Timesheet Detail", row, "b2b_billed_in") == amended.name
	# the act's lines are grouped per ticket and work type; its claims list each log
	claim = frappe.db.get_value(
		"Service Billing Claim", f"Timesheet Detail:{row}", ["service_act", "act_item", "qty"], as_dict=True
	)
	assert (claim.service_act, claim.qty) == (amended.name, 1)
	assert claim.act_item in {r.name for r in amended.items}
	assert amended.overage == s.act.overage + 1  # the allowance was used up: the late hour is overage


def test_carried_allowance_comes_from_the_submitted_act(erp):
	s = billing_setup(erp, carry_over_periods=1)
	# April: its own 10 h + March's unused 10 h; the 4 h logged use March's hours first
	log_time(s.covered.name, REPAIR, 4, "2026-04-14 10:00:00", employee=s.engineer)
	april = build_act(s.contract, "2026-04-10")
	april.submit()
	assert (april.allowance, april.allowance_used, json.loads(april.allowance_carry_out)) == (20, 4, ["10"])
	assert get_billing_preview(s.contract, "2026-05-10")["allowance"] == 20  # 10 + April's 10 carried

	s.plan.reload()
	s.plan.allowance = 20  # an edit of history: April was billed with 10 h
	s.plan.save()
	# 20 + the 10 April's act carried, not 20 + 20 recomputed from today's plan
	assert get_billing_preview(s.contract, "2026-05-10")["allowance"] == 30

	april.reload()
	april.cancel()
	amended = frappe.copy_doc(april)
	amended.update({"amended_from": april.name, "docstatus": 0})
	amended.insert()
	amended.submit()  # the amended act fixes April again, by today's plan
	assert json.loads(amended.allowance_carry_out) == ["20"]
	assert get_billing_preview(s.contract, "2026-05-10")["allowance"] == 40


def test_the_accountant_is_warned_of_an_unfinished_period_and_open_or_breached_tickets(erp):
	s = billing_setup(erp)
	log_time(s.covered.name, REPAIR, 1, "2026-11-10 10:00:00", employee=s.engineer)
	frappe.db.set_value("Service Ticket", s.covered.name, "sla_state", "Breached")
	act = build_act(s.contract, "2026-11-10")  # today is inside November in this test run or later
	warnings = act.closing_warnings.splitlines()
	today = getdate()
	if today <= getdate("2026-11-30"):
		assert warnings[0].startswith("The period runs until")
	assert f"Tickets billed here are still open: {s.covered.name}" in warnings
	assert f"Tickets billed here breached their SLA: {s.covered.name}" in warnings


def test_a_finished_period_with_resolved_tickets_has_no_warning(erp):
	s = billing_setup(erp)
	log_time(s.covered.name, REPAIR, 1, "2026-05-19 10:00:00", employee=s.engineer)
	frappe.db.set_value("Service Ticket", s.covered.name, {"status": "Resolved", "sla_state": "Met"})
	act = build_act(s.contract, "2026-05-10")
	assert act.closing_warnings == ""
