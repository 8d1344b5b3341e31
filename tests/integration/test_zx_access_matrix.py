"""Who sees and changes what, through real HTTP against the served test site (issue 6, R2, R21, R34).

Eight signed-in users — the store admin (listed location A1), the territory
manager (territory North, which holds A1 but not A2), the head office (whole
company) and a no-access contact of client A; the whole-company contact of
client B; an engineer (one A ticket assigned to him, one to his teammate, one
B ticket he raised); a dispatcher with a User Permission on customer A and
an unrestricted one — against every route the ERP and the app expose: desk
lists, REST v1/v2, `frappe.client.*`, the form loader and its docinfo, link
search, group-by counts, exports, reports, print view and PDF, private files,
writes of every kind, and the portal pages.

Each test asserts, for one user and one family of routes:
- no response body names a record outside the user's scope (record names and
  the unique markers in subjects, descriptions, notes, replies, file names);
- portal users never see an internal note (a Comment), not even on their own ticket;
- every list of tickets, equipment and acts is exactly the user's scope;
- every refusal is a clean 403/404 with a readable message, never a 5xx;
- no write outside the scope changes the database.

The outcome of every cell is written to `$TMPDIR/b2b-access-matrix.md`.
Runs against http://<site>:8000, which the README's test command serves.
"""

import json
from pathlib import Path

import pytest
import requests

import frappe

from tests.integration.access_world import (
	ALL_ASSETS,
	ALL_TICKETS,
	ASSETS,
	BASE_URL,
	LIST_FIELDS,
	STORES,
	USERS,
	Browser,
	Cell,
	Scope,
	build_world,
	desk_refused,
	found,
	listed,
	server_message,
	write_matrix,
)

# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(erp):
	try:
		requests.get(f"{BASE_URL}/api/method/ping", timeout=10).raise_for_status()
	except requests.RequestException as error:
		pytest.fail(
			f"the test site is not served on {BASE_URL} ({error}); run `bash scripts/run_tests.sh` or serve it "
			"(see serve_site in that script)"
		)
	world = build_world(erp)
	for key, act in world.acts.items():  # a marker on the act, to search response bodies for
		frappe.db.set_value("Service Act", act, "client_comment", world.marker("act", key))
	frappe.db.commit()
	yield world
	write_matrix(world)
	left = world.destroy()
	assert not left, f"the security world left records behind: {left}"


@pytest.fixture(scope="module")
def browsers(world):
	return {who: Browser(world.users[who]) for who in USERS}


# --- lists --------------------------------------------------------------------------------------

STRICT = {"Service Ticket", "Asset", "Service Act"}


# what else hangs off a ticket or names it: checked for leaks only (no world record is expected there)
SIDE_LISTS = {
	"Tag Link": ["name", "document_name", "title"],
	"Version": ["name", "docname", "data"],
	"ToDo": ["name", "reference_name", "description"],
	"Activity Log": ["name", "reference_name", "subject"],
	"Notification Log": ["name", "document_name", "subject", "email_content"],
	"Address": ["name", "address_title"],
	"Contact": ["name", "first_name", "last_name"],
}


@pytest.mark.parametrize("doctype", sorted(SIDE_LISTS))
@pytest.mark.parametrize("who", USERS)
def test_side_lists_name_nothing_outside_the_scope(world, browsers, who, doctype):
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, f"list {doctype}")
	fields, hidden = SIDE_LISTS[doctype], scope.hidden()
	for label, response in (
		("resource", b.get(b.resource(doctype), fields=fields, limit_page_length=0)),
		("get_list", b.call("frappe.client.get_list", doctype=doctype, fields=fields, limit_page_length=0)),
		("reportview", b.call("frappe.desk.reportview.get", doctype=doctype, fields=fields, page_length=500)),
	):
		cell.check_no_leak(label, response, hidden)
		if response.status_code != 200:
			cell.refused(label, response)
		cell.notes.append(f"{label} {response.status_code}")
	cell.done()


