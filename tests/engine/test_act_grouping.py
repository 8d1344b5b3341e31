"""Act lines: billable extra labour out of hours is its own line at the out-of-hours rate."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from b2b_helpdesk.engine.act_grouping import group_lines, share_amount, split_out_of_hours
from b2b_helpdesk.engine.billing import BillingClass, LineKind, PricedLine

EXTRA, COVERED = BillingClass.EXTRA, BillingClass.SUBSCRIPTION


def labour(source, qty, out_of_hours, billing_class=EXTRA, rate=D(120)) -> PricedLine:
	amount = (qty - out_of_hours) * rate + out_of_hours * rate * D("1.5")
	if billing_class is not EXTRA:
		rate, amount = D(0), D(0)
	return PricedLine(
		LineKind.LABOUR,
		source,
		"T1",
		billing_class,
		"Repair",
		qty,
		"Hour",
		rate,
		amount,
		out_of_hours=out_of_hours,
	)


def act_lines(lines):
	parts = split_out_of_hours(lines, lambda rate: rate * D("1.5"))
	return [
		(g.billing_class, g.qty, g.rate, g.amount, g.out_of_hours, g.sources)
		for g in group_lines([part for part, _line in parts])
	]


def test_extra_labour_out_of_hours_is_a_line_at_one_and_a_half_the_rate():
	lines = [labour("a", D(2), D(0)), labour("b", D(1), D(1)), labour("c", D(2), D(1))]
	assert act_lines(lines) == [
		(EXTRA, D(3), D(120), D(360), D(0), ["a", "c"]),
		(EXTRA, D(2), D(180), D(360), D(2), ["b", "c"]),
	]
	# the act's lines cost what the logs cost
	assert sum(line.amount for line in lines) == D(720)


def test_covered_labour_out_of_hours_stays_one_free_line():
	lines = [labour("a", D(2), D(0), COVERED), labour("b", D(1), D(1), COVERED)]
	assert act_lines(lines) == [(COVERED, D(3), D(0), D(0), D(1), ["a", "b"])]


def test_every_part_names_the_log_it_comes_from():
	line = labour("c", D(2), D("0.5"))
	parts = split_out_of_hours([line], lambda rate: rate * D("1.5"))
	assert [(p.qty, p.rate, p.out_of_hours) for p, _ in parts] == [
		(D("1.5"), D(120), D(0)),
		(D("0.5"), D(180), D("0.5")),
	]
	assert all(origin is line for _, origin in parts)


def test_a_lines_amount_is_shared_among_its_logs_to_the_cent():
	"""1.25 h and 0.5 h at 33.33: the line is 1.75 h x 33.33 = 58.33, the logs 41.66 and 16.67."""
	assert share_amount(D("58.33"), [D("41.6625"), D("16.665")], D("0.01")) == [D("41.66"), D("16.67")]
	assert share_amount(D("0"), [D(1), D(2)], D("0.01")) == [D(0), D(0)]


CENT = D("0.01")


@given(
	total=st.integers(min_value=0, max_value=10**7).map(lambda cents: D(cents) * CENT),
	weights=st.lists(
		st.integers(min_value=1, max_value=10**6).map(lambda w: D(w) / 1000), min_size=1, max_size=30
	),
)
def test_shares_add_up_and_each_is_within_a_cent_of_its_part(total, weights):
	shares = share_amount(total, weights, CENT)
	assert sum(shares) == total
	whole = sum(weights)
	for share, weight in zip(shares, weights, strict=True):
		assert share % CENT == 0
		assert abs(share - total * weight / whole) < CENT
