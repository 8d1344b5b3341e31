"""Service billing: what one contract costs the client for one billing period.

Pure rules, no Frappe (standard library only). The ERP side turns the contract's billing plan
into a `BillingPlan`, the period's timesheet rows, trips and materials into entries, calls
`price_period` and turns the returned `Statement` into invoice and act lines.

Money is `Decimal`, rounded to `plan.precision` by `plan.rounding` (ROUND_HALF_UP unless the ERP
rounds half-even, as its banker's rounding does) exactly where a line amount is fixed; the total
is the exact sum of the rounded line amounts, so the lines always add up.

Quantities
- A work log is billed `billed_minutes(plan, minutes)`: rounded UP to `plan.rounding_minutes`
  (0 = exact minutes), and at least `plan.minimum_minutes`.
- Its out-of-hours share is proportional: out-of-hours billed minutes =
  billed × out_of_hours_minutes / minutes; the rest is in-hours.
- Hours are fixed once per log, before anything else: billed hours = billed / 60 and
  out-of-hours hours = billed × out_of_hours_minutes / (minutes × 60), each rounded half-up to
  `QTY_PLACES` (9) decimals (exact whenever the minutes are a multiple of 3, e.g. with a
  15-minute increment); in-hours hours = billed hours - out-of-hours hours. Every amount and
  every consumption of the allowance is computed from these fixed hours, so what a line shows
  is what it costs.
- A covered log's consumption of the allowance (in the plan's unit) is rounded half-up to
  `QTY_PLACES` decimals once; allowance arithmetic on those values is exact.

Lines, in this order (each group in (when, source) order)
1. FEE: "Subscription fee", qty 1 "Period", when `plan.fee` > 0.
2. Work, one LABOUR line per log (qty = the log's billed hours, uom "Hour"), followed by an
   OVERAGE line when part of a covered log lies beyond the allowance:
   - Warranty / Non-billable: rate 0, amount 0, consumes nothing.
   - Billable Extra: rate = the activity rule's rate, else `plan.default_rate` (a rule's explicit
     rate of 0 counts as a rate; no rule rate and a zero default is `no_rate`); amount =
     round(in-hours × rate + out-of-hours × rate × `out_of_hours_multiplier`). Consumes nothing.
   - Covered by Subscription: consumes the allowance (see below); the LABOUR line is free and
     carries `allowance_used` (the part that fitted, possibly 0); the part beyond the allowance
     is an OVERAGE line: qty = that excess in the plan unit ("Hour" / "Unit" / "Point"), rate =
     `plan.overage_rate`, amount = round(qty × rate). A log straddling the end of the allowance
     thus gives a LABOUR line with the covered part and an OVERAGE line with the excess.
3. TRIP lines, qty 1 "Trip": covered and extra trips cost the zone's fee (trips are never inside
   the allowance; an unknown zone is `no_trip_fee`); non-billable trips are free lines.
4. MATERIAL lines, uom "Piece": covered and extra materials cost round(qty × rate);
   non-billable materials are free lines (rate 0).

Consumption of a covered log, in the plan unit
- HOURS: in-hours + out-of-hours × multiplier.
- UNITS: the activity's `units_per_job` when set (independent of time and multiplier), else
  (in-hours + out-of-hours × multiplier) × `units_per_hour`; neither is `no_conversion`.
  Only covered logs need a conversion.
- POINTS: a ticket costs the points of its category once per period, charged on its first
  covered log; its later covered logs consume 0. The ticket's category is the one its covered
  logs name (logs without a category do not count); two different categories for one ticket are
  `category_conflict`; no category or a category without points falls back to
  `plan.default_points`, and without that it is `no_points`.

The allowance and carry-over
- Available = this period's `plan.allowance` plus the carried-in amounts. Covered logs consume
  it in (when, source) order, taking the oldest carried amount first, then the next, and this
  period's own allowance last.
- `carried_in` lists unused allowance of earlier periods, oldest first, its LAST item coming from
  the period just before this one (the second-last from two periods back, and so on). With
  `carry_over_periods` = N only the last N items count (older ones have expired); with N = 0
  `carried_in` is ignored and `carry_out` is ().
- An amount may be used in at most N periods after its own. `carry_out` lists what is left of
  the amounts that may still be used next period, in the same layout: the remainders of the last
  N - 1 carried-in items, followed by the remainder of this period's own allowance (so its length
  is min(len(counted carried_in) + 1, N); zeros are kept to hold the positions). With N = 1 it
  is (unused own allowance,): a carried-in amount never carries again.

Errors (`BillingError`, with `.code` and `.source`) are raised for the first problem found, in
this order: the plan (`bad_plan`), `carried_in` (`bad_carry`), duplicate sources, the shape of
each entry (work, then materials), then while pricing (work, trips, materials), each kind in
(when, source) order. Everything is sorted first, so the result and the error never depend on
the order of the inputs.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow, localcontext
from enum import Enum

QTY_PLACES = 9
"""Decimal places of hours and of allowance consumption (Frappe's finest float precision)."""

MINUTES_PER_HOUR = 60

_CONTEXT = Context(prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow])
"""Wide enough that sums and products of realistic quantities and money are exact."""

