"""What an act says, in the language it is printed in.

Jinja methods of the "Act of Completed Works" print format (hooks `jinja`). The print language
is `frappe.local.lang` (the print view's language, `frappe.translate.print_language`), so every
text here is made at print time, never stored:
- a line's description from its codes (kind, billing class, activity type, travel zone,
  the item's own name, hours) — the billing engine gives data, never words; an act line keeps
  the text made in its maker's language, shown only for lines without codes;
- dates in the language's own form;
- the amount in words as an accountant writes it (currency name declined, the fraction in
  digits, no "only");
- the parties' legal details from the ERP's Company and Customer;
- the allowance used and left.
"""

import re
from datetime import datetime

import babel.dates
from babel.core import UnknownLocaleError

import frappe
from frappe import _
from frappe.utils import flt, fmt_money, get_datetime, get_number_format_info, getdate
from frappe.utils.caching import request_cache

from b2b_helpdesk.engine.billing import LineKind, PricedLine

CONTEXT = "Act of Completed Works"
EXTRA = "Billable Extra"
NON_BILLABLE = "Warranty / Non-billable"

# how an accountant joins the whole amount and its fraction ("... US dollars and 05 cents")
FRACTION_JOINS = {"en": " and", "pt": " e"}


# --- lines --------------------------------------------------------------------------------------


def line_codes(line: PricedLine) -> dict:
	"""What an act line's text is built from at print time: the billing class, the activity type
	and its out-of-hours share, the travel zone (the material's item is the line's item_code)."""
	if line.billing_class is None:
		return {}
	codes = {"billing_class": line.billing_class.value}
	if line.kind in (LineKind.LABOUR, LineKind.OVERAGE):
		codes["activity_type"] = line.subject
		if line.out_of_hours:
			codes["out_of_hours"] = float(line.out_of_hours)
	elif line.kind is LineKind.TRIP:
		codes["travel_zone"] = line.subject
	return codes


def line_text(line: PricedLine, item_code: str | None = None) -> str:
	"""A priced line's words in the current language (the act's stored text, the contract's preview)."""
	row = frappe._dict(
		kind=line.kind.value, qty=line.qty, uom=line.uom, item_code=item_code, **line_codes(line)
	)
	return act_line_text(row)


def act_line_text(row) -> str:
	"""The line's description in the print language, built from its codes."""
	build = {
		"Fee": _fee_text,
		"Labour": _labour_text,
		"Overage": _overage_text,
		"Trip": _trip_text,
		"Material": _material_text,
		"Adjustment": _adjustment_text,
	}.get(row.kind)
	return (build(row) if build else None) or row.description or ""


def _fee_text(row) -> str:
	return _("Subscription fee", context=CONTEXT)


def _labour_text(row) -> str | None:
	if not row.activity_type:
		return None
	work, hours = _(row.activity_type), _hours_text(row.qty, row.out_of_hours)
	if row.billing_class == EXTRA:
		return _("Extra labour: {0} ({1})", context=CONTEXT).format(work, hours)
	if row.billing_class == NON_BILLABLE:
		return _("Non-billable labour: {0} ({1})", context=CONTEXT).format(work, hours)
	return _("Labour: {0} ({1})", context=CONTEXT).format(work, hours)


def _overage_text(row) -> str | None:
	if not row.activity_type:
		return None
	return _("Overage: {0} ({1} beyond allowance)", context=CONTEXT).format(
		_(row.activity_type), _amount_of(row.qty, row.uom)
	)


def _trip_text(row) -> str | None:
	if not row.billing_class:
		return None
	zone = _(row.travel_zone) if row.travel_zone else None
	if row.billing_class == NON_BILLABLE:
		return (
			_("Non-billable trip: {0}", context=CONTEXT).format(zone)
			if zone
			else _("Non-billable trip", context=CONTEXT)
		)
	return _("Trip: {0}", context=CONTEXT).format(zone) if zone else _("Trip", context=CONTEXT)


def _material_text(row) -> str | None:
	if not row.billing_class or not row.item_code:
		return None
	name = _(frappe.get_cached_value("Item", row.item_code, "item_name") or row.item_code)
	if row.billing_class == NON_BILLABLE:
		return _("Non-billable material: {0}", context=CONTEXT).format(name)
	return _("Material: {0}", context=CONTEXT).format(name)