@pytest.mark.parametrize("doctype", list(LIST_FIELDS))
@pytest.mark.parametrize("who", USERS)
def test_lists_show_only_the_scope(world, browsers, who, doctype):
	"""Desk list (reportview), REST v1 and v2 lists and frappe.client.get_list, with every field that could leak."""
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, f"list {doctype}")
	fields = LIST_FIELDS[doctype]
	strict = doctype in STRICT
	listed(
		cell,
		"reportview",
		b.call("frappe.desk.reportview.get", doctype=doctype, fields=fields, page_length=500),
		scope,
		doctype,
		strict,
	)
	listed(
		cell,
		"resource",
		b.get(b.resource(doctype), fields=fields, limit_page_length=0),
		scope,
		doctype,
		strict,
	)
	listed(
		cell, "v2", b.get(f"/api/v2/document/{doctype}", fields=fields, limit=1000), scope, doctype, strict
	)
	listed(
		cell,
		"get_list",
		b.call("frappe.client.get_list", doctype=doctype, fields=fields, limit_page_length=0),
		scope,
		doctype,
		strict,
	)
	listed(
		cell,
		"get_list as_list",
		b.call("frappe.client.get_list", doctype=doctype, fields=fields, limit_page_length=0, as_dict=0),
		scope,
		doctype,
		strict,
	)
	cell.done()


COUNT_FILTERS = {
	"Service Ticket": lambda w: [["subject", "like", f"%{w.tag}%"]],
	"Asset": lambda w: [["asset_name", "like", f"%{w.tag}%"]],
	"Service Act": lambda w: [["customer", "in", list(w.customers.values())]],
}


@pytest.mark.parametrize("who", USERS)
def test_counts_and_group_by_show_only_the_scope(world, browsers, who):
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, "counts / group-by / export")
	hidden = scope.hidden()
	for doctype, make_filters in COUNT_FILTERS.items():
		expected = len(scope.allowed(doctype))
		filters = make_filters(world)
		for route, response in (
			("get_count", b.call("frappe.client.get_count", doctype=doctype, filters=filters)),
			(
				"reportview.get_count",
				b.call("frappe.desk.reportview.get_count", doctype=doctype, filters=filters),
			),
			("v2 count", b.get(f"/api/v2/doctype/{doctype}/count", filters=filters)),
		):
			label = f"{route} {doctype}"
			cell.check_no_leak(label, response, hidden)
			if response.status_code == 200:
				count = response.json().get("message", response.json().get("data"))
				if count != expected:
					cell.problems.append(f"{label}: counts {count}, the scope holds {expected}")
			else:
				cell.refused(label, response)
				if expected and not desk_refused(scope, route, response):
					cell.problems.append(f"{label}: refused but the scope holds {expected}")
	for field in ("customer", "assigned_to", "owner", "service_location"):
		label = f"group-by count {field}"
		response = b.call(
			"frappe.desk.listview.get_group_by_count",
			doctype="Service Ticket",
			current_filters=[],
			field=field,
		)
		cell.check_no_leak(label, response, hidden)
		if response.status_code != 200:
			cell.refused(label, response)
	response = b.call(
		"frappe.desk.reportview.get",
		doctype="Service Ticket",
		fields=["`tabService Ticket`.`customer`", "count(`tabService Ticket`.`name`) as total"],
		group_by="`tabService Ticket`.`customer`",
	)
	cell.check_no_leak("report view group-by", response, hidden)
	if response.status_code == 200 and scope.tickets:
		totals = dict(response.json()["message"]["values"])
		own = {world.customers[k[0]] for k in scope.tickets}
		for customer in own:
			expected = len([k for k in scope.tickets if world.customers[k[0]] == customer])
			if totals.get(customer) != expected:
				cell.problems.append(
					f"report view group-by: {customer} counts {totals.get(customer)}, scope {expected}"
				)
	elif response.status_code != 200:
		cell.refused("report view group-by", response)
	response = b.call(
		"frappe.desk.reportview.export_query",
		doctype="Service Ticket",
		file_format_type="CSV",
		fields=[
			"`tabService Ticket`.`name`",
			"`tabService Ticket`.`subject`",
			"`tabService Ticket`.`_comments`",
		],
		title="Tickets",
	)
	cell.check_no_leak("export CSV", response, hidden)
	if response.status_code != 200:
		cell.refused("export CSV", response)
	else:
		seen = found(response.text, scope.universe("Service Ticket"))
		if seen != scope.allowed("Service Ticket"):
			cell.problems.append(f"export CSV: exports {sorted(seen)}")
	cell.done()


