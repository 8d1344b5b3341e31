"""An act's readable lines: the priced lines grouped per ticket and work type.

Pure rules, no Frappe. The billing engine prices every log (`PricedLine`); the act shows one line
per ticket and work type, which is:
- labour and overage: the activity type and billing class at one rate;
- trips: the travel zone and billing class at one rate;
- materials: the item and billing class at one rate;
- the subscription fee stays one line.
Billable extra labour done out of hours costs more per hour: its out-of-hours hours are a line of
their own at the out-of-hours rate (rate x the plan's multiplier), its office hours a line at the
rate (`split_out_of_hours`), so every chargeable line is exactly its quantity x its rate, as the
invoice bills it.
A group's quantity, allowance used and out-of-hours hours are the exact sums of its lines
(Decimal); its amount is priced once, quantity x rate, by the invoice (one invoice item per act
line). The order is the fee, then the tickets by name, each ticket's groups as labour, overage,
trips, materials.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, Decimal

from b2b_helpdesk.engine.billing import BillingClass, LineKind, PricedLine

KIND_ORDER = {
	LineKind.FEE: 0,
	LineKind.LABOUR: 1,
	LineKind.OVERAGE: 2,
	LineKind.TRIP: 3,
	LineKind.MATERIAL: 4,
}


@dataclass
class LineGroup:
	"""One act line: the priced lines of one ticket and work type."""

	kind: LineKind
	ticket: str | None
	billing_class: object  # BillingClass | None
	subject: str | None
	uom: str
	rate: Decimal
	lines: list[PricedLine] = field(default_factory=list)

	@property
	def qty(self) -> Decimal:
		return sum((line.qty for line in self.lines), Decimal(0))

	@property
	def amount(self) -> Decimal:
		return sum((line.amount for line in self.lines), Decimal(0))

	@property
	def allowance_used(self) -> Decimal:
		return sum((line.allowance_used for line in self.lines), Decimal(0))

	@property
	def out_of_hours(self) -> Decimal:
		return sum((line.out_of_hours for line in self.lines), Decimal(0))

	@property
	def sources(self) -> list[str]:
		"""The distinct sources, in line order (a log past the allowance gives two lines)."""
		return list(dict.fromkeys(line.source for line in self.lines if line.source))


def group_key(line: PricedLine) -> tuple:
	return (line.ticket, line.kind, line.billing_class, line.subject, line.uom, line.rate)


def split_out_of_hours(
	lines, out_of_hours_rate: Callable[[Decimal], Decimal]
) -> list[tuple[PricedLine, PricedLine]]:
	"""(part, the priced line it comes from) for every line: an extra labour line with out-of-hours
	hours becomes its office-hours part (qty = the in-hours hours, at the rate; none when all of it
	is out of hours) and its out-of-hours part (qty = the out-of-hours hours, at
	`out_of_hours_rate(rate)`); every other line is its own part. A part's amount is qty x rate,
	unrounded: the line it lands in is priced as a whole."""
	parts = []
	for line in lines:
		if not _is_extra_out_of_hours(line):
			parts.append((line, line))
			continue
		in_hours = line.qty - line.out_of_hours
		if in_hours > 0:
			parts.append(
				(replace(line, qty=in_hours, amount=in_hours * line.rate, out_of_hours=Decimal(0)), line)
			)
		rate = out_of_hours_rate(line.rate)
		parts.append((replace(line, qty=line.out_of_hours, rate=rate, amount=line.out_of_hours * rate), line))
	return parts


def _is_extra_out_of_hours(line: PricedLine) -> bool:
	return (
		line.kind is LineKind.LABOUR
		and line.billing_class is BillingClass.EXTRA
		and line.out_of_hours > 0
		and line.rate > 0
	)


def group_lines(lines) -> list[LineGroup]:
	"""The act's lines, each the group of priced lines with one ticket, kind, class, subject and rate."""
	groups: dict[tuple, LineGroup] = {}
	for line in lines:
		key = group_key(line)
		group = groups.get(key)
		if group is None:
			group = groups[key] = LineGroup(
				line.kind, line.ticket, line.billing_class, line.subject, line.uom, line.rate
			)
		group.lines.append(line)
	return sorted(groups.values(), key=_order)


def _order(group: LineGroup) -> tuple:
	return (
		group.kind is not LineKind.FEE,
		group.ticket or "",
		KIND_ORDER.get(group.kind, 9),
		group.subject or "",
		getattr(group.billing_class, "value", "") or "",
		group.rate,
	)


def share_amount(total: Decimal, weights: list[Decimal], step: Decimal) -> list[Decimal]:
	"""`total` (a multiple of `step`) shared out in proportion to `weights`, each share a multiple of
	`step`, the shares adding up to `total` exactly: each share is its exact part rounded down, and
	the steps left over go to the largest remainders (the earlier weight first on a tie). An act
	line's amount (priced once, qty x rate) shared among the logs it sums."""
	whole = sum(weights, Decimal(0))
	if not whole or not total:
		return [Decimal(0) * step for _weight in weights]
	exact = [total * weight / whole for weight in weights]
	shares = [(part / step).to_integral_value(rounding=ROUND_FLOOR) * step for part in exact]
	left = int((total - sum(shares, Decimal(0))) / step)
	by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
	for i in by_remainder[:left]:
		shares[i] += step
	return shares
