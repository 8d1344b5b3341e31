"""Guards around the ERP's own endpoints that the row rules of `permissions.py` cannot reach (issue 6).

The row rules decide which tickets, acts and equipment a user may read. Six
paths of Frappe 15 step around them or leak what hangs off a readable record;
the HTTP security matrix (tests/integration/test_zx_access_matrix.py) found each:

1. Internal notes in the `_comments` cache. Frappe copies every Comment of type
   "Comment" (our internal notes) into the ticket's `_comments` column, which any
   reader of the ticket receives from `/api/resource`, `frappe.client.get`,
   `get_value(fieldname="_comments")` and list fields. `keep_internal_notes_out_of_cache`
   (a Comment `on_update` doc event) takes them out again; only customer-visible
   Communications stay cached. The desk's list view then counts only those.
2. Desk-only endpoints called by client contacts. The form loader hands out the
   timeline (internal notes, versions, assignments, views) to anyone who may read the
   document; the group-by sidebar, report view, reports and linked-document counts
   are staff tools. `guard_request` refuses every `frappe.desk.*` method to portal
   users, except link search, which portal forms use.
3. `ignore_user_permissions=1` on link search. Frappe 15 turns it into
   `get_list(ignore_permissions=True)`, which skips User Permissions *and* every
   `permission_query_conditions` hook: any contact could list every ticket and
   every asset of every client. `guard_request` drops the flag unless a Link field
   of the requesting form really carries "Ignore User Permissions" towards a doctype
   without row rules.
4. `frappe.client.get_count` counts with no permission check at all, an oracle on
   any field of any doctype (count tickets whose description is like '%x%').
   `get_count` is the same call through the permission layer.
5. Tag Link: Frappe lets every signed-in user list every Tag Link, whose `title` is the
   tagged record's title (a ticket's subject). `tag_link_query`/`tag_link_has_permission`
   show a tag of a ticket, act or asset only to who may read that record.
6. A refusal by a User Permission names the value it protects: a dispatcher limited to
   customer A who opens one of B's tickets by its name reads "... because it is linked to
   Customer '<B's name>'". `after_request` keeps the message and drops the value from 403 answers.
Plus clean refusals where Frappe answers with a 500: a whitelisted function of the app
called without a required argument raises a TypeError (`guard_request` names the missing
argument instead, a 417), and Frappe's `get_open_count` turns a PermissionError into an
IndexError (`get_open_count` checks the permission first, a 403).
"""

import inspect
import json
import re

import frappe
from frappe import _
from frappe.model.base_document import get_controller
from frappe.utils import escape_html, get_safe_filters

from b2b_helpdesk.permissions import ROW_RULED, is_portal_user, row_condition

# doctypes whose internal notes (Comment of type "Comment") are staff-only
NOTES_PRIVATE_TO_STAFF = ("Service Ticket", "Service Act", "Asset", "Contract", "Knowledge Article")

# the desk endpoints a client contact may still call (portal forms search links)
PORTAL_DESK_METHODS = frozenset({"frappe.desk.search.search_link", "frappe.desk.search.search_widget"})
SEARCH_METHODS = PORTAL_DESK_METHODS
METHOD_PREFIXES = ("/api/method/", "/api/v1/method/", "/api/v2/method/")


# --- requests -----------------------------------------------------------------------------------


