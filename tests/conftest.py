"""Shared pytest setup: the repository root on sys.path so `b2b_helpdesk.engine` imports anywhere."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
	sys.path.insert(0, str(ROOT))

from tests.site_under_test import BENCH, SITE, WHY_NOT  # noqa: E402

LOUD = "!" * 10


def pytest_report_header(config):
	if WHY_NOT:
		return f"{LOUD} INTEGRATION TESTS SKIPPED: {WHY_NOT} {LOUD}"
	return f"integration tests on the real site {SITE} of the bench {BENCH}"


def pytest_terminal_summary(terminalreporter):
	if WHY_NOT:
		terminalreporter.write_line(
			f"{LOUD} INTEGRATION TESTS SKIPPED: {WHY_NOT} {LOUD}", red=True, bold=True
		)
