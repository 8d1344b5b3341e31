"""Issue 12 at scale: the breach monitor, scoped ticket lists and the SLA report over 100,000 tickets.

Run from the bench's sites folder with the bench's Python:

	cd ~/frappe-bench/sites && B2B_BENCH_SITE=dev.localhost \\
		~/frappe-bench/env/bin/python /path/to/b2b_helpdesk/benchmarks/ticket_scale.py

It bulk-loads a world of B2B_SCALE_TICKETS tickets (default 100,000; 20 % open) from realistic
values — 200 client companies with five service locations each in a territory tree, a year of
tickets at working hours, assignments to 200 engineers in teams of five, two status periods per
ticket — inside one transaction that is rolled back at the end (`site_harness.rolled_back`:
a commit is refused meanwhile, the row counts are checked afterwards). Each measurement is the
best of 3 against a bare SQL reference over the same rows in the same process, and each line
ends with `goal met` or `goal NOT met`:
- the breach monitor in steady state (5 minutes after its last run) and after a 3-hour outage,
  against the bare SELECT of the tickets due; every monitor run is undone by a savepoint;
- the ticket list (20 rows) and its count for each kind of user — a store administrator, a
  territory manager, a head office contact, an engineer with his team, a dispatcher limited to one
  customer by a User Permission — against the Administrator's, the two taking turns (best of 9
  for the list, of 3 for the count), with the EXPLAIN of each scoped query (a full scan of
  Service Ticket, Asset, File or ToDo is reported);
- SLA Compliance for 12 months by customer (as the Administrator) against a bare SQL GROUP BY of
  the same figures (medians in Python from the concatenated values).
"""

import os
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

import frappe
from frappe.utils import add_days, now_datetime

sys.path.insert(0, str(Path(__file__).resolve().parent))
from site_harness import best_of, best_of_each, connect, rolled_back, row_counts

SITE = os.environ.get("B2B_BENCH_SITE", "dev.localhost")
BENCH = os.environ.get("B2B_BENCH", "~/frappe-bench")
TICKETS = int(os.environ.get("B2B_SCALE_TICKETS", "100000"))
CUSTOMERS, STORES, ENGINEERS, TEAM = 200, 5, 200, 5
TAG = "SCALE"
OPEN_STATUSES = ("Open", "In Progress", "Waiting for Customer", "Waiting for Third Party")
LIST_RUNS = 9  # a list of 20 takes about a millisecond: more turns to find the quiet ones
COUNTED = ("Service Ticket", "ToDo", "Comment", "Notification Log", "User", "Contact", "Address")

NOW: datetime = datetime.min  # set once connected (the site's time zone)
rng = random.Random(12)


def insert(doctype: str, rows: list[dict]) -> None:
	if not rows:
		return
	std = {
		"creation": NOW,
		"modified": NOW,
		"owner": "Administrator",
		"modified_by": "Administrator",
		"docstatus": 0,
	}
	fields = list(std) + list(rows[0])
	frappe.db.bulk_insert(doctype, fields, [(*std.values(), *row.values()) for row in rows], chunk_size=5000)


# --- the world ------------------------------------------------------------------------------------


