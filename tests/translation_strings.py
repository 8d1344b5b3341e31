"""Every translatable string of b2b_helpdesk, and what each language's CSV lacks.

Plain Python (no frappe), so the test and `scripts/missing_translations.py` run anywhere.

Sources, read the way Frappe v15 looks them up:
- Python `_("...")` / `_lt` / `frappe._` (with `context=` or a third positional argument), read with
  `ast`. Frappe's `_()` strips HTML tags and surrounding blanks before the lookup, so the key does too.
  `_(NAME)`, `_(NAME[key])`, `_(x) for x in NAME`, `_(Enum.MEMBER.value)` are followed to the app's
  constants and enums; Select options of fields defined in code (custom fields) are read too.
- Select options written as `options: ["A", "B"]` in JS (report filters, dialogs).
- JS `__("...", [args], "context")` in .js files and in the `{%= __() %}` micro-templates of .html.
- Jinja `_("...")` in .html templates and in the `html` of print format JSON (Frappe's `_()` again).
- Labels Frappe translates from JSON: DocType name, description, field labels and descriptions,
  Select options, HTML field content, connection groups; report names and columns; workspace labels,
  links, shortcuts, header text; number card labels, dashboard chart names, print format names;
  the app's module names and roles.
- RUNTIME_MESSAGES: values that reach `_(variable)` / `__(variable)` at run time and appear nowhere
  else as a literal.

A CSV row is `source,translation[,context]`; Frappe keys it `source:context` when a context is given
and falls back from `source:context` to `source` (translate.get_translation_dict_from_file, frappe._).
"""

from __future__ import annotations

import ast
import csv
import html
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "b2b_helpdesk"
TRANSLATIONS = APP / "translations"
LANGUAGES = ("ru", "pt", "ja", "zh")

PLACEHOLDER = re.compile(r"\{\s*(\d*)\s*\}")
HTML_TAG = re.compile(r"<[^>]*>")  # frappe.utils.HTML_TAGS_PATTERN
TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
LETTER = re.compile(r"[^\W\d_]")
JS_CALL = re.compile(r"(?<![\w$.])(?:__|frappe\._)\(")
JINJA_CALL = re.compile(r"(?<![\w$.])_\(")
SELECT_OPTIONS_NOT_SHOWN = {"naming_series", "number_format", "float_precision", "currency_precision"}

# Values that reach `_(x)` / `__(x)` only at run time, where the source cannot tell them (the call sites
# are in Extraction.dynamic; Select options, app constants and enums used directly are found anyway).
# Engine enums by "module.Class": every member value is translatable.
RUNTIME_ENUMS = (
	"b2b_helpdesk.engine.billing_terms.LineKind",  # contract.js __(l.kind)
	"b2b_helpdesk.engine.billing_terms.BillingUnit",  # contract.js __(preview.unit), statement.py _(unit)
	"b2b_helpdesk.engine.contract_match.Coverage",  # _(match.coverage.value), __(contract.coverage)
)
# group -> (context, values)
RUNTIME_MESSAGES: dict[str, tuple[str | None, tuple[str, ...]]] = {
	# engine/billing_terms.py line uoms: contract.js __(l.uom); the act's print format and portal page
	# translate them with context="Unit of Measure"
	"line units": (None, ("Hour", "Unit", "Point", "Piece", "Trip", "Period")),
	"line units in acts": ("Unit of Measure", ("Hour", "Unit", "Point", "Piece", "Trip", "Period")),
	# api/arguments.py _(kind.__name__)
	"JSON kinds": (None, ("list", "dict")),
	# service_billing/billed_guard.py refuse_if_billed("Time log", ...); "Stock Entry" is ERPNext's
	"billed rows": (None, ("Time log",)),
}


@dataclass(frozen=True)
class Message:
	text: str
	context: str | None = None


