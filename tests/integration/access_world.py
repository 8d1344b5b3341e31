"""A committed world for the HTTP security tests (issue 6, R2): two client companies, their contacts, staff.

The web server only sees committed rows, so unlike the other integration tests
this world is committed. Every record it makes is written in a ledger;
`World.destroy` removes them in reverse order, then sweeps what the site made
around them (versions, comments, communications, files, ToDo, shares, logs,
sessions, notifications, asset movements) and fails loudly if anything is left.

Client A ("Retail") has stores A1 (territory North-East, under North) and A2
(territory South); client B ("Other") has stores B1 (also North-East) and B2.
Every record carries a unique marker (`World.tag`), so a response body can be
searched for anything it must not show. `TICKETS`, `ASSETS`, `ACTS` and `STORES`
say what each user may see (issue 6's rules); `Scope` turns them into the names
and markers a response must not hold; `Cell` collects one matrix cell's problems.
"""

import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import requests

import frappe
from frappe.utils import now_datetime
from frappe.utils.password import update_password

from b2b_helpdesk.demo.clients import make_address, make_contract, make_customer
from b2b_helpdesk.demo.erp_setup import make_customer_equipment
from b2b_helpdesk.service_billing.acts import build_act
from tests.integration.billing_factories import make_billing_plan, make_item
from tests.site_under_test import SITE

BASE_URL = os.environ.get("B2B_TEST_URL") or f"http://{SITE}:8000"  # the README's test command serves it
PASSWORD = "Zx-matrix-7!Quartz"
PORTAL_ROLE = "Service Customer"


# --- the ledger ---------------------------------------------------------------------------------


@dataclass
class Ledger:
	rows: list[tuple[str, str]] = field(default_factory=list)

	def add(self, doctype: str, name: str) -> str:
		self.rows.append((doctype, name))
		return name

	def names(self, doctype: str | None = None) -> list[str]:
		return [name for dt, name in self.rows if doctype in (None, dt)]


# --- the world ----------------------------------------------------------------------------------


@dataclass
class World:
	tag: str
	ledger: Ledger
	users: dict[str, str] = field(default_factory=dict)  # role in the story -> user id (e-mail)
	customers: dict[str, str] = field(default_factory=dict)  # a, b
	stores: dict[str, str] = field(default_factory=dict)  # a1, a2, b1, b2 -> Address
	territories: dict[str, str] = field(default_factory=dict)
	contacts: dict[str, str] = field(default_factory=dict)  # user key -> Contact
	tickets: dict[str, str] = field(default_factory=dict)  # key -> Service Ticket
	assets: dict[str, str] = field(default_factory=dict)  # key -> Asset
	acts: dict[str, str] = field(default_factory=dict)  # a, b -> Service Act
	contracts: dict[str, str] = field(default_factory=dict)
	notes: dict[str, str] = field(default_factory=dict)  # ticket key -> internal note (Comment)
	replies: dict[str, str] = field(default_factory=dict)  # ticket key -> Communication
	files: dict[str, dict] = field(default_factory=dict)  # ticket key -> {name, file_url, file_name}
	user_group: str = ""
	started: object = None  # when the build began: the tear-down touches no row older than this
	swept: list[tuple[str, str]] = field(default_factory=list)

	def marker(self, kind: str, key: str) -> str:
		"""The unique text a record of `kind`/`key` carries in its title or content."""
		return f"{self.tag}-{kind}-{key}"

	def ticket_key(self, name: str) -> str | None:
		return next((key for key, value in self.tickets.items() if value == name), None)

	def all_names(self) -> set[str]:
		return set(self.ledger.names()) | set(self.tickets.values())

	def destroy(self) -> list[str]:
		"""Remove everything the world (and the requests made in it) left; return what is still there."""
		return destroy(self)


def new_tag() -> str:
	return "zx" + frappe.generate_hash(length=8).lower()


def territory(ledger: Ledger, name: str, parent: str | None = None) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Territory",
			"territory_name": name,
			"parent_territory": parent or "All Territories",
			"is_group": 1,
		}
	).insert(ignore_permissions=True)
	return ledger.add("Territory", doc.name)


def login_user(ledger: Ledger, email: str, key: str, tag: str, user_type: str, roles: Iterable[str]) -> str:
	"""A user with a password, recorded for clean-up."""
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": key.replace("_", " ").title(),
			"last_name": tag,
			"send_welcome_email": 0,
			"user_type": user_type,
		}
	).insert(ignore_permissions=True)
	user.add_roles(*roles)
	update_password(email, PASSWORD)
	return ledger.add("User", email)