def build_world() -> frappe._dict:
	w = frappe._dict(customers=[], stores={}, territories=[])
	root = frappe.get_doc({"doctype": "Territory", "territory_name": f"{TAG} Region", "is_group": 1}).insert()
	for index in range(10):
		w.territories.append(
			frappe.get_doc(
				{
					"doctype": "Territory",
					"territory_name": f"{TAG} Area {index}",
					"parent_territory": root.name,
				}
			)
			.insert()
			.name
		)
	w.root_territory = root.name
	group = frappe.db.get_value("Customer Group", {"is_group": 0}, "name")
	insert(
		"Customer",
		[
			{
				"name": f"{TAG}-C{c:03}",
				"customer_name": f"{TAG} Client {c:03}",
				"customer_type": "Company",
				"customer_group": group,
				"territory": w.territories[c % 10],
			}
			for c in range(CUSTOMERS)
		],
	)
	addresses, links = [], []
	for c in range(CUSTOMERS):
		customer = f"{TAG}-C{c:03}"
		w.customers.append(customer)
		w.stores[customer] = []
		for s in range(STORES):
			name = f"{TAG}-C{c:03}-S{s}-Shop"
			w.stores[customer].append(name)
			addresses.append(
				{
					"name": name,
					"address_title": f"{TAG} {c:03} Store {s}",
					"address_type": "Shop",
					"address_line1": f"{s} Main Street",
					"city": "Boston",
					"country": "United States",
					"b2b_territory": w.territories[(c + s) % 10],
				}
			)
			links.append(
				{
					"name": frappe.generate_hash(length=12),
					"parent": name,
					"parenttype": "Address",
					"parentfield": "links",
					"link_doctype": "Customer",
					"link_name": customer,
				}
			)
	insert("Address", addresses)
	insert("Dynamic Link", links)
	w.engineers = [f"{TAG.lower()}-eng{e:03}@scale.example" for e in range(ENGINEERS)]
	tickets, todos, periods = [], [], []
	start = NOW - timedelta(days=365)
	for i in range(TICKETS):
		customer = w.customers[i % CUSTOMERS]
		store = w.stores[customer][rng.randrange(STORES)]
		opened = start + timedelta(
			days=rng.randrange(365), hours=8 + rng.randrange(10), minutes=rng.randrange(60)
		)
		is_open = i % 5 == 0
		status = rng.choice(OPEN_STATUSES) if is_open else rng.choice(("Resolved", "Closed"))
		name = f"{TAG}-T{i:06}"
		engineer = w.engineers[rng.randrange(ENGINEERS)]
		row = {
			"name": name,
			"naming_series": "ST-.YYYY.-",
			"subject": f"Scale ticket {i}",
			"status": status,
			"priority": rng.choice(("Low", "Medium", "High", "Urgent")),
			"opened_on": opened,
			"channel": "Phone",
			"customer": customer,
			"service_location": store,
			"coverage": "Covered",
			"escalation_level": 0,
			"sla_state": "Met" if not is_open else "On Track",
			"response_sla": "Met",
			"resolution_sla": "Pending",
			"first_response_time": 1800 + rng.randrange(7200),
			"resolution_time": None if is_open else 3600 * (2 + rng.randrange(30)),
			"resolved_on": None if is_open else opened + timedelta(hours=4),
			"_assign": f'["{engineer}"]',
			"at_risk_on": None,
			"breach_on": None,
			"response_by": None,
			"resolution_by": None,
		}
		if is_open:  # deadlines spread over the next days; a few fall due in every 5 minutes
			due = NOW + timedelta(minutes=rng.randrange(-30, 6 * 24 * 60))
			row.update(at_risk_on=due - timedelta(hours=1), breach_on=due, resolution_by=due)
		tickets.append(row)
		todos.append(
			{
				"name": frappe.generate_hash(length=12),
				"status": "Open" if is_open else "Closed",
				"allocated_to": engineer,
				"reference_type": "Service Ticket",
				"reference_name": name,
				"description": f"Scale {i}",
				"priority": "Medium",
			}
		)
		for index, (stage, hours) in enumerate(
			(("Open", 1 + rng.randrange(4)), ("In Progress", rng.randrange(40)))
		):
			periods.append(
				{
					"name": frappe.generate_hash(length=12),
					"parent": name,
					"parenttype": "Service Ticket",
					"parentfield": "status_periods",
					"idx": index + 1,
					"status": stage,
					"started_on": opened + timedelta(hours=index),
					"ended_on": opened + timedelta(hours=index + hours),
				}
			)
	insert("Service Ticket", tickets)
	insert("ToDo", todos)
	insert("Service Ticket Status Period", periods)
	w.update(users=make_users(w))
	return w


