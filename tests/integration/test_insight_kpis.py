"""The KPI scheme (R12) on a small hand-counted world: every KPI of every group, targets coloured.

May 2026. Client A (engineer E1): t1 Resolved/Met, 1 visit, rated 5 (first-time fix); t2 Closed/Breached,
reopened once, rated 2; t3 Resolved/Met, 2 visits; t4 Open, opened 22 May. Client B (engineer E2): t5
Resolved/Breached, no visit, rated 4; t6 In Progress, reopened once, opened 11 May; and an April ticket
still open (backlog only). E1 logged 40 h; both have 20 working days (May has 10 weekend days and one
holiday) of 8 h. E1 and E2 form the team "KPI Team <tag>".
"""

import pytest

import frappe
from frappe.desk.query_report import run

from tests.integration.billing_factories import make_activity_type, make_engineer
from tests.integration.factories import make_client, make_user, new_ticket

MAY = {"from_date": "2026-05-01", "to_date": "2026-05-31"}
HOLIDAYS = [f"2026-05-{d:02d}" for d in (2, 3, 9, 10, 16, 17, 23, 24, 25, 30, 31)]


def ticket(client, opened_on, status, sla_state, frt, rt, reopen=0, visits=()):
	name = new_ticket(client, opened_on=opened_on).insert().name
	for employee in visits:  # trips are logged while the ticket is open
		visit(name, employee)
	frappe.db.set_value(
		"Service Ticket",
		name,
		{
			"status": status,
			"sla_state": sla_state,
			"first_response_time": frt,
			"resolution_time": rt,
			"reopen_count": reopen,
		},
		update_modified=False,
	)
	return name


def engineer_user(erp, holiday_list: str) -> tuple[str, str]:
	user = make_user("Service Engineer")
	employee = make_engineer(erp.company, costing_rate=50, activity_types=("B2B KPI Work",))
	frappe.db.set_value("Employee", employee, {"user_id": user, "holiday_list": holiday_list})
	return user, employee


def assign(ticket_name: str, user: str) -> None:
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"description": "Fix it",
			"reference_type": "Service Ticket",
			"reference_name": ticket_name,
		}
	).insert()


def visit(ticket_name: str, employee: str) -> None:
	frappe.get_doc(
		{
			"doctype": "Service Visit",
			"service_ticket": ticket_name,
			"engineer": employee,
			"departed_on": "2026-05-20 09:00:00",
			"returned_on": "2026-05-20 11:00:00",
		}
	).insert()


def rate(ticket_name: str, customer: str, value: int) -> None:
	frappe.get_doc(
		{
			"doctype": "Service Ticket Rating",
			"service_ticket": ticket_name,
			"customer": customer,
			"rating": value,
		}
	).insert()


@pytest.fixture
def world(erp):
	tag = frappe.generate_hash(length=5)
	make_activity_type("B2B KPI Work")
	holidays = frappe.get_doc(
		{
			"doctype": "Holiday List",
			"holiday_list_name": f"KPI May {tag}",
			"from_date": "2026-01-01",
			"to_date": "2026-12-31",
			"holidays": [{"holiday_date": d, "description": "off"} for d in HOLIDAYS],
		}
	).insert()
	(e1, emp1), (e2, _emp2) = engineer_user(erp, holidays.name), engineer_user(erp, holidays.name)
	a, b = make_client(erp, "KPI A"), make_client(erp, "KPI B")
	one, two = (emp1,), (emp1, emp1)
	t = {
		"t1": ticket(a, "2026-05-04 09:00:00", "Resolved", "Met", 3600, 7200, visits=one),
		"t2": ticket(a, "2026-05-05 09:00:00", "Closed", "Breached", 7200, 36000, reopen=1, visits=one),
		"t3": ticket(a, "2026-05-06 09:00:00", "Resolved", "Met", 1800, 14400, visits=two),
		"t4": ticket(a, "2026-05-22 00:00:00", "Open", "On Track", None, None),
		"t5": ticket(b, "2026-05-07 09:00:00", "Resolved", "Breached", 10800, 18000),
		"t6": ticket(b, "2026-05-11 00:00:00", "In Progress", "At Risk", 1800, None, reopen=1),
		"old": ticket(b, "2026-04-01 00:00:00", "Open", "Breached", None, None),
	}
	for key in ("t1", "t2", "t3", "t4"):
		assign(t[key], e1)
	for key in ("t5", "t6", "old"):
		assign(t[key], e2)
	rate(t["t1"], a.customer, 5)
	rate(t["t2"], a.customer, 2)
	rate(t["t5"], b.customer, 4)
	timesheet = frappe.get_doc(
		{
			"doctype": "Timesheet",
			"company": erp.company,
			"employee": emp1,
			"time_logs": [
				{
					"activity_type": "B2B KPI Work",
					"from_time": f"2026-05-{d:02d} 08:00:00",
					"hours": 8,
					"to_time": f"2026-05-{d:02d} 16:00:00",
				}
				for d in (4, 5, 6, 7, 8)
			],
		}
	).insert()
	timesheet.submit()
	team = frappe.get_doc(
		{
			"doctype": "User Group",
			"name": f"KPI Team {tag}",
			"user_group_members": [{"user": e1}, {"user": e2}],
		}
	).insert()
	settings = frappe.get_single("Service Desk Settings")
	settings.kpi_hours_per_day = 8
	settings.set(
		"kpi_targets",
		[{"kpi": "SLA Met %", "target": 60}, {"kpi": "Median Resolution (business h)", "target": 4.5}],
	)
	settings.save()
	return frappe._dict(a=a, b=b, e1=e1, e2=e2, team=team.name, manager=make_user("Service Manager"))


