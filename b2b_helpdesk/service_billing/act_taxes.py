"""An act's taxes and totals are those of the Sales Invoice it becomes, as ERPNext computes them.

The act builds that invoice unsaved (`act_lifecycle.invoice_of`, the one builder) and lets
ERPNext price it the way its own validation will: each item's amount (qty × rate under the
site's rounding method), the template's rows (and the customer's Tax Rule or the Item Tax
Templates where ERPNext applies them), per-item tax, every charge type, inclusive taxes, the SLA
credit as a discount. The act copies the result, so the act the client signs and the invoice
it gets agree to the cent, line by line.
"""

import frappe
from frappe.utils import flt

from b2b_helpdesk.service_billing.act_lifecycle import chargeable_lines, credit_of, invoice_of
from b2b_helpdesk.service_billing.act_rows import share_rows_among_logs

TAX_FIELDS = (
	"charge_type",
	"row_id",
	"account_head",
	"description",
	"included_in_print_rate",
	"rate",
	"tax_amount",
	"total",
)


def set_totals(act) -> None:
	"""Net total, tax rows, total taxes and grand total of the act, from its priced invoice."""
	if untaxed_without_credit(act):
		_without_invoice(act)
		share_rows_among_logs(act)
		return
	invoice = priced_invoice(act)
	if invoice is None:
		_without_invoice(act)
		return
	# a half cent rounds the ERP's way (e.g. half to even), as it will on the invoice
	for line, item in zip(chargeable_lines(act), invoice.items, strict=True):
		line.amount = item.amount
	share_rows_among_logs(act)
	act.taxes_and_charges = invoice.taxes_and_charges
	act.set("taxes", [{field: tax.get(field) for field in TAX_FIELDS} for tax in invoice.taxes])
	act.net_total = invoice.net_total
	act.total_taxes = invoice.total_taxes_and_charges
	act.grand_total = invoice.grand_total


def priced_invoice(act):
	"""The act's unsaved invoice with ERPNext's taxes and totals, or None when nothing is chargeable."""
	# priced, never saved: no rights are used, and the act's currency needs no exchange rate
	invoice = invoice_of(act, ignore_permissions=True, conversion_rate=1)
	if not invoice.items:
		return None
	_share_precisions(invoice.items)
	# what Sales Invoice.validate does before it prices the invoice
	invoice.set_taxes_and_charges()
	invoice.calculate_taxes_and_totals()
	return invoice


def _share_precisions(items) -> None:
	"""The items are rows of one invoice in one currency, so their fields have one set of
	precisions: Frappe finds it once instead of once per row, which is most of ERPNext's time on
	an act of thousands of lines. The figures do not change."""
	shared = frappe._dict()
	for item in items:
		item._precision = shared


def untaxed_without_credit(act) -> bool:
	"""An invoice without tax rows and without a discount: ERPNext's totals are the plain sums of its
	items' amounts (qty × rate, rounded the site's way), worked out here without pricing thousands of
	invoice items. Its tax rows are seen on an invoice of the act's distinct lines only."""
	lines = chargeable_lines(act)
	if not lines or credit_of(act):
		return False
	header = invoice_of(act, ignore_permissions=True, conversion_rate=1, distinct_only=True)
	header.set_taxes_and_charges()
	if header.get("taxes"):
		return False
	item = header.items[0]
	qty, rate, amount = item.precision("qty"), item.precision("rate"), item.precision("amount")
	for line in lines:
		line.amount = flt(flt(line.rate, rate) * flt(line.qty, qty), amount)
	act.taxes_and_charges = header.taxes_and_charges
	return True


def _without_invoice(act) -> None:
	"""An act without tax rows nor credit, or with only free lines (and perhaps a credit): no tax."""
	precision = act.precision("net_total")
	act.set("taxes", [])
	act.net_total = flt(sum(flt(row.amount, precision) for row in act.items), precision)
	act.total_taxes = 0
	act.grand_total = act.net_total