# --- one record ---------------------------------------------------------------------------------

READ_MARKER = {
	"Service Ticket": lambda w, k: w.marker("ticket", k),
	"Asset": lambda w, k: w.marker("asset", k),
	"Service Act": lambda w, k: w.marker("act", k),
	"Comment": lambda w, k: w.marker("note", k),
	"Communication": lambda w, k: w.marker("reply", k),
	"File": lambda w, k: w.marker("file", k),
}
VALUE_FIELD = {
	"Service Ticket": "subject",
	"Asset": "asset_name",
	"Service Act": "client_comment",
	"Comment": "content",
	"Communication": "content",
	"File": "file_name",
}


@pytest.mark.parametrize("doctype", list(LIST_FIELDS))
@pytest.mark.parametrize("who", USERS)
def test_each_record_reads_only_in_scope(world, browsers, who, doctype):
	"""REST v1/v2 read and copy, frappe.client.get/get_value, validate_link, the form loader with its docinfo."""
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, f"read {doctype}")
	markers, allowed = scope.markers(), scope.allowed(doctype)
	readable = 0
	for name, key in scope.universe(doctype).items():
		marker = READ_MARKER[doctype](world, key)
		routes = {
			"resource": b.get(b.resource(doctype, name)),
			"v2": b.get(f"/api/v2/document/{doctype}/{name}"),
			"v2 copy": b.get(f"/api/v2/document/{doctype}/{name}/copy"),
			"client.get": b.call("frappe.client.get", doctype=doctype, name=name),
			"get_value": b.call(
				"frappe.client.get_value",
				doctype=doctype,
				filters=name,
				fieldname=[VALUE_FIELD[doctype], "_comments"],
			),
			"validate_link": b.call(
				"frappe.client.validate_link", doctype=doctype, docname=name, fields=[VALUE_FIELD[doctype]]
			),
			"getdoc": b.call("frappe.desk.form.load.getdoc", verb="GET", doctype=doctype, name=name),
			"get_docinfo": b.call("frappe.desk.form.load.get_docinfo", doctype=doctype, name=name),
		}
		for route, response in routes.items():
			label = f"{route} {key}"
			cell.check_no_leak(label, response, markers)
			if name in allowed:
				if route in ("resource", "client.get") and doctype in STRICT:
					if response.status_code != 200 or marker not in response.text:
						cell.problems.append(
							f"{label}: in scope but {response.status_code} {response.text[:150]}"
						)
				if response.status_code == 200 and route == "resource":
					readable += 1
			elif route in ("get_value", "validate_link") and response.status_code == 200:
				if marker in response.text:
					cell.problems.append(f"{label}: LEAK, out of scope yet returns its value")
			else:
				cell.refused(label, response)
	cell.notes.append(f"{readable}/{len(scope.universe(doctype))} readable")
	cell.done()


@pytest.mark.parametrize("who", USERS)
def test_the_timeline_shows_no_internal_note_to_clients(world, browsers, who):
	"""Docinfo, the communications loader and the ticket's `_comments` cache: notes for staff, never for clients."""
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, "timeline")
	for key in sorted(scope.tickets & set(world.notes)):
		name = world.tickets[key]
		note = world.marker("note", key)
		for label, response in (
			(
				f"getdoc {key}",
				b.call("frappe.desk.form.load.getdoc", verb="GET", doctype="Service Ticket", name=name),
			),
			(
				f"communications {key}",
				b.call("frappe.desk.form.load.get_communications", doctype="Service Ticket", name=name),
			),
			(f"resource {key}", b.get(b.resource("Service Ticket", name))),
			(
				f"get_value _comments {key}",
				b.call(
					"frappe.client.get_value", doctype="Service Ticket", filters=name, fieldname="_comments"
				),
			),
		):
			cell.check_no_leak(label, response, scope.markers())
			if not scope.portal and label.startswith("getdoc") and note not in response.text:
				cell.problems.append(
					f"{label}: staff should see the internal note, got {response.status_code}"
				)
			if response.status_code != 200:
				cell.refused(label, response)
			elif key in world.replies and label.startswith(("getdoc", "communications")):
				if world.marker("reply", key) not in response.text:
					cell.problems.append(f"{label}: the reply to the client is missing")
	cell.done()


