"""The engineer's phone (issue 14): his whole job through the `/field` endpoints, AS HIM.

Start the trip, tick the checklist, log time, issue a part from his van, add a photo, stop the
trip, let the client sign: the ticket is resolved, the Timesheet and the Stock Entry are
submitted under his name, the signed work report's PDF is attached to the ticket with the
signature and the figures, and the client's contact gets it by e-mail. An action sent twice is
applied once; another engineer cannot act on the job; an action on a ticket closed meanwhile is
a conflict, never silently dropped.
"""

import base64
import json
import subprocess

import pytest

import frappe

from b2b_helpdesk.api import field as phone
from b2b_helpdesk.field_service.phone_actions import FieldConflict
from tests.integration.billing_factories import REPAIR, make_engineer
from tests.integration.factories import make_user
from tests.integration.test_email_channel import mailbox  # noqa: F401 (fixture)
from tests.integration.test_role_jobs import SEAL, field, link_employee  # noqa: F401 (fixture)

# a 2×2 red PNG: the client's "signature" and the engineer's photo
PNG = base64.b64encode(
	bytes.fromhex(
		"89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73"
		"0000001649444154789c63f8cfc0f01f0418181818fe030001f50201a3b0d3a10000000049454e44ae426082"
	)
).decode()
SIGNATURE = f"data:image/png;base64,{PNG}"


@pytest.fixture
def job(field):  # noqa: F811 (the fixture above)
	"""The engineer's assigned ticket with its contact and a two-item checklist."""
	ticket = frappe.get_doc("Service Ticket", field.covered.name)
	ticket.contact = field.client.contact
	ticket.append("checklist", {"item": "Check the compressor", "mandatory": 1})
	ticket.append("checklist", {"item": "Clean the condenser", "mandatory": 0})
	ticket.save()
	field.ticket = ticket.name
	field.rows = [row.name for row in ticket.checklist]
	field.contact_email = ticket.contact_email
	return field


def act(action: str, ticket: str, key: str | None = None, **payload) -> dict:
	return phone.perform(key or frappe.generate_hash(length=12), action, ticket, payload)


def pdf_text(file_name: str) -> str:
	path = frappe.get_doc("File", file_name).get_full_path()
	return subprocess.run(
		["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
	).stdout


def test_todays_jobs_list_his_assigned_ticket_with_map_and_phone(job):
	frappe.set_user(job.user)
	jobs = phone.today_jobs()
	assert [j["name"] for j in jobs] == [job.ticket]
	card = jobs[0]
	assert (card["customer"], card["status"], card["route"]) == (
		job.client.customer,
		"Open",
		f"/field/job/{job.ticket}",
	)
	assert card["address"]["geo"].startswith("geo:0,0?q=1%20Market%20Street")
	assert "openstreetmap.org/search?query=1%20Market%20Street" in card["address"]["maps"]
	page = phone.job(job.ticket)
	assert [(r["item"], r["mandatory"], r["done"]) for r in page["checklist"]] == [
		("Check the compressor", 1, 0),
		("Clean the condenser", 0, 0),
	]
	assert page["ticket"]["coverage"] == "Covered"
	assert [(v.item_code, v.warehouse, v.actual_qty) for v in page["van"]] == [(SEAL, job.van, 10)]
	assert [t["name"] for t in page["other_tickets"]] == []  # the extra ticket is not his to see


def test_the_engineers_whole_job_ends_in_a_signed_report(job, mailbox):  # noqa: F811
	frappe.set_user(job.user)
	trip = act("start_trip", job.ticket, travel_zone="City", distance_km=12)
	act("checklist", job.ticket, row=job.rows[0], done=1, result="Pressure 7.5 bar")
	act("checklist", job.ticket, row=job.rows[1], done=1, result="")
	timesheet = act("log_time", job.ticket, activity_type=REPAIR, hours=1.5, description="Replaced the seal")
	entry = act("issue_parts", job.ticket, item_code=SEAL, qty=2)
	photo = act("add_photo", job.ticket, file_name="seal.png", content=SIGNATURE)
	act("stop_trip", job.ticket)
	signed = act(
		"sign",
		job.ticket,
		signed_by_name="Olga Signer",
		signature=SIGNATURE,
		place="Store A1",
		work_done="Seal replaced, cooling back to 4 °C",
	)
	frappe.set_user("Administrator")

	ticket = frappe.get_doc("Service Ticket", job.ticket)
	assert ticket.status == "Resolved"
	assert [(r.done, r.result, r.done_by) for r in ticket.checklist] == [
		(1, "Pressure 7.5 bar", job.user),
		(1, None, job.user),
	] or [(r.done, r.result or "", r.done_by) for r in ticket.checklist] == [
		(1, "Pressure 7.5 bar", job.user),
		(1, "", job.user),
	]
	visit = frappe.get_doc("Service Visit", trip["visit"])
	assert (visit.owner, visit.engineer, visit.travel_zone, visit.distance_km, bool(visit.returned_on)) == (
		job.user,
		job.engineer,
		"City",
		12,
		True,
	)
	sheet = frappe.get_doc("Timesheet", timesheet["timesheet"])
	assert (sheet.docstatus, sheet.owner, sheet.employee) == (1, job.user, job.engineer)
	assert [(r.activity_type, r.hours, r.b2b_service_ticket, r.costing_amount) for r in sheet.time_logs] == [
		(REPAIR, 1.5, job.ticket, 75)
	]
	stock = frappe.get_doc("Stock Entry", entry["stock_entry"])
	assert (stock.docstatus, stock.owner, stock.purpose, stock.b2b_service_ticket) == (
		1,
		job.user,
		"Material Issue",
		job.ticket,
	)
	assert [(r.item_code, r.qty, r.s_warehouse) for r in stock.items] == [(SEAL, 2, job.van)]
	assert frappe.db.get_value("File", photo["file"], ["attached_to_name", "owner"]) == (job.ticket, job.user)

	report = frappe.get_doc("Service Work Report", signed["report"])
	assert (report.docstatus, report.owner, report.engineer, report.signed_by_name, report.hours) == (
		1,
		job.user,
		job.engineer,
		"Olga Signer",
		1.5,
	)
	assert (report.service_visit, report.place, report.signature) == (visit.name, "Store A1", SIGNATURE)
	evidence = json.loads(report.evidence)
	assert [(p["item_code"], p["qty"]) for p in evidence["parts"]] == [(SEAL, 2)]
	assert evidence["photos"] == [photo["file"]]
	pdf = frappe.get_doc("File", signed["file"])
	assert (pdf.attached_to_doctype, pdf.attached_to_name, pdf.owner, pdf.is_private) == (
		"Service Ticket",
		job.ticket,
		job.user,
		1,
	)
	assert report.report_file == pdf.file_url
	text = pdf_text(pdf.name)
	for expected in (
		f"Work Report {report.name}",
		"Olga Signer",
		"Store A1",
		"Seal replaced",
		SEAL,
		"Pressure 7.5 bar",
		"Check the compressor",
		job.ticket,
		"Total hours",
		"1.5",
	):
		assert expected in text, expected
	images = subprocess.run(
		["pdfimages", "-list", pdf.get_full_path()], capture_output=True, text=True
	).stdout
	assert len(images.strip().splitlines()) - 2 == 2  # the photo and the signature

	assert signed["notified"] == job.contact_email
	queue = [
		row.name
		for row in frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Service Ticket", "reference_name": job.ticket},
			fields=["name", "message"],
		)
		if report.name in (row.message or "")
	]
	assert len(queue) == 1  # other mails of the resolved ticket (e.g. a satisfaction survey) are not ours
	assert frappe.get_all("Email Queue Recipient", filters={"parent": queue[0]}, pluck="recipient") == [
		job.contact_email
	]
	attachments = json.loads(frappe.db.get_value("Email Queue", queue[0], "attachments") or "[]")
	assert [frappe.db.get_value("File", a["fid"], "file_url") for a in attachments] == [pdf.file_url]


