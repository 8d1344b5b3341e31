"""The billing engine's vocabulary: units, classes, errors, the plan and its entries, rounding.

Pure Python (standard library only); `engine.billing` prices a period with them and re-exports
every public name, so callers import from `b2b_helpdesk.engine.billing`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Context, Decimal, DivisionByZero, InvalidOperation, Overflow
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


# ---------------------------------------------------------------------------
# outputs


@dataclass(frozen=True)
class PricedLine:
	kind: LineKind
	source: str | None  # None for the fee
	ticket: str | None
	billing_class: BillingClass | None  # None for the fee; the words are the ERP side's
	subject: str | None  # the activity type, travel zone or item code the line is about
	qty: Decimal  # hours / units / points / pieces / 1 for fee and trips
	uom: str  # "Hour", "Unit", "Point", "Piece", "Trip", "Period"
	rate: Decimal
	amount: Decimal  # rounded to the plan's precision
	allowance_used: Decimal = Decimal(0)  # in plan unit, for covered work lines
	out_of_hours: Decimal = Decimal(0)  # hours of a labour line outside the service calendar


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
