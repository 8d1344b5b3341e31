"""Intake hint (R20, R24): the client's payment status — the ERP's outstanding and overdue Sales Invoices —
and the way to the client's whole picture (the Client Overview page)."""

from frappe.utils import getdate, nowdate

from b2b_helpdesk.insight.client_overview import payment_status


def payment_hint(customer: str) -> dict:
	return {"customer": customer, **payment_status(customer, getdate(nowdate()))}
