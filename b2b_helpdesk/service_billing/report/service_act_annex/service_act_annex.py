"""The annex of an act: every source line the act claimed (time log, trip, material issue).

The act shows one line per ticket and work type; this lists what each of its lines sums, from the
act's claims (Service Billing Claim): date, ticket, engineer, what, quantity, rate, amount and the
act line it is summed into. The amounts add up to the act's lines, to the cent.
"""

import frappe
from frappe import _


def execute(filters: dict | None = None) -> tuple[list[dict], list[dict]]:
	act = (filters or {}).get("act")
	if not act:
		frappe.throw(_("Choose the act"), title=_("Service Act Missing"))
	frappe.has_permission("Service Act", "read", doc=act, throw=True)
	return columns(), annex_rows(act)


def columns() -> list[dict]:
	return [
		{"fieldname": "act_line", "label": _("Act Line"), "fieldtype": "Int", "width": 70},
		{"fieldname": "date", "label": _("Date"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "service_ticket",
			"label": _("Service Ticket"),
			"fieldtype": "Link",
			"options": "Service Ticket",
			"width": 130,
		},
		{
			# plain text: an accountant need not read Employee records to read the annex
			"fieldname": "engineer",
			"label": _("Engineer"),
			"fieldtype": "Data",
			"width": 110,
		},
		{"fieldname": "engineer_name", "label": _("Engineer Name"), "fieldtype": "Data", "width": 140},
		{"fieldname": "description", "label": _("What"), "fieldtype": "Data", "width": 280},
		{"fieldname": "qty", "label": _("Quantity"), "fieldtype": "Float", "precision": 3, "width": 90},
		{"fieldname": "uom", "label": _("UOM"), "fieldtype": "Data", "width": 70},
		{
			"fieldname": "rate",
			"label": _("Rate"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 100,
		},
		{
			"fieldname": "amount",
			"label": _("Amount"),
			"fieldtype": "Currency",
			"options": "currency",
			"width": 110,
		},
		{"fieldname": "source", "label": _("Source"), "fieldtype": "Data", "width": 220},
		{
			"fieldname": "currency",
			"label": _("Currency"),
			"fieldtype": "Data",  # the amounts' currency; a Link would ask for read rights on Currency
			"hidden": 1,
		},
	]


def annex_rows(act: str) -> list[dict]:
	"""The act's claimed sources in the order of its lines, then by date (the period's key left out)."""
	return frappe.db.sql(
		"""
		select item.idx as act_line, claim.date, claim.service_ticket, claim.engineer,
			employee.employee_name as engineer_name, claim.description, claim.qty, claim.uom,
			claim.rate, claim.amount, claim.source, act.currency
		from `tabService Billing Claim` claim
		join `tabService Act` act on act.name = claim.service_act
		left join `tabService Act Item` item on item.name = claim.act_item and item.parent = act.name
		left join `tabEmployee` employee on employee.name = claim.engineer
		where claim.service_act = %(act)s and claim.source not like 'Period:%%'
		order by item.idx, claim.date, claim.idx
		""",
		{"act": act},
		as_dict=True,
	)
