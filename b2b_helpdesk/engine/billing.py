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

Lines, in this order (each group in (when, source) order). A line carries data, never words:
its billing class, what it is about (`subject`: the activity type, travel zone or item code) and
a labour line's out-of-hours hours; the ERP side writes the words in the reader's language.
1. FEE: qty 1 "Period", when `plan.fee` > 0 (no billing class, no subject).
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
from collections.abc import Iterable
from decimal import Decimal, localcontext

from b2b_helpdesk.engine.billing_terms import (  # noqa: F401 (re-exported)
	_CONTEXT,
	ADVISORY_PROBLEMS,
	BAD_CARRY,
	BAD_MINUTES,
	BAD_PLAN,
	CATEGORY_CONFLICT,
	DUPLICATE_SOURCE,
	MINUTES_PER_HOUR,
	NEGATIVE_QTY,
	NEGATIVE_RATE,
	NO_CONVERSION,
	NO_POINTS,
	NO_RATE,
	NO_TRIP_FEE,
	QTY_PLACES,
	UOM_OF_UNIT,
	ActivityRule,
	BillingClass,
	BillingError,
	BillingPlan,
	BillingUnit,
	LineKind,
	LogHours,
	MaterialEntry,
	PricedLine,
	Statement,
	TripEntry,
	WorkEntry,
	_check_minutes,
	_check_plan,
	_is_int,
	_quantity,
	_ratio,
	_tidy,
	billed_minutes,
	log_hours,
	money,
	to_decimal,
	validate_plan,
)


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


def _fee_lines(plan: BillingPlan) -> tuple[PricedLine, ...]:
	if plan.fee <= 0:
		return ()
	return (
		PricedLine(
			LineKind.FEE,
			None,
			None,
			None,
			None,
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
			lines.append(_labour_line(plan, entry, hours))
		elif entry.billing_class is BillingClass.EXTRA:
			lines.append(_extra_line(plan, entry, hours))
		else:
			consumption = _consumption(plan, entry, hours, charged_on.get(entry.source, Decimal(0)))
			covered, buckets = _consume(buckets, consumption)
			lines.append(_labour_line(plan, entry, hours, covered))
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


def _labour_line(
	plan: BillingPlan, entry: WorkEntry, hours: LogHours, allowance_used: Decimal = Decimal(0)
) -> PricedLine:
	"""A free LABOUR line (covered or non-billable work)."""
	return PricedLine(
		LineKind.LABOUR,
		entry.source,
		entry.ticket,
		entry.billing_class,
		entry.activity_type,
		_tidy(hours.hours),
		"Hour",
		Decimal(0),
		money(plan, Decimal(0)),
		_tidy(allowance_used),
		_tidy(hours.out_of_hours),
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
		entry.billing_class,
		entry.activity_type,
		_tidy(hours.hours),
		"Hour",
		rate,
		amount,
		out_of_hours=_tidy(hours.out_of_hours),
	)


def _overage_line(plan: BillingPlan, entry: WorkEntry, excess: Decimal) -> PricedLine:
	return PricedLine(
		LineKind.OVERAGE,
		entry.source,
		entry.ticket,
		entry.billing_class,
		entry.activity_type,
		_tidy(excess),
		UOM_OF_UNIT[plan.unit],
		plan.overage_rate,
		money(plan, excess * plan.overage_rate),
	)


def _trip_line(plan: BillingPlan, trip: TripEntry) -> PricedLine:
	if trip.billing_class is BillingClass.NON_BILLABLE:
		rate = Decimal(0)
	else:
		rate = dict(plan.trip_fees).get(trip.zone)
		if rate is None:
			raise BillingError(NO_TRIP_FEE, trip.source, f"no trip fee for zone {trip.zone!r}")
	return PricedLine(
		LineKind.TRIP,
		trip.source,
		trip.ticket,
		trip.billing_class,
		trip.zone,
		Decimal(1),
		"Trip",
		rate,
		money(plan, rate),
	)


def _material_line(plan: BillingPlan, material: MaterialEntry) -> PricedLine:
	rate = Decimal(0) if material.billing_class is BillingClass.NON_BILLABLE else material.rate
	return PricedLine(
		LineKind.MATERIAL,
		material.source,
		material.ticket,
		material.billing_class,
		material.item_code,
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