@dataclass
class Extraction:
	messages: dict[Message, list[str]] = field(default_factory=dict)  # message -> where it is used
	dynamic: list[str] = field(default_factory=list)  # "file:line: expression" of _(variable)
	problems: list[str] = field(default_factory=list)  # f-strings, concatenations, HTML in _()

	def add(self, text: str, context: str | None, where: str) -> None:
		if text and LETTER.search(text):
			self.messages.setdefault(Message(text, context or None), []).append(where)


def python_key(text: str) -> str:
	"""What frappe._() looks up: HTML tags stripped, then blanks."""
	return HTML_TAG.sub("", text).strip()


def _where(path: Path, line: int | None = None) -> str:
	rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.as_posix()
	return f"{rel}:{line}" if line else rel


def _line_of(text: str, pos: int) -> int:
	return text.count("\n", 0, pos) + 1


# ---------------------------------------------------------------- Python

Bindings = dict[str, list[tuple[str, ast.AST]]]  # name -> ("value" | "element", node)


def _is_translate_call(node: ast.Call) -> bool:
	func = node.func
	if isinstance(func, ast.Name):
		return func.id in ("_", "_lt")
	return isinstance(func, ast.Attribute) and func.attr == "_" and getattr(func.value, "id", "") == "frappe"


def _str(node: ast.AST | None) -> str | None:
	return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _targets(target: ast.AST) -> list[str]:
	return [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]


def _bindings(scope: ast.AST) -> Bindings:
	"""Names bound in a scope: assigned a value, or taken one by one from an iterable."""
	found: Bindings = {}
	for node in ast.walk(scope):
		if isinstance(node, ast.Assign):
			for target in node.targets:
				if isinstance(target, ast.Name):
					found.setdefault(target.id, []).append(("value", node.value))
		elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
			found.setdefault(node.target.id, []).append(("value", node.value))
		elif isinstance(node, ast.For | ast.comprehension):
			for name in _targets(node.target):
				found.setdefault(name, []).append(("element", node.iter))
	return found


