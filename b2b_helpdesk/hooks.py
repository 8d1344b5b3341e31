app_name = "b2b_helpdesk"
app_title = "B2B Helpdesk"
app_publisher = "b2b_helpdesk developers"
app_description = (
	"B2B service desk on ERPNext: tickets, contract SLA, service billing and work-completion acts"
)
app_email = "dev@b2b-helpdesk.invalid"
app_license = "mit"

# org/name form: a bare "erpnext" makes Frappe v15 ask GitHub who owns it at install time
required_apps = ["frappe/erpnext"]

# typed controllers: `bench migrate` in developer mode keeps the DF annotations in step with the JSON
export_python_type_annotations = True

after_install = "b2b_helpdesk.setup.install.after_install"
after_migrate = "b2b_helpdesk.setup.install.after_migrate"
before_uninstall = "b2b_helpdesk.setup.uninstall.before_uninstall"

fixtures = [
	{
		"dt": "Role",
		"filters": [
			[
				"name",
				"in",
				[
					"Service Dispatcher",
					"Service Engineer",
					"Service Manager",
					"Service Accountant",
					"Service Customer",
				],
			]
		],
	},
]

# what the "Act of Completed Works" print says in the print language (line texts, dates, amount in words)
jinja = {
	"methods": [
		"b2b_helpdesk.service_billing.act_text.act_line_text",
		"b2b_helpdesk.service_billing.act_text.act_quantity",
		"b2b_helpdesk.service_billing.act_text.act_allowance_text",
		"b2b_helpdesk.service_billing.act_text.act_date",
		"b2b_helpdesk.service_billing.act_text.act_datetime",
		"b2b_helpdesk.service_billing.act_text.act_amount_in_words",
		"b2b_helpdesk.service_billing.act_text.act_party",
		# the QR label of a customer's machine (print format "Equipment Label" on Asset)
		"b2b_helpdesk.field_service.equipment_label.equipment_label",
		# the planned visit on the portal's ticket page (templates/includes/b2b_planned_visit.html)
		"b2b_helpdesk.field_service.visit_agreement.planned_visit_for_portal",
	],
}

doctype_js = {
	"Contract": "public/js/contract.js",
	"Asset": "public/js/asset.js",
	"Asset Maintenance": "public/js/asset_maintenance.js",
	"Customer": "public/js/customer_insight.js",
}

doc_events = {
	"Contact": {
		"validate": "b2b_helpdesk.overrides.client_records.guard_contact",
		"on_update": "b2b_helpdesk.portal.onboarding.on_contact_update",
	},
	# "Invite as User" on a client's Contact opens the service portal (see portal/onboarding.py)
	"User": {"on_update": "b2b_helpdesk.portal.onboarding.on_user_update"},
	"Address": {"validate": "b2b_helpdesk.overrides.client_records.guard_address"},
	"ToDo": {
		"before_insert": "b2b_helpdesk.overrides.client_records.guard_assignment",
		"validate": "b2b_helpdesk.overrides.client_records.guard_assignment_change",
		"on_trash": "b2b_helpdesk.overrides.client_records.guard_assignment_change",
	},
	"Comment": {
		"on_update": "b2b_helpdesk.access_guards.keep_internal_notes_out_of_cache",
	},
	"Communication": {
		"after_insert": [
			"b2b_helpdesk.service_desk.ticket_sla.on_communication",
			"b2b_helpdesk.service_desk.email_intake.on_communication",
		],
	},
	"Contract": {
		"validate": "b2b_helpdesk.overrides.contract.validate",
		"before_update_after_submit": "b2b_helpdesk.overrides.contract.validate",
	},
	"Timesheet": {
		"validate": [
			"b2b_helpdesk.service_billing.work_rules.validate_timesheet",
			"b2b_helpdesk.field_service.work_access.guard_timesheet",
			"b2b_helpdesk.service_billing.timesheet_links.set_ticket_links",
		],
		"on_submit": "b2b_helpdesk.service_desk.work_timeline.on_timesheet_submit",
		"on_cancel": "b2b_helpdesk.service_desk.work_timeline.on_timesheet_cancel",
		"before_cancel": "b2b_helpdesk.service_billing.billed_guard.guard_timesheet",
		"on_trash": "b2b_helpdesk.service_billing.billed_guard.guard_timesheet",
	},
	"Stock Entry": {
		"validate": [
			"b2b_helpdesk.service_billing.work_rules.validate_stock_entry",
			"b2b_helpdesk.field_service.work_access.guard_stock_entry",
		],
		"on_submit": "b2b_helpdesk.service_desk.work_timeline.on_stock_entry_submit",
		"on_cancel": "b2b_helpdesk.service_desk.work_timeline.on_stock_entry_cancel",
		"before_cancel": "b2b_helpdesk.service_billing.billed_guard.guard_stock_entry",
		"on_trash": "b2b_helpdesk.service_billing.billed_guard.guard_stock_entry",
	},
	"Sales Invoice": {
		"on_submit": "b2b_helpdesk.service_billing.act_lifecycle.on_invoice_submit",
		"on_cancel": "b2b_helpdesk.service_billing.act_lifecycle.on_invoice_cancel",
		"on_trash": "b2b_helpdesk.service_billing.act_lifecycle.on_invoice_trash",
	},
	# a resolved ticket asks its client's contact for a rating (insight/rating_request.py)
	"Service Ticket": {
		"on_update": "b2b_helpdesk.insight.rating_request.on_ticket_update",
		# after the ERP's Assignment Rule (on_update): auto-assign only what it left (field_service/dispatch.py)
		"on_change": "b2b_helpdesk.field_service.dispatch.auto_assign",
	},
	# a trip on the ticket's timeline (service_desk/work_timeline.py)
	"Service Visit": {"on_update": "b2b_helpdesk.service_desk.work_timeline.on_visit_update"},
	"Asset": {
		"validate": "b2b_helpdesk.overrides.asset.validate",
		"before_update_after_submit": "b2b_helpdesk.overrides.asset.validate",
	},
}

