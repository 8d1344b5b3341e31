"""Where an engineer lands, and the phone's installable-app files served under /field.

- Landing: Frappe sends every System User to the desk after login (`LoginManager.set_user_info`
  writes "/app" into the login answer, after every login hook has run). A user whose service role
  is only Service Engineer is sent to `/field` instead by rewriting that answer (`after_request`).
  Dispatchers, managers, accountants and System Managers who also hold the engineer role keep
  the desk: the desk is their job.
- `/field/sw.js`, `/field/manifest.json` and the app's icon `/field/icon.svg` are rendered by a page
  renderer (hook `page_renderer`): a service worker must be served from under the scope it controls,
  with a JavaScript content type; `Service-Worker-Allowed: /field` lets it control `/field` itself as
  well as `/field/…`. The icon is served from the app's own file too, not from `/assets`, so it needs
  no asset build on the bench.
"""

import json
import os

from werkzeug.wrappers import Response

import frappe
from frappe import _
from frappe.website.page_renderers.base_renderer import BaseRenderer

from b2b_helpdesk.setup.roles import SERVICE_ENGINEER

FIELD_HOME = "/field"
DESK_ROLES = frozenset(
	{"Service Dispatcher", "Service Manager", "Service Accountant", "System Manager", "Administrator"}
)
LOGIN_PATHS = ("/api/method/login", "/login")
WORKER = os.path.join(os.path.dirname(__file__), "phone_worker.js")
ICON = os.path.join(os.path.dirname(__file__), "phone_icon.svg")
ICON_URL = FIELD_HOME + "/icon.svg"


def lands_on_field(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return SERVICE_ENGINEER in roles and not roles & DESK_ROLES


def after_request(response=None, request=None) -> None:
	"""Hook `after_request`: the login answer of an engineer points at /field, not the desk."""
	if response is None or request is None or response.status_code != 200 or response.direct_passthrough:
		return
	if request.path not in LOGIN_PATHS and frappe.form_dict.get("cmd") != "login":
		return
	user = frappe.session.user if getattr(frappe.local, "session", None) else None
	if not user or user == "Guest" or not lands_on_field(user):
		return
	try:
		body = json.loads(response.get_data(as_text=True))
	except ValueError:
		return
	if body.get("message") == "Logged In" and str(body.get("home_page", "")).startswith("/app"):
		body["home_page"] = FIELD_HOME
		response.set_data(json.dumps(body))


def manifest() -> dict:
	return {
		"name": _("Field Service"),
		"short_name": _("Field"),
		"start_url": FIELD_HOME,
		"scope": FIELD_HOME,
		"display": "standalone",
		"background_color": "#ffffff",
		"theme_color": "#2490ef",
		"icons": [{"src": ICON_URL, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
	}


class FieldAppFiles(BaseRenderer):
	"""Renders /field/sw.js, /field/manifest.json and /field/icon.svg."""

	FILES = ("field/sw.js", "field/manifest.json", "field/icon.svg")

	def can_render(self) -> bool:
		return self.path.strip("/") in self.FILES

	def render(self):
		if self.path.strip("/") == "field/manifest.json":
			return Response(json.dumps(manifest()), content_type="application/manifest+json")
		if self.path.strip("/") == "field/icon.svg":
			with open(ICON, encoding="utf-8") as handle:
				icon = Response(handle.read(), content_type="image/svg+xml")
			icon.headers["Cache-Control"] = "public, max-age=86400"
			return icon
		with open(WORKER, encoding="utf-8") as handle:
			script = handle.read()
		response = Response(script, content_type="application/javascript; charset=utf-8")
		response.headers["Service-Worker-Allowed"] = FIELD_HOME
		response.headers["Cache-Control"] = "no-cache"
		return response