def staff_user(ledger: Ledger, tag: str, key: str, roles: Iterable[str]) -> str:
	return login_user(ledger, f"{tag}-{key}@staff.example", key, tag, "System User", roles)


def portal_user(
	ledger: Ledger,
	tag: str,
	key: str,
	customer: str,
	access: str,
	locations: Iterable[str] = (),
	territory_name: str | None = None,
	may_raise: bool = True,
	may_accept: bool = False,
) -> tuple[str, str]:
	"""A Website User with the portal role and its Contact at `customer` with scope `access`."""
	email = login_user(ledger, f"{tag}-{key}@client.example", key, tag, "Website User", (PORTAL_ROLE,))
	# the ERP makes a Contact for a new user; the dispatcher then fills in its scope
	existing = frappe.db.get_value("Contact", {"user": email}, "name")
	contact = frappe.get_doc("Contact", existing) if existing else frappe.new_doc("Contact")
	if not existing:
		contact.update({"first_name": key, "last_name": tag, "user": email})
		contact.append("email_ids", {"email_id": email, "is_primary": 1})
	contact.update(
		{
			"b2b_portal_access": access,
			"b2b_territory": territory_name,
			"b2b_may_raise_tickets": int(may_raise),
			"b2b_may_accept_acts": int(may_accept),
		}
	)
	contact.set("b2b_locations", [{"address": a} for a in locations])
	contact.append("links", {"link_doctype": "Customer", "link_name": customer})
	contact.save(ignore_permissions=True)
	ledger.add("Contact", contact.name)
	return email, contact.name


def user_permission(ledger: Ledger, user: str, doctype: str, value: str) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": doctype,
			"for_value": value,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	return ledger.add("User Permission", doc.name)


def assign(ledger: Ledger, ticket: str, user: str) -> str:
	"""What "Assign To" leaves behind: an open ToDo, mirrored into the ticket's `_assign`."""
	todo = frappe.get_doc(
		{
			"doctype": "ToDo",
			"allocated_to": user,
			"reference_type": "Service Ticket",
			"reference_name": ticket,
			"description": f"Visit for {ticket}",
			"status": "Open",
			"assigned_by": "Administrator",
		}
	).insert(ignore_permissions=True)
	return ledger.add("ToDo", todo.name)


def ticket(ledger: Ledger, world: World, key: str, customer: str, store: str, **fields) -> str:
	marker = world.marker("ticket", key)
	doc = frappe.get_doc(
		{
			"doctype": "Service Ticket",
			"subject": f"Cooling fault {marker}",
			"description": f"<p>Description {world.marker('desc', key)}</p>",
			"customer": customer,
			"service_location": store,
			"opened_on": "2026-05-15 09:30:00",
			**fields,
		}
	).insert(ignore_permissions=True)
	world.tickets[key] = ledger.add("Service Ticket", doc.name)
	return doc.name


def private_file(ledger: Ledger, world: World, key: str) -> dict:
	file_name = f"{world.marker('file', key)}.txt"
	doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"is_private": 1,
			"content": f"private drawing {world.marker('filebody', key)}".encode(),
			"attached_to_doctype": "Service Ticket",
			"attached_to_name": world.tickets[key],
		}
	).insert(ignore_permissions=True)
	ledger.add("File", doc.name)
	return {"name": doc.name, "file_url": doc.file_url, "file_name": file_name}


def submitted_act(ledger: Ledger, world: World, key: str, customer: str) -> str:
	plan = make_billing_plan(
		f"{world.tag} {key}",
		billing_unit="Hours",
		allowance_unit="Hours",
		subscription_fee=700,
		fee_item=make_item("B2B-SERVICE-FEE", stock=False),
	)
	ledger.add("Service Billing Plan", plan.name)
	contract = make_contract(customer, "2026-01-01", "2026-12-31", billing_plan=plan.name)
	world.contracts[key] = ledger.add("Contract", contract.name)
	act = build_act(contract.name, "2026-05-10")
	act.submit()
	world.acts[key] = ledger.add("Service Act", act.name)
	return act.name


def build_world(erp, *, full: bool = True) -> World:
	"""Build and commit the world. `full=False` leaves out assets, acts and the timeline (for the fuzz)."""
	frappe.set_user("Administrator")
	ledger = Ledger()
	world = World(tag=new_tag(), ledger=ledger, started=now_datetime() - timedelta(seconds=1))
	tag = world.tag
	try:
		_build(erp, world, ledger, tag, full)
	except Exception:
		frappe.db.rollback()
		destroy(world)
		raise
	frappe.db.commit()
	return world