# --- search, reports, print, files --------------------------------------------------------------

SEARCHED = (
	"Service Ticket",
	"Asset",
	"Service Act",
	"Customer",
	"Address",
	"Contact",
	"Communication",
	"File",
)


@pytest.mark.parametrize("who", USERS)
def test_link_search_finds_only_the_scope(world, browsers, who):
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, "link search")
	hidden = scope.hidden()
	for doctype in SEARCHED:
		for txt in ("", world.tag):
			for ignore in (0, 1):
				label = f"search_link {doctype} {txt!r} ignore_user_permissions={ignore}"
				response = b.call(
					"frappe.desk.search.search_link",
					doctype=doctype,
					txt=txt,
					page_length=200,
					ignore_user_permissions=ignore,
					reference_doctype="Service Ticket",
				)
				cell.check_no_leak(label, response, hidden)
				if response.status_code != 200:
					cell.refused(label, response)
		response = b.call("frappe.desk.search.search_widget", doctype=doctype, txt=world.tag, page_length=200)
		cell.check_no_leak(f"search_widget {doctype}", response, hidden)
		if response.status_code != 200:
			cell.refused(f"search_widget {doctype}", response)
	cell.done()


REPORTS = {
	"SLA Compliance": {"from_date": "2026-01-01", "to_date": "2026-12-31", "group_by": "Customer"},
	"Contract Profitability": {"from_date": "2026-05-01", "to_date": "2026-05-31"},
	"Service Act Period Closing": {"from_date": "2026-05-01", "to_date": "2026-05-31", "day": "2026-05-10"},
}
REPORT_ROLES = {  # which of our users may run each report (the report's own roles)
	"SLA Compliance": {"dispatcher_a", "dispatcher"},
	"Contract Profitability": set(),
	"Service Act Period Closing": set(),
}


@pytest.mark.parametrize("who", USERS)
def test_reports_show_only_the_scope(world, browsers, who):
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, "reports")
	hidden = scope.hidden()
	for report, filters in REPORTS.items():
		response = b.call("frappe.desk.query_report.run", report_name=report, filters=filters)
		cell.check_no_leak(report, response, hidden)
		if who in REPORT_ROLES[report]:
			if response.status_code != 200:
				cell.problems.append(f"{report}: {response.status_code} {server_message(response)[:200]}")
			cell.notes.append(f"{report} {response.status_code}")
		else:
			cell.refused(report, response)
	cell.done()


