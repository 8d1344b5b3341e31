"""Existing work gets the links the Connections tabs count by: a visit's contract (from its ticket),
a Timesheet's ticket and contract (from its rows, when they are all on one ticket / one contract)."""

import frappe

from b2b_helpdesk.setup.install import make_custom_fields


def execute() -> None:
	make_custom_fields()  # the Timesheet's header fields are new in this version
	fill_visit_contracts()
	fill_timesheet_links()


def fill_visit_contracts() -> None:
	frappe.db.sql(
		"""update `tabService Visit` sv
		join `tabService Ticket` st on st.name = sv.service_ticket
		set sv.contract = st.contract
		where ifnull(sv.contract, '') != ifnull(st.contract, '')"""
	)


def fill_timesheet_links() -> None:
	frappe.db.sql(
		"""update `tabTimesheet` ts
		join (
			select td.parent,
				if(count(distinct td.b2b_service_ticket) = 1, min(td.b2b_service_ticket), null) as ticket,
				if(count(distinct ifnull(st.contract, '')) = 1, nullif(min(ifnull(st.contract, '')), ''), null)
					as contract
			from `tabTimesheet Detail` td
			join `tabService Ticket` st on st.name = td.b2b_service_ticket
			where td.parenttype = 'Timesheet'
			group by td.parent
		) work on work.parent = ts.name
		set ts.b2b_service_ticket = work.ticket, ts.b2b_contract = work.contract"""
	)