def _build(erp, world: World, ledger: Ledger, tag: str, full: bool) -> None:
	north = territory(ledger, f"{tag} North")
	world.territories = {
		"north": north,
		"north_east": territory(ledger, f"{tag} North-East", north),
		"south": territory(ledger, f"{tag} South"),
	}
	world.customers = {
		"a": ledger.add("Customer", make_customer(f"{tag} Retail A", tier="Gold")),
		"b": ledger.add("Customer", make_customer(f"{tag} Other B", tier="Gold")),
	}
	for store, street in (
		("a1", "1 Market Street"),
		("a2", "2 Harbour Road"),
		("b1", "3 Mill Lane"),
		("b2", "4 Dock Road"),
	):
		address = make_address(world.customers[store[0]], f"{tag} Store {store.upper()}", street, "Boston")
		world.stores[store] = ledger.add("Address", address)
	frappe.db.set_value("Address", world.stores["a1"], "b2b_territory", world.territories["north_east"])
	frappe.db.set_value("Address", world.stores["a2"], "b2b_territory", world.territories["south"])
	frappe.db.set_value("Address", world.stores["b1"], "b2b_territory", world.territories["north_east"])

	a, b = world.customers["a"], world.customers["b"]
	portal = {
		"store_admin": dict(customer=a, access="Listed Locations", locations=(world.stores["a1"],)),
		"territory_manager": dict(
			customer=a, access="Territory", territory_name=world.territories["north"], may_raise=False
		),
		"head_office": dict(customer=a, access="Whole Company", may_accept=True),
		"b_contact": dict(customer=b, access="Whole Company", may_accept=True),
		"no_access": dict(customer=a, access="None", may_raise=False),
	}
	for key, scope in portal.items():
		world.users[key], world.contacts[key] = portal_user(ledger, tag, key, **scope)
	world.users["engineer"] = staff_user(ledger, tag, "engineer", ["Service Engineer"])
	world.users["teammate"] = staff_user(ledger, tag, "teammate", ["Service Engineer"])
	world.users["dispatcher_a"] = staff_user(ledger, tag, "dispatcher_a", ["Service Dispatcher"])
	world.users["dispatcher"] = staff_user(ledger, tag, "dispatcher", ["Service Dispatcher"])
	user_permission(ledger, world.users["dispatcher_a"], "Customer", a)
	group = frappe.get_doc(
		{
			"doctype": "User Group",
			"name": f"{tag} Field Team",
			"user_group_members": [{"user": world.users["engineer"]}, {"user": world.users["teammate"]}],
		}
	).insert(ignore_permissions=True)
	world.user_group = ledger.add("User Group", group.name)

	if full:
		for key, customer, store in (
			("a_fridge", a, "a1"),
			("a_pos", a, "a1"),
			("a_lift", a, "a2"),
			("b_fridge", b, "b1"),
			("b_lift", b, "b2"),
		):
			asset = make_customer_equipment(
				erp.kit, customer, erp.model, world.marker("asset", key), world.stores[store]
			)
			world.assets[key] = ledger.add("Asset", asset.name)

	ticket(ledger, world, "a1", a, world.stores["a1"])
	ticket(ledger, world, "a1x", a, world.stores["a1"])
	ticket(ledger, world, "a2", a, world.stores["a2"])
	ticket(ledger, world, "b1", b, world.stores["b1"])
	ticket(ledger, world, "b_eng", b, world.stores["b2"])
	frappe.db.set_value(
		"Service Ticket", world.tickets["b_eng"], "owner", world.users["engineer"], update_modified=False
	)
	assign(ledger, world.tickets["a1"], world.users["engineer"])
	assign(ledger, world.tickets["a2"], world.users["teammate"])

	if full:
		for key in ("a1", "a2", "b1"):
			doc = frappe.get_doc("Service Ticket", world.tickets[key])
			note = doc.add_internal_note(f"<p>Internal {world.marker('note', key)}: margin is thin</p>")
			world.notes[key] = ledger.add("Comment", note)
		for key in ("a1", "b1"):
			doc = frappe.get_doc("Service Ticket", world.tickets[key])
			reply = doc.reply_to_customer(f"<p>Reply {world.marker('reply', key)}: engineer on the way</p>")
			world.replies[key] = ledger.add("Communication", reply)
			world.files[key] = private_file(ledger, world, key)
		submitted_act(ledger, world, "a", a)
		submitted_act(ledger, world, "b", b)
		tag_tickets(ledger, world, ("a1", "b1"))


