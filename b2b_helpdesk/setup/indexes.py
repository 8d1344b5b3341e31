"""The indexes the row rules, the breach monitor and the reports need at 100,000 tickets (issue 12).

Composite indexes, made by `after_install`, `after_migrate` (idempotent) and a numbered patch;
uninstall drops the ones on the ERP's own tables (the app's tables go with their doctypes).
`benchmarks/ticket_scale.py` prints the EXPLAIN of the scoped list queries.
"""

import frappe

INDEXES: dict[str, dict[str, tuple[str, ...]]] = {
	"Service Ticket": {
		# the monitor's UPDATEs and its escalation query: open tickets by state and due instant
		"b2b_monitor_breach": ("status", "sla_state", "breach_on"),
		"b2b_monitor_risk": ("status", "sla_state", "at_risk_on"),
		"b2b_monitor_response": ("status", "response_sla", "response_by"),
		"b2b_monitor_resolution": ("status", "resolution_sla", "resolution_by"),
		"b2b_monitor_level": ("status", "sla_state", "escalation_level"),
		"b2b_monitor_stage": ("status", "sla_state", "stage_due_by"),
		"b2b_monitor_third_party": ("status", "third_party_escalated", "third_party_due_by"),
		# a client's scope, each ending in `modified` so that a scope's 20 newest tickets are read off
		# the index without sorting: a company (or a dispatcher's User Permission on Customer), its
		# listed or territory's locations; what it raised (its contact and the opening day are indexed
		# by `search_index` in the doctype: a single-column index of ours would be dropped by every
		# migrate's schema sync)
		"b2b_scope_customer": ("customer", "modified"),
		"b2b_scope_store": ("customer", "service_location", "modified"),
		"b2b_scope_owner": ("owner",),
		# the reports' period and the equipment's history
		"b2b_asset_history": ("asset", "opened_on"),
		"b2b_contract_opened": ("contract", "opened_on"),
	},
	# an engineer's tickets: his team's assignments, covering (the ticket read off the index)
	"ToDo": {"b2b_assigned_ticket": ("allocated_to", "reference_type", "status", "reference_name")},
	# the equipment a client's scope reaches
	"Asset": {"b2b_equipment_scope": ("customer", "b2b_service_location")},
}
APP_TABLES = {"Service Ticket"}
# superseded by a longer index above (same leading columns): dropped where an earlier version made them
SUPERSEDED: dict[str, tuple[str, ...]] = {
	"Service Ticket": ("b2b_scope_location",),
	"ToDo": ("b2b_assignee",),
}


def ensure_indexes() -> None:
	for doctype, indexes in INDEXES.items():
		table = f"tab{doctype}"
		for name, columns in indexes.items():
			if not frappe.db.has_index(table, name):
				frappe.db.sql_ddl(
					f"alter table `{table}` add index `{name}` ({', '.join(f'`{c}`' for c in columns)})"
				)
	for doctype, names in SUPERSEDED.items():
		for name in names:
			if frappe.db.has_index(f"tab{doctype}", name):
				frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")


def drop_erp_indexes() -> None:
	for doctype, indexes in INDEXES.items():
		if doctype in APP_TABLES:
			continue
		for name in (*indexes, *SUPERSEDED.get(doctype, ())):
			if frappe.db.has_index(f"tab{doctype}", name):
				frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")
