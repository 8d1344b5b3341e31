"""What the dispatcher sees at intake (R14, R20, R24): who calls, under which contract, about what.

`get_intake_hints` gathers, for the customer/contact/equipment/location picked
on a Service Ticket form:
- the contact's portal scope and authority (raise tickets, accept acts);
- the contract the ticket resolves to (the same rules as on save) and its SLA
  targets, the one for the ticket's priority marked;
- the equipment that contract covers, each with its last few tickets;
- warnings the dispatcher must not miss (a contact who may not raise tickets
  or sees nothing on the portal, no contract, equipment not covered).
It answers a plain dict; the form renders it. Nothing is written.
"""

from pypika.analytics import RowNumber

import frappe
from frappe import _
from frappe.query_builder import DocType, Order
from frappe.utils import now_datetime

from b2b_helpdesk.engine.contact_scope import Access
from b2b_helpdesk.engine.contract_match import ContractMatch, Coverage, evaluate_chosen, resolve_contract
from b2b_helpdesk.permissions import territory_and_below
from b2b_helpdesk.service_contracts.contract_terms import load_contract, load_customer_contracts
from b2b_helpdesk.service_contracts.customer_records import get_customer_asset, is_linked_to_customer
from b2b_helpdesk.service_contracts.service_level import as_time, policy_name_for, targets_for
from b2b_helpdesk.service_desk.ticket_contract import explain, ticket_subject

RECENT_TICKETS = 5
"""Tickets shown per piece of equipment, newest first."""
MAX_ASSETS = 30
"""Equipment rows shown; a customer-wide contract of a large client says how many more there are."""
TICKET_FIELDS = ["name", "subject", "status", "priority", "asset", "opened_on"]


@frappe.whitelist()
def get_intake_hints(
	customer: str | None = None,
	contact: str | None = None,
	asset: str | None = None,
	service_location: str | None = None,
	priority: str | None = None,
	ticket: str | None = None,
) -> dict:
	"""Hints for the ticket form; refuses (403) a user who may not read tickets or the customer."""
	frappe.has_permission("Service Ticket", "read", throw=True)
	args = _checked_arguments(customer, contact, asset, service_location, priority, ticket)
	ticket_row = _ticket_row(args.ticket)
	case = frappe._dict(
		customer=args.customer,
		asset=args.asset,
		service_location=args.service_location,
		opened_on=ticket_row.opened_on if ticket_row else now_datetime(),
	)
	match, chosen_by_hand = _match(case, ticket_row)
	contract = _contract_hints(case, match, chosen_by_hand)
	sla = _sla_hints(match.contract, args.priority, ticket_row.category if ticket_row else None)
	contact_hints = _contact_hints(args.contact) if args.contact else None
	equipment = _equipment_hints(args.customer, match.contract, args.asset, args.ticket)
	return {
		"customer": _customer_hints(args.customer),
		"contact": contact_hints,
		"contract": contract,
		"sla": sla,
		**equipment,
		"warnings": _warnings(args, contact_hints, match, sla),
	}


# --- arguments ---------------------------------------------------------------------------------


def _checked_arguments(customer, contact, asset, service_location, priority, ticket) -> frappe._dict:
	args = frappe._dict(
		customer=_name(customer, _("Customer")),
		contact=_name(contact, _("Contact")),
		asset=_name(asset, _("Equipment")),
		service_location=_name(service_location, _("Service Location")),
		priority=_name(priority, _("Priority")),
		ticket=_name(ticket, _("Service Ticket")),
	)
	if not args.customer:
		_refuse(_("Pick a customer to see the intake hints."))
	_must_exist("Customer", args.customer)
	frappe.has_permission("Customer", "read", doc=args.customer, throw=True)
	_check_belongs(args)
	_check_priority(args.priority)
	if args.ticket:
		_must_exist("Service Ticket", args.ticket)
		frappe.has_permission("Service Ticket", "read", doc=args.ticket, throw=True)
	return args


