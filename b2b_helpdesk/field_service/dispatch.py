"""Routing on the ticket (R6, R10): the top candidates with reasons, one-click assign, auto-assign.

Assignment is always the ERP's own Assign To (`frappe.desk.form.assign_to.add` → ToDo), so the
list's "Assigned To", notifications, the engineer's row rule and the Assignment Rule all see it.
Auto-assign (Service Desk Settings › Auto-assign New Tickets) runs after the ticket's `on_update`,
where the ERP's Assignment Rule runs: a ticket a rule has assigned is left alone.
"""

import frappe
from frappe import _
from frappe.desk.form import assign_to

from b2b_helpdesk.engine.routing import Candidate, best, rank
from b2b_helpdesk.field_service.routing_data import EngineerRow, jobs_of, load_engineers
from b2b_helpdesk.field_service.routing_words import reason_text
from b2b_helpdesk.overrides.client_records import auto_assignment
from b2b_helpdesk.setup.roles import SERVICE_DISPATCHER, SERVICE_MANAGER

DISPATCH_ROLES = (SERVICE_DISPATCHER, SERVICE_MANAGER, "System Manager")
TOP = 5


def check_dispatcher(ticket: str | None = None) -> None:
	"""Routing is the dispatcher's job: his role, and the right to edit the ticket."""
	if not set(frappe.get_roles()) & set(DISPATCH_ROLES):  # not frappe.only_for: it lets tests through
		frappe.throw(_("Only a dispatcher may do this"), frappe.PermissionError, title=_("Not Permitted"))
	if ticket and not frappe.has_permission("Service Ticket", "write", doc=ticket):
		frappe.throw(
			_("You may not assign Service Ticket {0}").format(frappe.bold(ticket)),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)


def ranked(ticket: str, limit: int | None = TOP) -> tuple[list[Candidate], dict[str, EngineerRow]]:
	job = jobs_of([ticket]).get(ticket)
	if job is None:
		frappe.throw(_("Service Ticket {0} does not exist").format(ticket), frappe.DoesNotExistError)
	engineers = load_engineers()
	by_user = {row.user: row for row in engineers}
	return rank(job, [row.engine for row in engineers], limit), by_user


@frappe.whitelist()
def get_candidates(ticket: str, limit: int = TOP) -> list[dict]:
	"""The engineers the dispatcher should consider for `ticket`, best first, with reasons in words."""
	check_dispatcher(ticket)
	candidates, by_user = ranked(ticket, int(limit))
	assigned = set(open_assignees(ticket))
	return [candidate_row(c, by_user[c.user], c.user in assigned) for c in candidates]


def candidate_row(candidate: Candidate, engineer: EngineerRow, assigned: bool) -> dict:
	return {
		"user": candidate.user,
		"engineer": engineer.name,
		"engineer_name": engineer.employee_name,
		"skilled": candidate.skilled,
		"load_hours": float(engineer.engine.load_hours),
		"reasons": [reason_text(reason) for reason in candidate.reasons],
		"assigned": assigned,
	}


@frappe.whitelist(methods=["POST"])
def assign(ticket: str, user: str) -> list[str]:
	"""Assign `ticket` to the engineer `user` through the ERP's Assign To, as the dispatcher."""
	check_dispatcher(ticket)
	if not frappe.db.exists("Service Engineer", {"user": user, "active": 1}):
		frappe.throw(
			_("{0} is not an engineer who takes jobs").format(frappe.bold(user)), title=_("Not an Engineer")
		)
	assign_to.add(
		{
			"assign_to": [user],
			"doctype": "Service Ticket",
			"name": ticket,
			"description": _description(ticket),
		}
	)
	return open_assignees(ticket)


def open_assignees(ticket: str) -> list[str]:
	return frappe.get_all(
		"ToDo",
		filters={"reference_type": "Service Ticket", "reference_name": ticket, "status": "Open"},
		pluck="allocated_to",
		order_by="creation",
	)


def _description(ticket: str) -> str:
	subject = frappe.db.get_value("Service Ticket", ticket, "subject") or ""
	return _("Service Ticket {0}: {1}").format(ticket, subject)


# --- auto-assign ---------------------------------------------------------------------------------


def auto_assign(doc, method=None) -> None:
	"""Doc event Service Ticket `on_change`: a new ticket nobody (no Assignment Rule) has assigned
	goes to the best engineer with the skill, when the settings say so."""
	if not doc.flags.in_insert or not frappe.db.get_single_value(
		"Service Desk Settings", "auto_assign_new_tickets"
	):
		return
	if open_assignees(doc.name):
		return  # the ERP's Assignment Rule (or the person who raised it) has assigned it already
	job = jobs_of([doc.name]).get(doc.name)
	engineers = load_engineers()
	chosen = best(job, [row.engine for row in engineers]) if job else None
	if chosen is None:
		return
	reasons = ", ".join(reason_text(reason) for reason in chosen.reasons)
	# in the session of whoever saved the ticket (a client on the portal, the e-mail job), like the
	# ERP's Assignment Rule: the ToDo guard lets exactly this one assignment through, nothing else
	with auto_assignment(doc.name, chosen.user):
		assign_to.add(
			{
				"assign_to": [chosen.user],
				"doctype": "Service Ticket",
				"name": doc.name,
				"description": _("Auto-assigned: {0}").format(reasons),
			},
			ignore_permissions=True,
		)
