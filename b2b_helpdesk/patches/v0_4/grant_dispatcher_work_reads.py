"""Dispatchers read the Timesheets and Stock Entries of their tickets (the ticket's Connections): granted once."""

from b2b_helpdesk.setup.erp_permissions import grant_erp_permissions


def execute():
	grant_erp_permissions()
