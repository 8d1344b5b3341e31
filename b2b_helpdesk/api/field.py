"""Whitelisted endpoints of the engineer's phone (`/field`): read today's jobs and one job, perform actions.

Every action, online or replayed from the phone's offline queue, comes through `perform` with the
key the phone gave it, so it is applied exactly once (`field_service/phone_replay.py`).
"""

import frappe
from frappe import _

from b2b_helpdesk.api.arguments import json_argument
from b2b_helpdesk.field_service import phone_actions, phone_jobs, phone_replay
from b2b_helpdesk.setup.roles import SERVICE_ENGINEER


def require_engineer() -> None:
	if frappe.session.user == "Guest" or SERVICE_ENGINEER not in frappe.get_roles():
		frappe.throw(_("The field pages are for service engineers"), frappe.PermissionError)


@frappe.whitelist()
def today_jobs() -> list[dict]:
	require_engineer()
	return phone_jobs.today_jobs()


@frappe.whitelist()
def job(ticket: str) -> dict:
	require_engineer()
	return phone_jobs.job_context(ticket)


@frappe.whitelist()
def offline_bundle() -> dict:
	"""Today's jobs with each job's page data, for the phone's cache."""
	require_engineer()
	jobs = phone_jobs.today_jobs()
	return {"jobs": jobs, "details": {j["name"]: phone_jobs.job_context(j["name"]) for j in jobs}}


@frappe.whitelist(methods=["POST"])
def perform(
	key: str, action: str, ticket: str, payload: dict | str | None = None, taken_on: str | None = None
) -> dict:
	"""Apply one action (`phone_actions.ACTIONS`) to `ticket` once per `key`; return its result."""
	require_engineer()
	payload = json_argument(payload or {}, "payload", dict)
	if taken_on and not payload.get("at"):
		payload["at"] = taken_on
	return phone_replay.once(
		key, action, ticket, payload.get("at"), lambda: phone_actions.run_action(action, ticket, payload)
	)
