"""Time-zone arithmetic: wall-clock times as instants through every kind of offset change, and
naive datetimes read as the aware ones they stand for."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from b2b_helpdesk.engine import zoned_time
from tests.engine.clock_cases import offset_changes
from tests.engine.reference_clock import _REF_DAY_US, _REF_EPOCH_ORDINAL, _REF_US, _reference_wall_to_instant


@pytest.mark.parametrize(
	("name", "year"),
	[
		("Europe/Berlin", 2026),
		("America/New_York", 2026),
		("Australia/Lord_Howe", 2026),  # half-hour shifts
		("America/Santiago", 2026),  # at midnight
		("Asia/Beirut", 2026),  # back from midnight into the day before
		("Europe/Dublin", 2026),  # "negative" summer time
		("Africa/Casablanca", 2026),  # suspended for Ramadan
		("Antarctica/Troll", 2026),  # two hours at once
		("Pacific/Apia", 2011),  # a whole day skipped
		("Pacific/Kiritimati", 1994),  # a whole day skipped westwards
	],
)
def test_wall_times_become_the_same_instants(name, year):
	"""The engine's wall-clock reading (what every window boundary goes through) against the
	original, every 10 minutes for four hours either side of each change, and at the change
	to the microsecond."""
	zone = ZoneInfo(name)
	changes = offset_changes(zone, year)
	assert changes
	for change in changes:
		for side in (-1, 0):
			wall = (change + timedelta(microseconds=side)).astimezone(zone).replace(tzinfo=None)
			wall_us = (wall - datetime(1970, 1, 1)) // _REF_US
			for shift in [step * 600_000_000 for step in range(-24, 25)] + [-1_000_000, -1, 1, 1_000_000]:
				ordinal, offset = divmod(wall_us + shift, _REF_DAY_US)
				ordinal += _REF_EPOCH_ORDINAL
				assert zoned_time.wall_to_instant(zone, ordinal, offset) == _reference_wall_to_instant(
					zone, ordinal, offset
				)
				if offset == 0:  # 24:00 of the day before
					assert zoned_time.wall_to_instant(
						zone, ordinal - 1, _REF_DAY_US
					) == _reference_wall_to_instant(zone, ordinal - 1, _REF_DAY_US)