@pytest.mark.parametrize("who", USERS)
def test_print_view_pdf_and_files_only_in_scope(world, browsers, who):
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, "print / PDF / files")
	markers = scope.markers()
	printed = []
	for doctype, names in (
		("Service Ticket", world.tickets),
		("Service Act", world.acts),
		("Asset", world.assets),
	):
		for key, name in names.items():
			response = b.page(f"/printview?doctype={doctype}&name={name}")
			label = f"printview {doctype} {key}"
			cell.check_no_leak(label, response, markers)
			if response.status_code == 200:
				printed.append(key)
			else:
				cell.refused(label, response, pages=True)
	cell.notes.append(f"printview {sorted(printed)}")
	pdfs = [
		("Service Ticket", "a1", world.tickets["a1"], "Standard"),
		("Service Ticket", "b1", world.tickets["b1"], "Standard"),
		("Service Act", "a", world.acts["a"], "Act of Completed Works"),
		("Service Act", "b", world.acts["b"], "Act of Completed Works"),
	]
	for doctype, key, name, print_format in pdfs:
		in_scope = key in (scope.tickets if doctype == "Service Ticket" else scope.acts)
		if in_scope and key not in ("a1", "a"):
			continue  # one PDF per user is enough to show printing works; refusals are all checked
		response = b.call(
			"frappe.utils.print_format.download_pdf",
			verb="GET",
			doctype=doctype,
			name=name,
			format=print_format,
		)
		label = f"pdf {doctype} {key}"
		if response.status_code == 200:
			if not in_scope:
				cell.problems.append(f"{label}: LEAK, out of scope yet printed to PDF")
			elif not response.content.startswith(b"%PDF"):
				cell.problems.append(f"{label}: 200 but not a PDF")
		else:
			cell.check_no_leak(label, response, markers)
			cell.refused(label, response)
	for key, file in world.files.items():
		response = b.request("GET", file["file_url"])
		label = f"file {key}"
		body = world.marker("filebody", key)
		if key in scope.tickets:
			if response.status_code != 200 or body not in response.text:
				cell.problems.append(f"{label}: in scope but {response.status_code}")
		else:
			cell.check_no_leak(label, response, markers)
			cell.refused(label, response, pages=True)
	cell.done()


@pytest.mark.parametrize("who", USERS)
def test_linked_documents_and_dashboards_only_in_scope(world, browsers, who):
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, "linked / dashboards")
	hidden = scope.hidden()
	for key, customer in world.customers.items():
		for label, response in (
			(
				f"linked_with Customer {key}",
				b.call("frappe.desk.form.linked_with.get", doctype="Customer", docname=customer),
			),
			(
				f"open count Customer {key}",
				b.call("frappe.desk.notifications.get_open_count", doctype="Customer", name=customer),
			),
			(
				f"client open tickets {key}",
				b.call("b2b_helpdesk.service_desk.client_tickets.get_client_open_tickets", customer=customer),
			),
		):
			cell.check_no_leak(label, response, hidden, supplied={customer})
			if response.status_code != 200:
				cell.refused(label, response)
	for key, asset in world.assets.items():
		response = b.call("frappe.desk.form.linked_with.get", doctype="Asset", docname=asset)
		cell.check_no_leak(f"linked_with Asset {key}", response, hidden, supplied={asset})
		if response.status_code != 200:
			cell.refused(f"linked_with Asset {key}", response)
	cell.done()


# --- writes -------------------------------------------------------------------------------------


def ticket_state(name: str) -> tuple:
	frappe.db.rollback()  # a fresh snapshot: the web server committed in its own connection
	row = frappe.db.get_value(
		"Service Ticket", name, ["subject", "description", "status", "modified", "priority"], as_dict=True
	)
	counts = tuple(
		frappe.db.count(doctype, {field: name})
		for doctype, field in (
			("Comment", "reference_name"),
			("Communication", "reference_name"),
			("File", "attached_to_name"),
			("ToDo", "reference_name"),
			("DocShare", "share_name"),
			("Timesheet Detail", "b2b_service_ticket"),
		)
	)
	return (tuple(row.values()) if row else None, counts)