def make_users(w) -> dict[str, str]:
	"""One real user of each kind, with the Contact, User Group or User Permission that scopes it."""
	users = {}

	def user(key: str, roles: list[str], website: bool = False) -> str:
		email = f"{TAG.lower()}-{key}@scale.example"
		doc = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": key,
				"send_welcome_email": 0,
				"user_type": "Website User" if website else "System User",
			}
		).insert(ignore_permissions=True)
		doc.add_roles(*roles)
		users[key] = email
		return email

	customer = w.customers[7]
	for key, access, extra in (
		("store", "Listed Locations", {"b2b_locations": [{"address": w.stores[customer][0]}]}),
		("territory", "Territory", {"b2b_territory": w.territories[7]}),
		("company", "Whole Company", {}),
	):
		email = user(key, ["Service Customer"], website=True)
		frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": key,
				"user": email,
				"b2b_portal_access": access,
				"email_ids": [{"email_id": email, "is_primary": 1}],
				"links": [{"link_doctype": "Customer", "link_name": customer}],
				**extra,
			}
		).insert(ignore_permissions=True)
	engineer = user("engineer", ["Service Engineer"])
	frappe.get_doc(
		{"doctype": "User Group", "name": f"{TAG} Team", "user_group_members": [{"user": engineer}]}
	).insert(ignore_permissions=True)
	frappe.db.bulk_insert(
		"User Group Member",
		["name", "parent", "parenttype", "parentfield", "user"],
		[
			(frappe.generate_hash(length=12), f"{TAG} Team", "User Group", "user_group_members", e)
			for e in w.engineers[: TEAM - 1]
		],
	)
	frappe.db.sql(
		"update tabToDo set allocated_to = %s where allocated_to = %s", (engineer, w.engineers[TEAM])
	)
	dispatcher = user("dispatcher", ["Service Dispatcher"])
	frappe.get_doc(
		{"doctype": "User Permission", "user": dispatcher, "allow": "Customer", "for_value": w.customers[11]}
	).insert(ignore_permissions=True)
	return users


# --- measurements ------------------------------------------------------------------------------------


def report(label: str, ours: float, reference: float, goal: float) -> None:
	ratio = ours / reference if reference else float("inf")
	verdict = "goal met" if ratio <= goal else "goal NOT met"
	print(
		f"{label}: {ours * 1000:.1f} ms vs {reference * 1000:.1f} ms = {ratio:.1f}x (goal <= {goal}x) {verdict}"
	)


def due_select(now) -> list:
	return frappe.db.sql(
		"""select name from `tabService Ticket` where status in %(open)s and (
			(sla_state in ('On Track', 'At Risk') and breach_on <= %(now)s)
			or (sla_state = 'On Track' and at_risk_on <= %(now)s)
			or (response_sla = 'Pending' and response_by <= %(now)s)
			or (resolution_sla = 'Pending' and resolution_by <= %(now)s))""",
		{"open": OPEN_STATUSES, "now": now},
	)


def monitor(label: str, now: datetime, goal: float) -> None:
	from b2b_helpdesk.service_desk.sla_monitor import run

	result = {}

	def ours():
		frappe.db.savepoint("monitor")
		result.update(run(now))
		frappe.db.rollback(save_point="monitor")

	report(f"{label} ({len(due_select(now))} due)", best_of(ours), best_of(lambda: due_select(now)), goal)
	print(f"  monitor said {result}")


def scoped_lists(users: dict[str, str]) -> None:
	def listing(user):
		frappe.set_user(user)
		try:
			return frappe.get_list(
				"Service Ticket", fields=["name", "subject", "status"], order_by="modified desc", limit=20
			)
		finally:
			frappe.set_user("Administrator")

	def sql_of(user):
		"""The SQL Frappe runs for the user's list of 20 and its count (the row rules included)."""
		frappe.set_user(user)
		try:
			return (
				frappe.get_list(
					"Service Ticket",
					fields=["name", "subject", "status"],
					order_by="modified desc",
					limit=20,
					run=0,
				),
				frappe.get_list("Service Ticket", fields=["count(name) as n"], run=0),
			)
		finally:
			frappe.set_user("Administrator")

	admin_list, admin_count = sql_of("Administrator")
	for key, user in users.items():
		query, count_query = sql_of(user)
		# the user's query and the Administrator's take turns, so a busy moment falls on both alike
		ours, admin = best_of_each(
			[lambda q=query: frappe.db.sql(q), lambda: frappe.db.sql(admin_list)], runs=LIST_RUNS
		)
		report(f"list of 20 as {key}, its SQL", ours, admin, 2)
		ours, admin = best_of_each(
			[lambda q=count_query: frappe.db.sql(q), lambda: frappe.db.sql(admin_count)]
		)
		report(f"count as {key}, its SQL", ours, admin, 2)
		call, admin_call = best_of_each([lambda u=user: listing(u), lambda: listing("Administrator")])
		print(
			f"  the whole get_list call (row rules built in Python too): {call / admin_call:.1f}x the Administrator's"
		)
		for kind, sql in (("list", query), ("count", count_query)):
			explain(f"{key} {kind}", sql)


