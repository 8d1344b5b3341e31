"""An act's readable lines: the priced lines grouped per ticket and work type.

Pure rules, no Frappe. The billing engine prices every log (`PricedLine`); the act shows one line
per ticket and work type, which is:
- labour and overage: the activity type and billing class at one rate;
- trips: the travel zone and billing class at one rate;
- materials: the item and billing class at one rate;
- the subscription fee stays one line.
A group's quantity, amount, allowance used and out-of-hours hours are the exact sums of its lines
(Decimal), so the act's total is the sum of the per-log billing to the cent. The order is the fee,
then the tickets by name, each ticket's groups as labour, overage, trips, materials.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from b2b_helpdesk.engine.billing import LineKind, PricedLine

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