# error codes
BAD_MINUTES = "bad_minutes"
NO_RATE = "no_rate"
NO_CONVERSION = "no_conversion"
NO_POINTS = "no_points"
CATEGORY_CONFLICT = "category_conflict"
NO_TRIP_FEE = "no_trip_fee"
DUPLICATE_SOURCE = "duplicate_source"
NEGATIVE_QTY = "negative_qty"
NEGATIVE_RATE = "negative_rate"
BAD_PLAN = "bad_plan"
BAD_CARRY = "bad_carry"

ADVISORY_PROBLEMS = frozenset({"carry_without_allowance"})
"""Plan problems worth showing that still let `price_period` run."""


class BillingUnit(str, Enum):
	HOURS = "Hours"
	UNITS = "Units"
	POINTS = "Points"


class BillingClass(str, Enum):
	SUBSCRIPTION = "Covered by Subscription"
	EXTRA = "Billable Extra"
	NON_BILLABLE = "Warranty / Non-billable"


class LineKind(str, Enum):
	FEE = "Fee"
	LABOUR = "Labour"
	OVERAGE = "Overage"
	TRIP = "Trip"
	MATERIAL = "Material"


UOM_OF_UNIT = {BillingUnit.HOURS: "Hour", BillingUnit.UNITS: "Unit", BillingUnit.POINTS: "Point"}
_SHORT_UNIT = {BillingUnit.HOURS: "h", BillingUnit.UNITS: "units", BillingUnit.POINTS: "points"}


class BillingError(ValueError):
	"""Why a period cannot be priced: `code` (see the module docstring) and the entry's `source`."""

	def __init__(self, code: str, source: str | None = None, detail: str = "") -> None:
		self.code = code
		self.source = source
		self.detail = detail
		super().__init__(": ".join(part for part in (code, source, detail) if part))

	def __reduce__(self):
		return (type(self), (self.code, self.source, self.detail))


# ---------------------------------------------------------------------------
# inputs


def to_decimal(value: Decimal | int | float | str) -> Decimal:
	"""A finite Decimal; floats go through their shortest repr (12.345 -> Decimal("12.345"))."""
	if isinstance(value, bool):
		raise TypeError(f"not a number: {value!r}")
	if isinstance(value, Decimal):
		result = value
	elif isinstance(value, int):
		result = Decimal(value)
	elif isinstance(value, float | str):
		result = Decimal(str(value))
	else:
		raise TypeError(f"not a number: {value!r}")
	if not result.is_finite():
		raise ValueError(f"not a finite number: {value!r}")
	return result


def _optional_decimal(value: Decimal | int | float | str | None) -> Decimal | None:
	return None if value is None else to_decimal(value)


def _pairs(value) -> tuple[tuple[str, Decimal], ...]:
	"""(key, Decimal) pairs from pairs or a mapping, order kept."""
	items = value.items() if isinstance(value, Mapping) else value
	return tuple((key, to_decimal(amount)) for key, amount in items)


def _coerce(obj, name: str, convert) -> None:
	object.__setattr__(obj, name, convert(getattr(obj, name)))


@dataclass(frozen=True)
class ActivityRule:
	activity_type: str
	rate: Decimal | None = None  # money per hour for billable-extra labour (overrides plan.default_rate)
	units_per_hour: Decimal | None = None  # UNITS plans: units = billed hours × this
	units_per_job: Decimal | None = None  # UNITS plans: fixed units per log (wins over units_per_hour)

	def __post_init__(self) -> None:
		for name in ("rate", "units_per_hour", "units_per_job"):
			_coerce(self, name, _optional_decimal)


