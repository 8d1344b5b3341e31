"""Where the integration tests run: a real ERPNext site of a real bench, or nowhere.

B2B_BENCH (default ~/frappe-bench) and B2B_TEST_SITE name them; pytest must run
with the bench's own Python so that frappe and erpnext import. `WHY_NOT` holds the
reason the integration tests can't run here, or None when they can.
"""

import importlib.util
import os
from pathlib import Path

BENCH = Path(os.environ.get("B2B_BENCH") or "~/frappe-bench").expanduser()
SITE = os.environ.get("B2B_TEST_SITE", "")


def _why_not() -> str | None:
	if importlib.util.find_spec("frappe") is None or importlib.util.find_spec("erpnext") is None:
		return "frappe/erpnext are not importable: run pytest with the bench's Python (scripts/run_tests.sh does)"
	if not SITE:
		return "B2B_TEST_SITE is not set"
	if not (BENCH / "sites" / SITE / "site_config.json").is_file():
		return f"there is no site {SITE} in the bench at {BENCH}"
	return None


WHY_NOT = _why_not()
