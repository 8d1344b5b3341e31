"""Each service role does its main job AS THAT USER, through the ERP's permission layer (issue 10, item 6).

The engineer logs his time, a trip and materials from his van on a ticket assigned to him;
the dispatcher raises a ticket and assigns it; the accountant makes, submits and invoices an
act; the manager reads the reports. No step runs as Administrator except building the world
(customer, contract, employee, warehouse, stock), which is the office's set-up, not the job.
"""

import pytest

import frappe
from frappe.desk.form.assign_to import add as assign_to
from frappe.desk.query_report import run as run_report

from b2b_helpdesk.service_billing.act_lifecycle import make_sales_invoice, record_paper_acceptance
from b2b_helpdesk.service_billing.acts import make_act
from b2b_helpdesk.service_billing.log_work import issue_materials, log_time
from tests.integration.billing_factories import REPAIR, billing_setup, make_engineer, receive_stock
from tests.integration.factories import make_user, new_ticket
from tests.integration.test_service_acts import authorised_user, vat_template
from tests.integration.test_service_billing import worked_month

SEAL = "B2B-SEAL"


def link_employee(employee: str, user: str) -> None:
	"""The ERP's own way: Employee › User ID with "Create User Permission" (his own Employee only)."""
	doc = frappe.get_doc("Employee", employee)
	doc.user_id = user
	doc.create_user_permission = 1
	doc.save()


def van_of(company: str, user: str) -> str:
	"""The engineer's van: a warehouse of the company, the only one his User Permission allows."""
	van = frappe.get_doc(
		{
			"doctype": "Warehouse",
			"warehouse_name": f"Van {frappe.generate_hash(length=5)}",
			"company": company,
		}
	).insert()
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": "Warehouse",
			"for_value": van.name,
			"apply_to_all_doctypes": 1,
		}
	).insert()
	return van.name


def stock_van(company: str, van: str, qty: float, rate: float) -> None:
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"company": company,
			"set_posting_time": 1,
			"posting_date": "2026-05-01",
			"items": [{"item_code": SEAL, "qty": qty, "t_warehouse": van, "basic_rate": rate}],
		}
	)
	entry.insert()
	entry.submit()


@pytest.fixture
def field(erp):
	"""A billed client, an engineer with his Employee, his van stocked with seals, a ticket assigned to him."""
	data = billing_setup(erp)
	data.user = make_user("Service Engineer")
	link_employee(data.engineer, data.user)
	data.other_employee = make_engineer(erp.company, costing_rate=70, activity_types=(REPAIR,))
	data.van = van_of(erp.company, data.user)
	stock_van(erp.company, data.van, 10, 5)
	receive_stock(erp.company, SEAL, 10, 5)  # the central store the van is not allowed
	assign_to({"assign_to": [data.user], "doctype": "Service Ticket", "name": data.covered.name})
	return data


# --- the engineer ----------------------------------------------------------------------------


def test_engineer_logs_his_own_time_on_his_ticket(field):
	frappe.set_user(field.user)
	name = log_time(field.covered.name, REPAIR, 2, "2026-05-18 10:00:00")
	frappe.set_user("Administrator")
	timesheet = frappe.get_doc("Timesheet", name)
	row = timesheet.time_logs[0]
	assert (timesheet.docstatus, timesheet.employee, timesheet.owner) == (1, field.engineer, field.user)
	assert (row.b2b_service_ticket, row.hours, row.costing_amount) == (field.covered.name, 2, 100)


def test_engineer_cannot_log_time_for_another_employee(field):
	frappe.set_user(field.user)
	with pytest.raises(frappe.PermissionError):
		log_time(field.covered.name, REPAIR, 1, "2026-05-18 10:00:00", employee=field.other_employee)


def test_engineer_cannot_log_on_a_ticket_not_his(field):
	frappe.set_user(field.user)
	with pytest.raises(frappe.PermissionError):
		log_time(field.extra.name, REPAIR, 1, "2026-05-18 10:00:00")


def test_engineer_logs_his_trip(field):
	frappe.set_user(field.user)
	visit = frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": field.covered.name,
			"engineer": field.engineer,
			"departed_on": "2026-05-18 09:00:00",
			"returned_on": "2026-05-18 09:40:00",
			"travel_zone": "City",
			"distance_km": 12,
			"cost": 30,
		}
	).insert()
	assert (visit.owner, visit.customer, visit.cost) == (field.user, field.client.customer, 30)


def test_engineer_cannot_log_a_trip_for_a_ticket_not_his(field):
	frappe.set_user(field.user)
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Service Visit",
				"service_ticket": field.extra.name,
				"engineer": field.engineer,
				"departed_on": "2026-05-18 09:00:00",
				"travel_zone": "City",
			}
		).insert()


