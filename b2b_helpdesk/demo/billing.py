"""A year of monthly acts for the retail contract, each taken as far as the office and the client took it.

The accountant makes and submits each month's act (`acts.make_act`); the client's head office
accepts it on the portal (`act_lifecycle.accept_act`, as that user); the accountant invoices it
(`make_sales_invoice`, submitted). The last months are still under way: one act disputed by the
client, one accepted and not invoiced yet, last month's submitted and waiting for the client.
"""

import frappe
from frappe.utils import add_days, add_months, get_datetime, get_first_day, get_last_day, nowdate

from b2b_helpdesk.service_billing.act_lifecycle import accept_act, dispute_act, make_sales_invoice
from b2b_helpdesk.service_billing.acts import make_act

# months back → how far the act went; older months are all invoiced
DISPUTED_MONTH, ACCEPTED_MONTH, SUBMITTED_MONTH = 3, 2, 1


def stage_of(months_back: int) -> str:
	return {DISPUTED_MONTH: "Disputed", ACCEPTED_MONTH: "Accepted", SUBMITTED_MONTH: "Submitted"}.get(
		months_back, "Invoiced"
	)


def monthly_acts(contract: str, months: int, accountant: str, head_office: str) -> list[str]:
	"""One act per past month of the contract, oldest first (each carries the previous one's allowance)."""
	acts = []
	for months_back in range(months, 0, -1):
		day = get_first_day(add_months(nowdate(), -months_back))
		acts.append(close_month(contract, str(day), stage_of(months_back), accountant, head_office))
	return acts


def close_month(contract: str, day: str, stage: str, accountant: str, head_office: str) -> str:
	with as_user(accountant):
		act = frappe.get_doc("Service Act", make_act(contract, day))
		act.submit()
	if stage == "Submitted":
		return act.name
	answered = get_datetime(f"{add_days(get_last_day(day), 4)} 11:30:00")
	with as_user(head_office):
		if stage == "Disputed":
			line = act.items[-1].name
			dispute_act(act.name, {line: "These hours were for the door we reported twice."}, "Please check")
		else:
			accept_act(act.name, "Checked, thank you")
	frappe.db.set_value("Service Act", act.name, "accepted_on", answered if stage != "Disputed" else None)
	if stage == "Invoiced":
		with as_user(accountant):
			invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(act.name))
			invoice.submit()
	return act.name


class as_user:
	"""Do a step as the user whose job it is, then go back to who ran the demo."""

	def __init__(self, user: str):
		self.user = user

	def __enter__(self):
		self.previous = frappe.session.user
		frappe.set_user(self.user)

	def __exit__(self, *exc):
		frappe.set_user(self.previous)