def write_attempts(b: Browser, world, name: str, in_scope: bool):
	"""Every way to change a ticket or hang something off it: (label, response)."""
	me = b.user
	yield (
		"PUT",
		b.request("PUT", b.resource("Service Ticket", name), json={"subject": "pwned", "priority": "Urgent"}),
	)
	yield "v2 PATCH", b.request("PATCH", f"/api/v2/document/Service Ticket/{name}", json={"subject": "pwned"})
	yield (
		"set_value",
		b.call(
			"frappe.client.set_value", doctype="Service Ticket", name=name, fieldname="subject", value="pwned"
		),
	)
	yield (
		"bulk_update",
		b.call(
			"frappe.client.bulk_update",
			docs=[{"doctype": "Service Ticket", "docname": name, "subject": "pwned"}],
		),
	)
	doc = frappe.db.get_value("Service Ticket", name, ["customer", "opened_on", "modified"], as_dict=True)
	yield (
		"savedocs",
		b.call(
			"frappe.desk.form.save.savedocs",
			doc={
				"doctype": "Service Ticket",
				"name": name,
				"subject": "pwned",
				**{k: str(v) for k, v in doc.items()},
			},
			action="Save",
		),
	)
	yield (
		"add_comment",
		b.call(
			"frappe.desk.form.utils.add_comment",
			reference_doctype="Service Ticket",
			reference_name=name,
			content="injected note",
			comment_email=me,
			comment_by="Dispatcher",
		),
	)
	yield (
		"insert Comment",
		b.call(
			"frappe.client.insert",
			doc={
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": "Service Ticket",
				"reference_name": name,
				"content": "x",
			},
		),
	)
	yield (
		"communication make",
		b.call(
			"frappe.core.doctype.communication.email.make",
			doctype="Service Ticket",
			name=name,
			content="injected reply",
			subject="x",
			send_email=0,
		),
	)
	yield (
		"assign_to",
		b.call("frappe.desk.form.assign_to.add", doctype="Service Ticket", name=name, assign_to=[me]),
	)
	yield "share", b.call("frappe.share.add", doctype="Service Ticket", name=name, user=me, read=1, write=1)
	yield (
		"upload_file",
		b.request(
			"POST",
			"/api/method/upload_file",
			data={"doctype": "Service Ticket", "docname": name, "is_private": "1"},
			files={"file": ("injected.txt", b"injected", "text/plain")},
		),
	)
	yield (
		"run_doc_method add_internal_note",
		b.call(
			"run_doc_method", dt="Service Ticket", dn=name, method="add_internal_note", args={"content": "x"}
		),
	)
	yield (
		"run_doc_method reply_to_customer",
		b.call(
			"run_doc_method", dt="Service Ticket", dn=name, method="reply_to_customer", args={"content": "x"}
		),
	)
	yield (
		"v2 method reopen",
		b.request("POST", f"/api/v2/document/Service Ticket/{name}/method/reopen", data={"reason": "x"}),
	)
	yield (
		"log_time",
		b.call(
			"b2b_helpdesk.service_billing.log_work.log_time", ticket=name, activity_type="Planning", hours=1
		),
	)
	if not in_scope:
		yield "portal reply", b.call("b2b_helpdesk.api.portal.reply", ticket=name, message="injected")
	yield "DELETE", b.request("DELETE", b.resource("Service Ticket", name))
	yield "client.delete", b.call("frappe.client.delete", doctype="Service Ticket", name=name)


