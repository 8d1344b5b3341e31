"""Where a scan of a machine's QR label (`/equipment/<asset>`) leads, and what the client's page shows.

- a visitor who is not signed in: the login page, then back to the machine;
- an engineer (Service Engineer): his job page for the machine, `/field/asset/<asset>`;
- other staff: the Asset in the desk;
- a client's contact who may see the machine (the Asset row rule of permissions.py): its page —
  open requests, its manuals for clients, and "Report a problem with this machine";
- a contact who may not (or a machine that does not exist): the app's refusal page, the same
  for both so a label reveals nothing.
"""

from urllib.parse import quote

import frappe
from frappe import _

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle
from b2b_helpdesk.knowledge.suggest import suggested_articles
from b2b_helpdesk.permissions import is_portal_user
from b2b_helpdesk.portal.access import PortalRefusal
from b2b_helpdesk.portal.equipment import coverage
from b2b_helpdesk.setup.roles import SERVICE_ENGINEER


def redirect(location: str) -> None:
	frappe.flags.redirect_location = location
	raise frappe.Redirect(302)


def route_of(asset: str) -> str:
	return f"/equipment/{quote(asset, safe='')}"


def send_elsewhere(asset: str, user: str) -> None:
	"""Everybody but a client's contact goes somewhere else (a redirect); a contact stays."""
	if user == "Guest":
		redirect(f"/login?redirect-to={quote(route_of(asset), safe='')}")
	if is_portal_user(user):
		return
	if SERVICE_ENGINEER in frappe.get_roles(user):
		redirect(f"/field/asset/{quote(asset, safe='')}")
	redirect(f"/app/asset/{quote(asset, safe='')}")


def machine_for_client(asset: str) -> frappe._dict:
	"""The machine as its client sees it; refused when the contact may not see it."""
	if not frappe.db.exists("Asset", asset) or not frappe.has_permission("Asset", "read", doc=asset):
		raise PortalRefusal(_("This equipment is not among those you may see."))
	row = frappe.db.get_value(
		"Asset",
		asset,
		[
			"name",
			"asset_name",
			"item_code",
			"item_name",
			"customer",
			"status",
			"b2b_serial_no as serial_no",
			"b2b_service_location as location",
		],
		as_dict=True,
	)
	row.location_title = (
		frappe.db.get_value("Address", row.location, "address_title") if row.location else ""
	) or (row.location or "")
	row.coverage, row.contract = coverage(row, {})
	return row


def open_requests(asset: str) -> list:
	"""The machine's open requests the contact may see (the Service Ticket row rule), newest first."""
	return frappe.get_list(
		"Service Ticket",
		filters={"asset": asset, "status": ("in", sorted(lifecycle.ACTIVE))},
		fields=["name", "subject", "status", "opened_on"],
		order_by="opened_on desc, name desc",
		limit_page_length=50,
	)


def report_link(machine) -> str:
	"""/tickets/new prefilled with the machine (the form takes its location from it)."""
	return f"/tickets/new?asset={quote(machine.name, safe='')}"


def client_articles(machine) -> list[dict]:
	return suggested_articles(machine.item_code, None) if machine.item_code else []
