"""One client at a glance (R22, R24, R25): the page's figures, the payment status in the intake hints, and
the page only for those who may read that client."""

import pytest

import frappe
from frappe.utils import add_days, nowdate

from b2b_helpdesk.insight.client_overview import get_client_overview
from b2b_helpdesk.service_desk.intake_hints import get_intake_hints
from tests.integration.billing_factories import make_item
from tests.integration.factories import make_client, make_contract, make_user, new_ticket


def invoice(erp, customer: str, amount: float, due_days_ago: int) -> str:
	"""A submitted Sales Invoice due `due_days_ago` days ago (negative: due later)."""
	doc = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"customer": customer,
			"company": erp.company,
			"set_posting_time": 1,
			"posting_date": add_days(nowdate(), -due_days_ago - 30),
			"due_date": add_days(nowdate(), -due_days_ago),
			"items": [
				{"item_code": make_item("B2B Overview Service", stock=False), "qty": 1, "rate": amount}
			],
		}
	)
	doc.insert()
	doc.submit()
	return doc.name


@pytest.fixture
def world(erp):
	a, b = make_client(erp, "Glance"), make_client(erp, "Elsewhere")
	make_contract(a.customer, start="2026-01-01", assets=[a.fridge, a.lift])
	today = nowdate()
	for asset, status, sla in (
		(a.fridge, "Open", "Breached"),
		(a.fridge, "In Progress", "At Risk"),
		(a.lift, "Open", "On Track"),
	):
		name = new_ticket(a, asset=asset, opened_on=f"{today} 08:00:00").insert().name
		frappe.db.set_value(
			"Service Ticket", name, {"status": status, "sla_state": sla}, update_modified=False
		)
	escalated = frappe.get_all(
		"Service Ticket", filters={"customer": a.customer, "sla_state": "Breached"}, pluck="name"
	)[0]
	frappe.db.set_value("Service Ticket", escalated, "escalation_level", 2, update_modified=False)
	invoice(erp, a.customer, 100, due_days_ago=10)
	invoice(erp, a.customer, 50, due_days_ago=-5)
	dispatcher = make_user("Service Dispatcher")
	limited = make_user("Service Dispatcher")
	frappe.get_doc(
		{"doctype": "User Permission", "user": limited, "allow": "Customer", "for_value": b.customer}
	).insert()
	return frappe._dict(
		a=a,
		b=b,
		escalated=escalated,
		dispatcher=dispatcher,
		limited=limited,
		engineer=make_user("Service Engineer"),
	)


def as_user(user: str, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def test_the_client_at_a_glance_for_the_dispatcher(world):
	o = as_user(world.dispatcher, get_client_overview, world.a.customer)
	assert o["open_tickets"] == {
		"total": 3,
		"by_status": [("In Progress", 1), ("Open", 2)],
		"by_sla": [("At Risk", 1), ("Breached", 1), ("On Track", 1)],
	}
	this_month = o["months"][-1]
	assert len(o["months"]) == 12 and (this_month["tickets"], this_month["sla_met_percent"]) == (3, 0.0)
	# receivables are for who may read Sales Invoices (tests/integration/test_payment_visibility.py)
	assert o["payment"] == {
		"allowed": True,
		"amounts": False,
		"outstanding_count": 2,
		"overdue_count": 1,
		"oldest_overdue_days": 10,
	}
	assert [(e["asset_name"].split()[-1], e["problems"]) for e in o["equipment"]] == [
		("fridge", 2),
		("lift", 1),
		("pos", 0),
	]
	assert [t.name for t in o["escalations"]] == [world.escalated]
	assert [c.name for c in o["contacts"]] == [world.a.contact]
	assert [c["name"] for c in o["contracts"]] and o["acts_waiting"] == []
	assert 'id="b2b-payment"' in o["html"] and "In arrears: 1 invoice overdue, oldest 10 days" in o["html"]


def test_the_intake_hints_show_the_payment_status_and_the_way_to_the_overview(world):
	hints = as_user(world.dispatcher, get_intake_hints, customer=world.a.customer)
	assert hints["payment"]["overdue_count"] == 1 and "amounts" in hints["payment"]
	assert (
		"In arrears: 1 invoice overdue, oldest 10 days" in hints["html"]
		and f"/app/client-overview?customer={world.a.customer.replace(' ', '%20')}" in hints["html"]
	)


def test_only_who_may_read_the_client_sees_it(world):
	with pytest.raises(frappe.PermissionError):
		as_user(world.limited, get_client_overview, world.a.customer)
	assert as_user(world.limited, get_client_overview, world.b.customer)["open_tickets"]["total"] == 0
	with pytest.raises(frappe.PermissionError):
		as_user(world.engineer, get_client_overview, world.a.customer)
	with pytest.raises(frappe.DoesNotExistError):
		as_user(world.dispatcher, get_client_overview, "No Such Client")
