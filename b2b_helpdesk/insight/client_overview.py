"""One client at a glance (R22, R24, R25): everything about one client company on one desk page.

Only for a user who may read the Customer (the ERP's permission, User Permissions included) and Service
Tickets; every list below goes through `frappe.get_list`, so the app's row rules and the ERP's rights on
Contract, Service Act, Sales Invoice, Asset and Contact decide what appears. Read-only.
"""

from collections import Counter, defaultdict

import frappe
from frappe import _
from frappe.utils import add_days, add_months, flt, getdate, nowdate

from b2b_helpdesk.engine.kpi import percent
from b2b_helpdesk.insight.kpi_facts import OPEN
from b2b_helpdesk.service_desk.colours import STATUS_COLOURS
from b2b_helpdesk.setup.roles import SERVICE_DISPATCHER, SERVICE_MANAGER

TEMPLATE = "b2b_helpdesk/templates/insight/client_overview.html"


@frappe.whitelist()
@frappe.read_only()
def get_client_overview(customer: str) -> dict:
	"""Read-only: runs on the read replica when the site has one (`read_from_replica`)."""
	customer = checked_customer(customer)
	today = getdate(nowdate())
	facts = {
		"customer": frappe.db.get_value(
			"Customer",
			customer,
			["name", "customer_name", "b2b_service_tier", "account_manager"],
			as_dict=True,
		),
		"open_tickets": open_tickets(customer),
		"months": twelve_months(customer, today),
		"contracts": contracts(customer, today),
		"acts_waiting": acts_waiting(customer),
		"payment": payment_status(customer, today),
		"equipment": equipment(customer, today),
		"escalations": escalations(customer),
		"contacts": contacts(customer),
	}
	facts["html"] = frappe.render_template(TEMPLATE, {"o": facts, "status_colours": STATUS_COLOURS})
	return facts


def checked_customer(customer) -> str:
	if not isinstance(customer, str) or not customer.strip() or len(customer) > 140:
		frappe.throw(_("Give a customer"), frappe.ValidationError, title=_("Client Overview"))
	customer = customer.strip()
	if not frappe.db.exists("Customer", customer):
		frappe.throw(_("Customer {0} does not exist").format(frappe.bold(customer)), frappe.DoesNotExistError)
	frappe.has_permission("Customer", "read", doc=customer, throw=True)
	frappe.has_permission("Service Ticket", "read", throw=True)
	return customer


def open_tickets(customer: str) -> dict:
	rows = frappe.get_list(
		"Service Ticket",
		filters={"customer": customer, "status": ("in", OPEN)},
		fields=["status", "sla_state"],
		limit_page_length=0,
		order_by=None,
	)
	return {
		"total": len(rows),
		"by_status": sorted(Counter(r.status for r in rows).items()),
		"by_sla": sorted(Counter(r.sla_state or "No SLA" for r in rows).items()),
	}


def twelve_months(customer: str, today) -> list[dict]:
	start = add_months(today.replace(day=1), -11)
	tickets = frappe.get_list(
		"Service Ticket",
		filters=[["customer", "=", customer], ["opened_on", ">=", start]],
		fields=["opened_on", "sla_state"],
		limit_page_length=0,
		order_by=None,
	)
	ratings = frappe.get_list(
		"Service Ticket Rating",
		filters=[["customer", "=", customer], ["rated_on", ">=", start]],
		fields=["rated_on", "rating"],
		limit_page_length=0,
		order_by=None,
	)
	months = [add_months(start, n).strftime("%Y-%m") for n in range(12)]
	met, decided, opened, rated = Counter(), Counter(), Counter(), defaultdict(list)
	for t in tickets:
		month = getdate(t.opened_on).strftime("%Y-%m")
		opened[month] += 1
		if t.sla_state in ("Met", "Breached"):
			decided[month] += 1
			met[month] += t.sla_state == "Met"
	for r in ratings:
		rated[getdate(r.rated_on).strftime("%Y-%m")].append(r.rating)
	return [
		{
			"month": m,
			"tickets": opened[m],
			"sla_met_percent": percent(met[m], decided[m]),
			"satisfaction": round(sum(rated[m]) / len(rated[m]), 2) if rated[m] else None,
		}
		for m in months
	]


def contracts(customer: str, today) -> list[dict]:
	from b2b_helpdesk.service_billing.report.contract_profitability import contract_profitability
	from b2b_helpdesk.service_billing.statement import get_billing_preview

	rows = frappe.get_list(
		"Contract",
		filters={"party_type": "Customer", "party_name": customer, "docstatus": 1},
		fields=["name", "start_date", "end_date", "b2b_billing_plan"],
		order_by="end_date asc",
	)
	margins = {}
	if any(r.b2b_billing_plan for r in rows):
		_cols, profit = contract_profitability.execute(
			{
				"from_date": add_months(today, -12),
				"to_date": today,
				"customer": customer,
				"group_by": "Contract",
			}
		)
		margins = {p["group"]: p for p in profit}
	out = []
	for r in rows:
		preview = get_billing_preview(r.name, str(today)) if r.b2b_billing_plan else {}
		out.append(
			{
				"name": r.name,
				"start_date": r.start_date,
				"end_date": r.end_date,
				"ended": bool(r.end_date and getdate(r.end_date) < today),
				"allowance": preview.get("allowance"),
				"allowance_used": preview.get("allowance_used"),
				"allowance_left": preview.get("allowance_left"),
				"unit": preview.get("unit"),
				"margin": margins.get(r.name, {}).get("margin"),
				"margin_percent": margins.get(r.name, {}).get("margin_percent"),
			}
		)
	return out


