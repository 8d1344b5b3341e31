"""Service Level Policies and Holiday Lists as a user sets them up in the desk."""

import frappe
from frappe.utils import getdate

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
HOUR = 3600


def make_holiday_list(name: str, year: int, days: tuple[str, ...]) -> str:
	if frappe.db.exists("Holiday List", name):
		return name
	return (
		frappe.get_doc(
			{
				"doctype": "Holiday List",
				"holiday_list_name": name,
				"from_date": getdate(f"{year}-01-01"),
				"to_date": getdate(f"{year}-12-31"),
				"holidays": [{"holiday_date": getdate(day), "description": "Public holiday"} for day in days],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def office_hours(
	start: str = "09:00", end: str = "18:00", days: tuple[str, ...] = WEEKDAYS[:5]
) -> list[dict]:
	return [{"weekday": day, "start_time": start, "end_time": end} for day in days]


def make_policy(
	name: str,
	timezone: str = "America/New_York",
	working_hours: list[dict] | None = None,
	always_on: bool = False,
	holiday_list: str | None = None,
	response_hours: dict[str, float] | None = None,
	resolution_hours: dict[str, float] | None = None,
	**extra,
):
	response_hours = response_hours or {"Low": 8, "Medium": 4, "High": 2, "Urgent": 1}
	resolution_hours = resolution_hours or {"Low": 40, "Medium": 24, "High": 8, "Urgent": 4}
	doc = frappe.get_doc(
		{
			"doctype": "Service Level Policy",
			"policy_name": name,
			"timezone": timezone,
			"always_on": int(always_on),
			"holiday_list": holiday_list,
			"working_hours": [] if always_on else (working_hours or office_hours()),
			"targets": [
				{
					"priority": priority,
					"first_response_time": int(response_hours[priority] * HOUR),
					"resolution_time": int(resolution_hours[priority] * HOUR),
				}
				for priority in ("Low", "Medium", "High", "Urgent")
			],
			**extra,
		}
	)
	return doc.insert(ignore_permissions=True)
