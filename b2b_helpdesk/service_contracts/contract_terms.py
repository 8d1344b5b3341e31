"""Load a customer's service contracts from the ERP as engine `ContractTerms`.

A contract can govern tickets when it is the ERP's idea of a live contract:
submitted, signed, with the customer as party. Whether it is in force on a
given day is the engine's call (start/end dates), so that a ticket opened
last month still finds last month's contract.
"""

import frappe
from frappe.query_builder import DocType
from frappe.utils import getdate

from b2b_helpdesk.engine.contract_match import ContractTerms


def load_customer_contracts(customer: str) -> list[ContractTerms]:
	contract = DocType("Contract")
	rows = (
		frappe.qb.from_(contract)
		.select(contract.name, contract.start_date, contract.end_date)
		.where(
			(contract.party_type == "Customer")
			& (contract.party_name == customer)
			& (contract.docstatus == 1)
			& (contract.is_signed == 1)
		)
		.run(as_dict=True)
	)
	return _with_coverage(rows)


def load_contract(name: str) -> ContractTerms:
	row = frappe.db.get_value("Contract", name, ["name", "start_date", "end_date"], as_dict=True)
	return _with_coverage([row])[0]


def _with_coverage(rows: list[dict]) -> list[ContractTerms]:
	names = [row.name for row in rows]
	assets = _covered(names, "Contract Covered Asset", "asset")
	locations = _covered(names, "Contract Covered Location", "address")
	return [
		ContractTerms(
			name=row.name,
			start=getdate(row.start_date) if row.start_date else None,
			end=getdate(row.end_date) if row.end_date else None,
			assets=frozenset(assets.get(row.name, ())),
			locations=frozenset(locations.get(row.name, ())),
		)
		for row in rows
	]


def _covered(contracts: list[str], child_doctype: str, fieldname: str) -> dict[str, list[str]]:
	if not contracts:
		return {}
	child = DocType(child_doctype)
	rows = (
		frappe.qb.from_(child)
		.select(child.parent, child[fieldname])
		.where((child.parenttype == "Contract") & child.parent.isin(contracts))
		.run()
	)
	covered: dict[str, list[str]] = {}
	for parent, value in rows:
		covered.setdefault(parent, []).append(value)
	return covered