@pytest.mark.parametrize("who", USERS)
def test_no_write_outside_the_scope(world, browsers, who):
	"""Every write path against every ticket the user may not change: refused cleanly, database unchanged.

	Client contacts change no ticket through the desk's paths (only the portal's reply); staff are
	tried on the tickets outside their scope.
	"""
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, "writes")
	markers = scope.markers()
	targets = ALL_TICKETS if scope.portal else ALL_TICKETS - scope.tickets
	tried = 0
	for key in sorted(targets):
		name = world.tickets[key]
		before = ticket_state(name)
		for label, response in write_attempts(b, world, name, key in scope.tickets):
			tried += 1
			label = f"{label} {key}"
			cell.check_no_leak(label, response, markers, supplied=set(world.customers.values()))
			if label.startswith("bulk_update") and response.status_code == 200:
				# frappe.client.bulk_update answers 200 and lists the documents it could not change
				if name not in json.dumps(response.json().get("message", {}).get("failed_docs", [])):
					cell.problems.append(f"{label}: 200 without the ticket among its failed documents")
				continue
			cell.refused(label, response)
		after = ticket_state(name)
		if after != before:
			cell.problems.append(f"ticket {key} CHANGED: {before} -> {after}")
	for key in sorted(ALL_ASSETS - scope.assets if not scope.portal else ALL_ASSETS):
		name = world.assets[key]
		frappe.db.rollback()
		before = frappe.db.get_value("Asset", name, ["asset_name", "modified", "docstatus"])
		for label, response in (
			("PUT asset", b.request("PUT", b.resource("Asset", name), json={"asset_name": "pwned"})),
			(
				"set_value asset",
				b.call(
					"frappe.client.set_value",
					doctype="Asset",
					name=name,
					fieldname="asset_name",
					value="pwned",
				),
			),
			("cancel asset", b.call("frappe.client.cancel", doctype="Asset", name=name)),
			("DELETE asset", b.request("DELETE", b.resource("Asset", name))),
		):
			tried += 1
			cell.check_no_leak(f"{label} {key}", response, markers)
			cell.refused(f"{label} {key}", response)
		frappe.db.rollback()
		if frappe.db.get_value("Asset", name, ["asset_name", "modified", "docstatus"]) != before:
			cell.problems.append(f"asset {key} CHANGED")
	for key, name in world.acts.items():
		if who == "dispatcher" or (key in scope.acts and who in ("head_office", "b_contact")):
			continue  # their own acts: accepting is their right, not tried here
		frappe.db.rollback()
		before = frappe.db.get_value("Service Act", name, ["act_status", "modified", "docstatus"])
		for label, response in (
			("accept act", b.call("b2b_helpdesk.service_billing.act_lifecycle.accept_act", act=name)),
			(
				"dispute act",
				b.call(
					"b2b_helpdesk.service_billing.act_lifecycle.dispute_act", act=name, comments={"x": "y"}
				),
			),
			("PUT act", b.request("PUT", b.resource("Service Act", name), json={"client_comment": "pwned"})),
			("cancel act", b.call("frappe.client.cancel", doctype="Service Act", name=name)),
			("DELETE act", b.request("DELETE", b.resource("Service Act", name))),
		):
			tried += 1
			cell.check_no_leak(f"{label} {key}", response, markers)
			cell.refused(f"{label} {key}", response)
		frappe.db.rollback()
		if frappe.db.get_value("Service Act", name, ["act_status", "modified", "docstatus"]) != before:
			cell.problems.append(f"act {key} CHANGED")
	cell.notes.append(f"{tried} writes refused")
	cell.done()


@pytest.mark.parametrize("who", USERS)
def test_no_ticket_raised_outside_the_scope(world, browsers, who):
	"""Raising a ticket for another client, another store, or without the authority is refused on every path."""
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, "create")
	w = world
	attempts = []
	for store in ("a1", "a2", "b1"):
		customer = w.customers[store[0]]
		allowed = (
			store in STORES.get(who, set()) if scope.portal else not (who == "dispatcher_a" and store == "b1")
		)
		if allowed:
			continue
		subject = f"Raised {w.marker('raised', who + '-' + store)}"
		doc = {
			"doctype": "Service Ticket",
			"subject": subject,
			"customer": customer,
			"service_location": w.stores[store],
			"opened_on": "2026-05-20 10:00:00",
		}
		sent = {customer, w.stores[store]}
		attempts += [
			(
				f"POST resource {store}",
				subject,
				sent,
				lambda doc=doc: b.request("POST", b.resource("Service Ticket"), json=doc),
			),
			(
				f"v2 POST {store}",
				subject,
				sent,
				lambda doc=doc: b.request("POST", "/api/v2/document/Service Ticket", json=doc),
			),
			(
				f"client.insert {store}",
				subject,
				sent,
				lambda doc=doc: b.call("frappe.client.insert", doc=doc),
			),
			(
				f"portal create_ticket {store}",
				subject,
				sent,
				lambda subject=subject, store=store: b.call(
					"b2b_helpdesk.api.portal.create_ticket", subject=subject, service_location=w.stores[store]
				),
			),
		]
	for asset_key in sorted(ALL_ASSETS - ASSETS[who]) if scope.portal else ():
		subject = f"Raised {w.marker('raised', who + '-' + asset_key)}"
		attempts.append(
			(
				f"portal create_ticket asset {asset_key}",
				subject,
				{w.assets[asset_key]},
				lambda subject=subject, asset_key=asset_key: b.call(
					"b2b_helpdesk.api.portal.create_ticket", subject=subject, asset=w.assets[asset_key]
				),
			)
		)
	for label, subject, sent, attempt in attempts:
		response = attempt()
		cell.check_no_leak(label, response, scope.markers(), supplied=sent)
		cell.refused(label, response)
		frappe.db.rollback()
		if frappe.db.exists("Service Ticket", {"subject": subject}):
			cell.problems.append(f"{label}: a ticket WAS raised")
	cell.notes.append(f"{len(attempts)} refused")
	cell.done()


