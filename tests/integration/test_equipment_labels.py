"""QR labels on customer equipment and the page a scan opens, `/equipment/<asset>` (issue 14, goal 5)."""

import io
import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import pyqrcode
import pytest
from pypdf import PdfReader

import frappe
from frappe.utils import get_url, set_request
from frappe.utils.print_format import download_multi_pdf
from frappe.website.serve import get_response

from b2b_helpdesk.field_service.equipment_label import equipment_label, qr_png_data_uri
from tests.integration.factories import make_client, make_user, new_ticket
from tests.integration.test_contact_scopes import portal_contact

LABEL = "Equipment Label"
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture
def shop(erp):
	a, b = make_client(erp, "Label"), make_client(erp, "Elsewhere")
	frappe.db.set_value("Asset", a.fridge, "b2b_serial_no", "SN-4711")
	frappe.db.set_value("Address", a.store_a1, "address_title", "Store A1 Market Street")
	open_ticket = new_ticket(
		a, asset=a.fridge, service_location=a.store_a1, subject="Door seal torn"
	).insert()
	closed = new_ticket(a, asset=a.fridge, service_location=a.store_a1, subject="Old fault").insert()
	frappe.db.set_value("Service Ticket", closed.name, "status", "Closed")
	return frappe._dict(
		a=a,
		b=b,
		open_ticket=open_ticket.name,
		closed_ticket=closed.name,
		client=portal_contact(a.customer, "Listed Locations", locations=(a.store_a1,)),
		other_client=portal_contact(b.customer, "Whole Company"),
		engineer=make_user("Service Engineer"),
		dispatcher=make_user("Service Dispatcher"),
	)


def label_pdf(asset: str, user: str) -> bytes:
	frappe.set_user(user)
	try:
		return frappe.get_print("Asset", asset, LABEL, as_pdf=True)
	finally:
		frappe.set_user("Administrator")


def decoded_qr(pdf: bytes) -> list[str]:
	"""The QR codes on the PDF's first page, read by zbarimg from a 300 dpi rendering."""
	with tempfile.TemporaryDirectory() as tmp:
		Path(tmp, "label.pdf").write_bytes(pdf)
		subprocess.run(
			["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", "label.pdf", "page"], cwd=tmp, check=True
		)
		page = next(Path(tmp).glob("page*.png"))
		out = subprocess.run(["zbarimg", "--quiet", "--raw", str(page)], capture_output=True, text=True)
	return out.stdout.split()


def test_the_label_pdf_names_the_machine_and_its_qr_opens_its_page(shop):
	fridge = frappe.get_doc("Asset", shop.a.fridge)
	url = get_url(f"/equipment/{quote(fridge.name, safe='')}")
	pdf = label_pdf(fridge.name, shop.dispatcher)
	reader = PdfReader(io.BytesIO(pdf))
	assert len(reader.pages) == 1
	box = reader.pages[0].mediabox
	assert (round(float(box.width) / MM), round(float(box.height) / MM)) == (70, 40)  # a small label
	text = " ".join(reader.pages[0].extract_text().split())
	customer_name = frappe.db.get_value("Customer", shop.a.customer, "customer_name")
	for expected in (
		fridge.asset_name,
		fridge.name,
		fridge.item_name,
		"SN-4711",
		customer_name,
		"Store A1 Market Street",
		url,
	):
		assert expected in text, (expected, text)
	# the QR code is pyqrcode's code of the URL, in the printed HTML …
	html = frappe.get_print("Asset", fridge.name, LABEL)
	assert f'src="{qr_png_data_uri(url)}"' in html
	assert qr_png_data_uri(url) == "data:image/png;base64," + pyqrcode.create(
		url, error="M"
	).png_as_base64_str(scale=4, quiet_zone=4)
	# … and a reader decodes the printed code to the URL (when zbarimg is installed)
	if shutil.which("zbarimg") and shutil.which("pdftoppm"):
		assert decoded_qr(pdf) == [url]


def test_the_label_says_only_what_the_machine_has(shop):
	label = equipment_label(frappe.get_doc("Asset", shop.a.pos))
	assert (label["serial_no"], label["name"], label["url"]) == (
		"",
		shop.a.pos,
		get_url(f"/equipment/{quote(shop.a.pos, safe='')}"),
	)


def test_a_sheet_of_labels_prints_one_label_per_page(shop):
	assets = [shop.a.fridge, shop.a.pos, shop.a.lift]
	frappe.set_user(shop.dispatcher)
	try:
		download_multi_pdf("Asset", json.dumps(assets), LABEL)
		pdf = frappe.local.response.filecontent
	finally:
		frappe.set_user("Administrator")
	reader = PdfReader(io.BytesIO(pdf))
	assert len(reader.pages) == 3
	names = [frappe.db.get_value("Asset", a, "asset_name") for a in assets]
	for page, name in zip(reader.pages, names, strict=True):
		assert name in " ".join(page.extract_text().split())


def open_page(path: str, user: str):
	frappe.set_user(user)
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict(frappe.local.request.args.to_dict())
	frappe.flags.redirect_location = None
	response = get_response(path.split("?")[0])
	frappe.set_user("Administrator")
	return response


def test_a_client_who_may_see_the_machine_gets_its_page_and_a_prefilled_report_link(shop):
	response = open_page(f"/equipment/{shop.a.fridge}", shop.client)
	html = response.get_data(as_text=True)
	assert response.status_code == 200
	asset_name = frappe.db.get_value("Asset", shop.a.fridge, "asset_name")
	assert f'data-asset="{shop.a.fridge}"' in html and asset_name in html
	assert "SN-4711" in html and "Store A1 Market Street" in html
	assert f'href="/tickets/new?asset={quote(shop.a.fridge, safe="")}"' in html
	assert "Report a problem with this machine" in html
	assert f'data-ticket="{shop.open_ticket}"' in html and "Door seal torn" in html
	assert shop.closed_ticket not in html  # open requests only
	# the link it opens: the request form with the machine (and so its location) chosen
	form = open_page(f"/tickets/new?asset={quote(shop.a.fridge, safe='')}", shop.client).get_data(
		as_text=True
	)
	assert f"const chosen = {json.dumps(shop.a.fridge)};" in form
	assert f'<option value="{shop.a.store_a1}">' in form


def test_an_engineer_is_sent_to_his_job_page_and_other_staff_to_the_desk(shop):
	response = open_page(f"/equipment/{shop.a.fridge}", shop.engineer)
	assert (response.status_code, response.headers["Location"]) == (302, f"/field/asset/{shop.a.fridge}")
	response = open_page(f"/equipment/{shop.a.fridge}", shop.dispatcher)
	assert (response.status_code, response.headers["Location"]) == (302, f"/app/asset/{shop.a.fridge}")


def test_a_visitor_logs_in_first_and_comes_back(shop):
	response = open_page(f"/equipment/{shop.a.fridge}", "Guest")
	assert response.status_code == 302
	assert (
		response.headers["Location"] == f"/login?redirect-to={quote('/equipment/' + shop.a.fridge, safe='')}"
	)


@pytest.mark.parametrize(
	"who, machine", [("other_client", "fridge"), ("client", "lift"), ("client", "missing")]
)
def test_a_contact_who_may_not_see_the_machine_gets_the_refusal_page(shop, who, machine):
	asset = getattr(shop.a, machine, "ACC-ASS-NO-SUCH-1")
	response = open_page(f"/equipment/{asset}", shop[who])
	html = response.get_data(as_text=True)
	assert response.status_code == 403
	assert 'id="b2b-refusal"' in html and "This equipment is not among those you may see." in html
	assert "Report a problem with this machine" not in html
