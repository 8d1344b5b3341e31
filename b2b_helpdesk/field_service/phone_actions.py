"""What the engineer does on the phone, each action a small function run AS HIM.

Every action goes through the ERP's documents and their permission checks (no
`ignore_permissions`): the ticket's write right, his own Employee on the Timesheet and the
Service Visit, his van on the Stock Entry, the File attached to the ticket. The status move is
the ticket's own rule: its refusal message (naming what is missing) reaches the phone as is.
An action on a ticket that was resolved or closed meanwhile is refused as a conflict.
"""

import base64

import frappe
from frappe import _
from frappe.utils import flt, get_datetime, now_datetime

from b2b_helpdesk.engine.ticket_lifecycle import DONE
from b2b_helpdesk.field_service.phone_jobs import TICKET, open_visit, van_warehouses
from b2b_helpdesk.service_billing import log_work

MAX_PHOTO_BYTES = 8 * 1024 * 1024


class FieldConflict(frappe.ValidationError):
	"""The job changed on the server since the phone saw it (e.g. the ticket was closed)."""


def taken_at(payload: dict):
	"""When the engineer did it on the phone (offline actions arrive later), never in the future."""
	at = get_datetime(payload.get("at")) if payload.get("at") else now_datetime()
	return min(at, now_datetime())


def writable_ticket(name: str):
	ticket = frappe.get_doc(TICKET, name)
	ticket.check_permission("write")
	if ticket.status in DONE:
		frappe.throw(
			_("Ticket {0} is {1} now: this action was not applied. Ask the dispatcher to reopen it.").format(
				name, _(ticket.status)
			),
			FieldConflict,
			title=_("Conflict"),
		)
	return ticket


def my_employee() -> str:
	return log_work.employee_of(frappe.session.user)


def start_trip(ticket: str, payload: dict) -> dict:
	writable_ticket(ticket)
	if visit := open_visit(ticket):
		return {"visit": visit.name, "departed_on": str(visit.departed_on)}
	visit = frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": ticket,
			"engineer": my_employee(),
			"departed_on": taken_at(payload),
			"travel_zone": payload.get("travel_zone"),
			"distance_km": flt(payload.get("distance_km")),
			"billable": int(bool(payload.get("travel_zone"))),
		}
	).insert()
	return {"visit": visit.name, "departed_on": str(visit.departed_on)}


def stop_trip(ticket: str, payload: dict) -> dict:
	current = open_visit(ticket)
	if not current:
		frappe.throw(
			_("No trip of yours on ticket {0} is under way").format(ticket),
			FieldConflict,
			title=_("Conflict"),
		)
	visit = frappe.get_doc("Service Visit", current.name)
	visit.returned_on = max(taken_at(payload), get_datetime(visit.departed_on))
	if payload.get("distance_km") is not None:
		visit.distance_km = flt(payload.get("distance_km"))
	visit.save()
	return {"visit": visit.name, "returned_on": str(visit.returned_on)}


def tick_checklist(ticket: str, payload: dict) -> dict:
	doc = writable_ticket(ticket)
	row = next((r for r in doc.get("checklist") or [] if r.name == payload.get("row")), None)
	if not row:
		frappe.throw(
			_("The checklist of ticket {0} has no such item any more").format(ticket),
			FieldConflict,
			title=_("Conflict"),
		)
	row.done = int(bool(payload.get("done", 1)))
	if "result" in payload:
		row.result = payload.get("result") or ""
	row.done_by = frappe.session.user if row.done else None
	row.done_on = taken_at(payload) if row.done else None
	doc.save()
	return {"row": row.name, "done": row.done, "result": row.result}


def log_time(ticket: str, payload: dict) -> dict:
	writable_ticket(ticket)
	hours = flt(payload.get("hours"))
	start = payload.get("from_time") or (
		frappe.utils.add_to_date(taken_at(payload), hours=-hours) if hours > 0 else None
	)
	name = log_work.log_time(
		ticket,
		payload.get("activity_type"),
		hours,
		from_time=str(start) if start else None,
		description=payload.get("description"),
	)
	return {"timesheet": name}


def issue_parts(ticket: str, payload: dict) -> dict:
	writable_ticket(ticket)
	vans = van_warehouses()
	warehouse = payload.get("warehouse") or (vans[0] if vans else None)
	if not warehouse:
		frappe.throw(_("You have no van warehouse: ask the office to give you one"), title=_("No Van"))
	name = log_work.issue_materials(
		ticket,
		[{"item_code": payload.get("item_code"), "qty": flt(payload.get("qty")), "warehouse": warehouse}],
		posting_date=str(taken_at(payload).date()),
	)
	return {"stock_entry": name}


def set_status(ticket: str, payload: dict) -> dict:
	doc = writable_ticket(ticket)
	doc.status = payload.get("status")
	doc.save()  # the ticket's own move rules refuse, naming what is missing
	return {"status": doc.status}


def add_photo(ticket: str, payload: dict) -> dict:
	writable_ticket(ticket)
	content = decode_data_url(payload.get("content") or "")
	if not content or len(content) > MAX_PHOTO_BYTES:
		frappe.throw(_("The photo is empty or larger than 8 MB"), title=_("Invalid Photo"))
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": payload.get("file_name") or f"photo-{frappe.generate_hash(length=6)}.jpg",
			"attached_to_doctype": TICKET,
			"attached_to_name": ticket,
			"is_private": 1,
			"content": content,
		}
	).insert()
	return {"file": file.name, "file_url": file.file_url}


def decode_data_url(value: str) -> bytes:
	data = value.split(",", 1)[1] if value.startswith("data:") else value
	try:
		return base64.b64decode(data, validate=False)
	except ValueError:
		return b""


def sign(ticket: str, payload: dict) -> dict:
	from b2b_helpdesk.field_service.phone_report import make_work_report

	writable_ticket(ticket)
	return make_work_report(ticket, payload, signed_on=taken_at(payload))


ACTIONS = {
	"start_trip": start_trip,
	"stop_trip": stop_trip,
	"checklist": tick_checklist,
	"log_time": log_time,
	"issue_parts": issue_parts,
	"set_status": set_status,
	"add_photo": add_photo,
	"sign": sign,
}


def run_action(action: str, ticket: str, payload: dict) -> dict:
	if action not in ACTIONS:
		frappe.throw(_("Unknown action {0}").format(action))
	return ACTIONS[action](ticket, payload)
