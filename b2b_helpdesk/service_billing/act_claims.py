"""Every billable source is claimed by exactly one act, guaranteed by the database.

A claim is a `Service Billing Claim` row whose primary key is the source
("Timesheet Detail:<row>") or the contract's period ("Period:<contract>:<from>").
Two acts racing for the same source or period both try to insert the same
key inside their transactions: the database lets one commit and refuses the
other with a duplicate key, so nothing is billed twice — no check-then-write.
The source rows also get `b2b_billed_in`, which the billed-line guard reads.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

SOURCE_DOCTYPES = ("Timesheet Detail", "Service Visit", "Stock Entry Detail")


def period_key(contract: str, from_date) -> str:
	return f"Period:{contract}:{from_date}"


def claim(act) -> None:
	# a log that runs past the allowance gives two lines (covered + overage) of one source
	keys = list(
		dict.fromkeys(
			[period_key(act.contract, act.from_date)]
			+ [f"{row.source_doctype}:{row.source_name}" for row in act.items if row.source_doctype]
		)
	)
	now, user = now_datetime(), frappe.session.user
	try:
		frappe.db.bulk_insert(
			"Service Billing Claim",
			fields=["name", "source", "service_act", "creation", "modified", "owner", "modified_by"],
			values=[(key, key, act.name, now, now, user, user) for key in keys],
		)
	except Exception as error:
		if not frappe.db.is_duplicate_entry(error):
			raise
		frappe.throw(already_claimed_message(act, keys), title=_("Already Billed"))
	mark_sources(act, act.name)


def already_claimed_message(act, keys: list[str]) -> str:
	if frappe.db.exists("Service Billing Claim", keys[0]):
		other = frappe.db.get_value("Service Billing Claim", keys[0], "service_act")
		return _("Contract {0} already has act {1} for the period from {2}").format(
			frappe.bold(act.contract), frappe.bold(other), act.from_date
		)
	return _("Some of these lines are already billed in another act")


def release(act) -> None:
	frappe.db.delete("Service Billing Claim", {"service_act": act.name})
	mark_sources(act, None)


def mark_sources(act, value: str | None) -> None:
	by_type: dict[str, list[str]] = {}
	for row in act.items:
		if row.source_doctype:
			by_type.setdefault(row.source_doctype, []).append(row.source_name)
	for doctype, names in by_type.items():
		if doctype == "Stock Entry Detail":
			frappe.db.sql(
				"""update `tabStock Entry` set b2b_billed_in = %(act)s
				where name in (select parent from `tabStock Entry Detail` where name in %(names)s)""",
				{"act": value, "names": names},
			)
		elif doctype in SOURCE_DOCTYPES:
			frappe.db.sql(
				f"update `tab{doctype}` set b2b_billed_in = %(act)s where name in %(names)s",
				{"act": value, "names": names},
			)
