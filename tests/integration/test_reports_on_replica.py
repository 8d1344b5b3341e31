"""The reports read from the replica (issue 12): SLA Compliance, Contract Profitability and Service Act
Period Closing are `frappe.read_only`, so with `read_from_replica` in the site config Frappe runs their
queries on the replica connection, and nothing in them writes.

The replica entry points at the site's own database over TCP (127.0.0.1): a second connection. What this
test's transaction wrote is not committed, so that connection cannot see it — a report that shows the
test's tickets on the primary and none with the replica on went through the replica.
"""

import pytest

import frappe

from b2b_helpdesk.demo.service_levels import make_policy
from b2b_helpdesk.service_billing.report.contract_profitability.contract_profitability import (
	execute as profitability,
)
from b2b_helpdesk.service_billing.report.service_act_period_closing.service_act_period_closing import (
	execute as period_closing,
)
from b2b_helpdesk.service_desk.report.sla_compliance.sla_compliance import execute as sla_compliance
from tests.integration.factories import at_local, make_client, make_contract, make_user, new_ticket

REPLICA = {"read_from_replica": 1, "replica_host": "127.0.0.1"}


@pytest.fixture
def replica(frappe_site):
	"""The site configured with a replica entry pointing at the same database; put back afterwards."""
	conf = frappe.local.conf
	saved = {key: conf.get(key) for key in REPLICA}
	conf.update(REPLICA)
	primary = frappe.local.db
	yield primary
	for key, value in saved.items():
		if value is None:
			conf.pop(key, None)
		else:
			conf[key] = value
	if frappe.local.db is not primary:
		frappe.local.db.close()
		frappe.local.db = primary
	forget_replica()


def forget_replica() -> None:
	"""Frappe keeps `local.replica_db` / `local.primary_db` after a read-only call (and then no longer
	switches within the same request); a request starts without them."""
	for attribute in ("replica_db", "primary_db"):
		if hasattr(frappe.local, attribute):
			delattr(frappe.local, attribute)


def test_sla_compliance_queries_go_through_the_replica(erp, replica):
	client = make_client(erp)
	policy = make_policy(f"Replica {frappe.generate_hash(length=6)}", always_on=True)
	make_contract(client.customer, "2026-01-01", "2026-12-31", policy=policy.name)
	with at_local("2026-05-18 09:00:00"):
		new_ticket(client, opened_on="2026-05-18 09:00:00", priority="High").insert()
	filters = {"from_date": "2026-05-01", "to_date": "2026-05-31", "customer": client.customer}
	frappe.set_user(make_user("Service Manager"))

	frappe.local.conf.read_from_replica = 0
	_columns, on_primary, *_rest = sla_compliance(filters)
	assert [(row["group"], row["tickets"]) for row in on_primary] == [(client.customer, 1)]

	frappe.local.conf.read_from_replica = 1
	_columns, on_replica, *_rest = sla_compliance(filters)
	assert on_replica == []  # the uncommitted ticket is not visible on the other connection
	assert frappe.local.replica_db is not frappe.local.primary_db
	assert frappe.local.primary_db is replica  # switched back to the primary afterwards
	assert frappe.local.db is replica
	assert frappe.db.exists("Service Ticket", {"customer": client.customer})  # still this transaction


def test_no_report_writes(erp, replica):
	"""On a replica session that refuses every write, the three reports still run."""
	manager, accountant = make_user("Service Manager"), make_user("Service Accountant")
	for user in (manager, accountant):  # the roles cached while they are visible (uncommitted users)
		frappe.set_user(user)
		frappe.get_roles(user)
	frappe.set_user("Administrator")
	frappe.connect_replica()
	frappe.db.sql("set session transaction read only")
	try:
		frappe.set_user(manager)
		_columns, sla_rows, *_rest = sla_compliance({"from_date": "2026-01-01", "to_date": "2026-12-31"})
		frappe.set_user(accountant)
		profit = profitability({"from_date": "2026-05-01", "to_date": "2026-05-31"})
		closing = period_closing({"day": "2026-05-15"})
		late = period_closing({"view": "Unbilled Earlier Lines"})
	finally:
		frappe.set_user("Administrator")
	assert isinstance(sla_rows, list)
	assert isinstance(profit[1], list) and isinstance(closing[1], list) and isinstance(late[1], list)
	with pytest.raises(frappe.InReadOnlyMode):  # the session did refuse writes
		frappe.db.sql("insert into `tabNote` (name, title) values ('replica-write', 'x')")
