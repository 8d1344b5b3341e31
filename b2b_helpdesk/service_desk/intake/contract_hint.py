"""Under which contract: the contract the ticket resolves to (the same rules as on save) and its SLA targets."""

import frappe
from frappe import _

from b2b_helpdesk.engine.contract_match import ContractMatch, Coverage, resolve_contract
from b2b_helpdesk.service_contracts.contract_terms import load_customer_contracts
from b2b_helpdesk.service_contracts.service_level import as_time, policy_name_for, targets_for
from b2b_helpdesk.service_desk.ticket_contract import chosen_contract_verdict, explain, ticket_subject


def match_contract(case, ticket_row) -> tuple[ContractMatch, bool]:
	"""The contract the ticket resolves to on save: a hand-picked one that may govern it, else the best."""
	if ticket_row and ticket_row.contract_set_manually and ticket_row.contract:
		chosen, problem = chosen_contract_verdict(frappe._dict(case, contract=ticket_row.contract))
		if not problem:
			return chosen, True
	return resolve_contract(load_customer_contracts(case.customer), ticket_subject(case)), False


def contract_hint(case, match: ContractMatch, chosen_by_hand: bool) -> dict:
	hint = {
		"name": match.contract,
		"coverage": match.coverage.value,
		"rule": match.rule.value,
		"reason": explain(case, match, chosen_by_hand),
		"chosen_by_hand": chosen_by_hand,
		"others": list(match.others),
		"start_date": None,
		"end_date": None,
		"billing_plan": None,
	}
	if match.contract:
		row = frappe.db.get_value(
			"Contract", match.contract, ["start_date", "end_date", "b2b_billing_plan"], as_dict=True
		)
		hint.update(start_date=row.start_date, end_date=row.end_date, billing_plan=row.b2b_billing_plan)
	return hint


def sla_hint(contract: str | None, priority: str | None, category: str | None) -> dict | None:
	policy_name = policy_name_for(contract)
	if not policy_name:
		return None
	policy = frappe.get_cached_doc("Service Level Policy", policy_name)
	_targets, current = targets_for(policy, priority, category) if priority else (None, None)
	targets = [target_row(row, current) for row in policy.targets]
	from_contract = (
		bool(contract)
		and frappe.db.get_value("Contract", contract, "b2b_service_level_policy") == policy_name
	)
	return {
		"policy": policy_name,
		"from_contract": from_contract,
		"calendar": calendar_text(policy),
		"timezone": policy.timezone,
		"priority": priority,
		"target": next((row for row in targets if row["is_current"]), None),
		"targets": targets,
	}


def target_row(row, current) -> dict:
	"""A policy row; `current` is the engine's pick for the ticket's priority and category."""
	response = int(row.first_response_time or 0) or None
	resolution = int(row.resolution_time or 0) or None
	is_current = current is not None and (row.priority, row.category or None) == (
		current.priority,
		current.category,
	)
	return {
		"priority": row.priority,
		"category": row.category or None,
		"handling_path": row.handling_path or None,
		"first_response_seconds": response,
		"resolution_seconds": resolution,
		"first_response": duration_text(response),
		"resolution": duration_text(resolution),
		"is_current": is_current,
	}


def duration_text(seconds: int | None) -> str:
	"""Business time in hours and minutes: a day would read as 24 hours, which business time is not."""
	if not seconds:
		return _("no target")
	hours, minutes = divmod(seconds // 60, 60)
	parts = [_("{0} h").format(hours) if hours else "", _("{0} min").format(minutes) if minutes else ""]
	return " ".join(p for p in parts if p)


def calendar_text(policy) -> str:
	"""Business hours of the policy, weekdays with the same window grouped: the targets count in them."""
	if policy.always_on:
		return _("24 × 7")
	windows: dict[str, list[str]] = {}
	for row in policy.working_hours:
		window = "{}–{}".format(
			as_time(row.start_time).strftime("%H:%M"), as_time(row.end_time).strftime("%H:%M")
		)
		windows.setdefault(window, []).append(_(row.weekday))
	if not windows:
		return _("No working hours set")
	return "; ".join(f"{', '.join(days)} {window}" for window, days in windows.items())


def contract_warnings(match: ContractMatch, sla: dict | None, priority: str | None) -> list[str]:
	warnings = []
	if match.coverage is Coverage.NO_ACTIVE_CONTRACT:
		warnings.append(_("No contract is in force: the work will be billed as extra."))
	elif match.coverage is not Coverage.COVERED:
		warnings.append(_("The contract does not cover this: {0}").format(_(match.coverage.value)))
	if sla and priority and not sla["target"]:
		warnings.append(_("The service level policy has no target for priority {0}.").format(_(priority)))
	return warnings