def tag_tickets(ledger: Ledger, world: World, keys) -> None:
	"""A desk tag on some tickets: Frappe keeps a Tag Link row with the ticket's title for each."""
	from frappe.desk.doctype.tag.tag import add_tag

	tag = ledger.add("Tag", f"{world.tag}-tag")
	for key in keys:
		add_tag(tag, "Service Ticket", world.tickets[key])


def recover(tag: str) -> World:
	"""The world of an earlier run that stopped before its tear-down, found by its tag, for `destroy`."""
	ledger = Ledger()
	like = f"{tag}%"
	first = frappe.db.get_value("Territory", {"name": ("like", like)}, "min(creation)")
	world = World(tag=tag, ledger=ledger, started=first or now_datetime())
	users = frappe.get_all("User", filters={"name": ("like", like)}, pluck="name")
	customers = frappe.get_all("Customer", filters={"name": ("like", like)}, pluck="name")
	world.customers = dict(enumerate(customers))
	found = [
		(
			"Territory",
			frappe.get_all("Territory", filters={"name": ("like", like)}, pluck="name", order_by="lft"),
		),
		("Customer", customers),
		("Address", frappe.get_all("Address", filters={"name": ("like", like)}, pluck="name")),
		("User", users),
		("Contact", frappe.get_all("Contact", filters={"user": ("in", users or [""])}, pluck="name")),
		("User Group", frappe.get_all("User Group", filters={"name": ("like", like)}, pluck="name")),
		("Asset", frappe.get_all("Asset", filters={"customer": ("in", customers or [""])}, pluck="name")),
		(
			"Service Billing Plan",
			frappe.get_all("Service Billing Plan", filters={"plan_name": ("like", f"%{tag}%")}, pluck="name"),
		),
		(
			"Contract",
			frappe.get_all("Contract", filters={"party_name": ("in", customers or [""])}, pluck="name"),
		),
		(
			"Service Act",
			frappe.get_all("Service Act", filters={"customer": ("in", customers or [""])}, pluck="name"),
		),
	]
	for doctype, names in found:
		for name in names:
			ledger.add(doctype, name)
	world.contracts = dict(enumerate(ledger.names("Contract")))
	return world


# --- tear-down ----------------------------------------------------------------------------------

# what the site writes around a record: doctype -> (the field naming the record, the field naming a user);
# only rows created since the world was built are touched (older rows may name reused series numbers)
SATELLITES: dict[str, tuple[str | None, str | None]] = {
	"Comment": ("reference_name", "owner"),
	"Communication": ("reference_name", "owner"),
	"File": ("attached_to_name", "owner"),
	"ToDo": ("reference_name", "allocated_to"),
	"Version": ("docname", "owner"),
	"Activity Log": ("reference_name", "user"),
	"Access Log": ("reference_document", "user"),
	"Email Queue": ("reference_name", "owner"),
	"Notification Log": ("document_name", "for_user"),
	"DocShare": ("share_name", "user"),
	"View Log": ("reference_name", "viewed_by"),
	"Document Follow": ("ref_docname", "user"),
	"Energy Point Log": ("reference_name", "user"),
	"Deleted Document": ("deleted_name", "owner"),
	"Tag Link": ("document_name", "owner"),
	"Asset Activity": ("asset", "owner"),
	"Route History": (None, "user"),
	"User Permission": (None, "user"),
	"Prepared Report": (None, "owner"),
	"Timesheet": (None, "owner"),
	"Stock Entry": (None, "owner"),
	"Contact": (None, "user"),
}
DELETE_AS_DOCUMENTS = {"File", "Communication", "Timesheet", "Stock Entry", "Contact"}  # files, child rows


def destroy(world: World, attempts: int = 3) -> list[str]:
	"""Tear the world down; a deadlock with a concurrent test run is retried."""
	for attempt in range(attempts):
		try:
			return _destroy(world)
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			if attempt == attempts - 1:
				raise
	return []


def _destroy(world: World) -> list[str]:
	frappe.db.rollback()
	frappe.set_user("Administrator")
	users = world.ledger.names("User")
	customers = list(world.customers.values())
	for name in frappe.get_all(
		"Service Ticket",
		or_filters={"customer": ("in", customers or [""]), "owner": ("in", users or [""])},
		pluck="name",
	):
		if name not in world.ledger.names("Service Ticket"):
			world.ledger.add("Service Ticket", name)
	names = world.all_names()
	_sweep(world, names, users)
	_delete_movements(world, world.ledger.names("Asset"))
	for doctype, name in reversed(world.ledger.rows):
		_remove(doctype, name)
	for contract in world.contracts.values():
		frappe.db.delete("Service Billing Claim", {"source": ("like", f"Period:{contract}:%")})
	_sweep(world, names, users)  # what the deletions themselves logged
	frappe.db.commit()
	return leftovers(world, names, users)