def test_an_action_sent_twice_is_applied_once(job):
	frappe.set_user(job.user)
	first = act("log_time", job.ticket, key="phone-key-1", activity_type=REPAIR, hours=1)
	again = act("log_time", job.ticket, key="phone-key-1", activity_type=REPAIR, hours=1)
	parts = act("issue_parts", job.ticket, key="phone-key-2", item_code=SEAL, qty=1)
	parts_again = act("issue_parts", job.ticket, key="phone-key-2", item_code=SEAL, qty=1)
	frappe.set_user("Administrator")
	assert (first["replayed"], again["replayed"], again["timesheet"]) == (False, True, first["timesheet"])
	assert parts_again["stock_entry"] == parts["stock_entry"]
	assert frappe.db.count("Timesheet Detail", {"b2b_service_ticket": job.ticket, "docstatus": 1}) == 1
	assert frappe.db.get_value("Bin", {"item_code": SEAL, "warehouse": job.van}, "actual_qty") == 9
	assert frappe.db.count("Field Action Log", {"user": job.user}) == 2


def test_another_engineer_cannot_act_on_a_job_not_his(job, erp):
	other = make_user("Service Engineer")
	link_employee(make_engineer(erp.company, costing_rate=60, activity_types=(REPAIR,)), other)
	frappe.set_user(other)
	assert phone.today_jobs() == []
	for action, payload in (
		("log_time", {"activity_type": REPAIR, "hours": 1}),
		("checklist", {"row": job.rows[0], "done": 1}),
		("start_trip", {}),
	):
		with pytest.raises(frappe.PermissionError):
			act(action, job.ticket, **payload)
	with pytest.raises(frappe.PermissionError):
		phone.job(job.ticket)
	frappe.set_user("Administrator")
	assert frappe.db.count("Field Action Log", {"user": other}) == 0


def test_an_action_on_a_ticket_closed_meanwhile_is_a_conflict(job):
	ticket = frappe.get_doc("Service Ticket", job.ticket)
	ticket.status = "Resolved"
	ticket.save()
	frappe.set_user(job.user)
	with pytest.raises(FieldConflict, match="not applied"):
		act("checklist", job.ticket, row=job.rows[0], done=1)


def test_a_replayed_key_of_another_user_is_refused(job, erp):
	frappe.set_user(job.user)
	act("checklist", job.ticket, key="shared-key", row=job.rows[0], done=1)
	other = make_user("Service Engineer")
	frappe.set_user(other)
	with pytest.raises(frappe.PermissionError):
		act("checklist", job.ticket, key="shared-key", row=job.rows[0], done=1)
