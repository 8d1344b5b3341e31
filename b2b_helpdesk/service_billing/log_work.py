"""Log work from the ticket (desk form, later the engineer's phone) into the ERP's own documents.

Labour becomes a submitted Timesheet whose row carries the ticket (cost from
the ERP's Activity Cost); materials become a submitted Stock Entry (Material
Issue), so stock and valuation are the ERP's.
"""

import frappe
from frappe import _
from frappe.utils import add_to_date, flt, get_datetime, now_datetime

from b2b_helpdesk.api.arguments import json_argument
from b2b_helpdesk.setup.company import default_company


def employee_of(user: str) -> str:
	employee = frappe.db.get_value("Employee", {"user_id": user, "status": "Active"}, "name")
	if not employee:
		frappe.throw(
			_("User {0} is not linked to an active Employee: choose the engineer").format(frappe.bold(user)),
			title=_("No Employee"),
		)
	return employee


@frappe.whitelist()
def log_time(
	ticket: str,
	activity_type: str,
	hours: float,
	from_time: str | None = None,
	employee: str | None = None,
	billable: int = 1,
	description: str | None = None,
) -> str:
	"""Create and submit a Timesheet for work on `ticket`; return its name."""
	frappe.get_doc("Service Ticket", ticket).check_permission("write")
	hours = flt(hours)
	if hours <= 0:
		frappe.throw(_("The hours logged must be above zero"), title=_("Invalid Hours"))
	start = get_datetime(from_time) if from_time else add_to_date(now_datetime(), hours=-hours)
	employee = employee or employee_of(frappe.session.user)
	timesheet = frappe.get_doc(
		{
			"doctype": "Timesheet",
			"employee": employee,
			"company": frappe.db.get_value("Employee", employee, "company") or default_company(),
			"time_logs": [
				{
					"activity_type": activity_type,
					"from_time": start,
					"hours": hours,
					"to_time": add_to_date(start, hours=hours),
					"is_billable": int(billable),
					"b2b_service_ticket": ticket,
					"description": description,
				}
			],
		}
	)
	timesheet.insert()
	timesheet.submit()
	return timesheet.name


@frappe.whitelist()
def issue_materials(ticket: str, items: list | str, posting_date: str | None = None) -> str:
	"""Issue `items` ([{item_code, qty, warehouse}]) from stock for `ticket`; return the Stock Entry."""
	frappe.get_doc("Service Ticket", ticket).check_permission("write")
	items = json_argument(items, "items", list)
	if not items:
		frappe.throw(_("List at least one item"), title=_("No Items"))
	for row in items:
		if not isinstance(row, dict):
			frappe.throw(_("Each item must be an object with item_code, qty and warehouse"))
		if flt(row.get("qty")) <= 0:
			frappe.throw(_("Item {0}: the quantity must be above zero").format(row.get("item_code")))
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Issue",
			"purpose": "Material Issue",
			"company": frappe.db.get_value("Warehouse", items[0].get("warehouse"), "company")
			or default_company(),
			"b2b_service_ticket": ticket,
			"set_posting_time": 1 if posting_date else 0,
			"posting_date": posting_date,
			"items": [
				{"item_code": row["item_code"], "qty": flt(row["qty"]), "s_warehouse": row.get("warehouse")}
				for row in items
			],
		}
	)
	entry.insert()
	entry.submit()
	return entry.name
