"""Arguments of whitelisted methods that arrive as JSON text over HTTP."""

import json

import frappe
from frappe import _


def json_argument(value, name: str, kind: type):
	"""`value` as a `kind` (list or dict), parsing JSON text; anything else is a clear refusal."""
	if isinstance(value, str):
		try:
			value = json.loads(value) if value.strip() else kind()
		except ValueError:
			frappe.throw(
				_("{0} must be JSON: {1}").format(name, _(kind.__name__)), title=_("Invalid Argument")
			)
	if value is None:
		return kind()
	if not isinstance(value, kind):
		frappe.throw(_("{0} must be JSON: {1}").format(name, _(kind.__name__)), title=_("Invalid Argument"))
	return value
