"""Internal notes (Comments) on a Knowledge Article are for staff: a client's contact who may read the
article never reads its notes through the API, an engineer reads them in the form's timeline."""

import json

import pytest

import frappe
from frappe.handler import execute_cmd
from frappe.utils import set_request

from b2b_helpdesk.access_guards import guard_request
from tests.integration.factories import make_user
from tests.integration.test_knowledge_base import kb  # noqa: F401 (pytest fixture)


def api(user: str, cmd: str, **params):
	"""One API call as `user`, the way a request runs it: the app's request hook, then the method."""
	before = getattr(frappe.local, "request", None)
	set_request(method="POST", path=f"/api/method/{cmd}")
	frappe.set_user(user)
	frappe.local.form_dict = frappe._dict(cmd=cmd, **params)
	frappe.local.response = frappe._dict(docs=[])
	try:
		guard_request()
		return execute_cmd(cmd)
	finally:
		frappe.local.form_dict = frappe._dict()
		frappe.local.request = before
		frappe.set_user("Administrator")


@pytest.fixture
def noted(kb):  # noqa: F811
	"""A Service Manager writes an internal note on the manual, a client-visible article."""
	kb.note = f"Client {kb.tag} breaks the hinge; charge the visit"
	kb.editor = make_user("Service Manager")
	api(
		kb.editor,
		"frappe.desk.form.utils.add_comment",
		reference_doctype="Knowledge Article",
		reference_name=kb.articles["manual"],
		content=kb.note,
		comment_email=kb.editor,
		comment_by="Editor",
	)
	return kb


def test_the_client_reads_the_article_but_not_its_notes(noted):
	w, manual = noted, noted.articles["manual"]
	doc = api(w.contact, "frappe.client.get", doctype="Knowledge Article", name=manual)
	assert doc["name"] == manual and doc["title"] == f"Coolmaster 300 manual {w.tag}"
	assert w.tag not in json.dumps(doc.get("_comments") or "") and "hinge" not in json.dumps(doc, default=str)
	listed = api(
		w.contact,
		"frappe.client.get_list",
		doctype="Knowledge Article",
		fields=["name", "_comments"],
		filters={"name": manual},
	)
	assert [(r["name"], json.loads(r["_comments"] or "[]")) for r in listed] == [(manual, [])]
	value = api(
		w.contact,
		"frappe.client.get_value",
		doctype="Knowledge Article",
		filters=manual,
		fieldname="_comments",
	)
	assert json.loads(value["_comments"] or "[]") == []
	assert "hinge" not in json.dumps([listed, value], default=str)
	for cmd, params in (
		(
			"frappe.client.get_list",
			{
				"doctype": "Comment",
				"fields": ["content"],
				"filters": {"reference_doctype": "Knowledge Article", "reference_name": manual},
			},
		),
		("frappe.desk.form.load.getdoc", {"doctype": "Knowledge Article", "name": manual}),
		("frappe.desk.form.load.get_docinfo", {"doctype": "Knowledge Article", "name": manual}),
	):
		with pytest.raises(frappe.PermissionError):
			api(w.contact, cmd, **params)


def test_staff_read_the_note_in_the_timeline(noted):
	w, manual = noted, noted.articles["manual"]
	for user in (w.engineer, w.editor):
		api(user, "frappe.desk.form.load.getdoc", doctype="Knowledge Article", name=manual)
		comments = frappe.local.response["docinfo"]["comments"]
		assert [(c["content"], c["owner"]) for c in comments] == [(f"<p>{w.note}</p>\n", w.editor)]
	# the desk's list counts no note for anybody (only customer-visible replies are cached)
	assert json.loads(frappe.db.get_value("Knowledge Article", manual, "_comments") or "[]") == []
	assert frappe.get_all(
		"Comment",
		filters={
			"reference_doctype": "Knowledge Article",
			"reference_name": manual,
			"comment_type": "Comment",
		},
		pluck="content",
	) == [w.note]
