"""Every field b2b_helpdesk adds to an ERPNext doctype, in one place.

Created by `after_install` and by the patch `v0_1.create_custom_fields`
(so `bench migrate` brings older sites up to date), removed by
`before_uninstall`. Fieldnames start with `b2b_` so they can't collide
with the ERP's own fields or another app's.

Reused rather than added: Customer already has `account_manager` (User),
Asset already has `asset_owner` = Customer + `customer`, Contract already has
`party_type`/`party_name`, `start_date`/`end_date` and `is_signed`.
"""

from frappe import _

IS_CUSTOMER_CONTRACT = "eval:doc.party_type == 'Customer'"
IS_CUSTOMER_ASSET = "eval:doc.asset_owner == 'Customer'"

SERVICE_TIERS = ("Standard", "Silver", "Gold", "Platinum")


def billed_in_field() -> dict:
	"""The act that billed a source row (set by the act, read by the billed-line guard)."""
	return {
		"fieldname": "b2b_billed_in",
		"label": _("Billed In"),
		"fieldtype": "Data",
		"insert_after": "b2b_service_ticket",
		"read_only": 1,
		"no_copy": 1,
		"allow_on_submit": 1,
	}


def get_custom_fields() -> dict[str, list[dict]]:
	return {
		"Customer": [
			{
				"fieldname": "b2b_service_tier",
				"label": _("Service Tier"),
				"fieldtype": "Select",
				"options": "\n".join(SERVICE_TIERS),
				"default": SERVICE_TIERS[0],
				"insert_after": "account_manager",
				"in_standard_filter": 1,
				"description": _("Client category used to route and prioritise its service tickets"),
			},
		],
		"Contract": [
			{
				"fieldname": "b2b_service_section",
				"label": _("Service Contract"),
				"fieldtype": "Section Break",
				"insert_after": "end_date",
				"depends_on": IS_CUSTOMER_CONTRACT,
				"collapsible": 0,
			},
			{
				"fieldname": "b2b_account_manager",
				"label": _("Account Manager"),
				"fieldtype": "Link",
				"options": "User",
				"insert_after": "b2b_service_section",
				"allow_on_submit": 1,
				"description": _("Taken from the customer when left empty"),
			},
			{
				"fieldname": "b2b_service_level_policy",
				"label": _("Service Level Policy"),
				"fieldtype": "Link",
				"options": "Service Level Policy",
				"insert_after": "b2b_account_manager",
				"allow_on_submit": 1,
				"description": _("The SLA written in this contract; tickets under it get its targets"),
			},
			{
				"fieldname": "b2b_billing_plan",
				"label": _("Billing Plan"),
				"fieldtype": "Link",
				"options": "Service Billing Plan",
				"insert_after": "b2b_service_level_policy",
				"allow_on_submit": 1,
				"description": _("Fee, allowance and rates this contract bills service by"),
			},
			{
				"fieldname": "b2b_service_column",
				"fieldtype": "Column Break",
				"insert_after": "b2b_billing_plan",
			},
			{
				"fieldname": "b2b_coverage_help",
				"fieldtype": "HTML",
				"insert_after": "b2b_service_column",
				"options": "<p class='text-muted small'>"
				+ _(
					"List the equipment and service locations this contract covers. "
					"A contract that lists neither covers all of the customer's equipment and locations."
				)
				+ "</p>",
			},
			{
				"fieldname": "b2b_covered_assets",
				"label": _("Covered Equipment"),
				"fieldtype": "Table",
				"options": "Contract Covered Asset",
				"insert_after": "b2b_coverage_help",
				"allow_on_submit": 1,
				"depends_on": IS_CUSTOMER_CONTRACT,
			},
			{
				"fieldname": "b2b_covered_locations",
				"label": _("Covered Service Locations"),
				"fieldtype": "Table",
				"options": "Contract Covered Location",
				"insert_after": "b2b_covered_assets",
				"allow_on_submit": 1,
				"depends_on": IS_CUSTOMER_CONTRACT,
			},
		],
		"Timesheet Detail": [
			{
				"fieldname": "b2b_service_ticket",
				"label": _("Service Ticket"),
				"fieldtype": "Link",
				"options": "Service Ticket",
				"insert_after": "task",
				"in_list_view": 0,
				"search_index": 1,
			},
			billed_in_field(),
		],
		"Timesheet": [
			{
				"fieldname": "b2b_service_ticket",
				"label": _("Service Ticket"),
				"fieldtype": "Link",
				"options": "Service Ticket",
				"insert_after": "parent_project",
				"read_only": 1,
				"search_index": 1,
				"in_standard_filter": 1,
				"description": _("Set from the rows when they are all logged on this ticket"),
			},
			{
				"fieldname": "b2b_contract",
				"label": _("Contract"),
				"fieldtype": "Link",
				"options": "Contract",
				"insert_after": "b2b_service_ticket",
				"read_only": 1,
				"search_index": 1,
				"description": _("Set from the rows when their tickets are all under this contract"),
			},
		],
		"Stock Entry": [
			{
				"fieldname": "b2b_service_ticket",
				"label": _("Service Ticket"),
				"fieldtype": "Link",
				"options": "Service Ticket",
				"insert_after": "stock_entry_type",
				"search_index": 1,
			},
			billed_in_field(),
		],
		"Contact": [
			{
				"fieldname": "b2b_portal_section",
				"label": _("Service Portal"),
				"fieldtype": "Section Break",
				"insert_after": "is_primary_contact",
			},
			{
				"fieldname": "b2b_portal_access",
				"label": _("Sees on the Portal"),
				"fieldtype": "Select",
				"options": "None\nOwn Tickets\nListed Locations\nTerritory\nWhole Company",
				"default": "Own Tickets",
				"insert_after": "b2b_portal_section",
			},
			{
				"fieldname": "b2b_locations",
				"label": _("Locations"),
				"fieldtype": "Table MultiSelect",
				"options": "Contact Service Location",
				"insert_after": "b2b_portal_access",
				"depends_on": "eval:doc.b2b_portal_access == 'Listed Locations'",
			},
			{
				"fieldname": "b2b_territory",
				"label": _("Territory"),
				"fieldtype": "Link",
				"options": "Territory",
				"insert_after": "b2b_locations",
				"depends_on": "eval:doc.b2b_portal_access == 'Territory'",
			},
			{
				"fieldname": "b2b_portal_column",
				"fieldtype": "Column Break",
				"insert_after": "b2b_territory",
			},
			{
				"fieldname": "b2b_may_raise_tickets",
				"label": _("May Raise Tickets"),
				"fieldtype": "Check",
				"default": "1",
				"insert_after": "b2b_portal_column",
			},
			{
				"fieldname": "b2b_may_accept_acts",
				"label": _("May Accept Acts of Completed Work"),
				"fieldtype": "Check",
				"insert_after": "b2b_may_raise_tickets",
				"description": _("This contact signs the client's acceptance of service acts"),
			},
			{
				"fieldname": "b2b_agrees_visit_times",
				"label": _("Agrees Visit Times"),
				"fieldtype": "Check",
				"insert_after": "b2b_may_accept_acts",
				"description": _(
					"This contact confirms planned engineer visits (or asks for another time) on the portal, "
					"for the tickets it sees"
				),
			},
		],
		"Address": [
			{
				"fieldname": "b2b_territory",
				"label": _("Territory"),
				"fieldtype": "Link",
				"options": "Territory",
				"insert_after": "address_type",
				"search_index": 1,  # a territory contact's scope selects its locations by it
				"description": _("The client's territory this service location belongs to"),
			},
		],
		"Sales Invoice": [
			{
				"fieldname": "b2b_service_act",
				"label": _("Service Act"),
				"fieldtype": "Link",
				"options": "Service Act",
				"insert_after": "customer_name",
				"read_only": 1,
				"no_copy": 1,
				"search_index": 1,
			},
		],
		"Asset": [
			{
				"fieldname": "b2b_service_location",
				"label": _("Service Location"),
				"fieldtype": "Link",
				"options": "Address",
				"insert_after": "customer",
				"depends_on": IS_CUSTOMER_ASSET,
				"allow_on_submit": 1,
				"description": _("The customer's address where this equipment is serviced"),
			},
			{
				"fieldname": "b2b_serial_no",
				"label": _("Serial No"),
				"fieldtype": "Data",
				"insert_after": "b2b_service_location",
				"depends_on": IS_CUSTOMER_ASSET,
				"allow_on_submit": 1,
				"description": _("The maker's serial number, printed on the equipment's QR label"),
			},
		],
		# preventive maintenance plans are the ERP's Asset Maintenance (field_service/planned_maintenance.py)
		"Asset Maintenance": [
			{
				"fieldname": "b2b_planned_section",
				"label": _("Planned Service Tickets"),
				"fieldtype": "Section Break",
				"insert_after": "maintenance_manager_name",
			},
			{
				"fieldname": "b2b_next_from",
				"label": _("Next Visit Counted From"),
				"fieldtype": "Select",
				"options": "Planned Date\nCompletion Date",
				"default": "Planned Date",
				"insert_after": "b2b_planned_section",
				"description": _(
					"Planned Date: a late visit moves nothing. Completion Date: the next visit is one period after the last one was done."
				),
			},
			{
				"fieldname": "b2b_ticket_category",
				"label": _("Ticket Category"),
				"fieldtype": "Link",
				"options": "Service Ticket Category",
				"insert_after": "b2b_next_from",
			},
			{
				"fieldname": "b2b_ticket_priority",
				"label": _("Ticket Priority"),
				"fieldtype": "Select",
				"options": "Low\nMedium\nHigh\nUrgent",
				"default": "Medium",
				"insert_after": "b2b_ticket_category",
			},
			{
				"fieldname": "b2b_planned_column",
				"fieldtype": "Column Break",
				"insert_after": "b2b_ticket_priority",
			},
			{
				"fieldname": "b2b_visit_time",
				"label": _("Visit Starts At"),
				# a Select: Frappe sets every new document's Time fields to the current time, over their default
				"fieldtype": "Select",
				"options": "\n".join(f"{h:02d}:{m:02d}" for h in range(6, 21) for m in (0, 30)),
				"default": "09:00",
				"insert_after": "b2b_planned_column",
			},
			{
				"fieldname": "b2b_visit_hours",
				"label": _("Visit Length (hours)"),
				"fieldtype": "Float",
				"default": "2",
				"non_negative": 1,
				"insert_after": "b2b_visit_time",
			},
		],
		"Asset Maintenance Task": [
			{
				"fieldname": "b2b_checklist",
				"label": _("Checklist"),
				"fieldtype": "Small Text",
				"insert_after": "description",
				"description": _(
					"One item per line, copied into each planned ticket; a line ending in (optional) is not mandatory"
				),
			},
		],
	}


def iter_custom_field_keys():
	"""(doctype, fieldname) of every custom field this app owns."""
	for doctype, fields in get_custom_fields().items():
		for field in fields:
			yield doctype, field["fieldname"]