class PyModule:
	"""One parsed app module, able to tell the fixed strings a `_(expression)` can receive."""

	registry: dict[str, PyModule] = {}

	def __init__(self, path: Path, source: str | None = None):
		self.path = path
		self.source = path.read_text(encoding="utf-8") if source is None else source
		self.tree = ast.parse(self.source, filename=str(path))
		self.parents = {child: node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)}
		self.module_bindings: Bindings = {}
		self.imports: dict[str, tuple[str, str | None]] = {}  # local name -> (module, attribute)
		self.enums: dict[str, dict[str, str]] = {}
		for node in self.tree.body:
			if isinstance(node, ast.Assign | ast.AnnAssign):
				for name, pairs in _bindings(node).items():
					self.module_bindings.setdefault(name, []).extend(pairs)
			elif isinstance(node, ast.ImportFrom) and node.module:
				for alias in node.names:
					self.imports[alias.asname or alias.name] = (node.module, alias.name)
			elif isinstance(node, ast.ClassDef) and any(
				getattr(b, "id", "").endswith("Enum") for b in node.bases
			):
				self.enums[node.name] = {
					t.id: _str(stmt.value)
					for stmt in node.body
					if isinstance(stmt, ast.Assign) and _str(stmt.value) is not None
					for t in stmt.targets
					if isinstance(t, ast.Name)
				}

	@classmethod
	def of(cls, dotted: str) -> PyModule | None:
		if dotted not in cls.registry:
			parts = dotted.split(".")
			path = ROOT.joinpath(*parts).with_suffix(".py")
			if not path.exists():
				path = ROOT.joinpath(*parts, "__init__.py")
			cls.registry[dotted] = cls(path) if parts[0] == APP.name and path.exists() else None
		return cls.registry[dotted]

	# -- where a name comes from

	def _scopes_of(self, node: ast.AST):
		while node in self.parents:
			node = self.parents[node]
			if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
				yield {n: [("element", g.iter)] for g in node.generators for n in _targets(g.target)}
			elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
				yield _bindings(node)

	def _binding(self, name: ast.Name) -> tuple[PyModule, list[tuple[str, ast.AST]]] | None:
		for scope in self._scopes_of(name):
			if name.id in scope:
				return self, scope[name.id]
		if name.id in self.module_bindings:
			return self, self.module_bindings[name.id]
		module, attr = self.imports.get(name.id, (None, None))
		other = PyModule.of(module) if module else None
		if other and attr in other.module_bindings:
			return other, other.module_bindings[attr]
		return None

	def _enum(self, name: str) -> dict[str, str] | None:
		if name in self.enums:
			return self.enums[name]
		module, attr = self.imports.get(name, (None, None))
		other = PyModule.of(module) if module else None
		return other.enums.get(attr) if other else None

	def _module_alias(self, name: str) -> PyModule | None:
		module, attr = self.imports.get(name, (None, None))
		return PyModule.of(f"{module}.{attr}") if module else None

	# -- what strings an expression can be

	def values(self, node: ast.AST, depth: int = 0) -> set[str] | None:
		"""Every string `node` can evaluate to, or None if that is not fixed in the source."""
		if depth > 8:
			return None
		if _str(node) is not None:
			return {_str(node)}
		if isinstance(node, ast.Name):
			found = self._binding(node)
			if not found:
				return None
			module, pairs = found
			return _union(
				module.values(n, depth + 1) if kind == "value" else module.elements(n, depth + 1)
				for kind, n in pairs
			)
		if isinstance(node, ast.Attribute):
			return self._attribute_values(node, depth)
		if isinstance(node, ast.Subscript):
			return self.elements(node.value, depth + 1, members=True)
		if isinstance(node, ast.BoolOp):
			return _union(self.values(v, depth + 1) for v in node.values)
		if isinstance(node, ast.IfExp):
			return _union([self.values(node.body, depth + 1), self.values(node.orelse, depth + 1)])
		return None

	def _attribute_values(self, node: ast.Attribute, depth: int) -> set[str] | None:
		inner = node.value
		if node.attr == "value" and isinstance(inner, ast.Attribute):
			node, inner = inner, inner.value
		if isinstance(inner, ast.Name):
			enum = self._enum(inner.id)
			if enum is not None and node.attr in enum:
				return {enum[node.attr]}
			other = self._module_alias(inner.id)
			if other and node.attr in other.module_bindings:
				return _union(other.values(n, depth + 1) for _kind, n in other.module_bindings[node.attr])
		return None

	def elements(self, node: ast.AST, depth: int = 0, members: bool = False) -> set[str] | None:
		"""The strings iterating `node` gives (members=True: the strings subscripting it gives)."""
		if depth > 8:
			return None
		if isinstance(node, ast.Tuple | ast.List | ast.Set):
			return _union(self.values(e, depth + 1) for e in node.elts)
		if isinstance(node, ast.Dict):
			return _union(self.values(e, depth + 1) for e in (node.values if members else node.keys))
		if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
			return self.values(node.elt, depth + 1)
		if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("sorted", "list", "tuple", "set"):
			return self.elements(node.args[0], depth + 1, members) if node.args else None
		if isinstance(node, ast.Name):
			enum = self._enum(node.id)
			if enum is not None:
				return set(enum.values())
			found = self._binding(node)
			if not found:
				return None
			module, pairs = found
			return (
				_union(module.elements(n, depth + 1, members) for kind, n in pairs if kind == "value")
				if all(kind == "value" for kind, _n in pairs)
				else None
			)
		if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
			other = self._module_alias(node.value.id)
			if other and node.attr in other.module_bindings:
				pairs = other.module_bindings[node.attr]
				return _union(other.elements(n, depth + 1, members) for _kind, n in pairs)
		return None

	# -- the calls

	def extract(self, out: Extraction) -> None:
		for node in ast.walk(self.tree):
			if isinstance(node, ast.Call) and _is_translate_call(node) and node.args:
				self._add_call(node, _where(self.path, node.lineno), out)
			elif isinstance(node, ast.Dict):
				self._add_select_options(node, out)

	def _add_select_options(self, node: ast.Dict, out: Extraction) -> None:
		"""Options of a Select field defined in code (custom fields): the form translates them."""
		entries = {_str(k): v for k, v in zip(node.keys, node.values, strict=True) if _str(k)}
		if _str(entries.get("fieldtype")) != "Select" or "options" not in entries:
			return
		options = entries["options"]
		if _str(options) is not None:
			values = set(_select_options(_str(options)))
		elif isinstance(options, ast.Call) and getattr(options.func, "attr", "") == "join" and options.args:
			values = self.elements(options.args[0])
		else:
			values = None
		where = _where(self.path, node.lineno)
		if values is None:
			out.dynamic.append(f"{where}: Select options {self.segment(options)}")
		for value in sorted(values or ()):
			out.add(value, None, where)

	def _add_call(self, node: ast.Call, where: str, out: Extraction) -> None:
		first = node.args[0]
		context_node = node.args[2] if len(node.args) > 2 else None
		for kw in node.keywords:
			if kw.arg == "context":
				context_node = kw.value
		contexts = {None} if context_node is None else self.values(context_node)
		if not contexts:
			out.problems.append(f"{where}: context is not a fixed string: {self.segment(node)}")
			contexts = {None}
		if isinstance(first, ast.JoinedStr):
			out.problems.append(f"{where}: f-string inside _(): {self.segment(first)}")
			return
		if isinstance(first, ast.BinOp | ast.Call) and _has_string(first):
			out.problems.append(f"{where}: string built inside _(): {self.segment(first)}")
			return
		texts = self.values(first)
		if texts is None:
			out.dynamic.append(f"{where}: _({self.segment(first)})")
			return
		for text in sorted(texts):
			for context in contexts:
				add_python_message(text, context, where, out)

	def segment(self, node: ast.AST) -> str:
		return ast.get_source_segment(self.source, node) or ast.dump(node)


