"""Equipment Reliability (R4, R15): per model over 2025 — units, unit-years, tickets per unit-year, MTBF,
cost per unit, worst units, the model failing most on top and flagged for review. Hand-counted."""

import frappe
from frappe.desk.query_report import run

from b2b_helpdesk.demo.erp_setup import ensure_equipment_model, make_customer_equipment
from tests.integration.factories import make_client, make_user, new_ticket


def test_models_ranked_by_failures_per_unit_year(erp):
	tag = frappe.generate_hash(length=5)
	m1, m2, m3 = (ensure_equipment_model(f"B2B-REL-{k}-{tag}", f"Model {k}") for k in ("M1", "M2", "M3"))
	client = make_client(erp, "Reliability")

	def unit(model, key, since="2024-01-01"):
		return make_customer_equipment(
			erp.kit, client.customer, model, f"{key} {tag}", client.store_a1, since=since
		).name

	u1, u2, u3, u4 = unit(m1, "u1"), unit(m1, "u2"), unit(m2, "u3", since="2025-07-02"), unit(m3, "u4")
	for asset, count in ((u1, 3), (u2, 1), (u4, 6)):
		for n in range(count):
			new_ticket(client, asset=asset, opened_on=f"2025-{n + 1:02d}-10 10:00:00").insert()
	frappe.set_user(make_user("Service Manager"))
	# one client's machines: the average the flag compares with is theirs, whatever else the site holds
	period = {"from_date": "2025-01-01", "to_date": "2025-12-31", "customer": client.customer}
	rows = run("Equipment Reliability", period)["result"]
	frappe.set_user("Administrator")
	mine = [r for r in rows if r["item_code"] in (m1, m2, m3)]
	# every model's unit-years: 730, 183 and 365 days; the average is 10 tickets / 3.5 unit-years = 2.86
	assert mine == [
		{
			"item_code": m3,
			"units": 1,
			"unit_years": 1.0,
			"tickets": 6,
			"tickets_per_unit_year": 6.0,
			"mtbf_days": 60.8,
			"labour_cost_per_unit": 0.0,
			"parts_cost_per_unit": 0.0,
			"worst_units": f"{u4} (6)",
			"review": 1,  # 6 >= 2 x 2.86
		},
		{
			"item_code": m1,
			"units": 2,
			"unit_years": 2.0,
			"tickets": 4,
			"tickets_per_unit_year": 2.0,
			"mtbf_days": 182.5,
			"labour_cost_per_unit": 0.0,
			"parts_cost_per_unit": 0.0,
			"worst_units": f"{u1} (3), {u2} (1)",
			"review": 0,
		},
		{
			"item_code": m2,
			"units": 1,
			"unit_years": 0.5,
			"tickets": 0,
			"tickets_per_unit_year": 0.0,
			"mtbf_days": None,
			"labour_cost_per_unit": 0.0,
			"parts_cost_per_unit": 0.0,
			"worst_units": "",
			"review": 0,
		},
	]
	assert u3
