"""The QR label on a customer's machine: a code that opens its page, `<site>/equipment/<asset>`.

The QR code is drawn on the server (pyqrcode + pypng, which Frappe itself uses for its
two-factor QR) as a PNG data URI, so the label prints the same in the browser and in
wkhtmltopdf without fetching anything. The print format "Equipment Label" on Asset calls
`equipment_label` (hooks `jinja`); Print > several assets from the Asset list gives a label
per page of label size, the sheet a label printer feeds.
"""

from urllib.parse import quote

import pyqrcode

import frappe
from frappe.utils import get_url

QR_SCALE = 4
QR_ERROR = "M"  # 15 % of the code may be scratched or dirty and it still reads


def equipment_url(asset: str) -> str:
	"""The page a scan opens: the client's equipment page, or the engineer's job page from there."""
	return get_url(f"/equipment/{quote(asset, safe='')}")


def qr_png_data_uri(text: str, scale: int = QR_SCALE) -> str:
	code = pyqrcode.create(text, error=QR_ERROR)
	return "data:image/png;base64," + code.png_as_base64_str(scale=scale, quiet_zone=4)


def equipment_label(doc) -> dict:
	"""What the label says about one machine (jinja method of the print format)."""
	asset = frappe._dict(doc.as_dict()) if hasattr(doc, "as_dict") else frappe._dict(doc)
	url = equipment_url(asset.name)
	location = asset.get("b2b_service_location")
	return {
		"url": url,
		"qr": qr_png_data_uri(url),
		"name": asset.name,
		"asset_name": asset.asset_name or asset.name,
		"model": asset.item_name or asset.item_code or "",
		"model_code": asset.item_code or "",
		"serial_no": asset.get("b2b_serial_no") or "",
		"client": (frappe.db.get_value("Customer", asset.customer, "customer_name") if asset.customer else "")
		or asset.customer
		or "",
		"location": (frappe.db.get_value("Address", location, "address_title") if location else "")
		or location
		or "",
	}
