"""An act's life after submission: accepted or disputed by the client, then invoiced.

Submitted → Accepted (the client's authorised contact on the portal, or a scan
of the signed paper attached by an accountant) or Disputed (with a comment per
disputed line) → Invoiced (its Sales Invoice submitted). Cancelling the invoice
returns the act to Accepted; cancelling the act releases its lines.
"""

import frappe
from frappe import _
from frappe.utils import flt, getdate, now_datetime, nowdate

from b2b_helpdesk.api.arguments import json_argument

ACCEPTABLE = ("Submitted", "Disputed")


def authorised_contact(act) -> str:
	"""The session user's Contact that may accept acts of the act's customer, or a refusal."""
	contacts = frappe.get_all(
		"Contact",
		filters={"user": frappe.session.user, "b2b_may_accept_acts": 1},
		pluck="name",
	)
	for contact in contacts:
		if frappe.db.exists(
			"Dynamic Link",
			{
				"parenttype": "Contact",
				"parent": contact,
				"link_doctype": "Customer",
				"link_name": act.customer,
			},
		):
			return contact
	frappe.throw(
		_("You are not authorised to accept or dispute act {0}").format(frappe.bold(act.name)),
		frappe.PermissionError,
	)


def _submitted_act(name: str):
	act = frappe.get_doc("Service Act", name)
	if act.docstatus != 1:
		frappe.throw(_("Act {0} is not submitted").format(frappe.bold(name)), title=_("Not Submitted"))
	return act


@frappe.whitelist()
def accept_act(act: str, comment: str | None = None) -> str:
	doc = _submitted_act(act)
	contact = authorised_contact(doc)
	_require_status(doc, ACCEPTABLE)
	_accept(doc, contact, getattr(frappe.local, "request_ip", None), comment)
	return doc.act_status


@frappe.whitelist()
def dispute_act(act: str, comments: dict | str, comment: str | None = None) -> str:
	"""`comments`: {act line name: the client's objection}."""
	doc = _submitted_act(act)
	authorised_contact(doc)
	_require_status(doc, ("Submitted",))
	comments = json_argument(comments, "comments", dict)
	lines = {row.name: row for row in doc.items}
	unknown = [name for name in comments if name not in lines]
	if not comments or unknown or not all(str(text or "").strip() for text in comments.values()):
		frappe.throw(
			_("Name each disputed line of this act and say what is wrong with it"), title=_("Dispute")
		)
	for name, text in comments.items():
		lines[name].db_set("dispute_comment", text)
	doc.db_set({"act_status": "Disputed", "client_comment": comment})
	doc.add_comment("Info", _("Disputed by {0}: {1}").format(frappe.session.user, comment or ""))
	return doc.act_status


@frappe.whitelist()
def record_paper_acceptance(act: str, contact: str, signed_scan: str) -> str:
	"""An accountant records the client's signature on paper; the scan is attached to the act."""
	doc = _submitted_act(act)
	doc.check_permission("submit")
	_require_status(doc, ACCEPTABLE)
	if not signed_scan:
		frappe.throw(_("Attach the scan of the signed act"), title=_("Scan Missing"))
	row = frappe.db.get_value("Contact", contact, ["b2b_may_accept_acts"], as_dict=True)
	linked = frappe.db.exists(
		"Dynamic Link",
		{"parenttype": "Contact", "parent": contact, "link_doctype": "Customer", "link_name": doc.customer},
	)
	if not row or not row.b2b_may_accept_acts or not linked:
		frappe.throw(
			_("Contact {0} may not accept acts of {1}").format(
				frappe.bold(contact), frappe.bold(doc.customer)
			),
			frappe.PermissionError,
		)
	doc.db_set("signed_scan", signed_scan)
	_accept(doc, contact, _("signed on paper"), None)
	return doc.act_status


def _require_status(doc, allowed: tuple[str, ...]) -> None:
	if doc.act_status not in allowed:
		frappe.throw(
			_("Act {0} is {1}; this needs it to be {2}").format(
				frappe.bold(doc.name), _(doc.act_status), f" {_('or')} ".join(_(s) for s in allowed)
			),
			title=_("Wrong Status"),
		)


def _accept(doc, contact: str, origin: str | None, comment: str | None) -> None:
	doc.db_set(
		{
			"act_status": "Accepted",
			"accepted_by": contact,
			"accepted_by_user": frappe.session.user,
			"accepted_on": now_datetime(),
			"accepted_from_ip": origin,
			"client_comment": comment,
		}
	)
	doc.add_comment("Info", _("Accepted by {0} ({1})").format(contact, origin or frappe.session.user))


# --- invoice --------------------------------------------------------------------------------


