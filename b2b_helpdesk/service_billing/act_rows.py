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

from b2b_helpdesk.bulk_sql import insert_many
from b2b_helpdesk.engine.act_grouping import LineGroup, group_lines, share_amount, split_out_of_hours
from b2b_helpdesk.engine.billing import PricedLine, money
from b2b_helpdesk.service_billing.act_text import act_line_text, line_codes, line_text
from b2b_helpdesk.service_billing.plan_terms import billing_plan_of

THOUSANDTHS = Decimal("0.001")
_ROUNDING: ContextVar[str] = ContextVar("b2b_act_qty_rounding", default=ROUND_HALF_UP)
KINDS = ("Fee", "Labour", "Overage", "Trip", "Material", "Adjustment")


def grouped_rows(result, entries: dict, item_of) -> tuple[list[dict], list[frappe._dict]]:
	"""(the act's rows, one per group; the logs, one per source, each naming its row)."""
	rows, row_of, shares = [], {}, {}
	item_of = items_once(item_of)
	text_of = texts(item_of)
	_ROUNDING.set(site_rounding())
	parts = split_out_of_hours(result.statement.lines, out_of_hours_rate(result.plan))
	origin = {id(part): line for part, line in parts}
	for group in group_lines([part for part, _line in parts]):
		row = group_row(group, result, entries, item_of)
		row["idx"] = len(rows) + 1  # the row's place in the act: its logs name it by it until it has a name
		rows.append(row)
		for part in group.lines:
			# a log split into office and out-of-hours hours names its first line (office hours)
			row_of.setdefault(id(origin[id(part)]), row)
			if part.source and part.amount > 0:  # what the log costs on this line, unrounded
				shares.setdefault(part.source, []).append((row["idx"], part.qty * part.rate))
	logs: dict[str, frappe._dict] = {}
	# the claims keep the logs in the statement's order
	for position, line in enumerate(result.statement.lines):
		add_log(logs, line, row_of[id(line)], position, result, entries, item_of, text_of)
	for source, log in logs.items():
		log.shares = shares.get(source, [])  # (act line, qty x rate of the log's part on it)
	return rows, list(logs.values())


def share_rows_among_logs(act) -> None:
	"""Each chargeable log's amount is its share of the act lines it is summed into, so the logs
	(the claims, the annex) add up to the act's lines to the cent: a line is priced once
	(qty x rate, as its invoice item), its logs' own roundings need not add up to it."""
	logs = act.flags.logs
	if not logs:
		return
	step = Decimal(1).scaleb(-act.precision("net_total"))
	amounts = {row.idx: Decimal(str(row.amount)).quantize(step) for row in act.items}
	by_row: dict[int, list] = {}
	for log in logs:
		for idx, weight in log.shares or ():
			by_row.setdefault(idx, []).append((log, weight))
	owed: dict[str, Decimal] = {}
	for idx, parts in by_row.items():
		shared = share_amount(amounts.get(idx, Decimal(0)), [weight for _log, weight in parts], step)
		for (log, _weight), share in zip(parts, shared, strict=True):
			owed[log.source] = owed.get(log.source, Decimal(0)) + share
	for log in logs:
		if log.shares:
			log.amount = float(owed[log.source])


def items_once(item_of):
	"""A line's invoice item depends on its kind and subject only (a material's subject is its
	item): found once per pair, not twice per log."""
	found: dict[tuple, str | None] = {}

	def item(line: PricedLine) -> str | None:
		key = (line.kind, line.subject)
		if key not in found:
			found[key] = item_of(line)
		return found[key]

	return item


def out_of_hours_rate(plan):
	"""rate -> the out-of-hours rate: rate x the plan's multiplier, to the currency's precision (a
	rate an invoice item can carry)."""
	terms = billing_plan_of(plan)

	def rate_of(rate: Decimal) -> Decimal:
		return money(terms, rate * terms.out_of_hours_multiplier)

	return rate_of


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