def _name(value, label: str) -> str | None:
	"""A record name as text; anything else is refused with a message, never a server error."""
	if value is None:
		return None
	if not isinstance(value, str):
		_refuse(_("{0} must be given as a name").format(label))
	value = value.strip()
	if len(value) > 140:
		_refuse(_("{0} is not a valid name: it is longer than 140 characters").format(label))
	return value or None


def _refuse(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Intake Hints"))


def _must_exist(doctype: str, name: str) -> None:
	if not frappe.db.exists(doctype, name):
		_refuse(_("{0} {1} does not exist").format(_(doctype), frappe.bold(name)))


def _check_belongs(args) -> None:
	customer = frappe.bold(args.customer)
	if args.contact and not is_linked_to_customer("Contact", args.contact, args.customer):
		_refuse(_("Contact {0} is not a contact of customer {1}").format(frappe.bold(args.contact), customer))
	if args.service_location and not is_linked_to_customer("Address", args.service_location, args.customer):
		_refuse(
			_("Service location {0} is not an address of customer {1}").format(
				frappe.bold(args.service_location), customer
			)
		)
	if args.asset:
		row = get_customer_asset(args.asset)
		if not row or row.asset_owner != "Customer" or row.customer != args.customer:
			_refuse(
				_("Equipment {0} is not registered to customer {1}").format(frappe.bold(args.asset), customer)
			)


def _check_priority(priority: str | None) -> None:
	allowed = [p for p in frappe.get_meta("Service Ticket").get_options("priority").split("\n") if p]
	if priority and priority not in allowed:
		_refuse(
			_("Priority {0} is unknown. Use one of: {1}").format(
				frappe.bold(priority), ", ".join(_(p) for p in allowed)
			)
		)


def _ticket_row(ticket: str | None):
	if not ticket:
		return None
	return frappe.db.get_value(
		"Service Ticket",
		ticket,
		["name", "customer", "opened_on", "category", "contract", "contract_set_manually"],
		as_dict=True,
	)


# --- customer and contact ---------------------------------------------------------------------


def _customer_hints(customer: str) -> dict:
	row = frappe.db.get_value(
		"Customer", customer, ["name", "customer_name", "b2b_service_tier", "disabled"], as_dict=True
	)
	return {
		"name": row.name,
		"customer_name": row.customer_name,
		"service_tier": row.b2b_service_tier,
		"disabled": bool(row.disabled),
	}


def _contact_hints(contact: str) -> dict:
	row = frappe.db.get_value(
		"Contact",
		contact,
		[
			"name",
			"full_name",
			"user",
			"b2b_portal_access",
			"b2b_territory",
			"b2b_may_raise_tickets",
			"b2b_may_accept_acts",
		],
		as_dict=True,
	)
	access = Access(row.b2b_portal_access or Access.OWN.value)
	locations = frappe.get_all(
		"Contact Service Location",
		filters={"parenttype": "Contact", "parent": contact},
		pluck="address",
		order_by="idx",
	)
	territory = row.b2b_territory if access is Access.TERRITORY else None
	locations = locations if access is Access.LOCATIONS else []
	return {
		"name": row.name,
		"full_name": row.full_name or row.name,
		"portal_user": row.user,
		"portal_access": access.value,
		"locations": locations,
		"territory": territory,
		"territories": territory_and_below(territory) if territory else [],
		"scope_text": _scope_text(access, locations, territory),
		"scope_is_empty": _scope_is_empty(access, locations, territory),
		"may_raise_tickets": bool(row.b2b_may_raise_tickets),
		"may_accept_acts": bool(row.b2b_may_accept_acts),
	}


def _scope_text(access: Access, locations: list[str], territory: str | None) -> str:
	if access is Access.NONE:
		return _("Sees nothing on the portal")
	if access is Access.OWN:
		return _("Sees only its own tickets")
	if access is Access.COMPANY:
		return _("Sees all tickets of the company")
	if access is Access.LOCATIONS:
		if not locations:
			return _("Listed locations, but none are listed: sees only its own tickets")
		return _("Sees the tickets of the listed locations: {0}").format(", ".join(locations))
	if not territory:
		return _("Territory, but none is set: sees only its own tickets")
	return _("Sees the tickets of territory {0} and the territories below it").format(territory)


def _scope_is_empty(access: Access, locations: list[str], territory: str | None) -> bool:
	"""True when the scope the contact was given lets it see nothing beyond what it raised, or nothing."""
	return (
		access is Access.NONE
		or (access is Access.LOCATIONS and not locations)
		or (access is Access.TERRITORY and not territory)
	)


# --- contract and SLA ------------------------------------------------------------------------


def _match(case, ticket_row) -> tuple[ContractMatch, bool]:
	"""The contract the ticket resolves to on save: a live hand-picked one, else the best match."""
	subject = ticket_subject(case)
	chosen = _hand_picked(case.customer, ticket_row)
	if chosen:
		terms = load_contract(chosen)
		if terms.is_active_on(subject.day):
			return evaluate_chosen(terms, subject), True
	return resolve_contract(load_customer_contracts(case.customer), subject), False


def _hand_picked(customer: str, ticket_row) -> str | None:
	if not ticket_row or not ticket_row.contract_set_manually or ticket_row.customer != customer:
		return None
	live = frappe.db.exists(
		"Contract",
		{
			"name": ticket_row.contract,
			"party_type": "Customer",
			"party_name": customer,
			"docstatus": 1,
			"is_signed": 1,
		},
	)
	return ticket_row.contract if live else None


def _contract_hints(case, match: ContractMatch, chosen_by_hand: bool) -> dict:
	hints = {
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
		hints.update(start_date=row.start_date, end_date=row.end_date, billing_plan=row.b2b_billing_plan)
	return hints


def _sla_hints(contract: str | None, priority: str | None, category: str | None) -> dict | None:
	policy_name = policy_name_for(contract)
	if not policy_name:
		return None
	policy = frappe.get_cached_doc("Service Level Policy", policy_name)
	_targets, current = targets_for(policy, priority, category) if priority else (None, None)
	targets = [_target_dict(row, current) for row in policy.targets]
	from_contract = (
		bool(contract)
		and frappe.db.get_value("Contract", contract, "b2b_service_level_policy") == policy_name
	)
	return {
		"policy": policy_name,
		"from_contract": from_contract,
		"calendar": _calendar_text(policy),
		"timezone": policy.timezone,
		"priority": priority,
		"target": next((row for row in targets if row["is_current"]), None),
		"targets": targets,
	}


def _target_dict(row, current) -> dict:
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
		"first_response": _duration_text(response),
		"resolution": _duration_text(resolution),
		"is_current": is_current,
	}


def _duration_text(seconds: int | None) -> str:
	"""Business time in hours and minutes: a day would read as 24 hours, which business time is not."""
	if not seconds:
		return _("no target")
	hours, minutes = divmod(seconds // 60, 60)
	parts = [_("{0} h").format(hours) if hours else "", _("{0} min").format(minutes) if minutes else ""]
	return " ".join(p for p in parts if p)


def _calendar_text(policy) -> str:
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


# --- equipment and its history -----------------------------------------------------------------


def _equipment_hints(customer: str, contract: str | None, asset: str | None, ticket: str | None) -> dict:
	covered, covers_all = _covered_asset_names(customer, contract)
	shown = covered[:MAX_ASSETS]
	if asset and asset not in shown:
		shown.append(asset)  # the equipment on the ticket is shown even when not covered
	assets = _asset_rows(shown)
	recent = _recent_tickets(shown, ticket)
	counts = _ticket_counts(shown, ticket)
	return {
		"covers_all_equipment": covers_all,
		"covered_assets": [
			{
				**assets[name],
				"covered": name in covered,
				"selected": name == asset,
				"recent_tickets": recent.get(name, []),
				"ticket_count": counts.get(name, 0),
			}
			for name in shown
			if name in assets
		],
		"more_assets": max(0, len(covered) - MAX_ASSETS),
	}


def _covered_asset_names(customer: str, contract: str | None) -> tuple[list[str], bool]:
	"""The equipment the contract covers: listed, at a listed location, or all when it lists neither."""
	if not contract:
		return [], False
	listed = frappe.get_all(
		"Contract Covered Asset",
		filters={"parenttype": "Contract", "parent": contract},
		pluck="asset",
		order_by="idx",
	)
	locations = frappe.get_all(
		"Contract Covered Location", filters={"parenttype": "Contract", "parent": contract}, pluck="address"
	)
	if not listed and not locations:
		return _customer_assets(customer, {}), True
	at_locations = (
		_customer_assets(customer, {"b2b_service_location": ("in", locations)}) if locations else []
	)
	return list(dict.fromkeys(listed + at_locations)), False


def _customer_assets(customer: str, filters: dict) -> list[str]:
	return frappe.get_all(
		"Asset",
		filters={"asset_owner": "Customer", "customer": customer, "docstatus": ("!=", 2), **filters},
		pluck="name",
		order_by="asset_name asc, name asc",
	)


def _asset_rows(names: list[str]) -> dict[str, dict]:
	if not names:
		return {}
	rows = frappe.get_all(
		"Asset",
		filters={"name": ("in", names)},
		fields=["name", "asset_name", "item_code", "b2b_service_location as service_location", "docstatus"],
	)
	return {
		row.name: {**{k: v for k, v in row.items() if k != "docstatus"}, "cancelled": row.docstatus == 2}
		for row in rows
	}


def _recent_tickets(assets: list[str], exclude: str | None) -> dict[str, list[dict]]:
	"""The last few tickets of each asset: one ranked query, then read back with the user's permissions."""
	if not assets:
		return {}
	t = DocType("Service Ticket")
	rank = RowNumber().over(t.asset).orderby(t.opened_on, order=Order.desc).orderby(t.name, order=Order.desc)
	condition = t.asset.isin(assets)
	if exclude:
		condition &= t.name != exclude
	ranked = frappe.qb.from_(t).select(t.name, rank.as_("rank")).where(condition)
	names = [
		row[0]
		for row in frappe.qb.from_(ranked).select(ranked.name).where(ranked.rank <= RECENT_TICKETS).run()
	]
	if not names:
		return {}
	readable = frappe.get_list(
		"Service Ticket",
		filters={"name": ("in", names)},
		fields=TICKET_FIELDS,
		order_by="opened_on desc, name desc",
		limit_page_length=0,
	)
	recent: dict[str, list[dict]] = {}
	for row in readable:
		recent.setdefault(row.pop("asset"), []).append(row)
	return recent


def _ticket_counts(assets: list[str], exclude: str | None) -> dict[str, int]:
	if not assets:
		return {}
	filters = {"asset": ("in", assets)}
	if exclude:
		filters["name"] = ("!=", exclude)
	rows = frappe.get_list(
		"Service Ticket", filters=filters, fields=["asset", "count(name) as total"], group_by="asset"
	)
	return {row.asset: row.total for row in rows}


# --- warnings -----------------------------------------------------------------------------------


def _warnings(args, contact: dict | None, match: ContractMatch, sla: dict | None) -> list[str]:
	warnings = _contact_warnings(contact) if contact else []
	if frappe.db.get_value("Customer", args.customer, "disabled"):
		warnings.append(_("Customer {0} is disabled.").format(args.customer))
	if match.coverage is Coverage.NO_ACTIVE_CONTRACT:
		warnings.append(_("No contract is in force: the work will be billed as extra."))
	elif match.coverage is not Coverage.COVERED:
		warnings.append(_("The contract does not cover this: {0}").format(_(match.coverage.value)))
	if sla and args.priority and not sla["target"]:
		warnings.append(
			_("The service level policy has no target for priority {0}.").format(_(args.priority))
		)
	return warnings


def _contact_warnings(contact: dict) -> list[str]:
	name = contact["full_name"]
	warnings = []
	if not contact["may_raise_tickets"]:
		warnings.append(
			_("{0} may NOT raise tickets. Confirm the request with a contact who may.").format(name)
		)
	if contact["portal_access"] == Access.NONE.value:
		warnings.append(
			_("{0} has no portal scope: it sees nothing on the portal, not even this ticket.").format(name)
		)
	elif contact["scope_is_empty"]:
		warnings.append(_("{0} has an empty portal scope: it sees only its own tickets.").format(name))
	return warnings
