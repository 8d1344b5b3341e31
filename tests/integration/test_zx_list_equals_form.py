"""List and form never disagree (issue 10, item 10).

For every doctype with row rules and every user of the access matrix (store administrator,
territory manager, head office, another client's contact, a contact without access, an engineer
and his teammate, a dispatcher limited by a User Permission, a dispatcher), the names `get_list`
returns are exactly the names `has_permission` lets the user read — drafts and cancelled acts
included (a client's contact sees submitted acts only).
"""

import pytest

import frappe

from b2b_helpdesk.permissions import ROW_RULED
from b2b_helpdesk.service_billing.acts import build_act
from tests.integration.access_world import build_world

# what hangs off a row-ruled record follows it: its files and tags are row-ruled too
DOCTYPES = (*ROW_RULED, "File", "Tag Link")
PORTAL_USERS = ("store_admin", "territory_manager", "head_office", "b_contact", "no_access")


@pytest.fixture(scope="module")
def world(erp):
	world = build_world(erp)
	yield world
	frappe.db.rollback()
	frappe.set_user("Administrator")
	left = world.destroy()
	assert not left, left


@pytest.fixture
def acts_in_every_state(world):
	"""Besides the world's submitted acts: a draft and a cancelled act of client A (rolled back)."""
	contract = world.contracts["a"]
	draft = build_act(contract, "2026-06-10")
	cancelled = build_act(contract, "2026-07-10")
	cancelled.submit()
	cancelled.cancel()
	return {"draft": draft.name, "cancelled": cancelled.name}


@pytest.fixture
def articles_in_every_state():
	"""Knowledge articles: for clients, internal, a draft (rolled back)."""
	return [
		frappe.get_doc(
			{"doctype": "Knowledge Article", "title": title, "published": published, "for_clients": clients}
		)
		.insert()
		.name
		for title, published, clients in (("For clients", 1, 1), ("Internal", 1, 0), ("Draft", 0, 0))
	]


def universe(world, doctype: str, articles=()) -> list[str]:
	"""Every record of the world of `doctype` (and of the acts and articles made by the fixtures)."""
	if doctype == "Knowledge Article":
		return list(articles)
	if doctype == "Service Ticket":
		return list(world.tickets.values())
	if doctype == "Asset":
		return list(world.assets.values())
	if doctype == "Service Act":
		return frappe.get_all(
			"Service Act", filters={"customer": ("in", list(world.customers.values()))}, pluck="name"
		)
	if doctype == "File":
		return [f["name"] for f in world.files.values()]
	tagged = [*world.tickets.values(), *world.assets.values()]
	return frappe.get_all("Tag Link", filters={"document_name": ("in", tagged)}, pluck="name")


def listed(doctype: str, names: list[str], user: str) -> set[str]:
	if not frappe.has_permission(doctype, "read", user=user):
		return set()
	return set(frappe.get_list(doctype, filters={"name": ("in", names)}, pluck="name", user=user, limit=0))


def readable(doctype: str, names: list[str], user: str) -> set[str]:
	return {name for name in names if frappe.has_permission(doctype, "read", doc=name, user=user)}


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_every_user_lists_exactly_what_it_may_open(
	world, acts_in_every_state, articles_in_every_state, doctype
):
	names = universe(world, doctype, articles_in_every_state)
	assert names, f"the world has no {doctype}"
	disagreements = {}
	for who, user in sorted(world.users.items()):
		frappe.set_user(user)
		in_list, in_form = listed(doctype, names, user), readable(doctype, names, user)
		frappe.set_user("Administrator")
		if doctype == "File" and who in PORTAL_USERS and in_list <= in_form:
			# Frappe itself lists a website user only the files it uploaded (it has no desk to list
			# them in), while it may open the files of the records it reads: never wider than the form
			in_form = {name for name in in_form if frappe.db.get_value("File", name, "owner") == user}
		if in_list != in_form:
			disagreements[who] = {
				"list only": sorted(in_list - in_form),
				"form only": sorted(in_form - in_list),
			}
	assert not disagreements, f"{doctype}: {disagreements}"


def test_a_client_never_lists_a_draft_or_cancelled_act(world, acts_in_every_state):
	names = universe(world, "Service Act")
	for who in ("head_office", "b_contact"):
		user = world.users[who]
		frappe.set_user(user)
		seen = listed("Service Act", names, user)
		frappe.set_user("Administrator")
		expected = {world.acts["a" if who == "head_office" else "b"]}
		assert seen == expected, (who, seen)
		assert not readable("Service Act", list(acts_in_every_state.values()), user)
