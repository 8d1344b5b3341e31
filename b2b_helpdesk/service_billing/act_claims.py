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

from b2b_helpdesk.bulk_sql import insert_many

SOURCE_DOCTYPES = ("Timesheet Detail", "Service Visit", "Stock Entry Detail")


def period_key(contract: str, from_date) -> str:
	return f"Period:{contract}:{from_date}"


CLAIM_FIELDS = (
	"name",
	"source",
	"service_act",
	"act_item",
	"date",
	"service_ticket",
	"engineer",
	"kind",
	"description",
	"qty",
	"uom",
	"rate",
	"amount",
	"allowance_used",
	"item_code",
	"idx",
	"docstatus",
	"creation",
	"modified",
	"owner",
	"modified_by",
)
DETAIL_FIELDS = CLAIM_FIELDS[3:15]
NUMBERS = ("qty", "rate", "amount", "allowance_used")


def claim(act) -> None:
	"""The period's key and one key per source with its billed detail, as multi-row INSERTs."""
	logs = claimed_logs(act)
	keys = [period_key(act.contract, act.from_date)] + [log.source for log in logs]
	now, user = now_datetime(), frappe.session.user
	period = frappe._dict(source=keys[0])
	values = [[log.source, log.source, *detail(log), idx] for idx, log in enumerate([period, *logs])]
	# what every claim shares is written once into the statement, not escaped once per claim
	shared = {
		"service_act": act.name,
		"docstatus": 0,
		"creation": now,
		"modified": now,
		"owner": user,
		"modified_by": user,
	}
	fields = ["name", "source", *DETAIL_FIELDS, "idx"]
	try:
		insert_many("Service Billing Claim", fields, values, shared)
	except Exception as error:
		if not frappe.db.is_duplicate_entry(error):
			raise
		frappe.throw(already_claimed_message(act, keys), title=_("Already Billed"))
	mark_sources([log.source for log in logs], act.name)


def detail(log) -> list:
	return [(log.get(f) or 0) if f in NUMBERS else log.get(f) for f in DETAIL_FIELDS]


def claimed_logs(act) -> list:
	"""The act's per-log detail (made with it), else one bare log per source row (an act made by hand)."""
	if act.flags.logs is not None:
		names = {row.idx: row.name for row in act.items}
		logs = sorted(act.flags.logs, key=lambda log: log.position)
		for log in logs:
			log.act_item = names.get(log.row_idx)
		return logs
	sources = dict.fromkeys(
		f"{row.source_doctype}:{row.source_name}" for row in act.items if row.source_doctype
	)
	return [frappe._dict(source=source) for source in sources]


def already_claimed_message(act, keys: list[str]) -> str:
	if frappe.db.exists("Service Billing Claim", keys[0]):
		other = frappe.db.get_value("Service Billing Claim", keys[0], "service_act")
		return _("Contract {0} already has act {1} for the period from {2}").format(
			frappe.bold(act.contract), frappe.bold(other), act.from_date
		)
	return _("Some of these lines are already billed in another act")


def release(act) -> None:
	sources = frappe.get_all(
		"Service Billing Claim", filters={"service_act": act.name}, pluck="source", order_by=None
	)
	frappe.db.delete("Service Billing Claim", {"service_act": act.name})
	mark_sources([source for source in sources if not source.startswith("Period:")], None)


def mark_sources(sources: list[str], value: str | None) -> None:
	by_type: dict[str, list[str]] = {}
	for source in sources:
		doctype, name = source.split(":", 1)
		by_type.setdefault(doctype, []).append(name)
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
