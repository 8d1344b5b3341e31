"""Every whitelisted method of the app, called over HTTP with malformed arguments (issue 6).

All modules of the `b2b_helpdesk` package are imported, so every function the
app registers in `frappe.whitelisted` is found, module functions and document
methods alike. Hypothesis then calls each one through the served test site,
as a client contact (portal user) and as a dispatcher, with arguments missing,
of the wrong type, huge, SQL-ish, JSON junk, or names that do not exist — and
sometimes real names of the world, so that calls get past the first check.

Asserted for every call: no 5xx; a refusal (4xx) carries a readable message
(`_server_messages`, `exception` or `exc_type`). Examples are derandomized
(reproducible) and bounded by B2B_FUZZ_EXAMPLES (default 60 per method and
user) so that the whole fuzz stays under a minute.
"""

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
import time

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import frappe

import b2b_helpdesk
from tests.integration.access_world import BASE_URL, Browser, build_world, server_message
from tests.site_under_test import BENCH

EXAMPLES = int(os.environ.get("B2B_FUZZ_EXAMPLES") or 60)
WHO = {"portal": "head_office", "dispatcher": "dispatcher"}


class Missing:
	def __repr__(self) -> str:
		return "MISSING"


MISSING = Missing()  # the argument is not sent at all
SQLISH = (
	"' or '1'='1",
	"1; drop table `tabService Ticket`; --",
	"`tabUser`",
	'" or 1=1 -- ',
	"%",
	"_",
	"\\",
	"0x41",
	"sleep(5)",
	"(select name from tabUser limit 1)",
)
JSON_JUNK = ("{", "[1,", "null", '{"a":', "[]", "{}", '{"__proto__": 1}', "[[[[[[[[]]]]]]]]", "true", "1e309")
NONEXISTENT = (
	"ST-9999-99999",
	"ACT-9999-99999",
	"No Such Customer",
	"CON-0000-00000",
	"nobody@example.invalid",
)


class Huge(str):
	"""200,000 characters that print short (Hypothesis prints every failing example)."""

	def __repr__(self) -> str:
		return f"<{len(self)} x>"


HUGE = Huge("x" * 200_000)
TIMINGS: dict[str, float] = {}


def import_all() -> list[str]:
	"""Import every module of the app (so every whitelisted function registers); the ones that fail."""
	failed = []
	for module in pkgutil.walk_packages(b2b_helpdesk.__path__, "b2b_helpdesk."):
		try:
			importlib.import_module(module.name)
		except Exception as error:
			failed.append(f"{module.name}: {type(error).__name__}: {error}")
	return failed


IMPORT_FAILURES = import_all()
WHITELISTED = sorted(
	(fn for fn in frappe.whitelisted if getattr(fn, "__module__", "").startswith("b2b_helpdesk.")),
	key=lambda fn: (fn.__module__, fn.__qualname__),
)


def dotted(fn) -> str:
	return f"{fn.__module__}.{fn.__qualname__}"


def is_doc_method(fn) -> bool:
	return "." in fn.__qualname__


def owning_doctype(fn) -> str:
	"""`ServiceTicket.reopen` -> "Service Ticket" (the controller's module is named after the doctype)."""
	return frappe.unscrub(fn.__module__.rsplit(".", 1)[-1])


def parameters(fn) -> list[str]:
	return [
		name
		for name, p in inspect.signature(fn).parameters.items()
		if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
	]


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(erp):
	try:
		requests.get(f"{BASE_URL}/api/method/ping", timeout=10).raise_for_status()
	except requests.RequestException as error:
		pytest.fail(f"the test site is not served on {BASE_URL} ({error}); run `bash scripts/run_tests.sh`")
	world = build_world(erp)
	yield world
	left = world.destroy()
	print(f"\nfuzz time per user: {json.dumps({k: round(v, 1) for k, v in TIMINGS.items()})}")
	assert not left, f"the fuzz world left records behind: {left}"


@pytest.fixture(scope="module")
def browsers(world):
	return {who: Browser(world.users[user]) for who, user in WHO.items()}


def real_names(world) -> list[str]:
	return [
		*world.tickets.values(),
		*world.acts.values(),
		*world.assets.values(),
		*world.customers.values(),
		*world.stores.values(),
		*world.contracts.values(),
		*world.contacts.values(),
	]