def acts_waiting(customer: str) -> list:
	return frappe.get_list(
		"Service Act",
		filters={"customer": customer, "docstatus": 1, "act_status": ("in", ("Submitted", "Disputed"))},
		fields=["name", "from_date", "to_date", "grand_total", "currency", "act_status"],
		order_by="to_date asc",
	)


def payment_status(customer: str, today) -> dict:
	"""The ERP's outstanding and overdue Sales Invoices of the customer.

	Receivables are accounting figures: only a user who may read Sales Invoices (the accountant, the
	manager) sees them, and only the invoices his rights reach (`frappe.get_list`: User Permissions on
	company or customer included). A dispatcher without that right sees only whether the client is in
	arrears and since when (`arrears_status`); an engineer sees nothing of it.
	"""
	if not may_see_receivables():
		return arrears_status(customer, today) if may_see_arrears() else {"allowed": False}
	rows = frappe.get_list(
		"Sales Invoice",
		filters={"customer": customer, "docstatus": 1, "outstanding_amount": (">", 0)},
		fields=["name", "due_date", "outstanding_amount", "grand_total", "currency"],
		order_by="due_date asc",
		limit_page_length=0,
	)
	overdue = [r for r in rows if r.due_date and getdate(r.due_date) < today]
	return {
		"allowed": True,
		"amounts": True,
		"outstanding": flt(sum(r.outstanding_amount for r in rows), 2),
		"overdue": flt(sum(r.outstanding_amount for r in overdue), 2),
		"overdue_count": len(overdue),
		"oldest_overdue_days": (today - getdate(overdue[0].due_date)).days if overdue else None,
		"invoices": rows[:10],
		"currency": rows[0].currency if rows else None,
	}


def may_see_receivables() -> bool:
	return bool(frappe.has_permission("Sales Invoice", "read"))


def may_see_arrears() -> bool:
	"""The dispatcher takes the calls: he must know a client is in arrears (R20), not the amounts."""
	return bool({SERVICE_DISPATCHER, SERVICE_MANAGER} & set(frappe.get_roles()))


def arrears_status(customer: str, today) -> dict:
	"""Whether the customer is in arrears and since when, without a single amount or invoice."""
	due_dates = frappe.get_all(
		"Sales Invoice",
		filters={"customer": customer, "docstatus": 1, "outstanding_amount": (">", 0)},
		pluck="due_date",
		order_by="due_date asc",
	)
	overdue = [getdate(d) for d in due_dates if d and getdate(d) < today]
	return {
		"allowed": True,
		"amounts": False,
		"outstanding_count": len(due_dates),
		"overdue_count": len(overdue),
		"oldest_overdue_days": (today - overdue[0]).days if overdue else None,
	}


def equipment(customer: str, today) -> list[dict]:
	assets = frappe.get_list(
		"Asset",
		filters={"customer": customer, "asset_owner": "Customer", "docstatus": ("<", 2)},
		fields=["name", "asset_name", "item_code"],
		limit_page_length=0,
	)
	counts = dict(
		frappe.get_list(
			"Service Ticket",
			filters=[
				["customer", "=", customer],
				["opened_on", ">=", add_days(today, -365)],
				["asset", "is", "set"],
			],
			fields=["asset", "count(name) as problems"],
			group_by="asset",
			as_list=True,
			order_by=None,
		)
	)
	rows = [{**a, "problems": counts.get(a.name, 0)} for a in assets]
	return sorted(rows, key=lambda r: (-r["problems"], r["name"]))


def escalations(customer: str) -> list:
	return frappe.get_list(
		"Service Ticket",
		filters={"customer": customer, "status": ("in", OPEN), "escalation_level": (">", 0)},
		fields=["name", "subject", "status", "sla_state", "escalation_level", "breached_on"],
		order_by="escalation_level desc, breached_on asc",
	)


def contacts(customer: str) -> list:
	names = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": "Customer", "link_name": customer},
		pluck="parent",
	)
	return frappe.get_list(
		"Contact",
		filters={"name": ("in", names or [""])},
		fields=[
			"name",
			"full_name",
			"email_id",
			"phone",
			"user",
			"b2b_portal_access",
			"b2b_may_raise_tickets",
			"b2b_may_accept_acts",
		],
		order_by="full_name asc",
	)