def _sweep(world: World, names: set[str], users: list[str]) -> None:
	names, users, since = sorted(names) or [""], users or [""], world.started
	frappe.db.sql("delete from `tabSessions` where `user` in %(users)s", {"users": users})
	frappe.db.delete("DefaultValue", {"parent": ("in", users)})
	# a server error a request of the world caused (its traceback names a user or record of the world)
	frappe.db.delete("Error Log", {"creation": (">=", since), "error": ("like", f"%{world.tag}%")})
	feed = [f"{doctype} {name}" for doctype, name in (*world.ledger.rows, *world.swept)]
	feed += [f"Notification Settings {user}" for user in users]  # deleted with each user
	frappe.db.delete(
		"Comment", {"comment_type": "Deleted", "subject": ("in", feed or [""]), "creation": (">=", since)}
	)
	for doctype, (record_field, user_field) in SATELLITES.items():
		rows = set()
		for fieldname, values in ((record_field, names), (user_field, users)):
			if fieldname:
				rows |= set(
					frappe.get_all(
						doctype, filters={fieldname: ("in", values), "creation": (">=", since)}, pluck="name"
					)
				)
		if doctype == "Comment":
			rows |= set(
				frappe.get_all(
					doctype, filters={"comment_email": ("in", users), "creation": (">=", since)}, pluck="name"
				)
			)
		if doctype == "Communication":
			rows |= set(
				frappe.get_all(
					"Communication Link",
					filters={"link_name": ("in", names), "creation": (">=", since)},
					pluck="parent",
					distinct=True,
				)
			)
		for name in rows:
			world.swept.append((doctype, name))
			if doctype in DELETE_AS_DOCUMENTS:
				_remove(doctype, name)
			else:
				frappe.db.delete(doctype, {"name": name})


def _delete_movements(world: World, assets: list[str]) -> None:
	for movement in frappe.get_all(
		"Asset Movement Item", filters={"asset": ("in", assets or [""])}, pluck="parent", distinct=True
	):
		world.swept.append(("Asset Movement", movement))
		_remove("Asset Movement", movement)


def _remove(doctype: str, name: str) -> None:
	if not frappe.db.exists(doctype, name):
		return
	if frappe.get_meta(doctype).is_submittable and frappe.db.get_value(doctype, name, "docstatus") == 1:
		frappe.db.set_value(doctype, name, "docstatus", 2, update_modified=False)
	frappe.delete_doc(
		doctype, name, force=True, ignore_permissions=True, delete_permanently=True, ignore_missing=True
	)


def leftovers(world: World, names: set[str], users: list[str]) -> list[str]:
	"""Every ledger record or satellite row still on the site (should be none)."""
	found = [f"{dt} {name}" for dt, name in world.ledger.rows if frappe.db.exists(dt, name)]
	names, users = sorted(names) or [""], users or [""]
	for doctype, (record_field, user_field) in SATELLITES.items():
		for fieldname, values in ((record_field, names), (user_field, users)):
			if fieldname and frappe.db.count(
				doctype, {fieldname: ("in", values), "creation": (">=", world.started)}
			):
				found.append(f"{doctype} rows by {fieldname}")
	if frappe.db.count("DefaultValue", {"parent": ("in", users)}):
		found.append("DefaultValue rows of world users")
	if frappe.db.count("Comment", {"subject": ("like", f"%{world.tag}%"), "creation": (">=", world.started)}):
		found.append("Comment rows naming the world's tag")
	return found


# --- what each user may see -------------------------------------------------------------------

PORTAL = ("store_admin", "territory_manager", "head_office", "b_contact", "no_access")
STAFF = ("engineer", "dispatcher_a", "dispatcher")
USERS = PORTAL + STAFF

