"""What the demo adds when the site has the features for it: clients' ratings, a planned visit.

Each is checked for first (the doctype or field is there after migrate), so the demo still
builds on a site without it.
"""

from datetime import timedelta

import frappe
from frappe.utils import add_days, add_months, get_datetime, now_datetime, nowdate

RATINGS = (5, 4, 5, 5, 3, 4, 5, 2)  # what clients gave, in turn
RATED_EVERY = 3  # one closed ticket in three was rated


def has_doctype(doctype: str) -> bool:
	return bool(frappe.db.exists("DocType", doctype))


def rate_history(tickets: list[str]) -> int:
	"""Ratings the clients gave on a third of the year's closed tickets, the day after the fix.

	Written as the record the client's answer left (the rating window of those tickets closed
	long ago, so the portal would not take them today). Returns how many were made."""
	if not has_doctype("Service Ticket Rating"):
		return 0
	made = 0
	for index, name in enumerate(tickets[::RATED_EVERY]):
		ticket = frappe.db.get_value(
			"Service Ticket", name, ["customer", "contact", "contact_email", "resolved_on"], as_dict=True
		)
		if not ticket.contact or not ticket.resolved_on:
			continue
		rating = RATINGS[index % len(RATINGS)]
		frappe.get_doc(
			{
				"doctype": "Service Ticket Rating",
				"service_ticket": name,
				"customer": ticket.customer,
				"contact": ticket.contact,
				"rating": rating,
				"rated_on": get_datetime(ticket.resolved_on) + timedelta(days=1),
				"rated_by": ticket.contact_email,
				"comment": "Quick and friendly." if rating >= 4 else "Took two visits.",
			}
		).insert(ignore_permissions=True)
		made += 1
	return made


def plan_visit(ticket: str, engineer: str) -> str | None:
	"""Tomorrow at ten the engineer is planned at the store (the client confirms it on the portal)."""
	if not frappe.get_meta("Service Visit").has_field("planned_start"):
		return None
	start = (now_datetime() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
	return (
		frappe.get_doc(
			{
				"doctype": "Service Visit",
				"service_ticket": ticket,
				"engineer": engineer,
				"planned_start": start,
				"planned_end": start + timedelta(hours=2),
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def knowledge_article(model: str) -> str | None:
	"""The display case's defrost procedure, for the engineers and the clients."""
	if not has_doctype("Knowledge Article"):
		return None
	return (
		frappe.get_doc(
			{
				"doctype": "Knowledge Article",
				"title": "Display case X200: defrost and door seal check",
				"published": 1,
				"for_clients": 1,
				"equipment_models": [{"item": model}],
				"content": (
					"<p>Ice on the evaporator or a warm case: switch to manual defrost for 30 minutes, "
					"then check the door seal with a sheet of paper: it must hold when the door is "
					"closed. Replace a seal that lets the paper slip (part SEAL-X200).</p>"
				),
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def routing_profiles(engineers: dict[str, tuple[str, str, tuple[str, ...], str | None]]) -> int:
	"""Each engineer's skills (equipment models) and territory, for the dispatcher's routing.

	`engineers`: key → (employee, user, models, territory)."""
	if not has_doctype("Service Engineer"):
		return 0
	for employee, user, models, territory in engineers.values():
		frappe.get_doc(
			{
				"doctype": "Service Engineer",
				"employee": employee,
				"user": user,
				"active": 1,
				"territory": territory,
				"skills": [{"item": model} for model in models],
			}
		).insert(ignore_permissions=True)
	return len(engineers)


def maintenance_plan(company: str, asset: str, manager: str, engineer: str) -> list[str]:
	"""Forklift 12's monthly safety service, planned on the ERP's Asset Maintenance;
	the planned-maintenance job then generates what falls within the lead time. Returns those tickets."""
	if not frappe.get_meta("Asset Maintenance").has_field("b2b_next_from"):
		return []
	from b2b_helpdesk.field_service import planned_maintenance

	team = frappe.get_doc(
		{
			"doctype": "Asset Maintenance Team",
			"maintenance_team_name": "Forklift Service",
			"company": company,
			"maintenance_manager": manager,
			"maintenance_team_members": [{"team_member": engineer, "maintenance_role": "Service Engineer"}],
		}
	).insert(ignore_permissions=True)
	plan = frappe.get_doc(
		{
			"doctype": "Asset Maintenance",
			"asset_name": asset,
			"company": company,
			"maintenance_team": team.name,
			"b2b_next_from": "Completion Date",
			"b2b_ticket_priority": "Medium",
			"asset_maintenance_tasks": [
				{
					"maintenance_task": "Monthly safety service",
					"maintenance_type": "Preventive Maintenance",
					"maintenance_status": "Planned",
					"periodicity": "Monthly",
					# a month's period after the start: the first visit is the day after tomorrow
					"start_date": add_days(add_months(nowdate(), -1), 2),
					"assign_to": engineer,
					"b2b_checklist": "Check the brakes\nCheck the battery charge\nGrease the mast (optional)",
				}
			],
		}
	).insert(ignore_permissions=True)
	planned_maintenance.run()
	return frappe.get_all("Service Ticket", filters={"maintenance_plan": plan.name}, pluck="name")