@dataclass(frozen=True)
class BillingPlan:
	"""A contract's billing terms. Numbers may be given as int/float/str; they are stored as Decimal."""

	unit: BillingUnit
	fee: Decimal = Decimal(0)  # subscription fee per period
	allowance: Decimal = Decimal(0)  # per period, in `unit`
	default_rate: Decimal = Decimal(0)  # money per hour for billable-extra labour
	overage_rate: Decimal = Decimal(0)  # money per `unit` beyond the allowance
	rounding_minutes: int = 0  # each log is rounded UP to this increment (0 = exact minutes)
	minimum_minutes: int = 0  # each log counts at least this long
	out_of_hours_multiplier: Decimal = Decimal(1)  # on the out-of-hours share of a log
	activity_rules: tuple[ActivityRule, ...] = ()
	points_per_category: tuple[tuple[str, Decimal], ...] = ()  # POINTS plans: category -> points
	default_points: Decimal | None = None  # points of a category without an entry (None: error)
	trip_fees: tuple[tuple[str, Decimal], ...] = ()  # zone -> fee per trip
	carry_over_periods: int = 0  # unused allowance may be used in at most this many later periods
	precision: int = 2  # currency precision
	rounding: str = ROUND_HALF_UP  # how money is rounded: the ERP's rounding method (half-even = banker's)

	def __post_init__(self) -> None:
		_coerce(self, "unit", BillingUnit)
		for name in ("fee", "allowance", "default_rate", "overage_rate", "out_of_hours_multiplier"):
			_coerce(self, name, to_decimal)
		_coerce(self, "activity_rules", tuple)
		_coerce(self, "points_per_category", _pairs)
		_coerce(self, "default_points", _optional_decimal)
		_coerce(self, "trip_fees", _pairs)

	def rule_for(self, activity_type: str) -> ActivityRule | None:
		return next((rule for rule in self.activity_rules if rule.activity_type == activity_type), None)


@dataclass(frozen=True)
class WorkEntry:
	"""One labour log (a Timesheet row)."""

	source: str  # unique id of the source row, e.g. "Timesheet Detail:abc123"
	ticket: str
	when: datetime  # start of the work (orders the consumption of the allowance)
	minutes: int  # > 0
	activity_type: str
	billing_class: BillingClass
	out_of_hours_minutes: int = 0  # part of `minutes` outside the service calendar (0..minutes)
	category: str | None = None  # the ticket's category (POINTS plans)

	def __post_init__(self) -> None:
		_coerce(self, "billing_class", BillingClass)


@dataclass(frozen=True)
class TripEntry:
	source: str
	ticket: str
	when: datetime
	zone: str
	billing_class: BillingClass

	def __post_init__(self) -> None:
		_coerce(self, "billing_class", BillingClass)


@dataclass(frozen=True)
class MaterialEntry:
	source: str
	ticket: str
	when: datetime
	item_code: str
	qty: Decimal
	rate: Decimal
	billing_class: BillingClass

	def __post_init__(self) -> None:
		_coerce(self, "qty", to_decimal)
		_coerce(self, "rate", to_decimal)
		_coerce(self, "billing_class", BillingClass)


# ---------------------------------------------------------------------------
# outputs


@dataclass(frozen=True)
class PricedLine:
	kind: LineKind
	source: str | None  # None for the fee
	ticket: str | None
	description: str  # short English text, not translated (the ERP side translates labels)
	qty: Decimal  # hours / units / points / pieces / 1 for fee and trips
	uom: str  # "Hour", "Unit", "Point", "Piece", "Trip", "Period"
	rate: Decimal
	amount: Decimal  # rounded to the plan's precision
	allowance_used: Decimal = Decimal(0)  # in plan unit, for covered work lines


@dataclass(frozen=True)
class Statement:
	lines: tuple[PricedLine, ...]
	allowance: Decimal  # this period's allowance + counted carried-in amounts
	allowance_used: Decimal
	allowance_left: Decimal  # never negative
	overage: Decimal  # in plan unit
	total: Decimal  # == sum(line.amount)
	carry_out: tuple[Decimal, ...]  # see the module docstring; () when carry_over_periods == 0