def explain(label: str, query: str) -> None:
	"""The EXPLAIN of a query, one line per table, and whether it fully scans one of the big tables
	(type ALL, or a whole index read: type `index` over more than 1,000 rows)."""
	rows = frappe.db.sql(f"explain {query}", as_dict=True)
	for row in rows:
		print(
			f"  explain {label}: {row.select_type} {row.table} type={row.type} key={row.key} "
			f"rows={row.rows} {row.Extra or ''}"
		)
	scans = [
		row.table
		for row in rows
		if (row.type == "ALL" or (row.type == "index" and int(row.rows or 0) > 1000))
		and any(t in (row.table or "") for t in ("Service Ticket", "Asset", "File", "ToDo"))
	]
	print(f"  explain {label}: " + ("no full scan" if not scans else f"FULL SCAN of {scans}"))


def sla_report() -> None:
	from b2b_helpdesk.service_desk.report.sla_compliance.sla_compliance import execute

	filters = {"from_date": add_days(NOW, -365).date(), "to_date": NOW.date(), "group_by": "Customer"}

	def bare():
		"""The same figures in bare SQL: one GROUP BY of the tickets (the medians from the values it
		concatenates), one GROUP BY of their status periods, the third-party periods read."""
		rows = frappe.db.sql(
			"""select ifnull(t.customer, ''), count(*), sum(t.status not in ('Resolved', 'Closed')),
				sum(t.sla_state = 'Met'), sum(t.sla_state = 'Breached'),
				sum(ifnull(t.sla_state, '') in ('', 'No SLA')),
				group_concat(t.first_response_time), group_concat(t.resolution_time)
			from `tabService Ticket` t where t.opened_on >= %s and t.opened_on < %s group by 1""",
			(filters["from_date"], add_days(filters["to_date"], 1)),
		)
		stages = frappe.db.sql(
			"""select ifnull(t.customer, ''), p.status,
				sum(timestampdiff(second, p.started_on, coalesce(p.ended_on, now())))
			from `tabService Ticket Status Period` p join `tabService Ticket` t on t.name = p.parent
			where t.opened_on >= %s and t.opened_on < %s group by 1, 2""",
			(filters["from_date"], add_days(filters["to_date"], 1)),
		)
		waits = frappe.db.sql(
			"""select t.customer, t.service_level_policy, p.started_on, p.ended_on
			from `tabService Ticket Status Period` p join `tabService Ticket` t on t.name = p.parent
			where p.status = 'Waiting for Third Party' and t.opened_on >= %s and t.opened_on < %s""",
			(filters["from_date"], add_days(filters["to_date"], 1)),
		)
		return {r[0]: (r[1], median_of(r[6]), median_of(r[7])) for r in rows}, stages, waits

	figures, _stages, _waits = bare()
	_columns, data, *_rest = execute(filters)
	same = {row["group"]: row["tickets"] for row in data} == {k: v[0] for k, v in figures.items()}
	print(
		f"  SLA Compliance: {len(data)} groups, ticket counts {'equal' if same else 'DIFFER from'} the bare SQL"
	)
	report(
		"SLA Compliance, 12 months by customer",
		best_of(lambda: execute(filters), runs=2),
		best_of(bare, runs=2),
		1.5,
	)


def median_of(concatenated: str | None) -> float | None:
	from statistics import median

	return median(float(x) for x in concatenated.split(",")) if concatenated else None


def main() -> None:
	global NOW
	connect(SITE, BENCH)
	NOW = now_datetime().replace(microsecond=0)
	before = row_counts(COUNTED)
	with rolled_back("ticket_scale", []):
		frappe.set_user("Administrator")
		print(f"building {TICKETS:,} tickets on {SITE} …", flush=True)
		w = build_world()
		monitor("breach monitor, steady state", NOW + timedelta(minutes=5), 20)
		monitor("breach monitor after 3 h down", NOW + timedelta(hours=3), 50)
		scoped_lists(w.users)
		sla_report()
	after = row_counts(COUNTED)
	print("site left as found" if before == after else f"ROW COUNTS CHANGED: {before} -> {after}")


if __name__ == "__main__":
	main()
