"""Build a contract's act of completed work for a period from the billing engine's statement."""

from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from b2b_helpdesk.engine.billing import LineKind, PricedLine
from b2b_helpdesk.service_billing.act_rows import grouped_rows
from b2b_helpdesk.service_billing.act_warnings import closing_warnings, show_warnings
from b2b_helpdesk.service_billing.statement import ContractStatement, encode_carry, statement_for
from b2b_helpdesk.setup.company import default_company


@frappe.whitelist()
def make_act(contract: str, day: str | None = None) -> str:
	"""Create the draft act of the billing period containing `day`; return its name."""
	frappe.has_permission("Service Act", "create", throw=True)
	frappe.has_permission("Contract", "read", doc=contract, throw=True)
	act = build_act(contract, day)
	show_warnings(act)
	return act.name


def build_act(contract: str, day=None):
	act = draft_act(contract, statement_for(contract, day or nowdate()))
	act.insert()
	return act


def draft_act(contract: str, result: ContractStatement):
	"""The unsaved act of a priced period: header, one line per ticket and work type, the SLA credit."""
	act = frappe.new_doc("Service Act")
	fill_act(act, contract, result)
	return act


def rebuild_amendment(act) -> None:
	"""An amended act is made again from the period's data as it is now: the lines logged late
	in the period, a corrected plan and the earlier acts' carry-over all land in it."""
	act.set("items", [])
	act.set("taxes", [])
	fill_act(act, act.contract, statement_for(act.contract, act.from_date))


def fill_act(act, contract: str, result: ContractStatement) -> None:
	check_contract_in_force(contract, result)
	customer = frappe.db.get_value("Contract", contract, "party_name")
	act.update(
		{
			"contract": contract,
			"customer": customer,  # set here: with links not re-checked, fetch_from does not run
			"customer_name": frappe.db.get_value("Customer", customer, "customer_name"),
			"company": default_company(),
			"from_date": result.start,
			"to_date": result.end,
			"act_date": min(getdate(nowdate()), result.end)
			if getdate(nowdate()) >= result.start
			else result.end,
			"billing_plan": result.plan.name,
			"currency": result.plan.currency,
			"allowance": flt(result.statement.allowance),
			"allowance_used": flt(result.statement.allowance_used),
			"allowance_left": flt(result.statement.allowance_left),
			"overage": flt(result.statement.overage),
			"allowance_carry_out": encode_carry(result.statement.carry_out),
			"taxes_and_charges": result.plan.get("taxes_and_charges"),
		}
	)
	entries = {e.source: e for e in (*result.data.work, *result.data.trips, *result.data.materials)}
	rows, logs = grouped_rows(result, entries, lambda line: invoice_item(line, result.plan, entries))
	for row in rows:
		act.append("items", row)
	# the per-log detail: claimed with the act (`act_claims.claim`), billed line by line on its invoice
	act.flags.logs = logs
	add_sla_credit(act, result)
	act.closing_warnings = "\n".join(closing_warnings(act))
	# every source row was just read from the database in this transaction: skip Frappe's
	# one-query-per-row link check, which is most of the cost of a large act
	act.flags.ignore_links = True


def check_contract_in_force(contract: str, result: ContractStatement) -> None:
	row = frappe.db.get_value("Contract", contract, ["docstatus", "start_date", "end_date"], as_dict=True)
	starts_after = row.start_date and getdate(row.start_date) > result.end
	ended_before = row.end_date and getdate(row.end_date) < result.start
	if row.docstatus != 1 or starts_after or ended_before:
		frappe.throw(
			_("Contract {0} is not in force between {1} and {2}").format(
				frappe.bold(contract), result.start, result.end
			),
			title=_("Contract Not Active"),
		)


def invoice_item(line: PricedLine, plan, entries: dict) -> str | None:
	if line.kind is LineKind.MATERIAL:
		return entries[line.source].item_code
	return {
		LineKind.FEE: plan.fee_item,
		LineKind.LABOUR: plan.labour_item,
		LineKind.OVERAGE: plan.labour_item,
		LineKind.TRIP: plan.trip_item,
	}.get(line.kind)


def add_sla_credit(act, result: ContractStatement) -> None:
	"""A discount per ticket resolved in the period with a breached SLA, up to the plan's cap."""
	per_breach = Decimal(str(result.plan.get("sla_credit_per_breach") or 0))
	if not per_breach:
		return
	breached = frappe.db.count(
		"Service Ticket",
		{
			"contract": act.contract,
			"sla_state": "Breached",
			"resolved_on": ("between", [result.start, f"{result.end} 23:59:59.999999"]),
		},
	)
	if not breached:
		return
	credit = per_breach * breached
	cap = Decimal(str(result.plan.get("sla_credit_cap") or 0))
	if cap:
		credit = min(credit, cap)
	act.append(
		"items",
		{
			"kind": "Adjustment",
			"description": _("SLA credit: {0} ticket(s) with a breached SLA").format(breached),
			"qty": 1,
			"uom": "Period",
			"rate": -flt(credit),
			"amount": -flt(credit),
			"date": result.end,
			"breached_tickets": breached,
		},
	)