ALL_TICKETS = {"a1", "a1x", "a2", "b1", "b_eng"}
A_TICKETS = {"a1", "a1x", "a2"}
TICKETS = {
	"store_admin": {"a1", "a1x"},
	"territory_manager": {"a1", "a1x"},
	"head_office": A_TICKETS,
	"b_contact": {"b1", "b_eng"},
	"no_access": set(),
	"engineer": {"a1", "a2", "b_eng"},  # his, his teammate's, the one he raised
	"dispatcher_a": A_TICKETS,
	"dispatcher": ALL_TICKETS,
}
ALL_ASSETS = {"a_fridge", "a_pos", "a_lift", "b_fridge", "b_lift"}
A_ASSETS = {"a_fridge", "a_pos", "a_lift"}
ASSETS = {
	"store_admin": {"a_fridge", "a_pos"},
	"territory_manager": {"a_fridge", "a_pos"},  # B1 lies in his territory too, but is client B's
	"head_office": A_ASSETS,
	"b_contact": {"b_fridge", "b_lift"},
	"no_access": set(),
	"engineer": ALL_ASSETS,
	"dispatcher_a": A_ASSETS,
	"dispatcher": ALL_ASSETS,
}
ACTS = {
	"store_admin": set(),
	"territory_manager": set(),
	"head_office": {"a"},
	"b_contact": {"b"},
	"no_access": set(),
	"engineer": set(),
	"dispatcher_a": {"a"},
	"dispatcher": {"a", "b"},
}
STORES = {  # where each contact may raise tickets (may_raise)
	"store_admin": {"a1"},
	"territory_manager": set(),
	"head_office": {"a1", "a2"},
	"b_contact": {"b1", "b2"},
	"no_access": set(),
}
# customers whose name must never show: the other company (the dispatcher limited to A sees only A)
HIDDEN_CUSTOMERS = {
	"store_admin": {"b"},
	"territory_manager": {"b"},
	"head_office": {"b"},
	"b_contact": {"a"},
	"no_access": {"b"},
	"engineer": set(),
	"dispatcher_a": {"b"},
	"dispatcher": set(),
}
REFUSED = (403, 404)
TICKET_FIELDS = ["name", "subject", "description", "customer", "_comments"]
LIST_FIELDS = {
	"Service Ticket": TICKET_FIELDS,
	"Service Act": ["name", "customer", "customer_name", "client_comment"],
	"Asset": ["name", "asset_name", "customer", "b2b_service_location"],
	"Communication": ["name", "subject", "content", "reference_name"],
	"Comment": ["name", "content", "reference_name"],
	"File": ["name", "file_name", "attached_to_name"],
}
MATRIX: dict[str, dict[str, str]] = defaultdict(dict)


class Scope:
	"""One user's view of the world: what it may see and the tokens that betray what it may not."""

	def __init__(self, world, who: str):
		self.world, self.who = world, who
		self.portal = who in PORTAL
		self.tickets = TICKETS[who]
		self.assets = ASSETS[who]
		self.acts = ACTS[who]

	def allowed(self, doctype: str) -> set[str]:
		"""Names the user may meet in a list of `doctype`."""
		w = self.world
		if doctype == "Service Ticket":
			return {w.tickets[k] for k in self.tickets}
		if doctype == "Asset":
			return {w.assets[k] for k in self.assets}
		if doctype == "Service Act":
			return {w.acts[k] for k in self.acts}
		if doctype == "Comment":
			return set() if self.portal else {w.notes[k] for k in w.notes if k in self.tickets}
		if doctype == "Communication":
			return {w.replies[k] for k in w.replies if k in self.tickets}
		if doctype == "File":
			return {w.files[k]["name"] for k in w.files if k in self.tickets}
		raise KeyError(doctype)

	def universe(self, doctype: str) -> dict[str, str]:
		"""Every world record of `doctype`: name -> its key."""
		w = self.world
		source = {
			"Service Ticket": w.tickets,
			"Asset": w.assets,
			"Service Act": w.acts,
			"Comment": w.notes,
			"Communication": w.replies,
			"File": {k: v["name"] for k, v in w.files.items()},
		}[doctype]
		return {name: key for key, name in source.items()}

	def markers(self) -> dict[str, str]:
		"""Text the user must never receive, even when it names the record itself: token -> what it is."""
		w, hidden = self.world, {}
		for key in ALL_TICKETS - self.tickets:
			hidden[w.marker("ticket", key)] = f"subject of ticket {key}"
			hidden[w.marker("desc", key)] = f"description of ticket {key}"
		for key in w.notes:
			if self.portal or key not in self.tickets:
				hidden[w.marker("note", key)] = f"internal note on ticket {key}"
		for key in w.replies:
			if key not in self.tickets:
				hidden[w.marker("reply", key)] = f"reply on ticket {key}"
		for key in w.files:
			if key not in self.tickets:
				hidden[w.marker("file", key)] = f"file name on ticket {key}"
				hidden[w.marker("filebody", key)] = f"file content on ticket {key}"
		for key in ALL_ASSETS - self.assets:
			hidden[w.marker("asset", key)] = f"equipment {key}"
		for key in set(w.acts) - self.acts:
			hidden[w.marker("act", key)] = f"act {key}"
		for key in HIDDEN_CUSTOMERS[self.who]:
			hidden[w.customers[key]] = f"customer {key}"
		return hidden

	def hidden(self) -> dict[str, str]:
		"""`markers` plus the names of every record outside the scope (for lists, searches, reports)."""
		w, hidden = self.world, self.markers()
		for doctype in LIST_FIELDS:
			allowed = self.allowed(doctype)
			for name, key in self.universe(doctype).items():
				if name not in allowed:
					hidden[name] = f"{doctype} {key}"
		if self.portal:
			for key, store in w.stores.items():
				if key[0] != ("b" if self.who == "b_contact" else "a"):
					hidden[store] = f"store {key} of the other client"
		return hidden