def test_engineer_issues_materials_from_his_van(field):
	frappe.set_user(field.user)
	name = issue_materials(field.covered.name, [{"item_code": SEAL, "qty": 2, "warehouse": field.van}])
	frappe.set_user("Administrator")
	entry = frappe.get_doc("Stock Entry", name)
	assert (entry.docstatus, entry.purpose, entry.b2b_service_ticket) == (
		1,
		"Material Issue",
		field.covered.name,
	)
	assert [(r.s_warehouse, r.qty, r.valuation_rate) for r in entry.items] == [(field.van, 2, 5)]
	assert frappe.db.get_value("Bin", {"item_code": SEAL, "warehouse": field.van}, "actual_qty") == 8


def test_engineer_cannot_issue_from_a_warehouse_not_his(field, erp):
	from tests.integration.billing_factories import stores

	frappe.set_user(field.user)
	with pytest.raises(frappe.PermissionError):
		issue_materials(field.covered.name, [{"item_code": SEAL, "qty": 1, "warehouse": stores(erp.company)}])


def test_engineer_cannot_put_stock_into_his_van(field, erp):
	"""His Stock Entry rights are for materials used on tickets, not for receiving stock."""
	frappe.set_user(field.user)
	entry = frappe.get_doc(
		{
			"doctype": "Stock Entry",
			"stock_entry_type": "Material Receipt",
			"purpose": "Material Receipt",
			"company": erp.company,
			"items": [{"item_code": SEAL, "qty": 100, "t_warehouse": field.van, "basic_rate": 1}],
		}
	)
	with pytest.raises(frappe.PermissionError, match="materials used on a service ticket"):
		entry.insert()


# --- the dispatcher --------------------------------------------------------------------------


def test_dispatcher_raises_and_assigns_a_ticket(field):
	dispatcher = make_user("Service Dispatcher")
	frappe.set_user(dispatcher)
	ticket = new_ticket(field.client, asset=field.client.pos, subject="POS frozen").insert()
	assign_to({"assign_to": [field.user], "doctype": "Service Ticket", "name": ticket.name})
	frappe.set_user("Administrator")
	todo = frappe.get_all(
		"ToDo",
		filters={"reference_type": "Service Ticket", "reference_name": ticket.name, "status": "Open"},
		fields=["allocated_to", "assigned_by"],
	)
	assert todo == [{"allocated_to": field.user, "assigned_by": dispatcher}]
	assert frappe.has_permission("Service Ticket", "write", doc=ticket.name, user=field.user)


# --- the accountant --------------------------------------------------------------------------


@pytest.fixture
def billed_month(erp):
	data = billing_setup(erp, taxes_and_charges=vat_template(erp.company))
	worked_month(data, erp)
	data.acceptor = authorised_user(data.client.customer)
	data.acceptor_contact = frappe.db.get_value("Contact", {"user": data.acceptor}, "name")
	return data


def test_accountant_makes_submits_and_invoices_an_act(billed_month):
	accountant = make_user("Service Accountant")
	frappe.set_user(accountant)
	act = frappe.get_doc("Service Act", make_act(billed_month.contract, "2026-05-10"))
	act.submit()
	record_paper_acceptance(act.name, billed_month.acceptor_contact, "/files/signed-act.pdf")
	invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(act.name))
	invoice.submit()
	frappe.set_user("Administrator")
	act.reload()
	assert (act.owner, act.act_status, act.sales_invoice) == (accountant, "Invoiced", invoice.name)
	assert (invoice.owner, invoice.docstatus, invoice.customer) == (
		accountant,
		1,
		billed_month.client.customer,
	)
	assert (invoice.net_total, invoice.grand_total) == (1325.0, 1590.0) == (act.net_total, act.grand_total)


# --- the manager -----------------------------------------------------------------------------


def test_manager_reads_the_reports(billed_month):
	manager = make_user("Service Manager")
	contract, customer = billed_month.contract, billed_month.client.customer
	frappe.set_user(manager)
	profit = run_report(
		"Contract Profitability",
		filters={"from_date": "2026-05-01", "to_date": "2026-05-31", "contract": contract},
	)
	sla = run_report(
		"SLA Compliance",
		filters={
			"from_date": "2026-05-01",
			"to_date": "2026-05-31",
			"group_by": "Customer",
			"customer": customer,
		},
	)
	closing = run_report("Service Act Period Closing", filters={"day": "2026-05-10", "view": "Contracts"})
	frappe.set_user("Administrator")
	assert [(r["group"], r["revenue"]) for r in rows(profit)] == [(contract, 1325.0)]
	assert [(r["group"], r["tickets"]) for r in rows(sla) if r["group"] == customer] == [(customer, 2)]
	assert [r["to_do"] for r in rows(closing) if r["contract"] == contract] == ["No act yet"]


def rows(report: dict) -> list[dict]:
	"""A report's data rows (the desk adds a list for the total row)."""
	return [row for row in report["result"] if isinstance(row, dict)]
