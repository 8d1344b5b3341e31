"""What the dispatcher sees at intake (R14, R20, R24): who calls, under which contract, about what.

`get_intake_hints` gathers, for the customer/contact/equipment/location picked
on a Service Ticket form, one hint per module of `service_desk/intake/`:
- the contact's portal scope and authority (raise tickets, accept acts);
- the contract the ticket resolves to (the same rules as on save) and its SLA
  targets, the one for the ticket's priority marked;
- the equipment that contract covers, each with its last few tickets;
- warnings the dispatcher must not miss (a contact who may not raise tickets
  or sees nothing on the portal, no contract, equipment not covered).
It answers the facts and their HTML, rendered here from Jinja templates (escaped,
translated), so the form script only places it. Nothing is written.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from b2b_helpdesk.service_contracts.customer_records import get_customer_asset, is_linked_to_customer
from b2b_helpdesk.service_desk.colours import COVERAGE_COLOURS, STATUS_COLOURS
from b2b_helpdesk.service_desk.intake.contact_hint import contact_hint, contact_warnings
from b2b_helpdesk.service_desk.intake.contract_hint import (
	contract_hint,
	contract_warnings,
	match_contract,
	sla_hint,
)
from b2b_helpdesk.service_desk.intake.equipment_hint import equipment_hint
from b2b_helpdesk.service_desk.intake.knowledge_hint import knowledge_hint
from b2b_helpdesk.service_desk.intake.payment_hint import payment_hint

TEMPLATE = "b2b_helpdesk/templates/intake_hints/intake_hints.html"


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
	match, chosen_by_hand = match_contract(case, ticket_row)
	sla = sla_hint(match.contract, args.priority, ticket_row.category if ticket_row else None)
	contact_facts = contact_hint(args.contact) if args.contact else None
	hints = {
		"customer": _customer_hint(args.customer),
		"payment": payment_hint(args.customer),
		"contact": contact_facts,
		"contract": contract_hint(case, match, chosen_by_hand),
		"sla": sla,
		**equipment_hint(args.customer, match.contract, args.asset, args.ticket),
		"knowledge": knowledge_hint(args.asset, ticket_row.category if ticket_row else None),
		"warnings": [
			*(contact_warnings(contact_facts) if contact_facts else []),
			*_customer_warnings(args.customer),
			*contract_warnings(match, sla, args.priority),
		],
	}
	hints["html"] = render_hints(hints)
	return hints


def render_hints(hints: dict) -> str:
	return frappe.render_template(
		TEMPLATE, {"hints": hints, "status_colours": STATUS_COLOURS, "coverage_colours": COVERAGE_COLOURS}
	)


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


# --- customer ---------------------------------------------------------------------------------


def _customer_hint(customer: str) -> dict:
	row = frappe.db.get_value(
		"Customer", customer, ["name", "customer_name", "b2b_service_tier", "disabled"], as_dict=True
	)
	return {
		"name": row.name,
		"customer_name": row.customer_name,
		"service_tier": row.b2b_service_tier,
		"disabled": bool(row.disabled),
	}


def _customer_warnings(customer: str) -> list[str]:
	if frappe.db.get_value("Customer", customer, "disabled"):
		return [_("Customer {0} is disabled.").format(customer)]
	return []
