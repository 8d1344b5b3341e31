"""The knowledge base (R18): articles offered on a ticket by model and category tree, search, rights."""

import os

import pytest

import frappe
from frappe.desk.form.assign_to import add as assign_to
from frappe.utils import set_request
from frappe.website.serve import get_response

from b2b_helpdesk.demo.erp_setup import ensure_equipment_model, make_customer_equipment
from b2b_helpdesk.knowledge.search import search_articles
from b2b_helpdesk.knowledge.suggest import articles_for_asset, articles_for_ticket
from b2b_helpdesk.service_desk.intake_hints import get_intake_hints
from tests.integration.factories import make_client, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact

ROOT = "All Service Ticket Categories"


def category(name: str, parent: str = ROOT) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Service Ticket Category",
				"category_name": name,
				"parent_service_ticket_category": parent,
				"is_group": 1,
			}
		)
		.insert()
		.name
	)


def article(title: str, models=(), categories=(), published=1, for_clients=0, content="") -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Knowledge Article",
				"title": title,
				"published": published,
				"for_clients": for_clients,
				"content": content,
				"equipment_models": [{"item": m} for m in models],
				"categories": [{"category": c} for c in categories],
			}
		)
		.insert()
		.name
	)


def attach(article_name: str, file_name: str, body: bytes) -> dict:
	doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"is_private": 1,
			"content": body,
			"attached_to_doctype": "Knowledge Article",
			"attached_to_name": article_name,
		}
	).insert(ignore_permissions=True)
	return {
		"name": doc.name,
		"file_name": doc.file_name,
		"file_url": doc.file_url,
		"path": doc.get_full_path(),
	}


@pytest.fixture
def kb(erp):
	tag = frappe.generate_hash(length=5)
	model = ensure_equipment_model(f"KB-FRIDGE-{tag}", f"Coolmaster 300 {tag}")
	other_model = ensure_equipment_model(f"KB-LIFT-{tag}", f"Lift {tag}")
	client = make_client(erp, "Knowledge")
	fridge = make_customer_equipment(erp.kit, client.customer, model, f"Fridge {tag}", client.store_a1).name
	refrigeration = category(f"Refrigeration {tag}")
	compressor = category(f"Compressor {tag}", refrigeration)
	lifts = category(f"Lifts {tag}")
	articles = {
		"manual": article(
			f"Coolmaster 300 manual {tag}", models=[model], for_clients=1, content="<p>Defrost</p>"
		),
		"wiring": article(f"Compressor wiring {tag}", models=[model], categories=[compressor]),
		"repair": article(
			f"Compressor repair {tag}", categories=[compressor], content="<p>Replace the relay</p>"
		),
		"safety": article(f"Refrigerant safety {tag}", categories=[refrigeration]),
		"draft": article(f"Draft notes {tag}", models=[model], categories=[compressor], published=0),
		"lift": article(f"Lift manual {tag}", models=[other_model], categories=[lifts], for_clients=1),
	}
	files = {
		"manual": attach(articles["manual"], f"coolmaster-{tag}.pdf", b"%PDF-1.4 manual"),
		"wiring": attach(articles["wiring"], f"wiring-{tag}.pdf", b"%PDF-1.4 schematic"),
	}
	ticket = new_ticket(client, asset=fridge, category=compressor, service_location=client.store_a1).insert()
	engineer = make_user("Service Engineer")
	assign_to({"doctype": "Service Ticket", "name": ticket.name, "assign_to": [engineer]})
	yield frappe._dict(
		tag=tag,
		model=model,
		client=client,
		fridge=fridge,
		categories=frappe._dict(refrigeration=refrigeration, compressor=compressor, lifts=lifts),
		articles=articles,
		files=files,
		ticket=ticket.name,
		engineer=engineer,
		dispatcher=make_user("Service Dispatcher"),
		contact=portal_contact(client.customer, "Whole Company"),
	)
	for file in files.values():  # the rollback keeps the files on disk
		if os.path.exists(file["path"]):
			os.remove(file["path"])


