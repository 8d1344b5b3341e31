"""Dispatchers and managers keep preventive maintenance plans (the ERP's Asset Maintenance): granted once."""

from b2b_helpdesk.setup.erp_permissions import grant_erp_permissions


def execute():
	grant_erp_permissions()
