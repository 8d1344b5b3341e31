"""Portal: the service requests the signed-in contact may see, filtered by status, location and equipment."""

import frappe
from frappe import _

from b2b_helpdesk.engine import ticket_lifecycle as lifecycle
from b2b_helpdesk.portal.access import portal_page, scope_notice
from b2b_helpdesk.portal.journey import next_step_text

no_cache = 1
ACTIVE = "active"


@portal_page("Service Ticket")
def get_context(context):
	args = frappe.form_dict
	status = args.get("status") or ACTIVE
	if status != "all" and status != ACTIVE and status not in lifecycle.STATUSES:
		status = ACTIVE
	filters = {}
	if status == ACTIVE:
		filters["status"] = ("in", sorted(lifecycle.ACTIVE))
	elif status != "all":
		filters["status"] = status
	for field, arg in (("service_location", "location"), ("asset", "asset")):
		if isinstance(args.get(arg), str) and args.get(arg):
			filters[field] = args.get(arg)
	tickets = frappe.get_list(
		"Service Ticket",
		filters=filters,
		fields=[
			"name",
			"subject",
			"status",
			"priority",
			"opened_on",
			"service_location",
			"asset",
			"asset_name",
			"first_responded_on",
			"response_by",
			"resolution_by",
			"_assign",
		],
		order_by="opened_on desc",
		limit_page_length=200,
	)
	locations = filter_options("service_location", "service_location")
	titles = address_titles([value for value, _label in locations])
	for ticket in tickets:
		ticket.next_step = next_step_text(ticket)
		ticket.location_title = titles.get(ticket.service_location, ticket.service_location)
	context.update(
		title=_("My Service Requests"),
		notice=scope_notice(frappe.session.user),
		tickets=tickets,
		status=status,
		statuses=[(ACTIVE, _("Open requests")), ("all", _("All"))] + [(s, _(s)) for s in lifecycle.STATUSES],
		locations=[(value, titles.get(value, value)) for value, _label in locations],
		assets=filter_options("asset", "asset_name"),
		location=filters.get("service_location") or "",
		asset=filters.get("asset") or "",
	)


def address_titles(addresses: list[str]) -> dict[str, str]:
	"""Locations by the title the client knows them by (the record name carries a type suffix)."""
	if not addresses:
		return {}
	rows = frappe.get_all("Address", filters={"name": ("in", addresses)}, fields=["name", "address_title"])
	return {row.name: row.address_title or row.name for row in rows}


def filter_options(field: str, label_field: str) -> list:
	"""The values the user's own tickets carry, for the filter pickers."""
	rows = frappe.get_list(
		"Service Ticket",
		filters={field: ("is", "set")},
		fields=[field, label_field],
		group_by=field,
		order_by=f"{label_field} asc",
		limit_page_length=500,
	)
	return [(row[field], row[label_field] or row[field]) for row in rows]
