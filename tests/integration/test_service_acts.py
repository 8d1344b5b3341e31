"""Acts of completed work: one per contract and period, accepted by the client, invoiced (R8, R30)."""

import pytest

import frappe

from b2b_helpdesk.service_billing.act_lifecycle import (
	accept_act,
	dispute_act,
	make_sales_invoice,
	record_paper_acceptance,
)
from b2b_helpdesk.service_billing.acts import build_act
from b2b_helpdesk.service_billing.statement import get_billing_preview
from tests.integration.billing_factories import billed_client, billing_setup, hours_plan
from tests.integration.factories import make_user, new_ticket
from tests.integration.test_service_billing import worked_month


@pytest.fixture
def setup(erp):
	data = billing_setup(erp, taxes_and_charges=vat_template(erp.company))
	worked_month(data, erp)
	return data


def vat_template(company: str) -> str:
	abbr = frappe.get_cached_value("Company", company, "abbr")
	account = frappe.db.get_value(
		"Account", {"company": company, "account_type": "Tax", "is_group": 0}, "name"
	)
	if not account:
		parent = frappe.db.get_value(
			"Account", {"company": company, "root_type": "Liability", "is_group": 1}, "name"
		)
		account = (
			frappe.get_doc(
				{
					"doctype": "Account",
					"account_name": "VAT 20",
					"parent_account": parent,
					"company": company,
					"account_type": "Tax",
				}
			)
			.insert()
			.name
		)
	name = f"B2B VAT 20 - {abbr}"
	if not frappe.db.exists("Sales Taxes and Charges Template", name):
		frappe.get_doc(
			{
				"doctype": "Sales Taxes and Charges Template",
				"title": "B2B VAT 20",
				"company": company,
				"taxes": [
					{
						"charge_type": "On Net Total",
						"account_head": account,
						"description": "VAT 20%",
						"rate": 20,
					}
				],
			}
		).insert()
	return name


def authorised_user(customer: str, may_accept: bool = True) -> str:
	user = make_user("Service Customer")
	frappe.get_doc(
		{
			"doctype": "Contact",
			"first_name": "Head",
			"last_name": f"Office {frappe.generate_hash(length=4)}",
			"user": user,
			"b2b_may_accept_acts": int(may_accept),
			"email_ids": [{"email_id": user, "is_primary": 1}],
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		}
	).insert(ignore_permissions=True)
	return user


def grouped(lines: list[dict]) -> list[tuple]:
	"""The preview's lines summed per ticket and work type, in the act's order (fee, then tickets)."""
	order = {"Fee": 0, "Labour": 1, "Overage": 2, "Trip": 3, "Material": 4}
	sums: dict[tuple, float] = {}
	for line in lines:
		key = (line["kind"] != "Fee", line["ticket"] or "", order[line["kind"]], line["kind"], line["rate"])
		sums[key] = round(sums.get(key, 0) + line["amount"], 2)
	return [(key[3], amount) for key, amount in sorted(sums.items())]


def test_act_amounts_equal_the_billing_engine_to_the_cent(setup):
	act = build_act(setup.contract, "2026-05-10")
	preview = get_billing_preview(setup.contract, "2026-05-10")
	assert [(r.kind, r.amount) for r in act.items] == grouped(preview["lines"])
	assert (act.net_total, act.total_taxes, act.grand_total) == (1325.0, 265.0, 1590.0)
	assert (act.allowance, act.allowance_used, act.overage) == (10, 10, 1.5)
	assert act.in_words == "USD One Thousand, Five Hundred And Ninety only."
	assert act.act_status == "Draft"
	billed = frappe.get_all("Timesheet Detail", {"b2b_billed_in": act.name}, pluck="name")
	assert len(billed) == 4


def test_a_second_act_for_the_same_period_is_refused_and_nothing_half_saved(setup):
	build_act(setup.contract, "2026-05-10")
	acts = frappe.db.count("Service Act")
	with pytest.raises(frappe.ValidationError, match="already"):
		build_act(setup.contract, "2026-05-20")
	assert frappe.db.count("Service Act") == acts


def test_contract_not_in_force_in_the_period_is_refused(setup):
	with pytest.raises(frappe.ValidationError, match="is not in force between"):
		build_act(setup.contract, "2027-03-10")


def test_an_act_with_nothing_to_bill_is_refused(erp):
	plan = hours_plan(erp, subscription_fee=0, fee_item=None)
	_client, contract = billed_client(erp, plan)
	with pytest.raises(frappe.ValidationError, match="has no lines"):
		build_act(contract, "2026-05-10")


def test_a_cancelled_act_frees_its_lines_for_the_next(setup):
	act = build_act(setup.contract, "2026-05-10")
	act.submit()
	act.cancel()
	assert frappe.db.count("Service Billing Claim", {"service_act": act.name}) == 0
	assert frappe.db.count("Timesheet Detail", {"b2b_billed_in": act.name}) == 0
	again = build_act(setup.contract, "2026-05-10")
	assert again.grand_total == act.grand_total
	assert frappe.db.count("Timesheet Detail", {"b2b_billed_in": again.name}) == 4


def test_a_submitted_act_cannot_be_edited(setup):
	act = build_act(setup.contract, "2026-05-10")
	act.submit()
	act.items[1].amount = 1
	with pytest.raises(frappe.UpdateAfterSubmitError):
		act.save()


