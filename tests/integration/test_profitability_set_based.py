"""Contract Profitability reads all contracts' lines at once (issue 12) and gives, to the cent, what
pricing each contract's period on its own (`statement_for`, the billing preview) gives: several
contracts on two calendars, a plan carrying allowance over, two months, every grouping."""

from collections import defaultdict
from decimal import Decimal

import pytest

import frappe
from frappe.utils import flt

from b2b_helpdesk.engine.billing import LineKind
from b2b_helpdesk.service_billing.log_work import log_time
from b2b_helpdesk.service_billing.report.contract_profitability.contract_profitability import (
	execute as profitability,
)
from b2b_helpdesk.service_billing.statement import statement_for
from tests.integration.billing_factories import REPAIR, billed_client, billing_setup, hours_plan
from tests.integration.factories import make_user, new_ticket
from tests.integration.test_service_billing import worked_month

MONTHS = ("2026-05-01", "2026-06-01")
FILTERS = {"from_date": "2026-05-01", "to_date": "2026-06-30"}


@pytest.fixture
def world(erp):
	"""Three contracts: the hand-worked May of `test_service_billing` plus June on the first, a second
	client on the same plan and another calendar, a third on a plan carrying 1 month over."""
	setup = billing_setup(erp)
	worked_month(setup, erp)
	for day in ("2026-06-02", "2026-06-03"):  # 12 h in office hours in June
		log_time(setup.covered.name, REPAIR, 6, f"{day} 10:00:00", employee=setup.engineer)
	second, second_contract = billed_client(erp, setup.plan)
	ticket = new_ticket(second, opened_on="2026-05-20 08:00:00").insert()
	log_time(ticket.name, REPAIR, 3, "2026-05-22 19:00:00", employee=setup.engineer)  # out of hours
	log_time(ticket.name, REPAIR, 1, "2026-06-30 10:00:00", employee=setup.engineer)
	carrying = hours_plan(erp, carry_over_periods=1)
	third, third_contract = billed_client(erp, carrying)
	ticket = new_ticket(third, opened_on="2026-05-21 08:00:00").insert()
	log_time(ticket.name, REPAIR, 2, "2026-05-25 10:00:00", employee=setup.engineer)
	log_time(ticket.name, REPAIR, 15, "2026-06-04 08:00:00", employee=setup.engineer)
	contracts = (setup.contract, second_contract, third_contract)
	return frappe._dict(
		contracts=contracts, customers={setup.client.customer, second.customer, third.customer}
	)


def one_by_one(contracts, group_by: str) -> dict[str, dict]:
	"""The report's figures the way it made them before: `statement_for` per contract and month."""
	totals: dict[str, dict] = defaultdict(lambda: defaultdict(Decimal))
	for contract in contracts:
		for month in MONTHS:
			result = statement_for(contract, month)
			places = {
				t.name: t
				for t in frappe.get_all(
					"Service Ticket",
					filters={"contract": contract},
					fields=["name", "service_location", "asset"],
				)
			}

			def key(ticket, kind, contract=contract, places=places):
				if group_by == "Contract":
					return contract
				if not ticket:
					return "(subscription fee)" if kind is LineKind.FEE else "(not set)"
				if group_by == "Service Ticket":
					return ticket
				field = "service_location" if group_by == "Service Location" else "asset"
				return places[ticket][field] or "(not set)"

			for line in result.statement.lines:
				t = totals[key(line.ticket, line.kind)]
				t["revenue"] += line.amount
				t["fee_revenue" if line.kind is LineKind.FEE else "work_revenue"] += line.amount
			for source, cost in result.data.cost.items():
				column = {"Timesheet Detail": "labour_cost", "Service Visit": "trip_cost"}.get(
					source.split(":", 1)[0], "material_cost"
				)
				totals[key(result.data.ticket_of[source], None)][column] += cost
	return {
		group: {f: flt(t[f], 2) for f in ("fee_revenue", "work_revenue", "revenue", *COSTS)}
		for group, t in totals.items()
	}


COSTS = ("labour_cost", "trip_cost", "material_cost")


@pytest.mark.parametrize("group_by", ["Contract", "Service Ticket", "Service Location", "Equipment"])
def test_the_report_equals_pricing_each_contract_on_its_own(world, group_by):
	expected = one_by_one(world.contracts, group_by)
	frappe.set_user(make_user("Service Accountant"))
	try:
		_columns, data = profitability({**FILTERS, "group_by": group_by})
	finally:
		frappe.set_user("Administrator")
	shared = ("(subscription fee)", "(not set)")  # rows other contracts of the site would add to
	if frappe.db.count(
		"Contract", {"docstatus": 1, "b2b_billing_plan": ("is", "set"), "name": ("not in", world.contracts)}
	):
		expected = {group: figures for group, figures in expected.items() if group not in shared}
	fields = ("fee_revenue", "work_revenue", "revenue", *COSTS)
	mine = {row["group"]: {f: row[f] for f in fields} for row in data if row["group"] in expected}
	assert mine == expected
	if group_by == "Contract":
		assert set(mine) == set(world.contracts)
		assert mine[world.contracts[0]]["fee_revenue"] == 2000.0  # two months of the 1000 fee
		# 12 h in June on a 10 h allowance: 2 h overage at 90, on top of May's 325
		assert mine[world.contracts[0]]["work_revenue"] == 325.0 + 180.0
		for row in data:
			if row["group"] in expected:
				cost = round(sum(row[f] for f in COSTS), 2)
				assert (row["cost"], row["margin"]) == (cost, round(row["revenue"] - cost, 2))
