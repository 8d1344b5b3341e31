"""Files a client adds to a service request from the portal: photos of the fault, a PDF, a short video.

The file hangs off the ticket (private), so who may see it is who may see the ticket (access_guards).
"""

import base64
import binascii
import os

import frappe
from frappe import _
from frappe.utils import cstr

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_TICKET = 30
EXTENSIONS = frozenset(
	(
		".jpg",
		".jpeg",
		".png",
		".gif",
		".webp",
		".heic",
		".pdf",
		".txt",
		".mp4",
		".mov",
		".doc",
		".docx",
		".xls",
		".xlsx",
	)
)


def attach(ticket: str, filename: str, content: str) -> dict:
	"""Attach `content` (base64) as `filename` to `ticket`, which the signed-in client may see."""
	doc = frappe.get_doc("Service Ticket", ticket)
	doc.check_permission("read")
	if doc.status == lifecycle.CLOSED:
		frappe.throw(
			_("This request is closed. Raise a new one if you need us again."), title=_("Request Closed")
		)
	name = os.path.basename(cstr(filename).replace("\\", "/")).strip()
	if not name or os.path.splitext(name)[1].lower() not in EXTENSIONS:
		frappe.throw(
			_("{0} cannot be attached: photos, videos, PDF, text and office files only").format(name or "?")
		)
	try:
		data = base64.b64decode(cstr(content).split(",", 1)[-1], validate=True)
	except (binascii.Error, ValueError):
		frappe.throw(_("The file {0} arrived damaged: please try again").format(name))
	if not data:
		frappe.throw(_("The file {0} is empty").format(name))
	if len(data) > MAX_BYTES:
		frappe.throw(_("{0} is larger than {1} MB").format(name, MAX_BYTES // (1024 * 1024)))
	if len(files_of(doc.name)) >= MAX_FILES_PER_TICKET:
		frappe.throw(_("A request can have at most {0} files").format(MAX_FILES_PER_TICKET))
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": name,
			"attached_to_doctype": "Service Ticket",
			"attached_to_name": doc.name,
			"is_private": 1,
			"content": data,
		}
	).insert(ignore_permissions=True)  # the right checked is the ticket's; the file follows it
	return {"name": file.name, "file_name": file.file_name, "file_url": file.file_url}


def files_of(ticket: str) -> list[dict]:
	"""The files on a ticket, oldest first."""
	return frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Service Ticket", "attached_to_name": ticket, "is_folder": 0},
		fields=["name", "file_name", "file_url", "file_size", "creation"],
		order_by="creation asc",
		ignore_permissions=True,
	)