def _adjustment_text(row) -> str | None:
	if not row.breached_tickets:
		return None
	return _("SLA credit: {0} ticket(s) with a breached SLA").format(row.breached_tickets)


def _hours_text(hours, out_of_hours) -> str:
	if flt(out_of_hours, 3) > 0:
		return _("{0} h, {1} h out of hours", context=CONTEXT).format(
			act_quantity(hours), act_quantity(out_of_hours)
		)
	return _("{0} h", context=CONTEXT).format(act_quantity(hours))


def _amount_of(qty, uom: str | None) -> str:
	"""An amount in the plan's unit: "1.5 h", "2 units", "3 points"."""
	if uom == "Unit":
		return _("{0} units", context=CONTEXT).format(act_quantity(qty))
	if uom == "Point":
		return _("{0} points", context=CONTEXT).format(act_quantity(qty))
	return _("{0} h", context=CONTEXT).format(act_quantity(qty))


@request_cache
def act_quantity(value) -> str:
	"""A quantity with as few decimals as it needs, at most 3: 1, 2.5, 0.25 (made once per value in
	a request: the logs of a large act repeat a few quantities)."""
	value = flt(value, 3)
	precision = next(p for p in (0, 1, 2, 3) if flt(value, p) == value)
	return fmt_money(value, precision=precision)


# --- the allowance ------------------------------------------------------------------------------

UNIT_UOM = {"Hours": "Hour", "Units": "Unit", "Points": "Point"}


def act_allowance_text(doc) -> str:
	"""The period's allowance, what the act used of it, what is left and what went beyond it."""
	if not (flt(doc.allowance) or flt(doc.allowance_used) or flt(doc.overage)):
		return ""
	unit = (
		frappe.get_cached_value("Service Billing Plan", doc.billing_plan, "billing_unit")
		if doc.billing_plan
		else None
	)
	uom = UNIT_UOM.get(unit, "Hour")
	text = _("Allowance for the period: {0}; used: {1}; left: {2}.", context=CONTEXT).format(
		_amount_of(doc.allowance, uom),
		_amount_of(doc.allowance_used, uom),
		_amount_of(doc.allowance_left, uom),
	)
	if flt(doc.overage):
		text += " " + _("Beyond the allowance: {0}.", context=CONTEXT).format(_amount_of(doc.overage, uom))
	return text


# --- dates --------------------------------------------------------------------------------------


def act_date(value, long: bool = False) -> str:
	"""A date as the print language writes it: "18.05.2026" / "5/18/2026", or long:
	"18 мая 2026 г." / "May 18, 2026"."""
	if not value:
		return ""
	day, locale = getdate(value), _locale()
	if long:
		return babel.dates.format_date(day, "long", locale=locale)
	return babel.dates.format_date(day, _numeric_pattern(locale), locale=locale)


def act_datetime(value) -> str:
	"""A moment as the print language writes it, to the minute: "02.06.2026 11:30"."""
	if not value:
		return ""
	moment: datetime = get_datetime(value)
	return f"{act_date(moment.date())} {babel.dates.format_time(moment, 'HH:mm', locale=_locale())}"


def _numeric_pattern(locale: str) -> str:
	"""The language's short date pattern with the full year (M/d/yy -> M/d/y)."""
	return re.sub(r"(?<!y)yy(?!y)", "y", babel.dates.get_date_format("short", locale=locale).pattern)


def _locale() -> str:
	locale = (frappe.local.lang or "en").replace("-", "_")
	try:
		babel.dates.get_date_format("short", locale=locale)
	except (UnknownLocaleError, ValueError):
		return "en"
	return locale


# --- the amount in words ------------------------------------------------------------------------