def _union(parts) -> set[str] | None:
	result: set[str] = set()
	for part in parts:
		if part is None:
			return None
		result |= part
	return {p for p in result if p}


def _has_string(node: ast.AST) -> bool:
	return any(_str(n) or isinstance(n, ast.JoinedStr) for n in ast.walk(node))


def add_python_message(text: str, context: str | None, where: str, out: Extraction) -> None:
	key = python_key(text)
	if HTML_TAG.search(text):
		out.problems.append(
			f"{where}: HTML inside _(): Frappe looks it up without the tags, so a translation loses them: {text!r}"
		)
	elif key != text and key:
		out.problems.append(
			f"{where}: blanks around the text in _(): Frappe looks up {key!r}, so a translation loses them: {text!r}"
		)
	out.add(key, context, where)


def extract_python(path: Path, out: Extraction) -> None:
	dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts)
	module = PyModule.of(dotted.removesuffix(".__init__")) or PyModule(path)
	module.extract(out)


# ---------------------------------------------------------------- JS and templates


def _skip_string(text: str, i: int) -> int:
	"""Index just past the string literal that starts at text[i]."""
	quote = text[i]
	if text.startswith(quote * 3, i) and quote in "\"'":
		end = text.find(quote * 3, i + 3)
		return len(text) if end < 0 else end + 3
	i += 1
	while i < len(text) and text[i] != quote:
		i += 2 if text[i] == "\\" else 1
	return i + 1


def call_arguments(text: str, open_paren: int) -> tuple[list[str], int] | None:
	"""The top-level argument texts of the call whose "(" is at open_paren, and the index past ")"."""
	depth, start, args, i = 0, open_paren + 1, [], open_paren + 1
	while i < len(text):
		char = text[i]
		if char in "\"'`":
			i = _skip_string(text, i)
			continue
		if char in "([{":
			depth += 1
		elif char in ")]}":
			if depth == 0:
				args.append(text[start:i].strip())
				return [a for a in args if a], i + 1
			depth -= 1
		elif char == "," and depth == 0:
			args.append(text[start:i].strip())
			start = i + 1
		i += 1
	return None