def guard_request() -> None:
	"""Hook `auth_hooks` (runs once the user is known, for session cookies, API keys and OAuth alike):
	refuse desk endpoints to client contacts; no permission bypass on search."""
	method = requested_method()
	if not method:
		return
	require_arguments(method)
	user = frappe.session.user
	if user in ("Guest", "Administrator"):
		return
	portal = is_portal_user(user)
	if portal and method.startswith("frappe.desk.") and method not in PORTAL_DESK_METHODS:
		frappe.throw(
			_("This function is for service staff. Client accounts use the portal."),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	if method in SEARCH_METHODS and frappe.form_dict.get("ignore_user_permissions"):
		if portal or not may_ignore_user_permissions(
			frappe.form_dict.get("doctype"), frappe.form_dict.get("reference_doctype")
		):
			frappe.form_dict["ignore_user_permissions"] = 0


def require_arguments(method: str) -> None:
	"""A whitelisted function of the app called without a required argument: a 417 naming it, not a 500."""
	fn, given = app_function(method)
	if fn is None or fn not in frappe.whitelisted or not isinstance(given, dict):
		return
	missing = [
		name
		for name, p in inspect.signature(fn).parameters.items()
		if name != "self"
		and p.default is p.empty
		and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
		and name not in given
	]
	if missing:
		frappe.throw(
			_("Missing argument: {0}").format(", ".join(missing)),
			frappe.ValidationError,
			title=_("Missing Argument"),
		)


def app_function(method: str):
	"""The app's function a request runs (a document method through `run_doc_method` too), and its arguments."""
	if method == "run_doc_method":
		return _doc_method(frappe.form_dict)
	target = frappe.override_whitelisted_method(method)
	if not target.startswith("b2b_helpdesk."):
		return None, None
	try:
		return frappe.get_attr(target), frappe.form_dict
	except Exception:
		return None, None  # Frappe reports a method that does not exist in its own words


def _doc_method(form):
	doctype = form.get("dt")
	if not doctype and form.get("docs"):
		try:
			doctype = frappe.parse_json(form.docs).get("doctype")
		except Exception:
			return None, None
	if not isinstance(doctype, str) or not isinstance(form.get("method"), str):
		return None, None
	try:
		controller = get_controller(doctype)
	except Exception:
		return None, None
	if not controller.__module__.startswith("b2b_helpdesk."):
		return None, None
	args = form.get("args") or form.get("arg")
	try:
		args = frappe.parse_json(args) if isinstance(args, str) else args
	except ValueError:
		return None, None
	if args is None:
		args = {}
	fn = getattr(controller, form.method, None)
	return getattr(fn, "__func__", fn), args


def after_request(response=None, request=None) -> None:
	"""Hook `after_request`: a refusal does not name the value of the User Permission that refused it."""
	if response is None or response.status_code != 403 or response.direct_passthrough:
		return
	body = response.get_data(as_text=True)
	try:
		scrubbed = json.dumps(scrub_json(json.loads(body)))
	except ValueError:  # an HTML error page
		scrubbed = without_user_permission_values(body)
	if scrubbed != body:
		response.set_data(scrubbed)


def scrub_json(value):
	"""Every string of an API answer scrubbed, including the JSON-in-JSON of `_server_messages`,
	so a name in any script or language is matched as text, never as an escape sequence."""
	if isinstance(value, dict):
		return {key: scrub_json(item) for key, item in value.items()}
	if isinstance(value, list):
		return [scrub_json(item) for item in value]
	if isinstance(value, str):
		stripped = value.lstrip()
		if stripped[:1] in ("[", "{"):
			try:
				return json.dumps(scrub_json(json.loads(value)))
			except ValueError:
				pass
		return without_user_permission_values(value)
	return value


# Frappe's refusals by a User Permission, and the slot of each that holds the protected value
VALUE_MESSAGES = (
	("Not allowed for {0}: {1}", 1),
	("You are not allowed to access this {0} record because it is linked to {1} '{2}' in field {3}", 2),
	(
		"You are not allowed to access this {0} record because it is linked to {1} '{2}' in row {3}, field {4}",
		2,
	),
)
HIDDEN_VALUE = "…"


def without_user_permission_values(text: str) -> str:
	"""Frappe's User Permission refusals with the protected value taken out, in the user's language."""
	for template, slot in VALUE_MESSAGES:
		text = _without_slot(text, _(template), slot)
	return text


def _without_slot(text: str, template: str, hidden: int) -> str:
	parts = re.split(r"\{(\d)\}", template)
	literals, slots = parts[0::2], [int(p) for p in parts[1::2]]
	if hidden not in slots or not literals[0]:
		return text
	# a slot ends where the next literal starts, or at markup or a JSON quote/escape
	pattern = re.escape(literals[0]) + "".join(
		(r'([^<\\"]{0,200}?)' if literal else r'([^<\\"]{0,200})') + re.escape(literal)
		for literal in literals[1:]
	)

	def replace(match) -> str:
		out = literals[0]
		for index, (slot, literal) in enumerate(zip(slots, literals[1:], strict=True)):
			out += (HIDDEN_VALUE if slot == hidden else match.group(index + 1)) + literal
		return out

	return re.sub(pattern, replace, text)


def requested_method() -> str | None:
	"""The dotted whitelisted method this request calls, if it calls one."""
	request = getattr(frappe.local, "request", None)
	if frappe.form_dict.get("cmd"):
		return str(frappe.form_dict.cmd)
	if not request:
		return None
	for prefix in METHOD_PREFIXES:
		if request.path.startswith(prefix):
			method = request.path[len(prefix) :].strip("/")
			return method if "/" not in method else None  # v2 `<doctype>/<method>`: a document method
	return None


def may_ignore_user_permissions(doctype, reference_doctype) -> bool:
	"""Frappe's meaning of the flag: a Link field of `reference_doctype` to `doctype` that ignores them.

	Even then not for a doctype with row rules: Frappe would skip those rules too.
	"""
	if not isinstance(doctype, str) or not isinstance(reference_doctype, str):
		return False
	if has_row_rules(doctype) or not frappe.db.exists("DocType", reference_doctype):
		return False
	return any(
		df.options == doctype and df.ignore_user_permissions
		for df in frappe.get_meta(reference_doctype).get_link_fields()
	)


def has_row_rules(doctype: str) -> bool:
	return doctype in ROW_RULED


# --- Tag Link: a tag names and titles its document ---------------------------------------------


def tag_link_query(user: str | None = None) -> str:
	"""Hook `permission_query_conditions` for Tag Link: a tag of a ticket, act or asset is listed only to
	those who may read that record (Frappe lets every user list every Tag Link, with the record's title)."""
	return follows_record("`tabTag Link`", "`document_type`", "`document_name`", user or frappe.session.user)


def file_query(user: str | None = None) -> str:
	"""Hook `permission_query_conditions` for File: a file attached to a ticket, act or asset is listed
	only to those who may read that record (Frappe lists the files of every record of a readable doctype)."""
	return follows_record(
		"`tabFile`", "`attached_to_doctype`", "`attached_to_name`", user or frappe.session.user
	)


def follows_record(table: str, doctype_column: str, name_column: str, user: str) -> str:
	"""Rows that point at a row-ruled record are visible only with the right to read that record.

	Doctypes whose every record the user may read add no condition (no subquery for
	a dispatcher); doctypes the user may not read at all are simply excluded.
	"""
	if user == "Administrator":
		return ""
	escape = frappe.db.escape
	restricted = [d for d in ROW_RULED if not reads_every_record(d, user)]
	if not restricted:
		return ""
	parts = [f"coalesce({table}.{doctype_column}, '') not in ({', '.join(escape(d) for d in restricted)})"]
	for doctype in restricted:
		readable = readable_names_query(doctype, user)
		if readable:
			parts.append(
				f"({table}.{doctype_column} = {escape(doctype)} and {table}.{name_column} in ({readable}))"
			)
	return "(" + " or ".join(parts) + ")"


def reads_every_record(doctype: str, user: str) -> bool:
	"""Read right on the doctype, no row rule and no User Permission narrowing it."""
	if not frappe.has_permission(doctype, "read", user=user):
		return False
	return not row_condition(doctype, user) and not frappe.permissions.get_user_permissions(user)


def tag_link_has_permission(doc, ptype=None, user=None) -> bool:
	"""Hook `has_permission` for Tag Link: the same rule for one tag."""
	user = user or frappe.session.user
	if doc.document_type not in ROW_RULED or not doc.document_name:
		return True
	if not frappe.db.exists(doc.document_type, doc.document_name):
		return user == "Administrator" or not is_portal_user(user)  # the tag of a deleted record
	return bool(frappe.has_permission(doc.document_type, "read", doc=doc.document_name, user=user))


def readable_names_query(doctype: str, user: str) -> str | None:
	"""The SQL selecting the names of `doctype` that `user` may read (role, User Permissions, row rules)."""
	if not frappe.has_permission(doctype, "read", user=user):
		return None  # asked without `throw`: no message pops up for a user who lacks the doctype
	try:
		return frappe.get_list(doctype, fields=["name"], user=user, order_by=None, limit_page_length=0, run=0)
	except frappe.PermissionError:
		return None  # no right on the doctype at all


# --- the `_comments` cache ----------------------------------------------------------------------


def keep_internal_notes_out_of_cache(doc, method=None) -> None:
	"""Doc event Comment `on_update`: an internal note does not stay in its document's `_comments`."""
	if doc.comment_type != "Comment" or doc.reference_doctype not in NOTES_PRIVATE_TO_STAFF:
		return
	if doc.reference_name:
		scrub_comment_cache(doc.reference_doctype, doc.reference_name)


def scrub_comment_cache(doctype: str, name: str) -> None:
	"""Drop every internal note from one document's `_comments`, keeping the replies."""
	raw = frappe.db.get_value(doctype, name, "_comments")
	try:
		cached = json.loads(raw or "[]")
	except ValueError:
		cached = []
	notes = set(
		frappe.get_all(
			"Comment",
			filters={"reference_doctype": doctype, "reference_name": name, "comment_type": "Comment"},
			pluck="name",
		)
	)
	kept = [entry for entry in cached if not (isinstance(entry, dict) and entry.get("name") in notes)]
	if len(kept) != len(cached):
		# like Frappe's own cache update: plain SQL, so the document's `modified` stays
		frappe.db.sql(
			f"update `tab{doctype}` set `_comments` = %s where name = %s",  # nosec: doctype from our list
			(json.dumps(kept), name),
		)


def scrub_all_comment_caches(doctypes: tuple[str, ...] = NOTES_PRIVATE_TO_STAFF) -> None:
	"""Once, for notes written before the doc event existed (a patch or `after_migrate` calls it)."""
	for doctype in doctypes:
		for name in frappe.get_all(
			"Comment",
			filters={"reference_doctype": doctype, "comment_type": "Comment"},
			pluck="reference_name",
			distinct=True,
		):
			if name and frappe.db.exists(doctype, name):
				scrub_comment_cache(doctype, name)


# --- endpoint overrides (override_whitelisted_methods) ------------------------------------------


def require_doctype(doctype) -> None:
	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		frappe.throw(
			_("DocType {0} not found").format(frappe.bold(escape_html(str(doctype)[:140]))),
			frappe.DoesNotExistError,
		)


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""`frappe.client.get_count` through the permission layer: only rows the user may read are counted."""
	require_doctype(doctype)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(distinct `tab{doctype}`.`name`) as total"],
		order_by=None,
		limit_page_length=0,
	)
	return rows[0].total if rows else 0


@frappe.whitelist()
@frappe.read_only()
def get_open_count(doctype: str, name: str, items=None):
	"""Frappe's dashboard counts, with a refused document answered by a 403 instead of an IndexError."""
	from frappe.desk.notifications import get_open_count as frappe_get_open_count

	require_doctype(doctype)
	frappe.get_doc(doctype, name).check_permission("read")
	return frappe_get_open_count(doctype, name, items)