def act_amount_in_words(amount, currency: str) -> str:
	"""The amount as an accountant writes it in the print language, e.g.
	"Одна тысяча пятьсот девяносто рублей 05 копеек", "One thousand, five hundred and ninety
	US dollars and 05 cents": the whole amount in words, the currency's name declined, the fraction
	in digits, no "only"."""
	from num2words import num2words

	lang = frappe.local.lang or "en"
	digits = _fraction_digits(currency)
	amount = flt(amount, digits)
	words = None
	if digits == 2:  # num2words knows cents, not other fractions
		for code in _num2words_langs(lang):
			try:
				words = num2words(
					amount,
					lang=code,
					to="currency",
					currency=currency,
					cents=False,
					adjective=True,
					separator=FRACTION_JOINS.get(code.split("_")[0], ""),
				)
				break
			except (NotImplementedError, TypeError, KeyError, OverflowError):
				continue
	words = words or _plain_amount_in_words(amount, currency, digits, lang)
	return words[:1].upper() + words[1:]


def _fraction_digits(currency: str | None) -> int:
	"""Decimals the currency is written with (its number format, else the system's), as Frappe's
	own `money_in_words` counts them."""
	number_format = (
		(frappe.get_cached_value("Currency", currency, "number_format") if currency else None)
		or frappe.db.get_default("number_format")
		or "#,###.##"
	)
	return get_number_format_info(number_format)[2]


def _plain_amount_in_words(amount: float, currency: str | None, digits: int, lang: str) -> str:
	"""Where num2words does not know the currency in this language: the whole amount in words,
	the currency's name, the fraction in digits with its name ("千五百九十 US Dollar 05 Cent")."""
	row = (
		frappe.get_cached_value("Currency", currency, ["currency_name", "fraction"], as_dict=True)
		if currency
		else None
	) or frappe._dict()
	whole = int(abs(amount))
	words = f"{_cardinal(whole, lang)} {_(row.currency_name or currency or '')}".strip()
	if amount < 0:
		words = f"- {words}"
	if digits:
		part = round((abs(amount) - whole) * 10**digits)
		words += f" {part:0{digits}d}"
		if row.fraction:
			words += f" {_(row.fraction)}"
	return words


def _cardinal(number: int, lang: str) -> str:
	"""The number in words in the language, or in digits where num2words does not speak it."""
	from num2words import num2words

	for code in _num2words_langs(lang):
		try:
			return num2words(number, lang=code)
		except (NotImplementedError, OverflowError):
			continue
	return fmt_money(number, precision=0)


def _num2words_langs(lang: str) -> list[str]:
	"""num2words' names for a Frappe language: "pt-BR" -> ["pt_BR", "pt"]."""
	full = lang.replace("-", "_")
	base = full.split("_")[0]
	return [full] if full == base else [full, base]


# --- the parties --------------------------------------------------------------------------------


def act_party(doctype: str, name: str | None) -> frappe._dict:
	"""A party's legal details from the ERP: its name, tax id and address on one line."""
	if not name:
		return frappe._dict()
	if doctype == "Company":
		row = frappe.db.get_value("Company", name, ["company_name as legal_name", "tax_id"], as_dict=True)
		address = _legal_address("Company", name)
	else:
		row = frappe.db.get_value(
			"Customer",
			name,
			["customer_name as legal_name", "tax_id", "customer_primary_address"],
			as_dict=True,
		)
		address = (row and row.customer_primary_address) or _legal_address("Customer", name)
	row = row or frappe._dict()
	return frappe._dict(name=row.legal_name or name, tax_id=row.tax_id, address=_one_line(address))


def _legal_address(link_doctype: str, link_name: str) -> str | None:
	"""The party's primary address, else its billing address (never a mere service location)."""
	rows = frappe.get_all(
		"Address",
		filters=[
			["Dynamic Link", "link_doctype", "=", link_doctype],
			["Dynamic Link", "link_name", "=", link_name],
			["Address", "disabled", "=", 0],
		],
		fields=["name", "is_primary_address", "address_type"],
		order_by="`tabAddress`.`is_primary_address` desc, `tabAddress`.`creation` asc",
	)
	return next((r.name for r in rows if r.is_primary_address or r.address_type == "Billing"), None)


def _one_line(address: str | None) -> str:
	if not address:
		return ""
	a = frappe.db.get_value(
		"Address",
		address,
		["address_line1", "address_line2", "city", "state", "pincode", "country"],
		as_dict=True,
	)
	if not a:
		return ""
	parts = (
		a.address_line1,
		a.address_line2,
		a.city,
		a.state,
		a.pincode,
		_(a.country) if a.country else None,
	)
	return ", ".join(part for part in parts if part)