override_doctype_dashboards = {
	"Customer": "b2b_helpdesk.overrides.customer.get_dashboard_data",
	"Contract": "b2b_helpdesk.overrides.contract.get_dashboard_data",
	"Asset": "b2b_helpdesk.overrides.asset.get_dashboard_data",
}

scheduler_events = {
	"cron": {
		"*/5 * * * *": ["b2b_helpdesk.service_desk.sla_monitor.run"],
	},
	# planned maintenance tickets a lead time ahead; a slipped visit moves the next ones
	"hourly_long": ["b2b_helpdesk.field_service.planned_maintenance.run"],
	# the account manager reminded 60 and 30 days before a contract ends (insight/renewal.py)
	"daily": ["b2b_helpdesk.insight.renewal.notify_renewals"],
}

permission_query_conditions = {
	"Asset": "b2b_helpdesk.permissions.asset_query",
	"File": "b2b_helpdesk.access_guards.file_query",
	"Tag Link": "b2b_helpdesk.access_guards.tag_link_query",
	"Service Act": "b2b_helpdesk.permissions.service_act_query",
	"Service Ticket": "b2b_helpdesk.permissions.service_ticket_query",
	"Knowledge Article": "b2b_helpdesk.knowledge.access.knowledge_article_query",
}

has_permission = {
	"Asset": "b2b_helpdesk.permissions.asset_has_permission",
	"Tag Link": "b2b_helpdesk.access_guards.tag_link_has_permission",
	"Service Act": "b2b_helpdesk.permissions.service_act_has_permission",
	"Service Ticket": "b2b_helpdesk.permissions.service_ticket_has_permission",
	"Knowledge Article": "b2b_helpdesk.knowledge.access.knowledge_article_has_permission",
}

# what the row rules cannot reach: desk endpoints for client contacts, the search bypass, counts
# without permission, values named in refusals (see access_guards.py)
# an auth hook, not before_request: it runs once the user is known, also for API keys and OAuth
auth_hooks = ["b2b_helpdesk.access_guards.guard_request"]
after_request = [
	"b2b_helpdesk.access_guards.after_request",
	# an engineer lands on his phone page /field after login, not on the desk (field_service/phone_home.py)
	"b2b_helpdesk.field_service.phone_home.after_request",
]
# the phone's service worker and manifest, served under the /field scope
page_renderer = ["b2b_helpdesk.field_service.phone_home.FieldAppFiles"]
override_whitelisted_methods = {
	"frappe.client.get_count": "b2b_helpdesk.access_guards.get_count",
	"frappe.desk.notifications.get_open_count": "b2b_helpdesk.access_guards.get_open_count",
}

website_route_rules = [
	{"from_route": "/acts/<name>", "to_route": "acts/act"},
	{"from_route": "/tickets/new", "to_route": "tickets/new"},
	{"from_route": "/tickets/<name>", "to_route": "tickets/ticket"},
	# the page a QR label on a machine opens (client: its page; engineer: /field/asset/<name>)
	{"from_route": "/equipment/<name>", "to_route": "equipment/asset"},
	{"from_route": "/field/job/<name>", "to_route": "field/job"},
	{"from_route": "/field/asset/<name>", "to_route": "field/asset"},
	{"from_route": "/knowledge/<name>", "to_route": "knowledge/article"},
]

# the colours of ticket status, coverage and SLA state for the desk's scripts (one source)
extend_bootinfo = "b2b_helpdesk.service_desk.colours.extend_bootinfo"

# the client's contacts land on their requests after login; the portal sidebar lists the service pages
role_home_page = {"Service Customer": "tickets", "Service Engineer": "field"}

standard_portal_menu_items = [
	{
		"title": "Service Requests",
		"route": "/tickets",
		"reference_doctype": "Service Ticket",
		"role": "Service Customer",
	},
	{"title": "New Service Request", "route": "/tickets/new", "role": "Service Customer"},
	{"title": "Equipment", "route": "/equipment", "reference_doctype": "Asset", "role": "Service Customer"},
	{"title": "Service Level", "route": "/sla", "role": "Service Customer"},
	{
		"title": "Acts of Completed Work",
		"route": "/acts",
		"reference_doctype": "Service Act",
		"role": "Service Customer",
	},
]
