"""Find a ticket's contract and coverage verdict, and say why in words.

The ranking itself is the engine's (`engine.contract_match`); this module
loads the ERP records, checks a hand-picked contract, and phrases the reason.
"""

from typing import NamedTuple

import frappe
from frappe import _
from frappe.utils import format_date, getdate

from b2b_helpdesk.engine.contract_match import (
	ContractMatch,
	Inactivity,
	MatchRule,
	TicketSubject,
	evaluate_chosen,
	resolve_contract,
)
from b2b_helpdesk.service_contracts.contract_terms import load_contract, load_customer_contracts


def ticket_subject(ticket) -> TicketSubject:
	asset_location = (
		frappe.db.get_value("Asset", ticket.asset, "b2b_service_location") if ticket.asset else None
	)
	return TicketSubject(
		day=getdate(ticket.opened_on),
		asset=ticket.asset or None,
		location=ticket.service_location or None,
		asset_location=asset_location or None,
	)


def find_contract(ticket) -> ContractMatch:
	return resolve_contract(load_customer_contracts(ticket.customer), ticket_subject(ticket))


def check_chosen_contract(ticket) -> ContractMatch:
	"""Verdict under the contract picked by hand; refuse one that can't govern the ticket."""
	match, problem = chosen_contract_verdict(ticket)
	if problem:
		frappe.throw(problem.message, title=problem.title)
	return match


class ContractProblem(NamedTuple):
	message: str
	title: str


def chosen_contract_verdict(ticket) -> tuple[ContractMatch | None, ContractProblem | None]:
	"""(the verdict under the hand-picked contract, None), or (None, why it cannot govern the ticket)."""
	row = frappe.db.get_value(
		"Contract",
		ticket.contract,
		["party_type", "party_name", "docstatus", "is_signed"],
		as_dict=True,
	)
	contract = frappe.bold(ticket.contract)
	if not row or row.party_type != "Customer" or row.party_name != ticket.customer:
		message = _("Contract {0} is not a contract of customer {1}").format(
			contract, frappe.bold(ticket.customer)
		)
		return None, ContractProblem(message, _("Wrong Contract"))
	if row.docstatus != 1 or not row.is_signed:
		message = _("Contract {0} is not signed and submitted, so it cannot govern service tickets").format(
			contract
		)
		return None, ContractProblem(message, _("Wrong Contract"))

	terms = load_contract(ticket.contract)
	subject = ticket_subject(ticket)
	inactivity = terms.inactivity_on(subject.day)
	if inactivity is Inactivity.EXPIRED:
		message = _("Contract {0} ended on {1}, before the ticket was opened ({2})").format(
			contract, format_date(terms.end), format_date(subject.day)
		)
		return None, ContractProblem(message, _("Contract Not in Force"))
	if inactivity is Inactivity.NOT_STARTED:
		message = _("Contract {0} starts on {1}, after the ticket was opened ({2})").format(
			contract, format_date(terms.start), format_date(subject.day)
		)
		return None, ContractProblem(message, _("Contract Not in Force"))
	return evaluate_chosen(terms, subject), None


def explain(ticket, match: ContractMatch, chosen_by_hand: bool) -> str:
	contract = match.contract
	day = format_date(getdate(ticket.opened_on))
	reasons = {
		MatchRule.ASSET_LISTED: lambda: _("Equipment {0} is listed on contract {1}.").format(
			ticket.asset, contract
		),
		MatchRule.LOCATION_LISTED: lambda: _("Service location {0} is listed on contract {1}.").format(
			ticket.service_location or _("of the equipment"), contract
		),
		MatchRule.CUSTOMER_WIDE: lambda: _(
			"Contract {0} covers all of the customer's equipment and locations."
		).format(contract),
		MatchRule.GENERAL_REQUEST: lambda: _(
			"Contract {0} is in force and the ticket names no equipment or location."
		).format(contract),
		MatchRule.NOT_COVERING: lambda: _("Contract {0} is in force on {1} but does not cover {2}.").format(
			contract, day, ticket.asset or ticket.service_location
		),
		MatchRule.NO_CONTRACT: lambda: _("Customer {0} has no signed contract in force on {1}.").format(
			ticket.customer, day
		),
	}
	parts = [_("Chosen by hand.")] if chosen_by_hand else []
	parts.append(reasons[match.rule]())
	if match.others:
		parts.append(_("Also in force and as specific: {0}.").format(", ".join(match.others)))
	return " ".join(parts)
