"""Work, trips and materials on tickets, priced by the contract's billing plan (R5, R7)."""

import pytest

import frappe

from b2b_helpdesk.service_billing.log_work import issue_materials, log_time
from b2b_helpdesk.service_billing.report.contract_profitability.contract_profitability import (
	execute as profitability,
)
from b2b_helpdesk.service_billing.statement import get_billing_preview
from tests.integration.billing_factories import (
	REPAIR,
	billed_client,
	billing_setup,
	hours_plan,
	make_activity_type,
	make_engineer,
	receive_stock,
	stores,
)
from tests.integration.factories import new_ticket


@pytest.fixture
def setup(erp):
	return billing_setup(erp)


def timesheets():
	return frappe.db.count("Timesheet")


def test_time_logged_from_a_ticket_reaches_a_timesheet_with_the_erps_cost(setup):
	name = log_time(setup.covered.name, REPAIR, 2.5, "2026-05-18 10:00:00", employee=setup.engineer)
	timesheet = frappe.get_doc("Timesheet", name)
	row = timesheet.time_logs[0]
	assert (timesheet.docstatus, row.b2b_service_ticket, row.hours) == (1, setup.covered.name, 2.5)
	assert (row.costing_rate, row.costing_amount) == (50, 125)


@pytest.mark.parametrize(
	("kwargs", "message"),
	[
		({"hours": 0}, "must be above zero"),
		({"hours": -1}, "must be above zero"),
		({"from_time": "2027-02-01 10:00:00"}, "is outside contract"),
	],
)
def test_bad_time_logs_are_refused(setup, kwargs, message):
	before = timesheets()
	args = {"hours": 1, "from_time": "2026-05-18 10:00:00", **kwargs}
	with pytest.raises(frappe.ValidationError, match=message):
		log_time(setup.covered.name, REPAIR, args["hours"], args["from_time"], employee=setup.engineer)
	assert timesheets() == before


def test_a_log_on_a_closed_ticket_is_refused(setup):
	setup.covered.status = "Closed"
	setup.covered.save()
	with pytest.raises(frappe.ValidationError, match="is closed: reopen it"):
		log_time(setup.covered.name, REPAIR, 1, "2026-05-18 10:00:00", employee=setup.engineer)


def test_billable_extra_work_without_a_rate_is_refused(setup):
	setup.plan.default_rate = 0
	setup.plan.save()
	frappe.clear_document_cache("Service Billing Plan", setup.plan.name)
	before = timesheets()
	with pytest.raises(frappe.ValidationError, match="has no rate in billing plan"):
		log_time(setup.extra.name, REPAIR, 1, "2026-05-18 10:00:00", employee=setup.engineer)
	assert timesheets() == before


def test_units_plan_needs_a_conversion_for_the_activity(erp):
	make_activity_type(REPAIR)
	plan = hours_plan(erp, billing_unit="Units", allowance_unit="Units")
	client, _contract = billed_client(erp, plan)
	ticket = new_ticket(client, opened_on="2026-05-18 08:00:00").insert()
	engineer = make_engineer(erp.company, 50, (REPAIR,))
	with pytest.raises(frappe.ValidationError, match="has no conversion to units"):
		log_time(ticket.name, REPAIR, 1, "2026-05-18 10:00:00", employee=engineer)


def test_an_allowance_in_hours_on_a_points_plan_is_refused(erp):
	with pytest.raises(
		frappe.ValidationError, match="The allowance is in Hours but the plan bills work in Points"
	):
		hours_plan(erp, billing_unit="Points", allowance_unit="Hours")


def test_materials_move_stock_at_valuation(setup, erp):
	bin_of = {"item_code": "B2B-SEAL", "warehouse": stores(erp.company)}
	before = frappe.db.get_value("Bin", bin_of, "actual_qty") or 0  # what earlier committed work left
	receive_stock(erp.company, "B2B-SEAL", 10, 5)
	rate = frappe.db.get_value("Bin", bin_of, "valuation_rate")
	entry = issue_materials(
		setup.covered.name,
		[{"item_code": "B2B-SEAL", "qty": 3, "warehouse": stores(erp.company)}],
		"2026-05-19",
	)
	assert frappe.db.get_value("Bin", bin_of, "actual_qty") == before + 10 - 3
	value = frappe.db.get_value(
		"Stock Ledger Entry", {"voucher_no": entry, "is_cancelled": 0}, "stock_value_difference"
	)
	assert value == round(-3 * rate, 2)
	if not before:
		assert value == -15


def test_a_trip_to_a_zone_without_fee_is_refused(setup):
	visit = frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": setup.covered.name,
			"engineer": setup.engineer,
			"departed_on": "2026-05-18 09:00:00",
			"travel_zone": "Moon",
		}
	)
	with pytest.raises(frappe.ValidationError, match="has no trip fee"):
		visit.insert()


