"""Row-level access through the ERP's permission hooks: client contacts by scope, engineers by assignment.

A portal user (a client's contact) sees a record only through its Contact(s):
- tickets by the contact's scope (`engine.contact_scope`): its own, its listed
  locations, its territory (and below), or the whole company; it raises
  tickets only with the authority to, and only inside that scope;
- equipment (Asset) at the locations its scope reaches;
- acts when the contact is linked to the act's customer and may accept acts.
Staff: an engineer sees the tickets assigned to him or to his team (the ERP's
User Groups he belongs to) and those he created; dispatchers, managers and
accountants see all. Role permissions and User Permissions apply on top, as
hooks can only take rights away.
Each doctype has ONE SQL condition; `has_permission` runs that same condition
for the single document, so the list and the form cannot disagree.
"""

import frappe

from b2b_helpdesk.engine.contact_scope import Access, ContactGrant, may_raise
from b2b_helpdesk.knowledge.access import knowledge_article_query
from b2b_helpdesk.setup.roles import (
	SERVICE_ACCOUNTANT,
	SERVICE_CUSTOMER,
	SERVICE_DISPATCHER,
	SERVICE_ENGINEER,
	SERVICE_MANAGER,
)

PORTAL_ONLY_ROLES = {SERVICE_CUSTOMER, "Customer", "Guest", "All"}
SEES_ALL_TICKETS = {SERVICE_DISPATCHER, SERVICE_MANAGER, SERVICE_ACCOUNTANT, "System Manager"}


def is_portal_user(user: str) -> bool:
	"""A client-side account: the ERP's Website User type (no desk), or no role beyond the portal's.

	Decided by the user type, not by the absence of some role: a website user who
	also holds e.g. ERPNext's Supplier role is still a client and stays in scope.
	"""
	if user == "Administrator":
		return False
	if user == "Guest" or frappe.get_cached_value("User", user, "user_type") == "Website User":
		return True
	return set(frappe.get_roles(user)) <= PORTAL_ONLY_ROLES | {"Website User"}


def acceptor_customers(user: str) -> list[str]:
	"""Customers whose acts `user` may see and accept, through their Contact."""
	contacts = frappe.get_all("Contact", filters={"user": user, "b2b_may_accept_acts": 1}, pluck="name")
	if not contacts:
		return []
	return frappe.get_all(
		"Dynamic Link",
		filters={"parenttype": "Contact", "parent": ("in", contacts), "link_doctype": "Customer"},
		pluck="link_name",
		distinct=True,
	)


def service_act_query(user: str | None = None) -> str:
	"""A client's contact who may accept acts sees its customers' submitted acts (never a draft
	whose figures may still change, nor a cancelled one)."""
	user = user or frappe.session.user
	if not is_portal_user(user):
		return ""
	customers = acceptor_customers(user)
	if not customers:
		return "1 = 0"
	return f"(`tabService Act`.`customer` in ({_in(customers)}) and `tabService Act`.`docstatus` = 1)"


def service_act_has_permission(doc, ptype=None, user=None) -> bool:
	user = user or frappe.session.user
	condition = service_act_query(user)
	if not condition:
		return True
	if doc.is_new():
		return False
	return bool(frappe.db.sql(f"select 1 from `tabService Act` where name = %s and {condition}", doc.name))


# --- tickets ----------------------------------------------------------------------------------


def grants_of(user: str) -> tuple[ContactGrant, ...]:
	"""The user's contacts as scopes; a portal user without a contact sees only what it raised."""
	contacts = frappe.get_all(
		"Contact",
		filters={"user": user},
		fields=["name", "b2b_portal_access", "b2b_territory", "b2b_may_raise_tickets"],
	)
	if not contacts:
		return (ContactGrant(contact="", customer=None, access=Access.OWN),)
	return tuple(_grant(row) for row in contacts)


def _grant(row) -> ContactGrant:
	customer = frappe.db.get_value(
		"Dynamic Link", {"parenttype": "Contact", "parent": row.name, "link_doctype": "Customer"}, "link_name"
	)
	territories = frozenset(territory_and_below(row.b2b_territory)) if row.b2b_territory else frozenset()
	locations = frozenset(
		frappe.get_all(
			"Contact Service Location", filters={"parenttype": "Contact", "parent": row.name}, pluck="address"
		)
	)
	return ContactGrant(
		row.name,
		customer,
		Access(row.b2b_portal_access or Access.OWN.value),
		locations,
		territories,
		may_raise=bool(row.b2b_may_raise_tickets),
	)


