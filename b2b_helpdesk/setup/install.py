"""What `install-app` and `migrate` set up on a site beyond the app's doctypes."""

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from b2b_helpdesk.setup.custom_fields import get_custom_fields
from b2b_helpdesk.setup.erp_permissions import grant_erp_permissions
from b2b_helpdesk.setup.indexes import ensure_indexes

ROOT_CATEGORY = "All Service Ticket Categories"


def after_install() -> None:
	make_custom_fields()
	make_root_category()
	grant_erp_permissions()
	ensure_indexes()


def after_migrate() -> None:
	"""Idempotent: brings a site whose install was interrupted back to the full set-up.

	Not the role permissions: they are granted once (install, then a numbered patch for new
	grants), so a right an administrator took away after install stays away.
	"""
	make_custom_fields()
	make_root_category()
	ensure_indexes()


def make_custom_fields() -> None:
	fields = get_custom_fields()
	create_custom_fields(fields, ignore_validate=True, update=True)
	for doctype in fields:
		# create_custom_fields alters a table only when a field record changed; make sure
		# every column exists even after an install that was cut off half-way
		frappe.db.updatedb(doctype)


def make_root_category() -> None:
	if frappe.db.exists("Service Ticket Category", ROOT_CATEGORY):
		return
	frappe.get_doc(
		{
			"doctype": "Service Ticket Category",
			"category_name": ROOT_CATEGORY,
			"is_group": 1,
		}
	).insert(ignore_permissions=True)