def worked_month(setup, erp):
	"""The month of the hand-worked example in the test below."""
	covered, extra, engineer = setup.covered.name, setup.extra.name, setup.engineer
	log_time(covered, REPAIR, 4, "2026-05-18 10:00:00", employee=engineer)  # 4 h in hours
	log_time(covered, REPAIR, 5, "2026-05-19 10:00:00", employee=engineer)  # 5 h → 9 h used
	log_time(covered, REPAIR, 2, "2026-05-20 17:00:00", employee=engineer)  # 1 h in + 1 h out ×1.5 = 2.5 h
	log_time(extra, REPAIR, 20 / 60, "2026-05-21 10:00:00", employee=engineer)  # 20 min → 1 h minimum
	frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": covered,
			"engineer": engineer,
			"departed_on": "2026-05-18 09:00:00",
			"travel_zone": "City",
			"cost": 30,
		}
	).insert()
	receive_stock(erp.company, "B2B-SEAL", 10, 5)
	issue_materials(
		covered, [{"item_code": "B2B-SEAL", "qty": 2, "warehouse": stores(erp.company)}], "2026-05-19"
	)


def test_preview_prices_the_month_to_the_cent(setup, erp):
	worked_month(setup, erp)
	preview = get_billing_preview(setup.contract, "2026-05-10")
	assert (preview["from_date"], preview["to_date"]) == (
		frappe.utils.getdate("2026-05-01"),
		frappe.utils.getdate("2026-05-31"),
	)
	assert (
		preview["allowance"],
		preview["allowance_used"],
		preview["allowance_left"],
		preview["overage"],
	) == (
		10,
		10,
		0,
		1.5,
	)
	amounts = sorted((line["kind"], line["amount"]) for line in preview["lines"] if line["amount"])
	# fee 1000; overage 1.5 h × 90 = 135; extra 1 h × 120 = 120; trip City 45; seal 2 × 12.50 = 25
	assert amounts == [
		("Fee", 1000.0),
		("Labour", 120.0),
		("Material", 25.0),
		("Overage", 135.0),
		("Trip", 45.0),
	]
	assert preview["total"] == 1325.0
	assert preview["warning"].startswith("The allowance is used up")


def test_profitability_matches_hand_totals(setup, erp):
	worked_month(setup, erp)
	_columns, data = profitability(
		{"from_date": "2026-05-01", "to_date": "2026-05-31", "contract": setup.contract}
	)
	labour = 50 * (4 + 5 + 2) + round(50 * 20 / 60, 2)  # Activity Cost 50/h × hours logged
	cost = round(labour + 30 + 10, 2)  # + the trip's cost + 2 seals at their valuation of 5
	assert data == [  # every column, by hand
		{
			"group": setup.contract,
			"fee_revenue": 1000.0,
			"work_revenue": 325.0,  # overage 135 + extra 120 + trip 45 + seals 25
			"revenue": 1325.0,
			"labour_cost": labour,
			"trip_cost": 30.0,
			"material_cost": 10.0,
			"cost": cost,
			"margin": round(1325 - cost, 2),
			"margin_percent": round(100 * (1325 - cost) / 1325, 1),
		}
	]
	assert [c["fieldname"] for c in _columns] == list(data[0])
	by_ticket = {
		r["group"]: r
		for r in profitability(
			{
				"from_date": "2026-05-01",
				"to_date": "2026-05-31",
				"contract": setup.contract,
				"group_by": "Service Ticket",
			}
		)[1]
	}
	assert by_ticket["(subscription fee)"]["revenue"] == 1000.0
	assert by_ticket[setup.extra.name]["revenue"] == 120.0
	assert by_ticket[setup.covered.name]["revenue"] == 135.0 + 45.0 + 25.0


def test_a_billed_line_cannot_be_cancelled_or_changed(setup, erp):
	name = log_time(setup.covered.name, REPAIR, 1, "2026-05-18 10:00:00", employee=setup.engineer)
	row = frappe.get_doc("Timesheet", name).time_logs[0]
	frappe.db.set_value(
		"Timesheet Detail", row.name, "b2b_billed_in", "ACT-2026-00001"
	)  # as an act claims it
	with pytest.raises(frappe.ValidationError, match=r"is billed in .*ACT-2026-00001"):
		frappe.get_doc("Timesheet", name).cancel()
	assert frappe.db.get_value("Timesheet", name, "docstatus") == 1

	visit = frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": setup.covered.name,
			"engineer": setup.engineer,
			"departed_on": "2026-05-18 09:00:00",
			"travel_zone": "City",
		}
	).insert()
	frappe.db.set_value("Service Visit", visit.name, "b2b_billed_in", "ACT-2026-00001")
	visit.reload()
	visit.travel_zone = "Region"
	with pytest.raises(frappe.ValidationError, match=r"is billed in .*ACT-2026-00001"):
		visit.save()
	with pytest.raises(frappe.ValidationError, match="is billed in"):
		visit.delete()
