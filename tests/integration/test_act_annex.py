"""The act's lines grouped per ticket and work type, its per-log annex and its bulk writing (issue 12).

The act shows one line per ticket and work type; its claims keep each log and the Service Act
Annex report lists them for the accountant. A bulk-written act equals the row-by-row pricing of
the billing engine on a random month: per ticket and work type, in total and in its claims.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import frappe
from frappe.desk.query_report import run as run_report

from b2b_helpdesk.service_billing.acts import build_act
from b2b_helpdesk.service_billing.log_work import log_time
from b2b_helpdesk.service_billing.statement import statement_for
from tests.integration.billing_factories import REPAIR, billing_setup
from tests.integration.factories import make_user
from tests.integration.test_service_billing import worked_month

ANNEX = "Service Act Annex"


@pytest.fixture
def setup(erp):
	data = billing_setup(erp)
	worked_month(data, erp)
	return data


def test_the_act_shows_one_line_per_ticket_and_work_type(setup):
	act = build_act(setup.contract, "2026-05-10")
	covered, extra = setup.covered.name, setup.extra.name
	assert [
		(r.kind, r.service_ticket, r.qty, r.rate, r.amount, r.allowance_used, r.log_count) for r in act.items
	] == [
		("Fee", None, 1, 1000, 1000, 0, 0),
		("Labour", covered, 11, 0, 0, 10, 3),  # 4 h + 5 h + 2 h (1 h out of hours × 1.5): 10 h used
		("Overage", covered, 1.5, 90, 135, 0, 1),  # the 2 h log weighs 2.5 h, 1 h fitted
		("Trip", covered, 1, 45, 45, 0, 1),
		("Material", covered, 2, 12.5, 25, 0, 1),
		("Labour", extra, 1, 120, 120, 0, 1),  # 20 min, billed the 1 h minimum
	]
	assert act.net_total == 1325


def test_the_accountant_reads_the_annex_of_each_claimed_log(setup):
	act = build_act(setup.contract, "2026-05-10")
	accountant = make_user("Service Accountant")
	frappe.set_user(accountant)
	report = run_report(ANNEX, filters={"act": act.name})
	frappe.set_user("Administrator")
	engineer = setup.engineer
	rows = [
		(
			r["act_line"],
			str(r["date"]),
			r["service_ticket"],
			r["engineer"],
			r["qty"],
			r["uom"],
			r["rate"],
			r["amount"],
		)
		for r in report["result"]
		if isinstance(r, dict) and r.get("source")
	]
	covered, extra = setup.covered.name, setup.extra.name
	assert rows == [
		(2, "2026-05-18", covered, engineer, 4, "Hour", 0, 0),
		(2, "2026-05-19", covered, engineer, 5, "Hour", 0, 0),
		(3, "2026-05-20", covered, engineer, 1.5, "Hour", 90, 135),
		(4, "2026-05-18", covered, engineer, 1, "Trip", 45, 45),
		(5, "2026-05-19", covered, None, 2, "Piece", 12.5, 25),
		(6, "2026-05-21", extra, engineer, 1, "Hour", 120, 120),
	]
	# the annex adds up to the act's lines, to the cent
	assert sum(r[-1] for r in rows) + 1000 == act.net_total
	descriptions = [r["description"] for r in report["result"] if isinstance(r, dict) and r.get("source")]
	assert descriptions[2] == (
		"Labour: B2B Repair (2 h, 1 h out of hours); Overage: B2B Repair (1.5 h beyond allowance)"
	)


def test_someone_without_the_act_cannot_read_its_annex(setup):
	act = build_act(setup.contract, "2026-05-10")
	frappe.set_user(make_user("Service Engineer"))
	with pytest.raises(frappe.PermissionError):
		run_report(ANNEX, filters={"act": act.name})


# --- a bulk act equals the row-by-row pricing ----------------------------------------------------

LOG = st.tuples(
	st.booleans(),  # on the covered ticket, else on the billable-extra one
	# a day of May 2026: weekdays and weekends (a weekend log is all out of hours)
	st.integers(min_value=2, max_value=31),
	st.sampled_from([0.25, 0.5, 1, 1.25, 2.5, 4]),  # hours
	# the start: before the office opens (09:00), inside, across its close (18:00), in the evening
	st.sampled_from(["07:00", "10:00", "17:00", "19:00"]),
)


@settings(
	max_examples=6,
	deadline=None,
	suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
	# one log a day: an engineer's timesheet rows may not overlap (ERPNext refuses it)
	logs=st.lists(LOG, min_size=1, max_size=7, unique_by=lambda log: log[1]),
	trips=st.integers(min_value=0, max_value=2),
)
def test_a_bulk_act_equals_the_row_by_row_pricing(erp, logs, trips):
	frappe.db.savepoint("b2b_random_act")
	try:
		world = billing_setup(erp)
		for on_covered, day, hours, start in logs:
			ticket = world.covered.name if on_covered else world.extra.name
			log_time(ticket, REPAIR, hours, f"2026-05-{day:02d} {start}:00", employee=world.engineer)
		for _i in range(trips):
			frappe.get_doc(
				{
					"doctype": "Service Visit",
					"service_ticket": world.extra.name,
					"engineer": world.engineer,
					"departed_on": "2026-05-12 09:00:00",
					"travel_zone": "City",
				}
			).insert()
		lines = statement_for(world.contract, "2026-05-10").statement.lines
		act = build_act(world.contract, "2026-05-10")
		assert_act_equals_lines(act, lines)
	finally:
		frappe.db.rollback(save_point="b2b_random_act")


def billed_parts(lines):
	"""(ticket, kind, rate, qty, amount) of every line as the act bills it: billable extra labour
	split into its office hours at the rate and its out-of-hours hours at the rate × 1.5."""
	for line in lines:
		extra_out = line.kind.value == "Labour" and line.billing_class.value == "Billable Extra"
		if extra_out and line.out_of_hours and line.rate:
			in_hours, rate = line.qty - line.out_of_hours, line.rate * Decimal("1.5")
			if in_hours:
				yield (line.ticket, "Labour", line.rate, in_hours, in_hours * line.rate)
			yield (line.ticket, "Labour", rate, line.out_of_hours, line.out_of_hours * rate)
		else:
			yield (line.ticket, line.kind.value, line.rate, line.qty, line.amount)


def assert_act_equals_lines(act, lines) -> None:
	"""Per ticket and work type, in total and source by source, the act says what the lines say."""
	per_group: dict[tuple, list[Decimal]] = {}
	for ticket, kind, rate, qty, amount in billed_parts(lines):
		key = (ticket, kind, rate)
		q, a = per_group.get(key, [Decimal(0), Decimal(0)])
		per_group[key] = [q + qty, a + amount]
	act_groups = {
		(r.service_ticket, r.kind, Decimal(str(r.rate))): [Decimal(str(r.qty)), Decimal(str(r.amount))]
		for r in act.items
	}
	# rates of 120 (180 out of hours), 90 and 45 on quarter hours: every amount is exact
	assert act_groups == {key: [round(q, 3), a] for key, (q, a) in per_group.items()}
	assert Decimal(str(act.net_total)) == sum(line.amount for line in lines)
	for row in act.items:
		assert Decimal(str(row.amount)) == Decimal(str(row.qty)) * Decimal(str(row.rate))

	claims = frappe.get_all(
		"Service Billing Claim",
		filters={"service_act": act.name, "source": ("not like", "Period:%")},
		fields=["source", "act_item", "amount", "service_ticket"],
	)
	sources = {line.source for line in lines if line.source}
	assert {c.source for c in claims} == sources
	per_source: dict[str, Decimal] = {}
	for line in lines:
		if line.source:
			per_source[line.source] = per_source.get(line.source, Decimal(0)) + line.amount
	assert {c.source: Decimal(str(c.amount)) for c in claims} == per_source
	# every claim names a line of its own ticket, and the claims add up to the act's lines
	ticket_of = {r.name: r.service_ticket for r in act.items}
	assert all(ticket_of[c.act_item] == c.service_ticket for c in claims)
	fee = sum(Decimal(str(r.amount)) for r in act.items if r.kind == "Fee")
	assert sum(Decimal(str(c.amount)) for c in claims) + fee == Decimal(str(act.net_total))
	marked = frappe.db.count("Timesheet Detail", {"b2b_billed_in": act.name}) + frappe.db.count(
		"Service Visit", {"b2b_billed_in": act.name}
	)
	assert marked == len(sources)