@frappe.whitelist()
def make_sales_invoice(act: str) -> str:
	"""A Sales Invoice with the act's chargeable lines, quantities and rates; linked both ways."""
	doc = _submitted_act(act)
	frappe.has_permission("Sales Invoice", "create", throw=True)
	_require_status(doc, ("Accepted",))
	if doc.sales_invoice and frappe.db.get_value("Sales Invoice", doc.sales_invoice, "docstatus") < 2:
		frappe.throw(_("Act {0} already has Sales Invoice {1}").format(doc.name, doc.sales_invoice))
	_check_invoice_items(doc)
	invoice = invoice_of(doc)
	invoice.insert()
	doc.db_set("sales_invoice", invoice.name)
	return invoice.name


def invoice_of(
	act, ignore_permissions: bool = False, conversion_rate: float | None = None, distinct_only: bool = False
):
	"""The unsaved Sales Invoice the act becomes: its chargeable lines with the act's quantities and
	rates, the SLA credit as a discount on the net total, the act's taxes, no rounded total (the
	client pays what the act says, to the cent).

	The one builder: `make_sales_invoice` inserts it, and the act takes its taxes and totals from
	it (`act_taxes`), so the act and its invoice cannot disagree. `conversion_rate` set: no
	exchange rate is looked up (amounts in the act's own currency do not depend on it).
	"""
	lines = chargeable_lines(act)
	distinct = {}
	for row in lines:
		distinct.setdefault(_line_key(row), row)
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": act.customer,
			"company": act.company,
			"currency": act.currency,
			"conversion_rate": conversion_rate,
			"posting_date": max(getdate(nowdate()), getdate(act.act_date)),
			"set_posting_time": 1,
			"b2b_service_act": act.name,
			"ignore_pricing_rule": 1,
			"disable_rounded_total": 1,
			"taxes_and_charges": act.taxes_and_charges,
			"apply_discount_on": "Net Total",
			"discount_amount": credit_of(act),
			"remarks": _("Act of completed work {0}, {1} to {2}").format(
				act.name, act.from_date, act.to_date
			),
			"items": [_invoice_item(row) for row in distinct.values()],
		}
	)
	invoice.flags.ignore_permissions = ignore_permissions
	if act.taxes_and_charges:
		invoice.set_taxes()
	invoice.set_missing_values()
	if not distinct_only:  # `distinct_only`: one item per distinct line, to see the invoice's taxes
		_one_item_per_line(invoice, list(distinct), lines)
	return invoice


def chargeable_lines(act) -> list:
	"""What becomes the invoice's items, in order: the act's chargeable lines, one invoice item per
	line (the fee, each ticket and work type), with the line's quantity and rate. ERPNext prices
	each item once (qty x rate, rounded its way) and the act takes that amount (`act_taxes`), so
	the invoice and the act agree to the cent, line by line."""
	return [row for row in act.items if flt(row.amount) > 0]


def credit_of(act) -> float:
	"""The act's negative lines (the SLA credit), as a positive discount."""
	return -sum(flt(row.amount) for row in act.items if flt(row.amount) < 0)


def _invoice_item(row) -> dict:
	return {
		"item_code": row.item_code,
		"item_name": None if row.item_code else row.description,
		"description": row.description,
		"qty": row.qty,
		"rate": row.rate,
		"price_list_rate": row.rate,
	}


def _line_key(row) -> tuple:
	"""What ERPNext's item details depend on: the item, the quantity and the rate."""
	return (row.item_code, flt(row.qty), flt(row.rate), None if row.item_code else row.description)


def _one_item_per_line(invoice, keys: list[tuple], lines: list) -> None:
	"""ERPNext fetched each distinct line's item details once (most lines of an act repeat one
	item at one rate); every chargeable line now gets its own invoice item with those details."""
	if len(keys) == len(lines):
		return
	details = {
		key: item.as_dict(no_default_fields=True, no_child_table_fields=True)
		for key, item in zip(keys, invoice.items, strict=True)
	}
	invoice.set("items", [{**details[_line_key(row)], "description": row.description} for row in lines])


def _check_invoice_items(act) -> None:
	missing = [row.description for row in chargeable_lines(act) if not row.item_code]
	if missing:
		frappe.throw(
			_("Set the invoice items (fee, labour, trip) on billing plan {0}; missing for: {1}").format(
				frappe.bold(act.billing_plan), ", ".join(missing[:3])
			),
			title=_("Invoice Items Missing"),
		)


def on_invoice_submit(invoice, method=None) -> None:
	if invoice.b2b_service_act:
		frappe.db.set_value("Service Act", invoice.b2b_service_act, "act_status", "Invoiced")


def on_invoice_cancel(invoice, method=None) -> None:
	if invoice.b2b_service_act:
		# the act links back to its invoice; that link must not block cancelling the invoice
		invoice.ignore_linked_doctypes = (*(invoice.get("ignore_linked_doctypes") or ()), "Service Act")
		frappe.db.set_value("Service Act", invoice.b2b_service_act, "act_status", "Accepted")


def on_invoice_trash(invoice, method=None) -> None:
	if invoice.b2b_service_act:
		frappe.db.set_value(
			"Service Act",
			{"name": invoice.b2b_service_act, "sales_invoice": invoice.name},
			"sales_invoice",
			None,
		)
