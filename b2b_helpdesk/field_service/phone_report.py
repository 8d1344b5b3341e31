"""The signed work report: the client signs on the phone, the ticket gets the PDF, the contact gets a mail.

The report keeps the evidence as it was at the moment of signing (time, parts, checklist results,
photos logged on the ticket since the previous report), is submitted (immutable, cancel + amend),
printed by its print format into a PDF attached to the ticket (so the client's portal, which shows
a ticket's files, shows it), and sent to the ticket's contact as a Communication on the ticket
through the ERP's outgoing Email Account — the same channel as every reply to the client.
"""

import json

import frappe
from frappe import _
from frappe.core.doctype.communication.email import make
from frappe.utils import flt, get_datetime

from b2b_helpdesk.engine.ticket_lifecycle import RESOLVED
from b2b_helpdesk.field_service.phone_jobs import TICKET
from b2b_helpdesk.service_billing import log_work
from b2b_helpdesk.service_desk.ticket_timeline import _can_send_mail

REPORT = "Service Work Report"
PRINT_FORMAT = "Service Work Report"
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "gif", "webp")


def make_work_report(ticket: str, payload: dict, signed_on) -> dict:
	"""Create, submit, print, attach and send the signed report; resolve the ticket if asked."""
	since = previous_report_time(ticket)
	report = frappe.get_doc(
		{
			"doctype": REPORT,
			"service_ticket": ticket,
			"service_visit": latest_visit(ticket),
			"engineer": log_work.employee_of(frappe.session.user),
			"signed_by_name": (payload.get("signed_by_name") or "").strip(),
			"signature": payload.get("signature") or "",
			"signed_on": signed_on,
			"place": payload.get("place"),
			"work_done": payload.get("work_done"),
		}
	)
	evidence = collect_evidence(ticket, since)
	report.evidence = json.dumps(evidence, default=str)
	report.hours = flt(sum(flt(row["hours"]) for row in evidence["time"]), 2)
	report.insert()
	report.submit()
	if int(payload.get("resolve", 1)):
		resolve(ticket)
	pdf = attach_pdf(report)
	report.db_set("report_file", pdf.file_url)
	recipient = notify_contact(ticket, report, pdf)
	report.db_set("notified", recipient or "")
	return {"report": report.name, "file": pdf.name, "file_url": pdf.file_url, "notified": recipient}


def previous_report_time(ticket: str):
	return frappe.db.get_value(
		REPORT, {"service_ticket": ticket, "docstatus": 1}, "max(signed_on)"
	) or get_datetime("1900-01-01")


def latest_visit(ticket: str) -> str | None:
	employee = frappe.db.get_value("Employee", {"user_id": frappe.session.user}, "name")
	return frappe.db.get_value(
		"Service Visit", {"service_ticket": ticket, "engineer": employee}, "name", order_by="departed_on desc"
	)


def collect_evidence(ticket: str, since) -> dict:
	return {
		"time": frappe.get_all(
			"Timesheet Detail",
			filters={"b2b_service_ticket": ticket, "docstatus": 1, "creation": (">", since)},
			fields=["activity_type", "from_time", "hours", "description"],
			order_by="from_time asc",
		),
		"parts": parts_since(ticket, since),
		"checklist": [
			{"item": row.item, "done": row.done, "result": row.result or "", "mandatory": row.mandatory}
			for row in frappe.get_doc(TICKET, ticket).get("checklist") or []
		],
		"photos": [
			file.name
			for file in frappe.get_all(
				"File",
				filters={"attached_to_doctype": TICKET, "attached_to_name": ticket, "creation": (">", since)},
				fields=["name", "file_name"],
				order_by="creation asc",
			)
			if (file.file_name or "").rsplit(".", 1)[-1].lower() in IMAGE_EXTENSIONS
		],
	}


def parts_since(ticket: str, since) -> list[dict]:
	entry, item = frappe.qb.DocType("Stock Entry"), frappe.qb.DocType("Stock Entry Detail")
	return (
		frappe.qb.from_(item)
		.join(entry)
		.on(entry.name == item.parent)
		.select(item.item_code, item.item_name, item.qty, item.uom)
		.where((entry.docstatus == 1) & (entry.b2b_service_ticket == ticket) & (entry.creation > since))
		.orderby(entry.creation)
		.orderby(item.idx)
		.run(as_dict=True)
	)


def resolve(ticket: str) -> None:
	doc = frappe.get_doc(TICKET, ticket)
	if doc.status != RESOLVED:
		doc.status = RESOLVED
		doc.save()  # the move rules name any mandatory item still missing


def attach_pdf(report) -> "frappe.Document":
	pdf = frappe.get_print(REPORT, report.name, PRINT_FORMAT, doc=report, as_pdf=True)
	return frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{report.name}.pdf",
			"attached_to_doctype": TICKET,
			"attached_to_name": report.service_ticket,
			"is_private": 1,
			"content": pdf,
		}
	).insert()


def notify_contact(ticket: str, report, pdf) -> str | None:
	"""A sent Communication on the ticket with the PDF: e-mailed when an outgoing account exists."""
	doc = frappe.get_doc(TICKET, ticket)
	recipient = doc.contact_email or doc.raised_by
	if not recipient:
		return None
	make(
		doctype=TICKET,
		name=ticket,
		subject=_("Work report {0} for {1} [{2}]").format(report.name, doc.subject, ticket),
		content=_("The work on {0} was signed by {1} on {2}. The signed report is attached.").format(
			frappe.bold(doc.subject),
			frappe.bold(report.signed_by_name),
			frappe.utils.format_datetime(report.signed_on),
		),
		recipients=recipient,
		communication_medium="Email",
		sent_or_received="Sent",
		send_email=_can_send_mail(),
		attachments=[pdf.name],
	)
	return recipient