_JS_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def js_string(arg: str) -> str | None:
	"""The value of a JS string literal ('', "" or `` without ${}), or None if arg is anything else."""
	if len(arg) < 2 or arg[0] not in "\"'`" or arg[-1] != arg[0] or _skip_string(arg, 0) != len(arg):
		return None
	body = arg[1:-1]
	if arg[0] == "`" and "${" in body:
		return None
	out, i = [], 0
	while i < len(body):
		char = body[i]
		if char != "\\":
			out.append(char)
			i += 1
			continue
		nxt = body[i + 1 : i + 2]
		if nxt == "u" and re.match(r"[0-9a-fA-F]{4}", body[i + 2 : i + 6]):
			out.append(chr(int(body[i + 2 : i + 6], 16)))
			i += 6
		elif nxt == "x" and re.match(r"[0-9a-fA-F]{2}", body[i + 2 : i + 4]):
			out.append(chr(int(body[i + 2 : i + 4], 16)))
			i += 4
		elif nxt == "\n":
			i += 2
		else:
			out.append(_JS_ESCAPES.get(nxt, nxt))
			i += 2
	return "".join(out)


def python_string(arg: str) -> str | None:
	"""The value of a Python/Jinja string literal, or None if arg is anything else."""
	try:
		node = ast.parse(arg.strip(), mode="eval").body
	except SyntaxError:
		return None
	return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _looks_built(arg: str) -> bool:
	"""A string literal takes part in the expression (an empty one, as in `x || ""`, does not)."""
	try:
		return _has_string(ast.parse(arg, mode="eval"))
	except SyntaxError:
		return any(q in re.sub(r"\"\"|''|``", "", arg) for q in "\"'`")


def extract_js_calls(text: str, path: Path, out: Extraction, offset_line: int = 0) -> None:
	for match in JS_CALL.finditer(text):
		parsed = call_arguments(text, match.end() - 1)
		where = _where(path, offset_line + _line_of(text, match.start()))
		if not parsed or not parsed[0]:
			continue
		args = parsed[0]
		message = js_string(args[0])
		if message is None:
			if _looks_built(args[0]):
				out.problems.append(f"{where}: string built inside __(): {args[0]}")
			else:
				out.dynamic.append(f"{where}: __({args[0]})")
			continue
		context = None
		if len(args) > 2:
			context = js_string(args[2])
			if context is None:
				out.problems.append(f"{where}: context is not a plain string: {args[2]}")
		out.add(message, context, where)


def extract_jinja_calls(text: str, path: Path, out: Extraction, offset_line: int = 0) -> None:
	for match in JINJA_CALL.finditer(text):
		parsed = call_arguments(text, match.end() - 1)
		where = _where(path, offset_line + _line_of(text, match.start()))
		if not parsed or not parsed[0]:
			continue
		args = parsed[0]
		message = python_string(args[0])
		if message is None:
			if _looks_built(args[0]):
				out.problems.append(f"{where}: string built inside _(): {args[0]}")
			else:
				out.dynamic.append(f"{where}: _({args[0]})")
			continue
		context = None
		context_arg = next((a for a in args[1:] if re.match(r"context\s*=", a)), None)
		if context_arg is None and len(args) > 2:
			context_arg = args[2]
		if context_arg is not None:
			context = python_string(context_arg.split("=", 1)[1] if "=" in context_arg else context_arg)
			if context is None:
				out.problems.append(f"{where}: context is not a plain string: {context_arg}")
		add_python_message(message, context, where, out)


SELECT_OPTIONS = re.compile(r"(?<![\w$])options\s*:\s*\[")


