"""The client's receivables (payment status on the Client Overview and in the intake hints) are accounting
figures: shown exactly to who may read Sales Invoices (the accountant, the manager); a dispatcher without that
right sees only that the client is in arrears and since when (R20), an engineer nothing."""

import frappe
from frappe.utils import fmt_money, getdate, nowdate

from b2b_helpdesk.insight.client_overview import get_client_overview, payment_status
from b2b_helpdesk.service_desk.intake_hints import get_intake_hints
from tests.integration.factories import make_user
from tests.integration.test_insight_client_overview import as_user, world  # noqa: F401 (pytest fixture)

NO_FIGURES = {"allowed": False}


def invoices_of(customer: str) -> list[str]:
	return frappe.get_all(
		"Sales Invoice", filters={"customer": customer, "docstatus": 1}, pluck="name", order_by="due_date asc"
	)


def test_who_may_read_sales_invoices_sees_the_exact_figures(erp, world):  # noqa: F811
	currency = frappe.get_cached_value("Company", erp.company, "default_currency")
	overdue, later = invoices_of(world.a.customer)
	for role in ("Service Accountant", "Service Manager"):
		user = make_user(role)
		pay = as_user(user, get_client_overview, world.a.customer)["payment"]
		assert {k: v for k, v in pay.items() if k != "invoices"} == {
			"allowed": True,
			"amounts": True,
			"outstanding": 150.0,
			"overdue": 100.0,
			"overdue_count": 1,
			"oldest_overdue_days": 10,
			"currency": currency,
		}, role
		assert [(r.name, r.outstanding_amount, r.grand_total) for r in pay["invoices"]] == [
			(overdue, 100.0, 100.0),
			(later, 50.0, 50.0),
		], role
		hints = as_user(user, get_intake_hints, customer=world.a.customer)
		assert hints["payment"]["outstanding"] == 150.0 and hints["payment"]["overdue"] == 100.0
		assert (
			f"Overdue: {fmt_money(100, currency=currency)} in 1 invoices, oldest 10 days" in hints["html"]
		), role


def test_the_dispatcher_sees_that_the_client_is_in_arrears_but_no_amount(erp, world):  # noqa: F811
	"""R20: the dispatcher must know a client is in arrears when it calls, not the receivables."""
	assert not frappe.has_permission("Sales Invoice", "read", user=world.dispatcher)
	arrears = {
		"allowed": True,
		"amounts": False,
		"outstanding_count": 2,
		"overdue_count": 1,
		"oldest_overdue_days": 10,
	}
	overview = as_user(world.dispatcher, get_client_overview, world.a.customer)
	assert overview["payment"] == arrears
	hints = as_user(world.dispatcher, get_intake_hints, customer=world.a.customer)
	assert hints["payment"] == {"customer": world.a.customer, **arrears}
	currency = frappe.get_cached_value("Company", erp.company, "default_currency")
	for html in (overview["html"], hints["html"]):
		assert "In arrears: 1 invoice overdue, oldest 10 days" in html
		for amount in (100, 50, 150):
			assert fmt_money(amount, currency=currency) not in html
		for name in invoices_of(world.a.customer):
			assert name not in html
	assert "/app/client-overview?customer=" in hints["html"]  # the way to the overview stays


def test_an_engineer_sees_nothing_of_the_payments(erp, world):  # noqa: F811
	engineer = make_user("Service Engineer")
	assert as_user(engineer, payment_status, world.a.customer, getdate(nowdate())) == NO_FIGURES