# ---------------------------------------------------------------------------
# the plan


def validate_plan(plan: BillingPlan) -> list[str]:
	"""Problem codes for a plan, in a fixed order; [] when it is fine.

	`price_period` refuses a plan with any problem outside `ADVISORY_PROBLEMS`.
	"""
	rules = plan.activity_rules
	points = [amount for _category, amount in plan.points_per_category]
	if plan.default_points is not None:
		points.append(plan.default_points)
	checks = (
		("fee_negative", plan.fee < 0),
		("allowance_negative", plan.allowance < 0),
		(
			"rate_negative",
			plan.default_rate < 0
			or plan.overage_rate < 0
			or any(rule.rate is not None and rule.rate < 0 for rule in rules),
		),
		("bad_multiplier", plan.out_of_hours_multiplier < 1),
		("bad_increment", not _is_int(plan.rounding_minutes) or plan.rounding_minutes < 0),
		("bad_minimum", not _is_int(plan.minimum_minutes) or plan.minimum_minutes < 0),
		("bad_precision", not _is_int(plan.precision) or plan.precision < 0),
		("duplicate_activity", _has_duplicates(rule.activity_type for rule in rules)),
		(
			"bad_conversion",
			any(_negative(rule.units_per_hour) or _negative(rule.units_per_job) for rule in rules),
		),
		("duplicate_category", _has_duplicates(category for category, _points in plan.points_per_category)),
		("points_negative", any(amount < 0 for amount in points)),
		("duplicate_zone", _has_duplicates(zone for zone, _fee in plan.trip_fees)),
		("trip_fee_negative", any(fee < 0 for _zone, fee in plan.trip_fees)),
		("carry_negative", not _is_int(plan.carry_over_periods) or plan.carry_over_periods < 0),
		(
			"carry_without_allowance",
			_is_int(plan.carry_over_periods) and plan.carry_over_periods > 0 and plan.allowance == 0,
		),
	)
	return [code for code, failed in checks if failed]


def _is_int(value) -> bool:
	return isinstance(value, int) and not isinstance(value, bool)


def _negative(value: Decimal | None) -> bool:
	return value is not None and value < 0


def _has_duplicates(keys: Iterable[str]) -> bool:
	keys = list(keys)
	return len(keys) != len(set(keys))


def _check_plan(plan: BillingPlan) -> None:
	fatal = [code for code in validate_plan(plan) if code not in ADVISORY_PROBLEMS]
	if fatal:
		raise BillingError(BAD_PLAN, None, ", ".join(fatal))


# ---------------------------------------------------------------------------
# rounding


def billed_minutes(plan: BillingPlan, minutes: int) -> int:
	"""The minutes a log is billed for: `minutes` rounded UP to `plan.rounding_minutes` (none when 0),
	then raised to `plan.minimum_minutes`. `minutes` must be a positive int (else `bad_minutes`)."""
	if not _is_int(minutes) or minutes <= 0:
		raise BillingError(BAD_MINUTES, None, f"minutes must be a positive whole number, not {minutes!r}")
	increment = plan.rounding_minutes
	rounded = -(-minutes // increment) * increment if increment > 0 else minutes
	return max(rounded, plan.minimum_minutes)


def money(plan: BillingPlan, value: Decimal) -> Decimal:
	"""`value` rounded to the plan's currency precision by the plan's rounding (half-up by default)."""
	return value.quantize(Decimal(1).scaleb(-plan.precision), rounding=plan.rounding)


def _quantity(value: Decimal) -> Decimal:
	"""A quantity rounded half-up to QTY_PLACES decimals."""
	return value.quantize(Decimal(1).scaleb(-QTY_PLACES), rounding=ROUND_HALF_UP)


def _ratio(numerator: int, denominator: int) -> Decimal:
	"""numerator / denominator (both >= 0, denominator > 0) rounded half-up to QTY_PLACES decimals,
	in exact integer arithmetic."""
	scaled, remainder = divmod(numerator * 10**QTY_PLACES, denominator)
	if 2 * remainder >= denominator:
		scaled += 1
	return Decimal(scaled).scaleb(-QTY_PLACES)


def _tidy(value: Decimal) -> Decimal:
	"""The same number without trailing zeros (and without an exponent for whole numbers)."""
	normal = value.normalize()
	return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal


def _show(value: Decimal) -> str:
	"""A quantity for a description: at most 3 decimals, no trailing zeros."""
	return format(_tidy(value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)), "f")


