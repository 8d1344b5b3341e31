# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

import base64
import json
import mimetypes

import frappe
from frappe import _
from frappe.model.document import Document

from b2b_helpdesk.field_service.work_access import check_ticket_access

SIGNATURE_PREFIX = "data:image/"
MAX_PHOTOS = 6
MAX_PHOTO_BYTES = 3 * 1024 * 1024


class ServiceWorkReport(Document):
	"""The per-visit evidence the client signs on the engineer's phone (see field_service/phone_report.py)."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		asset: DF.Link | None
		customer: DF.Link | None
		engineer: DF.Link
		engineer_name: DF.Data | None
		evidence: DF.LongText | None
		hours: DF.Float
		notified: DF.Data | None
		place: DF.Data | None
		report_file: DF.Attach | None
		service_ticket: DF.Link
		service_visit: DF.Link | None
		signature: DF.Signature
		signed_by_name: DF.Data
		signed_on: DF.Datetime
		work_done: DF.SmallText | None

	# end: auto-generated types
	def validate(self) -> None:
		if self.is_new():
			check_ticket_access(self.service_ticket)  # a report on a ticket he may work on
		self.check_signed()

	def check_signed(self) -> None:
		if not (self.signed_by_name or "").strip():
			frappe.throw(_("Type the name of the person who signs"), title=_("Name Missing"))
		if not (self.signature or "").startswith(SIGNATURE_PREFIX):
			frappe.throw(_("The client has not signed yet"), title=_("Signature Missing"))

	def evidence_data(self) -> dict:
		"""What the print format shows: time, parts, checklist and photos as they were when signed."""
		try:
			data = json.loads(self.evidence or "{}")
		except ValueError:
			data = {}
		for key in ("time", "parts", "checklist", "photos"):
			data.setdefault(key, [])
		return data

	def photo_sources(self) -> list[str]:
		"""The photos as data URIs: the PDF is rendered without a session, private files need no URL."""
		sources = []
		for name in self.evidence_data()["photos"][:MAX_PHOTOS]:
			file = frappe.get_doc("File", name) if frappe.db.exists("File", name) else None
			if not file or (file.file_size or 0) > MAX_PHOTO_BYTES:
				continue
			content = file.get_content()
			if isinstance(content, str):
				content = content.encode()
			kind = mimetypes.guess_type(file.file_name or "")[0] or "image/jpeg"
			sources.append(f"data:{kind};base64,{base64.b64encode(content).decode()}")
		return sources