# --- portal pages -------------------------------------------------------------------------------


def page_landed(route: str) -> bool:
	return (Path(frappe.get_app_path("b2b_helpdesk", "www")) / route).exists()


@pytest.mark.parametrize("who", USERS)
def test_portal_pages_show_only_the_scope(world, browsers, who):
	b, scope, cell = browsers[who], Scope(world, who), Cell(who, "portal pages")
	hidden = scope.hidden()
	response = b.page("/acts")
	cell.check_no_leak("/acts", response, hidden)
	if scope.portal:
		seen = found(response.text, scope.universe("Service Act"))
		if response.status_code != 200 or seen != scope.allowed("Service Act"):
			cell.problems.append(f"/acts: {response.status_code}, lists {sorted(seen)}")
	for key, name in world.acts.items():
		response = b.page(f"/acts/{name}")
		cell.check_no_leak(f"/acts/{key}", response, scope.markers())
		if key in scope.acts:
			if response.status_code != 200:
				cell.problems.append(f"/acts/{key}: in scope but {response.status_code}")
		else:
			cell.refused(f"/acts/{key}", response, pages=True)
	if page_landed("tickets"):
		response = b.page("/tickets?status=all")
		cell.check_no_leak("/tickets", response, hidden)
		if scope.portal:
			seen = found(response.text, scope.universe("Service Ticket"))
			if response.status_code != 200 or seen != scope.allowed("Service Ticket"):
				cell.problems.append(f"/tickets: {response.status_code}, lists {sorted(seen)}")
		for key, name in world.tickets.items():
			response = b.page(f"/tickets/{name}")
			cell.check_no_leak(f"/tickets/{key}", response, scope.markers())
			if key in scope.tickets:
				if response.status_code != 200 or world.marker("ticket", key) not in response.text:
					cell.problems.append(f"/tickets/{key}: in scope but {response.status_code}")
				elif key in world.replies and world.marker("reply", key) not in response.text:
					cell.problems.append(f"/tickets/{key}: the reply to the client is missing")
			else:
				cell.refused(f"/tickets/{key}", response, pages=True)
		response = b.page("/tickets/new")
		cell.check_no_leak("/tickets/new", response, hidden)
		if response.status_code >= 500:
			cell.problems.append(f"/tickets/new: {response.status_code}")
		response = b.call("b2b_helpdesk.api.portal.raise_options", verb="GET")
		cell.check_no_leak("raise_options", response, hidden)
		if response.status_code == 200 and scope.portal:
			offered = found(response.text, {store: key for key, store in world.stores.items()})
			expected = {world.stores[k] for k in STORES[who]}
			if offered != expected:
				cell.problems.append(f"raise_options: offers {sorted(offered)}, scope {sorted(expected)}")
		elif response.status_code != 200:
			cell.refused("raise_options", response)
	for route in ("equipment", "sla"):
		if not page_landed(route):
			continue
		response = b.page(f"/{route}")
		cell.check_no_leak(f"/{route}", response, hidden)
		if response.status_code >= 500:
			cell.problems.append(f"/{route}: {response.status_code}")
		if route == "equipment" and scope.portal and response.status_code == 200:
			seen = {k for k in ALL_ASSETS if world.marker("asset", k) in response.text}
			if seen != scope.assets:
				cell.problems.append(f"/equipment: shows {sorted(seen)}, scope {sorted(scope.assets)}")
	cell.done()