def extract_js_select_options(text: str, path: Path, out: Extraction) -> None:
	"""`options: ["A", "B"]` of a Select in report filters and dialogs: Frappe's Select control translates them."""
	for match in SELECT_OPTIONS.finditer(text):
		parsed = call_arguments(text, match.end() - 1)
		values = [js_string(a) for a in parsed[0]] if parsed else []
		if values and None not in values:
			for value in values:
				out.add(value, None, _where(path, _line_of(text, match.start())))


def extract_template(path: Path, out: Extraction) -> None:
	text = path.read_text(encoding="utf-8")
	extract_jinja_calls(text, path, out)
	extract_js_calls(text, path, out)


# ---------------------------------------------------------------- JSON


def _select_options(options: str) -> list[str]:
	values = [o for o in options.split("\n") if o and not o.isdigit()]
	return [] if values and "icon" in values[0] else values


def _doctype_messages(data: dict, where: str, out: Extraction, roles: set[str]) -> None:
	out.add(data["name"], None, where)
	out.add(data.get("description") or "", None, where)
	for df in data.get("fields", []):
		out.add(df.get("label") or "", None, where)
		out.add(df.get("description") or "", None, where)
		options = df.get("options") or ""
		if df.get("fieldtype") == "Select" and df.get("fieldname") not in SELECT_OPTIONS_NOT_SHOWN:
			for option in _select_options(options):
				out.add(option, None, where)
		elif df.get("fieldtype") == "HTML":
			out.add(options, None, where)
	for link in data.get("links", []):
		out.add(link.get("group") or "", None, where)
	for perm in data.get("permissions", []):
		if perm.get("role") in roles:
			out.add(perm["role"], None, where)


def _workspace_messages(data: dict, where: str, out: Extraction) -> None:
	out.add(data.get("label") or "", None, where)
	out.add(data.get("title") or "", None, where)
	for key in ("charts", "number_cards", "links", "shortcuts", "quick_lists", "custom_blocks"):
		for row in data.get(key, []):
			out.add(row.get("label") or "", None, where)
			out.add(row.get("description") or "", None, where)
			out.add(row.get("format") or "", None, where)
	for block in json.loads(data.get("content") or "[]"):
		text = (block.get("data") or {}).get("text") or ""
		if block.get("type") == "header":
			# header.js translates the inner text, escaped again (frappe.utils.escape_html)
			inner = html.unescape(HTML_TAG.sub("", text)).strip()
			out.add(js_escape_html(inner), None, where)
		elif block.get("type") == "paragraph":
			out.add(text, None, where)


JS_HTML_ESCAPES = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
	"'": "&#39;",
	"`": "&#x60;",
	"=": "&#x3D;",
}


def js_escape_html(text: str) -> str:
	"""frappe.utils.escape_html of the desk's JS."""
	return "".join(JS_HTML_ESCAPES.get(c, c) for c in text)


def _report_messages(data: dict, where: str, out: Extraction) -> None:
	out.add(data.get("report_name") or data.get("name") or "", None, where)
	for column in data.get("columns", []):
		out.add(column.get("label") or "", None, where)
	for flt in data.get("filters", []):
		out.add(flt.get("label") or "", None, where)


def extract_json(path: Path, out: Extraction, roles: set[str]) -> None:
	data = json.loads(path.read_text(encoding="utf-8"))
	if not isinstance(data, dict):
		return
	where = _where(path)
	kind = data.get("doctype")
	if kind == "DocType":
		_doctype_messages(data, where, out, roles)
	elif kind == "Workspace":
		_workspace_messages(data, where, out)
	elif kind == "Report":
		_report_messages(data, where, out)
	elif kind == "Number Card":
		out.add(data.get("label") or "", None, where)
	elif kind == "Dashboard Chart":
		out.add(data.get("chart_name") or "", None, where)
	elif kind == "Print Format":
		out.add(data.get("name") or "", None, where)
		if data.get("html"):
			extract_jinja_calls(data["html"], path, out)


def app_roles() -> set[str]:
	path = APP / "fixtures" / "role.json"
	return {row["name"] for row in json.loads(path.read_text(encoding="utf-8"))} if path.exists() else set()