def kpis(world, group_by: str, **filters) -> list[dict]:
	frappe.set_user(world.manager)
	try:
		result = run("Service KPIs", {**MAY, "group_by": group_by, **filters})
	finally:
		frappe.set_user("Administrator")
	return [{k: v for k, v in row.items()} for row in result["result"]]


CLIENT_A = {
	"tickets": 4,
	"median_first_response": 1.0,
	"median_resolution": 4.0,
	"sla_met_percent": 66.7,
	"first_time_fix_percent": 33.3,
	"reopen_percent": 33.3,
	"backlog": 1,
	"backlog_age_days": 10.0,
	"utilisation_percent": None,
	"satisfaction": 3.5,
	"ratings": 2,
	"sla_met_percent_on_target": 1,
	"median_resolution_on_target": 1,
}
CLIENT_B = {
	"tickets": 2,
	"median_first_response": 1.75,
	"median_resolution": 5.0,
	"sla_met_percent": 0.0,
	"first_time_fix_percent": 0.0,
	"reopen_percent": 50.0,
	"backlog": 2,
	"backlog_age_days": 41.0,
	"utilisation_percent": None,
	"satisfaction": 4.0,
	"ratings": 1,
	"sla_met_percent_on_target": 0,
	"median_resolution_on_target": 0,
}


def test_kpis_per_client_every_column(world):
	rows = {r["group"]: r for r in kpis(world, "Client", customer=world.a.customer)}
	assert rows == {world.a.customer: {"group": world.a.customer, **CLIENT_A}}
	rows = {r["group"]: r for r in kpis(world, "Client", customer=world.b.customer)}
	assert rows == {world.b.customer: {"group": world.b.customer, **CLIENT_B}}


def test_kpis_per_engineer_with_utilisation_against_his_calendar(world):
	rows = {r["group"]: r for r in kpis(world, "Engineer") if r["group"] in (world.e1, world.e2)}
	assert rows[world.e1] == {"group": world.e1, **CLIENT_A, "utilisation_percent": 25.0}
	assert rows[world.e2] == {"group": world.e2, **CLIENT_B, "utilisation_percent": 0.0}


def test_kpis_per_team_add_up_its_members(world):
	rows = {r["group"]: r for r in kpis(world, "Team") if r["group"] == world.team}
	assert rows[world.team] == {
		"group": world.team,
		"tickets": 6,
		"median_first_response": 1.0,  # 3600, 7200, 1800, 10800, 1800 -> 3600
		"median_resolution": 4.5,  # 7200, 36000, 14400, 18000 -> (14400 + 18000) / 2
		"sla_met_percent": 50.0,
		"first_time_fix_percent": 25.0,
		"reopen_percent": 40.0,
		"backlog": 3,
		"backlog_age_days": 30.7,  # (10 + 21 + 61) / 3 days, each a microsecond short
		"utilisation_percent": 12.5,
		"satisfaction": 3.67,
		"ratings": 3,
		"sla_met_percent_on_target": 0,
		"median_resolution_on_target": 1,
	}


def test_a_user_without_the_report_role_is_refused(world):
	frappe.set_user(world.e1)
	with pytest.raises(frappe.PermissionError):
		run("Service KPIs", {**MAY, "group_by": "Client"})
