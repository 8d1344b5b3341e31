"""An act's lines grouped per ticket and work type, and the per-log detail behind them.

The billing engine prices every log; the act shows one line per group
(`engine.act_grouping`), and every source it sums is kept as a log (date, ticket, engineer,
what, qty, rate, amount): the act's claims store them and the annex report lists them. The
act's rows and claims are written with multi-row INSERTs, checked once here in Python instead
of Frappe's per-row checks.
"""

from contextvars import ContextVar
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import frappe
from frappe import _
from frappe.utils import flt, getdate

from b2b_helpdesk.engine.act_grouping import LineGroup, group_lines
from b2b_helpdesk.engine.billing import PricedLine
from b2b_helpdesk.service_billing.act_text import act_line_text, line_codes, line_text

ROWS_PER_STATEMENT = 1000
THOUSANDTHS = Decimal("0.001")
_ROUNDING: ContextVar[str] = ContextVar("b2b_act_qty_rounding", default=ROUND_HALF_UP)
KINDS = ("Fee", "Labour", "Overage", "Trip", "Material", "Adjustment")


def grouped_rows(result, entries: dict, item_of) -> tuple[list[dict], list[frappe._dict]]:
	"""(the act's rows, one per group; the logs, one per source, each naming its row)."""
	rows, logs = [], {}
	text_of = texts(item_of)
	_ROUNDING.set(site_rounding())
	# the invoice bills the logs in the statement's order, as it did line by line
	positions = {id(line): index for index, line in enumerate(result.statement.lines)}
	for group in group_lines(result.statement.lines):
		row = group_row(group, result, entries, item_of)
		row["idx"] = len(rows) + 1  # the row's place in the act: its logs name it by it until it has a name
		rows.append(row)
		for line in group.lines:
			add_log(logs, line, row, positions[id(line)], result, entries, item_of, text_of)
	return rows, list(logs.values())


def qty3(value: Decimal) -> float:
	"""A quantity to 3 decimals, rounded the site's way (what `flt(value, 3)` does, without reading
	the system settings once per call: ten thousand logs make that a visible cost)."""
	return float(value.quantize(THOUSANDTHS, rounding=_ROUNDING.get()))


def site_rounding() -> str:
	method = frappe.get_system_settings("rounding_method")
	return ROUND_HALF_EVEN if method == "Banker's Rounding" else ROUND_HALF_UP


def texts(item_of):
	"""A log's words, made once per distinct kind, subject, quantity and class: a month's logs repeat
	a few quantities (15-minute steps), and making the words is most of the cost of a large act."""
	made: dict[tuple, str] = {}

	def text_of(line: PricedLine) -> str:
		item_code = item_of(line)
		key = (line.kind, line.billing_class, line.subject, line.qty, line.uom, line.out_of_hours, item_code)
		if key not in made:
			made[key] = line_text(line, item_code)
		return made[key]

	return text_of


def group_row(group: LineGroup, result, entries: dict, item_of) -> dict:
	first = group.lines[0]
	item_code = item_of(first)
	dates = [getdate(entries[line.source].when) for line in group.lines if line.source in entries]
	codes = line_codes(first)
	codes.pop("out_of_hours", None)
	if "activity_type" in codes and group.out_of_hours:
		codes["out_of_hours"] = float(group.out_of_hours)  # the group's share, whichever log carries it
	row = {
		"kind": group.kind.value,
		"service_ticket": group.ticket,
		"date": min(dates) if dates else result.end,
		"qty": qty3(group.qty),
		"uom": group.uom,
		"rate": flt(group.rate),
		"amount": flt(group.amount),
		"allowance_used": qty3(group.allowance_used),
		"log_count": len(group.sources),
		"item_code": item_code,
		**codes,
	}
	row["description"] = act_line_text(frappe._dict(row))
	return row


def add_log(
	logs: dict, line: PricedLine, row: dict, position: int, result, entries: dict, item_of, text_of
) -> None:
	"""A source's detail; a covered log past the allowance (two lines) is one log billed as overage."""
	if not line.source:
		return
	log = logs.get(line.source)
	text = text_of(line)
	if log is None:
		entry = entries.get(line.source)
		logs[line.source] = frappe._dict(
			source=line.source,
			date=getdate(entry.when) if entry else result.end,
			service_ticket=line.ticket,
			engineer=result.data.engineer_of.get(line.source),
			description=text,
			allowance_used=qty3(line.allowance_used),
			**billed_part(line, row, position, item_of),
		)
		return
	log.description = f"{log.description}; {text}"
	log.allowance_used = qty3(Decimal(str(log.allowance_used)) + line.allowance_used)
	if line.amount > 0 or not log.amount:
		log.update(billed_part(line, row, position, item_of))


def billed_part(line: PricedLine, row: dict, position: int, item_of) -> dict:
	"""What of a log the invoice bills: its one chargeable line (a covered part is free)."""
	return {
		"kind": line.kind.value,
		"qty": qty3(line.qty),
		"uom": line.uom,
		"rate": flt(line.rate),
		"amount": flt(line.amount),
		"item_code": item_of(line),
		"row_idx": row["idx"],
		"position": position,
	}


# --- checked once, written in bulk ----------------------------------------------------------


def check_rows(act) -> None:
	"""What Frappe's per-row checks would refuse, once for all the rows."""
	for row in act.items:
		if row.kind not in KINDS:
			frappe.throw(_("Row {0}: {1} is not a kind of act line").format(row.idx, row.kind))
		if row.uom and len(row.uom) > 140:
			frappe.throw(_("Row {0}: the unit is too long").format(row.idx))


def write_children(act) -> None:
	"""The act's rows (items and taxes) as multi-row INSERTs, after its header."""
	check_rows(act)
	for fieldname in ("items", "taxes"):
		rows = act.get(fieldname) or []
		for row in rows:
			row.parent, row.parenttype, row.parentfield = act.name, act.doctype, fieldname
			row.docstatus = act.docstatus
			row.owner, row.modified_by = act.owner, act.modified_by
			row.creation, row.modified = act.creation, act.modified
			if not row.name:
				row.name = frappe.generate_hash(length=10)
		if rows:
			valid = [row.get_valid_dict(convert_dates_to_str=True) for row in rows]
			fields = list(valid[0])
			insert_many(rows[0].doctype, fields, [[v.get(f) for f in fields] for v in valid])
		for row in rows:
			row.flags.in_insert = False
			row.set("__islocal", None)


def insert_many(doctype: str, fields: list[str], values: list[list]) -> None:
	"""Plain multi-row INSERT statements, ROWS_PER_STATEMENT rows each."""
	columns = ", ".join(f"`{field}`" for field in fields)
	one = "(" + ", ".join(["%s"] * len(fields)) + ")"
	for first in range(0, len(values), ROWS_PER_STATEMENT):
		chunk = values[first : first + ROWS_PER_STATEMENT]
		frappe.db.sql(
			f"insert into `tab{doctype}` ({columns}) values {', '.join([one] * len(chunk))}",
			[value for row in chunk for value in row],
		)
