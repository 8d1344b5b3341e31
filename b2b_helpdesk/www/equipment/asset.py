"""`/equipment/<asset>`: where a machine's QR label leads (portal/equipment_page.py decides who goes where)."""

import frappe

from b2b_helpdesk.portal.access import portal_page
from b2b_helpdesk.portal.equipment_page import (
	client_articles,
	machine_for_client,
	open_requests,
	report_link,
	send_elsewhere,
)

no_cache = 1


def get_context(context):
	asset = frappe.form_dict.get("name")
	asset = asset if isinstance(asset, str) else ""
	send_elsewhere(asset, frappe.session.user)
	return client_page(context)


@portal_page("Asset")
def client_page(context):
	machine = machine_for_client(frappe.form_dict.get("name") or "")
	context.update(
		title=machine.asset_name or machine.name,
		machine=machine,
		tickets=open_requests(machine.name),
		articles=client_articles(machine),
		report_link=report_link(machine),
		no_breadcrumbs=True,
	)
	return context