# ---------------------------------------------------------------- the whole app


def _app_files(suffix: str) -> list[Path]:
	return sorted(
		p
		for p in APP.rglob(f"*{suffix}")
		if "__pycache__" not in p.parts and "node_modules" not in p.parts and "dist" not in p.parts
	)


def extract() -> Extraction:
	PyModule.registry.clear()  # read the files as they are now
	out = Extraction()
	roles = app_roles()
	for path in _app_files(".py"):
		extract_python(path, out)
	for path in _app_files(".js") + _app_files(".vue"):
		text = path.read_text(encoding="utf-8")
		extract_js_calls(text, path, out)
		extract_js_select_options(text, path, out)
	for path in _app_files(".html"):
		extract_template(path, out)
	for path in _app_files(".json"):
		extract_json(path, out, roles)
	for role in sorted(roles):
		out.add(role, None, "b2b_helpdesk/fixtures/role.json")
	modules = APP / "modules.txt"
	for module in modules.read_text(encoding="utf-8").splitlines():
		out.add(module.strip(), None, "b2b_helpdesk/modules.txt")
	for dotted in RUNTIME_ENUMS:
		module, name = dotted.rsplit(".", 1)
		for value in PyModule.of(module).enums[name].values():
			out.add(value, None, f"runtime: {dotted}")
	for group, (context, values) in RUNTIME_MESSAGES.items():
		for value in values:
			out.add(value, context, f"runtime: {group}")
	return out


# ---------------------------------------------------------------- the CSVs


def csv_path(lang: str) -> Path:
	return TRANSLATIONS / f"{lang}.csv"


def read_rows(lang: str) -> list[list[str]]:
	path = csv_path(lang)
	if not path.exists():
		return []
	with path.open(encoding="utf-8", newline="") as f:
		return [row for row in csv.reader(f) if row]


def catalog(lang: str) -> dict[str, str]:
	"""The dict Frappe builds from the CSV: `source:context` or `source` -> stripped translation."""
	result = {}
	for row in read_rows(lang):
		if len(row) == 3 and row[2]:
			result[f"{row[0]}:{row[2]}"] = row[1].strip()
		elif len(row) in (2, 3):
			result[row[0]] = row[1].strip()
	return result


def translate(message: Message, table: dict[str, str]) -> str:
	if message.context and table.get(f"{message.text}:{message.context}"):
		return table[f"{message.text}:{message.context}"]
	return table.get(message.text, "")


def missing(lang: str, extraction: Extraction | None = None) -> list[Message]:
	extraction = extraction or extract()
	table = catalog(lang)
	return sorted(
		(m for m in extraction.messages if not translate(m, table)), key=lambda m: (m.text, m.context or "")
	)


def _placeholders(text: str) -> Counter:
	return Counter(m.group(0).replace(" ", "") for m in PLACEHOLDER.finditer(text))


def _tags(text: str) -> Counter:
	return Counter(t.lower() for t in TAG_NAME.findall(text))


def bad_rows(lang: str, rows: list[list[str]] | None = None) -> list[str]:
	"""Rows Frappe would not read, or whose placeholders or HTML tags differ from the source."""
	problems, seen = [], set()
	for number, row in enumerate(read_rows(lang) if rows is None else rows, 1):
		where = f"{lang}.csv row {number}"
		if len(row) not in (2, 3):
			problems.append(f"{where}: {len(row)} fields: {row!r}")
			continue
		source, translation = row[0], row[1]
		key = (source, row[2] if len(row) == 3 else "")
		if key in seen:
			problems.append(f"{where}: {source!r} appears twice")
		seen.add(key)
		if not translation.strip():
			problems.append(f"{where}: empty translation of {source!r}")
		elif _placeholders(source) != _placeholders(translation):
			problems.append(f"{where}: placeholders differ: {source!r} -> {translation!r}")
		elif _tags(source) != _tags(translation):
			problems.append(f"{where}: HTML tags differ: {source!r} -> {translation!r}")
	return problems