def territory_and_below(territory: str) -> list[str]:
	"""The ERP's Territory tree (nested set), read without the portal user's permissions."""
	lft, rgt = frappe.db.get_value("Territory", territory, ["lft", "rgt"]) or (0, 0)
	return frappe.get_all("Territory", filters={"lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name")


def ticket_condition(grants: tuple[ContactGrant, ...], user: str) -> str:
	"""The SQL form of `engine.contact_scope.sees` over `tabService Ticket`.

	What the user raised or what names his contact is visible whatever its location; but it
	nearly always lies inside his locations already, and an OR of it would keep MariaDB from
	reading a scope's newest tickets straight off the `(customer, …, modified)` index. So it is
	looked up once (owner and contact indexes) and only what lies outside his locations is
	added, by name — the same rows as `sees`, in the same transaction."""
	esc, t = frappe.db.escape, "`tabService Ticket`"
	personal, scopes = [], []
	for grant in grants:
		if grant.access is Access.NONE:
			continue
		personal.append(f"{t}.`owner` = {esc(user)}")
		if grant.contact:
			personal.append(f"{t}.`contact` = {esc(grant.contact)}")
		if grant.access is Access.OWN or not grant.customer:
			continue
		scopes.extend(location_scope(grant, "Service Ticket", "customer", "service_location"))
	if not scopes:
		return _any(personal)
	outside = frappe.db.sql_list(
		f"select `name` from {t} where {_any(personal)} and ifnull({_any(scopes)}, 0) = 0 "
		f"limit {MAX_NAMED_OUTSIDE + 1}"
	)
	if len(outside) > MAX_NAMED_OUTSIDE:
		return _any(scopes + personal)
	return _any(scopes + ([f"{t}.`name` in ({_in(outside)})"] if outside else []))


# beyond this many of his own tickets outside his locations, the owner/contact branches stay an OR
MAX_NAMED_OUTSIDE = 200


def location_scope(grant: ContactGrant, doctype: str, customer_field: str, location_field: str) -> list[str]:
	"""The SQL of `engine.contact_scope.covers_location` for one grant over `tab<doctype>`
	(empty: reaches nothing). A territory becomes the list of the locations in it that the
	customer's rows name (read here through the `(customer, location)` index): an IN list
	MariaDB reads as index ranges, where a sub-select on `tabAddress` made it join per row."""
	table = f"`tab{doctype}`"
	customer = f"{table}.`{customer_field}` = {frappe.db.escape(grant.customer)}"
	location = f"{table}.`{location_field}`"
	if grant.access is Access.COMPANY:
		return [customer]
	if grant.access is Access.LOCATIONS and grant.locations:
		return [f"({customer} and {location} in ({_in(grant.locations)}))"]
	if grant.access is Access.TERRITORY and grant.territories:
		places = territory_locations(grant, doctype, customer_field, location_field)
		return [f"({customer} and {location} in ({_in(places)}))"] if places else []
	return []


def territory_locations(
	grant: ContactGrant, doctype: str, customer_field: str, location_field: str
) -> list[str]:
	"""The service locations in the grant's territories that rows of its customer name."""
	return frappe.db.sql_list(
		f"""select distinct `row`.`{location_field}` from `tab{doctype}` `row`
		join `tabAddress` `address` on `address`.`name` = `row`.`{location_field}`
		where `row`.`{customer_field}` = %s and `address`.`b2b_territory` in ({_in(grant.territories)})""",
		grant.customer,
	)


def _any(parts: list[str]) -> str:
	return "(" + " or ".join(dict.fromkeys(parts)) + ")" if parts else "1 = 0"


def _in(values) -> str:
	return ", ".join(frappe.db.escape(v) for v in sorted(values))


def service_ticket_query(user: str | None = None) -> str:
	"""Hook `permission_query_conditions`: the row rule, and for staff limited by a User Permission
	on Customer that same limit in a form an index serves."""
	user = user or frappe.session.user
	rule = ticket_row_rule(user)
	if rule or user == "Administrator" or is_portal_user(user):
		return rule
	return user_permission_customers(user)


def ticket_row_rule(user: str) -> str:
	"""Who sees which ticket ("" = every ticket, as far as the app is concerned)."""
	if user == "Administrator":
		return ""
	if is_portal_user(user):
		return ticket_condition(grants_of(user), user)
	if is_engineer_only(user):
		return engineer_condition(user)
	return ""


def user_permission_customers(user: str) -> str:
	"""Frappe's own User Permission condition on the ticket's customer, without its
	`ifnull(customer, '') = ''` branch, which no index serves: the ticket's customer is mandatory,
	so when no ticket lacks one the two conditions are the same rows, and this one lets MariaDB
	read the customer's newest tickets off the `(customer, modified)` index. ANDed with Frappe's,
	it takes nothing away ("" when there is no such User Permission or a ticket has no customer).
	The form needs none of it: Frappe checks the User Permission of the single document itself."""
	field = frappe.get_meta("Service Ticket").get_field("customer")
	if field.ignore_user_permissions:
		return ""
	customers = [
		permission.get("doc")
		for permission in frappe.permissions.get_user_permissions(user).get("Customer", [])
		if permission.get("applicable_for") in (None, "", "Service Ticket")
	]
	if not customers or frappe.db.sql(
		"select 1 from `tabService Ticket` where `customer` is null or `customer` = '' limit 1"
	):
		return ""
	return f"`tabService Ticket`.`customer` in ({_in(customers)})"


def service_ticket_has_permission(doc, ptype=None, user=None) -> bool:
	user = user or frappe.session.user
	if doc.is_new() or not frappe.db.exists("Service Ticket", doc.name):
		return may_create_ticket(doc, user)
	condition = ticket_row_rule(user)
	if not condition:
		return True
	return bool(frappe.db.sql(f"select 1 from `tabService Ticket` where name = %s and {condition}", doc.name))


def may_create_ticket(doc, user: str) -> bool:
	"""Staff create by role; a client's contact needs the authority and a location in its scope."""
	if not is_portal_user(user):
		return True
	territory = (
		frappe.db.get_value("Address", doc.service_location, "b2b_territory")
		if doc.service_location
		else None
	)
	return may_raise(grants_of(user), doc.customer, doc.service_location, territory)


# --- staff ------------------------------------------------------------------------------------


def is_engineer_only(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return SERVICE_ENGINEER in roles and not roles & SEES_ALL_TICKETS


def team_of(user: str) -> list[str]:
	"""The user and the members of every User Group (team) the user belongs to."""
	groups = frappe.get_all("User Group Member", filters={"user": user}, pluck="parent")
	members = (
		frappe.get_all("User Group Member", filters={"parent": ("in", groups)}, pluck="user")
		if groups
		else []
	)
	return sorted({user, *members})


def engineer_condition(user: str) -> str:
	"""What the engineer created or his team is assigned: ONE semi-join on the team's ToDos, which
	MariaDB drives from their index (`b2b_assigned_ticket`, covering) — where `owner = … or name
	in (…)` made it test every ticket. What he created outside his team's assignments is looked up
	once (owner index) and added by name, as for a client's contact (`ticket_condition`)."""
	t = "`tabService Ticket`"
	assigned = (
		f"{t}.`name` in (select `reference_name` from `tabToDo` "
		f"where `reference_type` = 'Service Ticket' and `status` != 'Cancelled' "
		f"and `allocated_to` in ({_in(team_of(user))}))"
	)
	owned = f"{t}.`owner` = {frappe.db.escape(user)}"
	outside = frappe.db.sql_list(
		f"select `name` from {t} where {owned} and ifnull({assigned}, 0) = 0 limit {MAX_NAMED_OUTSIDE + 1}"
	)
	if len(outside) > MAX_NAMED_OUTSIDE:
		return f"({assigned} or {owned})"
	return _any([assigned] + ([f"{t}.`name` in ({_in(outside)})"] if outside else []))


# --- equipment --------------------------------------------------------------------------------


def asset_condition(grants: tuple[ContactGrant, ...]) -> str:
	"""The SQL of `engine.contact_scope.sees_equipment` over `tabAsset`."""
	parts = []
	for grant in grants:
		if grant.customer and grant.access not in (Access.NONE, Access.OWN):
			parts.extend(location_scope(grant, "Asset", "customer", "b2b_service_location"))
	return _any(parts)


def asset_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	if not is_portal_user(user):
		return ""
	return asset_condition(grants_of(user))


def asset_has_permission(doc, ptype=None, user=None) -> bool:
	user = user or frappe.session.user
	if not is_portal_user(user):
		return True
	if ptype not in ("read", "select", "print") or doc.is_new():
		return False
	condition = asset_condition(grants_of(user))
	return bool(frappe.db.sql(f"select 1 from `tabAsset` where name = %s and {condition}", doc.name))


# the one registry of the app's doctypes with row rules (hooks.py names the same functions);
# what hangs off one of their records (files, tags, notes, assignments) follows the record
ROW_RULES = {
	"Service Ticket": service_ticket_query,
	"Service Act": service_act_query,
	"Asset": asset_query,
	"Knowledge Article": knowledge_article_query,
}
ROW_RULED = tuple(ROW_RULES)


def row_condition(doctype: str, user: str) -> str:
	"""The row rule of one of the app's row-ruled doctypes for `user` ("" = every row)."""
	return ROW_RULES[doctype](user)