def found(body: str, tokens) -> set[str]:
	return {t for t in tokens if re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", body)}


def leaks(body: str, hidden: dict[str, str]) -> list[str]:
	return [f"{hidden[t]} ({t})" for t in sorted(found(body, hidden))]


def refusal_problem(response: requests.Response, pages: bool = False) -> str | None:
	"""None when `response` is a clean refusal; else what is wrong with it."""
	if response.status_code >= 500:
		return f"{response.status_code} server error: {server_message(response)[:300] or response.text[:300]}"
	if response.status_code not in REFUSED:
		return f"expected a refusal, got {response.status_code}: {response.text[:200]}"
	if not pages and not server_message(response):
		return f"refusal {response.status_code} without a readable message: {response.text[:200]}"
	return None


class Cell:
	"""One (user, route family) cell of the matrix: collects problems and a summary."""

	def __init__(self, who: str, route: str):
		self.who, self.route, self.problems, self.notes = who, route, [], []

	def check_no_leak(
		self, label: str, response: requests.Response, hidden: dict[str, str], supplied=()
	) -> None:
		"""No token of `hidden` in the body, except those the request itself sent (`supplied`)."""
		if response.status_code >= 500:
			self.problems.append(f"{label}: {refusal_problem(response)}")
		leaked = leaks(response.text, {t: what for t, what in hidden.items() if t not in supplied})
		if leaked:
			self.problems.append(f"{label}: LEAK {response.status_code} shows {', '.join(leaked)}")

	def refused(self, label: str, response: requests.Response, pages: bool = False) -> None:
		problem = refusal_problem(response, pages)
		if problem:
			self.problems.append(f"{label}: {problem}")

	def done(self) -> None:
		summary = "; ".join(self.notes) if self.notes else "ok"
		MATRIX[self.who][self.route] = ("FAIL: " + " || ".join(self.problems)) if self.problems else summary
		assert not self.problems, f"{self.who} on {self.route}:\n  " + "\n  ".join(self.problems)


def desk_refused(scope: "Scope", label: str, response) -> bool:
	"""Client contacts are refused the desk's own endpoints (`frappe.desk.*`): they use the portal."""
	return scope.portal and label in DESK_ROUTES and response.status_code == 403


DESK_ROUTES = {"reportview", "reportview.get_count", "report view group-by", "export CSV", "group-by count"}


def listed(cell: Cell, label: str, response, scope: Scope, doctype: str, strict: bool) -> None:
	"""A list response: no leak; for the scoped doctypes exactly the scope (or a refusal when it is empty)."""
	cell.check_no_leak(label, response, scope.hidden())
	allowed = scope.allowed(doctype)
	if response.status_code == 200:
		seen = found(response.text, scope.universe(doctype))
		if strict and seen != allowed:
			missing = sorted(scope.universe(doctype)[n] for n in allowed - seen)
			extra = sorted(scope.universe(doctype)[n] for n in seen - allowed)
			cell.problems.append(
				f"{label}: lists {sorted(scope.universe(doctype)[n] for n in seen)}, "
				f"missing {missing}, extra {extra}"
			)
		cell.notes.append(f"{label} {len(seen)}")
	elif response.status_code in REFUSED:
		cell.refused(label, response)
		if strict and allowed and not desk_refused(scope, label, response):
			cell.problems.append(
				f"{label}: refused ({response.status_code}) but the scope holds {len(allowed)}"
			)
		cell.notes.append(f"{label} {response.status_code}")
	else:
		cell.problems.append(f"{label}: {response.status_code} {response.text[:200]}")


# --- the report ---------------------------------------------------------------------------------


def write_matrix(world) -> None:
	routes = sorted({route for row in MATRIX.values() for route in row})
	lines = [
		f"# Access matrix ({world.tag}, {BASE_URL})",
		"",
		"| route | " + " | ".join(USERS) + " |",
		"|---|" + "---|" * len(USERS),
	]
	for route in routes:
		cells = [MATRIX[who].get(route, "-").replace("|", "/")[:400] for who in USERS]
		lines.append(f"| {route} | " + " | ".join(cells) + " |")
	path = Path(os.environ.get("B2B_MATRIX_OUT") or Path(tempfile.gettempdir()) / "b2b-access-matrix.md")
	path.write_text("\n".join(lines) + "\n")
	print(f"\naccess matrix written to {path}")
	print(
		json.dumps({who: {r: v[:80] for r, v in row.items()} for who, row in MATRIX.items()}, indent=1)[:4000]
	)


# --- HTTP ---------------------------------------------------------------------------------------

SERVER_ERROR_PATHS: set[str] = set()  # paths that answered 5xx: their Error Logs go at tear-down
CSRF = re.compile(r"""csrf_token\s*=\s*["']([0-9a-f]+)["']""")


class Browser:
	"""One signed-in user talking to the served test site over real HTTP."""

	def __init__(self, user: str, password: str = PASSWORD):
		self.user = user
		self.http = requests.Session()
		self.csrf: str | None = None
		response = self.http.post(
			f"{BASE_URL}/api/method/login", data={"usr": user, "pwd": password}, timeout=60
		)
		if response.status_code != 200:
			raise AssertionError(f"{user} could not log in: {response.status_code} {response.text[:300]}")

	def _headers(self) -> dict:
		headers = {"Accept": "application/json"}
		if self.csrf:
			headers["X-Frappe-CSRF-Token"] = self.csrf
		return headers

	def _seen(self, response: requests.Response) -> requests.Response:
		if "text/html" in response.headers.get("Content-Type", ""):
			match = CSRF.search(response.text)
			if match:
				self.csrf = match.group(1)
		return response

	def request(self, verb: str, path: str, **kwargs) -> requests.Response:
		headers = {**self._headers(), **kwargs.pop("headers", {})}
		response = self.http.request(
			verb, f"{BASE_URL}{path}", headers=headers, timeout=120, allow_redirects=False, **kwargs
		)
		if response.status_code >= 500:
			SERVER_ERROR_PATHS.add(path.split("?")[0].split("%")[0])
		return self._seen(response)

	def get(self, path: str, /, **params) -> requests.Response:
		return self.request("GET", path, params=encode(params))

	def call(self, endpoint: str, /, verb: str = "POST", **params) -> requests.Response:
		"""A whitelisted method; list and dict arguments travel JSON-encoded, as the desk sends them."""
		if verb == "GET":
			return self.request("GET", f"/api/method/{endpoint}", params=encode(params))
		return self.request(verb, f"/api/method/{endpoint}", data=encode(params))

	def page(self, path: str) -> requests.Response:
		return self.request("GET", path, headers={"Accept": "text/html"})

	def resource(self, doctype: str, name: str | None = None) -> str:
		path = f"/api/resource/{quote(doctype)}"
		return f"{path}/{quote(name, safe='')}" if name is not None else path


def encode(params: dict) -> dict:
	return {
		key: value if isinstance(value, str) else json.dumps(value)
		for key, value in params.items()
		if value is not None
	}


def server_message(response: requests.Response) -> str:
	"""The readable refusal a response carries: `_server_messages`, `exception`/`exc_type`, or v2's `errors`."""
	try:
		body = response.json()
	except ValueError:
		return ""
	if not isinstance(body, dict):
		return ""
	texts = []
	raw = body.get("_server_messages")
	if raw:
		try:
			for message in json.loads(raw):
				message = json.loads(message) if isinstance(message, str) else message
				texts.append(str(message.get("message", message) if isinstance(message, dict) else message))
		except (ValueError, TypeError):
			texts.append(str(raw))
	for key in ("exception", "exc_type", "_error_message"):
		if body.get(key):
			texts.append(str(body[key]))
	for error in body.get("errors") or []:  # /api/v2
		if isinstance(error, dict):
			texts.append(str(error.get("message") or error.get("type") or ""))
	return " | ".join(t for t in (frappe.utils.strip_html(t).strip() for t in texts) if t)