# ---------------------------------------------------------------------------
# pricing


@dataclass(frozen=True)
class LogHours:
	"""A work log's billed time, fixed once (see the module docstring)."""

	billed_minutes: int
	hours: Decimal
	in_hours: Decimal
	out_of_hours: Decimal

	def weighted(self, multiplier: Decimal) -> Decimal:
		"""Hours with the out-of-hours share counted `multiplier` times (not rounded)."""
		return self.in_hours + self.out_of_hours * multiplier


def log_hours(plan: BillingPlan, entry: WorkEntry) -> LogHours:
	"""Billed hours of a log and their split into in-hours and out-of-hours (proportional)."""
	_check_minutes(entry)
	billed = billed_minutes(plan, entry.minutes)
	hours = _ratio(billed, MINUTES_PER_HOUR)
	out_of_hours = _ratio(billed * entry.out_of_hours_minutes, entry.minutes * MINUTES_PER_HOUR)
	return LogHours(billed, hours, hours - out_of_hours, out_of_hours)


def price_period(
	plan: BillingPlan,
	work: Iterable[WorkEntry] = (),
	trips: Iterable[TripEntry] = (),
	materials: Iterable[MaterialEntry] = (),
	carried_in: tuple[Decimal, ...] = (),
) -> Statement:
	"""The statement of one contract for one period; the rules are in the module docstring."""
	with localcontext(_CONTEXT):
		_check_plan(plan)
		carried = _counted_carry(plan, carried_in)
		work, trips, materials = _in_order(work), _in_order(trips), _in_order(materials)
		_check_entries(work, trips, materials)
		work_lines, left = _price_work(plan, work, (*carried, plan.allowance))
		lines = (
			*_fee_lines(plan),
			*work_lines,
			*(_trip_line(plan, trip) for trip in trips),
			*(_material_line(plan, material) for material in materials),
		)
		return _statement(plan, lines, carried, left)


def _in_order(entries: Iterable) -> tuple:
	return tuple(sorted(entries, key=lambda entry: (entry.when, entry.source)))


def _counted_carry(plan: BillingPlan, carried_in: Iterable[Decimal]) -> tuple[Decimal, ...]:
	"""The carried-in amounts that still count (the last `carry_over_periods`), oldest first."""
	if plan.carry_over_periods == 0:
		return ()
	amounts = tuple(to_decimal(amount) for amount in carried_in)
	if any(amount < 0 for amount in amounts):
		raise BillingError(BAD_CARRY, None, "a carried-in allowance is negative")
	return amounts[-plan.carry_over_periods :]


def _check_entries(
	work: tuple[WorkEntry, ...], trips: tuple[TripEntry, ...], materials: tuple[MaterialEntry, ...]
) -> None:
	"""Duplicate sources (the smallest one is reported), bad minutes, bad material quantities or rates."""
	sources = Counter(entry.source for entry in (*work, *trips, *materials))
	duplicates = sorted(source for source, count in sources.items() if count > 1)
	if duplicates:
		raise BillingError(DUPLICATE_SOURCE, duplicates[0], "two entries share this source")
	for entry in work:
		_check_minutes(entry)
	for material in materials:
		if material.qty <= 0:
			raise BillingError(
				NEGATIVE_QTY, material.source, f"quantity must be positive, not {material.qty}"
			)
		if material.rate < 0:
			raise BillingError(
				NEGATIVE_RATE, material.source, f"rate must not be negative, not {material.rate}"
			)


def _check_minutes(entry: WorkEntry) -> None:
	minutes, out_of_hours = entry.minutes, entry.out_of_hours_minutes
	if not _is_int(minutes) or minutes <= 0:
		raise BillingError(
			BAD_MINUTES, entry.source, f"minutes must be a positive whole number, not {minutes!r}"
		)
	if not _is_int(out_of_hours) or not 0 <= out_of_hours <= minutes:
		raise BillingError(
			BAD_MINUTES, entry.source, f"out-of-hours minutes must lie in 0..{minutes}, not {out_of_hours!r}"
		)