def junk(world) -> st.SearchStrategy:
	text = st.text(max_size=40)
	return st.one_of(
		st.just(MISSING),
		st.none(),
		st.booleans(),
		st.integers(min_value=-(2**70), max_value=2**70),
		st.floats(allow_nan=True, allow_infinity=True),
		text,
		st.sampled_from(SQLISH),
		st.sampled_from(JSON_JUNK),
		st.sampled_from(NONEXISTENT),
		st.sampled_from(real_names(world)),
		st.just(HUGE),
		st.lists(st.one_of(text, st.integers()), max_size=4),
		st.dictionaries(text, st.one_of(text, st.integers(), st.none()), max_size=4),
		st.sampled_from(("2026-05-10", "2026-13-45", "0000-00-00", "-1", "0", "1.5", "1e999")),
	)


def encode(value) -> str:
	"""How a browser would send `value`: text as is, anything else as JSON (NaN and all)."""
	return value if isinstance(value, str) else json.dumps(value)


def verdict(response: requests.Response) -> str | None:
	"""None when the response is acceptable: no server error, a refusal with a readable message."""
	if response.status_code >= 500:
		trace = ""
		try:
			body = response.json()
			trace = body.get("exc") or body.get("exception") or ""
			trace = json.loads(trace)[-1] if trace.startswith("[") else trace
		except ValueError:
			trace = response.text
		return f"{response.status_code}: {server_message(response)[:300]}\n{str(trace)[-1500:]}"
	if response.status_code >= 400 and not server_message(response):
		return f"{response.status_code} without a readable message: {response.text[:300]}"
	return None


def call(b: Browser, fn, world, kwargs: dict) -> requests.Response:
	data = {k: encode(v) for k, v in kwargs.items() if v is not MISSING}
	if is_doc_method(fn):
		target = data.pop("__name__", None)
		return b.request(
			"POST",
			"/api/method/run_doc_method",
			data={
				"dt": owning_doctype(fn),
				"dn": target if target is not None else world.tickets["a1"],
				"method": fn.__name__,
				"args": json.dumps(
					{k: v for k, v in kwargs.items() if v is not MISSING and k != "__name__"}, default=str
				),
			},
		)
	methods = frappe.allowed_http_methods_for_whitelisted_func.get(fn) or ["POST"]
	if "POST" in methods:
		return b.request("POST", f"/api/method/{dotted(fn)}", data=data)
	return b.request("GET", f"/api/method/{dotted(fn)}", params={k: v[:4000] for k, v in data.items()})


# --- tests --------------------------------------------------------------------------------------


def test_every_module_of_the_app_imports():
	assert not IMPORT_FAILURES, "\n".join(IMPORT_FAILURES)


def test_the_fuzz_sees_the_apps_api():
	names = {dotted(fn) for fn in WHITELISTED}
	assert "b2b_helpdesk.service_billing.act_lifecycle.accept_act" in names
	assert "b2b_helpdesk.service_desk.doctype.service_ticket.service_ticket.ServiceTicket.reopen" in names
	assert len(names) >= 15, sorted(names)


@pytest.mark.parametrize("module", sorted({fn.__module__ for fn in WHITELISTED}))
def test_each_api_module_imports_first(module):
	"""A web worker may load an endpoint's module before any other module of the app (no import cycle)."""
	result = subprocess.run(
		[sys.executable, "-c", f"import {module}"],
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
		timeout=120,
	)
	assert result.returncode == 0, f"`import {module}` alone fails:\n{result.stderr[-2000:]}"


@pytest.mark.parametrize("fn", WHITELISTED, ids=dotted)
@pytest.mark.parametrize("who", sorted(WHO))
def test_malformed_arguments_get_a_clean_answer(world, browsers, who, fn):
	b = browsers[who]
	names = parameters(fn) + (["__name__"] if is_doc_method(fn) else [])
	values = junk(world)
	started = time.monotonic()

	@settings(
		max_examples=EXAMPLES,
		deadline=None,
		derandomize=True,
		database=None,
		phases=(Phase.explicit, Phase.generate),  # no shrinking: each example is a real HTTP call
		suppress_health_check=list(HealthCheck),
	)
	@given(st.fixed_dictionaries({name: values for name in names}))
	def fuzz(kwargs):
		response = call(b, fn, world, kwargs)
		problem = verdict(response)
		shown = {k: v for k, v in kwargs.items() if v is not MISSING}
		assert problem is None, f"{dotted(fn)} as {who} with {shown!r}:\n{problem}"

	try:
		fuzz()
	finally:
		TIMINGS[who] = TIMINGS.get(who, 0.0) + time.monotonic() - started
