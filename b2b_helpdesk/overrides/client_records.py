"""A client's account cannot widen its own access through the ERP's Contact, Address and ToDo.

Frappe lets every user create Contacts and Addresses and lets anyone create a
ToDo allocated to themselves. Access in this app follows those records (a
contact's scope and customer, an engineer's assignments), so a client session
may not change a contact's scope or user, link a contact or address to a
customer it does not own, or assign itself; nobody assigns a ticket, act or
equipment they may not edit.
"""

from contextlib import contextmanager

import frappe
from frappe import _

from b2b_helpdesk.permissions import ROW_RULED, is_portal_user

SCOPE_DEFAULTS = {
	"b2b_portal_access": "Own Tickets",
	"b2b_territory": None,
	"b2b_may_raise_tickets": 1,
	"b2b_may_accept_acts": 0,
}


def guard_contact(doc, method=None) -> None:
	"""Doc event Contact `validate`."""
	if not client_session():
		return
	before = doc.get_doc_before_save()
	for field, default in SCOPE_DEFAULTS.items():
		old, new = (before.get(field) if before else default), doc.get(field)
		changed = (new or None) != (old or None)
		if changed and (before or new):  # a new contact may only leave a right out, never add one
			refuse(_("Your access is set by your service provider; ask them to change it"))
	old_locations = {row.address for row in before.get("b2b_locations", [])} if before else set()
	if {row.address for row in doc.get("b2b_locations", [])} != old_locations:
		refuse(_("Your access is set by your service provider; ask them to change it"))
	if before and (before.user or None) != (doc.user or None):
		refuse(_("Only your service provider can link a contact to a portal account"))
	guard_customer_links(doc, before)


def guard_address(doc, method=None) -> None:
	"""Doc event Address `validate`."""
	if client_session():
		guard_customer_links(doc, doc.get_doc_before_save())


def guard_customer_links(doc, before) -> None:
	"""A client session links a record only to customers it created itself (the ERP's portal sign-up)."""
	old = {
		row.link_name for row in (before.get("links", []) if before else []) if row.link_doctype == "Customer"
	}
	for row in doc.get("links", []):
		if row.link_doctype != "Customer" or row.link_name in old:
			continue
		if frappe.db.get_value("Customer", row.link_name, "owner") != frappe.session.user:
			refuse(_("Only your service provider can link a {0} to a customer").format(_(doc.doctype)))


def guard_assignment(doc, method=None) -> None:
	"""Doc event ToDo `before_insert`: assigning a record means being allowed to edit it.

	Except the assignments the desk's automation makes in the session of whoever saved the
	record — a client raising a request on the portal, the e-mail job — who may not edit it:
	the ERP's own Assignment Rule (on the record's `on_update`), let through when the ToDo is
	exactly the one the rule makes now (`made_by_assignment_rule`), so naming a rule gains a
	client nothing; and the app's auto-assign (`field_service/dispatch.py`), let through for the
	one ticket and engineer it announced in the server's own code (`auto_assignment`).
	"""
	if doc.reference_type not in ROW_RULED or not doc.reference_name:
		return
	user = frappe.session.user
	if user == "Administrator" or frappe.flags.in_install:
		return
	if frappe.has_permission(doc.reference_type, "write", doc=doc.reference_name, user=user):
		return
	if made_by_assignment_rule(doc, user) or made_by_auto_assign(doc, user):
		return
	refuse(_("You may not assign {0} {1}").format(_(doc.reference_type), doc.reference_name))


def guard_assignment_change(doc, method=None) -> None:
	"""Doc events ToDo `validate` and `on_trash`: a client's own request does not move, close or delete
	an assignment of a record it may not edit, though Frappe lets whoever `assigned_by` names edit the
	ToDo (the Assignment Rule and auto-assign record the client who raised the ticket there).

	The desk's own code (the Assignment Rule closing its assignments) saves with `ignore_permissions`.
	"""
	if (method == "validate" and doc.is_new()) or doc.flags.ignore_permissions or not client_session():
		return
	before = doc.get_doc_before_save() if method == "validate" else doc
	for doctype, name in {(d.reference_type, d.reference_name) for d in (doc, before) if d}:
		if doctype in ROW_RULED and name and not frappe.has_permission(doctype, "write", doc=name):
			refuse(_("You may not change the assignments of {0} {1}").format(_(doctype), name))


def made_by_assignment_rule(todo, user: str) -> bool:
	"""The ToDo is the one `todo.assignment_rule` assigns to the record right now.

	The rule is enabled and made for the record's doctype, its condition holds, the record has
	no open assignment yet (a rule assigns only then), the user is the rule's next pick (round
	robin, load balancing or the record's field, `AssignmentRule.get_user`), and the session
	may read the record it has just saved.
	"""
	if not todo.assignment_rule or not frappe.db.exists("Assignment Rule", todo.assignment_rule):
		return False
	rule = frappe.get_doc("Assignment Rule", todo.assignment_rule)
	if rule.disabled or rule.document_type != todo.reference_type:
		return False
	if not frappe.has_permission(todo.reference_type, "read", doc=todo.reference_name, user=user):
		return False
	if frappe.db.exists(
		"ToDo",
		{"reference_type": todo.reference_type, "reference_name": todo.reference_name, "status": "Open"},
	):
		return False
	record = frappe.get_doc(todo.reference_type, todo.reference_name).as_dict()
	return bool(rule.safe_eval("assign_condition", record)) and rule.get_user(record) == todo.allocated_to


AUTO_ASSIGNMENT = "b2b_auto_assignment"


@contextmanager
def auto_assignment(ticket: str, user: str):
	"""The app's auto-assign is about to give `ticket` to `user`: that one ToDo passes the guard.

	A flag of this request's server code (`frappe.flags`), never a request argument: a client can
	neither set it nor widen it to another ticket or another assignee. Removed on leaving.
	"""
	frappe.flags[AUTO_ASSIGNMENT] = (ticket, user)
	try:
		yield
	finally:
		frappe.flags.pop(AUTO_ASSIGNMENT, None)


def made_by_auto_assign(todo, user: str) -> bool:
	"""The ToDo is the one auto-assign announced, on a ticket the session may read that has no open
	assignment yet (auto-assign gives only a new, unassigned ticket)."""
	announced = frappe.flags.get(AUTO_ASSIGNMENT)
	if todo.reference_type != "Service Ticket" or announced != (todo.reference_name, todo.allocated_to):
		return False
	if frappe.db.exists(
		"ToDo",
		{"reference_type": todo.reference_type, "reference_name": todo.reference_name, "status": "Open"},
	):
		return False
	return bool(frappe.has_permission(todo.reference_type, "read", doc=todo.reference_name, user=user))


def client_session() -> bool:
	user = frappe.session.user
	return user != "Administrator" and not frappe.flags.in_install and is_portal_user(user)


def refuse(message: str) -> None:
	frappe.throw(message, frappe.PermissionError, title=_("Not Permitted"))
