"""What the engineer's phone shows: today's jobs and everything one job needs (issue 14).

Every read goes through the ERP's permission layer as the engineer (`frappe.get_list`,
`has_permission`): he sees the tickets assigned to him or his team, the client's other open
tickets he may open, the equipment's earlier tickets he may open and the work logged on them.
Fields other helpers add (a ticket's `planned_for`, a visit's `planned_start`) are used when
the site has them and ignored when it does not.
"""

from urllib.parse import quote

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate, nowdate

from b2b_helpdesk.engine.ticket_lifecycle import ACTIVE, STATUSES

TICKET = "Service Ticket"
JOB_FIELDS = [
	"name",
	"subject",
	"status",
	"priority",
	"customer",
	"customer_name",
	"contact",
	"contact_name",
	"contact_phone",
	"contact_email",
	"service_location",
	"asset",
	"asset_name",
	"item_code",
	"category",
	"coverage",
	"contract",
	"contract_match_reason",
	"sla_state",
	"resolution_by",
	"stage_due_by",
	"response_by",
	"opened_on",
	"channel",
]
PRIORITY_RANK = {"Urgent": 0, "High": 1, "Medium": 2, "Low": 3}
HISTORY_LIMIT = 10


def has_field(doctype: str, fieldname: str) -> bool:
	return bool(frappe.get_meta(doctype).has_field(fieldname))


# --- today's jobs -------------------------------------------------------------------------------


def assigned_tickets(user: str) -> list[str]:
	"""Tickets with an open assignment (ToDo) to the user: what the dispatcher gave him."""
	return frappe.get_all(
		"ToDo",
		filters={"allocated_to": user, "reference_type": TICKET, "status": "Open"},
		pluck="reference_name",
		distinct=True,
	)


def planned_visits(user: str, day: str) -> dict[str, frappe._dict]:
	"""His Service Visits planned for `day` (when the dispatcher's board adds `planned_start`), by ticket."""
	employee = frappe.db.get_value("Employee", {"user_id": user, "status": "Active"}, "name")
	if not employee or not has_field("Service Visit", "planned_start"):
		return {}
	visits = frappe.get_list(
		"Service Visit",
		filters={"engineer": employee, "planned_start": ("between", [f"{day} 00:00:00", f"{day} 23:59:59"])},
		fields=["name", "service_ticket", "planned_start"],
		order_by="planned_start asc",
	)
	return {visit.service_ticket: visit for visit in visits}


def today_jobs(user: str | None = None, day: str | None = None) -> list[dict]:
	"""His open assigned tickets and planned visits of the day, in the order he should do them."""
	user = user or frappe.session.user
	day = day or nowdate()
	visits = planned_visits(user, day)
	names = sorted(set(assigned_tickets(user)) | set(visits))
	if not names:
		return []
	fields = JOB_FIELDS + (["planned_for"] if has_field(TICKET, "planned_for") else [])
	tickets = frappe.get_list(
		TICKET, filters={"name": ("in", names), "status": ("in", sorted(ACTIVE))}, fields=fields
	)
	jobs = [job_card(ticket, visits.get(ticket.name)) for ticket in tickets]
	jobs = [job for job in jobs if not job["planned_day"] or job["planned_day"] <= day]
	return sorted(jobs, key=job_order)


def job_card(ticket: frappe._dict, visit: frappe._dict | None) -> dict:
	planned = (visit and visit.planned_start) or ticket.get("planned_for")
	return {
		**ticket,
		"planned_at": str(planned) if planned else None,
		"planned_day": str(getdate(planned)) if planned else None,
		"due": str(ticket.stage_due_by or ticket.resolution_by or "") or None,
		"address": address_of(ticket.service_location),
		"route": f"/field/job/{ticket.name}",
	}


def job_order(job: dict) -> tuple:
	"""Planned time first, then the nearest SLA due time, then priority, then the oldest."""
	return (
		job["planned_at"] or "9999",
		job["due"] or "9999",
		PRIORITY_RANK.get(job["priority"], 9),
		str(job["opened_on"] or ""),
	)


def address_of(address: str | None) -> dict | None:
	"""The service location's lines with a geo: URI and a maps link the phone opens."""
	if not address:
		return None
	row = frappe.db.get_value(
		"Address",
		address,
		["address_title", "address_line1", "address_line2", "city", "pincode", "country", "phone"],
		as_dict=True,
	)
	if not row:
		return None
	text = ", ".join(
		part for part in (row.address_line1, row.address_line2, row.pincode, row.city, row.country) if part
	)
	return {
		"name": address,
		"title": row.address_title or address,
		"text": text,
		"phone": row.phone,
		"geo": f"geo:0,0?q={quote(text)}",
		"maps": f"https://www.openstreetmap.org/search?query={quote(text)}",
	}


# --- one job -------------------------------------------------------------------------------------


def job_context(ticket_name: str) -> dict:
	"""Everything the job page needs, read as the session user."""
	ticket = frappe.get_doc(TICKET, ticket_name)
	ticket.check_permission("read")
	return {
		"ticket": {field: ticket.get(field) for field in JOB_FIELDS},
		"description": ticket.description or "",
		"address": address_of(ticket.service_location),
		"checklist": [
			{
				"name": row.name,
				"item": row.item,
				"mandatory": row.mandatory,
				"done": row.done,
				"result": row.result or "",
			}
			for row in ticket.get("checklist") or []
		],
		"statuses": list(STATUSES),
		"other_tickets": other_open_tickets(ticket),
		"history": equipment_history(ticket.asset, exclude=ticket.name),
		"articles": articles_for(ticket.asset, ticket.category),
		"visit": open_visit(ticket.name),
		"van": van_stock(),
		"activity_types": frappe.get_all("Activity Type", filters={"disabled": 0}, pluck="name"),
		"reports": work_reports(ticket.name),
	}


