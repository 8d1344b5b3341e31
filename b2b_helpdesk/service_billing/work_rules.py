"""Rules for work, trips and materials logged on tickets, whatever screen they come from.

They run as doc events on the ERP's Timesheet and Stock Entry and in the
Service Visit controller, so a log made in the desk, from the ticket or from
the engineer's phone is checked the same way.
"""

import frappe
from frappe import _
from frappe.utils import format_date, getdate

from b2b_helpdesk.engine.billing import BillingClass, BillingUnit
from b2b_helpdesk.service_billing.billing_entries import billing_class_of
from b2b_helpdesk.service_billing.period_lock import live_acts, refuse_in_closed_period

CLOSED = "Closed"


TICKET_FIELDS = ["name", "status", "contract", "billing_class", "coverage", "category"]


def ticket_for_work(
	ticket_name: str, day, billed_in: str | None = None, known: "WorkContext | None" = None
) -> frappe._dict:
	"""The ticket's facts a log depends on; refuses a closed ticket, a day outside its contract, or
	a new line in a billing period an act has already closed (`billed_in`: the act that claimed it).
	`known`: the tickets and live acts of a whole document, loaded once for all its rows."""
	if known is not None:
		ticket = known.tickets.get(ticket_name)
	else:
		ticket = frappe.db.get_value("Service Ticket", ticket_name, TICKET_FIELDS, as_dict=True)
	if not ticket:
		frappe.throw(_("Service Ticket {0} does not exist").format(ticket_name))
	if ticket.status == CLOSED:
		frappe.throw(
			_("Ticket {0} is closed: reopen it before logging work on it").format(frappe.bold(ticket.name)),
			title=_("Ticket Closed"),
		)
	check_within_contract(ticket, getdate(day), known)
	if not billed_in:
		refuse_in_closed_period(ticket.contract, getdate(day), known.acts if known else None)
	return ticket


class WorkContext:
	"""What the rows of one document are checked against, read once: tickets, contracts' dates, live acts."""

	def __init__(self, ticket_names: set[str]) -> None:
		rows = frappe.get_all(
			"Service Ticket", filters={"name": ("in", list(ticket_names))}, fields=TICKET_FIELDS
		)
		self.tickets = {row.name: row for row in rows}
		contracts = sorted({row.contract for row in rows if row.contract})
		self.contracts = {
			row.name: row
			for row in frappe.get_all(
				"Contract",
				filters={"name": ("in", contracts)},
				fields=["name", "start_date", "end_date", "b2b_billing_plan"],
			)
		}
		self.acts = live_acts(contracts) if contracts else []


def check_within_contract(ticket, day, known: WorkContext | None = None) -> None:
	if not ticket.contract:
		return
	if known is not None:
		contract = known.contracts.get(ticket.contract) or frappe._dict()
		start, end = contract.start_date, contract.end_date
	else:
		start, end = frappe.db.get_value("Contract", ticket.contract, ["start_date", "end_date"])
	if (start and day < getdate(start)) or (end and day > getdate(end)):
		frappe.throw(
			_("{0} is outside contract {1} ({2} to {3})").format(
				format_date(day),
				frappe.bold(ticket.contract),
				format_date(start) if start else "…",
				format_date(end) if end else "…",
			),
			title=_("Outside the Contract"),
		)


def plan_of(ticket, known: WorkContext | None = None):
	if known is not None:
		name = (known.contracts.get(ticket.contract) or frappe._dict()).b2b_billing_plan
	else:
		name = (
			frappe.db.get_value("Contract", ticket.contract, "b2b_billing_plan") if ticket.contract else None
		)
	return frappe.get_cached_doc("Service Billing Plan", name) if name else None


def check_labour_is_billable(
	ticket, activity_type: str, is_billable: bool, known: WorkContext | None = None
) -> None:
	"""A billable log must be priceable under the contract's plan, now rather than at invoicing."""
	plan = plan_of(ticket, known)
	if plan is None or not is_billable:
		return
	rule = next((r for r in plan.activity_rules if r.activity_type == activity_type), None)
	klass = billing_class_of(ticket)
	if klass is BillingClass.EXTRA and not ((rule and rule.rate) or plan.default_rate):
		frappe.throw(
			_("Activity {0} has no rate in billing plan {1}, and the plan has no default rate").format(
				frappe.bold(activity_type), frappe.bold(plan.name)
			),
			title=_("No Rate"),
		)
	if (
		klass is BillingClass.SUBSCRIPTION
		and plan.billing_unit == BillingUnit.UNITS.value
		and not (rule and (rule.units_per_hour or rule.units_per_job))
	):
		frappe.throw(
			_("Billing plan {0} counts work in units, but activity {1} has no conversion to units").format(
				frappe.bold(plan.name), frappe.bold(activity_type)
			),
			title=_("No Unit Conversion"),
		)


# --- Timesheet -------------------------------------------------------------------------------


def validate_timesheet(doc, method=None) -> None:
	tickets = {row.b2b_service_ticket for row in doc.time_logs if row.b2b_service_ticket}
	if not tickets:
		return
	known = WorkContext(tickets)
	for row in doc.time_logs:
		if not row.b2b_service_ticket:
			continue
		if not row.hours or row.hours <= 0:
			frappe.throw(
				_("Row {0}: the hours logged on ticket {1} must be above zero").format(
					row.idx, row.b2b_service_ticket
				),
				title=_("Invalid Hours"),
			)
		ticket = ticket_for_work(
			row.b2b_service_ticket, row.from_time, billed_in=row.get("b2b_billed_in"), known=known
		)
		check_labour_is_billable(ticket, row.activity_type, bool(row.is_billable), known)


# --- Stock Entry -------------------------------------------------------------------------------


def validate_stock_entry(doc, method=None) -> None:
	if not doc.b2b_service_ticket:
		return
	if doc.purpose != "Material Issue":
		frappe.throw(_("Only a Material Issue can record materials used on a service ticket"))
	ticket_for_work(doc.b2b_service_ticket, doc.posting_date, billed_in=doc.get("b2b_billed_in"))