def test_client_accepts_and_the_invoice_equals_the_act(setup):
	act = build_act(setup.contract, "2026-05-10")
	act.submit()
	user = authorised_user(setup.client.customer)
	frappe.set_user(user)
	assert accept_act(act.name, "All fine") == "Accepted"
	frappe.set_user("Administrator")
	act.reload()
	assert (act.accepted_by_user, act.client_comment) == (user, "All fine")

	invoice = frappe.get_doc("Sales Invoice", make_sales_invoice(act.name))
	# one invoice item per chargeable act line (the fee, each ticket and work type), to the cent
	chargeable = [(r.qty, r.rate, r.amount, r.description) for r in act.items if r.amount > 0]
	assert [(i.qty, i.rate, i.amount, i.description) for i in invoice.items] == chargeable
	assert [(i.qty, i.rate, i.amount) for i in invoice.items] == [
		(1, 1000, 1000),
		(1.5, 90, 135),
		(1, 45, 45),
		(2, 12.5, 25),
		(1, 120, 120),
	]
	assert (invoice.net_total, invoice.total_taxes_and_charges, invoice.grand_total) == (
		1325.0,
		265.0,
		1590.0,
	)
	assert (
		invoice.b2b_service_act == act.name
		and frappe.db.get_value("Service Act", act.name, "sales_invoice") == invoice.name
	)
	invoice.submit()
	assert frappe.db.get_value("Service Act", act.name, "act_status") == "Invoiced"
	invoice.cancel()
	assert frappe.db.get_value("Service Act", act.name, "act_status") == "Accepted"


def test_a_contact_without_authority_cannot_accept(setup):
	act = build_act(setup.contract, "2026-05-10")
	act.submit()
	frappe.set_user(authorised_user(setup.client.customer, may_accept=False))
	with pytest.raises(frappe.PermissionError, match="not authorised"):
		accept_act(act.name)
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Service Act", act.name, "act_status") == "Submitted"


def test_dispute_names_the_lines_and_then_acceptance_on_paper(setup):
	act = build_act(setup.contract, "2026-05-10")
	act.submit()
	user = authorised_user(setup.client.customer)
	overage = next(r for r in act.items if r.kind == "Overage")
	frappe.set_user(user)
	with pytest.raises(frappe.ValidationError, match="Name each disputed line"):
		dispute_act(act.name, {})
	assert (
		dispute_act(act.name, {overage.name: "The evening visit was agreed as free"}, "See line 6")
		== "Disputed"
	)
	frappe.set_user("Administrator")
	assert (
		frappe.db.get_value("Service Act Item", overage.name, "dispute_comment")
		== "The evening visit was agreed as free"
	)
	contact = frappe.db.get_value("Contact", {"user": user}, "name")
	assert record_paper_acceptance(act.name, contact, "/files/signed-act.pdf") == "Accepted"
	assert frappe.db.get_value("Service Act", act.name, ["accepted_by", "accepted_from_ip"]) == (
		contact,
		"signed on paper",
	)


def test_sla_credit_is_a_capped_discount(setup):
	setup.plan.sla_credit_per_breach = 50
	setup.plan.sla_credit_cap = 80
	setup.plan.save()
	for _i in range(3):
		ticket = new_ticket(setup.client, opened_on="2026-05-02 08:00:00").insert()
		frappe.db.set_value(
			"Service Ticket", ticket.name, {"sla_state": "Breached", "resolved_on": "2026-05-05 10:00:00"}
		)
	act = build_act(setup.contract, "2026-05-10")
	credit = [r for r in act.items if r.kind == "Adjustment"]
	assert [(c.amount, c.description) for c in credit] == [
		(-80.0, "SLA credit: 3 ticket(s) with a breached SLA")
	]
	assert act.net_total == 1325.0 - 80


def test_portal_contact_sees_only_its_companys_acts(setup, erp):
	from b2b_helpdesk.www.acts import act as act_page
	from b2b_helpdesk.www.acts import index as acts_page

	own = build_act(setup.contract, "2026-05-10")
	own.submit()
	other_plan = hours_plan(erp)
	_other_client, other_contract = billed_client(erp, other_plan)
	other = build_act(other_contract, "2026-05-10")
	other.submit()

	frappe.set_user(authorised_user(setup.client.customer))
	assert frappe.get_list("Service Act", pluck="name") == [own.name]
	assert frappe.has_permission("Service Act", "read", doc=own.name)
	assert not frappe.has_permission("Service Act", "read", doc=other.name)
	context = frappe._dict()
	acts_page.get_context(context)
	assert [a.name for a in context.acts] == [own.name]
	frappe.form_dict.name = other.name
	refused = frappe._dict()
	act_page.get_context(refused)  # a signed-in client is told why, with no Login button
	assert refused.http_status_code == 403 and "not among those you may see" in refused.reason
	frappe.form_dict.name = own.name
	page = frappe._dict()
	act_page.get_context(page)
	assert page.can_answer and page.pdf_url.endswith("format=Act%20of%20Completed%20Works")


def test_submitting_sends_the_act_to_the_contacts_who_may_accept_it(setup):
	user = authorised_user(setup.client.customer)
	act = build_act(setup.contract, "2026-05-10")
	act.submit()
	sent = frappe.get_all(
		"Communication",
		filters={"reference_doctype": "Service Act", "reference_name": act.name, "sent_or_received": "Sent"},
		fields=["recipients", "subject"],
	)
	assert [s.recipients for s in sent] == [user]
	assert sent[0].subject == f"Act of completed work {act.name} for 2026-05-01 to 2026-05-31"


def test_amending_a_cancelled_act_makes_the_next_version(setup):
	act = build_act(setup.contract, "2026-05-10")
	act.submit()
	act.cancel()
	amended = frappe.copy_doc(act)  # what the form's Amend does
	amended.update({"amended_from": act.name, "docstatus": 0})
	amended.insert()
	assert amended.name == f"{act.name}-1"
	assert (
		frappe.db.get_value("Service Billing Claim", f"Period:{setup.contract}:2026-05-01", "service_act")
		== amended.name
	)