def _fee_lines(plan: BillingPlan) -> tuple[PricedLine, ...]:
	if plan.fee <= 0:
		return ()
	return (
		PricedLine(
			LineKind.FEE,
			None,
			None,
			"Subscription fee",
			Decimal(1),
			"Period",
			plan.fee,
			money(plan, plan.fee),
		),
	)


def _price_work(
	plan: BillingPlan, work: tuple[WorkEntry, ...], buckets: tuple[Decimal, ...]
) -> tuple[list[PricedLine], tuple[Decimal, ...]]:
	"""LABOUR (and OVERAGE) lines of the logs in order, and what is left of the allowance buckets."""
	charged_on = _ticket_charges(plan, work)
	lines: list[PricedLine] = []
	for entry in work:
		hours = log_hours(plan, entry)
		if entry.billing_class is BillingClass.NON_BILLABLE:
			lines.append(_labour_line(plan, entry, hours, "Non-billable labour"))
		elif entry.billing_class is BillingClass.EXTRA:
			lines.append(_extra_line(plan, entry, hours))
		else:
			consumption = _consumption(plan, entry, hours, charged_on.get(entry.source, Decimal(0)))
			covered, buckets = _consume(buckets, consumption)
			lines.append(_labour_line(plan, entry, hours, "Labour", covered))
			if consumption > covered:
				lines.append(_overage_line(plan, entry, consumption - covered))
	return lines, buckets


def _ticket_charges(plan: BillingPlan, work: tuple[WorkEntry, ...]) -> dict[str, Decimal]:
	"""POINTS plans: source of each ticket's first covered log -> the ticket's points."""
	if plan.unit is not BillingUnit.POINTS:
		return {}
	covered = [entry for entry in work if entry.billing_class is BillingClass.SUBSCRIPTION]
	first: dict[str, WorkEntry] = {}
	categories: dict[str, set[str]] = {}
	for entry in covered:
		first.setdefault(entry.ticket, entry)
		if entry.category is not None:
			categories.setdefault(entry.ticket, set()).add(entry.category)
	return {
		entry.source: _ticket_points(plan, entry, categories.get(ticket, set()))
		for ticket, entry in first.items()
	}


def _ticket_points(plan: BillingPlan, first: WorkEntry, categories: set[str]) -> Decimal:
	if len(categories) > 1:
		raise BillingError(
			CATEGORY_CONFLICT,
			first.source,
			f"ticket {first.ticket} has categories {', '.join(sorted(categories))}",
		)
	category = next(iter(categories), None)
	points = dict(plan.points_per_category).get(category) if category is not None else None
	if points is None:
		points = plan.default_points
	if points is None:
		raise BillingError(
			NO_POINTS, first.source, f"no points for category {category!r} of ticket {first.ticket}"
		)
	return points


def _consumption(plan: BillingPlan, entry: WorkEntry, hours: LogHours, ticket_points: Decimal) -> Decimal:
	"""What a covered log takes from the allowance, in the plan unit (rounded to QTY_PLACES)."""
	multiplier = plan.out_of_hours_multiplier
	if plan.unit is BillingUnit.HOURS:
		return _quantity(hours.weighted(multiplier))
	if plan.unit is BillingUnit.POINTS:
		return _quantity(ticket_points)
	rule = plan.rule_for(entry.activity_type)
	if rule is not None and rule.units_per_job is not None:
		return _quantity(rule.units_per_job)
	if rule is not None and rule.units_per_hour is not None:
		return _quantity(hours.weighted(multiplier) * rule.units_per_hour)
	raise BillingError(
		NO_CONVERSION, entry.source, f"activity {entry.activity_type!r} has no units per hour or per job"
	)


def _consume(buckets: tuple[Decimal, ...], wanted: Decimal) -> tuple[Decimal, tuple[Decimal, ...]]:
	"""Take up to `wanted` from the buckets, oldest first: (taken, buckets left)."""
	left = []
	taken = Decimal(0)
	for bucket in buckets:
		part = min(bucket, wanted - taken)
		taken += part
		left.append(bucket - part)
	return taken, tuple(left)


def _labour_text(prefix: str, entry: WorkEntry, hours: LogHours) -> str:
	shown = f"{_show(hours.hours)} h"
	if hours.out_of_hours > 0:
		shown += f", {_show(hours.out_of_hours)} h out of hours"
	return f"{prefix}: {entry.activity_type} ({shown})"


