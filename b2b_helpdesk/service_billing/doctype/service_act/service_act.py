# Copyright (c) 2026, b2b_helpdesk developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, money_in_words

from b2b_helpdesk.service_billing import act_claims, act_rows, act_taxes
from b2b_helpdesk.service_billing.acts import rebuild_amendment

SOURCE_DOCTYPES = act_claims.SOURCE_DOCTYPES


class ServiceAct(Document):
	def validate(self) -> None:
		self.check_period()
		self.check_no_overlap()
		self.check_lines()
		self.set_totals()

	def before_insert(self) -> None:
		if self.amended_from:
			rebuild_amendment(self)

	def before_save(self) -> None:
		# a new act's rows were checked once (`act_rows.check_rows`); they are written with its header
		self.flags.rows_in_bulk = self.is_new()

	def get_all_children(self, parenttype=None) -> list:
		"""None while a new act is written: Frappe's per-row checks and inserts are skipped, the rows
		go in with multi-row INSERTs (`db_insert`)."""
		if self.flags.rows_in_bulk:
			return []
		return super().get_all_children(parenttype)

	def db_insert(self, *args, **kwargs) -> None:
		super().db_insert(*args, **kwargs)
		if self.flags.rows_in_bulk:
			act_rows.write_children(self)

	def after_insert(self) -> None:
		self.flags.rows_in_bulk = False
		act_claims.claim(self)

	def on_submit(self) -> None:
		self.db_set("act_status", "Submitted")
		send_to_acceptors(self)

	def on_cancel(self) -> None:
		if self.sales_invoice and frappe.db.get_value("Sales Invoice", self.sales_invoice, "docstatus") == 1:
			frappe.throw(
				_("Cancel Sales Invoice {0} first").format(frappe.bold(self.sales_invoice)),
				title=_("Invoiced"),
			)
		act_claims.release(self)
		self.db_set("act_status", "Cancelled")

	def on_trash(self) -> None:
		act_claims.release(self)

	# --- checks -------------------------------------------------------------------------------

	def check_period(self) -> None:
		if getdate(self.from_date) > getdate(self.to_date):
			frappe.throw(_("The period must start on or before its end"), title=_("Invalid Period"))

	def check_no_overlap(self) -> None:
		other = frappe.db.get_value(
			"Service Act",
			{
				"contract": self.contract,
				"docstatus": ("<", 2),
				"name": ("!=", self.name),
				"from_date": ("<=", self.to_date),
				"to_date": (">=", self.from_date),
			},
			["name", "from_date", "to_date"],
			as_dict=True,
		)
		if other:
			frappe.throw(
				_("Act {0} of contract {1} already covers {2} to {3}").format(
					frappe.bold(other.name), frappe.bold(self.contract), other.from_date, other.to_date
				),
				title=_("Period Already Billed"),
			)

	def check_lines(self) -> None:
		"""An act lists work done; one with nothing but its subscription fee is fine."""
		if not self.items:
			frappe.throw(
				_("The act has no lines: nothing was done or billed in the period"), title=_("Empty Act")
			)
		for row in self.items:
			if row.source_doctype and row.source_doctype not in SOURCE_DOCTYPES:
				frappe.throw(_("Row {0}: {1} cannot be billed on an act").format(row.idx, row.source_doctype))

	# --- money ----------------------------------------------------------------------------------

	def set_totals(self) -> None:
		"""The taxes and totals of the Sales Invoice the act becomes, as ERPNext computes them."""
		act_taxes.set_totals(self)
		self.in_words = money_in_words(self.grand_total, self.currency)


def send_to_acceptors(act) -> None:
	"""Send the submitted act to the client's contacts who may accept acts (a Communication on its timeline)."""
	from frappe.core.doctype.communication.email import make
	from frappe.email.doctype.email_account.email_account import EmailAccount

	recipients = acceptor_emails(act.customer)
	if not recipients:
		act.add_comment("Info", _("No contact of {0} may accept acts: send it by hand").format(act.customer))
		return
	link = frappe.utils.get_url(f"/acts/{act.name}")
	make(
		doctype=act.doctype,
		name=act.name,
		subject=_("Act of completed work {0} for {1} to {2}").format(act.name, act.from_date, act.to_date),
		content=_("Please review and accept the act of completed work: {0}").format(
			f'<a href="{link}">{link}</a>'
		),
		recipients=", ".join(recipients),
		communication_medium="Email",
		send_email=bool(EmailAccount.find_outgoing(match_by_doctype=act.doctype)),
		print_format="Act of Completed Works",
	)


def acceptor_emails(customer: str) -> list[str]:
	contacts = frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "link_doctype": "Customer", "link_name": customer},
		pluck="parent",
	)
	if not contacts:
		return []
	return [
		email
		for email in frappe.get_all(
			"Contact", filters={"name": ("in", contacts), "b2b_may_accept_acts": 1}, pluck="email_id"
		)
		if email
	]
