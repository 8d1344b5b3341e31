"""Role permissions on ERP doctypes move from "re-applied on every migrate" to "applied once, recorded".

Rows earlier versions made for the app's roles are adopted into the record (so uninstall still
removes them, and what they granted is not granted again over an administrator's change);
the grants added since (the engineer's Timesheet, Activity Type, Stock Entry and Warehouse, the
accountant's Sales Invoice, …) are applied now, once.
"""

from b2b_helpdesk.setup.erp_permissions import adopt_legacy_rows, grant_erp_permissions


def execute():
	adopt_legacy_rows()
	grant_erp_permissions()