def other_open_tickets(ticket) -> list[dict]:
	if not ticket.customer:
		return []
	return frappe.get_list(
		TICKET,
		filters={"customer": ticket.customer, "status": ("in", sorted(ACTIVE)), "name": ("!=", ticket.name)},
		fields=["name", "subject", "status", "asset_name"],
		order_by="opened_on desc",
		limit=HISTORY_LIMIT,
	)


def equipment_history(asset: str | None, exclude: str | None = None) -> list[dict]:
	"""The equipment's earlier tickets he may open, each with its logged hours and parts."""
	if not asset:
		return []
	tickets = frappe.get_list(
		TICKET,
		filters={"asset": asset, "name": ("!=", exclude or "")},
		fields=["name", "subject", "status", "opened_on", "resolved_on"],
		order_by="opened_on desc",
		limit=HISTORY_LIMIT,
	)
	names = [t.name for t in tickets]
	work = work_on(names)
	parts = parts_on(names)
	for t in tickets:
		t["work"] = work.get(t.name, [])
		t["parts"] = parts.get(t.name, [])
	return tickets


def work_on(tickets: list[str]) -> dict[str, list]:
	"""Submitted labour on tickets the user may read (the ticket's read right covers its work summary)."""
	if not tickets:
		return {}
	rows = frappe.get_all(
		"Timesheet Detail",
		filters={"b2b_service_ticket": ("in", tickets), "docstatus": 1},
		fields=["b2b_service_ticket as ticket", "activity_type", "sum(hours) as hours"],
		group_by="b2b_service_ticket, activity_type",
		order_by="activity_type asc",
	)
	return group_by_ticket(rows)


def parts_on(tickets: list[str]) -> dict[str, list]:
	if not tickets:
		return {}
	entry, item = frappe.qb.DocType("Stock Entry"), frappe.qb.DocType("Stock Entry Detail")
	rows = (
		frappe.qb.from_(item)
		.join(entry)
		.on(entry.name == item.parent)
		.select(entry.b2b_service_ticket.as_("ticket"), item.item_code, item.item_name, item.qty, item.uom)
		.where((entry.docstatus == 1) & entry.b2b_service_ticket.isin(tickets))
		.orderby(item.item_code)
		.run(as_dict=True)
	)
	return group_by_ticket(rows)


def group_by_ticket(rows: list[dict]) -> dict[str, list]:
	grouped: dict[str, list] = {}
	for row in rows:
		grouped.setdefault(row.pop("ticket"), []).append(row)
	return grouped


def articles_for(asset: str | None, category: str | None) -> list[dict]:
	"""Manuals and articles from the knowledge base (issue 14 goal 3, another module): none if absent."""
	if not asset:
		return []
	try:
		from b2b_helpdesk.knowledge.suggest import articles_for_asset
	except ImportError:
		return []
	try:
		return list(articles_for_asset(asset, category) or [])
	except Exception:
		frappe.log_error(title=_("Knowledge suggestions failed"))
		return []


def open_visit(ticket: str) -> dict | None:
	"""His trip on this ticket that has departed and not returned."""
	employee = frappe.db.get_value("Employee", {"user_id": frappe.session.user, "status": "Active"}, "name")
	if not employee:
		return None
	visits = frappe.get_list(
		"Service Visit",
		filters={"service_ticket": ticket, "engineer": employee, "returned_on": ("is", "not set")},
		fields=["name", "departed_on"],
		order_by="departed_on desc",
		limit=1,
	)
	return visits[0] if visits else None


def van_warehouses(user: str | None = None) -> list[str]:
	"""His van: the Warehouses his User Permissions allow (setup/erp_permissions.py)."""
	return frappe.get_all(
		"User Permission",
		filters={"user": user or frappe.session.user, "allow": "Warehouse"},
		pluck="for_value",
		order_by="is_default desc, for_value asc",
	)


def van_stock() -> list[dict]:
	vans = van_warehouses()
	if not vans:
		return []
	return frappe.get_all(
		"Bin",
		filters={"warehouse": ("in", vans), "actual_qty": (">", 0)},
		fields=["item_code", "warehouse", "actual_qty", "stock_uom"],
		order_by="item_code asc",
	)


def work_reports(ticket: str) -> list[dict]:
	return frappe.get_all(
		"Service Work Report",
		filters={"service_ticket": ticket, "docstatus": 1},
		fields=["name", "signed_by_name", "signed_on", "report_file"],
		order_by="signed_on desc",
	)


def asset_context(asset: str) -> dict:
	"""The equipment page the QR label opens for an engineer: the machine, its history, its manuals."""
	doc = frappe.get_doc("Asset", asset)
	doc.check_permission("read")
	return {
		"asset": {
			"name": doc.name,
			"asset_name": doc.asset_name,
			"item_code": doc.item_code,
			"location": doc.get("b2b_service_location"),
		},
		"address": address_of(doc.get("b2b_service_location")),
		"history": equipment_history(doc.name),
		"articles": articles_for(doc.name, None),
		"day": str(get_datetime().date()),
	}