def as_user(user: str, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def test_a_ticket_is_offered_its_models_articles_first_then_by_category_up_the_tree(kb):
	offered = as_user(kb.dispatcher, articles_for_ticket, kb.ticket)
	a, f = kb.articles, kb.files
	assert [row["name"] for row in offered] == [a["wiring"], a["manual"], a["repair"], a["safety"]]
	assert offered == [
		{
			"name": a["wiring"],
			"title": f"Compressor wiring {kb.tag}",
			"url": f"/knowledge/{a['wiring']}",
			"attachments": [{"file_name": f["wiring"]["file_name"], "file_url": f["wiring"]["file_url"]}],
			"model_match": True,
			"category": kb.categories.compressor,
		},
		{
			"name": a["manual"],
			"title": f"Coolmaster 300 manual {kb.tag}",
			"url": f"/knowledge/{a['manual']}",
			"attachments": [{"file_name": f["manual"]["file_name"], "file_url": f["manual"]["file_url"]}],
			"model_match": True,
			"category": None,
		},
		{
			"name": a["repair"],
			"title": f"Compressor repair {kb.tag}",
			"url": f"/knowledge/{a['repair']}",
			"attachments": [],
			"model_match": False,
			"category": kb.categories.compressor,
		},
		{
			"name": a["safety"],
			"title": f"Refrigerant safety {kb.tag}",
			"url": f"/knowledge/{a['safety']}",
			"attachments": [],
			"model_match": False,
			"category": kb.categories.refrigeration,
		},
	]


def test_the_engineers_phone_gets_the_articles_of_the_machine_and_of_a_parent_category(kb):
	a = kb.articles
	by_model = as_user(kb.engineer, articles_for_asset, kb.fridge)
	assert [row["name"] for row in by_model] == [a["wiring"], a["manual"]]  # model only: title order
	with_parent = as_user(kb.engineer, articles_for_asset, kb.fridge, kb.categories.refrigeration)
	assert [row["name"] for row in with_parent] == [a["wiring"], a["manual"], a["safety"]]
	assert [row["category"] for row in with_parent] == [None, None, kb.categories.refrigeration]
	# the ticket of the engineer: the same list as the dispatcher's
	assert [r["name"] for r in as_user(kb.engineer, articles_for_ticket, kb.ticket)] == [
		a["wiring"],
		a["manual"],
		a["repair"],
		a["safety"],
	]


def test_the_engineer_searches_title_content_and_model(kb):
	a = kb.articles
	found = as_user(kb.engineer, search_articles, f"compressor {kb.tag}")
	assert [row["name"] for row in found] == [a["repair"], a["wiring"]]  # by title; never the draft
	assert found[0] == {
		"name": a["repair"],
		"title": f"Compressor repair {kb.tag}",
		"url": f"/knowledge/{a['repair']}",
		"snippet": "Replace the relay",
		"for_clients": False,
		"attachments": [],
	}
	assert [r["name"] for r in as_user(kb.engineer, search_articles, f"relay {kb.tag}")] == [a["repair"]]
	assert as_user(kb.engineer, search_articles, f"relay lift {kb.tag}") == []  # every word must match
	by_model_name = as_user(kb.engineer, search_articles, f"Coolmaster 300 {kb.tag}")
	assert [r["name"] for r in by_model_name] == [a["wiring"], a["manual"]]  # the model's item name; by title
	assert as_user(kb.engineer, search_articles, "100%_") == []  # wildcards are text


def test_a_client_sees_only_articles_for_clients_and_cannot_read_an_internal_one(kb):
	a, f = kb.articles, kb.files
	offered = as_user(kb.contact, articles_for_asset, kb.fridge, kb.categories.compressor)
	assert offered == [
		{
			"name": a["manual"],
			"title": f"Coolmaster 300 manual {kb.tag}",
			"url": f"/knowledge/{a['manual']}",
			"attachments": [{"file_name": f["manual"]["file_name"], "file_url": f["manual"]["file_url"]}],
			"model_match": True,
			"category": None,
		}
	]
	listed = as_user(
		kb.contact,
		frappe.client.get_list,
		"Knowledge Article",
		filters={"title": ("like", f"%{kb.tag}%")},
		order_by="title asc",
	)
	assert [row["name"] for row in listed] == [a["manual"], a["lift"]]
	assert as_user(kb.contact, frappe.client.get, "Knowledge Article", a["manual"])["title"].startswith(
		"Coolmaster"
	)
	for internal in ("wiring", "repair", "draft"):
		with pytest.raises(frappe.PermissionError):
			as_user(kb.contact, frappe.client.get, "Knowledge Article", a[internal])
	frappe.set_user(kb.contact)
	try:
		manual_file = frappe.get_doc("File", f["manual"]["name"])
		schematic = frappe.get_doc("File", f["wiring"]["name"])
		assert manual_file.is_downloadable() and not schematic.is_downloadable()
		assert [r["name"] for r in search_articles(f"manual {kb.tag}")] == [a["manual"], a["lift"]]
		assert search_articles(f"compressor {kb.tag}") == []
	finally:
		frappe.set_user("Administrator")


def test_staff_see_published_articles_only_editors_see_drafts(kb):
	draft = kb.articles["draft"]
	assert not frappe.has_permission("Knowledge Article", "read", doc=draft, user=kb.engineer)
	assert not frappe.has_permission("Knowledge Article", "read", doc=draft, user=kb.dispatcher)
	assert frappe.has_permission("Knowledge Article", "read", doc=kb.articles["repair"], user=kb.engineer)
	assert not frappe.has_permission(
		"Knowledge Article", "write", doc=kb.articles["repair"], user=kb.engineer
	)
	editor = make_user("Knowledge Base Editor")
	assert frappe.has_permission("Knowledge Article", "write", doc=draft, user=editor)


def test_the_ticket_form_hints_list_the_suggested_articles(kb):
	hints = as_user(
		kb.dispatcher, get_intake_hints, customer=kb.client.customer, asset=kb.fridge, ticket=kb.ticket
	)
	a = kb.articles
	assert [row["name"] for row in hints["knowledge"]["articles"]] == [
		a["wiring"],
		a["manual"],
		a["repair"],
		a["safety"],
	]
	assert (hints["knowledge"]["model"], hints["knowledge"]["category"]) == (
		kb.model,
		kb.categories.compressor,
	)
	html = hints["html"]
	assert (
		html.index(a["wiring"]) < html.index(a["manual"]) < html.index(a["repair"]) < html.index(a["safety"])
	)
	assert kb.files["wiring"]["file_url"] in html and a["draft"] not in html


def open_page(path: str, user: str):
	frappe.set_user(user)
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict(frappe.local.request.args.to_dict())
	response = get_response(path.split("?")[0])
	frappe.set_user("Administrator")
	return response.status_code, response.get_data(as_text=True)


def test_the_knowledge_pages_search_and_show_an_article_with_its_files(kb):
	a, f = kb.articles, kb.files
	status, html = open_page(f"/knowledge?q=compressor+{kb.tag}", kb.engineer)
	assert status == 200
	assert html.index(f'data-article="{a["repair"]}"') < html.index(f'data-article="{a["wiring"]}"')
	assert a["draft"] not in html and a["manual"] not in html
	status, html = open_page(f"/knowledge/{a['wiring']}", kb.engineer)
	assert status == 200 and f"Compressor wiring {kb.tag}" in html and f["wiring"]["file_url"] in html
	status, html = open_page(f"/knowledge/{a['manual']}", kb.contact)
	assert status == 200 and "<p>Defrost</p>" in html and f["manual"]["file_url"] in html
	status, html = open_page(f"/knowledge/{a['wiring']}", kb.contact)
	assert status == 403 and "You may not read this article." in html and f["wiring"]["file_url"] not in html
