"""The engineer's phone page and its installable-app files, opened AS HIM: the day's count in a whole
sentence (singular and plural), the manifest's icon served where the manifest points, and the phone
script's words and its request timeout (an unanswered request is queued like an offline one)."""

import json
import os
import re
import shutil
import subprocess

import frappe
from frappe.desk.form.assign_to import add as assign_to
from frappe.utils import set_request
from frappe.website.serve import get_response

from b2b_helpdesk.field_service.phone_pages import labels
from tests.integration.test_field_phone import job  # noqa: F401 (fixture)
from tests.integration.test_role_jobs import field  # noqa: F401 (fixture)

PHONE_JS = os.path.join(
	os.path.dirname(__file__), "..", "..", "b2b_helpdesk", "templates", "field", "phone.js"
)
HARNESS = os.path.join(os.path.dirname(__file__), "phone_script_harness.js")


def open_page(path: str, user: str):
	frappe.set_user(user)
	set_request(method="GET", path=path)
	frappe.local.form_dict = frappe._dict()
	try:
		response = get_response(path)
	finally:
		frappe.set_user("Administrator")
	return response


def count_line(html: str) -> str:
	"""The line under the title: '<date> · <count>'."""
	return re.search(r'<p class="muted">[^<]*· ([^<]*)</p>', html).group(1)


def test_one_job_is_one_job_and_two_are_two_jobs(job):  # noqa: F811
	response = open_page("/field", job.user)
	html = response.get_data(as_text=True)
	assert response.status_code == 200 and count_line(html) == "1 job"
	assert "1 jobs" not in html
	assign_to({"assign_to": [job.user], "doctype": "Service Ticket", "name": job.extra.name})
	html = open_page("/field", job.user).get_data(as_text=True)
	assert count_line(html) == "2 jobs"


def test_the_manifest_icon_is_served_where_the_manifest_points(job):  # noqa: F811
	response = open_page("/field/manifest.json", job.user)
	manifest = json.loads(response.get_data(as_text=True))
	assert manifest["icons"] == [
		{"src": "/field/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}
	]
	for user in (job.user, "Guest"):  # a browser fetches the icon without the session, too
		icon = open_page(manifest["icons"][0]["src"], user)
		body = icon.get_data(as_text=True)
		assert (icon.status_code, icon.mimetype) == (200, "image/svg+xml")
		assert body.lstrip().startswith("<svg") and 'viewBox="0 0 512 512"' in body


def test_the_phone_script_counts_in_whole_sentences(job):  # noqa: F811
	words = labels()
	for key in ("1 conflict", "{0} conflicts", "1 waiting to sync", "{0} waiting to sync"):
		assert words[key] == key  # an English site: the sentence itself, through `_()`


def test_an_unanswered_request_gives_up_after_20_s_and_the_action_stays_queued(frappe_site):
	"""The phone script itself, in Node with a network that swallows requests, then answers them."""
	node = shutil.which("node")
	assert node, "Node.js is part of every Frappe bench"
	run = subprocess.run([node, HARNESS, PHONE_JS], capture_output=True, text=True, check=True, timeout=60)
	seen = json.loads(run.stdout)
	assert seen["request_timeouts"] == [20000]
	assert seen["outcome"] == {"queued": True}
	assert seen["after_timeout"] == {
		"state": {"text": "1 waiting to sync", "waiting": 1},
		"queued": [["ST-1", "start_trip", "waiting"]],
		"toast": "Saved on the phone: waiting to sync",
	}
	assert seen["two_waiting"] == {"text": "2 waiting to sync", "waiting": 2}
	# once the network answers, both go out (the first one a second time: its key makes that harmless)
	assert seen["after_answer"] == {"state": {"text": "Synced", "waiting": 0}, "queued": 0, "sent": 4}
