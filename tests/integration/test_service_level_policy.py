"""Bad SLA rules are refused with a clear message and nothing is saved."""

import pytest

import frappe
from frappe.utils import add_days, getdate, nowdate

from b2b_helpdesk.demo.service_levels import make_policy, office_hours


def count():
	return frappe.db.count("Service Level Policy")


@pytest.mark.parametrize(
	("kwargs", "message"),
	[
		(
			{
				"working_hours": [
					*office_hours("09:00", "18:00", ("Monday",)),
					*office_hours("17:00", "20:00", ("Monday",)),
				]
			},
			"Working hours overlap",
		),
		({"working_hours": office_hours("18:00", "09:00", ("Monday",))}, "before it starts"),
		(
			{
				"working_hours": [
					{"weekday": "Monday", "start_time": "22:00", "end_time": "06:00", "past_midnight": 1},
					*office_hours("05:00", "12:00", ("Tuesday",)),
				]
			},
			"Working hours overlap",
		),
		(
			{
				"working_hours": [
					{"weekday": "Monday", "start_time": "08:00", "end_time": "08:00", "past_midnight": 0}
				]
			},
			"before it starts",
		),
		(
			{
				"response_hours": {"Low": 0, "Medium": 0, "High": 0, "Urgent": 0},
				"resolution_hours": {"Low": 0, "Medium": 1, "High": 1, "Urgent": 1},
			},
			"above zero",
		),
		({"response_hours": {"Low": -1, "Medium": 1, "High": 1, "Urgent": 1}}, "cannot be negative"),
		({"timezone": "Mars/Olympus_Mons"}, "Unknown time zone"),
		({"at_risk_percent": 100}, "between 0 and 100"),
	],
)
def test_bad_policies_are_refused(kwargs, message):
	before = count()
	with pytest.raises(frappe.ValidationError, match=message):
		make_policy(f"Bad {frappe.generate_hash(length=6)}", **kwargs)
	assert count() == before


def test_no_working_hours_at_all():
	with pytest.raises(frappe.ValidationError, match="working hours"):
		frappe.get_doc(
			{"doctype": "Service Level Policy", "policy_name": "Empty", "timezone": "UTC", "targets": []}
		).insert()


def test_missing_priority_targets_are_named():
	doc = make_policy(f"Partial {frappe.generate_hash(length=6)}", always_on=True)
	doc.targets = [row for row in doc.targets if row.priority not in ("Low", "Urgent")]
	with pytest.raises(frappe.ValidationError, match="missing: Low, Urgent"):
		doc.save()


def test_holiday_list_covering_every_day_leaves_no_working_time():
	start = getdate(nowdate())
	holidays = frappe.get_doc(
		{
			"doctype": "Holiday List",
			"holiday_list_name": f"Everything {frappe.generate_hash(length=5)}",
			"from_date": start,
			"to_date": add_days(start, 399),
			"holidays": [{"holiday_date": add_days(start, i), "description": "Closed"} for i in range(400)],
		}
	).insert()
	with pytest.raises(frappe.ValidationError, match="no working time left"):
		make_policy(f"Closed {frappe.generate_hash(length=6)}", holiday_list=holidays.name)
