"""Every user-facing string of the app has a translation in each language the app ships.

Plain Python: the strings are read from the source (tests/translation_strings.py), not from a site.
`python scripts/missing_translations.py` lists what is missing, ready to fill in.
"""

from pathlib import Path

import pytest

from tests.translation_strings import (
	LANGUAGES,
	Extraction,
	Message,
	PyModule,
	bad_rows,
	extract,
	extract_jinja_calls,
	extract_js_calls,
	missing,
)

# Source strings known to be built wrongly, until their code is fixed (file, what the extractor says).
# Remove an entry once the code is fixed; a new problem fails the test.
KNOWN_PROBLEMS: set[tuple[str, str]] = set()  # (file, problem) pairs accepted for now


@pytest.fixture(scope="module")
def extraction() -> Extraction:
	return extract()


def test_the_extractor_finds_the_app_strings(extraction):
	texts = {m.text for m in extraction.messages}
	# one of each source: Python, JS with context, Jinja, micro-template, DocType JSON, workspace, enum
	for text in (
		"Wrong Contract",
		"Act of Completed Works (Services Rendered) No. {0} of {1}",
		"My Service Requests",
		"Service Level Report",
		"Waiting for Third Party",
		"Open Tickets by SLA Status",
		"Equipment Not Covered",
	):
		assert text in texts
	assert len(extraction.messages) > 500


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_is_translated(lang, extraction):
	lacking = missing(lang, extraction)
	listing = "\n".join(
		f"  {m.text!r}"
		+ (f" (context {m.context!r})" if m.context else "")
		+ f"  <- {extraction.messages[m][0]}"
		for m in lacking
	)
	assert not lacking, (
		f"{len(lacking)} strings have no translation in b2b_helpdesk/translations/{lang}.csv "
		f"(scripts/missing_translations.py lists them):\n{listing}"
	)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rows_keep_placeholders_and_tags(lang):
	problems = bad_rows(lang)
	assert not problems, "\n".join(problems)


def test_no_string_is_built_inside_a_translate_call(extraction):
	new = [
		p for p in extraction.problems if not any(p.startswith(f) and what in p for f, what in KNOWN_PROBLEMS)
	]
	assert not new, "translate the whole fixed text, then .format() it:\n" + "\n".join(new)


# ---------------------------------------------------------------- the extractor and the checks themselves


def test_python_calls(tmp_path):
	code = (
		"from frappe import _\n"
		"KINDS = ('Alpha', 'Beta')\n"
		"a = _('Plain {0}').format(1)\n"
		"b = _('Word', context='Unit of Measure')\n"
		"c = _(f'Bad {a}')\n"
		"d = _('Bad ' + a)\n"
		"e = _(KINDS[0])\n"
		"f = ', '.join(_(k) for k in KINDS)\n"
		"g = _(row.status)\n"
		"h = _('<b>Bold</b> text')\n"
	)
	out = Extraction()
	PyModule(tmp_path / "m.py", code).extract(out)
	assert set(out.messages) == {
		Message("Plain {0}"),
		Message("Word", "Unit of Measure"),
		Message("Alpha"),
		Message("Beta"),
		Message("Bold text"),  # what frappe._() looks up
	}
	assert [p.split(": ", 1)[1].split(":")[0] for p in out.problems] == [
		"f-string inside _()",
		"string built inside _()",
		"HTML inside _()",
	]
	assert out.dynamic == [f"{tmp_path / 'm.py'}:9: _(row.status)"]


def test_js_and_jinja_calls(tmp_path):
	js = (
		'__("Plain");\n'
		"__('With {0}', [x], \"Ctx\");\n"
		"__(`Tick ${x}`);\n"
		'__("a" + b);\n'
		"__(doc.status);\n"
		'msg(__("Nested, with comma", [f(1, 2)]));\n'
	)
	out = Extraction()
	extract_js_calls(js, Path(tmp_path / "x.js"), out)
	assert set(out.messages) == {Message("Plain"), Message("With {0}", "Ctx"), Message("Nested, with comma")}
	assert len(out.problems) == 2 and len(out.dynamic) == 1

	jinja = '{{ _("Hello {0}").format(x) }} {{ _(row.uom, context="Unit of Measure") if row.uom else "" }}'
	out = Extraction()
	extract_jinja_calls(jinja + ' {{ _("Unit", context="Unit of Measure") }}', Path(tmp_path / "t.html"), out)
	assert set(out.messages) == {Message("Hello {0}"), Message("Unit", "Unit of Measure")}
	assert len(out.dynamic) == 1


def test_placeholder_and_tag_mismatches_are_flagged():
	rows = [
		["Act {0} of {1}", "Акт {0} от {1}"],
		["Act {0} of {1}", "Акт {0} от {0}", "Other"],
		["Sees {0}", "Видит"],
		["<b>{0}</b> is late", "{0} опаздывает"],
		["Empty", " "],
		["Act {0} of {1}", "Акт {0} от {1}"],
		["only one field"],
	]
	problems = bad_rows("ru", rows)
	assert [p.split(": ", 1)[1].split(":")[0] for p in problems] == [
		"placeholders differ",
		"placeholders differ",
		"HTML tags differ",
		"empty translation of 'Empty'",
		"'Act {0} of {1}' appears twice",
		"1 fields",
	]