def _labour_line(
	plan: BillingPlan, entry: WorkEntry, hours: LogHours, prefix: str, allowance_used: Decimal = Decimal(0)
) -> PricedLine:
	"""A free LABOUR line (covered or non-billable work)."""
	return PricedLine(
		LineKind.LABOUR,
		entry.source,
		entry.ticket,
		_labour_text(prefix, entry, hours),
		_tidy(hours.hours),
		"Hour",
		Decimal(0),
		money(plan, Decimal(0)),
		_tidy(allowance_used),
	)


def _extra_rate(plan: BillingPlan, entry: WorkEntry) -> Decimal:
	rule = plan.rule_for(entry.activity_type)
	if rule is not None and rule.rate is not None:
		return rule.rate
	if plan.default_rate > 0:
		return plan.default_rate
	raise BillingError(NO_RATE, entry.source, f"no rate for activity {entry.activity_type!r}")


def _extra_line(plan: BillingPlan, entry: WorkEntry, hours: LogHours) -> PricedLine:
	rate = _extra_rate(plan, entry)
	amount = money(plan, hours.in_hours * rate + hours.out_of_hours * rate * plan.out_of_hours_multiplier)
	return PricedLine(
		LineKind.LABOUR,
		entry.source,
		entry.ticket,
		_labour_text("Extra labour", entry, hours),
		_tidy(hours.hours),
		"Hour",
		rate,
		amount,
	)


def _overage_line(plan: BillingPlan, entry: WorkEntry, excess: Decimal) -> PricedLine:
	return PricedLine(
		LineKind.OVERAGE,
		entry.source,
		entry.ticket,
		f"Overage: {entry.activity_type} ({_show(excess)} {_SHORT_UNIT[plan.unit]} beyond allowance)",
		_tidy(excess),
		UOM_OF_UNIT[plan.unit],
		plan.overage_rate,
		money(plan, excess * plan.overage_rate),
	)


def _trip_line(plan: BillingPlan, trip: TripEntry) -> PricedLine:
	if trip.billing_class is BillingClass.NON_BILLABLE:
		prefix, rate = "Non-billable trip", Decimal(0)
	else:
		fee = dict(plan.trip_fees).get(trip.zone)
		if fee is None:
			raise BillingError(NO_TRIP_FEE, trip.source, f"no trip fee for zone {trip.zone!r}")
		prefix, rate = "Trip", fee
	return PricedLine(
		LineKind.TRIP,
		trip.source,
		trip.ticket,
		f"{prefix}: {trip.zone}",
		Decimal(1),
		"Trip",
		rate,
		money(plan, rate),
	)


def _material_line(plan: BillingPlan, material: MaterialEntry) -> PricedLine:
	if material.billing_class is BillingClass.NON_BILLABLE:
		prefix, rate = "Non-billable material", Decimal(0)
	else:
		prefix, rate = "Material", material.rate
	return PricedLine(
		LineKind.MATERIAL,
		material.source,
		material.ticket,
		f"{prefix}: {material.item_code}",
		material.qty,
		"Piece",
		rate,
		money(plan, material.qty * rate),
	)


def _statement(
	plan: BillingPlan, lines: tuple[PricedLine, ...], carried: tuple[Decimal, ...], left: tuple[Decimal, ...]
) -> Statement:
	allowance = sum(carried, Decimal(0)) + plan.allowance
	used = sum((line.allowance_used for line in lines), Decimal(0))
	overage = sum((line.qty for line in lines if line.kind is LineKind.OVERAGE), Decimal(0))
	return Statement(
		lines=lines,
		allowance=_tidy(allowance),
		allowance_used=_tidy(used),
		allowance_left=_tidy(allowance - used),
		overage=_tidy(overage),
		total=money(plan, sum((line.amount for line in lines), Decimal(0))),
		carry_out=_carry_out(plan, left),
	)


def _carry_out(plan: BillingPlan, left: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
	"""What is left of the buckets that are still young enough: the own allowance (last bucket) and
	the last `carry_over_periods - 1` carried ones."""
	periods = plan.carry_over_periods
	if periods == 0:
		return ()
	*carried, own = left
	young = carried[len(carried) - min(periods - 1, len(carried)) :]
	return tuple(_tidy(amount) for amount in (*young, own))
