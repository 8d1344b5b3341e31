"""Renewal reminders (R31): the contract's account manager gets a ToDo 60 and 30 days before the end.

A daily scheduled job, set-based: one query finds the contracts ending within the first notice, one the
reminders already made; each threshold is notified once (a missed day still notifies, an overdue earlier
threshold is folded into the later one), so running it twice a day or catching up changes nothing.
"""

import frappe
from frappe import _
from frappe.utils import add_days, date_diff, getdate, nowdate

from b2b_helpdesk.engine.contract_health import renewal_thresholds_due

THRESHOLDS = (60, 30)
MARK = "[renewal:{0}]"


def notify_renewals(today=None) -> list[str]:
	"""Scheduler (daily): the reminders due today; returns the ToDos made."""
	today = getdate(today or nowdate())
	contracts = frappe.db.sql(
		"""select c.name, c.party_name, c.end_date, coalesce(c.b2b_account_manager, cu.account_manager) as manager
		from `tabContract` c left join `tabCustomer` cu on cu.name = c.party_name
		where c.docstatus = 1 and c.party_type = 'Customer' and c.end_date between %(today)s and %(last)s""",
		{"today": today, "last": add_days(today, max(THRESHOLDS))},
		as_dict=True,
	)
	done = notified([c.name for c in contracts])
	made = []
	for contract in contracts:
		due = renewal_thresholds_due(
			date_diff(contract.end_date, today), THRESHOLDS, done.get(contract.name, set())
		)
		if due and contract.manager:
			made.append(remind(contract, due, date_diff(contract.end_date, today)))
	return made


def notified(contracts: list[str]) -> dict[str, set[int]]:
	if not contracts:
		return {}
	rows = frappe.get_all(
		"ToDo",
		filters={
			"reference_type": "Contract",
			"reference_name": ("in", contracts),
			"description": ("like", "%[renewal:%"),
		},
		fields=["reference_name", "description"],
	)
	out: dict[str, set[int]] = {}
	for row in rows:
		out.setdefault(row.reference_name, set()).update(
			t for t in THRESHOLDS if MARK.format(t) in row.description
		)
	return out


def remind(contract, due: list[int], days_left: int) -> str:
	marks = "".join(MARK.format(t) for t in due)
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": contract.manager,
			"reference_type": "Contract",
			"reference_name": contract.name,
			"date": contract.end_date,
			"priority": "High" if min(due) <= 30 else "Medium",
			"description": _(
				"Contract {0} of {1} ends on {2} (in {3} days): review its health and prepare the renewal."
			).format(
				contract.name, contract.party_name, frappe.utils.formatdate(contract.end_date), days_left
			)
			+ " "
			+ marks,
		}
	).insert(ignore_permissions=True)
	return todo.name
