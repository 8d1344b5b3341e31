"""The demo's people: one signed-in user for each role, set up the way the office does it in the ERP.

Staff are System Users with the app's roles; each engineer is linked to his Employee
(Employee › User ID with "Create User Permission") and has a van, a Warehouse his User
Permission allows. Client contacts are Website Users with the portal role, their Contact
carrying the scope the dispatcher gives them (listed stores, a territory, the whole company).
"""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils.password import update_password

from b2b_helpdesk.setup.roles import (
	SERVICE_ACCOUNTANT,
	SERVICE_CUSTOMER,
	SERVICE_DISPATCHER,
	SERVICE_ENGINEER,
	SERVICE_MANAGER,
)

DEMO_PASSWORD = "Demo-Service-2026"
STAFF_DOMAIN = "b2b-demo.example"


@dataclass(frozen=True)
class Login:
	role: str
	user: str
	where: str


def staff_user(key: str, first_name: str, last_name: str, role: str) -> str:
	return _user(f"{key}@{STAFF_DOMAIN}", first_name, last_name, "System User", (role,))


def portal_user(contact: str, access: str, locations=(), territory=None, may_accept=False) -> str:
	"""Open the portal for an existing Contact with scope `access`."""
	doc = frappe.get_doc("Contact", contact)
	email = doc.email_id
	_user(email, doc.first_name, doc.last_name, "Website User", (SERVICE_CUSTOMER,))
	doc.reload()
	doc.update(
		{
			"user": email,
			"b2b_portal_access": access,
			"b2b_territory": territory,
			"b2b_may_raise_tickets": 1,
			"b2b_may_accept_acts": int(may_accept),
		}
	)
	doc.set("b2b_locations", [{"address": address} for address in locations])
	doc.save(ignore_permissions=True)
	return email


def _user(email: str, first_name: str, last_name: str, user_type: str, roles) -> str:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"last_name": last_name,
				"send_welcome_email": 0,
				"user_type": user_type,
				"roles": [{"role": role} for role in roles],
			}
		).insert(ignore_permissions=True)
	update_password(email, DEMO_PASSWORD)
	return email


def link_employee(employee: str, user: str) -> None:
	"""The ERP's own way: Employee › User ID with "Create User Permission" (his own Employee only)."""
	doc = frappe.get_doc("Employee", employee)
	doc.user_id = user
	doc.create_user_permission = 1
	doc.save(ignore_permissions=True)


def van_of(company: str, user: str, name: str) -> str:
	"""The engineer's van: a Warehouse of the company, the only one his User Permission allows."""
	abbr = frappe.get_cached_value("Company", company, "abbr")
	van = f"{name} - {abbr}"
	if not frappe.db.exists("Warehouse", van):
		van = (
			frappe.get_doc({"doctype": "Warehouse", "warehouse_name": name, "company": company})
			.insert(ignore_permissions=True)
			.name
		)
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": "Warehouse",
			"for_value": van,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	return van


def staff() -> dict[str, str]:
	"""The office: dispatcher, two engineers, accountant, manager (key → user)."""
	return {
		"dispatcher": staff_user("dispatcher", "Dana", "Dispatch", SERVICE_DISPATCHER),
		"ivan": staff_user("ivan.petrov", "Ivan", "Petrov", SERVICE_ENGINEER),
		"ana": staff_user("ana.costa", "Ana", "Costa", SERVICE_ENGINEER),
		"accountant": staff_user("accountant", "Alex", "Ledger", SERVICE_ACCOUNTANT),
		"manager": staff_user("manager", "Morgan", "Lead", SERVICE_MANAGER),
	}


def login_table(users: dict[str, str]) -> list[Login]:
	"""Who signs in where: the rows `logins()` prints and the README lists."""
	return [
		Login(_("Service Dispatcher"), users["dispatcher"], "/app/service-ticket"),
		Login(_("Service Engineer"), users["ivan"], "/field"),
		Login(_("Service Engineer"), users["ana"], "/field"),
		Login(_("Service Accountant"), users["accountant"], "/app/service-act"),
		Login(_("Service Manager"), users["manager"], "/app/query-report/SLA Compliance"),
		Login(_("Client: store admin (Store A1)"), users["store_admin"], "/tickets"),
		Login(_("Client: territory manager (Store A2)"), users["territory_manager"], "/tickets"),
		Login(_("Client: head office (accepts acts)"), users["head_office"], "/acts"),
	]
