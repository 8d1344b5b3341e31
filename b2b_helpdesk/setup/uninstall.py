"""What `uninstall-app` removes besides the app's own doctypes.

The ERP's records (Customer, Contract, Asset, Contact, Address) stay; only
the columns this app added to them and the permissions it granted go.
"""

import frappe

from b2b_helpdesk.setup.custom_fields import iter_custom_field_keys
from b2b_helpdesk.setup.erp_permissions import revoke_erp_permissions
from b2b_helpdesk.setup.indexes import drop_erp_indexes


def before_uninstall() -> None:
	drop_erp_indexes()
	delete_custom_fields()
	revoke_erp_permissions()


def delete_custom_fields() -> None:
	"""Delete the Custom Field records and drop their columns (the ERP leaves columns behind)."""
	for doctype, fieldname in iter_custom_field_keys():
		name = frappe.db.get_value("Custom Field", {"dt": doctype, "fieldname": fieldname})
		if name:
			frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
		if frappe.db.has_column(doctype, fieldname):
			frappe.db.sql_ddl(f"alter table `tab{doctype}` drop column `{fieldname}`")
		frappe.clear_cache(doctype=doctype)
