"""A committed world for the phone tests in a real browser (issue 14), and its removal.

The web server only sees committed rows, so this world is committed: the billed client of
`billing_setup` (contract, plan, equipment, two tickets), an engineer who can sign in, his
Employee, his van with seals, the covered ticket assigned to him with a contact and a checklist.
`destroy` removes every record of it, and what the job made on it (visits, timesheets, stock
entries and their ledger rows, files, mails, work reports, action logs), and returns what is left.
"""

from dataclasses import dataclass, field

import frappe
from frappe.desk.form.assign_to import add as assign_to
from frappe.utils.password import update_password

from tests.integration.billing_factories import billing_setup
from tests.integration.test_role_jobs import link_employee, stock_van, van_of

PASSWORD = "Fx-phone-7!Quartz"


@dataclass
class FieldWorld:
	user: str
	engineer: str
	van: str
	ticket: str
	other_ticket: str
	contract: str
	plan: str
	policy: str
	customer: str
	addresses: list[str]
	contact: str
	assets: list[str]
	rows: list[str] = field(default_factory=list)


def build(erp) -> FieldWorld:
	frappe.set_user("Administrator")
	data = billing_setup(erp)
	tag = frappe.generate_hash(length=6).lower()
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": f"{tag}-phone@staff.example",
			"first_name": "Field",
			"last_name": f"Engineer {tag}",
			"send_welcome_email": 0,
			"user_type": "System User",
		}
	).insert(ignore_permissions=True)
	user.add_roles("Service Engineer")
	update_password(user.name, PASSWORD)
	link_employee(data.engineer, user.name)
	van = van_of(erp.company, user.name)
	stock_van(erp.company, van, 10, 5)
	ticket = frappe.get_doc("Service Ticket", data.covered.name)
	ticket.contact = data.client.contact
	ticket.append("checklist", {"item": "Check the compressor", "mandatory": 1})
	ticket.append("checklist", {"item": "Clean the condenser", "mandatory": 0})
	ticket.save()
	assign_to({"assign_to": [user.name], "doctype": "Service Ticket", "name": ticket.name})
	contract = frappe.get_doc("Contract", data.contract)
	world = FieldWorld(
		user=user.name,
		engineer=data.engineer,
		van=van,
		ticket=ticket.name,
		other_ticket=data.extra.name,
		contract=data.contract,
		plan=data.plan.name,
		policy=contract.get("b2b_service_level_policy") or "",
		customer=data.client.customer,
		addresses=[data.client.store_a1, data.client.store_a2],
		contact=data.client.contact,
		assets=[data.client.fridge, data.client.pos, data.client.lift],
		rows=[row.name for row in ticket.checklist],
	)
	frappe.db.commit()
	return world


def drop(doctype: str, name: str, left: list) -> None:
	if not frappe.db.exists(doctype, name):
		return
	try:
		doc = frappe.get_doc(doctype, name)
		if doc.docstatus == 1:
			doc.flags.ignore_permissions = True
			doc.cancel()
		frappe.delete_doc(doctype, name, force=1, ignore_permissions=True, ignore_on_trash=True)
	except Exception as error:
		frappe.db.rollback()
		left.append(f"{doctype} {name}: {error}")


def drop_posted(doctype: str, name: str, left: list) -> None:
	"""A submitted stock or time document of the test: its ledger rows go with it, in any order."""
	for table in ("Stock Ledger Entry", "GL Entry", "Payment Ledger Entry", "Repost Item Valuation"):
		frappe.db.delete(table, {"voucher_no": name})
	frappe.db.set_value(doctype, name, "docstatus", 2, update_modified=False)
	for child in frappe.get_meta(doctype).get_table_fields():
		frappe.db.sql(f"update `tab{child.options}` set docstatus = 2 where parent = %s", name)
	drop(doctype, name, left)


def destroy(world: FieldWorld) -> list[str]:
	frappe.set_user("Administrator")
	left: list[str] = []
	tickets = [world.ticket, world.other_ticket]
	for name in frappe.get_all("Service Work Report", {"service_ticket": ("in", tickets)}, pluck="name"):
		drop("Service Work Report", name, left)
	communications = frappe.get_all(
		"Communication",
		{"reference_doctype": "Service Ticket", "reference_name": ("in", tickets)},
		pluck="name",
	)
	# never `in [""]`: Frappe reads it as "empty or null" and the site's Home folders would go too
	attached = [("Service Ticket", tickets), ("Communication", communications)]
	for doctype, names in attached:
		if not names:
			continue
		for name in frappe.get_all(
			"File", {"attached_to_doctype": doctype, "attached_to_name": ("in", names)}, pluck="name"
		):
			drop("File", name, left)
	frappe.db.delete("Email Queue", {"reference_name": ("in", tickets)})
	for name in communications:
		drop("Communication", name, left)
	for name in frappe.get_all("Timesheet", {"employee": world.engineer}, pluck="name"):
		drop_posted("Timesheet", name, left)
	entries = set(frappe.get_all("Stock Entry Detail", {"s_warehouse": world.van}, pluck="parent"))
	entries |= set(frappe.get_all("Stock Entry Detail", {"t_warehouse": world.van}, pluck="parent"))
	for name in sorted(entries, reverse=True):
		drop_posted("Stock Entry", name, left)
	frappe.db.delete("Bin", {"warehouse": world.van})
	for name in frappe.get_all("Service Visit", {"service_ticket": ("in", tickets)}, pluck="name"):
		drop("Service Visit", name, left)
	frappe.db.delete("Field Action Log", {"user": world.user})
	frappe.db.delete("ToDo", {"reference_type": "Service Ticket", "reference_name": ("in", tickets)})
	for name in tickets:
		drop("Service Ticket", name, left)
	drop("Contract", world.contract, left)
	drop("Service Billing Plan", world.plan, left)
	if world.policy:
		drop("Service Level Policy", world.policy, left)
	for name in world.assets:
		drop("Asset", name, left)
		frappe.db.delete("Asset Movement Item", {"asset": name})
	drop("Contact", world.contact, left)
	for name in world.addresses:
		drop("Address", name, left)
	drop("Customer", world.customer, left)
	frappe.db.delete("Activity Cost", {"employee": world.engineer})
	frappe.db.delete("User Permission", {"user": world.user})
	drop("Employee", world.engineer, left)
	drop("Warehouse", world.van, left)
	drop("User", world.user, left)
	frappe.db.commit()
	return left
